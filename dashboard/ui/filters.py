"""The sidebar's filters (filer, years, currency, segment, population), mirrored in the URL so
a view can be shared, and applied to the facts a page draws."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import analysis as m
from dashboard.model import display as disp
from dashboard.ui import frequency
from dashboard.workspace.view import Facets

ALL = "All"
WHOLE = "Whole portfolio"

@dataclass
class Filters:
    entities: list[str]
    years: tuple[int, int] | None
    currency: str | None
    segment: str | None
    population: str | None = None  # None: per filer and disclosure, its main population
    frequency: str = "annual"  # annual | quarterly: which series the period charts draw

    def describe(self) -> str:
        bits = []
        if self.entities:
            bits.append(", ".join(self.entities))
        if self.years:
            bits.append(f"{self.years[0]}–{self.years[1]}")
        if self.currency:
            bits.append(m.currency_name(self.currency))
        if self.segment is not None:
            bits.append(self.segment or WHOLE)
        if self.population:
            bits.append(self.population)
        return " · ".join(bits) or "all loaded figures"


def _qp_list(key: str) -> list[str]:
    try:
        return [v for v in st.query_params.get_all(key) if v]
    except Exception:
        return []


def first_query(key: str) -> list[str]:
    """What the URL said for `key` when the session opened (app.py keeps it before the filters
    rewrite the URL): the pages' own parameters (?chart=, ?group=, ?peer=)."""
    v = st.session_state.get("_first_qp", {}).get(key, [])
    return [v] if isinstance(v, str) else list(v)


def _years_from_qp(text: str) -> tuple[int, int] | None:
    try:
        a, _, b = text.partition("-")
        lo, hi = int(a), int(b or a)
        return (min(lo, hi), max(lo, hi))
    except ValueError:
        return None


def read_filters(fc: Facets) -> Filters:
    """The filters as the sidebar's widgets hold them (their session_state keys), or as the URL
    gives them when the session opens; kept valid against what is loaded (`fc`) and written
    back to the URL. Draws nothing: app.py reads them before the page and draws the widgets
    after it (`draw_filters`), so the page's first chart does not wait for the browser to
    mount the widgets. A widget's value is its key's, so both read the same choice."""
    entities, years = list(fc.entities), list(fc.years)
    currencies, segments = list(fc.currencies), list(fc.segments)
    ss = st.session_state
    if not ss.get("_qp_read"):
        ss["_qp_read"] = True
        if st.query_params.get("view") == "pct":
            ss["_page_qp"] = {"view": "pct"}
            ss["d_pct"] = True
        want = _qp_list("filer")
        if want:
            ss["f_filer"] = [e for e in want if e in entities]
            missing = [e for e in want if e not in entities]
            if missing:
                ss["_qp_missing"] = missing
        yr = _years_from_qp(st.query_params.get("years", ""))
        if yr and years:
            ss["f_years"] = (max(yr[0], years[0]), min(yr[1], years[-1]))
            ss["_years_bounds"] = (years[0], years[-1])  # the URL's range is a choice
        cur = st.query_params.get("currency", "")
        if cur in currencies:
            ss["f_currency"] = cur
        seg = st.query_params.get("segment", None)
        if seg is not None and (seg in segments or seg == WHOLE):
            ss["f_segment"] = seg or WHOLE
        frequency.read_query()
    # keep remembered choices valid after loads, merges and renames
    ss["f_filer"] = [e for e in ss.get("f_filer", []) if e in entities]
    if ss.get("f_currency") not in [ALL, *currencies]:
        ss["f_currency"] = ALL
    if ss.get("f_segment") not in _segment_options(segments):
        ss["f_segment"] = ALL
    yr_range: tuple[int, int] | None = None
    if len(years) > 1:
        bounds = (years[0], years[-1])
        cur_range = tuple(ss.get("f_years", bounds))
        if cur_range == tuple(ss.get("_years_bounds", cur_range)):
            cur_range = bounds  # an untouched range follows the data as files come in
        ss["_years_bounds"] = bounds
        lo = min(max(cur_range[0], years[0]), years[-1])
        hi = max(min(cur_range[1], years[-1]), lo)
        ss["f_years"] = yr_range = (lo, hi)
    currency, segment = ss["f_currency"], ss["f_segment"]
    full = bool(years) and yr_range == (years[0], years[-1])
    f = Filters(entities=list(ss["f_filer"]),
                years=None if (yr_range is None or full) else (int(yr_range[0]),
                                                               int(yr_range[1])),
                currency=None if currency == ALL else currency,
                segment=None if segment == ALL else ("" if segment == WHOLE else segment),
                population=_population(fc.populations), frequency=frequency.value())
    write_query_params(f)
    return f


