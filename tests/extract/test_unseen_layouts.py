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
