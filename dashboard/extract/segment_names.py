"""The names of a table's sub-population columns ("Commercial | Consumer | Total") among its
header's fragments: neither dates, periods, scales nor currencies; a name broken over lines
around the scale joined again; the Total column the whole population (no segment)."""

from __future__ import annotations

import re

from dashboard.extract.classify import label_role
from dashboard.extract.joined_header import joined_names, line_by_line, reads_as_names
from dashboard.extract.stacked_header import stacked_names
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import MONTH_DAY, duration_months, find_dates
from dashboard.model.schema import ALLOWANCE

# the roles of a rollforward's rows: a header fragment with one is a row's label, never a class
_ROW_ROLES = frozenset({"begin", "end", "begin_adjusted", "provision", "write_off", "recovery",
                        "net_write_off"})


def swallowed_row(fragments: list[str]) -> bool:
    """Whether a header fragment is the label of an allowance rollforward's row ("Beginning
    balance", "Provision for (reversal of) allowance"): the header swallowed a row. The
    header's first line, ending with a colon, heads all the rest ("Movement in credit
    impairment loss allowances on loans and advances:"): the table's title, never a row's."""
    return any(label_role(f, ALLOWANCE) in _ROW_ROLES and not (i == 0 and f.rstrip().endswith(":"))
               for i, f in enumerate(fragments))


def segment_header(fragments: list[str], n: int) -> list[str]:
    """`n` column names from header fragments that are neither dates nor line items (the last
    `n` fragments when the header's lines do not say how they join)."""
    return class_names(fragments, n) or _named(segment_names(fragments, n)[-n:])


def class_names(fragments: list[str], n: int) -> list[str] | None:
    """`n` class column names from header fragments, or None when there are more fragments
    than columns and neither two stacked lines, the last `n` fragments, nor the fragments
    joined cell by cell are proven to be the names (then any name taken would be a guess)."""
    kept = segment_names(fragments, n)
    if len(kept) < n:
        return [""] * n
    if _group_heading_repeated(fragments):
        # "Real Estate:" printed over each of its classes: the header's lines stand over some
        # columns only, and a line in lower case ("and Other") goes on from the line above it in
        # its column ("Consumer"), which the fragments as read cannot say: no name is proven
        return None
    if len(kept) > n:
        names = stacked_names(kept, n) or (kept[-n:] if reads_as_names(kept, n) else joined_names(kept, n))
        if names is None:
            return None
        kept = names
    return _named(kept[-n:])


def _named(kept: list[str]) -> list[str]:
    # the "Total" column is the whole population: no segment; nor is a column named by its
    # measure ("Amount"), which splits nothing
    def whole(name: str) -> bool:
        return bool(table_words.WHOLE_COLUMN.match(name) or table_words.MEASURE_COLUMN.match(name))
    return [vocab.clean_label(f) if not whole(vocab.clean_label(f).rstrip("*")) else "" for f in kept]


def segment_names(fragments: list[str], n: int) -> list[str]:
    """The header fragments that may name a sub-population column (more than `n` when the
    header cannot be read one name a column)."""
    def names(words: int) -> list[str]:
        return [f for f in fragments if not units.scale_statements(f) and not units.CURRENCY_TOKEN.fullmatch(f.strip())
                and not find_dates(f) and len(f.split()) <= words and not f.rstrip().endswith(":")
                and not table_words.RESERVE_HEADING.match(f.strip())
                # "Three Months Ended" / "September 30," over the classes: the period, not a class
                and not duration_months(f) and not re.fullmatch(rf"\s*{MONTH_DAY.pattern}\s*,?\s*", f, re.I)]

    def kept_names() -> list[str]:
        kept = names(6)
        if len(kept) < n:
            # a long class name ("Consumer secured by 1st deed of trust") is no sentence either
            kept = [f for f in names(9) if not re.search(r"[.;]\s*$", f)]
        return kept

    kept = kept_names()
    # a name broken over lines around the scale ("SBA held" / "for" / "(In thousands)" /
    # "investment", or "SBA held for" / "(In thousands) investment"): taken when the joined
    # names are one a column (a stacked header read across, "Mortgage -" / "Mortgage -" /
    # "residential" / "commercial", is not, nor "Residential" / "Commercial" / "real estate" /
    # "real estate")
    fragments = _continued_names(fragments)
    if len(joined := kept_names()) == n and line_by_line(kept, n) in (None, joined):
        # (unless the lines read across, a two-line header, give other names: see joined_names)
        kept = joined
    return kept


def _group_heading_repeated(fragments: list[str]) -> bool:
    """A group's heading ("Real Estate:") printed more than once over the columns."""
    headings = [f.strip() for f in fragments if f.rstrip().endswith(":")]
    return len(set(headings)) < len(headings)


_SCALE_IN_PARENS = re.compile(r"\([^()]*\b(?:thousands|millions|billions)\b[^()]*\)", re.I)


def _continued_names(fragments: list[str]) -> list[str]:
    """Header fragments with the scale statement taken out of them and each fragment that
    opens in lower case joined to the one before it."""
    out: list[list[str]] = []
    for f in fragments:
        f = units.SCALE_STATEMENT.sub("", _SCALE_IN_PARENS.sub("", f)).strip() if not find_dates(f) else f
        if not f:
            continue
        if out and f[:1].islower() and not find_dates(out[-1][0]):
            out[-1].append(f)
        else:
            out.append([f])
    if any(len(set(parts[1:])) < len(parts) - 1 for parts in out):
        return fragments  # the same continuation twice: a stacked header's line, one per column
    return [" ".join(parts) for parts in out]
