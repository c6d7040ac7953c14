"""How figures are written for people: one place, shared by the pages, the charts and the
exports. No streamlit.

- One display name per currency (`RMB` for CNY, `US$` for USD); the ISO code stays in the
  facts contract and in the CSV.
- A missing figure is an en dash in a table, never `None` or `nan`.
- Amounts in a table use one scale, chosen from the figures shown, and the unit goes in the
  column header ("Provision (RMB thousands)"); a table that mixes currencies keeps whole units
  and says so in the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

MISSING = "–"  # en dash: what a table shows where the filing gives no figure
NIL = "0"  # a figure the filing gives as nil (or that rounds to nothing): never the en dash


CURRENCY_NAMES: dict[str, str] = {"CNY": "RMB", "USD": "US$", "HKD": "HK$", "EUR": "€"}
SCALE_WORDS: dict[int, str] = {1: "", 1_000: "thousands", 1_000_000: "millions",
                               1_000_000_000: "billions"}


_MARKDOWN = re.compile(r"([\\`*_~\[\]<>#:$|])")


def markdown_text(text: str) -> str:
    """`text` to show as printed where Markdown is read (Streamlit's captions and labels): a
    filer's or segment's name, a figure or a unit ("US$ 81.7 thousand of US$ 3.7 million")
    with its punctuation escaped, so no pair of dollar signs becomes a formula, no asterisk
    emphasis and no colon an icon."""
    return _MARKDOWN.sub(r"\\\1", text)


def ending(text: str) -> str:
    """`text` closed by a full stop, once: a sentence that ends on a filer's name ('Qifu
    Technology, Inc.') gets no second one."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def currency_name(code: object) -> str:
    """The one name a currency goes by on screen and in exports ('RMB', 'US$'); the ISO code
    otherwise."""
    code = str(code or "")
    return CURRENCY_NAMES.get(code, code or "?")


def money(value: object, currency: object) -> str:
    """The exact figure in whole units: 'RMB 2,223,000,000'; an en dash when missing."""
    if value is None or pd.isna(value):
        return MISSING
    return f"{currency_name(currency)} {float(value):,.0f}"


def money_short(value: object, currency: object) -> str:
    """A headline figure: 'RMB 234.6 million', 'US$ 1.45 billion', 'RMB 37 thousand'."""
    if value is None or pd.isna(value):
        return MISSING
    v = float(value)
    for div, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(v) >= div:
            n = v / div
            text = f"{n:,.1f}".removesuffix(".0")
            return f"{currency_name(currency)} {text} {word}"
    return f"{currency_name(currency)} {v:,.0f}"


def _short_scale(value: float) -> tuple[float, str]:
    v = abs(float(value))
    for div, word in ((1e9, "billions"), (1e6, "millions"), (1e3, "thousands")):
        if v >= div:
            return div, word
    return 1.0, ""


def short_unit(value: object, currency: object) -> str:
    """The unit a headline figure is written in: 'RMB millions'."""
    if value is None or pd.isna(value):
        return currency_name(currency)
    return f"{currency_name(currency)} {_short_scale(float(value))[1]}".strip()


def short_divisor(value: object) -> float:
    """What `in_short_unit` divides a figure by (1e6 for a figure in millions)."""
    if value is None or pd.isna(value):
        return 1.0
    return float(_short_scale(float(value))[0])


def in_short_unit(value: object) -> str:
    """The headline figure in `short_unit`: 234,599,000 -> '234.6'."""
    if value is None or pd.isna(value):
        return MISSING
    div, _ = _short_scale(float(value))
    return f"{float(value) / div:,.1f}".removesuffix(".0")


def pct(ratio: object, digits: int = 2) -> str:
    """0.0222 -> '2.22%'."""
    if ratio is None or pd.isna(ratio):
        return MISSING
    return f"{float(ratio) * 100:.{digits}f}%"


def pt_change(diff: object) -> str:
    """A change of a ratio in percentage points: 0.0003 -> '+0.03 pt' (true minus sign)."""
    if diff is None or pd.isna(diff):
        return ""
    text = f"{float(diff) * 100:+.2f} pt"
    return text.replace("-", "−")


def signed_pct(ratio: object) -> str:
    """A relative change: 0.208 -> '+20.8%', -0.833 -> '−83.3%'."""
    if ratio is None or pd.isna(ratio):
        return ""
    return f"{float(ratio) * 100:+.1f}%".replace("-", "−")


def table_unit(currencies: Iterable[object], values: Iterable[float]) -> tuple[int, str]:
    """(divisor, unit words) for the amount columns of one table.

    One currency: the chart's scale ('RMB thousands', 'RMB millions'). Several currencies:
    whole units, because one scale word cannot name two currencies; the header says so.
    """
    curs = sorted({str(c) for c in currencies if c is not None and str(c)})
    if len(curs) == 1:
        div = display_scale(values)
        return div, f"{currency_name(curs[0])} {TABLE_SCALE.get(div, '')}".strip()
    return 1, "units"


# a table header's scale, short so that the columns fit the page ('RMB m', 'US$ '000')
TABLE_SCALE: dict[int, str] = {1: "", 1_000: "'000", 1_000_000: "m", 1_000_000_000: "bn"}
UNIT_NOTE = "m = millions, '000 = thousands"


def with_unit(name: str, unit: str) -> str:
    """'Provision' + 'RMB thousands' -> 'Provision (RMB thousands)'."""
    return f"{name} ({unit})" if unit else name


def amount_columns(frame: pd.DataFrame, columns: Sequence[str], *, currency_col: str = "currency",
                   currencies: Iterable[object] | None = None
                   ) -> tuple[pd.DataFrame, dict[str, str]]:
    """Scale the amount columns of a display table to one unit and rename them with it.

    Returns the new frame and {old column: new header}. Values are divided, not rounded:
    the table's number format rounds for display and the exact figure stays available.
    """
    curs = list(currencies) if currencies is not None else (
        list(frame[currency_col]) if currency_col in frame.columns else [])
    present = [c for c in columns if c in frame.columns]
    vals = pd.concat([pd.to_numeric(frame[c], errors="coerce") for c in present]) \
        if present else pd.Series(dtype=float)
    div, unit = table_unit(curs, vals)
    out = frame.copy()
    names: dict[str, str] = {}
    for c in present:
        out[c] = pd.to_numeric(out[c], errors="coerce") / div
        names[c] = with_unit(c, unit)
    return out.rename(columns=names), names


def number_format(header: str) -> str:
    """The printf format for an amount column: decimals when the unit is thousands or
    millions (so 81.659 RMB millions does not read as 82), none for whole units."""
    return "%,.1f" if header.endswith((" m)", " '000)", " bn)")) else "%,.0f"


_ISO_IN_TEXT = re.compile(r"(?<![A-Za-z])(CNY|USD)(?![A-Za-z])")


def currency_words(text: str) -> str:
    """Free text (a locator quoting an R page's column header, 'Dec. 31, 2019 CNY (¥)') with
    each currency under its one screen name."""
    return _ISO_IN_TEXT.sub(lambda mt: currency_name(mt[1]), text)


def text_cells(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Text columns with a blank, never 'None' or 'nan', where there is nothing to say,
    currencies under their screen names and dates as YYYY-MM-DD (a column of dates with
    blanks is text throughout, as the table that shows it needs one type per column)."""
    out = frame.copy()
    for c in (columns if columns is not None else out.columns):
        if c in out.columns and (out[c].dtype == object or str(out[c].dtype) == "string"):
            out[c] = out[c].map(_text_cell)
    return out


def _text_cell(v: object) -> object:
    if isinstance(v, str):
        return currency_words(v)
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if v is None or pd.isna(v):  # type: ignore[call-overload]
        return ""
    return v


def formatted(frame: pd.DataFrame, formats: Mapping[str, str]) -> pd.DataFrame:
    """A display table as text: each formatted column written with its format ('{:,.1f}',
    '{:.2%}', '{:.2f}×'), an en dash where the figure is missing; other text columns blank
    where empty. (Streamlit draws a missing number as 'None' whatever the format, so the
    table is handed over already written; the pages right-align the formatted columns.)"""
    fmt = {c: f for c, f in formats.items() if c in frame.columns}
    out = text_cells(frame, [c for c in frame.columns if c not in fmt])
    for c, f in fmt.items():
        nums = pd.to_numeric(out[c], errors="coerce")
        out[c] = [MISSING if pd.isna(v) else f.format(int(v) if f == "{:d}" else v)
                  for v in nums]
    return out


def drop_constant(frame: pd.DataFrame, columns: Iterable[str]) -> tuple[pd.DataFrame,
                                                                      dict[str, str]]:
    """Drop the given columns where every row says the same thing; returns what they said
    ({column: value}) so the page can say it once above the table."""
    said: dict[str, str] = {}
    keep = []
    for c in frame.columns:
        if c in set(columns) and len(frame) > 0 and frame[c].astype(str).nunique() == 1:
            said[c] = str(frame[c].iloc[0])
        else:
            keep.append(c)
    return frame[keep], said


def bucket_name(label: str) -> str:
    """Bucket labels capitalised alike: '0-30 days', 'over 90 days' -> 'Over 90 days'."""
    s = str(label).strip()
    return s[:1].upper() + s[1:] if s else s


# ─── units and scales (charts, exports and the pages) ────────────────────────────────────────

def display_scale(values: Iterable[float]) -> int:
    """A readable divisor for a set of figures: millions from a million up, else thousands."""
    vals = [abs(v) for v in values if v is not None and pd.notna(v)]
    top = max(vals) if vals else 0
    if top >= 1_000_000:
        return 1_000_000
    if top >= 1_000:
        return 1_000
    return 1


def unit_label(currency: str, scale: int) -> str:
    """'RMB millions', 'US$ thousands', 'RMB'."""
    word = SCALE_WORDS.get(int(scale), f"× {int(scale):,}")
    return f"{currency_name(currency)} {word}".strip()


def hover_money(value: float | None, currency: str) -> str:
    """The exact figure in whole units, as a chart's hover gives it: 'RMB 2,223,000,000'; an
    en dash when missing, as in the tables."""
    if value is None or pd.isna(value):
        return MISSING
    return f"{currency_name(currency)} {value:,.0f}"


def scale_basis_note(facts: pd.DataFrame) -> str:
    """'RMB thousands, as stated' — the scale of the figures as the filer gave them."""
    parts = []
    for (cur, scale, basis), g in facts.groupby(["currency", "scale", "scale_basis"],
                                                 dropna=False, sort=True):
        s = int(scale) if pd.notna(scale) else 1
        unit = unit_label(str(cur), s) if s != 1 else f"{currency_name(str(cur))} units"
        how = {"stated": "as stated", "inferred": "scale inferred", "assumed": "scale assumed",
               "given": "scale given by the analyst"}.get(str(basis), str(basis))
        if basis in ("assumed", "given"):
            # how many of the figures rest on a scale nobody printed
            how += f" ({len(g)} figure{'s' if len(g) != 1 else ''})"
        parts.append(f"{unit}, {how}")
    return "; ".join(dict.fromkeys(parts))
