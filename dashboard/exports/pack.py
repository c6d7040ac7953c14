"""The credit-committee pack of a peer group: `python -m dashboard report --peers GROUP -o OUT`.

Deck (.pptx): a title slide (group, filers, periods, calendar notes); one slide per ratio with
a figure (the peers' lines, the highlighted filer in red, and the ranking at the latest common
period as a native table); a ranking slide (every ratio × filer); a slide of the ratios not
computed and why. Every slide carries the source footnote (filer, form, period, page of the
filing) and a note of the derived, inferred, given or assumed figures behind it.
Workbook (.xlsx): Ranking, Ratios (every row with formula and inputs), Not computed, Sources.
Page (.html): the same, charts interactive.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from dashboard.analysis import peers
from dashboard.analysis.ratios import (
    AMOUNT,
    BY_KEY,
    COMPUTED,
    RATIOS,
)
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
    _cell,
    _font,
    _slide_with_title,
    _text,
    cover_slide,
    fit_size,
    place_chart,
)
from dashboard.model.display import MISSING

Renderer = Callable[[go.Figure, int, int], bytes]


@dataclass
class Pack:
    group: str
    filers: list[str]
    ratios: pd.DataFrame
    sources: pd.DataFrame
    highlight: str | None = None
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)

    @property
    def ratio_keys(self) -> list[str]:
        """Ratios with at least one computed figure in the group, in the standard order."""
        have = set(self.lines["ratio"]) if not self.lines.empty else set()
        return [r.key for r in RATIOS if r.key in have]


def build_pack(ratios: pd.DataFrame, sources: pd.DataFrame | None, filers: Sequence[str],
               group: str, *, highlight: str | None = None,
               issues: Sequence[str] = ()) -> Pack:
    filers = list(filers)
    return Pack(group=group, filers=filers, ratios=ratios[ratios["entity"].isin(filers)],
                sources=sources if sources is not None else pd.DataFrame(columns=["source"]),
                highlight=highlight, ranking=peers.ranking(ratios, filers),
                lines=peers.series(ratios, filers), notes=peers.calendar_notes(ratios, filers),
                issues=list(issues))


# ─── footnotes ──────────────────────────────────────────────────────────────────────────────

def _meta(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for _, r in sources.iterrows():
        form = str(r.get("form", "") or "")
        period = str(r.get("period", "") or "")
        out[str(r["source"])] = (form if form not in ("nan", "<NA>") else "",
                                 period if period not in ("nan", "<NA>") else "")
    return out


def source_footnote(pack: Pack, rows: pd.DataFrame, *, notes: bool = True) -> str:
    """'Source: <filer>: <form> <period>, <page>; …' for the rows shown, then a note of every
    figure computed here (derived), and of scales inferred, given or assumed."""
    meta = _meta(pack.sources)
    parts = []
    for ent, g in rows.groupby("entity", sort=True):
        pages = []
        for s in dict.fromkeys(x.strip() for v in g["sources"] for x in str(v).split(",")):
            if not s:
                continue
            form, period = meta.get(s) or meta.get(s.split("#", 1)[0]) or ("", "")
            page = s.split("#", 1)[-1]
            filing = " ".join(x for x in (form, period) if x)
            pages.append(f"{filing}, {page}" if filing else page)
        parts.append(f"{ent}: " + "; ".join(pages))
    text = "Source: " + ". ".join(parts) + "." if parts else "Source: none."
    if not notes:
        return text
    notes = []
    derived = rows[rows["derived"].astype(bool)]
    for _, r in derived.drop_duplicates(["entity", "ratio"]).iterrows():
        notes.append(f"{r['entity']} {BY_KEY[r['ratio']].name}: derived "
                     f"({_derivation(r)})")
    bases = sorted({b.strip() for v in rows["scale_bases"] for b in str(v).split(",")}
                   - {"stated", ""})
    if bases:
        notes.append("scales not stated by the filing: " + ", ".join(bases) +
                     " (see the Ratios sheet / inputs)")
    bnotes = sorted({str(b) for b in rows["basis_note"] if b})
    notes += bnotes
    if "usd_basis" in rows.columns:
        amounts = rows[(rows["kind"] == AMOUNT) & (rows["currency"] == "USD")]
        for (ent, basis), _ in amounts.groupby(["entity", "usd_basis"], sort=True):
            if basis and basis != "reported in US$":
                notes.append(f"{ent} in US$: {basis}")
    if notes:
        text += " Notes: " + "; ".join(notes) + "."
    return text + " Ratios computed here from the reported figures."


def _derivation(r: pd.Series) -> str:
    bits = []
    for lab in (r["numerator_label"], r["denominator_label"]):
        lab = str(lab or "")
        if "=" in lab:
            bits.append(lab.split("=", 1)[1].replace("(derived)", "").strip())
    return "; ".join(bits) or "sum of reported figures"


def _fmt(v: object, kind: str, currency: str = "") -> str:
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return MISSING
    return peer_charts.fmt_ratio(v, kind, currency)  # type: ignore[arg-type]


# ─── the deck ───────────────────────────────────────────────────────────────────────────────

def _png(fig: go.Figure, width: int, height: int) -> bytes:
    return images.render(fig, "png", width=width, height=height, scale=2)


def _footnote(slide, text: str) -> None:  # noqa: ANN001
    size = fit_size(text, (BODY_W - Inches(1.1)) / 914400, 0.95)
    _text(slide, MARGIN, Inches(6.45), BODY_W - Inches(1.1), Inches(0.95), text, size=size,
          color=GREY, name="Source footnote")


def build_deck(pack: Pack, *, renderer: Renderer | None = _png, today: date | None = None,
               problems: list[str] | None = None) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title = f"Peer credit review — {pack.group}"
    prs.core_properties.title = title
    prs.core_properties.author = "credit-notes-dashboard"
    _title_slide(prs, pack, title, today or date.today())
    missing: str | None = None
    for key in pack.ratio_keys:
        missing = _ratio_slide(prs, pack, key, renderer, missing)
    _ranking_slide(prs, pack)
    _not_computed_slide(prs, pack)
    if missing and problems is not None:
        problems.append(missing)
    for i, slide in enumerate(prs.slides, start=1):
        if i > 1:
            _text(slide, SLIDE_W - MARGIN - Inches(1.0), SLIDE_H - Inches(0.42), Inches(1.0),
                  Inches(0.3), str(i), size=10, color=GREY, align=PP_ALIGN.RIGHT,
                  name="Slide number")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _periods(pack: Pack) -> str:
    ends = sorted({d for d in pack.lines["period_end"] if d is not None}) if not \
        pack.lines.empty else []
    if not ends:
        return "no computed figures"
    return f"{ends[0]} to {ends[-1]}" if len(ends) > 1 else str(ends[0])


def _title_slide(prs: Presentation, pack: Pack, title: str, today: date) -> None:
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
    _footnote(slide, source_footnote(pack, used, notes=False))


def _bare_chart(lines: pd.DataFrame, key: str, highlight: str | None) -> go.Figure:
    """One ratio's lines without title or footnote: the slide (or page) gives them as text."""
    fig = peer_charts.ratio_chart(lines, key, highlight=highlight)
    fig.layout.annotations = ()
    fig.update_layout(title={"text": ""}, margin={"t": 50, "b": 40},
                      legend={"yref": "paper", "y": 1.02, "yanchor": "bottom", "x": 0,
                              "xanchor": "left"})
    return fig


