"""The twenty-first batch's real pages (tests/real_pages): 10-Q allowance rollforwards whose
headers run together ("For the Three Months Ended September 30,For the Nine Months Ended
September 30," over "(in thousands)2023202220232022"), a bare "Recoveries" heading over the
classes' recoveries, an older us-gaap label of the balances ("Loans and Leases Receivable,
Beginning Allowance"), and a footnote whose recoveries are an offset inside another line."""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.parsers.renderings import (
    glued_periods,
    split_glued_header,
    split_glued_years,
)
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_glued_period_headings_with_their_day_are_cells() -> None:
    line = "For the Three Months Ended September 30,For the Nine Months Ended September 30,"
    assert glued_periods(line) == ["For the Three Months Ended September 30,",
                                   "For the Nine Months Ended September 30,"]
    assert split_glued_header(line) == ("For the Three Months Ended September 30, | "
                                        "For the Nine Months Ended September 30,")
    # one heading, or a heading beside other words, is no run of cells
    assert glued_periods("For the Three Months Ended September 30,") == []
    assert glued_periods("Three Months Ended September 30, net of recoveries") == []


def test_glued_years_after_the_unit_split_when_the_rows_count_them() -> None:
    header = ["(in thousands)2023202220232022", "Balance | $73,965 | $68,836 | $70,264 | $58,047",
              "Recoveries | 84 | 88 | 437 | 760"]
    assert split_glued_years(header)[0] == "(in thousands) | 2023 | 2022 | 2023 | 2022"
    assert split_glued_years(["(in thousands)20232022", "Balance | 1 | 2 | 3"])[0] == "(in thousands)20232022"


def test_rollforward_under_glued_periods_and_years() -> None:
    facts = page("CIK846901_10Q_2023Q3_R32.txt")
    assert whole(facts, "allowance_begin", "2023-09-30") == [70_264_000, 73_965_000]
    assert whole(facts, "provision", "2022-09-30") == [11_000, 6_224_000]
    assert whole(facts, "allowance_end", "2023-09-30") == [75_159_000, 75_159_000]


def test_a_bare_recoveries_heading_names_no_class() -> None:
    facts = page("CIK1434743_10Q_2012Q3_R30.txt")
    assert whole(facts, "recovery", "2012-09-30") == [133_000, 421_000]
    assert whole(facts, "allowance_end", "2011-09-30") == [10_058_000, 10_058_000]


def test_the_receivable_named_then_its_beginning_or_ending_allowance() -> None:
    assert label_role("Loans and Leases Receivable, Beginning Allowance", "allowance") == "begin"
    assert label_role("Loans and Leases Receivable, Ending Allowance", "allowance") == "end"
    facts = page("CIK1601545_10Q_2018Q2_R43.txt")
    assert whole(facts, "allowance_begin", "2018-06-30") == [20_185_000, 20_877_000]


def test_recoveries_offset_inside_another_line_are_no_figure() -> None:
    facts = page("CIK1046568_10Q_2012Q3_R24.txt")
    flows = facts[facts.metric.isin(["write_off", "recovery"]) & (facts.segment.fillna("") == "")]
    assert flows.empty, flows.to_string()


def test_an_initial_pcd_allowance_is_an_addition_never_a_balance() -> None:
    assert label_role("Initial allowance for credit losses on PCD loans", "allowance") == "other"
    facts = page("CIK846901_10Q_2023Q3_R32.txt")
    # 58,047 + 12,077 - (7,634 + 595) + 760 + 6,224 = 68,879: the two charge-off lines are one movement
    assert whole(facts, "write_off", "2022-09-30", period_start="2022-01-01") == [8_229_000]
    assert whole(facts, "allowance_end", "2022-09-30", period_start="2022-01-01") == [68_879_000]
