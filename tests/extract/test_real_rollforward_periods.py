"""Allowance rollforwards of tests/real_pages whose periods the header states in ways beyond
"Three Months Ended …" over each column: each test reads a real page and asserts its
whole-portfolio figures, with their periods, exactly."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

FLOWS = ("allowance_begin", "write_off", "recovery", "provision", "allowance_end")


def test_first_nine_months_beside_the_quarter_runs_from_the_years_start() -> None:
    # "Third Quarter 2018 | First Nine Months 2018" over "Consumer | Non-Consumer | Total" twice,
    # "for the periods ended September 30" in the caption: the nine months open on January 1
    f = page("CIK38009_10Q_2019Q3_R28.txt")
    for year, quarter, nine in (
            (2018, (587, 171, 44, 125, 586), (597, 428, 132, 289, 586)),
            (2019, (513, 130, 41, 93, 513), (589, 401, 137, 189, 513))):
        end = f"{year}-09-30"
        for metric, q, n in zip(FLOWS, quarter, nine, strict=True):
            assert whole(f, metric, end, period_start=f"{year}-07-01") == [q * 1e6]
            assert whole(f, metric, end, period_start=f"{year}-01-01") == [n * 1e6]
        # no figure of the page without its period
        assert whole(f, "provision", end, period_start=None) == []


def test_nine_months_with_an_adoption_line_named_by_its_topic() -> None:
    # "Adoption of Topic 326 (1)" on a line of its own: 326 names the standard and (1) is its
    # footnote, neither is a figure; the line is the adoption adjustment, so the nine months
    # (27,014 + 6,501 - 1,072 + 45 + 10,157 = 42,645) add up
    f = page("CIK737468_10Q_2020Q3_R33.txt")
    nine = dict(zip(FLOWS, (27_014, 1_072, 45, 10_157, 42_645), strict=True))
    for metric, value in nine.items():
        assert whole(f, metric, "2020-09-30", period_start="2020-01-01") == [value * 1e3]
    assert whole(f, "allowance_adoption_adjustment", "2020-09-30") == [6_501e3]
    rows = f[(f.period_start.astype(str) == "2020-01-01") & (f.segment.fillna("") == "")]
    assert set(rows.verified_by) == {"rollforward"}


def test_sideways_rollforward_under_a_duration_heading_and_the_page_title() -> None:
    # segments down the rows, "Balance, Beginning of Period | Charge-offs | Recoveries |
    # Provision | Balance, End of Period" across, under "Nine months ended" / "September 30,
    # 2013" and the page's title ("Changes In The Allowance …", no column of its own); the Total
    # row sums the segments and 164,466 - 33,864 + 15,872 + 7,500 = 153,974. The year-2012 table
    # below is cut off before its Total: nothing proves it, nothing is read from it
    f = page("CIK701853_10Q_2013Q3_R26.txt")
    for metric, value in zip(FLOWS, (164_466, 33_864, 15_872, 7_500, 153_974), strict=True):
        assert whole(f, metric, "2013-09-30", period_start="2013-01-01") == [value * 1e3]
    assert f[f.period_end.astype(str) == "2012-12-31"].empty
