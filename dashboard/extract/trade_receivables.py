"""A note on a company's accounts (trade) receivable: not a loan book.

A service or goods company's "ACCOUNTS RECEIVABLE, NET" note may roll its allowance for credit
losses forward ("Balance at beginning of the year | Provision for expected credit losses |
Write-offs …") and net its receivables of it: the figures of its customers' unpaid invoices, not
of loans it made. The page's title names the trade receivables and nothing on the page names a
loan book; a lender's receivables ("loans receivable", "finance receivables", "financing
receivables", a credit card or lease book, a mortgage) keep their figures wherever they sit.
"""

from __future__ import annotations

import re

# a Schedule II of "Valuation and qualifying accounts" (Regulation S-X 12-09, filed by commercial
# and industrial companies) rolls forward reserves against assets: doubtful accounts, inventory,
# deferred tax assets; a lender's loan allowance there is named by lending words, which keep it
_TRADE_TITLE = re.compile(r"\b(?:accounts|trade)\s+(?:and\s+notes\s+)?receivables?\b"
                          r"|\bvaluation\s+and\s+qualifying\s+accounts\b", re.I)
LENDING_WORDS = _LENDING = re.compile(
    r"\bloans?\b|\blend(?:ing|er|s)?\b|\bfinanc(?:e|ing)\s+(?:lease\s+)?receivables?\b|\bmortgages?\b"
    r"|\bcredit\s+cards?\b|\blease\s+receivables?\b|\bnet\s+investment\s+in\s+leases?\b"
    r"|\binstall?ment\s+(?:sale\s+)?receivables?\b|\bnotes?\s+receivables?\b", re.I)

_NOTE = ("a note on accounts (trade) receivable or a schedule of valuation accounts, which names no "
         "loan book: its allowance is for customers' invoices or other assets, not loans, and was not read")


# "Trade Receivables" heading a table, "trade accounts receivable" in a schedule's caption: a
# (Tables) page is titled by its first schedule ("Schedule of expected credit loss rates"), which
# may not name the receivables its tables age and roll forward
_TRADE_WORDS = re.compile(r"\btrade\s+(?:(?:notes\s+and\s+)?accounts\s+)?receivables?\b", re.I)


def not_a_loan_book(title: str, text: str) -> str | None:
    """Why the page is left out when its title names accounts (trade) receivable or a schedule
    of valuation accounts, or its text trade receivables, and no word of it names loans or a
    lender's receivables; None otherwise."""
    named = _TRADE_TITLE.search(title) or _TRADE_WORDS.search(text)
    return _NOTE if named and not _LENDING.search(text) else None
