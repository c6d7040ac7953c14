"""Which R pages of a filing are credit notes, and why.

A FilingSummary lists every page of the filing's Financial Report with its short and long
names, its menu category (Cover, Statements, Notes, Policies, Tables, Details), its XBRL role
URI and, in newer summaries, the role of the note it belongs to (ParentRole). A page is
judged by what it is, as an analyst reads the list:

1. Each page is put in its note (`notes.py`): the note's text page, its Policies, Tables and
   Details pages, found together by ParentRole, by the note's title or role starting the
   page's own, by a shared stem ("Off-Balance Sheet - …" under "Off-Balance Sheet Lending-
   Related …"), by the disclosure numbers of the long names, and, for a page that names no
   note, by its neighbours in the list.
2. A note is a credit note when its own title is about credit (loans, the allowance, past-due
   loans, guarantees, credit quality), or when its title names a credit object (loans,
   financing receivables) and one of its own Tables/Details pages is about credit, or when it
   is a lender's note on concentrations of credit risk that has tables of them. Every page of
   a credit note is picked, its Policies pages too, but for a page on the title's other,
   non-credit subject ("Product Warranty" in "Guarantees and Product Warranty").
3. In any other note a page is picked only when its own name or role is about credit. Words
   that are credit words only about the right things ("aging", "credit loss", "delinquent")
   count when the page or its note names loans, receivables or guarantees, or the filing is a
   lender's, and never on securities, VIEs, derivatives, fair value or revenue pages. Where the
   name cannot decide, a Details page is marked `check`: fetch.py reads its XBRL concepts
   (`page_concepts.py`) and keeps it only when they are credit concepts; so are the Tables
   page of a note with a credit page. A filer's own borrowings ("Term Loan") and guarantor
   statements are not credit notes; only their phrase is set aside, so "Guarantees and
   Guarantor Financial Information" is still a guarantee note.
4. The cover page (not "Audit Information") when anything is picked: its `dei:` rows name the
   filer, form and period of the other pages.

The vocabulary is in the tables below; every decision carries its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from dashboard.edgar.index import Report
from dashboard.edgar.notes import Note, bare_name, group_notes, kind_of, role_words
from dashboard.edgar.page_concepts import check_page

# --- vocabulary ----------------------------------------------------------------------------

# Words that make a page about credit by themselves, wherever they are.
STRONG: dict[str, tuple[str, ...]] = {
    "loans": (
        r"\b(loans?|leases?)( and leases?)?,? (and )?(notes )?receivables?",
        r"\bloans?( and leases?)? held for investment", r"\bloan portfolio",
        r"\b(financing|finance|notes|installment|consumer|microcredit|credit card|lease|loan)"
        r"( and (other|trade|notes|loan))? receivables?", r"\bloans? receivable",
        r"^(portfolio |total )?loans?\b(?! payable| servicing)",
        # a name that is about loans: 'Student Loans', 'Mortgage Loans, Net'
        r"^([\w'-]+ ){0,3}loans?( and leases)?(,? net)?$",
        r"\bloans?,? net\b", r"\bloans? and (the )?allowance", r"\bloans? acquired",
        r"\bloans and leases\b", r"\bnet investment in (sales-type |direct financing )?leases",
        r"\bloans?( and leases)? by (class|type|portfolio|segment|categor|industry|region|geograph)",
        r"\bcomposition of (the )?loan",
        r"\b(loans?|financing|finance)\b(\s+[\w,'-]+){0,5}\s+receivables?\b",
    ),
    "allowance": (
        r"\ballowances? for (loan|credit|doubtful|expected credit|loan and lease|possible loan|"
        r"uncollectible|bad debt)", r"\bprovisions? for (loan|credit) loss", r"\bcharge[- ]?offs?\b",
        r"\bwrite[- ]?offs? of (loans|receivables)", r"\bimpaired (loans?|financing receivables?)",
        r"\bdoubtful accounts", r"\bloan loss", r"\breserves? for (loan|credit|possible loan) loss",
        r"\bcredit loss reserves?", r"^(current )?(expected )?credit loss(es)?$",
    ),
    "past_due": (r"\bpast[- ]due", r"\bnon-?accru", r"\bnon-?performing"),
    "guarantee": (r"\bguarantees?\b", r"\bguarant(y|ies)\b", r"\bguarantor obligations?",
                  r"\brisk assurance",
                  r"\bfinancial guarant", r"\bstandby letters? of credit"),
    "credit_quality": (
        r"\bcredit quality", r"\btroubled debt", r"\bloan modifications?",
        r"\bmodifications? (to|of|for) (loans|borrowers|receivables)",
        r"\bborrowers? experiencing financial difficulty", r"\basset quality",
    ),
}
# Words that are about credit only when the page or its note names a credit object below.
WEAK: dict[str, tuple[str, ...]] = {
    "past_due": (r"\bag(e)?ing\b", r"\bdelinquen"),
    "allowance": (r"\bcredit loss", r"\bexpected credit"),
    "credit_quality": (r"\bcredit risk\b", r"\bvintage", r"\byears? of origination",
                       r"\brisk (categor\w*|grades?|ratings?)", r"\bcredit (ratings?|grades?|scores?)",
                       r"\bfico\b", r"\bloan[- ]to[- ]value", r"\bcollateral[- ]dependent"),
}
CREDIT_OBJECTS = re.compile(
    r"\bloans?\b|\breceivables?\b|\bguarantee|\bborrowers?\b|\bcredit cards?\b|\blending\b|"
    r"\bleases? receivable|\bnet investment in (sales-type |direct financing )?leases", re.I)
# A note titled after one of these is a credit note when one of its own pages is about credit.
# Trade receivables are not: a non-lender's receivables note is not a credit note.
NOTE_OBJECTS = re.compile(
    r"\bloans?\b(?! payable)|\b(?<!accounts )(?<!trade )(?<!other )(?<!contract )receivables?\b|"
    r"\bfinanc(e|ing) (activities|receivables|assets)\b|\bnet investment in (sales-type |direct "
    r"financing )?leases|\b(customer|vendor|dealer|consumer|retail|wholesale) financing\b", re.I)
# A lender's note on where its credit exposure is concentrated.
CONCENTRATION = re.compile(r"\bcredit (risk )?concentrations?|\bconcentrations? of credit( risk)?", re.I)
# Subjects whose credit words are about something else than loans and receivables.
OTHER_SUBJECTS: dict[str, str] = {
    r"\bsecurities\b|(?<!held for )(?<!net )\binvestments?\b(?! in (sales|direct|leases|loans))":
        "securities and investments",
    r"\bvariable interest|\bvies?\b|\bsecuriti[sz]ation": "VIEs and securitizations",
    r"\bderivative|\bhedg": "derivatives",
    r"\bfair value": "fair values",
    r"\btrading (assets|cash|instruments)": "trading assets",
}
# Weak words on these are about revenue, not credit.
REVENUE: dict[str, str] = {r"\brevenues?\b|\bnet sales\b|\bcontract (assets|balances)": "revenue"}
# Names that carry a credit word but are not a credit note; only the phrase is shut out, so
# "Guarantees" beside "guarantor financial information" still counts.
NOT_CREDIT: dict[str, str] = {
    r"\bguarantor (and non-?guarantor )?(subsidiar\w*|financial|condensed|consolidat\w*|"
    r"information|statements?)|\bnon-?guarantor\w*": "guarantor financial information",
    r"\b(condensed|supplemental) consolidating\b": "condensed consolidating statements",
    r"\bguaranteed (senior |subordinated )?(notes|debt|securities|debentures)|\bguarantees? "
    r"(of|on) (the )?(senior |subordinated )?(notes|debt|securities|debentures)|\bguarantees? "
    r"(of|on|by) (the )?(parent|subsidiar\w*|issuer)\b": "guaranteed debt",
    r"\bparent company( only)?\b": "the parent company's own statements",
    r"\b(notes and )?loans? payable": "loans payable (borrowings)",
    r"\bloans? (from|due to)\b|\bloans? (facilit\w*|agreements?)\b|\b(term|bridge|shareholders?'?|"
    r"related[- ]party|ppp|paycheck protection program|sba|eidl) loans?\b": "the filer's borrowings",
    r"\bpay (vs\.?|versus) performance|\binsider trading": "executive pay and insider trading",
}
COVER_NOT = re.compile(r"\baudit(or)? information\b", re.I)
TOPIC_WORDS = {"loans": "loans or financing receivables", "allowance": "the allowance for credit losses",
               "past_due": "past-due (aging) loans", "guarantee": "guarantees",
               "credit_quality": "credit quality", "concentration": "credit concentrations"}


def _compile(table: dict[str, tuple[str, ...]]) -> dict[str, list[re.Pattern[str]]]:
    return {t: [re.compile(p, re.IGNORECASE) for p in pats] for t, pats in table.items()}


_STRONG, _WEAK = _compile(STRONG), _compile(WEAK)
_OTHER = {re.compile(p, re.I): what for p, what in OTHER_SUBJECTS.items()}
_REVENUE = {re.compile(p, re.I): what for p, what in REVENUE.items()}
_NOT = {re.compile(p, re.I): what for p, what in NOT_CREDIT.items()}


@dataclass(frozen=True, slots=True)
class Choice:
    """One page of the filing and the decision about it.

    `check`: the name could not decide; not picked until the page's XBRL concepts say it is
    a credit page (fetch.py reads the page and `settle`s it).
    """

    report: Report
    picked: bool
    topics: tuple[str, ...]
    reason: str
    check: bool = False

    @property
    def file(self) -> str:
        return self.report.file


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a page's or note's own words say: 'credit', 'unclear', 'other' (a credit word about
    something else) or 'none'."""

    kind: str
    topics: tuple[str, ...] = ()
    evidence: str = ""


