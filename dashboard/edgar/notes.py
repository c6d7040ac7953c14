"""The notes of a filing's report list: each note's text page with its Policies, Tables and
Details pages, found together even when their names differ.

EDGAR's renderer lists a note's text page under Notes, then every note's Policies, Tables and
Details pages in the order of the notes. A page belongs to a note by, in order of trust:

1. its ParentRole (newer summaries give it for Policies and Tables pages, some for Details);
2. the note's title or role starting the page's own (`Loans - Past Due (Details)`,
   `LoansPastDueDetails` under `Loans`), the longest such note winning;
3. a stem the two share (`Off-Balance Sheet - Standby Letters of Credit (Details)` under
   `Off-Balance Sheet Lending-Related Financial Instruments, Guarantees …`);
4. the number many filers give each disclosure in its long name (`2106100 - Disclosure -
   Loans` is note 06; `2406403 - … (Details)` is one of its details);
5. for a page that names no note (`Schedule of Nonaccrual Status (Details)`), its neighbours of
   the same menu: when the pages before and after it in the list are in one note, so is it.

A page that still has no note stands alone (a `Note` without a head).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.edgar.index import Report

MENUS = ("tables", "details", "notes", "policies", "statements", "cover")
_COVER = re.compile(r"^(document and entity information|cover( page)?)$", re.IGNORECASE)
_SUFFIX = re.compile(r"(\s*\((tables?|details?[^)]*|narrative|policies|textual|parenthetical)\))+"
                     r"[\s\d]*$", re.IGNORECASE)
_NOTE_NUMBER = re.compile(r"^\s*note\s+\d+[a-z]?\s*[-–—:.]?\s*", re.IGNORECASE)
_PART = re.compile(r"\s+[-–—]+\s*|\s*[-–—]+\s+|:\s+|\s*—\s*")
_ROLE_PREFIX = re.compile(r"^(role_)?(disclosure|statement|document|notestofinancialstatements)+",
                          re.IGNORECASE)
_ROLE_SUFFIX = re.compile(r"(textblock|tables?|policies|details?\d*[a-z]?|narrative|calc\d+|_\d+)+$",
                          re.IGNORECASE)


def kind_of(report: Report) -> str:
    """The page's menu (cover, statements, notes, policies, tables, details)."""
    menu = report.menu.lower()
    if menu in MENUS:
        return menu
    low = report.short_name.lower()
    if _COVER.search(low):  # summaries without menus: the dei page by its name
        return "cover"
    for word in ("tables", "details", "policies"):
        if f"({word}" in low:
            return word
    return "notes" if report.report_type.lower() in ("", "sheet") else menu


def role_words(role: str) -> str:
    """'…/role/LoansReceivableNetDetails' -> 'Loans Receivable Net Details'."""
    tail = role.rstrip("/").rsplit("/", 1)[-1]
    tail = re.sub(r"^Role_", "", tail)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_", " ", tail).strip()


