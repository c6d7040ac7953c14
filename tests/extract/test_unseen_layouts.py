"""Layouts of real EDGAR credit notes that the shared corpus does not hold, each modelled here
on the real page named in its test (figures invented, layout as found), beside the ../shared
real pages of the same family that must stay right.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extract.pipeline import extract_bytes, extract_paths
from tests.conftest import CORPUS, need, one, pick

LENDERS = CORPUS / "real_lenders" / "text_extracts"
BANKS = CORPUS / "real_banks" / "text_extracts"


def facts(name: str, text: str) -> pd.DataFrame:
    r = extract_bytes([(name, text.encode())])
    return r.facts


def whole(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["segment"] == "") & (f["population"] == "")]


# PNC's 10-Q for Q3 2019, R27 ("Rollforward of Allowance for Loan and Lease Losses and Associated
# Loan Data", sec.gov/Archives/edgar/data/713676/000071367619000073/R27.htm): bare years over two
# groups of segment columns whose names break over two lines, the period's month and day in a
# heading without a year, balances named by the day only, and the same day again further down
# for the allowance's allocation and the loans behind it.
BARE_YEARS_OVER_GROUPS = """|Rollforward of Allowance for Loan and Lease Losses and Associated Loan Data
|
Table 40: Rollforward of Allowance for Loan and Lease Losses and Associated Loan Data
2021
2020
At or for the six months ended June 30
Dollars in millions
Business
Lending
Retail
Lending
Total
Business
Lending
Retail
Lending
Total
Allowance for Loan and Lease Losses
January 1
$
1,000
$
500
$
1,500
$
900
$
450
$
1,350
Charge-offs
(100
)
(200
)
(300
)
(80
)
(150
)
(230
)
Recoveries
40
60
100
30
50
80
Net (charge-offs)
(60
)
(140
)
(200
)
(50
)
(100
)
(150
)
Provision for credit losses
120
160
280
70
110
180
Net (increase) / decrease in allowance for unfunded loan
commitments and letters of credit
(10
)
2
(8
)
4
1
5
June 30
$
1,050
$
522
$
1,572
$
924
$
461
$
1,385
Loan Portfolio
June 30
$
90,000
$
60,000
$
150,000
$
80,000
$
55,000
$
135,000
"""


def test_bare_years_over_segment_groups_with_day_named_balances():
    f = facts("R27.htm.txt", BARE_YEARS_OVER_GROUPS)
    w = whole(f)
    for end, begin, wo, rec, prov, other, close in (
            ("2021-06-30", 1_500, 300, 100, 280, -8, 1_572), ("2020-06-30", 1_350, 230, 80, 180, 5, 1_385)):
        at = {"period_end": end, "period_start": end[:4] + "-01-01"}
        assert one(w, metric="allowance_begin", **at)["value"] == begin * 1e6
        assert one(w, metric="write_off", **at)["value"] == wo * 1e6
        assert one(w, metric="recovery", **at)["value"] == rec * 1e6
        assert one(w, metric="provision", **at)["value"] == prov * 1e6
        # the transfer to the reserve for commitments is a movement, never the closing balance
        assert one(w, metric="allowance_other", **at)["value"] == other * 1e6
        # the second "June 30" holds the loans: never the allowance
        assert one(w, metric="allowance_end", **at)["value"] == close * 1e6
    # the split names are joined again, once per group
    assert set(pick(f, metric="allowance_begin")["segment"]) == {"", "Business Lending", "Retail Lending"}


def test_period_groups_and_day_named_balances_on_real_pages_stay_right():
    # Ford Credit's "Second Quarter 2019 | First Half 2019" over "Consumer | Non-Consumer | Total"
    # and PACCAR's "Balance at January 1" under one year: the neighbours of the layout above
    f = whole(extract_paths([need(LENDERS / "CIK37996_10Q_2020Q2_R47.txt")]).facts)
    assert not pick(f, metric="allowance_end", period_end="2020-06-30").empty
    g = whole(extract_paths([need(LENDERS / "CIK75362_10Q_2021Q3_R26.txt")]).facts)
    assert one(g, metric="allowance_begin", period_end="2021-09-30")["value"] == 127.0
    assert one(g, metric="allowance_end", period_end="2021-09-30")["value"] == 121.7


# World Acceptance-style finance company 10-Q for Q3 2014, R21 (CIK1519401,
# sec.gov/Archives/edgar/data/1519401/000119312514406328/R21.htm): a second charge-off line
# ("Charge-offs (180+ policy change)") printed "—" in the prior year's columns; and the 20-F of
# CIK1733868 FY2019 R43 (sec.gov/Archives/edgar/data/1733868/000121390020010115/R43.htm), whose
# "Loss recoveries" stand beside a "Recoveries" line of dashes.
TWO_LINES_OF_ONE_ROLE = """|
|Summary of Changes in Allowance for Credit Losses
|
Changes in the allowance for credit losses for the periods indicated are as follows:
|
|
|Three Months Ended
September 30,
|
|
|Nine Months Ended
September 30,
|
|
|
|2016
|
|
|2015
|
|
|2016
|
|
|2015
|
Balance at beginning of period
|
|$
|20,000
|
|
|$
|15,000
|
|
|$
|18,000
|
|
|$
|14,000
|
Provision for credit losses
|
|
|9,000
|
|
|
|6,000
|
|
|
|25,000
|
|
|
|16,000
|
Charge-offs
|
|
|(7,000
|)
|
|
|(5,000
|)
|
|
|(20,000
|)
|
|
|(14,500
|)
Charge-offs (policy change)
|
|
|(1,500
|)
|
|
|
—
|
|
|
|(1,500
|)
|
|
|
—
|
Recoveries
|
|
|500
|
|
|
|400
|
|
|
|1,500
|
|
|
|900
|
Recoveries, other
|
|
|
—
|
|
|
|
—
|
|
|
|
—
|
|
|
|
—
|
Balance at end of period
|
|$
|21,000
|
|
|$
|16,400
|
|
|$
|23,000
|
|
|$
|16,400
|
"""


def test_two_lines_of_one_role_are_summed_when_the_rollforward_foots_and_nil_lines_are_neutral():
    f = whole(facts("R21.htm.txt", TWO_LINES_OF_ONE_ROLE))
    q3_16 = {"period_end": "2016-09-30", "period_start": "2016-07-01"}
    wo = one(f, metric="write_off", **q3_16)
    assert wo["value"] == 8_500  # 20,000 + 9,000 - 7,000 - 1,500 + 500 = 21,000
    assert "2 lines of one role" in wo["note"] and "foots" in wo["note"]
    assert wo["verified_by"] == "rollforward"
    assert one(f, metric="write_off", period_end="2016-09-30", period_start="2016-01-01")["value"] == 21_500
    # the prior year's policy-change line is nil: the other line is the charge-off
    assert one(f, metric="write_off", period_end="2015-09-30", period_start="2015-07-01")["value"] == 5_000
    assert one(f, metric="write_off", period_end="2015-09-30", period_start="2015-01-01")["value"] == 14_500
    assert one(f, metric="recovery", period_end="2015-09-30", period_start="2015-01-01")["value"] == 900


def test_two_lines_that_do_not_foot_together_are_not_summed():
    # the same page with a closing balance that the sum does not reach: nothing proves the sum
    text = TWO_LINES_OF_ONE_ROLE.replace("|21,000", "|22,500")
    f = whole(facts("R21.htm.txt", text))
    assert pick(f, metric="write_off", period_end="2016-09-30", period_start="2016-07-01").empty


def test_unnamed_class_columns_beside_their_total_stay_parts():
    # CIK1127371 (real_banks): a lost header over four classes and their Total; the Total is the
    # sum of the others and stays whole, which the lines-of-one-role rule must not disturb
    f = whole(extract_paths([need(BANKS / "CIK1127371_10K_FY2013_R14.txt")]).facts)
    ends = pick(f, metric="allowance_end", period_end="2013-12-31")
    assert set(ends["value"]) == {9_208_000}
