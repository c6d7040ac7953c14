"""The pack as a workbook (.xlsx): Ranking, Ratios (every row with formula and inputs), Not
computed, Sources, Notes."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook

from dashboard.analysis import peers
from dashboard.exports.pack import Pack, source_footnote
from dashboard.exports.workbook import _frame, _widths


def build_workbook(pack: Pack) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ranking"
    rank = pack.ranking.drop(columns=["inputs"], errors="ignore")
    _frame(ws, rank, {"value": "0.0000", "prior_value": "0.0000", "delta": "0.0000"},
           wrap=("period_note",))
    _widths(ws)
    _frame(wb.create_sheet("Ratios"), pack.ratios,
           {"value": "0.000000", "numerator": "#,##0", "denominator": "#,##0"},
           wrap=("inputs", "reason"))
    _widths(wb["Ratios"], maximum=80)
    _frame(wb.create_sheet("Not computed"), peers.not_computed(pack.ratios, pack.filers),
           wrap=("reason",))
    _widths(wb["Not computed"], maximum=100)
    src = pack.sources
    keep = [c for c in ("source", "entity", "form", "period", "note") if c in src.columns]
    _frame(wb.create_sheet("Sources"), src[keep] if keep else pd.DataFrame(columns=["source"]))
    notes = wb.create_sheet("Notes")
    for i, line in enumerate([f"Peer group: {pack.group}", "Filers: " + "; ".join(pack.filers),
                              *pack.notes, source_footnote(pack, pack.lines)], start=1):
        notes.cell(row=i, column=1, value=line)
    wb.properties.title = f"Peer credit review — {pack.group}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
