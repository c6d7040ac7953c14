"""Charts are plain plotly figures: check what they say, not how they look."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from sample_facts import (
    FTA,
    QD,
    frame,
    fta_aging,
    fta_allowance,
    fta_fy2022_aging,
    qd_guarantee,
    qd_six_buckets,
    qfin_allowance,
    tesla_guarantee,
)

from dashboard.charts import figures as c

SOURCES = pd.DataFrame([
    {"source": "fta_aging.htm", "entity": FTA, "form": "20-F", "period": "2023-12-31"},
    {"source": "qd_guarantee.txt", "entity": QD, "form": "20-F", "period": "2020-12-31"},
])


def _footnote(fig: go.Figure) -> str:
    notes = [a.text for a in fig.layout.annotations if a.name == "footnote"]
    assert len(notes) == 1
    return notes[0]


def _bars(fig: go.Figure) -> dict[str, go.Bar]:
    return {t.name: t for t in fig.data if isinstance(t, go.Bar)}


def test_delinquency_chart_draws_the_filers_buckets_in_its_units() -> None:
    fig = c.delinquency_chart(frame(fta_aging()), sources=SOURCES)
    assert "Loans past due by aging bucket" in fig.layout.title.text
    assert FTA in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "RMB millions"
    bars = _bars(fig)
    assert list(bars) == ["0-30 days", "31-60 days", "61-90 days", "Over 90 days"]
    assert list(bars["Over 90 days"].y) == pytest.approx([60.353, 81.659])
    assert list(bars["Over 90 days"].x) == ["2022-12-31", "2023-12-31"]
    assert fig.layout.barmode == "stack"
    hover = json.dumps([list(r) for r in bars["Over 90 days"].customdata])
    assert "RMB 81,659,000" in hover and "fta_aging.htm" in hover
    assert "Over 90 days past due" in hover  # the filer's own label
    line = next(t for t in fig.data if isinstance(t, go.Scatter))
    assert list(line.y) == pytest.approx([60_353 / 2_750_808 * 100, 81_659 / 3_675_492 * 100])
    note = _footnote(fig)
    assert note.startswith("Source: Full Truck Alliance Co. Ltd., 20-F 2023-12-31;")
    assert "fta_aging.htm" in note and "RMB thousands, as stated" in note


def test_percent_view_and_derived_over_90_marked() -> None:
    fig = c.delinquency_chart(frame(qd_six_buckets()), percent=True)
    assert fig.layout.yaxis.title.text == "% of total loans"
    bars = _bars(fig)
    assert len(bars) == 6
    assert bars["91-120 days"].y[0] == pytest.approx(27_904_847 / 2_639_004_889 * 100)
    line = next(t for t in fig.data if isinstance(t, go.Scatter))
    assert "(derived)" in line.name
    assert "91-120 days + 121-150 days + 151-180 days" in fig.layout.title.subtitle.text


def test_a_bucket_straddling_90_is_hatched_and_explained() -> None:
    fig = c.delinquency_chart(frame(fta_fy2022_aging(), fta_aging()))
    bars = _bars(fig)
    assert bars["Over 60 days"].marker.pattern.shape == "/"
    assert bars["Over 90 days"].marker.pattern.shape in ("", None)
    sub = fig.layout.title.subtitle.text
    assert "bucket schemes differ" in sub and "2021-12-31: no 90+ figure" in sub


def test_several_filers_share_the_percent_axis_but_not_the_money_axis() -> None:
    f = frame(fta_aging(), qd_six_buckets())
    pct = c.delinquency_chart(f, percent=True)
    assert pct.layout.xaxis.type == "multicategory"
    assert "Full Truck Alliance Co. Ltd. vs Qudian Inc." in pct.layout.title.text
    money = c.delinquency_chart(f)
    assert money.layout.yaxis.title.text == "RMB millions"  # both in RMB: one panel


def test_allowance_chart() -> None:
    fig = c.allowance_chart(frame(fta_allowance()), scale=1_000_000)
    assert fig.layout.title.text.startswith("Provision vs write-off")
    assert fig.layout.yaxis.title.text == "RMB millions"
    bars = _bars(fig)
    assert list(bars["Provision"].y) == pytest.approx([97.658, 194.272, 234.599])
    assert list(bars["Write-off"].y) == pytest.approx([72.942, 157.030, 182.538])
    assert list(bars["Net reserve build (+) / release (−)"].y) == pytest.approx(
        [24.716, 37.242, 52.061])
    end = next(t for t in fig.data if t.name == "Ending allowance")
    assert list(end.y) == pytest.approx([65.117, 102.359, 154.420])
    assert "Recoveries" not in bars  # FTA reports none
    assert "RMB 234,599,000" in json.dumps([list(r) for r in bars["Provision"].customdata])
    assert fig.layout.barmode == "group"


def test_rmb_and_usd_never_share_an_axis() -> None:
    usd = [dict(r, entity="Dollar Lender", currency="USD", source="usd.htm")
           for r in qfin_allowance()]
    fig = c.allowance_chart(frame(fta_allowance(), usd))
    titles = {fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text}
    assert titles == {"RMB millions", "US$ millions"}
    for t in fig.data:
        ents = {str(x) for x in (t.x[0] if isinstance(t.x[0], (list, tuple)) else [])}
        assert not ({"Dollar Lender"} <= ents and any(FTA[:20] in e for e in ents))


def test_guarantee_chart_panels_translation_and_yoy() -> None:
    fig = c.guarantee_chart(frame(qd_guarantee(), tesla_guarantee()), sources=SOURCES)
    assert "Maximum guarantee exposure" in fig.layout.title.text
    assert {fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text} == {"RMB millions",
                                                                           "US$ millions"}
    bars = _bars(fig)
    qd = bars[QD]
    assert list(qd.y) == pytest.approx([2223, 221])
    assert list(qd.text) == ["", "−90%"]
    hover = json.dumps([list(r) for r in qd.customdata])
    assert "RMB 221,000,000" in hover and "US$ 34,000,000" in hover
    assert "US$ 34,000,000" in fig.layout.title.subtitle.text
    tesla = bars["Tesla, Inc."]
    assert list(tesla.y) == pytest.approx([166, 1450])
    assert tesla.yaxis == "y2"


def test_empty_input_says_what_is_missing() -> None:
    fig = c.guarantee_chart(frame(fta_aging()))
    assert not fig.data
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert "No maximum guarantee exposure" in fig.layout.annotations[0].text
    assert not c.delinquency_chart(frame(qd_guarantee())).data
    assert not c.allowance_chart(frame(qd_guarantee())).data


def test_one_palette_everywhere() -> None:
    allowed = set(c.PALETTE) | set(c.BUCKET_COLORS) | set(c.COLORS.values())
    f = frame(fta_aging(), fta_fy2022_aging(), fta_allowance(), qd_guarantee(), qd_six_buckets())
    for fig in (c.delinquency_chart(f), c.allowance_chart(f), c.guarantee_chart(f)):
        for t in fig.data:
            if t.hoverinfo == "skip" and t.showlegend is False:
                continue  # an invisible helper trace (category order), not a series
            color = t.marker.color if isinstance(t, go.Bar) else t.line.color
            assert color in allowed, (t.name, color)
        fig.to_json()  # serialisable, as the exports need


def test_footnote_without_sources_table() -> None:
    note = c.chart_footnote(frame(qd_guarantee()))
    assert note.startswith("Source: Qudian Inc.; qd_guarantee.txt;")
    assert "RMB millions, as stated" in note and "US$ millions, as stated" in note


def test_years_run_in_order_within_each_filer() -> None:
    fig = c.allowance_chart(frame(fta_allowance(), qfin_allowance()))
    cats = fig.layout.xaxis.categoryarray
    pairs = list(zip(cats[0], cats[1], strict=True))
    assert pairs == sorted(pairs)
    assert [y for e, y in pairs if e.startswith("Qifu")] == ["FY2020", "FY2021", "FY2022"]  # the filer's fiscal years
