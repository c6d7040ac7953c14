"""A retailer's card receivables on 52/53-week quarters ("Quarter Ended" beside "Nine Months
Ended", periods ending on the first of a month) and a captive finance company's aging printed
as two stacked tables a date, its title saying which past-due loans are still accruing
(10-Q 2013-2015). The real pages these layouts were found on stay outside the tree as local evidence: the
pages here are invented in their layouts, with other labels and other figures, rendered as the
text extracts print an R page (one cell a line, each closed by a "|" line, an empty cell a bare
"|")."""

from __future__ import annotations

from datetime import date

from dashboard.extract.column_dates import header_durations
from dashboard.extract.period_kinds import adoption_day_columns
from dashboard.extract.table import ColumnInfo
from tests.conftest import by_start, rendered_line, whole
from tests.conftest import real_page as page
from tests.conftest import rendered_row as _row


def _rollforward(headings: tuple[str, ...], dates: list[str],
                 provision: str = "Provision for credit losses") -> str:
    """An allowance's activity under period headings over dates; the figures foot (50 + 9 - 12 +
    3 = 50, 44 + 8 - 10 + 2 = 44, 40 + 30 - 33 + 13 = 50, 45 + 20 - 30 + 9 = 44)."""
    n = len(dates)
    first = dates[0].split()
    banner = f"{first[0][:3]}. {int(first[1].rstrip(',')):02d}, {first[2]}"
    return ("|\nCustomer Receivables (Details)\n|9 Months Ended\n" + banner + "\n|Receivables [Abstract]\n|\n"
            "|Allowance for credit losses\n|\nActivity in the allowance for credit losses is as follows:\n|\n"
            + "|\n" * 6
            + rendered_line(*(c for h in headings for c in (h, "", "")))
            + rendered_line(*(c for d in dates for c in (d, "")))
            + _row("Allowance at beginning of period", *["50", "44", "40", "45"][:n], dollar=True)
            + _row(provision, *["9", "8", "30", "20"][:n])
            + _row("Write-offs", *["(12)", "(10)", "(33)", "(30)"][:n])
            + _row("Recoveries", *["3", "2", "13", "9"][:n])
            + _row("Allowance at end of period", *["50", "44", "50", "44"][:n], dollar=True))


def test_quarter_ended_beside_nine_months_ended_is_three_months() -> None:
    # "Quarter Ended | Nine Months Ended" over four dates: the first two columns are the quarters
    text = _rollforward(("Quarter Ended", "Nine Months Ended"), ["September 30, 2025", "September 30, 2024"] * 2)
    f = page("invented_quarter_ended.txt", text)
    assert by_start(whole(f, metric="provision")) == {
        "2025-07-01": 9.0, "2024-07-01": 8.0, "2025-01-01": 30.0, "2024-01-01": 20.0}
    assert by_start(whole(f, metric="allowance_begin", period_end="2025-09-30")) == {
        "2025-07-01": 50.0, "2025-01-01": 40.0}


def test_a_first_of_the_month_beside_weeks_ends_is_a_period_end() -> None:
    # a 52/53-week year's quarter ends on a Saturday: "November 1, 2025" beside "November 2,
    # 2024" (neither a month's last day nor its first) is the quarter's end, no adoption day
    # whose column an accounting change's opening adjustment would fill
    text = _rollforward(("Three Months Ended",), ["November 1, 2025", "November 2, 2024"])
    f = page("invented_weeks_ends.txt", text)
    assert by_start(whole(f, metric="provision")) == {"2025-08-02": 9.0, "2024-08-03": 8.0}
    assert by_start(whole(f, metric="allowance_end")) == {"2025-08-02": 50.0, "2024-08-03": 44.0}


