"""Column names printed over two lines and read line by line.

"First | Second | Personal Non- | Comm'l" over "Lien | Lien | Credit Card | and Other | Total":
a rendering gives the top line's fragments, then the bottom line's. Read as the last `n`
fragments the names repeat ("Lien", "Lien"); paired line over line from the left they are
"First Lien", "Second Lien", "Personal Non-Credit Card", "Comm'l and Other", "Total".
"""

from __future__ import annotations

_JOIN_WORDS = ("and", "or", "of", "&")


def stacked_names(kept: list[str], n: int) -> list[str] | None:
    """The `n` column names of a two-line header, or None when the last `n` fragments already
    name the columns (no name repeats, and no fragment above them is left open: "Installment
    Loans and" over "RPAs") or no pairing is proven.

    The bottom line names every column; the top line the first k < n of them. The pairing is
    taken only when the joined names are all different and the words say the lines go on (a
    top fragment broken at a hyphen, a bottom one opening in lower case or with "and"), and
    nothing says otherwise (such a bottom fragment left with no top one above it, or a top
    fragment going on from a third line above: "Non-owner" / "occupied" / "commercial").
    """
    bottom = kept[-n:]
    if len(kept) <= n:
        return None
    repeats = len(set(bottom)) < n
    for k in range(min(n - 1, len(kept) - n), 0, -1):
        top = kept[-n - k: -n]
        if not repeats and not (k == len(kept) - n and any(_ends_open(t) for t in top)
                                and not any(_ends_open(b) or b.rstrip().endswith(("-", ",")) for b in bottom)):
            # names that do not repeat are paired only when a top fragment cannot end a name
            # ("Installment Loans and" over "RPAs"), the top line is every fragment left, and
            # no bottom fragment goes on (then the header has more than two lines)
            continue
        joined = [_join(t, b) for t, b in zip(top, bottom, strict=False)] + bottom[k:]
        if len(set(joined)) < n:
            continue
        goes_on = [t.rstrip().endswith("-") or _continues(b) or not repeats and _ends_open(t)
                   for t, b in zip(top, bottom, strict=False)]
        # a top fragment that itself goes on from a line above: more than two lines
        if any(goes_on) and not any(_continues(b) for b in bottom[k:]) and not any(_continues(t) for t in top):
            return joined
    return None


def _ends_open(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in _JOIN_WORDS


def _continues(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first[:1].islower() or first.lower() in _JOIN_WORDS


def _join(top: str, bottom: str) -> str:
    top = top.rstrip()
    return f"{top}{bottom.strip()}" if top.endswith("-") else f"{top} {bottom.strip()}"
