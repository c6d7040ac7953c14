"""A heading printed between a table's header and its first rows, and how far down it reaches.

A class or portion heading over the first rows ("Real estate—mortgage", "Current portion:") heads
them until the next heading, or until a row that totals them: the lines under that total (the
allowance deducted, the net loans) are the whole's, never the group's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.table import Row
from dashboard.model import table_words, vocab

# a balance sheet's classification of a book ("Current portion:", "Non-current portion:"), never
# the aging bucket "Current"
PORTION = re.compile(
    r"^\s*(?:non[\s-]*current|long[\s-]*term|short[\s-]*term|current)\s+portions?\b[^:]*:?\s*$", re.I)


# footnote markers glued to a label's end: "Commercial finance receivables(a)(b)"
_MARKERS = re.compile(r"(?:\s*\((?:[a-h]|\d{1,2})\))+$")


def _name(text: str) -> str:
    return _MARKERS.sub("", vocab.clean_label(text)).strip().lower()


def names_its_first_row(lead: str, rows: list[Row]) -> bool:
    """The header's last fragment is the first row's label, as a later group's heading is the
    label of the first row under it: the first group's heading, never a column's name."""
    if not rows or rows[0].context or _name(lead) != _name(rows[0].label):
        return False
    return any(r.context and _name(r.context[-1]) == _name(r.label) and (k == 0 or rows[k - 1].context != r.context)
               for k, r in enumerate(rows))


def lead_to_first_rows(lead: str, rows: list[Row], trimmed: list[str]) -> list[str]:
    for k, r in enumerate(rows):
        if r.context:
            break
        r.context = [lead]
        if _totals_rows_above(rows, k):
            # the lines under the total of the heading's rows (the allowance deducted, the net
            # loans) are the whole's, never the group's
            break
    return trimmed


def _totals_rows_above(rows: list[Row], k: int) -> bool:
    """Whether row `k` closes the rows from the table's first: a "Total" line that is their
    column sums, or a line printed with its own figures and then those sums (an unlabelled
    total glued to the last class)."""
    row = rows[k]
    n = len(rows[0].values)
    if n < 1 or k < 1 or any(len(r.values) != n or None in r.values for r in rows[:k]):
        return False
    if len(row.values) == 2 * n:
        parts, total = [*rows[:k], replace(row, values=row.values[:n])], row.values[n:]
    elif len(row.values) == n and table_words.WHOLE_ROW.match(vocab.clean_label(row.label)):
        parts, total = rows[:k], row.values
    else:
        return False
    if None in total:
        return False
    return all(abs(sum(p.values[j].value for p in parts) - total[j].value) <= 1.0 + 1e-9  # type: ignore[union-attr]
               for j in range(n))
