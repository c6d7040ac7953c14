"""A 10-Q rollforward whose header gives only "Three Months Ended / September 30," over the
loan classes, and whose groups of rows are headed by a bare year ("2020" … "2019").

The layout is that of a real bank's 10-Q page (EDGAR 1163370 R14, 2020 Q3), with a class name of
seven words ("Consumer secured by 1st deed of trust"). Before, no row had a date (every figure
left out), and once dated, "September 30," and the first group's year were read as class
names, shifting every class by one column. The page here is invented in that layout with other
figures and classes."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes

CLASSES = ["Commercial", "Real estate term owner occupied", "Consumer secured by 1st deed of trust",
           "Unallocated", "Total"]


def _row(label: str, *vals: str) -> str:
    return f"|{label}\n" + "".join(f"|{v}\n" for v in vals)


PAGE = ("|Allowance for Loan Losses\n|Allowance for Loan Losses\n"
        "The following tables detail activity in the Allowance for the periods indicated:\n"
        "|Three Months Ended\nSeptember 30,\n" + "".join(f"|{c}\n" for c in CLASSES) + "|2021\n"
        + "|\n" * 5
        + _row("Balance, beginning of period", "$1,000", "$500", "$300", "$200", "$2,000")
        + _row("Charge-Offs", "(40)", "—", "(10)", "—", "(50)")
        + _row("Recoveries", "5", "—", "—", "—", "5")
        + _row("Provision (benefit)", "35", "20", "(10)", "5", "50")
        + _row("Balance, end of period", "$1,000", "$520", "$280", "$205", "$2,005")
        + "|2020\n" + "|\n" * 5
        + _row("Balance, beginning of period", "$900", "$450", "$350", "$100", "$1,800")
        + _row("Charge-Offs", "(20)", "—", "—", "—", "(20)")
        + _row("Recoveries", "2", "—", "1", "—", "3")
        + _row("Provision (benefit)", "18", "10", "(11)", "3", "20")
        + _row("Balance, end of period", "$900", "$460", "$340", "$103", "$1,803"))


def test_bare_years_date_their_groups_and_name_no_class() -> None:
    f = extract_bytes([("R14.txt", PAGE.encode())]).facts
    whole = f[f["segment"].fillna("") == ""]
    got = {(r.metric, str(r.period_start), str(r.period_end)): r.value for r in whole.itertuples()}
    assert got[("allowance_begin", "2021-07-01", "2021-09-30")] == 2_000
    assert got[("allowance_end", "2021-07-01", "2021-09-30")] == 2_005
    assert got[("provision", "2020-07-01", "2020-09-30")] == 20
    assert got[("write_off", "2020-07-01", "2020-09-30")] == 20
    assert set(f["segment"].dropna()) - {""} == set(CLASSES[:-1])
    seven = f[(f["segment"] == "Consumer secured by 1st deed of trust") & (f["metric"] == "allowance_begin")]
    assert sorted(seven["value"]) == [300, 350]
