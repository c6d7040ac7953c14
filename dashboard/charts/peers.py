"""Peer charts: small multiples of the credit ratios, one panel per ratio, one line per filer,
one filer highlighted. Pure functions from `peers.series` frames to plotly Figures."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import analysis as m
from dashboard.analysis.ratios import (
    AMOUNT,
    BY_KEY,
    PCT,
    RATIOS,
    TIMES,
)
from dashboard.charts.layout import empty_figure
from dashboard.charts.style import PALETTE, TEMPLATE
from dashboard.charts.words import year_ends
from dashboard.model.display import MISSING

MUTED = "#9AA0A6"
HIGHLIGHT = "#E15759"


def _fmt(v: float, kind: str, currency: str = "") -> str:
    if v is None or pd.isna(v):
        return MISSING
    if kind == PCT:
        return f"{v * 100:.2f}%"
    if kind == TIMES:
        return f"{v:.2f}×"
    if abs(v) >= 1e6:
        return f"{m.currency_name(currency)} {v / 1e6:,.0f}m"
    return f"{m.currency_name(currency)} {v:,.0f}"


def fmt_ratio(v: float | None, kind: str, currency: str = "") -> str:
    """'2.22%', '1.89×', 'US$ 1,450m'."""
    return _fmt(v, kind, currency)  # type: ignore[arg-type]


def fmt_delta(v: object, kind: str) -> str:
    """A change on the prior period: '+0.48 pp', '-0.10×', '+1,284m'."""
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return ""
    if kind == PCT:
        return f"{v * 100:+.2f} pp"  # type: ignore[operator]
    if kind == TIMES:
        return f"{v:+.2f}×"
    return f"{v / 1e6:+,.0f}m"  # type: ignore[operator]


def _colors(entities: Sequence[str], highlight: str | None) -> dict[str, str]:
    others = [c for c in PALETTE if c != HIGHLIGHT]
    out = {}
    k = 0
    for e in entities:
        if highlight and e == highlight:
            out[e] = HIGHLIGHT
        else:
            out[e] = others[k % len(others)]
            k += 1
    return out


def footnote(lines: pd.DataFrame) -> str:
    """'Sources: <filer>: <files>; …' wrapped for a slide."""
    parts = []
    for ent, g in lines.groupby("entity", sort=True):
        srcs = sorted({s.strip() for x in g["sources"] for s in str(x).split(",") if s.strip()})
        parts.append(f"{ent}: {', '.join(srcs)}")
    text = "Source: " + "; ".join(parts) + ". Ratios computed here from the reported figures."
    return "<br>".join(textwrap.wrap(text, 150, break_long_words=True))


def absent_from_panels(lines: pd.DataFrame, keys: Sequence[str]) -> str:
    """'No figure: <filer> for <ratio>, <ratio>; …' for each filer of the legend that has no
    line in some panels (a lender that reports no aging), so that its missing line reads as
    missing figures, not as a line hidden behind another; '' when every filer is in every panel."""
    entities = sorted(set(lines.loc[lines["ratio"].isin(keys), "entity"]))
    have = {k: set(lines.loc[lines["ratio"] == k, "entity"]) for k in keys}
    parts = []
    for ent in entities:
        gone = [BY_KEY[k].name for k in keys if ent not in have[k]]
        if gone:
            parts.append(f"{ent} for {', '.join(gone)}")
    return ("No figure: " + "; ".join(parts) + ".") if parts else ""


def small_multiples(lines: pd.DataFrame, *, highlight: str | None = None,
                    ratios: Sequence[str] | None = None, title: str = "Peer credit ratios",
                    columns: int = 3, axis_units: bool = False) -> go.Figure:
    """One panel per ratio that has a figure, one line per filer; the highlighted filer drawn
    thick in red, the others thinner. Amounts across currencies are shown in US$ (see
    `peers.series`)."""
    keys = [k for k in (ratios or [r.key for r in RATIOS]) if k in set(lines["ratio"])]
    if not keys:
        return empty_figure(title, "No ratio could be computed for these filers.")
    n = len(keys)
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    names = []
    for k in keys:
        rdef = BY_KEY[k]
        unit = ""
        if rdef.kind == AMOUNT:
            curs = set(lines.loc[lines["ratio"] == k, "currency"])
            unit = f" ({m.currency_name(curs.pop())} millions)" if len(curs) == 1 else ""
        names.append(rdef.name + unit)
    # a panel's title on lines no wider than its panel, so that neighbours never run together
    chars = {1: 90, 2: 48}.get(cols, 30)
    names = ["<br>".join(textwrap.wrap(n, chars)) for n in names]
    title_lines = max(n.count("<br>") + 1 for n in names)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names,
                        vertical_spacing=(60 + 18 * title_lines) / (330 * rows)
                        if rows > 1 else 0.1, horizontal_spacing=0.07)
    year_end = year_ends(list(lines.loc[lines["ratio"].isin(keys), "period_end"]))

    def when(v: object) -> object:
        """The year alone (a category) when every period ends on the same day; else the
        date itself, on a date axis that spaces periods of different lengths by time and
        writes as few ticks as fit."""
        return str(pd.Timestamp(v).year) if year_end else pd.Timestamp(v)
    entities = sorted(set(lines["entity"]))
    color = _colors(entities, highlight)
    shown: set[str] = set()
    for i, k in enumerate(keys):
        r, c = i // cols + 1, i % cols + 1
        rdef = BY_KEY[k]
        sub = lines[lines["ratio"] == k]
        by_filer = dict(tuple(sub.groupby("entity", sort=False)))  # once, not per filer
        for ent in entities:
            if ent not in by_filer:
                continue
            g = by_filer[ent].sort_values("period_end")
            hi = highlight is not None and ent == highlight
            text = [f"{ent}<br>{lab}: {_fmt(v, rdef.kind, cur)}"
                    + (f"<br>{b}" if b else "") + (" (derived)" if d else "")
                    for lab, v, cur, b, d in zip(g["period_label"], g["value"], g["currency"],
                                                 g["basis_note"], g["derived"], strict=True)]
            fig.add_trace(go.Scatter(
                x=[when(x) for x in g["period_end"]],
                y=g["value"] / 1e6 if rdef.kind == AMOUNT else g["value"], mode="lines+markers",
                name=ent, legendgroup=ent, showlegend=ent not in shown,
                line={"color": color[ent], "width": 4 if hi else 2},
                marker={"size": 9 if hi else 6},
                opacity=1.0 if (hi or not highlight) else 0.75,
                hovertext=text, hoverinfo="text"), row=r, col=c)
            shown.add(ent)
        fmt = ".1%" if rdef.kind == PCT else ".2f" if rdef.kind == TIMES else ",.0f"
        fig.update_yaxes(tickformat=fmt, rangemode="tozero", row=r, col=c)
        if rdef.kind == AMOUNT and axis_units:  # a lone panel (a slide) loses its title
            curs = set(sub["currency"])
            unit = m.currency_name(curs.pop()) if len(curs) == 1 else "mixed currencies"
            fig.update_yaxes(title_text=f"{unit} millions", row=r, col=c)
        if year_end:
            ends = sorted({str(when(x)) for x in sub["period_end"]})
            fig.update_xaxes(type="category", categoryorder="array", categoryarray=ends,
                             row=r, col=c, tickangle=0)
        else:  # ticks on the period ends themselves, not on 1 January, spread in time
            ticks = spread_ticks(sorted({pd.Timestamp(x) for x in sub["period_end"]}))
            fig.update_xaxes(type="date", tickangle=0, tickmode="array", tickvals=ticks,
                             ticktext=[e.strftime("%b %Y") for e in ticks], row=r, col=c)
    foot = footnote(lines[lines["ratio"].isin(keys)])
    if missing := absent_from_panels(lines, keys):
        foot = foot + "<br>" + "<br>".join(textwrap.wrap(missing, 150, break_long_words=True))
    if year_end:
        foot = foot + "<br>Periods end on " + year_end + "."
    sub_title = "Each filer at its own period ends"
    if highlight:
        sub_title += f"; {highlight} highlighted"
    fig.update_layout(
        template=TEMPLATE, height=330 * rows + 170,
        title={"text": f"{title}<br><span style='font-size:13px;color:#5F6368'>{sub_title}"
                       "</span>", "x": 0.01},
        legend={"orientation": "h", "yanchor": "top", "y": 0.985, "x": 1, "xanchor": "right",
                "yref": "container"},
        margin={"t": 100 + 18 * title_lines, "b": 70 + 15 * (foot.count("<br>") + 1),
                "l": 60, "r": 60},
        annotations=list(fig.layout.annotations) + [go.layout.Annotation(
            text=foot, showarrow=False, xref="paper", yref="paper", x=0, y=0, yshift=-45,
            xanchor="left", yanchor="top", font={"size": 11, "color": "#5F6368"},
            align="left")],
    )
    return fig


def ratio_chart(lines: pd.DataFrame, ratio: str, *, highlight: str | None = None) -> go.Figure:
    """One ratio, one line per filer (a slide's chart)."""
    rdef = BY_KEY[ratio]
    return small_multiples(lines, highlight=highlight, ratios=[ratio], title=rdef.name,
                           columns=1, axis_units=True)


def spread_ticks(ends: list[pd.Timestamp], most: int = 4) -> list[pd.Timestamp]:
    """The period ends that label a date axis: the latest, then each one at least a
    `most`-th of the axis's span of time before the last kept, so that no two labels
    ("Dec 2019", "Dec 2021") are closer than the axis can print them, however the periods
    bunch (one filer's 2014 quarter, another's years 2019-2023)."""
    if len(ends) <= 1:
        return list(ends)
    gap = (ends[-1] - ends[0]) / most
    kept = [ends[-1]]
    for e in reversed(ends[:-1]):
        if kept[-1] - e >= gap:
            kept.append(e)
    return kept[::-1]

