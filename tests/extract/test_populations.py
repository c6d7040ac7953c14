"""Receivable populations reported side by side (issue 13): each fact names its population,
so one filer, metric and date never has two different unsegmented totals."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import pick_population
from dashboard.extract.pipeline import extract_bytes
from dashboard.facts.checks import run_checks
from dashboard.facts.consolidate import consolidate
from tests.conftest import CORPUS, need, one, pick

TWO_POPULATIONS = """Financing Receivables - Allowance (Details) - USD ($)
$ in Millions
The following table presents the activity in the allowance for credit losses on customer financing receivables:
| | 2023 | 2022
| Balance at beginning of year | $ 58 | $ 71
| Provision (benefit) | 12 | (9)
| Write-offs | (6) | (4)
| Balance at end of year | $ 64 | $ 58
The following table presents the activity in the allowance for credit losses on other receivables:
| | 2023 | 2022
| Balance at beginning of year | $ 19 | $ 17
| Provision (benefit) | 3 | 2
| Write-offs | (1) | 0
| Balance at end of year | $ 21 | $ 19
"""


def facts(name: str, text: str):
    r = extract_bytes([(name, text.encode())])
    assert r.issues == []
    return r.facts


def test_each_table_names_its_population_and_totals_stay_apart():
    f = facts("R40.txt", TWO_POPULATIONS)
    assert set(f["population"]) == {"customer financing receivables", "other receivables"}
    assert set(f["segment"]) == {""}
    cust = pick(f, population="customer financing receivables")
    other = pick(f, population="other receivables")
    assert one(cust, metric="allowance_end", period_end="2023-12-31")["value"] == 64e6
    assert one(other, metric="allowance_end", period_end="2023-12-31")["value"] == 21e6
    checks = run_checks(f)
    assert (checks[checks["check"] == "allowance rollforward ties"]["status"] == "ok").sum() == 4
    assert checks[checks["check"] == "one unsegmented total per metric and date"].empty
    # consolidated: one value per metric, date and population; none lost
    c = consolidate(f)
    key = ["entity", "metric", "population", "segment", "period_start", "period_end"]
    assert not c.duplicated(key).any()
    assert len(pick(c, metric="allowance_end", period_end="2023-12-31")) == 2


def test_two_unsegmented_totals_without_a_population_are_flagged():
    text = TWO_POPULATIONS.replace(" on customer financing receivables", "").replace(" on other receivables", "")
    f = facts("R40.txt", text)
    assert set(f["population"]) == {""}
    conflicts = run_checks(f)
    conflicts = conflicts[conflicts["check"] == "one unsegmented total per metric and date"]
    assert set(conflicts["status"]) == {"conflict"}
    end23 = conflicts[(conflicts["detail"].str.startswith("allowance_end 2023-12-31"))]
    assert len(end23) == 1 and "21,000,000" in end23["detail"].iloc[0] and "64,000,000" in end23["detail"].iloc[0]


def test_a_chart_series_takes_one_population():
    f = facts("R40.txt", TWO_POPULATIONS)
    main = pick_population(f)
    assert main["population"].nunique() == 1
    chosen = pick_population(f, "other receivables")
    assert set(chosen["population"]) == {"other receivables"} and len(chosen) == 8
    # the filer's own unnamed total wins by default when it is reported
    plain = facts("R41.txt", TWO_POPULATIONS.split("The following table presents the activity in the "
                                                   "allowance for credit losses on other")[0]
                  .replace(" on customer financing receivables", ""))
    plain["entity"] = f["entity"].iloc[0]  # the same filer's other page
    both = pd.concat([f, plain], ignore_index=True)
    assert set(pick_population(both)["population"]) == {""}


def test_an_r_page_title_names_its_population():
    path = need(CORPUS / "text_extracts" / "QD_1692705_20F_FY2022_R67.txt")
    r = extract_bytes([(path.name, path.read_bytes())])
    assert set(r.facts["population"]) == {"Domestic consumer loans - Uncollateralized"}


def test_r_page_titles_without_a_member_name_no_population():
    from dashboard.extract.table import population_in_title

    assert population_in_title("Loans Receivable, Net (Details) - CNY (¥)") == ""
    assert population_in_title("Loans (Details) - USD ($) $ in Thousands") == ""
    assert population_in_title("Receivables (Details) - Customer financing [Member] - USD ($)") == "Customer financing"
    # older filings title a page "(Detail)"
    assert population_in_title("Loan Principal - Aging (Detail) - Consumer Portfolio Segment [Member]"
                               " - CNY (¥)") == "Consumer Portfolio Segment"
    assert population_in_title("Loans (Detail) - CNY (¥)") == ""


# ---------------------------------------------------------------------------------------------
# The scale a filing never states: the analyst says it
# ---------------------------------------------------------------------------------------------
UNSTATED = """Loans (Details)
The following table presents the aging of loans receivable:
| | Dec. 31, 2024
| 1-30 days past due | 1,204
| 31-60 days past due | 310
| Current | 41,288
| Total loans receivable | 42,802
"""
STATED = UNSTATED.replace("Loans (Details)", "Loans (Details) - USD ($)\n$ in Millions")


def test_a_given_scale_changes_only_assumed_figures(tmp_path):
    import subprocess
    import sys

    from dashboard.extract.scale import apply_given_scale

    f = facts("R50.txt", UNSTATED)
    assert set(f["scale_basis"]) == {"assumed"}
    g = apply_given_scale(f, "thousands")
    assert set(g["scale_basis"]) == {"given"} and set(g["scale"]) == {1000}
    assert one(g, metric="current")["value"] == 41_288_000
    assert all("given by the analyst (thousands)" in n for n in g["note"])
    stated = facts("R51.txt", STATED)
    kept = apply_given_scale(stated, "thousands")
    assert kept.equals(stated)  # a stated scale is never overridden
    # per filer, persisted choices win over the batch-wide word
    per = apply_given_scale(pd.concat([f, stated]), "units", per_filer={"R50": "millions"})
    assert one(per[per["entity"] == "R50"], metric="current")["value"] == 41_288_000_000
    # the command line
    page = tmp_path / "R50.txt"
    page.write_text(UNSTATED)
    out = subprocess.run([sys.executable, "-m", "dashboard", "extract", str(page), "--assume-scale", "thousands"],
                         capture_output=True, text=True, check=True)
    assert ",41288000.0,USD,1000,given," in out.stdout or ",41288000.0,,1000,given," in out.stdout


def test_the_store_keeps_a_filers_given_scale(tmp_path):
    import pytest

    from dashboard.analysis import scale_basis_note
    from dashboard.extract.scale import apply_given_scale
    from dashboard.library import Library

    store = Library.open(tmp_path / "library").labels
    store.set_filer_scale("R50", "thousands")
    assert Library.open(tmp_path / "library").labels.filer_scales() == {"R50": "thousands"}
    with pytest.raises(ValueError):
        store.set_filer_scale("R50", "dozens")
    f = apply_given_scale(facts("R50.txt", UNSTATED), per_filer=store.filer_scales())
    assert "scale given by the analyst (5 figures)" in scale_basis_note(f)
    store.set_filer_scale("R50", "")
    assert store.filer_scales() == {}
