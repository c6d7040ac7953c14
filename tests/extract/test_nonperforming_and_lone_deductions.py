"""A manufacturer's finance arm's aging as found on a real page read outside the tree: the
past-due loans counted are those still accruing, the non-performing ones a column of their own,
and the allowance and the net printed under the total line with one figure each."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line, rendered_row
from tests.conftest import whole_values as whole

# An invented page in the search corpus's rendering of an R page: a title that names the
# accruing past-due loans and the non-performing ones apart; "Total Past Due | Total
# Non-Performing | Current | Total Receivables" by class; then the allowance and the net, each
# one figure under the total column (the rendering drops the blank cells before it)
_AGING = (
    "|Aging of Past Due Receivables Still Accruing Interest and Non-Performing Receivables\n|\n"
    "An aging of past due receivables that are still accruing interest and non-performing "
    "receivables in millions of dollars follows:\n"
    + rendered_line("", "", "", "June 30, 2022", "", "", "")
    + rendered_line("", "Total\nPast Due", "", "Total\nNon-\nPerforming", "", "Current", "",
                    "Total\nReceivables", "")
    + rendered_row("Farm equipment", "50", "30", "4,920", "5,000", dollar=True)
    + rendered_row("Trucks", "20", "10", "1,970", "2,000")
    + rendered_row("Total", "70", "40", "6,890", "7,000", dollar=True)
    + rendered_row("Less allowance for credit losses", "60")
    + rendered_row("Total receivables - net", "6,940", dollar=True)
)


def test_non_performing_beside_the_accruing_past_due_is_nonaccrual() -> None:
    facts = page("CIK9990035_10Q_2022Q2_R31.txt", _AGING)
    # the loans that stopped accruing: total past due (accruing) + these + current = total
    assert whole(facts, "nonaccrual", "2022-06-30") == [40_000_000]
    assert whole(facts, "past_due_total", "2022-06-30") == [70_000_000]
    assert whole(facts, "total_loans", "2022-06-30") == [7_000_000_000]


def test_lone_allowance_and_net_under_the_total_line_are_placed_by_their_arithmetic() -> None:
    facts = page("CIK9990035_10Q_2022Q2_R31.txt", _AGING)
    # 7,000 - 60 = 6,940 in the total column only: the allowance and the net, never classes
    assert whole(facts, "allowance_end", "2022-06-30") == [60_000_000]
    assert whole(facts, "net_loans", "2022-06-30") == [6_940_000_000]
    assert whole(facts, "total_loans", "2022-06-30") == [7_000_000_000]
    classes = facts[(facts.metric == "total_loans") & (facts.segment != "")]
    assert sorted(classes.segment.unique()) == ["Farm equipment", "Trucks"]


def test_non_performing_that_overlaps_the_past_due_is_not_read_as_nonaccrual() -> None:
    # non-performing 80 / 15 / 95: 70 + 95 + 6,890 = 7,055, not 7,000 (and 50 + 80 + 4,920 is
    # no 5,000): the non-performing loans are partly the past-due ones, so the title alone does
    # not make them the loans that stopped accruing
    text = _AGING.replace("|\n30\n|", "|\n80\n|").replace("|\n10\n|", "|\n15\n|").replace("|\n40\n|", "|\n95\n|")
    facts = page("CIK9990035_10Q_2022Q2_R31.txt", text)
    assert whole(facts, "nonaccrual", "2022-06-30") == []
    assert whole(facts, "total_loans", "2022-06-30") == [7_000_000_000]
