"""`python -m dashboard fetch` into a library, run in-process against the in-process EDGAR on a
fake clock (tests/edgar_fixtures): the command opens its client through
`into_library.open_client`, which the fixture points at the fake EDGAR."""

from __future__ import annotations

import pytest
from edgar_fixtures import FTA_ACC, FTA_CIK, UA, FakeEdgar, edgar_site, folder

from dashboard.cli import main
from dashboard.library import Library


@pytest.fixture()
def site(tmp_path, monkeypatch):
    edgar = FakeEdgar(edgar_site())
    edgar.point_env(monkeypatch, tmp_path / "home")
    return edgar


def test_fetch_without_user_agent_is_refused(site, tmp_path, capsys):
    assert main(["fetch", "YMM", "--library", str(tmp_path / "lib")]) == 2
    err = capsys.readouterr().err
    assert "No User-Agent is set" in err and "--user-agent" in err
    assert site.hits == []  # not one request without a declared User-Agent


def test_fetch_into_library_then_nothing_again(site, tmp_path, capsys):
    lib_dir = str(tmp_path / "lib")
    code = main(["fetch", "YMM", "--forms", "20-F", "--since", "2023", "--library", lib_dir,
                 "--user-agent", UA])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "+ R62.htm" in out and "- R33.htm" in out and "fetched 6 page(s)" in out
    f = folder(FTA_CIK, FTA_ACC)
    # the indexes, the filing's page list, then its six picked pages (on four threads), nothing else
    assert site.paths()[:3] == ["/files/company_tickers.json", f"/submissions/CIK{FTA_CIK:010d}.json",
                                f + "FilingSummary.xml"]
    assert sorted(site.paths()[3:]) == sorted(f"{f}R{i}.htm" for i in (1, 15, 40, 62, 63, 64))
    assert {h.user_agent for h in site.hits} == {UA}
    lib = Library.open(lib_dir)
    assert lib.settings_get("edgar_user_agent") == UA
    facts = lib.facts()
    assert set(facts["entity"]) == {"Full Truck Alliance Co. Ltd."}
    src = lib.sources()
    row = src[src["source"] == f"{FTA_ACC}#R62.htm"].iloc[0]
    assert row["url"] == site.url + folder(FTA_CIK, FTA_ACC) + "R62.htm"
    assert (row["accession"], row["form"], str(row["period"])) == (FTA_ACC, "20-F", "2023-12-31")

    n = len(site.hits)
    # again, without --user-agent (kept in the library) and with the indexes cached
    assert main(["fetch", "YMM", "--forms", "20-F", "--since", "2023", "--library", lib_dir]) == 0
    out = capsys.readouterr().out
    assert "6 already in the library" in out and "0 request(s) to EDGAR" in out
    assert len(site.hits) == n


def test_plan_only_reads_the_indexes(site, tmp_path, capsys):
    code = main(["fetch", "1838413", "--forms", "20-F", "--since", "2023", "--plan",
                 "--library", str(tmp_path / "lib"), "--user-agent", UA, "--drop", "R64.htm"])
    out = capsys.readouterr().out
    assert code == 0 and "- R64.htm" in out and "dropped by you" in out
    assert not any(p.endswith(".htm") for p in site.paths())


def test_offline_with_nothing_cached(site, tmp_path, capsys):
    code = main(["fetch", "YMM", "--offline", "--library", str(tmp_path / "lib"), "--user-agent", UA])
    err = capsys.readouterr().err
    assert code == 1 and "offline" in err and site.hits == []


def test_a_hard_stop_pauses_the_library_for_ten_minutes(site, tmp_path, capsys):
    lib_dir = str(tmp_path / "lib")
    site.routes[f"/submissions/CIK{FTA_CIK:010d}.json"] = [429]
    code = main(["fetch", "YMM", "--library", lib_dir, "--user-agent", UA])
    err = capsys.readouterr().err
    assert code == 3 and "refused 5 requests in a row" in err
    # five tries, four waits between them: the back-off's, with full jitter (up to 1, 2, 4, 8 s)
    waits = site.clock.waits
    assert len(waits) == 4 and all(0 <= w <= 2 ** i for i, w in enumerate(waits))
    n = len(site.hits)
    assert main(["fetch", "YMM", "--library", lib_dir]) == 3
    err = capsys.readouterr().err
    assert "nothing is asked of it before" in err and len(site.hits) == n
    assert Library.open(lib_dir).settings_get("edgar_paused_until")


def test_refresh_reads_the_indexes_again_and_nothing_else(site, tmp_path, capsys):
    lib_dir = str(tmp_path / "lib")
    args = ["fetch", "YMM", "--forms", "20-F", "--since", "2023", "--library", lib_dir]
    assert main([*args, "--user-agent", UA]) == 0
    n = len(site.hits)
    assert main(args) == 0 and len(site.hits) == n
    assert main([*args, "--refresh"]) == 0
    capsys.readouterr()
    assert site.paths()[n:] == ["/files/company_tickers.json",
                                f"/submissions/CIK{FTA_CIK:010d}.json"]
