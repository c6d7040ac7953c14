"""A folder's files share the one filer named among them, in the library as in `extract`
(steps.share_container_filers): the fragments of real R pages that name no filer, beside the
cover page (R1) that names Apple Inc., all become Apple Inc.'s, with its filing metadata."""

from __future__ import annotations

import pandas as pd

from bench import inputs as bi
from dashboard.extract.pipeline import extract_paths
from dashboard.library import Library
from dashboard.model.schema import FACT_COLUMNS


def _rows(facts: pd.DataFrame) -> pd.DataFrame:
    out = facts[list(FACT_COLUMNS)].astype(str)
    return out.sort_values(list(out.columns)).reset_index(drop=True)


def test_unnamed_fragments_take_their_folders_one_named_filer(tmp_path, corpus_dir):
    folder = tmp_path / "fragments"
    paths = bi.build_fragments(folder, 80, bi.collect_sources(corpus_dir.parent))
    assert any(p.name.endswith("_R1.htm") for p in paths)  # the cover page naming the filer
    lib = Library.open(tmp_path / "library")
    lib.ingest_paths([folder], workers=1)
    got = lib.facts()
    assert set(got["entity"]) == {"Apple Inc."}
    sources = lib.sources()
    read = sources[sources["doc"] >= 0]
    unnamed = read[read["meta_entity"] == ""]
    assert len(unnamed) > 60 and set(unnamed["entity"]) == {"Apple Inc."}
    assert set(unnamed["cik"]) == set(read.loc[read["meta_entity"] != "", "cik"]) != {""}
    pd.testing.assert_frame_equal(_rows(got), _rows(extract_paths([folder], workers=1).facts))
