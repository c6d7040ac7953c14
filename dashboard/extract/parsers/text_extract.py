"""Plain-text renderings of EDGAR R pages: pipe-prefixed pages, one-cell-per-line tables whose
headers are spread over many lines, markdown-ish one-line tables, and the narrative around them.

The text is read as a stream of cells (a line, or a `|`-separated piece of a line). A text cell
followed by figures is a table row; text before a table's first row is its header; a sentence
ending in a colon is a caption; long sentences are narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dashboard.extract.book_tables import book_names, in_book
from dashboard.extract.classify import label_role
from dashboard.extract.listed_parts import totals_listed_as_parts
from dashboard.extract.narrative import narrative_facts
from dashboard.extract.normalise import block_facts
from dashboard.extract.page_passes import regroup_page
from dashboard.extract.page_totals import grand_totals, totals_from_other_tables
from dashboard.extract.parsers.details_text import cut_off, details_block
from dashboard.extract.parsers.header_cells import place_header_cells
from dashboard.extract.parsers.next_header import next_table_dates
from dashboard.extract.parsers.renderings import (
    SYMBOL_ONLY,
    glued_total,
    header_share_glued,
    header_total_glued,
    header_total_row,
    joined_header,
    pipe_continuations,
)
from dashboard.extract.parsers.section_headings import drop_aging_titles
from dashboard.extract.parsers.sentence_lines import sentence_start
from dashboard.extract.parsers.text_cells import (
    CURRENCY_ONLY,
    FOOTNOTE_DIGIT,
    MARKER,
    TITLE,
    Cell,
    announcing_rest,
    caption_rest,
    is_caption,
    is_narrative,
    long_label,
    page_cells,
)
from dashboard.extract.parsers.text_context import missing_tables, page_context
from dashboard.extract.parsers.text_prose import DEFINITIONS, prose_paragraphs
from dashboard.extract.repeated_header import (
    broken_like,
    columns_header,
    repeats_header,
    unit_and_years_row,
)
from dashboard.extract.rollforward_years import unproven_years
from dashboard.extract.scale import infer_page_scale
from dashboard.extract.table import Block, Row
from dashboard.extract.trade_receivables import not_a_loan_book
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import bare_year, duration_months, find_dates, parse_date
from dashboard.model.documents import Document
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    ALLOWANCE,
    DELINQUENCY,
    TOTAL_LOANS,
    Fact,
)
from dashboard.model.table_words import TOTAL_LINE
from dashboard.model.vocab import (
    clean_label,
)

# the R page's trailing definitions panel: "|X", "- Definition", "+ References"
_BANNER = re.compile(r"^XML\s+\d+\s+R\d+\.htm\b.*$", re.M)
@dataclass(slots=True)
class TextPage:
    """A text page split into its parts."""

    title: str
    banner_date: str
    blocks: list[Block]
    captions: list[tuple[str, int, bool]]  # (caption, line, followed by a table)


def _opens_figure(cells: list, idx: int) -> bool:
    """The cell at `idx` ("$") is followed, past empty cells, by a figure: it is that figure's
    currency sign."""
    for c in cells[idx + 1:]:
        if not c.empty:
            return c.numbers is not None
    return False


def split_page(text: str) -> TextPage:
    """Cells → blocks (tables) and the captions that announce them (the running text is read
    by `prose_paragraphs`)."""
    m = DEFINITIONS.search(text)
    if m:
        text = text[: m.start()]
    text = _BANNER.sub("", text)
    cells = page_cells(text)
    pairs = pipe_continuations(text.splitlines())

    # title and the page's own date come first in every rendering
    head = [c for c in cells[:8] if c.numbers is None]
    title = head[0].text if head else ""
    banner = next((c.text for c in cells[:8] if parse_date(c.text)), "")

    blocks: list[Block] = []
    captions: list[tuple[str, int, bool]] = []

    caption = ""
    caption_idx = -1
    header: list[str] = []
    rows: list[Row] = []
    context: list[str] = []
    # the headings' lines as printed (a heading wrapped over lines is one heading in `context`)
    context_lines: list[str] = []
    label: str | None = None
    label_lines: list[str] = []
    label_line = 0
    label_bare = False
    shares = False  # the header names a share column after each amount column ("$ | %")
    units: list[str] = []  # that unit row, one "$" or "%" a column, when it is printed
    filled = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pipe_page = sum(ln.startswith("|") and ln != "|" for ln in filled) >= 0.5 * max(len(filled), 1)
    values: list[Number | None] = []

    last_was_row = False
    continues: list[str] = []  # the lines of the half-tables before this one (see columns_header)
    above: list[Row] = []  # rows of the tables above printed under the same header

    def flush_row() -> None:
        nonlocal label, values, last_was_row, header, context, rows, above, context_lines, continues
        if rows and unit_and_years_row(label, values, header):
            # the next table's unit and years under the first's rows: a new table, its header
            blocks.append(Block(rows=drop_aging_titles(rows), caption=caption, header=header,
                                header_joined=joined_header(header, pairs) if pairs else None,
                                locator=f"table {len(blocks) + 1} (line {rows[0].locator[5:]})",
                                above=above, continues=continues))
            header = [label or "", *(v.text.strip() for v in values)]
            rows, above, continues, context, context_lines = [], [], [], [], []
            label, values, last_was_row = None, [], False
            return
        if label is not None and values:
            if rows and not last_was_row and (glued := glued_total(label)) \
                    and not repeats_header(header, context) \
                    and repeats_header(header, [*context, glued[0]]):
                context, label = [*context, glued[0]], glued[1]  # the repeated header's "Total"
            # the header of a table above this one (two stacked tables a date: "30-59 | … | Total
            # Past Due", then "Total Past Due | Non-Performing | Current | Total") printed again
            earlier = next((b for b in reversed(blocks[-2:]) if b.header != header
                            and repeats_header(b.header, context)), None) \
                if rows and not last_was_row and not repeats_header(header, context) else None
            if rows and not last_was_row and (repeats_header(header, context) or earlier or (
                    pairs and repeats_header(joined_header(header, pairs), context))):
                # the column header printed again under a new period heading: a new table
                rows = drop_aging_titles(rows)
                blocks.append(Block(rows=rows, caption=caption, header=header,
                                    header_joined=joined_header(header, pairs) if pairs else None,
                                    locator=f"table {len(blocks) + 1} (line {rows[0].locator[5:]})",
                                    above=above, continues=continues))
                above, continues = [*earlier.above, *earlier.rows] if earlier else [*above, *rows], []
                # the second of a date's stacked tables, its header printed again under the next
                # date's first table, is under that table's date ("December 31, 2024" over both)
                dated = [h for h in header if find_dates(h)] if earlier else []
                header = broken_like(earlier.header if earlier else header, context)
                if dated and not any(find_dates(h) for h in header):
                    header = [*dated, *header]
                rows, context, context_lines = [], [], []
            elif rows and not last_was_row and columns_header(context_lines, rows, label):
                # other columns' header between two tables of the same lines (classes split
                # over two half-tables, the Total in the second): the rows below are another table
                blocks.append(Block(rows=drop_aging_titles(rows), caption=caption, header=header,
                                    header_joined=joined_header(header, pairs) if pairs else None,
                                    locator=f"table {len(blocks) + 1} (line {rows[0].locator[5:]})",
                                    above=above, continues=continues))
                continues = [*continues, *(r.label for r in rows)]
                # the date over the first table is the whole table's
                header = [*(h for h in header if find_dates(h)), *context_lines]
                rows, above, context, context_lines = [], [], [], []
            # a share printed beside each amount ("80.0" / "%"), or in a column the unit row
            # heads "%" ("$ | % | $ | %" over "364,759 81.2 479,146 86.4"): the amounts are the table's
            by_unit = shares and "$" in units and len(values) == len(units)
            amounts = [v for v, u in zip(values, units, strict=True) if u != "%"] if by_unit else (
                [v for v in values if v is None or not v.percent] if shares else [])
            if not rows and (glued := header_total_glued(header, label, len(values))
                             or header_share_glued(label, values)):
                header.append(glued[0])
                label = glued[1]
            elif not rows and (amounts_only := header_total_row(header, label, values)) is not None:
                header, values = [*header, label], amounts_only  # the header's "Total", the row's too
            rows.append(Row(label=label, values=amounts or list(values), locator=f"line {label_line}",
                            context=list(context)))
            last_was_row = True
        label, values = None, []

    def add_heading(text: str) -> None:
        # member / sub-heading lines above rows; a new group starts after a row
        nonlocal context, last_was_row, context_lines
        if last_was_row:
            context, context_lines = [], []
        context.append(text)
        context_lines.extend(label_lines if text == label and label_lines else [text])
        last_was_row = False

    def close_block(keep_caption: bool = False) -> None:
        nonlocal rows, header, caption, caption_idx, context, last_was_row, shares, units, above, context_lines
        nonlocal continues
        flush_row()
        if not rows:
            return
        shares, units = False, []
        rows = drop_aging_titles(rows)
        blocks.append(Block(rows=rows, caption=caption, header=header,
                            header_joined=joined_header(header, pairs) if pairs else None,
                            locator=f"table {len(blocks) + 1} (line {rows[0].locator[5:]})", above=above,
                            continues=continues))
        above, continues = [], []
        if caption_idx >= 0:
            captions[caption_idx] = (captions[caption_idx][0], captions[caption_idx][1], True)
        rows, header, context, last_was_row, context_lines = [], [], [], False, []
        if not keep_caption:
            caption, caption_idx = "", -1

    rest_of_caption: set[int] = set()  # cells that finish a caption sentence broken over lines
    sign = ""  # a currency sign printed in a cell of its own, waiting for its figure
    for idx, c in enumerate(cells):
        nxt = cells[idx + 1] if idx + 1 < len(cells) else None
        held = sign
        if not c.empty:
            sign = ""  # a sign belongs to the next figure, past empty cells only
        if idx in rest_of_caption:
            caption = f"{caption} {c.text}"
            captions[caption_idx] = (caption, captions[caption_idx][1], False)
            continue
        if c.numbers is not None and MARKER.match(c.text) and (nxt is None or nxt.numbers is None) \
                and (not values or nxt is None or is_narrative(nxt.text)
                     or (rows and len(values) >= max(len(r.values) for r in rows))) \
                and not _lone_movement(label, values, rows, c.text, nxt):
            # "(1)" before a label's figures or before a footnote sentence is a marker, while
            # "(16)" at the end of a row of figures followed by the next label is minus sixteen
            c = Cell(c.text, None, c.line, c.block_break, c.bare)
        elif c.numbers is not None and MARKER.match(c.text) and c.bare and label_bare \
                and label is not None and not values and nxt is not None and not nxt.bare \
                and nxt.numbers is not None:
            # "Allowance … on acceptances" / "(1)" / "| 37": a line with no pipe goes on with the
            # cell above when the figures come after pipes; after a label's own lines, the "(1)"
            # is the label's footnote marker, never a figure
            c = Cell(c.text, None, c.line, c.block_break, c.bare)
        if c.numbers is not None and FOOTNOTE_DIGIT.match(c.text) and rows and values \
                and len(values) >= max(len(r.values) for r in rows) and nxt is not None and is_narrative(nxt.text):
            # "Ending | 429,299 | … | 2,110,231 | 1" then the footnote's sentence: the "1" after a
            # row that has all its columns is the footnote's marker, never a figure
            continue
        if c.empty:
            if label is not None and (rows or values):
                values.append(None)  # the row's cell left empty: its column is known
            continue
        if c.block_break and (rows or label):
            close_block(keep_caption=True)
        if c.numbers is None and not rows and not values and (c.text == "%" or SYMBOL_ONLY.match(c.text)) \
                and not (c.text != "%" and _opens_figure(cells, idx)):
            # the unit row over the columns ("$ | % | $ | %"); a "$" before a figure is the
            # currency of the first row, whose label is open, never a unit of its own
            if c.text == "%" and label is not None and (not units or units[-1] == "%"):
                units.append("$")  # "Amount | %": the open header word heads the amount column
            units.append("%" if c.text == "%" else "$")
        if c.numbers is None and SYMBOL_ONLY.match(c.text) and (rows or label is not None):
            sign = c.text  # a "$" cell before its figure: the figure's currency sign
            continue
        if c.numbers is None and c.text == "%" and not values and not rows:
            shares = True  # the "%" over a column of shares (a "$ | %" unit row), left out below
            continue
        if c.numbers is None and c.text in (")", "%", ")%") and values:
            # the closing parenthesis of "(499" printed in a cell of its own: nothing to repair
            if values[-1] is None:
                continue
            if c.text.startswith(")") and values[-1].repaired:
                values[-1] = replace(values[-1], repaired=False, text=f"{values[-1].text})")
            if c.text.endswith("%"):
                # "80.0" / "%": a share printed beside each amount, never an amount itself
                values[-1] = replace(values[-1], percent=True, text=f"{values[-1].text}%")
            continue
        if c.numbers is not None:
            if label is None:
                # figures before any row label: header years ("2021 2022 2023") or stray cells
                if not rows:
                    header.append(c.text)
                elif values:
                    values.extend(c.numbers)
                elif not last_was_row and context and bare_year(context[-1]) is not None \
                        and all(n.is_year for n in c.numbers):
                    add_heading(c.text)  # the next year of a period heading's years
                continue
            if not values and rows and label is not None and next_table_dates(label, cells, idx):
                saved, label = [*context_lines, label], None  # the next table's dates (next_header.py)
                close_block()
                header = [*saved, c.text]
                continue
            if all(n.is_year for n in c.numbers) and not values and rows and duration_months(label):
                # "Six Months Ended June 30 | 2014 | 2013" after a table's last row: the next
                # period's table's header, never a row of figures named by a period
                add_heading(label)
                add_heading(c.text)
                label = None
                continue
            if all(n.is_year for n in c.numbers) and not values and not rows:
                header.extend([label, c.text])
                label = None
                continue
            if len(c.numbers) == 1 and c.numbers[0].is_year and not values and rows and (nxt is None or nxt.numbers is None) \
                    and max(len(r.values) for r in rows) > 1 and not _line_item(label) and not label_role(label, ALLOWANCE):
                # "Commercial, | Financial, | Real Estate | 2015 | Leasing, etc. | …" after a
                # table's last row: the next period's table's header, its year a heading, never
                # the figure of a row named "Real Estate"
                add_heading(label)
                add_heading(c.text)
                label = None
                continue
            if all(n.is_year for n in c.numbers) and rows and (nxt is None or nxt.numbers is None) \
                    and len(values) >= max(len(r.values) for r in rows):
                # a year after a row that has all its columns, before header words: the
                # heading of the next period's table ("… 121.7 | 2020 | DEALER | …")
                flush_row()
                add_heading(c.text)
                continue
            if len(c.numbers) == 1 and c.numbers[0].is_year and values and not rows and header \
                    and bare_year(header[-1]) is not None and nxt is not None and nxt.numbers is None \
                    and clean_label(nxt.text) == clean_label(label):
                # "2018 | Allowance for doubtful accounts | 263 | … | 2019 | Allowance for doubtful
                # accounts | 245 | …": a year heads each line of the same label, as the one over
                # the first line did; it is the next line's period, never this line's figure
                flush_row()
                add_heading(c.text)
                continue
            first = c.numbers[0]
            values.extend([replace(first, currency=held) if held and not first.currency else first, *c.numbers[1:]])
            continue
        # a text cell
        if MARKER.match(c.text):
            if label is not None and not values:
                label = f"{label} {c.text}"
            continue
        ends_caption = announcing_rest(cells, idx)
        if (is_narrative(c.text) or is_caption(c.text) or ends_caption) and not long_label(c, nxt):
            if label is not None and not values:
                if rows:
                    add_heading(label)
                else:
                    header.append(label)
                label = None
            close_block()
            if is_caption(c.text) or ends_caption:
                # the sentence's start broken over the bare lines above ("… the allowance for
                # doubtful accounts relating to" / "trade accounts and notes receivable for the
                # years ended" / "March 31, 2017 … are as follows:"): it says what the table is about
                text = " ".join([*(cells[j].text for j in sentence_start(cells, idx)), c.text])
                if caption_idx >= 0 and not captions[caption_idx][2]:
                    # a title line straight before its caption sentence: one caption
                    captions.pop(caption_idx)
                    caption = f"{caption} — {text}"
                else:
                    caption = text
                captions.append((caption, c.line, False))
                caption_idx = len(captions) - 1
                rest_of_caption = caption_rest(cells, idx)
                if not TITLE.match(c.text):
                    # before a caption sentence comes the page's preamble, not this table's header;
                    # a title line ("Movement of allowance…") may sit between a header and its rows
                    header = []
            elif not rows:
                caption, caption_idx = "", -1  # running text: the announced table is not here
            continue
        if label is not None and rows and label.rstrip().endswith(",") and not any(values) \
                and find_dates(c.text):
            # a row label broken after its comma ("Balance," / "December 31, 2015"), the
            # row's cells left empty on the first line: one label, never a heading and a date
            label, values = f"{label} {c.text}", []
            continue
        if label is not None and values:
            flush_row()
        elif label is not None and rows and c.text[:1].islower():
            # a row label wrapped over two lines ("Transfer to allowance for unfunded" /
            # "lending commitments"): one label
            label = f"{label} {c.text}"
            label_lines.append(c.text)
            continue
        elif label is not None and rows and _line_item(label) and (_line_item(c.text) or find_dates(c.text)) \
                and not _in_header(label, joined_header(header, pairs) if pairs else header) \
                and not any(_in_header(label, b.header) for b in blocks[-2:]) \
                and not (pipe_page and (label_bare or c.bare)) \
                and (last_was_row or len(context) < 2 or not any(TOTAL_LINE.match(h) for h in context)):
            # a line item whose cells were all left out, between two line items ("60-89 Days
            # Past Due" with nothing under it, then "90 Days or More"): an empty row, not a
            # heading; footing may prove its cells nil. Where every cell opens with "|", a line
            # without one is the rest of a wrapped header cell ("|Accruing" / "loans" / "past due").
            # After two headings or more, a total's among them ("Total Past Due | Total
            # Non-Performing | Current | Total …" under a table's Total row), it is one more
            # column name of the next table's header, never an empty row
            rows.append(Row(label=label, values=[], locator=f"line {label_line}", context=list(context)))
            last_was_row = True
        elif label is not None:
            # a text cell with no figures under it: a header fragment or a member heading
            if rows:
                add_heading(label)
            else:
                header.append(label)
        if CURRENCY_ONLY.match(c.text) and not rows:
            header.append(c.text)
            label = None
            continue
        label, label_line, label_bare, label_lines = c.text, c.line, c.bare, [c.text]
    if label is not None and not values:
        label = None  # a trailing heading with nothing under it
    close_block()
    return TextPage(title=title, banner_date=banner, blocks=blocks, captions=captions)


_MOVEMENTS = ("provision", "write_off", "recovery", "other", "net_write_off")


def _lone_movement(label: str | None, values: list, rows: list[Row], text: str, nxt: Cell | None) -> bool:
    """"Foreign currency translation | (1) | Allowance … ending balance | 2,479 | 2,320": a
    rollforward's movement line whose only figure is "(1)", the next line's label after it. A
    heading is never named as a movement, so the "(1)" is its figure (minus one), not a marker."""
    return (label is not None and not values and bool(rows) and nxt is not None and nxt.numbers is None
            and not is_narrative(nxt.text) and text.startswith("(") and text.count("(") == 1
            and label_role(label, ALLOWANCE) in _MOVEMENTS)


def _in_header(text: str, header: list[str]) -> bool:
    """A column's name printed again (the header repeated over the next period's table)."""
    key = clean_label(text).lower()
    return any(clean_label(h).lower() == key for h in header)


def _line_item(text: str) -> bool:
    """An aging or rollforward line ("60-89 Days Past Due", "Nonaccrual", "Total loans",
    "Write-offs"), not a member heading."""
    role = label_role(text, DELINQUENCY)
    return bool(parse_bucket(text)) or role in ("past_due_total", "current", "nonaccrual", "past_due_90_accruing") or (
        role == TOTAL_LOANS and text.strip().lower().startswith("total")) or label_role(text, ALLOWANCE) in (
        "write_off", "recovery", "provision", "net_write_off")


def parse_text(doc: Document) -> tuple[list[Fact], list[str]]:
    """Facts from a plain-text page: its tables and its narrative sentences."""
    page = split_page(doc.text)
    body = page_body(doc.text)
    if note := not_a_loan_book(page.title, body):
        return [], [note]
    place_header_cells(page.blocks, body)  # a two-line header's names by cell position
    ctx = page_context(doc, doc.text, page.title, page.banner_date, page)
    facts: list[Fact] = []
    notes: list[str] = []
    details = details_block(body, page.title)
    books = {} if details else book_names(page.blocks)
    for k, block in enumerate([details] if details else page.blocks):
        f, n = block_facts(block, ctx)
        facts.extend(in_book(f, books[k]) if k in books else f)
        notes.extend(n)
    if details is None:
        facts.extend(totals_from_other_tables(facts, page.blocks, ctx))
        facts.extend(grand_totals(facts, page.blocks))
        facts, listed = totals_listed_as_parts(facts, page.blocks)
        notes.extend(listed)
    # a Details page is one table: its lines of labels and figures are no sentences
    paragraphs = prose_paragraphs(doc.text) if details is None else []
    sentences = narrative_facts(paragraphs, ctx)
    facts = infer_page_scale(facts, sentences, ctx, paragraphs)
    facts, unproven = unproven_years(facts)
    notes.extend(unproven)
    facts, regrouped = regroup_page(facts)
    notes.extend(regrouped)
    facts.extend(sentences)
    for f in facts:
        f.population = f.population or ctx.population
    notes.extend(missing_tables(page.captions))
    if not find_dates(page.banner_date) and not facts:
        notes.append("no period found on the page")
    return facts, notes


def page_body(text: str) -> str:
    """The page without its banner and definitions panel; an R page cut off before that panel
    loses its last line, which may be a row cut in the middle."""
    m = DEFINITIONS.search(text)
    body = text[: m.start()] if m else cut_off(text, complete=False)
    return _BANNER.sub("", body)

