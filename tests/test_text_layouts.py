"""Text renderings in layouts the shared corpus does not show, written here in the real
pipe-prefixed style of EDGAR "Details" pages (figures invented for the test)."""

from __future__ import annotations

from dashboard.pipeline import extract_bytes
from tests.conftest import one, pick


def facts(name: str, text: str):
    r = extract_bytes([(name, text.encode())])
    assert r.issues == []
    return r.facts


DETAILS = """|
Receivables - Aging analysis (Details) - CNY (¥)
¥ in Thousands
|
Dec. 31, 2024
|
Dec. 31, 2023
|Receivables
|Past Due
|¥ 1,500
|¥ 1,100
|Current
|20,000
|18,000
|Total receivables
|21,500
|19,100
|Receivables in non accrual status
|400
|300
|1 - 30 Days Past Due
|Receivables
|Past Due
|700
|600
|31 - 60 Days Past Due
|Receivables
|Past Due
|400
|200
|Over 60 Days Past Due
|Receivables
|Past Due
|¥ 400
|¥ 300
|X
- Definition
+ References
"""


def test_details_page_with_abstract_heading_under_each_member():
    f = facts("R70.htm.txt", DETAILS)
    assert set(f["segment"]) == {""}  # "Receivables" is the abstract, not a member
    assert one(f, metric="past_due_total", period_end="2024-12-31")["value"] == 1_500_000
    assert one(f, metric="nonaccrual_loans", period_end="2023-12-31")["value"] == 300_000
    buckets = pick(f, metric="past_due", period_end="2024-12-31")
    assert sorted(zip(buckets["days_from"], buckets["value"], strict=True)) == [
        (1, 700_000), (31, 400_000), (61, 400_000)]


NARRATIVE = """|
Risk assurance liabilities
|12 Months Ended
Dec. 31, 2024
|
The maximum potential undiscounted future payment under the risk assurance obligation is RMB12,345,678,901 and RMB9,876,543,210 (US$1,353,000,000) as of December 31, 2023 and 2024, respectively.
The maximum potential undiscounted future payment for the guarantee liabilities was nil and nil as of December 31, 2023 and 2024.
"""


def test_narrative_full_figures_and_bare_nil():
    f = facts("R18.txt", NARRATIVE)
    big = one(f, metric="max_exposure", currency="CNY", period_end="2023-12-31",
              segment="risk assurance liabilities")
    assert big["value"] == 12_345_678_901
    assert big["scale_basis"] == "inferred" and "printed in full" in big["note"]
    assert one(f, currency="USD")["value"] == 1_353_000_000
    nil = pick(f, segment="guarantee liabilities")
    assert sorted(nil["value"]) == [0, 0] and set(nil["currency"]) == {"CNY"}
