"""Column names whose last line is the noun alone ("Personal" / "Loans", "Other" / "Receivables",
"Commercial and Industrial" / "Loans and Leases"), each line a fragment of its own in the text
rendering: a consumer lender's allowance rollforward by finance receivable type in three-month
and nine-month blocks (10-Q 2018). The real page this layout was found on stays outside the tree
as local evidence; the pages here are invented, with other names and figures that foot,
rendered as the text extracts print an R page."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page


def _segments(f, metric: str, start: str) -> dict[str, float]:
    got = pick(f, metric=metric, period_start=start)
    return dict(zip(got.segment.fillna(""), got.value, strict=True))


def test_a_noun_alone_on_the_last_line_finishes_the_word_above_it() -> None:
    # read as the last three fragments, the columns were "Other" (the retail loans'), "Receivables"
    # (the dealer receivables') and the total: the names shifted by a column
    text = ("|\nAllowance for Credit Losses\nChanges in the allowance by receivable type were as follows:\n"
            "(dollars in millions)\nRetail\nLoans\nDealer\nReceivables\nTotal\n"
            "Three Months Ended June 30, 2024\nBalance at beginning of period\n$\n410\n$\n30\n$\n440\n"
            "Provision for credit losses\n120\n5\n125\nCharge-offs\n(100\n)\n(4\n)\n(104\n)\n"
            "Recoveries\n15\n1\n16\nBalance at end of period\n$\n445\n$\n32\n$\n477\n")
    f = page("invented_noun_tail_header.txt", text)
    assert _segments(f, "allowance_end", "2024-04-01") == {"Retail Loans": 445e6, "Dealer Receivables": 32e6,
                                                            "": 477e6}


def test_a_noun_line_after_a_name_ending_in_a_noun_is_a_column_of_its_own() -> None:
    # "Consumer Loans" ends in the noun: the "Receivables" after it is a name of its own
    text = ("|\nAllowance for Credit Losses\nChanges in the allowance by receivable type were as follows:\n"
            "(dollars in millions)\nConsumer Loans\nReceivables\nTotal\n"
            "Three Months Ended June 30, 2024\nBalance at beginning of period\n$\n410\n$\n30\n$\n440\n"
            "Provision for credit losses\n120\n5\n125\nCharge-offs\n(100\n)\n(4\n)\n(104\n)\n"
            "Recoveries\n15\n1\n16\nBalance at end of period\n$\n445\n$\n32\n$\n477\n")
    f = page("invented_noun_own_column.txt", text)
    assert _segments(f, "allowance_end", "2024-04-01") == {"Consumer Loans": 445e6, "Receivables": 32e6,
                                                            "": 477e6}
