"""The page picker on real filings' report lists, labelled page by page by a credit analyst
(../shared/edgar/report_lists: JPMorgan, Goldman Sachs, IBM, HubSpot, Netflix, Apple, NVIDIA).

Every `relevant` page must be picked and no page outside `relevant`/`borderline` may be; a
failure names every wrong decision with the reason the picker gave."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.edgar.index import parse_filing_summary
from dashboard.edgar.pick import pick_reports

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT.parent / "shared" / "edgar" / "report_lists"


def _labels() -> dict[tuple[str, str], str]:
    with (LISTS / "labels.csv").open(newline="") as fh:
        return {(row["file"], row["report"]): row["label"] for row in csv.DictReader(fh)}


def _lists() -> list[Path]:
    return sorted(LISTS.glob("*FilingSummary.xml")) if LISTS.exists() else []


@pytest.fixture(scope="module")
def labels() -> dict[tuple[str, str], str]:
    if not (LISTS / "labels.csv").exists():
        pytest.skip(f"{LISTS} is not here (the shared corpus sits beside the checkout in CI)")
    return _labels()


def _wrong(path: Path, labels: dict[tuple[str, str], str]) -> tuple[list[str], int, int, int]:
    reports = parse_filing_summary(path.read_bytes(), str(path)).reports
    choices = {c.file: c for c in pick_reports(reports)}
    wrong, relevant, picked_relevant, picked_irrelevant = [], 0, 0, 0
    for r in reports:
        label = labels.get((path.name, r.file), "irrelevant")
        c = choices.get(r.file)
        picked = c is not None and c.picked
        relevant += label == "relevant"
        picked_relevant += picked and label == "relevant"
        picked_irrelevant += picked and label == "irrelevant"
        if label == "relevant" and not picked:
            wrong.append(f"missed {r.file} {r.short_name!r}: {c.reason if c else 'not considered'}")
        elif label == "irrelevant" and picked:
            wrong.append(f"extra {r.file} {r.short_name!r}: {c.reason}")
    return wrong, relevant, picked_relevant, picked_irrelevant


@pytest.mark.parametrize("path", _lists(), ids=lambda p: p.name.split("_")[0])
def test_every_relevant_page_and_nothing_irrelevant(path: Path, labels) -> None:
    wrong, *_ = _wrong(path, labels)
    assert not wrong, "\n".join(wrong)


def test_recall_and_precision_over_all_lists(labels) -> None:
    totals = [0, 0, 0]
    for path in _lists():
        _, *counts = _wrong(path, labels)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    relevant, picked_relevant, picked_irrelevant = totals
    assert relevant == 96  # the labels as written: 96 relevant pages in 11 lists
    assert picked_relevant == relevant
    assert picked_irrelevant == 0


def test_what_each_filer_is(labels) -> None:
    # a lender's note comes whole; a non-lender's credit-looking pages do not pull their notes
    jpm = {c.file: c for c in pick_reports(parse_filing_summary(
        (LISTS / "jpm-10k-fy2023_rebuilt_FilingSummary.xml").read_bytes()).reports)}
    assert jpm["R21.htm"].picked and jpm["R56.htm"].picked and jpm["R132.htm"].picked
    assert jpm["R1.htm"].picked and "R2.htm" not in jpm  # the cover, not Audit Information
    assert "securities" in jpm["R126.htm"].reason  # aging of unrealized losses, not of loans
    assert not jpm["R166.htm"].picked and "VIE" in jpm["R166.htm"].reason
    assert jpm["R224.htm"].picked  # loans acquired in a business combination
    apple = pick_reports(parse_filing_summary(
        (LISTS / "aapl_10k_fy2024_FilingSummary.xml").read_bytes()).reports)
    assert not [c for c in apple if c.picked]
