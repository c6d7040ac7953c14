"""Text renderings in layouts the shared corpus does not show, written here in the real
pipe-prefixed style of EDGAR "Details" pages (figures invented for the test)."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
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
    assert one(f, metric="nonaccrual", period_end="2023-12-31")["value"] == 300_000
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


BANK_ROLLFORWARD = """|Allowance Roll-forward
|
Allowance for credit losses - roll-forward
The following table presents allowance activity by portfolio segment.
|(dollar amounts in millions)
|Commercial
|Consumer
|Total
|Six months ended June 30, 2025
|ALLL balance, beginning of period
|$
|1,000
|$
|500
|$
|1,500
|Loan charge-offs
|(40)
|(30)
|(70)
|Recoveries of loans previously charged-off
|10
|5
|15
|Provision (benefit) for loan losses
|(5)
|45
|40
|ALLL balance, end of period
|$
|965
|$
|520
|$
|1,485
|AULC balance, beginning of period
|$
|60
|$
|40
|$
|100
|Provision (benefit) for unfunded lending commitments
|(5)
|(10)
|(15)
|AULC balance, end of period
|$
|55
|$
|30
|$
|85
|ACL balance, end of period
|$
|1,020
|$
|550
|$
|1,570
"""


def test_bank_rollforward_with_segment_columns_and_stacked_reserves():
    from dashboard.facts.checks import run_checks

    f = facts("R30.txt", BANK_ROLLFORWARD)
    assert set(f["currency"]) == {"USD"} and set(f["scale"]) == {1_000_000}
    alll = pick(f, population="ALLL", segment="Commercial")
    assert one(alll, metric="allowance_begin")["value"] == 1_000e6
    assert one(alll, metric="write_off")["value"] == 40e6
    assert one(alll, metric="provision")["value"] == -5e6  # "(5)" is a release, not a footnote
    assert str(one(alll, metric="allowance_end")["period_start"]) == "2025-01-01"  # six months
    assert one(f, population="AULC", segment="", metric="allowance_end")["value"] == 85e6
    assert one(f, population="ACL", segment="", metric="allowance_end")["value"] == 1_570e6
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 6 and set(ties["status"]) == {"ok"}


def _quarterly_rendering() -> str:
    """A 10-Q table rendered one cell per line, "$" and ")" in cells of their own."""
    lines = ["|Allowance for Credit Losses", "An analysis of the allowance is presented in", "the following table:"]
    for word in ("Three Months", "Six Months", "Ended", "Ended", "June 30,", "June 30,",
                 "2025", "2024", "2025", "2024", "(in millions)"):
        lines += [word, "|", "|"]

    def row(label: str, vals: list[str]) -> list[str]:
        out = [label, "|"]
        for v in vals:
            if v.startswith("$"):
                out += ["$", "|", v[1:], "|"]
            elif v.startswith("("):
                out += [v, "|", ")", "|"]
            else:
                out += [v, "|"]
        return out

    lines += row("Balance at beginning of period", ["$900", "$800", "$850", "$790"])
    lines += row("Provision for credit losses", ["100", "60", "180", "95"])
    lines += row("Charge-offs", ["(70", "(50", "(120", "(80"])
    lines += row("Recoveries", ["10", "5", "30", "10"])
    lines += row("Balance at end of period", ["$940", "$815", "$940", "$815"])
    return "\n".join(lines) + "\n"


def test_quarter_and_half_year_columns_with_split_parentheses():
    from dashboard.facts.checks import run_checks

    f = facts("R16.txt", _quarterly_rendering())
    q = f[f["period_start"].astype(str) == "2025-04-01"]
    h = f[f["period_start"].astype(str) == "2025-01-01"]
    assert one(q, metric="write_off")["value"] == 70e6
    assert one(h, metric="write_off")["value"] == 120e6
    assert one(h, metric="allowance_begin")["value"] == 850e6
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 4 and set(ties["status"]) == {"ok"}


ADOPTION_AND_SCRAMBLE = """|Loans receivable, net
|
The movement of the allowance for credit losses is as follows:
For the Year Ended December 31
2022
2023
RMB
RMB
Beginning balance prior to ASC 326
(1,000)
(1,500)
Impact of adoption of ASC 326
(200)
—
Balance at beginning of the year
(1,200)
(1,500)
Provision
(900)
(700)
Write\u2011offs
600
650
Balance at end of the year
(1,500)
(1,550)
The aging analysis of loans receivable by due date as of December 31, 2022 and 2023 is as follows:
Past Due
91 Days
or
Total Past
1\u201130 Days
31\u201160 Days
61\u201190 Days
Greater
Due
Current
Total
As of December 31, 2022
50
40
30
80
200
9,800
10,000
As of December 31, 2023
60
45
35
90
230
9,770
10,000
"""


def test_adoption_rows_non_breaking_hyphens_and_a_scrambled_header_put_right_by_arithmetic():
    from dashboard.facts.checks import run_checks

    f = facts("R14.txt", ADOPTION_AND_SCRAMBLE)
    y22 = f[f["period_start"].astype(str) == "2022-01-01"]
    # the period opens before the adoption (the adjustment is a line of its own); the opening
    # after it is the adjusted opening, a subtotal
    assert one(y22, metric="allowance_begin")["value"] == 1_000
    assert one(y22, metric="allowance_begin_adjusted")["value"] == 1_200
    assert pick(y22, metric="allowance_begin_before_adoption").empty
    assert one(y22, metric="write_off")["value"] == 600  # "Write\u2011offs"
    aging = pick(f, metric="past_due", period_end="2023-12-31")
    assert sorted(zip(aging["days_from"], aging["value"], strict=True)) == [
        (1, 60), (31, 45), (61, 35), (91, 90)]
    assert one(f, metric="past_due_total", period_end="2023-12-31")["value"] == 230
    checks = run_checks(f)
    assert len(checks) == 6 and set(checks["status"]) == {"ok"}


TRANSLATION = """|FINANCING RECEIVABLES
|
Movement of allowance for financing receivables was as follows:
As of December 31,
2023
2024
RMB
RMB
US$
Balance at the beginning of the year
6,000
5,000
700
Reversal
(2,000)
(1,500)
(210)
Recovery
1,000
900
126
Balance at the end of the year
5,000
4,400
616
"""


def test_a_convenience_translation_column_is_the_last_year_in_us_dollars():
    from dashboard.facts.checks import run_checks

    f = facts("R13.txt", TRANSLATION)
    usd = f[f["currency"] == "USD"]
    assert set(usd["period_end"].astype(str)) == {"2024-12-31"}
    assert one(usd, metric="provision")["value"] == -210  # a reversal
    assert one(f, currency="CNY", metric="allowance_end", period_end="2023-12-31")["value"] == 5_000
    ties = run_checks(f)
    assert len(ties) == 3 and set(ties["status"]) == {"ok"}  # an "As of" header over a movement


GROSS_NET_NONACCRUAL = """|Receivables
|
4.1 Receivables consist of the following:
As of December 31,
2023
2024
RMB
RMB
US$
Loan principal and service fee receivables
1,000,000
800,000
110,000
Less: allowance for loan principal and service fee receivables
(100,000
)
(90,000
)
(12,000
)
Loan principal and service fee receivables, net
900,000
710,000
98,000
4.2 The following table presents nonaccrual loan principal as of December 31, 2023 and 2024.
As of December 31,
2023
2024
RMB
RMB
US$
Nonaccrual loan principal
50,000
40,000
5,500
Less: allowance for nonaccrual loan principal
(45,000
)
(38,000
)
(5,200
)
Nonaccrual loan principal, net
5,000
2,000
300
"""


def test_gross_and_net_lines_are_known_by_their_place_around_less_allowance():
    f = facts("R10.txt", GROSS_NET_NONACCRUAL)
    assert one(f, metric="total_loans", period_end="2024-12-31", currency="CNY")["value"] == 800_000
    assert one(f, metric="allowance_end", period_end="2024-12-31", currency="USD")["value"] == 12_000
    assert one(f, metric="net_loans", period_end="2023-12-31")["value"] == 900_000
    assert one(f, metric="nonaccrual_allowance", period_end="2024-12-31", currency="CNY")["value"] == 38_000
    assert one(f, metric="nonaccrual_net", period_end="2024-12-31", currency="CNY")["value"] == 2_000
    assert one(f, metric="nonaccrual", period_end="2023-12-31")["value"] == 50_000
