"""The pack as one page (.html): per ratio its interactive chart, ranking table and footnote, then
the ratios not computed and why."""

from __future__ import annotations

from datetime import date
from html import escape

import pandas as pd

from dashboard.analysis import peers
from dashboard.analysis.ratios import BY_KEY
from dashboard.charts import peers as peer_charts
from dashboard.exports.html import CSS
from dashboard.exports.images import HTML_CONFIG
from dashboard.exports.pack import Pack, bare_chart, ratio_cell, source_footnote


def build_html(pack: Pack, *, today: date | None = None) -> bytes:
    title = f"Peer credit review — {pack.group}"
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}"
             f"</title><style>{CSS}td:nth-child(2),th:nth-child(2),td:last-child,"
             "th:last-child{text-align:left}</style></head><body>"
             f"<h1>{escape(title)}</h1>",
             f"<p class=meta>Filers: {escape('; '.join(pack.filers))}</p>",
             f"<p class=meta>Prepared {(today or date.today()).isoformat()}</p>"]
    parts += [f"<p class=meta>{escape(n)}</p>" for n in pack.notes]
    first = True
    for key in pack.ratio_keys:
        rdef = BY_KEY[key]
        lines = pack.lines[pack.lines["ratio"] == key]
        parts.append(f"<h2 id=\"{key}\">{escape(rdef.name)}</h2>"
                     f"<p class=meta>Formula: {escape(rdef.formula)}</p>")
        fig = bare_chart(lines, key, pack.highlight).update_layout(height=420)
        parts.append(fig.to_html(full_html=False, include_plotlyjs=first, config=HTML_CONFIG,
                                 default_width="100%", div_id=f"chart-{key}"))
        first = False
        rank = pack.ranking[pack.ranking["ratio"] == key]
        rows = "".join(
            f"<tr><td>{'' if pd.isna(r['rank']) else r['rank']}</td><td>{escape(r['entity'])}"
            f"</td><td>{escape(str(r['period_end'] or ''))}</td>"
            f"<td>{escape(ratio_cell(r['value'], rdef.kind, str(r['currency'])))}</td>"
            f"<td>{escape(peer_charts.fmt_delta(r['delta'], rdef.kind))}</td>"
            f"<td>{escape(str(r['period_note'] or ''))}</td></tr>" for _, r in rank.iterrows())
        parts.append("<table><thead><tr><th>#</th><th>Filer</th><th>Period</th><th>Value</th>"
                     f"<th>Change</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>")
        parts.append(f"<p class=foot>{escape(source_footnote(pack, lines))}</p>")
    missing = peers.not_computed(pack.ratios, pack.filers)
    parts.append("<h2 id=\"not-computed\">Ratios not computed, and why</h2><ul>" + "".join(
        f"<li>{escape(r['entity'])} — {escape(r['name'])}: {escape(r['reason'])}</li>"
        for _, r in missing.iterrows()) + "</ul></body></html>")
    return "\n".join(parts).encode("utf-8")