def test_a_first_of_the_month_ending_a_quarter_and_its_year_to_date_is_a_period_end() -> None:
    # "November 1, 2025" beside a month's last day ("October 31, 2024"), but ending both the
    # quarter and the nine months: an adoption day is one column of its own, never two durations
    text = _rollforward(("Three Months Ended", "Nine Months Ended"), ["November 1, 2025", "October 31, 2024"] * 2)
    f = page("invented_first_of_month_twice.txt", text)
    assert by_start(whole(f, metric="provision", period_end="2025-11-01")) == {"2025-08-02": 9.0, "2025-02-02": 30.0}
    assert by_start(whole(f, metric="write_off", period_end="2024-10-31")) == {"2024-08-01": 10.0, "2024-02-01": 30.0}


def test_a_retailers_bad_debt_expense_is_the_provision() -> None:
    from dashboard.extract.classify import label_role
    from dashboard.model.schema import ALLOWANCE

    assert label_role("Bad debt expense", ALLOWANCE) == "provision"
    text = _rollforward(("Three Months Ended",), ["June 30, 2025", "June 30, 2024"], provision="Bad debt expense")
    f = page("invented_bad_debt_expense.txt", text)
    assert by_start(whole(f, metric="provision")) == {"2025-04-01": 9.0, "2024-04-01": 8.0}


# A captive finance company's aging, two tables a date stacked under one date heading: the
# buckets ("30-59 Days Past Due | … | Total Past Due"), then under that table's Total row a second
# header ("Total Past Due | Total Non-Performing | Current | Total Receivables") over the same
# classes; the next date prints the first header again. Figures in millions; each table foots.
_BUCKETS = ("30-59 Days\nPast Due", "60-89 Days\nPast Due", "90 Days\nor More\nPast Due", "Total\nPast Due")
_STATUS = ("Total\nPast Due", "Total\nNon-\nPerforming", "Current", "Total\nReceivables")


def _stacked_table(names: tuple[str, ...], lines: list[list[str]], lead: bool) -> str:
    text = rendered_line(*(["", "", ""] if lead else []), *(c for n in names for c in (n, "")))
    for k, (group, labels) in enumerate((("Consumer Notes:", ("Farm equipment", "Lawn equipment")),
                                         ("Dealer Notes:", ("Farm equipment", "Lawn equipment")))):
        text += rendered_line(group, *[""] * 9)
        for j, label in enumerate(labels):
            dollar = k == j == 0
            text += rendered_line(label, "", *(c for v in lines[2 * k + j] for c in (["$", v, ""] if dollar else [v, ""])))
    return text + rendered_line("Total", "", *(c for v in lines[4] for c in ("$", v, "")))


def _stacked_aging(title: str) -> str:
    dates = {
        "June 30, 2025": (
            [["50", "20", "10", "80"], ["30", "10", "5", "45"], ["15", "5", "2", "22"], ["8", "3", "1", "12"],
             ["103", "38", "18", "159"]],
            [["80", "60", "12,000", "12,140"], ["45", "10", "2,000", "2,055"], ["22", "8", "5,000", "5,030"],
             ["12", "4", "900", "916"], ["159", "82", "19,900", "20,141"]]),
        "December 31, 2024": (
            [["40", "15", "8", "63"], ["25", "9", "4", "38"], ["12", "4", "3", "19"], ["6", "2", "1", "9"],
             ["83", "30", "16", "129"]],
            [["63", "50", "11,000", "11,113"], ["38", "9", "1,900", "1,947"], ["19", "7", "4,800", "4,826"],
             ["9", "3", "850", "862"], ["129", "69", "18,550", "18,748"]]),
    }
    text = f"|{title}\n|\nAn age analysis of past due and non-performing receivables in millions of dollars follows:\n|\n"
    for (day, (aging, status)), (allowance, net) in zip(dates.items(), (("120", "20,021"), ("110", "18,638")),
                                                         strict=True):
        text += (rendered_line("", "", day) + _stacked_table(_BUCKETS, aging, lead=True) + rendered_line(*[""] * 10)
                 + _stacked_table(_STATUS, status, lead=False)
                 + rendered_line("Less allowance for credit losses", *[""] * 7, allowance, "")
                 + rendered_line("Total receivables - net", *[""] * 7, "$", net, ""))
    return text


