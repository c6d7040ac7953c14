"""XBRL "Details" R pages rendered as text, a line a row: "Current $ 89,121 $ 87,798".

The rendering keeps every cell: a label, then one cell per column, separated by single spaces,
an empty cell written as a no-break space. The header above the rows gives the columns: the
durations ("3 Months Ended") over the dates they span, and per-column units ("CNY (¥)"). A line
whose cells are all empty (or that has none) heads the rows below it: a member of an axis
("Commercial", "Residential, 1-4 Family [Member]") or an abstract heading ("Loans, Aging
[Abstract]", "Aging of loans") that repeats over every member's rows. Rows before the first
member are the whole population's.

Some copies of these pages have had every no-break space turned into a plain one: an empty
cell is then a space between two separators ("… More   389", "… 11,574  " at a line's end), and
`_blank_cells` writes it back as the no-break space the rendering meant.

The result is one `Block` with per-column header texts, the same model an HTML R page gives.
"""

from __future__ import annotations

import re
from datetime import date

from dashboard.extract.classify import label_role
from dashboard.extract.table import Block, Row
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import FULL_DATE, find_dates
from dashboard.model.numbers import Number, parse_number
from dashboard.model.schema import CURRENT, DELINQUENCY, PAST_DUE_TOTAL, TOTAL_LOANS
from dashboard.model.units import ISO_WITH_SYMBOL, scale_statements
from dashboard.model.vocab import clean_label

_EMPTY = "\xa0"
_ONE_DURATION = r"(?:\d{1,2}|Three|Six|Nine|Twelve)\s+Months?\s+Ended"
# the durations over the dates, one a line or all on one ("3 Months Ended 9 Months Ended")
_DURATION = re.compile(rf"^\|?\s*{_ONE_DURATION}(?:\s+{_ONE_DURATION})*\s*$", re.I)
_FOOTNOTE = re.compile(r"^\[\d{1,2}\]$")
_SYMBOLS = {"$", "¥", "€", "£", "US$", "RMB", "HK$", "₩", "￦"}
# headings that only group the line items; never a member of an axis
_ABSTRACT = re.compile(r"\[(?:Abstract|Line Items|Roll Forward|Table|Axis|Domain)\]\s*$", re.I)
# the unit a rendering prints under the dates for a count ("entities", "shares", "item"): one
# lower-case word, where a member is named in capitals ("Commercial [Member]")
_COUNT_UNIT = re.compile(r"[a-z]+")
_DATE_AT_END = re.compile(rf"(?:{FULL_DATE.pattern})\s*$", re.I)
# a grouped figure glued to the word before it ("loans10,884,683", "Commercial$4,512,411"):
# a rendering that runs a row together, never this one, which sets every cell off by a space
_GLUED_FIGURE = re.compile(r"[A-Za-z](?:US\$|\$|¥|€|£)?\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?$")


def _row_cells(line: str, n: int) -> tuple[str, list[Number | None]] | None:
    """The label and the `n` cells a line ends with; None when it does not end with `n` cells."""
    if _DATE_AT_END.search(line):
        return None  # "Balance as of December 31, 2011": a year is no figure
    toks = [t for t in line.split(" ") if t != ""]
    cells: list[Number | None] = []
    i = len(toks)
    while i > 0 and len(cells) < n:
        t = toks[i - 1]
        if t == _EMPTY:
            cells.append(None)
        elif _FOOTNOTE.match(t) or (t in _SYMBOLS and cells and cells[-1] is not None):
            pass  # a footnote marker after a figure, a currency sign before it
        else:
            num = parse_number(t)
            if num is None:
                break
            cells.append(num)
        i -= 1
    while i > 0 and (_FOOTNOTE.match(toks[i - 1]) or toks[i - 1] in _SYMBOLS):
        i -= 1
    label = " ".join(toks[:i]).strip()
    if len(cells) != n or not label or label == _EMPTY:
        return None
    last = parse_number(toks[i - 1]) if i else None
    if i and _GLUED_FIGURE.search(toks[i - 1]):
        return None  # "Total gross loans10,884,683 10,261,645": two figures, not one column's
    if last is not None and (last.grouped or last.currency or (abs(last.value) >= 100 and not last.is_year)):
        # "… $116 15,299 … 21,965 6,557": more figures than columns, a table's row; a
        # footnote marker "(1)" or a year may end a label
        return None
    return label, cells[::-1]


# a run of spaces inside a line: separator, (blank cell, separator)*; at its end: (separator,
# blank cell)*
_INNER_RUN = re.compile(r"(?<=\S) {3,}(?=\S)")
_TRAILING_RUN = re.compile(r"(?<=\S) {2,}$")
_ANY_RUN = re.compile(r" {2,}")


