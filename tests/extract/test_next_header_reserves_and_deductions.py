"""A lender's tables as found on real pages read outside the tree: a
table's column dates printed straight under the last row of the table above, a month and day per
column and the years on the line below, with no caption sentence between the two tables."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

# An invented page in the search corpus's rendering of an R page (each cell then a "|" line): a
# allowance's rollforward, then a contracts' aging under "June 30, | December 31, | 2019 | 2018"
_PAGE = """|
Contracts Receivable (Tables)
|3 Months Ended
Jun. 30, 2019
|Receivables [Abstract]
|Activity In The Allowance For Credit Losses
|
|
For the Three Months Ended
|
|
June 30,
|
|
2019
|
|
2018
|
Balance, beginning of period
|
$
|5,000
|
|4,000
|
Provision for credit losses
|
|700
|
|600
|
Write-offs of uncollectible receivables
|
|(500)
|
|(400)
|
Balance, end of period
|
$
|5,200
|
|4,200
|Aging Of The Contracts
|
|
June 30,
|
|
December 31,
|
|
|
2019
|
|
2018
|
Current
|
$
|90,000
|
|88,000
|
31-60 days
|
|1,000
|
|1,100
|
61-90 days
|
|500
|
|600
|
> 90 days
|
|300
|
|400
|
Total
|
$
|91,800
|
|90,100
"""


def test_month_days_and_years_under_a_tables_last_row_head_the_next_table() -> None:
    facts = page("CIK9990033_10Q_2019Q2_R9.txt", _PAGE)
    # the aging's second column is December 2018's, never the rollforward's June 2018
    assert whole(facts, "current", "2018-12-31") == [88_000]
    assert whole(facts, "past_due", "2018-12-31", days_from=31) == [1_100]
    assert whole(facts, "total_loans", "2018-12-31") == [90_100]
    assert whole(facts, "current", "2019-06-30") == [90_000]
    assert whole(facts, "past_due", "2018-06-30") == []
    # the rollforward above keeps its own columns
    assert whole(facts, "allowance_end", "2018-06-30") == [4_200]
    assert whole(facts, "allowance_begin", "2019-06-30") == [5_000]


# An invented lessor's financing receivables, its allowance deducted under the name "Reserve for
# credit losses" (no "allowance" anywhere on the page)
_LESSOR = """|Components of Financing Receivables
|
Our financing receivables, net consist of the following (in thousands):
June 30, 2020
|
Installment
Notes
|
|
Lease
Receivables
|
|
Total
|
Minimum payments
|
$
20,000
|
|
$
30,000
|
|
$
50,000
|
Unearned income
|
|
-
|
|
|
(2,000
)
|
|
(2,000
)
Reserve for credit losses
|
|
(400
)
|
|
(600
)
|
|
(1,000
)
Total, net
|
$
19,600
|
|
$
27,400
|
|
$
47,000
|
"""


def test_a_reserve_for_credit_losses_deducted_from_receivables_is_their_allowance() -> None:
    facts = page("CIK9990033_10Q_2020Q2_R12.txt", _LESSOR)
    assert whole(facts, "allowance_end", "2020-06-30") == [1_000_000]


# An invented lessor's net investment in its leases, whole dollars, a "Security deposits" line
# taken off the payments on the way to the investment the allowance is deducted from
_DEPOSITS = """|Net Investment In Leases (Tables)
|12 Months Ended
Dec. 31, 2021
|Schedule of investment in leasing operations
|
|
December 31, 2021
|
|
December 31, 2020
|
Minimum lease payments receivable
|
$
|12,000,000
|
|
$
|10,000,000
|
Unearned lease income
|
|(2,000,000)
|
|
|(1,500,000)
|
Security deposits
|
|(1,000,000)
|
|
|(900,000)
|
Total investment in leasing contracts
|
|9,000,000
|
|
|7,600,000
|
Allowance for credit losses
|
|(300,000)
|
|
|(250,000)
|
Net investment in leasing contracts
|
$
|8,700,000
|
|
$
|7,350,000
|
"""


def test_a_deducted_line_never_names_the_whole_tables_segment() -> None:
    facts = page("CIK9990033_10K_FY2021_R20.txt", _DEPOSITS)
    # the deposits taken off the payments do not make the whole book a "security deposits" segment
    for end, want in (("2021-12-31", 300_000), ("2020-12-31", 250_000)):
        rows = facts[(facts.metric == "allowance_end") & (facts.period_end.astype(str).str[:10] == end)]
        assert rows.segment.fillna("").tolist() == [""]
        assert rows.value.tolist() == [want]
    totals = facts[(facts.metric == "total_loans") & (facts.value == 9_000_000)]
    assert totals.segment.fillna("").tolist() == [""]
