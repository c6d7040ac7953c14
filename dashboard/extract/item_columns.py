"""Column headers that name aging line items ("30-59 Days Past Due | 60-89 | 90+ | Total Past
Due | Current | Total Loans"): the header's words split into one label a column, buckets a
rendering scrambled put back in order, and the order the figures prove."""

from __future__ import annotations

import re

from dashboard.extract.classify import label_role
from dashboard.model import table_words, vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import FULL_DATE, find_dates
from dashboard.model.numbers import Number
from dashboard.model.schema import (
    CURRENT,
    DELINQUENCY,
    PAST_DUE_90_ACCRUING,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)


def _dedupe_words(text: str) -> str:
    words = text.split()
    out: list[str] = []
    for w in words:
        if w.lower() not in (x.lower() for x in out):
            out.append(w)
    return " ".join(out)


# column starts beside the vocabulary's: "All Past Due" (the total past due), "90 or More"
# (an open bucket), and "Accruing Loans 90 or More Days Past Due" (the memo column, its words
# in that order), whose bucket words are the same column's
_ALL_PAST_DUE = re.compile(r"\ball\s+past\s+due\b|\b\d{1,3}\s+or\s+more\b"
                           r"|(?<!and )\baccruing\b(?=\s+(?:loans?\s+)?\d)", re.I)
# "Nonaccrual loans that are current", "Nonaccrual loans with no ACL": a part of a line item,
# not the item
SUBSET = re.compile(r"\b(?:that|which)\s+(?:are|is)\b|\b(?:with\s+no|without(?:\s+an?)?)\s+(?:related\s+)?"
                    r"(?:acl|alll|allowance|reserve)\b", re.I)
_CONNECTED = re.compile(r"\b(?:that|which)\s+(?:are|is)$", re.I)
_ACCRUING_LEAD = re.compile(r"^accruing(?:\s+loans?)?$", re.I)


def segment_item_header(fragments: list[str], n: int) -> list[str] | None:
    """Split a header whose cells were broken across lines into `n` column labels.

    Column starts come from vocabulary (bucket ranges, "Current", "Total …"); the words in
    between ("days", "past due") belong to the column they follow. Buckets that a scrambled
    rendering put out of order are put back in ascending order in the bucket positions.
    The columns' names follow the date heading above them: when the whole header does not give
    `n` names, the fragments after its last date (the preamble's words left out) are read.
    """
    labels = _item_labels(fragments, n)
    dated = [i for i, f in enumerate(fragments) if find_dates(f)]
    if labels is None and dated and dated[-1] + 1 < len(fragments):
        labels = _item_labels(fragments[dated[-1] + 1:], n)
    return labels


def _item_labels(fragments: list[str], n: int) -> list[str] | None:
    text = table_words.HEADER_NOISE.sub(" ", vocab.plain_hyphens(" ".join(fragments)))
    text = FULL_DATE.sub(" ", text)  # a date heading above the columns is not a column
    text = re.sub(r"\s+", " ", text.replace(" & ", " and "))
    starts = sorted({m.start() for rx in (table_words.COLUMN_START, _ALL_PAST_DUE) for m in rx.finditer(text)})
    if not starts:
        return None
    labels = [
        _dedupe_words(text[a:b].strip(" :,")) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
    ]
    # "Total amount past due" may also have matched "Total" on its own: merge empty remnants
    labels = [lab for lab in labels if lab]
    for i in range(len(labels) - 2, -1, -1):
        if _ACCRUING_LEAD.match(labels[i]) or _CONNECTED.search(labels[i]):
            # "Nonaccrual loans that are" / "current": one column's name
            labels[i:i + 2] = [f"{labels[i]} {labels[i + 1]}"]
    if len(labels) != n:
        return None
    if re.search(r"greater|more|over|above|\+", text, re.I):
        # "91 Days" whose "or Greater" a scrambled rendering put elsewhere: open-ended
        labels = [f"{m.group(1)}+ days past due" if not parse_bucket(lab)
                  and (m := re.match(r"(\d{1,3})\s+days?\b", lab, re.I)) else lab for lab in labels]
    slots = [i for i, lab in enumerate(labels) if is_bucket_column(lab)]
    ordered = sorted((labels[i] for i in slots), key=lambda lab: parse_bucket(lab) or (0, 0))
    for i, lab in zip(slots, ordered, strict=True):
        labels[i] = lab
    return labels


def is_bucket_column(label: str) -> bool:
    """A past-due bucket column ("30-59 Days"), not the memo column of loans over 90 days
    still accruing, which names a bucket too."""
    return bool(parse_bucket(label)) and label_role(label, DELINQUENCY) != PAST_DUE_90_ACCRUING


def order_by_arithmetic(labels: list[str], rows: list[list[Number | None]]) -> list[str]:
    """Aging columns in the order the figures prove.

    A rendering can scramble a multi-line header ("Past Due / 91 Days / or / Total Past /
    1-30 Days …"). The figures cannot lie: the buckets sum to the total past due, and past due
    plus current is the total. Candidate orders — as read, then the usual layouts — are tried
    against every row, and the first that adds up is kept; as read when none does.
    """
    buckets = [lab for lab in labels if is_bucket_column(lab)]
    roles = {lab: label_role(lab, DELINQUENCY) for lab in labels}
    ptotal = [lab for lab in labels if roles[lab] == PAST_DUE_TOTAL and not parse_bucket(lab)]
    current = [lab for lab in labels if roles[lab] == CURRENT]
    total = [lab for lab in labels if roles[lab] == TOTAL_LOANS]
    if not rows or len(buckets) < 2 or not (ptotal or (current and total)):
        return labels
    asc = sorted(buckets, key=lambda lab: parse_bucket(lab) or (0, 0))
    candidates = [labels, [*asc, *ptotal, *current, *total], [*current, *asc, *ptotal, *total]]

    def adds_up(order: list[str]) -> bool:
        if len(order) != len(labels) or set(order) != set(labels):
            return False
        at = {lab: i for i, lab in enumerate(order)}
        for vals in rows:
            v = [0.0 if x is None else x.value for x in vals]
            tol = 1.0 * (len(buckets) + 1)
            if ptotal and abs(sum(v[at[b]] for b in buckets) - v[at[ptotal[0]]]) > tol:
                return False
            if ptotal and current and total and abs(v[at[ptotal[0]]] + v[at[current[0]]] - v[at[total[0]]]) > tol:
                return False
            if not ptotal and abs(sum(v[at[b]] for b in buckets) + v[at[current[0]]] - v[at[total[0]]]) > tol:
                return False
        return True

    return next((c for c in candidates if adds_up(c)), labels)
