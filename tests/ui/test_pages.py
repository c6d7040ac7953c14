"""Every page of the app (dashboard/ui/views/), one AppTest each, on a library seeded with the
bundled samples (data/): what each page shows, checked against the samples' figures as the
filings print them (data/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.apptest import headlines, ok, presentation_specs, seeded_home, tables
from tests.ui.apptest import page as _page

FTA, QUDIAN, QIFU = "Full Truck Alliance Co. Ltd.", "Qudian Inc.", "Qifu Technology, Inc."

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module", autouse=True)
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One library for the module, filled by the app's first start with the bundled samples;
    each test then opens its own session on it."""
    yield from seeded_home(tmp_path_factory, "pages")


def _titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def _row(table: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for col, want in where.items():
        mask &= table[col].astype(str) == want
    rows = table[mask]
    assert len(rows) == 1, (where, table.head().to_string())
    return rows.iloc[0]


def test_overview_opens_on_qudian_with_its_three_headlines() -> None:
    at = _page(None)
    assert at.title[0].value == "Overview"
    assert at.selectbox(key="ov_filer").value == QUDIAN  # the filer with all three charts
    # the picker sits in a popover; one line says which filer is shown and what it has
    shown = [m.value for m in at.markdown if "filers loaded" in m.value]
    assert shown and shown[0].startswith("**Qudian Inc.") and "one of 3 filers loaded" in shown[0]
    metrics = {label: value for label, (value, _) in headlines(at).items()}
    # 2021-12-31: 90+ (derived from its 91-180 day buckets) of RMB 2.6 billion loans
    assert metrics["90+ days past due, % of loans"] == "3.45%"
    # 2021 was a release: a negative provision, RMB millions
    assert metrics["Provision for 2021, RMB millions"] == "-195.2"
    assert metrics["Maximum guarantee exposure, RMB millions"] == "37"
    assert len(at.get("plotly_chart")) == 3
    assert at.sidebar.caption[-1].value.startswith("16 sources")
    assert at.sidebar.caption[-1].value.endswith("3 filers")


def test_sources_lists_every_sample_under_its_filer() -> None:
    at = _page("sources")
    assert at.title[0].value == "Sources"
    table = at.dataframe[0].value
    assert len(table) == 16 and set(table["Filer"]) == {FTA, QIFU, QUDIAN}
    assert (table["Status"] == "ok").all()
    assert all(read_as.endswith("· bundled") for read_as in table["Read as"])
    row = _row(table, Source="fta_20f_fy2021_allowance_details.htm")
    assert (row["Form"], row["Period"]) == ("20-F", "2021-12-31")
    assert "12 rollforward" in row["Figures found"]
    assert {m.label: m.value for m in at.metric}["Filers"] == "3"


def test_delinquency_shows_the_aging_buckets_as_filed() -> None:
    at = _page("delinquency")
    assert _titles(at) == [f"Loans past due by aging bucket — {FTA} vs {QUDIAN}"]
    aging = tables(at)[0]
    fta = _row(aging, Filer=FTA, Date="2020-12-31")
    # FTA's FY2021 aging note at 2020-12-31, RMB
    assert fta["Over 60 days (units)"] == "24,182,000"
    assert fta["Total past due (units)"] == "47,074,000"
    loans = _row(tables(at)[1], Filer=FTA, Date="2020-12-31")
    assert loans["Total loans (units)"] == "1,354,358,000"
    assert "derived" in at.info[0].value and QUDIAN in at.info[0].value


def test_allowance_page_ties_the_rollforward() -> None:
    at = _page("allowance")
    (title,) = _titles(at)
    assert title.startswith("Provision vs write-off: allowance rollforward")
    roll = _row(tables(at)[0], Filer=FTA, Period="FY2019")
    # FTA 2019: 19,998,000 + 127,790,000 - 55,147,000 = 92,641,000 (RMB)
    assert [roll[c] for c in ("Beginning (units)", "Provision (units)", "Write-off (units)",
                              "Ending (units)")] == ["19,998,000", "127,790,000", "55,147,000",
                                                     "92,641,000"]
    ratios = _row(tables(at)[1], Filer=FTA, Period="FY2019")
    assert ratios["Provision / net write-off"] == "2.32×"  # no recoveries line; it ties


def test_guarantee_page_shows_qudians_exposure_by_year() -> None:
    at = _page("guarantee")
    assert _titles(at) == [f"Maximum guarantee exposure (undiscounted) — {QUDIAN}"]
    table = tables(at)[0]
    row = _row(table, Segment="guarantee liabilities", **{"As of": "2018-12-31"})
    assert row["Maximum exposure (RMB m)"] == "10,703.0" and row["Change %"] == "+414.1%"


def test_facts_page_has_the_tidy_facts_and_their_checks() -> None:
    at = _page("facts")
    facts = at.dataframe[0].value
    assert set(facts["entity"]) == {FTA, QIFU, QUDIAN}
    assert set(facts["currency"]) <= {"RMB", "US$"}
    checks = at.dataframe[1].value
    tie = _row(checks, check="allowance rollforward ties", entity=FTA, period_end="2019-12-31")
    assert (tie["status"], tie["expected"], tie["actual"]) == ("ok", 92_641_000, 92_641_000)
    assert {m.label: m.value for m in at.metric}["Fail"] == "0"


def test_presentation_draws_the_decks_charts_for_the_filer_chosen() -> None:
    at = _page("presentation", filer=QUDIAN)
    assert len(_titles(at)) == 1  # the open tab's chart only
    titles = [s["layout"]["title"]["text"] for s in presentation_specs(at)]
    assert len(titles) == len(at.tabs) > 1
    assert all(QUDIAN in t.replace("<br>", " ") for t in titles)
    assert titles[-1].startswith("Maximum guarantee exposure")
    labels = [b.label for b in at.sidebar.download_button]
    assert any(x.startswith("Deck (.pptx)") for x in labels) and "Workbook (.xlsx)" in labels
    # the open chart's own downloads, named by its file stem
    assert {"PNG", "SVG"} <= {x.split(" ")[0] for x in labels}


def test_presentation_opens_the_tab_its_link_names() -> None:
    """?chart=guarantee opens the exposure's tab, and choosing a tab writes it in the URL, so
    a link to the page shows the same chart."""
    at = _page("presentation", chart="guarantee")
    (title,) = _titles(at)
    assert title.startswith("Maximum guarantee exposure")
    at.session_state["p_chart"] = "Provision vs write-off"
    ok(at.run())
    (title,) = _titles(at)
    assert title.startswith("Provision vs write-off")
    assert at.query_params["chart"] in ("allowance", ["allowance"])


def test_presentation_starts_the_export_browser_only_once_its_charts_are_drawn(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Chromium (for the downloads' images) starts while the analyst reads, seconds after the
    page is sent: started at once, it would take the cores from the browser drawing it."""
    from dashboard.exports import images

    asked: list[float] = []
    monkeypatch.setattr(images, "browser_available", lambda: True)
    monkeypatch.setattr(images, "warm_session", lambda after=0.0: asked.append(after))
    _page("presentation")
    assert asked and min(asked) >= 5.0


def test_peers_ranks_the_filers_at_their_latest_period() -> None:
    at = _page("peers")
    ranking = tables(at)[0]
    fta = _row(ranking, Ratio="90+ days past due / total loans", Filer=FTA)
    # FTA's 2023 aging: 91+ days of total loans, 2.22% after 2.19% a year before
    assert (fta["Period"], fta["Value"], fta["Prior"]) == ("2023-12-31", "2.22%", "2.19%")
    assert "Qudian Inc.: 2021-12-31" in at.info[0].value
    # the group's widgets are in a popover: one line says what is compared
    assert "Comparing 3 filers\\: Full Truck Alliance Co. Ltd., Qifu Technology, Inc., " \
        "Qudian Inc." in [c.value for c in at.caption]