def _blank_cells(text: str) -> str:
    """The page with its blank cells written as no-break spaces again, when the copy turned
    every one of them into a plain space. Only a page whose every run of spaces reads so (odd
    inside a line, even at its end, none at its start) is rewritten: a page aligned by spaces
    ("80,300    95,400") or with any no-break space is left as it is."""
    if _EMPTY in text:
        return text
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    runs = [(m, ln) for ln in lines for m in _ANY_RUN.finditer(ln)]
    if not runs or any(m.start() == 0 or (len(m.group()) % 2 == 0) != (m.end() == len(ln))
                       for m, ln in runs if ln.strip()):
        return text
    out = []
    for ln in lines:
        ln = _INNER_RUN.sub(lambda m: " " + f"{_EMPTY} " * ((len(m.group()) - 1) // 2), ln)
        out.append(_TRAILING_RUN.sub(lambda m: f" {_EMPTY}" * (len(m.group()) // 2), ln))
    return "\n".join(out)


def _header(lines: list[str]) -> tuple[list[str], int]:
    """Per-column header texts and the index of the first line below the header."""
    durations: list[str] = []
    dates: list[tuple[date, str]] = []
    units: dict[int, str] = {}
    i = -1
    while i + 1 < len(lines):
        i += 1
        s = lines[i].replace(_EMPTY, " ").strip().strip("|").strip()
        if not s:
            continue
        if _DURATION.match(s):
            durations.extend(m.group(0) for m in re.finditer(_ONE_DURATION, s, re.I))
            continue
        ds = find_dates(s)
        if ds and FULL_DATE.fullmatch(s):
            dates.append((ds[0], s))
            continue
        if ISO_WITH_SYMBOL.fullmatch(s) and dates:
            units[len(dates) - 1] = s
            continue
        if _COUNT_UNIT.fullmatch(s) and dates:
            continue  # the unit of a count the page reports beside its amounts, no member
        if scale_statements(s) and not dates:
            continue
        break
    else:
        i = len(lines)
    # a duration spans a run of dates that goes back in time; a later date starts the next run
    runs: list[int] = []
    for k, (d, _) in enumerate(dates):
        if k == 0 or d > dates[k - 1][0]:
            runs.append(0)
        runs[-1] += 1
    texts: list[str] = []
    k = 0
    for r, width in enumerate(runs):
        for _ in range(width):
            parts = [durations[r]] if r < len(durations) else []
            parts.append(dates[k][1])
            if k in units:
                parts.append(units[k])
            texts.append(" | ".join(parts))
            k += 1
    return texts, i


def details_block(text: str, title: str) -> Block | None:
    """The table of a Details page rendered a line a row; None for any other rendering.

    `text` is the page without its banner and definitions panel; `complete` pages end with
    that panel, so on a page cut off before it the last line may be a row cut in the middle
    and is left out.
    """
    lines = [ln.rstrip(" \r") for ln in _blank_cells(text).splitlines()]  # a trailing NBSP is an empty cell
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip(" |") == title.strip(" |")) + 1
    except StopIteration:
        return None
    columns, body_at = _header(lines[start:])
    n = len(columns)
    if n == 0:
        return None
    body = [ln for ln in lines[start + body_at:] if ln.replace(_EMPTY, "").strip(" |")]
    read = [(ln, _row_cells(ln, n)) for ln in body]
    with_figures = [r for _, r in read if r and any(v is not None for v in r[1])]
    if len(with_figures) < 2 or len(with_figures) < 0.3 * len(body):
        return None
    headings = [ln.replace(_EMPTY, " ").strip() if r is None else r[0]
                for ln, r in read if r is None or all(v is None for v in r[1])]
    seen: dict[str, int] = {}
    for h in headings:
        seen[h] = seen.get(h, 0) + 1
    rows: list[Row] = []
    context: list[str] = []
    last_was_row = False
    for ln, r in read:
        if r is None or all(v is None for v in r[1]):
            head = ln.replace(_EMPTY, " ").strip() if r is None else r[0]
            if _ABSTRACT.search(head) or seen.get(head, 0) > 1:
                continue  # an abstract heading repeated over every member's rows
            if last_was_row:
                context = []
            context.append(head)
            last_was_row = False
            continue
        label, cells = r
        label, row_context = _heading_names_line(label, context)
        rows.append(Row(label=label, values=cells, locator=f"row {len(rows) + 1}", context=row_context))
        last_was_row = True
    return Block(rows=rows, caption=table_name(title), columns=columns, locator="table 1 (Details page, a line a row)",
                 member_headings=True)


def _heading_names_line(label: str, context: list[str]) -> tuple[str, list[str]]:
    """A total line repeated under each component's heading ("Current", "30-89 Days Past Due",
    each over "Total loans"): the heading says which line it is, and the member path above it
    ("Commercial | Commercial | Current") keeps naming the population."""
    if not context or label_role(label, DELINQUENCY) != TOTAL_LOANS \
            or not clean_label(label).lower().startswith("total"):
        return label, list(context)
    *path, last = [p.strip() for p in context[-1].split("|")]
    if not (parse_bucket(last) or label_role(last, DELINQUENCY) in (CURRENT, PAST_DUE_TOTAL)):
        return label, list(context)
    return last, [*context[:-1], *([" | ".join(path)] if path else [])]


def table_name(title: str) -> str:
    """The table's own name in an R page title "Note name - Table name (Details) - USD ($)": the
    note's name ("Loans and Allowance for Loan Losses") is shared by all its tables."""
    kind = re.search(r"\((?:Details?|Tables?)\b[^)]*\)", title)
    head = title[: kind.start()] if kind else title
    name = head.rsplit(" - ", 1)[-1].strip()
    if " - " not in head and len(qualifier := name.rsplit(", ", 1)[-1].split()) >= 2 and qualifier != name.split():
        # older pages: "Loans and the Allowance for Loan Losses, Past Due (Details)"
        name = " ".join(qualifier)
    return name + (f" {kind.group(0)}" if kind else "")


def cut_off(text: str, complete: bool) -> str:
    """The page without its last line when the page was cut off (that line may be cut too)."""
    if complete or "\n" not in text.rstrip("\n"):
        return text
    return text.rstrip("\n").rsplit("\n", 1)[0]
