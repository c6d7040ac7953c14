"""The pack as a deck (.pptx): a title slide (group, filers, periods, calendar notes); one slide
per ratio with a figure (the peers' lines, the highlighted filer in red, and the ranking at the
latest common period as a native table); a ranking slide (every ratio × filer); a slide of the
ratios not computed and why. Every slide carries the source footnote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from dashboard.analysis import peers
from dashboard.analysis.ratios import BY_KEY
from dashboard.charts import peers as peer_charts
from dashboard.exports import images
from dashboard.exports.deck import (
    ACCENT,
    BODY_W,
    GREY,
    HEADER_FILL,
    MARGIN,
    ROW_FILL,
    SLIDE_H,
    SLIDE_W,
    TOTAL_FILL,
    Overflow,
    _cell,
    _font,
    _slide_with_title,
    _text,
    closing_slides,
    cover_slide,
    footnote,
    numbered_bytes,
    overflow_section,
    place_chart,
)
from dashboard.exports.pack import Pack, bare_chart, ratio_cell, source_footnote
from dashboard.model.display import MISSING

Renderer = Callable[[go.Figure, int, int], bytes]


def _png(fig: go.Figure, width: int, height: int) -> bytes:
    return images.render(fig, "png", width=width, height=height, scale=2)


def _footnote(slide, text: str, overflow: Overflow | None = None) -> None:  # noqa: ANN001
    footnote(slide, text, overflow, top=Inches(6.45), height=Inches(0.95))


def build_deck(pack: Pack, *, renderer: Renderer | None = _png, today: date | None = None,
               problems: list[str] | None = None) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title = f"Peer credit review — {pack.group}"
    prs.core_properties.title = title
    prs.core_properties.author = "credit-notes-dashboard"
    overflow: Overflow = []
    _title_slide(prs, pack, title, today or date.today(), overflow)
    missing: str | None = None
    for key in pack.ratio_keys:
        missing = _ratio_slide(prs, pack, key, renderer, missing, overflow)
    _ranking_slide(prs, pack, overflow)
    _not_computed_slide(prs, pack)
    for slide in closing_slides(prs, overflow_section(prs, overflow), title="Sources and notes"):
        _footnote(slide, "The footnotes of the slides named, given whole: every page read, and how "
                         "each derived or inferred figure was made.")
    if missing and problems is not None:
        problems.append(missing)
    return numbered_bytes(prs)


def _periods(pack: Pack) -> str:
    ends = sorted({d for d in pack.lines["period_end"] if d is not None}) if not \
        pack.lines.empty else []
    if not ends:
        return "no computed figures"
    return f"{ends[0]} to {ends[-1]}" if len(ends) > 1 else str(ends[0])


def _title_slide(prs: Presentation, pack: Pack, title: str, today: date, overflow: Overflow) -> None:
    slide = cover_slide(prs, title, top=1.3, height=1.8, size=34)
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = MARGIN, Inches(3.3), BODY_W, Inches(3.6)
    lines = ["Standard credit ratios computed from each filer's reported credit-quality notes",
             "Filers: " + "; ".join(pack.filers),
             f"Periods: {_periods(pack)}; compared at the latest period most filers report",
             *pack.notes]
    if pack.highlight:
        lines.append(f"Highlighted: {pack.highlight}")
    lines.append(f"Prepared {today.isoformat()} · sources, derived and inferred figures in "
                 "each slide's footnote")
    tf = sub.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.alignment = PP_ALIGN.LEFT
        for r in p.runs:
            _font(r.font, 18 if i == 0 else 14, ACCENT if i == 0 else GREY)
    used = pack.lines if not pack.lines.empty else pack.ratios.iloc[0:0]
    _footnote(slide, source_footnote(pack, used, notes=False), overflow)


def _ratio_slide(prs: Presentation, pack: Pack, key: str, renderer: Renderer | None,
                 missing: str | None, overflow: Overflow) -> str | None:
    rdef = BY_KEY[key]
    slide = _slide_with_title(prs, rdef.name)
    _text(slide, MARGIN, Inches(1.25), BODY_W, Inches(0.4), "Formula: " + rdef.formula,
          size=12, color=GREY, name="Formula")
    lines = pack.lines[pack.lines["ratio"] == key]
    chart_w, top, height = Inches(7.6), Inches(1.7), Inches(4.7)
    missing = place_chart(slide, bare_chart(lines, key, pack.highlight), key, renderer, missing,
                          box=(MARGIN, top, chart_w, height), what="pack", size=16)
    rank = pack.ranking[pack.ranking["ratio"] == key]
    _rank_table(slide, rank, rdef.kind, MARGIN + chart_w + Inches(0.2), top,
                BODY_W - chart_w - Inches(0.2), pack.highlight)
    _footnote(slide, source_footnote(pack, lines), overflow)
    return missing


def _rank_table(slide, rank: pd.DataFrame, kind: str, left, top, width,  # noqa: ANN001
                highlight: str | None = None) -> None:
    ref = next((d for d in rank["reference_end"] if d is not None), None)
    _text(slide, left, top - Inches(0.05), width, Inches(0.35),
          f"Ranking at {ref}" if ref else "Ranking", size=12, color=ACCENT, bold=True,
          name="Ranking heading")
    shown = rank[rank["value"].notna()]
    n = len(shown) + 1
    row_h = Inches(0.34)
    shape = slide.shapes.add_table(n, 4, left, top + Inches(0.35), width, row_h * n)
    shape.name = "Ranking table"
    tbl = shape.table
    widths = [Inches(0.45), width - Inches(0.45) - Inches(1.1) - Inches(0.95), Inches(1.1),
              Inches(0.95)]
    for j, w in enumerate(widths):
        tbl.columns[j].width = int(w)
    white = RGBColor(0xFF, 0xFF, 0xFF)
    for j, h in enumerate(("#", "Filer", "Value", "Change")):
        _cell(tbl.cell(0, j), h, 11, bold=True, fill=HEADER_FILL, color=white,
              align=PP_ALIGN.LEFT if j == 1 else PP_ALIGN.RIGHT)
    for i, (_, r) in enumerate(shown.iterrows(), start=1):
        fill = TOTAL_FILL if r["entity"] == highlight else ROW_FILL
        name = str(r["entity"]) + ("" if r["aligned"] else f" ({r['period_end']})")
        _cell(tbl.cell(i, 0), str(r["rank"]) if pd.notna(r["rank"]) else "n.r.", 11, fill=fill,
              align=PP_ALIGN.RIGHT)
        _cell(tbl.cell(i, 1), name, 11, fill=fill)
        _cell(tbl.cell(i, 2), ratio_cell(r["value"], kind, str(r["currency"])), 11, fill=fill,
              align=PP_ALIGN.RIGHT)
        _cell(tbl.cell(i, 3), peer_charts.fmt_delta(r["delta"], kind), 11, fill=fill,
              align=PP_ALIGN.RIGHT)
    absent = rank[rank["value"].isna() | rank["rank"].isna()]  # no figure, or shown not ranked
    if not absent.empty:
        text = "Not ranked: " + "; ".join(f"{r['entity']} — {r['period_note']}"
                                          for _, r in absent.iterrows())
        _text(slide, left, top + Inches(0.45) + row_h * n, width, Inches(2.0), text[:600],
              size=9, color=GREY, name="Not ranked")


def _ranking_slide(prs: Presentation, pack: Pack, overflow: Overflow) -> None:
    slide = _slide_with_title(prs, "Ranking at the latest common period")
    keys = pack.ratio_keys
    if not keys:
        _text(slide, MARGIN, Inches(2), BODY_W, Inches(1), "No ratio could be computed.",
              size=16)
        _footnote(slide, source_footnote(pack, pack.lines), overflow)
        return
    n_rows, n_cols = len(keys) + 1, len(pack.filers) + 1
    size = 11 if n_cols <= 6 else 9
    shape = slide.shapes.add_table(n_rows, n_cols, MARGIN, Inches(1.4), BODY_W,
                                   Inches(0.42) * n_rows)
    shape.name = "Ranking matrix"
    tbl = shape.table
    tbl.columns[0].width = Inches(3.6)
    for j in range(1, n_cols):
        tbl.columns[j].width = int((BODY_W - Inches(3.6)) / (n_cols - 1))
    white = RGBColor(0xFF, 0xFF, 0xFF)
    _cell(tbl.cell(0, 0), "Ratio (period)", size, bold=True, fill=HEADER_FILL, color=white)
    for j, ent in enumerate(pack.filers, start=1):
        _cell(tbl.cell(0, j), ent, size, bold=True, fill=HEADER_FILL, color=white,
              align=PP_ALIGN.RIGHT)
    for i, key in enumerate(keys, start=1):
        rank = pack.ranking[pack.ranking["ratio"] == key]
        ref = next((d for d in rank["reference_end"] if d is not None), "")
        _cell(tbl.cell(i, 0), f"{BY_KEY[key].name} ({ref})", size)
        for j, ent in enumerate(pack.filers, start=1):
            r = rank[rank["entity"] == ent]
            text = ""
            if not r.empty and pd.notna(r.iloc[0]["value"]):
                x = r.iloc[0]
                text = f"{ratio_cell(x['value'], x['kind'], str(x['currency']))} " + (
                    f"(#{x['rank']})" if pd.notna(x["rank"]) else "(not ranked)")
                if not x["aligned"]:
                    text += f" at {x['period_end']}"
            _cell(tbl.cell(i, j), text or MISSING, size, align=PP_ALIGN.RIGHT,
                  fill=TOTAL_FILL if ent == pack.highlight else ROW_FILL)
    _footnote(slide, source_footnote(pack, pack.lines), overflow)


def _not_computed_slide(prs: Presentation, pack: Pack) -> None:
    missing = peers.not_computed(pack.ratios, pack.filers)
    slide = _slide_with_title(prs, "Ratios not computed, and why")
    lines = [f"{r['entity']} — {r['name']}: {r['reason']}" for _, r in missing.iterrows()]
    lines += [f"File not read: {x}" for x in pack.issues]
    if not lines:
        lines = ["Every ratio was computed for every filer at some period."]
    box = slide.shapes.add_textbox(MARGIN, Inches(1.4), BODY_W, Inches(5.0))
    box.name = "Not computed"
    tf = box.text_frame
    tf.word_wrap = True
    size = 11 if len(lines) <= 14 else 9 if len(lines) <= 22 else 8
    for i, line in enumerate(lines[:30]):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = "•  " + line[:220]
        _font(run.font, size, GREY)
    _footnote(slide, "Inputs missing, of different populations, currencies or scale bases, or "
                     "on periods that do not line up are never divided; the Ratios sheet of "
                     "the workbook has every row with its reason.")
