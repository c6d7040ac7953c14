"""Class names of an allowance table whose header cells the rendering broke over lines, as found
on real pages read outside the tree: the cells as printed ("|Payday" / "and Title" / "Loans")
name the columns, never their fragments paired anew; and a cell of the next year's table broken
over four lines ("|Home" / "Equity" / "and Lines of" / "Credit") is one name."""

from __future__ import annotations

from tests.conftest import piped_row
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

_HEAD = "|\nALLOWANCE FOR LOAN LOSSES (Tables)\n|12 Months Ended\nDec. 31, 2021\n|Receivables [Abstract]\n|\n"


def _rows(*rows: tuple[str, ...]) -> str:
    # "$" before a row's first figure, before every one on the ending balance
    return "".join(piped_row(label, *figures, dollar="every" if label.startswith("Ending") else "first")
                   for label, *figures in rows)


def _header(year: str, *cells: str) -> str:
    return "|\n" * 6 + f"|Year\nended December 31, {year}\n|\n|\n|\n" + "".join(f"|{c}\n|\n|\n" for c in cells)


_ROLL = [("Beginning balance", "1,000", "2,000", "300", "3,300"),
         ("Provision", "100", "200", "(50)", "250"),
         ("Charge-offs", "(40)", "(60)", "—", "(100)"),
         ("Recoveries", "10", "—", "20", "30"),
         ("Ending balance", "1,070", "2,140", "270", "3,480")]

# two years' rollforwards by class, one under the other: the second year's header follows the
# first year's last row, its "Home Equity and Lines of Credit" broken over four lines
_PAGE = (_HEAD + "|The changes in the allowance for loan losses by class (in thousands):\n"
         + _header("2021", "Farm\nReal Estate", "Home Equity\nand Lines of\nCredit", "Other\nConsumer", "Total")
         + _rows(*_ROLL)
         + _header("2020", "Farm\nReal Estate", "Home\nEquity\nand Lines of\nCredit", "Other\nConsumer", "Total")
         + _rows(("Beginning balance", "900", "1,800", "280", "2,980"),
                 ("Provision", "120", "230", "10", "360"),
                 ("Charge-offs", "(30)", "(40)", "(10)", "(80)"),
                 ("Recoveries", "10", "10", "20", "40"),
                 ("Ending balance", "1,000", "2,000", "300", "3,300")))


def test_a_header_cell_broken_over_four_lines_under_a_tables_last_row_is_one_name() -> None:
    facts = page("CIK9990037_10K_FY2021_R38.txt", _PAGE)
    assert whole(facts, "allowance_end", "2020-12-31") == [3_300_000]
    names = set(facts[(facts.period_end.astype(str) == "2020-12-31") & (facts.segment != "")].segment)
    assert names == {"Farm Real Estate", "Home Equity and Lines of Credit", "Other Consumer"}


# an invented lender's receivables by product, each product's cell broken over lines with the
# words that end one name starting the next line ("Cash Advance" / "and Pawn" / "Loans")
_PRODUCTS = ("|Summary of customer receivables\n|\nCustomer receivables consisted of the following (in thousands):\n"
             + "|\n" * 8 + "|June 30, 2021:\n|\n|Cash Advance\nand Pawn\nLoans\n|\n|\n|Title\nLoans\n|\n|\n"
             "|Other\n|\n|\n|Total\n|\n|\n"
             + piped_row("Total loans, interest and fees receivable", "40,000", "9,000", "1,000", "50,000")
             + piped_row("Less: allowance for losses", "(2,000)", "(900)", "(100)", "(3,000)")
             + piped_row("Loans, interest and fees receivable, net", "38,000", "8,100", "900", "47,000"))


def test_header_cells_broken_over_lines_name_the_columns_as_printed() -> None:
    facts = page("CIK9990037_10Q_2021Q2_R20.txt", _PRODUCTS)
    assert whole(facts, "total_loans", "2021-06-30") == [50_000_000]
    names = set(facts[(facts.metric == "total_loans") & (facts.segment != "")].segment)
    assert names == {"Cash Advance and Pawn Loans", "Title Loans", "Other"}
