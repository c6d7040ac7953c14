"""The analyst's view of the library (dashboard.workspace.view): one naming rule for the app,
`library ls|facts` and the committee pack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.exports.pack_command import _library_facts
from dashboard.library import Library
from dashboard.model.errors import UnknownFiler
from dashboard.workspace.view import Workspace

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FTA, QUDIAN, QIFU = "Full Truck Alliance Co. Ltd.", "Qudian Inc.", "Qifu Technology, Inc."

pytestmark = pytest.mark.timeout(180)


def test_one_view_names_counts_and_reads_filers_as_the_app_shows_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    lib = Library.open()
    lib.ingest_paths([str(DATA)], workers=1)  # as `ingest data/`: not taken in as bundled
    # a fragment that names no filer and repeats FTA's 2022 aging: recognised as FTA's
    page = (DATA / "fta_20f_fy2022_loan_aging_details.htm").read_bytes()
    lib.ingest_bytes([("unnamed_aging_copy.htm", page.replace(b"<body>", b"<body><!-- c -->", 1))],
                     workers=1)
    # the analyst merges Qifu into a name of their own
    lib.labels.merge([QIFU], "Qifu (analyst)")
    ws = Workspace(lib)

    data, recs = ws.everything()
    assert [(r.source, r.filer) for r in recs] == [("unnamed_aging_copy.htm", FTA)]
    assert sorted(set(data.facts["entity"])) == sorted([FTA, QUDIAN, "Qifu (analyst)"])
    # Qudian's maximum guarantee exposure at 2020-12-31, in the filing's US$ translation
    g = data.facts[(data.facts["entity"] == QUDIAN) & (data.facts["metric"] == "max_exposure")
                   & (data.facts["currency"] == "USD")]
    assert 34_000_000 in set(g.loc[g["period_end"].astype(str) == "2020-12-31", "value"])

    # the directory (aggregates only) counts what reading every fact gives
    d = ws.directory()
    table = d.filers.set_index("entity")
    whole = data.facts.groupby("entity").size()
    assert table["n_facts"].to_dict() == whole.to_dict()
    assert table.loc[QUDIAN, "n_files"] == 9 and table.loc[FTA, "n_files"] == 7
    assert table.loc[QUDIAN, ["first_year", "last_year"]].tolist() == [2017, 2021]
    assert set(table["forms"]) == {"20-F"}
    assert d.n_facts == len(data.facts)

    # one filer read from its partitions is what the whole view holds of it
    for name in (FTA, QUDIAN):
        one = ws.filers([name], d).facts
        pd.testing.assert_frame_equal(
            one.reset_index(drop=True),
            data.facts[data.facts["entity"] == name].reset_index(drop=True), check_dtype=False)
    with pytest.raises(UnknownFiler) as err:
        ws.filers(["qudian_20f_fy2020_guarantee_note", QUDIAN], d)
    assert err.value.names == ["qudian_20f_fy2020_guarantee_note"]

    # the committee pack reads the same filers' facts
    facts, sources = _library_facts([FTA])
    mine = data.facts[data.facts["entity"] == FTA].drop(columns=["entity_reported"])
    pd.testing.assert_frame_equal(facts.reset_index(drop=True), mine.reset_index(drop=True),
                                  check_dtype=False)
    assert "unnamed_aging_copy.htm" in set(sources["source"])
