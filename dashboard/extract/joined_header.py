"""Column names whose cells break over lines, read cell by cell.

"Commercial | and Industrial | Franchise | Commercial | Owner Occupied | … | One-to-four |
Family | … | Total": a text rendering gives each header cell's lines one after the other, so
one column's name comes out as two or three fragments. The figures fix how many columns there
are; the fragments are joined, in order, into exactly that many names, by what the words say:
a line opening in lower case or with "and", or with a word that finishes a name ("Estate",
"Family", "Occupied"), goes on from the line before; a line ending in "and", a hyphen or an
adjective that names nothing alone ("Commercial Real", "One-to-four") goes on into the next.
When those joins leave too many names, a word heading more than one column ("Commercial" /
"Owner Occupied", "Commercial" / "Non-owner Occupied") is the first line of each of its cells.
Names are taken only when exactly the column count comes out and no two are alike.
"""

from __future__ import annotations

import re

from dashboard.model import table_words, vocab

# a heading above the column names, never part of one ("Receivables [Abstract]", "2020")
_HEADING = re.compile(r"^\s*(?:19|20)\d\d\s*$|\[[^\]]*\]")
# a line a name never opens with: it finishes the line above ("Real" / "Estate")
_TAIL = re.compile(r"^(?:estate|family|occupied|industrial)\b", re.I)
# a line a name never ends with: it goes on into the next ("Consumer Real" / "Estate")
_OPEN_END = re.compile(r"(?:\b(?:and|or|of|real|non|multi|to)|&|[-,/]|\b(?:one|1)\s*-?\s*(?:to|-)\s*-?\s*(?:four|4))\s*$",
                       re.I)


def _total(text: str) -> bool:
    return bool(table_words.WHOLE_COLUMN.match(vocab.clean_label(text).rstrip("*")))


# a cell's last line that is the noun alone ("Personal" / "Loans", "Other" / "Receivables",
# "Commercial and Industrial" / "Loans and Leases"): it finishes the line above it, which names
# no population by itself (it ends in no such noun)
_NOUN_TAIL = re.compile(r"^\s*(?:loans?|receivables?)(?:\s+and\s+leases)?\s*$", re.I)
_ENDS_IN_NOUN = re.compile(r"\b(?:loans?|receivables?|leases?)\s*$", re.I)


def goes_on(before: str, line: str) -> bool:
    """Whether `line` continues the header cell `before` started."""
    first = line.split()[0] if line.split() else ""
    return bool(first[:1].islower() or first.lower() in ("and", "or", "of", "&") or _TAIL.match(line)
                or _OPEN_END.search(before) or _noun_after_word(before, line))


def _noun_after_word(before: str, line: str) -> bool:
    return bool(_NOUN_TAIL.match(line)) and bool(before.strip()) and not _ENDS_IN_NOUN.search(before) \
        and not _total(before) and not _HEADING.search(before)


def reads_as_names(kept: list[str], n: int) -> bool:
    """Whether the last `n` fragments are `n` whole names (what comes above them heads the
    table): none goes on from the line before it, none is left open, no two are alike, and
    none is printed above them too (`_names_repeated_above`)."""
    last = kept[-n:]
    return len(set(last)) == n and not any(goes_on(a, b) for a, b in zip(kept[-n - 1:], last, strict=False)) \
        and not _OPEN_END.search(last[-1]) and not _names_repeated_above(kept[:-n], last)


def _names_repeated_above(above: list[str], last: list[str]) -> bool:
    """A name above the last `n` that is printed again in the header ("Consumer | Commercial |
    Residential" over "Installment | Commercial | Real Estate | …", or "Customer" / "Accounts" /
    "Receivable" / "Restructured" / "Accounts" / "Total"): those lines are the upper lines of
    stacked or broken cells, whose columns the fragments alone cannot tell, not a heading."""
    def key(text: str) -> str:
        return " ".join(vocab.clean_label(text).lower().split())
    names = [key(a) for a in above if not _HEADING.search(a)]
    return any(nm and (nm in {key(b) for b in last} or names.count(nm) > 1) for nm in names)


def joined_names(kept: list[str], n: int) -> list[str] | None:
    """The fragments joined into exactly `n` names (see the module), after the headings above
    them ("Receivables [Abstract]", "2020"), or None when the words do not decide it."""
    found = [(p, names) for p in range(len(kept) - n + 1)
             if all(_HEADING.search(h) for h in kept[:p]) and (names := _joined(kept[p:], n))]
    if len(found) != 1:
        return None
    p, names = found[0]
    other = line_by_line(kept[p:], n)
    # "Home equity | Other" over "Tax exempt | and junior liens | consumer | Unallocated | Total":
    # the lines of a two-line header read across (the top line's names over the bottom ones
    # that go on) give other names than the cells read one after the other: either may be
    # the rendering's, so no name is taken
    return None if other is not None and other != names else names


def line_by_line(kept: list[str], n: int) -> list[str] | None:
    """The names when the last `n` fragments are the bottom line of a two-line header and the
    fragments above them its top line, one over each bottom fragment that goes on (opens in
    lower case or with "and"), in order; None when the counts do not match or a bottom
    fragment is left open."""
    top, bottom = kept[:-n], kept[-n:]
    going = [j for j, b in enumerate(bottom) if goes_on("", b)]
    if not top or len(going) != len(top) or any(goes_on("", t) for t in top) \
            or any(_OPEN_END.search(b) for b in bottom):
        return None  # ("Investor Real" cannot end a cell: it is no bottom line)
    names = list(bottom)
    for t, j in zip(top, going, strict=True):
        names[j] = f"{t.strip()} {bottom[j].strip()}"
    return names


def ends_open(text: str) -> bool:
    """Whether a header line cannot end a name ("Consumer Real", "Mortgage -", "Financial &")."""
    return bool(_OPEN_END.search(text))


def _joined(kept: list[str], n: int) -> list[str] | None:
    gaps = len(kept) - 1
    if gaps < 1:
        return None
    join = [not _total(kept[i]) and not _total(kept[i + 1]) and goes_on(kept[i], kept[i + 1]) for i in range(gaps)]
    names = _runs(kept, join)
    extra = len(names) - n
    if extra > 0:
        # a word heading several columns ("Commercial" / "Owner Occupied"): each its cell's first line
        heads = [i for i, nm in enumerate(names) if names.count(nm) > 1]
        if len(heads) != extra or any(i + 1 == len(names) or _total(names[i + 1]) or names.count(names[i + 1]) > 1
                                      for i in heads):
            return None
        for i in sorted(heads, reverse=True):
            names[i:i + 2] = [f"{names[i]} {names[i + 1]}"]
    if len(names) != n or len(set(names)) != n or any(_twice(nm) for nm in names):
        return None  # "Commercial real estate real estate": lines stacked across, not cells
    return names


def _twice(name: str) -> bool:
    words = [w.lower() for w in name.split() if w.lower() not in ("and", "or", "of", "&", "-")]
    return len(set(words)) < len(words)


def _runs(kept: list[str], join: list[bool]) -> list[str]:
    out = [kept[0].strip()]
    for frag, j in zip(kept[1:], join, strict=True):
        if j:
            out[-1] = f"{out[-1]}{frag.strip()}" if out[-1].endswith("-") and not out[-1].endswith(" -") \
                else f"{out[-1]} {frag.strip()}"
        else:
            out.append(frag.strip())
    return out
