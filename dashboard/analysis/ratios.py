"""Standard credit ratios per filer and period, computed from the tidy facts. No streamlit.

`credit_ratios(facts)` returns one row per (entity, population, ratio, period). A row either
carries the ratio (`status == "computed"`) with its formula, the numerator and denominator in
whole currency units and the facts behind them (metric, value, source, locator), or says why
it was not computed (`status == "not computed"`, `reason`): an input the filer did not
report, inputs from different receivable populations, in different currencies, on different
scale bases (a scale assumed for one figure and stated for another could be off by 1,000×),
or on dates / periods that do not line up. Nothing is guessed to fill a gap.

Ratios (RATIOS below):
- 90+ days past due / total loans and 30+ days past due / total loans, from the filer's own
  buckets; when the filer's boundary is not the ratio's (buckets 0-30 / 31-60 give 31+, not
  30+; 'over 90' is 91+), `basis_note` says so. A bucket that straddles the boundary makes
  the ratio not computable.
- net write-offs (write-offs − recoveries) / average loans and provision / average loans, over
  the rollforward's own period, annualised for periods shorter than a year (a quarter × 4);
  average loans = (total loans at the day before the period starts + at its end) / 2.
- allowance / total loans, allowance / 90+ past due (coverage), provision / net write-offs.
- maximum guarantee exposure / total loans, and the exposure alone (an amount, with its US$
  figure when the filing gives a convenience translation) for a filer with no loan book.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard import analysis as m
from dashboard.facts.consolidate import consolidate

COMPUTED, NOT_COMPUTED = "computed", "not computed"
PCT, TIMES, AMOUNT = "pct", "times", "amount"


@dataclass(frozen=True)
class RatioDef:
    key: str
    name: str  # how a committee slide titles it
    formula: str
    kind: str  # pct | times | amount
    better: str  # 'lower' or 'higher': which way ranks first
    flow: bool = False  # over a period (rollforward) rather than at a date


RATIOS: tuple[RatioDef, ...] = (
    RatioDef("npl90_to_loans", "90+ days past due / total loans",
             "loans 90+ days past due ÷ total loans, same date", PCT, "lower"),
    RatioDef("dpd30_to_loans", "30+ days past due / total loans",
             "loans 30+ days past due ÷ total loans, same date", PCT, "lower"),
    RatioDef("nco_to_avg_loans", "Net write-offs / average loans",
             "(write-offs − recoveries) ÷ average of total loans at the start and end of the "
             "period; annualised for periods shorter than a year", PCT, "lower", flow=True),
    RatioDef("provision_to_avg_loans", "Provision / average loans",
             "provision for credit losses ÷ average of total loans at the start and end of the "
             "period; annualised for periods shorter than a year", PCT, "lower", flow=True),
    RatioDef("allowance_to_loans", "Allowance / total loans",
             "allowance for credit losses ÷ total loans, same date", PCT, "higher"),
    RatioDef("allowance_to_npl90", "Allowance coverage of 90+ past due",
             "allowance for credit losses ÷ loans 90+ days past due, same date", TIMES, "higher"),
    RatioDef("provision_to_nco", "Provision / net write-offs",
             "provision ÷ (write-offs − recoveries), same period; above 1× builds the reserve",
             TIMES, "higher", flow=True),
    RatioDef("guarantee_to_loans", "Maximum guarantee exposure / total loans",
             "maximum potential (undiscounted) payment under guarantees ÷ total loans, same date",
             PCT, "lower"),
    RatioDef("max_exposure", "Maximum guarantee exposure",
             "maximum potential (undiscounted) payment under guarantees, as reported", AMOUNT,
             "lower"),
)
BY_KEY = {r.key: r for r in RATIOS}

RATIO_COLUMNS = [
    "entity", "population", "ratio", "name", "kind", "period_kind", "period_start", "period_end",
    "period_label", "fiscal_year_end", "value", "status", "reason", "formula", "numerator",
    "denominator", "numerator_label", "denominator_label", "currency", "annualisation",
    "basis_note", "derived", "value_usd", "usd_basis", "inputs", "sources", "scale_bases",
]

# a duration within this many days of a whole number of months counts as that many months
_MONTH_DAYS = 30.4375


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


def _d(v: object) -> date | None:
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def _na(v: object) -> bool:
    return v is None or (not isinstance(v, (str, date)) and bool(pd.isna(v)))


def period_kind(start: object, end: object) -> str:
    """'balance' for an instant; 'FY', 'Q', '6M', '9M' … for a duration by its months."""
    s, e = _d(start), _d(end)
    if s is None or e is None:
        return "balance"
    months = round(((e - s).days + 1) / _MONTH_DAYS)
    return {12: "FY", 3: "Q"}.get(months, f"{months}M")


def period_label(kind: str, end: object) -> str:
    e = _d(end)
    when = e.isoformat() if e else "?"
    if kind == "balance":
        return when
    return {"FY": "year", "Q": "quarter"}.get(kind, kind) + " ended " + when


def fiscal_year_end(facts: pd.DataFrame) -> str:
    """The filer's fiscal year end as 'MM-DD', from its full-year durations (else its latest
    balance-sheet dates); '' when nothing is dated."""
    ends: list[date] = []
    for s, e in zip(facts["period_start"], facts["period_end"], strict=True):
        if period_kind(s, e) == "FY" and _d(e):
            ends.append(_d(e))  # type: ignore[arg-type]
    if not ends:
        ends = [d for d in (_d(e) for e in facts["period_end"]) if d]
    if not ends:
        return ""
    counts = pd.Series([d.strftime("%m-%d") for d in ends]).value_counts()
    return str(counts.index[0])


def _pick(rows: list[Row]) -> Row | None:
    """One of several records for one figure: the reporting currency's, not a US$
    convenience translation beside it."""
    if not rows:
        return None
    local = [r for r in rows if r["currency"] != "USD"]
    return (local or rows)[0]


class _Book:
    """One filer's (one population's) consolidated figures, looked up by metric and date.
    Plain records and dict indexes: a library of many filers is looked up millions of times."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.by_metric: dict[str, list[Row]] = {}
        self.whole: dict[tuple[str, date | None], list[Row]] = {}
        for r in rows:
            self.by_metric.setdefault(r["metric"], []).append(r)
            if r["segment"] == "":
                self.whole.setdefault((r["metric"], r["period_end"]), []).append(r)

    # balances ─────────────────────────────────────────────────────────────────────────────
    def _at(self, metric: str, when: date, disclosure: str | None = None) -> list[Row]:
        hit = self.whole.get((metric, when), [])
        return [r for r in hit if r["disclosure"] == disclosure] if disclosure else hit

    def balance(self, metric: str, when: date, what: str,
                disclosure: str | None = None) -> Input | None:
        r = _pick(self._at(metric, when, disclosure))
        if r is None:
            return None
        return Input(what, float(r["value"]), str(r["currency"]), (r,))

    def dates(self, metrics: Iterable[str], disclosure: str | None = None) -> list[date]:
        out = {r["period_end"] for m_ in metrics for r in self.by_metric.get(m_, [])
               if (not disclosure or r["disclosure"] == disclosure) and r["period_end"]}
        return sorted(out)

    def missing(self, metric: str, when: date, what: str) -> str:
        """Why a balance is not there: only segments reported, or other dates only."""
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

    def segments_only(self, metric: str, when: date) -> list[str]:
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
        if not b:
            seg = self.segments_only("past_due", when)
            if seg:
                return None, "", (f"aging at {when} reported only for segment(s) "
                                  f"{', '.join(seg)}")
            return None, "", f"no aging buckets at {when}"

        def lo(r: Row) -> int:
            return 0 if _na(r["days_from"]) else int(r["days_from"])

        def hi(r: Row) -> int | None:
            return None if _na(r["days_to"]) else int(r["days_to"])

        straddle = [r for r in b if lo(r) < threshold and (hi(r) is None
                                                            or hi(r) > threshold)]  # type: ignore[operator]
        if straddle:
            names = ", ".join(m.bucket_label(r["days_from"], r["days_to"]) for r in straddle)
            return None, "", (f"the filer's bucket {names} straddles {threshold} days, so "
                              f"{nominal} past due cannot be taken from its aging at {when}")
        beyond = sorted((r for r in b if lo(r) >= threshold), key=lo)
        if not beyond:
            return None, "", f"no aging bucket beyond {threshold} days at {when}"
        labels = [m.bucket_label(r["days_from"], r["days_to"]) for r in beyond]
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
               if r["disclosure"] == "allowance" and r["segment"] == ""}
        return sorted((a, b) for a, b in out if a and b)

    def flow(self, metric: str, start: date, end: date, what: str) -> Input | None:
        hit = [r for r in self.whole.get((metric, end), [])
               if r["period_start"] == start and r["disclosure"] == "allowance"]
        r = _pick(hit)
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
            scale = max(1.0 if _na(x.facts[0]["scale"]) else float(x.facts[0]["scale"])
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

def _mismatch(inputs: Sequence[Input]) -> str:
    """Why these inputs cannot be divided: different currencies or scale bases; '' if fine."""
    curs = {i.currency for i in inputs}
    if len(curs) > 1:
        return "different currencies: " + "; ".join(f"{i.what} in {i.currency}" for i in inputs)
    facts = [f for i in inputs for f in i.facts]
    assumed = [f for f in facts if str(f["scale_basis"]) == "assumed"]
    if assumed:
        one_table = {(str(f["source"]), 1 if _na(f["scale"]) else int(f["scale"]))
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
    return 1 if _na(f["scale"]) else int(f["scale"])


def _row(entity: str, population: str, rdef: RatioDef, kind: str, start: date | None,
         end: date | None, fye: str, **kw: object) -> dict:
    row = {c: None for c in RATIO_COLUMNS}
    row.update(entity=entity, population=population, ratio=rdef.key, name=rdef.name,
               kind=rdef.kind, period_kind=kind, period_start=start, period_end=end,
               period_label=period_label(kind, end), fiscal_year_end=fye,
               formula=rdef.formula, status=NOT_COMPUTED, reason="", annualisation="",
               basis_note="", derived=False, inputs="", sources="", scale_bases="",
               numerator_label="", denominator_label="", currency="", usd_basis="")
    row.update(kw)
    return row


def _result(row: dict, num: Input, den: Input | None, *, factor: float = 1.0,
            note: str = "") -> dict:
    """Fill a row from its inputs, or say why not (different currencies or scale bases)."""
    ins = [num] + ([den] if den is not None else [])
    problem = _mismatch(ins)
    facts = [f for i in ins for f in i.facts]
    row.update(numerator=num.value, numerator_label=num.describe(), currency=num.currency,
               inputs=" | ".join(p for i in ins for p in i.provenance()),
               sources=", ".join(dict.fromkeys(str(f["source"]) for f in facts)),
               scale_bases=", ".join(sorted({str(f["scale_basis"]) for f in facts})),
               derived=any(i.derived for i in ins),
               basis_note="; ".join(x for x in (row.get("basis_note") or "", note) if x))
    if den is not None:
        row.update(denominator=den.value, denominator_label=den.describe())
    if problem:
        row.update(status=NOT_COMPUTED, reason=problem)
        return row
    if den is None:
        row.update(status=COMPUTED, value=num.value)
        return row
    if den.value == 0:
        row.update(status=NOT_COMPUTED, reason=f"{den.what} is zero")
        return row
    row.update(status=COMPUTED, value=num.value / den.value * factor)
    return row


# ─── the ratios ─────────────────────────────────────────────────────────────────────────────

def _balance_ratios(book: _Book, ent: str, pop: str, fye: str) -> list[dict]:
    rows: list[dict] = []
    aging_dates = book.dates(["past_due", "past_due_total", "current", "total_loans"],
                             "delinquency")
    allowance_dates = book.dates(["allowance_end"], "allowance")
    loan_dates = book.dates(["total_loans", "current"])
    for key, threshold in (("npl90_to_loans", 90), ("dpd30_to_loans", 30)):
        rdef = BY_KEY[key]
        for when in aging_dates:
            row = _row(ent, pop, rdef, "balance", None, when, fye)
            num, basis, why = book.past_due_over(when, threshold)
            loans, why_l = book.loans(when)
            row["basis_note"] = basis
            if num is None or loans is None:
                row["reason"] = "; ".join(x for x in (why, why_l) if x)
                if num is not None:
                    row.update(numerator=num.value, numerator_label=num.describe())
                rows.append(row)
                continue
            rows.append(_result(row, num, loans))
    for when in sorted(set(allowance_dates) | set(loan_dates if allowance_dates else [])):
        row = _row(ent, pop, BY_KEY["allowance_to_loans"], "balance", None, when, fye)
        allow = book.balance("allowance_end", when, "allowance", "allowance")
        loans, why_l = book.loans(when)
        if allow is None or loans is None:
            row["reason"] = "; ".join(x for x in (
                "" if allow else book.missing("allowance_end", when, "allowance"), why_l) if x)
            rows.append(row)
            continue
        rows.append(_result(row, allow, loans))
    for when in sorted(set(allowance_dates) | set(aging_dates if allowance_dates else [])):
        row = _row(ent, pop, BY_KEY["allowance_to_npl90"], "balance", None, when, fye)
        allow = book.balance("allowance_end", when, "allowance", "allowance")
        num, basis, why = book.past_due_over(when, 90)
        row["basis_note"] = basis
        if allow is None or num is None:
            row["reason"] = "; ".join(x for x in (
                "" if allow else book.missing("allowance_end", when, "allowance"), why) if x)
            rows.append(row)
            continue
        if num.value == 0:
            row["reason"] = f"no loans 90+ days past due at {when} (coverage undefined)"
            rows.append(row)
            continue
        rows.append(_result(row, allow, num))
    return rows


def _annualise(start: date, end: date) -> tuple[float, str]:
    months = round(((end - start).days + 1) / _MONTH_DAYS)
    if months >= 12 or months <= 0:
        return 1.0, ""
    return 12 / months, f"annualised: {months} months × {12 / months:g}"


def _average_loans(book: _Book, start: date, end: date) -> tuple[Input | None, str]:
    before = start - timedelta(days=1)
    a, why_a = book.loans(before)
    b, why_b = book.loans(end)
    if a is None or b is None:
        return None, "average loans need total loans at both " \
                     f"{before} and {end}: " + "; ".join(dict.fromkeys(x for x in (why_a, why_b) if x))
    if a.currency != b.currency:
        return None, "total loans at the start and end are in different currencies"
    return Input("average loans", (a.value + b.value) / 2, a.currency, a.facts + b.facts,
                 f"({before}: {a.value:,.0f} + {end}: {b.value:,.0f}) ÷ 2",
                 derived=True), ""


def _flow_ratios(book: _Book, ent: str, pop: str, fye: str) -> list[dict]:
    rows: list[dict] = []
    for start, end in book.durations():
        kind = period_kind(start, end)
        factor, ann = _annualise(start, end)
        nco, nco_note, why_nco = book.net_write_offs(start, end)
        prov = book.flow("provision", start, end, "provision")
        avg, why_avg = _average_loans(book, start, end)
        for key, num, why_num, note in (("nco_to_avg_loans", nco, why_nco, nco_note),
                                        ("provision_to_avg_loans", prov,
                                         "" if prov else "no provision reported for the period",
                                         "")):
            row = _row(ent, pop, BY_KEY[key], kind, start, end, fye, annualisation=ann)
            if num is None or avg is None:
                row["reason"] = "; ".join(x for x in (why_num, why_avg) if x)
                rows.append(row)
                continue
            rows.append(_result(row, num, avg, factor=factor, note=note))
        row = _row(ent, pop, BY_KEY["provision_to_nco"], kind, start, end, fye)
        if prov is None or nco is None:
            row["reason"] = "; ".join(x for x in (
                "" if prov else "no provision reported for the period", why_nco) if x)
            rows.append(row)
        elif nco.value <= 0:
            row["reason"] = "net write-offs are zero or net recoveries (ratio undefined)"
            rows.append(row)
        else:
            rows.append(_result(row, prov, nco, note=nco_note))
    return rows


def _exposure(book: _Book, when: date) -> tuple[Input | None, Input | None]:
    """(maximum exposure at a date in the reporting currency, its US$ translation if given).
    With no whole-portfolio figure the segments' figures are summed (derived)."""
    g = [r for r in book.by_metric.get("max_exposure", [])
         if r["disclosure"] == "guarantee" and r["period_end"] == when]
    if not g:
        return None, None
    local = [r for r in g if r["currency"] != "USD"]
    usd = [r for r in g if r["currency"] == "USD"] if local else []

    def total(rows: list[Row]) -> Input | None:
        if not rows:
            return None
        whole = [r for r in rows if r["segment"] == ""]
        if whole:
            r = whole[0]
            return Input("maximum guarantee exposure", float(r["value"]), str(r["currency"]),
                         (r,))
        segs = list({str(r["segment"]): r for r in reversed(rows)}.values())[::-1]
        formula = " + ".join(str(r["segment"]) for r in segs)
        return Input("maximum guarantee exposure", float(sum(float(r["value"]) for r in segs)),
                     str(segs[0]["currency"]), tuple(segs),
                     formula if len(segs) > 1 else f"the one segment reported: {formula}",
                     derived=len(segs) > 1)

    loc, tr = total(local or g), total(usd)

    def covered(i: Input) -> set[str]:
        return {str(r["segment"]) for r in i.facts if float(r["value"])}

    if loc is not None and tr is not None and covered(loc) != covered(tr):
        tr = None  # the translation does not cover the same (non-zero) segments
    return loc, tr


def _filing_rates(book: _Book) -> dict[str, tuple[float, str]]:
    """Per source, the filing's convenience-translation rate (local units per US$), implied by
    its largest figure given in both currencies (the most significant digits)."""
    local: dict[tuple, Row] = {}
    for r in book.rows:
        if r["currency"] != "USD":
            local.setdefault((r["source"], r["metric"], r["segment"], r["period_end"]), r)
    best: dict[str, tuple[float, float, str]] = {}  # source -> (US$ size, rate, the pair)
    for u in book.rows:
        if u["currency"] != "USD":
            continue
        loc = local.get((u["source"], u["metric"], u["segment"], u["period_end"]))
        size = abs(float(u["value"]))
        scale = float(u["scale"]) if not _na(u["scale"]) else 1.0
        # a rate read off figures rounded to millions is only as good as their digits: keep
        # it only when the rounding moves it by less than 0.5 %
        if loc is None or not size or 0.5 * scale / size > 0.005:
            continue
        src = str(u["source"])
        if src not in best or size > best[src][0]:
            best[src] = (size, float(loc["value"]) / float(u["value"]),
                         f"{loc['currency']} {float(loc['value']):,.0f} = "
                         f"US$ {float(u['value']):,.0f} at {u['period_end']}")
    return {src: (rate, pair) for src, (_, rate, pair) in best.items()}


def _guarantee_ratios(book: _Book, ent: str, pop: str, fye: str) -> list[dict]:
    rows: list[dict] = []
    dates = book.dates(["max_exposure"], "guarantee")
    has_book = bool(book.dates(["total_loans", "current"]))
    rates = _filing_rates(book)
    for when in dates:
        exp, usd = _exposure(book, when)
        if exp is None:
            continue
        row = _row(ent, pop, BY_KEY["max_exposure"], "balance", None, when, fye)
        row = _result(row, exp, None)
        if exp.currency == "USD":
            row.update(value_usd=exp.value, usd_basis="reported in US$")
        elif usd is not None:
            row.update(value_usd=usd.value,
                       usd_basis="the filing's own convenience translation into US$")
        else:
            src = str(exp.facts[0]["source"])
            if src in rates:
                rate, pair = rates[src]
                row.update(value_usd=exp.value / rate,
                           usd_basis=f"converted at the filing's convenience-translation rate "
                                     f"({exp.currency} {rate:,.4f} per US$, from {pair})")
        rows.append(row)
        if not has_book:
            continue
        r2 = _row(ent, pop, BY_KEY["guarantee_to_loans"], "balance", None, when, fye)
        loans, why = book.loans(when)
        if loans is None:
            r2["reason"] = why
            rows.append(r2)
            continue
        rows.append(_result(r2, exp, loans))
    return rows


def _consolidated(facts: pd.DataFrame) -> pd.DataFrame:
    """One figure per fact within each population: the aging table of one filing per date
    (bucket schemes never mix), then `consolidate` (the app's selection rule)."""
    parts = []
    for _, pf in facts.groupby("population", sort=True):
        d = pf[pf["disclosure"] == "delinquency"]
        rest = pf[pf["disclosure"] != "delinquency"]
        both = pd.concat([x for x in (m.pick_delinquency(d) if not d.empty else d, rest)
                          if not x.empty])
        if not both.empty:
            parts.append(consolidate(both))
    return pd.concat(parts, ignore_index=True) if parts else facts.iloc[0:0]


def credit_ratios(facts: pd.DataFrame) -> pd.DataFrame:
    """Every standard ratio for every filer, population and period the facts allow, and a
    row with the reason for each one they do not. See the module docstring."""
    facts = m.ensure_contract(facts)
    cons = _consolidated(facts)
    records: dict[tuple[str, str], list[Row]] = {}
    for r in cons.to_dict("records"):
        records.setdefault((str(r["entity"]), str(r["population"])), []).append(r)
    rows: list[dict] = []
    for ent, ef in facts.groupby("entity", sort=True):
        fye = fiscal_year_end(ef)
        pops = sorted(set(ef["population"].astype(str)))
        ent_rows: list[dict] = []
        for pop in pops:
            book = _Book(records.get((str(ent), pop), []))
            ent_rows += _balance_ratios(book, str(ent), pop, fye)
            ent_rows += _flow_ratios(book, str(ent), pop, fye)
            ent_rows += _guarantee_ratios(book, str(ent), pop, fye)
        if len(pops) > 1:
            _name_other_populations(ent_rows, ef)
        rows += ent_rows
    out = pd.DataFrame(rows, columns=RATIO_COLUMNS)
    for c in ("value", "numerator", "denominator", "value_usd"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["derived"] = out["derived"].fillna(False).astype(bool)
    order = {r.key: i for i, r in enumerate(RATIOS)}
    out["_o"] = out["ratio"].map(order)
    out = out.sort_values(["entity", "population", "_o", "period_end", "period_start"],
                          kind="stable", na_position="first").drop(columns="_o")
    return out.reset_index(drop=True)


_INPUT_METRICS = {
    "npl90_to_loans": ("past_due", "total_loans"), "dpd30_to_loans": ("past_due", "total_loans"),
    "allowance_to_loans": ("allowance_end", "total_loans"),
    "allowance_to_npl90": ("allowance_end", "past_due"),
    "nco_to_avg_loans": ("write_off", "total_loans"),
    "provision_to_avg_loans": ("provision", "total_loans"),
    "guarantee_to_loans": ("max_exposure", "total_loans"),
}


def _name_other_populations(rows: list[dict], facts: pd.DataFrame) -> None:
    """A ratio missing an input in one population whose input exists in another: say so, as
    the two are different receivables and are never divided one by the other."""
    by_metric: dict[str, set[str]] = {}
    for metric, pop in zip(facts["metric"].astype(str), facts["population"].astype(str),
                           strict=True):
        by_metric.setdefault(metric, set()).add(pop)
    for row in rows:
        if row["status"] == COMPUTED or row["ratio"] not in _INPUT_METRICS:
            continue
        pop = row["population"]
        extra = []
        for metric in _INPUT_METRICS[row["ratio"]]:
            have = by_metric.get(metric, set())
            if pop not in have and have:
                where = ", ".join(repr(p or "the main population") for p in sorted(have))
                extra.append(f"{metric} is reported only for population {where}: different "
                             "receivables, not divided")
        if extra:
            row["reason"] = "; ".join(x for x in (row["reason"], *extra) if x)

