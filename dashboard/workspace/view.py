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
import pyarrow as pa

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


# the directory's reads of the library, aggregates only: per source and filer as the file
# names it, what it has and when (figures `n`, as the filer table counts them); the same pairs
# with their rows and years; the distinct segment and population names per pair; the
# currencies; the files
_GROUPS_SQL = """
    SELECT source, coalesce(entity, '') AS entity_reported, disclosure, metric, period_end,
           count(value) AS n
    FROM facts GROUP BY ALL"""
_PAIRS_SQL = """
    SELECT source, coalesce(entity, '') AS entity_reported, count(*) AS rows,
           min(year(period_end)) AS first_year, max(year(period_end)) AS last_year,
           max(period_end) AS latest
    FROM facts GROUP BY ALL"""
_NAMES_SQL = """
    SELECT DISTINCT source, coalesce(entity, '') AS entity_reported,
           coalesce(segment, '') AS segment, coalesce(population, '') AS population
    FROM facts"""
_CURRENCIES_SQL = "SELECT DISTINCT coalesce(currency, '') AS currency FROM facts"
_SOURCES_SQL = "SELECT source, unit_name, unit, origin, form FROM sources"
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
        (and the facts that share their keys with fragments that name no filer).

        A filer's name depends on the source and the name the file gives only, so the naming
        rule runs once per distinct (source, name) pair and per distinct segment and
        population name, never per fact: the cost follows the number of files."""
        lib = self.lib
        with ThreadPoolExecutor(2) as pool:  # DuckDB's reads overlap the frames' making
            reads = [pool.submit(_frame, lib, sql) for sql in
                     (_GROUPS_SQL, _PAIRS_SQL, _NAMES_SQL, _CURRENCIES_SQL, _SOURCES_SQL)]
            groups, pairs, values, currencies, sources = (r.result() for r in reads)
        unit_names = sources["unit_name"].tolist()
        hashes = dict(zip(unit_names, sources["unit"].tolist(), strict=True))
        origin = {n: (o or "library") for n, o in zip(
            unit_names, sources["origin"].fillna("").tolist(), strict=True)}
        filer_map, labels = self._source_filers(
            set(pairs["source"].tolist()) | set(sources["source"].tolist()), hashes, origin)
        naming = Labels(source_filers=filer_map, aliases=lib.labels.aliases(),
                        manifest_filers=False)
        # the names, and segment and population as `everything` spells them (the spelling
        # of a filer's latest filing: each source dated by its latest figure)
        latest = pairs.groupby("source", sort=False)["latest"].max()
        named = resolve(values.assign(entity=values["entity_reported"],
                                      period_end=values["source"].map(latest)),
                        labels=naming).facts
        names = named[["source", "entity_reported", "entity"]].drop_duplicates(
            ["source", "entity_reported"]).astype(str)
        pairs = pairs.merge(names, on=["source", "entity_reported"], how="left", sort=False)
        # fragments that name no filer: recognised from the facts that share their keys only
        labelled = labelled_sources(pairs["source"].tolist(), hashes, labels)
        recs: list[identity.Recognition] = []
        unnamed = identity.unnamed_sources(_maybe_unnamed(pairs), labelled)
        if unnamed:
            some = conform(lib.query(_MATCHING_SQL, [unnamed], cold=True))
            some = resolve(some, labels=naming).facts
            recs = identity.recognise(some, exclude=labelled)
            found = {r.source: r.filer for r in recs}
            pairs["entity"] = [found.get(s, e) for s, e in zip(
                pairs["source"].tolist(), pairs["entity"].tolist(), strict=True)]
        groups.insert(2, "entity", _entity_of(groups, pairs))
        facets = Facets(
            entities=tuple(sorted(set(pairs["entity"]))),
            years=years_of(pd.unique(groups["period_end"])),
            currencies=tuple(sorted(set(currencies["currency"].astype(str)) - {""})),
            segments=_distinct(named["segment"]), populations=_distinct(named["population"]))
        stored: dict[str, set[str]] = {}
        for e, r in zip(pairs["entity"].tolist(), pairs["entity_reported"].tolist(),
                        strict=True):
            stored.setdefault(e, set()).add(r)
        return Directory(groups=groups, recognitions=recs, facets=facets,
                         n_sources=len(sources), n_facts=int(pairs["rows"].sum()),
                         stored={e: tuple(sorted(r)) for e, r in stored.items()}, key=key,
                         filers=_filer_list(pairs, sources, self.manifest))

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


def _frame(lib: Library, sql: str) -> pd.DataFrame:
    """A query's rows as a frame, read through Arrow (its strings are not made Python
    objects one by one); dates as the library's `query` gives them."""
    rows = lib.reader.query(sql, cold=True, arrow=True)
    for at, f in enumerate(rows.schema):
        if pa.types.is_date(f.type):
            rows = rows.set_column(at, f.name, rows.column(at).cast(pa.timestamp("us")))
    return rows.to_pandas()


