"""HTML: EDGAR Financial Report pages (`table.report`) and the ordinary HTML tables of notes.

An R page's own table gives exact columns (the `th` header cells, colspans expanded), row
concepts (`onclick="Show.showAR( this, 'defref_us-gaap_…'"`), member heading rows (`tr.rh`)
and the page's units in its top-left header cell ("CNY (¥) ¥ in Thousands"). Tables nested in a
text block, and the tables of any other HTML, are read like their text renderings: header
fragments, then rows of a label and its figures, with "$", "(" and ")" cells glued back on.
"""

from __future__ import annotations

import re

from lxml import etree, html

from dashboard.extract.limits import html_span, safe_html_parser
from dashboard.extract.listed_parts import totals_listed_as_parts
from dashboard.extract.narrative import narrative_facts
from dashboard.extract.normalise import block_facts
from dashboard.extract.page_passes import regroup_page
from dashboard.extract.rollforward_years import unproven_years
from dashboard.extract.scale import infer_page_scale
from dashboard.extract.table import Block, PageContext, Row, population_in_title
from dashboard.model.dates import parse_date
from dashboard.model.documents import Document, fiscal_focus
from dashboard.model.errors import MalformedContent, UnreadableFile
from dashboard.model.numbers import Number, number_tokens, parse_number
from dashboard.model.schema import Fact
from dashboard.model.units import ISO_WITH_SYMBOL, currency_in, currency_of, scale_statements

_DEFREF = re.compile(r"defref_([A-Za-z0-9-]+)_([A-Za-z0-9_=\-]+)")
_GLUE_BEFORE = {"$", "(", "¥", "RMB", "US$", "HK$", "€", "£", "($", "(¥"}
_GLUE_AFTER = {")", "%", ")%", "%)"}


_STRING = etree.XPath("string()", smart_strings=False)  # what lxml.html's text_content() runs


def _text(el: etree._Element) -> str:
    # str.split() splits on exactly the characters `\s` matches (NBSP included): the same as
    # collapsing whitespace runs with a regex and stripping, at a quarter of the cost
    return " ".join(_STRING(el).split())


def _parse_tree(doc: Document) -> etree._Element:
    parser = safe_html_parser(element_classes=False)
    text = doc.text
    if text.lstrip().startswith("<?xml"):
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    if not text.strip():
        raise UnreadableFile(doc.source, "the file is empty")
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise MalformedContent(doc.source, f"the HTML could not be read ({exc})") from exc
    return root


_DEI_META = {"dei:EntityRegistrantName": "entity", "dei:DocumentType": "form",
             "dei:DocumentPeriodEndDate": "period", "dei:EntityCentralIndexKey": "cik",
             "dei:DocumentFiscalYearFocus": "fiscal_year_focus",
             "dei:DocumentFiscalPeriodFocus": "fiscal_period_focus"}


def read_dei(root: etree._Element, doc: Document) -> None:
    """Fill the document's filer, form, period and fiscal focus from an R page's dei rows (the
    cover page)."""
    for a in root.iter("a"):
        concept = concept_of(a.get("onclick", ""))
        field_name = _DEI_META.get(concept)
        if not field_name or getattr(doc.meta, field_name):
            continue
        td = a.getparent()
        while td is not None and td.tag != "td":
            td = td.getparent()
        cell = td.getnext() if td is not None else None
        while cell is not None and not _text(cell):
            cell = cell.getnext()
        if cell is None:
            continue
        value = _text(cell)
        if field_name == "period":
            d = parse_date(value)
            value = d.isoformat() if d else ""
        elif field_name.startswith("fiscal_"):
            value = fiscal_focus(field_name, value)
        setattr(doc.meta, field_name, value)


def concept_of(onclick: str) -> str:
    """`us-gaap:FinancingReceivablePastDue` from an R page row's onclick handler."""
    m = _DEFREF.search(onclick or "")
    if not m:
        return ""
    return f"{m.group(1)}:{m.group(2)}"


