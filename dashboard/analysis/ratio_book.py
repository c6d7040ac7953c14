"""The figures one credit ratio is made of: a filer's consolidated facts for one population
and one segment (`Book`), looked up by metric and date, and the checks every pair of inputs
passes before it is divided (`mismatch`: one currency, one population, one scale basis).
No streamlit; `dashboard.analysis.ratios` builds the ratios from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.facts.entities import name_key

# ─── the facts one ratio is made of ─────────────────────────────────────────────────────────

Row = dict  # one consolidated fact as a plain record (the contract's columns)


@dataclass(frozen=True)
class Input:
    """One figure behind a ratio: a fact, or a sum of facts (`derived`)."""

    what: str  # 'total loans', 'loans 90+ days past due'
    value: float
    currency: str
    facts: tuple[Row, ...]
    formula: str = ""  # how it was put together when derived ('91-120 + 121-150 days')
    derived: bool = False

    def describe(self) -> str:
        bits = [f"{self.what} {self.value:,.0f} {self.currency}"]
        if self.formula:
            bits.append(f"= {self.formula}")
        if self.derived:
            bits.append("(derived)")
        return " ".join(bits)

    def provenance(self) -> list[str]:
        return [f"{f['metric']} {float(f['value']):,.0f} {f['currency']} "
                f"[{f['scale_basis']}] — {f['source']}, {f['locator']}" for f in self.facts]


def as_date(v: object) -> date | None:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def is_na(v: object) -> bool:
    return v is None or (not isinstance(v, (str, date)) and bool(pd.isna(v)))


def _bucket(r: Row) -> str:
    """'1-30 days', 'over 90 days' for a bucket record, as the tables name them."""
    lo = 0 if is_na(r["days_from"]) else int(r["days_from"])
    hi = None if is_na(r["days_to"]) else int(r["days_to"])
    if hi is None:
        return f"over {lo - 1 if lo and (lo - 1) % 10 == 0 else lo} days"
    return f"{lo}-{hi} days"


def pick(rows: list[Row]) -> Row | None:
    """One of several records for one figure: the reporting currency's, not a US$
    convenience translation beside it."""
    if not rows:
        return None
    local = [r for r in rows if r["currency"] != "USD"]
    return (local or rows)[0]


class Book:
    """One filer's figures for one population and one segment ('' : the whole book), looked up
    by metric and date. A segment's book reads only that segment's figures, so a segment's
    allowance is never set against the whole book's loans or 90+ (names compared as
    `entities.name_key` does). Plain records and dict indexes: a library of many filers is
    looked up millions of times."""

    def __init__(self, rows: list[Row], segment: str = "") -> None:
        self.rows = rows
        self.segment = segment
        self._key = name_key(segment)
        self.by_metric: dict[str, list[Row]] = {}
        self.whole: dict[tuple[str, date | None], list[Row]] = {}
        for r in rows:
            self.by_metric.setdefault(r["metric"], []).append(r)
            if self._mine(r):
                self.whole.setdefault((r["metric"], r["period_end"]), []).append(r)

    def _mine(self, r: Row) -> bool:
        seg = r["segment"]
        return seg == "" if not self._key else name_key(seg) == self._key

    def _for(self) -> str:
        return f" for segment '{self.segment}'" if self.segment else ""

    # balances ─────────────────────────────────────────────────────────────────────────────
    def _at(self, metric: str, when: date, disclosure: str | None = None) -> list[Row]:
        hit = self.whole.get((metric, when), [])
        return [r for r in hit if r["disclosure"] == disclosure] if disclosure else hit

    def balance(self, metric: str, when: date, what: str,
                disclosure: str | None = None) -> Input | None:
        r = pick(self._at(metric, when, disclosure))
        if r is None:
            return None
        return Input(what, float(r["value"]), str(r["currency"]), (r,))

    def dates(self, metrics: Iterable[str], disclosure: str | None = None) -> list[date]:
        """Dates with any of `metrics` (a segment's book: its own figures' dates only)."""
        out = {r["period_end"] for m_ in metrics for r in self.by_metric.get(m_, [])
               if (not disclosure or r["disclosure"] == disclosure) and r["period_end"]
               and (not self._key or self._mine(r))}
        return sorted(out)

    def missing(self, metric: str, when: date, what: str) -> str:
        """Why a balance is not there: only segments reported, or other dates only."""
        if self._key:
            return self._segment_missing(metric, when, what)
        seg = self.segments_only(metric, when)
        if seg:
            return f"{what} at {when} reported only for segment(s) {', '.join(seg)}"
        rows = self.by_metric.get(metric, [])
        whole = sorted({r["period_end"] for r in rows if r["segment"] == "" and r["period_end"]})
        if whole:
            shown = ", ".join(d.isoformat() for d in whole[-4:])
            return f"no {what} at {when} (reported at {shown})"
        segs = sorted({str(r["segment"]) for r in rows} - {""})
        if segs:
            return f"{what} reported only for segment(s) {', '.join(segs)}"
        return f"{what} not reported"

    def _segment_missing(self, metric: str, when: date, what: str) -> str:
        rows = self.by_metric.get(metric, [])
        mine = sorted({r["period_end"] for r in rows if self._mine(r) and r["period_end"]})
        if mine:
            shown = ", ".join(d.isoformat() for d in mine[-4:])
            return f"no {what}{self._for()} at {when} (reported at {shown})"
        if any(r["segment"] == "" for r in rows):
            return (f"{what} is reported for the whole book, not{self._for()}: a segment's "
                    "figure is never set against the whole book's")
        return f"{what} not reported{self._for()}"

    def segments_only(self, metric: str, when: date) -> list[str]:
        if self._key:
            return []
        return sorted({str(r["segment"]) for r in self.by_metric.get(metric, [])
                       if r["period_end"] == when and r["segment"] != ""})

    def loans(self, when: date) -> tuple[Input | None, str]:
        """Total loans at a date: reported, else current + total past due (derived)."""
        tl = self.balance("total_loans", when, "total loans")
        if tl is not None:
            return tl, ""
        cur = self.balance("current", when, "current loans", "delinquency")
        pdt = self.balance("past_due_total", when, "total past due", "delinquency")
        if cur is not None and pdt is not None and cur.currency == pdt.currency:
            return Input("total loans", cur.value + pdt.value, cur.currency,
                         cur.facts + pdt.facts, "current + total past due", derived=True), ""
        return None, self.missing("total_loans", when, "total loans")

    def past_due_over(self, when: date, threshold: int) -> tuple[Input | None, str, str]:
        """(loans past due beyond `threshold` days, basis note, reason when None)."""
        b = self._at("past_due", when, "delinquency")
        nominal = f"{threshold}+ days"
        if not b and self._key:
            return None, "", self._segment_missing("past_due", when, "aging buckets")
        if not b:
            seg = self.segments_only("past_due", when)
            if seg:
                return None, "", (f"aging at {when} reported only for segment(s) "
                                  f"{', '.join(seg)}")
            return None, "", f"no aging buckets at {when}"

        def lo(r: Row) -> int:
            return 0 if is_na(r["days_from"]) else int(r["days_from"])

        def hi(r: Row) -> int | None:
            return None if is_na(r["days_to"]) else int(r["days_to"])

        straddle = [r for r in b if lo(r) < threshold and (hi(r) is None
                                                            or hi(r) > threshold)]  # type: ignore[operator]
        if straddle:
            names = ", ".join(_bucket(r) for r in straddle)
            return None, "", (f"the filer's bucket {names} straddles {threshold} days, so "
                              f"{nominal} past due cannot be taken from its aging at {when}")
        beyond = sorted((r for r in b if lo(r) >= threshold), key=lo)
        if not beyond:
            return None, "", f"no aging bucket beyond {threshold} days at {when}"
        labels = [_bucket(r) for r in beyond]
        start = lo(beyond[0])
        notes = []
        if start != threshold:
            notes.append(f"numerator is {start}+ days (the filer's buckets), not {nominal}")
        if all(hi(r) is not None for r in beyond):
            notes.append(f"the filer's buckets end at {max(hi(r) for r in beyond)} days")  # type: ignore[type-var]
        currencies = {str(r["currency"]) for r in beyond}
        if len(currencies) > 1:
            return None, "", f"aging buckets at {when} are in different currencies"
        value = float(sum(float(r["value"]) for r in beyond))
        return (Input(f"loans {start}+ days past due", value, currencies.pop(), tuple(beyond),
                      " + ".join(labels) if len(labels) > 1 else labels[0],
                      derived=len(labels) > 1), "; ".join(notes), "")

    # flows ────────────────────────────────────────────────────────────────────────────────
    def durations(self) -> list[tuple[date, date]]:
        out = {(r["period_start"], r["period_end"])
               for m_ in ("provision", "write_off", "recovery")
               for r in self.by_metric.get(m_, [])
               if r["disclosure"] == "allowance" and self._mine(r)}
        return sorted((a, b) for a, b in out if a and b)

    def flow(self, metric: str, start: date, end: date, what: str) -> Input | None:
        hit = [r for r in self.whole.get((metric, end), [])
               if r["period_start"] == start and r["disclosure"] == "allowance"]
        r = pick(hit)
        if r is None:
            return None
        return Input(what, float(r["value"]), str(r["currency"]), (r,))

    def net_write_offs(self, start: date, end: date) -> tuple[Input | None, str, str]:
        """(write-offs − recoveries, note, reason when None)."""
        wo = self.flow("write_off", start, end, "write-offs")
        if wo is None:
            return None, "", f"no write-offs reported for the period {start} to {end}"
        rec = self.flow("recovery", start, end, "recoveries")
        if rec is not None:
            if rec.currency != wo.currency:
                return None, "", "write-offs and recoveries are in different currencies"
            return (Input("net write-offs", wo.value - rec.value, wo.currency,
                          wo.facts + rec.facts, "write-offs − recoveries", derived=True), "", "")
        # no recoveries line: gross = net only when the rollforward ties without one
        begin = self.flow("allowance_begin", start, end, "allowance at start")
        endb = self.balance("allowance_end", end, "allowance at end", "allowance")
        prov = self.flow("provision", start, end, "provision")
        other = self.flow("allowance_other", start, end, "other")
        # a new standard's opening adjustment (ASC 326 on 1 January 2020) is a line of the
        # rollforward too: without it Qudian's 2020 would not tie by exactly that amount
        adopt = self.flow("allowance_adoption_adjustment", start, end, "adoption adjustment")
        if begin is not None and endb is not None and prov is not None:
            scale = max(1.0 if is_na(x.facts[0]["scale"]) else float(x.facts[0]["scale"])
                        for x in (begin, endb, prov, wo))
            gap = begin.value + prov.value - wo.value + (other.value if other else 0.0) \
                + (adopt.value if adopt else 0.0) - endb.value
            if abs(gap) <= scale:  # ties within the rounding of the printed figures
                return (Input("net write-offs", wo.value, wo.currency, wo.facts,
                              "write-offs (no recoveries line)"),
                        "no recoveries line, and the rollforward ties without one: "
                        "write-offs taken as net", "")
            return None, "", ("no recoveries line and the rollforward does not tie "
                              f"(difference {gap:,.0f}), so net write-offs are unknown")
        return None, "", ("no recoveries line, and the rollforward cannot be tied to show "
                          "that write-offs are net")


# ─── checks shared by every ratio ───────────────────────────────────────────────────────────

def mismatch(inputs: Sequence[Input]) -> str:
    """Why these inputs cannot be divided: different currencies or scale bases; '' if fine."""
    curs = {i.currency for i in inputs}
    if len(curs) > 1:
        return "different currencies: " + "; ".join(f"{i.what} in {i.currency}" for i in inputs)
    facts = [f for i in inputs for f in i.facts]
    pops = {name_key(f["population"]) for f in facts}
    if len(pops) > 1:
        return ("different receivable populations: "
                + "; ".join(f"{i.what} of {i.facts[0]['population'] or 'the main book'}"
                            for i in inputs))
    assumed = [f for f in facts if str(f["scale_basis"]) == "assumed"]
    if assumed:
        one_table = {(str(f["source"]), 1 if is_na(f["scale"]) else int(f["scale"]))
                     for f in facts}
        if len(one_table) > 1:
            a = assumed[0]
            others = [f for f in facts if f is not a and (
                f["source"] != a["source"] or _scale(f) != _scale(a))]
            o = others[0] if others else a
            return (f"different scale bases: the scale of {a['metric']} ({a['source']}) is "
                    f"assumed, not stated, while {o['metric']} comes from {o['source']} "
                    f"({o['scale_basis']}); the ratio could be off by a factor of 1,000")
    return ""


def _scale(f: Row) -> int:
    return 1 if is_na(f["scale"]) else int(f["scale"])


def segments_of(rows: list[Row]) -> list[str]:
    """The loan segments a population's allowance or aging is split into, each once whatever
    its capitalisation or spacing, as the latest period prints it."""
    latest: dict[str, tuple[date, str]] = {}
    for r in rows:
        seg = str(r["segment"])
        if seg and r["disclosure"] in ("allowance", "delinquency"):
            when = r["period_end"] or date.min
            k = name_key(seg)
            if k not in latest or when >= latest[k][0]:
                latest[k] = (when, seg)
    return sorted(v[1] for v in latest.values())
