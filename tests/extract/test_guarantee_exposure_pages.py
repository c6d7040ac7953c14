"""The maximum exposure of guarantees on real pages of filers outside the shared corpus
(tests/real_pages): each test reads a real page and asserts its whole-book figures exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_bytes
from tests.conftest import pick

PAGES = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts"


def page(name: str, text: str | None = None) -> pd.DataFrame:
    data = (PAGES / name).read_bytes() if text is None else text.encode()
    return extract_bytes([(name, data)]).facts


def whole(facts: pd.DataFrame, metric: str, end: str, **where: object) -> list[float]:
    rows = pick(facts, metric=metric, period_end=end, **where)
    rows = rows[(rows.segment.fillna("") == "") & (rows.population.fillna("") == "")]
    return sorted(rows.value.tolist())


R92 = "CIK1716338_20F_FY2018_R92.txt"


def test_sparse_details_row_placed_by_the_renderers_currency_signs() -> None:
    # "Maximum potential future payment | ¥ 606,277,000" under four columns (US$ 2018, ¥ 2018,
    # ¥ 2017, ¥ 2016): the renderer signs only the first and last figure of a column, and the
    # US$ balance $2,260 (thousands) translates the ¥15,537,000 beside it, so the balance is in
    # the ¥ 2018 column and the sign on the maximum makes it that column's last figure
    f = page(R92)
    assert whole(f, "max_exposure", "2018-12-31", currency="CNY") == [606_277_000]
    # "$ in Thousands" is the US$ columns' scale: the ¥ figures are whole yuan
    assert pick(f, metric="max_exposure").scale.tolist() == [1]
    assert pick(f, metric="guarantee_liability_end", currency="CNY").value.tolist() == [15_537_000]
    assert pick(f, metric="guarantee_liability_end", currency="USD").value.tolist() == [2_260_000]
    # the payouts could sit in any ¥ column the signs allow: not read
    assert pick(f, metric="net_payout").empty


def test_without_the_signs_a_sparse_row_stays_unread() -> None:
    text = (PAGES / R92).read_text().replace("¥ ", "").replace("$ ", "")
    assert pick(page(R92, text), metric="max_exposure").empty

