"""Parsers: one per kind of document, each turning a document into facts.

`parse_document` dispatches on the kind `detect` found.
"""

from __future__ import annotations

from dashboard import detect as k
from dashboard.documents import Document
from dashboard.schema import Fact


def parse_document(doc: Document, kind: str) -> tuple[list[Fact], list[str]]:
    """Facts of one document and notes for the reader (e.g. "no credit disclosure found")."""
    if kind in (k.IXBRL, k.XBRL_INSTANCE):
        from dashboard.parsers.xbrl import parse_xbrl

        return parse_xbrl(doc, kind)
    if kind in (k.RPAGE_HTML, k.HTML_OTHER):
        from dashboard.parsers.html_tables import parse_html

        return parse_html(doc, kind)
    if kind == k.TEXT_EXTRACT:
        from dashboard.parsers.text_extract import parse_text

        return parse_text(doc)
    return [], [f"{kind.replace('_', ' ')}: nothing to extract"]
