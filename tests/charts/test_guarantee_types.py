"""A filer's guarantee table gives the whole book and its types (the real lender page
CIK1681459 10-Q 2021 Q2 R44: financial and performance guarantees and their sum). The chart draws
the whole book; bars of the types beside it would read as if they added up. The types stay in
the table, and a segment chosen in the sidebar draws that type."""

from __future__ import annotations

from pathlib import Path

from dashboard import analysis as m
from dashboard.charts.guarantee import guarantee_chart
from dashboard.extract.pipeline import extract_bytes
from tests.conftest import CORPUS, need

PAGE = "CIK1681459_10Q_2021Q2_R44.txt"


def _facts():  # noqa: ANN202
    path = need(CORPUS / "real_lenders" / "text_extracts" / PAGE)
    return extract_bytes([(PAGE, Path(path).read_bytes())]).facts


def test_the_whole_book_is_drawn_and_its_types_stay_in_the_table() -> None:
    facts = _facts()
    table = m.guarantee_table(facts)
    assert set(table["segment"].fillna("")) == {"", "Financial guarantees", "Performance guarantees"}
    fig = guarantee_chart(facts, table=table)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1
    assert sorted(bars[0].y) == [1_347.5, 1_458.8]
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "2 guarantee types" in notes


def test_a_chosen_type_is_drawn() -> None:
    facts = _facts()
    one = facts[facts["segment"] == "Financial guarantees"]
    fig = guarantee_chart(one)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and sorted(bars[0].y) == [104.9, 158.0]
