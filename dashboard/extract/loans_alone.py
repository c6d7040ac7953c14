"""An allowance table whose unheaded rows are the reserve for loans and commitments together and
whose member block names the loans apart from the commitments ("Loans Excluding Unfunded
Commitments [Member]"): the unheaded provision includes the commitments' provision, so the
member's rollforward is the loans' allowance, the whole portfolio's, and no unheaded figure is
the loans'.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.model import table_words
from dashboard.model.schema import ALLOWANCE, ALLOWANCE_BEGIN, ALLOWANCE_END, Fact

_SEP = " | "


def _loans_alone(part: str) -> bool:
    return bool(table_words.LOANS_ALONE.match(part.strip()))


def loans_alone_member(facts: list[Fact]) -> list[Fact]:
    """The member naming the loans apart from the commitments becomes the whole (its name left
    out of every segment it is part of), and the table's unheaded allowance figures are left
    out. Nothing changes unless that member's own block prints an opening and a closing balance."""
    own = {f.metric for f in facts if f.disclosure == ALLOWANCE and not f.population
           and f.segment and _loans_alone(f.segment)}
    if not {ALLOWANCE_BEGIN, ALLOWANCE_END} <= own:
        return facts
    out = []
    for f in facts:
        if f.disclosure != ALLOWANCE or f.population:
            out.append(f)
            continue
        parts = f.segment.split(_SEP) if f.segment else []
        kept = [p for p in parts if not _loans_alone(p)]
        if not parts:
            continue  # the loans' and the commitments' reserves together: never the loans'
        if len(kept) < len(parts):
            f = replace(f, segment=_SEP.join(kept), note="; ".join(x for x in (
                f.note, "the loans apart from the unfunded commitments: the loans' allowance") if x))
        out.append(f)
    return out
