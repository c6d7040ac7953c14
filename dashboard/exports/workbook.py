"""The Excel workbook of a selection (openpyxl).

Sheets: `Facts` (the tidy facts, one row per fact, values in whole currency units), one wide
sheet per disclosure as an analyst lays out the note (`Delinquency`, `Allowance`, `Guarantee`:
rows are the note's lines, columns its periods, the unit in the header), `Checks` (every check
run), `Provenance` (source, locator, label and note of every fact) and `Sources` (one row per
file read). Number formats are set on the cells; header rows are frozen.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard import analysis as m
from dashboard.analysis.verification import verification_note
from dashboard.exports.content import Report, closing_sections, table_figures
from dashboard.exports.layout import (
    DISCLOSURE_TITLES,
    EXCEL_FORMATS,
    MONEY,
    NoteTable,
    excel_value,
)

HEADER_FILL = PatternFill("solid", fgColor="2F4B7C")
HEADER_FONT = Font(bold=True, color="FFFFFF")
UNIT_FONT = Font(bold=True, color="2F4B7C")
TITLE_FONT = Font(bold=True, size=13, color="2F4B7C")
TOTAL_FILL = PatternFill("solid", fgColor="E8EEF6")
DERIVED_FONT = Font(italic=True, color="5F6368")
DATE_FORMAT = "yyyy-mm-dd"
WHOLE_UNITS = '#,##0;(#,##0);0'  # a nil is 0; an empty cell is no figure

SHEET_NAMES = {"delinquency": "Delinquency", "allowance": "Allowance", "guarantee": "Guarantee"}


def build_workbook(report: Report) -> bytes:
    wb = Workbook()
    facts_sheet(wb.active, report)
    for disclosure, tables in report.tables.items():
        if tables:
            wide_sheet(wb.create_sheet(SHEET_NAMES[disclosure]), disclosure, tables, report)
    checks_sheet(wb.create_sheet("Checks"), report)
    provenance_sheet(wb.create_sheet("Provenance"), report)
    sources_sheet(wb.create_sheet("Sources"), report)
    wb.properties.title = "Credit-quality facts"
    wb.properties.creator = "credit-notes-dashboard"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ─── helpers ────────────────────────────────────────────────────────────────────────────────

def _cellvalue(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, (date, datetime)):
        return v
    try:
        if pd.isna(v):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):  # numpy scalars
        return v.item()  # type: ignore[union-attr]
    return v


def _header(ws: Worksheet, row: int, names: list[str], *, first_col: int = 1) -> None:
    for j, name in enumerate(names, start=first_col):
        c = ws.cell(row=row, column=j, value=name)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(ws: Worksheet, *, minimum: int = 8, maximum: int = 60,
            fixed: dict[int, int] | None = None, first_row: int = 1,
            last_row: int | None = None) -> None:
    """Column widths from the longest text shown (numbers as their formatted length)."""
    fixed = fixed or {}
    longest: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row):
        for c in row:
            if c.value is None:
                continue
            if isinstance(c.value, (int, float)):
                n = len(f"{c.value:,.0f}") + 2
            elif isinstance(c.value, (date, datetime)):
                n = 10
            else:
                n = max(len(line) for line in str(c.value).split("\n"))
            longest[c.column] = max(longest.get(c.column, 0), n)
    for col, n in longest.items():
        width = fixed.get(col, min(max(n + 2, minimum), maximum))
        ws.column_dimensions[get_column_letter(col)].width = width


def _frame(ws: Worksheet, df: pd.DataFrame, formats: dict[str, str] | None = None,
           wrap: tuple[str, ...] = ()) -> None:
    formats = formats or {}
    cols = list(df.columns)
    _header(ws, 1, cols)
    for i, rec in enumerate(df.itertuples(index=False), start=2):
        for j, v in enumerate(rec, start=1):
            c = ws.cell(row=i, column=j, value=_cellvalue(v))
            name = cols[j - 1]
            if name in formats:
                c.number_format = formats[name]
            if name in wrap:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(df) + 1}"


# ─── sheets ─────────────────────────────────────────────────────────────────────────────────

FACT_SHEET_COLUMNS = ["fact_id", "entity", "disclosure", "metric", "segment", "days_from",
                      "days_to", "period_start", "period_end", "value", "currency", "scale",
                      "scale_basis", "verified_by", "source"]


def _with_ids(facts: pd.DataFrame) -> pd.DataFrame:
    out = facts.reset_index(drop=True).copy()
    out.insert(0, "fact_id", range(1, len(out) + 1))
    return out


def facts_sheet(ws: Worksheet, report: Report) -> None:
    ws.title = "Facts"
    df = _with_ids(report.facts)
    df = df[FACT_SHEET_COLUMNS].rename(columns={"value": "value (whole currency units)"})
    _frame(ws, df, {"value (whole currency units)": WHOLE_UNITS, "period_start": DATE_FORMAT,
                    "period_end": DATE_FORMAT, "scale": "#,##0"})
    _widths(ws, fixed={1: 8})


def provenance_sheet(ws: Worksheet, report: Report) -> None:
    df = _with_ids(report.facts)
    cols = ["fact_id", "entity", "metric", "period_end", "value", "currency", "source",
            "locator", "label", "note", "concept", "scale", "scale_basis"]
    df = df[cols].rename(columns={"value": "value (whole currency units)"})
    _frame(ws, df, {"value (whole currency units)": WHOLE_UNITS, "period_end": DATE_FORMAT,
                    "scale": "#,##0"}, wrap=("label", "note", "locator"))
    _widths(ws, fixed={1: 8, 9: 70, 10: 60, 8: 36})


def sources_sheet(ws: Worksheet, report: Report) -> None:
    src = report.sources
    keep = [c for c in ("source", "filer", "entity", "form", "period", "note", "kind", "facts",
                        "n_delinquency", "n_allowance", "n_guarantee", "n_other", "scale_basis",
                        "status", "message") if c in src.columns]
    _frame(ws, src[keep] if keep else pd.DataFrame(columns=["source"]), wrap=("message",))
    _widths(ws, maximum=70)


def checks_sheet(ws: Worksheet, report: Report) -> None:
    checks = report.checks
    if checks is None or checks.empty:
        ws.cell(row=1, column=1, value="No check could be run on these figures.")
        return
    money = {c: WHOLE_UNITS for c in ("expected", "actual", "difference")}
    if "currency" in checks.columns:  # a reader's sheet: the currency's one display name
        checks = checks.assign(currency=checks["currency"].map(m.currency_name))
    _frame(ws, checks, {**money, "period_end": DATE_FORMAT}, wrap=("detail",))
    _widths(ws, fixed={checks.columns.get_loc("detail") + 1: 80}, last_row=len(checks) + 1)
    # what the closing slide says, below the table
    row = len(checks) + 3
    for head, lines in closing_sections(report)[1:]:
        ws.cell(row=row, column=1, value=head).font = TITLE_FONT
        row += 1
        for line in lines:
            ws.cell(row=row, column=1, value=line)
            row += 1
        row += 1


LABEL_COLUMNS = ["Filer", "Segment", "Line", "Unit"]


def wide_sheet(ws: Worksheet, disclosure: str, tables: list[NoteTable],
               report: Report | None = None) -> None:
    """Rows = the note's lines (per filer and segment), columns = periods; row 2 names the
    unit above the period columns; rows 1–3 and the label columns are frozen. With `report`,
    a line per table under the sources says how many of its figures the page's arithmetic
    confirms."""
    periods = sorted({(p or date.min, lab) for t in tables
                      for p, lab in zip(t.period_ends, t.periods, strict=True)})
    labels = list(dict.fromkeys(lab for _, lab in periods))
    first = len(LABEL_COLUMNS) + 1
    last = first + len(labels) - 1
    filers = ", ".join(dict.fromkeys(t.entity for t in tables))
    ws.cell(row=1, column=1, value=f"{DISCLOSURE_TITLES[disclosure]} — {filers}").font = \
        TITLE_FONT
    units = {t.unit for t in tables}
    unit_text = units.pop() if len(units) == 1 else "mixed units: see the Unit column"
    if disclosure == "allowance":
        notes = list(dict.fromkeys(t.columns_note for t in tables))
        unit_text += f" · {'; '.join(notes)}; write-offs negative"
    ws.cell(row=2, column=first, value=unit_text).font = UNIT_FONT
    if len(labels) > 1:
        ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    ws.cell(row=2, column=first).alignment = Alignment(horizontal="center")
    _header(ws, 3, [*LABEL_COLUMNS, *labels])
    r = 4
    for t in tables:
        col_of = {lab: first + labels.index(lab) for lab in t.periods}
        dec = t.decimals
        for row in t.rows:
            unit = row.unit(t)
            cells = [ws.cell(row=r, column=1, value=t.entity),
                     ws.cell(row=r, column=2, value=(row.segment if row.segment is not None
                                                     else t.segment) or "whole portfolio"),
                     ws.cell(row=r, column=3, value=row.label.strip()),
                     ws.cell(row=r, column=4, value=unit)]
            fmt = EXCEL_FORMATS[row.kind + ("1" if row.kind == MONEY and dec else "")]
            for lab, v in zip(t.periods, row.values, strict=True):
                c = ws.cell(row=r, column=col_of[lab], value=excel_value(v, row.kind, t.divisor))
                c.number_format = fmt
                cells.append(c)
            for c in cells:
                if row.total:
                    c.fill = TOTAL_FILL
                    c.font = Font(bold=True)
                elif row.derived:
                    c.font = DERIVED_FONT
            r += 1
    ws.freeze_panes = ws.cell(row=4, column=first).coordinate
    ws.auto_filter.ref = f"A3:{get_column_letter(last)}{max(r - 1, 3)}"
    _widths(ws, fixed={3: 58}, minimum=14, first_row=3, last_row=r - 1)
    note_row = r + 1
    ws.cell(row=note_row, column=1, value=(
        "Figures as reported, in the unit shown; lines in grey italics are computed here from "
        "the reported figures. Each figure's source, locator and label: Provenance sheet."))
    sources = sorted({s for t in tables for s in t.sources})
    ws.cell(row=note_row + 1, column=1, value="Sources: " + ", ".join(sources))
    for i, t in enumerate(tables if report is not None else [], start=note_row + 2):
        ws.cell(row=i, column=1, value=f"{t.title}: {verification_note(table_figures(t, report))}")
