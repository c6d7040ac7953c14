"""Small widgets every page shares: the chart toolbar's settings, dates, committee tables and
the line that says why a page is empty."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.model import display as disp
from dashboard.ui import html_table
from dashboard.ui.filters import Filters
from dashboard.ui.loaded import directory, library_only

PLOTLY_CONFIG = {"displaylogo": False,
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "credit-notes"}}


def explain_empty(disclosure: str, all_facts: pd.DataFrame, shown: pd.DataFrame,
                  f: Filters, what: str) -> None:
    """Say what is missing: nothing loaded of this kind, or the filters hide it. With the
    library alone, who has it is read from its directory (the page may hold only the filers
    chosen)."""
    if library_only():
        all_facts = directory().groups
    any_kind = all_facts[all_facts["disclosure"] == disclosure]
    if any_kind.empty:
        st.info(f"No {what} found in the loaded sources. Add a filing with this note on the "
                "**Sources** page; the table there says what was found in each file.")
    else:
        where = ", ".join(sorted(set(any_kind["entity"].astype(str))))
        st.info(disp.ending(f"No {what} for the current filters ({f.describe()}). Loaded "
                            f"sources have {what} for: {where}"))


def fmt_date(d: object) -> str:
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return ""
    return pd.Timestamp(d).strftime("%Y-%m-%d")


def committee_table(shown: pd.DataFrame, formats: dict[str, str], *, key: str,
                    config: Mapping[str, Mapping[str, object]] | None = None,
                    constant: tuple[str, ...] = ("Filer", "Segment", "Currency")) -> None:
    """A display table: figures written with their formats and right-aligned, an en dash
    where a figure is missing (never 'None'), and the columns that say one thing on every
    row (one filer, one currency) said once above the table instead, so the figures fit the
    width of the page."""
    table, said = disp.drop_constant(shown, constant)
    if said:
        st.markdown(" · ".join(f"**{k}:** {v}" for k, v in said.items()))
    page_table(disp.formatted(table, formats), key=key, right=list(formats), config=config)


def page_table(table: pd.DataFrame, *, key: str, right: list[str] | None = None,
               config: Mapping[str, Mapping[str, object]] | None = None) -> None:
    """A table of text on a page: an HTML table while it is short (html_table: every column
    shown, no grid code for the browser to load before the page's chart), Streamlit's grid
    beyond. `right`: the columns right-aligned (figures); `config`: st.column_config entries,
    whose help texts become the headers' tooltips."""
    right = [c for c in right or () if c in table.columns]
    config = {c: v for c, v in (config or {}).items() if c in table.columns}
    if html_table.fits(table):
        tips = {c: str(v["help"]) for c, v in config.items() if v.get("help")}
        with st.container(key=key):
            st.html(html_table.render(table, right=right, tooltips=tips))
        return
    cfg: dict[str, object] = {c: st.column_config.TextColumn(alignment="right") for c in right}
    cfg.update(config)
    st.dataframe(table, hide_index=True, width="stretch", key=key, column_config=cfg)
