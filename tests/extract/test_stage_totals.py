"""A Japanese bank's 20-F loans table (EDGAR 1022837, 2019): "At March 31, 2019 | At March 31, /
2018" over "12-month ECL | Lifetime ECL not credit-impaired | Lifetime ECL credit-impaired |
Total | Total", the later date's group its Total alone; "Gross loans and advances", then
"Adjust: Unearned income …" and "Less: Allowance for loan losses", "Carrying amount" printed
under the Totals only. Before, no figure had a date, and the adjustment (the line next to the
allowance) was read as the gross. The page here is invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.classify import around_allowance
from dashboard.extract.pipeline import extract_bytes
from dashboard.model.schema import ALLOWANCE

PAGE = """|Summary of Loans and Advances
|
The following table presents loans and advances at March 31, 2019 and 2018.
|
|At March 31, 2019
|
|At March 31,
2018
|
|12-month
ECL
|
|Lifetime ECL
not credit-
impaired
|
|Lifetime ECL
credit-impaired
|
|Total
|
|Total
|
|(In
millions)
|
Loans and advances at amortized cost:
|
Gross loans and advances
|
|900
|
|60
|
|40
|
|1,000
|
|950
|
Adjust: Unearned income, unamortized premiums—net and deferred loan fees—net
|
|(20
|)
|
|(15
|)
|
Less: Allowance for loan losses
|
|(5
|)
|
|(10
|)
|
|(15
|)
|
|(30
|)
|
|(25
|)
|
Carrying amount
|
|950
|
|910
|
"""


def test_each_date_takes_its_total_column() -> None:
    facts = extract_bytes([("loans.txt", PAGE.encode())]).facts
    whole = facts[(facts.segment == "") & (facts.population == "")]
    got = {(r.metric, str(r.period_end)[:10]): r.value for r in whole.itertuples()}
    assert got[("total_loans", "2019-03-31")] == 1_000_000_000
    assert got[("total_loans", "2018-03-31")] == 950_000_000
    assert got[("allowance_end", "2019-03-31")] == 30_000_000
    assert got[("allowance_end", "2018-03-31")] == 25_000_000
    assert got[("net_loans", "2018-03-31")] == 910_000_000


def test_an_adjustment_next_to_the_allowance_is_no_gross() -> None:
    labels = ["Gross loans and advances", "Adjust: Unearned income", "Less: Allowance for loan losses",
              "Carrying amount"]
    assert 1 not in around_allowance(labels, ALLOWANCE)


def test_ifrs_stage_words_are_credit_words() -> None:
    # an Argentine bank's gross loans by ECL stage (EDGAR 1517399, 2019) names no allowance, no
    # past due and no "total loans": only "12-month ECL | Lifetime ECL | Lifetime ECL | Total"
    from dashboard.extract.parsers import looks_like_credit
    assert looks_like_credit("Loan Type | 12-month ECL | Lifetime ECL | Lifetime ECL | Total")