def _ratio_slide(prs: Presentation, pack: Pack, key: str, renderer: Renderer | None,
                 missing: str | None) -> str | None:
    rdef = BY_KEY[key]
    slide = _slide_with_title(prs, rdef.name)
    _text(slide, MARGIN, Inches(1.25), BODY_W, Inches(0.4), "Formula: " + rdef.formula,
          size=12, color=GREY, name="Formula")
    lines = pack.lines[pack.lines["ratio"] == key]
    chart_w, top, height = Inches(7.6), Inches(1.7), Inches(4.7)
    missing = place_chart(slide, _bare_chart(lines, key, pack.highlight), key, renderer, missing,
                          box=(MARGIN, top, chart_w, height), what="pack", size=16)
    rank = pack.ranking[pack.ranking["ratio"] == key]
    _rank_table(slide, rank, rdef.kind, MARGIN + chart_w + Inches(0.2), top,
                BODY_W - chart_w - Inches(0.2), pack.highlight)
    _footnote(slide, source_footnote(pack, lines))
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
        _cell(tbl.cell(i, 2), _fmt(r["value"], kind, str(r["currency"])), 11, fill=fill,
              align=PP_ALIGN.RIGHT)
        _cell(tbl.cell(i, 3), peer_charts.fmt_delta(r["delta"], kind), 11, fill=fill,
              align=PP_ALIGN.RIGHT)
    absent = rank[rank["value"].isna() | rank["rank"].isna()]  # no figure, or shown not ranked
    if not absent.empty:
        text = "Not ranked: " + "; ".join(f"{r['entity']} — {r['period_note']}"
                                          for _, r in absent.iterrows())
        _text(slide, left, top + Inches(0.45) + row_h * n, width, Inches(2.0), text[:600],
              size=9, color=GREY, name="Not ranked")