def test_a_second_header_under_a_total_row_starts_a_new_table() -> None:
    # "Total Past Due | Total Non-Performing | Current | Total Receivables" printed under the
    # first table's Total row is the next table's header, never an empty row "Current" joining
    # the two tables; the first header printed again over the next date starts that date's aging
    f = page("invented_stacked_aging.txt",
             _stacked_aging("Aging of Past Due Receivables and Non-Performing Receivables"))
    june = whole(f, period_end="2025-06-30")
    assert {(m, d): v for m, d, v in zip(june.metric, june.days_from.fillna(0), june.value, strict=True)
            if m == "past_due"} == {("past_due", 30): 103e6, ("past_due", 60): 38e6, ("past_due", 90): 18e6}
    assert set(june[june.metric == "past_due_total"].value) == {159e6}
    assert june[june.metric == "current"].value.tolist() == [19_900e6]
    assert june[june.metric == "total_loans"].value.tolist() == [20_141e6]
    december = whole(f, period_end="2024-12-31")
    assert sorted(december[december.metric == "past_due"].value) == [16e6, 30e6, 83e6]
    assert set(december[december.metric == "past_due_total"].value) == {129e6}
    assert 16e6 not in set(december[december.metric == "current"].value)  # no bucket read as current
    farm = f[(f.segment == "Consumer Notes – Farm equipment") & (f.metric == "total_loans")]
    assert farm[farm.period_end.astype(str) == "2025-06-30"].value.tolist() == [12_140e6]


def test_an_aging_titled_still_accruing_reads_its_90_days_column_as_accruing() -> None:
    # the title says the past-due receivables are the ones "still accruing" and names the
    # non-performing apart: the open "90 Days or More Past Due" column is 90 days and accruing
    f = page("invented_still_accruing.txt", _stacked_aging(
        "Age Analysis of Past Due Receivables Still Accruing Interest and Non-Performing Receivables"))
    june = whole(f, period_end="2025-06-30")
    assert june[june.metric == "past_due_90_accruing"].value.tolist() == [18e6]
    assert sorted(june[june.metric == "past_due"].value) == [38e6, 103e6]  # 30-59 and 60-89 only
    december = whole(f, period_end="2024-12-31")
    assert december[december.metric == "past_due_90_accruing"].value.tolist() == [16e6]


def test_an_aging_with_its_own_accruing_column_keeps_its_90_days_bucket() -> None:
    # the text speaks of loans "still accruing" and of non-accrual loans, but the aging runs
    # "without regard to accrual status" and prints the accruing ones in a column of their own:
    # its "90 Days or More Past Due" is every loan's
    header = ("Current", "30-89 Days\nPast Due", "90 Days or More\nPast Due", "Total\nPast Due", "Total\nLoans",
              "Non-accrual", "90 Days or More\nPast Due, Still\nAccruing Interest")
    lines = {"Commercial": ["1,000", "20", "15", "35", "1,035", "12", "3"],
             "Consumer": ["2,000", "10", "5", "15", "2,015", "4", "1"],
             "Total loans": ["3,000", "30", "20", "50", "3,050", "16", "4"]}
    text = ("|Loans Past Due and Non-Performing Loans\n|LOANS PAST DUE AND NON-PERFORMING LOANS\n"
            "The following table presents an aging of the loans, determined without regard to accrual "
            "status, and the non-performing loans: non-accrual loans and loans 90 days or more past due "
            "and still accruing interest.\n(Dollar amounts in thousands)\n|\n"
            + rendered_line("As of December 31, 2025", *(c for h in header for c in (h, "")))
            + "".join(rendered_line(k, "", *(c for x in v for c in (x, ""))) for k, v in lines.items()))
    f = page("invented_own_accruing_column.txt", text)
    rows = whole(f, period_end="2025-12-31")
    assert rows[rows.metric == "past_due_90_accruing"].value.tolist() == [4_000.0]
    assert rows[(rows.metric == "past_due") & (rows.days_from == 90)].value.tolist() == [20_000.0]
    assert rows[rows.metric == "nonaccrual"].value.tolist() == [16_000.0]


