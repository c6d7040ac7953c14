"""Which facts a chart draws, and the footnote under it that names their filer, filing, files and
scale basis, with how many of them the page's arithmetic confirms."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd

from dashboard import analysis as m
from dashboard.analysis.verification import verification_note
from dashboard.charts.layout import FOOT_WIDTH
from dashboard.charts.words import convenience_translations


def _as_list(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def select_facts(facts: pd.DataFrame, disclosure: str, entity: str | Sequence[str] | None,
                 segment: str | None, *, translations: bool = False) -> pd.DataFrame:
    """The disclosure's facts for these filers and segment; without the filing's US$
    convenience translations unless asked (the guarantee table puts them in the hover)."""
    f = m.ensure_contract(facts)
    f = f[f["disclosure"] == disclosure]
    ents = _as_list(entity)
    if ents:
        f = f[f["entity"].isin(ents)]
    if segment is not None:
        f = f[f["segment"] == segment]
    return f if translations else f[~convenience_translations(f)]


def drawn_rows(table: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:
    """The rows of a metric table (computed by the page) for the filers, segments and
    currencies the chart draws: those of its selected facts `f` (so a US$ convenience
    translation the page's table holds gets no panel)."""
    if table.empty:
        return table
    drawn = set(zip(f["entity"].astype(str), f["segment"].astype(str),
                    f["currency"].astype(str), strict=True))
    keep = [(str(e), str(s), str(c)) in drawn
            for e, s, c in zip(table["entity"], table["segment"], table["currency"],
                               strict=True)]
    return table[keep]


def primary_segments(f: pd.DataFrame) -> pd.DataFrame:
    """Per entity, the whole population ('' segment) when reported, else its largest segment."""
    keep = []
    for _, g in f.groupby("entity", sort=False):
        segs = g["segment"].value_counts()
        seg = "" if "" in segs.index else segs.index[0]
        keep.append(g[g["segment"] == seg])
    return pd.concat(keep) if keep else f


def whose(entities: Sequence[str]) -> str:
    ents = list(dict.fromkeys(e for e in entities if e))
    if not ents:
        return ""
    if len(ents) <= 3:
        return " vs ".join(ents) if len(ents) > 1 else ents[0]
    return f"{len(ents)} filers"


def _src_text(source: str) -> str:
    return source if len(source) <= 70 else "…" + source[-69:]


# the aging table's own lines: the figures a delinquency chart draws or divides by
AGING_LINES = ("past_due", "past_due_total", "current", "total_loans")


def chart_facts(facts: pd.DataFrame, disclosure: str) -> pd.DataFrame:
    """The facts a chart of `disclosure` draws: the filers' main populations (as the chart
    picks them), and of an aging only its table's lines, of guarantees the maximum exposure;
    its footnote counts how many of them the page's arithmetic confirms."""
    f = select_facts(facts, disclosure, None, None)
    if disclosure == "guarantee":
        return f[f["metric"] == "max_exposure"]
    f = primary_segments(f)
    return f[f["metric"].isin(AGING_LINES)] if disclosure == "delinquency" else f


def chart_footnote(facts: pd.DataFrame, sources: pd.DataFrame | None = None,
                   *, note: str = "", checked: pd.DataFrame | None = None,
                   count: bool = True) -> str:
    """'Source: <filer>, <form> <period>; <file#part>; <scale basis>' for the facts shown,
    then how many of them the page's arithmetic confirms: those a chart draws (an aging's own
    lines, not the nonaccrual figures beside them nor a US$ convenience translation), or
    `checked` when given; not with
    `count=False`, for a page that prints that line on its own.

    `sources` is the extraction's sources table (source, entity, form, period …); without it
    the footnote names the filer and the files only.
    """
    f = m.ensure_contract(facts)
    if f.empty:
        return "Source: none loaded"
    meta: dict[str, tuple[str, str, str]] = {}
    if sources is not None and not sources.empty and "source" in sources.columns:
        for _, r in sources.iterrows():
            # `note` (optional column): the filing's note the figures come from
            meta[str(r["source"])] = (str(r.get("form", "") or ""), str(r.get("period", "") or ""),
                                      str(r.get("note", "") or ""))
    parts = []
    for ent, g in f.groupby("entity", sort=True):
        srcs = list(dict.fromkeys(g["source"].astype(str)))
        periods: dict[str, list[str]] = {}  # form -> periods, in order
        notes: list[str] = []
        for s in srcs:
            form, period, where = meta.get(s) or meta.get(s.split("#", 1)[0]) or ("", "", "")
            form, period, where = (x if x not in ("nan", "<NA>") else ""
                                   for x in (form, period, where))
            if form or period:
                ps = periods.setdefault(form, [])
                if period and period not in ps:
                    ps.append(period)
            if where:
                notes.append(where)
        filings = [" ".join(x for x in (form, ", ".join(sorted(ps))) if x)
                   for form, ps in periods.items()]
        head = str(ent) + "".join(", " + x for x in filings if x) + \
            "".join(", " + n for n in _distinct_notes(notes))
        parts.append(f"{head}; {', '.join(_src_text(s) for s in srcs)}; "
                     f"{m.scale_basis_note(g)}")
    text = "Source: " + ". ".join(parts) + "."
    if note:
        text += " " + note
    # how many of these figures the page's own arithmetic confirms, on a line of its own
    if checked is None:
        checked = f[((f["disclosure"] != "delinquency") | f["metric"].isin(AGING_LINES))
                    & ~convenience_translations(f)]
    lines = [text, verification_note(checked) if count else ""]
    return "<br>".join(w for t in lines if t
                       for w in textwrap.wrap(t, FOOT_WIDTH, break_long_words=True)) or text


def _distinct_notes(notes: Sequence[str]) -> list[str]:
    """The notes named once each; a note that another names in full ('Loans receivable, net:
    aging' inside 'Note 6, Loans receivable, net: aging') is dropped."""
    uniq = list(dict.fromkeys(n.strip() for n in notes if n and n.strip()))
    return [n for n in uniq if not any(n != o and o.lower().endswith(n.lower()) for o in uniq)]
