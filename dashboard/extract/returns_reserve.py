"""A reserve for doubtful accounts and returns: a seller's allowance, not a loan book's.

A retailer or manufacturer may roll forward one allowance against its receivables for both the
payments it will not collect and the goods its customers will send back ("Beginning allowance
for doubtful accounts | Estimated uncollectible payments and returns | Accounts written off, net
of recoveries | Ending allowance …"). Its lines look like a loan allowance's, but the charge is
partly a reduction of revenue (returns), and the receivables it sits against are the seller's
(trade, franchisee, installment sales) together: no figure of it is a lender's credit-loss
allowance, nor its write-offs a loan book's. A table one of whose lines names returns beside
uncollectible or doubtful amounts, or a reserve for sales (merchandise, product) returns, is left
out; an allowance that names only credit or loan losses is read wherever it sits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "uncollectible payments and returns", "doubtful accounts and returns", "bad debts and returns",
# "returns and doubtful accounts"; "sales returns", "merchandise returns"; "allowance for returns"
_RETURNS = re.compile(
    r"\b(?:uncollectib\w*|doubtful|bad\s+debts?)\b[^.;]*\breturns\b"
    r"|\breturns\b[^.;]*\b(?:uncollectib\w*|doubtful|bad\s+debts?)\b"
    r"|\b(?:sales|merchandise|product)\s+returns\b|\ballowances?\s+for\s+(?:sales\s+)?returns\b", re.I)


def returns_reserve(labels: Iterable[str]) -> str | None:
    """Why a table is left out when one of its lines provides for returns as well as (or
    instead of) uncollectible amounts; None otherwise."""
    if not any(_RETURNS.search(label) for label in labels):
        return None
    return ("a line of it provides for customers' returns beside uncollectible amounts: a seller's "
            "allowance for doubtful accounts and returns, not a loan book's, and was not read")
