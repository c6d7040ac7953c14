"""Charts: pure functions from tidy facts to `plotly.graph_objects.Figure`. No streamlit.

Every chart has a title saying what and whose, units on the axis ("RMB millions"), a hover
with the exact figure in whole units, its source and the filer's label, and a source footnote
fit for a slide. One palette serves the whole app; text and grid colours come from the
template so the Streamlit theme (light or dark) can restyle them, while series colours are
mid-tone so they read on both backgrounds. Figures in different currencies never share an
axis: each currency gets its own panel.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import analysis as m
from dashboard.analysis.verification import verification_note
from dashboard.charts.words import (  # noqa: F401  (the chart's words, named here too)
    convenience_translations,
    date_label,
    delinquency_notes,
    label_positions,
    one_status_per_date,
    short_date,
    year_ends,
)
from dashboard.model import display as d

# ─── one palette ────────────────────────────────────────────────────────────────────────────
PALETTE: tuple[str, ...] = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#B07AA1",
                            "#EDC948", "#9C755F", "#FF9DA7", "#8CD17D")
BUCKET_COLORS: tuple[str, ...] = ("#EDC948", "#F28E2B", "#E15759", "#B6324F", "#8F2D56",
                                  "#6F4C9B", "#4B3F8C")
COLORS: dict[str, str] = {
    "provision": "#F28E2B", "write_off": "#E15759", "recovery": "#59A14F",
    "net_build": "#4E79A7", "allowance_end": "#B07AA1", "ratio": "#3A9AD9",
    "muted": "#8C8C8C",
}
FONT = "Inter, 'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#262730"},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", colorway=list(PALETTE),
        xaxis={"gridcolor": "#E6E6E6", "linecolor": "#BFBFBF", "zeroline": False},
        yaxis={"gridcolor": "#E6E6E6", "linecolor": "#BFBFBF", "zerolinecolor": "#BFBFBF"},
        hoverlabel={"font": {"family": FONT}},
    )
)

_FOOT_WIDTH = 130  # characters per footnote line
_TITLE_WIDTH = 90  # characters per title line at 18 px, for a chart about 900 px wide


# ─── shared pieces ──────────────────────────────────────────────────────────────────────────

def _as_list(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def _select(facts: pd.DataFrame, disclosure: str, entity: str | Sequence[str] | None,
            segment: str | None, *, translations: bool = False) -> pd.DataFrame:
    """The disclosure's facts for these filers and segment; without the filing's US$
    convenience translations unless asked (the guarantee table puts them in the hover)."""
    f = m.ensure_contract(facts)
    f = f[f["disclosure"] == disclosure]
    ents = _as_list(entity)
    if ents:
        f = f[f["entity"].isin(ents)]
    if segment is not None:
        f = f[f["segment"] == segment]
    return f if translations else f[~convenience_translations(f)]


def _drawn(table: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:
    """The rows of a metric table (computed by the page) for the filers, segments and
    currencies the chart draws: those of its selected facts `f` (so a US$ convenience
    translation the page's table holds gets no panel)."""
    if table.empty:
        return table
    drawn = set(zip(f["entity"].astype(str), f["segment"].astype(str),
                    f["currency"].astype(str), strict=True))
    keep = [(str(e), str(s), str(c)) in drawn
            for e, s, c in zip(table["entity"], table["segment"], table["currency"],
                               strict=True)]
    return table[keep]


def _primary_segments(f: pd.DataFrame) -> pd.DataFrame:
    """Per entity, the whole population ('' segment) when reported, else its largest segment."""
    keep = []
    for _, g in f.groupby("entity", sort=False):
        segs = g["segment"].value_counts()
        seg = "" if "" in segs.index else segs.index[0]
        keep.append(g[g["segment"] == seg])
    return pd.concat(keep) if keep else f


def _whose(entities: Sequence[str]) -> str:
    ents = list(dict.fromkeys(e for e in entities if e))
    if not ents:
        return ""
    if len(ents) <= 3:
        return " vs ".join(ents) if len(ents) > 1 else ents[0]
    return f"{len(ents)} filers"


_date_label = date_label


def _src_text(source: str) -> str:
    return source if len(source) <= 70 else "…" + source[-69:]


# the aging table's own lines: the figures a delinquency chart draws or divides by
_AGING = ("past_due", "past_due_total", "current", "total_loans")


def chart_facts(facts: pd.DataFrame, disclosure: str) -> pd.DataFrame:
    """The facts a chart of `disclosure` draws: the filers' main populations (as the chart
    picks them), and of an aging only its table's lines, of guarantees the maximum exposure;
    its footnote counts how many of them the page's arithmetic confirms."""
    f = _select(facts, disclosure, None, None)
    if disclosure == "guarantee":
        return f[f["metric"] == "max_exposure"]
    f = _primary_segments(f)
    return f[f["metric"].isin(_AGING)] if disclosure == "delinquency" else f


def chart_footnote(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
                   *, note: str = "", checked: pd.DataFrame | None = None,
                   count: bool = True) -> str:
    """'Source: <filer>, <form> <period>; <file#part>; <scale basis>' for the facts shown,
    then how many of them the page's arithmetic confirms: those a chart draws (an aging's own
    lines, not the nonaccrual figures beside them nor a US$ convenience translation), or
    `checked` when given; not with
    `count=False`, for a page that prints that line on its own.

    `sources` is the extraction's sources table (source, entity, form, period …); without it
    the footnote names the filer and the files only.
    """
    f = m.ensure_contract(facts)
    if f.empty:
        return "Source: none loaded"
    meta: dict[str, tuple[str, str, str]] = {}
    if sources is not None and not sources.empty and "source" in sources.columns:
        for _, r in sources.iterrows():
            # `note` (optional column): the filing's note the figures come from
            meta[str(r["source"])] = (str(r.get("form", "") or ""), str(r.get("period", "") or ""),
                                      str(r.get("note", "") or ""))
    parts = []
    for ent, g in f.groupby("entity", sort=True):
        srcs = list(dict.fromkeys(g["source"].astype(str)))
        periods: dict[str, list[str]] = {}  # form -> periods, in order
        notes: list[str] = []
        for s in srcs:
            form, period, where = meta.get(s) or meta.get(s.split("#", 1)[0]) or ("", "", "")
            form, period, where = (x if x not in ("nan", "<NA>") else ""
                                   for x in (form, period, where))
            if form or period:
                ps = periods.setdefault(form, [])
                if period and period not in ps:
                    ps.append(period)
            if where:
                notes.append(where)
        filings = [" ".join(x for x in (form, ", ".join(sorted(ps))) if x)
                   for form, ps in periods.items()]
        head = str(ent) + "".join(", " + x for x in filings if x) + \
            "".join(", " + n for n in _distinct_notes(notes))
        parts.append(f"{head}; {', '.join(_src_text(s) for s in srcs)}; "
                     f"{m.scale_basis_note(g)}")
    text = "Source: " + ". ".join(parts) + "."
    if note:
        text += " " + note
    # how many of these figures the page's own arithmetic confirms, on a line of its own
    if checked is None:
        checked = f[((f["disclosure"] != "delinquency") | f["metric"].isin(_AGING))
                    & ~convenience_translations(f)]
    lines = [text, verification_note(checked) if count else ""]
    return "<br>".join(w for t in lines if t
                       for w in textwrap.wrap(t, _FOOT_WIDTH, break_long_words=True)) or text


def _distinct_notes(notes: Sequence[str]) -> list[str]:
    """The notes named once each; a note that another names in full ('Loans receivable, net:
    aging' inside 'Note 6, Loans receivable, net: aging') is dropped."""
    uniq = list(dict.fromkeys(n.strip() for n in notes if n and n.strip()))
    return [n for n in uniq if not any(n != o and o.lower().endswith(n.lower()) for o in uniq)]


def _finish(fig: go.Figure, *, title: str, footnote: str, height: int,
            notes: Sequence[str] = (), legend_title: str = "", label_room: int = 0) -> go.Figure:
    """Title, legend, margins and, under the plot, the notes about the figures and the source
    footnote (never over the plot). `label_room` is extra space under the axis for the filer
    names of a two-level (filer, period) axis. The bottom margin is computed from the lines
    the notes and footnote take."""
    if notes:
        text = "Notes: " + "; ".join(dict.fromkeys(notes)) + "."
        footnote = "<br>".join(textwrap.wrap(text, _FOOT_WIDTH)) + "<br>" + footnote
    foot_lines = footnote.count("<br>") + 1
    bottom = 70 + label_room + 14 * foot_lines
    # a long title (three filers' names) goes on more lines rather than run off the chart
    title_lines = _title_lines(title)
    top = 70 + 24 * (len(title_lines) - 1)
    fig.update_layout(
        template=TEMPLATE,
        title={"text": "<br>".join(title_lines), "x": 0.0, "xanchor": "left",
               "font": {"size": 18}},
        height=height + bottom + top - 70,
        margin={"l": 70, "r": 30, "t": top, "b": bottom},
        legend={"title": {"text": legend_title}, "orientation": "v", "x": 1.02, "y": 1,
                "xanchor": "left", "yanchor": "top", "traceorder": "normal"},
        hovermode="closest", bargap=0.25,
    )
    fig.update_xaxes(tickangle=0)
    fig.add_annotation(text=footnote, xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", yshift=-40 - label_room,
                       showarrow=False, align="left", font={"size": 10}, name="footnote")
    return fig


def _title_lines(title: str) -> list[str]:
    """A title that fits on one line stays whole; a longer one breaks after its dash (what is
    drawn, then whose), and each part wraps at the width."""
    if len(title) <= _TITLE_WIDTH:
        return [title]
    what, dash, whose = title.partition(" — ")
    parts = [what + " —", whose] if dash else [title]
    return [line for part in parts for line in textwrap.wrap(part, _TITLE_WIDTH)]


def empty_figure(title: str, message: str) -> go.Figure:
    """A figure that says what is missing instead of drawing an empty axis."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title={"text": title, "x": 0, "xanchor": "left"},
                      xaxis={"visible": False}, yaxis={"visible": False}, height=260,
                      margin={"l": 30, "r": 30, "t": 60, "b": 30})
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5,
                       showarrow=False, font={"size": 14}, name="empty")
    return fig


def _hover(lines: Sequence[str]) -> str:
    return "<br>".join(lines) + "<extra></extra>"


GROUP_CHARS = 16  # characters per line of a filer's name under a two-level axis


def _group(entity: str) -> str:
    """A filer's name as the outer label of a (filer, period) axis: on short lines, so the
    names of neighbouring filers never run into each other (plotly does not wrap them)."""
    if "<br>" in entity:  # wrapped already
        return entity
    return "<br>".join(textwrap.wrap(entity, GROUP_CHARS, break_long_words=True)) or entity


def _x(entities: Sequence[str], labels: Sequence[str], multi: bool) -> list | list[list[str]]:
    return [[_group(e) for e in entities], list(labels)] if multi else list(labels)


def _order_x(fig: go.Figure, row: int, multi: bool, entities: Sequence[str],
             labels: Sequence[str]) -> None:
    """Categories in (filer, then date or year) order, whatever order the traces came in."""
    pairs = sorted(set(zip(entities, labels, strict=True)))
    if multi:
        fig.update_xaxes(type="multicategory", categoryorder="array",
                         categoryarray=[[_group(p[0]) for p in pairs], [p[1] for p in pairs]],
                         row=row, col=1)
    else:
        fig.update_xaxes(type="category", categoryorder="array",
                         categoryarray=sorted({p[1] for p in pairs}), row=row, col=1)


def _label_room(entities: Sequence[str], multi: bool) -> int:
    """Pixels under the axis for filer names on a two-level axis (plotly tilts long ones)."""
    if not multi:
        return 0
    lines = max(_group(_short(e)).count("<br>") + 1 for e in entities)
    return 6 + 15 * lines


def _panel_gap(rows: int, panel_px: int, label_room: int) -> float:
    """make_subplots' vertical spacing (a fraction of the plot height) that leaves room under
    each panel for its tick labels (about 40 px) and the filer names of a two-level axis."""
    if rows < 2:
        return 0.1
    return min(0.4, (45 + label_room) / (panel_px * rows))


def _short(entity: str, limit: int = 28) -> str:
    return entity if len(entity) <= limit else entity[: limit - 1] + "…"


def _category_order(entities: Sequence[str], labels: Sequence[str]) -> go.Scatter:
    """An invisible first trace that puts every filer's periods in ascending order.

    plotly.js orders a multicategory axis by the first appearance of each level across all
    traces (inner labels globally), so one filer's 2023 seen before another's 2021 put 2023
    first for both. Listing every (filer, period) pair by period first fixes the order.
    """
    pairs = sorted(set(zip(entities, labels, strict=True)), key=lambda p: (p[1], p[0]))
    return go.Scatter(x=[[_group(a) for a, _ in pairs], [b for _, b in pairs]],
                      y=[None] * len(pairs),
                      mode="markers", marker={"opacity": 0}, showlegend=False,
                      hoverinfo="skip", name="category order")


# ─── delinquency ────────────────────────────────────────────────────────────────────────────

def bucket_color(days_from: object, days_to: object) -> str:
    """One colour per band of days past due, the same in every chart: amber → red → purple."""
    lo = 0.0 if pd.isna(days_from) else float(days_from)
    if lo <= 1:
        return BUCKET_COLORS[0]
    if lo <= 31:
        return BUCKET_COLORS[1]
    if lo < 90 and not pd.isna(days_to):
        return BUCKET_COLORS[2]
    if lo < 120:
        return BUCKET_COLORS[3]
    if lo < 150:
        return BUCKET_COLORS[4]
    if lo < 180:
        return BUCKET_COLORS[5]
    return BUCKET_COLORS[6]


def delinquency_chart(
    facts: pd.DataFrame,
    *,
    entity: str | Sequence[str] | None = None,
    segment: str | None = None,
    percent: bool = False,
    sources: pd.DataFrame | None = None,
    scale: int | None = None,
    buckets: pd.DataFrame | None = None,
    summary: pd.DataFrame | None = None,
) -> go.Figure:
    """Past-due aging buckets per balance-sheet date as stacked bars, with the 90+ ratio line.

    Buckets are drawn as each filing reported them: a filer with six buckets shows six, and a
    bucket that straddles 90 days ("over 60") is hatched. The 90+ line is the reported
    open-ended bucket or, marked "derived", the sum of the buckets beyond 90 days.
    `percent=True` draws buckets as % of total loans (comparable across currencies);
    otherwise each currency gets its own panel in its own units. `buckets` and `summary`: the
    page's own `analysis.delinquency_buckets`/`delinquency_summary` of these facts, so that
    the figures are computed once (the chart keeps the rows of the filers and segments drawn).
    """
    f = _select(facts, "delinquency", entity, segment)
    if segment is None:
        f = _primary_segments(f)
    buckets = _drawn(buckets, f) if buckets is not None else m.delinquency_buckets(f)
    what = "Loans past due by aging bucket" + (", % of total loans" if percent else "")
    if buckets.empty:
        return empty_figure(what, "No past-due aging buckets in the selected sources.")
    if percent:
        buckets = buckets[buckets["pct_of_loans"].notna()]
        if buckets.empty:
            return empty_figure(what, "Total loans are not reported, so no % of total loans.")
    summary = _drawn(summary, f) if summary is not None else m.delinquency_summary(f)
    entities = list(dict.fromkeys(buckets["entity"]))
    multi = len(entities) > 1
    currencies = [None] if percent else list(dict.fromkeys(buckets["currency"]))
    rows = len(currencies)
    # a panel per currency, named by its axis title ("US$ millions"); the gap between panels
    # holds the upper panel's (filer, date) labels
    fig = make_subplots(rows=rows, cols=1, specs=[[{"secondary_y": not percent}]] * rows,
                        vertical_spacing=_panel_gap(rows, 420, _label_room(entities, multi)))
    order = buckets.drop_duplicates("bucket").sort_values("order")
    straddle = {b for b, lo, hi in zip(order["bucket"], order["days_from"], order["days_to"],
                                       strict=True)
                if (pd.isna(lo) or lo < 90) and (pd.isna(hi) or hi > 90)}
    colors = {b: bucket_color(lo, hi) for b, lo, hi in
              zip(order["bucket"], order["days_from"], order["days_to"], strict=True)}
    year_end = year_ends(list(buckets["period_end"]))

    def when(v: object) -> str:
        return str(pd.Timestamp(v).year) if year_end and not pd.isna(v) else short_date(v)

    unit_by_row: dict[int, str] = {}
    shown_legend: set[str] = set()
    for row, cur in enumerate(currencies, start=1):
        bk = buckets if cur is None else buckets[buckets["currency"] == cur]
        sm = summary if cur is None else summary[summary["currency"] == cur]
        div = 1 if percent else (scale or m.display_scale(bk["value"]))
        unit = "% of total loans" if percent else m.unit_label(str(cur), div)
        unit_by_row[row] = unit
        if multi:
            fig.add_trace(_category_order([_short(e) for e in bk["entity"]],
                                          [when(d) for d in bk["period_end"]]),
                          row=row, col=1, **({} if percent else {"secondary_y": False}))
        for b in order["bucket"]:
            part = bk[bk["bucket"] == b]
            if part.empty:
                continue
            xs_ent = [_short(e) for e in part["entity"]]
            xs_date = [when(d) for d in part["period_end"]]
            y = part["pct_of_loans"] * 100 if percent else part["value"] / div
            custom = [[m.money(v, c), f"{p:.2%}" if pd.notna(p) else "n/a", s, lab, e]
                      for v, c, p, s, lab, e in zip(part["value"], part["currency"],
                                                    part["pct_of_loans"], part["source"],
                                                    part["label"], part["entity"], strict=True)]
            fig.add_trace(go.Bar(
                x=_x(xs_ent, xs_date, multi), y=list(y), name=d.bucket_name(b), legendgroup=b,
                showlegend=b not in shown_legend, marker_color=colors[b],
                marker_pattern_shape="/" if b in straddle else "",
                customdata=custom,
                hovertemplate=_hover([
                    "<b>%{customdata[4]}</b> · %{x}", f"<b>{b} past due</b>",
                    "%{customdata[0]} (%{customdata[1]} of total loans)",
                    "Filer's label: %{customdata[3]}", "Source: %{customdata[2]}"]),
            ), row=row, col=1, **({} if percent else {"secondary_y": False}))
            shown_legend.add(b)
        # 90+ ratio line, one trace per entity so lines never join two filers
        for ent in entities:
            s = sm[(sm["entity"] == ent) & sm["over_90_ratio"].notna()]
            if s.empty:
                continue
            derived = bool(s["over_90_derived"].any())
            name = "90+ days past due, % of loans" + (" (derived)" if derived else "")
            custom = [[m.money(v, c), st, fm, src] for v, c, st, fm, src in
                      zip(s["over_90"], s["currency"], s["over_90_status"],
                          s["over_90_formula"], s["source"], strict=True)]
            fig.add_trace(go.Scatter(
                x=_x([_short(ent)] * len(s), [when(d) for d in s["period_end"]], multi),
                y=list(s["over_90_ratio"] * 100), mode="lines+markers+text",
                text=[f"{v:.2%}" for v in s["over_90_ratio"]],
                textposition=label_positions(list(s["over_90_ratio"])),
                cliponaxis=False,
                name=name, legendgroup="over90", showlegend=name not in shown_legend,
                line={"color": COLORS["ratio"], "width": 3, "dash": "dot" if derived else "solid"},
                marker={"size": 9, "symbol": "diamond", "color": COLORS["ratio"]},
                customdata=custom,
                hovertemplate=_hover([f"<b>{ent}</b> · %{{x}}",
                                      "<b>90+ days past due: %{y:.2f}% of total loans</b>",
                                      "%{customdata[0]} (%{customdata[1]}: %{customdata[2]})",
                                      "Source: %{customdata[3]}"]),
            ), row=row, col=1, **({} if percent else {"secondary_y": True}))
            shown_legend.add(name)
        fig.update_yaxes(title_text=unit, row=row, col=1,
                         **({} if percent else {"secondary_y": False, "tickformat": ",~g"}))
        _order_x(fig, row, multi, [_short(e) for e in bk["entity"]],
                 [when(d) for d in bk["period_end"]])
        if not percent:
            # bars fill the lower two thirds, the ratio line rides above them
            top = float(bk.groupby(["entity", "period_end"])["value"].sum().max()) / div
            fig.update_yaxes(range=[0, top * 1.45], row=row, col=1, secondary_y=False)
            ratios = sm["over_90_ratio"].dropna()
            top_pct, step = nice_axis(float(ratios.max()) * 100 * 1.12 if not ratios.empty
                                      else 0.0)
            # its own round ticks (0, 0.5, 1 … %), no grid: the left axis's gridlines are the
            # only ones, so the two scales are never forced onto each other
            fig.update_yaxes(title_text="90+ days, % of loans", ticksuffix="%",
                             range=[0, top_pct], dtick=step, tick0=0,
                             tickformat=".1f" if step < 1 else ".0f", showgrid=False,
                             zeroline=False, row=row, col=1, secondary_y=True)
    if percent:
        fig.update_yaxes(ticksuffix="%", tickformat=".1f")
    fig.update_layout(barmode="stack")
    notes = delinquency_notes(summary, multi=multi,
                              label=lambda p: when(p).replace("<br>", "-"))
    if year_end:
        notes.append(f"balances at {year_end}")
    segs = sorted(set(f["segment"]) - {""})
    seg_text = f" ({', '.join(segs)})" if segs and len(entities) == 1 else ""
    title = f"{what} — {_whose(entities)}{seg_text}"
    fig = _finish(fig, title=title, notes=notes,
                  footnote=chart_footnote(f, sources), height=420 * rows,
                  label_room=_label_room(entities, multi) + (0 if year_end else 16),
                  legend_title="Days past due")
    if not percent:  # the legend clears the right-hand % axis and its title
        fig.update_layout(legend={"x": 1.09}, margin={"r": 40})
    return fig


# ─── allowance: provision versus write-off ──────────────────────────────────────────────────

def allowance_chart(
    facts: pd.DataFrame,
    *,
    entity: str | Sequence[str] | None = None,
    segment: str | None = None,
    sources: pd.DataFrame | None = None,
    scale: int | None = None,
    table: pd.DataFrame | None = None,
    frequency: str | None = None,
) -> go.Figure:
    """Per fiscal year or quarter (`frequency`, annual by default): provisions and write-offs
    side by side, the net reserve build (or release), and the ending allowance as a line. Each
    currency gets its own panel. The axis names each period in the filer's fiscal calendar
    ("FY2024 Q3"); a year-to-date figure (a fiscal year not yet reported whole) is hatched and
    labelled "FY2024 9M", a derived one (Q4 = FY − 9M) striped. `table`: the page's own
    `analysis.allowance_table` of these facts, so it is computed once."""
    f = _select(facts, "allowance", entity, segment)
    if segment is None:
        f = _primary_segments(f)
    what = "Provision vs write-off"
    table = _drawn(table, f) if table is not None else m.allowance_table(f, frequency=frequency)
    if table.empty:
        return empty_figure(what, "No allowance rollforward figures in the selected sources.")
    entities = list(dict.fromkeys(table["entity"]))
    multi = len(entities) > 1
    currencies = list(dict.fromkeys(table["currency"]))
    rows = len(currencies)
    fig = make_subplots(rows=rows, cols=1,
                        vertical_spacing=_panel_gap(rows, 400, _label_room(entities, multi)))
    shown: set[str] = set()
    series = [("provision", "Provision", COLORS["provision"]),
              ("write_off", "Write-off", COLORS["write_off"]),
              ("recovery", "Recoveries", COLORS["recovery"]),
              ("net_build", "Net reserve build (+) / release (−)", COLORS["net_build"])]
    # the footnote names the sources of the filers drawn (one with no period of this
    # frequency is left out of the chart, and of its footnote)
    used = f[f["entity"].isin(entities)].copy()
    for row, cur in enumerate(currencies, start=1):
        t = table[table["currency"] == cur]
        vals = pd.concat([t[c] for c in ("provision", "write_off", "allowance_end", "net_build")])
        div = scale or m.display_scale(vals.astype(float))
        unit = m.unit_label(str(cur), div)
        x = _x([_short(e) for e in t["entity"]], _period_labels(t), multi)
        pattern = _period_patterns(t)
        if multi:
            fig.add_trace(_category_order(x[0], x[1]), row=row, col=1)
        for col, name, color in series:
            if t[col].isna().all():
                continue
            custom = [[m.money(v, cur), e, src, _ratio_text(r), _period_text(r)]
                      for v, e, src, r in zip(t[col], t["entity"], t["sources"],
                                              t.to_dict("records"), strict=True)]
            extra = " (from flows)" if col == "net_build" else ""
            fig.add_trace(go.Bar(
                x=x, y=list(t[col] / div), name=name, legendgroup=col,
                showlegend=col not in shown, marker_color=color, customdata=custom,
                marker_pattern_shape=pattern,
                hovertemplate=_hover(["<b>%{customdata[1]}</b> · %{x}%{customdata[4]}",
                                      f"<b>{name}</b>",
                                      "%{customdata[0]}" + (extra if col == "net_build" and
                                                            t["net_build_derived"].any() else ""),
                                      "%{customdata[3]}", "Source: %{customdata[2]}"]),
            ), row=row, col=1)
            shown.add(col)
        for ent in entities:
            te = t[(t["entity"] == ent) & t["allowance_end"].notna()]
            if te.empty:
                continue
            fig.add_trace(go.Scatter(
                x=_x([_short(ent)] * len(te), _period_labels(te), multi),
                y=list(te["allowance_end"] / div), mode="lines+markers",
                name="Ending allowance", legendgroup="allowance_end",
                showlegend="allowance_end" not in shown,
                line={"color": COLORS["allowance_end"], "width": 3},
                marker={"size": 9, "color": COLORS["allowance_end"]},
                customdata=[[m.money(v, cur), src] for v, src in
                            zip(te["allowance_end"], te["sources"], strict=True)],
                hovertemplate=_hover([f"<b>{ent}</b> · %{{x}}", "<b>Ending allowance</b>",
                                      "%{customdata[0]}", "Source: %{customdata[1]}"]),
            ), row=row, col=1)
            shown.add("allowance_end")
        fig.update_yaxes(title_text=unit, row=row, col=1, zeroline=True, tickformat=",~g")
        _order_x(fig, row, multi, [_short(e) for e in t["entity"]], _period_labels(t))
    fig.update_layout(barmode="group")
    notes = []
    if table["net_build_derived"].any():
        notes.append("net build computed from flows where a balance is missing")
    bad = table[table["rollforward_difference"].abs() > 0.5 * 1000]
    if not bad.empty:
        notes.append("rollforward does not tie for " + ", ".join(
            f"{_short(e)} {y}" for e, y in zip(bad["entity"], _period_labels(bad), strict=True)))
    if "x" in _period_patterns(table):
        notes.append("hatched: year to date, not a full year")
    if "derived" in table.columns and table["derived"].fillna(False).astype(bool).any():
        notes.append("striped: derived from two filed periods (hover names them)")
    segs = sorted(set(used["segment"]) - {""})
    seg_text = f" ({', '.join(segs)})" if segs and len(entities) == 1 else ""
    quarterly = bool((table["frequency"] == "quarterly").any()) if "frequency" in table.columns \
        else False
    per = "per fiscal quarter" if quarterly else "per fiscal year"
    title = f"{what}: allowance rollforward — {_whose(entities)}{seg_text}, {per}"
    return _finish(fig, title=title, notes=notes,
                   label_room=_label_room(entities, multi),
                   footnote=chart_footnote(used, sources), height=400 * rows)


def _period_labels(t: pd.DataFrame) -> list[str]:
    """The axis label of each row: its fiscal period ("FY2024 Q3", "FY2024 9M"), or its year
    for a table from before periods were labelled."""
    if "period_label" in t.columns:
        return [str(p) for p in t["period_label"]]
    return [str(y) for y in t["year"]]


def _period_patterns(t: pd.DataFrame) -> list[str]:
    """Hatching for a year-to-date bar (in an annual chart, also a first quarter standing in
    for its year), stripes for a derived one, none for a filed period."""
    kinds = t["period_kind"] if "period_kind" in t.columns else pd.Series("", index=t.index)
    derived = t["derived"].fillna(False).astype(bool) if "derived" in t.columns else \
        pd.Series(False, index=t.index)
    annual = t["frequency"] == "annual" if "frequency" in t.columns else \
        pd.Series(False, index=t.index)
    months = pd.to_numeric(t["months"], errors="coerce") if "months" in t.columns else \
        pd.Series(float("nan"), index=t.index)
    return ["x" if k == "year to date" or (a and m < 12) else "/" if d else ""
            for k, d, a, m in zip(kinds, derived, annual, months, strict=True)]


def _period_text(r: dict) -> str:
    """What a hover adds after the period: its months when not a full year or quarter, and how
    a derived figure was made."""
    bits = []
    if r.get("period_kind") == "year to date" or (r.get("frequency") == "annual"
                                                  and (r.get("months") or 12) < 12):
        bits.append(f"{r.get('months')} months, year to date (not a full year)")
    if r.get("derived") and r.get("derivation"):
        bits.append("derived: " + str(r["derivation"]))
    return "".join(f"<br>{b}" for b in bits)


def _ratio_text(r: dict) -> str:
    bits = []
    prov = r.get("provision")
    if prov is not None and pd.notna(prov) and prov < 0:
        bits.append("a release: provision / write-off not meaningful")
    if r.get("provision_to_write_off") is not None and pd.notna(r.get("provision_to_write_off")):
        bits.append(f"provision / net write-offs {r['provision_to_write_off']:.2f}×")
    if r.get("write_off_to_avg_loans") is not None and pd.notna(r.get("write_off_to_avg_loans")):
        # a quarter's or nine months' ratio is annualised: the table's notes say so
        ann = " (annualised)" if "annualised" in str(r.get("ratio_notes") or "") and \
            (r.get("months") or 12) < 12 else ""
        bits.append(f"net write-offs / avg loans {r['write_off_to_avg_loans']:.2%}{ann}")
    if r.get("allowance_to_over_90") is not None and pd.notna(r.get("allowance_to_over_90")):
        bits.append(f"allowance / 90+ {r['allowance_to_over_90']:.2f}×")
    return " · ".join(bits) or "no ratio: write-offs, loans or 90+ figures are not reported"


# ─── guarantee exposure ─────────────────────────────────────────────────────────────────────

def guarantee_chart(
    facts: pd.DataFrame,
    *,
    entity: str | Sequence[str] | None = None,
    segment: str | None = None,
    sources: pd.DataFrame | None = None,
    scale: int | None = None,
    metric: str = "max_exposure",
    table: pd.DataFrame | None = None,
) -> go.Figure:
    """Maximum potential undiscounted future payment per year, one bar series per filer and
    segment, in the reported currency; the hover adds the US$ translation where the filing
    gives one and the year-on-year change, which is also written on the bar. `table`: the
    page's own `analysis.guarantee_table` of these facts, so it is computed once."""
    f = _select(facts, "guarantee", entity, segment, translations=True)
    f = f[f["metric"] == metric]
    what = "Maximum guarantee exposure" if metric == "max_exposure" else \
        metric.replace("_", " ").capitalize()
    table = _drawn(table, f) if table is not None else m.guarantee_table(f, metric)
    if table.empty:
        return empty_figure(what, "No maximum guarantee exposure in the selected sources.")
    entities = list(dict.fromkeys(table["entity"]))
    currencies = list(dict.fromkeys(table["currency"]))
    rows = len(currencies)
    fig = make_subplots(rows=rows, cols=1, vertical_spacing=_panel_gap(rows, 400, 0))
    series_keys = list(dict.fromkeys(zip(table["entity"], table["segment"], strict=True)))
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(series_keys)}
    has_usd = table["usd_translation"].notna().any()
    for row, cur in enumerate(currencies, start=1):
        t = table[table["currency"] == cur]
        div = scale or m.display_scale(t["value"])
        unit = m.unit_label(str(cur), div)
        for (ent, seg), g in t.groupby(["entity", "segment"], sort=False):
            name = _short(ent, 34) + (f" — {seg}" if seg else "")
            yoy = [_pct_change(p) for p in g["yoy_pct"]]
            custom = [[m.money(v, cur), m.money(u, "USD") if pd.notna(u) else "not given",
                       (f"{m.money(c, cur)} ({p:+.1%})" if pd.notna(c) else "first year shown"),
                       src, _clip(lab)]
                      for v, u, c, p, src, lab in zip(g["value"], g["usd_translation"],
                                                       g["yoy_change"], g["yoy_pct"],
                                                       g["source"], g["label"], strict=True)]
            fig.add_trace(go.Bar(
                x=[str(y) for y in g["year"]], y=list(g["value"] / div), name=name,
                legendgroup=name, showlegend=row == 1 or rows > 1,
                marker_color=color[(ent, seg)], text=yoy, textposition="outside",
                cliponaxis=False, customdata=custom,
                hovertemplate=_hover([f"<b>{name}</b> · %{{x}}",
                                      "<b>Maximum exposure: %{customdata[0]}</b>",
                                      "US$ translation in the filing: %{customdata[1]}",
                                      "Change on prior year: %{customdata[2]}",
                                      "Filer's words: %{customdata[4]}",
                                      "Source: %{customdata[3]}"]),
            ), row=row, col=1)
        fig.update_yaxes(title_text=unit, row=row, col=1, rangemode="tozero", tickformat=",~g")
        fig.update_xaxes(type="category", categoryorder="category ascending", row=row, col=1)
    fig.update_layout(barmode="group")
    # the filing's US$ translation is in each bar's hover, not a chart or note of its own
    notes = ["bar labels: change on prior year"]
    if has_usd:
        notes.append("the filing's US$ translation is in each bar's hover and in the guarantee table")
    if _all_dec31(table):
        notes.append("as of 31 December")
    title = f"{what} (undiscounted) — {_whose(entities)}"
    return _finish(fig, title=title, notes=notes, footnote=chart_footnote(f, sources),
                   height=400 * rows)


