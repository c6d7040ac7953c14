"""The maximum-exposure column of a bank's guarantee table, found by its heading or its sum.

Banks print guarantees as a grid: rows are guarantee types ("Standby letters of credit",
"Written put options", a "Total"), columns are measures of them. Two layouts are common:

- one measure a column, all at the date in the header: "Maximum Potential Undiscounted Future
  Payments | Liability Recorded";
- the maximum split by when it expires, then its total, then other measures: "Expire within
  1 year | Expire after 1 year | Total amount outstanding | Carrying value" under a heading
  "Maximum potential amount of future payments" (or "Maximum exposure to loss").

- the amounts committed under the guarantees, then the same split by when they expire: "Total
  Amounts Committed | Less Than 1 Year | 1 to 3 Years | Over 3 Years" over rows that end in
  "Total guarantees" (a non-financial filer's table): each guarantee's face amount, the most the
  guarantor can be made to pay, is its maximum potential amount of future payments.

- the dates over the measures, printed again under each: "March 31, 2015 | December 31, 2014"
  over "Maximum Exposure | Guaranty Obligation | Maximum Recovery" twice; only the column named
  the maximum is one (what the filer carries, or could recover from others, is not).

In the second and third the total column is the one the figures prove: in every row it is the
sum of the run of columns before it (or after it). Either way the table is read as one column of maximum exposure per
guarantee type, where the row that is the sum of the others is the whole book's (the measured
columns of `structure.guarantee_measures`); rows that print fewer figures than columns (blank
maturity cells left out of a rendering) are placed by that same sum, or left out. The other
columns (carrying value, liability, rating splits) are not a maximum and are not read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from itertools import combinations

from dashboard.extract.footing import row_foots
from dashboard.extract.table import Block, ColumnInfo, Row
from dashboard.model import units, vocab
from dashboard.model.dates import MONTH_DAY, bare_year, find_dates, month_number
from dashboard.model.numbers import Number
from dashboard.model.schema import GUARANTEE, MAX_EXPOSURE
from dashboard.model.table_words import (
    GUARANTEE_TYPE,
    LENDING_COMMITMENT,
    NOT_GUARANTEE,
    OBTAINED,
    STANDBY,
)

_MAXIMUM = re.compile(r"\bmaximum\b", re.I)
# ("Commitments and Contingent Liabilities", the note's title printed over its table, names no
# measure)
_OTHER_MEASURE = re.compile(r"(?<!contingent )\bliabilit(?:y|ies)\b|\bcarrying\s+(?:amount|value)\b|\bexcept\b", re.I)
# a measure beside the maximum that is not one: what the filer carries for the guarantee (its
# obligation or liability) or could recover from others ("Maximum Recovery" is no exposure)
_RECOVERY = re.compile(r"\brecover(?:y|ies|able)\b", re.I)
_NOT_MAXIMUM = re.compile(r"\bliabilit(?:y|ies)\b|\bcarrying\s+(?:amount|value)\b|\bobligations?\b"
                          r"|\brecover(?:y|ies|able)\b|\bfair\s+value\b", re.I)

Measures = list[tuple[str, int | None]]


def _scale_of_maximum(header: list[str], at: int) -> int | None:
    """The scale stated for the maximum: the first statement from its heading on that is not
    another measure's ("In billions of dollars …" before "except carrying value in millions")."""
    for f in header[at:]:
        stated = units.scale_statements(f)
        if stated and not _OTHER_MEASURE.search(f):
            return stated.get("*") or next(iter(stated.values()))
    return None


def _total_of_run(full: list[list[Number | None]], n: int) -> tuple[int, list[int]] | None:
    """The column that is, in every complete row, the sum of the run of two or more columns
    just before it, or else just after it ("Total | Less than 1 year | 1 to 3 years | …"), and
    not only of nil cells: (column, run)."""
    def proven(t: int, run: list[int]) -> bool:
        return all(row_foots(v, run, t) for v in full) and any(
            v[t] is not None and v[t].value and sum(1 for i in run if v[i] is not None and v[i].value) >= 2
            for v in full)
    for t in range(2, n):
        for k in range(t, 1, -1):
            if proven(t, run := list(range(t - k, t))):
                return t, run
    for t in range(n - 2):
        for k in range(n - 1 - t, 1, -1):
            if proven(t, run := list(range(t + 1, t + 1 + k))):
                return t, run
    return None