def _found(pats: dict[str, list[re.Pattern[str]]], texts: list[tuple[str, str]]
           ) -> tuple[list[str], dict[str, list[str]]]:
    topics: list[str] = []
    where: dict[str, list[str]] = {}
    for topic, plist in pats.items():
        for text, place in texts:
            m = next((m for p in plist if (m := p.search(text))), None)
            if m:
                topics.append(topic)
                where.setdefault(place, []).append(f"“{m.group(0).strip()}”")
                break
    return topics, where


def _evidence(where: dict[str, list[str]]) -> str:
    return "; ".join(f"{', '.join(dict.fromkeys(w))} in {place}" for place, w in where.items())


def _subject(table: dict[re.Pattern[str], str], texts: Iterable[str]) -> str:
    for text in texts:
        for pat, what in table.items():
            if pat.search(text):
                return what
    return ""


def judge(own: list[tuple[str, str]], context: Iterable[str] = ()) -> Verdict:
    """What the page's own words (text, where) say, its note's title (`context`) around them."""
    cleaned: list[tuple[str, str]] = []
    shut: list[str] = []
    for text, place in own:
        for pat, what in _NOT.items():
            if pat.search(text):
                shut.append(what)
                text = pat.sub(" ", text)
        cleaned.append((text, place))
    context = list(context)
    texts = context + [t for t, _ in cleaned]  # the note's subject first: it is what the page is on
    strong, where = _found(_STRONG, cleaned)
    weak, weak_where = _found(_WEAK, cleaned)
    if not strong and not weak:
        # a credit word inside a phrase that is not about credit ("guarantor financial
        # information") is worth a line in the plan; a page with no credit word at all is not
        raw = _found(_STRONG, own)[0] + _found(_WEAK, own)[0]
        return Verdict("other", tuple(raw), f"its name is about {shut[0]}") if shut and raw \
            else Verdict("none")
    # a guarantee is an obligation on others' debts however it is accounted for (a financial
    # guarantee carried as a derivative or at fair value is still one)
    other = _subject(_OTHER, texts) if strong != ["guarantee"] else ""
    for place, words in weak_where.items():
        where.setdefault(place, []).extend(words)
    if other:
        return Verdict("other", tuple(dict.fromkeys(strong + weak)),
                       f"{_evidence(where)}, but the page is about {other}")
    if strong:
        return Verdict("credit", tuple(dict.fromkeys(strong + weak)), _evidence(where))
    if rev := _subject(_REVENUE, texts):
        return Verdict("other", tuple(weak), f"{_evidence(weak_where)}, but on {rev}")
    if any(CREDIT_OBJECTS.search(t) for t in texts):
        return Verdict("credit", tuple(weak), _evidence(weak_where) + ", on loans or receivables")
    return Verdict("unclear", tuple(weak), _evidence(weak_where) + ", but it names no loans, "
                   "receivables or guarantees")


