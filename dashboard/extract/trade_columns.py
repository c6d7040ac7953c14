"""An allowance rolled forward for a company's trade receivables beside its other receivables.

A service or goods company that also finances what its customers buy may roll one allowance
forward by receivable, "Trade Receivables | Financed Receivables | Total Receivables": its
customers' unpaid invoices beside the contracts it financed, and the two together. The page is
kept (it names financing receivables), but no column of that table is a lender's loan book: the
total holds the invoices, and read as printed it would be charted as the whole book's allowance.
Each column is read as a population of its own instead, named after the receivables together.
A lender's table (its header naming loans, finance or financing receivables, leases) is left
as it is: there the trade receivables are the population beside the book.
"""

from __future__ import annotations

import re

from dashboard.extract.trade_receivables import LENDING_WORDS

_TRADE_COLUMN = re.compile(r"\btrade\s+(?:accounts\s+)?receivables?\b", re.I)
# the population the columns are read under: none of them is the loan book's whole
TRADE_AND_OTHER = "trade and other receivables"


def trade_receivable_columns(header: list[str], n: int) -> list[str] | None:
    """Per column, the population of an allowance table whose header names trade receivables
    and no lender's book (a header broken over lines is read as one text); None otherwise."""
    text = " ".join(h.strip() for h in header)
    if n < 2 or not _TRADE_COLUMN.search(text) or LENDING_WORDS.search(text):
        return None
    return [TRADE_AND_OTHER] * n
