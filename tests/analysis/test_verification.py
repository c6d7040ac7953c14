"""The count beside each chart of how many of its figures the page's own arithmetic confirms
(`verified_by`), on hand-made facts, the bundled samples and real bank pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.verification import verification, verification_note
from dashboard.extract.pipeline import extract_paths
from dashboard.model.schema import facts_frame
from dashboard.workspace import inputs as io

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BANKS = ROOT.parent / "shared" / "corpus" / "real_banks" / "text_extracts"
FTA = "Full Truck Alliance Co. Ltd."
QD = "Qudian Inc."
QFIN = "Qifu Technology, Inc."


def _fact(metric: str, value: float, by: str, *, source: str = "a.htm", year: int = 2023,
          currency: str = "CNY", days: tuple[int | None, int | None] = (None, None)) -> dict:
    return {"entity": "X", "source": source, "disclosure": "delinquency", "metric": metric,
            "period_end": date(year, 12, 31), "value": value, "currency": currency,
            "days_from": days[0], "days_to": days[1], "verified_by": by}


def test_counts_distinct_figures_and_names_those_nothing_checks() -> None:
    f = facts_frame([
        _fact("past_due", 10.0, "footing", days=(0, 30)),
        _fact("past_due", 20.0, "footing", days=(31, None)),
        _fact("past_due_total", 30.0, "footing"),
        # the same figure printed again by the next year's filing, unchecked there: one figure,
        # confirmed, since one page's arithmetic confirms it
        _fact("past_due_total", 30.0, "none", source="b.htm"),
        _fact("total_loans", 500.0, "none"),
        _fact("current", 470.0, "derived"),
        _fact("total_loans", 400.0, "none", year=2022),
    ])
    v = verification(f)
    assert (v.figures, v.rollforward, v.footing, v.derived, v.none, v.unrecorded) == \
        (6, 0, 3, 1, 2, 0)
    assert v.confirmed == 4
    assert v.unchecked == ("total loans 2023-12-31", "total loans 2022-12-31")
    assert v.sentence == ("Page arithmetic: 4 of 6 figures tie or foot (footing 3, derived 1); "
                          "2 checked by nothing on the page (none): total loans 2023-12-31, "
                          "total loans 2022-12-31.")


def test_two_values_for_one_key_are_two_figures_and_currencies_are_named_when_mixed() -> None:
    f = facts_frame([
        _fact("total_loans", 500.0, "none"),
        _fact("total_loans", 510.0, "none", source="b.htm"),
        _fact("total_loans", 70.0, "none", currency="USD"),
        _fact("past_due", 5.0, "none", days=(91, 180)),
        _fact("past_due", 6.0, "rollforward", days=(1, 30)),
    ])
    v = verification(f)
    assert (v.figures, v.none, v.rollforward) == (5, 4, 1)
    assert v.unchecked == ("total loans 2023-12-31 RMB", "total loans 2023-12-31 RMB",
                           "total loans 2023-12-31 US$", "past due 91-180 days 2023-12-31 RMB")
    assert v.sentence.endswith("(none): total loans 2023-12-31 RMB, total loans 2023-12-31 RMB, "
                               "total loans 2023-12-31 US$ and 1 more.")


def test_all_none_unrecorded_and_empty() -> None:
    assert verification_note(facts_frame([_fact("total_loans", 1.0, "footing")])) == \
        "Page arithmetic: the one figure ties or foots (footing 1)."
    none = verification(facts_frame([_fact("total_loans", 1.0, "none")]))
    assert none.sentence.startswith("Page arithmetic: the one figure does not tie or foot; 1 checked")
    old = verification(facts_frame([_fact("total_loans", 1.0, "")]))
    assert (old.figures, old.none, old.unrecorded) == (1, 0, 1)
    assert "1 read before checks were recorded" in old.sentence
    assert verification(facts_frame([])).figures == 0
    assert verification_note(facts_frame([])) == ""


@pytest.fixture(scope="module")
def samples() -> pd.DataFrame:
    res = extract_paths([str(DATA)])
    man = io.read_manifest(DATA)
    f = res.facts.copy()
    f["entity"] = [man.get(s, {}).get("filer", e)
                   for s, e in zip(f["source"], f["entity"], strict=True)]
    return f


@pytest.mark.parametrize(("entity", "disclosure", "counts"), [
    # (figures, rollforward, footing, derived, none)
    (FTA, "allowance", (20, 20, 0, 0, 0)),  # three filings, 2019-2023, overlapping years once
    (FTA, "delinquency", (27, 0, 27, 0, 0)),
    (QFIN, "allowance", (15, 15, 0, 0, 0)),
    # the FY2021 note's balances stand alone, its aging has no total to foot to
    (QD, "allowance", (69, 67, 0, 0, 2)),
    (QD, "delinquency", (51, 0, 42, 0, 9)),
    (QD, "guarantee", (12, 0, 0, 0, 12)),  # sentences: nothing on the page adds them up
])
def test_the_samples_counts(samples: pd.DataFrame, entity: str, disclosure: str,
                            counts: tuple[int, ...]) -> None:
    f = samples[(samples["entity"] == entity) & (samples["disclosure"] == disclosure)]
    v = verification(f)
    assert (v.figures, v.rollforward, v.footing, v.derived, v.none) == counts
    assert len(v.unchecked) == v.none


def test_qudian_allowance_names_the_two_balances_nothing_checks(samples: pd.DataFrame) -> None:
    f = samples[(samples["entity"] == QD) & (samples["disclosure"] == "allowance")
                & (samples["currency"] == "CNY")]
    v = verification(f)
    assert v.unchecked == ("allowance end 2020-12-31", "allowance end 2021-12-31")


@pytest.mark.skipif(not BANKS.is_dir(), reason="../shared real bank pages are not here")
@pytest.mark.parametrize(("page", "counts"), [
    # (figures, rollforward, footing, derived, none)
    # classes foot to the total; the loans table's December 2012 total (its aging cut off, its
    # classes not read as figures) stands alone: read, checked by nothing on the page
    ("CIK1329517_10Q_2013Q3_R30.txt", (49, 0, 48, 0, 1)),
    ("CIK49196_10K_FY2022_R40.txt", (84, 63, 21, 0, 0)),  # rollforward and its classes
    ("CIK1006424_10Q_2012Q1_R10.txt", (95, 0, 76, 19, 0)),  # past-due totals derived
])
def test_real_bank_pages_counts(page: str, counts: tuple[int, ...]) -> None:
    f = extract_paths([BANKS / page]).facts
    v = verification(f)
    assert (v.figures, v.rollforward, v.footing, v.derived, v.none) == counts
