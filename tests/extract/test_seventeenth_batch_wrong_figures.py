"""Figures of the seventeenth batch's real pages (tests/real_pages) that were read wrong: one
book's lines read as the whole book's where the page splits its loans into books (originated /
acquired, covered / not covered by loss share) and prints no grand total of them."""

from __future__ import annotations

import pandas as pd

from tests.conftest import real_page as page
from tests.conftest import whole


def test_a_books_two_headings_over_the_first_rows_make_its_lines_the_books() -> None:
    # "Loans not covered by FDIC loss share agreements (note 2)" / "Real estate loans" over the
    # first rows, as "Loans covered by …" / "Real estate loans" heads the second book: the first
    # book's "Loans before unearned fees and cost" 1,134,961 / 1,120,354 and its allowance
    # 24,019 / 27,585 are that book's, never the whole's (only the net total of both is printed)
    f = page("CIK1102266_10Q_2012Q3_R14.txt")
    assert whole(f, metric="total_loans").empty
    assert whole(f, disclosure="allowance").empty
    book = f[f.segment == "Loans not covered by FDIC loss share agreements"]
    assert {(m, v / s) for m, v, s in zip(book.metric, book.value, book.scale, strict=True)} >= {
        ("total_loans", 1_134_961.0), ("total_loans", 1_120_354.0),
        ("allowance_end", 24_019.0), ("allowance_end", 27_585.0)}
    covered = f[f.segment == "Loans covered by FDIC loss share agreements"]
    assert {(m, v / s) for m, v, s in zip(covered.metric, covered.value, covered.scale, strict=True)} >= {
        ("allowance_end", 2_322.0), ("allowance_end", 359.0)}


FIRSTMERIT = "CIK354869_10Q_2013Q3_R32.txt"


def test_tables_of_one_header_each_under_a_books_name_are_books() -> None:
    # "Originated Loans", "Acquired Loans", "Covered Loans (b)" over the same aging columns, each
    # table with its own "Total", no grand total: the Originated "Total" 9,789,139 is that book's
    f = page(FIRSTMERIT)
    assert whole(f).empty
    book = f[f.segment == "Originated Loans"]
    assert {(m, v / s) for m, v, s in zip(book.metric, book.value, book.scale, strict=True)} >= {
        ("total_loans", 9_789_139.0), ("current", 9_712_992.0), ("past_due_total", 76_147.0)}


def test_a_memo_columns_first_words_among_the_bucket_ranges_do_not_shift_the_buckets() -> None:
    # "≥ 90 Days" (the top of "≥ 90 Days Past Due and Accruing") printed above "Days Past Due" /
    # "30-59 | 60-89 | ≥ 90": the buckets are the ascending run 30-59, 60-89, ≥ 90 (32,278 + 13,398
    # + 30,471 = 76,147), never 32,278 as 90+; the accruing 90+ loans are some of the 90+ bucket's
    # (12,452 <= 30,471), so the column beside them (35,588) is the nonaccrual one
    book = page(FIRSTMERIT)
    book = book[book.segment == "Originated Loans"]
    got = {(m, None if pd.isna(d) else int(d), v / s) for m, d, v, s in
           zip(book.metric, book.days_from, book.value, book.scale, strict=True)}
    assert got >= {("past_due", 30, 32_278.0), ("past_due", 60, 13_398.0), ("past_due", 90, 30_471.0),
                   ("past_due_90_accruing", None, 12_452.0), ("nonaccrual", None, 35_588.0)}
    assert ("past_due", 91, 32_278.0) not in got


def test_a_total_naming_other_loans_than_the_one_heading_over_every_row_is_thewhole() -> None:
    # "Residential real estate mortgages:" over every class (personal loans secured by securities
    # and "Other" among them), then "Total loans to banking clients": the bank's whole book
    # (39+6+46=91, +10,068=10,159; 24+4+52=80, +9,786=9,866), and the heading names no class
    f = page("CIK316709_10Q_2012Q3_R23.txt")
    loans = whole(f, metric="total_loans")
    assert sorted(loans.value / loans.scale) == [9_866.0, 10_159.0]
    assert sorted(whole(f, metric="past_due_total").value / whole(f, metric="past_due_total").scale) == [80.0, 91.0]
    assert not f.segment.fillna("").str.contains("Residential real estate mortgages").any()
    assert "Personal loans secured by securities" in set(f.segment)


def test_a_caption_naming_the_three_months_ending_dates_the_blocks() -> None:
    # "… for the three months ending September 30, 2011 and 2010." over "September 30, | 2011 |
    # 2010": 2,812+180-362+48=2,678 and 2,941+1,565-1,604+6=2,908 are quarters, never years
    f = page("CIK947440_10Q_2011Q3_R10.txt")
    rf = f[f.disclosure == "allowance"].dropna(subset=["period_start"])
    assert {(str(s), str(e)) for s, e in zip(rf.period_start, rf.period_end, strict=True)} == {
        ("2011-07-01", "2011-09-30"), ("2010-07-01", "2010-09-30")}


def test_an_other_class_under_a_charge_off_heading_is_a_part_of_it_not_a_movement() -> None:
    # "Other real estate" 42 under "Amounts charged off:" is one class's charge-off, within
    # "Total loans charged off" 1,604: no "other" movement of the allowance
    f = page("CIK947440_10Q_2011Q3_R10.txt")
    assert f[f.metric == "allowance_other"].empty
    assert sorted(f[f.metric == "write_off"].value / f[f.metric == "write_off"].scale) == [362.0, 1_604.0]
