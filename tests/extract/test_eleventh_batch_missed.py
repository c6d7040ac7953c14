"""Figures of the eleventh batch's real pages that nothing read: a sideways rollforward whose
rendering glues its header and loses cells (CIK1750735 R24), Details rollforwards whose CECL
adoption is a member block of its own (CIK716605 R50, CIK893847 R44), and standby letters of
credit "of $8.2 million for each period" (CIK707605 R22)."""

from __future__ import annotations

import pandas as pd

from dashboard.extract.parsers.renderings import split_glued_header, split_run_together
from tests.conftest import real_page


def _whole(f: pd.DataFrame, start: str, end: str, population: str = "") -> dict[str, float]:
    rows = f[(f.segment.fillna("") == "") & (f.population.fillna("") == population)
             & (f.period_start.astype(str) == start)
             & (f.period_end.astype(str) == end)]
    assert not rows.duplicated("metric").any(), rows.to_string()
    return dict(zip(rows.metric, rows.value, strict=True))


def test_a_glued_header_naming_a_standard_and_an_acronym_splits_into_its_cells():
    line = ("(dollars in thousands)Beginning Balance, prior to adoption of ASU No. 2016-13 for CECLAdjustment to "
            "initially apply ASU No. 2016-13 for CECLCharge-offsRecoveriesProvision (recovery of provision) for "
            "credit lossesEnding balance")
    assert split_glued_header(line).split(" | ") == [
        "(dollars in thousands)", "Beginning Balance, prior to adoption of ASU No. 2016-13 for CECL",
        "Adjustment to initially apply ASU No. 2016-13 for CECL", "Charge-offs", "Recoveries",
        "Provision (recovery of provision) for credit losses", "Ending balance"]
    # an acronym in a name stays whole ("HELOCs")
    assert split_glued_header("HELOCs and other") == "HELOCs and other"


def test_a_nil_with_its_currency_sign_is_a_cell_of_a_glued_row():
    assert split_run_together("Commercial mortgage$4,095 $(526)$— $— $(94)$3,475").split(" | ") == [
        "Commercial mortgage", "$4,095", "$(526)", "$—", "$—", "$(94)", "$3,475"]


def test_a_sideways_rollforward_whose_printed_total_ties_when_lost_cells_defeat_the_sums():
    f = real_page("CIK1750735_10Q_2023Q1_R24.txt")
    assert _whole(f, "2023-01-01", "2023-03-31") == {
        "allowance_begin": 18_828_000, "allowance_adoption_adjustment": 1_596_000, "write_off": 1_497_000,
        "recovery": 44_000, "provision": 1_471_000, "allowance_end": 20_442_000}
    assert _whole(f, "2022-01-01", "2022-03-31") == {
        "allowance_begin": 18_758_000, "write_off": 566_000, "recovery": 19_000, "provision": 615_000,
        "allowance_end": 18_826_000}
    # the classes are proven by no sum: none is read
    assert (f.segment.fillna("") == "").all()


def test_an_adoption_member_block_is_a_movement_of_the_rollforward_it_adjusts():
    f = real_page("CIK716605_10Q_2024Q1_R50.txt")
    q1_2023 = _whole(f, "2023-01-01", "2023-03-31")
    assert {k: q1_2023.get(k) for k in ("allowance_begin", "write_off", "recovery", "provision", "allowance_end")} \
        == {"allowance_begin": 15_637_000, "write_off": 262_000, "recovery": 139_000, "provision": 9_000,
            "allowance_end": 11_734_000}
    assert _whole(f, "2024-01-01", "2024-03-31")["provision"] == 476_000
    # the twelve months print no movements of the whole: none is read
    assert set(_whole(f, "2023-01-01", "2023-12-31")) == {"allowance_begin", "allowance_end"}
    # a member ties with its own adoption line (1,914 + 2,656 + 105 - 813 = 3,862)
    cfa = f[(f.segment == "Commercial, financial, and agricultural") & (f.period_end.astype(str) == "2023-03-31")]
    assert dict(zip(cfa.metric, cfa.value, strict=True))["provision"] == -813_000
    # the adoption member's lines are no class of the book
    assert not f.segment.fillna("").str.contains("adopting").any()


def test_a_cumulative_effect_member_proves_the_columns_and_a_printed_zero_provision_is_read():
    f = real_page("CIK893847_10Q_2024Q1_R44.txt")
    loans = "Allowance for Credit Losses on Loans"  # the page's heading over the whole book's lines
    assert _whole(f, "2024-01-01", "2024-03-31", loans)["provision"] == 0
    q1_2023 = _whole(f, "2023-01-01", "2023-03-31", loans)
    assert (q1_2023["recovery"], q1_2023["provision"]) == (41_000, 650_000)
    assert not f.segment.fillna("").str.contains("Cumulative").any()


def test_standby_letters_of_credit_of_one_amount_for_each_period():
    f = real_page("CIK707605_10Q_2024Q2_R22.txt")
    g = f[f.metric == "max_exposure"]
    assert sorted(zip(g.period_end.astype(str), g.value, g.segment.fillna(""), strict=True)) == [
        ("2023-12-31", 8_200_000, ""), ("2024-06-30", 8_200_000, "")]
