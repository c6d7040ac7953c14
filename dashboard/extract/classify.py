"""Classification: which credit disclosure a table or passage is, and what each row is.

A block's topic (delinquency, allowance, guarantee, or other) comes from the vocabulary's
topic keywords; a row label's generic role ("begin", "write_off", "current", …) from the
vocabulary's row labels, read within that topic; a role becomes a canonical metric, and a
metric belongs to one disclosure. XBRL concepts, where a row carries one, outrank the words.
Everything here reads labels and headings as text: the table model stays in
`dashboard.extract.table` and `dashboard.extract.columns`, the figures in `dashboard.extract.normalise`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dashboard.model import table_words, vocab
from dashboard.model.buckets import parse_bucket
from dashboard.model.concepts import rule_for
from dashboard.model.dates import find_dates
from dashboard.model.schema import (
    ALLOWANCE,
    CURRENT,
    DELINQUENCY,
    GUARANTEE,
    NET_LOANS,
    NONACCRUAL,
    OTHER,
    PAST_DUE,
    PAST_DUE_TOTAL,
    TOTAL_LOANS,
)

TOPIC_THRESHOLD = 3.0  # the weighted keyword score below which a passage is "other"


# IFRS 7's "maximum exposure to credit risk" is what financial assets could lose (their carrying
# amount), no guarantee's maximum: it counts for a guarantee only beside the guarantee's own words
_ASSETS_CREDIT_RISK = re.compile(r"maximum\s+exposure\s+to\s+credit\s+risk")


def topic_scores(text: str) -> dict[str, float]:
    low = _ASSETS_CREDIT_RISK.sub(" ", text.lower().replace("\xa0", " "))
    return {
        topic: sum(w for k, w in words if k in low)
        for topic, words in vocab.TOPIC_KEYWORDS.items()
    }


# a receivable or asset named after the guarantee it arises from
_GUARANTEE_ASSET = re.compile(r"\bguarantee(?:\s+(?:fees?|service|income))?\s+(?:receivables?|assets?)\b", re.I)
_LOANS = re.compile(r"\bloans?\b", re.I)


def classify_topic(caption: str, *texts: str) -> str:
    """The credit disclosure a passage is about, or "other" when the evidence is too weak.

    The caption (or title) counts double: it says what the table is about, while row labels
    such as "Provision" are shared by several kinds of rollforward.
    """
    if _GUARANTEE_ASSET.search(caption) and not topic_scores(_GUARANTEE_ASSET.sub(" ", caption))[GUARANTEE] \
            and not _LOANS.search(caption):
        # "Financial guarantee fee receivables (Details)": an asset the guarantee business earns,
        # its balance and its impairment allowance neither a guarantee liability or exposure
        # nor loans: no credit disclosure this engine reads
        return OTHER
    cap = topic_scores(caption)
    rest = topic_scores(" ".join(texts))
    scores = {k: 2 * cap[k] + rest[k] for k in rest}
    topic, score = max(scores.items(), key=lambda kv: kv[1])
    return topic if score >= TOPIC_THRESHOLD else OTHER


# a pure function of the label and topic, asked again for every cell of its row
@lru_cache(maxsize=8192)
def label_role(label: str, topic: str) -> str | None:
    """The generic role of a row label in a topic ("begin", "write_off", "current", …)."""
    text = vocab.clean_label(label)
    for rx, role, family in vocab.ROW_LABEL_RES:
        if family not in ("*", topic):
            continue
        if rx.search(text):
            return role
    return None


def role_metric(role: str, topic: str) -> str:
    if topic == DELINQUENCY and role in ("begin", "end"):
        # an aging table's "Ending balance" is its loans' balance, never the allowance: it takes
        # a metric only where the arithmetic proves it the total (normalise.aging_total_by_sum)
        return role
    if (topic, role) in vocab.ROLE_METRIC:
        return vocab.ROLE_METRIC[(topic, role)]
    if (ALLOWANCE, role) in vocab.ROLE_METRIC and topic != GUARANTEE:
        return vocab.ROLE_METRIC[(ALLOWANCE, role)]
    return role


def disclosure_of(metric: str) -> str:
    if metric in vocab.METRIC_DISCLOSURE:
        return vocab.METRIC_DISCLOSURE[metric]
    if metric.startswith(GUARANTEE) or metric in vocab.GUARANTEE_METRICS:
        return GUARANTEE
    return OTHER


def concept_rule(concept: str):  # -> ConceptRule | None
    """The credit metric an XBRL concept names (net loans too), None for any other concept."""
    if not concept:
        return None
    rule = rule_for(concept)
    return rule if rule is not None and rule.disclosure != OTHER or rule and rule.metric == NET_LOANS else None


def around_allowance(labels: list[str], topic: str) -> dict[int, str]:
    """"Loan principal and financing service fee receivables / Less: allowance … / …, net":
    whatever the filer calls them, the line above "Less: allowance" is the gross balance and
    the line below it the net one. {row index: metric}."""
    out: dict[int, str] = {}
    for i, label in enumerate(labels):
        if not re.match(r"\s*less\b", label, re.I) or label_role(label, topic) != "allowance_balance":
            continue
        # unless a line just above it is named as the loans ("Gross loans and advances", then
        # "Adjust: Unearned income …", then "Less: Allowance …"): that one is the gross, the
        # line between an adjustment of it
        named_above = any(label_role(x, topic) == TOTAL_LOANS for x in labels[max(0, i - 4):i - 1])
        if i > 0 and label_role(labels[i - 1], topic) is None and not named_above:
            out[i - 1] = TOTAL_LOANS
        if i + 1 < len(labels) and label_role(labels[i + 1], topic) is None:
            out[i + 1] = NET_LOANS
    return out


_FLOW_HEADINGS = ("provision", "write_off", "recovery", "net_write_off")


def _flow_heading(line: str) -> bool:
    """A heading over the classes' parts of one movement ("Amounts charged off:", "Recoveries
    of amounts previously charged off:", "Loan losses:")."""
    return bool(vocab.LINE_ITEM_HEADING.match(line.strip())) or (
        line.rstrip().endswith(":") and label_role(line, ALLOWANCE) in _FLOW_HEADINGS)


