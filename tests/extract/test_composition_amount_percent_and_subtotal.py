"""Loan compositions of small and mid-size US banks (10-Q and 10-K 2019-2024): "Amount" and
"Percent" headings over dates stacked as month-days above their years, and a bare "Subtotal"
then adjustments then the loans line. The real pages these layouts were found on stay outside the tree as local evidence: the pages here are
invented in their layouts, with other labels and other figures, rendered as the text extracts
print an R page (one cell a line, each closed by a "|" line, an empty cell a bare "|")."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import rendered_line
from tests.conftest import whole_values as whole


def _banner(title: str, period: str, table: str) -> str:
    return f"|\n{title}\n|{period}\n|Notes Tables\n|\n|{table}\n|\n"


def _amount_share(label: str, a1: str, s1: str, a2: str, s2: str, dollar: str = "") -> str:
    return rendered_line(label, "", dollar, a1, "", "", "", s1, "%", "", dollar, a2, "", "", "", s2, "%")


def _no_share(label: str, a1: str, a2: str, dollar: str = "") -> str:
    return rendered_line(label, "", dollar, a1, "", "", "", "", "", dollar, a2, "", "", "", "")


# "At June 30, | At December 31," over "2025 | 2024", each date's "Amount | Percent" below: no
# heading names a whole date; the classes' sum printed with no label and no share
COMPOSITION = (
    _banner("Loans and Allowance for Loan Losses (Tables)", "6 Months Ended\nJun. 30, 2025",
            "Schedule of Loans")
    + "Loans at the dates indicated were as follows:\n|\n" + "|\n" * 12
    + rendered_line("At June 30,", "", "", "At December 31,", "", "", "", "2025", "", "", "2024", "", "", "",
            "Amount", "", "", "Percent", "", "", "Amount", "", "", "Percent", "", "", "",
            "(Dollars in thousands)", "")
    + rendered_line("Mortgage loans:", *[""] * 12)
    + _amount_share("Residential", "200,000", "50.0", "150,000", "50.0", "$")
    + _amount_share("Commercial property", "120,000", "30.0", "90,000", "30.0")
    + _amount_share("Land", "40,000", "10.0", "45,000", "15.0")
    + _amount_share("Personal", "40,000", "10.0", "15,000", "5.0")
    + _no_share("", "400,000", "300,000")
    + rendered_line("Less:", *[""] * 12)
    + rendered_line("Deferred fees, net", "", "", "(300", ")", "", "", "", "", "", "(250", ")", "", "", "")
    + rendered_line("Allowance for loan losses", "", "", "(4,100", ")", "", "", "", "", "", "(3,200", ")", "", "", "")
    + _no_share("Total loans, net", "395,600", "296,550", "$")
)


def test_amount_and_percent_headings_name_dates_stacked_over_their_years() -> None:
    # the dates are month-days above their years, so no header cell is a date; the "Amount" and
    # "Percent" headings over each pair of columns say two dates; the shares are left out, and the
    # unlabelled sum run in after the last class's share is each date's whole book
    f = page("invented_composition_stacked_dates.txt", COMPOSITION)
    assert whole(f, "total_loans", "2025-06-30") == [400_000_000.0]
    assert whole(f, "total_loans", "2024-12-31") == [300_000_000.0]
    assert whole(f, "allowance_end", "2025-06-30") == [4_100_000.0]
    assert whole(f, "allowance_end", "2024-12-31") == [3_200_000.0]
    assert whole(f, "net_loans", "2025-06-30") == [395_600_000.0]
    land = f[(f.segment == "Land") & (f.metric == "total_loans")]
    assert sorted(land.value) == [40_000_000.0, 45_000_000.0]
    assert not (f.value == 50.0).any()  # no share read as an amount


def _two(label: str, a: str, b: str, dollar: bool = False) -> str:
    d = "|$" if dollar else ""
    return rendered_line(label, "", d, a, "", d, b, "")


# the classes, a "Total loans secured by property" among them, a bare "Subtotal", then "Less:"
# lines the filer adds or takes off, then "Loans receivable", their sum
SUBTOTAL = (
    _banner("Note 4 - Loans (Tables)", "3 Months Ended\nMar. 31, 2025",
            "Schedule of Loans Receivable [Table Text Block]")
    + "|\n" * 8
    + rendered_line("(In thousands)", "", "March 31, 2025", "", "", "December 31, 2024", "")
    + rendered_line("Loans secured by property:", *[""] * 7)
    + _two("One-to-four family", "100,000", "95,000", dollar=True)
    + _two("Commercial property", "60,000", "55,000")
    + _two("Construction", "20,000", "25,000")
    + _two("Total loans secured by property", "180,000", "175,000")
    + _two("Business", "30,000", "28,000")
    + _two("Consumer", "10,000", "7,000")
    + _two("Subtotal", "220,000", "210,000")
    + rendered_line("Less:", *[""] * 7)
    + _two("Deferred fees and costs", "1,500", "1,200")
    + rendered_line("Undisbursed funds", "", "", "(500", ")", "", "", "300", "")
    + _two("Loans receivable", "221,000", "211,500", dollar=True)
)


def test_a_bare_subtotal_then_adjustments_then_the_loans_line_is_the_book() -> None:
    # 220,000 + 1,500 - 500 = 221,000; 210,000 + 1,200 + 300 = 211,500: "Loans receivable" is the
    # book's carrying amount, "Subtotal" a memo, and the "Total loans secured by property" among
    # the classes a group's subtotal, never the whole
    f = page("invented_subtotal_then_adjustments.txt", SUBTOTAL)
    assert whole(f, "total_loans", "2025-03-31") == [221_000_000.0]
    assert whole(f, "total_loans", "2024-12-31") == [211_500_000.0]
