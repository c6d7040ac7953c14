"""The twelfth batch's real pages (tests/real_pages): whole-portfolio figures the engine missed
though the table's structure and arithmetic prove them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_paths

PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"


@cache
def _facts(path: Path) -> pd.DataFrame:
    return extract_paths([path]).facts


def whole(path: Path, metric: str, currency: str | None = None) -> dict[str, float]:
    f = _facts(path)
    f = f[(f.metric == metric) & (f.segment == "") & (f.population == "")]
    if currency:
        f = f[f.currency == currency]
    return {str(d): v for d, v in zip(f.period_end, f.value, strict=True)}


def test_a_details_page_s_member_less_gross_line_and_its_not_past_due_member():
    # "Loans receivable, gross" before any member is the whole book; under "Not Past-Due" (hyphen)
    # the current loans: 5,065,807,660 + 46,638,396 + 24,106,750 = 5,136,552,806
    page = PAGES / "CIK1725033_20F_FY2023_R54.txt"
    assert whole(page, "total_loans", "CNY") == {"2023-12-31": 5_136_552_806, "2022-12-31": 3_916_872_379}
    assert whole(page, "total_loans", "USD") == {"2023-12-31": 723_468_332}
    assert whole(page, "current", "CNY") == {"2023-12-31": 5_065_807_660, "2022-12-31": 3_880_183_300}
    assert whole(page, "current", "USD") == {"2023-12-31": 713_504_087}
    segments = set(_facts(page).segment)
    assert {"Xiaoying Credit Loan", "Other loans"} <= segments


def test_gross_and_net_lines_of_two_dates_beside_an_allowance_of_four():
    # the allowance is printed at four dates, the lines around it at two: 27,556,192 - 566,398
    # = 26,989,794 proves "net of unearned finance income" the book the allowance is netted from
    page = PAGES / "CIK1499781_20F_FY2019_R100.txt"
    assert whole(page, "total_loans") == {"2019-12-31": 27_556_192_000, "2018-12-31": 37_227_889_000}
    assert whole(page, "net_loans") == {"2019-12-31": 26_989_794_000, "2018-12-31": 36_877_073_000}
    assert "Finance receivables, gross" not in set(_facts(page).label)


def test_a_vintage_grid_of_one_date_whose_total_row_foots_the_classes():
    # caption "Gross loans outstanding as of September 30, 2025 … (in thousands):", columns
    # 2025 … 2021 | Prior | Total, "Loan Class" the stub's heading (no population)
    page = PAGES / "CIK38723_10Q_2025Q3_R22.txt"
    assert whole(page, "total_loans") == {"2025-09-30": 1_361_447_000}
    vintages = _facts(page)
    assert set(vintages.segment) == {"", "2025", "2024", "2023", "2022", "2021", "Prior"}


def test_two_unlabelled_totals_in_one_table_each_the_sum_of_its_group():
    # loans (8,252 + 80,452 + 579 = 89,283; current 8,252 + 78,180 + 537 = 86,969) and then the
    # notes receivable under their heading (10,778 + 2,043 = 12,821): each total run into its
    # last line; the notes' total is their group's, never the whole book's
    page = PAGES / "CIK1472787_10Q_2013Q2_R11.txt"
    assert whole(page, "total_loans") == {"2013-06-30": 89_283_000, "2012-12-31": 111_992_000}
    assert whole(page, "current") == {"2013-06-30": 86_969_000}
    assert whole(page, "nonaccrual") == {"2013-06-30": 2_154_000}
    assert whole(page, "allowance_end") == {"2013-06-30": 3_850_000, "2012-12-31": 3_893_000}
    notes = _facts(page)
    assert set(notes[notes.value == 12_821_000].segment) == {"Notes Receivable – Total Notes Receivable"}


def test_standby_letters_of_credit_in_a_fixed_and_variable_rate_grid():
    # "2020 | 2019" over "Fixed Rate | Variable Rate" twice; the letters print only their variable
    # cells (22,250 and 14,215), placed by the Total row: 292,290 + 844,106 + 22,250 = 1,158,646
    # while 409,813 + 74,364 = 484,177 leaves the fixed cell blank; the loan commitments are no
    # guarantees
    page = PAGES / "CIK946647_10K_FY2020_R14.txt"
    assert whole(page, "max_exposure") == {"2020-12-31": 22_250_000, "2019-12-31": 14_215_000}
    assert set(_facts(page).metric) == {"max_exposure"}


def test_two_unlabelled_subtotals_of_unnamed_groups_are_no_whole():
    # each class's receivables less its provision (27,870 - 20,318 = 7,552; 14,428 - 6,932 =
    # 7,496) is run into its provision line, under no heading: neither is the whole book, whose
    # net is printed below (7,552 + 7,496 = 15,048)
    page = PAGES / "CIK1729173_10K_FY2021_R18.txt"
    assert whole(page, "net_loans", "CNY") == {"2020-03-31": 15_048, "2021-03-31": 0}
    nets = _facts(page)[_facts(page).metric == "net_loans"]
    assert set(nets.label) == {"Financial lease receivables, net"}
