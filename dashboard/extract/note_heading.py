"""The note a fragment belongs to, from what the document itself says. Pure, tiny, no parser.

An EDGAR R page names its note in the header cell ("Loans Receivable, Net - Aging of loans
(Details) - CNY (¥) ¥ in Thousands"); a text extract of a note page carries the note's own
numbered heading ("11. Guarantee liabilities and risk assurance liabilities"). Chart footnotes
and tables use this to name the note, not only the file.
"""

from __future__ import annotations

import html
import re

_TL = re.compile(r"<th[^>]*class=\"?tl\"?[^>]*>(.*?)</th>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_CURRENCY_TAIL = re.compile(r"\s+-\s+(?:[A-Z]{3}\s*\(|USD|CNY|RMB|shares|pure).*$", re.S)
_KIND = re.compile(r"\s*\((?:Details|Tables|Policies|Details Narrative)\)\s*", re.I)
_NUMBERED = re.compile(r"^\|?\s*(\d{1,2})\.\s+([A-Z][^|]{3,100}?)\s*$")


def note_heading(name: str, data: bytes) -> str:
    """'Note 11, Guarantee liabilities' or 'Loans Receivable, Net: aging of loans'; '' when
    the document does not say."""
    head = data[:200_000].decode("utf-8", errors="replace")
    m = _TL.search(head)
    if m:
        first = re.split(r"<br\s*/?>", m.group(1), maxsplit=1, flags=re.I)[0]
        text = " ".join(html.unescape(_TAGS.sub(" ", first)).split())
        return _title(text)
    if "<" in head[:200] and "<html" in head[:2000].lower():
        return ""
    lines = [ln.strip().strip("|").strip() for ln in head.splitlines()[:80]]
    for i, line in enumerate(lines):
        n = _NUMBERED.match(line)
        if n:
            return f"Note {n.group(1)}, {_sentence(n.group(2).strip())}"
        # a number alone on its line, the heading on the next ("6." / "LOANS RECEIVABLE, NET")
        if re.fullmatch(r"\d{1,2}\.", line) and i + 1 < len(lines) and lines[i + 1][:1].isalpha():
            return f"Note {line[:-1]}, {_sentence(lines[i + 1])}"
    # the page title: the first line that names a note (R page renderings put it first)
    for line in lines[:6]:
        if not line or line.startswith("XML ") or re.match(r"^\d+ Months Ended", line):
            continue
        if len(line) <= 160 and (" - " in line or line[:1].isupper()):
            return _title(line)
    return ""


def _sentence(text: str) -> str:
    """'LOANS RECEIVABLE, NET' -> 'Loans receivable, net'; mixed case is left alone."""
    return text[:1] + text[1:].lower() if text.isupper() else text


def _title(text: str) -> str:
    text = _CURRENCY_TAIL.sub("", " ".join(text.split()))
    text = _KIND.sub(" ", text).strip()
    title, sep, part = text.partition(" - ")
    title = _sentence(title.strip())
    return f"{title}: {part.strip()[:1].lower()}{part.strip()[1:]}" if sep and part else title
