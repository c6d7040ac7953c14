"""An allowance named in a filer's own words with the word for its end alone: "Provision for
credit losses, beginning" / "…, ending" (a 20-F lender's Details page, EDGAR 1417370 R59, 2018,
whose balances are printed negative and whose movement is "(Addition)/Reversal"). Before, both
balances were read as provisions and contradicted the year's provision. The page here is
invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes

PAGE = """|
9. OTHER RECEIVABLES, NET (Details 3) - CNY (¥)
¥ in Thousands
|12 Months Ended
|
Dec. 31, 2020
|
Dec. 31, 2019
|Other Receivables Net Details 3Abstract
|Provision for credit losses, beginning
|¥ (25,000)
|¥ (31,500)
|Write-off
|4,000
|0
|(Addition)/Reversal
|(1,500)
|6,500
|Provision for credit losses, ending
|¥ (22,500)
|¥ (25,000)
"""


def test_a_balance_named_by_its_reserve_and_the_word_beginning() -> None:
    f = extract_bytes([("R59.txt", PAGE.encode())]).facts
    got = {(r.metric, str(r.period_end)): r.value for r in f.itertuples()}
    assert got[("allowance_begin", "2020-12-31")] == 25_000_000
    assert got[("allowance_end", "2020-12-31")] == 22_500_000
    assert got[("allowance_end", "2019-12-31")] == 25_000_000
    # printed as the allowance's sign (negative): an addition of 1,500 is a charge of 1,500, a
    # reversal of 6,500 a release
    assert got[("provision", "2020-12-31")] == 1_500_000
    assert got[("provision", "2019-12-31")] == -6_500_000
    assert set(f["metric"]) <= {"allowance_begin", "allowance_end", "provision", "write_off"}
