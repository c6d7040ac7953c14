"""The table model: what every parser produces and every later stage reads.

Parsers (HTML R pages, HTML tables inside notes, text renderings) turn what they read into
`Block`s: a caption, header fragments or per-column header texts, and `Row`s of printed
numbers, with the `PageContext` every table of the page shares. `dashboard.extract.columns`
reads a block's header into one `ColumnInfo` a column; `dashboard.extract.normalise` interprets
the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard.model import table_words, units, vocab
from dashboard.model.numbers import Number


@dataclass(slots=True)
class Row:
    """One table row: the filer's label and the figures printed on it."""

    label: str
    values: list[Number | None]
    locator: str = ""
    concept: str = ""
    context: list[str] = field(default_factory=list)  # member / sub-heading lines above the row


@dataclass(slots=True)
class Block:
    """A table as read, before interpretation."""

    rows: list[Row]
    caption: str = ""
    header: list[str] = field(default_factory=list)  # header fragments in reading order
    # the header with the lines that continue a broken cell joined to it, when the rendering
    # marks cells (a pipe per cell); read when the fragments as they are do not fit the columns
    header_joined: list[str] | None = None
    columns: list[str] | None = None  # per-column header text when the structure gives it
    locator: str = ""
    notes: list[str] = field(default_factory=list)
    # the structure says each heading above the rows is an axis member (an R page's Details
    # table a line a row: a line without figures), so a long one names a class all the same
    member_headings: bool = False
    # the rows of the table above when this one prints the same header again (the next
    # period's table): their figures may say how the columns read where this table's few cannot
    above: list[Row] = field(default_factory=list)
    # the lines of the table this one continues with other columns (classes split over two
    # half-tables, one header each): the same rollforward, so the same period
    continues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PageContext:
    """What the whole page says that each table needs: filer, units, fiscal year end."""

    entity: str
    source: str
    title: str = ""
    fiscal_end: tuple[int, int] = (12, 31)
    scales: dict[str, int] = field(default_factory=dict)  # ISO currency (or "*") → stated scale
    currency: str = ""  # the page's currency when it names one
    period: date | None = None  # the page's own "Dec. 31, 2023"
    population: str = ""  # the receivable population the whole page is about (its title says)
    # the R page's definitions panel defines ASC 460's maximum potential amount of future
    # payments, and no carrying amount of a guarantee: its rows of the guarantee obligations
    # themselves are that maximum (`parsers.text_prose.defines_guarantee_maximum`)
    defines_maximum: bool = False


@dataclass(slots=True)
class ColumnInfo:
    text: str
    end: date | None = None
    months: int | None = None
    currency: str = ""
    item: str = ""  # non-date text: a bucket or line item when columns hold items
    segment: str = ""


# ---------------------------------------------------------------------------------------------
# Page context
# ---------------------------------------------------------------------------------------------
def table_of(locator: str) -> str:
    """The table a fact's locator names: "table 2" of "table 2 (line 34), row …" (a text
    page) and of "table 2, row 5, column 3" (an HTML note); facts of one table are compared
    with each other, and with another table's. Any other locator up to its " (" ."""
    m = _TABLE.match(locator)
    return m.group(0) if m else locator.split(" (")[0]


def same_amount(a: float, b: float) -> bool:
    """Two amounts in whole currency units that are the same figure as printed: within half a
    unit, or 0.05% of the second (the same figure rounded to another scale)."""
    return abs(a - b) <= max(0.5, abs(b) * 0.0005)


def population_in_title(title: str) -> str:
    """The population an R page's title names after its kind: "… (Details) - Domestic consumer
    loans - Uncollateralized" is about that population only ('' when the title names none); or
    before it, when the title names a population of its own (covered loans) and not the others
    beside it."""
    kind = _KIND.search(title)
    head = title[: kind.start()] if kind else ""
    named = {pop for rx, pop in vocab.TITLE_POPULATION_RES if rx.search(head)}
    if len(named) == 1 and not _NON_COVERED.search(head):
        return named.pop()
    # a note named by a population alone ("Other Receivables", a BNPL lender's note on fees it
    # is owed): every table of the page is that population's, never the loan book's ("Finance
    # and Other Receivables" names the loans too, and is no such note)
    note = (head if kind else title).replace("\xa0", " ").strip(" -|")
    alone = {pop for rx, pop in vocab.POPULATION_HINT_RES if rx.fullmatch(note)}
    if len(alone) == 1:
        return alone.pop()
    m = table_words.TITLE_KIND.search(title.replace("\xa0", " "))
    if not m:
        return ""
    rest = units.ISO_WITH_SYMBOL.split(m.group(1))[0]
    rest = units.SCALE_STATEMENT.sub("", rest)
    rest = re.sub(r"\s*\[Member\]", "", rest)
    rest = _TITLE_UNIT.sub("", rest)  # an older page's "(USD $)"
    if _TABLE_NAME.search(rest):
        return ""  # an older page names its table there ("Secured Loans Summarized by Payment Delinquency")
    return rest.strip(" -|")


# "table 2" at the head of a fact's locator, on a text page and an HTML note alike
_TABLE = re.compile(r"table \d+")
_KIND = re.compile(r"\((?:Details?|Tables|Narrative|Policies)\b[^)]*\)")
_NON_COVERED = re.compile(r"\bnon[\s-]*covered\b", re.I)
_TITLE_UNIT = re.compile(r"\s*\(\s*[A-Z]{3}\s*[^\w\s()]{0,3}\s*\)\s*$")
_TABLE_NAME = re.compile(r"\b(?:summar\w*|schedules?|analysis|rollforward|roll\s+forward|activity)\b|\bby\s+\w", re.I)


