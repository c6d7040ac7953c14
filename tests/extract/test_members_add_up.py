"""Short rows of Details pages placed by arithmetic across rows and columns.

Invented pages in the layout of two real EDGAR R pages: the lease-receivable aging Details of
CIK 1729173's 20-F for 2018 (R93: the whole portfolio's lines print 2 figures under 3 date
columns; the members' complete lines add up to them down each column), and the allowance
Details of CIK 1005817's 10-K for 2015 (R70: 8 quarter and 3 year columns; balances print 5
figures, recoveries and charge-offs 3, and the rollforward ties down the year columns only).
"""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
from tests.conftest import one, pick


def _facts(name: str, text: str):
    r = extract_bytes([(name, text.encode())])
    assert r.issues == []
    return r.facts


def _page(title: str, head: list[str], lines: list[str]) -> str:
    return "\n".join(["|", title, "$ in Thousands", *head, *lines, "|X", "- Definition", "+ References"])


LEASE_AGING = _page(
    "LEASE RECEIVABLES - Aging analysis of past due lease receivables (Details) - USD ($)",
    ["|", "Dec. 31, 2018", "|", "Dec. 31, 2017", "|", "Dec. 31, 2016"],
    ["|Lease receivables, aging of past due",
     "|Total past due", "|$ 5,000", "|$ 8,000",
     "|Current", "|200,000", "|300,000",
     "|Total", "|205,000", "|308,000",
     "|Above 90 days", "|Lease receivables, aging of past due", "|Total past due", "|5,000", "|6,000",
     "|Trucks", "|Lease receivables, aging of past due",
     "|Current", "|150,000", "|300,000",
     "|Total", "|150,000", "|300,000", "|$ 250,000",
     "|Retail", "|Lease receivables, aging of past due",
     "|Total past due", "|5,000", "|8,000",
     "|Current", "|50,000",
     "|Total", "|55,000", "|8,000", "|$ 40,000"])


def test_whole_portfolio_lines_placed_where_the_members_add_up_to_them():
    f = _facts("R93.txt", LEASE_AGING)
    whole = pick(f, segment="")
    got = {(r.metric, str(r.period_end)): r.value for r in whole.itertuples() if r.metric != "past_due"}
    assert got == {("past_due_total", "2018-12-31"): 5_000_000, ("past_due_total", "2017-12-31"): 8_000_000,
                   ("current", "2018-12-31"): 200_000_000, ("current", "2017-12-31"): 300_000_000,
                   ("total_loans", "2018-12-31"): 205_000_000, ("total_loans", "2017-12-31"): 308_000_000}
    # the 2016 column holds only the members' totals: nothing of the whole is made up there
    assert pick(whole, period_end="2016-12-31").empty
    assert one(f, metric="current", segment="Retail", period_end="2018-12-31")["value"] == 50_000_000
    assert "members adding up" in one(whole, metric="total_loans", period_end="2018-12-31")["note"]


QUARTERS = ["Dec. 31, 2015", "Sep. 30, 2015", "Jun. 30, 2015", "Mar. 31, 2015",
            "Dec. 31, 2014", "Sep. 30, 2014", "Jun. 30, 2014", "Mar. 31, 2014"]
ALLOWANCE_DETAILS = _page(
    "Allowance for Loan and Lease Losses (Details) - USD ($)",
    ["|3 Months Ended", "|12 Months Ended",
     *(x for d in [*QUARTERS, "Dec. 31, 2015", "Dec. 31, 2014", "Dec. 31, 2013"] for x in ("|", d))],
    ["|Movement in allowance for Loan and Lease Losses:",
     "|Beginning balance", "|$ 28,113", "|$ 27,052", "|$ 28,113", "|$ 27,052", "|$ 24,809",
     "|Provision (credit)", "|$ 1,402", "|$ 263", "|$ 547", "|$ 205", "|$ 1,488", "|$ (47)", "|$ 71",
     "|$ 699", "|2,417", "|2,211", "|5,980",
     "|Recoveries on loans and leases", "|2,651", "|3,074", "|5,112",
     "|Charge-offs on loans and leases", "|(2,893)", "|(4,224)", "|(8,849)",
     "|Ending Balance", "|$ 30,288", "|$ 28,113", "|$ 30,288", "|$ 28,113", "|$ 27,052"])


def test_an_eleven_column_rollforward_is_placed_by_the_year_columns_that_tie():
    f = _facts("R70.txt", ALLOWANCE_DETAILS)
    years = {2015: (28_113, 2_417, 2_651, 2_893, 30_288), 2014: (27_052, 2_211, 3_074, 4_224, 28_113),
             2013: (24_809, 5_980, 5_112, 8_849, 27_052)}
    for year, want in years.items():
        year_facts = pick(f, period_start=f"{year}-01-01", period_end=f"{year}-12-31")
        got = tuple(one(year_facts, metric=m)["value"] / 1000 for m in
                    ("allowance_begin", "provision", "recovery", "write_off", "allowance_end"))
        assert got == want
    # the quarter columns tie nothing: their balances are left out, no flow made nil there
    quarters = f[f["period_start"].astype(str).str[5:] != "01-01"]
    assert set(quarters["metric"]) == {"provision"} and len(quarters) == 6
