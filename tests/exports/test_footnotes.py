"""Slide footnotes a committee can read: never under 7 pt; what does not fit is cut after a
whole clause, says where it goes on, and is given whole on the closing slides and in the
slide's notes (`exports/deck.footnote`). On the samples' peer pack, whose ranking slide cites
every page of three filers and every derived ratio (about 2,000 characters)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from dashboard.analysis.ratios import credit_ratios
from dashboard.exports import _with_manifests, apply_manifest, read_manifest
from dashboard.exports.deck import CONTINUED
from dashboard.exports.pack import build_pack, source_footnote
from dashboard.exports.pack_deck import build_deck
from dashboard.extract.pipeline import extract_paths
from tests.conftest import DATA


@pytest.fixture(scope="module")
def pack():  # noqa: ANN201
    res = extract_paths(_with_manifests([DATA]))
    facts, sources = apply_manifest(res.facts, res.sources, read_manifest(DATA))
    filers = sorted(set(facts["entity"]))
    return build_pack(credit_ratios(facts), sources, filers, "Samples")


def _foot(slide) -> str:  # noqa: ANN001
    return next(sh.text_frame.text for sh in slide.shapes if sh.name == "Source footnote")


def test_no_footnote_under_7pt_and_a_cut_one_is_given_whole_at_the_end(pack) -> None:  # noqa: ANN001
    prs = Presentation(io.BytesIO(build_deck(pack, renderer=None)))
    slides = list(prs.slides)
    for s in slides:
        for sh in s.shapes:
            if sh.name == "Source footnote":
                sizes = {r.font.size.pt for p in sh.text_frame.paragraphs for r in p.runs}
                assert min(sizes) >= 7, (s.shapes.title.text, sizes)
    ranking = next(s for s in slides if s.shapes.title.text.startswith("Ranking"))
    whole = source_footnote(pack, pack.lines)
    assert len(whole) > 1_500
    cut = _foot(ranking)
    assert cut.endswith(f"Continued under “{CONTINUED}” at the end.")
    assert whole.startswith(cut.split(" Continued under")[0].rstrip(";"))
    assert ranking.notes_slide.notes_text_frame.text == whole
    closing = [s for s in slides if s.shapes.title.text.startswith("Sources and notes")]
    assert closing and slides[-len(closing):] == closing
    text = " ".join(sh.text_frame.text for s in closing for sh in s.shapes if sh.has_text_frame)
    number = slides.index(ranking) + 1
    assert f"Slide {number}, Ranking at the latest common period: Source: " in text
    # every page cited and every note, none lost
    for page in ("fta_20f_fy2023_loan_aging_details.htm", "qfin_20f_fy2022_allowance_details.htm",
                 "qudian_20f_fy2021_guarantee_note.txt", "Ratios computed here from the reported"):
        assert page in whole and page in text


def test_a_joined_note_is_said_once(pack) -> None:  # noqa: ANN001
    whole = source_footnote(pack, pack.lines)
    assert whole.count("numerator is 31+ days (the filer's buckets), not 30+ days") == 1
    assert whole.count("the filer's buckets end at 180 days") == 1
