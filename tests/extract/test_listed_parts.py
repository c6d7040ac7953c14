"""A total that a table of the same page lists as one of its parts is that part, never the whole
book (dashboard/extract/listed_parts.py)."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
from tests.conftest import pick, whole_values
from tests.conftest import real_page as page


def _pipe_page(title: str, tables: list[tuple[str, list[tuple[str, str, str]]]]) -> str:
    """An R page rendered as the search corpus renders one: a cell a line, each after a pipe."""
    lines = [f"|{title}", "|9 Months Ended Sep. 30, 2022"]
    for caption, rows in tables:
        lines += [f"|{caption}", "|", "|", "|", "|September 30,", "2022", "|", "|", "|December 31,", "2021", "|"]
        for label, a, b in rows:
            lines += [f"|{label}", "|", "|$", f"|{a}", "|", "|", "|$", f"|{b}", "|"]
    return "\n".join(lines) + "\n"


# invented: receivables in three tables, each one level down, as a fintech lender prints them
THREE_LEVELS = _pipe_page("Receivables (Tables)", [
    ("Schedule of receivables", [("Finance receivables", "90,500", "71,200"),
                                 ("Fees receivable", "4,100", "3,300"),
                                 ("Receivables, before allowance for credit losses", "94,600", "74,500")]),
    ("Schedule of finance receivables", [("Loan receivables", "52,300", "40,900"),
                                         ("Advance receivables", "38,200", "30,300"),
                                         ("Finance receivables, before allowance for credit losses",
                                          "90,500", "71,200")]),
    ("Schedule of loan receivables", [("Unsecured loan receivables", "2,100", "1,400"),
                                      ("Secured loan receivables", "50,200", "39,500"),
                                      ("Loan receivables", "52,300", "40,900")]),
])

THREE_LEVELS_HTML = """<html><body><table>
<tr><th>Finance receivables (in thousands)</th><th>Jun. 30, 2022</th><th>Dec. 31, 2021</th></tr>
<tr><td>Loan receivables</td><td>$ 52,300</td><td>$ 40,900</td></tr>
<tr><td>Advance receivables</td><td>38,200</td><td>30,300</td></tr>
<tr><td>Finance receivables, before allowance for credit losses</td><td>$ 90,500</td><td>$ 71,200</td></tr>
</table></body></html>"""


def _facts(name: str, text: str):
    return extract_bytes([(name, text.encode())]).facts


def test_a_class_listed_among_the_finance_receivables_is_not_the_book_real_page() -> None:
    # MoneyLion's "Loan receivables" 69,571 / 43,870: beside the Instacash receivables, the
    # two add up to the finance receivables (116,028 / 62,758)
    facts = page("CIK1807846_10Q_2021Q3_R28.txt")
    assert whole_values(facts, "total_loans", "2021-09-30") == []
    assert whole_values(facts, "total_loans", "2020-12-31") == []
    part = pick(facts, metric="total_loans", period_end="2021-09-30")
    assert part.segment.tolist() == ["Loan receivables"]
    assert part.value.tolist() == [69_571.0]
    assert "add up to 'Finance receivables, before allowance for loan losses'" in part.note.iloc[0]


def test_a_total_listed_as_a_line_of_a_larger_sum_takes_its_own_name() -> None:
    facts = _facts("R9.txt", THREE_LEVELS)
    loans = pick(facts, metric="total_loans")
    assert loans.segment.tolist() == ["Loan receivables", "Loan receivables"]
    assert loans.value.tolist() == [52_300.0, 40_900.0]
    assert whole_values(facts, "total_loans", "2022-09-30") == []


def test_the_unpaid_principal_that_deferred_costs_are_added_to_stays_the_whole() -> None:
    # the aging's "Total unpaid principal balance" 1,095,792 is a line of the loans table too,
    # which adds deferred origination costs to it; but there it is the sum of the classes above
    # it (term loans and lines of credit): the book itself, not one of its classes
    facts = page("CIK1420811_10Q_2018Q3_R17.txt")
    assert whole_values(facts, "total_loans", "2018-09-30") == [1_095_792_000.0]
    assert whole_values(facts, "total_loans", "2017-12-31") == [936_239_000.0]


def test_a_listed_part_in_an_html_page_is_not_the_book() -> None:
    facts = _facts("R9.htm", THREE_LEVELS_HTML)
    loans = pick(facts, metric="total_loans")
    assert whole_values(facts, "total_loans", "2022-09-30") == []
    assert loans.segment.tolist() == ["Loan receivables", "Loan receivables"]
    assert loans.value.tolist() == [52_300_000.0, 40_900_000.0]


# invented: the loans held for investment, which the aging ages and adds up to, beside the loans
# held for sale in the page's composition table
AGING_BESIDE_HELD_FOR_SALE = _pipe_page("Loans (Tables)", [
    ("Schedule of loans", [("Loans held for investment", "300,000", "280,000"),
                           ("Loans held for sale", "20,000", "15,000"),
                           ("Total loans", "320,000", "295,000")]),
    ("Schedule of the aging of loans", [("Current", "280,000", "262,000"),
                                            ("30-59 days past due", "10,000", "9,000"),
                                            ("60-89 days past due", "5,000", "5,000"),
                                            ("90 days or more past due", "5,000", "4,000"),
                                            ("Total loans held for investment", "300,000", "280,000")]),
])


def test_a_total_its_own_table_adds_up_to_stays_that_tables_book() -> None:
    # the aging's 300,000 is a line of the composition beside the loans held for sale, but its
    # own table proves it (current and buckets add up to it): the aging's book, never a part
    facts = _facts("R12.txt", AGING_BESIDE_HELD_FOR_SALE)
    aged = pick(facts, metric="total_loans", label="Total loans held for investment")
    assert aged.value.tolist() == [300_000.0, 280_000.0]
    assert set(aged.segment.fillna("")) == {""}


# invented: a composition whose classes are grouped under their subtotals, the loans beside the
# loans held for sale in a second table
GROUPED_CLASSES = _pipe_page("Loans (Tables)", [
    ("Schedule of loans by class", [("Commercial and industrial", "100,000", "90,000"),
                                    ("Commercial real estate", "80,000", "75,000"),
                                    ("Total commercial", "180,000", "165,000"),
                                    ("Residential mortgage", "70,000", "65,000"),
                                    ("Consumer", "50,000", "50,000"),
                                    ("Total consumer", "120,000", "115,000"),
                                    ("Total loans", "300,000", "280,000")]),
    ("Schedule of loans and loans held for sale", [("Loans", "300,000", "280,000"),
                                                   ("Loans held for sale", "20,000", "15,000"),
                                                   ("Total", "320,000", "295,000")]),
])


def test_a_total_of_grouped_classes_stays_the_book() -> None:
    # "Total loans" is the sum of its groups' subtotals (commercial + consumer): its own table
    # proves it, so the second table's "Loans" line beside the loans held for sale makes it no part
    facts = _facts("R10.txt", GROUPED_CLASSES)
    assert whole_values(facts, "total_loans", "2022-09-30") == [300_000.0]
    assert whole_values(facts, "total_loans", "2021-12-31") == [280_000.0]
