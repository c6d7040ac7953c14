"""The allowance rollforward table's ratios (the Provision page, the Overview, the deck and
the workbook), taken from `dashboard.analysis.ratios` so that they are the figures the peer
comparison ranks. No streamlit."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.ratio_book import as_date
from dashboard.analysis.ratios import BY_KEY, COMPUTED, credit_ratios
from dashboard.facts.entities import name_key
from dashboard.model.display import currency_name
from dashboard.model.schema import conform

# analysis.allowance_table's ratio columns and the ratio (RATIOS) each one shows
ROLLFORWARD_RATIOS = {"provision_to_write_off": "provision_to_nco",
                      "write_off_to_avg_loans": "nco_to_avg_loans",
                      "provision_to_avg_loans": "provision_to_avg_loans",
                      "allowance_to_over_90": "allowance_to_npl90"}


def rollforward_ratios(table: pd.DataFrame, facts: pd.DataFrame,
                       context: pd.DataFrame | None = None) -> pd.DataFrame:
    """`table` (rows of `analysis.allowance_table`: entity, segment, currency, period_start,
    period_end) with its ratio columns (ROLLFORWARD_RATIOS), `average_loans` and `over_90`
    taken from `credit_ratios`, so that every page, the deck and the
    workbook show the figure the peer comparison ranks. `ratio_notes` says, per row, which
    balances the ratios read and why a ratio is not there.

    The ratios read `context` (the filers' facts before the page's filters; `facts` when
    None), restricted to the filers and populations of `facts`: a year filter chooses which
    rows are shown, not which balances a ratio may read (2019's average loans need 2018's
    year end). A segment's ratios read that segment's figures only; a row in another currency
    than the one the ratio is computed in (a US$ convenience column) gets none.
    """
    out = table.copy()
    for col in (*ROLLFORWARD_RATIOS, "average_loans", "over_90"):
        out[col] = float("nan")
    out["ratio_notes"] = ""
    if out.empty:
        return out
    base = conform(facts)
    ents = set(out["entity"].astype(str))
    pops = {(str(e), str(p)) for e, p in zip(base["entity"], base["population"], strict=True)
            if str(e) in ents}
    src = conform(context) if context is not None else base
    src = src[src["entity"].astype(str).isin(ents)]
    src = src[[(str(e), str(p)) in pops for e, p in zip(src["entity"], src["population"],
                                                           strict=True)]]
    if src.empty:
        return out
    r = credit_ratios(src, segments=True)
    r = r[r["ratio"].isin(set(ROLLFORWARD_RATIOS.values()))]
    index: dict[tuple, dict] = {}
    for rec in r.to_dict("records"):
        start = as_date(rec["period_start"]) if BY_KEY[rec["ratio"]].flow else None
        k = (str(rec["entity"]), name_key(rec["segment"]), rec["ratio"], start,
             as_date(rec["period_end"]))
        index.setdefault(k, rec)
    notes: list[str] = []
    for i, row in enumerate(out.to_dict("records")):
        ent, seg = str(row["entity"]), name_key(row["segment"])
        start, end = as_date(row["period_start"]), as_date(row["period_end"])
        read: list[str] = []
        why: dict[str, list[str]] = {}  # one reason, the ratios it stops
        for col, key in ROLLFORWARD_RATIOS.items():
            rec = index.get((ent, seg, key, start if BY_KEY[key].flow else None, end))
            if rec is None:
                continue
            if rec["currency"] and rec["currency"] != row["currency"]:
                if rec["status"] == COMPUTED:
                    why.setdefault(f"computed in {currency_name(rec['currency'])}, the "
                                   "figures' own currency",
                                   []).append(BY_KEY[key].name)
                continue
            if rec["status"] == COMPUTED:
                out.iat[i, out.columns.get_loc(col)] = rec["value"]
                if key == "nco_to_avg_loans":
                    read.append("average loans "
                                + str(rec["denominator_label"]).split("= ", 1)[-1]
                                .replace(" (derived)", ""))
                if rec["annualisation"]:
                    read.append(f"{BY_KEY[key].name} {rec['annualisation']}")
            elif rec["reason"]:
                why.setdefault(str(rec["reason"]), []).append(BY_KEY[key].name)
            if key == "nco_to_avg_loans" and pd.notna(rec["denominator"]):
                out.iat[i, out.columns.get_loc("average_loans")] = rec["denominator"]
            if key == "allowance_to_npl90" and pd.notna(rec["denominator"]):
                out.iat[i, out.columns.get_loc("over_90")] = rec["denominator"]
        notes.append("; ".join([*read, *(f"{', '.join(names)}: {reason}"
                                         for reason, names in why.items())]))
    out["ratio_notes"] = notes
    return out
