"""No table on any page shows a raw None, nan or NaT: the data grid draws a missing value as
'None', so every cell a page hands it is a figure, a word or the dash (display.MISSING).
Driven with AppTest on the bundled samples, with every expander's table included."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.apptest import open_boxes, tables

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"

pytestmark = pytest.mark.timeout(300)

PAGES = ("overview", "sources", "delinquency", "allowance", "guarantee", "facts", "presentation",
         "peers")
RAW = {"None", "nan", "NaN", "NaT", "<NA>"}


def raw_cells(table: pd.DataFrame) -> list[str]:
    """'column: value' for each cell that would be drawn as a raw missing value."""
    out = []
    for col in table.columns:
        for v in table[col]:
            missing = v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v))
            if missing or (isinstance(v, str) and v.strip() in RAW):
                out.append(f"{col}: {v!r}")
    return out


def test_raw_cells_are_found() -> None:
    t = pd.DataFrame({"Value": ["2.19%", None, "–"], "Prior": [float("nan"), 1.0, 2.0],
                      "Period": ["2021-12-31", "None", ""]})
    assert [c.split(":")[0] for c in raw_cells(t)] == ["Value", "Prior", "Period"]


@pytest.mark.parametrize("page", PAGES)
def test_no_table_cell_shows_none(page: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "peers":  # its two long tables are sent once their boxes are opened
        closed = len(tables(at))
        open_boxes(at, "peers_missing_open", "peers_detail_open")
        assert len(tables(at)) == closed + 2
    shown = tables(at)
    # every page but the Overview and Presentation shows its figures in tables: none read
    # would make this test pass on nothing
    assert shown or page in ("overview", "presentation"), page
    bad = {i: raw_cells(t) for i, t in enumerate(shown)}
    assert not any(bad.values()), {i: cells[:5] for i, cells in bad.items() if cells}
