"""Whole figures that are not the loan book's, as found on real pages read outside the tree: a
lessor's total that includes its operating leases (equipment, not receivables), and a class
table whose total adds another kind of loan to the classes the page's aging ages."""

from __future__ import annotations

from datetime import date

from dashboard.extract.operating_leases import without_operating_leases
from dashboard.model.schema import Fact
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




def test_equipment_on_operating_leases_is_the_lessors_equipment_too() -> None:
    facts = page("CIK9990034_10K_FY2021_R9.txt", _FUND.replace("Operating leases", "Equipment on operating leases, net"))
    assert whole(facts, "total_loans", "2021-12-31") == []
    assert whole(facts, "net_loans", "2021-12-31") == []

def test_a_class_net_of_its_operating_leases_is_a_class_of_loans_and_the_total_stays() -> None:
    # "Leases, net of operating leases" names the leases left once the equipment is taken out:
    # a class of receivables, and the total and net of the table stay the book's
    text = _FUND.replace("Sales-type leases", "Commercial loans").replace(
        "\nLoans\n", "\nConsumer loans\n").replace("\nOperating leases\n", "\nLeases, net of operating leases\n")
    facts = page("CIK9990034_10K_FY2021_R9.txt", text)
    assert whole(facts, "total_loans", "2021-12-31") == [20_600_000]
    assert whole(facts, "net_loans", "2021-12-31") == [20_100_000]
    segs = facts[(facts.metric == "total_loans") & (facts.segment != "")]
    assert sorted(segs.segment.unique()) == ["Commercial loans", "Consumer loans", "Leases, net of operating leases"]


def _fact(metric: str, value: float, segment: str = "", row: str = "") -> Fact:
    return Fact(entity="E", source="p.txt", disclosure="delinquency" if metric == "total_loans" else "other",
                metric=metric, period_end=date(2021, 12, 31), value=value, currency="USD", segment=segment,
                label=row or segment, locator=f"table 1 (line 9), row '{row or segment}', column 1")


def test_only_a_net_the_figures_prove_the_loans_own_stays_beside_operating_leases() -> None:
    table = [_fact("total_loans", 12_000, "Sales-type leases"), _fact("total_loans", 8_000, "Loans"),
             _fact("total_loans", 600, "Operating leases"), _fact("total_loans", 20_600, row="Total"),
             _fact("allowance_end", 500, row="Allowance")]
    # 20,100 = 20,600 - 500: the net with the equipment in it is left out with its total
    kept, _ = without_operating_leases([*table, _fact("net_loans", 20_100, row="Net")])
    assert [f.value for f in kept if not f.segment and f.metric in ("total_loans", "net_loans")] == []
    # 19,500 = 12,000 + 8,000 - 500: the loans' own net stays
    kept, _ = without_operating_leases([*table, _fact("net_loans", 19_500, row="Net loans and leases")])
    assert [f.value for f in kept if f.metric == "net_loans"] == [19_500]


# An invented lender's contracts: two classes of vacation contracts and land notes, their gross
# total with the allowance deducted; then an aging of the vacation contracts alone, whose total
# is the two vacation classes' sum (the land notes are another kind of loan)
_CONTRACTS = (
    "|\nContracts Receivable (Tables)\n|3 Months Ended\nMar. 31, 2021\n|Contracts Receivable [Abstract]\n"
    "|Information Relating To Contracts Receivable\n"
    + rendered_line("", "", "March 31,", "", "December 31,", "", "", "2021", "", "2020")
    + rendered_line("Contracts receivable:", "", "", "", "")
    + rendered_row("Vacation contracts - retained", "100,000", "110,000", dollar=True)
    + rendered_row("Vacation contracts - sold to trust", "50,000", "45,000")
    + rendered_row("Land notes", "2,000", "2,500")
    + rendered_row("Gross contracts receivable", "152,000", "157,500")
    + rendered_row("Allowance for credit losses", "(20,000)", "(21,000)")
    + rendered_row("Contracts receivable, net", "132,000", "136,500", dollar=True)
    + "|Delinquency Status Of Vacation Contracts Receivable\n"
    + rendered_line("", "", "March 31,", "", "December 31,", "", "", "2021", "", "2020")
    + rendered_row("Current", "140,000", "145,000", dollar=True)
    + rendered_row("31-60 days", "4,000", "4,500")
    + rendered_row("61-90 days", "3,000", "2,500")
    + rendered_row("> 90 days", "3,000", "3,000")
    + rendered_row("Total", "150,000", "155,000", dollar=True)
)


