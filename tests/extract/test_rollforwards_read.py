"""Allowance rollforwards of real pages (tests/real_pages) that were not read: each test reads the
page and asserts its whole-portfolio figures exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_bytes
from dashboard.model import vocab
from tests.conftest import pick

PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"


def page(name: str) -> pd.DataFrame:
    return extract_bytes([(name, (PAGES / name).read_bytes())]).facts


def whole(facts: pd.DataFrame, metric: str, start: str, end: str) -> list[float]:
    rows = pick(facts, metric=metric, period_start=start, period_end=end)
    rows = rows[(rows.segment.fillna("") == "") & (rows.population.fillna("") == "")]
    return sorted(rows.value.tolist())


def test_dash_joining_two_words_is_a_hyphen() -> None:
    assert vocab.clean_label("PCD loan charge\u2013offs") == "PCD loan charge-offs"
    assert vocab.clean_label("Charge\u2014offs") == "Charge-offs"
    assert vocab.clean_label("Consumer \u2013 Auto") == "Consumer \u2013 Auto"  # a separator stays


def test_charge_offs_spelt_with_an_en_dash() -> None:
    # "PCD loan charge–offs" and "Charge–offs": the write-offs are the two lines together
    f = page("CIK706129_10Q_2021Q2_R30.txt")
    for (start, end), (begin, prov, wo, rec, close) in {
            ("2021-04-01", "2021-06-30"): (57_186, -1_492, 310, 265, 55_649),
            ("2020-04-01", "2020-06-30"): (48_440, 7_057, 575, 168, 55_090),
            ("2021-01-01", "2021-06-30"): (57_027, -1_125, 741, 488, 55_649),
            ("2020-01-01", "2020-06-30"): (17_667, 15_657, 1_288, 477, 55_090)}.items():
        got = [whole(f, m, start, end) for m in
               ("allowance_begin", "provision", "write_off", "recovery", "allowance_end")]
        assert got == [[v * 1.0] for v in (begin, prov, wo, rec, close)]


def test_transposed_rollforward_with_subtotals_under_two_periods() -> None:
    # the movements are the columns, the classes the rows, with "Total commercial business" and
    # "Total real estate construction …" subtotals above the "Total" row; a class heading
    # ("Real estate construction and land development:") does not end the quarter's block
    f = page("CIK1046025_10Q_2018Q3_R14.txt")
    for (start, end), figures in {
            ("2018-07-01", "2018-09-30"): (33_972, 845, 283, 1_065, 34_475),
            ("2018-01-01", "2018-09-30"): (32_086, 2_662, 1_084, 3_967, 34_475)}.items():
        got = [whole(f, m, start, end) for m in
               ("allowance_begin", "write_off", "recovery", "provision", "allowance_end")]
        assert got == [[v * 1e3] for v in figures]
    sub = pick(f, metric="allowance_end", period_start="2018-07-01")
    assert dict(zip(sub.segment, sub.value, strict=True))[
        "Real estate construction and land development \u2013 One-to-four family residential"] == 1_175e3


def test_bare_fiscal_years_take_the_captions_year_end() -> None:
    # "2013" and "2014" head the blocks; the caption names "the fiscal years ended March 31,
    # 2013, 2014 and 2015": each block is the year to March 31 of its year, never December
    f = page("CIK1335730_20F_FY2015_R45.txt")
    for (start, end), figures in {
            ("2012-04-01", "2013-03-31"): (682_692, 139_947, 94_597, 31_700, 772_957),
            ("2013-04-01", "2014-03-31"): (772_957, -126_230, 65_148, 26_535, 626_177)}.items():
        got = [whole(f, m, start, end) for m in
               ("allowance_begin", "provision", "write_off", "recovery", "allowance_end")]
        assert got == [[v * 1e6] for v in figures]
    assert set(pick(f, disclosure="allowance").period_end.astype(str)) == {"2013-03-31", "2014-03-31"}


def test_provision_heading_and_charge_offs_of_three_loan_books() -> None:
    # "Provision for loan and lease losses:" heads the provision's parts and "Total provision",
    # no class of loans; "Net non-purchased loans … charged off" is a net line, and the
    # write-offs are the three "… charged off" lines together
    f = page("CIK1038205_10Q_2014Q3_R14.txt")
    for (start, end), figures in {
            ("2014-07-01", "2014-09-30"): (46_958, 3_687, 1_224, 185, 49_606),
            ("2013-07-01", "2013-09-30"): (39_372, 3_818, 1_672, 142, 41_660),
            ("2014-01-01", "2014-09-30"): (42_945, 10_574, 5_080, 1_167, 49_606),
            ("2013-01-01", "2013-09-30"): (38_738, 9_212, 7_215, 925, 41_660)}.items():
        got = [whole(f, m, start, end) for m in
               ("allowance_begin", "provision", "write_off", "recovery", "allowance_end")]
        assert got == [[v * 1e3] for v in figures]
    # the total's net charge-offs (write-offs less recoveries), not the non-purchased book's
    assert whole(f, "net_write_off", "2014-07-01", "2014-09-30") == [1_039e3]