def _long_title(long_name: str) -> str:
    """'9952158 - Disclosure - Loans Receivable, Net' -> 'Loans Receivable, Net'."""
    parts = [p.strip() for p in long_name.split(" - ")]
    return " - ".join(parts[2:]) if len(parts) >= 3 and parts[0].isdigit() else long_name


def _page_texts(report: Report, note: Note | None) -> list[tuple[str, str]]:
    """The page's own words: its name and role, less its note's title when it is in one."""
    if note is not None and note.head is not report:
        own = note.own_part(report)
        role = note.own_role_part(report)
        return [(own, "its name"), (role, f"its role {report.role.rsplit('/', 1)[-1]}")]
    return [(report.short_name, "its name"), (_long_title(report.long_name), "its long name"),
            (role_words(report.role), f"its role {report.role.rsplit('/', 1)[-1]}")]


def _is_lender(notes: list[Note], verdicts: dict[int, Verdict]) -> bool:
    return any(verdicts[id(n)].kind == "credit" and {"loans", "allowance"} & set(verdicts[id(n)].topics)
               for n in notes if n.head is not None)


class _Decision(NamedTuple):
    picked: bool
    topics: tuple[str, ...]
    reason: str
    check: bool = False


def pick_reports(reports: Iterable[Report], *, add: Iterable[str] = (),
                 drop: Iterable[str] = ()) -> list[Choice]:
    """A decision for every page that is a credit note or near one (others are left out).

    `add` / `drop`: the analyst's word, as R file names (`R15.htm`) or words of a page's
    name (case-insensitive); a dropped page is never fetched, an added one always is.
    """
    reports = [r for r in reports if r.file]
    add_l = [a.lower() for a in add if a.strip()]
    drop_l = [d.lower() for d in drop if d.strip()]
    notes = group_notes(reports)
    note_of = {id(r): n for n in notes for r in n.pages}
    title_verdict = {id(n): judge([(n.title, "the note's title"),
                                   (n.role_title, "the note's role")]) for n in notes}
    page_verdict = {id(r): judge(_page_texts(r, note_of.get(id(r))),
                                 [note_of[id(r)].title] if id(r) in note_of else [])
                    for r in reports}
    lender = _is_lender(notes, title_verdict)

    decided: dict[str, _Decision] = {}
    for n in notes:
        decided.update(_decide_note(n, title_verdict[id(n)], page_verdict, lender))
    _between_credit_pages(reports, note_of, page_verdict, decided)
    for r in reports:  # statements: listed when they carry a credit word, never picked
        if kind_of(r) == "statements" and page_verdict[id(r)].topics:
            v = page_verdict[id(r)]
            decided[r.file] = _Decision(False, v.topics, f"a financial statement, not a note "
                                                         f"({v.evidence})")

    choices: list[Choice] = []
    for r in reports:
        d = decided.get(r.file)
        if _says(drop_l, r):
            if d is not None and (d.picked or d.check):
                choices.append(Choice(r, False, d.topics, "dropped by you"))
            continue
        if d is not None and (d.picked or d.check):
            choices.append(Choice(r, d.picked, d.topics, d.reason, check=d.check))
        elif _says(add_l, r):
            choices.append(Choice(r, True, d.topics if d else (), "added by you"))
        elif d is not None:
            choices.append(Choice(r, False, d.topics, f"not picked: {d.reason}"))
        elif kind_of(r) == "cover" and not COVER_NOT.search(r.short_name) \
                and (any(d.picked or d.check for d in decided.values()) or add_l):
            choices.append(Choice(r, False, (), COVER_REASON))
    return with_cover(choices)


