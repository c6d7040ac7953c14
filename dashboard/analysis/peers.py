"""Peer comparison from the credit ratios (`dashboard.analysis.ratios`). No streamlit.

- Peer groups: a name and a list of filers, kept in the filing library when it is there
  (`dashboard.library.Library.save_group / groups / delete_group`), else in a small JSON file
  in the user data folder (`CREDIT_NOTES_HOME`). `group_store()` gives either behind one
  interface.
- `ranking(ratios, filers)`: for each ratio, the latest period most of the group reports
  (aligned by period end, whatever the fiscal calendar), each filer's value there, its prior
  period's value and the change, the rank (best first, by the ratio's direction), and a note
  when a filer's period does not match the others'.
- `series(ratios, filers)`: the computed ratios as lines for small multiples, one kind of
  period per filer and ratio (full years before quarters).
- Amounts (maximum guarantee exposure) are compared across currencies only in US$, reported
  or at the filing's own convenience-translation rate, and labelled as such.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pandas as pd

from dashboard.analysis.ratios import (
    AMOUNT,
    BY_KEY,
    COMPUTED,
    NOT_MEANINGFUL,
    RATIOS,
)
from dashboard.library import Library
from dashboard.library.home import data_dir

# a filer's period counts for the comparison date when it ends at most this many months before
ALIGN_MONTHS = 6


# ─── peer groups ────────────────────────────────────────────────────────────────────────────

class GroupStore(Protocol):
    def save_group(self, name: str, filers: list[str]) -> None: ...
    def groups(self) -> dict[str, list[str]]: ...
    def delete_group(self, name: str) -> None: ...


class GroupNameError(ValueError):
    """A peer group name that cannot be saved (empty, or too long)."""


def clean_name(name: str) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise GroupNameError("a peer group needs a name")
    if len(text) > 80:
        raise GroupNameError("a peer group name has at most 80 characters")
    return text


class JsonGroups:
    """Peer groups in one JSON file, written atomically (the library keeps them when present)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def groups(self) -> dict[str, list[str]]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(doc, dict):
            return {}
        return {str(k): [str(x) for x in v] for k, v in doc.items() if isinstance(v, list)}

    def _write(self, doc: dict[str, list[str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".groups", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, self.path)

    def save_group(self, name: str, filers: list[str]) -> None:
        doc = self.groups()
        doc[clean_name(name)] = list(dict.fromkeys(str(f) for f in filers if str(f)))
        self._write(doc)

    def delete_group(self, name: str) -> None:
        doc = self.groups()
        if doc.pop(name, None) is not None:
            self._write(doc)


class LibraryGroups:
    """Peer groups kept in the filing library (`Library.save_group / groups / delete_group`),
    with the same name rules and de-duplication as the JSON file."""

    def __init__(self, library: object) -> None:
        self.library = library

    def groups(self) -> dict[str, list[str]]:
        return self.library.groups()  # type: ignore[attr-defined, no-any-return]

    def save_group(self, name: str, filers: list[str]) -> None:
        self.library.save_group(clean_name(name),  # type: ignore[attr-defined]
                                list(dict.fromkeys(str(f) for f in filers if str(f))))

    def delete_group(self, name: str) -> None:
        self.library.delete_group(name)  # type: ignore[attr-defined]


def group_store(path: str | Path | None = None) -> GroupStore:
    """The filing library's groups (the default library), or a JSON file at `path`. Groups
    saved in the JSON file of the user data folder before the library existed move into the
    library the first time it is opened here."""
    if path is not None:
        return JsonGroups(path)
    legacy = data_dir() / "peer_groups.json"
    store = LibraryGroups(Library.open(None))
    if legacy.is_file():
        have = store.groups()
        for name, filers in JsonGroups(legacy).groups().items():
            if name not in have:
                store.save_group(name, filers)
        legacy.replace(legacy.with_suffix(".json.moved-to-library"))
    return store


# ─── aligning periods ───────────────────────────────────────────────────────────────────────

def _d(v: object) -> date | None:
    if v is None or pd.isna(v):  # pd.NaT is a date too
        return None
    return pd.Timestamp(v).date()


def main_rows(ratios: pd.DataFrame, filers: Sequence[str] | None = None,
              statuses: Sequence[str] = (COMPUTED,)) -> pd.DataFrame:
    """Computed rows (rows of `statuses`) of each filer's main population (its loans as a
    whole, '', when reported; else the population with the most figures), for the filers
    given (all when None), one period kind per filer and ratio: full years first."""
    r = ratios[ratios["status"].isin(list(statuses))]
    if "segment" in r.columns:  # the filer's book as a whole, never one of its segments
        r = r[r["segment"].fillna("").astype(str) == ""]
    if filers is not None:
        r = r[r["entity"].isin(list(filers))]
    if r.empty:
        return r.copy()
    # one population per filer: its loans as a whole (''), else the one with most figures
    main = {}
    for ent, g in r.groupby("entity", sort=False):
        pops = g["population"].astype(str)
        main[ent] = "" if (pops == "").any() else pops.value_counts().index[0]
    r = r[[main[e] == p for e, p in zip(r["entity"], r["population"].astype(str), strict=True)]]
    # one period kind per filer and ratio: full years, else balances, else the commonest
    kinds = [k if isinstance(k, str) else None for k in r["period_kind"]]  # missing: none
    pair = list(zip(r["entity"], r["ratio"], strict=True))
    seen: dict[tuple, list[str]] = {}
    for key, k in zip(pair, kinds, strict=True):
        seen.setdefault(key, []).append(k)
    chosen = {key: "FY" if "FY" in ks else "balance" if "balance" in ks else
              pd.Series(ks).value_counts().index[0] for key, ks in seen.items()}
    out = r[[chosen[key] == k for key, k in zip(pair, kinds, strict=True)]]
    return out.sort_values(["ratio", "entity", "period_end"], kind="stable")


def _comparable_value(row: pd.Series, amounts_in_usd: bool) -> float | None:
    if row["kind"] == AMOUNT and amounts_in_usd:
        v = row.get("value_usd")
        return None if v is None or pd.isna(v) else float(v)
    v = row["value"]
    return None if pd.isna(v) else float(v)


def _within(end: date | None, ref: date | None) -> bool:
    """`end` is on `ref` or at most ALIGN_MONTHS before it (a June year end vs December)."""
    if end is None or ref is None:
        return False
    return _months_before(ref) <= end <= ref


@lru_cache(maxsize=4096)
def _months_before(ref: date) -> date:
    return (pd.Timestamp(ref) - pd.DateOffset(months=ALIGN_MONTHS)).date()


def reference_date(rows: pd.DataFrame) -> date | None:
    """The period end the most filers can be compared at (latest on a tie): a filer counts
    when one of its periods ends on it or within ALIGN_MONTHS before it."""
    dates = [_d(x) for x in rows["period_end"]]
    ends = sorted({d for d in dates if d}, reverse=True)
    by_filer: dict[str, list[date | None]] = {}
    for ent, d in zip(rows["entity"], dates, strict=True):
        if not pd.isna(ent):  # as groupby: a row without a filer counts for none
            by_filer.setdefault(ent, []).append(d)
    best: tuple[int, date] | None = None
    for cand in ends:
        n = sum(1 for es in by_filer.values() if any(_within(e, cand) for e in es))
        if best is None or n > best[0]:
            best = (n, cand)
    return best[1] if best else None


RANK_COLUMNS = ["ratio", "name", "kind", "rank", "entity", "period_end", "period_label", "value",
                "prior_period_end", "prior_value", "delta", "currency", "value_basis",
                "aligned", "period_note", "basis_note", "derived", "sources", "inputs",
                "reference_end", "rank_note"]


def rank_ratio(ratios: pd.DataFrame, ratio: str, filers: Sequence[str]) -> pd.DataFrame:
    """One ratio's ranking table at the latest common period, with deltas vs prior period.
    Filers with no figure at that period get a row with the reason (no rank)."""
    rdef = BY_KEY[ratio]
    rows = main_rows(ratios[ratios["ratio"] == ratio], filers)
    out: list[dict] = []
    amounts_in_usd = False
    if rdef.kind == AMOUNT and not rows.empty:
        # amounts in one currency compare as they are; across currencies only in US$
        amounts_in_usd = rows["currency"].nunique() > 1
    # a period whose figure the ratio's definition finds not meaningful (a release's provision
    # / net write-offs) is still a period the filer reports: it counts for the comparison
    # date, and the filer is listed there with the reason rather than ranked at an older one
    periods = main_rows(ratios[ratios["ratio"] == ratio], filers, (COMPUTED, NOT_MEANINGFUL))
    ref = reference_date(periods) if not periods.empty else None
    filer_rows = dict(tuple(rows.groupby("entity", sort=False)))
    # each filer's rows of this ratio, whatever their status, for the reason it has no figure
    mine = ratios[ratios["ratio"] == ratio]
    every_row: dict[str, list[tuple[date | None, str, str]]] = {}
    for ent, end, reason, status in zip(mine["entity"], mine["period_end"], mine["reason"],
                                        mine["status"], strict=True):
        every_row.setdefault(ent, []).append((_d(end), reason, status))
    for ent in filers:
        g = filer_rows.get(ent, rows.iloc[0:0]).sort_values("period_end")
        base = {c: None for c in RANK_COLUMNS}
        base.update(ratio=ratio, name=rdef.name, kind=rdef.kind, entity=ent, reference_end=ref,
                    aligned=False, period_note="", basis_note="", derived=False, sources="",
                    inputs="", value_basis="", currency="", rank_note="")
        if ref is None or g.empty:
            base["period_note"] = _why_missing(every_row.get(ent, []), ref)
            out.append(base)
            continue
        within = g[[_within(_d(x), ref) for x in g["period_end"]]]
        if within.empty:
            base["period_note"] = _why_missing(every_row.get(ent, []), ref)
            out.append(base)
            continue
        cur = within.iloc[-1]
        prior = g[g["period_end"] < cur["period_end"]]
        value = _comparable_value(cur, amounts_in_usd)
        pval = _comparable_value(prior.iloc[-1], amounts_in_usd) if not prior.empty else None
        end = _d(cur["period_end"])
        note = ""
        if end != ref:
            note = (f"period ends {end}, not {ref} (fiscal year end {cur['fiscal_year_end']}): "
                    "compared at its latest period end before it")
        basis = ""
        if rdef.kind == AMOUNT:
            basis = (cur["usd_basis"] if amounts_in_usd else "as reported") or ""
            if amounts_in_usd and value is None:
                note = "; ".join(x for x in (note, f"no US$ figure: {cur['currency']} only, "
                                             "not compared across currencies") if x)
        if cur["population"]:
            note = "; ".join(x for x in (note, f"population: {cur['population']}") if x)
        if cur.get("rank_note"):
            note = "; ".join(x for x in (note, f"not ranked: {cur['rank_note']}") if x)
        base.update(period_end=end, period_label=cur["period_label"], value=value,
                    prior_period_end=_d(prior.iloc[-1]["period_end"]) if not prior.empty
                    else None, prior_value=pval,
                    delta=(value - pval) if value is not None and pval is not None else None,
                    currency="USD" if amounts_in_usd else cur["currency"], value_basis=basis,
                    aligned=end == ref, period_note=note, basis_note=cur["basis_note"] or "",
                    derived=bool(cur["derived"]), sources=cur["sources"], inputs=cur["inputs"],
                    rank_note=str(cur.get("rank_note") or ""))
        out.append(base)
    df = pd.DataFrame(out, columns=RANK_COLUMNS)
    _note_kinds(df, rows)
    # a value the ratio's definition shows but does not rank (a release's provision / average
    # loans, dashboard.ratios.ratio_value) keeps its figure and says why it has no rank
    has = df["value"].notna() & (df["rank_note"].fillna("") == "")
    if has.any():
        asc = rdef.better == "lower"
        df.loc[has, "rank"] = df.loc[has, "value"].rank(ascending=asc, method="min")
    df["rank"] = pd.to_numeric(df["rank"], errors="coerce").astype("Int64")
    for c in ("value", "prior_value", "delta"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df.sort_values(["rank", "entity"], na_position="last", kind="stable").reset_index(
        drop=True)


_KIND_WORDS = {"FY": "a full year", "Q": "a quarter (annualised)", "balance": "a balance"}


def _note_kinds(df: pd.DataFrame, rows: pd.DataFrame) -> None:
    """Say when a filer's figure covers another kind of period than most of the group's (a
    quarter annualised beside full years)."""
    kinds = {}
    for i, r in df.iterrows():
        if r["value"] is None or pd.isna(r["value"]):
            continue
        hit = rows[(rows["entity"] == r["entity"]) & (rows["period_end"] == r["period_end"])]
        if not hit.empty:
            kinds[i] = str(hit.iloc[0]["period_kind"])
    if len(set(kinds.values())) < 2:
        return
    common = pd.Series(list(kinds.values())).value_counts().index[0]
    for i, k in kinds.items():
        if k != common:
            words = _KIND_WORDS.get(k, f"{k} (annualised)")
            note = f"covers {words}, most of the group {_KIND_WORDS.get(common, common)}"
            df.at[i, "period_note"] = "; ".join(x for x in (df.at[i, "period_note"], note) if x)


def _why_missing(rows: list[tuple[date | None, str, str]], ref: date | None) -> str:
    """The reason a filer has no figure for the comparison, from its rows of the ratio (period
    end, reason, status; in the ratios' order): the ratio row's own reason when there is one
    near the reference date, else what it does report."""
    if not rows:
        return "none of its inputs are reported"
    if ref is not None:
        reasons = [reason for end, reason, _ in rows if _within(end, ref) and reason]
        if reasons:
            return _not_computed(reasons[-1])
    done = [end for end, _, status in rows if status == COMPUTED]
    if done:
        return f"latest figure {max(done)}, none within six months before {ref}"
    reasons = [reason for _, reason, _ in rows if reason]
    return _not_computed(reasons[-1] if reasons else "no inputs")


def _not_computed(reason: str) -> str:
    """A ratio row's reason as the ranking says it ('not meaningful: …' stays as it is)."""
    return reason if reason.startswith(NOT_MEANINGFUL) else "not computed: " + reason


def ranking(ratios: pd.DataFrame, filers: Sequence[str],
            ratio_keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ratio's ranking table (see `rank_ratio`), stacked, in the standard order."""
    keys = list(ratio_keys) if ratio_keys else [r.key for r in RATIOS]
    ratios = ratios[ratios["entity"].isin(list(filers))]  # once, not per ratio
    by_ratio = dict(tuple(ratios.groupby("ratio", sort=False)))
    parts = [rank_ratio(by_ratio.get(k, ratios.iloc[0:0]), k, filers) for k in keys]
    parts = [p for p in parts if p["value"].notna().any()]
    if not parts:
        return pd.DataFrame(columns=RANK_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def series(ratios: pd.DataFrame, filers: Sequence[str]) -> pd.DataFrame:
    """The lines of the small multiples: entity, ratio, name, kind, period_end, value (US$ for
    amounts across currencies), period_label, basis_note, derived, sources."""
    rows = main_rows(ratios, filers)
    if rows.empty:
        return rows
    parts = []
    for key, g in rows.groupby("ratio", sort=False):
        g = g.copy()
        if BY_KEY[str(key)].kind == AMOUNT and g["currency"].nunique() > 1:
            g["value"] = g["value_usd"]
            g["currency"] = "USD"
            g = g[g["value"].notna()]
        parts.append(g)
    out = pd.concat(parts)
    order = {r.key: i for i, r in enumerate(RATIOS)}
    return out.assign(_o=out["ratio"].map(order)).sort_values(
        ["_o", "entity", "period_end"], kind="stable").drop(columns="_o")


@dataclass
class Calendar:
    entity: str
    fiscal_year_end: str
    latest: date | None


def calendars(ratios: pd.DataFrame, filers: Sequence[str]) -> list[Calendar]:
    out = []
    for ent in filers:
        r = ratios[ratios["entity"] == ent]
        fye = str(r["fiscal_year_end"].iloc[0]) if not r.empty else ""
        ends = [d for d in (_d(x) for x in r.loc[r["status"] == COMPUTED, "period_end"]) if d]
        out.append(Calendar(ent, fye, max(ends) if ends else None))
    return out


def calendar_notes(ratios: pd.DataFrame, filers: Sequence[str]) -> list[str]:
    """Sentences for the page and the pack when the group's periods do not line up."""
    cals = [c for c in calendars(ratios, filers) if c.fiscal_year_end]
    notes = []
    ends = {c.fiscal_year_end for c in cals}
    if len(ends) > 1:
        notes.append("Fiscal years end on different dates (" + "; ".join(
            f"{c.entity}: {_mmdd(c.fiscal_year_end)}" for c in cals) + "): ratios are compared "
            "by period end, each filer at its latest period ending within six months before "
            "the comparison date.")
    latest = {c.latest for c in cals if c.latest}
    if len(latest) > 1:
        notes.append("Latest figures end on different dates (" + "; ".join(
            f"{c.entity}: {c.latest}" for c in cals if c.latest) + ").")
    return notes


def _mmdd(text: str) -> str:
    try:
        return pd.Timestamp(f"2001-{text}").strftime("%d %B")
    except ValueError:
        return text


def not_computed(ratios: pd.DataFrame, filers: Sequence[str]) -> pd.DataFrame:
    """For each filer and ratio with no computed figure at all, the latest reason."""
    rows = []
    groups = dict(tuple(ratios.groupby(["entity", "ratio"], sort=False)))
    empty = ratios.iloc[0:0]
    for ent in filers:
        for rdef in RATIOS:
            r = groups.get((ent, rdef.key), empty)
            if (r["status"] == COMPUTED).any():
                continue
            reason = next((x for x in reversed(r["reason"].tolist()) if x), "") if not r.empty \
                else "none of its inputs are reported"
            rows.append({"entity": ent, "ratio": rdef.key, "name": rdef.name, "reason": reason})
    return pd.DataFrame(rows, columns=["entity", "ratio", "name", "reason"])


def comparison_summary(filers: Sequence[str], group: str | None = None,
                       highlight: str | None = None) -> str:
    """What the Peers page compares, in one line of plain text (its widgets are kept in a
    popover): the filers, the saved group they came from and the highlighted filer."""
    if not filers:
        return "No filers chosen yet: pick them under Change the comparison."
    named = ", ".join(filers)
    parts = [f"Comparing {len(filers)} filer{'s' if len(filers) != 1 else ''}: {named}"]
    if group:
        parts.append(f"saved group '{group}'")
    if highlight:
        parts.append(f"highlighted: {highlight}")
    return " · ".join(parts)
