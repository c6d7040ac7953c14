"""A period heading over its years between two stacked tables ("Six Months Ended June 30" /
"2014" / "2013" after the three months' last row) heads the next table; it is no row of
figures named by a period. CIK1497275 10-Q 2014 Q2 R13."""

from __future__ import annotations

import pandas as pd

from tests.conftest import real_page


def _whole(f: pd.DataFrame, metric: str, start: str, end: str) -> list[float]:
    rows = f[(f.metric == metric) & (f.segment == "") & (f.population == "")
             & (f.period_start.astype(str) == start) & (f.period_end.astype(str) == end)]
    return sorted(rows.value)


def test_the_six_months_block_under_its_own_period_heading():
    f = real_page("CIK1497275_10Q_2014Q2_R13.txt")
    # the provision the balance moves by (34,065-11,766+9,001+4,307=35,607), not the part
    # "charged to operations" (1,291) that leaves out the FDIC loss-share receivable's 3,016
    want = {("2014-01-01", "2014-06-30"): {"allowance_begin": 34_065, "write_off": 11_766, "recovery": 9_001,
                                           "provision": 4_307, "allowance_end": 35_607},
            ("2013-01-01", "2013-06-30"): {"allowance_begin": 70_138, "write_off": 19_946, "recovery": 12_375,
                                           "provision": -29_132, "allowance_end": 33_435}}
    for (start, end), figures in want.items():
        for metric, value in figures.items():
            assert _whole(f, metric, start, end) == [value * 1000], (start, metric)
    # the years are no figures
    assert not f.value.isin([2_014_000, 2_013_000]).any()
