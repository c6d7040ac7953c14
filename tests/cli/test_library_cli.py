"""`library ls|facts` list and read the filers the app shows (dashboard.workspace.view)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

pytestmark = pytest.mark.timeout(180)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def libdir(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = str(tmp_path_factory.mktemp("cli") / "library")
    code, _, err = run("ingest", str(DATA), "--library", d, "--workers", "1")
    assert code == 0, err
    return d


def test_ls_lists_the_three_filers_the_app_shows(libdir: str) -> None:
    code, out, err = run("library", "ls", "--library", libdir)
    assert code == 0
    rows = [line.split() for line in out.strip().splitlines()[1:]]
    assert len(rows) == 3, out  # not one "filer" per file
    assert [r[:2] for r in rows] == [["Full", "Truck"], ["Qifu", "Technology,"], ["Qudian", "Inc."]]
    qudian = rows[2]
    assert qudian[-4:] == ["20-F", "2017-2021", "142", "9"], out
    assert err.startswith("3 filers, 231 facts in ")


def test_facts_of_one_filer(libdir: str, tmp_path: Path) -> None:
    out = tmp_path / "q.csv"
    code, _, err = run("library", "facts", "--library", libdir, "--filer", "Qudian Inc.",
                       "--years", "2020-2020", "-o", str(out))
    assert code == 0, err
    facts = pd.read_csv(out)
    assert set(facts["entity"]) == {"Qudian Inc."} and "entity_reported" not in facts.columns
    assert set(facts["period_end"].str[:4]) == {"2020"}
    # the 2020 maximum guarantee exposure, US$ 34 million in the filing's translation
    g = facts[(facts["metric"] == "max_exposure") & (facts["currency"] == "USD")]
    assert 34_000_000 in set(g["value"])


def test_a_filer_that_does_not_exist_is_an_error_naming_it(libdir: str, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    code, stdout, err = run("library", "facts", "--library", libdir, "--filer", "Qudian Inc.",
                            "--filer", "Nobody Lending Ltd", "-o", str(out))
    assert code == 1
    assert err.strip() == ("Nobody Lending Ltd: no such filer in the library "
                           "(`library ls` lists them)")
    assert not out.exists() and stdout == ""
