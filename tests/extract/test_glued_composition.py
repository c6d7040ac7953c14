"""Real pages (tests/real_pages) of a rendering that runs a row together ("Total gross
loans10,884,683 10,261,645") and its header's years ("20232022"): the rows are a table's, not a
Details page's, and a composition's "Total loans" after premiums and fees is the whole book."""

from __future__ import annotations

from dashboard.extract.parsers.details_text import details_block
from dashboard.extract.parsers.renderings import split_glued_header
from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

GLUED = "CIK1178970_10K_FY2023_R17.txt"


def test_years_run_together_are_the_header_columns() -> None:
    assert split_glued_header("20232022") == "2023 | 2022"
    assert split_glued_header("202220232024") == "2022 | 2023 | 2024"
    # no years a year apart: a figure, or years that say nothing of the columns
    for text in ("20232020", "12345678", "2023"):
        assert split_glued_header(text) == text


def test_a_row_with_its_first_figure_glued_to_the_label_is_no_details_row() -> None:
    # "12 Months Ended / Dec. 31, 2023" over the note: one column, but its rows print two figures,
    # the first glued to the label; a Details page sets every cell off by a space
    text = (REAL_PAGES / GLUED).read_text()
    title = text.splitlines()[1]
    assert details_block(text, title) is None


def test_total_loans_after_premiums_and_fees_is_the_whole_book() -> None:
    # "Total gross loans" + premiums on purchased loans + net deferred fees = "Total loans"
    # (10,884,683+1,474-12,456=10,873,701; 10,261,645+1,380-14,142=10,248,883)
    f = page(GLUED)
    assert whole(f, "total_loans", "2023-12-31") == [10_873_701e3]
    assert whole(f, "total_loans", "2022-12-31") == [10_248_883e3]
    assert len(pick(f, metric="total_loans")) == 2  # never the gross line


def test_a_later_total_that_does_not_add_up_proves_nothing() -> None:
    # the same page with the 2023 "Total loans" off by a thousand: neither total line is proven
    # the whole, and the two are left out rather than one guessed
    text = (REAL_PAGES / GLUED).read_text().replace("$10,873,701", "$10,872,701")
    f = page(GLUED, text)
    assert whole(f, "total_loans", "2023-12-31") == []
