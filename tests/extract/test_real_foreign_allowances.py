"""20-F allowance pages in yen and won (tests/real_pages): which table is the loans', which
currency a "¥" or "W" is, and which column of a grouped header is the loans' whole."""

from __future__ import annotations

from dashboard.extract.cell_facts import population_hint
from dashboard.extract.parsers.text_extract import split_page
from dashboard.extract.pipeline import extract_bytes
from dashboard.extract.reconcile import row_population
from tests.conftest import REAL_PAGES
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

YEN_PAGE = "CIK1094517_20F_FY2019_R19.txt"


def test_a_caption_broken_over_bare_lines_is_read_whole() -> None:
    # "The net changes in the allowance … relating to" / "trade accounts and notes receivable
    # for the years ended" / "March 31, … are as follows:", and the second table's sentence
    # cut before its last word ("… are as" / "follows:")
    blocks = split_page((REAL_PAGES / YEN_PAGE).read_text()).blocks
    assert blocks[0].caption.startswith("The net changes in the allowance for doubtful accounts relating to "
                                        "trade accounts and notes receivable")
    assert blocks[1].caption.startswith("The net changes in the allowance for credit losses relating to "
                                        "finance receivables")
    assert blocks[1].caption.endswith("are as follows:") and "follows:" not in blocks[1].header


def test_the_trade_receivables_allowance_is_not_the_loans() -> None:
    f = page(YEN_PAGE)
    for end, begin, provision, write_off, recovery, ending in (
            ("2017-03-31", 167_330, 92_147, 99_550, 21_757, 178_101),
            ("2018-03-31", 178_101, 76_143, 96_444, 25_344, 184_087)):
        assert whole(f, "allowance_begin", end) == [begin * 1e6]
        assert whole(f, "provision", end) == [provision * 1e6]
        assert whole(f, "write_off", end) == [write_off * 1e6]
        assert whole(f, "recovery", end) == [recovery * 1e6]
        assert whole(f, "allowance_end", end) == [ending * 1e6]
    trade = f[f.population == "trade receivables"]
    assert sorted(trade[trade.metric == "allowance_begin"].value) == [94_853e6, 98_590e6, 100_712e6]
    assert set(f.currency) == {"JPY"}


def test_a_caption_naming_the_loans_too_names_no_population_of_its_own() -> None:
    assert population_hint("The net changes in the allowance for doubtful accounts relating to trade "
                           "accounts and notes receivable are as follows:") == "trade receivables"
    assert population_hint("Activity in the allowance for credit losses, which includes the allowance for "
                           "loan and lease losses and unfunded commitments, is summarized as follows:") == ""


YEN_SENTENCE = """|Allowance for credit losses
|
The allowance for credit losses on finance receivables was ¥5,120 million as of March 31, 2019.
|
|Millions of
yen
|
"""


def test_a_yen_sign_in_a_sentence_of_a_yen_page_is_the_yen() -> None:
    f = extract_bytes([("R9.txt", YEN_SENTENCE.encode())]).facts
    assert f.value.tolist() == [5_120e6] and set(f.currency) == {"JPY"}
    # with no word of the yen on the page, "¥" stays the renminbi as before
    f = extract_bytes([("R9.txt", YEN_SENTENCE.replace("Millions of\nyen", "").encode())]).facts
    assert set(f.currency) == {"CNY"}


def test_a_portion_of_the_allowance_is_no_allowance() -> None:
    f = page(YEN_PAGE)
    assert f[f.label.str.startswith("A portion of")].empty  # "¥72,665 million": a part of it


def test_a_footnote_digit_after_a_full_row_is_no_figure() -> None:
    # "Ending | ￦ 429,299 | … | ￦ 2,110,231" then "| 1" and the footnote of "Provision1": the
    # row keeps its four columns, so the ending balance is read and the block adds up
    f = page("CIK1445930_20F_FY2018_R16.txt")
    end = "2017-12-31"
    assert whole(f, "allowance_begin", end) == [2_277_756e6]
    assert whole(f, "provision", end) == [584_154e6]
    assert whole(f, "write_off", end) == [1_137_163e6]
    assert whole(f, "recovery", end) == [558_595e6]
    assert whole(f, "allowance_end", end) == [2_110_231e6]
    assert set(f.currency) == {"KRW"}
    assert set(f[f.metric == "allowance_end"].verified_by) == {"rollforward"}


def test_a_header_that_swallowed_a_rows_label_names_no_column() -> None:
    # CIK1263043 R17: "Beginning balance" / "W |266,764" — the row's label is read into the
    # header, so the names ("Total" over the first figures) would shift by one column and the
    # Household column (provision 135,416) would pass for the whole (1,102,781): no column is
    # named or taken for the whole; the loans table's allowance at each date still is
    f = page("CIK1263043_20F_FY2017_R17.txt")
    for metric in ("provision", "write_off", "recovery"):
        assert whole(f, metric, "2016-12-31") == []
    assert not f.segment.isin(["Beginning balance", "Household", "Subtotal"]).any()
    assert whole(f, "allowance_end", "2016-12-31") == [2_360_795]
    assert whole(f, "allowance_end", "2017-12-31") == [2_310_604]


def test_a_footnote_marker_wrapped_under_its_label_is_no_figure() -> None:
    # Scotiabank's 6-K R31: "Allowance for credit losses on acceptances" / "(1)" / "| 37": the
    # "(1)" (a line with no pipe, going on with the label's cell) is the footnote marker; read
    # as a figure it made an allowance of 1 at 1 November 2021 and moved the 37 to January 2022
    f = page("CIK9631_6K_2022Q1_R31.txt")
    assert not f.value.isin([1.0, 2.0]).any()
    assert f[f.label.str.contains("acceptances|off-balance", case=False)].empty
    # the same "(1)" in CIK804269 R11's rendering (no pipes) is a figure: "Foreign currency
    # translation" / "(1)" / the next label: minus one, in the rollforward that adds up
    g = page("CIK804269_10Q_2025Q1_R11.txt")
    assert -1.0 in set(g[g.metric == "allowance_other"].value)


def test_an_allowance_on_acceptances_is_its_own_population() -> None:
    assert row_population("Allowance for credit losses on acceptances (1)") == "acceptances"
    assert row_population("Allowance for credit losses on loans and acceptances") == ""
    assert row_population("Provision for credit losses on loans, acceptances and commitments") == ""
    assert row_population("Loans  and acceptances") == ""
    assert row_population("Acceptances") == "acceptances"
    assert row_population("Allowance for credit losses on loans") == ""
