"""Text renderings of tables repaired line by line before the grid is read: the same table comes
as a cell per line between lone "|" lines, a pipe per cell whose header cells wrap onto lines
without the pipe, a label with its figures run together, or a header cell broken over lines
between blank lines. Each function here turns one such rendering's lines into cells the
reader (`text_extract`) takes one per line or per "|" piece.
"""

from __future__ import annotations

import re

from dashboard.model.dates import find_dates
from dashboard.model.numbers import number_tokens
from dashboard.model.units import SCALE_STATEMENT

SYMBOL_ONLY = re.compile(r"^(?:\$|¥|US\$|HK\$|RMB|€|£|₩|￦|Rs\.|₹)$")
SENTENCE_END = re.compile(r"[.:;]\s*$")

_SHORT_WORDS = re.compile(r"^[A-Za-z&.,'’()\-]+(?:\s+[A-Za-z&.,'’()\-]+){0,2}$")


def joined_header_lines(lines: list[str]) -> list[str]:
    """A rendering that puts blank lines between cells and breaks a column's header over
    lines ("Finance" / "Leases", blank, "Notes" / "Receivable", blank, "Total"): the lines of
    one cell, between two blank lines, are one cell. Lines of figures never join."""
    out = list(lines)
    blank = [not ln.strip() for ln in lines]
    i = 0
    while i < len(lines):
        if blank[i] or (i > 0 and not blank[i - 1]):
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and not blank[j + 1]:
            j += 1
        run = [ln.strip() for ln in lines[i:j + 1]]
        if 2 <= len(run) <= 5 and j + 1 < len(lines) and all(_SHORT_WORDS.match(x) for x in run) \
                and "|" not in "".join(run):
            out[i] = " ".join(run)
            for k in range(i + 1, j + 1):
                out[k] = ""
        i = j + 1
    return out


def pipe_continuations(lines: list[str]) -> set[tuple[str, str]]:
    """A pipe-per-cell rendering starts every cell with "|"; a header cell broken over lines
    ("|Caterpillar" / "Purchased" / "Receivables" / "|Total") goes on without one. The pairs
    (a header cell's line, the line without a pipe that continues it) between two header cells
    (text, not figures); a line without a pipe before figures is a row label that lost its
    pipe, as is one after empty cells ("|" alone) that no header cell follows. Whether they are
    one cell is decided with the column count (`columns.read_columns`)."""
    if not _pipe_page(lines):
        return set()

    def header_text(ln: str) -> bool:
        t = ln.strip().lstrip("|").strip()
        return bool(t) and number_tokens(t) is None and not SYMBOL_ONLY.match(t) \
            and not SENTENCE_END.search(t) and len(t.split()) <= 6

    pairs: set[tuple[str, str]] = set()
    i = 1
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip() and "|" not in lines[j] and header_text(lines[j]):
            j += 1
        prev = lines[i - 1].strip()
        # the next cell may come after empty cells ("|" alone, one a line): a header cell then
        # still follows the wrapped one, figures or a symbol ("|$") would make it a row label
        k = j
        while k < len(lines) and lines[k].strip() == "|":
            k += 1
        if j > i and k < len(lines) and prev.startswith("|") and header_text(prev) \
                and (lines[k].strip().startswith("|") or k > j) and header_text(lines[k]):
            run = [prev.lstrip("|").strip(), *(ln.strip() for ln in lines[i:j])]
            pairs.update(zip(run, run[1:], strict=False))
        i = j + 1 if j > i else i + 1
    return pairs


def joined_header(header: list[str], pairs: set[tuple[str, str]]) -> list[str]:
    """The header fragments with each continuation line joined to the cell it continues."""
    out: list[str] = []
    last = ""
    for frag in header:
        if out and ((last, frag) in pairs or _wrapped_on(out[-1], frag, pairs)):
            out[-1] = f"{out[-1]} {frag}"
        else:
            out.append(frag)
        last = frag
    return out


