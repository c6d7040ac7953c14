"""The credit-committee pack of a peer group: its content, which the deck (`pack_deck`), the
workbook (`pack_workbook`) and the page (`pack_html`) lay out, and `python -m dashboard report
--peers GROUP -o OUT` (`pack_command`) writes.

The pack holds the group's ratios, their ranking at the latest common period, each ratio's
lines over time, the calendar notes and the files not read; every slide, sheet and section
carries the source footnote (filer, form, period, page of the filing) and a note of the
derived, inferred, given or assumed figures behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import peers
from dashboard.analysis.ratios import AMOUNT, BY_KEY, RATIOS
from dashboard.charts import peers as peer_charts
from dashboard.model.display import MISSING


@dataclass
class Pack:
    group: str
    filers: list[str]
    ratios: pd.DataFrame
    sources: pd.DataFrame
    highlight: str | None = None
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)

    @property
    def ratio_keys(self) -> list[str]:
        """Ratios with at least one computed figure in the group, in the standard order."""
        have = set(self.lines["ratio"]) if not self.lines.empty else set()
        return [r.key for r in RATIOS if r.key in have]


def build_pack(ratios: pd.DataFrame, sources: pd.DataFrame | None, filers: Sequence[str],
               group: str, *, highlight: str | None = None,
               issues: Sequence[str] = ()) -> Pack:
    filers = list(filers)
    return Pack(group=group, filers=filers, ratios=ratios[ratios["entity"].isin(filers)],
                sources=sources if sources is not None else pd.DataFrame(columns=["source"]),
                highlight=highlight, ranking=peers.ranking(ratios, filers),
                lines=peers.series(ratios, filers), notes=peers.calendar_notes(ratios, filers),
                issues=list(issues))


# ─── footnotes ──────────────────────────────────────────────────────────────────────────────

def _meta(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for _, r in sources.iterrows():
        form = str(r.get("form", "") or "")
        period = str(r.get("period", "") or "")
        out[str(r["source"])] = (form if form not in ("nan", "<NA>") else "",
                                 period if period not in ("nan", "<NA>") else "")
    return out


def source_footnote(pack: Pack, rows: pd.DataFrame, *, notes: bool = True) -> str:
    """'Source: <filer>: <form> <period>, <page>; …' for the rows shown, then a note of every
    figure computed here (derived), and of scales inferred, given or assumed."""
    meta = _meta(pack.sources)
    parts = []
    for ent, g in rows.groupby("entity", sort=True):
        pages = []
        for s in dict.fromkeys(x.strip() for v in g["sources"] for x in str(v).split(",")):
            if not s:
                continue
            form, period = meta.get(s) or meta.get(s.split("#", 1)[0]) or ("", "")
            page = s.split("#", 1)[-1]
            filing = " ".join(x for x in (form, period) if x)
            pages.append(f"{filing}, {page}" if filing else page)
        parts.append(f"{ent}: " + "; ".join(pages))
    text = "Source: " + ". ".join(parts) + "." if parts else "Source: none."
    if not notes:
        return text
    notes = []
    derived = rows[rows["derived"].astype(bool)]
    for _, r in derived.drop_duplicates(["entity", "ratio"]).iterrows():
        notes.append(f"{r['entity']} {BY_KEY[r['ratio']].name}: derived "
                     f"({_derivation(r)})")
    bases = sorted({b.strip() for v in rows["scale_bases"] for b in str(v).split(",")}
                   - {"stated", ""})
    if bases:
        notes.append("scales not stated by the filing: " + ", ".join(bases) +
                     " (see the Ratios sheet / inputs)")
    # a row's note may join several ("…, not 30+ days; the filer's buckets end at 180 days"):
    # each said once
    bnotes = list(dict.fromkeys(part.strip() for b in rows["basis_note"] if b
                                for part in str(b).split("; ") if part.strip()))
    notes += bnotes
    if "usd_basis" in rows.columns:
        amounts = rows[(rows["kind"] == AMOUNT) & (rows["currency"] == "USD")]
        for (ent, basis), _ in amounts.groupby(["entity", "usd_basis"], sort=True):
            if basis and basis != "reported in US$":
                notes.append(f"{ent} in US$: {basis}")
    if notes:
        text += " Notes: " + "; ".join(notes) + "."
    return text + " Ratios computed here from the reported figures."


def _derivation(r: pd.Series) -> str:
    bits = []
    for lab in (r["numerator_label"], r["denominator_label"]):
        lab = str(lab or "")
        if "=" in lab:
            bits.append(lab.split("=", 1)[1].replace("(derived)", "").strip())
    return "; ".join(bits) or "sum of reported figures"


def ratio_cell(v: object, kind: str, currency: str = "") -> str:
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return MISSING
    return peer_charts.fmt_ratio(v, kind, currency)  # type: ignore[arg-type]


def bare_chart(lines: pd.DataFrame, key: str, highlight: str | None) -> go.Figure:
    """One ratio's lines without title or footnote: the slide (or page) gives them as text."""
    fig = peer_charts.ratio_chart(lines, key, highlight=highlight)
    fig.layout.annotations = ()
    fig.update_layout(title={"text": ""}, margin={"t": 50, "b": 40},
                      legend={"yref": "paper", "y": 1.02, "yanchor": "bottom", "x": 0,
                              "xanchor": "left"})
    return fig


def pack_kinds() -> tuple[str, ...]:
    return (".pptx", ".xlsx", ".html")
