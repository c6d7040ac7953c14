"""Which amount of a guarantee sentence is the guarantee's, and when it stands.

"Of those leases that contain residual value guarantees, the aggregate residual value at lease
expiration was $13.7 million, of which we have guaranteed $10.7 million": the leased assets'
residual value is what the guarantee is a part of; the amount the filer says it guaranteed is
the most it can be made to pay. Elsewhere an amount after "of which" is only a part of the
figure before it (narrative drops it); here the part is the figure.

"The aggregate maximum guarantee under these three lease arrangements is $147 million" names no
date: said in the present tense, on a page of one balance date, it is the guarantee at that
date, as a sentence that says "currently" is.
"""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from dashboard.model.sentences import FILER_GUARANTEED, SENTENCE_METRIC_RES

# "we have guaranteed $10.7 million", not of its own group's debt; the words between the verb
# and the amount
_GUARANTEED = re.compile(FILER_GUARANTEED, re.I)
_ABOUT = re.compile(r"(?:approximately\s+|about\s+)?", re.I)
# the filer stands guaranteeing ("we have guaranteed"), or the clause dates it at a balance date
# ("As of December 31, 2019", "at the end of the year")
_PERFECT = re.compile(r"\b(?:have|has|had)\s+guaranteed\b", re.I)
_AT_A_DATE = re.compile(r"\b(?:as\s+(?:of|at)|at)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
                        r"|\d|(?:the\s+)?(?:end|close)\s+of\b|(?:(?:the|each)\s+)?(?:fiscal\s+)?(?:year|quarter)[\s-]+end)", re.I)
# the phrases that name a figure the most a guarantor can pay, other than the filer's "we have
# guaranteed": before the share, they make the figure they name the guarantee's
_MAXIMUM_NAMED = tuple(rx for rx, _, metric, _ in SENTENCE_METRIC_RES
                       if metric == "max_exposure" and rx.pattern != FILER_GUARANTEED)
# the present tense straight before the one amount: "… is $147 million", "… are approximately $3
# million"
_PRESENT = re.compile(r"\b(?:is|are)\s+(?:approximately\s+|about\s+|estimated\s+(?:to\s+be\s+|at\s+))?$", re.I)
# the subject of that verb: the words after the clause's last comma, semicolon, colon or dash
_SUBJECT = re.compile(r"[^,;:\u2013\u2014]*$")
# the subject names the whole ("The aggregate maximum guarantee under these three lease
# arrangements"), not one of its parts ("under any single lease", "per arrangement", "the largest")
_WHOLE = re.compile(r"\b(?:aggregate|total|all)\b", re.I)
_ONE = re.compile(r"\b(?:each|any|single|per|one|individual|largest|smallest|greatest|highest|lowest)\b", re.I)
# a condition, not a figure for now: "If called upon to perform …"
_CONDITION = re.compile(r"\W*(?:if|when|should|were|in\s+the\s+event|assuming)\b", re.I)


class _Amount(Protocol):
    start: int
    end: int
    nil: bool
    in_parens: bool


A = TypeVar("A", bound=_Amount)


def guaranteed_share(clause: str, amounts: list[A]) -> A | None:
    """The one amount the clause says the filer guaranteed ("of which we have guaranteed $10.7
    million"), or None when it names none or more than one, or when the clause names a figure
    before it as the most the filer can pay (then that one is the guarantee's)."""
    found = _share_and_verb(clause, amounts)
    return found[0] if found else None


def guaranteed_in_an_act(clause: str, amounts: list[_Amount]) -> bool:
    """The clause says what the filer guaranteed in one act, not what it stands guaranteeing:
    the simple past ("On March 15, 2024, the Company guaranteed $12 million of a dealer's bank
    loan") with no balance date ("as of", "at"). "We have guaranteed", "the Company had
    guaranteed", "At December 31, 2023, the Company guaranteed" are balances."""
    found = _share_and_verb(clause, amounts)
    if found is None:
        return False
    return not _PERFECT.search(found[1].group(0)) and not _AT_A_DATE.search(clause)


def _share_and_verb(clause: str, amounts: list[A]) -> tuple[A, re.Match[str]] | None:
    found = [(a, m) for m in _GUARANTEED.finditer(clause) for a in amounts
             if not a.in_parens and _ABOUT.fullmatch(clause, m.end(), a.start)]
    if len(found) != 1:
        return None
    share, verb = found[0]
    if any(rx.search(clause, 0, verb.start()) for rx in _MAXIMUM_NAMED):
        return None
    return share, verb


def present_tense_figure(clause: str, amounts: list[_Amount]) -> bool:
    """The clause's one amount follows "is" or "are" and its subject is the whole ("The aggregate
    maximum guarantee under these three lease arrangements is …"): a figure the filer gives for
    now. The whole is named in the subject itself, from the clause's last comma, semicolon or
    colon to the verb, and the subject names no one of them ("Of all our leases, the maximum
    guarantee under any single lease is $5 million": one lease's). Not a condition ("If called upon to perform under these contracts, our maximum exposure
    … is approximately $8.9 million": what one programme could cost), nor a part."""
    primaries = [a for a in amounts if not a.in_parens]
    if len(primaries) != 1 or primaries[0].nil or _CONDITION.match(clause):
        return False
    verb = _PRESENT.search(clause, max(0, primaries[0].start - 40), primaries[0].start)
    if verb is None:
        return False
    subject = _SUBJECT.search(clause, 0, verb.start())
    return subject is not None and bool(_WHOLE.search(subject.group(0))) and not _ONE.search(subject.group(0))
