"""Every chart, table and export says how many of its figures the page's own arithmetic
confirms, in the words of `analysis.verification` (the bundled Qudian samples)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.analysis.verification import verification, verification_note
from dashboard.charts.sources import chart_facts
from dashboard.exports import content, images
from dashboard.exports.deck import build_deck
from dashboard.exports.html import build_html
from dashboard.exports.workbook import build_workbook
from dashboard.extract.pipeline import extract_paths
from dashboard.workspace import inputs as io_

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
QD = "Qudian Inc."


@pytest.fixture(scope="module")
def report() -> content.Report:
    res = extract_paths([str(DATA)])
    man = io_.read_manifest(DATA)
    f = res.facts.copy()
    f["entity"] = [man.get(s, {}).get("filer", e)
                   for s, e in zip(f["source"], f["entity"], strict=True)]
    return content.build(f[f["entity"] == QD], res.sources)


def _flat(text: str) -> str:
    return " ".join(text.replace("<br>", " ").split())


def test_each_chart_footnote_counts_its_own_figures(report: content.Report) -> None:
    got = {c.key: c.footnote for c in report.charts}
    # the US$ convenience translations are not drawn, so not counted
    assert "Page arithmetic: 27 of 34 figures tie or foot (footing 27); 7 checked by nothing " \
        "on the page (none): total loans 2020-12-31, past due 1-30 days 2020-12-31" \
        in got["delinquency"]
    assert "Page arithmetic: 23 of 25 figures tie or foot (rollforward 23); 2 checked by " \
        "nothing on the page (none): allowance end 2020-12-31, allowance end 2021-12-31." \
        in got["allowance"]
    assert "Page arithmetic: none of 8 figures tie or foot; 8 checked by nothing on the " \
        "page (none)" in got["guarantee"]
    # the line is the same function's sentence for the facts the chart draws
    drawn = chart_facts(report.facts, "guarantee")
    assert (len(drawn), verification(drawn).figures) == (10, 8)  # two printed twice
    assert _flat(verification_note(drawn)) in _flat(got["guarantee"])


def test_workbook_has_the_column_and_a_line_under_each_table(report: content.Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(report)))
    head = [c.value for c in wb["Facts"][1]]
    col = head.index("verified_by")
    shown = pd.Series([r[col] for r in wb["Facts"].iter_rows(min_row=2, values_only=True)])
    assert shown.value_counts().to_dict() == \
        report.facts["verified_by"].value_counts().to_dict()
    lines = [str(r[0]) for r in wb["Allowance"].iter_rows(values_only=True)
             if r[0] and "Page arithmetic" in str(r[0])]
    assert len(lines) == len(report.tables["allowance"]) == 3
    assert lines[0] == ("Allowance for credit losses: rollforward — Qudian Inc.: Page "
                        "arithmetic: 23 of 25 figures tie or foot (rollforward 23); 2 checked "
                        "by nothing on the page (none): allowance end 2020-12-31, allowance "
                        "end 2021-12-31.")
    assert "Page arithmetic: all 18 figures tie or foot (rollforward 18)." in lines[2]


def test_html_and_table_footnotes_use_the_same_sentence(report: content.Report) -> None:
    html = build_html(report).decode("utf-8")
    for t in report.tables["guarantee"]:
        sentence = verification(content.table_figures(t, report)).sentence
        assert sentence.startswith("Page arithmetic: none of 12 figures")
        assert sentence in content.table_footnote(t, report)
        assert sentence in html


@pytest.mark.skipif(not images.browser_available(), reason="no Chromium for kaleido")
def test_deck_chart_slides_carry_the_count(report: content.Report) -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(build_deck(report)))
    feet = [sh.text_frame.text for s in deck.slides for sh in s.shapes
            if sh.name == "Source footnote"]
    # the allowance chart's slide and its rollforward table's
    assert sum("Page arithmetic: 23 of 25 figures tie or foot" in x for x in feet) == 2
    assert sum("Page arithmetic:" in x for x in feet) == len(report.charts) + sum(
        len(ts) for ts in report.tables.values())