# ---------------------------------------------------------------------------------------------
# R page tables
# ---------------------------------------------------------------------------------------------
def _report_block(table: etree._Element, index: int) -> tuple[Block, str]:
    """The block of one `table.report` and its top-left header text (title and units)."""
    header_rows: list[list[tuple[str, int]]] = []
    tl = ""
    rows: list[Row] = []
    context: list[str] = []
    last_was_row = False
    for tr in table.iter("tr"):
        ths = [c for c in tr if isinstance(c.tag, str) and c.tag == "th"]
        if ths:
            cells = []
            for th in ths:
                cls = th.get("class", "")
                if "tl" in cls.split():
                    tl = _text(th)
                    continue
                # the cell's lines ("Dec. 31, 2019" over "CNY (¥)") apart, not glued
                lines = " ".join(t.strip() for t in th.itertext() if t.strip())
                cells.append((re.sub(r"\s+", " ", lines), html_span(th.get("colspan"))))
            if cells:
                header_rows.append(cells)
            continue
        tds = [c for c in tr if isinstance(c.tag, str) and c.tag == "td"]
        if not tds:
            continue
        label_td = next((td for td in tds if "pl" in td.get("class", "").split()), None)
        if label_td is None:
            continue  # footnote rows and spacer rows
        label = _text(label_td)
        anchor = label_td.find(".//a")
        concept = concept_of(anchor.get("onclick", "") if anchor is not None else "")
        value_tds = [td for td in tds if td is not label_td and "fn" not in td.get("class", "").split()
                     and td.get("class", "") in ("nump", "num", "text", "nump fn", "")]
        values: list[Number | None] = []
        for td in value_tds:
            t = _text(td)
            values.append(parse_number(re.sub(r"\s*\[\d+\]\s*$", "", t)) if t else None)
        cls = tr.get("class", "")
        is_member = cls == "rh" or "Axis=" in concept
        blank_line_item = not is_member and bool(values) and bool(concept) and not re.search(
            r"(Abstract|LineItems|Table|Axis|Domain|Member)$", concept)
        if (is_member or not any(v is not None for v in values)) and not blank_line_item:
            if not is_member:
                continue  # an abstract or line-items heading, not a member of an axis
            if last_was_row:
                context = []
            context.append(label)
            last_was_row = False
            continue
        rows.append(Row(label=label, values=values, concept=concept, context=list(context),
                        locator=f"row {len(rows) + 1}"))
        last_was_row = True

    columns = _expand_columns(header_rows)
    n = max((len(r.values) for r in rows), default=0)
    if len(columns) != n:
        columns = (columns + [""] * n)[:n]
    block = Block(rows=rows, caption=_title_of(tl), columns=columns,
                  locator=f"table {index} (R page)")
    return block, tl


def _expand_columns(header_rows: list[list[tuple[str, int]]]) -> list[str]:
    """Per-column header text, with colspans expanded ("12 Months Ended | Dec. 31, 2023")."""
    if not header_rows:
        return []
    width = max(sum(span for _, span in row) for row in header_rows)
    grid: list[list[str]] = []
    for row in header_rows:
        expanded: list[str] = []
        for text, span in row:
            expanded.extend([text] * span)
        if len(expanded) < width:
            # a short row (the dates row under a spanning "12 Months Ended") fills from the left
            expanded += [""] * (width - len(expanded))
        grid.append(expanded)
    return [" | ".join(x for x in (g[i] for g in grid) if x) for i in range(width)]


def _title_of(tl: str) -> str:
    # "Loans Receivable, Net (Details) - CNY (¥) ¥ in Thousands" → the title part
    return re.split(r"\s+-\s+(?=[A-Z]{3}\s*\()", tl, maxsplit=1)[0].strip()


# ---------------------------------------------------------------------------------------------
# Ordinary HTML tables (inside text blocks, exhibits, notes)
# ---------------------------------------------------------------------------------------------
def _glued_cells(tr: etree._Element) -> list[str]:
    """The row's non-empty cell texts, with "$", "(" and ")" cells glued to their figure."""
    raw = [_text(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
    out: list[str] = []
    pending = ""
    for t in raw:
        if not t:
            continue
        if t in _GLUE_BEFORE:
            if _UNIT_WORD.fullmatch(pending):
                out.append(pending)  # a unit row ("RMB | RMB | US$"): no figure follows the word
                pending = ""
            pending += t
            continue
        if t in _GLUE_AFTER and out:
            out[-1] += t
            continue
        out.append(pending + t)
        pending = ""
    if _UNIT_WORD.fullmatch(pending):
        out.append(pending)
    return out


_UNIT_WORD = re.compile(r"[A-Za-z]{2,}\$?")


def _plain_block(table: etree._Element, index: int, caption: str) -> Block | None:
    header: list[str] = []
    rows: list[Row] = []
    context: list[str] = []
    last_was_row = False
    for r_i, tr in enumerate(table.iter("tr"), start=1):
        cells = _glued_cells(tr)
        if not cells:
            continue
        label_parts: list[str] = []
        values: list[Number] = []
        for cell in cells:
            nums = number_tokens(cell)
            if nums is None or (not values and not label_parts and all(n.is_year for n in nums)):
                if values:
                    break  # text after the figures: a note column; keep what we have
                if nums is not None:
                    label_parts.append(cell)
                else:
                    label_parts.append(cell)
                continue
            values.extend(nums)
        label = " ".join(label_parts)
        if values and label and not (all(n.is_year for n in values) and not rows):
            rows.append(Row(label=label, values=list(values), context=list(context),
                            locator=f"row {r_i}"))
            last_was_row = True
        elif values and not label and rows:
            continue
        elif not rows:
            header.extend(cells)
        else:
            if last_was_row:
                context = []
            context.append(label or " ".join(cells))
            last_was_row = False
    if not rows:
        return None
    return Block(rows=rows, caption=caption, header=header, locator=f"table {index}")


def _caption_before(table: etree._Element) -> str:
    """The nearest preceding paragraph text, when it introduces the table."""
    prev = table.getprevious()
    hops = 0
    while prev is not None and hops < 4:
        if isinstance(prev.tag, str) and prev.tag != "table":
            t = _text(prev)
            if t:
                return t[-300:]
        prev = prev.getprevious()
        hops += 1
    parent = table.getparent()
    if parent is not None and parent.tag in ("div", "span", "td") and hops < 4:
        return _caption_before(parent) if parent.getparent() is not None else ""
    return ""


_BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                         "table", "ul", "ol", "center", "blockquote"})


