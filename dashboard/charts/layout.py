"""What every chart shares around its plot: the title on as many lines as it needs, the notes
and the source footnote under the plot (never over it), the two-level (filer, period) axis and
the room its labels take, panels per currency, a figure that says what is missing, the
compact restyling of the first screen, and round ticks."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import TEMPLATE
from dashboard.charts.words import short_name

FOOT_WIDTH = 130  # characters per footnote line
_TITLE_WIDTH = 90  # characters per title line at 18 px, for a chart about 900 px wide


def finish(fig: go.Figure, *, title: str, footnote: str, height: int,
           notes: Sequence[str] = (), legend_title: str = "", label_room: int = 0) -> go.Figure:
    """Title, legend, margins and, under the plot, the notes about the figures and the source
    footnote (never over the plot). `label_room` is extra space under the axis for the filer
    names of a two-level (filer, period) axis. The bottom margin is computed from the lines
    the notes and footnote take."""
    if notes:
        text = "Notes: " + "; ".join(dict.fromkeys(notes)) + "."
        footnote = "<br>".join(textwrap.wrap(text, FOOT_WIDTH)) + "<br>" + footnote
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


def hover(lines: Sequence[str]) -> str:
    return "<br>".join(lines) + "<extra></extra>"


GROUP_CHARS = 16  # characters per line of a filer's name under a two-level axis


def axis_group(entity: str) -> str:
    """A filer's name as the outer label of a (filer, period) axis: on short lines, so the
    names of neighbouring filers never run into each other (plotly does not wrap them)."""
    if "<br>" in entity:  # wrapped already
        return entity
    return "<br>".join(textwrap.wrap(entity, GROUP_CHARS, break_long_words=True)) or entity


def axis_x(entities: Sequence[str], labels: Sequence[str], multi: bool) -> list | list[list[str]]:
    return [[axis_group(e) for e in entities], list(labels)] if multi else list(labels)


def order_x(fig: go.Figure, row: int, multi: bool, entities: Sequence[str],
             labels: Sequence[str]) -> None:
    """Categories in (filer, then date or year) order, whatever order the traces came in."""
    pairs = sorted(set(zip(entities, labels, strict=True)))
    if multi:
        fig.update_xaxes(type="multicategory", categoryorder="array",
                         categoryarray=[[axis_group(p[0]) for p in pairs], [p[1] for p in pairs]],
                         row=row, col=1)
    else:
        fig.update_xaxes(type="category", categoryorder="array",
                         categoryarray=sorted({p[1] for p in pairs}), row=row, col=1)


def filer_label_room(entities: Sequence[str], multi: bool, date_lines: int = 1) -> int:
    """Pixels under the axis, beyond one line of tick labels, for the dates' further lines
    ("2013<br>12-31") and the filer names of a two-level axis (each on its own lines)."""
    room = 18 * (date_lines - 1)
    if not multi:
        return room
    lines = max(axis_group(short_name(e)).count("<br>") + 1 for e in entities)
    return room + 8 + 18 * lines


def panel_gap(rows: int, panel_px: int, label_room: int) -> float:
    """make_subplots' vertical spacing (a fraction of the plot height) that leaves room under
    each panel for its tick labels (about 40 px) and the filer names of a two-level axis."""
    if rows < 2:
        return 0.1
    return min(0.4, (45 + label_room) / (panel_px * rows))


def category_order(entities: Sequence[str], labels: Sequence[str]) -> go.Scatter:
    """An invisible first trace that puts every filer's periods in ascending order.

    plotly.js orders a multicategory axis by the first appearance of each level across all
    traces (inner labels globally), so one filer's 2023 seen before another's 2021 put 2023
    first for both. Listing every (filer, period) pair by period first fixes the order.
    """
    pairs = sorted(set(zip(entities, labels, strict=True)), key=lambda p: (p[1], p[0]))
    return go.Scatter(x=[[axis_group(a) for a, _ in pairs], [b for _, b in pairs]],
                      y=[None] * len(pairs),
                      mode="markers", marker={"opacity": 0}, showlegend=False,
                      hoverinfo="skip", name="category order")


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
        # the legend at the foot of the figure, not a fraction of the plot's height below it:
        # a legend of four rows shrinks the plot, and a fraction of it would then run into
        # dates printed on two lines; at the foot, both push the margin, one under the other
        legend={"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0,
                "yanchor": "bottom", "title": {"text": ""}, "font": {"size": 11}},
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
