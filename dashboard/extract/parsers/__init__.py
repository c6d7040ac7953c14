"""Parsers: one per kind of document, each turning a document into facts.

`parse_document` dispatches on the kind `detect` found.
"""

from __future__ import annotations

from dashboard.extract import detect as k
from dashboard.extract.classify import classify_topic, topic_scores
from dashboard.extract.parsers.html_tables import _parse_tree, parse_html, read_dei
from dashboard.extract.parsers.text_extract import parse_text
from dashboard.extract.parsers.xbrl import parse_xbrl
from dashboard.model.documents import Document
from dashboard.model.schema import OTHER, Fact

# Words and concept names without which a document holds no credit figure. Substring tests on
# the lowered text cost a few milliseconds a megabyte, far less than parsing, so most parts of
# a filing are passed by. ("aging" is left out: it hides inside "managing".)
CREDIT_WORDS: tuple[str, ...] = (
    "past due", "past-due", "pastdue", "delinquen", "allowance", "write-off", "writeoff", "write off",
    "written off", "charge-off", "chargeoff", "charged off", "guarantee", "risk assurance",
    "provision for loan", "provision for credit", "provision for doubtful", "provisionforloan",
    "provisionforcredit", "provisionfordoubtful", "credit loss", "creditloss", "nonaccrual",
    "non-accrual", "recoveries",
    # the standby letters of credit a bank writes are guarantees (ASC 460) whatever else its
    # page names
    "standby letter",
    # a loan-composition table: its classes add up to the loans, the denominator of every ratio
    "total loans", "gross loans",
    # IFRS 9's stages name loans by their expected credit losses ("12-month ECL | Lifetime ECL")
    "lifetime ecl", "12-month ecl",
    # IFRS 9's name for the allowance deducted from the loans ("Expected loss provision for direct
    # loans"), a page's only credit word when its loans are named otherwise ("Total direct loans")
    "expected loss provision",
)


# The words grouped under a shorter word each of them contains: a document without "writ" needs
# no look for "write-off", "writeoff", "write off" or "written off". Eleven scans of a document
# that holds none of the words instead of twenty-five; the answer is the same.
_ANCHORS = ("allowance", "past", "writ", "credit", "guarantee", "delinquen", "charge",
            "provision", "accrual", "recoveries", "risk assurance")


def _anchor_groups(words: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups: list[tuple[str, tuple[str, ...]]] = []
    left = list(words)
    for anchor in _ANCHORS:
        mine = tuple(w for w in left if anchor in w)
        left = [w for w in left if anchor not in w]
        if mine:
            groups.append((anchor, () if anchor in mine else mine))
    groups.extend((w, ()) for w in left)  # a word no anchor covers is its own
    return tuple(groups)


_GROUPS = _anchor_groups(CREDIT_WORDS)


def looks_like_credit(text: str) -> bool:
    """True when the text holds any of CREDIT_WORDS (case-insensitive)."""
    low = text.lower()
    for anchor, words in _GROUPS:
        if anchor in low and (not words or any(w in low for w in words)):
            return True
    return False


def parse_document(doc: Document, kind: str) -> tuple[list[Fact], list[str]]:
    """Facts of one document and notes for the reader (e.g. "no credit disclosure found")."""
    if kind in (k.IXBRL, k.XBRL_INSTANCE, k.RPAGE_HTML, k.HTML_OTHER, k.TEXT_EXTRACT) \
            and not looks_like_credit(doc.text):
        if kind == k.RPAGE_HTML and "defref_dei_" in doc.text[:200000]:
            read_dei(_parse_tree(doc), doc)  # a cover page: it names the filer of its filing
        return [], ["no credit-quality vocabulary in this document; not parsed further"]
    facts, notes = _parse(doc, kind)
    if not facts and kind in (k.RPAGE_HTML, k.HTML_OTHER, k.TEXT_EXTRACT):
        notes.insert(0, _classification_note(doc))
    return facts, notes


def _classification_note(doc: Document) -> str:
    """What a page without figures is about, so the reader knows it was understood.

    The page's title must name the topic: a balance sheet that mentions an allowance in
    passing is not an allowance note.
    """
    title = doc.text[:400]
    if max(topic_scores(title).values()) <= 0:
        return "not a credit-quality note; nothing to chart"
    topic = classify_topic(title, doc.text[:60000])
    if topic == OTHER:
        return "not a credit-quality note; nothing to chart"
    return f"classified as a {topic} note, but it holds no figures to chart".replace("a allowance", "an allowance")


def _parse(doc: Document, kind: str) -> tuple[list[Fact], list[str]]:
    if kind in (k.IXBRL, k.XBRL_INSTANCE):
        return parse_xbrl(doc, kind)
    if kind in (k.RPAGE_HTML, k.HTML_OTHER):
        return parse_html(doc, kind)
    if kind == k.TEXT_EXTRACT:
        return parse_text(doc)
    return [], [f"{kind.replace('_', ' ')}: nothing to extract"]