def _skipped(el: etree._Element) -> bool:
    """Data tables are read as tables; of an R page's own table only text-block cells are prose."""
    if el.tag == "table":
        return "report" not in (el.get("class") or "").split()
    if el.tag == "td":
        return "text" not in (el.get("class") or "").split() and el.getparent() is not None \
            and _in_report(el)
    return el.tag in ("script", "style", "head")


def _in_report(td: etree._Element) -> bool:
    table = td.getparent().getparent() if td.getparent() is not None else None
    return table is not None and table.tag == "table" and "report" in (table.get("class") or "").split()


def _paragraphs(root: etree._Element) -> list[str]:
    """Running text outside data tables, one string per block element, in one pass."""
    out: list[str] = []
    buf: list[str] = []
    skip: etree._Element | None = None

    def flush() -> None:
        if buf:
            t = " ".join("".join(buf).split())
            if len(t) >= 40 and any(map(str.isdigit, t)):
                out.append(t)
            buf.clear()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            if event == "end" and skip is None and el.tail:
                buf.append(el.tail)
            continue
        if event == "start":
            if skip is not None:
                continue
            if _skipped(el):
                skip = el
                flush()
                continue
            if el.tag in _BLOCK_TAGS:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if skip is el:
                skip = None
            elif skip is not None:
                continue
            elif el.tag in _BLOCK_TAGS:
                flush()
            if el.tail and skip is None:
                buf.append(el.tail)
    flush()
    return out


# ---------------------------------------------------------------------------------------------
def parse_html(doc: Document, kind: str) -> tuple[list[Fact], list[str]]:
    """Facts from an R page or any HTML fragment: its tables, then its narrative."""
    root = _parse_tree(doc)
    reports = [t for t in root.iter("table") if "report" in (t.get("class") or "").split()]
    if reports and "defref_dei_" in doc.text[:200000]:
        read_dei(root, doc)
    blocks: list[Block] = []
    tl_texts: list[str] = []
    for i, t in enumerate(reports, start=1):
        b, tl = _report_block(t, i)
        tl_texts.append(tl)
        if b.rows:
            blocks.append(b)
    # tables inside text blocks, or the tables of a plain HTML document
    nested = [t for t in root.iter("table") if t not in reports]
    for j, t in enumerate(nested, start=len(blocks) + 1):
        if t.find(".//table") is not None:
            continue  # a layout table around other tables
        b2 = _plain_block(t, j, _caption_before(t))
        if b2 is not None:
            blocks.append(b2)

    head = " ".join(tl_texts) or _text(root)[:600]
    title_el = root.find(".//title")
    title = _title_of(tl_texts[0]) if tl_texts else (_text(title_el) if title_el is not None else "")
    scales = scale_statements(head)
    unit = ISO_WITH_SYMBOL.search(head)
    if not scales and unit and currency_of(unit["iso"]) and reports:
        scales = {currency_of(unit["iso"]): 1}
    if not scales and reports:
        # the currencies named only in the column headers ("Dec. 31, 2019 CNY (¥)", "USD ($)")
        # and no "in Thousands" anywhere: EDGAR's renderer prints a scale when there is one,
        # so each currency is in whole units, as stated
        cols = " ".join(c for b in blocks for c in (b.columns or []))
        # (the header cell's lines come glued: "Dec. 31, 2019CNY (¥)")
        named = {currency_of(m[1]) for m in re.finditer(r"([A-Z]{3}) \([^)\s]{1,3}\)", cols)} - {""}
        if named and not scale_statements(cols):
            scales = dict.fromkeys(sorted(named), 1)
    first_date = next((d for d in (parse_date(c) for b in blocks for c in (b.columns or [])) if d), None)
    ctx = PageContext(
        entity=doc.meta.entity or doc.stem, source=doc.source, title=title,
        fiscal_end=(first_date.month, first_date.day) if first_date else (12, 31),
        scales=scales, currency=currency_in(head) or (currency_of(unit["iso"]) if unit else ""),
        period=first_date,
        population=population_in_title(title),
    )
    facts: list[Fact] = []
    notes: list[str] = []
    for b in blocks:
        if b.columns is None and not b.header and not b.caption:
            b.caption = title
        f, n = block_facts(b, ctx)
        facts.extend(f)
        notes.extend(n)
    facts, listed = totals_listed_as_parts(facts, blocks)
    notes.extend(listed)
    sentences = narrative_facts(_paragraphs(root), ctx) if kind != "ixbrl" else []
    facts = infer_page_scale(facts, sentences, ctx)
    facts, unproven = unproven_years(facts)
    notes.extend(unproven)
    facts, regrouped = regroup_page(facts)
    notes.extend(regrouped)
    facts.extend(sentences)
    for f in facts:
        f.population = f.population or ctx.population
    return facts, notes
