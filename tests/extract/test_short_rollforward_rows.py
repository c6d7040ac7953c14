"""Details rollforwards whose rendering drops blank cells, so a row prints fewer figures than
the table has columns: the row is placed only where the rollforward ties down every column it
puts a figure in (CIK903419 R58: the 12-month column's provision and recovery blank, its CECL
adoption a member block named twice; CIK1403475 R47: the March quarter's charge-offs and
recoveries blank, a 0 that ties wherever a blank does)."""

from __future__ import annotations

import pandas as pd

from tests.conftest import real_page


def _whole(f: pd.DataFrame, start: str, end: str) -> dict[str, float]:
    rows = f[(f.segment.fillna("") == "") & (f.period_start.astype(str) == start)
             & (f.period_end.astype(str) == end)]
    assert not rows.duplicated("metric").any(), rows.to_string()
    return dict(zip(rows.metric, rows.value, strict=True))


def test_an_adoption_member_named_twice_ties_the_quarter_its_short_rows_belong_to():
    f = real_page("CIK903419_10Q_2024Q1_R58.txt")
    # 31,146 + 3,857 (adoption) + 269 - 257 + 87 = 35,102
    assert _whole(f, "2023-01-01", "2023-03-31") == {
        "allowance_begin": 31_146_000, "provision": 269_000, "write_off": 257_000,
        "recovery": 87_000, "allowance_end": 35_102_000}
    assert _whole(f, "2024-01-01", "2024-03-31") == {
        "allowance_begin": 35_843_000, "provision": 799_000, "write_off": 205_000,
        "recovery": 147_000, "allowance_end": 36_584_000}
    # the 12-month column ties under no placement: none of the short rows' figures go there
    year = _whole(f, "2023-01-01", "2023-12-31")
    assert "provision" not in year and "recovery" not in year
    # a member's provision its members' sums do not prove (a member cut off the page) is left out
    construction = f[f.segment.fillna("").str.endswith("Real estate construction")
                     & (f.metric == "provision")]
    assert set(construction.period_end.astype(str)) == {"2024-03-31"}


def test_a_zero_goes_to_the_column_that_ties_never_to_one_no_placement_ties():
    f = real_page("CIK1403475_10Q_2022Q2_R47.txt")
    # charge-offs (20) 0 (22) 0 over five columns, the March quarter's blank
    assert _whole(f, "2021-04-01", "2021-06-30") == {
        "allowance_begin": 19_958_000, "provision": -920_000, "write_off": 0,
        "recovery": 62_000, "allowance_end": 19_100_000}
    assert _whole(f, "2022-04-01", "2022-06-30")["write_off"] == 20_000
    assert _whole(f, "2022-01-01", "2022-06-30")["write_off"] == 22_000
    assert _whole(f, "2021-01-01", "2021-06-30")["write_off"] == 0
    # the March quarter (23,023 - 485 = 22,538, not 22,547) prints no charge-off or recovery
    march = _whole(f, "2022-01-01", "2022-03-31")
    assert march == {"allowance_begin": 23_023_000, "provision": -485_000, "allowance_end": 22_547_000}
