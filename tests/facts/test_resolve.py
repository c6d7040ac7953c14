"""The resolve stage, the selection rule and the analyst tables, tested directly on real inputs.

`_pick_facts_loop` is the selection rule as it was written before it was vectorised (a Python
loop per fact key); it stays here as the oracle the whole-frame rule must match exactly.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import tables as analysis
from dashboard.extract.batch import (
    infer_scale_across_documents,
    resolve_batch,
    share_filer_identity,
)
from dashboard.extract.pipeline import batch_frames, extract_document, extract_paths
from dashboard.facts import selection
from dashboard.facts.consolidate import BALANCE_LIKE, consolidate
from dashboard.facts.resolve import Labels, read_manifest, resolve
from tests.conftest import CORPUS, DATA, SEEDS, need

FTA = "Full Truck Alliance Co. Ltd."


@pytest.fixture(scope="module")
def bundled() -> tuple[pd.DataFrame, pd.DataFrame]:
    """data/'s samples as `extract` reads them (the files name no filer: the manifest does)."""
    res = extract_paths(sorted(p for p in DATA.iterdir() if p.suffix in (".htm", ".txt")))
    return res.facts, res.sources


@pytest.fixture(scope="module")
def everything() -> pd.DataFrame:
    """Every real input there is: data/, and the seeds and corpus where they sit beside."""
    paths = [DATA, *(p for p in (SEEDS, CORPUS / "original", CORPUS / "text_extracts")
                     if p.is_dir())]
    return extract_paths(paths).facts


def _frozen(*frames: pd.DataFrame) -> list[pd.DataFrame]:
    return [copy.deepcopy(f) for f in frames]


def _untouched(before: list[pd.DataFrame], after: tuple[pd.DataFrame, ...]) -> None:
    for b, a in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(b, a, check_exact=True)
        assert list(b.index) == list(a.index)


# ─── resolve: labels, manifests, given scale ────────────────────────────────────────────────