def _guarantees_alone(rows: list[Row]) -> bool:
    """The table's last row is the total of guarantees as the filer names it ("Total
    guarantees") and no row is a commitment of another kind (a line of credit, a loan
    commitment): its committed amounts are the guarantees' and nothing else's."""
    labels = [vocab.clean_label(r.label) for r in rows if r.values]
    return bool(labels) and bool(vocab.GUARANTEES_TOTAL.match(labels[-1])) \
        and not any(NOT_GUARANTEE.search(label) for label in labels)


def _total_of_short_row(values: list[Number | None], n: int, run: list[int], column: int) -> Number | None:
    """The total of a row that prints fewer figures than columns (blank maturity cells left
    out): the figure that every placement of the printed figures, in order, whose maturities
    add up to a printed total puts in the total column; None when they disagree or none does."""
    printed = [v for v in values if v is not None]
    if not run or not printed or len(printed) >= n:
        return None
    totals: set[int] = set()
    found: Number | None = None
    for slots in combinations(range(n), len(printed)):
        if column not in slots:
            continue
        grid: list[Number | None] = [None] * n
        for j, v in zip(slots, printed, strict=True):
            grid[j] = v
        if row_foots(grid, run, column):
            totals.add(id(grid[column]))
            found = grid[column]
    return found if len(totals) == 1 else None


def maximum_column(block: Block, rows: list[Row], cols: list[ColumnInfo], n: int,
                   topic: str) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """The table reduced to its maximum-exposure column, with that column's measure and scale;
    None when the table is not a grid of guarantee types under such a heading."""
    if topic != GUARANTEE or n < 2:
        return None
    at = next((i for i, f in enumerate(block.header) if _MAXIMUM.search(f)), None)
    committed = at is None  # the amounts committed under guarantees, by when they expire
    if committed:
        at = next((i for i, f in enumerate(block.header) if vocab.COMMITTED_AMOUNT.search(f)), None)
        if at is None or not _guarantees_alone(rows):
            return None
    by_date = None if committed else _measures_under_years(block.header, n)
    if by_date is not None:
        return _maximum_per_date(block, rows, cols, n, at, by_date)
    if not committed and (dated := _maximum_of_dated_measures(block, rows, cols, n, at)) is not None:
        return dated
    if any(c.end for c in cols):
        return None
    full = [list(r.values) for r in rows if len(r.values) == n and all(v is not None for v in r.values)]
    if len(full) < 2:
        return None
    found = _total_of_run(full, n)
    column, run = (found[0], found[1]) if found else (None, [])
    if column is None and committed:
        return None  # only the sum of the expiry columns proves the committed total
    if column is None:
        heads = sorted(i for i, f in enumerate(block.header)
                       if _MAXIMUM.search(f) or _OTHER_MEASURE.search(f))
        if len(heads) != n or sum(1 for i in heads if _MAXIMUM.search(block.header[i])) != 1:
            return None
        column = heads.index(at)  # one measure heading a column, in the columns' order
    kept: list[Row] = []
    for r in rows:
        total = r.values[column] if len(r.values) == n else _total_of_short_row(r.values, n, run, column)
        if total is not None:
            kept.append(replace(r, values=[total]))
    if len(kept) < 2:
        return None
    heading = vocab.clean_label(block.header[at])
    col = ColumnInfo(text=heading, currency=cols[column].currency)
    return kept, [col], [(MAX_EXPOSURE, _scale_of_maximum(block.header, at))]


_CONTRACT_AMOUNT = re.compile(r"\bcontract(?:ual)?\s+(?:or\s+notional\s+)?amounts?\b|\bnotional\s+amounts?\b", re.I)