def draw_filters(fc: Facets, f: Filters) -> None:
    """The sidebar's filters, in the container the caller opened: what they are set to, one
    line each, and their widgets (filer, years, currency, segment, population, frequency)
    in a popover under one button. The browser loads a widget kind's code only when it first
    shows one, so widgets kept in the closed popover do not delay the page's first chart.
    Their keys hold what `read_filters` read; they are drawn on every run (a widget left out
    of a run loses its state)."""
    st.markdown("**Filters**")
    with st.popover("Change filters", width="stretch",
                    help="Filer, years, currency, segment and frequency: every page reads "
                         "them, and the URL keeps them so a view can be shared."):
        _widgets(fc)
    st.caption("  \n".join(f"{name}: {disp.markdown_text(value)}"
                           for name, value in summary(fc, f)))
    if st.session_state.get("_qp_missing"):
        st.caption("Not loaded, so not shown: " + ", ".join(st.session_state["_qp_missing"]))


def summary(fc: Facets, f: Filters) -> list[tuple[str, str]]:
    """What each filter is set to, in the widgets' order, as the sidebar says it."""
    years = list(fc.years)
    if f.years:
        span = f"{f.years[0]}–{f.years[1]}" if f.years[0] != f.years[1] else str(f.years[0])
    elif years:
        span = f"all ({years[0]}–{years[-1]})" if len(years) > 1 else str(years[0])
    else:
        span = "all"
    out = [("Filer", ", ".join(f.entities) if f.entities else "all filers"),
           ("Years", span),
           ("Currency", m.currency_name(f.currency) if f.currency else "all"),
           ("Segment", "all" if f.segment is None else (f.segment or WHOLE))]
    if len(fc.populations) > 1:
        out.append(("Population", MAIN_POPULATION if f.population is None
                    else f.population or WHOLE_POPULATION))
    out.append(("Frequency", frequency.LABELS.get(f.frequency, f.frequency)))
    return out


def _widgets(fc: Facets) -> None:
    years = list(fc.years)
    st.multiselect("Filer", list(fc.entities), key="f_filer", placeholder="All filers")
    if len(years) > 1:
        st.slider("Years", years[0], years[-1], key="f_years")
    elif years:
        st.caption(f"Year: {years[0]}")
    st.selectbox("Currency", [ALL, *fc.currencies], key="f_currency",
                 format_func=lambda c: c if c == ALL else m.currency_name(c))
    st.selectbox("Segment", _segment_options(fc.segments), key="f_segment")
    _population_widget(fc.populations)
    frequency.control()


def _segment_options(segments: tuple[str, ...] | list[str]) -> list[str]:
    return [ALL] + [WHOLE if s == "" else s for s in segments]


MAIN_POPULATION = "Main population of each filer"
WHOLE_POPULATION = "The filer's own total"


def _population_options(pops: tuple[str, ...]) -> list[str]:
    return [MAIN_POPULATION] + [WHOLE_POPULATION if p == "" else p for p in pops]


def _population(pops: tuple[str, ...]) -> str | None:
    """Populations a filing reports side by side (customer financing vs other receivables): the
    charts show one per series, the one chosen (None: each filer's main population). Offered
    only when the loaded figures name more than one."""
    if len(pops) < 2:
        return None
    if st.session_state.get("f_population") not in _population_options(pops):
        st.session_state["f_population"] = MAIN_POPULATION
    choice = st.session_state["f_population"]
    if choice == MAIN_POPULATION:
        return None
    return "" if choice == WHOLE_POPULATION else choice


def _population_widget(pops: tuple[str, ...]) -> None:
    if len(pops) < 2:
        return
    st.selectbox("Population", _population_options(pops), key="f_population",
                 help="Receivable populations reported side by side, each with its own total; "
                      "charts show one per filer and disclosure")


def write_query_params(f: Filters) -> None:
    qp: dict[str, str | list[str]] = {}
    if f.entities:
        qp["filer"] = f.entities
    if f.years:
        qp["years"] = f"{f.years[0]}-{f.years[1]}"
    if f.currency:
        qp["currency"] = f.currency
    if f.segment is not None:
        qp["segment"] = f.segment or WHOLE
    qp.update(frequency.query(f.frequency))
    extra = st.session_state.get("_page_qp", {})
    qp.update(extra)
    current = {k: (st.query_params.get_all(k) if k == "filer" else st.query_params.get(k))
               for k in st.query_params}
    if current != qp:
        st.query_params.from_dict(qp)


def apply(facts: pd.DataFrame, f: Filters) -> pd.DataFrame:
    out = m.filter_facts(facts, entities=f.entities, years=f.years, currency=f.currency,
                         segment=f.segment)
    return m.pick_population(out, f.population)
