"""Figures of the eleventh batch's real pages (tests/real_pages) that were read wrong: a
breakdown of the allowance by impairment method read as its balance, a reserve for unfunded
commitments read as the loans' allowance, a provision on commitments stated in a sentence read
as the loans' provision, a heading of deductions and a gross line before undisbursed funds read
as classes and loans, and the lines under an unlabelled whole total filed under the last group."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_allowance_by_impairment_method_is_no_balance_nor_movement() -> None:
    # "…, Individually Evaluated for Impairment $0" over the rollforward: the part of the
    # closing allowance measured one way, never a balance (11,946,873-735,000-19,415+231,302)
    f = page("CIK818677_10Q_2021Q2_R42.txt")
    ends = pick(f, metric="allowance_end", period_end="2021-06-30")
    ends = ends[(ends.segment == "") & (ends.population == "")]
    assert sorted(set(ends.value)) == [11_423_760.0]
    assert len(ends.period_start.dropna().unique()) == 2  # the three and the six months' closing
    assert set(whole(f, "allowance_end", "2020-12-31")) == {12_842_896.0}
    for metric in ("allowance_begin", "provision", "write_off", "recovery"):
        assert whole(f, metric, "2020-12-31") == []  # the column prints no movement
    assert 0.0 not in set(pick(f, metric="allowance_end").value)  # no segment's balance of 0 either


def test_provision_on_unfunded_commitments_in_a_sentence_is_no_loan_provision() -> None:
    # "a provision for credit losses recovery on unfunded commitments … of $3,000 and $17,000"
    f = page("CIK707605_10Q_2024Q2_R22.txt")
    assert pick(f, disclosure="allowance").empty


def test_liability_for_unfunded_commitments_is_the_commitments_reserve() -> None:
    # "Liability for Unfunded Commitments: Beginning balance 947 … Ending balance 717" stacked
    # under the loans' "Allowance for Credit Losses on Loans" (23,744-124+55+0=23,675)
    f = page("CIK893847_10Q_2024Q1_R44.txt")
    ends = pick(f, metric="allowance_end", period_end="2024-03-31")
    ends = ends[ends.segment == ""]
    assert set(ends[ends.value == 717e3].population) == {"off-balance-sheet commitments"}
    assert set(ends[ends.value == 23_675e3].population) == {"Allowance for Credit Losses on Loans"}
    assert set(ends.population) == {"Allowance for Credit Losses on Loans", "off-balance-sheet commitments"}


def test_deductions_heading_and_loans_before_undisbursed_funds() -> None:
    # "Loans before deferred loan origination fees and costs" 6,570,113, then "Deduct:"
    # undisbursed construction funds (688,849), fees, the allowance (67,074): "Total loans"
    # 5,823,749 is net; the gross includes funds not lent, so it is no total of the loans
    f = page("CIK946647_10Q_2022Q2_R16.txt")
    assert whole(f, "allowance_end", "2022-06-30") == [67_074e3]
    assert whole(f, "allowance_end", "2021-12-31") == [66_468e3]
    assert pick(f, metric="total_loans").empty
    assert "Deduct" not in set(f.segment)


def test_lines_under_an_unlabelled_whole_total_are_the_whole_books() -> None:
    # the unlabelled sum row (306,632,229) is split off the last class's line; the allowance
    # and the net loans under it (306,632,229-4,376,987=302,255,242) are the whole book's
    f = page("CIK1007273_10K_FY2021_R32.txt")
    assert whole(f, "allowance_end", "2021-12-31") == [4_376_987.0]
    assert whole(f, "allowance_end", "2020-12-31") == [4_185_694.0]
    assert whole(f, "net_loans", "2021-12-31") == [302_255_242.0]
    assert whole(f, "total_loans", "2021-12-31") == [306_632_229.0]
