"""Detect: a cheap sniff of what kind of document this is, from its first few kilobytes."""

from __future__ import annotations

import re

from dashboard.model.documents import Document

RPAGE_HTML = "rpage_html"  # EDGAR Financial Report viewer page (R15.htm)
IXBRL = "ixbrl"  # inline XBRL document (ix:nonFraction …)
XBRL_INSTANCE = "xbrl_instance"  # XBRL instance (<xbrli:xbrl>)
TEXT_EXTRACT = "text_extract"  # plain text rendering of an R page or note
HTML_OTHER = "html_other"  # some other HTML (exhibits, press releases)
FILING_SUMMARY = "filing_summary"  # FilingSummary.xml: the index of R pages
XML_OTHER = "xml_other"  # schemas, linkbases, other XML
JSON = "json"
BINARY = "binary"
DOCUMENTATION = "documentation"  # README.md and the like: prose about files, not a filing

KINDS = (RPAGE_HTML, IXBRL, XBRL_INSTANCE, TEXT_EXTRACT, HTML_OTHER, FILING_SUMMARY, XML_OTHER,
         JSON, BINARY, DOCUMENTATION)
DOC_SUFFIXES = (".md", ".markdown", ".rst")

_HEAD = 65536
_IX = re.compile(r"<ix:(?:header|nonfraction|nonnumeric)\b|xmlns:ix\s*=", re.I)
_XBRLI = re.compile(r"<(?:xbrli:)?xbrl[\s>]", re.I)
_RPAGE = re.compile(r"<table[^>]*class=[\"']?report\b|Show\.showAR\(|defref_", re.I)
_HTML = re.compile(r"<(?:!doctype\s+html|html|body|table|div|p)\b", re.I)


# Characters that case-insensitive matching (or str.lower) turns into ASCII letters. A head
# without them is searched for the patterns' fixed words in its lower-cased text first, which is
# many times cheaper than a case-insensitive regex over 64 KB; the regex then confirms. A head
# with them goes straight to the regexes, so the result is the same either way.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_match(low: str | None, *words: str) -> bool:
    """False only when none of a pattern's fixed words is in the lower-cased head."""
    return low is None or any(w in low for w in words)


def detect(doc: Document) -> str:
    """Return one of KINDS for a decoded document."""
    head = doc.text[:_HEAD]
    stripped = head.lstrip("\ufeff \t\r\n")
    name = doc.name.lower()
    low = head.lower() if head.isascii() or not any(c in head for c in _FOLDS_TO_ASCII) else None
    if "\x00" in head[:4096]:
        return BINARY
    if name.endswith(DOC_SUFFIXES):
        return DOCUMENTATION
    if name.endswith("filingsummary.xml") or "<FilingSummary" in head[:4096]:
        return FILING_SUMMARY
    if stripped.startswith(("{", "[")) and name.endswith(".json"):
        return JSON
    if _may_match(low, "<ix:", "xmlns:ix") and _IX.search(head):
        return IXBRL
    if _may_match(low, "<xbrl") and _XBRLI.search(head) \
            and re.search(r"<(?:xbrli:)?context\b|contextRef=", doc.text[:400000]):
        return XBRL_INSTANCE
    if _may_match(low, "report", "show.showar(", "defref_") and _RPAGE.search(head):
        return RPAGE_HTML
    if stripped.startswith("<?xml") or name.endswith((".xml", ".xsd")):
        return XML_OTHER
    if _HTML.search(head[:4096]) or name.endswith((".htm", ".html")) and "<" in head[:4096]:
        return HTML_OTHER
    return TEXT_EXTRACT
