"""The model every stage shares: the facts contract, vocabulary, documents, errors and the readers of
numbers, dates and past-due buckets as filers print them."""
