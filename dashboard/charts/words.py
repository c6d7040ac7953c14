"""What a chart says in words and where: its notes about the figures (one clause per 90+
basis, each date once), its date labels, where a data label goes, and which figures are a
filing's US$ convenience translation (kept to tables and hovers). Pure functions, no plotly."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd


def date_label(d: object) -> str:
    return pd.Timestamp(d).strftime("%Y-%m-%d") if d is not None and not pd.isna(d) else "?"


def short_name(entity: str, limit: int = 28) -> str:
    return entity if len(entity) <= limit else entity[: limit - 1] + "…"


def convenience_translations(facts: pd.DataFrame) -> pd.Series:
    """True for a US$ figure printed beside the same figure in the filer's own currency (the
    same filer, segment, metric, bucket and date): a 20-F's convenience translation. It stays
    in the tables and hovers; a chart of it would set a translated year beside reported ones."""
    if facts.empty or "currency" not in facts.columns:
        return pd.Series(False, index=facts.index)
    key = ["entity", "segment", "disclosure", "metric", "days_from", "days_to", "period_end"]
    usd = facts["currency"].astype(str) == "USD"
    if not usd.any():
        return usd
    keys = pd.Series(list(zip(*(facts[k].map(str) for k in key), strict=True)),
                     index=facts.index)
    own = set(keys[~usd])
    return usd & keys.isin(own)


def short_date(d: object) -> str:
    """A date on two short lines ('2020<br>03-31'), narrow enough to stay horizontal under
    a crowded axis."""
    return date_label(d).replace("-", "<br>", 1) if d is not None and not pd.isna(d) else "?"


def year_ends(dates: Sequence[object]) -> str:
    """'31 December' when every date shown falls on that day of the year, so the axis can
    name the year alone (short labels stay horizontal); '' otherwise."""
    days = {(pd.Timestamp(x).month, pd.Timestamp(x).day) for x in dates
            if x is not None and not pd.isna(x)}
    if len(days) != 1:
        return ""
    month, day = next(iter(days))
    return f"{day} {pd.Timestamp(2000, month, 1).strftime('%B')}"


def label_positions(ys: Sequence[float]) -> list[str]:
    """Where each point's data label goes so that it clears the line through it: away from
    the side the line rises to (above a peak, below a valley)."""
    out = []
    for i, y in enumerate(ys):
        from_above = i > 0 and ys[i - 1] > y
        to_above = i < len(ys) - 1 and ys[i + 1] > y
        out.append("bottom center" if from_above and to_above else "top right" if from_above
                   else "top left" if to_above else "top center")
    return out


STATUS_RANK = {"reported": 0, "derived": 1, "not derivable": 2, "not reported": 3}


def one_status_per_date(summary: pd.DataFrame) -> pd.DataFrame:
    """One 90+ status per filer and date: the best any of its rows has (a figure reported,
    then derived, then why none could be derived); a second source or segment that lacks
    the buckets does not make a date say both "derived" and "not reported"."""
    if summary.empty:
        return summary
    rank = summary["over_90_status"].map(STATUS_RANK).fillna(len(STATUS_RANK))
    best = rank.groupby([summary["entity"], summary["period_end"]]).transform("min")
    out = summary[rank == best]
    return out.drop_duplicates(["entity", "period_end", "over_90_status", "over_90_formula"])


def delinquency_notes(summary: pd.DataFrame, *, multi: bool,
                      label: Callable[[object], str] = date_label) -> list[str]:
    """The 90+ basis of each date, one clause per basis: '90+ derived as 91-120 days + …:
    Qudian Inc. 2018, 2019'. A date whose 90+ is simply reported needs no note."""
    s = one_status_per_date(summary)
    notes: list[str] = []
    schemes = summary.groupby("entity")["scheme"].nunique() if not summary.empty else None
    if schemes is not None and (schemes > 1).any():
        notes.append("bucket schemes differ between dates; drawn as reported")
    heads = {"derived": "90+ derived as {}", "not derivable": "no 90+ figure ({})",
             "not reported": "90+ not reported"}
    for (status, formula), g in s.groupby(["over_90_status", "over_90_formula"], sort=False):
        head = heads.get(str(status))
        if head is None:
            continue
        whens = []
        for ent, ge in g.groupby("entity", sort=True):
            dates = ", ".join(dict.fromkeys(label(p) for p in sorted(ge["period_end"])))
            whens.append(f"{short_name(str(ent))} {dates}" if multi else dates)
        notes.append(head.format(formula) + ": " + "; ".join(whens))
    return notes
