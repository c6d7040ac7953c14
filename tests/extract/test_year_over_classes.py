"""A Korean bank's 20-F allowance note (EDGAR 1445930 R16, 2017): each year's table is headed by
the bare year over its classes ("2016 | Retail | Corporate | Credit card | Total"), the caption
covers "the years ended December 31, 2016 and 2017", the won sign is a cell of its own ("￦"),
the balances are "Beginning" and "Ending", and "Sale and repurchase" and "Business combination"
move the allowance. Before, nothing came out (no date, the ￦ cells broke the rows). The page
here is invented in that layout with other figures."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes


def _row(label: str, *vals: str, sign: bool = False) -> str:
    cells = "".join(f"|\n|￦\n|{v}\n|\n" if sign else f"|\n|\n|{v}\n|\n" for v in vals)
    return f"{label}\n{cells}"


PAGE = ("|Disclosure Of Allowance For Credit Losses Explanatory\n|\n8. Allowances for Loan Losses\n"
        "Changes in the allowances for loan losses for the years ended December 31, 2020 and 2021, "
        "are as follows:\n|\n|\n|2020\n|\n|Retail\n|\n|Corporate\n|\n|Total\n|\n"
        "|(In millions of Korean won)\n|\n"
        + _row("Beginning", "100,000", "200,000", "300,000", sign=True)
        + _row("Written-off", "(40,000", "(30,000", "(70,000")
        + _row("Recoveries from written-off loans", "10,000", "5,000", "15,000")
        + _row("Sale and repurchase", "(2,000", "—", "(2,000")
        + _row("Provision", "35,000", "20,000", "55,000")
        + _row("Business combination", "7,000", "—", "7,000")
        + _row("Ending", "110,000", "195,000", "305,000", sign=True))


def test_the_year_over_the_classes_dates_the_table_in_won() -> None:
    f = extract_bytes([("R16.txt", PAGE.encode())]).facts
    whole = f[f["segment"].fillna("") == ""]
    got = {r.metric: r.value for r in whole.itertuples()}
    assert got["allowance_begin"] == 300_000e6 and got["allowance_end"] == 305_000e6
    assert got["provision"] == 55_000e6 and got["write_off"] == 70_000e6
    assert got["allowance_other"] == 5_000e6  # sale and repurchase −2,000, business combination 7,000
    assert set(whole["currency"]) == {"KRW"}
    assert {str(d) for d in whole["period_end"]} == {"2020-12-31"}
    assert {str(d) for d in whole["period_start"]} == {"2020-01-01"}
    assert set(whole["verified_by"]) == {"rollforward"}
