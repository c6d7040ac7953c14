"""The page's own context for a plain-text rendering: its filer and source, its fiscal year end
from the banner date, the units and currency it states before its first table row, and the
population its title names. Every table of the page is read in this context."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dashboard.extract.parsers.text_prose import defines_guarantee_maximum
from dashboard.extract.scale import unit_headings
from dashboard.extract.table import PageContext, population_in_title
from dashboard.model import units
from dashboard.model.dates import parse_date
from dashboard.model.documents import Document
from dashboard.model.units import ISO_WITH_SYMBOL, currency_in, currency_of, scale_statements

if TYPE_CHECKING:
    from dashboard.extract.parsers.text_extract import TextPage


def _before_first_row(page_text: str, page: TextPage) -> str:
    """The page's text up to its first table row: a unit stated there ("In Thousands" in an R
    page's heading) is the page's; one stated in a later table's own header is that table's
    alone ("(In thousands)" over a second table while the first prints whole dollars)."""
    first = next((b.rows[0] for b in page.blocks if b.rows), None)
    words = first.label.split() if first is not None else []
    # the label as printed may wrap over lines or cells ("Balance" / "at December 31, 2008")
    m = re.search(r"[\s|]+".join(map(re.escape, words)), page_text) if words else None
    return page_text[:m.start()] if m and m.start() > 0 else page_text


def page_context(doc: Document, page_text: str, title: str, banner: str,
                 page: TextPage | None = None) -> PageContext:
    head = page_text[:2000]
    unit_head = (_before_first_row(page_text, page) if page is not None else page_text)[:2000]
    period = parse_date(banner) if banner else None
    scales = scale_statements(unit_head) or unit_headings(unit_head)
    unit_header = ISO_WITH_SYMBOL.search(head[:600])
    if not scales and unit_header and currency_of(unit_header["iso"]):
        # an R page's unit headers ("CNY (¥)", and per column "USD ($)") with no "in
        # Thousands": each currency they name is in whole units, as stated
        scales = {cur: 1 for m in ISO_WITH_SYMBOL.finditer(head[:600]) if (cur := currency_of(m["iso"]))}
    return PageContext(
        entity=doc.meta.entity or doc.stem,
        source=doc.source,
        title=title,
        fiscal_end=(period.month, period.day) if period else (12, 31),
        scales=scales,
        currency=currency_in(head) or _dominant_currency(page_text),
        period=period,
        population=population_in_title(title),
        defines_maximum=defines_guarantee_maximum(page_text),
    )


def _dominant_currency(text: str) -> str:
    counts: dict[str, int] = {}
    yen = units.yen_sign_page(text)
    for tok in units.CURRENCY_TOKEN.findall(text):
        iso = "JPY" if yen and tok == "¥" else units.currency_of(tok)
        if iso and tok != "$":
            counts[iso] = counts.get(iso, 0) + 1
    if not counts:
        return ""
    return max(counts.items(), key=lambda kv: kv[1])[0]


def missing_tables(captions: list[tuple[str, int, bool]]) -> list[str]:
    """A note on the tables the page's text announces ("The following table presents …") that
    the fragment does not hold (each caption: its text, its line, whether a table followed)."""
    missing = [cap for cap, _, had_table in captions if not had_table]
    if not missing:
        return []
    shown = "; ".join(f"'{m[:90]}'" for m in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    return [f"{len(missing)} table(s) the text announces are not in this fragment ({shown}{more})"]