def contract_amount_rows(block: Block, rows: list[Row], cols: list[ColumnInfo], n: int,
                         topic: str) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """"Financial instruments whose contract amounts represent credit risk: Commitments to extend
    credit | Standby letters of credit and financial guarantees | (total)": the contract amount
    of a standby letter of credit or a financial guarantee is the most the guarantor can be made
    to pay, so those lines are read as the maximum exposure of their type (the one such line,
    the whole book's); the loan commitments and the total that adds them in are no guarantees
    and are not read. None unless the table says its figures are contract amounts and names no
    other measure."""
    if topic != GUARANTEE or n < 1:
        return None
    said = " ".join([block.caption, *block.header])
    if not _CONTRACT_AMOUNT.search(said) or _MAXIMUM.search(said) \
            or any(_OTHER_MEASURE.search(f) for f in block.header):
        return None
    kept = [r for r in rows if len(r.values) == n and None not in r.values and not r.concept
            and GUARANTEE_TYPE.search(r.label) and not NOT_GUARANTEE.search(r.label)]
    if not kept:
        return None
    return kept, cols, [(MAX_EXPOSURE, None)] * n


# the columns a total of amounts outstanding splits into: when they expire
_EXPIRY = re.compile(r"\bexpir\w*|\bwithin\b|\bafter\b|\bless\s+than\b|\bmore\s+than\b|\bover\b"
                     r"|\bthereafter\b|\byears?\b|\bmonths?\b|\bmaturi\w*", re.I)


def letters_of_credit_among_commitments(rows: list[Row], cols: list[ColumnInfo], n: int,
                                        ) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """"Standby letters of credit outstanding" among a lender's commitments to lend, split by
    when they expire ("Expire within one year | Expire after one year | Total" under each date):
    the letters of credit a lender writes for its customers are its guarantees, and their
    amount outstanding is the most it can be made to pay (ASC 460), so that row's total per
    date is the whole book's maximum; the commitments to lend are no guarantees and are not
    read. None unless exactly one row is standby letters of credit, not ones obtained nor a
    part of them, another row is a commitment to lend, and each date's columns are expiry
    columns and their total, proven by the sum in every complete row."""
    if n < 3:
        return None
    labels = [vocab.clean_label(r.label) for r in rows if r.values]
    letters = [r for r in rows if r.values and None not in r.values and not r.concept
               and STANDBY.search(r.label) and not NOT_GUARANTEE.search(r.label)
               and not OBTAINED.search(r.label)]
    if len(letters) != 1 or sum(1 for label in labels if GUARANTEE_TYPE.search(label)) != 1 \
            or not any(LENDING_COMMITMENT.search(label) for label in labels):
        return None
    if (by_rate := _letters_by_rate(rows, letters[0], cols, n)) is not None:
        return by_rate
    if len(letters[0].values) != n:
        return None
    full = [list(r.values) for r in rows if len(r.values) == n and all(v is not None for v in r.values)]
    keep: list[int] = []
    for end in dict.fromkeys(c.end for c in cols):
        group = [j for j in range(n) if cols[j].end == end]
        if group != list(range(group[0], group[0] + len(group))):
            return None  # a date's columns side by side, or the grid is not one
        found = _total_of_run([[v[j] for j in group] for v in full], len(group))
        if found is None or len(found[1]) != len(group) - 1 \
                or not all(_EXPIRY.search(cols[group[i]].segment or cols[group[i]].text) for i in found[1]):
            return None
        keep.append(group[found[0]])
    kept = [replace(letters[0], values=[letters[0].values[j] for j in keep])]
    return kept, [replace(cols[j], segment="") for j in keep], [(MAX_EXPOSURE, None)] * len(keep)


# the columns a date's amounts split into by their rate, with no total of their own
_RATE = re.compile(r"^(?:fixed|variable|floating|adjustable)(?:[\s-]+rates?)?$", re.I)
_TOTAL_ROW = re.compile(r"^total$", re.I)


