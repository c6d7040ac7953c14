"""The analyst's view of the filing library: every fact under the name the analyst reads it by.

One rule, used by the app, the command line (`library ls|facts`) and the committee pack:
a source's filer is the analyst's label (by content hash and part, else on the whole file),
else the bundled manifest's filer for a bundled sample, else what the file says; then the
analyst's merges; figures whose scale nothing states take the scale given for their filer;
the manifest gives the samples the form and period they do not state; and a fragment that
names no filer but repeats a known filer's figures for the same dates joins that filer
(`dashboard.facts.identity`) until the analyst says otherwise.

`Workspace.load` reads facts (all, or some filers' and years'); `Workspace.directory` reads
only aggregates — who has figures of what, when — for a first screen or a filer list, and
`Workspace.filer` one filer's facts as the whole library would name them. No streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from dashboard.facts import identity
from dashboard.facts.resolve import Labels, read_manifest, resolve
from dashboard.library import Library
from dashboard.model.errors import UnknownFiler
from dashboard.model.schema import conform
from dashboard.workspace import inputs as io


@dataclass(frozen=True, slots=True)
class LibraryFile:
    """A file held in the library (for the Sources page's lists)."""

    name: str
    digest: str
    origin: str = "library"


@dataclass
class Loaded:
    """Facts and sources as the analyst reads them. The app shares one between sessions
    (no copy per rerun): read it, never change its frames in place."""

    facts: pd.DataFrame  # contract columns + entity_reported, entity resolved
    sources: pd.DataFrame  # engine columns + filer, origin
    hashes: dict[str, str]
    inputs: list[io.Input | LibraryFile]
    key: str = ""  # the cache key of what is loaded: derived frames are cached by it


@dataclass(frozen=True)
class Facets:
    """What a filter offers: the distinct filers, years, currencies, segments, populations."""

    entities: tuple[str, ...]
    years: tuple[int, ...]
    currencies: tuple[str, ...]
    segments: tuple[str, ...]
    populations: tuple[str, ...]


def years_of(period_ends: Iterable[object]) -> tuple[int, ...]:
    """The calendar years of period ends, as `analysis.fact_year` counts them."""
    ends = pd.to_datetime(pd.Series(list(period_ends), dtype=object), errors="coerce")
    return tuple(sorted({int(y) for y in ends.dt.year.dropna()}))


def facets_of(facts: pd.DataFrame) -> Facets:
    """The facets of some facts (every distinct value once: a few hundred, not every fact)."""
    if facts.empty:
        return Facets((), (), (), (), ())

    def distinct(col: str) -> set[str]:
        return set(facts[col].unique().astype(str)) if col in facts.columns else set()

    return Facets(
        entities=tuple(sorted(distinct("entity"))),
        years=years_of(pd.unique(facts["period_end"])),
        currencies=tuple(sorted(distinct("currency") - {""})),
        segments=tuple(sorted(distinct("segment"))),
        populations=tuple(sorted(distinct("population"))))


@dataclass(frozen=True)
class Directory:
    """Who every fact of the library belongs to, as the analyst names filers, read with a few
    aggregate queries instead of every fact. Read, never change."""

    groups: pd.DataFrame  # source, entity_reported, entity, disclosure, metric, period_end, n
    recognitions: list[identity.Recognition]
    facets: Facets
    n_sources: int
    n_facts: int
    stored: dict[str, tuple[str, ...]]  # filer as shown -> the library's partitions holding it
    key: str
    filers: pd.DataFrame = field(default_factory=pd.DataFrame)  # `Workspace.filer_list`'s table


# one pass over the facts: who, what, when, and the facets (currency, segment, population),
# counted: figures (`n`, as the filer table counts them) and rows
_GROUPS_SQL = """
    SELECT source, entity, disclosure, metric, period_end, coalesce(currency, '') AS currency,
           coalesce(segment, '') AS segment, coalesce(population, '') AS population,
           count(value) AS n, count(*) AS rows
    FROM facts GROUP BY ALL"""
_MATCHING_SQL = """
    WITH u AS (SELECT DISTINCT disclosure, metric, days_from, days_to, period_end, currency
               FROM facts WHERE list_contains(?::VARCHAR[], source))
    SELECT f.* FROM facts f SEMI JOIN u
      ON f.disclosure IS NOT DISTINCT FROM u.disclosure AND f.metric IS NOT DISTINCT FROM u.metric
     AND f.days_from IS NOT DISTINCT FROM u.days_from AND f.days_to IS NOT DISTINCT FROM u.days_to
     AND f.period_end IS NOT DISTINCT FROM u.period_end AND f.currency IS NOT DISTINCT FROM u.currency
    ORDER BY useq, doc, n"""


def labelled_sources(sources: list[str], hashes: Mapping[str, str],
                     labels: Mapping[tuple[str, str], str]) -> set[str]:
    """The sources the analyst has named (by content hash and part, or the whole file): their
    filer is the analyst's word, never recognised anew."""
    return {s for s in set(sources)
            if (k := io.source_key(s, hashes)) and (k in labels or (k[0], "") in labels)}


class Workspace:
    """The analyst's view of one library (and of files read beside it in a scratch session)."""

    def __init__(self, lib: Library, manifest: Mapping[str, Mapping[str, str]] | None = None,
                 bundled: Mapping[str, str] | None = None) -> None:
        """`manifest`: the bundled samples' (their filer, form, period and note); `bundled`:
        their content hashes by name (both read from `data/` when not given)."""
        self.lib = lib
        self.manifest = read_manifest(io.repo_data_dir()) if manifest is None else manifest
        self.bundled = ({i.name: i.digest for i in io.bundled_inputs()} if bundled is None
                        else bundled)

    # ── the one naming rule ────────────────────────────────────────────────────────────────

    def _source_filers(self, sources: Iterable[str], hashes: Mapping[str, str],
                       origin: Mapping[str, str]) -> tuple[dict[str, str],
                                                           dict[tuple[str, str], str]]:
        """({source: filer} from the analyst's labels, else the manifest for a bundled sample
        — a file the app took in as one, or the same bytes under the same name however they
        came in (`ingest data/`); the labels themselves)."""
        defaults = {name: meta.get("filer", "") for name, meta in self.manifest.items()
                    if origin.get(name) == "bundled"
                    or (name in self.bundled and hashes.get(name) == self.bundled[name])}
        labels = self.lib.labels.filers(set(hashes.values()))
        return io.source_filer_map(sorted(set(sources)), hashes, labels, defaults), labels

    # ── facts ──────────────────────────────────────────────────────────────────────────────

    def load(self, filers: Sequence[str] | None = None, years: tuple[int, int] | None = None,
             *, scratch: Sequence[io.Input] = (),
             scratch_frames: Sequence[tuple[pd.DataFrame, pd.DataFrame]] = (),
             key: str = "") -> Loaded:
        """The library's facts (all, or those of some filers as the library stores them, and
        some years) and those read from scratch files (`scratch_frames`, in the order of
        `scratch`), named, merged and scaled; not yet recognised (`recognise`)."""
        lib_facts = self.lib.facts(filers=list(filers) if filers is not None else None,
                                   years=years)
        lib_sources = self.lib.sources(filers=list(filers) if filers is not None else None)
        parts = [(lib_facts, lib_sources[[c for c in lib_sources.columns if c != "origin"]])]
        origin: dict[str, str] = {}
        unit_names = lib_sources[["unit_name", "unit", "origin"]].drop_duplicates("unit")
        lib_hashes = dict(zip(unit_names["unit_name"], unit_names["unit"], strict=True))
        for name, o in zip(unit_names["unit_name"], unit_names["origin"], strict=True):
            origin[name] = o or "library"
        for i, frames in zip(scratch, scratch_frames, strict=True):
            parts.append(frames)
            if isinstance(i, io.FileInput):
                origin[i.name] = i.origin
            else:
                for rel, _ in i.files:
                    origin[rel] = "folder"
                    origin[rel.rsplit("/", 1)[-1]] = "folder"
        facts, sources = io.combine(parts)
        hashes = {**lib_hashes, **io.source_hashes(scratch)}
        all_sources = set(facts["source"].astype(str)) | set(sources["source"].astype(str))
        filer_map, _ = self._source_filers(all_sources, hashes, origin)
        res = resolve(facts, sources, Labels(
            source_filers=filer_map, aliases=self.lib.labels.aliases(),
            filer_scales=self.lib.labels.filer_scales(), manifest=self.manifest,
            manifest_filers=False, manifest_columns=("form", "period")))
        facts, sources = res.facts, res.sources
        sources["origin"] = [origin.get(io.split_source(str(s))[0], "")
                             for s in sources["source"]]
        held = [LibraryFile(name=n, digest=d, origin=origin.get(n, "library"))
                for n, d in lib_hashes.items()]
        return Loaded(facts=facts, sources=sources, hashes=hashes, inputs=[*held, *scratch],
                      key=key)

    def recognise(self, data: Loaded) -> tuple[Loaded, list[identity.Recognition]]:
        """`data` with every unnamed fragment whose figures are a known filer's joined to that
        filer, and the recognitions (the analyst confirms or undoes them on Sources)."""
        if data.facts.empty:
            return data, []
        labels = self.lib.labels.filers(set(data.hashes.values()))
        labelled = labelled_sources(data.facts["source"].astype(str).tolist(), data.hashes,
                                    labels)
        recs = identity.recognise(data.facts, exclude=labelled)
        if not recs:
            return data, []
        facts = identity.apply(data.facts, recs)
        names = {r.source: r.filer for r in recs}
        sources = data.sources.copy()
        sources["filer"] = [names.get(str(s), f) for s, f in zip(
            sources["source"], sources["filer"], strict=True)]
        return Loaded(facts=facts, sources=sources, hashes=data.hashes, inputs=data.inputs,
                      key=data.key), recs

    def everything(self, *, scratch: Sequence[io.Input] = (),
                   scratch_frames: Sequence[tuple[pd.DataFrame, pd.DataFrame]] = (),
                   key: str = "") -> tuple[Loaded, list[identity.Recognition]]:
        """Every fact, named and recognised: what the analyst sees."""
        return self.recognise(self.load(scratch=scratch, scratch_frames=scratch_frames,
                                        key=key))

    # ── the directory: aggregates only ──────────────────────────────────────────────────────

    def directory(self, key: str = "") -> Directory:
        """Who every fact belongs to, named as `everything` names it, from aggregate queries
        (and the facts that share their keys with fragments that name no filer)."""
        lib = self.lib
        with ThreadPoolExecutor(2) as pool:  # DuckDB reads the two tables side by side
            groups_f = pool.submit(lib.query, _GROUPS_SQL, cold=True)
            sources = lib.query("SELECT source, unit_name, unit, origin, form FROM sources",
                                cold=True)
            groups = groups_f.result()
        hashes = dict(zip(sources["unit_name"].tolist(), sources["unit"].tolist(), strict=True))
        origin = {n: (o or "library") for n, o in zip(
            sources["unit_name"].tolist(), sources["origin"].fillna("").tolist(), strict=True)}
        filer_map, labels = self._source_filers(
            set(groups["source"].astype(str).tolist()) | set(sources["source"].astype(str).tolist()),
            hashes, origin)
        naming = Labels(source_filers=filer_map, aliases=lib.labels.aliases(),
                        manifest_filers=False)
        groups = groups.rename(columns={"entity": "entity_reported"})
        groups["entity_reported"] = groups["entity_reported"].fillna("").astype(str)
        named = resolve(groups.assign(entity=groups["entity_reported"]), labels=naming).facts
        # the filer, and segment and population names as `everything` writes them (one spelling)
        groups["entity"] = named["entity"].astype(str)
        groups["segment"], groups["population"] = named["segment"], named["population"]
        # fragments that name no filer: recognised from the facts that share their keys only
        labelled = labelled_sources(groups["source"].astype(str).tolist(), hashes, labels)
        recs: list[identity.Recognition] = []
        unnamed = identity.unnamed_sources(groups, labelled)
        if unnamed:
            some = conform(lib.query(_MATCHING_SQL, [unnamed], cold=True))
            some = resolve(some, labels=naming).facts
            recs = identity.recognise(some, exclude=labelled)
            names = {r.source: r.filer for r in recs}
            groups["entity"] = [names.get(s, e) for s, e in zip(
                groups["source"].astype(str).tolist(), groups["entity"].tolist(), strict=True)]
        facets = Facets(
            entities=tuple(sorted(set(groups["entity"]))),
            years=years_of(pd.unique(groups["period_end"])),
            currencies=tuple(sorted(set(groups["currency"].astype(str)) - {""})),
            segments=tuple(sorted(set(groups["segment"].astype(str)))),
            populations=tuple(sorted(set(groups["population"].astype(str)))))
        stored: dict[str, set[str]] = {}
        for e, r in zip(groups["entity"].tolist(), groups["entity_reported"].tolist(),
                        strict=True):
            stored.setdefault(e, set()).add(r)
        table = _filer_list(groups, sources, self.manifest)
        n_facts = int(groups["rows"].sum())
        # by metric too: what a filer has is decided by its chart figures (overview.chart_figures)
        groups = groups.groupby(["source", "entity_reported", "entity", "disclosure", "metric",
                                 "period_end"], dropna=False, sort=False, as_index=False)["n"].sum()
        return Directory(groups=groups, recognitions=recs, facets=facets,
                         n_sources=len(sources), n_facts=n_facts,
                         stored={e: tuple(sorted(r)) for e, r in stored.items()}, key=key,
                         filers=table)

    def filer(self, d: Directory, entity: str, key: str = "") -> Loaded:
        """One filer's facts and sources, read from its partitions (and those of fragments
        recognised as its), named and recognised as `everything` names them."""
        data = self.load(d.stored.get(entity, ()), None, key=key)
        mine = [r for r in d.recognitions if r.filer == entity]
        facts = identity.apply(data.facts, mine)
        facts = facts[facts["entity"].astype(str) == entity].reset_index(drop=True)
        names = {r.source: r.filer for r in mine}
        sources = data.sources.copy()
        sources["filer"] = [names.get(str(s), f) for s, f in zip(
            sources["source"], sources["filer"], strict=True)]
        sources = sources[sources["filer"].astype(str) == entity].reset_index(drop=True)
        return Loaded(facts=facts, sources=sources, hashes=data.hashes, inputs=data.inputs,
                      key=key)

    def filers(self, names: Sequence[str], d: Directory | None = None, key: str = ""
               ) -> Loaded:
        """Some filers' facts and sources, as `filer` reads each. A name the view does not
        hold raises `UnknownFiler` naming it."""
        d = d or self.directory()
        unknown = [n for n in dict.fromkeys(names) if n not in d.stored]
        if unknown:
            raise UnknownFiler(unknown)
        parts = [self.filer(d, n, key=f"{key}|filer={n}") for n in dict.fromkeys(names)]
        if not parts:
            return Loaded(facts=conform(pd.DataFrame()), sources=pd.DataFrame(), hashes={},
                          inputs=[], key=key)
        return concat(parts, key)


def concat(parts: Sequence[Loaded], key: str = "") -> Loaded:
    """Several filers' `Loaded` as one."""
    facts = pd.concat([p.facts for p in parts], ignore_index=True)
    sources = pd.concat([p.sources for p in parts], ignore_index=True)
    hashes = {k: v for p in parts for k, v in p.hashes.items()}
    return Loaded(facts=facts, sources=sources, hashes=hashes, inputs=parts[0].inputs, key=key)


def _filer_list(groups: pd.DataFrame, sources: pd.DataFrame,
                manifest: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """entity, forms, first_year, last_year, n_facts, n_files — one row per filer as named,
    from the directory's groups (rows counted) and the sources they come from (a form the
    file does not state is the manifest's)."""
    cols = ["entity", "forms", "first_year", "last_year", "n_facts", "n_files"]
    if groups.empty:
        return pd.DataFrame(columns=cols)
    src = sources.drop_duplicates("source").assign(source=lambda d: d["source"].astype(str))
    stated = src["form"].where(src["form"].notna(), "").astype(str)
    src["form"] = [f or manifest.get(io.split_source(s)[0], {}).get("form", "")
                   for s, f in zip(src["source"], stated, strict=True)]
    g = groups[["source", "entity", "period_end", "rows"]].assign(
        source=groups["source"].astype(str),
        year=pd.to_datetime(groups["period_end"], errors="coerce").dt.year)
    g = g.merge(src[["source", "unit", "form"]], on="source", how="left")
    g["unit"] = g["unit"].fillna(g["source"].str.split("#").str[0])
    by = g.groupby("entity", sort=True)
    out = pd.DataFrame({
        "forms": by["form"].agg(lambda f: ", ".join(sorted({x for x in f.dropna() if x}))),
        "first_year": by["year"].min().astype("Int64"),
        "last_year": by["year"].max().astype("Int64"),
        "n_facts": by["rows"].sum(),
        "n_files": by["unit"].nunique()}).reset_index()
    return out[cols]
