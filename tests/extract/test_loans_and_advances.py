"""An IFRS filer's loans note (a Colombian bank's 20-F, EDGAR 1071371, 2020): the classes, "Total
gross loans and advances to customers", "Total allowance", "Total Net loans and advances to
customers", then the allowance's rollforward by class with "+ Credit impairment charges on loans,
advances and financial leases, net" and "- Charges-off". Before, neither total nor the year's
charge and write-offs were read. The page here is invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.extract.pipeline import extract_bytes
from dashboard.model.schema import ALLOWANCE


def test_the_rollforward_lines() -> None:
    assert label_role("- Charges-off", ALLOWANCE) == "write_off"
    assert label_role("+ Credit impairment charges on loans, advances and financial leases, net",
                      ALLOWANCE) == "provision"
    assert label_role("Total allowance", ALLOWANCE) == "allowance_balance"


PAGE = """|LOANS AND ADVANCES TO CUSTOMERS, NET
|
NOTE 6. LOANS AND ADVANCES TO CUSTOMERS, NET
|
Composition
|
December 31, 2020
|
December 31, 2019
|
In millions of COP
|
Commercial
|
1,000
|
900
|
Consumer
|
500
|
450
|
Mortgage
|
300
|
250
|
Total gross loans and advances to customers
|
1,800
|
1,600
|
Total allowance
|
(120)
|
(100)
|
Total Net loans and advances to customers
|
1,680
|
1,500
"""


def test_the_whole_book_and_its_allowance() -> None:
    facts = extract_bytes([("loans.txt", PAGE.encode())]).facts
    whole = facts[(facts.segment == "") & (facts.population == "")]
    got = {(r.metric, str(r.period_end)[:10]): (r.value, r.currency) for r in whole.itertuples()}
    assert got[("total_loans", "2020-12-31")] == (1_800_000_000, "COP")
    assert got[("total_loans", "2019-12-31")] == (1_600_000_000, "COP")
    assert got[("allowance_end", "2020-12-31")] == (120_000_000, "COP")
    assert got[("allowance_end", "2019-12-31")] == (100_000_000, "COP")


# a Brazilian bank's loans note (EDGAR 1471055, 2024): the book's parts under "Comprising:", then
# the next table's unit and years printed again ("Thousand of Reais | 2024 | 2023") over its
# types and their "Total". Before, the allowance was filed under a class named "Comprising" and
# the types were read as rows of the first table, their Total never the book's.
TWO_TABLES = """|
Loans and advances to clients (Tables)
|12 Months Ended
Dec. 31, 2024
|Schedule of classification, of the balances of loans and advances to clients
|
|Thousand of Reais
|2024
|2023
|Classification:
|
|
|Financial assets measured at amortized cost
|700
|600
| Comprising:
|
|
| Loans and advances to customers at amortized cost
|760
|650
| Allowance for loan losses due to impairment
|(60)
|(50)
|Loans and advances to customers, net
|700
|600
|
|Thousand of Reais
|2024
|2023
|Type:
|
|
|Loan operations
|500
|400
|Leasing operations
|100
|90
|Other receivables
|160
|160
|Total
|760
|650
"""


def test_a_table_under_the_first_with_its_unit_and_years_again() -> None:
    facts = extract_bytes([("brl.txt", TWO_TABLES.encode())]).facts
    whole = facts[(facts.segment == "") & (facts.population == "")]
    got = {(r.metric, str(r.period_end)[:10]): (r.value, r.currency) for r in whole.itertuples()}
    assert got[("allowance_end", "2024-12-31")] == (60_000, "BRL")
    assert got[("total_loans", "2024-12-31")] == (760_000, "BRL")
    assert got[("total_loans", "2023-12-31")] == (650_000, "BRL")
    assert not facts[facts.segment.str.contains("Comprising")].shape[0]


# a Dutch bank's half-year 6-K (EDGAR 1039765, 2019): dates run together ("30June2019"), the
# classes' total and the net after "Loan loss provisions" printed unlabelled, each run by the
# rendering into the line above it. Before, no column had a date and nothing was read.
EUR_PAGE = """|Loans and advances to customers
|
|5 Loans and advances to customers
|Loans and advances to customers by type
|Total
|30June2019
|31December2018
|Loans secured by mortgages
|300
|280
|Personal lending
|50
|40
|Corporate loans
|150
|130
|500
|450
|Loan loss provisions
|–20
|–15
|480
|435
As at 30 June 2019, Loans and advances to customers includes receivables amounting to EUR 1 million.
The following table show the reconciliations from the opening to the closing balance of the loan loss provisions.
|Changes in Loan loss provisions
|Total
|Opening balance as at 1 January 2019
|15
|Write-offs
|–2
"""


def test_unlabelled_total_and_net_and_glued_dates() -> None:
    facts = extract_bytes([("eur.txt", EUR_PAGE.encode())]).facts
    whole = facts[(facts.segment == "") & (facts.population == "")]
    got = {(r.metric, str(r.period_end)[:10]): r.value for r in whole.itertuples()}
    assert got[("total_loans", "2019-06-30")] == 500
    assert got[("total_loans", "2018-12-31")] == 450
    assert got[("allowance_end", "2019-06-30")] == 20
    assert got[("allowance_end", "2018-12-31")] == 15
    assert not (facts.metric == "provision").any()
