"""The first screen's figures: one headline per chart and the filer to open on. No streamlit.

A headline is the latest figure of a series and its change on the prior period, written the
way an analyst reads it ("90+ days past due 2.22% of loans, +0.03 pt on 2022-12-31"). Each
comes from the same tables the charts draw (`metrics.delinquency_summary`, `allowance_table`,
`guarantee_table`), so the headline and the chart cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard import analysis as m
from dashboard.facts.selection import held_out
from dashboard.model import display as d

# what each of the first screen's charts draws: a filer "has" a chart when it has one of
# these figures (a nil nonaccrual balance is a delinquency figure, but no aging table)
CHART_METRICS: dict[str, frozenset[str]] = {
    "delinquency": frozenset({"past_due", "past_due_total"}),
    "allowance": frozenset({"provision"}),
    "guarantee": frozenset({"max_exposure"}),
}
CHART_WORDS = {"delinquency": "aging", "allowance": "rollforward", "guarantee": "guarantees"}


@dataclass(frozen=True)
class Headline:
    """What the first screen says above one chart."""

    label: str  # "90+ days past due, % of loans"
    value: str  # "2.22%"
    delta: str  # "+0.03 pt on 2022-12-31" ('' for a first period)
    as_of: str  # "2023-12-31" or "2023"
    detail: str  # one more line: the figures behind the value
    number: float | None  # the value as a number (a ratio or whole currency units)
    # 'inverse' when a rise is bad news (delinquency, write-offs), 'normal' when good, 'off'
    delta_color: str = "inverse"


_NO_CHANGE = re.compile(r"[+−-]?0+(?:[.,]0+)?(?![\d.,])")  # "+0.00 pt", "−0.0%": no change


def change_tone(h: Headline) -> tuple[str, str]:
    """The change's arrow and what it means: ('↑', 'bad') for a rise where a rise is bad news
    (`delta_color` 'inverse'), ('↓', 'good') for a fall there, 'neutral' when the colour is
    'off' or nothing changed. The direction is the printed change's sign."""
    sign = h.delta[:1]
    if sign not in ("+", "−", "-") or _NO_CHANGE.match(h.delta):
        return "", "neutral"
    up = sign == "+"
    if h.delta_color == "off":
        return ("↑" if up else "↓"), "neutral"
    good = up if h.delta_color == "normal" else not up
    return ("↑" if up else "↓"), ("good" if good else "bad")


def reported_currency(facts: pd.DataFrame) -> str | None:
    """The currency a filer reports in: the one most of its figures are in. A 20-F prints a
    US$ convenience translation beside some RMB columns; a chart or headline that mixed the two
    would set a translated year beside reported ones."""
    cur = facts["currency"].dropna().astype(str) if "currency" in facts.columns else pd.Series([], dtype=str)
    cur = cur[cur != ""]
    return None if cur.empty else str(cur.value_counts().index[0])


def in_reported_currency(facts: pd.DataFrame) -> pd.DataFrame:
    """The figures in the reported currency only (all of them when none is named)."""
    cur = reported_currency(facts)
    return facts if cur is None else facts[facts["currency"].astype(str) == cur]


def _date(v: object) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%d") if v is not None and not pd.isna(v) else ""


def delinquency_headline(facts: pd.DataFrame, summary: pd.DataFrame | None = None
                         ) -> Headline | None:
    """90+ days past due as % of loans at the latest date that has it, and its change in
    percentage points on the previous such date; the total past-due ratio when no date has a
    90+ figure. `summary`: the `delinquency_summary` of `facts` in their reported currency,
    when the caller has it already (the Overview draws its chart from the same table)."""
    s = summary if summary is not None else m.delinquency_summary(in_reported_currency(
        m.ensure_contract(facts)[lambda f: f["disclosure"] == "delinquency"]))
    if s.empty:
        return None
    s = s[s["segment"] == ""] if (s["segment"] == "").any() else s
    s = s.sort_values("period_end")
    for col, label in (("over_90_ratio", "90+ days past due, % of loans"),
                       ("past_due_ratio", "Total past due, % of loans")):
        have = s[s[col].notna()]
        if have.empty:
            continue
        last = have.iloc[-1]
        delta = ""
        if len(have) > 1:
            prev = have.iloc[-2]
            delta = f"{d.pt_change(last[col] - prev[col])} on {_date(prev['period_end'])}"
        amount = last["over_90"] if col == "over_90_ratio" else last["past_due_total"]
        detail = (f"{d.money_short(amount, last['currency'])} of "
                  f"{d.money_short(last['total_loans'], last['currency'])} loans")
        if col == "over_90_ratio" and last.get("over_90_status") == "derived":
            detail += f" (90+ derived: {last['over_90_formula']})"
        return Headline(label=label, value=d.pct(last[col]), delta=delta,
                        as_of=_date(last["period_end"]), detail=detail, number=float(last[col]))
    # an aging table with no loan total beside it: the amount past due, as the chart draws it
    have = s[s["past_due_total"].notna()]
    if have.empty:
        return None
    last = have.iloc[-1]
    v, cur = float(last["past_due_total"]), str(last["currency"])
    delta = ""
    if len(have) > 1 and have.iloc[-2]["past_due_total"]:
        prev = have.iloc[-2]
        delta = f"{d.signed_pct(v / prev['past_due_total'] - 1)} on {_date(prev['period_end'])}"
    return Headline(label=f"Total past due, {d.short_unit(v, cur)}", value=d.in_short_unit(v),
                    delta=delta, as_of=_date(last["period_end"]),
                    detail="no total loans reported beside the aging: no ratio", number=v)


