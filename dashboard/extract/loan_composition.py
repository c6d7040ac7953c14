"""Loan-composition tables ("Commercial … Consumer … Total loans", amounts beside shares of the
total): the classes add up to the whole book's loans, the denominator of every credit ratio.

The whole is proven by footing: the row named as the total loans is, in every amount column,
the sum of the rows above it (or of those above it that are no subtotal of their own).
"""

from __future__ import annotations

import re

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model import table_words, vocab
from dashboard.model.dates import bare_year, find_dates
from dashboard.model.numbers import Number
from dashboard.model.schema import ALLOWANCE, DELINQUENCY, OTHER, TOTAL_LOANS

_LOANS = re.compile(r"\b(?:loans?|receivables?)\b", re.I)
_SUBTOTAL = re.compile(r"^\s*sub-?\s*total\s*:?\s*$", re.I)
_LOANS_ONLY = re.compile(r"\bloans?\b", re.I)  # a company's "receivables" are its customers' invoices
# the whole credit book by the name Argentine banks give it ("Loans and other financing")
_BOOK_NAME = re.compile(r"^(?:total\s+)?loans\s+and\s+other\s+financings?$", re.I)
# the whole book named by its gross amount rather than as a total ("Gross loans", "Loans, gross")
_GROSS_LOANS = re.compile(r"^(?:gross\s+loans?(?:\s+receivable)?|loans?(?:\s+receivable)?,?\s+gross)$", re.I)
# the total loans named with what they are and how they are carried ("Total loans held for
# investment, net", net of deferred fees and costs): the whole book only when its classes, every
# one a positive balance with no deduction among them, add up to it (a "net" after the
# allowance deducted would not be their sum)
# IFRS filers name the book "loans and advances to customers" ("Total gross loans and advances to
# customers"): the same whole, proven the same way
_QUALIFIED_TOTAL = re.compile(r"^total\s+(?:gross\s+)?loans?(?:\s+(?:and\s+leases|receivables?|and\s+advances"
                              r"(?:\s+to\s+(?:customers|clients))?))?"
                              r"(?:\s+held\s+for\s+investment)?(?:,?\s+net)?$", re.I)
# a line deducted from (or added to) the classes on the way to a carrying amount
_DEDUCTION = re.compile(r"\b(?:less|allowance|reserve|unearned|deferred|discounts?|premiums?|net|held\s+for\s+sale)\b", re.I)


def names_whole(label: str) -> bool:
    """A label naming the whole table's total: "Total", "Total loans", "Gross loans"."""
    text = vocab.clean_label(label)
    return bool(table_words.WHOLE_ROW.match(text) or _GROSS_LOANS.match(text))


def _amounts(row: Row) -> list[Number]:
    """A row's amounts, without the shares printed beside them ("30.1" / "%")."""
    return [v for v in row.values if v is not None and not v.percent
            and not (v.decimals >= 1 and abs(v.value) <= 100)]


def _foots(above: list[Row], total: list[Number], least: int = 3) -> bool:
    if len(above) < least or any(len(_amounts(r)) < len(total) for r in above):
        return False
    # a row that holds its group's unlabelled subtotal after its own amounts counts by its own
    # (the first) ones
    return all(abs(sum(_amounts(r)[j].value for r in above) - t.value) <= 0.5 * len(above)
               for j, t in enumerate(total))


def _collapsed(above: list[Row]) -> list[Row]:
    """The rows above with every subtotal standing for the run of rows it sums: a row whose
    amounts are the sum of the (two or more) rows just before it, whatever its label
    ("Commercial and business lending" under two classes, "Total commercial" under two such
    lines), replaces them. What is left are the top-level parts of the whole."""
    items: list[Row] = []
    for r in above:
        amounts = _amounts(r)
        for length in range(2, len(items) + 1):
            if _foots(items[-length:], amounts, least=2):
                del items[-length:]
                break
        items.append(r)
    return items


def foots_rows_above(rows: list[Row], k: int) -> bool:
    """Row k's amounts are the sums of every row above it with figures, or of those that are no
    "Total …" line of their own (a group's subtotal printed among its classes), or of the
    top-level parts left when every subtotal stands for the rows it sums."""
    total = _amounts(rows[k])
    if not total:
        return False
    above = [r for r in rows[:k] if r.values]
    leaves = [r for r in above if not table_words.TOTAL_LINE.match(r.label)]
    if _foots(above, total) or (len(leaves) < len(above) and _foots(leaves, total)):
        return True
    # subtotals at several levels: the whole is the sum of the top-level parts
    parts = _collapsed(above)
    return (len(above) >= 3 and len(parts) < len(above) and _foots(parts, total, least=2)) \
        or _recap_of_books(above, rows[k])


