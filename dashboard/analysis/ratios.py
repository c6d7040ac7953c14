"""Standard credit ratios per filer and period, computed from the tidy facts. No streamlit.

Each ratio has one definition (`ratio_defs.ratio_value`, with its "not meaningful" cases;
the names are importable from here too); its inputs
come from one filer, population and segment (`ratio_book.Book`) on one currency and scale
basis (`ratio_book.mismatch`). The Provision page's table reads the same figures
(`rollforward.rollforward_ratios`).

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
  the rollforward's own period, annualised for periods shorter than a year (a quarter × 4,
  nine months × 4/3);
  average loans = (total loans at the day before the period starts + at its end) / 2.
- allowance / total loans, allowance / 90+ past due (coverage), provision / net write-offs.
- maximum guarantee exposure / total loans, and the exposure alone (an amount, with its US$
  figure when the filing gives a convenience translation) for a filer with no loan book.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pandas as pd

from dashboard.analysis.ratio_book import (
    Book,
    Input,
    Row,
    as_date,
    is_na,
    mismatch,
    segments_of,
)
from dashboard.analysis.ratio_defs import (
    AMOUNT,
    BY_KEY,
    COMPUTED,
    NOT_COMPUTED,
    NOT_MEANINGFUL,
    PCT,
    RATIOS,
    RELEASE_NOT_RANKED,
    TIMES,
    RatioDef,
    RatioValue,
    ratio_value,
)
from dashboard.facts.consolidate import consolidate
from dashboard.facts.selection import pick_delinquency
from dashboard.model.schema import conform

__all__ = [
    "AMOUNT", "BY_KEY", "COMPUTED", "NOT_COMPUTED", "NOT_MEANINGFUL", "PCT", "RATIOS",
    "RATIO_COLUMNS", "RELEASE_NOT_RANKED", "TIMES", "RatioDef", "RatioValue", "credit_ratios",
    "fiscal_year_end", "period_kind", "period_label", "ratio_value",
]

RATIO_COLUMNS = [
    "entity", "population", "segment", "ratio", "name", "kind", "period_kind", "period_start", "period_end",
    "period_label", "fiscal_year_end", "value", "status", "reason", "formula", "numerator",
    "denominator", "numerator_label", "denominator_label", "currency", "annualisation",
    "basis_note", "derived", "value_usd", "usd_basis", "inputs", "sources", "scale_bases", "rank_note",
]

# a duration within this many days of a whole number of months counts as that many months
_MONTH_DAYS = 30.4375


def period_kind(start: object, end: object) -> str:
    """'balance' for an instant; 'FY', 'Q', '6M', '9M' … for a duration by its months."""
    s, e = as_date(start), as_date(end)
    if s is None or e is None:
        return "balance"
    months = round(((e - s).days + 1) / _MONTH_DAYS)
    return {12: "FY", 3: "Q"}.get(months, f"{months}M")


def period_label(kind: str, end: object) -> str:
    e = as_date(end)
    when = e.isoformat() if e else "?"
    if kind == "balance":
        return when
    return {"FY": "year", "Q": "quarter"}.get(kind, kind) + " ended " + when


def fiscal_year_end(facts: pd.DataFrame) -> str:
    """The filer's fiscal year end as 'MM-DD', from its full-year durations (else its latest
    balance-sheet dates); '' when nothing is dated."""
    ends: list[date] = []
    for s, e in zip(facts["period_start"], facts["period_end"], strict=True):
        if period_kind(s, e) == "FY" and as_date(e):
            ends.append(as_date(e))  # type: ignore[arg-type]
    if not ends:
        ends = [d for d in (as_date(e) for e in facts["period_end"]) if d]
    if not ends:
        return ""
    counts = pd.Series([d.strftime("%m-%d") for d in ends]).value_counts()
    return str(counts.index[0])


def _row(entity: str, population: str, rdef: RatioDef, kind: str, start: date | None,
         end: date | None, fye: str, segment: str = "", **kw: object) -> dict:
    row = {c: None for c in RATIO_COLUMNS}
    row.update(entity=entity, population=population, segment=segment, ratio=rdef.key,
               name=rdef.name, rank_note="",
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
    problem = mismatch(ins)
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
    v = ratio_value(row["ratio"], num.value, den.value if den is not None else None,
                    factor=factor, what_den=den.what if den is not None else "")
    row.update(status=v.status, value=v.value, rank_note=v.rank_note)
    if v.reason:
        row["reason"] = v.reason
    return row


# ─── the ratios ─────────────────────────────────────────────────────────────────────────────

def _balance_ratios(book: Book, ent: str, pop: str, fye: str) -> list[dict]:
    rows: list[dict] = []
    aging_dates = book.dates(["past_due", "past_due_total", "current", "total_loans"],
                             "delinquency")
    allowance_dates = book.dates(["allowance_end"], "allowance")
    loan_dates = book.dates(["total_loans", "current"])
    for key, threshold in (("npl90_to_loans", 90), ("dpd30_to_loans", 30)):
        rdef = BY_KEY[key]
        for when in aging_dates:
            row = _row(ent, pop, rdef, "balance", None, when, fye, book.segment)
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
        row = _row(ent, pop, BY_KEY["allowance_to_loans"], "balance", None, when, fye, book.segment)
        allow = book.balance("allowance_end", when, "allowance", "allowance")
        loans, why_l = book.loans(when)
        if allow is None or loans is None:
            row["reason"] = "; ".join(x for x in (
                "" if allow else book.missing("allowance_end", when, "allowance"), why_l) if x)
            rows.append(row)
            continue
        rows.append(_result(row, allow, loans))
    for when in sorted(set(allowance_dates) | set(aging_dates if allowance_dates else [])):
        row = _row(ent, pop, BY_KEY["allowance_to_npl90"], "balance", None, when, fye, book.segment)
        allow = book.balance("allowance_end", when, "allowance", "allowance")
        num, basis, why = book.past_due_over(when, 90)
        row["basis_note"] = basis
        if allow is None or num is None:
            row["reason"] = "; ".join(x for x in (
                "" if allow else book.missing("allowance_end", when, "allowance"), why) if x)
            rows.append(row)
            continue
        rows.append(_result(row, allow, num))
    return rows


_PERIOD_WORDS = {3: "a quarter", 6: "six months", 9: "nine months"}


def _annualise(start: date, end: date) -> tuple[float, str]:
    """(factor, words) putting a flow over a period shorter than a year on a yearly footing,
    as the industry quotes net charge-offs and provisions to average loans: × 4 for a
    quarter, × 4/3 for nine months (the months counted from period_start to period_end)."""
    months = round(((end - start).days + 1) / _MONTH_DAYS)
    if months >= 12 or months <= 0:
        return 1.0, ""
    frac = Fraction(12, months)
    return float(frac), (f"annualised: {_PERIOD_WORDS.get(months, f'{months} months')} "
                         f"× {frac}")


def _average_loans(book: Book, start: date, end: date) -> tuple[Input | None, str]:
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


def _flow_ratios(book: Book, ent: str, pop: str, fye: str) -> list[dict]:
    """Ratios over a rollforward's period: every input over that same period (a quarter's
    provision over a quarter's net write-offs, never a year's), and the average loans at the
    day before it starts and at its end."""
    rows: list[dict] = []
    for start, end in book.durations():
        kind = period_kind(start, end)
        factor, ann = _annualise(start, end)
        nco, nco_note, why_nco = book.net_write_offs(start, end)
        prov = book.flow("provision", start, end, "provision")
        avg, why_avg = _average_loans(book, start, end)
        no_prov = "" if prov else "no provision reported for the period"
        for key, num, why_num, note in (("nco_to_avg_loans", nco, why_nco, nco_note),
                                        ("provision_to_avg_loans", prov, no_prov, "")):
            rdef = BY_KEY[key]
            row = _row(ent, pop, rdef, kind, start, end, fye, book.segment, annualisation=ann,
                       formula=f"{rdef.formula} ({ann})" if ann else rdef.formula)
            if num is None or avg is None:
                row["reason"] = "; ".join(x for x in (why_num, why_avg) if x)
                rows.append(row)
                continue
            rows.append(_result(row, num, avg, factor=factor, note=note))
        row = _row(ent, pop, BY_KEY["provision_to_nco"], kind, start, end, fye, book.segment)
        if prov is None or nco is None:
            row["reason"] = "; ".join(x for x in (no_prov, why_nco) if x)
            rows.append(row)
        else:
            rows.append(_result(row, prov, nco, note=nco_note))
    return rows


def _exposure(book: Book, when: date) -> tuple[Input | None, Input | None]:
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


def _filing_rates(book: Book) -> dict[str, tuple[float, str]]:
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
        scale = float(u["scale"]) if not is_na(u["scale"]) else 1.0
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


def _guarantee_ratios(book: Book, ent: str, pop: str, fye: str) -> list[dict]:
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
        both = pd.concat([x for x in (pick_delinquency(d) if not d.empty else d, rest)
                          if not x.empty])
        if not both.empty:
            parts.append(consolidate(both))
    return pd.concat(parts, ignore_index=True) if parts else facts.iloc[0:0]


def credit_ratios(facts: pd.DataFrame, *, segments: bool = False) -> pd.DataFrame:
    """Every standard ratio for every filer, population and period the facts allow, and a
    row with the reason for each one they do not. See the module docstring. With `segments`,
    also each loan segment's allowance and aging ratios, from that segment's figures only."""
    facts = conform(facts)
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
            recs = records.get((str(ent), pop), [])
            book = Book(recs)
            ent_rows += _balance_ratios(book, str(ent), pop, fye)
            ent_rows += _flow_ratios(book, str(ent), pop, fye)
            ent_rows += _guarantee_ratios(book, str(ent), pop, fye)
            for seg in segments_of(recs) if segments else []:
                sbook = Book(recs, seg)
                ent_rows += _balance_ratios(sbook, str(ent), pop, fye)
                ent_rows += _flow_ratios(sbook, str(ent), pop, fye)
        if len(pops) > 1:
            _name_other_populations(ent_rows, ef)
        rows += ent_rows
    out = pd.DataFrame(rows, columns=RATIO_COLUMNS)
    for c in ("value", "numerator", "denominator", "value_usd"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["derived"] = out["derived"].fillna(False).astype(bool)
    out["segment"] = out["segment"].fillna("").astype(str)
    out["rank_note"] = out["rank_note"].fillna("").astype(str)
    order = {r.key: i for i, r in enumerate(RATIOS)}
    out["_o"] = out["ratio"].map(order)
    out = out.sort_values(["entity", "population", "segment", "_o", "period_end",
                           "period_start"], kind="stable", na_position="first").drop(columns="_o")
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
