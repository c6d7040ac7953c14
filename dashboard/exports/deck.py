"""The PowerPoint deck of a selection (python-pptx), 16:9.

Slides: a title slide (filers, periods, filings); per disclosure, its chart (the app's figure,
rendered by `images.render`, with the title, notes and source footnote as native text) and a
native, editable table per filer; a closing slide listing every check that failed and every
scale that was inferred or assumed. Without a browser for the static export the chart slides
say how to get one instead of failing the deck.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import date

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard.exports import images
from dashboard.exports.content import (
    ChartItem,
    Report,
    closing_sections,
    filers,
    filings_text,
    periods_text,
    table_footnote,
)
from dashboard.exports.layout import NoteTable, fmt_value

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, 16:9
MARGIN = Inches(0.5)
BODY_W = SLIDE_W - 2 * MARGIN
INK = RGBColor(0x26, 0x27, 0x30)
GREY = RGBColor(0x5F, 0x63, 0x68)
ACCENT = RGBColor(0x2F, 0x4B, 0x7C)
HEADER_FILL = RGBColor(0x2F, 0x4B, 0x7C)
TOTAL_FILL = RGBColor(0xE8, 0xEE, 0xF6)
ROW_FILL = RGBColor(0xFF, 0xFF, 0xFF)
FONT = "Calibri"

# the chart picture: 96 layout px per inch of slide, rendered at 2× for a sharp projection
PX_PER_IN = 96
PIC_TOP, PIC_BOTTOM = Inches(1.75), Inches(6.45)
TABLE_TOP, TABLE_BOTTOM = Inches(1.8), Inches(6.45)  # the footnote starts at 6.55 in

Renderer = Callable[[go.Figure, int, int], bytes]

DISCLOSURE_NAMES = {"delinquency": "Delinquency", "allowance": "Provision vs write-off",
                    "guarantee": "Guarantee exposure"}


def _png(fig: go.Figure, width: int, height: int) -> bytes:
    return images.render(fig, "png", width=width, height=height, scale=2)


def build_deck(report: Report, *, renderer: Renderer | None = _png,
               title: str | None = None, today: date | None = None,
               problems: list[str] | None = None) -> bytes:
    """The deck as .pptx bytes. `renderer=None` leaves the charts out (a note says why);
    why charts could not be drawn is also appended to `problems` when given."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    names = filers(report.facts)
    whole = title or ("Credit quality review — " + _names(names))
    prs.core_properties.title = whole
    prs.core_properties.subject = "Loan aging, allowance rollforward, guarantee exposure"
    prs.core_properties.author = "credit-notes-dashboard"
    _title_slide(prs, report, whole, names, today or date.today())
    missing_images: str | None = None
    overflow: Overflow = []
    for _, items, tables in report.sections:
        for item in items:
            missing_images = _chart_slide(prs, item, renderer, missing_images, overflow)
        for table in tables:
            _table_slide(prs, table, report, overflow)
    sections = closing_sections(report) + overflow_section(prs, overflow)
    if missing_images:
        sections.append(("Charts not drawn", [missing_images]))
        if problems is not None:
            problems.append(missing_images)
    closing_slides(prs, sections)
    return numbered_bytes(prs)


def numbered_bytes(prs: Presentation) -> bytes:
    """The deck as .pptx bytes, every slide after the cover numbered at its foot."""
    for i, slide in enumerate(prs.slides, start=1):
        if i > 1:
            _text(slide, SLIDE_W - MARGIN - Inches(1.0), SLIDE_H - Inches(0.42), Inches(1.0),
                  Inches(0.3), str(i), size=10, color=GREY, align=PP_ALIGN.RIGHT,
                  name="Slide number")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _names(names: Sequence[str]) -> str:
    if not names:
        return "no filer loaded"
    if len(names) <= 3:
        return ", ".join(names)
    return f"{len(names)} filers"


# ─── text helpers ───────────────────────────────────────────────────────────────────────────

def _text(slide: Slide, left: Emu, top: Emu, width: Emu, height: Emu, text: str, *,
          size: float = 14, color: RGBColor = INK, bold: bool = False,
          align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
          name: str | None = None) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.02)
    for i, line in enumerate(text.split("\n")):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        _font(run.font, size, color, bold)


def _font(font, size: float, color: RGBColor, bold: bool = False) -> None:  # noqa: ANN001
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color


def _title_size(text: str) -> int:
    n = len(text)
    return 28 if n <= 60 else 24 if n <= 95 else 20


