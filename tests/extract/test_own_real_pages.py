"""Pages of filers outside the shared corpus (tests/real_pages), one test per mechanism: each
reads a real page and asserts its whole-portfolio figures exactly."""

from __future__ import annotations

import pandas as pd

from dashboard.extract.parsers.details_text import details_block
from dashboard.extract.parsers.text_extract import page_body, split_page
from tests.conftest import REAL_PAGES, one, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

PAGES = REAL_PAGES




def test_details_page_whose_blank_cells_are_plain_spaces() -> None:
    # a copy of the page turned its no-break spaces (blank cells) into plain ones: "… 11,574  "
    # ends with a blank third column, and a row with a blank cell is no member heading
    text = (PAGES / "CIK906465_10K_FY2019_R75.txt").read_text()
    block = details_block(page_body(text), split_page(text).title)
    assert block is not None
    row = next(r for r in block.rows if r.label == "Accruing Past Due 90 Days or More"
               and r.context == ["Commercial Portfolio Segment [Member]"])
    assert row.values[0] is None and row.values[1].value == 389
    f = page("CIK906465_10K_FY2019_R75.txt")
    assert whole(f, "nonaccrual", "2019-12-31") == [7_902e3]
    assert whole(f, "nonaccrual", "2018-12-31") == [14_260e3]


def test_buckets_in_member_headings_and_past_due_with_nonaccrual() -> None:
    f = page("CIK46195_10K_FY2019_R70.txt")
    for end, buckets, nonaccrual in (("2019-12-31", (45_964, 10_777, 8_406), 17_380),
                                     ("2018-12-31", (28_141, 5_822, 6_567), 11_574)):
        got = [whole(f, "past_due", end, days_from=d) for d in (30, 60, 90)]
        assert got == [[b * 1e3] for b in buckets]
        assert whole(f, "nonaccrual", end) == [nonaccrual * 1e3]  # not "… that are Current"
        # "Total Past Due and Non-Accrual" adds the nonaccrual loans: never the total past due
        assert whole(f, "past_due_and_nonaccrual", end) == [(sum(buckets) + nonaccrual) * 1e3]
        assert whole(f, "past_due_total", end) in ([], [sum(buckets) * 1e3])
    # balances are instants, though the header says "12 Months Ended"
    assert pick(f, disclosure="delinquency").period_start.isna().all()


def test_yearly_blocks_repeating_a_broken_header_are_whole_portfolio() -> None:
    # three yearly rollforwards, each under the header again, broken over lines differently
    # ("SBA held" / "for" / "(In thousands)" / "investment", then "SBA held for" / "(In
    # thousands) investment"): each is a table of its own, its Total column the whole book's
    f = page("CIK920427_10K_FY2020_R34.txt")
    for end, begin, write_off, recovery, provision, closing in (
            ("2020-12-31", 16_395, 895, 605, 7_000, 23_105),
            ("2019-12-31", 15_488, 1_242, 49, 2_100, 16_395),
            ("2018-12-31", 13_556, 386, 268, 2_050, 15_488)):
        assert whole(f, "allowance_begin", end) == [begin * 1e3]
        assert whole(f, "write_off", end) == [write_off * 1e3]
        # "Net recoveries (charge-offs)" is the net of both lines, never the recoveries
        assert whole(f, "recovery", end) == [recovery * 1e3]
        assert whole(f, "net_write_off", end) == [(write_off - recovery) * 1e3]
        assert whole(f, "provision", end) == [provision * 1e3]
        assert whole(f, "allowance_end", end) == [closing * 1e3]
    # the first column's name, broken around the scale, read whole under every block
    assert set(f.segment.fillna("")) == {"", "SBA held for investment", "Commercial", "Residential", "Consumer"}


def test_next_period_table_reads_its_columns_as_the_table_above() -> None:
    # the December table prints the stacked header again (its cells joined differently) over a
    # single row before the page is cut off: one row cannot say which column is which, the
    # June table's rows under the same header can
    f = page("CIK1009976_10Q_2011Q2_R14.txt")
    dec = pick(f, period_end="2010-12-31", segment="Operating")
    got = {(r.metric, r.days_from if pd.notna(r.days_from) else None): r.value for r in dec.itertuples()}
    assert got == {("past_due", 30): 47, ("past_due", 60): 0, ("past_due", 91): 10, ("past_due_total", None): 57,
                   ("current", None): 27_861, ("total_loans", None): 27_918, ("past_due_90_accruing", None): 0}


def test_loans_not_past_due_and_past_due_still_on_accrual() -> None:
    f = page("CIK805080_10Q_2012Q2_R33.txt")
    assert whole(f, "current", "2012-06-30") == [945_128e3]  # "Loans Not Past Due"
    assert whole(f, "current", "2011-12-31") == [920_665e3]
    # "Loans Past Due 90 Days or More Still on Accrual" is the accruing memo, not a bucket
    assert whole(f, "past_due_90_accruing", "2012-06-30") == [1_148e3]
    assert whole(f, "past_due_90_accruing", "2011-12-31") == [286e3]
    assert whole(f, "past_due", "2012-06-30", days_from=90) == [46_159e3]
    assert whole(f, "past_due", "2011-12-31", days_from=90) == [49_631e3]