def _wrapped_on(cell: str, frag: str, pairs: set[tuple[str, str]]) -> bool:
    """A fragment whose own lines were joined already ("Equity and Lines of", read as a row
    label's wrap while the table above was open) whose first line continues the cell's last
    line ("Home" / "Equity"): the rest of the same header cell."""
    return any(cell.endswith(a) and (cell == a or cell[-len(a) - 1] == " ") and (frag == b or frag.startswith(f"{b} "))
               for a, b in pairs)


def lone_pipe_cells(lines: list[str]) -> list[str]:
    """A rendering that prints each cell boundary as a line of its own ("|") and a cell's text
    over as many lines as it wraps ("30-89" / "Days" / "Past" / "Due", "One-" / "to four-family
    residential", "Guarantees" / "consisted of the following:"): the text lines between two
    boundaries are one cell. Only when boundaries are lines of their own throughout (few
    "|text" lines), the lines joined hold no figure and only the last ends a sentence."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    lone = sum(ln == "|" for ln in filled)
    inline = sum(ln.startswith("|") and ln != "|" for ln in filled)
    if lone < 0.25 * max(len(filled), 1) or inline > 0.1 * lone:
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith("|") or not lines[i].strip():
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip() and not lines[j + 1].strip().startswith("|"):
            j += 1
        run = [ln.strip() for ln in lines[i:j + 1]]
        # a cell's wrapped words; a sentence (a caption) and the cell after it are not one cell
        if j > i and j + 1 < len(lines) and lines[j + 1].strip() == "|" and sum(len(x.split()) for x in run) <= 12 \
                and any(number_tokens(x) is None for x in run) \
                and all((number_tokens(x) is None or re.fullmatch(r"\d{1,3}", x)) and not SYMBOL_ONLY.match(x)
                        and not SENTENCE_END.search(x) for x in run[:-1]) \
                and (number_tokens(run[-1]) is None or re.fullmatch(r"\d{1,3}", run[-1])):
            # "90" / "Days or" / "More" / "Past Due": a bucket's number opens its wrapped header
            out[i] = " ".join(run)
            for k in range(i + 1, j + 1):
                out[k] = "|"
        i = j + 1
    return out


def _pipe_page(lines: list[str]) -> bool:
    """A pipe-per-cell rendering: most of its lines open with "|"."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    return sum(ln.startswith("|") for ln in filled) >= 0.5 * max(len(filled), 1)


def _unpiped_run(lines: list[str], i: int) -> tuple[int, list[str]]:
    """The lines after line `i` up to the next blank line or line with a pipe: where they end,
    and their text."""
    j = i + 1
    while j < len(lines) and lines[j].strip() and "|" not in lines[j]:
        j += 1
    return j, [ln.strip() for ln in lines[i + 1:j]]