def _slide_with_title(prs: Presentation, title: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = MARGIN, Inches(0.3), BODY_W, Inches(1.0)
    tf = t.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.BOTTOM
    tf.text = title
    for p in tf.paragraphs:
        p.alignment = PP_ALIGN.LEFT
        for r in p.runs:
            _font(r.font, _title_size(title), ACCENT, bold=True)
    return slide


FOOTNOTE_SIZES = (10, 9, 8, 7)  # type smaller than 7 pt is not read in a committee room
CONTINUED = "Sources and notes continued from the slides"
Overflow = list[tuple[Slide, str]]  # (slide, its whole footnote) for what did not fit on it
# where a footnote may be cut: after a clause, or a sentence ("Inc." and "Co." end no sentence)
_CUT = re.compile(r"(?<=;)\s+|(?<!\bInc\.)(?<!\bCo\.)(?<!\bLtd\.)(?<!\bCorp\.)(?<=\.)\s+(?=[A-Z])")


def fits(text: str, width_in: float, height_in: float, size: float) -> bool:
    """Whether `text` wraps into a box of this size at `size` points: a character is about
    half an em wide, a line 1.2 em high."""
    per_line = max(1, int(width_in * 72 / (size * 0.5)))
    return -(-len(text) // per_line) * size * 1.2 / 72 <= height_in


def fit_size(text: str, width_in: float, height_in: float,
             sizes: Sequence[float] = (10, 9, 8, 7, 6)) -> float:
    """The largest type (points) at which `text` wraps into a box of this size."""
    return next((size for size in sizes if fits(text, width_in, height_in, size)), sizes[-1])


FOOT_TOP, FOOT_HEIGHT = Inches(6.55), Inches(0.8)


def footnote(slide: Slide, text: str, overflow: Overflow | None, *, top: Emu = FOOT_TOP,
             height: Emu = FOOT_HEIGHT) -> None:
    """The slide's source footnote, at 7 pt or larger. What does not fit at 7 pt is cut after
    the last whole sentence (or clause) that does, says where it goes on, and is given whole on
    the closing slides (and in the slide's notes), so no source is lost and none is unreadable."""
    width = BODY_W - Inches(1.1)
    w_in, h_in = width / 914400, height / 914400
    size = fit_size(text, w_in, h_in, FOOTNOTE_SIZES)
    if not fits(text, w_in, h_in, size) and overflow is not None:
        pointer = f" Continued under “{CONTINUED}” at the end."
        kept = ""
        for piece in _CUT.split(text):
            longer = f"{kept} {piece}".strip()
            if not fits(longer + pointer, w_in, h_in, FOOTNOTE_SIZES[-1]):
                break
            kept = longer
        overflow.append((slide, text))
        slide.notes_slide.notes_text_frame.text = text
        text, size = kept + pointer, FOOTNOTE_SIZES[-1]
    _text(slide, MARGIN, top, width, height, text, size=size, color=GREY, anchor=MSO_ANCHOR.TOP,
          name="Source footnote")


def overflow_section(prs: Presentation, overflow: Overflow) -> list[tuple[str, list[str]]]:
    """The closing section that gives each cut footnote whole, by slide number and title, in
    paragraphs of whole clauses short enough to page."""
    if not overflow:
        return []
    at = {id(s): k for k, s in enumerate(prs.slides, start=1)}
    lines: list[str] = []
    for slide, text in overflow:
        title = slide.shapes.title.text if slide.shapes.title else ""
        para = f"Slide {at[id(slide)]}, {title}:"
        for piece in _CUT.split(text):
            if len(para) + len(piece) > 8 * CHARS_PER_LINE:
                lines.append(para)
                para = "… "
            para = f"{para} {piece}"
        lines.append(para)
    return [(CONTINUED, lines)]


# ─── slides ─────────────────────────────────────────────────────────────────────────────────

def cover_slide(prs: Presentation, title: str, *, top: float, height: float, size: int
                ) -> Slide:
    """A title slide with its title set bottom-left in the accent colour (the deck's and the
    committee pack's covers); the caller fills the subtitle placeholder."""
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = MARGIN, Inches(top), BODY_W, Inches(height)
    t.text_frame.word_wrap = True
    t.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    t.text = title
    for p in t.text_frame.paragraphs:
        p.alignment = PP_ALIGN.LEFT
        for r in p.runs:
            _font(r.font, size, ACCENT, bold=True)
    return slide


def _title_slide(prs: Presentation, report: Report, title: str, names: Sequence[str],
                 today: date) -> None:
    slide = cover_slide(prs, title, top=1.6, height=1.9, size=36 if len(title) <= 70 else 30)
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = MARGIN, Inches(3.75), BODY_W, Inches(2.9)
    f = report.facts
    lines = [
        "Loan aging, allowance rollforward (provision vs write-off) and maximum guarantee "
        "exposure, as reported in the filings' credit-quality notes",
        "Filers: " + ("; ".join(names) if names else "none"),
        "Periods: " + periods_text(f),
    ]
    filings = filings_text(report.sources, f)
    if filings:
        lines.append("Filings: " + filings)
    n_src = f["source"].nunique()
    read = len(report.sources) if "source" in report.sources.columns else 0
    of = f" of {read} read" if read > n_src else ""
    lines.append(f"{len(f):,} figures from {n_src}{of} source{'s' if (read or n_src) != 1 else ''}"
                 f" · prepared {today.isoformat()} · sources and scales on each slide's footnote")
    tf = sub.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.alignment = PP_ALIGN.LEFT
        p.space_after = Pt(6)
        for r in p.runs:
            _font(r.font, 18 if i == 0 else 15, INK if i == 0 else GREY)


def _chart_slide(prs: Presentation, item: ChartItem, renderer: Renderer | None,
                 missing: str | None, overflow: Overflow) -> str | None:
    slide = _slide_with_title(prs, item.title)
    if item.subtitle:
        notes = item.subtitle[:1].upper() + item.subtitle[1:]
        _text(slide, MARGIN, Inches(1.3), BODY_W, Inches(0.45), notes, size=13,
              color=GREY, name="Chart notes")
    missing = place_chart(slide, images.slide_style(item.figure), item.key, renderer, missing,
                          box=(MARGIN, PIC_TOP, BODY_W, PIC_BOTTOM - PIC_TOP), what="deck")
    footnote(slide, item.footnote, overflow)
    return missing


def place_chart(slide: Slide, fig: go.Figure, key: str, renderer: Renderer | None,
                missing: str | None, *, box: tuple[Emu, Emu, Emu, Emu], what: str,
                size: int = 18) -> str | None:
    """The chart as a picture in `box`, or a line saying why it was not drawn.

    Returns why charts are missing (the first failure stops the others being tried)."""
    left, top, width, height = box
    picture: bytes | None = None
    if renderer is not None and missing is None:
        try:
            picture = renderer(fig, round(width / 914400 * PX_PER_IN),
                               round(height / 914400 * PX_PER_IN))
        except images.ImageExportError as exc:
            missing = str(exc)
    elif renderer is None:
        missing = missing or f"Chart images were not requested for this {what}."
    if picture is not None:
        pic = slide.shapes.add_picture(io.BytesIO(picture), left, top, width, height)
        pic.name = f"Chart: {key}"
    else:
        _text(slide, left, top + Inches(1.5), width, Inches(1.2),
              f"Chart not drawn. {missing}", size=size, color=GREY, align=PP_ALIGN.CENTER,
              anchor=MSO_ANCHOR.MIDDLE, name="Chart missing")
    return missing


def _table_slide(prs: Presentation, table: NoteTable, report: Report, overflow: Overflow) -> None:
    slide = _slide_with_title(prs, table.title)
    n_rows, n_cols = len(table.rows) + 1, len(table.periods) + 1
    subtitle = (f"{table.unit} unless marked; " +
                ("balances at each date" if table.disclosure != "allowance"
                 else f"{table.columns_note}; write-offs shown negative as they reduce the "
                      "allowance"))
    _text(slide, MARGIN, Inches(1.3), BODY_W, Inches(0.4), subtitle, size=13, color=GREY,
          name="Table notes")
    texts = [fmt_value(v, row.kind, table.divisor, table.decimals)
             for row in table.rows for v in row.values] + list(table.periods)
    labels = [table.unit] + [row.display_label(table) for row in table.rows]
    longest = max((len(t) for t in texts), default=4)
    # the largest type at which every figure fits its cell on one line and the rows (a long
    # label wraps onto a second line) end above the footnote
    for size in (14, 13, 12, 11, 10, 9):
        size, label_w, col_w = table_widths(longest, n_cols - 1, size)
        row_h = Inches(size * 0.026)
        per_line = max(1, int((label_w / 914400 - 0.16) * 72 / (size * 0.5)))
        lines = sum(-(-len(lab) // per_line) for lab in labels)
        if row_h * n_rows + Inches(size * 0.017) * (lines - n_rows) <= TABLE_BOTTOM - TABLE_TOP:
            break
    width = label_w + col_w * (n_cols - 1)
    shape = slide.shapes.add_table(n_rows, n_cols, MARGIN, TABLE_TOP, width, row_h * n_rows)
    shape.name = f"Table: {table.disclosure} {table.entity}"
    tbl = shape.table
    tbl.first_row, tbl.horz_banding = True, False
    tbl.columns[0].width = label_w
    for j in range(1, n_cols):
        tbl.columns[j].width = col_w
    for i in range(n_rows):
        tbl.rows[i].height = row_h
    _cell(tbl.cell(0, 0), table.unit, size, bold=True, fill=HEADER_FILL,
          color=RGBColor(0xFF, 0xFF, 0xFF))
    for j, period in enumerate(table.periods, start=1):
        _cell(tbl.cell(0, j), period, size, bold=True, fill=HEADER_FILL,
              color=RGBColor(0xFF, 0xFF, 0xFF), align=PP_ALIGN.RIGHT)
    dec = table.decimals
    for i, row in enumerate(table.rows, start=1):
        label = row.display_label(table)
        fill = TOTAL_FILL if row.total else ROW_FILL
        _cell(tbl.cell(i, 0), label, size, bold=row.total, fill=fill,
              color=GREY if row.derived else INK, italic=row.derived)
        for j, v in enumerate(row.values, start=1):
            _cell(tbl.cell(i, j), fmt_value(v, row.kind, table.divisor, dec), size,
                  bold=row.total, fill=fill, align=PP_ALIGN.RIGHT,
                  color=GREY if row.derived else INK, italic=row.derived)
    footnote(slide, table_footnote(table, report), overflow)


def table_widths(longest: int, n_values: int, size: float) -> tuple[float, Emu, Emu]:
    """(font size, label column width, value column width) so that the longest figure fits
    on one line of its cell: the label column gives way first (down to 2.8 in), then the
    type gets smaller (down to 9 pt). Digits are about 0.6 em wide."""
    n = max(n_values, 1)
    while True:
        need = Inches(longest * size * 0.62 / 72 + 0.2)
        label_w = min(Inches(5.2), max(Inches(2.8), int(BODY_W - need * n)))
        col_w = min(Inches(1.9), int((BODY_W - label_w) / n))
        if col_w >= need or size <= 9:
            return size, Emu(label_w), Emu(max(col_w, need if size <= 9 else col_w))
        size -= 1


def _cell(cell, text: str, size: float, *, bold: bool = False,  # noqa: ANN001
          fill: RGBColor = ROW_FILL, color: RGBColor = INK, align: PP_ALIGN = PP_ALIGN.LEFT,
          italic: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf = cell.text_frame
    tf.word_wrap = True
    tf.text = text
    p = tf.paragraphs[0]
    p.alignment = align
    for r in p.runs:
        _font(r.font, size, color, bold)
        r.font.italic = italic


CLOSING_BUDGET = 22  # rendered lines of 12 pt text per closing slide
CHARS_PER_LINE = 125


def _lines(text: str) -> int:
    return max(1, -(-len(text) // CHARS_PER_LINE))


def closing_slides(prs: Presentation, sections: list[tuple[str, list[str]]],
                   title: str = "Checks and assumptions behind these figures") -> list[Slide]:
    """One slide (or more, continued) listing each section's lines."""
    pages: list[list[tuple[str, bool]]] = [[]]
    used = 0.0
    for head, lines in sections:
        if used + 1.6 + _lines(lines[0] if lines else "") > CLOSING_BUDGET and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append((head, True))
        used += 1.6
        for line in lines:
            if used + _lines(line) > CLOSING_BUDGET:
                pages.append([(head + " (continued)", True)])
                used = 1.6
            pages[-1].append((line, False))
            used += _lines(line) + 0.15
    slides = []
    for k, page in enumerate(pages):
        slide = _slide_with_title(prs, title + (" (continued)" if k else ""))
        slides.append(slide)
        box = slide.shapes.add_textbox(MARGIN, Inches(1.45), BODY_W, Inches(5.6))
        box.name = "Checks and assumptions"
        tf = box.text_frame
        tf.word_wrap = True
        for i, (text, is_head) in enumerate(page):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.space_before = Pt(10 if is_head and i else 2)
            run = p.add_run()
            run.text = text if is_head else "•  " + text
            _font(run.font, 16 if is_head else 12, ACCENT if is_head else INK, bold=is_head)
    return slides