def allowance_headline(facts: pd.DataFrame, table: pd.DataFrame | None = None
                       ) -> Headline | None:
    """The latest year's provision, its change on the prior year, and provision / write-off.
    `table`: the `allowance_table` of `facts` in their reported currency, when the caller has
    it already."""
    t = table if table is not None else m.allowance_table(in_reported_currency(
        m.ensure_contract(facts)[lambda f: f["disclosure"] == "allowance"]))
    if t.empty:
        return None
    t = t[t["segment"] == ""] if (t["segment"] == "").any() else t
    t = t[t["provision"].notna()].sort_values("year")
    if t.empty:
        return None
    last = t.iloc[-1]
    cur = str(last["currency"])
    delta = ""
    # a year to date (FY2024 9M) is named as such and never compared with a full year
    period = str(last["period_label"]) if last.get("period_kind") not in (None, "", "year") \
        else str(int(last["year"]))
    if len(t) > 1 and t.iloc[-2]["year"] == last["year"] - 1 and t.iloc[-2]["provision"] \
            and t.iloc[-2].get("months") == last.get("months"):
        prev = t.iloc[-2]
        before = str(prev["period_label"]) if period != str(int(last["year"])) \
            else str(int(prev["year"]))
        if (prev["provision"] > 0) == (last["provision"] > 0):
            delta = f"{d.signed_pct(last['provision'] / prev['provision'] - 1)} on {before}"
        else:  # from a charge to a release (or back): a percentage would say nothing true
            change = last["provision"] - prev["provision"]
            div = d.short_divisor(last["provision"])  # the headline's own unit
            delta = (f"{'+' if change > 0 else '−'}{abs(change) / div:,.1f} on "
                     f"{before}, {d.money_short(prev['provision'], cur)} then")
    bits = []
    if last["provision"] < 0:
        bits.append("a release: the filer reversed provisions")
    if pd.notna(last.get("write_off")):
        bits.append(f"write-off {d.money_short(last['write_off'], cur)}")
    if pd.notna(last.get("provision_to_write_off")):
        bits.append(f"provision / net write-offs {last['provision_to_write_off']:.2f}×")
    if pd.notna(last.get("allowance_end")):
        bits.append(f"ending allowance {d.money_short(last['allowance_end'], cur)}")
    return Headline(label=f"Provision for {period}, {d.short_unit(last['provision'], cur)}",
                    value=d.in_short_unit(last["provision"]), delta=delta,
                    as_of=period, detail=" · ".join(bits),
                    number=float(last["provision"]))


def guarantee_headline(facts: pd.DataFrame, table: pd.DataFrame | None = None
                       ) -> Headline | None:
    """Maximum guarantee exposure at the latest date, summed over the filer's arrangements
    when it reports them separately (parts of one exposure), with the change on the prior
    date. `table`: the `guarantee_table` of `facts`, when the caller has it already."""
    t = table if table is not None else m.guarantee_table(
        m.ensure_contract(facts)[lambda f: f["disclosure"] == "guarantee"])
    if t.empty:
        return None
    if (t["segment"] == "").any():
        t = t[t["segment"] == ""]
    cur = t["currency"].value_counts().index[0]
    t = t[t["currency"] == cur]
    by_date = t.groupby("period_end", sort=True).agg(value=("value", "sum"),
                                                     parts=("segment", "nunique"))
    last_date = by_date.index[-1]
    last = by_date.iloc[-1]
    delta = ""
    if len(by_date) > 1:
        prev = by_date.iloc[-2]
        if prev["value"]:
            delta = f"{d.signed_pct(last['value'] / prev['value'] - 1)} on {_date(by_date.index[-2])}"
    parts = sorted(set(t.loc[t["period_end"] == last_date, "segment"]) - {""})
    detail = ("sum of " + " and ".join(parts)) if len(parts) > 1 else (parts[0] if parts else "")
    return Headline(label=f"Maximum guarantee exposure, {d.short_unit(last['value'], cur)}",
                    value=d.in_short_unit(last["value"]),
                    delta=delta, as_of=_date(last_date), detail=detail,
                    number=float(last["value"]))


