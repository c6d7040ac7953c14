"""The twenty-second batch's real pages (tests/real_pages): XBRL "Details" rollforwards that
print several populations beside the whole (covered and non-covered loans, originated and PCI
loans, PCD and non-PCD provisions) and a CECL-era 10-Q whose first column is the adoption day
("Jan. 01, 2020") inside the "3 Months Ended" group."""

from __future__ import annotations

from datetime import date

from dashboard.extract.column_dates import header_durations
from tests.conftest import REAL_PAGES
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_a_lone_adoption_day_belongs_to_the_first_duration_group() -> None:
    header = ["3 Months Ended", "6 Months Ended"]
    dates = [date(2020, 1, 1), date(2020, 6, 30), date(2019, 6, 30), date(2020, 6, 30), date(2019, 6, 30)]
    assert header_durations(header, 5, dates) == [3, 3, 3, 6, 6]
    # runs that match the durations keep their reading
    assert header_durations(["3 Months Ended", "9 Months Ended", "12 Months Ended"], 5,
                            [date(2024, 9, 30), date(2023, 9, 30), date(2024, 9, 30), date(2023, 9, 30),
                             date(2023, 12, 31)]) == [3, 3, 9, 9, 12]


def test_six_month_columns_after_the_adoption_day_are_six_months() -> None:
    facts = page("CIK705432_10Q_2020Q2_R51.txt")
    assert whole(facts, "allowance_begin", "2019-06-30") == [24_155_000, 27_019_000]
    assert whole(facts, "write_off", "2019-06-30") == [2_397_000, 4_682_000]
    assert whole(facts, "allowance_end", "2020-06-30") == [59_868_000, 59_868_000]


def test_balance_dates_after_the_periods_are_instants() -> None:
    header = ["12 Months Ended"]
    dates = [date(2019, 12, 31), date(2018, 12, 31), date(2017, 12, 31), date(2019, 12, 31), date(2018, 12, 31)]
    assert header_durations(header, 5, dates) == [12, 12, 12, None, None]
    # a later run of dates the periods do not end on is no balance date of theirs
    assert header_durations(header, 3, [date(2019, 12, 31), date(2018, 12, 31), date(2020, 3, 31)]) is None


def test_short_rows_sit_in_the_columns_of_their_kind() -> None:
    facts = page("CIK1475841_10K_FY2019_R80.txt")
    # the rollforward's rows print one figure a year, the opening balance none for 2017
    assert whole(facts, "allowance_begin", "2019-12-31") == [35_692_000]
    assert whole(facts, "allowance_begin", "2017-12-31") == []
    assert whole(facts, "provision", "2017-12-31") == [12_972_000]
    assert whole(facts, "allowance_end", "2018-12-31") == [35_692_000]
    # the loans' total one a balance date
    assert whole(facts, "total_loans", "2019-12-31") == [4_415_406_000]


def test_a_carrying_amount_rolled_forward_is_never_the_allowance() -> None:
    facts = page("CIK1025835_10K_FY2016_R73.txt")
    assert facts[facts.disclosure == "allowance"].empty
    # the same rows with a provision among their movements stay an allowance's rollforward
    text = (REAL_PAGES / "CIK1025835_10K_FY2016_R73.txt").read_text()
    text = text.replace("|Accretion of loan discount\n", "|Provision for loan losses\n", 1)
    facts = page("CIK1025835_10K_FY2016_R73.txt", text)
    assert whole(facts, "allowance_end", "2016-12-31") == [33_925_000]


def test_a_title_naming_covered_loans_alone_names_the_population() -> None:
    from dashboard.extract.table import population_in_title

    assert population_in_title("Covered Assets (Changes in Allowance for Covered Loan Losses) (Details) (USD $)") \
        == "covered loans"
    assert population_in_title("COVERED LOANS AND FDIC SHARED-LOSS ASSET (Details 4) (USD $)") == "covered loans"
    # the bank's own loans, or both side by side, name no population
    assert population_in_title("Non-Covered Loans and Allowance (Details) (USD $)") == ""
    assert population_in_title("Loans, Excluding Covered Loans (Details)") == ""
    assert population_in_title("Covered and Non-covered Loans (Details)") == ""
    facts = page("CIK889936_10Q_2011Q3_R60.txt")
    assert set(facts.population) == {"covered loans"}


def test_an_accruing_bucket_before_90_days_is_that_bucket() -> None:
    from dashboard.extract.classify import label_role

    assert label_role("Accruing loans 30-59 days past due", "delinquency") is None  # read by its days
    assert label_role("Accruing loans 90+ days past due", "delinquency") == "past_due_90_accruing"
    assert label_role("Loans 90 days past due and still accruing", "delinquency") == "past_due_90_accruing"
    assert label_role("Total Accruing past due loans", "delinquency") == "past_due_total"
    facts = page("CIK1370291_10Q_2012Q3_R54.txt")
    covered = facts[facts.segment == "Covered Loans"]
    assert sorted(covered[covered.metric == "past_due"].value) == [574_000, 1_997_000]
    assert (covered.metric != "past_due_90_accruing").all()


def test_an_adoption_day_column_is_no_period() -> None:
    from dashboard.extract.period_kinds import adoption_day_columns
    from dashboard.extract.table import ColumnInfo

    cols = [ColumnInfo("", date(2020, 1, 1), 12), ColumnInfo("", date(2021, 12, 31), 12),
            ColumnInfo("", date(2020, 12, 31), 12)]
    assert adoption_day_columns(cols) == {0}
    # a fiscal year that ends on a month's first day everywhere is no adoption day
    assert adoption_day_columns([ColumnInfo("", date(2021, 10, 1), 12), ColumnInfo("", date(2020, 10, 1), 12)]) == set()
    facts = page("CIK1501570_10K_FY2021_R79.txt")
    assert not facts.period_end.astype(str).str.startswith("2020-01-01").any()
    assert whole(facts, "allowance_end", "2021-12-31") == [77_754_000]


def test_an_accretable_yield_is_never_an_allowance() -> None:
    facts = page("CIK1323648_10K_FY2016_R78.txt")
    assert facts[facts.disclosure == "allowance"].empty