def numbered_cells(lines: list[str]) -> list[str]:
    """A pipe-per-cell rendering whose header cell wraps onto lines without a pipe, a small
    number on a line of its own inside it ("|Up to" / "1" / "Year Ago", "|More than" / "5" /
    "Years Ago"): the number is a word of the cell, never a row's figure. The lines are one
    cell only when the cell opens with words, the number (three digits at most) is followed by
    words, no line ends a sentence and the next line opens a cell; a run of words alone is left
    to `pipe_continuations`, a label's figure lost its pipe ends the run instead."""
    if not _pipe_page(lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        head = lines[i].strip()
        if not head.startswith("|") or not _words(head.lstrip("|").strip()):
            i += 1
            continue
        j, run = _unpiped_run(lines, i)
        small = [bool(re.fullmatch(r"\d{1,3}", x)) for x in run]
        if any(small) and not small[-1] and j < len(lines) and lines[j].strip().startswith("|") \
                and all(s or _words(x) for s, x in zip(small, run, strict=True)) \
                and sum(len(x.split()) for x in run) <= 8:
            out[i] = " ".join([head, *run])
            for k in range(i + 1, j):
                out[k] = ""
        i = max(j, i + 1)
    return out


def _words(text: str) -> bool:
    """Short header words: no figure, no sentence."""
    return bool(text) and number_tokens(text) is None and not SYMBOL_ONLY.match(text) \
        and not SENTENCE_END.search(text) and len(text.split()) <= 6


def opened_cells(lines: list[str]) -> list[str]:
    """A pipe-per-cell rendering that opens a cell with a "|" line of its own and prints the
    cell's text on the lines after it, wrapped ("|" / "Beginning" / "balance", "|" / "A
    progression of the" / … / "is summarized as" / "follows:"): the lines between the opening
    "|" and the next line with a pipe are one cell. Only on a page whose lines open with "|"
    as a rule, when no line of the run is a figure and only the last ends a sentence (a caption
    and a heading printed after it without a pipe between stay two cells). Lines of a dozen
    words or more that end no sentence stay apart: a title over its period ("Allowance for Loan
    Losses and Carrying Amount of Loans" / "For the Year Ended December 31, 2018") read as one
    would be taken for running text, and the table would lose its date."""
    if not _pipe_page(lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        if lines[i].strip() != "|":
            i += 1
            continue
        j, run = _unpiped_run(lines, i)
        if len(run) >= 2 and j < len(lines) and lines[j].strip().startswith("|") \
                and all(number_tokens(x) is None and not SYMBOL_ONLY.match(x) for x in run) \
                and not any(SENTENCE_END.search(x) for x in run[:-1]) \
                and (SENTENCE_END.search(run[-1]) or sum(len(x.split()) for x in run) < 12):
            out[i + 1] = " ".join(run)
            for k in range(i + 2, j):
                out[k] = "|"
        i = max(j, i + 1)
    return out


def empty_cells(lines: list[str]) -> set[int]:
    """A rendering that opens every cell with a spacer line (" ") and goes on with the cell's
    text at once (" " / "$" / "13,099" / "", " " / "(923" / ")"): a spacer followed by a blank
    line, or by a currency sign alone and a blank line, is an empty cell (an "Unallocated"
    column blank on most rows). The indices of those spacer lines; none in renderings whose
    spacers are followed by blank lines as a rule (" " / "" between all cells)."""
    spacers = [i for i, ln in enumerate(lines) if ln and not ln.strip() and i + 1 < len(lines)]
    if len(spacers) < 10 or sum(bool(lines[i + 1].strip()) for i in spacers) < 0.7 * len(spacers):
        return set()

    def blank(k: int) -> bool:  # a line with nothing on it; a spacer is no blank
        return k < len(lines) and lines[k].strip("\r\n") == ""

    return {i for i in spacers
            if blank(i + 1) or (SYMBOL_ONLY.match(lines[i + 1].strip()) is not None and blank(i + 2))}


# a column header whose cells a rendering runs into one line: "(Dollars in millions)Credit
# CardConsumer BankingCommercial BankingTotal"; each cell starts with a capital glued to the
# end of the last (a word's lower-case letters, or a closing parenthesis)
# ("Recoveries(Recovery of) provision": a cell that opens with a parenthesis)
_GLUED_CELL = re.compile(r"(?<=[a-z]{2})(?=\(?[A-Z][a-z])|(?<=\))(?=[A-Z][a-z])"
                         # an acronym closing a cell, the next cell's word glued on ("for CECLCharge-offs")
                         r"|(?<=[A-Z]{3})(?=[A-Z][a-z]{2})")
# an accounting standard's number is a name, not a figure ("ASU No. 2016-13", "ASC 326")
_STANDARD_NUMBER = re.compile(r"\b(?:ASU|ASC|Topic|SFAS|FAS)\s*(?:No\.\s*)?\d{3,4}(?:-\d{1,3})?\b")


# years run together as a header ("20232022"): consecutive years, each a column
_GLUED_YEARS = re.compile(r"(?:(?:19|20)\d\d){2,4}")


def split_glued_header(line: str) -> str:
    """A line of header cells run together becomes its cells. Only a line of words (no figure,
    no sentence, no "|") with at least three cells glued this way qualifies, so a name spelled
    with an inner capital ("McDonald", "LendingTree") stays whole; or a line of years run
    together that follow each other a year apart ("20232022"), which no figure does by chance
    as often as a header prints its years so."""
    text = line.strip()
    if _GLUED_YEARS.fullmatch(text):
        years = [int(text[k:k + 4]) for k in range(0, len(text), 4)]
        steps = {b - a for a, b in zip(years, years[1:], strict=False)}
        return " | ".join(map(str, years)) if steps in ({1}, {-1}) else line
    periods = glued_periods(text)
    if periods:
        return " | ".join(periods)
    words = _STANDARD_NUMBER.sub("", re.sub(r"\([^)]*\)", "", text))
    if "|" in text or re.search(r"\d", words) or SENTENCE_END.search(text):
        return line
    cells = [c.strip() for c in _GLUED_CELL.split(text)]
    if not all(cells) or len(cells) < 2 or (len(cells) < 4 and not all(_PERIOD_HEADING.fullmatch(c) for c in cells)):
        return line
    return " | ".join(cells)


# a period's heading, whole ("Three Months Ended", "Years Ended"): two or three of them glued
# ("Three Months EndedNine Months Ended") are as surely cells as four words glued
_PERIOD_HEADING = re.compile(r"(?:(?:\d{1,2}|Three|Six|Nine|Twelve)\s+Months?|Years?|Quarters?)\s+Ended", re.I)
# the same heading with the day it ends on ("For the Three Months Ended September 30,"): its
# digits are a date's, so only headings that fill the whole line one after the other count
_PERIOD_CELL = re.compile(
    r"(?:For\s+the\s+)?" + _PERIOD_HEADING.pattern
    + r"(?:\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?(?:\s*(?:19|20)\d\d,?)?)?",
    re.I)


def glued_periods(text: str) -> list[str]:
    """"For the Three Months Ended September 30,For the Nine Months Ended September 30,": two or
    more period headings run into one line, nothing else on it, are its cells (in order); []
    for any other line."""
    cells, pos = [], 0
    for m in _PERIOD_CELL.finditer(text):
        if text[pos:m.start()].strip():
            return []
        cells.append(m.group(0).strip())
        pos = m.end()
    return cells if len(cells) >= 2 and not text[pos:].strip() else []


def split_glued_years(lines: list[str]) -> list[str]:
    """A header line of 4-digit years run together that are not a year apart ("202320222022":
    September 30 of two years and December 31 of the last; "2023202220232022": two periods of
    two years each) becomes its years when the rows below it print as many figures each: the
    rows' figures count the header's columns. Without rows that agree, the run stays whole (a
    figure that happens to read as years)."""
    out = list(lines)
    for i, line in enumerate(lines):
        # the table's unit may open the line ("(in thousands)2023202220232022"): a cell of its own
        unit = _UNIT_THEN_YEARS.fullmatch(line.strip())
        if unit is None:
            continue
        text = unit.group("years")
        widths = _figure_widths(lines, i + 1)
        if widths and widths[0] == len(text) // 4 and max(widths) == widths[0] \
                and widths.count(widths[0]) * 2 > len(widths):
            out[i] = " | ".join([*([unit.group("unit")] if unit.group("unit") else []),
                                 *(text[k:k + 4] for k in range(0, len(text), 4))])
    return out


_UNIT_THEN_YEARS = re.compile(r"(?P<unit>\((?:[^()]*\bin\s+)?(?:thousands|millions|billions)[^()]*\))?\s*"
                              r"(?P<years>" + _GLUED_YEARS.pattern + ")", re.I)


def _figure_widths(lines: list[str], start: int) -> list[int]:
    """How many figures each of the rows after a header prints, in order: the lines up to its
    first row that hold no figure are the rest of the header, and a line without figures
    between rows a wrapped label; the rows run up to a blank line (at most eight)."""
    widths: list[int] = []
    for line in lines[start:start + 20]:
        pieces = [p for p in line.split("|") if p.strip()]
        nums = [n for p in pieces if (n := number_tokens(p))]
        if not nums:
            if not line.strip() or (not widths and len(pieces) > 1):
                break
            continue
        widths.append(sum(len(n) for n in nums))
        if len(widths) == 8:
            break
    return widths


# a label with its figures run together: "Other guarantees341 323", "payments$1,347.5 $1,458.8";
# a label may end in a date whose year runs into the first figure ("as of January 1, 20208,098")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# a nil may carry its currency sign too ("$4,095 $(526)$— $— $(94)$3,475")
_CELLS = r"(?P<cells>(?:(?:US\$|\$|¥|€|£)?\s?(?:\(?-?\d[\d,]*(?:\.\d+)?(?![\d.,])\)?%?|[—–-])(?:[ \t]+|$)){2,20})$"
_RUN_TOGETHER = re.compile(rf"^(?P<label>[^|]*?(?:[A-Za-z)\]]|\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}))\s*{_CELLS}")
_CELLS_ONLY = re.compile(rf"^\s*{_CELLS}")
# a label ending in an accounting standard's name, whose number follows ("Topic 326", "ASC 310")
_STANDARD_NAME = re.compile(r"\b(?:Topic|Subtopic|ASC|ASU|SFAS|FAS|IFRS|IAS)\s*$")
# a negative glued to the next figure or nil ("$(135)28,388", "(3,481)(1,211)(48)", "(2,075)—"): a figure, as this
# rendering puts a row's footnote marker at the end of its line ("Recoveries(1)" / "1,525 935")
_GLUED_NEGATIVE = re.compile(r"(\(\d[\d,]*(?:\.\d+)?\))(?=[\d$(—–])")
# a footnote marker after the label, set off by a space: "Written options (2)(280)12,107 4,575",
# "Other guarantees (4)— 797"
_MARKER_AFTER_LABEL = re.compile(r"^(?P<label>[^|]*?[A-Za-z\]]\s+\(\d{1,2}\))(?=[\d$(—–])")
# an empty cell printed as its currency sign alone ("$8,055 $ $ $8,055")
_EMPTY_SYMBOL = re.compile(r"(?<=\s)(?:US\$|\$|¥|€|£)(?=\s+(?:US\$|\$|¥|€|£)|\s*$)")


# a share column's cells in a run-together row: "100 %" (a share and its sign, set apart), a lone
# "%" whose one-digit share the rendering dropped, the sign run into the next figure ("%$845,320")
_SHARE_SIGN = re.compile(r"(?<![\d,.])(\d{1,3}(?:\.\d+)?)\s+%")  # a share: no thousands
_SHARE_GLUED = re.compile(r"%(?=[$\d(])")


def _shares_apart(text: str) -> str:
    """"Owner-occupied$915,897 %$845,320 %", "Total loans10,810,455 100 %10,146,724 100 %": each
    share its own cell ("100%"), a lone "%" (its share not printed) no cell at all, so the
    amounts and the shares read as figures. Lines with no such sign are left as they are."""
    if "%" not in text or "|" in text:
        return text
    text = _SHARE_GLUED.sub("% ", _SHARE_SIGN.sub(r"\1%", text))
    return re.sub(r"\s+", " ", re.sub(r"(?<=\s)%(?=\s|$)", " ", text)).strip()


def split_run_together(line: str) -> str:
    """A rendering that prints a row as one line with no separators, the first figure glued to
    the label ("Charge-offs(3,481)(1,211)", "Balance as of December 31, 2019$5,395 $1,038"):
    the label and each figure become cells. Only a short label (no sentence) and figures
    separated by spaces, or negatives in parentheses, qualify; a year at the end of a phrase
    ("in 2022 and 2023") does not, as the figures must be two or more in a row."""
    text = _shares_apart(line.strip())
    marker = _MARKER_AFTER_LABEL.match(text)
    rest = _EMPTY_SYMBOL.sub("", _GLUED_NEGATIVE.sub(r"\1 ", text[marker.end():] if marker else text))
    m = _CELLS_ONLY.match(rest) if marker else _RUN_TOGETHER.match(rest)
    label = marker["label"] if marker else m["label"] if m else ""
    if not m or "|" in line or SENTENCE_END.search(label) or len(label.split()) > 12:
        return line
    cells = m["cells"].split()
    if _STANDARD_NAME.search(label) and cells:
        # "Adoption of Topic 326 (1)": the number names the standard, the rest is its label's
        # footnote marker or its figures
        label, cells = f"{label.rstrip()} {cells[0]}", cells[1:]
        if all(re.fullmatch(r"\(\d{1,2}\)", c) for c in cells):
            return line
    cells = [f"{a}{b}" if a in ("$", "US$", "¥", "€", "£") else b for a, b in zip(["", *cells], cells, strict=False)
             if b not in ("$", "US$", "¥", "€", "£")]
    nums = [number_tokens(c) for c in cells]
    if len(cells) < 2 or any(n is None or len(n) != 1 or n[0].is_year for n in nums):
        return line
    if all(re.fullmatch(r"\(\d{1,2}\)", c) for c in cells):
        return line  # "FHA/VA government-guaranteed loans (1) (3) (7)": footnote markers, no figures
    return " | ".join([label.strip(), *cells])


_GLUED_TOTAL = re.compile(r"^(Total)\s+(\S.*)$")


def header_total_glued(header: list[str], label: str, n_values: int) -> tuple[str, str] | None:
    """A rendering that ends the header row without a blank line runs its last cell into the
    first row's label ("Total" / "Commercial" read as one cell "Total Commercial"). When the
    first row has exactly one figure more than the header has column cells (its dates and
    currency cells aside), that "Total" is the header's last column: (header word, label)."""
    m = glued_total(label)
    if m is None or n_values < 2:
        return None
    columns = [h for h in header if number_tokens(h) is None and not find_dates(h)
               and not SYMBOL_ONLY.match(h)]
    if not columns or len(columns) + 1 != n_values:
        return None
    return m


# the name of a column of shares ("Percentage", "Percent of total", "% of Total"), the last of
# a header, run into the first row's label the same way ("Percentage" / "Current" read as one
# cell "Percentage Current")
_GLUED_SHARE = re.compile(r"^(Percentage|Percent(?:\s+of\s+total)?|%\s+of\s+total)\s+(\S.*)$", re.I)


def header_share_glued(label: str, values: list) -> tuple[str, str] | None:
    """(header word, label) when the first row's label opens with a share column's name and
    that row's last figure is a share (printed with "%"): the word names the column the share
    sits in, never the row, whose label is the rest ("Current"); None otherwise."""
    m = _GLUED_SHARE.match(label)
    if m is None or not values or values[-1] is None or not values[-1].percent:
        return None
    return m.group(1), m.group(2)


def header_total_row(header: list[str], label: str, values: list) -> list | None:
    """A table of one row printed straight under its header, no label of its own ("Within
    Original Expected Repayment Period | 30 - 59 Days | … | Total" then "2,523 | 115 | … | 2,816"):
    the header's last cell, "Total", is read as the row's label. When the label is "Total" alone
    and the row has one amount more than the header has column names (its dates, unit, signs
    and years aside), "Total" is the last column's name as well as the row's (the whole book's
    line). Each column's share printed under the amounts ("89.6% | 4.1% | … | 100%") runs into
    the row as many figures more, every one a share: a row of shares, never more columns. The
    row's amounts, or None when the row is no such line."""
    if label.strip().lower() != "total":
        return None
    k = len(values) // 2
    shares = len(values) >= 4 and len(values) % 2 == 0 and all(v is not None and v.percent for v in values[k:]) \
        and not any(v is not None and v.percent for v in values[:k])
    amounts = values[:k] if shares else values
    names = [h for h in header if number_tokens(h) is None and not find_dates(h) and not SYMBOL_ONLY.match(h)
             and not SCALE_STATEMENT.search(h)]
    return amounts if len(names) >= 2 and len(names) + 1 == len(amounts) else None


def glued_total(label: str) -> tuple[str, str] | None:
    """("Total", the rest) of a label that opens with a glued "Total" cell, else None."""
    m = _GLUED_TOTAL.match(label)
    return (m.group(1), m.group(2)) if m else None
