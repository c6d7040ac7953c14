"""Real pages (tests/real_pages): a duration heading broken over two lines, loan-composition
tables whose "Total loans" foots its classes, and a guarantee's "maximum amount payable"."""

from __future__ import annotations

from datetime import date

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_a_duration_heading_broken_over_two_lines_dates_the_rollforward() -> None:
    # "Three Months Ended:" / "September 30, 2012" over a table whose caption covers "the three and
    # nine months": the heading's quarter, not the banner's nine months
    f = page("CIK1028954_10Q_2012Q3_R10.txt")
    for metric, value in (("allowance_begin", 6_260), ("write_off", 660), ("recovery", 17),
                          ("provision", 1_104), ("allowance_end", 6_721)):
        assert whole(f, metric, "2012-09-30") == [value * 1e3]
    assert set(pick(f, disclosure="allowance").period_start) == {date(2012, 7, 1)}


def test_total_loans_under_the_last_groups_heading_that_foots_every_group_is_whole() -> None:
    # "Consumer:" heads the last group; "Total gross loans" below it adds the real estate classes
    # (their subtotal unlabelled), commercial business and the consumer classes: the whole book
    f = page("CIK1283582_10Q_2013Q3_R17.txt")
    assert whole(f, "total_loans", "2013-09-30") == [376_072_383]
    assert whole(f, "total_loans", "2012-12-31") == [408_240_534]


def test_a_composition_table_beside_share_columns_gives_total_loans() -> None:
    # no credit word but "Total loans", whose amounts foot the classes (the "Total real estate …"
    # subtotals left out); the page is cut off before the last share: the shares never amounts
    f = page("CIK1047170_10Q_2012Q2_R11.txt")
    assert whole(f, "total_loans", "2012-06-30") == [714_827e3]
    assert whole(f, "total_loans", "2011-12-31") == [734_531e3]
    assert not (f.value.abs() <= 100e3).any()  # no "100.00" share read as an amount


def test_maximum_amount_payable_under_guarantees_is_the_maximum_exposure() -> None:
    f = page("CIK852772_10K_FY2018_R26.txt")
    assert whole(f, "max_exposure", "2018-12-26") == [0.9e6]
    # the loans the guarantees cover and the liability recorded are no maximum
    assert len(pick(f, metric="max_exposure")) == 1


def test_total_loans_held_for_investment_net_of_fees_is_whole_where_its_classes_add_up() -> None:
    # "Total loans held for investment, net(1)" (net of deferred fees and costs) under nine classes
    # that add up to it in both columns: the whole book at 31 December 2015 as well
    f = page("CIK883948_10Q_2016Q3_R12.txt")
    assert whole(f, "total_loans", "2015-12-31") == [5_671_462e3]
    assert set(whole(f, "total_loans", "2016-09-30")) == {6_148_918e3}
