"""A table's total that another table of the same page lists as one of its parts.

A lender may print its receivables three times, each table one level down: "Finance receivables
116,028" among fees and accrued interest adding up to "Receivables, before allowance 129,281";
then "Loan receivables 69,571" beside "Instacash receivables 46,457" adding up to the finance
receivables; then the loan receivables by kind, closed by "Loan receivables $ 69,571". Read alone,
the last table's total looks like the whole book. The page proves it is not: the same figures, at
every date, are one line of another table, among lines that add up to a larger total. That total
is then a part of the book, named by its own label, never the whole portfolio's.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.loan_composition import foots_rows_above
from dashboard.extract.table import Block, Row, same_amount, table_of
from dashboard.model.schema import TOTAL_LOANS, Fact


def _figures(row: Row) -> list[float]:
    return [v.value for v in row.values if v is not None]


def _same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(same_amount(x, y) for x, y in zip(a, b, strict=True))


def _subtotal(block: Block, rows: list[list[float]], i: int) -> bool:
    """Whether line `i` adds up lines above it (a run just above, every line above, or their
    groups' subtotals): a total of its own table, never one of its classes."""
    return _sums_lines_above(rows, i) or foots_rows_above(block.rows, i)


def _part_of_a_sum(block: Block, figures: list[float]) -> tuple[int, str] | None:
    """(the line, the label of the total in `block`) that a line printing `figures` is a part
    of: a later line whose figures are, column by column, the sum of a run of lines holding
    that line and larger than it. None when no line prints those figures or no such total
    proves it a part."""
    rows = [_figures(r) for r in block.rows]
    for i, mine in enumerate(rows):
        if not _same(mine, figures) or _subtotal(block, rows, i):
            continue
        for j in range(i + 1, len(rows)):
            total = rows[j]
            if len(total) != len(mine) or not all(t > m for t, m in zip(total, mine, strict=True)):
                continue
            for k in range(i, -1, -1):  # a run of lines ending just above the total, holding i
                run = rows[k:j]
                if any(len(r) != len(mine) for r in run):
                    break
                sums = [sum(col) for col in zip(*run, strict=True)]
                if len(run) >= 2 and _same(sums, total):
                    return i, block.rows[j].label
    return None


def _sums_lines_above(rows: list[list[float]], i: int) -> bool:
    """Whether line `i` is the sum of a run of two or more lines just above it: a subtotal
    (the unpaid principal before deferred costs), the book itself, never one of its classes."""
    for k in range(i - 2, -1, -1):
        run = rows[k:i]
        if any(len(r) != len(rows[i]) for r in run):
            return False
        if _same([sum(col) for col in zip(*run, strict=True)], rows[i]):
            return True
    return False


def totals_listed_as_parts(facts: list[Fact], blocks: list[Block]) -> tuple[list[Fact], list[str]]:
    """Give each whole-portfolio total loans whose figures a table of the page (another, or its
    own) lists as a line among lines adding up to a larger total the segment its own label
    names. Returns the facts and a note per table changed."""
    by_table = {table_of(b.locator): b for b in blocks}
    notes: list[str] = []
    out: list[Fact] = []
    seen: dict[tuple[str, str], str | None] = {}  # (table, label): the note
    for f in facts:
        if f.metric != TOTAL_LOANS or f.segment or f.period_end is None:
            out.append(f)
            continue
        table = table_of(f.locator)
        key = (table, f.label)
        if key not in seen:
            seen[key] = _listed_as_part(table, f.label, by_table)
            if seen[key]:
                notes.append(f"{table}: '{f.label}' is {seen[key]}: a part of the book, not the whole")
        note = seen[key]
        out.append(f if note is None else replace(
            f, segment=f.label.strip(), note=f"{f.note}; {note}" if f.note else note))
    return out, notes



def _listed_as_part(table: str, label: str, by_table: dict[str, Block]) -> str | None:
    """Why the line `label` of `table` is a part of the book (the table and total that list
    it), or None: its own table does not prove it (no lines above add up to it), it is the
    only line of that label there, and a table of the page prints the same figures as a line
    among lines adding up to a larger total (on a page of one date, that line named alike)."""
    own = by_table.get(table)
    at = [i for i, r in enumerate(own.rows) if r.label == label] if own is not None else []
    if len(at) != 1:
        return None
    figures = _figures(own.rows[at[0]])
    if not figures or _subtotal(own, [_figures(r) for r in own.rows], at[0]):
        return None
    for name, other in by_table.items():
        found = _part_of_a_sum(other, figures)
        if found is None:
            continue
        i, whole = found
        if len(figures) >= 2 or other.rows[i].label.strip().lower() == label.strip().lower():
            return f"one of the lines of {name} that add up to '{whole}'"
    return None
