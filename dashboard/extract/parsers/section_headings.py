"""Section headings inside a rollforward: "Allowance Activity:" over the balances and
provision, "Charge off Activity:" over the gross charge-offs, the recoveries and their net.
They title parts of one table, so they name no population (no segment); a line under a
charge-off section that names no line item itself ("Principal balances") is the gross
charge-off when the section's own arithmetic says so (gross − recoveries = net). A heading
that names only the aging of the bucket lines under it ("Delinquent accounts") is their title,
not a population either.

Member headings that name an aging component ("Current [Member]", "Past Due 30-89 Days
[Member]") over one line repeated under each ("Secured loans – principal") say which line it
is: the line printed with no member heading is then the whole of them (the footing of
`structure.total_by_parts` proves it the total).
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.classify import label_role
from dashboard.extract.table import Row
from dashboard.model.buckets import parse_bucket
from dashboard.model.schema import ALLOWANCE, CURRENT, DELINQUENCY, PAST_DUE_TOTAL

# a heading that names only the aging of the lines under it ("Delinquent accounts", "Past due:")
_AGING_WORDS = re.compile(r"\b(?:contractually|delinquen(?:t|cy|cies)|past|due|accounts?|loans?|receivables?|"
                          r"balances?|days?)\b|[:\-–]", re.I)
_AGING_HEADING = re.compile(r"\bdelinquen|\bpast[\s-]*due\b", re.I)
_SECTION = re.compile(r"^[A-Za-z][\w\s&/-]{0,40}?\s+(?:activity|activities|movements?)\s*:\s*$", re.I)


def is_section_heading(text: str) -> bool:
    """"Allowance Activity:", "Charge off Activity:": a part of the table, not a member."""
    return bool(_SECTION.match(text.strip()))


def _aging_title(heading: str, rows: list[Row]) -> bool:
    """"Delinquent accounts" over "30 to 59 days", "60 to 89 days", …: the buckets' title, no
    population, when it names nothing but their aging and every line under it is a bucket."""
    if not _AGING_HEADING.search(heading) or _AGING_WORDS.sub("", heading).strip():
        return False
    under = [r for r in rows if heading in r.context]
    return bool(under) and all(parse_bucket(r.label) for r in under)


def drop_section_headings(rows: list[Row], header: list[str]) -> tuple[list[Row], list[str]]:
    """The rows and header without section headings; a row of a charge-off section that names
    no line item takes the section's name where gross − recoveries = net in every column."""
    titles = {h for r in rows for h in r.context if _aging_title(h, rows)}
    out: list[Row] = []
    for r in rows:
        if titles & set(r.context):
            r = replace(r, context=[h for h in r.context if h not in titles])
        sections = [h for h in r.context if is_section_heading(h)]
        label = r.label
        if sections and label_role(label, ALLOWANCE) is None \
                and label_role(sections[-1], ALLOWANCE) == "write_off" and _gross_of(r, rows):
            label = f"{sections[-1].strip()} {label}"  # "Charge off Activity: Principal balances"
        out.append(replace(r, label=label, context=[h for h in r.context if not is_section_heading(h)])
                   if sections or label != r.label else r)
    while header and is_section_heading(header[-1]):
        header = header[:-1]
    return out, header


def _gross_of(row: Row, rows: list[Row]) -> bool:
    """The row's figures less the recoveries beside it are the net charge-offs, column by column."""
    group = [r for r in rows if r.context == row.context and len(r.values) == len(row.values)]
    rec = [r for r in group if label_role(r.label, ALLOWANCE) == "recovery"]
    net = [r for r in group if label_role(r.label, ALLOWANCE) == "net_write_off"]
    if len(rec) != 1 or len(net) != 1 or not row.values:
        return False
    for g, c, n in zip(row.values, rec[0].values, net[0].values, strict=True):
        if g is None or c is None or n is None:
            return False
        if abs(abs(g.value) - abs(c.value) - abs(n.value)) > 1e-6 * max(1.0, abs(g.value)) + 10 ** -g.decimals:
            return False
    return True


_MEMBER = re.compile(r"\s*\[Member\]\s*$", re.I)


def _component(heading: str) -> str:
    """"Past Due 30-89 Days" from "Past Due 30-89 Days [Member]"; '' when it names no aging line."""
    name = _MEMBER.sub("", heading).strip()
    if parse_bucket(name) or label_role(name, DELINQUENCY) in (CURRENT, PAST_DUE_TOTAL):
        return name
    return ""


def lines_named_by_members(rows: list[Row]) -> list[Row]:
    """Rows of one line repeated under aging-component headings take the heading as their label."""
    by_label: dict[str, list[Row]] = {}
    for r in rows:
        by_label.setdefault(r.label, []).append(r)
    named: dict[int, Row] = {}
    for label, same in by_label.items():
        if len(same) < 3 or parse_bucket(label) or label_role(label, DELINQUENCY) is not None:
            continue
        under = [r for r in same if r.context and _component(r.context[-1])]
        if len(under) < 2 or len(under) != len(same) - 1:
            continue
        for r in under:
            named[id(r)] = replace(r, label=_component(r.context[-1]), context=r.context[:-1])
    return [named.get(id(r), r) for r in rows]
