"""Allowance rollforwards of real pages (tests/real_pages) whose rows or years are printed in
ways the shared corpus does not show."""

from __future__ import annotations

from pathlib import Path

from dashboard.extract.pipeline import extract_paths
from tests.conftest import one

PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"


def _whole(f):
    return f[(f["segment"] == "") & (f["population"] == "")]


def test_a_closing_label_broken_after_its_comma_is_one_label():
    # "Balance," / "December 31, 2015" over two lines: the date finishes the label, it is no row
    # of its own and "Balance," is no segment
    f = extract_paths([PAGES / "CIK854560_10K_2015FY_R97.txt"]).facts
    w = _whole(f)
    assert one(w, metric="allowance_end")["value"] == 38_149_000
    assert one(w, metric="allowance_begin")["value"] == 38_435_000
    assert not f["segment"].str.startswith("Balance").any()
    # the classes' names stand over five lines ("One- to Four-" / "Family" / "Residential" /
    # "and" / "Construction", …); the bottom line alone names two columns "Construction", so
    # the columns are numbered: the last class's ending balance
    assert one(f, metric="allowance_end", segment="column 6")["value"] == 8_099_000
    assert not (f["segment"] == "Construction").any()


def test_a_sideways_rollforward_in_year_blocks_under_bare_dates():
    # the movements are the column headers ("Charge-" / "Offs" broken at the hyphen, "TDR
    # Allowance Adjustments" another movement), the segments the rows, each year a block headed
    # by its closing date only; the caption says the periods are years
    f = extract_paths([PAGES / "CIK730708_10K_2018FY_R31.txt"]).facts
    w = _whole(f)
    got = {(r.metric, str(r.period_end)[:10]): r.value for r in w.itertuples()}
    assert got[("allowance_begin", "2018-12-31")] == 27_122_000
    assert got[("provision", "2018-12-31")] == 11_730_000
    assert got[("write_off", "2018-12-31")] == 8_026_000
    assert got[("recovery", "2018-12-31")] == 1_789_000
    assert got[("allowance_end", "2018-12-31")] == 32_423_000
    assert got[("allowance_end", "2017-12-31")] == 27_122_000
    assert got[("allowance_begin", "2016-12-31")] == 19_128_000
    assert str(one(w, metric="allowance_end", period_end="2016-12-31")["period_start"])[:10] == "2016-01-01"