def _recap_of_books(above: list[Row], total: Row) -> bool:
    """The books each under a heading of their own ("Originated loans:", "Acquired loans:"), each
    closed by its subtotal, then the whole's classes under a last heading (the total's own:
    "Total loans:") and the total: the total is both the sum of the books' subtotals and the sum
    of the classes of its own heading, so neither can be one book's."""
    groups: list[list[Row]] = []
    for r in above:
        if groups and groups[-1][-1].context == r.context:
            groups[-1].append(r)
        else:
            groups.append([r])
    if len(groups) < 3 or groups[-1][-1].context != total.context:
        return False
    *books, own = groups
    amounts = _amounts(total)
    return _foots(own, amounts, least=2) and all(
        len(b) >= 3 and _foots(b[:-1], _amounts(b[-1]), least=2) for b in books) \
        and _foots([b[-1] for b in books], amounts, least=2)


def _one_amount_per_date(rows: list[Row], header: list[str]) -> bool:
    """Every row holds one amount per year its header names: the columns are the dates, no
    measures beside the amounts ("Number of Loans | Amount | Accrued Interest")."""
    dates = set(find_dates(" ".join(header)))
    years = {d.year for d in dates} | {y for h in header if (y := bare_year(h))}
    # two dates of one year ("March 31, 2018 | September 30, 2018", a half-year's report) are two
    # columns as well as two years are
    return len(years) >= 1 and all(len(_amounts(r)) <= max(len(years), len(dates)) for r in rows if r.values)


def whole_loans_row(rows: list[Row], k: int, caption: str = "", header: list[str] | None = None) -> bool:
    """Row k is named as the whole book's loans ("Total loans", "Total gross loans", or a bare
    "Total" in a table by date whose caption names the loans: "Schedule of Loans Receivable")
    and foots."""
    label = vocab.clean_label(rows[k].label)
    if _QUALIFIED_TOTAL.match(label) and not table_words.WHOLE_ROW.match(label):
        return _sum_of_classes(rows, k)
    if _BOOK_NAME.match(label):  # the book by its own name, the sum of two or more lines above it
        return _foots([r for r in rows[:k] if r.values], _amounts(rows[k]), least=2)
    if not table_words.WHOLE_ROW.match(label):
        return False
    # the loans named by the label, the caption, or the header's title line when the page gives
    # no caption ("Loans and advances to customers by type | Total | 30 June 2019 | …")
    about_loans = bool(_LOANS.search(caption)) or (not caption and any(_LOANS_ONLY.search(h) for h in header or []))
    named = bool(_LOANS.search(label)) or about_loans and (
        _one_amount_per_date(rows, header or []) or _dated_grid_with_total_column(rows, caption, header or []))
    return named and foots_rows_above(rows, k)


def _sum_of_classes(rows: list[Row], k: int) -> bool:
    """Row k's amounts are, column by column, the sum of every row above it, three or more rows
    of positive amounts, none a "Total" of its own nor a line with a role (an allowance, a
    deduction): the classes of the book and nothing else."""
    above = [r for r in rows[:k] if r.values]
    total = _amounts(rows[k])
    if not total or any(table_words.TOTAL_LINE.match(r.label) or _DEDUCTION.search(r.label)
                        or label_role(r.label, DELINQUENCY) not in (None, OTHER)
                        or any(v.value <= 0 for v in _amounts(r)) for r in above):
        return False
    return _foots(above, total)


def _dated_grid_with_total_column(rows: list[Row], caption: str, header: list[str]) -> bool:
    """A table of one date (its caption's) whose last column, headed "Total", is in every row the
    sum of the columns before it ("2025 | 2024 | … | Prior | Total" by origination year): its
    columns are parts of one balance, no measures beside the amounts."""
    if len(set(find_dates(caption))) != 1 or not header or vocab.clean_label(header[-1]).lower() != "total":
        return False
    full = [_amounts(r) for r in rows if r.values]
    width = max((len(a) for a in full), default=0)
    return width >= 3 and len(full) >= 2 and all(
        len(a) == width and abs(sum(v.value for v in a[:-1]) - a[-1].value) <= 0.5 * width for a in full)


# the caption sentence a rendering ran into the header: it names the loans at the table's dates
# and no allowance ("Loans at March 31, 2018 and September 30, 2018 by domicile and industry")
_ALLOWANCE_WORDS = re.compile(r"\b(?:allowances?|reserves?|provisions?|impairment|credit\s+loss(?:es)?|charge-?offs?)\b",
                              re.I)


def _loans_caption(header: list[str]) -> str:
    return next((h for h in header if _LOANS_ONLY.search(h) and find_dates(h) and not _ALLOWANCE_WORDS.search(h)), "")


def _loans_under_allowance_title(rows: list[Row], caption: str, header: list[str]) -> bool:
    """A table under a note titled for the loans and their allowance ("Loans and Allowance for
    Credit Losses") that holds no line of an allowance, whose own caption names the loans at its
    dates and whose "Total" foots its classes: the loans' composition, not the allowance."""
    if any(label_role(r.label, ALLOWANCE) not in (None, OTHER) or _ALLOWANCE_WORDS.search(r.label)
           for r in rows if r.values):
        return False
    own = caption if _LOANS_ONLY.search(caption) and not _ALLOWANCE_WORDS.search(caption) else _loans_caption(header)
    return bool(own) and any(whole_loans_row(rows, k, own, header) for k in range(len(rows)))


