"""The speed benchmark's input builders, run tiny, and the extraction on what they build.

Keeps `bench/run.py` from rotting; asserts no timing (`python bench/run.py` measures).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import inputs as bi  # noqa: E402
from bench import run as br  # noqa: E402
from dashboard.extract.pipeline import extract_paths  # noqa: E402

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def data_only() -> bi.Sources:
    return bi.collect_sources(use_shared=False)


def test_uuencode_is_what_edgar_writes() -> None:
    import binascii

    blob = bi.uuencode("g1.jpg", bytes(range(256)) * 3)
    lines = blob.decode("ascii").splitlines()
    assert lines[0] == "begin 644 g1.jpg" and lines[-1] == "end"
    assert lines[1].startswith("M") and len(lines[1]) == 61
    decoded = b"".join(binascii.a2b_uu(line) for line in lines[1:-1] if line)
    assert decoded == bytes(range(256)) * 3


def test_submission_from_the_bundled_samples_alone(tmp_path: Path, data_only: bi.Sources) -> None:
    assert any("shared corpus" in s for s in data_only.skipped)
    path = tmp_path / "sub.txt"
    info = bi.build_submission(path, 0.5, data_only)
    assert info.size >= 0.5 * bi.MB and info.rpages >= len(data_only.rpages)
    parts = list(bi.split_parts(path.read_bytes()))
    assert len(parts) == info.parts
    binary = [p for p in parts if p.binary]
    assert len(binary) == info.binary_parts >= 3
    assert all(p.body.startswith(b"begin 644 ") for p in binary)
    assert {p.type for p in binary} >= {"GRAPHIC", "EXCEL", "ZIP"}

    res = extract_paths([path], workers=1)
    assert res.ok, res.issues
    kinds = res.sources["kind"].value_counts().to_dict()
    assert kinds["rpage_html"] == info.rpages  # every copy kept: none is a duplicate
    assert kinds["skipped"] == info.binary_parts  # binary parts skipped, not decoded
    assert set(res.facts["disclosure"]) >= {"delinquency", "allowance"}
    assert set(res.facts["entity"]) == {"BENCHMARK SAMPLE HOLDINGS LTD"}

    rdir = tmp_path / "rpages"
    pages = bi.write_rpages(rdir, path)
    assert len(pages) == info.rpages


def test_fragments_are_unique_copies(tmp_path: Path) -> None:
    src = bi.collect_sources()  # the shared corpus too, when it is there
    paths = bi.build_fragments(tmp_path / "frag", 40, src)
    assert len(paths) == 40
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}) == 40
    res = extract_paths([tmp_path / "frag"], workers=1)
    assert len(res.sources) == 40 and not res.facts.empty


def test_floor_child_and_report(tmp_path: Path, data_only: bi.Sources) -> None:
    path = tmp_path / "sub.txt"
    bi.build_submission(path, 0.3, data_only)
    floor = br.child_floor(argparse.Namespace(paths=[str(path)]))
    assert floor["kept_parts"] > 0 and floor["all_parts"] > floor["kept_parts"]
    sub = br.child_extract(argparse.Namespace(paths=[str(path)], workers=1, profile_out=""))
    assert sub["facts"] > 0 and sub["kinds"]["skipped"] > 0
    info = {"size": path.stat().st_size, "parts": 10, "rpages": 3}
    rows = br.report_rows({"extract_submission": sub, "floor": floor, "submission": info,
                           "app": {"skipped": "not in this test"}})
    text = br.render(rows)
    assert "floor A" in text and "floor B" in text and "skipped: not in this test" in text
    assert all(len(r) == 4 for r in rows)


def test_app_report_rows_and_breakdown() -> None:
    marks = {"dom_loaded": 0.7, "title_drawn": 1.1, "plotly_js_requested": 1.2,
             "plotly_js_loaded": 1.5, "plotly_js_mb": 4.5, "chart_drawn": 2.4}
    app = {"chart_cold": [2.4], "chart_warm": [1.9], "landing_cold": [2.5], "landing_warm": [2.0],
           "server_start": [3.0], "chart_cold_marks": [marks], "landing_cold_marks": [marks],
           "script": {"landing_cold": 3.0, "landing_rerun": 0.05, "landing_new_session": 0.1,
                      "delinquency_first": 0.3, "delinquency_rerun": 0.2}}
    text = br.render(br.report_rows({"app": app}))
    assert "new session" in text and "0.05" in text
    notes = br.app_breakdown(app)
    assert "Overview (/)" in notes and "/delinquency" in notes and "a rerun" in notes


def test_library_app_reads_the_servers_warm_up_line(tmp_path: Path) -> None:
    """bench/library_app.py finds the line `python -m dashboard.ui.launch` prints when the
    landing page is warm (the two must keep agreeing), and refuses a folder that is no library."""
    import inspect

    from bench import library_app as la
    from dashboard.ui import launch

    src = inspect.getsource(launch.warm_when_ready)
    line = ("credit-notes: landing page computed in 1.25 s, 3.50 s after launch")
    assert "landing page computed in" in src and "after launch" in src
    found = la._WARM.search(line)
    assert found and found.groups() == ("1.25", "3.50")
    with pytest.raises(SystemExit, match="not a library folder"):
        la.main(["--library", str(tmp_path)])
