"""What the server computes as it starts, before a first visitor asks: the landing page's data
and charts (`warm`), then, on a small library, every page's (`warm_rest`). Run by
`python -m dashboard.ui.launch`."""

from __future__ import annotations

from dashboard.ui import loaded, page_data, panels, store

# above this many facts, reading them all at a server's start would compete with a first
# visitor's browser for the CPU (on 2 cores, the 10,000-fragment library's Overview drew
# later); the other pages then read them when first visited
WARM_REST_MAX_FACTS = 25_000


def warm() -> None:
    """Compute what a new session without scratch files shows first — the library read, the
    sidebar's choices, the sources' notes, the Overview's filer table and its default filer's
    charts, panel by panel in the page's order (a first visitor who asks meanwhile waits for
    the first panel only) — into the caches every session reads."""
    d = loaded.directory_cached(store.stamp())
    table, _ = panels.directory_filers(d.key, d)
    if not table.empty:  # the Overview's default: the first of the filer table, no filter
        entity = str(table.iloc[0]["entity"])
        panels.overview(loaded.filer_of(d, entity), entity)


def warm_rest() -> bool:
    """After the landing page (`warm`), on a library of at most WARM_REST_MAX_FACTS facts:
    every fact, recognised, with the sidebar's choices and the sources' notes, which the
    other pages read, and the Delinquency page's default view (a visitor to /delinquency or
    Sources then waits for nothing). Whether it was done."""
    if loaded.directory_cached(store.stamp()).n_facts > WARM_REST_MAX_FACTS:
        return False
    data, _ = loaded.everything([])
    loaded.facets(data)
    loaded.noted_sources(data)
    page_data.warm(data)
    return True