COVER_REASON = "the cover page: its dei facts name the filer, form and period of the other pages"


def with_cover(choices: list[Choice]) -> list[Choice]:
    """The cover page picked exactly when another page is (after a check, too)."""
    wanted = any(c.picked for c in choices if c.reason != COVER_REASON)
    return [replace(c, picked=wanted) if c.reason == COVER_REASON else c for c in choices]


def _decide_note(n: Note, tv: Verdict, verdicts: dict[int, Verdict], lender: bool
                 ) -> dict[str, _Decision]:
    """The decision on each page of one note that is a credit page or near one."""
    why, topics = _credit_note(n, tv, verdicts, lender)
    credit_pages = [r for r in n.pages if r is not n.head and verdicts[id(r)].kind == "credit"
                    and kind_of(r) in ("tables", "details")]
    out: dict[str, _Decision] = {}
    for r in n.pages:
        kind = kind_of(r)
        pv = verdicts[id(r)]
        member = r is not n.head
        if kind in ("cover", "statements"):
            continue
        other_part = _other_part(n, r, pv) if why else ""
        if why and other_part:
            out[r.file] = _Decision(False, (), f"part of the credit note “{n.title}”, but about "
                                               f"“{other_part}”, the note's other subject")
        elif why:
            own = pv.topics if pv.kind == "credit" else ()
            out[r.file] = _Decision(True, tuple(dict.fromkeys(own + topics)),
                                    _member_reason(n, r, kind, why, pv))
        elif kind in ("tables", "details") and pv.kind == "credit" and member:
            page = "table" if kind == "tables" else kind
            out[r.file] = _Decision(True, pv.topics, f"{page} page on {_what(pv.topics)}: "
                                                     f"{pv.evidence}")
        elif pv.kind == "unclear" and lender and kind in ("notes", "tables", "details") \
                and not CONCENTRATION.search(n.title):
            # in a lender's filing, aging, delinquency and credit losses that are not about
            # securities, VIEs, derivatives, fair values or revenue are about its loans
            out[r.file] = _Decision(True, pv.topics, f"{pv.evidence.split(', but')[0]}, in a "
                                                     "lender's filing: about its loans")
        elif kind == "details" and pv.kind == "unclear" and member:
            out[r.file] = _Decision(False, pv.topics, f"to check: {pv.evidence}; kept only if "
                                                      "its XBRL concepts are credit concepts", True)
        elif kind == "tables" and pv.kind == "none" and credit_pages:
            # the tables of a note with a credit page may hold that page's table
            out[r.file] = _Decision(False, (), f"to check: the tables of “{n.title}”, whose page "
                                               f"“{credit_pages[0].short_name}” is picked; kept "
                                               "only if its XBRL concepts are credit concepts", True)
        elif pv.kind in ("credit", "other", "unclear") and (pv.topics or pv.kind == "other"):
            out[r.file] = _Decision(False, pv.topics, _not_reason(kind, pv, n))
    return out


