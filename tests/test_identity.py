"""Which sources are unnamed (dashboard.identity.unnamed_sources): one comparison per fact,
the same answer as asking each source's group (the app asks it of every loaded fact)."""

from __future__ import annotations

import pandas as pd

from dashboard import identity


def _by_groups(facts: pd.DataFrame, exclude: frozenset[str] = frozenset()) -> list[str]:
    """The rule as written: a source is unnamed when every name its facts carry (reported and
    resolved) is its file's stem, its base name or its stem with the part."""
    reported = facts["entity_reported"] if "entity_reported" in facts.columns else facts["entity"]
    out = []
    for src, g in facts.groupby(facts["source"].astype(str), sort=True):
        base = src.split("#", 1)[0]
        stems = {identity._stem(src), identity._stem(base), base}
        if src in exclude or base in exclude:
            continue
        if set(reported.loc[g.index].astype(str)) <= stems and set(g["entity"].astype(str)) <= stems:
            out.append(src)
    return out


def test_unnamed_sources_match_the_rule_per_source() -> None:
    rows = [
        ("002_cb6f", "002_cb6f", "002_cb6f.htm"),  # named after its file: unnamed
        ("002_cb6f", "002_cb6f", "002_cb6f.htm"),
        ("Full Truck Alliance", "Full Truck Alliance", "fta_2022.htm"),  # named
        ("sub", "sub", "sub.txt#R4.htm"),  # a part named after the submission's stem
        ("sub.txt", "sub.txt", "sub.txt#R5.htm"),  # … or its base name
        ("mixed", "mixed", "mixed.htm"),
        ("Acme Ltd", "mixed", "mixed.htm"),  # one fact resolved to a filer: not unnamed
        ("zeta", "Zeta Corp", "zeta.htm"),  # the reported name is no stem: named
    ]
    facts = pd.DataFrame(rows, columns=["entity", "entity_reported", "source"])
    for exclude in (frozenset(), frozenset({"sub.txt"}), frozenset({"002_cb6f.htm"})):
        assert identity.unnamed_sources(facts, exclude) == _by_groups(facts, exclude)
    assert identity.unnamed_sources(facts) == ["002_cb6f.htm", "sub.txt#R4.htm", "sub.txt#R5.htm"]
    assert identity.unnamed_sources(facts, frozenset({"sub.txt"})) == ["002_cb6f.htm"]
    no_reported = facts.drop(columns=["entity_reported"])
    assert identity.unnamed_sources(no_reported) == _by_groups(no_reported)
    assert identity.unnamed_sources(facts.iloc[:0]) == []
