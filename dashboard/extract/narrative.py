"""Figures that live only in sentences.

"The maximum potential undiscounted future payment was RMB667,733,409 and RMB2,572,977,752
(US$352,496,507) as of December 31, 2023 and 2024, respectively" gives three facts: two RMB
figures paired with the two dates in order, and the US$ convenience translation of the second.

A sentence is split into clauses at "respectively" and semicolons; in each clause the amounts
are found, long parentheticals are set aside, the metric is the vocabulary phrase nearest the
amounts, and the dates come from the clause or, failing that, from its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from dashboard.extract.cell_facts import segment_hint
from dashboard.extract.classify import disclosure_of
from dashboard.extract.guaranteed_share import (
    guaranteed_in_an_act,
    guaranteed_share,
    present_tense_figure,
)
from dashboard.extract.table import PageContext
from dashboard.model import units, vocab
from dashboard.model.dates import (
    DATE_LIST,
    FULL_DATE,
    duration_months,
    find_dates,
    start_of_duration,
)
from dashboard.model.schema import ALLOWANCE, GUARANTEE, OTHER, Fact
from dashboard.model.sentences import (
    LETTERS_OF_CREDIT_SUBJECT,
    LETTERS_WRITTEN_FOR_CLIENTS,
    SENTENCE_METRIC_RES,
    SENTENCE_METRICS,
)

_CUR = r"US\$|U\.S\.\$|HK\$|RMB|USD|CNY|\$|¥|€|£"
AMOUNT = re.compile(
    rf"(?P<cur>{_CUR})\s*(?P<num>\(\s*[\d,]*\d(?:\.\d+)?\s*\)|[\d,]*\d(?:\.\d+)?|nil)"
    r"(?:\s*(?P<unit>thousands?|millions?|billions?|bn|mn)\b)?"
    r"|(?<![\w$])(?P<bare_nil>nil)\b",
    re.I,
)
_ABBREV = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Inc|Co|Ltd|approx|U\.S|vs)\.$", re.I)
_PAREN = re.compile(r"\([^()]*\)")
# any phrase a credit sentence needs: sentences without one are skipped cheaply
_ANY_METRIC = re.compile("|".join(f"(?:{p})" for p, *_ in SENTENCE_METRICS), re.I)


def _mask_long_parentheticals(text: str) -> str:
    """Blank out parentheticals of four words or more ("(those over 90 days … charged off)")."""
    def blank(m: re.Match[str]) -> str:
        inner = m.group(0)
        return " " * len(inner) if len(inner.split()) >= 4 else inner

    return _PAREN.sub(blank, text)
# a figure the sentence gives for now: dated by the page's own balance date
_NOW = re.compile(r"\b(?:current|currently|presently|at\s+present)\b", re.I)
_INSTANT = re.compile(r"\bas\s+(?:of|at)\b|\bbalances?\s+of\b|\bwere\b.{0,40}\bas\s+of", re.I)
_DURATION = re.compile(r"(?:for|in|during)\s+the\s+(?:fiscal\s+)?(?:years?|quarters?|periods?|(?:\w+\s+)?months?)\s+ended", re.I)


@dataclass(slots=True)
class Amount:
    value: float  # whole units
    printed: str
    currency: str
    scale: int
    stated: bool  # the sentence gives the unit word
    start: int
    end: int
    nil: bool
    in_parens: bool  # "(US$352,496,507)"


def sentences(text: str) -> list[tuple[str, int]]:
    """Split a paragraph into sentences with their offsets, not at "Dec. 31" or "U.S."."""
    out: list[tuple[str, int]] = []
    start = 0
    for m in re.finditer(r"[.;]\s+(?=[A-Z(\"“])", text):
        if _ABBREV.search(text[max(0, m.start() - 6): m.start() + 1]):
            continue
        out.append((text[start: m.start() + 1].strip(), start))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((tail, start))
    return out


def _amounts(text: str, page_scales: dict[str, int], yen: bool = False) -> list[Amount]:
    """The amounts of a text; its "¥" is the yen's where the page says it is in yen (`yen`),
    else the renminbi's as before."""
    found: list[Amount] = []
    for m in AMOUNT.finditer(text):
        if m["bare_nil"]:
            found.append(Amount(0.0, "nil", "", 1, True, m.start(), m.end(), True, False))
            continue
        num = m["num"]
        nil = num.lower() == "nil"
        neg = num.startswith("(")
        digits = re.sub(r"[^\d.]", "", num) if not nil else "0"
        if not nil and not digits.strip("."):
            continue
        unit = (m["unit"] or "").lower().rstrip("s")
        cur = "JPY" if yen and m["cur"] == "¥" else units.currency_of(m["cur"])
        scale = units.SCALE_WORDS.get(unit, 0)
        stated = bool(scale)
        if not scale:
            scale = page_scales.get(cur, page_scales.get("*", 1))
        before = text[max(0, m.start() - 3): m.start()]
        in_parens = "(" in before and not neg
        value = float(Decimal(digits) * scale)
        found.append(Amount(-value if neg else value, m.group(0), cur, scale, stated or nil,
                            m.start(), m.end(), nil, in_parens))
    return found