def _says(words: list[str], r: Report) -> bool:
    return any(w == r.file.lower() or w in r.short_name.lower() for w in words)


def _what(topics: Iterable[str]) -> str:
    return ", ".join(TOPIC_WORDS[t] for t in topics)


def _credit_note(n: Note, tv: Verdict, pages: dict[int, Verdict], lender: bool
                 ) -> tuple[str, tuple[str, ...]]:
    """Why the note is a credit note ('' when it is not), and its topics."""
    if n.head is None and not n.title:
        return "", ()
    if tv.kind == "credit":
        return f"{_what(tv.topics)}: {tv.evidence}", tv.topics
    members = [r for r in n.pages if kind_of(r) in ("tables", "details") and r is not n.head]
    if tv.kind == "none" and NOTE_OBJECTS.search(n.title):
        hits = [r for r in members if pages[id(r)].kind == "credit"]
        if hits:
            topics = tuple(dict.fromkeys(t for r in hits for t in pages[id(r)].topics))
            return (f"{NOTE_OBJECTS.search(n.title).group(0).lower()}, whose page "
                    f"“{hits[0].short_name}” is about {_what(topics)}"), topics
    if lender and CONCENTRATION.search(n.title) and n.head is not None and members:
        return "where a lender's credit exposure is concentrated, with tables of it", \
            ("concentration",)
    return "", ()


_LOAN_OBJECT = re.compile(r"\bloans?\b(?! payable| servicing| facilit| agreement)|\bfinanc(e|ing) "
                          r"receivables?|\bleases? receivable", re.IGNORECASE)


