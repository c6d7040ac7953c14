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

from dashboard.charts.allowance import allowance_chart
from dashboard.charts.delinquency import delinquency_chart
from dashboard.charts.guarantee import guarantee_chart
from dashboard.charts.sources import chart_footnote
from dashboard.charts.style import BUCKET_COLORS, COLORS, PALETTE
from dashboard.charts.words import convenience_translations, label_positions, one_status_per_date

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
    fig = delinquency_chart(frame(fta_aging()), sources=SOURCES)
    assert "Loans past due by aging bucket" in fig.layout.title.text
    assert FTA in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "RMB millions"
    bars = _bars(fig)
    assert list(bars) == ["0-30 days", "31-60 days", "61-90 days", "Over 90 days"]
    assert list(bars["Over 90 days"].y) == pytest.approx([60.353, 81.659])
    # every date a 31 December: the axis names the year, the notes say the day
    assert list(bars["Over 90 days"].x) == ["2022", "2023"]
    assert fig.layout.barmode == "stack"
    hover = json.dumps([list(r) for r in bars["Over 90 days"].customdata])
    assert "RMB 81,659,000" in hover and "fta_aging.htm" in hover
    assert "Over 90 days past due" in hover  # the filer's own label
    line = next(t for t in fig.data if isinstance(t, go.Scatter))
    assert list(line.y) == pytest.approx([60_353 / 2_750_808 * 100, 81_659 / 3_675_492 * 100])
    note = _footnote(fig)
    assert note.startswith("Notes: balances at 31 December.<br>Source: Full Truck Alliance "
                           "Co. Ltd., 20-F 2023-12-31;")
    assert "fta_aging.htm" in note and "RMB thousands, as stated" in note
    assert not fig.layout.title.subtitle.text  # nothing over the plot


def test_percent_view_and_derived_over_90_marked() -> None:
    fig = delinquency_chart(frame(qd_six_buckets()), percent=True)
    assert fig.layout.yaxis.title.text == "% of total loans"
    bars = _bars(fig)
    assert len(bars) == 6
    assert bars["91-120 days"].y[0] == pytest.approx(27_904_847 / 2_639_004_889 * 100)
    line = next(t for t in fig.data if isinstance(t, go.Scatter))
    assert "(derived)" in line.name
    assert "90+ derived as 91-120 days + 121-150 days + 151-180 days: 2021" in _footnote(fig)


def test_a_bucket_straddling_90_is_hatched_and_explained() -> None:
    fig = delinquency_chart(frame(fta_fy2022_aging(), fta_aging()))
    bars = _bars(fig)
    assert bars["Over 60 days"].marker.pattern.shape == "/"
    assert bars["Over 90 days"].marker.pattern.shape in ("", None)
    notes = _footnote(fig).replace("<br>", " ")
    assert "bucket schemes differ" in notes
    # one clause per basis, naming its dates once
    assert "no 90+ figure (the filer's bucket over 60 days straddles 90 days): 2021" in notes


def test_several_filers_share_the_percent_axis_but_not_the_money_axis() -> None:
    f = frame(fta_aging(), qd_six_buckets())
    pct = delinquency_chart(f, percent=True)
    assert pct.layout.xaxis.type == "multicategory"
    assert "Full Truck Alliance Co. Ltd. vs Qudian Inc." in pct.layout.title.text
    money = delinquency_chart(f)
    assert money.layout.yaxis.title.text == "RMB millions"  # both in RMB: one panel


def test_allowance_chart() -> None:
    fig = allowance_chart(frame(fta_allowance()), scale=1_000_000)
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
    fig = allowance_chart(frame(fta_allowance(), usd))
    titles = {fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text}
    assert titles == {"RMB millions", "US$ millions"}
    for t in fig.data:
        ents = {str(x) for x in (t.x[0] if isinstance(t.x[0], (list, tuple)) else [])}
        assert not ({"Dollar Lender"} <= ents and any(FTA[:20] in e for e in ents))


def test_guarantee_chart_panels_translation_and_yoy() -> None:
    fig = guarantee_chart(frame(qd_guarantee(), tesla_guarantee()), sources=SOURCES)
    assert "Maximum guarantee exposure" in fig.layout.title.text
    assert {fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text} == {"RMB millions",
                                                                           "US$ millions"}
    bars = _bars(fig)
    qd = bars[QD]
    assert list(qd.y) == pytest.approx([2223, 221])
    assert list(qd.text) == ["", "−90%"]
    hover = json.dumps([list(r) for r in qd.customdata])
    assert "RMB 221,000,000" in hover and "US$ 34,000,000" in hover
    # the translation is in the hover only: no note, chart or panel of its own
    assert "US$ 34,000,000" not in _footnote(fig)
    tesla = bars["Tesla, Inc."]
    assert list(tesla.y) == pytest.approx([166, 1450])
    assert tesla.yaxis == "y2"


