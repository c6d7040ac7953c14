"""An allowance on debt securities (held-to-maturity, available-for-sale): not a loan book.

A lender or bank may roll forward the allowance for credit losses on its securities ("A summary
of the changes in the allowance for credit losses for our securities held-to-maturity": its
certificates and bonds by column, "Beginning balance | Provision | Ending balance"). The lines
are a loan allowance's, but the figures are the securities'; read as the loans' they would be
the whole portfolio's allowance. A table whose caption (or, without one, the page's title) names
debt securities and no loans is left out; one that names both ("the allowance for credit losses
on loans and held-to-maturity securities") is the loans' table with the securities beside it.
"""

from __future__ import annotations

import re

from dashboard.model.schema import GUARANTEE

_SECURITIES = re.compile(
    r"\bheld[\s-]+to[\s-]+maturity\b|\bavailable[\s-]+for[\s-]+sale\b|\b(?:debt|investment)\s+securities\b"
    r"|\b(?:HTM|AFS)\s+(?:debt\s+)?securities\b"
    # IFRS 9 names the securities by how they are measured, not by the US categories: "Details of
    # securities at amortized cost", "securities measured at fair value through other
    # comprehensive income" (a Korean bank's allowance on its bonds rolled forward by stage)
    r"|\bsecurities\s+(?:(?:measured|carried)\s+)?at\s+(?:amorti[sz]ed\s+cost|fair\s+value\s+through\s+other"
    r"\s+comprehensive\s+income|FVOCI)\b", re.I)
# a loan book named beside them ("Federal Home Loan Bank" stock is a security, no loan)
_LOANS = re.compile(r"\bloans?\b(?!\s+bank)|\blend(?:ing|ers?)?\b|\breceivables?\b|\bleases?\b"
                    r"|\bcredit\s+cards?\b", re.I)


def securities_table(caption: str, title: str, topic: str) -> str | None:
    """Why a table is left out when what announces it names debt securities and no loans; None
    otherwise (a guarantee table is read whatever it secures)."""
    text = caption or title
    if topic == GUARANTEE or not _SECURITIES.search(text) or _LOANS.search(text):
        return None
    return ("its caption names debt securities and no loans: an allowance or figures of "
            "securities, not of a loan book, and were not read")
