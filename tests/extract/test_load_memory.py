"""Large hostile inputs cost the loader about the largest member it reads, once: zips are read
from the disk member by member, a submission a part at a time, and what is over a limit is
refused while it streams. The set is bench/inputs.build_large_hostile's at a twentieth of its
size, with the limits scaled alike (`python bench/...` measures it at full size)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from bench import inputs as bi
from dashboard.extract.limits import Limits
from dashboard.extract.load import load_path

MB = 1024 * 1024
SCALE = 0.05
LIMITS = Limits(max_file_bytes=int(200 * MB * SCALE), max_zip_total_bytes=int(500 * MB * SCALE))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("large_hostile")
    bi.build_large_hostile(out, bi.collect_sources(use_shared=False), scale=SCALE)
    return out


@pytest.mark.slow
def test_large_hostile_inputs_cost_one_member_and_keep_the_good_pages(folder: Path) -> None:
    largest = 150 * MB * SCALE  # the binary member and the binary part, within the limits
    peaks = {}
    for path in sorted(folder.iterdir()):
        tracemalloc.start()
        try:
            got = load_path(path, LIMITS)
            peaks[path.name] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        # every good page beside the bad ones is read
        assert any(d.source.split("#")[-1].startswith("ok") for d in got.documents), path.name
        lines = [i.line() for i in got.issues + got.notes]
        if path.name == "oversize_member.zip":
            assert any("over the limit of 10.0 MB per file" in x for x in lines), lines
        if path.name == "over_total.zip":
            assert any("members add up to more than 25.0 MB" in x for x in lines), lines
        if path.name in ("binary_member.zip", "large_submission.txt"):
            assert any("binary data" in x for x in lines), lines
    # the zip's own bytes are never in memory, a member is read into one buffer (not copied),
    # a submission is mapped, not read: about the largest member read, once
    assert max(peaks.values()) < 1.4 * largest, {k: v / MB for k, v in peaks.items()}
    assert peaks["oversize_member.zip"] < 2 * MB  # refused from its header, nothing read
