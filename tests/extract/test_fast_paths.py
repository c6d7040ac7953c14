"""The cheap checks that stand in front of the expensive ones never change an answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract import detect as d
from dashboard.extract.parsers import CREDIT_WORDS, looks_like_credit
from dashboard.model.documents import Document
from dashboard.model.schema import Fact

PIECES = ["<ix:header", "<IX:nonFraction", "xmlns:ix =", "XMLNS:IX=", "<xbrl>", "<XBRLI:xbrl ",
          "<table class=report", "CLASS='Report'", "Show.showAR(", "defref_", "DEFREF_",
          "<context", "contextRef=", "<html>", "<p>", "\u0130", "\u0131", "\u017f", "\u212a",
          "\u00a5", " ", "\n", "x", "<", ">", "past due", "PAST-DUE", "Write Off", "writ",
          "Provision for Credit", "credit", "charge", "Non-Accrual", "RECOVERIES", "guarantee"]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(["page.htm", "page.xml", "notes.txt", "x.json"]))
def test_detect_answers_as_the_regexes_alone(text: str, name: str) -> None:
    doc = Document(source=name, name=name, text=text)
    fast = d.detect(doc)
    real = d._may_match
    d._may_match = lambda low, *words: True  # every fixed-word check passes: regexes decide
    try:
        slow = d.detect(doc)
    finally:
        d._may_match = real
    assert fast == slow


@settings(max_examples=400, deadline=None)
@given(texts)
def test_credit_prefilter_is_the_plain_word_search(text: str) -> None:
    low = text.lower()
    assert looks_like_credit(text) == any(w in low for w in CREDIT_WORDS)


def test_every_credit_word_is_found_alone() -> None:
    for w in CREDIT_WORDS:
        assert looks_like_credit(f"The {w.upper()} table")
    assert not looks_like_credit("credit facility; written notice; past performance; charges")


def test_fact_row_is_asdict_without_extra() -> None:
    from dataclasses import asdict
    from datetime import date

    f = Fact(entity="E", source="s", disclosure="delinquency", metric="past_due",
             period_end=date(2023, 12, 31), value=1.0, days_from=1, days_to=30,
             extra={"raw": 1})
    want = asdict(f)
    want.pop("extra")
    assert f.row() == want and list(f.row()) == list(want)