def _ranking_slide(prs: Presentation, pack: Pack) -> None:
    slide = _slide_with_title(prs, "Ranking at the latest common period")
    keys = pack.ratio_keys
    if not keys:
        _text(slide, MARGIN, Inches(2), BODY_W, Inches(1), "No ratio could be computed.",
              size=16)
        _footnote(slide, source_footnote(pack, pack.lines))
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
                text = f"{_fmt(x['value'], x['kind'], str(x['currency']))} " + (
                    f"(#{x['rank']})" if pd.notna(x["rank"]) else "(not ranked)")
                if not x["aligned"]:
                    text += f" at {x['period_end']}"
            _cell(tbl.cell(i, j), text or MISSING, size, align=PP_ALIGN.RIGHT,
                  fill=TOTAL_FILL if ent == pack.highlight else ROW_FILL)
    _footnote(slide, source_footnote(pack, pack.lines))


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


# ─── workbook and page ──────────────────────────────────────────────────────────────────────

def build_workbook(pack: Pack) -> bytes:
    from openpyxl import Workbook

    from dashboard.exports.workbook import _frame, _widths

    wb = Workbook()
    ws = wb.active
    ws.title = "Ranking"
    rank = pack.ranking.drop(columns=["inputs"], errors="ignore")
    _frame(ws, rank, {"value": "0.0000", "prior_value": "0.0000", "delta": "0.0000"},
           wrap=("period_note",))
    _widths(ws)
    _frame(wb.create_sheet("Ratios"), pack.ratios,
           {"value": "0.000000", "numerator": "#,##0", "denominator": "#,##0"},
           wrap=("inputs", "reason"))
    _widths(wb["Ratios"], maximum=80)
    _frame(wb.create_sheet("Not computed"), peers.not_computed(pack.ratios, pack.filers),
           wrap=("reason",))
    _widths(wb["Not computed"], maximum=100)
    src = pack.sources
    keep = [c for c in ("source", "entity", "form", "period", "note") if c in src.columns]
    _frame(wb.create_sheet("Sources"), src[keep] if keep else pd.DataFrame(columns=["source"]))
    notes = wb.create_sheet("Notes")
    for i, line in enumerate([f"Peer group: {pack.group}", "Filers: " + "; ".join(pack.filers),
                              *pack.notes, source_footnote(pack, pack.lines)], start=1):
        notes.cell(row=i, column=1, value=line)
    wb.properties.title = f"Peer credit review — {pack.group}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_html(pack: Pack, *, today: date | None = None) -> bytes:
    from dashboard.exports.html import CSS
    from dashboard.exports.images import HTML_CONFIG

    title = f"Peer credit review — {pack.group}"
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}"
             f"</title><style>{CSS}td:nth-child(2),th:nth-child(2),td:last-child,"
             "th:last-child{text-align:left}</style></head><body>"
             f"<h1>{escape(title)}</h1>",
             f"<p class=meta>Filers: {escape('; '.join(pack.filers))}</p>",
             f"<p class=meta>Prepared {(today or date.today()).isoformat()}</p>"]
    parts += [f"<p class=meta>{escape(n)}</p>" for n in pack.notes]
    first = True
    for key in pack.ratio_keys:
        rdef = BY_KEY[key]
        lines = pack.lines[pack.lines["ratio"] == key]
        parts.append(f"<h2 id=\"{key}\">{escape(rdef.name)}</h2>"
                     f"<p class=meta>Formula: {escape(rdef.formula)}</p>")
        fig = _bare_chart(lines, key, pack.highlight).update_layout(height=420)
        parts.append(fig.to_html(full_html=False, include_plotlyjs=first, config=HTML_CONFIG,
                                 default_width="100%", div_id=f"chart-{key}"))
        first = False
        rank = pack.ranking[pack.ranking["ratio"] == key]
        rows = "".join(
            f"<tr><td>{'' if pd.isna(r['rank']) else r['rank']}</td><td>{escape(r['entity'])}"
            f"</td><td>{escape(str(r['period_end'] or ''))}</td>"
            f"<td>{escape(_fmt(r['value'], rdef.kind, str(r['currency'])))}</td>"
            f"<td>{escape(peer_charts.fmt_delta(r['delta'], rdef.kind))}</td>"
            f"<td>{escape(str(r['period_note'] or ''))}</td></tr>" for _, r in rank.iterrows())
        parts.append("<table><thead><tr><th>#</th><th>Filer</th><th>Period</th><th>Value</th>"
                     f"<th>Change</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>")
        parts.append(f"<p class=foot>{escape(source_footnote(pack, lines))}</p>")
    missing = peers.not_computed(pack.ratios, pack.filers)
    parts.append("<h2 id=\"not-computed\">Ratios not computed, and why</h2><ul>" + "".join(
        f"<li>{escape(r['entity'])} — {escape(r['name'])}: {escape(r['reason'])}</li>"
        for _, r in missing.iterrows()) + "</ul></body></html>")
    return "\n".join(parts).encode("utf-8")