def _between_credit_pages(reports: list[Report], note_of: dict[int, Note],
                          verdicts: dict[int, Verdict], decided: dict[str, _Decision]) -> None:
    """A Details page that names no note and no credit word, but names loans and sits between
    two picked credit pages ('Schedule of Loans by Class (Details)' in a list whose pages name
    no notes): it is one of their tables."""
    row = [r for r in reports if kind_of(r) == "details"]
    for i, r in enumerate(row):
        note = note_of.get(id(r))
        if r.file in decided or (note is not None and note.head is not None) \
                or not _LOAN_OBJECT.search(bare_name(r)) or verdicts[id(r)].kind != "none":
            continue
        before = next((p for p in reversed(row[:i]) if p.file in decided), None)
        after = next((p for p in row[i + 1:] if p.file in decided), None)
        if before is not None and after is not None and decided[before.file].picked \
                and decided[after.file].picked and row.index(after) - row.index(before) <= 3:
            word = _LOAN_OBJECT.search(bare_name(r)).group(0)
            decided[r.file] = _Decision(True, ("loans",), f"details page on loans (“{word}”) between "
                                        f"the credit pages “{before.short_name}” and "
                                        f"“{after.short_name}”")


_CONJUNCT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", re.IGNORECASE)
# parts of a note's title that are credit objects even without a credit word ('Loans and Leases')
_OBJECT_PART = re.compile(r"\bleases?\b|\bfinanc", re.IGNORECASE)


def _other_part(n: Note, r: Report, pv: Verdict) -> str:
    """The non-credit subject of a credit note's title that a page of it is about: the
    'Product Warranty' page of 'Guarantees and Product Warranty' ('' when there is none)."""
    if r is n.head or pv.kind == "credit" or kind_of(r) not in ("tables", "details"):
        return ""
    own = " ".join(n.own_part(r).lower().split())
    if own == " ".join(bare_name(r).lower().split()):
        return ""  # the page adds nothing to its note's title
    parts = [p for p in _CONJUNCT.split(n.title) if p.strip()]
    if len(parts) < 2:
        return ""
    for part in parts:
        part = re.sub(r"^(other|net)\s+", "", part.strip(), flags=re.IGNORECASE).lower()
        if not part or judge([(part, "")]).kind != "none" or CREDIT_OBJECTS.search(part) \
                or _OBJECT_PART.search(part):
            continue
        if re.search(r"\b" + re.escape(part) + r"\b", own):
            return part
    return ""


def _member_reason(n: Note, r: Report, kind: str, why: str, pv: Verdict) -> str:
    if r is n.head:
        return (f"the text of the note “{n.title}”, on {why}" if "whose page" in why
                else f"note page on {why}")
    if kind == "policies":
        return f"the accounting policy of the credit note “{n.title}” ({why})"
    if pv.kind == "credit":
        page = "table" if kind == "tables" else kind
        return f"{page} page on {_what(pv.topics)}: {pv.evidence} (in the credit note “{n.title}”)"
    return f"part of the picked note “{n.title}” ({kind} page), a note on {why}"


def _not_reason(kind: str, v: Verdict, n: Note) -> str:
    if n.head is not None and (m := CONCENTRATION.search(n.title)):
        return (f"a note on {m.group(0).lower()}: picked only in a lender's filing, and only "
                "with tables of where the exposure is")
    if kind == "policies":
        of = f"of “{n.title}”, which is not a credit note" if n.title else "of no credit note"
        return f"accounting-policy text {of} ({v.evidence})"
    if v.kind == "unclear":
        return f"{v.evidence}; a {kind} page is not checked by its concepts"
    if kind == "notes" and v.kind == "credit":
        return f"a credit word ({v.evidence}), but none of its pages is about credit"
    return f"a credit word, but not a credit page: {v.evidence}"


def settle(choice: Choice, body: bytes) -> Choice:
    """A `check` page decided by the XBRL concepts on it (its bytes: a few KB)."""
    found = check_page(body)
    if found.credit:
        return replace(choice, picked=True, reason=f"checked: {found.reason} "
                                                   f"({choice.reason.removeprefix('to check: ')})")
    return replace(choice, picked=False, reason=f"not picked: {found.reason} "
                                                f"({choice.reason.removeprefix('to check: ')})")

