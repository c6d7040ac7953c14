"""Allowance tables that also print the loans behind the allowance ("Allowance and Recorded
Investment in Loans"): the lines under a heading naming the loans ("Loans:", "Loans & Leases:")
are the loans' balance, never allowance facts; the components of one movement line
("Provision for current period", "Loan sale reduction to provision" over "Total provisions")
are no sub-population. Over every real page (real_banks, real_lenders, tests/real_pages), and
the real figures of the pages that print such groups."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.classify import label_role, role_metric
from dashboard.extract.pipeline import extract_bytes, extract_paths
from dashboard.model import table_words, vocab
from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

OWN = REAL_PAGES
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FOLDERS = [OWN, SHARED / "real_banks" / "text_extracts", SHARED / "real_lenders" / "text_extracts"]

# a header over three lines and group headings ("Real Estate Loans" over "Lot" / "Loans"), read
# a fragment a column: the allowance of the class "Lot Loans", named by its last fragment
# CIK714395 R14 (pending): its class names wrap word by word ("Agricultural" over "Loans"), read
# shifted a column, the Agricultural allowance named "Loans"
BROKEN_COLUMN_NAMES = {("CIK1500837_10K_FY2012_R29.txt", "Loans"), ("CIK714395_10Q_2019Q2_R14.txt", "Loans")}


@cache
def _allowance_facts() -> pd.DataFrame:
    facts = extract_paths([f for f in FOLDERS if f.exists()]).facts
    facts = facts[facts.disclosure == "allowance"].copy()
    facts["segment"] = facts.segment.fillna("")
    return facts




@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the real corpus) is not beside this checkout")
def test_no_allowance_fact_is_filed_under_a_loan_balance_group() -> None:
    facts = _allowance_facts()
    heads = facts.segment.map(lambda s: re.split(r" – | \| ", s)[0])
    named = facts[heads.map(lambda h: bool(h) and bool(table_words.LOAN_BALANCE_HEADING.match(h)))]
    found = {(s, h) for s, h in zip(named.source, heads[named.index], strict=True)}
    assert found <= BROKEN_COLUMN_NAMES


@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the real corpus) is not beside this checkout")
def test_no_movement_line_is_a_segment_of_its_own_total() -> None:
    facts = _allowance_facts()
    flows = facts[facts.metric.isin(vocab.FLOW_METRICS | vocab.OUTFLOW_METRICS) & (facts.segment == facts.label)]
    own = flows[[role_metric(label_role(lb, "allowance") or "", "allowance") == m
                 for lb, m in zip(flows.label, flows.metric, strict=True)]]
    assert own.empty, own[["source", "metric", "label"]].to_string()


def test_loans_collectively_evaluated_are_no_allowance() -> None:
    f = page("CIK1032033_10Q_2024Q3_R48.txt")
    ends = pick(f, metric="allowance_end", period_end="2024-09-30")
    assert 21_777_466e3 not in ends.value.tolist()
    # the same line under "Accrued interest to be capitalized", a sibling of "Allowance": the
    # interest's balance
    assert 1_390_774e3 not in ends.value.tolist()
    assert sorted(ends[ends.segment.fillna("") == ""].value.tolist()) == [1_413_621e3, 1_413_621e3]
    # the allowance's own breakdown stays, under its heading and named by its line (a part of
    # the closing balance, never the balance)
    assert pick(f, metric="allowance_end", period_end="2024-09-30",
                segment="Allowance | Ending balance: collectively evaluated for impairment").value.tolist() \
        == [1_413_621e3, 1_413_621e3]
    # the provision of the nine months is the total, its two components no segments
    provisions = pick(f, metric="provision", period_end="2024-09-30", period_start="2024-01-01")
    assert provisions[provisions.segment.fillna("") == ""].value.tolist() == [44_589e3]
    assert not provisions.segment.fillna("").str.contains("Provision for current period|Loan sale").any()
    # the provision's reconciling lines printed after the closing balances ("Other impacts to
    # the provisions …", "Provisions … reported in consolidated statements of operations"), which
    # the rendering hangs under "Accrued interest to be capitalized": no class's provision
    assert not pick(f, segment="Accrued interest to be capitalized").size
    assert 271_465e3 not in pick(f, metric="provision").value.tolist()
    whole_provisions = pick(f, metric="provision")
    assert 4_368e3 not in whole_provisions[whole_provisions.segment.fillna("") == ""].value.tolist()
    # "FFELP Loans" over a rollforward of its own names a class: its allowance stays
    assert pick(f, metric="allowance_begin", period_end="2024-09-30", period_start="2024-07-01",
                segment="FFELP Loans").value.tolist() == [4_060e3]


def test_loans_and_leases_heading_over_ending_balances() -> None:
    f = page("CIK1085913_10K_FY2013_R13.txt")
    ends = pick(f, metric="allowance_end", period_end="2013-12-31")
    assert not {407_514e3, 1_388_236e3} & set(ends.value.tolist())
    assert whole(f, "allowance_end", "2013-12-31") == [34_274e3]
    # the class's closing balance; its lines by impairment method are parts of it, named so
    assert pick(f, metric="allowance_end", period_end="2013-12-31",
                segment="Commercial Real Estate").value.tolist() == [5_178e3]
    assert pick(f, metric="allowance_end", period_end="2013-12-31",
                segment="Commercial Real Estate | Ending Balance Collectively Evaluated for Impairment"
                ).value.tolist() == [5_178e3]


def test_loans_heading_under_allowance_by_impairment_method() -> None:
    f = page("CIK357173_10K_FY2015_R12.txt")  # the page states no scale: figures as printed
    ends = pick(f, metric="allowance_end", period_end="2015-12-31")
    assert not {1_133_715, 1_112_829, 20_886, 605_721} & set(ends.value.tolist())
    assert whole(f, "allowance_end", "2015-12-31") == [16_223]
    f = page("CIK715072_10K_FY2023_R13.txt")
    ends = pick(f, metric="allowance_end", period_end="2023-12-31")
    assert 12_351_230e3 not in ends.value.tolist()
    assert whole(f, "allowance_end", "2023-12-31") == [198_578e3]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the real corpus) is not beside this checkout")
def test_column_names_over_two_lines_with_an_open_top_line() -> None:
    # "Short-term | Line of Credit | Installment Loans and" over "Loans | Accounts | RPAs | Total":
    # the names do not repeat, but "… and" cannot end one: the lines pair column by column
    name = "CIK1529864_10K_FY2019_R32.txt"
    path = SHARED / "real_lenders" / "text_extracts" / name
    f = extract_bytes([(name, path.read_bytes())]).facts
    ends = pick(f, metric="allowance_end", period_end="2019-12-31")
    assert dict(zip(ends.segment.fillna(""), ends.value, strict=True)) == {
        "Short-term Loans": 8_879e3, "Line of Credit Accounts": 91_002e3,
        "Installment Loans and RPAs": 77_058e3, "": 176_939e3}


def test_loans_group_of_an_impairment_method_table_is_loans_and_its_total_total_loans() -> None:
    # "Loans": Individually 4,707 + Collectively 966,940 + Acquired impaired loans 33,878 =
    # Total 1,005,525 (= 177,481 + 503,154 + 318,883 + 6,007 + 0 across the classes)
    f = page("CIK741516_10K_FY2015_R38.txt")
    assert whole(f, "total_loans", "2015-12-31") == [1_005_525e3]
    assert pick(f, metric="total_loans", period_end="2015-12-31", segment="Commercial").value.tolist() == [177_481e3]
    # "Acquired impaired loans" is no movement, neither under "Loans" (loans) nor under the
    # allowance's own split (35 + 12,159 + 407 = 12,601: a part of the closing balance)
    assert pick(f, metric="allowance_other").empty
    assert whole(f, "allowance_end", "2015-12-31") == [12_601e3]


def test_closing_balance_by_impairment_method_is_a_part_in_every_column() -> None:
    # "Ending balance: related to loans individually / collectively evaluated" beside "Ending
    # balance" in each class column (760 + 2,223 = 2,983): never a second closing balance
    f = page("CIK1609065_10K_FY2015_R41.txt")
    ends = pick(f, metric="allowance_end", period_end="2015-12-31")
    by_column = ends.groupby(ends.segment.fillna("")).value.apply(list).to_dict()
    assert by_column["column 3"] == [2_983e3]
    assert by_column["column 3 | Ending balance: related to loans individually evaluated for impairment"] == [760e3]
    assert by_column["column 3 | Ending balance: related to loans collectively evaluated for impairment"] == [2_223e3]
