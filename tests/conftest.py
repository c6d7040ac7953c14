"""Shared fixtures. Tests that read ../shared skip cleanly where it is absent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
DATA = ROOT / "data"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus sits beside the checkout in CI)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return need(CORPUS)


def pick(facts: pd.DataFrame, **where: object) -> pd.DataFrame:
    """Rows matching every column=value given (dates may be given as 'YYYY-MM-DD')."""
    mask = pd.Series(True, index=facts.index)
    for col, want in where.items():
        if col in ("period_end", "period_start") and isinstance(want, str):
            want = date.fromisoformat(want)
        if want is None:
            mask &= facts[col].isna()
        else:
            mask &= facts[col] == want
    return facts[mask]


def one(facts: pd.DataFrame, **where: object) -> pd.Series:
    rows = pick(facts, **where)
    assert len(rows) == 1, f"expected one fact for {where}, found {len(rows)}:\n{rows.to_string()}"
    return rows.iloc[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `fork` run first: extraction forks its workers only from a process that runs
    no other thread, and later tests (the app, Dask, the fetch server) start threads that stay."""
    items.sort(key=lambda item: item.get_closest_marker("fork") is None)
