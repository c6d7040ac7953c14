"""The whole-portfolio column of a table of sub-population columns, found by its arithmetic when
the header cannot be read one name a column.

A header printed over two rows ("Commercial Real Estate | Other Commercial | … | Total" over
"Owner-occupied | Nonowner-occupied", the second row's names under the first column only)
reaches a text rendering as one stream of names, top row first: reading the last `n` names as
the `n` columns puts "Total" over a class and a class over the total. The figures keep the
layout: in every row the total column is the sum of all the others. When the figures prove one
such column and the header puts its whole column elsewhere (or cannot name the columns one a
column at all), that column is the whole portfolio and the others are left out, as no name can
be trusted to be theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dashboard.extract.footing import row_foots
from dashboard.model import table_words, units, vocab
from dashboard.model.numbers import Number


def sum_column(rows: Sequence[Sequence[Number | None]], n: int) -> int | None:
    """The one column that is the sum of all the others in every full row, proven by a row
    where it and at least two of the others hold figures; None when no column or several are."""
    full = [r for r in rows if len(r) == n]
    if n < 3 or not full:
        return None
    found = []
    for t in range(n):
        parts = [i for i in range(n) if i != t]
        if all(row_foots(r, parts, t) for r in full) and any(
                r[t] is not None and r[t].value and sum(1 for i in parts if r[i] is not None and r[i].value) >= 2
                for r in full):
            found.append(t)
    return found[0] if len(found) == 1 else None


def total_of_short_row(values: Sequence[Number | None]) -> Number | None:
    """The last figure of a row printing three or more figures with blank cells left out, when
    it is the sum of the others and not nil: with the last column the proven total, that
    column's figure (printed last, as a total always is), whichever columns the parts sit in.
    A nil sum could be any blank part's, so it proves nothing."""
    if len(values) < 3 or None in values or not values[-1].value:  # type: ignore[union-attr]
        return None
    return values[-1] if row_foots(values, range(len(values) - 1), len(values) - 1) else None


def whole_by_arithmetic(named: list[str], readable: bool,
                        rows: Sequence[Sequence[Number | None]], n: int) -> list[bool] | None:
    """Per column, whether to keep it (the proven total, as the whole portfolio) when the header's
    names (`named`, '' for a whole column; `readable`: one name a column) disagree with the
    figures; None when they agree or the figures prove nothing."""
    t = sum_column(rows, n)
    if t is None:
        return None
    wholes = [j for j, sg in enumerate(named) if not sg]
    if wholes == [t] or (readable and not wholes):
        return None  # the header agrees, or names every column a class (the sum may be one)
    return [j == t for j in range(n)]


def whole_disproven(named: Sequence[str], rows: Sequence[Sequence[Number | None]], n: int) -> bool:
    """The header puts its one whole column ('' in `named`) before a class column (a row cut
    off short of the header's columns, or names shifted: "… | Home Equity | Automobile | Other
    Consumer | Total" read as the last names over six figures), and the figures deny it: no
    column is the sum of the others, and in a full row the would-be total, after two or more
    other figures, is not the sum of the columns before it (a column printed after a total,
    "% of total", leaves that sum standing). Read as the whole, a class's figure would be taken
    for the portfolio's; the columns are then only numbered."""
    wholes = [j for j, sg in enumerate(named) if not sg]
    if len(wholes) != 1 or wholes[0] >= n - 1 or not named[-1] or sum_column(rows, n) is not None:
        return False
    t = wholes[0]
    parts = list(range(t))
    return any(r[t] is not None and r[t].value and sum(1 for i in parts if r[i] is not None and r[i].value) >= 2
               and not row_foots(r, parts, t) for r in rows if len(r) == n)


def lone_figures_under_names(header: Sequence[str], rows: Sequence[Sequence[Number | None]]) -> bool:
    """Rows of one figure each under a header that names several columns and their total
    ("Commercial | … | Consumer | Total" over "beginning of period | $ 217", a page cut off
    after its first row's first cell): which column the figures sit in is unknown, and read as
    a one-column table they would be taken for the whole portfolio."""
    if any(len(r) > 1 for r in rows):
        return False
    names = [f for f in header if len(f.split()) <= 6 and not re.search(r"\d|:\s*$", f)
             and not units.scale_statements(f)]
    return len(names) >= 3 and any(table_words.WHOLE_COLUMN.match(vocab.clean_label(f).rstrip("*")) for f in names)
