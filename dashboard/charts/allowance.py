"""The allowance chart: provisions and write-offs per fiscal year or quarter, the net reserve
build and the ending allowance; a panel per currency."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import analysis as m
from dashboard.analysis import periods
from dashboard.charts.layout import (
    axis_x,
    category_order,
    empty_figure,
    filer_label_room,
    finish,
    hover,
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
from dashboard.charts.style import COLORS
from dashboard.charts.words import short_name


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
    f = select_facts(facts, "allowance", entity, segment)
    if segment is None:
        f = primary_segments(f)
    what = "Provision vs write-off"
    table = drawn_rows(table, f) if table is not None else m.allowance_table(f, frequency=frequency)
    if table.empty:
        return empty_figure(what, "No allowance rollforward figures in the selected sources.")
    entities = list(dict.fromkeys(table["entity"]))
    multi = len(entities) > 1
    currencies = list(dict.fromkeys(table["currency"]))
    rows = len(currencies)
    fig = make_subplots(rows=rows, cols=1,
                        vertical_spacing=panel_gap(rows, 400, filer_label_room(entities, multi)))
    shown: set[str] = set()
    series = [("provision", "Provision", COLORS["provision"]),
              ("write_off", "Write-off", COLORS["write_off"]),
              ("recovery", "Recoveries", COLORS["recovery"]),
              ("net_build", "Net reserve build (+) / release (−)", COLORS["net_build"])]
    # the footnote names the sources of the periods drawn, and counts their figures (a
    # filer or a filing with no period of this frequency is left out of it)
    used = periods.facts_shown(f[f["entity"].isin(entities)], table).copy()
    for row, cur in enumerate(currencies, start=1):
        t = table[table["currency"] == cur]
        vals = pd.concat([t[c] for c in ("provision", "write_off", "allowance_end", "net_build")])
        div = scale or m.display_scale(vals.astype(float))
        unit = m.unit_label(str(cur), div)
        x = axis_x([short_name(e) for e in t["entity"]], _period_labels(t), multi)
        pattern = _period_patterns(t)
        if multi:
            fig.add_trace(category_order(x[0], x[1]), row=row, col=1)
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
                hovertemplate=hover(["<b>%{customdata[1]}</b> · %{x}%{customdata[4]}",
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
                x=axis_x([short_name(ent)] * len(te), _period_labels(te), multi),
                y=list(te["allowance_end"] / div), mode="lines+markers",
                name="Ending allowance", legendgroup="allowance_end",
                showlegend="allowance_end" not in shown,
                line={"color": COLORS["allowance_end"], "width": 3},
                marker={"size": 9, "color": COLORS["allowance_end"]},
                customdata=[[m.money(v, cur), src] for v, src in
                            zip(te["allowance_end"], te["sources"], strict=True)],
                hovertemplate=hover([f"<b>{ent}</b> · %{{x}}", "<b>Ending allowance</b>",
                                      "%{customdata[0]}", "Source: %{customdata[1]}"]),
            ), row=row, col=1)
            shown.add("allowance_end")
        fig.update_yaxes(title_text=unit, row=row, col=1, zeroline=True, tickformat=",~g")
        order_x(fig, row, multi, [short_name(e) for e in t["entity"]], _period_labels(t))
    fig.update_layout(barmode="group")
    notes = []
    if table["net_build_derived"].any():
        notes.append("net build computed from flows where a balance is missing")
    bad = table[table["rollforward_difference"].abs() > 0.5 * 1000]
    if not bad.empty:
        notes.append("rollforward does not tie for " + ", ".join(
            f"{short_name(e)} {y}" for e, y in zip(bad["entity"], _period_labels(bad), strict=True)))
    if "x" in _period_patterns(table):
        notes.append("hatched: year to date, not a full year")
    if "derived" in table.columns and table["derived"].fillna(False).astype(bool).any():
        notes.append("striped: derived from two filed periods (hover names them)")
    segs = sorted(set(used["segment"]) - {""})
    seg_text = f" ({', '.join(segs)})" if segs and len(entities) == 1 else ""
    quarterly = bool((table["frequency"] == "quarterly").any()) if "frequency" in table.columns \
        else False
    per = "per fiscal quarter" if quarterly else "per fiscal year"
    title = f"{what}: allowance rollforward — {whose(entities)}{seg_text}, {per}"
    return finish(fig, title=title, notes=notes,
                   label_room=filer_label_room(entities, multi),
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
