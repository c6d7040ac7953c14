"""Figures of the twelfth batch's pages that are parts or other things read as the whole book:
a balance sheet's current portion, a guarantee business's receivable, a class heading reaching
past the classes' total, a repeated header read as a class, a cut-off half-year dated a year."""

from __future__ import annotations

from datetime import date

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_a_current_portion_is_never_the_whole_book() -> None:
    # "Current portion:" (71,616 / 6,079) and "Non-current portion:" (10,921 / 2,533) tables with
    # no total of both: each a part of the book, never the whole, and "Current" no aging bucket
    f = page("CIK1289505_10Q_2012Q3_R35.txt")
    for end in ("2012-09-30", "2011-12-31"):
        for metric in ("total_loans", "allowance_end", "net_loans", "current"):
            assert whole(f, metric, end) == []
    assert pick(f, metric="total_loans", period_end="2012-09-30", segment="Current portion").value.tolist() == [71_616e3]
    assert pick(f, metric="allowance_end", period_end="2011-12-31", segment="Current portion").value.tolist() == [6_008e3]
    assert pick(f, metric="total_loans", period_end="2012-09-30",
                segment="Non-current portion").value.tolist() == [10_921e3]


def test_an_allowance_on_guarantee_fee_receivables_is_no_guarantee_figure() -> None:
    # "Movements in the impairment loss allowance of financial guarantee fee receivables":
    # -7,335 - 7,988 + 15,249 = -74, an asset's allowance, neither loans nor a guarantee
    f = page("CIK1780531_20F_FY2020_R135.txt")
    assert f.empty, f[["metric", "period_end", "value"]].to_string()


def test_a_class_heading_stops_at_the_total_of_its_classes() -> None:
    # "Real estate—mortgage" over the classes 8,252 + 80,452 + 579 = 89,283; the allowance and the
    # net loans printed under that total are the whole book's (89,283 - 3,850 - 721 - 2 = 84,710)
    f = page("CIK1472787_10Q_2013Q2_R11.txt")
    assert whole(f, "allowance_end", "2013-06-30") == [3_850e3]
    assert whole(f, "allowance_end", "2012-12-31") == [3_893e3]
    assert whole(f, "net_loans", "2013-06-30") == [84_710e3]
    assert pick(f, segment="Real estate—mortgage").empty
    # a whole-book aging figure is the unlabelled total row's, never a class's (the class
    # Commercial prints the 160 past due too: 80,452 = 78,180 + 160 + 2,112); the loans' total
    # is printed by both tables, the balances' and the aging's
    for metric, total, where in (("total_loans", 89_283e3, {}), ("current", 86_969e3, {}),
                                 ("nonaccrual", 2_154e3, {}), ("past_due", 160e3, {"days_from": 30})):
        assert set(whole(f, metric, "2013-06-30", **where)) == {total}


def test_a_repeated_header_in_other_case_names_no_class_and_a_half_year_ends_at_its_heading() -> None:
    f = page("CIK834071_10Q_2020Q3_R27.txt")
    q3 = dict(period_start=date(2019, 7, 1))
    assert whole(f, "allowance_begin", "2019-09-30", **q3) == [504]
    assert whole(f, "allowance_end", "2019-09-30", **q3) == [505]
    assert not f.segment.str.contains("Retail Loan | Dealer Products", regex=False).any()
    # "Six months ended September 30, 2019" over a block cut off after its charge-offs
    h1 = dict(period_start=date(2019, 4, 1))
    assert whole(f, "allowance_begin", "2019-09-30", **h1) == [499]
    assert whole(f, "write_off", "2019-09-30", **h1) == [152]
    assert pick(f, period_end="2020-03-31").empty
