"""A sentence a rendering broke over consecutive bare lines ("The net changes in the allowance
… relating to" / "trade accounts and notes receivable for the years ended" / "March 31, 2017
… are as follows:"): where it starts, so that a caption is read whole."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from dashboard.extract.parsers.renderings import SENTENCE_END


class _Line(Protocol):
    text: str
    numbers: object
    line: int
    bare: bool
    empty: bool


# a line that stops mid-sentence: its sentence goes on on the next line
_GOES_ON = re.compile(r"[,(\-–]$|\b(?:and|or|of|the|a|an|to|in|for|by|as|at|from|with|on|ended|ending|"
                      r"relating|related)$", re.I)


def sentence_start(cells: Sequence[_Line], idx: int) -> list[int]:
    """The cells before `idx` that begin its sentence, when a rendering broke the sentence over
    consecutive bare lines: each goes on in the next (it stops on a connecting word, or the next
    opens in lower case), and the first opens with a capital. [] when no such start is found."""
    out: list[int] = []
    j = idx
    while len(out) < 4 and j > 0:
        prev, cur = cells[j - 1], cells[j]
        if prev.numbers is not None or prev.empty or not (prev.bare and cur.bare) \
                or prev.line != cur.line - 1 or SENTENCE_END.search(prev.text):
            break
        if not (cur.text[:1].islower() or _GOES_ON.search(prev.text)):
            break
        out.insert(0, j - 1)
        j -= 1
    return out if out and cells[out[0]].text[:1].isupper() else []