def test_aging_by_origination_age_is_segments_and_the_page_total_is_whole() -> None:
    # "|Up to" / "1" / "Year Ago" is one header cell (its "1" no row's figure); the columns
    # name loans by age since origination under the table's population ("Loans", then "Tax
    # advance loans" over the same columns), never buckets of days past due; "Total gross
    # loans" under both tables is their totals' sum: the whole portfolio
    f = page("CIK108385_10Q_2021Q3_R24.txt")
    assert whole(f, "total_loans", "2021-09-30") == [1_394_827_136]
    assert not len(f[(f.segment.fillna("") == "") & (f.metric != "total_loans")])
    loans = pick(f, metric="total_loans", period_end="2021-09-30")
    assert sorted(loans[loans.segment.isin(["Loans", "Tax advance loans"])].value) == [651_816, 1_394_175_320]
    young = pick(f, metric="past_due", days_from=30, period_end="2021-09-30")
    assert sorted(young[young.segment == "Loans – Up to 1 Year Ago"].value) == [50_891_660]
    # the March table, cut off after its first row, keeps its population: no whole portfolio
    assert whole(f, "current", "2021-03-31") == []


def test_aging_header_stacked_over_three_lines_placed_line_over_line() -> None:
    # "30-59 | 60-89 | 90 Days or" over "Current | Days | Days | More Past Due | Total" over
    # "Loans | Past Due | Past Due | Still Accruing | Nonaccrual | Loans": the one placement
    # whose names each read as one line item and whose figures add up (current + buckets +
    # 90+ accruing + nonaccrual = total loans, 4,702,560 + 3,356 + 4,351 + 1,327 + 11,357)
    f = page("CIK1979330_10Q_2025Q3_R24.txt")
    for end, cur, b30, b60, acc, non, tot in (
            ("2025-09-30", 4_702_560, 3_356, 4_351, 1_327, 11_357, 4_722_951),
            ("2024-12-31", 4_305_967, 17_091, 2_554, 0, 13_856, 4_339_468)):
        assert whole(f, "current", end) == [cur * 1e3]
        assert whole(f, "past_due", end, days_from=30) == [b30 * 1e3]
        assert whole(f, "past_due", end, days_from=60) == [b60 * 1e3]
        assert whole(f, "past_due_90_accruing", end) == [acc * 1e3]
        assert whole(f, "nonaccrual", end) == [non * 1e3]
        assert whole(f, "total_loans", end) == [tot * 1e3]
        # the 90+ column is the accruing part only: no 90+ bucket, no total past due
        assert whole(f, "past_due", end, days_from=90) == [] and whole(f, "past_due_total", end) == []



def test_a_stacked_header_the_figures_do_not_prove_places_nothing() -> None:
    from dashboard.extract.stacked_aging import stacked_by_arithmetic
    from dashboard.model.numbers import number_tokens
    header = ["30-59", "60-89", "90 Days or", "Current", "Days", "Days", "More Past Due", "Total",
              "Loans", "Past Due", "Past Due", "Still Accruing", "Nonaccrual", "Loans"]

    def grid(*rows: str) -> list:
        return [[number_tokens(x)[0] for x in r.split()] for r in rows]

    assert stacked_by_arithmetic(header, grid("1000 3 4 1 11 1019", "500 1 0 0 2 503"), 6) == [
        "Current Loans", "30-59 Days Past Due", "60-89 Days Past Due",
        "90 Days or More Past Due Still Accruing", "Nonaccrual", "Total Loans"]
    # the last column is not the sum of the others: no placement is proven
    assert stacked_by_arithmetic(header, grid("1000 3 4 1 11 1090", "500 1 0 0 2 530"), 6) is None


def test_a_total_line_cut_off_after_two_figures_is_placed_by_the_class_sums() -> None:
    # "90 Days or" / "More" / "Past Due (1)" is one bucket, so the figures name the columns
    # (three buckets add up to the total past due, it and current to the total); the page stops
    # in "Total loans and leases (6) $3,181 $1,180": each figure is its column's sum over the
    # eleven classes (1,244 + 129 + 308 + 29 + 486 + 209 + 500 + 80 + 58 + 67 + 71 = 3,181),
    # so they are the first two columns of the whole portfolio, and nothing else of that line
    f = page("CIK70858_10Q_2020Q3_R29.txt")
    assert whole(f, "past_due", "2020-09-30", days_from=30) == [3_181e6]
    assert whole(f, "past_due", "2020-09-30", days_from=60) == [1_180e6]
    w = f[(f.segment.fillna("") == "")]
    assert len(w) == 2
    card = pick(f, metric="past_due", days_from=90, period_end="2020-09-30")
    assert card[card.segment.str.endswith("Credit card")].value.tolist() == [546e6]