_NOTE_REF = re.compile(r"\s*\(notes?\s+\d+\)", re.I)  # "(note 2)": a reference, no part of a name


def member_context(context: list[str], members: bool = False) -> tuple[tuple[int, int | None] | None, str, str | None]:
    """Bucket, segment and line-item role named by member headings above a row or over a
    column ("Loan principal | 1-30 days", "Current [Member]"). `members`: the table's structure
    says its headings are axis members, so a long one ("Classified based on internal and
    external credit ratings") names a class, as one the page marks "[Member]" does."""
    bucket = None
    role: str | None = None
    segs: list[str] = []
    for line in context:
        if table_words.ABSTRACT_HEADING.search(line) or (line.rstrip().endswith(":") and table_words.RESERVE_HEADING.match(line.strip())):
            continue  # an abstract heading ("Allowance for credit losses allocated to:"), not a member
        if vocab.LINE_ITEM_HEADING.match(line.strip()) or (
                line.rstrip().endswith(":") and label_role(line, ALLOWANCE) in _FLOW_HEADINGS):
            # "Loan losses:" heads charge-offs and recoveries, "Provision for loan losses:" the
            # provision's parts and their total: line items, not a class of loans
            continue
        if re.match(r"\s*less\b", line, re.I) or re.fullmatch(r"\s*\(?[a-z\d]\)\s*", line, re.I):
            continue  # "Less: allowance for credit losses" heads a deduction; "(a)" is a footnote mark
        if vocab.DELINQUENT_HEADING.search(line.strip()):
            role = PAST_DUE_TOTAL  # "… contractually delinquent:" heads the buckets and their total
            continue
        for part in line.split("|"):
            if len(part.split()) > 10:
                continue  # a sentence, not a member
            # an R page marks its members: "Secured by One to Four Family First Lien [Member]"
            # names a class however long
            marked = members or "[member]" in part.lower()
            part = re.sub(r"\s*\[Member\]\s*", "", part).strip()
            if not part or find_dates(part) or part.lower() in ("total", "consolidated"):
                continue
            b = parse_bucket(part)
            r = label_role(part, DELINQUENCY)
            if b:
                bucket = b
            elif r in (CURRENT, PAST_DUE_TOTAL):
                role = r
            elif len(part.split()) <= 6 or marked or table_words.BOOK_HEADING.match(part):
                segs.append(_NOTE_REF.sub("", part).rstrip(" :"))  # "PCD:" heads the rows of the class "PCD"
    return bucket, " | ".join(segs), role


