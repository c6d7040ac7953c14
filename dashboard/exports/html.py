"""One self-contained HTML page of a selection: the interactive charts (plotly.js inline once,
no network needed), the key tables and the checks, in the deck's order."""

from __future__ import annotations

from datetime import date
from html import escape

from dashboard.exports.content import (
    Report,
    closing_sections,
    filers,
    filings_text,
    periods_text,
    table_footnote,
)
from dashboard.exports.images import HTML_CONFIG
from dashboard.exports.layout import NoteTable, fmt_value

CSS = """
body{font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif;color:#262730;margin:24px auto;
max-width:1400px;padding:0 24px}
h1{color:#2F4B7C;margin-bottom:4px}h2{color:#2F4B7C;margin-top:48px}
.meta{color:#5F6368;margin:2px 0}.foot{color:#5F6368;font-size:12px;margin:6px 0 24px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th{background:#2F4B7C;color:#fff;padding:6px 10px;text-align:right}th:first-child{text-align:left}
td{padding:5px 10px;text-align:right;border-bottom:1px solid #E6E6E6}
td:first-child{text-align:left}tr.total td{background:#E8EEF6;font-weight:600}
tr.derived td{color:#5F6368;font-style:italic}li{margin:3px 0}
"""


def build_html(report: Report, *, today: date | None = None) -> bytes:
    names = filers(report.facts)
    title = "Credit quality review — " + (", ".join(names) if len(names) <= 3 else
                                          f"{len(names)} filers")
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}"
             f"</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>",
             f"<p class=meta>Filers: {escape('; '.join(names) or 'none')}</p>",
             f"<p class=meta>Periods: {escape(periods_text(report.facts))}</p>"]
    filings = filings_text(report.sources, report.facts)
    if filings:
        parts.append(f"<p class=meta>Filings: {escape(filings)}</p>")
    parts.append(f"<p class=meta>Prepared {(today or date.today()).isoformat()}</p>")
    first = True
    for disclosure, items, tables in report.sections:
        parts.append(f"<h2 id=\"{disclosure}\">{escape(disclosure.capitalize())}</h2>")
        for item in items:
            parts.append(item.figure.to_html(full_html=False, include_plotlyjs=first,
                                             config=HTML_CONFIG, default_width="100%",
                                             div_id=f"chart-{item.key}"))
            first = False
        for t in tables:
            parts.append(_table(t, report))
    parts.append("<h2 id=\"checks\">Checks and assumptions behind these figures</h2>")
    for head, lines in closing_sections(report):
        parts.append(f"<h3>{escape(head)}</h3><ul>" +
                     "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def _table(t: NoteTable, report: Report) -> str:
    head = "".join(f"<th>{escape(p)}</th>" for p in t.periods)
    rows = []
    for r in t.rows:
        label = r.display_label(t).strip()
        cls = "total" if r.total else "derived" if r.derived else ""
        cells = "".join(f"<td>{escape(fmt_value(v, r.kind, t.divisor, t.decimals))}</td>"
                        for v in r.values)
        rows.append(f"<tr class=\"{cls}\"><td>{escape(label)}</td>{cells}</tr>")
    return (f"<h3>{escape(t.title)}</h3><table><thead><tr><th>{escape(t.unit)}</th>{head}"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p class=foot>{escape(table_footnote(t, report))}</p>")
