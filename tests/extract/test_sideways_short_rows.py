"""A rollforward printed sideways (classes down the rows, the movements across) whose rendering
glues the cells, leaves blank cells out and runs the unlabelled total into the last line:
CIK726854 (City Holding) 10-Q 2022 Q3 R13."""

from __future__ import annotations

from dashboard.extract.parsers.renderings import split_glued_header, split_run_together
from tests.conftest import real_page, whole_values


def test_glued_header_cells_that_open_with_a_parenthesis_are_cells():
    line = "Beginning BalanceCharge-offsRecoveries(Recovery of) provision for credit lossesEnding Balance"
    assert split_glued_header(line).split(" | ") == [
        "Beginning Balance", "Charge-offs", "Recoveries", "(Recovery of) provision for credit losses", "Ending Balance"]


def test_a_negative_glued_to_a_nil_dash_is_a_figure_and_a_marker_glued_to_it_is_no_figure():
    assert split_run_together("  Hotels3,347 (2,075)— (39)1,233").split(" | ") == [
        "Hotels", "3,347", "(2,075)", "—", "(39)", "1,233"]
    assert split_run_together("Other guarantees and indemnifications (4)— 797 12 263 1,074 756").split(" | ")[:3] == [
        "Other guarantees and indemnifications (4)", "—", "797"]


def test_the_sideways_rollforwards_totals_with_short_lines_among_the_classes():
    f = real_page("CIK726854_10Q_2022Q3_R13.txt")
    want = {"2022-09-30": {"allowance_begin": 18_166, "write_off": 2_757, "recovery": 1_628,
                           "provision": -26, "allowance_end": 17_011},
            "2021-09-30": {"allowance_begin": 24_549, "write_off": 4_417, "recovery": 1_784,
                           "provision": -3_165, "allowance_end": 18_751}}
    for end, figures in want.items():
        for metric, value in figures.items():
            assert whole_values(f, metric, end) == [value * 1000], (end, metric)
    # the kinds of commercial real estate printed above their subtotal are its parts
    hotels = f[(f.label == "Hotels") & (f.metric == "allowance_begin")]
    assert set(hotels.segment) == {"Commercial real estate \u2013 Hotels"}
    # the three months' block is cut after its first line: nothing of it
    assert not (f.period_start.astype(str) == "2022-07-01").any()


def test_short_flow_lines_of_many_columns_put_where_each_adds_up_to_its_total():
    # CIK36377 (First Hawaiian) 10-Q 2023 Q3 R29: eight columns, the quarter's charge-offs print
    # three figures and its recoveries five: too many ways to try each (56 x 56), few once each
    # line's parts must add up to its Total (784+3,665=4,449; 2,637+53+303+1,746=4,739)
    f = real_page("CIK36377_10Q_2023Q3_R29.txt")
    assert whole_values(f, "write_off", "2023-09-30", period_start="2023-07-01") == [4_449_000]
    assert whole_values(f, "recovery", "2023-09-30", period_start="2023-07-01") == [4_739_000]
    q = f[(f.period_start.astype(str) == "2023-07-01") & (f.segment != "")]
    placed = {(m, s): v for m, s, v in zip(q.metric, q.segment, q.value, strict=True) if v}
    assert placed[("write_off", "column 1")] == 784_000 and placed[("recovery", "column 1")] == 2_637_000
    assert placed[("write_off", "column 7")] == 3_665_000 and placed[("recovery", "column 7")] == 1_746_000
    assert placed[("recovery", "column 5")] == 53_000 and placed[("recovery", "column 6")] == 303_000
