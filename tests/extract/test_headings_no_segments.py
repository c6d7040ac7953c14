"""Headings that are no sub-population: the disclosure's own name over its rows ("Allowance
for Credit Losses", "Year-To-Date Allowance for Credit Losses:"), and a grand total printed
under the last of several groups' headings. Real pages of tests/real_pages, whole-portfolio
figures asserted exactly."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_details_page_with_its_durations_on_one_line() -> None:
    # "3 Months Ended 9 Months Ended 12 Months Ended" over five dates: a Details page read a
    # line a row, so its flows are read and its opening balances are never closing ones
    f = page("CIK1032033_10Q_2024Q3_R48.txt")
    assert whole(f, "allowance_end", "2024-09-30") == [1_413_621e3, 1_413_621e3]
    assert whole(f, "allowance_end", "2023-12-31") == [1_339_772e3]
    assert whole(f, "allowance_begin", "2024-09-30") == [1_269_652e3, 1_339_772e3]
    # the total provision (after the loan-sale reduction), the gross charge-offs, recoveries
    assert whole(f, "provision", "2024-09-30", period_start="2024-01-01") == [44_589e3]
    assert whole(f, "write_off", "2024-09-30", period_start="2024-01-01") == [273_033e3]
    assert whole(f, "recovery", "2023-09-30", period_start="2023-07-01") == [9_693e3]
    assert 1_269_652e3 not in pick(f, metric="allowance_end").value.tolist()


def test_a_period_table_repeating_its_header_with_one_name_reworded() -> None:
    # "Auto" over the 2021 quarter, "Auto and Leasing" over the 2020 one: the header printed
    # again under "Quarter ended March 31, 2020" starts that quarter's table
    f = page("CIK1030469_10Q_2021Q1_R37.txt")
    assert whole(f, "allowance_end", "2021-03-31") == [201_973e3]
    assert whole(f, "allowance_end", "2020-03-31") == [230_755e3]
    # "Non-PCD:" and "PCD:" head two parts; their sum is the grand total, the only whole figure
    assert whole(f, "allowance_begin", "2021-03-31") == []
    parts = pick(f, metric="allowance_begin", period_end="2021-03-31", segment="Non-PCD")
    assert parts.value.tolist() == [161_015e3]
    assert pick(f, metric="allowance_end", period_end="2020-03-31", segment="PCD").value.tolist() == [80_794e3]


def test_a_year_to_date_allowance_heading_is_no_segment() -> None:
    # "Year-To-Date Allowance for Credit Losses:" between the class columns' names and the
    # rows names the one reserve the table rolls forward
    f = page("CIK1085913_10K_FY2013_R13.txt")
    assert whole(f, "allowance_begin", "2013-12-31") == [34_217e3]
    assert whole(f, "allowance_end", "2013-12-31") == [34_274e3]
