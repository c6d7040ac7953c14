"""The guarantee chart: maximum potential future payment per year, one bar series per filer and
segment, the year-on-year change on the bar and the filing's US$ translation in the hover."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import analysis as m
from dashboard.charts.layout import empty_figure, finish, hover, panel_gap
from dashboard.charts.sources import chart_footnote, drawn_rows, select_facts, whose
from dashboard.charts.style import PALETTE
from dashboard.charts.words import short_name


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
    f = select_facts(facts, "guarantee", entity, segment, translations=True)
    f = f[f["metric"] == metric]
    what = "Maximum guarantee exposure" if metric == "max_exposure" else \
        metric.replace("_", " ").capitalize()
    table = drawn_rows(table, f) if table is not None else m.guarantee_table(f, metric)
    if table.empty:
        return empty_figure(what, "No maximum guarantee exposure in the selected sources.")
    # a filer's whole book is drawn, not its guarantee types beside it (bars side by side read
    # as if they added up); the types are in the table, and the Segment filter draws one
    seg = table["segment"].fillna("").astype(str)
    whole_book = set(table.loc[seg == "", "entity"])
    types = table[(seg != "") & table["entity"].isin(whole_book)]
    table = table.drop(types.index)
    entities = list(dict.fromkeys(table["entity"]))
    currencies = list(dict.fromkeys(table["currency"]))
    rows = len(currencies)
    fig = make_subplots(rows=rows, cols=1, vertical_spacing=panel_gap(rows, 400, 0))
    series_keys = list(dict.fromkeys(zip(table["entity"], table["segment"], strict=True)))
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(series_keys)}
    has_usd = table["usd_translation"].notna().any()
    for row, cur in enumerate(currencies, start=1):
        t = table[table["currency"] == cur]
        div = scale or m.display_scale(t["value"])
        unit = m.unit_label(str(cur), div)
        for (ent, seg), g in t.groupby(["entity", "segment"], sort=False):
            name = short_name(ent, 34) + (f" — {seg}" if seg else "")
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
                hovertemplate=hover([f"<b>{name}</b> · %{{x}}",
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
    if not types.empty:
        n = types["segment"].nunique()
        notes.append(f"the whole book per filer; its {n} guarantee type{'s' if n > 1 else ''} "
                     "are in the table, and the Segment filter draws one")
    if has_usd:
        notes.append("the filing's US$ translation is in each bar's hover and in the guarantee table")
    if _all_dec31(table):
        notes.append("as of 31 December")
    title = f"{what} (undiscounted) — {whose(entities)}"
    return finish(fig, title=title, notes=notes, footnote=chart_footnote(f, sources),
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
