"""A class heading ends at its group's own total: the lines printed after "Total retail" (or
"Total other loans") are the whole book's, not the last class's; an unlabelled total run into
a subtotal's line is the total loans; a balance in a table without movements is at an instant.
Real pages of tests/real_pages.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extract.group_totals import totals_heading
from tests.conftest import real_page, whole_values


def _start(f: pd.DataFrame, metric: str, end: str) -> list[object]:
    rows = f[(f.metric == metric) & (f.period_end.astype(str).str[:10] == end) & (f.segment == "")]
    return list(rows.period_start)


def test_a_total_names_its_heading():
    assert totals_heading("Total retail", "Retail")
    assert totals_heading("Total other loans", "Other loans(3)")
    assert totals_heading("Total commercial loans", "Commercial:")
    assert totals_heading("Total medium-term consumer loans", "Medium-term consumer loans")
    assert not totals_heading("Total past due", "Commercial")
    assert not totals_heading("Total loans", "Commercial")
    assert not totals_heading("Retail", "Retail")


def test_lines_after_the_last_groups_total_are_the_whole_books():
    # CIK1393612 (Discover) 10-Q 2020 Q2 R31: "Other loans(3)" heads private student, personal
    # and other loans, closed by "Total other loans" (9,730+7,316+1,680=18,726); the total loan
    # receivables and the allowance after it were filed under "Other loans(3)"
    f = real_page("CIK1393612_10Q_2020Q2_R31.txt")
    assert whole_values(f, "total_loans", "2020-06-30") == [88_927_000_000]
    assert whole_values(f, "allowance_end", "2020-06-30") == [8_184_000_000]
    assert whole_values(f, "allowance_end", "2019-12-31") == [3_383_000_000]
    assert "Other loans(3)" not in set(f[f.metric == "allowance_end"].segment)


def test_an_unlabelled_total_run_into_the_last_subtotal_is_the_total_loans():
    # CIK793952 (Harley-Davidson) 10-K 2014 R12: "Total retail" printed with ten figures, its
    # own five and the unlabelled total's (952,321+5,607,924=6,560,245); the allowance under it
    # was filed as "Retail"'s
    f = real_page("CIK793952_10K_FY2014_R12.txt")
    assert whole_values(f, "total_loans", "2014-12-31") == [6_560_245_000]
    assert whole_values(f, "total_loans", "2010-12-31") == [6_191_158_000]
    assert whole_values(f, "allowance_end", "2014-12-31") == [127_364_000]
    assert whole_values(f, "allowance_end", "2010-12-31") == [173_589_000]
    assert "Retail" not in set(f[f.metric == "allowance_end"].segment)


def test_a_composition_tables_allowance_is_the_books_and_at_an_instant():
    # CIK1766682 10-Q 2020 Q3 R22: after "Total medium-term consumer loans" the allowance
    # (58,926-11,000=47,926) is the book's; "9 Months Ended" over the page gave the balances a
    # start (2019-04-01 for 31 December 2019)
    f = real_page("CIK1766682_10Q_2020Q3_R22.txt")
    assert whole_values(f, "allowance_end", "2020-09-30") == [11_000]
    assert whole_values(f, "allowance_end", "2019-12-31") == [13_828]
    assert all(pd.isna(s) for s in _start(f, "allowance_end", "2019-12-31"))


def test_a_net_that_says_it_is_net_of_the_allowance_proves_the_total_loans():
    # CIK1488813 10-Q 2016 Q2 R28: "Loans receivable, net of allowance for loan losses" is the
    # total loans receivable plus deferred costs less the allowance (6,114,274+302-38,097=6,076,479)
    f = real_page("CIK1488813_10Q_2016Q2_R28.txt")
    assert whole_values(f, "total_loans", "2016-06-30") == [6_114_274_000]
    assert whole_values(f, "total_loans", "2015-12-31") == [5_453_145_000]
    assert whole_values(f, "allowance_end", "2016-06-30") == [38_097_000]
