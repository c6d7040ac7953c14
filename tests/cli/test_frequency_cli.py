"""`--frequency annual|quarterly` on the command line, on a real 10-Q page that prints three,
nine and twelve months (CIK705432): the table, the facts and the workbook show one duration."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT.parent / "shared" / "corpus" / "real_banks" / "text_extracts" / \
    "CIK705432_10Q_2024Q3_R48.txt"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def page() -> str:
    if not PAGE.exists():
        pytest.skip(f"the shared corpus is not beside the project ({PAGE})")
    return str(PAGE)


def _whole(out: str) -> pd.DataFrame:
    t = pd.read_csv(io.StringIO(out), keep_default_na=False)
    return t[t["segment"] == ""].set_index("period_label")


def test_allowance_table_per_frequency(page: str) -> None:
    code, out, _ = run("extract", page, "--table", "allowance", "--frequency", "quarterly")
    assert code == 0
    q = _whole(out)
    assert list(q.index) == ["FY2023 Q3", "FY2023 Q4", "FY2024 Q3"]
    assert float(q.loc["FY2023 Q4", "write_off"]) == 4_204_000 - 2_632_000  # FY − 9M
    assert bool(q.loc["FY2023 Q4", "derived"])
    assert "FY2023 9M" in q.loc["FY2023 Q4", "derivation"]
    code, out, _ = run("extract", page, "--table", "allowance")  # annual by default
    a = _whole(out)
    assert list(a.index) == ["FY2023", "FY2024 9M"]
    assert float(a.loc["FY2023", "write_off"]) == 4_204_000


def test_facts_of_one_frequency(page: str) -> None:
    code, out, _ = run("extract", page, "--frequency", "quarterly")
    f = pd.read_csv(io.StringIO(out))
    assert code == 0 and set(f["frequency"]) == {"quarterly"}
    durations = f[f["period_start"].notna()]
    assert set(durations["months"]) == {3}
    derived = durations[durations["derived"]]
    assert set(derived["period_label"]) == {"FY2023 Q4"}
    assert (derived["note"].str.startswith("derived: FY2023 (")).all()


def test_report_workbook_quarterly(page: str, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    code, _, err = run("report", page, "-o", str(out), "--frequency", "quarterly")
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["Allowance"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "Filer")
    assert list(header[4:]) == ["FY2023 Q3", "FY2023 Q4", "FY2024 Q3"]
