"""Whole-portfolio figures of real pages (tests/real_pages) whose layout hid them: cells whose
text wraps after the "|" that opens them, a two-row header whose names cannot be put over the
columns, and the figures a Details page prints before its first member heading.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extract.parsers.renderings import opened_cells
from tests.conftest import one, real_page

page_facts = real_page


def whole(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["segment"] == "") & (f["population"] == "")]


def test_a_cell_opened_by_a_lone_pipe_goes_on_over_the_lines_after_it():
    lines = ["|Title", "|", "Beginning", "balance", "|", "|$", "|5,401",
             "|", "A progression of the", "allowance is summarized as", "follows:", "|",
             "|", "Ending Balance:", "individually evaluated", "|"]
    out = opened_cells(lines)
    assert "Beginning balance" in out and "balance" not in out
    assert "A progression of the allowance is summarized as follows:" in out
    # a line ending a sentence before the run's last keeps the run apart
    assert "Ending Balance:" in out and "individually evaluated" in out


def test_two_line_labels_and_a_two_row_header_give_the_total_column_only():
    # CIK729986 10-K 2018 R39: "|" / "Beginning" / "balance", a caption wrapped over four lines,
    # and "Commercial Real Estate … Total" over "Owner-occupied | Nonowner-occupied": read as the
    # last eight names, "Total" sat over a class; the figures prove the last column the total
    f = page_facts("CIK729986_10K_FY2018_R39.txt")
    w = whole(f[f["disclosure"] == "allowance"])
    want = {"allowance_begin": 76_627_000, "provision": 22_013_000, "write_off": 28_606_000,
            "recovery": 6_669_000, "allowance_end": 76_703_000}
    for metric, value in want.items():
        fact = one(w, metric=metric, period_end="2018-12-31")
        assert fact["value"] == value and fact["period_start"].isoformat() == "2018-01-01"
    # the classes' columns cannot be named: none comes out under a wrong name
    assert set(f["segment"]) <= {"", "Ending Balance: individually evaluated for impairment",
                                 "Ending Balance: collectively evaluated for impairment",
                                 "Ending Balance: loans acquired with deteriorated credit quality"}


def test_a_lone_figure_under_a_header_of_classes_and_total_is_left_out():
    # CIK83246 10-Q 2011 Q2 R16: the page is cut after "beginning of period | $ | 217", the
    # first class's cell under "Commercial Real Estate | … | Total"
    f = page_facts("CIK83246_10Q_2011Q2_R16.txt")
    assert 217_000_000 not in set(f["value"])
    assert one(whole(f), metric="allowance_begin", period_end="2011-06-30",
               period_start=pd.Timestamp("2011-04-01").date())["value"] == 1_832_000_000


def test_a_long_member_heading_names_its_class_and_the_unlabelled_block_above_is_the_total():
    # CIK1143155 10-Q 2014 Q3 R43: the whole portfolio's aging before any member heading, then
    # one block a member; "Secured by One to Four Family First Lien [Member]" (eight words) was
    # read as no member, its figures as a second whole portfolio, and both were left out
    f = page_facts("CIK1143155_10Q_2014Q3_R43.txt")
    w = whole(f)
    for end, want in {"2014-09-30": (1_680, 576, 28_170, 30_426, 1_350_461),
                      "2013-12-31": (7_158, 1_248, 39_854, 48_260, 1_336_271)}.items():
        got = (one(w, metric="past_due", days_from=30, period_end=end)["value"],
               one(w, metric="past_due", days_from=60, period_end=end)["value"],
               one(w, metric="past_due", days_from=91, period_end=end)["value"],
               one(w, metric="past_due_total", period_end=end)["value"],
               one(w, metric="current", period_end=end)["value"])
        assert got == tuple(1000.0 * x for x in want)
    lien = f[f["segment"] == "Secured by One to Four Family First Lien"]
    assert one(lien, metric="current", period_end="2014-09-30")["value"] == 212_317_000


def test_a_details_page_heading_names_its_class_however_long_and_the_lines_above_are_the_total():
    # CIK831001 10-Q 2024 Q2 R163: "Maximum potential amount of future payments $ 429.3 $ 412.1"
    # before any member; "Classified based on internal and external credit ratings" (seven
    # words, a line without figures: an axis member) was read as no member, so two whole
    # figures met on one key and both were left out
    f = page_facts("CIK831001_10Q_2024Q2_R163.txt")
    w = whole(f)
    assert one(w, metric="max_exposure", period_end="2024-06-30")["value"] == 429_300_000_000
    assert one(w, metric="max_exposure", period_end="2023-12-31")["value"] == 412_100_000_000
    rated = f[f["segment"] == "Classified based on internal and external credit ratings"]
    assert one(rated, metric="max_exposure", period_end="2024-06-30")["value"] == 88_800_000_000


def test_an_allowance_among_guarantees_is_never_the_guarantee_liability():
    # CIK19617 10-K FY2015 R191: "Allowance for lending-related commitments 275 148" above the
    # first member heading is the reserve for all lending-related commitments; the members'
    # own allowances (117 + 1, 121 + 2) do not add up to it, nor does anything else. It is a part
    # of the guarantees' carrying value, never the whole liability: no guarantee figure at all
    f = page_facts("CIK19617_10K_FY2015_R191.txt")
    assert f[f["metric"].str.startswith("guarantee_liability")].empty
    assert not (f["label"].str.contains("llowance") & (f["disclosure"] == "guarantee")).any()


def test_an_aging_header_whose_names_miss_the_total_gives_no_shifted_figure():
    # CIK1979330 10-Q 2025 Q3 R24: "Current | 30-59 | 60-89 | 90+ Still Accruing | Nonaccrual |
    # Total Loans" stacked over three header lines was read as "30-59 | 60-89 | 90+ | Current | …":
    # current 4,702,560 as the 30-59 bucket, nonaccrual 11,357 as past due 90+ accruing, the total
    # 4,722,951 as nonaccrual. The figures prove the last column the sum of all the others, which
    # the names did not call the total: no name is read in that order, and the total is read as
    # the total (the names are placed line over line instead: test_own_real_pages)
    w = whole(page_facts("CIK1979330_10Q_2025Q3_R24.txt"))
    assert one(w, metric="total_loans", period_end="2025-09-30")["value"] == 4_722_951_000
    assert one(w, metric="total_loans", period_end="2024-12-31")["value"] == 4_339_468_000
    assert one(w, metric="past_due", days_from=30, period_end="2025-09-30")["value"] == 3_356_000
    assert one(w, metric="nonaccrual", period_end="2025-09-30")["value"] == 11_357_000
