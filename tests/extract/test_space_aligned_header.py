"""A space-aligned rendering keeps each header row on one line: "September 30,   December 31,"
over "2019   2018" (an auto lender's 10-Q Tables page, R19, 2019 Q3, as rendered by a mirror of
EDGAR's pages). Before, both columns took September 30, so the year-end figures were dated
2018-09-30. The page here is invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes

PAGE = """XML 21 R21.htm IDEA: XBRL DOCUMENT v3.20.2
3. Finance Receivables (Tables)
6 Months Ended
Jun. 30, 2020
Schedule of delinquency status of finance receivables

The following table summarizes the delinquency status of finance receivables as of June 30, 2020 and December 31, 2019:

   June 30,   December 31,
   2020   2019
   (In thousands)
Delinquency Status
Current   $610,200   $702,100
31 - 60 days   80,300    95,400
61 - 90 days   40,100    42,500
91 + days   19,400    20,000
   $750,000   $860,000
"""


def test_month_days_on_one_line_pair_with_their_years() -> None:
    f = extract_bytes([("R21.txt", PAGE.encode())]).facts
    assert {str(d) for d in f["period_end"]} == {"2020-06-30", "2019-12-31"}
    cur = {str(r.period_end): r.value for r in f[f["metric"] == "current"].itertuples()}
    assert cur == {"2020-06-30": 610_200_000, "2019-12-31": 702_100_000}
    total = {str(r.period_end): r.value for r in f[f["metric"] == "total_loans"].itertuples()}
    assert total == {"2020-06-30": 750_000_000, "2019-12-31": 860_000_000}
