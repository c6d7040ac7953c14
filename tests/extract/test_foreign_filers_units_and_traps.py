"""Foreign private issuers' credit pages (20-F and 6-K, 2018-2024): a Korean bank's allowance on
its bonds measured at amortized cost rolled forward by IFRS 9 stage (no loan book), a Peruvian
bank's loans closed by IFRS 9's "expected loss provision" and net loans, its figures in soles
"S/(000)", a Japanese bank's loans by industry under a note titled for the loans and their
allowance. The real pages these layouts were found on stay outside the tree as local evidence:
the pages here are invented in their layouts, with other labels and other figures, rendered as
the text extracts print an R page (one cell a line, each closed by a "|" line, an empty cell a
bare "|")."""

from __future__ import annotations

from tests.conftest import pick, whole
from tests.conftest import real_page as page
from tests.conftest import rendered_line as _line
from tests.conftest import rendered_row as _row


def test_an_allowance_on_securities_at_amortized_cost_is_no_loan_allowance() -> None:
    # IFRS 9 names the bonds by how they are measured ("securities at amortized cost"), not as
    # held-to-maturity: their allowance, deducted from them and rolled forward by stage, is the
    # securities', never the whole loan book's (3,100 + 2,050 - 12 = 5,138; 10 + 2 = 12)
    text = ("|Details of securities at amortized cost\n|\n"
            "(1) Details of securities at amortized cost as of December 31, 2024 and 2025 are as follows "
            "(Unit: Korean Won in millions):\n|\n"
            + _line("", "December 31,\n2024", "", "December 31,\n2025")
            + _row("Government bonds", "3,000", "3,100") + _row("Corporate bonds", "2,000", "2,050")
            + _row("Allowance for credit losses", "(10", "(12") + _row("Total", "4,990", "5,138")
            + "|Changes in allowance for credit losses of securities at amortized cost\n|\n"
            + _line("For the year ended December 31, 2025") + _line("", "Stage 1", "", "Stage 2", "", "Total")
            + _row("Beginning balance", "(10", "—", "(10") + _row("Net provision of allowance", "(2", "—", "(2")
            + _row("Ending balance", "(12", "—", "(12"))
    f = page("invented_securities_at_amortized_cost.txt", text)
    assert pick(f, disclosure="allowance").empty
    assert f.empty or pick(f, metric="total_loans").empty


def _soles_page(provision_label: str) -> str:
    """A bank's direct loans at two year-ends, closed by IFRS 9's expected loss provision and the
    net (600 + 300 = 900, + 100 overdue = 1,000, + 20 interest = 1,020, - 70 = 950; 550 + 250 =
    800, + 90 = 890, + 10 = 900, - 60 = 840), its unit heading "S/(000)" over each column."""
    return ("|LOANS, NET\n|\n|\n|a)\n|\nThis item consists of the following:\n|\n"
            + _line("", "", "2025", "", "", "2024") + _line("", "", "S/(000)", "", "", "S/(000)")
            + _line("Direct loans -") + _row("Loans", "600", "550") + _row("Credit cards", "300", "250")
            + _row("Total direct loans", "900", "800") + _line("")
            + _row("Overdue loans", "100", "90") + _row("", "1,000", "890") + _line("Add (less) -")
            + _row("Accrued interest", "20", "10") + _row("Total direct loans", "1,020", "900")
            + _row(provision_label, "(70", "(60") + _row("Total direct loans, net", "950", "840"))


def test_an_expected_loss_provision_deducted_from_the_loans_is_their_allowance() -> None:
    # IFRS 9's "expected loss provision" for the loans, between the book and its net: the
    # allowance's balance at each date, and the book the line it is deducted from
    f = page("invented_expected_loss_provision.txt", _soles_page("Expected loss provision for direct loans (c)"))
    for end, loans, allowance in (("2025-12-31", 1_020e3, 70e3), ("2024-12-31", 900e3, 60e3)):
        assert whole(f, metric="total_loans", period_end=end).value.tolist() == [loans]
        assert whole(f, metric="allowance_end", period_end=end).value.tolist() == [allowance]
    assert pick(f, metric="provision").empty


def test_a_sign_over_each_column_with_its_thousands_in_parentheses_is_the_unit() -> None:
    # "S/(000)" over each column: Peruvian soles (PEN), in thousands; never dollars or units
    f = page("invented_soles_unit.txt", _soles_page("Allowance for loan losses (c)"))
    got = whole(f, metric="total_loans")
    assert set(got.currency) == {"PEN"} and set(got.scale) == {1000}
    assert sorted(got.value) == [900e3, 1_020e3]