def test_a_class_table_wider_than_the_aging_is_a_population_of_its_own() -> None:
    facts = page("CIK9990034_10Q_2021Q1_R22.txt", _CONTRACTS)
    # one whole total per date: the aging's, which its buckets add up to
    assert whole(facts, "total_loans", "2021-03-31") == [150_000]
    assert whole(facts, "total_loans", "2020-12-31") == [155_000]
    assert whole(facts, "current", "2021-03-31") == [140_000]
    # the gross total with the land notes in it is kept, under a population of its own
    wider = facts[(facts.metric == "total_loans") & (facts.population != "") & (facts.segment == "")]
    assert sorted(wider.value) == [152_000, 157_500]
    assert set(wider.population) == {"Gross contracts receivable"}
    # the allowance deducted from the gross contracts stays the whole allowance
    assert whole(facts, "allowance_end", "2021-03-31") == [20_000]


# An invented bank: its class table of the whole book, then an aging of its consumer loans alone
# (no segment word in the aging's title). One class equals the aging's total: the aging is that
# class, not the book less a small other kind of loan
_BANK = (
    "|\nLoans (Tables)\n|3 Months Ended\nMar. 31, 2021\n|Loans [Abstract]\n|Loans\n"
    + rendered_line("", "", "March 31,", "", "December 31,", "", "", "2021", "", "2020")
    + rendered_row("Commercial", "500,000", "510,000", dollar=True)
    + rendered_row("Residential mortgage", "300,000", "290,000")
    + rendered_row("Consumer", "150,000", "155,000")
    + rendered_row("Total loans", "950,000", "955,000")
    + rendered_row("Allowance for credit losses", "(20,000)", "(21,000)")
    + rendered_row("Loans, net", "930,000", "934,000", dollar=True)
    + "|Aging of consumer loans\n"
    + rendered_line("", "", "March 31,", "", "December 31,", "", "", "2021", "", "2020")
    + rendered_row("Current", "140,000", "145,000", dollar=True)
    + rendered_row("30-59 days", "4,000", "4,500")
    + rendered_row("60-89 days", "3,000", "2,500")
    + rendered_row("90 days or more", "3,000", "3,000")
    + rendered_row("Total", "150,000", "155,000", dollar=True)
)


def test_an_aging_that_one_class_adds_up_to_is_that_class_and_the_book_stays_whole() -> None:
    facts = page("CIK9990099_10Q_2021Q1_R22.txt", _BANK)
    # the bank's total loans stay a whole figure, never moved under a population by the aging
    assert 950_000 in whole(facts, "total_loans", "2021-03-31")
    assert 955_000 in whole(facts, "total_loans", "2020-12-31")
    assert facts[(facts.metric == "total_loans") & (facts.population != "")].empty
    assert whole(facts, "net_loans", "2021-03-31") == [930_000]
    # the aging is the consumer loans': its figures are that class's, none the whole book's
    assert whole(facts, "total_loans", "2021-03-31") == [950_000]
    assert whole(facts, "current", "2021-03-31") == []
    consumer = facts[(facts.segment == "Consumer") & (facts.period_end.astype(str) == "2021-03-31")]
    assert sorted(consumer[consumer.metric == "current"].value) == [140_000]


def test_an_aging_that_leaves_out_a_large_share_of_the_classes_is_no_whole_aging() -> None:
    # commercial 500,000 + residential 300,000 add up to the aging's total; the consumer loans
    # left out are 16% of the book: far more than a sliver of another kind of loan
    text = (_BANK[:_BANK.index("|Aging of")] + "|Aging of loans\n"
            + rendered_line("", "", "March 31,", "", "December 31,", "", "", "2021", "", "2020")
            + rendered_row("Current", "790,000", "790,000", dollar=True)
            + rendered_row("30-59 days", "4,000", "4,500")
            + rendered_row("60-89 days", "3,000", "2,500")
            + rendered_row("90 days or more", "3,000", "3,000")
            + rendered_row("Total", "800,000", "800,000", dollar=True))
    facts = page("CIK9990099_10Q_2021Q1_R22.txt", text)
    assert 950_000 in whole(facts, "total_loans", "2021-03-31")
    assert facts[(facts.metric == "total_loans") & (facts.population != "")].empty


def test_the_net_of_a_wider_book_goes_with_its_total() -> None:
    facts = page("CIK9990034_10Q_2021Q1_R22.txt", _CONTRACTS)
    # 152,000 - 20,000: the gross contracts' net, with the land notes in it, is no net of the
    # aging's 150,000
    assert whole(facts, "net_loans", "2021-03-31") == []
    wider = facts[(facts.metric == "net_loans") & (facts.population != "")]
    assert sorted(wider.value) == [132_000, 136_500]
