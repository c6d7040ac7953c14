"""Which R pages of a filing are credit notes, and why.

A FilingSummary lists every page of the filing's Financial Report with its short and long
names, its menu category (Cover, Statements, Notes, Policies, Tables, Details) and its XBRL
role URI. A page is picked when those words name a credit topic:

| topic | words (in the names or the role, e.g. `…/role/LoansReceivableNetDetails`) |
|---|---|
| loans | loans/leases receivable, loans held for investment, financing/finance/notes/installment receivables, loan portfolio |
| allowance | allowance for loan/credit/doubtful losses or accounts, credit losses, expected credit loss, provision for loan losses, charge-offs, impaired loans |
| past_due | past due, aging/ageing, delinquency, nonaccrual, nonperforming |
| guarantee | guarantees, guarantee liabilities, risk assurance (not guarantor financial information, not guaranteed notes) |
| credit_quality | credit quality, credit risk, troubled debt restructurings, loan modifications, vintage |

Then the family of a picked page: a picked note's Tables and Details pages ("part of the
note …"), and the note text block of a picked Tables or Details page. Financial statements,
accounting policies and parentheticals are never picked (they are listed as considered, so
the analyst can add them). When anything is picked, the cover page is too: its `dei:` rows
name the filer, form and period of the other pages. Every decision carries its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.edgar.index import Report

TOPICS: dict[str, tuple[str, ...]] = {
    "loans": (
        r"\b(loans?|leases?)( and leases?)?,? (and )?(notes )?receivables?",
        r"\bloans?( and leases?)? held for investment", r"\bloan portfolio",
        r"\b(financing|finance|notes|installment|consumer|microcredit|credit card) receivables?",
        r"\bloans? receivable", r"^loans?( and leases?)?\b(?! payable)", r"\bloans?,? net\b",
        r"\bloans? and (the )?allowance",
    ),
    "allowance": (
        r"\ballowances? for (loan|credit|doubtful|expected credit|loan and lease|possible loan|"
        r"uncollectible)", r"\bcredit loss", r"\bexpected credit", r"\bprovisions? for (loan|credit)",
        r"\bcharge[- ]?offs?\b", r"\bwrite[- ]?offs? of (loans|receivables)", r"\bimpaired loans?",
        r"\bdoubtful accounts",
    ),
    "past_due": (
        r"\bpast[- ]due", r"\bag(e)?ing\b", r"\bdelinquen", r"\bnon-?accru", r"\bnon-?performing",
    ),
    "guarantee": (
        r"\bguarantees?\b(?! (of|on) (the )?(notes|debt|senior))", r"\bguarantee (liabilit|obligation)",
        r"\brisk assurance", r"\bfinancial guarantee",
    ),
    "credit_quality": (
        r"\bcredit quality", r"\bcredit risk", r"\btroubled debt", r"\bmodifications? (to|of|for) "
        r"(loans|borrowers|receivables)", r"\bloan modifications?", r"\bvintage",
    ),
}
_COMPILED = {t: [re.compile(p, re.IGNORECASE) for p in pats] for t, pats in TOPICS.items()}
# Names that carry a credit word but are not a credit note.
NOT_CREDIT = re.compile(
    r"guarantor|guaranteed (senior )?notes|condensed consolidating|parent company only|"
    r"concentrations? of credit risk|loans? payable|notes and loans payable|pay vs|insider trading", re.IGNORECASE)
NEVER_MENUS = {"statements": "a financial statement, not a note",
               "policies": "accounting-policy text, with no figures",
               "cover": ""}
TOPIC_WORDS = {"loans": "loans or financing receivables", "allowance": "the allowance for credit losses",
               "past_due": "past-due (aging) loans", "guarantee": "guarantees",
               "credit_quality": "credit quality"}


@dataclass(frozen=True, slots=True)
class Choice:
    """One page of the filing and the decision about it."""

    report: Report
    picked: bool
    topics: tuple[str, ...]
    reason: str

    @property
    def file(self) -> str:
        return self.report.file


def _role_words(role: str) -> str:
    tail = role.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", tail)


def _long_title(long_name: str) -> str:
    """'9952158 - Disclosure - Loans Receivable, Net' -> 'Loans Receivable, Net'."""
    parts = [p.strip() for p in long_name.split(" - ")]
    return " - ".join(parts[2:]) if len(parts) >= 3 and parts[0].isdigit() else long_name


def topics_of(report: Report) -> tuple[tuple[str, ...], str]:
    """The credit topics a page's names or role name, and the words that did it."""
    texts = [(report.short_name, "its name"), (_long_title(report.long_name), "its long name"),
             (_role_words(report.role), f"its role {report.role.rsplit('/', 1)[-1]}")]
    found: list[str] = []
    where: dict[str, list[str]] = {}
    for topic, pats in _COMPILED.items():
        for text, place in texts:
            m = next((m for p in pats if (m := p.search(text))), None)
            if m:
                found.append(topic)
                where.setdefault(place, []).append(f"“{m.group(0).strip()}”")
                break
    evidence = "; ".join(f"{', '.join(dict.fromkeys(words))} in {place}"
                         for place, words in where.items())
    return tuple(found), evidence


