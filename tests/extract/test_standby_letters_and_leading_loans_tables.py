"""A bank's standby letters of credit among the contract amounts of its commitments under a
"Commitments and Contingent Liabilities" title, and a 10-Q's loans table closed by its
deductions ("Less:" allowance, net loans) with the allowance's rollforward after it under a bare
date: its opening balance the loans table's allowance at the year's end, group headings printed
over each of their classes, its Total column's name read as a line (10-Q/10-K 2020-2023). The
real pages these layouts were found on stay outside the tree as local evidence: the pages here
are invented in their layouts, with other labels and other figures, rendered as the text
extracts print an R page (one cell a line, each closed by a "|" line, an empty cell a bare "|";
the first page in the plain rendering, a table's line run together)."""

from __future__ import annotations

from tests.conftest import by_start, whole
from tests.conftest import real_page as page
from tests.conftest import rendered_line as _line
from tests.conftest import rendered_row as _row


def test_standby_letters_among_contract_amounts_under_a_contingent_liabilities_title() -> None:
    # a bank's commitments note, titled "Commitments and Contingent Liabilities", its table run
    # together as one line a row: the standby letters of credit are its guarantees (ASC 460)
    # and their contract amount the most it can be made to pay; the loan commitments are none
    text = (
        "XML 12 R18.htm IDEA: XBRL DOCUMENT v3.22.4\n"
        "Commitments and Contingent Liabilities\n12 Months Ended\nDec. 31, 2025\n"
        "Commitments and Contingencies Disclosure [Abstract]  \n"
        "Commitments and Contingent Liabilities COMMITMENTS AND CONTINGENT LIABILITIES\n"
        "A summary of financial instruments with off-balance sheet risk at December 31 follows:\n"
        "20252024\n(In thousands)\n"
        "Financial instruments whose risk is represented by contract amounts  \n"
        "Commitments to extend credit$420,310 $398,004 \n"
        "Standby letters of credit5,102 4,877 \n"
        "Commitments to extend credit are agreements to lend to a customer as long as there is no "
        "violation of any condition established in the contract.\n")
    f = page("invented_contingent_liabilities.txt", text)
    got = whole(f, metric="max_exposure")
    assert dict(zip(got.period_end.astype(str).str[:10], got.value, strict=True)) == {
        "2025-12-31": 5_102_000.0, "2024-12-31": 4_877_000.0}
    assert whole(f, disclosure="guarantee", metric="max_exposure", value=420_310_000.0).empty



_HEAD = "|\nNote 4 - Loans (Tables)\n|9 Months Ended\nSep. 30, 2025\n|Notes Tables\n|\n"


def _loans_table() -> str:
    """A 10-Q's loans at the quarter's end and the year's, its allowance deducted under "Less:"
    (600 + 400 = 1,000, 550 + 350 = 900; 1,000 - 50 = 950, 900 - 44 = 856)."""
    return ("|Schedule of Loans [Table Text Block]\n|\n" + _line("", "September 30, 2025", "", "December 31, 2024")
            + _line("(In thousands)") + _row("Commercial", "600", "550", dollar=True) + _row("Consumer", "400", "350")
            + _row("Total loans", "1,000", "900") + _line("Less:") + _row("Allowance for loan losses", "(50)", "(44)")
            + _row("Net loans", "950", "856", dollar=True))


def _rollforward_lines() -> str:
    """The allowance's nine months under a bare date, four classes and their Total (the figures
    foot: 44 + 9 - 5 + 2 = 50, each class likewise)."""
    return (_row("Beginning balance", "10", "12", "8", "14", "44", dollar=True)
            + _row("Provision", "2", "3", "1", "3", "9") + _row("Charge-offs", "(1)", "(2)", "(1)", "(1)", "(5)")
            + _row("Recoveries", "1", "0", "0", "1", "2") + _row("Ending balance", "12", "13", "8", "17", "50", dollar=True))


_CLASSES = ("Real Estate:", "", "Real Estate:", "", "Consumer", "", "Commercial", "", "Residential", "",
            "Commercial", "", "and Other", "", "Total")


def test_a_rollforward_under_a_bare_date_opens_at_the_pages_allowance() -> None:
    # its opening balance (44) is the loans table's allowance at December 31: it runs from the
    # day after (nine months), never over the year its header leaves to be assumed
    text = (_HEAD + _loans_table() + "|The following table presents the activity in the allowance for loan losses:\n|\n"
            + _line("", "September 30, 2025") + _line("Commercial", "", "Consumer", "", "Other", "", "Mortgage", "", "Total")
            + _rollforward_lines())
    f = page("invented_opened_at_balance.txt", text)
    assert by_start(whole(f, metric="provision")) == {"2025-01-01": 9.0}
    assert by_start(whole(f, metric="allowance_begin")) == {"2025-01-01": 44.0}