def _placed_by_total(row: Row, parts: list[Row], total: Row, n: int) -> list[Number | None] | None:
    """A row printed with fewer figures than columns (its blank cells left out of the
    rendering), placed where the Total row's footing puts them: the one placement of its
    figures, in order, under which every column of the rows adds up to the Total."""
    printed = list(row.values)
    if len(printed) == n:
        grids = [printed]
    else:
        grids = []
        for slots in combinations(range(n), len(printed)):
            grid: list[Number | None] = [None] * n
            for j, v in zip(slots, printed, strict=True):
                grid[j] = v
            grids.append(grid)
    fits = [g for g in grids
            if all(row_foots([*(p.values[j] for p in parts), g[j], total.values[j]],
                             list(range(len(parts) + 1)), len(parts) + 1) for j in range(n))]
    return fits[0] if len(fits) == 1 else None


def _letters_by_rate(rows: list[Row], letters: Row, cols: list[ColumnInfo], n: int,
                     ) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """The letters of credit of a grid whose dates' columns split the amounts by their rate
    ("2020 | 2019" over "Fixed Rate | Variable Rate" twice) and whose Total row adds up every
    column: the letters' cells placed by that footing (a blank rate cell is nil), their amount
    at each date is the sum of that date's rate columns. None unless every column is a rate
    column of a date, each date has the same rate columns, and the rows foot to the Total."""
    ends = list(dict.fromkeys(c.end for c in cols))
    if None in ends or not all(_RATE.match(c.segment.strip()) for c in cols):
        return None
    groups = [[j for j in range(n) if cols[j].end == end] for end in ends]
    names = [[cols[j].segment.strip().lower() for j in g] for g in groups]
    if any(len(g) < 2 or g != list(range(g[0], g[0] + len(g))) or name != names[0]
           for g, name in zip(groups, names, strict=True)):
        return None
    lines = [r for r in rows if r.values]
    totals = [r for r in lines if _TOTAL_ROW.match(vocab.clean_label(r.label))]
    if len(totals) != 1 or lines[-1] is not totals[0] or len(totals[0].values) != n or None in totals[0].values:
        return None
    parts = [r for r in lines[:-1] if r is not letters]
    if len(parts) < 1 or any(len(r.values) != n or None in r.values for r in parts):
        return None
    placed = _placed_by_total(letters, parts, totals[0], n)
    if placed is None:
        return None
    values: list[Number | None] = []
    for g in groups:
        cells = [placed[j] for j in g if placed[j] is not None]
        if not cells:
            return None
        dec = max(0, *(v.decimals for v in cells))  # type: ignore[union-attr]
        amount = round(sum(v.value for v in cells), dec)  # type: ignore[union-attr]
        values.append(cells[0] if len(cells) == 1 else
                      replace(cells[0], value=amount, text=f"{amount:,.{dec}f}", nil=False, negative=amount < 0))  # type: ignore[arg-type]
    new_cols = [replace(cols[g[0]], text=str(cols[g[0]].end), segment="") for g in groups]
    return [replace(letters, values=values)], new_cols, [(MAX_EXPOSURE, None)] * len(groups)


