"""Each pipeline stage on its own (detect, dates, checks, consolidate, scale), not only end to end.

Figures are Full Truck Alliance's (20-F FY2022 and FY2023, RMB thousands), as the corpus
manifest records them; the frames are built here so that each stage is tested in isolation.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract import detect as det
from dashboard.extract.batch import infer_scale_across_documents
from dashboard.extract.load import load_path
from dashboard.facts.checks import run_checks
from dashboard.facts.consolidate import consolidate
from dashboard.model.dates import (
    duration_months,
    find_dates,
    parse_date,
    start_of_duration,
)
from dashboard.model.documents import Document
from dashboard.model.schema import Fact, facts_frame
from tests.conftest import CORPUS, DATA, SEEDS, need, one, pick

# --- detect -------------------------------------------------------------------------------------


def _doc(name: str, text: str) -> Document:
    return Document(source=name, name=name, text=text)


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("R15.htm", '<html><body><table class="report"><tr><th class="tl">Loans</th></tr></table>',
     det.RPAGE_HTML),
    ("x.htm", '<html xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body>'
              '<ix:nonFraction name="us-gaap:Foo">1</ix:nonFraction></body></html>', det.IXBRL),
    ("x.xml", '<?xml version="1.0"?><xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">'
              '<xbrli:context id="c1"/></xbrli:xbrl>', det.XBRL_INSTANCE),
    ("FilingSummary.xml", '<?xml version="1.0"?><FilingSummary><MyReports/></FilingSummary>',
     det.FILING_SUMMARY),
    ("schema.xsd", '<?xml version="1.0"?><xs:schema xmlns:xs="x"/>', det.XML_OTHER),
    ("ex99.htm", "<html><body><p>Press release</p></body></html>", det.HTML_OTHER),
    ("R44.txt", "Loans Receivable, Net (Tables)\n| 12 Months Ended\n| Dec. 31, 2022\n",
     det.TEXT_EXTRACT),
    ("README.md", "# Samples\nThese files are filing pages.", det.DOCUMENTATION),
    ("blob.txt", "\x00\x01\x02binary", det.BINARY),
    ("facts.json", '{"facts": []}', det.JSON),
])
def test_detect_names_each_kind_from_its_head(name: str, text: str, kind: str) -> None:
    assert det.detect(_doc(name, text)) == kind


def test_detect_on_real_files() -> None:
    corpus = need(CORPUS)
    kinds = {}
    for rel in ("original/tsla-10-k-2025-01-30.html", "original/tsla-20240630_htm.xml",
                "original/aapl-10q-20250329/R4.htm", "original/aapl-10q-20250329/FilingSummary.xml",
                "text_extracts/FTA_1838413_20F_FY2023_R15.txt"):
        docs = load_path(corpus / rel).documents
        assert len(docs) == 1, rel
        kinds[rel.rsplit("/", 1)[-1]] = det.detect(docs[0])
    assert kinds == {
        "tsla-10-k-2025-01-30.html": det.IXBRL,
        "tsla-20240630_htm.xml": det.XBRL_INSTANCE,
        "R4.htm": det.RPAGE_HTML,
        "FilingSummary.xml": det.FILING_SUMMARY,
        "FTA_1838413_20F_FY2023_R15.txt": det.TEXT_EXTRACT,
    }


def test_detect_reads_every_seed_and_sample_as_a_filing_page() -> None:
    paths = [*sorted(need(SEEDS).iterdir()), *sorted(p for p in DATA.iterdir()
                                                     if p.suffix in (".htm", ".txt"))]
    for p in paths:
        (doc,) = load_path(p).documents
        assert det.detect(doc) in (det.TEXT_EXTRACT, det.RPAGE_HTML, det.HTML_OTHER), p.name


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("Dec. 31, 2023", date(2023, 12, 31)),
    ("As of December 31, 2024", date(2024, 12, 31)),
    ("Sept. 30, 2024", date(2024, 9, 30)),
    ("2024-06-30", date(2024, 6, 30)),
    ("Feb. 30, 2023", None),  # no such day: never a wrong date
    ("Total loans", None),
])
def test_parse_date(text: str, want: date | None) -> None:
    assert parse_date(text) == want


def test_find_dates_expands_year_lists_in_order() -> None:
    assert find_dates("as of December 31, 2023 and 2024, respectively") == [
        date(2023, 12, 31), date(2024, 12, 31)]


@pytest.mark.parametrize(("end", "months", "start"), [
    (date(2024, 12, 31), 12, date(2024, 1, 1)),
    (date(2024, 9, 30), 3, date(2024, 7, 1)),
    (date(2024, 9, 30), 9, date(2024, 1, 1)),
    (date(2024, 2, 29), 3, date(2023, 12, 1)),  # a quarter ending on a leap day
    (date(2025, 3, 29), 3, date(2024, 12, 30)),  # a 52/53-week quarter (Apple's)
])
def test_start_of_duration(end: date, months: int, start: date) -> None:
    assert start_of_duration(end, months) == start


@pytest.mark.parametrize(("text", "months"), [
    ("12 Months Ended", 12), ("Three Months Ended", 3), ("Nine Months Ended Sep. 30, 2024", 9),
    ("For the years ended December 31,", 12), ("Dec. 31, 2023", None),
])
def test_duration_months(text: str, months: int | None) -> None:
    assert duration_months(text) == months


# --- checks -------------------------------------------------------------------------------------

FY = (date(2023, 1, 1), date(2023, 12, 31))


def _fact(metric: str, value: float, *, source: str = "fta_fy2023.htm", end: date = FY[1],
          start: date | None = None, days: tuple[int | None, int | None] = (None, None),
          disclosure: str = "allowance", scale: int = 1000, basis: str = "stated") -> Fact:
    return Fact(entity="Full Truck Alliance", source=source, disclosure=disclosure, metric=metric,
                period_end=end, period_start=start, value=value, currency="CNY", scale=scale,
                scale_basis=basis, days_from=days[0], days_to=days[1],
                locator=f"table 1 row {metric}")


def _rollforward(provision: float = 234_599_000) -> list[Fact]:
    return [_fact("allowance_begin", 102_359_000, start=FY[0]),
            _fact("provision", provision, start=FY[0]),
            _fact("write_off", 182_538_000, start=FY[0]),
            _fact("allowance_end", 154_420_000, start=FY[0])]


def test_a_rollforward_that_ties_passes_and_one_that_does_not_fails() -> None:
    good = run_checks(facts_frame(_rollforward()))
    row = one(good, check="allowance rollforward ties")
    assert row["status"] == "ok" and row["expected"] == 154_420_000
    bad = run_checks(facts_frame(_rollforward(provision=234_999_000)))
    row = one(bad, check="allowance rollforward ties")
    assert row["status"] == "fail" and row["difference"] == -400_000


def _aging(source: str = "fta_fy2023.htm", over_90: float = 81_659_000) -> list[Fact]:
    d = dict(source=source, disclosure="delinquency")
    return [_fact("past_due", 39_609_000, days=(0, 30), **d),
            _fact("past_due", 21_041_000, days=(31, 60), **d),
            _fact("past_due", 17_651_000, days=(61, 90), **d),
            _fact("past_due", over_90, days=(91, None), **d),
            _fact("past_due_total", 159_960_000, **d),
            _fact("current", 3_515_532_000, **d),
            _fact("total_loans", 3_675_492_000, **d)]


def test_buckets_sum_to_total_and_past_due_plus_current_to_loans() -> None:
    checks = run_checks(facts_frame(_aging()))
    assert one(checks, check="buckets sum to total past due")["status"] == "ok"
    assert one(checks, check="past due + current = total loans")["status"] == "ok"
    broken = run_checks(facts_frame(_aging(over_90=81_000_000)))
    assert one(broken, check="buckets sum to total past due")["status"] == "fail"


def test_the_same_fact_in_two_filings_agrees_or_is_restated() -> None:
    end = date(2022, 12, 31)
    a = _fact("allowance_end", 102_359_000, source="fta_fy2022.htm", end=end)
    b = _fact("allowance_end", 102_359_000, source="fta_fy2023.htm", end=end)
    assert one(run_checks(facts_frame([a, b])), check="same fact across filings")["status"] == "agrees"
    c = _fact("allowance_end", 103_000_000, source="fta_fy2023.htm", end=end)
    assert one(run_checks(facts_frame([a, c])), check="same fact across filings")["status"] == "restated"


# --- consolidate --------------------------------------------------------------------------------


def test_consolidate_keeps_one_figure_per_fact_and_names_the_other_source() -> None:
    end = date(2022, 12, 31)
    older = _fact("allowance_end", 102_359_000, source="fta_fy2022.htm", end=end)
    newer = _fact("allowance_end", 102_359_000, source="fta_fy2023.htm", end=end)
    # the FY2023 filing also reports its own year, so it is the more recent filing
    later = _fact("allowance_end", 154_420_000, source="fta_fy2023.htm")
    out = consolidate(facts_frame([older, newer, later]))
    assert len(pick(out, period_end="2022-12-31")) == 1
    assert "fta_fy2022.htm" in one(out, period_end="2022-12-31")["note"]


def test_consolidate_takes_the_later_filing_when_figures_disagree() -> None:
    end = date(2022, 12, 31)
    older = _fact("allowance_end", 100_000_000, source="fta_fy2022.htm", end=end)
    newer = _fact("allowance_end", 102_359_000, source="fta_fy2023.htm", end=end)
    later = _fact("allowance_end", 154_420_000, source="fta_fy2023.htm")
    row = one(consolidate(facts_frame([older, newer, later])), period_end="2022-12-31")
    assert row["value"] == 102_359_000 and "restated" in row["note"]


# --- scale across documents ---------------------------------------------------------------------


def _printed(metric: str, raw: float, source: str, scale: int, basis: str,
             end: date = date(2022, 12, 31)) -> Fact:
    f = _fact(metric, raw * scale, source=source, end=end, scale=scale, basis=basis,
              disclosure="delinquency")
    f.extra["raw"] = raw
    return f


def _across_documents(per_document: list[list[Fact]]) -> list:
    """The last document's facts after `infer_scale_across_documents` over every document."""
    import pandas as pd

    flat = [f for facts in per_document for f in facts]
    frame = facts_frame(flat)
    frame["doc"] = [i for i, facts in enumerate(per_document) for _ in facts]
    frame["raw"] = pd.array([f.extra.get("raw") for f in flat], dtype="Float64")
    done = infer_scale_across_documents(frame)
    return list(done[done["doc"] == len(per_document) - 1].itertuples(index=False))


