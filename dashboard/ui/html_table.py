"""A display table written as an HTML table: every column shown, nothing cut, no grid to load.

The chart pages' tables are a few dozen rows of figures already written as text. Streamlit's
data grid would bring about 1.7 MB of JavaScript (the grid and its Arrow readers) for the
browser to fetch and run beside the chart library as the page opens, delaying the first chart;
it cuts long columns and sorts "1,234" before "987". A plain table shows every column, wraps
long notes, prints and screenshots whole, and follows the page's light or dark theme. Longer
tables (a library of many filers) go to the grid, which draws only the rows in view: see `fits`.

Pure: no Streamlit here, so the pages, the tests and an export can use the same text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape

import pandas as pd

# more rows than this go to Streamlit's grid: its virtual scrolling keeps a long table light,
# where an HTML table puts every cell into the page at once
MAX_ROWS = 300

# a text column whose every cell is at most this long (a date, a currency, a period) is kept
# on one line; longer text wraps within a readable width, wider where a cell runs to sentences
SHORT = 16
LONG = 80

# the class every part of the table is styled by (no other element of the page has it)
CLASS = "cn-table"

STYLE = f"""<style>
.{CLASS}-box {{max-height: 36rem; overflow: auto; margin-bottom: 1rem;
  border: 1px solid rgba(128, 128, 128, 0.25); border-radius: 0.5rem;}}
.{CLASS} {{border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.4;
  font-variant-numeric: tabular-nums; color: inherit;}}
.{CLASS} th, .{CLASS} td {{padding: 0.3rem 0.6rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid rgba(128, 128, 128, 0.2);}}
.{CLASS} th {{position: sticky; top: 0; z-index: 1; font-weight: 600; background: #f6f7f9;
  border-bottom: 1px solid rgba(128, 128, 128, 0.45);}}
.{CLASS} th[title] {{text-decoration: underline dotted; cursor: help;}}
.{CLASS} .num {{text-align: right;}}
.{CLASS} td.num {{white-space: nowrap;}}
.{CLASS} td.short {{white-space: nowrap;}}
.{CLASS} td.text, .{CLASS} td.long {{min-width: 6rem; max-width: 32rem; overflow-wrap: anywhere;}}
.{CLASS} td.long {{min-width: 18rem;}}
.{CLASS} tbody tr:hover {{background: rgba(128, 128, 128, 0.08);}}
@media (prefers-color-scheme: dark) {{ .{CLASS} th {{background: #1a1c24;}} }}
</style>"""


def fits(table: pd.DataFrame) -> bool:
    """Whether the table is drawn as an HTML table (short enough) rather than the grid."""
    return len(table) <= MAX_ROWS


def _text(value: object) -> str:
    if value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str)
                         and pd.isna(value)):
        return ""
    return str(value)


def _cell(value: object) -> str:
    return escape(_text(value))


def render(table: pd.DataFrame, *, right: Collection[str] = (),
           tooltips: Mapping[str, str] | None = None) -> str:
    """The table as HTML: a header row (a column's entry in `tooltips` shown on hover), one row
    per row of `table`, the `right` columns right-aligned (figures); every cell and header
    escaped (labels come from filings). The frame's values are shown as they are: format them
    before."""
    tooltips = tooltips or {}
    head = "".join(
        f'<th{" class=num" if c in right else ""}'
        f'{f" title={_quoted(tooltips[c])}" if tooltips.get(c) else ""}>{escape(str(c))}</th>'
        for c in table.columns)
    kinds = [" class=num" if c in right else f" class={_text_kind(table[c])}"
             for c in table.columns]
    body = "".join(
        "<tr>" + "".join(f"<td{k}>{_cell(v)}</td>" for v, k in zip(row, kinds, strict=True))
        + "</tr>"
        for row in table.itertuples(index=False, name=None))
    return (f'{STYLE}<div class="{CLASS}-box"><table class="{CLASS}"><thead><tr>{head}</tr>'
            f"</thead><tbody>{body}</tbody></table></div>")


def _text_kind(column: pd.Series) -> str:
    longest = int(column.map(lambda v: len(_text(v))).max()) if len(column) else 0
    return "short" if longest <= SHORT else "long" if longest > LONG else "text"


def _quoted(text: str) -> str:
    return '"' + escape(text, quote=True) + '"'
