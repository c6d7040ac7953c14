"""Which sources are unnamed (dashboard.facts.identity.unnamed_sources): one comparison per fact,
the same answer as asking each source's group (the app asks it of every loaded fact)."""

from __future__ import annotations

import pandas as pd

from dashboard.facts import identity


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


def _one_by_one(facts: pd.DataFrame, exclude: frozenset[str] = frozenset()
                ) -> list[tuple[str, str, int, int, tuple[str, ...]]]:
    """The recognition rule as written, one fragment at a time: (source, filer, matched,
    compared, dates) for each fragment the evidence ties to exactly one named filer."""
    unnamed = identity.unnamed_sources(facts, exclude)
    k = identity._keyed(facts)
    known = k[~k["source"].astype(str).isin(unnamed)]
    known = known[known["value"] != 0]
    known_keys = known.drop_duplicates(identity._KEY + ["value", "entity"])
    out = []
    for src in unnamed:
        frag = k[(k["source"].astype(str) == src) & (k["value"] != 0)]
        frag = frag.drop_duplicates(identity._KEY + ["value"])
        pairs = frag.drop(columns=["entity"]).merge(
            known_keys[identity._KEY + ["value", "entity"]].rename(columns={"value": "known"}),
            on=identity._KEY)
        step = pairs["scale"].clip(lower=1)
        hits = pairs[(pairs["value"] == pairs["known"]) | (
            (step > 1) & ((pairs["known"] / step).round() * step == pairs["value"]))]
        if hits.empty:
            continue
        per = hits.groupby("entity")["value"].count().sort_values(ascending=False)
        n, runner = int(per.iloc[0]), (int(per.iloc[1]) if len(per) > 1 else 0)
        compared = len(frag.merge(known[identity._KEY].drop_duplicates(), on=identity._KEY)
                       .drop_duplicates(identity._KEY + ["value"]))
        if n < identity.MIN_MATCHES or n / compared < identity.MIN_SHARE or n <= runner:
            continue
        best = str(per.index[0])
        dates = tuple(sorted(set(hits.loc[hits["entity"] == best, "period_end"])))
        out.append((src, best, n, compared, dates))
    return out


def test_recognise_all_fragments_at_once_as_one_by_one() -> None:
    """The samples' facts, each file in turn stripped of its filer, plus a copy that two filers
    share (ambiguous) and one printed in millions (matched at its precision)."""
    from pathlib import Path

    from dashboard.extract.pipeline import extract_paths
    from dashboard.facts.resolve import read_manifest

    data = Path(__file__).resolve().parents[2] / "data"
    facts = extract_paths([str(data)]).facts
    man = read_manifest(data)
    facts["entity"] = [man.get(s.split("#", 1)[0], {}).get("filer", e)
                       for s, e in zip(facts["source"].astype(str), facts["entity"], strict=True)]
    facts["entity_reported"] = facts["entity"]
    sources = sorted(set(facts["source"].astype(str)))
    fta = facts[facts["entity"] == "Full Truck Alliance Co. Ltd."]
    twin = fta.assign(entity="FTA Twin Holdings", entity_reported="FTA Twin Holdings",
                      source=fta["source"].astype(str) + ".twin")
    seen = 0
    for i in range(0, len(sources), 2):
        strip = set(sources[i:i + 2])
        f = facts.copy()
        m = f["source"].astype(str).isin(strip)
        f.loc[m, "entity"] = f.loc[m, "source"].astype(str).map(identity._stem)
        f.loc[m, "entity_reported"] = f.loc[m, "entity"]
        millions = f[m].assign(source=f.loc[m, "source"].astype(str) + ".m",
                               value=(f.loc[m, "value"] / 1e6).round() * 1e6, scale=1_000_000)
        for extra in ([], [twin], [millions]):
            case = pd.concat([f, *extra], ignore_index=True)
            got = [(r.source, r.filer, r.matched, r.compared, r.dates)
                   for r in identity.recognise(case)]
            assert got == _one_by_one(case), sorted(strip)
            seen += len(got)
    assert seen >= 10  # the rule was exercised, not only its empty answer
