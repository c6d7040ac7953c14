"""The thirteenth batch's real pages (tests/real_pages): whole-portfolio figures the engine missed
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


def whole(path: Path, metric: str, label: str | None = None) -> dict[tuple[str, str], float]:
    """{(period start, period end): value} of the facts of no segment (any population) whose
    label starts with `label`."""
    f = _facts(path)
    f = f[(f.metric == metric) & (f.segment == "")]
    if label:
        f = f[f.label.str.startswith(label)]
    return {(str(s) if pd.notna(s) else "", str(e)): v
            for s, e, v in zip(f.period_start, f.period_end, f.value, strict=True)}


def test_a_year_heading_under_a_caption_naming_the_day_and_a_provision_with_its_build_up():
    # "2015" over "Legacy Loans | Acquired Loans | Total", the caption "for the years ended
    # December 31": the year to 31 December 2015. "Net provision for loan losses" 30,908 is the
    # provision before adjustment 29,548 plus the FDIC loss-share adjustment 1,360 (27,711 + 0 =
    # 27,711 in the legacy column): the provision; 130,131 + 30,908 - 1,360 - 1,221 - 26,515 +
    # 6,435 = 138,378
    page = PAGES / "CIK933141_10K_FY2015_R37.txt"
    year = ("2015-01-01", "2015-12-31")
    assert whole(page, "provision", "Net provision") == {year: 30_908_000, ("2014-01-01", "2014-12-31"): 19_060_000}
    assert all(v != 29_548_000 for v in whole(page, "provision").values())
    assert whole(page, "allowance_begin", "Allowance for loan losses")[year] == 130_131_000
    assert whole(page, "allowance_end", "Allowance for loan losses")[year] == 138_378_000
    assert whole(page, "write_off")[year] == 26_515_000
    assert whole(page, "recovery")[year] == 6_435_000
    # the 2014 block cut after its transfer line: its opening balance and provision
    assert whole(page, "allowance_begin", "Allowance for loan losses")[("2014-01-01", "2014-12-31")] == 143_074_000


def test_loans_gross_of_unearned_income_adjusted_to_the_carrying_amount():
    # eight classes add up to "Loans, gross of unearned income" 12,744,009; less unearned income
    # 10,217: "Loans, net of unearned income" 12,733,792, the book's total loans
    page = PAGES / "CIK700564_10Q_2014Q1_R28.txt"
    assert whole(page, "total_loans") == {("", "2014-03-31"): 12_733_792_000, ("", "2013-12-31"): 12_782_220_000}


def test_a_deduction_between_the_proven_gross_and_net_is_not_the_loans():
    # "Total loans" 286,562,702 + "Deferred loan cost, net" 682,955 - allowance 7,238,664 = the
    # unlabelled net 280,006,993: the line next to the allowance is a deduction, not the loans
    page = PAGES / "CIK1290476_10K_FY2013_R29.txt"
    assert whole(page, "total_loans") == {("", "2013-12-31"): 286_562_702, ("", "2012-12-31"): 354_910_266}
    assert whole(page, "allowance_end") == {("", "2013-12-31"): 7_238_664, ("", "2012-12-31"): 10_807_827}


def test_an_add_less_heading_names_no_class():
    # "Add (less):" over deferred loan costs, loans in process and the allowance (printed
    # negative): 1,143,712,023 + 4,627,335 - 1,775,039 - 15,926,459 = 1,130,637,860. The heading
    # heads the lines taken off the loans, no class: the allowance is the whole book's
    page = PAGES / "CIK1062438_10Q_2014Q4_R27.txt"
    assert whole(page, "allowance_end", "Allowance for loan losses") == {
        ("", "2014-12-31"): 15_926_459, ("", "2014-09-30"): 15_978_421}
    # the sum before the loans in process are taken off is no total of the loans
    assert whole(page, "total_loans") == {}


def test_an_unlabelled_total_with_deductions_and_their_subtotal():
    # five classes run into their unlabelled sum 443,988,630; "Deduct (add):" the allowance
    # 4,885,791 and deferred costs (288,898), their subtotal 4,596,893 (run into the costs' row);
    # net loans 439,391,737 = 443,988,630 - 4,596,893: the sum is the book's total loans
    page = PAGES / "CIK718413_10Q_2014Q3_R20.txt"
    assert whole(page, "total_loans") == {("", "2014-09-30"): 443_988_630, ("", "2013-12-31"): 439_908_926,
                                          ("", "2013-09-30"): 431_981_787}
    assert whole(page, "allowance_end") == {("", "2014-09-30"): 4_885_791, ("", "2013-12-31"): 4_854_915,
                                            ("", "2013-09-30"): 4_799_431}
    assert whole(page, "net_loans") == {("", "2014-09-30"): 439_391_737, ("", "2013-12-31"): 435_354_440,
                                        ("", "2013-09-30"): 427_464_103}
