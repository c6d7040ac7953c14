"""Loan-composition tables ("Commercial … Consumer … Total loans", amounts beside shares of the
total): the classes add up to the whole book's loans, the denominator of every credit ratio.

The whole is proven by footing: the row named as the total loans is, in every amount column,
the sum of the rows above it (or of those above it that are no subtotal of their own).
"""

from __future__ import annotations

import re

from dashboard.extract.table import Row
from dashboard.model import vocab
from dashboard.model.numbers import Number
from dashboard.model.schema import DELINQUENCY, OTHER

_LOANS = re.compile(r"\b(?:loans?|receivables?)\b", re.I)
_SUBTOTAL = re.compile(r"^\s*total\b", re.I)


def _amounts(row: Row) -> list[Number]:
    """A row's amounts, without the shares printed beside them ("30.1" / "%")."""
    return [v for v in row.values if v is not None and not v.percent
            and not (v.decimals >= 1 and abs(v.value) <= 100)]


def _foots(above: list[Row], total: list[Number]) -> bool:
    if len(above) < 3 or any(len(_amounts(r)) < len(total) for r in above):
        return False
    # a row that holds its group's unlabelled subtotal after its own amounts counts by its own
    # (the first) ones
    return all(abs(sum(_amounts(r)[j].value for r in above) - t.value) <= 0.5 * len(above)
               for j, t in enumerate(total))


def foots_rows_above(rows: list[Row], k: int) -> bool:
    """Row k's amounts are the sums of every row above it with figures, or of those that are no
    "Total …" line of their own (a group's subtotal printed among its classes)."""
    total = _amounts(rows[k])
    if not total:
        return False
    above = [r for r in rows[:k] if r.values]
    leaves = [r for r in above if not _SUBTOTAL.match(r.label)]
    return _foots(above, total) or (len(leaves) < len(above) and _foots(leaves, total))


def whole_loans_row(rows: list[Row], k: int) -> bool:
    """Row k is named as the whole book's loans ("Total loans", "Total gross loans") and foots."""
    label = vocab.clean_label(rows[k].label)
    return bool(vocab.WHOLE_ROW.match(label)) and bool(_LOANS.search(label)) and foots_rows_above(rows, k)


def composition_topic(rows: list[Row], topic: str) -> str:
    """A table that names no credit topic but whose "Total loans" row foots its classes: the
    loans' composition, read as the delinquency disclosure's total loans."""
    if topic != OTHER:
        return topic
    return DELINQUENCY if any(whole_loans_row(rows, k) for k in range(len(rows))) else topic


def foots_every_group(rows: list[Row], row: Row) -> bool:
    """A total row printed under the last group's heading ("Consumer:" … "Total gross loans")
    whose amounts foot the rows above it across two or more groups: the whole table's total,
    not the last group's."""
    k = next((i for i, r in enumerate(rows) if r is row), None)
    if k is None:
        k = next((i for i, r in enumerate(rows) if r.locator == row.locator and r.label == row.label), None)
    if k is None:
        return False
    return len({tuple(r.context) for r in rows[:k] if r.values}) >= 2 and foots_rows_above(rows, k)


def below_whole_total(rows: list[Row]) -> set[int]:
    """The lines printed under the whole table's total and under the same heading ("Consumer:"
    … "Total gross loans", then "Undisbursed portion …", "Allowance for loan losses", "Loans,
    net"): the deductions from the whole's loans and its net, never lines of the last group.
    {id(row)}."""
    out: set[int] = set()
    for k, total in enumerate(rows):
        if not total.context or not vocab.WHOLE_ROW.match(vocab.clean_label(total.label)) \
                or not foots_every_group(rows, total):
            continue
        for r in rows[k + 1:]:
            if r.context != total.context:
                break
            out.add(id(r))
    return out