def _words(text: str) -> tuple[str, ...]:
    text = text.replace("&", " and ")
    return tuple(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def bare_name(report: Report) -> str:
    """The page's name without its menu suffix and note number."""
    return _NOTE_NUMBER.sub("", _SUFFIX.sub("", report.short_name)).strip()


def _role_key(role: str) -> str:
    tail = role.rstrip("/").rsplit("/", 1)[-1]
    tail = _ROLE_SUFFIX.sub("", _ROLE_PREFIX.sub("", tail))
    return re.sub(r"[^a-z0-9]", "", tail.lower())


@dataclass(eq=False)
class Note:
    """A note: its text page (`head`, None for a page standing alone) and all its pages."""

    head: Report | None
    title: str
    role_title: str = ""
    pages: list[Report] = field(default_factory=list)

    def own_part(self, report: Report) -> str:
        """The words a page adds to its note's title: 'Loans - Past Due (Details)' -> 'Past Due'."""
        bare = bare_name(report)
        words = _words(bare)
        title = _words(self.title)
        if title and words[:len(title)] == title and len(words) > len(title):
            # drop as many leading words of the name as the title has
            pat = r"^\W*" + r"\W+".join(re.escape(w) for w in title) + r"\b[\W_]*"
            rest = re.sub(pat, "", bare.replace("&", " and "), count=1, flags=re.IGNORECASE)
            return rest.strip() or bare
        parts = _PART.split(bare, maxsplit=1)
        return parts[1].strip() if len(parts) == 2 and parts[1].strip() else bare

    def own_role_part(self, report: Report) -> str:
        page = role_words(report.role)
        if self.head is None:
            return page
        head = role_words(self.head.role)
        return page[len(head):].strip() if head and page.lower().startswith(head.lower()) else page


def group_notes(reports: list[Report]) -> list[Note]:
    """Every page of the list in its note, in list order."""
    heads = [r for r in reports if kind_of(r) == "notes"]
    notes = [Note(head=h, title=bare_name(h), role_title=role_words(h.role), pages=[h]) for h in heads]
    by_role = {h.role: n for h, n in zip(heads, notes, strict=True) if h.role}
    by_file = {h.file: n for h, n in zip(heads, notes, strict=True)}
    keys = [(n, _words(n.title), _role_key(n.head.role)) for n in notes]

    found: dict[str, Note] = {}
    by_page_role = {r.role: r for r in reports if r.role}
    by_code = _by_code(heads, notes)
    for r in reports:
        if kind_of(r) not in ("policies", "tables", "details"):
            continue
        note = _by_parent(r, by_role, by_page_role) or _by_name(r, keys) \
            or by_code.get(_code(r)[2:4] if _code(r)[:2] in ("22", "23", "24") else "")
        if note is not None:
            found[r.file] = note
    # pages that name no note: their neighbours of the same menu decide
    for menu in ("policies", "tables", "details"):
        row = [r for r in reports if kind_of(r) == menu]
        for i, r in enumerate(row):
            if r.file in found or _names_a_note(r):
                continue
            before = next((found[p.file] for p in reversed(row[:i]) if p.file in found), None)
            after = next((found[p.file] for p in row[i + 1:] if p.file in found), None)
            if before is not None and after is before:
                found[r.file] = before
            elif menu == "policies" and (before is None) != (after is None):
                # a filing's policies pages sit together under its accounting-policies note
                found[r.file] = before or after
    alone: list[Note] = []
    for r in reports:
        if r.file in by_file:
            continue
        if r.file in found:
            found[r.file].pages.append(r)
        elif kind_of(r) in ("policies", "tables", "details"):
            alone.append(Note(head=None, title="", pages=[r]))
    return notes + alone


_CODE = re.compile(r"^\s*(\d{7})\s+-\s+")


def _code(r: Report) -> str:
    m = _CODE.match(r.long_name)
    return m.group(1) if m else ""


def _by_code(heads: list[Report], notes: list[Note]) -> dict[str, Note]:
    """Note number -> note, when the long names follow the common numbering of disclosures
    (21NN… a note's text, 22NN… its policies, 23NN… its tables, 24NN… its details)."""
    codes = {_code(h)[2:4]: n for h, n in zip(heads, notes, strict=True) if _code(h)[:2] == "21"}
    return codes if len(codes) >= 3 and len(codes) == len(heads) else {}


def _names_a_note(r: Report) -> bool:
    """'Receivables - Schedule 3 (Details)': the page names its own note (one without a text
    page here), so its neighbours' note is not its note."""
    return len(_PART.split(bare_name(r), maxsplit=1)) == 2


def _by_parent(r: Report, by_role: dict[str, Note], by_page_role: dict[str, Report]) -> Note | None:
    seen = set()
    parent = r.parent_role
    while parent and parent not in seen:
        seen.add(parent)
        if parent in by_role:
            return by_role[parent]
        up = by_page_role.get(parent)
        parent = up.parent_role if up is not None else ""
    return None


def _by_name(r: Report, keys: list[tuple[Note, tuple[str, ...], str]]) -> Note | None:
    words = _words(bare_name(r))
    role = _role_key(r.role)
    stem = _words(_PART.split(bare_name(r), maxsplit=1)[0])
    best: tuple[int, int] = (0, 0)
    choice = None
    for note, title, key in keys:
        score = (0, 0)
        if title and words[:len(title)] == title:
            score = (2, len(title))
        if len(key) >= 4 and role.startswith(key):
            score = max(score, (2, len(_words(role_words(note.head.role)))))
        if score == (0, 0) and stem and len(stem) < len(words) and title[:len(stem)] == stem:
            score = (1, len(stem))
        if score > best:
            best, choice = score, note
    return choice
