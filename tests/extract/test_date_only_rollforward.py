"""A 10-Q rollforward whose columns are headed by their dates alone, "September 30, 2015 |
December 31, 2014" (a consumer lender's 10-Q R9, EDGAR 1627811): the year-end column is the
year, the later one the year to date since it. Before, the September column was given twelve
months from October, a year that overlaps the one beside it. The page here is invented in that
layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes

PAGE = """|Allowance for Loan Losses (Details) - USD ($)
|
|Sep. 30, 2016
|Dec. 31, 2015
|Allowance for loan losses:
|Balance, beginning of period
|500,000
|100,000
|Provision for loan losses
|700,000
|600,000
|Charge-offs
|(300,000)
|(200,000)
|Balance, end of period
|900,000
|500,000
"""


def test_the_later_column_is_the_year_to_date() -> None:
    f = extract_bytes([("R9.txt", PAGE.encode())]).facts
    prov = {str(r.period_end): str(r.period_start) for r in f[f["metric"] == "provision"].itertuples()}
    assert prov == {"2016-09-30": "2016-01-01", "2015-12-31": "2015-01-01"}