def test_the_second_of_a_dates_stacked_tables_is_under_that_date() -> None:
    # the next date's second header, printed again after that date's aging, heads a table under
    # the date over the aging ("December 31, 2024"), never an undated table whose figures are lost
    f = page("invented_stacked_aging_second_date.txt",
             _stacked_aging("Aging of Past Due Receivables and Non-Performing Receivables"))
    december = whole(f, period_end="2024-12-31")
    assert december[december.metric == "current"].value.tolist() == [18_550e6]
    assert december[december.metric == "total_loans"].value.tolist() == [18_748e6]
    assert set(december[december.metric == "past_due_total"].value) == {129e6}
    lawn = f[(f.segment == "Dealer Notes – Lawn equipment") & (f.metric == "total_loans")]
    assert sorted(lawn.value) == [862e6, 916e6]


def test_a_title_naming_the_accruing_loans_leaves_an_aging_of_every_loan_alone() -> None:
    # the page's title names nonaccrual loans and loans 90 days past due and still accruing,
    # but its aging prints current loans and no non-performing column: past due + current is
    # every loan, so its open 90-days column is every loan's 90+ bucket, never the accruing ones
    header = ("30-59 Days\nPast Due", "60-89 Days\nPast Due", "90 Days\nor More", "Total\nPast Due", "Current",
              "Total\nLoans")
    lines = {"Commercial": ["10", "5", "12", "27", "973", "1,000"],
             "Consumer": ["6", "2", "8", "16", "1,984", "2,000"],
             "Total": ["16", "7", "20", "43", "2,957", "3,000"]}
    text = ("|Loans - Past Due Loans, Nonaccrual Loans and Loans Past Due 90 Days and Still Accruing (Details)\n"
            "|(Dollar amounts in thousands)\n|\n"
            + rendered_line("December 31, 2025", *(c for h in header for c in (h, "")))
            + "".join(rendered_line(k, "", *(c for x in v for c in (x, ""))) for k, v in lines.items()))
    f = page("invented_title_names_accruing.txt", text)
    rows = whole(f, period_end="2025-12-31")
    assert rows[rows.metric == "past_due_90_accruing"].empty
    assert rows[(rows.metric == "past_due") & (rows.days_from == 90)].value.tolist() == [20_000.0]
    assert rows[rows.metric == "total_loans"].value.tolist() == [3_000_000.0]


def test_quarters_ended_name_their_length_only_beside_another_length() -> None:
    assert header_durations(["Quarter Ended", "Nine Months Ended"], 4) == [3, 3, 9, 9]
    assert header_durations(["Quarter Ended", "Three Quarters Ended"], 4) == [3, 3, 9, 9]
    assert header_durations(["Two Quarters Ended", "Quarter Ended"], 4) == [6, 6, 3, 3]
    # the other columns' length is not named: the dates decide, as without the heading
    assert header_durations(["Second Quarter Ended", "Year to Date Ended"], 4) is None
    assert header_durations(["Quarter Ended"], 2) is None


def test_one_column_ending_mid_month_leaves_an_adoption_day_an_adoption_day() -> None:
    # weeks' ends exempt a first of the month only when every period ends near a month's turn;
    # an acquisition's mid-month column says nothing of weeks: 1 January 2020 stays CECL's day
    def col(d: date) -> ColumnInfo:
        return ColumnInfo(text=str(d), end=d, months=12, currency="", item="")

    assert adoption_day_columns([col(date(2020, 1, 1)), col(date(2021, 12, 31)),
                                 col(date(2020, 12, 31))]) == {0}
    assert adoption_day_columns([col(date(2020, 1, 1)), col(date(2021, 12, 31)),
                                 col(date(2020, 6, 15))]) == {0}
    # a retailer's 52/53-week ends beside a first of the month: no adoption day
    assert adoption_day_columns([col(date(2014, 11, 1)), col(date(2013, 11, 2)),
                                 col(date(2014, 1, 31))]) == set()
