"""The chart pages' tables as HTML: every cell escaped and shown, figures right-aligned, a
column's help as its header's tooltip, and long tables left to the grid."""

from __future__ import annotations

import pandas as pd
from lxml import html as lxml_html

from dashboard.ui import html_table


def _cells(markup: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    table = lxml_html.fromstring(markup).find(".//table")
    head = [th.text_content() for th in table.iterfind(".//thead//th")]
    rows = [[td.text_content() for td in tr.iterfind("td")] for tr in table.iterfind(".//tbody/tr")]
    classes = [[td.get("class") or "" for td in tr.iterfind("td")]
               for tr in table.iterfind(".//tbody/tr")]
    return head, rows, classes


def test_every_cell_is_shown_as_written_and_figures_are_right_aligned() -> None:
    t = pd.DataFrame({"Filer": ["Qudian Inc.", "Alder & Brown <Bank> plc"], "Date": ["2021-12-31", "2020-12-31"],
                      "Total loans (RMB m)": ["10,703.0", "–"]})
    head, rows, classes = _cells(html_table.render(t, right=["Total loans (RMB m)"]))
    assert head == ["Filer", "Date", "Total loans (RMB m)"]
    # a label from a filing is text, never markup
    assert rows == [["Qudian Inc.", "2021-12-31", "10,703.0"], ["Alder & Brown <Bank> plc", "2020-12-31", "–"]]
    assert [c[2] for c in classes] == ["num", "num"]
    # a date stays on one line; a filer's name wraps within a readable width
    assert classes[0][1] == "short" and classes[0][0] == "text"


def test_a_column_of_sentences_is_given_room() -> None:
    t = pd.DataFrame({"Period": ["FY2019"], "Notes": ["average loans need total loans at both "
                                                     "dates: no total loans at 2018-12-31 " * 2]})
    assert _cells(html_table.render(t))[2] == [["short", "long"]]


def test_a_missing_text_cell_is_blank_not_none() -> None:
    t = pd.DataFrame({"Notes": [None, float("nan"), "derived"]})
    assert _cells(html_table.render(t))[1] == [[""], [""], ["derived"]]


def test_a_columns_help_is_its_headers_tooltip() -> None:
    t = pd.DataFrame({"Rank": ["1"], "Filer": ["X"]})
    markup = html_table.render(t, tooltips={"Rank": 'a "1" is best'})
    ths = lxml_html.fromstring(markup).findall(".//th")
    assert [th.get("title") for th in ths] == ['a "1" is best', None]


def test_headers_and_odd_cells_are_text_too() -> None:
    t = pd.DataFrame({'<b>"Loans" & leases</b>': [["a", "b"]]})
    markup = html_table.render(t)
    assert "<b>" not in markup
    head, rows, _ = _cells(markup)
    assert head == ['<b>"Loans" & leases</b>'] and rows == [["['a', 'b']"]]


def test_only_short_tables_are_html() -> None:
    assert html_table.fits(pd.DataFrame({"a": range(html_table.MAX_ROWS)}))
    assert not html_table.fits(pd.DataFrame({"a": range(html_table.MAX_ROWS + 1)}))