def _measures_under_years(header: list[str], n: int) -> list[tuple[int, bool]] | None:
    """"2016 | 2015" over "Maximum liability | Carrying value of liability", printed again under
    each year: per column, (its year, whether it is the maximum). None for any other header."""
    years = [y for f in header if (y := bare_year(f))]
    heads = [bool(_MAXIMUM.search(f)) for f in header if _MAXIMUM.search(f) or _OTHER_MEASURE.search(f)
             and not units.scale_statements(f)]
    if len(years) < 2 or len(set(years)) != len(years) or len(heads) != n or n % len(years):
        return None
    width = n // len(years)
    group = heads[:width]
    if sum(group) != 1 or any(heads[g * width:(g + 1) * width] != group for g in range(len(years))):
        return None
    return [(years[j // width], heads[j]) for j in range(n)]


def _maximum_per_date(block: Block, rows: list[Row], cols: list[ColumnInfo], n: int, at: int,
                      by_date: list[tuple[int, bool]]) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """The maximum column of each year's group, dated by the header's month and day (the
    filer's year end when it gives none)."""
    month_day = next((m for f in block.header if (m := MONTH_DAY.search(f.replace("\xa0", " ")))), None)
    keep = [j for j, (_, is_max) in enumerate(by_date) if is_max]
    try:
        ends = [cols[j].end or (date(by_date[j][0], month_number(month_day["mon"]), int(month_day["day"]))
                                if month_day else date(by_date[j][0], 12, 31)) for j in keep]
    except ValueError:
        return None
    if any(e.year != by_date[j][0] for e, j in zip(ends, keep, strict=True)):
        return None  # the columns' own dates disagree with the years over them
    kept = [replace(r, values=[r.values[j] for j in keep]) for r in rows if len(r.values) == n]
    if not kept:
        return None
    heading = vocab.clean_label(block.header[at])
    new_cols = [ColumnInfo(text=f"{heading} {d}", end=d, months=None, currency=cols[j].currency)
                for j, d in zip(keep, ends, strict=True)]
    return kept, new_cols, [(MAX_EXPOSURE, _scale_of_maximum(block.header, at))] * len(keep)


def _is_maximum(heading: str) -> bool:
    return bool(_MAXIMUM.search(heading)) and not _RECOVERY.search(heading)


def _maximum_of_dated_measures(block: Block, rows: list[Row], cols: list[ColumnInfo], n: int,
                               at: int) -> tuple[list[Row], list[ColumnInfo], Measures] | None:
    """"March 31, 2015 | December 31, 2014" over "Maximum Exposure | Guaranty Obligation |
    Maximum Recovery" printed again under each date: the columns read as dated and named by
    their measure. Only the column named the maximum is one; the obligation carried and what
    could be recovered from others are not, and are not read. None unless every column is
    dated and named by a measure, each date's columns name the same measures in the same
    order, and exactly one of them is the maximum."""
    if not all(c.end and c.segment for c in cols):
        return None
    if not all(_is_maximum(c.segment) or _NOT_MAXIMUM.search(c.segment) for c in cols):
        return None
    ends = list(dict.fromkeys(c.end for c in cols))
    if len(ends) < 1 or n % len(ends):
        return None
    width = n // len(ends)
    names = [c.segment for c in cols[:width]]
    if any([c.segment for c in cols[g * width:(g + 1) * width]] != names
           or any(c.end != ends[g] for c in cols[g * width:(g + 1) * width]) for g in range(len(ends))):
        return None
    if sum(1 for name in names if _is_maximum(name)) != 1:
        return None
    keep = [j for j in range(n) if _is_maximum(cols[j].segment)]
    kept = [replace(r, values=[r.values[j] for j in keep]) for r in rows if len(r.values) == n]
    if len(kept) < 2:
        return None
    new_cols = [replace(cols[j], segment="") for j in keep]
    return kept, new_cols, [(MAX_EXPOSURE, _scale_of_maximum(block.header, at))] * len(keep)


def wholes_named_alike(measured: dict[tuple, dict[int, float]], wholes: dict[tuple, int | None],
                       labels: dict[int, str]) -> dict[tuple, int]:
    """The whole book's row of a date group whose types do not add up because a rendering lost
    rows of it (a type's figures printed with a cell missing, which no placement can read): the
    row named as the row the figures proved the whole in another group of the same column
    ("Total guarantees"), when every row left is named in that group, some of that group's rows
    are missing here, and it is at least the sum of the rows left. {group key: row key}."""
    out: dict[tuple, int] = {}
    for key, values in measured.items():
        if wholes.get(key) is not None or len(values) < 2:
            continue
        names = {labels[i] for i in values}
        for other, whole in wholes.items():
            if whole is None or other == key or other[0] != key[0]:
                continue
            proven = {labels[i] for i in measured[other]}
            named = [i for i in values if labels[i] == labels[whole]]
            if len(named) != 1 or not names < proven:
                continue
            rest = sum(v for i, v in values.items() if i != named[0])
            if values[named[0]] > 0 and values[named[0]] >= rest and all(v >= 0 for v in values.values()):
                out[key] = named[0]
                break
    return out


# any word of a guarantee: a member or line naming one is another guarantee on the page
_GUARANTEE_WORD = re.compile(r"\bguarant|\bletters?\s+of\s+credit\b|\bindemnif|\bsurety\b|\bwarrant", re.I)
# a page about the filer's guarantees, or about its commitments and contingencies
_GUARANTEE_SUBJECT = re.compile(r"\bguarant|\bcommitments?\b|\bcontingenc", re.I)


def _member_name(line: str) -> str:
    return re.sub(r"\s*\[Member\]\s*", "", line).strip().rstrip(" :")


# a Details line item that is the amount of whatever each member is: "Commitments and letters of
# credit" under "Commitments to extend credit", "Standby letters of credit", ...
_AMOUNT_LINE = re.compile(r"^(?:commitments?\s+and\s+)?(?:standby\s+)?letters?\s+of\s+credit(?:\s+and\s+commitments?)?"
                          r"(?:,?\s+outstanding)?$|^(?:contract(?:ual)?|notional)\s+amounts?$", re.I)
# the letters of credit a page names beside its standby ones: trade finance (the bank pays
# against documents of a sale), no guarantee of a customer's performance (ASC 460)
_OTHER_LETTERS = re.compile(r"\b(?:commercial|documentary|trade|import|export|other)\s+letters?\s+of\s+credit\b", re.I)


def standby_member_amount(row: Row, block: Block) -> bool:
    """A Details row whose line item is the amount of each member ("Commitments and letters of
    credit") under the one member that is standby letters of credit the filer wrote: their
    contract amount, the most it can be made to pay (ASC 460), as a table's standby row is.
    Only on a lender's page (another member is a commitment to lend): a company's own standby
    letters of credit, drawn on its credit facility, are no guarantee it wrote."""
    if row.concept or not _AMOUNT_LINE.match(vocab.clean_label(row.label)):
        return False
    standby = [m for x in row.context if (m := _member_name(x)) and STANDBY.search(m)
               and not NOT_GUARANTEE.search(m) and not OBTAINED.search(m)]
    lends = any(LENDING_COMMITMENT.search(_member_name(x)) for r in block.rows if r is not row for x in r.context)
    return len(standby) == 1 and lends


def lone_guarantee_member(block: Block, row: Row, member: str, title: str) -> bool:
    """The maximum exposure under the page's only guarantee member ("Financial guarantees" on a
    Commitments and Contingencies page whose other members are lines of credit and financing
    commitments) is the filer's whole guarantee book: the member names a kind of guarantee, no
    other row sits under it, and no other member or line of the page names a guarantee of any
    kind. A member that is one of several kinds ("Financial guarantees" beside "Performance
    guarantees"), or that heads several lines ("Guarantees:" over securities lending
    indemnifications and standby letters of credit), stays a part."""
    if not _GUARANTEE_SUBJECT.search(title):
        return False
    if not (GUARANTEE_TYPE.search(member) or re.fullmatch(r"guarantees?", member, re.I)) \
            or NOT_GUARANTEE.search(member):
        return False
    own = set(row.context)
    if not any(_member_name(line) == member for line in own):
        return False  # the segment is not the member heading the row
    lines = [r for r in block.rows if r.values]
    if any(r is not row and any(_member_name(x) == member for x in r.context) for r in lines):
        return False
    after_dates = [i for i, f in enumerate(block.header) if find_dates(f)]
    headings = block.header[after_dates[-1] + 1:] if after_dates else block.header[1:]
    others = [*(h for h in headings if h not in own),
              *(r.label for r in lines if r is not row),
              *(x for r in lines if r is not row for x in r.context if x not in own)]
    # the line item every member shares ("Commitments and letters of credit") names none of
    # them; beside standby letters of credit, "Other" or "Commercial letters of credit" are the
    # trade letters, no guarantee
    item = vocab.clean_label(row.label)
    others = [x for x in others if vocab.clean_label(x) != item
              and not (STANDBY.search(member) and _OTHER_LETTERS.search(x) and not STANDBY.search(x))]
    return not any(_GUARANTEE_WORD.search(x) for x in others)