def _clauses(sentence: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    start = 0
    for m in re.finditer(r"respectively\)?\s*[,;]?|;", sentence, re.I):
        out.append((sentence[start: m.end()], start))
        start = m.end()
    if sentence[start:].strip():
        out.append((sentence[start:], start))
    return out


def _unnamed(rx: re.Pattern[str]) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", rx.pattern)


# what follows the one amount of "… were $90,120 as of December 31, 2011 and 2010.": only the
# dates it stands at, joined by "and"
_AT_EACH_DATE = re.compile(rf"\s*(?:as\s+(?:of|at)|at|on)\s+(?:{_unnamed(DATE_LIST)})"
                           rf"(?:\s*,?\s*and\s+(?:{_unnamed(FULL_DATE)}))?\s*[.;]?\s*", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# "… standby letters of credit of $8.2 million for each period.": the one amount at each date the
# sentence names, whatever another clause of it pairs "respectively"
_FOR_EACH_DATE = re.compile(r"\s*(?:for|at|on|as\s+of|in)\s+(?:each|both)\s+(?:of\s+the\s+)?"
                            r"(?:periods?|dates?|period[\s-]ends?|year[\s-]ends?)\s*[.;]?\s*", re.I)
# a clause whose subject is a part of what it names ("A portion of the allowance …")
_A_PORTION = re.compile(r"^\W*(?:a|one|the)\s+(?:portion|part)\s+of\b|\b(?:a|one)\s+portion\s+of\b", re.I)


# a part of the amount just given: "…, of which $37.6 million is …", "…, including $5 million …"
_PART_OF = re.compile(r",?\s*\b(?:of\s+which|of\s+this\s+amount|including)\b", re.I)
_COPULA = re.compile(r"\b(?:was|were|is|are|amounted\s+to|totall?ed|of|reached|stood\s+at)\b", re.I)


# "… included approximately $925 million …": what the verb introduces is a part of its subject
_INCLUDED = re.compile(r"(?:\binclud(?:e|es|ed|ing)|\bof\s+which|\bof\s+this\s+amount)\b((?:\s+[\w-]+){0,4})\s*$", re.I)


# "Charges to expense include an offset for recoveries … of $2.4 million": an amount netted
# inside another line, however many words name it, is a part of that line
_INCLUDED_OFFSET = re.compile(r"\binclud(?:e|es|ed|ing)\s+(?:an?\s+|the\s+)?(?:offsets?|reductions?)\s+(?:for|of|from)\b", re.I)


def _introduced_as_part(clause: str, amounts: list[Amount], a: Amount) -> str:
    """The amount follows "include(s/d)" or "of which" and at most a few words
    ("approximately", "a specific reserve of") with no verb or punctuation between, or follows
    "include(s) an offset for": a part of what comes before. The introducing words, or '' when
    it is not a part."""
    prev = max((b.end for b in amounts if b.end <= a.start), default=0)
    offset = _INCLUDED_OFFSET.search(clause, prev, a.start)
    if offset is not None:
        return re.sub(r"\s+", " ", offset.group(0)).strip()
    m = _INCLUDED.search(clause, prev, a.start)
    if m is None or _COPULA.search(m.group(1)):
        return ""
    return re.sub(r"\s+", " ", m.group(0)[: m.start(1) - m.start()]).strip()


_Metrics = tuple[tuple[re.Pattern[str], str, str, str], ...]
# a paragraph that says the filer wrote its letters of credit for its clients: "Outstanding
# letters of credit were …" in it are the guarantees it wrote
_WRITTEN_LETTERS = ((LETTERS_OF_CREDIT_SUBJECT, GUARANTEE, "max_exposure", "instant"),)


def _metric(clause: str, amounts: list[Amount],
            metrics: _Metrics = SENTENCE_METRIC_RES) -> tuple[str, str, str] | None:
    """(disclosure, metric, kind) of the clause's subject, or of the phrase nearest its amounts.

    The subject is what comes before the verb that introduces the first amount ("the net
    nonaccrual loan receivable after deducting the provision was RMB1.9 million"); within it
    the most specific vocabulary phrase wins. Without such a verb ("recorded RMB98 million of
    provision"), the phrase nearest the amounts wins.
    """
    if not amounts:
        return None
    lo, hi = amounts[0].start, amounts[-1].end
    verbs = [m for m in _COPULA.finditer(clause, 0, lo) if lo - m.end() <= 12]
    if verbs:
        subject = clause[: verbs[-1].start()]
        for rx, disc, metric, kind in metrics:
            if rx.search(subject):
                return disc, metric, kind
    best: tuple[int, int, tuple[str, str, str]] | None = None
    for prio, (rx, disc, metric, kind) in enumerate(metrics):
        for m in rx.finditer(clause):
            dist = lo - m.end() if m.end() <= lo else (m.start() - hi if m.start() >= hi else 0)
            cand = (dist, prio, (disc, metric, kind))
            if best is None or cand[:2] < best[:2]:
                best = cand
    return best[2] if best else None


def narrative_facts(
    paragraphs: list[str],
    ctx: PageContext,
) -> list[Fact]:
    """Every credit figure stated in the page's sentences."""
    facts: list[Fact] = []
    section = ""  # the segment named last before the current sentence
    for p_index, para in enumerate(paragraphs, start=1):
        written = bool(LETTERS_WRITTEN_FOR_CLIENTS.search(para))
        if not _ANY_METRIC.search(para) and not written:
            section = segment_hint_last(para) or section
            continue
        para_hint = segment_hint(_without_cross_references(para))
        commitments = False  # whether the paragraph's last reserve named is the commitments'
        for s_index, (sent, s_off) in enumerate(sentences(para), start=1):
            if _COMMITMENTS_RESERVE.search(sent):
                commitments = True
            elif _LOANS_NAMED.search(sent):
                commitments = False
            # the whole sentence, not only its subject, must say nothing against all of them
            # being the filer's own (secured, pledged, under its credit agreement, …)
            letters = written and bool(LETTERS_OF_CREDIT_SUBJECT.search(sent))
            if _LEFT_OUT.match(sent):
                pass  # a table's footnote on what its figures leave out, never a figure of them
            elif _ANY_METRIC.search(sent) or letters:
                metrics = SENTENCE_METRIC_RES + _WRITTEN_LETTERS if letters else SENTENCE_METRIC_RES
                found = _sentence_facts(sent, ctx, p_index, s_index, s_off, metrics,
                                        section_hint=section, para_hint=para_hint)
                if commitments:
                    # "a provision for credit losses recovery on unfunded commitments … of $3,000",
                    # then "For the six months …, a provision for credit losses recovery of
                    # $1,000": the reserve for commitments, never the loans' allowance
                    found = [f for f in found if f.disclosure != ALLOWANCE]
                facts.extend(found)
            if not _CROSS_REFERENCE.match(sent):
                section = segment_hint_last(sent) or section
    return facts


# "Excludes allowance for loans measured at FVOCI of $nil (October 31, 2018 – $1 million)": what
# the table's figures leave out, a part of no whole the page reports
_LEFT_OUT = re.compile(r"\s*(?:\(\d+\)\s*)?(?:excludes|excluding|does\s+not\s+include)\b", re.I)
# a reserve for what the filer has not lent yet: the subject of a paragraph's allowance
# sentences until one names loans again
_COMMITMENTS_RESERVE = re.compile(r"\bunfunded\b|\boff[\s-]balance[\s-]sheet\b|\blending[\s-]related\s+commitments\b", re.I)
_LOANS_NAMED = re.compile(r"\b(?:loans?|leases?)\b", re.I)

# "See Note 25—“Financial Guarantee Liability” for additional information.": the title of
# another note, which names no part of the figures here
_CROSS_REFERENCE = re.compile(r"\(?(?:see|refer\s+to)\s+(?:also\s+)?notes?\s+\d", re.I)


def _without_cross_references(para: str) -> str:
    return " ".join(sent for sent, _ in sentences(para) if not _CROSS_REFERENCE.match(sent))


def segment_hint_last(text: str) -> str:
    """The segment named last in the text before a sentence (the section it sits in)."""
    best = (-1, "")
    for rx, seg in vocab.SEGMENT_HINT_RES:
        for m in rx.finditer(text):
            if m.start() > best[0]:
                best = (m.start(), seg)
    return best[1]


def _sentence_facts(sent: str, ctx: PageContext, p_index: int, s_index: int, s_off: int,
                    metrics: _Metrics = SENTENCE_METRIC_RES, *, section_hint: str, para_hint: str) -> list[Fact]:
    out: list[Fact] = []
    sent_dates = find_dates(sent)
    masked = _mask_long_parentheticals(sent)
    for clause, c_off in _clauses(masked):
        amounts = _amounts(clause, ctx.scales, yen=ctx.currency == "JPY")
        if not amounts or _A_PORTION.search(clause, 0, amounts[0].start):
            # "A portion of the allowance … totaling ¥72,665 million …": a part, never the figure
            continue
        kind_metric = _metric(clause, amounts, metrics)
        if kind_metric is None:
            continue
        disclosure, metric, kind = kind_metric
        dates = find_dates(sent[c_off: c_off + len(clause)]) or sent_dates
        said_current = bool(_NOW.search(clause))
        now = not dates and kind == "instant" and ctx.period is not None and len(amounts) == 1 \
            and (said_current or (metric == "max_exposure" and present_tense_figure(clause, amounts)))
        how_now = "as current" if said_current else "in the present tense"
        if now:
            # "the current maximum … is approximately $25,000,000": the page's own date
            dates = [ctx.period]
        if not dates:
            continue
        if _DURATION.search(clause) or (_DURATION.search(sent) and not _INSTANT.search(clause)):
            kind = "duration"
        elif _INSTANT.search(clause) or _INSTANT.search(sent):
            kind = "instant"
        primaries = [a for a in amounts if not a.in_parens]
        # "provision … included approximately $925 million related to …", "…, of which $37.6
        # million is …": a part of the figure, never the figure
        parts = [(a, w) for a in primaries if (w := _introduced_as_part(clause, amounts, a))]
        primaries = [a for a in primaries if all(a is not p for p, _ in parts)]
        share = guaranteed_share(clause, amounts) if metric == "max_exposure" else None
        parts_of = [a.printed.strip() for a in primaries if a is not share]
        if share is not None and (kind == "duration" or guaranteed_in_an_act(clause, amounts)):
            # "For the six months ended …, the Company guaranteed $12 million of new dealer loans",
            # "On March 15, 2024, the Company guaranteed …": what it guaranteed in a period or on
            # a day, not the most it can pay at a balance date
            continue
        if share is not None:
            # "…, of which we have guaranteed $10.7 million": the part guaranteed is the figure
            primaries, parts = [share], []
        if not primaries:
            continue
        translations = [a for a in amounts if a.in_parens]
        # the currency of bare "nil" is the clause's other amounts' currency
        cur_default = next((a.currency for a in primaries if a.currency), ctx.currency)
        each_date = False
        if len(primaries) == 1 and primaries[0].nil and len(dates) > 1:
            primaries = primaries * len(dates)
        elif len(primaries) == 1 and len(dates) > 1 and kind == "instant" \
                and _AT_EACH_DATE.fullmatch(clause, primaries[0].end) and not _RESPECTIVELY.search(sent):
            # "… were $90,120 as of December 31, 2011 and 2010.": the one figure at each date
            primaries = primaries * len(dates)
            each_date = True
        elif len(primaries) == 1 and len(dates) > 1 and kind == "instant" \
                and _FOR_EACH_DATE.fullmatch(clause, primaries[0].end):
            primaries = primaries * len(dates)
            each_date = True
        parts_note = "; ".join(f"the sentence's {p.printed.strip()} after '{w}' is a part of it, not the figure"
                               for p, w in parts)
        if share is not None and parts_of:
            parts_note = f"the figure is the amount guaranteed, a part of the sentence's {', '.join(parts_of)}"
        if len(primaries) > len(dates) and (cut := _PART_OF.search(clause, primaries[0].end)):
            # "the maximum potential amount … was $47.8 million, of which $37.6 million is fully
            # collateralized": what follows "of which" is a part of the amount before it
            kept = [a for a in primaries if a.end <= cut.start()]
            if len(kept) == len(dates):
                parts_note = ("the sentence's " + ", ".join(a.printed.strip() for a in primaries[len(kept):])
                              + f" after '{cut.group(0).strip()}' is a part of it, not the figure")
                primaries = kept
        if len(primaries) != len(dates):
            # "RMB 31, RMB 162 million and RMB 637 million" pairs up; anything else is unsafe
            continue
        any_unit = any(a.stated and not a.nil for a in primaries)
        months = duration_months(sent) or 12
        segment = segment_hint(sent) or section_hint or para_hint
        if metric in {"provision", "write_off", "recovery"} and segment in {
            "guarantee liabilities", "risk assurance liabilities", "loans subject to guarantee",
            "contingent guarantee liabilities", "stand-ready guarantee liabilities",
        } and not segment_hint(sent):
            segment = ""
        if metric == "max_exposure" and segment == "loans subject to guarantee":
            segment = ""  # the loans the guarantee covers measure its maximum: they are no part of it
        elif metric == "max_exposure" and segment == "contingent guarantee liabilities" and not segment_hint(sent):
            segment = ""  # a "Commitments and Contingent Liabilities" note around the sentence names no part
        label = re.sub(r"\s+", " ", sent).strip()
        for a, d in zip(primaries, dates, strict=True):
            out.append(_fact(a, d, kind, months, metric, disclosure, ctx, segment, label,
                             p_index, s_index, s_off + c_off, cur_default, any_unit))
            if now:
                out[-1].note = "; ".join(x for x in (out[-1].note, f"the sentence gives the figure {how_now} "
                                                     "and no date: dated by the page's own date") if x)
            if parts_note:
                out[-1].note = "; ".join(x for x in (out[-1].note, parts_note) if x)
            if each_date:
                out[-1].note = "; ".join(x for x in (out[-1].note, "the sentence gives its one figure "
                                                     "at each of its dates") if x)
        for t in translations:
            # a translation follows the primary amount it converts
            prior = [i for i, a in enumerate(primaries) if a.end <= t.start]
            if not prior:
                continue
            i = prior[-1]
            f = _fact(t, dates[i], kind, months, metric, disclosure, ctx, segment, label,
                      p_index, s_index, s_off + c_off, cur_default, True)
            f.note = ("convenience translation of " + primaries[i].printed.strip()
                      + (f"; {f.note}" if f.note else ""))
            f.segment = segment
            out.append(f)
    return out


def _fact(a: Amount, d: date, kind: str, months: int, metric: str, disclosure: str,
          ctx: PageContext, segment: str, label: str, p_index: int, s_index: int, offset: int,
          cur_default: str, any_unit: bool) -> Fact:
    notes: list[str] = []
    digits = sum(ch.isdigit() for ch in a.printed)
    if a.stated or ctx.scales:
        basis = "stated"
    elif digits >= 7 and "," in a.printed and "." not in a.printed:
        basis = "inferred"  # "RMB667,733,409": a figure printed to the last unit is in units
        notes.append(f"no unit given; {a.printed.strip()} is printed in full ({digits} digits), "
                     "so it is taken as whole currency units")
    else:
        basis = "assumed"
        if any_unit:
            notes.append(f"'{a.printed.strip()}' has no unit while the other amounts in the "
                         "sentence do; taken at face value — check the filing")
        else:
            notes.append("the sentence gives no unit; taken as whole currency units")
    value = a.value
    if metric in ("write_off", "max_exposure", "allowance_end", "nonaccrual",
                  "nonaccrual_net", "accrued_interest_receivable"):
        value = abs(value)
    start = start_of_duration(d, months) if kind == "duration" else None
    return Fact(
        entity=ctx.entity, source=ctx.source, disclosure=disclosure_of(metric) if disclosure != OTHER else OTHER,
        metric=metric, period_end=d, period_start=start, value=value,
        currency=a.currency or cur_default, scale=a.scale, scale_basis=basis,
        label=label[:400], segment=segment, concept="",
        locator=f"paragraph {p_index}, sentence {s_index}, chars {offset + a.start}-{offset + a.end}",
        note="; ".join(notes), extra={"printed": a.printed, "sentence": True},
    )


def scale_from_prose_parts(facts: list[Fact], text: str) -> list[Fact]:
    """Table figures whose scale the page never states, scaled by what its prose proves.

    "A collective allowance of $586 million … and a specific allowance of $325 million" beside
    a table that prints 911 with no "(in millions)": a prose amount with its unit word, or two
    of one sentence added, equal to the table's figure shows the table's scale. At least two
    different table figures must agree on one scale and none on another; each fact so scaled
    says why in `note`. Facts whose scale is stated or inferred otherwise are left as they are.
    """
    assumed = [f for f in facts if f.scale_basis == "assumed" and f.scale == 1 and f.value]
    if not assumed:
        return facts
    per_sentence: list[list[Amount]] = []
    for para in text.split("\n"):
        if not _UNIT_WORD.search(para):
            continue
        for sent, _ in sentences(para):
            found = [a for a in _amounts(sent, {}) if a.stated and not a.nil and a.scale > 1]
            if found:
                per_sentence.append(found)
    if not per_sentence:
        return facts
    votes: dict[int, set[float]] = {}
    evidence: dict[int, str] = {}
    for f in assumed:
        raw = abs(float(f.value))
        if raw < 100 or raw != int(raw):
            continue  # small or fractional figures match prose by chance
        for group in per_sentence:
            for a, b in _singles_and_pairs(group):
                total = abs(a.value) + (abs(b.value) if b else 0.0)
                if a.currency != (b.currency if b else a.currency) or (a.currency and f.currency
                                                                       and a.currency != f.currency):
                    continue
                k = a.scale
                if (b is None or b.scale == k) and abs(raw * k - total) < 0.5 * k:
                    votes.setdefault(k, set()).add(raw)
                    evidence.setdefault(k, f"{a.printed}" + (f" + {b.printed}" if b else "")
                                        + f" = the table's {raw:,.0f}")
    if len(votes) != 1:
        return facts
    (k, matched), = votes.items()
    if len(matched) < 2:
        return facts
    why = (f"scale inferred as {k:,}: the page's prose gives {evidence[k]} "
           f"({len(matched)} table figures agree)")
    return [replace(f, value=float(Decimal(repr(f.value)) * k), scale=k, scale_basis="inferred",
                    note="; ".join(x for x in (f.note, why) if x))
            if f.scale_basis == "assumed" and f.scale == 1 else f for f in facts]


_UNIT_WORD = re.compile(r"\b(?:thousands?|millions?|billions?|bn|mn)\b", re.I)


def _singles_and_pairs(group: list[Amount]) -> list[tuple[Amount, Amount | None]]:
    out: list[tuple[Amount, Amount | None]] = [(a, None) for a in group]
    out += [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]
    return out