def test_a_capitalised_korean_won_in_the_unit_heading_is_the_currency() -> None:
    # "(Unit: Korean Won in millions)": won (KRW), in millions, whatever the capital
    text = ("|Loans at amortized cost\n|\n(1) Details of loans as of December 31, 2024 and 2025 are as follows "
            "(Unit: Korean Won in millions):\n|\n" + _line("", "December 31,\n2024", "", "December 31,\n2025")
            + _row("Retail loans", "300", "320") + _row("Corporate loans", "500", "510")
            + _row("Credit card loans", "200", "170") + _row("Total loans", "1,000", "1,000")
            + _row("Allowance for credit losses", "(30", "(35") + _row("Loans, net", "970", "965"))
    got = whole(page("invented_korean_won.txt", text), metric="total_loans")
    assert set(got.currency) == {"KRW"} and set(got.scale) == {1_000_000}


def _yen_loans_page(sentence: str) -> str:
    """A half-year report's loans by domicile and industry under a note titled for the loans and
    their allowance, two dates of one year, "¥" beside the first and last rows (600 + 400 = 1,000;
    300 + 200 = 500; 1,000 + 500 - 10 = 1,490; 650 + 380 = 1,030, 310 + 220 = 530, 1,030 + 530 -
    12 = 1,548)."""
    def yen_row(label: str, a: str, b: str) -> str:
        return _line(label, "", "¥", a, "", "", "¥", b, "")
    return ("|Loans and Allowance for Credit Losses [Text Block]\n|\n3. LOANS AND ALLOWANCE FOR CREDIT\nLOSSES\n"
            + sentence + "\n" + _line("", "", "March 31,\n2025", "", "", "September 30,\n2025") + _line("", "", "(in\nmillions)")
            + _line("Domestic:") + yen_row("Manufacturing", "600", "650") + _row("Real estate", "400", "380")
            + _row("Total domestic", "1,000", "1,030") + _line("Foreign:") + _row("Commercial and industrial", "300", "310")
            + _row("Other", "200", "220") + _row("Total foreign", "500", "530")
            + _row("Unearned income and deferred loan fees—net", "(10", "(12") + yen_row("Total(1)", "1,490", "1,548"))


def test_loans_by_industry_under_a_note_titled_for_loans_and_allowance_are_the_book() -> None:
    # no line of the table is an allowance's, and its own caption names the loans at its two
    # dates: its Total, which foots the domestic and foreign subtotals and the unearned income,
    # is the whole book's loans at each date, never an allowance
    text = _yen_loans_page("Loans at March 31, 2025 and September 30, 2025 by\ndomicile and industry of the "
                           "borrower are summarized below.\nClassification of loans by industry is based on the industry\n")
    f = page("invented_loans_by_industry.txt", text)
    for end, loans in (("2025-03-31", 1_490e6), ("2025-09-30", 1_548e6)):
        assert whole(f, metric="total_loans", period_end=end).value.tolist() == [loans]
    assert pick(f, disclosure="allowance").empty


def test_a_yen_sign_on_a_page_naming_japan_is_the_yen() -> None:
    # "¥" beside the figures, "(in millions)" and no currency word, but the classes "as defined
    # by the Bank of Japan": the yen (JPY), never the renminbi; a page naming China keeps CNY
    sentence = ("Loans at March 31, 2025 and September 30, 2025 by\ndomicile and industry of the borrower are "
                "summarized below.\nClassification of loans by industry is based on the industry\n"
                "segment loan classifications as defined by the Bank of Japan.\n")
    got = whole(page("invented_japan_loans.txt", _yen_loans_page(sentence)), metric="total_loans")
    assert set(got.currency) == {"JPY"} and set(got.scale) == {1_000_000}
    chinese = sentence.replace("the Bank of Japan", "the People's Bank of China")
    got = whole(page("invented_china_loans.txt", _yen_loans_page(chinese)), metric="total_loans")
    assert set(got.currency) == {"CNY"}


def test_a_line_whose_label_was_lost_runs_into_the_line_above_and_is_split_by_the_footing() -> None:
    # the rendering lost a footnoted line's label ("Others (*)"): its figures run into the line
    # above, a row twice as wide as the others; the ending balance is the sum of every line
    # above it only with that second half counted as a line of its own (100 + 20 - 5 + 7 + 2 =
    # 124; 50 + 10 - 3 + 0 + 1 = 58; 150 + 30 - 8 + 7 + 3 = 182), so the acquired line is read
    text = ("|Allowance for credit losses\n|\nChanges in the allowance for credit losses on loans are as follows "
            "(Unit: Korean Won in millions):\n|\n" + _line("For the year ended December 31, 2025")
            + _line("", "Retail", "", "Corporate", "", "Total")
            + _row("Beginning balance", "100", "50", "150") + _row("Provision", "20", "10", "30")
            + _row("Write-offs", "(5", "(3", "(8")
            + _row("Changes due to business combinations", "7", "—", "7", "2", "1", "3")
            + _row("Ending balance", "124", "58", "182"))
    f = page("invented_lost_label.txt", text)
    assert whole(f, metric="allowance_other", period_end="2025-12-31").value.tolist() == [7e6]
    assert whole(f, metric="allowance_end", period_end="2025-12-31").value.tolist() == [182e6]