def test_a_group_heading_over_each_of_its_classes_names_no_column() -> None:
    # "Real Estate:" printed over two classes, "Consumer" over "and Other" a line below: read
    # fragment by fragment the names would be shifted ("Consumer" over the real estate loans);
    # the columns are numbered, the Total the whole allowance (the table titled by its element's
    # label only, its header read from the headings above its rows)
    text = (_HEAD + _loans_table() + "|Financing Receivable, Allowance for Credit Loss [Table Text Block]\n|\n"
            + _line("", "September 30, 2025") + _line(*_CLASSES) + _line("Allowance for loan losses:")
            + _rollforward_lines())
    f = page("invented_group_heading.txt", text)
    named = set(f[f.metric == "provision"].segment.fillna(""))
    assert not named & {"Consumer", "Commercial and Other", "Commercial"}
    assert by_start(whole(f, metric="provision")) == {"2025-01-01": 9.0}


def test_a_loans_table_closed_by_its_deductions_then_a_rollforward_in_one_block() -> None:
    # the R page's second table titled by its element's label only ("… [Table Text Block]"), no
    # sentence announcing it: the loans table, "Less:" allowance and net loans included, is
    # one table; the wider rows under their own heading are the rollforward
    text = (_HEAD + _loans_table() + "|Financing Receivable, Allowance for Credit Loss [Table Text Block]\n|\n"
            + _line("", "September 30, 2025") + _line(*_CLASSES) + _line("Allowance for loan losses:")
            + _rollforward_lines())
    f = page("invented_leading_loans_table.txt", text)
    assert by_start(whole(f, metric="write_off")) == {"2025-01-01": 5.0}
    assert by_start(whole(f, metric="allowance_end", period_end="2025-09-30")) == {"2025-01-01": 50.0, "None": 50.0}
    assert whole(f, metric="total_loans", period_end="2024-12-31").value.tolist() == [900_000.0]


def test_a_total_column_name_read_as_a_line_heads_the_stacked_table() -> None:
    # "… | Mortgage | Total" then the date: the last name, alone before the date, reads as a line
    # with no figures; it is the stacked rollforward's Total column, so its four classes are named
    text = (_HEAD + "|Schedule of Loans [Table Text Block]\n|\n" + _line("", "September 30, 2025", "", "December 31, 2024")
            + _line("(In thousands)") + _row("Commercial", "600", "550", dollar=True) + _row("Consumer", "400", "350")
            + _row("Total loans", "1,000", "900") + _row("Less: Allowance for loan losses", "(50)", "(44)")
            + _row("Net loans", "950", "856", dollar=True)
            + "|Financing Receivable, Allowance for Credit Loss [Table Text Block]\n|\n"
            + _line("(In thousands)", "", "Commercial", "", "Consumer", "", "Home Equity", "", "Mortgage", "", "Total")
            + _line("September 30, 2025") + _line("Allowance for loan losses:") + _rollforward_lines())
    f = page("invented_total_as_a_line.txt", text)
    named = sorted(set(f[f.metric == "provision"].segment.fillna("")) - {""})
    assert named == ["Commercial", "Consumer", "Home Equity", "Mortgage"]
    assert whole(f, metric="provision").value.tolist() == [9_000.0]


def test_an_opening_line_naming_its_day_dates_a_cut_off_rollforward() -> None:
    # "Beginning balance January 1," under "September 30, 2025", the page cut off before the
    # closing line: the label states the nine months' start, no closing balance needed
    text = (_HEAD + "|The following table presents the activity in the allowance for loan losses:\n|\n"
            + _line("(In thousands)", "", "Commercial", "", "Consumer", "", "Total") + _line("September 30, 2025")
            + _row("Beginning balance January 1,", "30", "14", "44", dollar=True) + _row("Provision", "6", "3", "9")
            + _row("Charge-offs", "(4)", "(1)", "(5)"))
    f = page("invented_cut_off_rollforward.txt", text)
    assert by_start(whole(f, metric="provision")) == {"2025-01-01": 9.0}
    assert by_start(whole(f, metric="allowance_begin")) == {"2025-01-01": 44.0}
