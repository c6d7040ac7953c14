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
