"""An aging with each amount's share of the whole, as found on a real page read outside the
tree: its last line, whose share is 100%, is the total the shares of the lines above add up to,
even where the rendering lost a line's amounts (its shares kept) and no sum of amounts can
prove it."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

# An invented page in the inline rendering of an R page (cells run together on a line): the
# 60-89 days line kept its shares and lost its amounts; the total's label is no word the
# vocabulary reads as a total ("Total consumer loans receivable" is a bank's class subtotal)
_AGING = """XML 40 R31.htm IDEA: XBRL DOCUMENT v3.21.2
Loans Receivable (Tables)
9 Months Ended
Sep. 30, 2021
Receivables [Abstract]
Delinquency status of consumer loans receivable
The following table presents the delinquency status of consumer loans receivable at September 30, 2021 and December 31, 2020. The amounts are based on the number of days past the billing date.
September 30, 2021December 31, 2020
Amortized Cost Basis RevolvingPercentAmortized Cost Basis
Revolving
Percent
(In millions, except percentages)
Current$2,400 96.0 %$2,000 95.2 %
30-59 days50 2.0 %60 2.9 %
60-89 days1.2 %1.0 %
90-179 days20 0.8 %20 0.9 %
Total consumer loans receivable(1)
$2,500 100.0 %$2,100 100.0 %
(1) Excludes receivables from other products.
"""


def test_a_line_at_100_percent_under_shares_adding_to_100_is_the_total() -> None:
    facts = page("CIK9990036_10Q_2021Q3_R31.txt", _AGING)
    assert whole(facts, "total_loans", "2021-09-30") == [2_500_000_000]
    assert whole(facts, "total_loans", "2020-12-31") == [2_100_000_000]
    assert whole(facts, "current", "2021-09-30") == [2_400_000_000]
    # the lost amounts are not made up from their shares
    assert whole(facts, "past_due", "2021-09-30", days_from=60) == []


def test_a_run_of_footnote_marks_after_a_label_is_left_out_of_it() -> None:
    text = _AGING.replace("Total consumer loans receivable(1)", "Total consumer loans receivable(1), (2), (3)")
    facts = page("CIK9990036_10Q_2021Q3_R31.txt", text)
    totals = facts[(facts.metric == "total_loans") & (facts.segment == "")]
    assert set(totals.label) == {"Total consumer loans receivable"}


# An invented table of the past-due loans alone by bucket, each with its share of the past due:
# no Current line, so the line at 100% is the past-due total, never the book's total loans
_PAST_DUE = """XML 40 R31.htm IDEA: XBRL DOCUMENT v3.21.2
Loans Receivable (Tables)
9 Months Ended
Sep. 30, 2021
Receivables [Abstract]
Delinquency status of consumer loans receivable
The following table presents the past-due consumer loans receivable by bucket at September 30, 2021 and December 31, 2020.
September 30, 2021December 31, 2020
Amortized Cost Basis RevolvingPercentAmortized Cost Basis
Revolving
Percent
(In millions, except percentages)
30-59 days$50 50.0 %$60 60.0 %
60-89 days30 30.0 %20 20.0 %
90-179 days20 20.0 %20 20.0 %
Past due loans
$100 100.0 %$100 100.0 %
"""


def test_a_line_at_100_percent_under_past_due_buckets_alone_is_no_total_of_loans() -> None:
    facts = page("CIK9990036_10Q_2021Q3_R31.txt", _PAST_DUE)
    assert whole(facts, "total_loans", "2021-09-30") == []
    assert whole(facts, "total_loans", "2020-12-31") == []


def test_a_line_at_100_percent_whose_amounts_the_lines_above_do_not_add_up_to_is_no_total() -> None:
    # every amount printed, the shares add up, but 2,400 + 50 + 30 + 20 = 2,500, not 2,600
    text = _AGING.replace("60-89 days1.2 %1.0 %", "60-89 days30 1.2 %20 1.0 %").replace(
        "$2,500 100.0 %", "$2,600 100.0 %")
    facts = page("CIK9990036_10Q_2021Q3_R31.txt", text)
    assert whole(facts, "total_loans", "2021-09-30") == []
    # the same page whose amounts add up: the total is read
    ok = page("CIK9990036_10Q_2021Q3_R31.txt", _AGING.replace("60-89 days1.2 %1.0 %", "60-89 days30 1.2 %20 1.0 %"))
    assert whole(ok, "total_loans", "2021-09-30") == [2_500_000_000]
    assert whole(ok, "total_loans", "2020-12-31") == [2_100_000_000]
