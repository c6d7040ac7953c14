"""How many of the figures a chart or table shows the page's own arithmetic confirms.

Each fact carries `verified_by` (DESIGN.md): `rollforward` (its allowance rollforward ties),
`footing` (its buckets or classes add to their total, or it is that total), `derived` (computed
from printed parts that foot) or `none` (nothing on the page checks it). A reader of a chart
gets the count in one line beside it ("41 of 44 figures tie or foot"), and the figures nothing
checks by name, so a wrong figure is at least a visible one. The app's footnotes, the deck, the
workbook and the HTML report all read this one function.

A figure printed on two pages (a year-end balance in two annual reports) is one figure: it
counts once, confirmed when either page confirms it. Two different values for one key are two
figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.model.display import currency_name
from dashboard.model.schema import BY_DERIVED, BY_FOOTING, BY_NONE, BY_ROLLFORWARD

# the strongest confirmation first: a duplicate figure keeps the best any of its copies has
_RANK = {BY_ROLLFORWARD: 0, BY_FOOTING: 1, BY_DERIVED: 2, BY_NONE: 3}
_UNRECORDED = ""  # read before `verified_by` existed: not known, which is not `none`
_KEY = ("entity", "disclosure", "metric", "segment", "population", "days_from", "days_to",
        "period_start", "period_end", "currency", "value")
_NAMED = 3  # unconfirmed figures named in the sentence; the rest are counted


@dataclass(frozen=True)
class Verification:
    """The counts for one set of figures, and the figures nothing on the page checks."""

    figures: int
    rollforward: int
    footing: int
    derived: int
    none: int
    unrecorded: int
    unchecked: tuple[str, ...]  # 'past due 91-180 days 2019-12-31', in the facts' order

    @property
    def confirmed(self) -> int:
        return self.rollforward + self.footing + self.derived

    @property
    def sentence(self) -> str:
        """One line for a footnote: 'Page arithmetic: 41 of 44 figures tie or foot
        (rollforward 30, footing 9, derived 2); 3 checked by nothing on the page (none): …'."""
        if not self.figures:
            return ""
        how = ", ".join(f"{name} {n}" for name, n in (
            ("rollforward", self.rollforward), ("footing", self.footing),
            ("derived", self.derived)) if n)
        if self.figures == 1:
            share = "the one figure " + ("ties or foots" if self.confirmed
                                         else "does not tie or foot")
        else:
            share = (f"all {self.figures} figures" if self.confirmed == self.figures
                     else f"none of {self.figures} figures" if not self.confirmed
                     else f"{self.confirmed} of {self.figures} figures") + " tie or foot"
        text = f"Page arithmetic: {share}" + (f" ({how})" if how else "")
        if self.none:
            named = ", ".join(self.unchecked[:_NAMED])
            more = len(self.unchecked) - _NAMED
            named += f" and {more} more" if more > 0 else ""
            text += f"; {self.none} checked by nothing on the page (none): {named}"
        if self.unrecorded:
            text += (f"; {self.unrecorded} read before checks were recorded "
                     "(read the file again to check)")
        return text + "."


def verification(facts: pd.DataFrame) -> Verification:
    """The count of distinct figures in `facts` (the rows a chart or table draws, after
    selection and filters) and how many the page's rollforward, footing or derivation
    confirms; those with `none` are named."""
    if facts is None or facts.empty:
        return Verification(0, 0, 0, 0, 0, 0, ())
    how = _how(facts)
    keys = [c for c in _KEY if c in facts.columns]
    frame = facts[keys].astype(object).where(facts[keys].notna(), None)
    best: dict[tuple, str] = {}
    rows: dict[tuple, pd.Series] = {}
    for key, v, (_, row) in zip(frame.itertuples(index=False, name=None), how,
                                facts.iterrows(), strict=True):
        if key not in best or _rank(v) < _rank(best[key]):
            best[key] = v
        rows.setdefault(key, row)
    counts = {k: 0 for k in (*_RANK, _UNRECORDED)}
    for v in best.values():
        counts[v] += 1
    # a currency is named only where figures in two currencies could read alike
    money = "currency" in facts.columns and facts["currency"].nunique() > 1
    unchecked = tuple(_name(rows[k], money) for k, v in best.items() if v == BY_NONE)
    return Verification(len(best), counts[BY_ROLLFORWARD], counts[BY_FOOTING],
                        counts[BY_DERIVED], counts[BY_NONE], counts[_UNRECORDED], unchecked)


def verification_note(facts: pd.DataFrame) -> str:
    """`verification(facts).sentence`: the footnote's line."""
    return verification(facts).sentence


def _how(facts: pd.DataFrame) -> list[str]:
    if "verified_by" not in facts.columns:
        return [_UNRECORDED] * len(facts)
    out = []
    for v in facts["verified_by"]:
        s = "" if v is None or pd.isna(v) else str(v).strip().lower()
        out.append(s if s in _RANK else _UNRECORDED)
    return out


def _rank(v: str) -> int:
    return _RANK.get(v, len(_RANK))


def _name(row: pd.Series, currency: bool) -> str:
    """'past due 91-180 days 2019-12-31': the metric as words, its bucket, its segment, its
    date, and its currency when asked."""
    text = str(row.get("metric", "")).replace("_", " ")
    lo, hi = row.get("days_from"), row.get("days_to")
    if lo is not None and not pd.isna(lo):
        text += f" {int(lo)}-{int(hi)} days" if hi is not None and not pd.isna(hi) \
            else f" {int(lo)}+ days"
    seg = row.get("segment")
    if seg is not None and not pd.isna(seg) and str(seg):
        text += f" ({seg})"
    end = row.get("period_end")
    if end is not None and not pd.isna(end):
        text += " " + pd.Timestamp(end).strftime("%Y-%m-%d")
    cur = row.get("currency")
    if currency and cur is not None and not pd.isna(cur) and str(cur):
        text += f" {currency_name(str(cur))}"
    return text