def test_classes_under_dates_each_group_ending_in_its_total() -> None:
    # aging lines down the rows; across, class columns under "March 31, 2020" (five, a
    # subtotal among them) and "December 31, 2019" (three), each date's group ending in its
    # Total: the figures give the one split, the Totals are the whole portfolio; the memo lines
    # below print three columns a date and are split the same way
    name = "CIK1331757_10Q_2020Q1_R36.txt"
    f = page(name)
    for end, figures in (("2020-03-31", (26_220, 3_539, 4_857, 34_616, 4_251_903, 4_286_519, 184, 6_744)),
                         ("2019-12-31", (38_096, 2_917, 6_186, 47_199, 4_051_277, 4_098_476, 80, 7_304))):
        got = [whole(f, "past_due", end, days_from=d) for d in (30, 60, 90)] + [
            whole(f, m, end) for m in ("past_due_total", "current", "total_loans", "past_due_90_accruing",
                                       "nonaccrual")]
        assert got == [[x * 1e3] for x in figures]
    assert set(f.segment.fillna("")) == {""}  # the classes' names cannot be placed: left out
    # a Total that its classes do not add up to proves no split: nothing is read
    text = (PAGES / name).read_text().replace("$\n26,220\n", "$\n27,220\n", 1)
    broken = page(name, text)
    assert pick(broken, metric="total_loans").empty


def test_undated_rollforward_of_a_quarterly_report_has_no_assumed_year() -> None:
    # "June 30, 2011" over classes and a Total (Beginning Balance 2,000 … Ending Balance 2,529)
    # states no duration; the page's first table gives the year to date to June 30, 2011,
    # opening at 2,059,025, so the second is some other period, never the year to June 30
    f = page("CIK37049_10Q_2011Q2_R11.txt")
    whole_rows = f[(f.segment.fillna("") == "") & (f.population.fillna("") == "")]
    year = pick(whole_rows, period_start="2010-07-01", period_end="2011-06-30")
    assert year.empty, year.to_string()
    flows = ("allowance_begin", "provision", "write_off", "recovery")
    for metric, value in zip(flows, (2_059_025, 600_000, 180_161, 50_368), strict=True):
        assert whole(f, metric, "2011-06-30") == [value]
        assert whole(f, metric, "2011-06-30", period_start=None) == []
    assert whole(f, "allowance_end", "2011-06-30", period_start="2011-01-01") == [2_529_232]
    for metric, value in zip([*flows, "allowance_end"], (1_894_361, 220_000, 65_444, 10_108, 2_059_025),
                             strict=True):
        assert whole(f, metric, "2010-12-31", period_start="2010-01-01") == [value]


def test_buckets_under_a_past_due_and_accruing_heading_beside_nonaccrual() -> None:
    # "Days Past Due and Accruing" spans 30-59 | 60-89 | 90+, a "Nonaccrual" column beside them:
    # the 90+ column counts accruing loans only, never the whole 90+ bucket; "Nonaccrual Loans
    # with no ACL" is a part of the nonaccrual loans, never their balance
    f = page("CIK1057706_10Q_2022Q2_R34.txt")
    end = "2022-06-30"
    assert whole(f, "current", end) == [10_921_180e3]
    assert whole(f, "past_due", end, days_from=30) == [47_964e3]
    assert whole(f, "past_due", end, days_from=60) == [44_259e3]
    assert whole(f, "past_due", end, days_from=90) == []
    assert whole(f, "past_due_90_accruing", end) == [94_361e3]
    assert whole(f, "past_due_total", end) == []
    assert whole(f, "nonaccrual", end) == [99_110e3]
    assert whole(f, "total_loans", end) == [11_206_874e3]
    # the classes: the accruing 90+ is no bucket, the no-ACL part is no nonaccrual balance
    cls = f[f.segment == "Commercial loans – C&I loans"]
    assert sorted(pick(cls, metric="nonaccrual").value) == [17_079e3]
    assert sorted(pick(cls, metric="past_due_90_accruing").value) == [11_972e3]
    assert pick(f, metric="past_due", days_from=90).empty
    assert pick(f, metric="past_due_total").empty


def test_a_loan_class_named_other_in_a_composition_is_no_allowance_movement() -> None:
    # "Consumer: Home equity | Automobile and other" over "Total gross loans", less the
    # undisbursed portion, the deferred fees and the allowance, to "Loans, net": the class is
    # loans, never an "other" movement of the allowance (the table has no rollforward)
    f = page("CIK1283582_10Q_2013Q3_R17.txt")
    assert pick(f, metric="allowance_other").empty
    assert whole(f, "total_loans", "2013-09-30") == [376_072_383]
    assert whole(f, "total_loans", "2012-12-31") == [408_240_534]
    # the allowance deducted under the whole's total is the whole's balance at each date, not the
    # "Consumer" group's, and no period (the table moves nothing)
    for end, value in (("2013-09-30", 5_538_603), ("2012-12-31", 5_944_585)):
        row = one(f, metric="allowance_end", period_end=end)
        assert row.value == value and not row.segment and pd.isna(row.period_start)