def chart_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that fill one of the first screen's charts (CHART_METRICS), without those the
    selection holds out (an implausible assumed scale): the one rule for what a filer has,
    read by the filer picker (`filer_table`, from the facts or the library's directory) and
    by the Overview's panels (`charts_of`). `rows` need entity, disclosure and metric."""
    if rows.empty:
        return rows
    keep = pd.Series(False, index=rows.index)
    for disc, metrics in CHART_METRICS.items():
        keep |= (rows["disclosure"] == disc) & rows["metric"].isin(list(metrics))
    if "note" in rows.columns and "scale_basis" in rows.columns:
        keep &= ~held_out(rows)
    return rows[keep]


def charts_of(facts: pd.DataFrame) -> set[str]:
    """The first screen's charts ('delinquency', 'allowance', 'guarantee') these facts fill."""
    return set(chart_figures(facts)["disclosure"].astype(str)) if not facts.empty else set()


def filer_table(facts: pd.DataFrame, weight: str | None = None) -> pd.DataFrame:
    """One row per filer: how many figures of each disclosure, the years covered, and the
    order the first screen ranks by (how many of the three charts have figures, then how many
    figures).

    `facts`: the tidy facts, or, with `weight`, rows of entity, disclosure, metric and
    period_end that each stand for `weight` facts (counts a library query grouped, without
    reading the facts). Only the figures that fill a chart count (`chart_figures`).

    Columns: entity, delinquency, allowance, guarantee, first_year, last_year, charts, n_facts.
    """
    f = m.ensure_contract(facts) if weight is None else facts
    cols = ["entity", "delinquency", "allowance", "guarantee", "first_year", "last_year",
            "charts", "n_facts"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = chart_figures(f).copy() if "metric" in f.columns else \
        f[f["disclosure"].isin(list(CHART_METRICS))].copy()
    if f.empty:
        return pd.DataFrame(columns=cols)
    f["year"] = m.fact_year(f)
    if weight is None:
        counts = f.pivot_table(index="entity", columns="disclosure", values="value",
                               aggfunc="count", fill_value=0)
    else:
        counts = f.pivot_table(index="entity", columns="disclosure", values=weight,
                               aggfunc="sum", fill_value=0)
    for c in ("delinquency", "allowance", "guarantee"):
        if c not in counts.columns:
            counts[c] = 0
    years = f.groupby("entity")["year"].agg(["min", "max"])
    out = counts[["delinquency", "allowance", "guarantee"]].join(years).reset_index()
    out = out.rename(columns={"min": "first_year", "max": "last_year"})
    out["charts"] = (out[["delinquency", "allowance", "guarantee"]] > 0).sum(axis=1)
    out["n_facts"] = out[["delinquency", "allowance", "guarantee"]].sum(axis=1)
    # a filer whose three charts are all filled first: the first screen should show the story
    # whole, not the most figures of one kind
    return out.sort_values(["charts", "n_facts", "entity"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)[cols]


def default_filer(facts: pd.DataFrame) -> str | None:
    """The filer the first screen opens on: the one with the most of the three charts filled,
    then the most credit figures loaded."""
    t = filer_table(facts)
    return None if t.empty else str(t.iloc[0]["entity"])


def describe_filer(row: pd.Series) -> str:
    """'Full Truck Alliance Co. Ltd. · 2019–2023 · aging, rollforward' for the picker."""
    what = [n for c, n in CHART_WORDS.items() if row.get(c, 0)]
    years = ""
    if pd.notna(row.get("first_year")):
        a, b = int(row["first_year"]), int(row["last_year"])
        years = f"{a}" if a == b else f"{a}–{b}"
    return " · ".join(x for x in (str(row["entity"]), years, ", ".join(what)) if x)
