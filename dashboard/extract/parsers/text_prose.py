"""The running text of a page's text rendering as paragraphs (the sentences a narrative figure
is read from), its tables' rows and the XBRL definitions below it left out."""

from __future__ import annotations

import re

from dashboard.model.numbers import number_tokens

# where an R page's rendering turns from the page to the XBRL element definitions under it
DEFINITIONS = re.compile(r"^\|?X\s*$\n^-\s*(Definition|References)", re.M)


# the standard definitions an R page prints under its table for the elements of its rows: ASC
# 460's maximum exposure, and a guarantee's carrying amount (a liability, not an exposure)
_MAXIMUM_DEFINED = re.compile(r"maximum\s+potential\s+amount\s+of\s+future\s+payments\s+\(undiscounted\)\s+the\s+guarantor",
                              re.I)
_CARRYING_DEFINED = re.compile(r"carrying\s+amount\s+of\s+the\s+liability|fair\s+value\s+portion\s+of\s+guarantee", re.I)


def defines_guarantee_maximum(text: str) -> bool:
    """The page's definitions panel defines the maximum potential amount of future payments
    under a guarantee and nothing measured otherwise (a carrying amount, a fair value): the
    page's amounts of guarantees are that maximum whatever the filer labels them ("Guarantee
    Obligations" for us-gaap:GuaranteeObligationsMaximumExposure)."""
    m = DEFINITIONS.search(text)
    panel = text[m.start():] if m else ""
    return bool(_MAXIMUM_DEFINED.search(panel)) and not _CARRYING_DEFINED.search(panel)


def prose_paragraphs(text: str) -> list[str]:
    """The page's running text as paragraphs, re-joining sentences broken across lines.

    Lines that hold only figures (table rows) end a paragraph and are left out. A short line
    with no sentence punctuation that opens a paragraph and is followed by a capitalised line
    is a heading ("Risk assurance liabilities", "Dec. 31, 2024") and stands alone; a line
    ending in a comma or a connecting word ("As of December 31,") continues the sentence.
    """
    m = DEFINITIONS.search(text)
    if m:
        text = text[: m.start()]
    lines = [raw.replace("\xa0", " ").strip().strip("|").strip() for raw in text.splitlines()]
    lines = [ln for ln in lines if ln]
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for i, line in enumerate(lines):
        if number_tokens(line) is not None:
            flush()
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not current and _is_heading_line(line, nxt):
            paragraphs.append(line)
            continue
        current.append(line)
        if re.search(r"[.:]\)?$", line) and not re.search(r"\b(?:Dec|No|Inc|U\.S)\.$", line):
            flush()
    flush()
    return paragraphs


_CONTINUES = re.compile(r"[,;(\-–]$|\b(?:and|or|of|the|a|an|to|was|were|is|are|in|for|by|as|at|from|with)$", re.I)


def _is_heading_line(line: str, nxt: str) -> bool:
    return (len(line.split()) <= 8 and not re.search(r"[.:;]$", line) and not _CONTINUES.search(line)
            and bool(nxt) and (nxt[0].isupper() or nxt[0].isdigit()))