def _distinct(values: pd.Series) -> tuple[str, ...]:
    return tuple(sorted({str(v) for v in pd.unique(values)}))


def _maybe_unnamed(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs of the sources that may name no filer: a source is named as soon as one of
    its names is not part of the source's own string (a file's stem always is), so only the
    others need `identity.unnamed_sources`' closer look."""
    sources = pairs["source"].tolist()
    named = {s for s, r, e in zip(sources, pairs["entity_reported"].tolist(),
                                  pairs["entity"].tolist(), strict=True)
             if r not in s or e not in s}
    return pairs[[s not in named for s in sources]]


def _entity_of(groups: pd.DataFrame, pairs: pd.DataFrame) -> pd.Series:
    """Each group's filer, by its (source, name) pair: by source alone when each source
    has one name (the usual case: a hash lookup, not a two-column join)."""
    if pairs["source"].is_unique:
        return groups["source"].map(pairs.set_index("source")["entity"]).astype(str)
    keyed = groups[["source", "entity_reported"]].merge(
        pairs[["source", "entity_reported", "entity"]], how="left", sort=False)
    return pd.Series(keyed["entity"].to_numpy(), index=groups.index).astype(str)


def _filer_list(pairs: pd.DataFrame, sources: pd.DataFrame,
                manifest: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """entity, forms, first_year, last_year, n_facts, n_files — one row per filer as named,
    from the directory's (source, name) pairs (their rows and years) and the sources they
    come from (a form the file does not state is the manifest's)."""
    cols = ["entity", "forms", "first_year", "last_year", "n_facts", "n_files"]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    src = sources.drop_duplicates("source").assign(source=lambda d: d["source"].astype(str))
    stated = src["form"].where(src["form"].notna(), "").astype(str).tolist()
    src["form"] = [f or manifest.get(io.split_source(s)[0], {}).get("form", "")
                   for s, f in zip(src["source"].tolist(), stated, strict=True)]
    per = pairs.merge(src[["source", "unit", "form"]], on="source", how="left")
    if per["unit"].isna().any():  # facts of a source the sources table does not hold
        per["unit"] = per["unit"].fillna(per["source"].str.split("#").str[0])
    by = per.groupby("entity", sort=True)
    forms = per[["entity", "form"]].dropna().drop_duplicates()
    forms = forms[forms["form"] != ""].sort_values("form").groupby("entity")["form"].agg(
        ", ".join)
    out = pd.DataFrame({
        "first_year": by["first_year"].min().astype("Int64"),
        "last_year": by["last_year"].max().astype("Int64"),
        "n_facts": by["rows"].sum().astype("int64"),
        "n_files": by["unit"].nunique()}).reset_index()
    out["forms"] = out["entity"].map(forms).fillna("").astype(str)
    return out[cols]
