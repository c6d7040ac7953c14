"""Figures a table prints in a loan table's words that are not the loans' whole portfolio.

- CIK1253986 R31: the allowance for credit losses on held-to-maturity securities (APL
  certificates, B piece bonds) rolled forward in a loan allowance's lines: its caption names
  the securities and no loans, so the table is left out (`securities_allowance`).
- CIK1102112 R11 (PacWest): "Total gross loans" less "Deferred fees, net" is the book the
  allowance is netted from; those two lines are its build-up, no classes
  (`net_of_allowance._classes_of`).
- CIK311094 R22: class names stacked over three lines; the last six fragments are no names
  when the lines above them print a name again, so the columns are numbered, never misnamed
  (`joined_header.reads_as_names`).
"""

from __future__ import annotations

from dashboard.extract.joined_header import reads_as_names
from dashboard.extract.segment_names import class_names
from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

SECURITIES = "CIK1253986_10Q_2023Q3_R31.txt"


def test_an_allowance_on_held_to_maturity_securities_is_no_loan_allowance() -> None:
    f = page(SECURITIES)
    assert pick(f, disclosure="allowance").empty
    assert f.empty or pick(f, metric="total_loans").empty


def test_the_same_rollforward_announced_as_the_loans_keeps_its_figures() -> None:
    # the same page with its captions naming loans: the lines and figures are read as before
    text = (REAL_PAGES / SECURITIES).read_text()
    text = text.replace("Securities Held-To-Maturity", "Loans Held for Investment") \
        .replace("our securities held-to-maturity", "our loans held for investment") \
        .replace("Debt Securities, Held-to-Maturity, Amortized Cost, after Allowance for Credit Loss, Maturity",
                 "Loans")
    f = page(SECURITIES, text)
    assert whole(f, "allowance_begin", "2023-09-30", period_start=None) == []
    for start, begin, provision in (("2023-07-01", 4_534e3, 1_409e3), ("2023-01-01", 3_153e3, 2_790e3)):
        assert whole(f, "allowance_begin", "2023-09-30", period_start=start) == [begin]
        assert whole(f, "provision", "2023-09-30", period_start=start) == [provision]
        assert whole(f, "allowance_end", "2023-09-30", period_start=start) == [5_943e3]


def test_a_real_loan_rollforward_with_beginning_balance_and_provision_lines_is_read() -> None:
    f = page("CIK1032033_10Q_2024Q3_R48.txt")
    assert whole(f, "allowance_begin", "2024-09-30", period_start="2024-07-01") == [1_269_652e3]
    assert whole(f, "allowance_end", "2024-09-30", period_start="2024-07-01") == [1_413_621e3]


def test_deferred_fees_and_the_gross_total_above_the_book_are_no_classes() -> None:
    f = page("CIK1102112_10Q_2021Q2_R11.txt")
    for end, net_of_fees, allowance in (("2021-06-30", 19_506_257e3, 225_600e3),
                                        ("2020-12-31", 19_083_377e3, 348_181e3)):
        assert whole(f, "total_loans", end) == [net_of_fees]
        assert whole(f, "allowance_end", end) == [allowance]
    segs = set(pick(f, metric="total_loans").segment.dropna())
    assert not {s for s in segs if "deferred" in s.lower() or s.lower().startswith("total")}


STACKED = ["Consumer", "Commercial", "Residential", "Installment", "Commercial", "Real Estate", "Construction",
           "Real Estate and Other", "Total"]


def test_names_printed_again_above_the_last_fragments_are_stacked_lines() -> None:
    assert not reads_as_names(STACKED, 6)
    assert class_names(STACKED, 6) is None
    # a heading above the names is no stacked line
    assert reads_as_names(["Allowance for Credit Losses", "Commercial", "Consumer", "Total"], 3)


def test_a_three_line_stacked_header_numbers_its_columns() -> None:
    f = page("CIK311094_10Q_2021Q3_R22.txt")
    begin = pick(f, metric="allowance_begin", period_start="2021-07-01")
    by_seg = dict(zip(begin.segment.fillna(""), begin.value, strict=True))
    # the first column is Commercial's (6,858), never "Installment"
    assert by_seg == {"column 1": 6_858e3, "column 2": 6_752e3, "column 3": 5e3, "column 4": 57e3,
                      "column 5": 10_065e3, "": 23_737e3}