def test_resolve_leaves_its_inputs_untouched(bundled: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    facts, sources = bundled
    before = _frozen(facts, sources)
    labels = Labels(source_filers={"qudian_20f_fy2018_guarantee_note.txt": "Qudian"},
                    aliases={"Qudian": "Qudian Inc."}, filer_scales={FTA: "thousands"},
                    scale="millions", manifest=read_manifest(DATA))
    out = resolve(facts, sources, labels)
    _untouched(before, (facts, sources))
    assert out.facts is not facts and out.sources is not sources
    # and the batch steps: a container's filer and the scale across documents
    raw_facts, docs = batch_frames([extract_document(d) for d in _documents(DATA)])
    before = _frozen(raw_facts, docs)
    resolve_batch(raw_facts, docs)
    share_filer_identity(raw_facts, docs)
    infer_scale_across_documents(raw_facts)
    _untouched(before, (raw_facts, docs))


def _documents(folder: Path) -> list:
    from dashboard.extract.load import load_path

    docs = []
    for p in sorted(folder.iterdir()):
        if p.suffix in (".htm", ".txt"):
            docs.extend(load_path(p).documents)
    return docs


def test_manifest_names_the_samples_and_fills_their_form(
        bundled: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    facts, sources = bundled
    man = read_manifest(DATA)
    assert man["fta_20f_fy2023_loan_aging_details.htm"]["filer"] == FTA
    out = resolve(facts, sources, Labels(manifest=man))
    fta = out.facts[out.facts["source"].str.startswith("fta_")]
    assert set(fta["entity"]) == {FTA}
    # the name the file gave is kept beside the analyst's
    assert set(fta["entity_reported"]) == {"fta_20f_fy2023_loan_aging_details",
                                           "fta_20f_fy2022_loan_aging_details",
                                           "fta_20f_fy2021_loan_aging_details",
                                           "fta_20f_fy2023_allowance_details",
                                           "fta_20f_fy2022_allowance_details",
                                           "fta_20f_fy2021_allowance_details"}
    row = out.sources.set_index("source").loc["fta_20f_fy2022_allowance_details.htm"]
    assert (row["filer"], row["form"], row["period"]) == (FTA, "20-F", "2022-12-31")
    # without the manifest's filer, only the form and period are filled
    kept = resolve(facts, sources, Labels(manifest=man, manifest_filers=False,
                                          manifest_columns=("form",)), keep_reported=False)
    pd.testing.assert_series_equal(kept.facts["entity"], facts["entity"])
    assert "entity_reported" not in kept.facts and "period" in kept.sources
    assert "note" not in kept.sources.columns


def test_a_label_wins_over_the_manifest_and_merges_follow(
        bundled: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    facts, sources = bundled
    part = "fta_20f_fy2023_loan_aging_details.htm"
    out = resolve(facts, sources, Labels(manifest=read_manifest(DATA),
                                         source_filers={part: "FTA (labelled)"},
                                         aliases={"FTA (labelled)": "FTA", FTA: "FTA"}))
    assert set(out.facts["entity"][out.facts["source"].str.startswith("fta_")]) == {"FTA"}
    assert set(out.sources["filer"][out.sources["source"].str.startswith("fta_")]) == {"FTA"}


def test_a_given_scale_changes_only_what_nothing_states(
        bundled: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    facts, sources = bundled
    out = resolve(facts, sources, Labels(scale="millions")).facts
    assumed = facts["scale_basis"] == "assumed"
    assert (out.loc[~assumed, "value"].to_numpy() == facts.loc[~assumed, "value"].to_numpy()).all()
    assert set(out.loc[assumed, "scale_basis"]) <= {"given"}
    one = resolve(facts, sources, Labels(entity="One filer")).facts
    assert set(one["entity"]) == {"One filer"}


def test_consolidated_is_the_selection_rule_over_the_resolved_facts(everything: pd.DataFrame
                                                                      ) -> None:
    res = resolve(everything, None, Labels(), keep_reported=False)
    pd.testing.assert_frame_equal(res.consolidated, consolidate(res.facts))
    # with no labels, resolve changes one thing here: Qifu's FY2020 sentence "RMB 31" (no
    # unit, beside RMB 162 million and RMB 637 million) is held out of the selection
    held = res.facts[res.facts["note"].str.contains("held out of charts", regex=False)]
    assert list(zip(held["metric"], held["value"], strict=True)) == [("write_off", 31.0)]
    assert len(consolidate(everything)) - len(res.consolidated) == 1


# ─── the batch: a container's filer, scale across documents ─────────────────────────────────

def test_scale_across_documents_on_real_pages() -> None:
    """FTA's FY2021 note as a text extract prints no unit; the FY2021 R page, which states
    thousands, prints the same figures for the same dates: the extract takes its scale."""
    from dashboard.extract.load import load_path

    extract = need(CORPUS / "text_extracts" / "FTA_1838413_20F_FY2021_R45.txt")
    docs = [*load_path(DATA / "fta_20f_fy2021_loan_aging_details.htm").documents,
            *load_path(extract).documents]
    facts, documents = batch_frames([extract_document(d) for d in docs])
    mine = facts["source"] == extract.name
    assert (facts.loc[mine, "scale_basis"] == "assumed").all()
    out, _ = resolve_batch(facts, documents)
    got = out[mine & (out["metric"] == "total_loans")
              & (out["period_end"] == date(2021, 12, 31))].iloc[0]
    assert (got["scale"], got["scale_basis"]) == (1000, "inferred")
    assert got["value"] == 1_000 * facts.loc[got.name, "value"] == 1_842_784_000
    assert "from fta_20f_fy2021_loan_aging_details.htm" in got["note"]
    # the figures of the page whose scale is stated are left as they were
    pd.testing.assert_frame_equal(out[~mine], facts[~mine])


def test_a_containers_one_named_filer_names_its_parts() -> None:
    facts = pd.DataFrame({"doc": [0, 0, 1, 2], "entity": ["R2", "R2", "ACME Corp", ""],
                          "source": ["f.zip#R2.htm", "f.zip#R2.htm", "f.zip#R1.htm", "g.txt"]})
    docs = pd.DataFrame({"doc": [0, 1, 2], "source": ["f.zip#R2.htm", "f.zip#R1.htm", "g.txt"],
                         "stem": ["R2", "R1", "g"], "container": ["f.zip", "f.zip", ""],
                         "entity": ["", "ACME Corp", ""], "cik": ["", "123", ""],
                         "form": ["", "10-K", ""], "period": ["", "", ""],
                         "accession": ["", "", ""]})
    out, d = share_filer_identity(facts, docs)
    assert out["entity"].tolist() == ["ACME Corp", "ACME Corp", "ACME Corp", ""]
    assert d["form"].tolist() == ["10-K", "10-K", ""] and d["cik"].tolist()[0] == "123"
    two = docs.assign(entity=["Other", "ACME Corp", ""])
    assert share_filer_identity(facts, two)[0]["entity"].tolist() == facts["entity"].tolist()


# ─── selection: the vectorised rule is the loop's, exactly ──────────────────────────────────

def _pick_facts_loop(facts: pd.DataFrame) -> pd.DataFrame:
    """The selection rule as it was (metrics.pick_facts before it was vectorised)."""
    if facts.empty:
        out = facts.copy()
        out["note_pick"] = pd.Series(dtype="string")
        return out
    df = facts.copy()
    df["_recency"] = df["source"].map(selection.source_recency(df))
    df["_scale"] = pd.to_numeric(df["scale"], errors="coerce").fillna(1).astype(float)
    df["note_pick"] = ""
    key = [c for c in selection.PICK_KEY if c in df.columns]
    keep: list = []
    notes: dict = {}
    agree = selection.agree
    for _, g in df.groupby(key, dropna=False, sort=False):
        if len(g) == 1:
            keep.append(g.index[0])
            continue
        by_recent = g.sort_values(["_recency", "_scale"], ascending=[False, True])
        latest = by_recent.iloc[0]
        if all(agree(latest["value"], latest["_scale"], r["value"], r["_scale"])
               for _, r in g.iterrows()):
            best = g.sort_values(["_scale", "_recency"], ascending=[True, False]).index[0]
            keep.append(best)
            others = sorted(set(g["source"]) - {df.at[best, "source"]})
            if others:
                notes[best] = "also in " + ", ".join(others)
        elif (g["source"] == latest["source"]).sum() > 1 and not all(
                agree(latest["value"], latest["_scale"], r["value"], r["_scale"])
                for _, r in g[g["source"] == latest["source"]].iterrows()):
            continue
        else:
            keep.append(by_recent.index[0])
            others = [f"{r['source']}: {r['value']:,.0f}" for _, r in by_recent.iloc[1:].iterrows()
                      if not agree(latest["value"], latest["_scale"], r["value"], r["_scale"])]
            notes[by_recent.index[0]] = "restated; earlier figure " + "; ".join(others)
    out = df.loc[sorted(keep)].copy()
    for idx, note in notes.items():
        out.at[idx, "note_pick"] = note
    return out.drop(columns=["_recency", "_scale"])


def _variants(facts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The real facts, as consolidate keys them, and perturbed: repeated by a second filing
    with some figures restated, some rescaled, and a filing that contradicts itself."""
    f = facts.reset_index(drop=True)
    cons = f.assign(period_start=f["period_start"].where(~f["metric"].isin(BALANCE_LIKE), None))
    rng = np.random.default_rng(15)
    again = cons.sample(frac=0.4, random_state=1).assign(source="later_filing.htm")
    h = pd.concat([cons, again, cons.sample(frac=0.1, random_state=2)], ignore_index=True)
    idx = rng.choice(len(h), len(h) // 4, replace=False)
    h.loc[idx, "value"] = h.loc[idx, "value"] * rng.choice([1.0, 1.0004, 2.0, 0.5], len(idx))
    h.loc[idx[::3], "scale"] = 1_000_000
    return {"as read": f, "as consolidated": cons, "repeated and restated": h,
            "shuffled": h.sample(frac=1.0, random_state=3),
            "allowance": cons[cons["disclosure"] == "allowance"],
            "guarantee": h[h["disclosure"] == "guarantee"], "empty": cons.iloc[:0]}


def test_vectorised_selection_is_the_loop_rule(everything: pd.DataFrame) -> None:
    for name, frame in _variants(everything).items():
        before = _frozen(frame)
        want, got = _pick_facts_loop(frame), selection.pick_facts(frame)
        _untouched(before, (frame,))
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)
    perturbed = _variants(everything)["repeated and restated"]
    notes = selection.pick_facts(perturbed)["note_pick"]
    # every branch of the rule is met: agreement, restatement, self-contradiction (dropped)
    assert notes.str.startswith("also in").any() and notes.str.startswith("restated").any()
    assert len(selection.pick_facts(perturbed)) < perturbed.groupby(
        [c for c in selection.PICK_KEY if c in perturbed], dropna=False).ngroups


# ─── analyst tables, on the bundled samples ─────────────────────────────────────────────────

def test_analyst_tables_on_the_samples(bundled: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    facts = resolve(*bundled, Labels(manifest=read_manifest(DATA))).facts
    s = analysis.delinquency_summary(facts)
    r23 = s[(s["entity"] == FTA) & (s["period_end"] == date(2023, 12, 31))].iloc[0]
    assert r23["over_90"] == 81_659_000 and r23["total_loans"] == 3_675_492_000
    assert r23["over_90_ratio"] == pytest.approx(81_659 / 3_675_492)
    a = analysis.allowance_table(facts)
    a23 = a[(a["entity"] == FTA) & (a["year"] == 2023)].iloc[0]
    assert a23["net_build"] == a23["allowance_end"] - a23["allowance_begin"]
    assert a23["net_write_off"] == a23["write_off"] - (a23["recovery"] if pd.notna(
        a23["recovery"]) else 0.0)
    g = analysis.guarantee_table(facts)
    assert not g.empty and set(g["currency"]) <= {"CNY", "USD"}
    assert g.groupby(["entity", "segment", "currency"])["yoy_change"].apply(
        lambda x: x.isna().iloc[0]).all()  # the first year of a series has no change


# ─── charts draw the figures the page computed ──────────────────────────────────────────────

def test_charts_given_the_pages_tables_draw_what_they_would_compute(everything: pd.DataFrame
                                                                     ) -> None:
    from dashboard.charts.delinquency import delinquency_chart
    from dashboard.charts.guarantee import guarantee_chart

    facts = everything
    d = facts[facts["disclosure"] == "delinquency"]
    buckets, summary = analysis.delinquency_buckets(d), analysis.delinquency_summary(d)
    for pct in (False, True):
        assert delinquency_chart(d, percent=pct, buckets=buckets,
                                        summary=summary).to_json() == \
            delinquency_chart(d, percent=pct).to_json()
    table = analysis.guarantee_table(facts)
    assert guarantee_chart(facts, table=table).to_json() == \
        guarantee_chart(facts).to_json()


def _pick_delinquency_loop(facts: pd.DataFrame) -> pd.DataFrame:
    """The per-date table pick as it was written before it was vectorised."""
    d = facts[facts["disclosure"] == "delinquency"]
    if d.empty:
        return d.copy()
    recency = selection.source_recency(facts)
    chosen = []
    by = [c for c in ("entity", "population", "segment", "currency", "period_end") if c in d]
    for _, g in d.groupby(by, dropna=False, sort=False):
        if g["source"].nunique() == 1:
            chosen.append(g)
            continue
        counts = g.groupby("source").size()

        def rank(src: str, counts: pd.Series = counts) -> tuple[pd.Timestamp, int]:
            r = recency.get(src, pd.NaT)
            return (pd.Timestamp.min if pd.isna(r) else r, int(counts[src]))

        best = max(counts.index, key=rank)
        chosen.append(g[g["source"] == best])
    return pd.concat(chosen).sort_index()


def test_vectorised_delinquency_pick_is_the_loop_rule(everything: pd.DataFrame) -> None:
    f = everything
    again = f.sample(frac=0.5, random_state=1).assign(source="zz_later_filing.htm")
    h = pd.concat([f, again], ignore_index=True)
    undated = h.copy()
    undated.loc[undated.sample(frac=0.3, random_state=4).index, "period_end"] = None
    for name, frame in {"as read": f, "repeated": h, "shuffled": h.sample(frac=1.0, random_state=3),
                        "undated": undated, "empty": f.iloc[:0]}.items():
        pd.testing.assert_frame_equal(selection.pick_delinquency(frame),
                                      _pick_delinquency_loop(frame), check_exact=True, obj=name)
