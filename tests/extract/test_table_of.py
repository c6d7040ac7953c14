"""table.table_of: the table a fact's locator names, read alike from a text page's locator and
an HTML note's, so the passes that compare a page's figures table by table (aging_population,
operating_leases, rollforward_years, loan and segment rollforwards, listed_parts) group an
HTML note's cells by their table and not each cell apart."""

from __future__ import annotations

from dashboard.extract.table import table_of


def test_a_text_pages_and_an_html_notes_cells_name_their_table() -> None:
    assert table_of("table 2 (line 34), row 'Total loans', column 3") == "table 2"
    assert table_of("table 2, row 5, column 3") == "table 2"
    assert table_of("table 12, row 1, column 2") == "table 12"
    # two cells of one HTML table are one table; of two tables, two
    assert table_of("table 3, row 1, column 2") == table_of("table 3, row 9, column 4")
    assert table_of("table 3, row 1, column 2") != table_of("table 13, row 1, column 2")


def test_a_sentence_is_no_table() -> None:
    # a narrative figure's locator (extract/narrative.py) is its own
    where = "paragraph 3, sentence 2, chars 120-131"
    assert table_of(where) == where