_NET_END = re.compile(r"(?:,|\s-|\s–)\s*net$", re.I)  # "Total financing receivables - net"


def cell_metric(label: str, concept: str, item_text: str, col_label: str, topic: str, *, row_date: bool,
                vertical_role: str | None, members: list[str], member_bucket: tuple[int, int | None] | None,
                member_role: str | None, aging_block: bool,
                ) -> tuple[str, tuple[int, int | None] | None, str] | None:
    """What one figure of a table is: its metric, its past-due bucket, and the segment its XBRL
    concept names; None when it is no credit figure.

    `label` is the row's label and `concept` its XBRL concept; `item_text` names the line item
    (the row label, or the column label when the columns hold the items); `members` are the
    member headings above the row (and over its column), of which `member_context` read the
    bucket and role; `aging_block` says some rows of the table sit under a bucket member.
    """
    bucket = (parse_bucket(col_label) if col_label else None) or parse_bucket(item_text) or member_bucket
    rule = concept_rule(concept)
    if rule is not None:
        # a known XBRL concept is authoritative, whatever the passage around it
        metric = rule.metric
        if rule.days_from is not None:
            # the filer's own label ("Over 90 days") says the bucket more precisely than
            # the standard concept it chose ("…EqualToGreaterThan90DaysPastDue")
            bucket = bucket or (rule.days_from, rule.days_to)
        elif metric in (TOTAL_LOANS, PAST_DUE_TOTAL):
            # a loan balance under an aging member: "30-59 days past due", "Current"
            if bucket:
                metric = PAST_DUE
            elif member_role in (CURRENT, PAST_DUE_TOTAL):
                metric = member_role
        if metric in vocab.BALANCE_METRICS:
            # one concept serves both ends of a rollforward: the row label says which end
            role = vertical_role or label_role(label, rule.disclosure)
            if role in ("begin", "end"):
                metric = role_metric(role, rule.disclosure)
        return metric, bucket, rule.segment
    if topic == OTHER:
        return None  # without a concept, labels count only in a credit passage
    role = vertical_role or label_role(item_text, topic)
    if role is None and row_date:
        role = label_role(label, topic)
    if bucket and role in (None, PAST_DUE_TOTAL):
        role = PAST_DUE
    if role == "other" and topic == ALLOWANCE and any(_flow_heading(line) for line in members):
        # "Other real estate" under "Amounts charged off:": one class's part of that flow, whose
        # total is printed below, never a movement of its own
        return None
    if role == TOTAL_LOANS and member_role == PAST_DUE_TOTAL and table_words.WHOLE_ROW.match(vocab.clean_label(item_text)) \
            and vocab.clean_label(item_text).lower() == "total":
        role = PAST_DUE_TOTAL  # "Total" under "… delinquent:": the buckets' total
    if role == TOTAL_LOANS and topic == DELINQUENCY and col_label \
            and label_role(col_label, DELINQUENCY) == NONACCRUAL:
        # a loan balance under a "Nonaccrual" column ("Fixed Rate | Variable Rate | Non-accrual
        # | Total"): the row's loans that stopped accruing
        role = NONACCRUAL
    if role == TOTAL_LOANS and topic == DELINQUENCY and col_label and item_text == col_label:
        # under the classes of an aging whose columns are its line items, the table's own
        # deductions: "Less allowance for credit losses" is the allowance, "… - net" the
        # loans less it (their figures in the total column), never one more class of loans
        own = label_role(label, topic)
        if own == "allowance_balance":
            return role_metric(own, ALLOWANCE), None, ""
        if own == TOTAL_LOANS and _NET_END.search(label):
            return NET_LOANS, None, ""
    if role is None and topic == DELINQUENCY and table_words.BALANCE_LABEL.search(label) \
            and all(len(line.split()) <= 6 for line in members):
        # a loan balance ("PCI loans", "Recorded investment") under an aging member
        # ("Current [Member]") is that line; with no member, the population's total
        role = member_role or (TOTAL_LOANS if aging_block else None)
    if role is None:
        return None
    metric = role_metric(role, topic)
    if role in vocab.UNRESOLVED_ROLES and metric == role and (topic, role) not in vocab.ROLE_METRIC:
        return None  # e.g. a "balance at end" row in a passage that is not a rollforward
    return metric, bucket, ""
