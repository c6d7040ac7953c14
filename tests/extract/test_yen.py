"""A Japanese filer's 20-F prints "¥" beside its figures under a "Millions of yen" heading (a
leasing and finance company's R48, EDGAR 1070304, 2013). Before, the "¥" was read as the
renminbi and the heading, with no "in" and no parentheses, as no scale at all. The page here is
invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
from dashboard.model.units import currency_in, scale_statements


def test_the_yen_sign_and_heading() -> None:
    assert scale_statements("Millions of\nyen") == {"JPY": 1_000_000}
    assert currency_in("¥ 17,096 … Millions of yen") == "JPY"
    assert currency_in("RMB ¥ 17,096") == "CNY"  # a renminbi page keeps its ¥
    assert scale_statements("Millions of dollars") == {}


PAGE = """|
Allowance for Credit Losses (Tables)
|12 Months Ended
|
Mar. 31, 2015
|Information about Allowance for Credit Losses
|
The following table provides information about the allowance for credit losses for fiscal 2014:
|
|March 31,
2015
|
|Millions of
yen
|
|Loans
|
|Total
|
Beginning balance
|
|¥
|10,000
|
|¥
|12,000
|
Provision charged to income
|
|
|2,000
|
|
|2,500
|
Charge-offs
|
|
|(3,000
|)
|
|
|(3,500
|)
|
Ending balance
|
|¥
|9,000
|
|¥
|11,000
|
"""


def test_a_yen_table_is_in_yen_and_millions() -> None:
    f = extract_bytes([("R48.txt", PAGE.encode())]).facts
    assert not f.empty
    assert set(f["currency"]) == {"JPY"}
    assert set(f["scale"]) == {1_000_000} and set(f["scale_basis"]) == {"stated"}