def test_empty_input_says_what_is_missing() -> None:
    fig = guarantee_chart(frame(fta_aging()))
    assert not fig.data
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert "No maximum guarantee exposure" in fig.layout.annotations[0].text
    assert not delinquency_chart(frame(qd_guarantee())).data
    assert not allowance_chart(frame(qd_guarantee())).data


def test_one_palette_everywhere() -> None:
    allowed = set(PALETTE) | set(BUCKET_COLORS) | set(COLORS.values())
    f = frame(fta_aging(), fta_fy2022_aging(), fta_allowance(), qd_guarantee(), qd_six_buckets())
    for fig in (delinquency_chart(f), allowance_chart(f), guarantee_chart(f)):
        for t in fig.data:
            if t.hoverinfo == "skip" and t.showlegend is False:
                continue  # an invisible helper trace (category order), not a series
            color = t.marker.color if isinstance(t, go.Bar) else t.line.color
            assert color in allowed, (t.name, color)
        fig.to_json()  # serialisable, as the exports need


def test_footnote_without_sources_table() -> None:
    note = chart_footnote(frame(qd_guarantee()))
    assert note.startswith("Source: Qudian Inc.; qd_guarantee.txt;")
    assert "RMB millions, as stated" in note and "US$ millions, as stated" in note


def test_years_run_in_order_within_each_filer() -> None:
    fig = allowance_chart(frame(fta_allowance(), qfin_allowance()))
    cats = fig.layout.xaxis.categoryarray
    pairs = list(zip(cats[0], cats[1], strict=True))
    assert pairs == sorted(pairs)
    assert [y for e, y in pairs if e.startswith("Qifu")] == ["FY2020", "FY2021", "FY2022"]  # the filer's fiscal years


# ─── the bundled samples (data/): what the committee reads ─────────────────────────────────

@pytest.fixture(scope="module")
def samples() -> tuple[pd.DataFrame, pd.DataFrame]:
    from pathlib import Path

    from dashboard import exports
    from dashboard.extract.pipeline import extract_paths
    from dashboard.facts.resolve import read_manifest

    data = Path(__file__).resolve().parents[2] / "data"
    res = extract_paths(sorted(p for p in data.iterdir() if p.suffix not in (".md", ".json")))
    return exports.apply_manifest(res.facts, res.sources, read_manifest(data))


def test_a_convenience_translation_gets_no_panel(samples) -> None:
    from dashboard import analysis as m

    facts, sources = samples
    qd = facts[facts["entity"] == QD]
    # Qudian's 20-F prints a US$ column beside RMB for its rollforward (2018, 2020, 2021)
    usd = qd[(qd["disclosure"] == "allowance") & (qd["currency"] == "USD")]
    assert set(usd["metric"]) >= {"provision", "write_off"} and len(usd) >= 12
    assert convenience_translations(qd).sum() >= len(usd)
    # the page hands the chart its table of every currency: the chart keeps RMB alone
    table = m.allowance_table(qd)
    assert "USD" in set(table["currency"])
    fig = allowance_chart(qd, sources=sources, table=table)
    axes = {k for k in fig.to_dict()["layout"] if k.startswith("yaxis")}
    assert axes == {"yaxis"} and fig.layout.yaxis.title.text == "RMB millions"
    prov = _bars(fig)["Provision"]
    # RMB 605,163,716 (2017) … RMB (195,177,565) (2021), data/README.md
    assert list(prov.x) == ["FY2017", "FY2018", "FY2019", "FY2020", "FY2021"]
    assert prov.y[0] == pytest.approx(605.163716) and prov.y[-1] == pytest.approx(-195.177565)
    # a 2019 US$ total-loans figure makes no panel of the aging chart either
    aging = delinquency_chart(qd, sources=sources)
    layout = aging.to_dict()["layout"]
    assert {k for k in layout if k.startswith("yaxis")} == {"yaxis", "yaxis2"}  # bars, 90+ %
    assert layout["yaxis"]["title"]["text"] == "RMB millions"