_SUFFIX = re.compile(r"\s*\((tables|details|details narrative|narrative|policies|textual)\)\s*$",
                     re.IGNORECASE)


_NOTE_NUMBER = re.compile(r"^\s*note\s+\d+[a-z]?\s*[-–—:.]?\s*", re.IGNORECASE)
_PART = re.compile(r"\s+[-–—]\s+|:\s+")


def note_title(report: Report) -> str:
    """The note a page belongs to: 'Loans - Past Due (Details)' -> 'loans';
    'NOTE 6: LOANS AND ALLOWANCE: Rollforward (Tables)' -> 'loans and allowance'."""
    bare = _SUFFIX.sub("", report.short_name)
    name = _NOTE_NUMBER.sub("", bare)
    if report.menu.lower() in ("details", "tables") or bare != report.short_name:
        name = _PART.split(name, maxsplit=1)[0]
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _kind(report: Report) -> str:
    menu = report.menu.lower()
    if menu in ("tables", "details", "notes", "policies", "statements", "cover"):
        return menu
    low = report.short_name.lower()
    for word in ("tables", "details", "policies"):
        if f"({word}" in low:
            return word
    return "notes" if report.report_type.lower() in ("", "sheet") else menu


def pick_reports(reports: Iterable[Report], *, add: Iterable[str] = (),
                 drop: Iterable[str] = ()) -> list[Choice]:
    """A decision for every page that is a credit note or near one (others are left out).

    `add` / `drop`: the analyst's word, as R file names (`R15.htm`) or words of a page's
    name (case-insensitive); a dropped page is never fetched, an added one always is.
    """
    reports = [r for r in reports if r.file]
    add_l = [a.lower() for a in add if a.strip()]
    drop_l = [d.lower() for d in drop if d.strip()]

    def says(words: list[str], r: Report) -> bool:
        return any(w == r.file.lower() or w in r.short_name.lower() for w in words)

    direct: dict[str, tuple[tuple[str, ...], str]] = {}
    considered: dict[str, str] = {}
    for r in reports:
        topics, evidence = topics_of(r)
        kind = _kind(r)
        if not topics or kind == "cover":
            continue
        if NOT_CREDIT.search(r.short_name) or NOT_CREDIT.search(r.long_name):
            what = NOT_CREDIT.search(f"{r.short_name} {r.long_name}").group(0).lower()
            considered[r.file] = f"a credit word ({evidence}), but the page is about {what}"
            continue
        if kind in NEVER_MENUS:
            considered[r.file] = f"{NEVER_MENUS[kind]} ({evidence})"
            continue
        what = ", ".join(TOPIC_WORDS[t] for t in topics)
        direct[r.file] = (topics, f"{kind.rstrip('s') if kind != 'details' else 'details'} page on "
                                  f"{what}: {evidence}")
    # the family of each picked page
    picked_notes = {note_title(r) for r in reports if r.file in direct}
    family: dict[str, str] = {}
    for r in reports:
        if r.file in direct or r.file in considered or _kind(r) in NEVER_MENUS:
            continue
        title = note_title(r)
        if title and title in picked_notes:
            kind = _kind(r)
            family[r.file] = (f"the text of the note “{r.short_name}”, whose tables are picked"
                              if kind == "notes" else
                              f"part of the picked note “{title}” ({kind} page)")
    choices: list[Choice] = []
    any_pick = bool(direct or family or add_l)
    for r in reports:
        if says(drop_l, r):
            if r.file in direct or r.file in family:
                choices.append(Choice(r, False, direct.get(r.file, ((), ""))[0], "dropped by you"))
            continue
        if r.file in direct:
            topics, why = direct[r.file]
            choices.append(Choice(r, True, topics, why))
        elif r.file in family:
            choices.append(Choice(r, True, topics_of(r)[0], family[r.file]))
        elif says(add_l, r):
            choices.append(Choice(r, True, topics_of(r)[0], "added by you"))
        elif r.file in considered:
            choices.append(Choice(r, False, topics_of(r)[0], f"not picked: {considered[r.file]}"))
        elif _kind(r) == "cover" and any_pick:
            choices.append(Choice(r, True, (), "the cover page: its dei facts name the filer, "
                                               "form and period of the other pages"))
    return choices


def picked_files(choices: Iterable[Choice]) -> list[str]:
    return [c.file for c in choices if c.picked]
