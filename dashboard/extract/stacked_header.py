"""Column names printed over two lines and read line by line.

"First | Second | Personal Non- | Comm'l" over "Lien | Lien | Credit Card | and Other | Total":
a rendering gives the top line's fragments, then the bottom line's. Read as the last `n`
fragments the names repeat ("Lien", "Lien"); paired line over line from the left they are
"First Lien", "Second Lien", "Personal Non-Credit Card", "Comm'l and Other", "Total".
"""

from __future__ import annotations

from dashboard.extract.joined_header import ends_open
from dashboard.model import table_words

_JOIN_WORDS = ("and", "or", "of", "&")


def stacked_names(kept: list[str], n: int) -> list[str] | None:
    """The `n` column names of a two-line header, or None when the last `n` fragments already
    name the columns (no name repeats, and no fragment above them is left open: "Installment
    Loans and" over "RPAs") or no pairing is proven.

    The bottom line names every column; the top line k < n consecutive ones of them. A pairing
    is taken only when the joined names are all different, a top "Total" stands over the last
    column, and either the words say the lines go on (a top fragment broken at a hyphen, a
    bottom one opening in lower case or with "and") or the bottom line repeats names and the
    top line is over every repeated one ("Residential | Commercial | Residential" over "Real
    Estate | Real Estate | Construction | …", or one word over each of its classes); nothing may say otherwise (a bottom fragment that
    goes on with no top one above it, or a top fragment going on from a third line above:
    "Non-owner" / "occupied" / "commercial"). Exactly one placement of the top line must hold.
    """
    bottom = kept[-n:]
    if len(kept) <= n:
        return None
    repeats = len(set(bottom)) < n
    for k in range(min(n - 1, len(kept) - n), 0, -1):
        top = kept[-n - k: -n]
        whole_line = k == len(kept) - n
        if not repeats and not (whole_line and any(_ends_open(t) for t in top)
                                and not any(_ends_open(b) or b.rstrip().endswith(("-", ",")) for b in bottom)):
            # names that do not repeat are paired only when a top fragment cannot end a name
            # ("Installment Loans and" over "RPAs"), the top line is every fragment left, and
            # no bottom fragment goes on (then the header has more than two lines)
            continue
        if any(_continues(t) for t in top):
            continue  # a top fragment that itself goes on from a line above: more than two lines
        found = [j for o in range(n - k + 1) if (j := _placed(top, bottom, o, repeats, whole_line))]
        if len(found) == 1:
            return found[0]
    return None


def _placed(top: list[str], bottom: list[str], o: int, repeats: bool, whole_line: bool) -> list[str] | None:
    """The names with the top line over the columns from `o`, when nothing contradicts them."""
    k, n = len(top), len(bottom)
    under = bottom[o:o + k]
    alone = bottom[:o] + bottom[o + k:]
    joined = bottom[:o] + [_join(t, b) for t, b in zip(top, under, strict=True)] + bottom[o + k:]
    if len(set(joined)) < n or any(_continues(b) for b in alone):
        return None
    if any(table_words.TOTAL_LINE.match(b) for b in under):
        return None  # the total column is the whole table's: no line over it alone
    if any(table_words.TOTAL_LINE.match(t) for t in top) and (o + k != n or table_words.TOTAL_LINE.match(top[-1]) is None
                                               or any(table_words.TOTAL_LINE.match(b) for b in bottom)):
        return None  # "Total" over "Allowance": the total column, always the last
    if repeats and len(set(top)) > 1 and any(bottom.count(b) > 1 for b in alone):
        # a repeated name with no top line over it names no column alone, unless the top line
        # is one group's word over each of its classes ("Real Estate" over "Commercial" beside
        # "Commercial")
        return None
    goes_on = [t.rstrip().endswith("-") or _continues(b) or not repeats and _ends_open(t)
               for t, b in zip(top, under, strict=True)]
    # repeated names with every line closed ("Mortgage -" goes on below: more than two lines)
    return joined if any(goes_on) or (repeats and whole_line and not any(ends_open(f) for f in [*top, *bottom])) \
        else None


def _ends_open(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in _JOIN_WORDS


def _continues(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first[:1].islower() or first.lower() in _JOIN_WORDS


def _join(top: str, bottom: str) -> str:
    top = top.rstrip()
    return f"{top}{bottom.strip()}" if top.endswith("-") else f"{top} {bottom.strip()}"