def pack_kinds() -> tuple[str, ...]:
    return (".pptx", ".xlsx", ".html")


__all__ = ["AMOUNT", "COMPUTED", "Pack", "build_deck", "build_html", "build_pack",
           "build_workbook", "pack_kinds", "source_footnote"]


# ─── the command line ───────────────────────────────────────────────────────────────────────

def _library_facts(filers: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group's facts and sources from the filing library, as the app and `library facts`
    name them (dashboard.workspace: labels, the bundled manifest, merges, recognitions)."""
    from dashboard.library import Library
    from dashboard.workspace.view import Workspace

    data, _ = Workspace(Library.open(None)).everything()
    facts = data.facts.drop(columns=["entity_reported"], errors="ignore")
    sources = data.sources.drop(columns=["filer"], errors="ignore")
    facts = facts[facts["entity"].isin(list(filers))]
    return facts, sources[sources["source"].isin(set(facts["source"]))]


def build_peer_report(paths: Sequence[str], out: str, group: str, *,
                      highlight: str | None = None) -> int:
    """`python -m dashboard report [PATH ...] --peers GROUP -o OUT`: the committee pack of a
    saved peer group, from the files given or, with none, from the filing library.
    Exit 0 when written and complete, 1 when written with problems, 2 for a usage error."""
    import sys
    from pathlib import Path

    from dashboard.analysis.ratios import credit_ratios
    from dashboard.exports import _with_manifests, apply_manifest, read_manifest

    target = Path(out)
    ext = target.suffix.lower()
    if ext not in pack_kinds():
        print(f"python -m dashboard: error: {target.name}: unknown report format "
              f"'{target.suffix}'; use one of {', '.join(pack_kinds())}", file=sys.stderr)
        return 2
    groups = peers.group_store().groups()
    if group not in groups:
        known = ", ".join(sorted(groups)) or "none saved yet (save one on the Peers page)"
        print(f"python -m dashboard: error: no peer group named '{group}'; groups: {known}",
              file=sys.stderr)
        return 2
    filers = groups[group]
    issues: list[str] = []
    if paths:
        from dashboard.extract.pipeline import extract_paths

        ps = [Path(p) for p in paths]
        issues += [f"{p}: no such file or folder" for p in ps if not p.exists()]
        res = extract_paths(_with_manifests([p for p in ps if p.exists()]))
        issues += [i.line() for i in res.issues]
        manifest: dict[str, dict[str, str]] = {}
        for p in ps:
            if p.exists():
                manifest.update(read_manifest(p if p.is_dir() else p.parent))
        facts, sources = apply_manifest(res.facts, res.sources, manifest)
    else:
        facts, sources = _library_facts(filers)
    for line in issues:
        print(line, file=sys.stderr)
    absent = [f for f in filers if f not in set(facts["entity"].astype(str))]
    for f in absent:
        print(f"{f}: in the group '{group}' but no figures of this filer were read",
              file=sys.stderr)
    ratios = credit_ratios(facts[facts["entity"].isin(filers)])
    pack = build_pack(ratios, sources, filers, group, highlight=highlight, issues=issues)
    status = 1 if (issues or absent or not pack.ratio_keys) else 0
    if ext == ".pptx":
        drawn: list[str] = []
        data = build_deck(pack, problems=drawn)
        for line in drawn:
            print(f"{target.name}: charts not drawn: {line}", file=sys.stderr)
            status = 1
    elif ext == ".xlsx":
        data = build_workbook(pack)
    else:
        data = build_html(pack)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return status
