"""The delinquency chart: past-due aging buckets per balance-sheet date as stacked bars, with
the 90+ ratio line; a panel per currency, or % of total loans."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import analysis as m
from dashboard.charts.layout import (
    axis_x,
    category_order,
    empty_figure,
    filer_label_room,
    finish,
    hover,
    nice_axis,
    order_x,
    panel_gap,
)
from dashboard.charts.sources import (
    chart_footnote,
    drawn_rows,
    primary_segments,
    select_facts,
    whose,
)
from dashboard.charts.style import COLORS, bucket_color
from dashboard.charts.words import (
    delinquency_notes,
    label_positions,
    short_date,
    short_name,
    year_ends,
)
from dashboard.model import display as d


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
    f = select_facts(facts, "delinquency", entity, segment)
    if segment is None:
        f = primary_segments(f)
    buckets = drawn_rows(buckets, f) if buckets is not None else m.delinquency_buckets(f)
    what = "Loans past due by aging bucket" + (", % of total loans" if percent else "")
    if buckets.empty:
        return empty_figure(what, "No past-due aging buckets in the selected sources.")
    if percent:
        buckets = buckets[buckets["pct_of_loans"].notna()]
        if buckets.empty:
            return empty_figure(what, "Total loans are not reported, so no % of total loans.")
    summary = drawn_rows(summary, f) if summary is not None else m.delinquency_summary(f)
    entities = list(dict.fromkeys(buckets["entity"]))
    multi = len(entities) > 1
    currencies = [None] if percent else list(dict.fromkeys(buckets["currency"]))
    rows = len(currencies)
    # a panel per currency, named by its axis title ("US$ millions"); the gap between panels
    # holds the upper panel's (filer, date) labels
    year_end = year_ends(list(buckets["period_end"]))
    label_room = filer_label_room(entities, multi, date_lines=1 if year_end else 2)
    fig = make_subplots(rows=rows, cols=1, specs=[[{"secondary_y": not percent}]] * rows,
                        vertical_spacing=panel_gap(rows, 420, label_room))
    order = buckets.drop_duplicates("bucket").sort_values("order")
    straddle = {b for b, lo, hi in zip(order["bucket"], order["days_from"], order["days_to"],
                                       strict=True)
                if (pd.isna(lo) or lo < 90) and (pd.isna(hi) or hi > 90)}
    colors = {b: bucket_color(lo, hi) for b, lo, hi in
              zip(order["bucket"], order["days_from"], order["days_to"], strict=True)}

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
            fig.add_trace(category_order([short_name(e) for e in bk["entity"]],
                                          [when(d) for d in bk["period_end"]]),
                          row=row, col=1, **({} if percent else {"secondary_y": False}))
        for b in order["bucket"]:
            part = bk[bk["bucket"] == b]
            if part.empty:
                continue
            xs_ent = [short_name(e) for e in part["entity"]]
            xs_date = [when(d) for d in part["period_end"]]
            y = part["pct_of_loans"] * 100 if percent else part["value"] / div
            custom = [[m.money(v, c), f"{p:.2%}" if pd.notna(p) else "n/a", s, lab, e]
                      for v, c, p, s, lab, e in zip(part["value"], part["currency"],
                                                    part["pct_of_loans"], part["source"],
                                                    part["label"], part["entity"], strict=True)]
            fig.add_trace(go.Bar(
                x=axis_x(xs_ent, xs_date, multi), y=list(y), name=d.bucket_name(b), legendgroup=b,
                showlegend=b not in shown_legend, marker_color=colors[b],
                marker_pattern_shape="/" if b in straddle else "",
                customdata=custom,
                hovertemplate=hover([
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
                x=axis_x([short_name(ent)] * len(s), [when(d) for d in s["period_end"]], multi),
                y=list(s["over_90_ratio"] * 100), mode="lines+markers+text",
                text=[f"{v:.2%}" for v in s["over_90_ratio"]],
                textposition=label_positions(list(s["over_90_ratio"])),
                cliponaxis=False,
                name=name, legendgroup="over90", showlegend=name not in shown_legend,
                line={"color": COLORS["ratio"], "width": 3, "dash": "dot" if derived else "solid"},
                marker={"size": 9, "symbol": "diamond", "color": COLORS["ratio"]},
                customdata=custom,
                hovertemplate=hover([f"<b>{ent}</b> · %{{x}}",
                                      "<b>90+ days past due: %{y:.2f}% of total loans</b>",
                                      "%{customdata[0]} (%{customdata[1]}: %{customdata[2]})",
                                      "Source: %{customdata[3]}"]),
            ), row=row, col=1, **({} if percent else {"secondary_y": True}))
            shown_legend.add(name)
        fig.update_yaxes(title_text=unit, row=row, col=1,
                         **({} if percent else {"secondary_y": False, "tickformat": ",~g"}))
        order_x(fig, row, multi, [short_name(e) for e in bk["entity"]],
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
    title = f"{what} — {whose(entities)}{seg_text}"
    fig = finish(fig, title=title, notes=notes,
                  footnote=chart_footnote(f, sources), height=420 * rows,
                  label_room=label_room,
                  legend_title="Days past due")
    if not percent:  # the legend clears the right-hand % axis and its title
        fig.update_layout(legend={"x": 1.09}, margin={"r": 40})
    return fig