def test_one_basis_per_date_and_notes_under_the_plot(samples) -> None:
    from dashboard import analysis as m

    facts, sources = samples
    d = facts[(facts["entity"] == QD) & (facts["disclosure"] == "delinquency")]
    s = m.delinquency_summary(d[d["segment"] == ""])
    at_2019 = set(s.loc[s["period_end"].astype(str).str.startswith("2019"), "over_90_status"])
    assert at_2019 >= {"derived"}  # and a second source's row that lacks the buckets
    one = one_status_per_date(s)
    assert one.groupby("period_end").size().max() == 1
    assert set(one["over_90_status"]) == {"derived"}
    fig = delinquency_chart(d, sources=sources)
    note = _footnote(fig).replace("<br>", " ")
    assert ("Notes: 90+ derived as 91-120 days + 121-150 days + 151-180 days: 2018, 2019, "
            "2020, 2021; balances at 31 December.") in note
    assert "not reported" not in note and not fig.layout.title.subtitle.text
    assert label_positions([3.08, 6.68, 5.32, 3.45]) == [
        "top left", "top center", "top right", "top right"]


def test_peer_panels_of_periods_ending_on_different_days() -> None:
    """A bank's 10-Q (31 March) beside 20-F year ends: the panels go on a date axis whose
    ticks are the period ends themselves, and every filer keeps its legend entry."""
    from dashboard.charts import peers as peer_charts

    rows = []
    for ent, ends, vals in (("Bank", ["2020-03-31", "2020-12-31", "2021-12-31"], [0.1, 0.2, 0.3]),
                            ("Lender", ["2019-12-31", "2020-12-31"], [0.05, 0.04])):
        for e, v in zip(ends, vals, strict=True):
            rows.append({"entity": ent, "ratio": "allowance_to_loans", "period_end": pd.Timestamp(e),
                         "period_label": e, "value": v, "currency": "USD", "basis_note": "",
                         "derived": False, "sources": f"{ent}.htm"})
    rows += [dict(r, ratio="provision_to_nco", value=r["value"] * 10) for r in rows]
    fig = peer_charts.small_multiples(pd.DataFrame(rows))  # two panels, two legend entries
    assert fig.layout.xaxis.type == "date"
    # Dec 2019 is a quarter before Mar 2020 on a two-year axis: too close to label both
    assert list(fig.layout.xaxis.ticktext) == ["Mar 2020", "Dec 2020", "Dec 2021"]
    assert {t.name for t in fig.data if t.showlegend} == {"Bank", "Lender"}


def test_peer_date_ticks_spread_in_time() -> None:
    """A 10-Q's March 2014 beside 20-F years 2019-2023: the ticks are spread over the axis's
    span of time, never two years apart on a ten-year axis ("Dec 2019" ran into "Dec 2021")."""
    from dashboard.charts.peers import spread_ticks

    ends = [pd.Timestamp(x) for x in ("2014-03-31", "2019-12-31", "2020-12-31", "2021-12-31",
                                      "2022-12-31", "2023-12-31")]
    assert [t.strftime("%b %Y") for t in spread_ticks(ends)] == ["Mar 2014", "Dec 2020", "Dec 2023"]
    years = ends[1:]
    assert [t.strftime("%b %Y") for t in spread_ticks(years)] == ["Dec 2019", "Dec 2021", "Dec 2023"]
    assert spread_ticks(ends[:1]) == ends[:1]


def test_a_filer_missing_from_a_panel_is_named_under_the_chart() -> None:
    """A lender that reports no aging has a legend entry (from the rollforward panels) and no
    line in the 90+ panel: the footnote says so, so its absence reads as no figure, not as a
    line hidden behind another; a filer in every panel is not named."""
    from dashboard.charts import peers as peer_charts

    rows = []
    for ent, ratios in (("Bank", ("npl90_to_loans", "allowance_to_loans")),
                        ("Lender", ("allowance_to_loans",))):
        for k in ratios:
            rows.append({"entity": ent, "ratio": k, "period_end": pd.Timestamp("2021-12-31"),
                         "period_label": "FY2021", "value": 0.02, "currency": "USD",
                         "basis_note": "", "derived": False, "sources": f"{ent}.htm"})
    fig = peer_charts.small_multiples(pd.DataFrame(rows))
    foot = fig.layout.annotations[-1].text
    assert "No figure: Lender for 90+ days past due / total loans." in foot.replace("<br>", " ")
    assert "Bank for" not in foot
    assert {t.name for t in fig.data if t.showlegend} == {"Bank", "Lender"}
    every = [dict(r, entity="Lender") for r in rows if r["entity"] == "Bank"] + rows[:2]
    assert "No figure" not in peer_charts.small_multiples(pd.DataFrame(every)).layout.annotations[-1].text
