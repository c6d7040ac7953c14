"""Yearly rollforwards stacked in one table whose balance lines are shared: "Balance at December
31, 2009" closes 2009 and opens 2010 (a real bank's 10-K 2011 R page, EDGAR 1027183 R11). Before,
the middle year's flows were lost and its closing balance read only as the next year's opening.
The page here is invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes


def _cells(*cells: str) -> str:
    return "".join(f"{c}\n|\n" for c in cells)


PAGE = ("|Allowance for Loan Losses [Text Block]\n|\nActivity in the allowance for loan losses for "
        "the years ended December 31, 2014, 2013 and 2012 is summarized as follows:\n|\n|\n"
        + _cells("Balance\nat December 31, 2011", "$", "5,000,000")
        + _cells("Provisions\nfor loan losses", "1,200,000")
        + _cells("Loans\ncharged off", "(900,000", ")")
        + _cells("Recoveries", "100,000")
        + _cells("Balance\nat December 31, 2012", "5,400,000")
        + _cells("Provisions\nfor loan losses", "800,000")
        + _cells("Loans\ncharged off", "(1,000,000", ")")
        + _cells("Recoveries", "200,000")
        + _cells("Balance\nat December 31, 2013", "5,400,000")
        + _cells("Provisions\nfor loan losses", "300,000")
        + _cells("Loans\ncharged off", "(600,000", ")")
        + _cells("Recoveries", "100,000")
        + _cells("Balance\nat December 31, 2014", "$", "5,200,000"))


def test_a_shared_balance_closes_one_year_and_opens_the_next() -> None:
    f = extract_bytes([("R11.txt", PAGE.encode())]).facts
    got = {(r.metric, r.period_end.year): r.value for r in f.itertuples()}
    for year, begin, prov, wo, rec, end in ((2012, 5_000_000, 1_200_000, 900_000, 100_000, 5_400_000),
                                            (2013, 5_400_000, 800_000, 1_000_000, 200_000, 5_400_000),
                                            (2014, 5_400_000, 300_000, 600_000, 100_000, 5_200_000)):
        assert (got[("allowance_begin", year)], got[("provision", year)], got[("write_off", year)],
                got[("recovery", year)], got[("allowance_end", year)]) == (begin, prov, wo, rec, end)
    assert set(f["verified_by"]) == {"rollforward"}
    assert len(f) == 15
