"""Guarantee pages of the nineteenth batch (tests/real_pages) the engine missed or misread: the
maximum potential future payments of standby letters of credit, guarantee Details pages and a
schedule of guaranteed loans, and traps that hold no whole-portfolio maximum."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import real_page as page

_PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"


def page_text(name: str) -> str:
    return (_PAGES / name).read_text(encoding="utf-8")


def _maxima(facts) -> dict[str, float]:
    rows = facts[(facts.metric == "max_exposure") & (facts.segment.fillna("") == "")
                 & (facts.population.fillna("") == "")]
    return {str(d)[:10]: v for d, v in zip(rows.period_end, rows.value, strict=True)}


def test_a_heading_over_every_column_is_no_column_of_its_own() -> None:
    # "March 31, 2015 | December 31, 2014" over "Notional Amount" over "Expire within one year |
    # Expire after one year | Total" twice: the standby letters of credit's total at each date
    # (16,367,028 + 537,861 = 16,904,889), never a column named "Notional Amount"
    f = page("CIK1326771_10Q_2015Q1_R46.txt")
    assert _maxima(f) == {"2015-03-31": 16_904_889_000.0, "2014-12-31": 17_779_591_000.0}


def test_a_member_printed_under_the_date_owns_the_rows_below_it() -> None:
    # "Jun. 30, 2012 | Third party claims [Member]" then its "Maximum Potential Liability 4":
    # that member's maximum, never the whole's (the page's total of maxima, 223, leaves out
    # the guarantees that state none, so no whole-book maximum is read from it)
    f = page("CIK72911_10Q_2012Q2_R53.txt")
    assert _maxima(f) == {}
    assert set(f[f.metric == "max_exposure"].segment) == {"Third party claims"}


def test_guarantee_obligations_are_the_maximum_the_definitions_panel_defines() -> None:
    # "Guarantee Obligations $ 259 $ 297" whose panel defines only ASC 460's "Maximum potential
    # amount of future payments (undiscounted) the guarantor could be required to make": the
    # filer's label for the maximum exposure (259 = 90 + 165 + 4, its members)
    f = page("CIK30554_10K_FY2018_R123.txt")
    assert _maxima(f)["2018-12-31"] == 259e6


def test_a_panel_that_also_defines_a_carrying_amount_decides_nothing() -> None:
    from dashboard.extract.parsers.text_prose import defines_guarantee_maximum

    panel = ("|Guarantee Obligations\n|$ 5\n|X\n- Definition\n+ References\nMaximum potential amount of future "
             "payments (undiscounted) the guarantor could be required to make under the guarantee.\n")
    assert defines_guarantee_maximum(panel)
    carrying = panel + ("|X\n- Definition\nThe current carrying amount of the liability for the freestanding or "
                        "embedded guarantor's obligations under the guarantee.\n")
    assert not defines_guarantee_maximum(carrying)
    assert not defines_guarantee_maximum("|Guarantee Obligations\n|$ 5\n")


def test_the_only_standby_member_of_a_commitments_details_page_is_the_whole_book() -> None:
    # "Standby letters of credit" over the line item every member shares, "Commitments and
    # letters of credit" 77,758 / 74,748; "Other letters of credit" beside them are the trade
    # letters, no guarantee, and the loan commitments are no guarantee either
    f = page("CIK1128361_10Q_2018Q2_R69.txt")
    assert _maxima(f) == {"2018-06-30": 77_758_000.0, "2017-12-31": 74_748_000.0}


def test_a_second_kind_of_guarantee_keeps_the_standby_member_a_part() -> None:
    text = page_text("CIK1128361_10Q_2018Q2_R69.txt").replace(
        "|Other letters of credit\n", "|Financial guarantees\n")
    f = page("CIK1128361_10Q_2018Q2_R69_variant.txt", text)
    assert _maxima(f) == {}


def test_a_schedule_of_guaranteed_loans_gives_its_total_of_the_maximum_column() -> None:
    # seven guaranteed term loans, "Estimated maximum exposure" = principal outstanding + interest
    # (1,637,000 + 320,674 = 1,957,674 ...), the unlabelled total run into the last loan's line
    # (22,093,454 = the column's sum), the date wrapped as "December" / "31, 2013" in the header
    f = page("CIK1338578_10K_FY2013_R43.txt")
    assert _maxima(f) == {"2013-12-31": 22_093_454.0}


def test_a_total_run_into_the_last_row_under_the_columns_that_add_up() -> None:
    from dashboard.extract.group_totals import split_short_total
    from dashboard.extract.table import Row
    from dashboard.model.numbers import parse_number

    def row(label: str, *cells: str) -> Row:
        return Row(label=label, values=[parse_number(c) for c in cells])

    rows = [row("a", "6.0%", "100", "10", "110"), row("b", "7.5%", "200", "20", "220"),
            row("c", "5.0%", "300", "30", "330", "600", "60", "660")]
    out = split_short_total(rows)
    assert [r.label for r in out] == ["a", "b", "c", "Total"]
    assert [v.value if v else None for v in out[-1].values] == [None, 600, 60, 660]
    wrong = [*rows[:2], row("c", "5.0%", "300", "30", "330", "600", "70", "660")]
    assert split_short_total(wrong) == wrong


def test_a_date_wrapped_over_two_header_lines() -> None:
    from datetime import date

    from dashboard.model.dates import date_over_two_lines

    assert date_over_two_lines(["Balance", "December", "at December", "31, 2013", "31, 2013"]) == date(2013, 12, 31)
    assert date_over_two_lines(["December", "June", "31, 2013", "30, 2013"]) is None
    assert date_over_two_lines(["December", "31, 2013", "31, 2013"]) is None


def test_a_companys_own_standby_letters_of_credit_member_is_no_guarantee() -> None:
    # the same Details page without a commitment to lend: standby letters of credit under a
    # company's credit facility back its own obligations, no maximum exposure is read
    text = page_text("CIK1128361_10Q_2018Q2_R69.txt").replace("|Commitments to extend credit\n", "|Revolving facility\n")
    f = page("CIK1128361_10Q_2018Q2_R69_own.txt", text)
    assert f[f.metric == "max_exposure"].empty
