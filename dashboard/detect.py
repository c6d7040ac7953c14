"""Detect: a cheap sniff of what kind of document this is, from its first few kilobytes."""

from __future__ import annotations

import re

from dashboard.documents import Document

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


def detect(doc: Document) -> str:
    """Return one of KINDS for a decoded document."""
    head = doc.text[:_HEAD]
    stripped = head.lstrip("\ufeff \t\r\n")
    name = doc.name.lower()
    if "\x00" in head[:4096]:
        return BINARY
    if name.endswith(DOC_SUFFIXES):
        return DOCUMENTATION
    if name.endswith("filingsummary.xml") or "<FilingSummary" in head[:4096]:
        return FILING_SUMMARY
    if stripped.startswith(("{", "[")) and name.endswith(".json"):
        return JSON
    if _IX.search(head):
        return IXBRL
    if _XBRLI.search(head) and re.search(r"<(?:xbrli:)?context\b|contextRef=", doc.text[:400000]):
        return XBRL_INSTANCE
    if _RPAGE.search(head):
        return RPAGE_HTML
    if stripped.startswith("<?xml") or name.endswith((".xml", ".xsd")):
        return XML_OTHER
    if _HTML.search(head[:4096]) or name.endswith((".htm", ".html")) and "<" in head[:4096]:
        return HTML_OTHER
    return TEXT_EXTRACT
