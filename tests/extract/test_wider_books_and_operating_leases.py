"""Whole figures that are not the loan book's, as found on real pages read outside the tree: a
lessor's total that includes its operating leases (equipment, not receivables), and a class
table whose total adds another kind of loan to the classes the page's aging ages."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line, rendered_row
from tests.conftest import whole_values as whole

# An invented equipment fund's investment in leases and loans: sales-type leases, loans and
# operating leases, an unlabelled total, the allowance deducted and an unlabelled net
_FUND = (
    "|INVESTMENT IN LEASES AND LOANS\n|\nNOTE 4 – INVESTMENT IN LEASES AND LOANS\n"
    "The Partnership's investment in leases and loans, net, consists of the following (in thousands):\n"
    + rendered_line("", "", "December 31,", "", "", "2021", "", "2020")
    + rendered_row("Sales-type leases", "12,000", "14,000", dollar=True)
    + rendered_row("Loans", "8,000", "9,000")
    + rendered_row("Operating leases", "600", "900")
    + rendered_row("", "20,600", "23,900")
    + rendered_row("Allowance for credit losses", "(500)", "(700)")
    + rendered_row("", "20,100", "23,200", dollar=True)
)


def test_operating_leases_are_no_loans_and_no_total_that_includes_them_is_the_book() -> None:
    facts = page("CIK9990034_10K_FY2021_R9.txt", _FUND)
    # the allowance is read; the total and net with the lessor's equipment in them are not
    assert whole(facts, "allowance_end", "2021-12-31") == [500_000]
    assert whole(facts, "total_loans", "2021-12-31") == []
    assert whole(facts, "total_loans", "2020-12-31") == []
    assert whole(facts, "net_loans", "2021-12-31") == []
    # the classes that are loans stay; the operating leases are no class of loans
    segs = facts[(facts.metric == "total_loans") & (facts.segment != "")]
    assert sorted(segs.segment.unique()) == ["Loans", "Sales-type leases"]
