"""A foreign bank's composition of its credit book (20-F 2020): columns dated in figures alone
("12/31/2020 | 12/31/2019", beside the page's own "Dec. 31, 2020"), and the book's line
("Loans and other financing", the Argentine central bank's name for it) printed before its parts,
whose labels the rendering lost along with the allowance's and the net's, so that every figure
runs into the book's line. The real page stays outside the tree as local evidence; the pages
here are invented, with other figures that foot, rendered as the text extracts print an R page."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole

_TOP = ("|\nLoss Allowance for Expected Credit Losses on Credit Exposures Measured at Amortized Cost (Tables)\n"
        "|12 Months Ended\nDec. 31, 2024\n|Statement [LineItems]\n|\n"
        "|Summary of Exposure to Credit Risk\n|\n|\n|9.1.\n|\n|\n12/31/2024\n|\n|\n12/31/2023\n|\n")


def _loans(f) -> dict[str, float]:
    got = whole(f, metric="total_loans")
    return dict(zip(got.period_end.astype(str).str[:10], got.value, strict=True))


def test_columns_dated_in_figures_date_a_composition() -> None:
    text = (_TOP + "Commercial loans\n|\n5,000\n|\n4,500\n|\nConsumer loans\n|\n3,000\n|\n2,800\n|\n"
            "Mortgage loans\n|\n2,000\n|\n1,900\n|\nTotal loans\n|\n10,000\n|\n9,200\n|\n")
    assert _loans(page("invented_dated_in_figures.txt", text)) == {"2024-12-31": 10_000.0, "2023-12-31": 9_200.0}


def test_a_book_printed_before_its_unlabelled_parts_is_the_total() -> None:
    # the book, then two parts (6,000 + 4,000 = 10,000; 5,500 + 3,700 = 9,200), the allowance
    # and the net, every line but the first without its label
    text = (_TOP + "Loans and other financing\n|\n10,000\n|\n9,200\n|\n|\n|6,000\n|\n|\n|\n|5,500\n|\n|\n|\n"
            "|4,000\n|\n|\n|\n|3,700\n|\n|\n|\n|\n|\n|\n|(400\n|)\n|\n|\n|\n|(300\n|)\n|\n|\n|\n|\n|\n"
            "9,600\n|\n8,900\n|\n")
    assert _loans(page("invented_book_first.txt", text)) == {"2024-12-31": 10_000.0, "2023-12-31": 9_200.0}


def test_a_line_over_unlabelled_lines_that_do_not_add_up_to_it_is_left_as_printed() -> None:
    text = (_TOP + "Loans and other financing\n|\n10,000\n|\n9,200\n|\n|\n|6,100\n|\n|\n|\n|5,500\n|\n|\n|\n"
            "|4,000\n|\n|\n|\n|3,700\n|\n|\n|\n|\n|\n|\n|(400\n|)\n|\n|\n|\n|(300\n|)\n|\n|\n|\n|\n|\n"
            "9,600\n|\n8,900\n|\n")
    assert _loans(page("invented_book_first_no_sum.txt", text)) == {}