def composition_topic(rows: list[Row], topic: str, caption: str = "", header: list[str] | None = None) -> str:
    """A table that names no credit topic but whose "Total loans" row foots its classes (or whose
    loans line, adjusted, is proven the book: `loans_line_total`): the loans' composition, read
    as the delinquency disclosure's total loans."""
    if topic == ALLOWANCE and _loans_under_allowance_title(rows, caption, header or []):
        return DELINQUENCY
    if topic != OTHER:
        return topic
    return DELINQUENCY if any(whole_loans_row(rows, k, caption, header) for k in range(len(rows))) \
        or loans_line_total(rows, DELINQUENCY, header) else topic


_MAX_ADJUSTMENTS = 3


def loans_line_total(rows: list[Row], topic: str, header: list[str] | None = None) -> dict[int, str]:
    """A line naming the loans, not as a total ("Loans, gross of unearned income"), that every
    line above it adds up to (three or more classes, one amount a date), then one to three
    adjustments ("Unearned income") and a line naming the loans that is the first plus the
    adjustments in every column ("Loans, net of unearned income"): the last is the book's
    carrying amount, the whole's total loans; the first, before the adjustments, a memo.
    {id(row): metric}; nothing unless every step is proven."""
    if topic != DELINQUENCY or not _one_amount_per_date(rows, header or []):
        return {}
    for g, gross in enumerate(rows):
        # the classes' sum may name nothing but its place ("Subtotal"): its footing proves it
        if not (_LOANS.search(gross.label) or _SUBTOTAL.match(gross.label)) \
                or label_role(gross.label, topic) is not None or not foots_rows_above(rows, g):
            continue
        n = len(gross.values)
        for t in range(g + 2, min(g + 2 + _MAX_ADJUSTMENTS, len(rows))):
            total, between = rows[t], rows[g + 1:t]
            if not _LOANS.search(total.label) or label_role(total.label, topic) not in (None, TOTAL_LOANS):
                continue
            lines = [gross, *between, total]
            if any(label_role(r.label, topic) is not None for r in between) \
                    or any(len(r.values) != n or any(v is None or v.percent for v in r.values) for r in lines):
                break
            if all(abs(sum(r.values[j].value for r in lines[:-1]) - total.values[j].value) <= 0.5 * len(lines)
                   for j in range(n)) and any(r.values[j].value for r in between for j in range(n)):
                # a "Total loans …" line among the classes the first sums ("Total loans secured
                # by real estate") is a group's subtotal inside the book, never the book
                inside = {id(r): "memo" for r in rows[:g] if label_role(r.label, topic) == TOTAL_LOANS}
                return {**inside, id(gross): "memo", id(total): TOTAL_LOANS}
    return {}


def foots_every_group(rows: list[Row], row: Row) -> bool:
    """A total row printed under the last group's heading ("Consumer:" … "Total gross loans")
    whose amounts foot the rows above it across two or more groups: the whole table's total,
    not the last group's."""
    k = next((i for i, r in enumerate(rows) if r is row), None)
    if k is None:
        k = next((i for i, r in enumerate(rows) if r.locator == row.locator and r.label == row.label), None)
    if k is None:
        return False
    return len({tuple(r.context) for r in rows[:k] if r.values}) >= 2 and foots_rows_above(rows, k)


def below_whole_total(rows: list[Row]) -> set[int]:
    """The lines printed under the whole table's total and under the same heading ("Consumer:"
    … "Total gross loans", then "Undisbursed portion …", "Allowance for loan losses", "Loans,
    net"): the deductions from the whole's loans and its net, never lines of the last group.
    {id(row)}."""
    out: set[int] = set()
    for k, total in enumerate(rows):
        if not total.context or not names_whole(total.label) or not foots_every_group(rows, total):
            continue
        for r in rows[k + 1:]:
            if r.context != total.context:
                break
            out.add(id(r))
    return out


# words that say what any line of loans is, never which loans
_PLAIN = {"total", "loans", "loan", "and", "of", "the", "to", "for", "by", "in", "on", "all", "other"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", vocab.clean_label(text).lower()) if w not in _PLAIN}


def total_over_one_heading(rows: list[Row], row: Row) -> bool:
    """A "Total loans …" row under the one heading every row of the table sits under
    ("Residential real estate mortgages:" over all the classes, then "Total loans to banking
    clients"), naming other loans than the heading does and summing every row of its group:
    the whole table's total; a heading that heads every row tells no part from the whole."""
    label = vocab.clean_label(row.label)
    if not table_words.TOTAL_LINE.match(label) or label_role(label, DELINQUENCY) != TOTAL_LOANS:
        return False
    heads = {tuple(x for x in r.context if not find_dates(x)) for r in rows if r.values}
    if len(heads) != 1 or not (head := next(iter(heads))) or _words(label) & _words(head[-1]):
        return False
    k = next((i for i, r in enumerate(rows) if r is row), None)
    if k is None:
        return False
    start = k
    while start > 0 and rows[start - 1].context == row.context:
        start -= 1
    return k - start >= 2 and foots_rows_above(rows[start:k + 1], k - start)
