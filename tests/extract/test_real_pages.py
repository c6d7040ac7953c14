"""Real filings are the specification: every page of `../shared/corpus/real_banks/` and
`../shared/corpus/real_lenders/`, extracted as `extract FOLDER` extracts it, must give every
figure of its folder's `truth.csv` and no second, different whole-portfolio figure for the same
key. Scored by the project's own scorer (`../shared/tools/score_truth.py`), one test per page;
a page added to a folder joins without code.

A page that is not right yet is listed in PENDING with the reason, as a strict expected failure:
CI stays green while the work goes on, and a page that starts passing must leave the list.
"""

from __future__ import annotations

import importlib.util
import io
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.pipeline import extract_paths

SHARED = Path(__file__).resolve().parents[3] / "shared"
FOLDERS = ("real_banks", "real_lenders")

# page -> why it is not right yet (strict: a page that passes must leave this list)
PENDING: dict[str, str] = {
    "CIK1006424_10Q_2012Q1_R10.txt": "1 of 8 found; missed delinquency/current, delinquency/past_due, delinquency/total_loans; 1 contradicted (delinquency/total_loans)",
    "CIK1011659_10Q_2020Q1_R52.txt": "0 of 12 found; missed delinquency/current, delinquency/past_due, delinquency/past_due_90_accruing, delinquency/past_due_total, delinquency/total_loans",
    "CIK109380_10Q_2021Q3_R27.txt": "1 of 6 found; missed delinquency/current, delinquency/past_due, delinquency/past_due_90_accruing, delinquency/past_due_total",
    "CIK1127371_10K_FY2013_R14.txt": "8 of 15 found; missed allowance/allowance_end, allowance/recovery, allowance/write_off; 2 contradicted (allowance/allowance_end)",
    "CIK1137547_10Q_2020Q1_R29.txt": "0 of 7 found; missed delinquency/current, delinquency/past_due, delinquency/past_due_90_accruing, delinquency/past_due_total, delinquency/total_loans; 1 contradicted (delinquency/total_loans)",
    "CIK1281761_10K_FY2020_R41.txt": "9 of 10 found; missed allowance/allowance_begin",
    "CIK36104_10Q_2025Q1_R54.txt": "0 of 8 found; missed delinquency/current, delinquency/past_due, delinquency/total_loans",
    "CIK49196_10Q_2020Q1_R27.txt": "0 of 10 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off",
    "CIK701347_10Q_2011Q3_R11.txt": "16 of 20 found; missed allowance/provision",
    "CIK701347_10Q_2015Q3_R13.txt": "12 of 15 found; missed allowance/provision",
    "CIK705432_10Q_2024Q3_R48.txt": "15 of 23 found; missed allowance/provision, allowance/recovery",
    "CIK740971_10Q_2012Q2_R30.txt": "0 of 16 found; missed delinquency/current, delinquency/nonaccrual, delinquency/past_due, delinquency/past_due_90_accruing, delinquency/past_due_total, delinquency/total_loans",
    "CIK765207_10Q_2014Q2_R25.txt": "2 of 14 found; missed delinquency/current, delinquency/past_due, delinquency/past_due_90_accruing, delinquency/past_due_total; 2 contradicted (delinquency/total_loans)",
    "CIK846931_10Q_2012Q2_R34.txt": "8 of 10 found; missed delinquency/nonaccrual",
    "CIK859070_10Q_2025Q3_R13.txt": "3 of 5 found; missed allowance/allowance_begin, allowance/provision; 3 contradicted (allowance/allowance_begin, allowance/allowance_end, allowance/recovery)",
    "CIK868671_10Q_2023Q3_R25.txt": "15 of 16 found; missed allowance/provision",
    "CIK1101215_10Q_2014Q1_R26.txt": "10 of 20 found; missed delinquency/past_due, delinquency/past_due_total, delinquency/total_loans",
    "CIK1467858_10K_FY2018_R12.txt": "0 of 15 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off; 15 contradicted (allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off)",
    "CIK1499781_20F_FY2017_R87.txt": "0 of 12 found; missed delinquency/current, delinquency/past_due, delinquency/total_loans",
    "CIK1499781_20F_FY2019_R102.txt": "6 of 15 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision; 3 contradicted (allowance/provision)",
    "CIK1528061_10Q_2018Q3_R26.txt": "0 of 5 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off",
    "CIK1529864_10K_FY2019_R32.txt": "3 of 4 found; missed delinquency/nonaccrual",
    "CIK1681459_10Q_2021Q2_R44.txt": "0 of 2 found; missed guarantee/max_exposure",
    "CIK1708259_20F_FY2020_R74.txt": "8 of 12 found; missed delinquency/current, delinquency/past_due_total",
    "CIK1792045_20F_FY2021_R65.txt": "0 of 2 found; missed guarantee/max_exposure",
    "CIK1809587_20F_FY2020_R84.txt": "0 of 12 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/write_off; 3 contradicted (allowance/provision)",
    "CIK18230_10Q_2023Q3_R19.txt": "0 of 2 found; missed guarantee/max_exposure",
    "CIK37996_10Q_2020Q2_R46.txt": "6 of 12 found; missed delinquency/current, delinquency/past_due, delinquency/past_due_total, delinquency/total_loans",
    "CIK37996_10Q_2020Q2_R47.txt": "0 of 20 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off",
    "CIK4962_10K_FY2011_R48.txt": "0 of 2 found; missed guarantee/max_exposure",
    "CIK75362_10Q_2021Q3_R26.txt": "0 of 9 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off",
    "CIK764764_10Q_2024Q3_R22.txt": "0 of 20 found; missed allowance/allowance_begin, allowance/allowance_end, allowance/provision, allowance/recovery, allowance/write_off; 2 contradicted (allowance/allowance_end)",
    "CIK788816_10K_FY2012_R20.txt": "0 of 1 found; missed guarantee/max_exposure",
    "CIK834071_10K_FY2023_R26.txt": "0 of 5 found; missed delinquency/current, delinquency/past_due, delinquency/total_loans",
}


