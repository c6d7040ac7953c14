"""A table's column header printed again between its rows: the rows below it are the next
period's table ("Quarter Ended March 31, 2021 | Commercial | … | Total", rows, then "Quarter
ended March 31, 2020 | Commercial | … | Total", rows)."""

from __future__ import annotations

from dashboard.extract.table import Row
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import MONTH_DAY, YEAR, bare_year, find_dates


def _norm(x: str) -> str:
    # the period headings above the names differ in their year ("Second Quarter 2019 (a)" /
    # "Second Quarter 2020") and the names in their footnote asterisks ("TOTAL" / "TOTAL**")
    return YEAR.sub("", vocab.clean_label(x)).strip(" *").lower()


def is_period_heading(x: str) -> bool:
    """A date, or the month and day of one whose year the next fragment prints ("September 30,"
    / "2012"): the period's heading, not a column's name."""
    return bool(find_dates(x)) or MONTH_DAY.fullmatch(x.strip().rstrip(",").strip()) is not None


def repeats_header(header: list[str], headings: list[str]) -> bool:
    """Headings between two rows that print the table's column names again ("Commercial |
    Consumer | Total" under "Nine Months Ended …"): the rows below are another table."""
    if len(headings) < 2 or len(header) < 2:
        return False
    norm = [_norm(x) for x in headings if not is_period_heading(x)]
    cols = [_norm(x) for x in header if not is_period_heading(x)]
    # compared word by word: a rendering may break a name over lines differently each time
    # ("SBA held" / "for" over the first table, "SBA held for" over the next)
    words, col_words = " ".join(norm).split(), " ".join(cols).split()
    if len(norm) >= 2 and 0 < len(words) <= len(col_words) and col_words[-len(words):] == words:
        return True
    # under a period heading of its own, one name may be worded otherwise
    return (any(find_dates(x) for x in headings) and _renamed_columns(cols, norm)) \
        or _other_population(cols, norm)


def _other_population(cols: list[str], names: list[str]) -> bool:
    """The header printed again, cell for cell, but for the one name over the columns: the same
    columns of another population ("Loans" over the first table, "Tax advance loans" over the
    next, "Up to 1 Year Ago | … | Total" under both). Four names or more the same, the last
    ones among them, so a group heading that happens to repeat one name is no header."""
    if len(names) != len(cols) or len(names) < 5:
        return False
    differ = [j for j, (a, b) in enumerate(zip(cols, names, strict=True)) if a != b]
    return len(differ) == 1 and differ[0] < len(names) - 3


def broken_like(header: list[str], headings: list[str]) -> list[str]:
    """The repeated header `headings` (see `repeats_header`) broken into cells where the first
    header broke them: "Receivables and Accruing" printed again as "Receivables" / "and
    Accruing", so that the columns read the same way under both. Unchanged when a cell of
    either would be cut."""
    def norm(x: str) -> list[str]:
        return _norm(x).split()

    # a year over the first table ("2016") is that table's: the repeat prints its own
    names = [x for x in header if not find_dates(x) and norm(x)]
    words = [w for x in headings if not find_dates(x) for w in norm(x)]
    # the first header's cells the repeat covers: its last ones, as many words as it prints
    k, total = len(names), 0
    while k > 0 and total < len(words):
        k -= 1
        total += len(norm(names[k]))
    if total != len(words):
        return list(headings)
    tail = names[k:]
    out: list[str] = []
    for x in headings:
        if find_dates(x) or not norm(x):
            out.append(x)
            continue
        want, parts = len(norm(x)), []
        while tail and want > 0:
            want -= len(norm(tail[0]))
            parts.append(tail.pop(0))
        if want != 0:
            return list(headings)
        out.extend(parts if len(parts) > 1 else [x])
    return out


def _renamed_columns(cols: list[str], names: list[str]) -> bool:
    """The names printed again with one of them worded otherwise ("Auto" over one period,
    "Auto and Leasing" over the other): as many names as the header's last ones, the same
    cell by cell but for one, which begins with the other's words."""
    if len(names) < 3 or len(cols) < len(names):
        return False
    differ = [(a.split(), b.split()) for a, b in zip(cols[-len(names):], names, strict=True) if a != b]
    return len(differ) == 1 and all(
        a and b and (a[:len(b)] == b or b[:len(a)] == a) for a, b in differ)


def columns_header(headings: list[str], rows: list[Row], label: str | None) -> bool:
    """Headings between two rows that are a header of other columns: two or more names, then
    a whole column's name ("Home equity | … | Unallocated | Total"), with only headings of line
    items (ending ":") after it, over a row that prints a line of the rows above again
    ("Beginning Balance"): the same lines for other columns, another table."""
    names = [h for h in headings if not is_period_heading(h)]
    while names and names[-1].rstrip().endswith(":"):
        names.pop()
    if len(names) < 3 or not table_words.WHOLE_COLUMN.match(vocab.clean_label(names[-1]).rstrip("*")) \
            or any(h.rstrip().endswith(":") for h in names):
        return False
    key = vocab.clean_label(label or "").lower()
    return bool(key) and any(vocab.clean_label(r.label).lower() == key for r in rows)


def unit_and_years_row(label: str | None, values: list, header: list[str]) -> bool:
    """A "row" that is a unit heading over the years of the header ("Thousand of Reais | 2024 |
    2023" printed again over the next table of the same note): the header of another table,
    never a line of figures (its "figures" are the years)."""
    if not label or not values or not units.scale_statements(label) or vocab.clean_label(label) != label.strip():
        return False
    years = {y for h in header if (y := bare_year(h))}
    return all(v is not None and v.is_year and int(v.value) in years for v in values)
