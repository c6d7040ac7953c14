"""The command line: formats, checks, exit codes, one line per unreadable file."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.model.schema import FACT_COLUMNS


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_csv_to_stdout_has_the_contract_columns(seeds_dir):
    code, out, err = run("extract", *map(str, sorted(seeds_dir.iterdir())))
    assert code == 0 and err == ""
    df = pd.read_csv(io.StringIO(out))
    assert tuple(df.columns) == FACT_COLUMNS
    g = df[df["metric"] == "max_exposure"]
    assert sorted(g["value"]) == [352_496_507, 667_733_409, 2_572_977_752]


@pytest.mark.parametrize("ext", [".csv", ".parquet", ".xlsx", ".json"])
def test_output_formats(tmp_path, seeds_dir, ext):
    out = tmp_path / f"facts{ext}"
    code, _, _ = run("extract", str(seeds_dir), "-o", str(out))
    assert code == 0 and out.exists()
    if ext == ".csv":
        df = pd.read_csv(out)
    elif ext == ".parquet":
        df = pd.read_parquet(out)
    elif ext == ".xlsx":
        df = pd.read_excel(out, sheet_name="facts")
    else:
        df = pd.DataFrame(json.loads(out.read_text()))
    assert tuple(df.columns) == FACT_COLUMNS
    assert (df["value"] == 2_572_977_752).sum() == 1


def test_checks_output(tmp_path, seeds_dir):
    code, out, _ = run("extract", str(seeds_dir), "--checks")
    checks = pd.read_csv(io.StringIO(out))
    ties = checks[checks["check"] == "allowance rollforward ties"]
    assert len(ties) == 3 and set(ties["status"]) == {"ok"}
    xlsx = tmp_path / "f.xlsx"
    run("extract", str(seeds_dir), "--checks", "-o", str(xlsx))
    assert openpyxl.load_workbook(xlsx).sheetnames == ["facts", "checks"]
    csv = tmp_path / "f.csv"
    run("extract", str(seeds_dir), "--checks", "-o", str(csv))
    assert (tmp_path / "f.checks.csv").exists()


def test_bad_file_is_one_line_and_the_rest_is_kept(tmp_path, seeds_dir):
    bad = tmp_path / "R15.htm"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = run("extract", str(bad), str(tmp_path / "missing.txt"), *map(str, sorted(seeds_dir.iterdir())))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert any("R15.htm" in ln for ln in lines) and any("missing.txt" in ln for ln in lines)
    df = pd.read_csv(io.StringIO(out))
    assert (df["value"] == 2_572_977_752).sum() == 1


def test_usage_errors_exit_2(tmp_path):
    assert run("extract")[0] == 2
    assert run("extract", "x", "-o", str(tmp_path / "out.doc"))[0] == 2
    assert run("nonsense")[0] == 2