def _pages() -> list[tuple[str, str]]:
    out = []
    for folder in FOLDERS:
        truth = SHARED / "corpus" / folder / "truth.csv"
        if truth.exists():
            sources = pd.read_csv(truth, dtype=str, keep_default_na=False).source.unique()
            out += [(folder, s) for s in sorted(sources)]
    return out


@cache
def _scorer():
    spec = importlib.util.spec_from_file_location("score_truth", SHARED / "tools" / "score_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _folder_facts(folder: str) -> pd.DataFrame:
    """The folder's facts as the command line writes them (CSV), read back as the scorer reads them."""
    result = extract_paths([SHARED / "corpus" / folder / "text_extracts"])
    buffer = io.StringIO()
    result.facts.to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False)


def _params():
    return [
        pytest.param(folder, page, id=page, marks=(
            [pytest.mark.xfail(strict=True, reason=PENDING[page])] if page in PENDING else []))
        for folder, page in _pages()
    ]


@pytest.mark.skipif(not (SHARED / "tools" / "score_truth.py").exists(),
                    reason="../shared (real pages and their scorer) is not beside this checkout")
@pytest.mark.parametrize(("folder", "page"), _params())
def test_every_figure_of_the_real_page_and_no_contradiction(folder: str, page: str) -> None:
    truth = pd.read_csv(SHARED / "corpus" / folder / "truth.csv", dtype=str, keep_default_na=False)
    truth = truth[truth.source == page].reset_index(drop=True)
    found, misses, contradicted = _scorer().score(_folder_facts(folder), truth)
    assert not contradicted, "a second, different whole-portfolio figure:\n" + "\n".join(contradicted)
    assert found == len(truth), f"{found}/{len(truth)} found; missed:\n" + "\n".join(misses)


def test_pending_pages_exist() -> None:
    """The PENDING list names only pages that are in the folders (a renamed page must not hide)."""
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    pages = {page for _, page in _pages()}
    assert set(PENDING) <= pages, set(PENDING) - pages
