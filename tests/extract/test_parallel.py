"""Extraction on many cores gives exactly what one process gives, in the same order."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract import parallel
from dashboard.extract.load import load_bytes
from dashboard.extract.pipeline import ExtractionResult, extract_paths

DATA = Path(__file__).resolve().parents[2] / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared"

pytestmark = [pytest.mark.timeout(120), pytest.mark.fork]

COVER = """<html><head><title></title></head><body>
<table class="report"><tr><th class="tl"><div><strong>Cover - USD ($)</strong></div></th>
<th class="th"><div>12 Months Ended Dec. 31, 2023</div></th></tr>
<tr class="ro"><td class="pl"><a class="a" onclick="Show.showAR( this,
'defref_dei_EntityRegistrantName', window );">Entity Registrant Name</a></td>
<td class="text">Parallel Lending Co.<span></span></td></tr>
<tr class="re"><td class="pl"><a class="a" onclick="Show.showAR( this,
'defref_dei_DocumentType', window );">Document Type</a></td><td class="text">20-F<span></span></td></tr>
</table><div style="display: none;">Definition: the allowance for credit losses.</div>
</body></html>"""


def _submission(header_names_filer: bool) -> bytes:
    """A submission whose R1 cover page names the filer, then the bundled R pages."""
    name = "\t\tCOMPANY CONFORMED NAME:\t\t\tHEADER NAME LTD\n" if header_names_filer else ""
    out = [f"<SEC-DOCUMENT>x.txt\n<SEC-HEADER>x.hdr.sgml\nACCESSION NUMBER:\t\t0000000000-24-000001\n"
           f"CONFORMED SUBMISSION TYPE:\t20-F\n{name}</SEC-HEADER>\n"]
    pages = [("R1.htm", COVER.encode())]
    pages += [(f"R{n}.htm", p.read_bytes()) for n, p in enumerate(sorted(DATA.glob("*.htm")), 2)]
    for seq, (fname, body) in enumerate(pages, 1):
        out.append(f"<DOCUMENT>\n<TYPE>XML\n<SEQUENCE>{seq}\n<FILENAME>{fname}\n<TEXT>\n")
        out.append(body.decode() + "\n</TEXT>\n</DOCUMENT>\n")
    out.append("</SEC-DOCUMENT>\n")
    return "".join(out).encode()


def _same(a: ExtractionResult, b: ExtractionResult) -> None:
    pd.testing.assert_frame_equal(a.facts, b.facts)
    pd.testing.assert_frame_equal(a.sources, b.sources)
    assert a.issues == b.issues


@pytest.fixture
def ran_parallel(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether the forked workers really ran (they do not in a threaded process)."""
    if threading.active_count() > 1:
        pytest.skip("this test process runs other threads; extraction stays in one process")
    ran: list[bool] = []
    real = parallel.extract_parallel

    def spy(docs, workers, extract):  # type: ignore[no-untyped-def]
        out = real(docs, workers, extract)
        ran.append(out is not None)
        return out

    monkeypatch.setattr(parallel, "extract_parallel", spy)
    return ran


def _folder(tmp: Path, header_names_filer: bool = True) -> Path:
    folder = tmp / "batch"
    folder.mkdir()
    for p in sorted(DATA.iterdir()):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "submission.txt").write_bytes(_submission(header_names_filer))
    seeds = SHARED / "seeds"
    for p in sorted(seeds.iterdir()) if seeds.is_dir() else []:
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def test_two_workers_match_one_process(tmp_path: Path, ran_parallel: list[bool]) -> None:
    folder = _folder(tmp_path)
    one = extract_paths([folder], workers=1)
    two = extract_paths([folder], workers=2)
    assert ran_parallel == [True]
    _same(one, two)
    assert len(one.facts) > 0


def test_a_cover_page_names_the_filer_for_the_parts_after_it(tmp_path: Path,
                                                              ran_parallel: list[bool]) -> None:
    folder = _folder(tmp_path, header_names_filer=False)
    one = extract_paths([folder], workers=1)
    two = extract_paths([folder], workers=2)
    assert ran_parallel == [True]
    _same(one, two)
    sub = two.facts[two.facts["source"].str.startswith("submission.txt#")]
    assert set(sub["entity"]) == {"Parallel Lending Co."}
    row = two.sources[two.sources["source"] == "submission.txt#R1.htm"].iloc[0]
    assert row["form"] == "20-F"


def test_small_batches_and_threaded_processes_stay_in_one_process() -> None:
    docs = load_bytes("R1.htm", COVER.encode()).documents * 3
    assert parallel.use_workers(docs, None) == 1  # too little text to pay for processes
    assert parallel.use_workers(docs, 1) == 1
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert parallel.use_workers(docs, 4) == 1  # never fork a process running threads
    finally:
        stop.set()
        t.join()


def test_corpus_folder_on_two_workers(tmp_path: Path, ran_parallel: list[bool]) -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    _same(extract_paths([corpus], workers=1), extract_paths([corpus], workers=2))
    assert ran_parallel == [True]
