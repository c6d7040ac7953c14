"""Meaning on real EDGAR pages (../shared/corpus/real_*): whole portfolio vs parts, populations,
units, the vocabulary real filers use, and how each figure's arithmetic verifies it.

Each test reads one real page, asserts the figures the page's MANIFEST records, and says what
mechanism it exercises; they skip cleanly where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.narrative import scale_from_prose_parts
from dashboard.extract.pipeline import extract_paths
from dashboard.extract.verify import mark_verified
from dashboard.model import units, vocab
from dashboard.model.schema import FACT_COLUMNS, VERIFICATIONS, Fact
from tests.conftest import CORPUS, need, one, pick

LENDERS = CORPUS / "real_lenders" / "text_extracts"
BANKS = CORPUS / "real_banks" / "text_extracts"


def page(folder: Path, name: str) -> pd.DataFrame:
    result = extract_paths([need(folder / name)])
    return result.facts


def whole(facts: pd.DataFrame) -> pd.DataFrame:
    return facts[(facts["segment"] == "") & (facts["population"] == "")]


def test_verified_by_is_a_contract_column_after_population():
    cols = list(FACT_COLUMNS)
    assert cols.index("verified_by") == cols.index("population") + 1
    assert cols.index("concept") == cols.index("verified_by") + 1


def test_charge_for_the_year_is_the_provision_and_the_reversal_of_impairment_a_movement():
    # Bitauto's 20-F: "Charge for the year" 871,231 is the provision; the "Reversal of
    # impairment" (8,567) beside it equals the recoveries and is an extra line, so the
    # rollforward ties only when it is `allowance_other`
    f = whole(page(LENDERS, "CIK1499781_20F_FY2019_R102.txt"))
    assert one(f, metric="provision", period_end="2019-12-31")["value"] == 871_231_000
    assert one(f, metric="allowance_begin", period_end="2019-12-31")["value"] == 350_816_000
    assert one(f, metric="allowance_end", period_end="2019-12-31")["value"] == 566_398_000
    assert one(f, metric="allowance_other", period_end="2019-12-31")["value"] == -8_567_000
    assert set(pick(f, period_end="2018-12-31")["verified_by"]) == {"rollforward"}


def test_a_usd_convenience_column_left_blank_on_balance_rows():
    # KE Holdings: four columns (2020 CNY, 2020 USD, 2019, 2018); balance rows print three
    # figures, the convenience column blank. Balances are printed negative (a contra-asset),
    # so a printed 26,650 "(Provisions)/Reversals" is a release
    f = page(LENDERS, "CIK1809587_20F_FY2020_R84.txt")
    cny = whole(f[f["currency"] == "CNY"])
    assert one(cny, metric="allowance_begin", period_end="2019-12-31")["value"] == 54_645_000
    assert one(cny, metric="allowance_end", period_end="2018-12-31")["value"] == 54_645_000
    assert one(cny, metric="provision", period_end="2020-12-31")["value"] == -26_650_000
    assert one(cny, metric="provision", period_end="2019-12-31")["value"] == 38_425_000
    assert one(cny, metric="allowance_end", period_end="2020-12-31")["value"] == 127_319_000
    assert pick(f, currency="USD", metric="allowance_begin").empty


def test_scale_proved_by_the_prose_parts_of_a_table_figure():
    # GM Financial: no "(in millions)" over the rollforward; the prose's collective $586 million
    # and specific $325 million allowances add up to the table's 911
    # (the balances table above it, "GM Financial receivables | Less: allowance | …, net" by
    # date, gives the same 911 as a balance at its date: the rollforward's is the one here)
    f = whole(page(LENDERS, "CIK1467858_10K_FY2018_R12.txt"))
    f = f[f.period_start.astype(str).str.len() >= 8]  # the rollforward's, each of its year
    end = one(f, metric="allowance_end", period_end="2018-12-31")
    assert end["value"] == 911_000_000
    assert end["scale_basis"] == "inferred" and "prose gives" in end["note"]
    assert one(f, metric="write_off", period_end="2017-12-31")["value"] == 1_173_000_000
    assert set(f["verified_by"]) == {"rollforward"}


def test_prose_scale_needs_two_figures_that_agree():
    base = Fact(entity="x", source="s", disclosure="allowance", metric="allowance_end",
                period_end=None, value=911.0, scale_basis="assumed")
    text = "The allowance included a collective allowance of $586 million and a specific one of $325 million."
    assert scale_from_prose_parts([base], text)[0].scale == 1  # one figure is no proof
    other = Fact(entity="x", source="s", disclosure="allowance", metric="allowance_begin",
                 period_end=None, value=586.0, scale_basis="assumed")
    out = scale_from_prose_parts([base, other], text)
    assert [f.value for f in out] == [911_000_000, 586_000_000]


def test_parenthesised_scale_headings():
    assert units.scale_statements("(Millions of dollars)") == {"*": 1_000_000}
    assert units.scale_statements("(Billions)") == {"*": 1_000_000_000}
    assert units.scale_statements("(In millions of €)") == {"EUR": 1_000_000}
    # Cat Financial's balance sheet "(Millions of dollars)": the allowance 255 is 255 million
    f = whole(page(LENDERS, "CIK764764_10Q_2024Q3_R22.txt"))
    ends = pick(f, metric="allowance_end", period_end="2024-09-30")
    assert len(ends) and set(ends["value"]) == {255_000_000}  # balance sheet and both rollforwards


def test_loans_allowance_apart_from_commitments_and_the_combined_acl():
    # CIK859070: rows "Allowance for credit losses - loans" / "- loan commitments" / "Total …";
    # the loans' allowance is the allowance series, the others name their populations
    f = page(BANKS, "CIK859070_10Q_2025Q3_R13.txt")
    w = whole(f)
    assert one(w, metric="allowance_begin")["value"] == 33_020_000
    assert one(w, metric="allowance_end")["value"] == 31_597_000
    assert one(w, metric="provision")["value"] == 0
    assert one(w, metric="recovery")["value"] == 592_000
    assert set(w["verified_by"]) == {"rollforward"}
    total = f[(f["segment"] == "") & (f["population"] == vocab.COMBINED_RESERVE)]
    assert one(total, metric="allowance_end")["value"] == 31_916_000
    assert one(total, metric="allowance_begin")["value"] == 33_339_000
    commit = f[(f["segment"] == "") & (f["population"] == vocab.COMMITMENTS_RESERVE)]
    assert one(commit, metric="allowance_end")["value"] == 319_000


def test_unnamed_columns_keep_one_whole_figure_or_none():
    # CIK1127371: the segment table's header is lost in the rendering; its rows print four
    # classes and their Total. The Total (the sum of the others) stays whole, the classes are parts
    f = page(BANKS, "CIK1127371_10K_FY2013_R14.txt")
    ends = whole(f)
    ends = ends[(ends["metric"] == "allowance_end") & (ends["period_end"].astype(str) == "2013-12-31")]
    assert set(ends["value"]) == {9_208_000}


def test_verified_by_on_an_aging_page_and_a_rollforward_page():
    f = page(BANKS, "CIK1329517_10Q_2013Q3_R30.txt")
    assert set(f["verified_by"]) <= set(VERIFICATIONS)
    assert one(whole(f), metric="past_due_total")["verified_by"] == "footing"
    g = whole(page(LENDERS, "CIK1584207_10Q_2019Q3_R12.txt"))
    assert (g["verified_by"] == "rollforward").sum() >= 16


def test_mark_verified_says_none_when_nothing_ties():
    def fact(metric: str, value: float) -> Fact:
        return Fact(entity="x", source="s", disclosure="allowance", metric=metric,
                    period_end=pd.Timestamp("2024-12-31").date(), value=value)
    tied = mark_verified([fact("allowance_begin", 100), fact("provision", 20),
                          fact("write_off", 15), fact("allowance_end", 105)])
    assert {f.verified_by for f in tied} == {"rollforward"}
    loose = mark_verified([fact("allowance_begin", 100), fact("provision", 20),
                           fact("write_off", 15), fact("allowance_end", 106)])
    assert {f.verified_by for f in loose} == {"none"}


@pytest.mark.parametrize("name", ["CIK1499781_20F_FY2019_R102.txt", "CIK1809587_20F_FY2020_R84.txt"])
def test_no_two_whole_figures_for_one_key(name: str):
    f = whole(page(LENDERS, name))
    key = ["metric", "days_from", "days_to", "period_start", "period_end", "currency"]
    assert not f.duplicated(subset=key).any()


def test_month_buckets_and_a_total_labelled_past_due():
    # Bitauto's 20-F aging: buckets in months under members, a total row that carries the
    # past-due concept's name but adds up the current loans too, and a 2015 column that only
    # the allowance fills (its blank aging cells are not zeros)
    f = whole(page(LENDERS, "CIK1499781_20F_FY2017_R87.txt"))
    assert one(f, metric="past_due", days_from=31, days_to=90, period_end="2017-12-31")["value"] == 198_671_000
    assert one(f, metric="past_due", days_from=181, period_end="2016-12-31")["value"] == 19_590_000
    assert one(f, metric="current", period_end="2017-12-31")["value"] == 29_069_556_000
    assert one(f, metric="total_loans", period_end="2017-12-31")["value"] == 29_925_774_000
    assert pick(f, metric="past_due", period_end="2015-12-31").empty
    assert pick(f, metric="current", period_end="2015-12-31").empty


def test_month_bucket_labels():
    from dashboard.model.buckets import parse_bucket

    assert parse_bucket("- Up to 1 month") == (1, 30)
    assert parse_bucket("1 to 3 months") == (31, 90)
    assert parse_bucket("Over 6 months") == (181, None)
    assert parse_bucket("Three months ended") is None


def test_guarantee_exposure_in_prose_called_current():
    # Oglethorpe: "the current maximum aggregate amount of exposure … is approximately
    # $25,000,000": no date in the sentence, so the page's own date
    f = page(LENDERS, "CIK788816_10K_FY2012_R20.txt")
    got = one(f, metric="max_exposure")
    assert got["value"] == 25_000_000 and str(got["period_end"]) == "2012-12-31"
    assert "page's own date" in got["note"]


def test_an_unlabelled_subtotal_run_into_the_provision_line():
    # CIK701347: the unlabelled "beginning + provision" row follows the provision row and the
    # rendering runs its figures into that line; the subtotal is no provision
    f = whole(page(BANKS, "CIK701347_10Q_2015Q3_R13.txt"))
    assert one(f, metric="provision", period_start="2015-07-01")["value"] == -3_647
    assert one(f, metric="provision", period_start="2015-01-01")["value"] == -13_713
    assert one(f, metric="provision", period_start="2015-07-01")["verified_by"] == "rollforward"


def test_net_charged_off_is_the_subtotal_not_a_recovery():
    # CIK705432: "Net loans (charged-off) recovered" is the net charge-off subtotal; read as a
    # second recovery it broke every column's tie, and the 12-month column (no flows printed)
    # left the short rows unplaced
    f = whole(page(BANKS, "CIK705432_10Q_2024Q3_R48.txt"))
    assert one(f, metric="net_write_off", period_start="2024-07-01")["value"] == 408_000
    assert one(f, metric="recovery", period_start="2024-07-01")["value"] == 365_000
    assert one(f, metric="provision", period_start="2023-01-01", period_end="2023-09-30")["value"] == 6_707_000
    assert pick(f, metric="provision", period_end="2023-12-31").empty


def test_cecl_adjusted_opening_and_a_reserve_for_commitments_under_its_own_lines():
    # CIK1281761: "Allowance for loan losses, December 31, 2019" 869 opens 2020; the adjusted
    # January 1 balance is a line inside the period, the cumulative change (438) a movement, so
    # the column ties; the unfunded-commitments reserve's unnamed lines are that reserve's
    f = page(BANKS, "CIK1281761_10K_FY2020_R41.txt")
    w = whole(f)
    assert one(w, metric="allowance_begin", period_end="2020-12-31")["value"] == 869_000_000
    assert one(w, metric="allowance_adoption_adjustment", period_end="2020-12-31")["value"] == 438_000_000
    assert one(w, metric="allowance_end", period_end="2020-12-31")["verified_by"] == "rollforward"
    res = f[(f["segment"] == "") & (f["population"] == vocab.COMMITMENTS_RESERVE)]
    assert one(res, metric="allowance_adoption_adjustment", period_end="2020-12-31")["value"] == 63_000_000
    assert pick(w, metric="allowance_end", period_end="2019-12-31")["value"].tolist() == [869_000_000]


def test_past_due_total_proved_by_current_and_total():
    # LexinFintech: "Financing receivables, past due" / ", current" / "Total financing
    # receivables" for the whole book, then per product, then per bucket: the unnamed line that
    # with the current loans makes the total is the total past due
    f = page(LENDERS, "CIK1708259_20F_FY2020_R74.txt")
    w = whole(f)
    assert one(w, metric="past_due_total", period_end="2020-12-31")["value"] == 474_435_000
    assert one(w, metric="current", period_end="2019-12-31")["value"] == 4_265_427_000
    prod = pick(f, metric="past_due_total", segment="Personal Installment Loans", period_end="2020-12-31")
    assert prod["value"].tolist() == [447_118_000]


def test_share_columns_are_not_amounts_and_the_delinquent_heading_is_no_class():
    # ADS: each amount column is followed by its "% of Total" (1.2 %, 0.9 …); the buckets sit
    # under "Principal receivables balances contractually delinquent:", whose "Total" is the
    # total past due; "Receivables outstanding – principal" is the table's base
    f = whole(page(LENDERS, "CIK1101215_10Q_2014Q1_R26.txt"))
    assert one(f, metric="past_due", days_from=61, period_end="2014-03-31")["value"] == 68_136_000
    assert one(f, metric="past_due_total", period_end="2013-12-31")["value"] == 339_555_000
    assert one(f, metric="total_loans", period_end="2014-03-31")["value"] == 7_674_407_000
    assert not (f["value"].between(0.1, 100) & (f["disclosure"] == "delinquency")).any()


def test_a_single_total_column_over_line_item_rows():
    # Ford Credit, Dec 31 2019: one column headed "Total / Consumer" over rows that are the
    # aging lines; the column is the total of the page's only aging population, not a line item
    # and not a class: its facts are whole-portfolio
    f = page(LENDERS, "CIK37996_10Q_2020Q2_R46.txt")
    assert not (f["segment"] == "Consumer").any()
    f = f[f["segment"] == ""]
    assert one(f, metric="past_due", days_from=121, period_end="2019-12-31")["value"] == 35_000_000
    assert one(f, metric="total_loans", period_end="2019-12-31")["value"] == 73_882_000_000
    assert one(f, metric="past_due_total", period_end="2019-12-31")["verified_by"] == "footing"


def test_origination_year_columns_are_parts_of_the_total_column():
    # TMCC and Ford Credit: "by Origination (Fiscal) Year" columns are vintages at one balance
    # date, parts of the Total column; never balance dates of their own
    f = page(LENDERS, "CIK834071_10K_FY2023_R26.txt")
    w = whole(f)
    assert one(w, metric="current", period_end="2023-03-31")["value"] == 77_819
    assert one(w, metric="past_due", days_from=90, period_end="2023-03-31")["value"] == 179
    assert set(w["period_end"].astype(str)) == {"2023-03-31"}
    assert one(w, metric="total_loans")["verified_by"] == "footing"
    g = page(LENDERS, "CIK37996_10Q_2020Q2_R46.txt")
    g = g[g["segment"].isin(["", "Consumer"])]
    assert one(g, metric="total_loans", period_end="2020-06-30")["value"] == 74_808_000_000


def test_aging_columns_misread_as_classes_are_not_trusted():
    # The guard that kept CIK765207 and CIK109380 from drawing a bucket as the total loans while
    # their interleaved headers were misread (both headers are now read right): columns that
    # came out as classes named by aging words mean the header was misread
    from dashboard.extract.structure import aging_words_as_classes
    from dashboard.extract.table import ColumnInfo

    misread = [ColumnInfo(text=t, segment=t) for t in ("All", "Past Due", "Current", "", "90+ Days", "& Accruing")]
    assert aging_words_as_classes(misread, "delinquency")
    classes = [ColumnInfo(text=t, segment=t) for t in ("Commercial", "Consumer", "")]
    assert not aging_words_as_classes(classes, "delinquency")
    f = whole(page(BANKS, "CIK109380_10Q_2021Q3_R27.txt"))  # read right now: not left out
    assert one(f, metric="total_loans")["value"] == 50_678_000_000


def test_losses_charged_to_allowance_are_the_write_offs():
    # CIK1127371: the single-column rollforward and the segment table's Total both print it
    f = whole(page(BANKS, "CIK1127371_10K_FY2013_R14.txt"))
    got = pick(f, metric="write_off", period_end="2012-12-31")
    assert set(got["value"]) == {2_850_000} and "rollforward" in set(got["verified_by"])


def test_an_aging_tables_ending_balance_is_its_loans_not_the_allowance():
    # CIK740971: "Ending balance" under the buckets, "Total past due" and "Total Current Loans"
    # is the loans' balance (their sum), never an allowance; interest income lines are no balance
    f = whole(page(BANKS, "CIK740971_10Q_2012Q2_R30.txt"))
    assert pick(f, metric="allowance_end").empty
    assert one(f, metric="total_loans", period_end="2012-06-30")["value"] == 476_490_000
    assert one(f, metric="current", period_end="2011-12-31")["value"] == 516_954_000
    assert pick(f, label="Reduction in interest income on non accrual loans").empty