def test_scale_is_inferred_from_another_filing_printing_the_same_figures() -> None:
    known = [_printed("total_loans", 2_750_808, "fy2023.htm", 1000, "stated"),
             _printed("current", 2_617_034, "fy2023.htm", 1000, "stated")]
    unknown = [_printed("total_loans", 2_750_808, "fy2022.txt", 1, "assumed"),
               _printed("current", 2_617_034, "fy2022.txt", 1, "assumed")]
    unknown = _across_documents([known, unknown])
    assert [f.value for f in unknown] == [2_750_808_000, 2_617_034_000]
    assert {f.scale_basis for f in unknown} == {"inferred"}
    assert all("fy2023.htm" in f.note for f in unknown)


def test_one_matching_figure_is_not_evidence_enough() -> None:
    known = [_printed("total_loans", 2_750_808, "fy2023.htm", 1000, "stated")]
    unknown = [_printed("total_loans", 2_750_808, "fy2022.txt", 1, "assumed"),
               _printed("current", 1_111_111, "fy2022.txt", 1, "assumed")]
    unknown = _across_documents([known, unknown])
    assert {f.scale_basis for f in unknown} == {"assumed"}
    assert unknown[0].value == 2_750_808



# --- classify: headings are not figures ----------------------------------------------------------


def test_a_roll_forward_heading_row_is_never_a_nil_balance() -> None:
    """Qifu's R page heads its movement table with an empty row tagged …RollForward; it names
    the table, it is no closing balance of zero that footing could prove."""
    from dashboard.extract.pipeline import extract_paths

    facts = extract_paths([DATA / "qfin_20f_fy2022_allowance_details.htm"]).facts
    ends = pick(facts, metric="allowance_end")
    assert sorted(ends["value"]) == [421_767_000, 948_893_000, 1_457_419_000]
    assert not (facts["value"] == 0).any()