def _pct_change(p: float | None) -> str:
    """'+12%', '−90%'; one decimal near ±100% so a 99.6% fall does not read as a wipe-out."""
    if p is None or pd.isna(p):
        return ""
    text = f"{p:+.1%}" if 0.95 <= abs(p) < 1.0 or abs(p) < 0.01 else f"{p:+.0%}"
    return text.replace("-", "−")


def _all_dec31(t: pd.DataFrame) -> bool:
    return all(pd.Timestamp(d).month == 12 and pd.Timestamp(d).day == 31
               for d in t["period_end"] if d is not None and not pd.isna(d))


def _clip(text: object, limit: int = 90) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


# ─── the first screen: small multiples of the three charts ──────────────────────────────────

def compact(fig: go.Figure, *, title: str, height: int = 360) -> go.Figure:
    """A detail chart restyled for a third of the screen: short title, legend under the plot,
    no subtitle, and no in-figure footnote (the page prints the source under the chart, where
    the browser wraps it to the column's width)."""
    out = go.Figure(fig)
    keep = [a for a in out.layout.annotations if a.name not in ("footnote",)]
    out.layout.annotations = keep
    out.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}, "subtitle": None},
        height=height, margin={"l": 55, "r": 50, "t": 45, "b": 10},
        legend={"orientation": "h", "x": 0, "y": -0.18, "xanchor": "left", "yanchor": "top",
                "title": {"text": ""}, "font": {"size": 11}},
    )
    out.update_xaxes(tickangle=0, tickfont={"size": 11})
    for tr in out.data:  # data labels crowd a narrow chart; the hover keeps every figure
        if getattr(tr, "mode", None) and "text" in tr.mode:
            tr.mode = tr.mode.replace("+text", "").replace("text+", "")
        if isinstance(tr, go.Bar):
            tr.text = None
    return out


def nice_axis(top: float, ticks: int = 5) -> tuple[float, float]:
    """(upper bound, tick step) of a 0-based axis with round ticks: 2.22 -> (2.5, 0.5)."""
    if not top or top <= 0 or pd.isna(top):
        return 1.0, 0.2
    raw = top / ticks
    mag = 10 ** np.floor(np.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return float(np.ceil(top / step) * step), float(step)
