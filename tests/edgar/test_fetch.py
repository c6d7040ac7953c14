"""Fetching credit notes from EDGAR, against an in-process EDGAR on a fake clock (tests/edgar_fixtures)."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pandas as pd
import pytest
from edgar_fixtures import (
    AAPL_ACC,
    AAPL_CIK,
    AAPL_DIR,
    DATA,
    FTA_ACC,
    FTA_CIK,
    HERE,
    TSLA_10K,
    UA,
    FakeEdgar,
    edgar_site,
    folder,
)

from dashboard.edgar.client import EdgarClient, EdgarConfig, check_user_agent
from dashboard.edgar.errors import NotFound, NoUserAgent, Stopped, Unavailable
from dashboard.edgar.fetch import fetch_plan, make_plan
from dashboard.edgar.index import Report, parse_filing_summary, parse_submissions
from dashboard.edgar.pick import pick_reports
from dashboard.extract.pipeline import extract_bytes, extract_paths
from tests.conftest import need

VALUE_COLS = ["disclosure", "metric", "segment", "days_from", "days_to", "period_start",
              "period_end", "value", "currency", "scale_basis"]


@pytest.fixture()
def server():
    return FakeEdgar(edgar_site())


def _values(facts: pd.DataFrame) -> list[tuple]:
    cols = [c for c in VALUE_COLS if c in facts.columns]
    return sorted(map(tuple, facts[cols].astype(str).itertuples(index=False)))


# --- picking -----------------------------------------------------------------------------------


def test_apple_real_filing_summary_has_no_credit_note():
    data = need(AAPL_DIR / "FilingSummary.xml").read_bytes()
    summary = parse_filing_summary(data)
    assert len(summary.reports) == 42 and summary.reports[0].file == "R1.htm"
    assert summary.reports[0].menu == "Cover"
    # Apple's 10-Q: statements, revenue, EPS, financial instruments, debt, equity, segments.
    # None names loans, an allowance, past-due loans, guarantees or credit quality.
    assert pick_reports(summary.reports) == []


def test_lender_pages_picked_with_reasons():
    summary = parse_filing_summary((HERE / "fta_20f_fy2023_FilingSummary.xml").read_bytes())
    choices = {c.file: c for c in pick_reports(summary.reports)}
    picked = {f for f, c in choices.items() if c.picked}
    assert picked == {"R1.htm", "R15.htm", "R40.htm", "R62.htm", "R63.htm", "R64.htm"}
    assert "past_due" in choices["R62.htm"].topics and "Aging" in choices["R62.htm"].reason
    assert "allowance" in choices["R63.htm"].topics
    assert choices["R15.htm"].reason.startswith("note page on loans")
    assert "cover page" in choices["R1.htm"].reason
    # near misses are listed with the reason they were left out
    assert not choices["R33.htm"].picked and "accounting-policy" in choices["R33.htm"].reason
    assert not choices["R10.htm"].picked and "concentration of credit risk" in choices["R10.htm"].reason
    for other in ("R2.htm", "R18.htm", "R27.htm", "R55.htm", "R70.htm", "R80.htm"):
        assert other not in picked


def _r(pos: int, short: str, menu: str, role: str) -> Report:
    return Report(position=pos, file=f"R{pos}.htm", short_name=short, menu=menu,
                  long_name=f"99{pos:05d} - Disclosure - {short}",
                  role=f"http://www.examplebank.com/role/{role}")


def test_us_bank_names_and_roles():
    reports = [
        _r(1, "Cover", "Cover", "Cover"),
        _r(2, "Consolidated Balance Sheets", "Statements", "ConsolidatedBalanceSheets"),
        _r(8, "Investment Securities", "Notes", "InvestmentSecurities"),
        _r(9, "Loans and Allowance for Credit Losses", "Notes", "LoansAndAllowanceForCreditLosses"),
        _r(10, "Commitments, Contingencies and Guarantees", "Notes",
           "CommitmentsContingenciesAndGuarantees"),
        _r(11, "Long-Term Debt", "Notes", "LongTermDebt"),
        _r(12, "Condensed Consolidating Guarantor Financial Information", "Notes",
           "CondensedConsolidatingGuarantorFinancialInformation"),
        _r(40, "Loans and Allowance for Credit Losses (Tables)", "Tables",
           "LoansAndAllowanceForCreditLossesTables"),
        _r(60, "Loans and Allowance for Credit Losses - Past Due Loans (Details)", "Details",
           "LoansAndAllowanceForCreditLossesPastDueLoansDetails"),
        _r(61, "Loans and Allowance for Credit Losses - Rollforward (Details)", "Details",
           "LoansAndAllowanceForCreditLossesRollforwardDetails"),
        _r(62, "Commitments, Contingencies and Guarantees - Standby Letters of Credit (Details)",
           "Details", "CommitmentsContingenciesAndGuaranteesStandbyLettersOfCreditDetails"),
        _r(63, "Schedule of Nonaccrual Status (Details)", "Details", "NonaccrualStatusDetails"),
        _r(64, "Long-Term Debt - Senior Notes (Details)", "Details", "LongTermDebtSeniorNotesDetails"),
        _r(65, "Investment Securities - Amortized Cost (Details)", "Details", "AmortizedCostDetails"),
        # the role alone can say it: a terse name, a credit role
        _r(66, "Receivables - Schedule 3 (Details)", "Details",
           "FinancingReceivablesPastDueScheduleDetails"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    picked = {f for f, c in choices.items() if c.picked}
    assert picked == {"R1.htm", "R9.htm", "R10.htm", "R40.htm", "R60.htm", "R61.htm", "R62.htm",
                      "R63.htm", "R66.htm"}
    assert "role" in choices["R66.htm"].reason
    assert "guarantees" in choices["R10.htm"].reason
    assert not {"R2.htm", "R8.htm", "R11.htm", "R12.htm", "R64.htm", "R65.htm"} & picked


def test_note_families_across_naming_styles():
    # report names in the styles real filers use: numbered notes, ':' or ' - ' between the
    # note and its part, text-block notes whose own name carries no credit word
    reports = [
        _r(4, "Note 4 - Loans, Allowance for Credit Losses and Other Real Estate Owned", "Notes",
           "LoansAllowanceForCreditLossesAndOtherRealEstateOwned"),
        _r(22, "Note 4 - Loans, Allowance for Credit Losses and Other Real Estate Owned (Tables)",
           "Tables", "LoansAllowanceForCreditLossesAndOtherRealEstateOwnedTables"),
        _r(56, "NOTE 6: LOANS AND ALLOWANCE FOR LOAN LOSSES: Allowance for Credit Losses on "
               "Financing Receivables (Tables)", "Tables", "AllowanceForCreditLossesTables"),
        _r(6, "NOTE 6: LOANS AND ALLOWANCE FOR LOAN LOSSES", "Notes", "LoansAndAllowance"),
        _r(7, "Receivables", "Notes", "Receivables"),
        _r(70, "Receivables - Aging (Details)", "Details", "ReceivablesAgingDetails"),
        _r(71, "Receivables - Other (Details)", "Details", "ReceivablesOtherDetails"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    picked = {f for f, c in choices.items() if c.picked}
    assert picked == {"R4.htm", "R22.htm", "R56.htm", "R6.htm", "R7.htm", "R70.htm", "R71.htm"}
    assert "the text of the note" in choices["R7.htm"].reason  # its Details page is picked
    assert "part of the picked note" in choices["R71.htm"].reason


def test_analyst_adds_and_drops_pages():
    summary = parse_filing_summary((HERE / "fta_20f_fy2023_FilingSummary.xml").read_bytes())
    choices = pick_reports(summary.reports, add=["R12.htm", "short-term borrowings (details)"],
                           drop=["R64.htm", "Tables"])
    by = {c.file: c for c in choices}
    assert by["R12.htm"].picked and by["R12.htm"].reason == "added by you"
    assert by["R70.htm"].picked
    assert not by["R64.htm"].picked and by["R64.htm"].reason == "dropped by you"
    assert not by["R40.htm"].picked


def test_submissions_columns_and_older_pages(server):
    with server.client() as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        assert [f.filing.accession for f in plan.filings] == [FTA_ACC]
        assert plan.companies[0].name == "Full Truck Alliance Co. Ltd."
        assert "/submissions/CIK0001838413-submissions-001.json" not in server.paths()
        plan = make_plan(client, ["1838413"], forms=("20-F",), since=2021)
    assert "/submissions/CIK0001838413-submissions-001.json" in server.paths()
    assert [f.filing.report_date for f in plan.filings] == ["2023-12-31", "2022-12-31", "2021-12-31"]


def test_submissions_must_have_columns():
    with pytest.raises(Exception, match="no filings columns"):
        parse_submissions(b'{"cik": "1", "filings": {"recent": {}}}', "https://x/CIK1.json")


# --- politeness ----------------------------------------------------------------------------


@pytest.mark.parametrize("ua", ["", "   ", "python-httpx/0.28", "jane@example.com"])
def test_missing_user_agent_is_refused(ua):
    with pytest.raises(NoUserAgent, match="User-Agent"):
        EdgarClient(EdgarConfig(user_agent=ua))
    assert check_user_agent("Jane Analyst jane@example.com") == "Jane Analyst jane@example.com"


def test_user_agent_sent_on_every_request(server):
    with server.client() as client:
        make_plan(client, ["YMM"], forms=("20-F",), since=2023)
    assert server.hits and {h.user_agent for h in server.hits} == {UA}


def test_rate_limit_holds_under_eight_threads():
    """Eight threads, 35 requests, EDGAR's ten per second, on the fake clock: the pace is exact."""
    paths = [f"/Archives/edgar/data/1/000000000000000001/R{i}.htm" for i in range(35)]
    edgar = FakeEdgar({p: b"<html>x</html>" for p in paths})
    start = edgar.clock.monotonic()
    with edgar.client(edgar.config(max_per_second=10)) as client:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda p: client.get(edgar.url + p), paths))
        sent = sorted(client.stats.sent_at)
    assert sorted(edgar.paths()) == sorted(paths) and len(sent) == 35
    at = sorted(h.at for h in edgar.hits)
    # any 11 consecutive requests span a second: never more than 10 in one second. Without the
    # pacer, 35 requests on 8 threads go at the same instant.
    assert min(sent[i + 10] - sent[i] for i in range(len(sent) - 10)) >= 0.95
    assert min(at[i + 10] - at[i] for i in range(len(at) - 10)) == pytest.approx(1.051)
    # and the pacer does not crawl: ten at once, the next ten as the first leave the window
    # (a second, plus 1 ms past its edge, plus the 50 ms margin), and so on
    assert Counter(round(t - start, 6) for t in at) == {0.0: 10, 1.051: 10, 2.102: 10, 3.153: 5}
    assert sent[-1] - sent[0] < 6


def test_429_then_200_is_retried():
    path = "/Archives/edgar/data/1/000000000000000001/R2.htm"
    edgar = FakeEdgar({path: [429, 503, b"<html>ok</html>"]})
    with edgar.client() as client:
        assert client.get(edgar.url + path) == b"<html>ok</html>"
        assert client.stats.retries == 2 and client.stats.refusals == 1
    assert [h.status for h in edgar.hits] == [429, 503, 200]
    # each wait is the back-off's: at most backoff_initial (0.01 s), then twice that
    assert len(edgar.clock.waits) == 2 and edgar.clock.waits[0] <= 0.01 and edgar.clock.waits[1] <= 0.02


@pytest.mark.parametrize(("retry_after", "waited"), [
    ("7", 7.0),  # seconds
    ("Thu, 01 Jan 2026 00:17:10 GMT", 30.0),  # an HTTP date: the fake clock reads 00:16:40 then
    ("120", 60.0),  # never longer than backoff_max
])
def test_retry_after_is_waited_exactly(retry_after, waited):
    path = "/Archives/edgar/data/1/000000000000000001/R4.htm"
    edgar = FakeEdgar({path: [httpx.Response(429, headers={"Retry-After": retry_after}), b"<html>ok</html>"]})
    # the SEC's back-off (up to 1 s on the first retry), shorter than any Retry-After here
    with edgar.client(edgar.config(backoff_initial=1.0, backoff_max=60.0)) as client:
        assert client.get(edgar.url + path) == b"<html>ok</html>"
    first, second = edgar.hits
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at == waited and edgar.clock.waits == [waited]


def test_server_errors_give_up_after_the_attempts_allowed():
    path = "/Archives/edgar/data/1/000000000000000001/R3.htm"
    edgar = FakeEdgar({path: [502]})
    with edgar.client(edgar.config(attempts=3)) as client, pytest.raises(Unavailable) as err:
        client.get(edgar.url + path)
    assert len(edgar.hits) == 3 and err.value.source == edgar.url + path
    assert "HTTP 502 after 3 tries" in err.value.message


def test_permanent_404_is_a_typed_issue_naming_the_url(server):
    missing = folder(FTA_CIK, FTA_ACC) + "R64.htm"
    del server.routes[missing]
    with server.client() as client:
        with pytest.raises(NotFound):
            client.get(server.url + missing)
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        result = fetch_plan(client, plan)
    assert [server.paths().count(missing)] == [2]  # once above, once in the fetch: never retried
    issue = next(i for i in result.issues if i.kind == "not_found")
    assert issue.source == server.url + missing and "HTTP 404" in issue.message
    assert {n for n, _ in result.items} == {f"{FTA_ACC}#R{i}.htm" for i in (1, 15, 40, 62, 63)}


def test_repeated_refusals_stop_everything():
    routes = {f"/Archives/edgar/data/1/000000000000000001/R{i}.htm": [429] for i in range(6)}
    edgar = FakeEdgar(routes)
    with edgar.client(edgar.config(max_refusals=3, attempts=10)) as client:
        urls = [edgar.url + p for p in routes]
        with pytest.raises(Stopped, match="refused 3 requests in a row"):
            client.get(urls[0])
        n = len(edgar.hits)
        with pytest.raises(Stopped, match="Wait ten minutes"):
            client.get(urls[1])
        assert client.stopped
    assert n == 3 and len(edgar.hits) == 3  # nothing more was asked after the stop


# --- fetching --------------------------------------------------------------------------------


def test_fetch_lender_filing_gives_its_credit_facts(server):
    events = []
    with server.client() as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        result = fetch_plan(client, plan, progress=events.append)
    names = [n for n, _ in result.items]
    assert names == [f"{FTA_ACC}#R{i}.htm" for i in (1, 15, 40, 62, 63, 64)]
    origin = result.origin[f"{FTA_ACC}#R62.htm"]
    assert origin["url"] == server.url + folder(FTA_CIK, FTA_ACC) + "R62.htm"
    assert (origin["accession"], origin["cik"], origin["form"], origin["period"]) == \
        (FTA_ACC, "1838413", "20-F", "2023-12-31")
    # no request for what was not picked: statements, borrowings, the parent company
    assert not any(p.endswith(("R2.htm", "R18.htm", "R70.htm", "R80.htm")) for p in server.paths())
    assert events[-1].stage == "done" and events[-1].done == events[-1].total == 6

    facts = extract_bytes(result.items).facts
    disk = extract_paths([DATA / "fta_20f_fy2023_loan_aging_details.htm",
                          DATA / "fta_20f_fy2023_allowance_details.htm"]).facts
    assert len(disk) > 10 and _values(facts) == _values(disk)
    # the cover page names the filer of every page of the filing
    assert set(facts["entity"]) == {"Full Truck Alliance Co. Ltd."}
    total = facts[(facts["metric"] == "total_loans") & (facts["period_end"].astype(str) == "2023-12-31")]
    assert total["value"].tolist() == [3_675_492_000.0] or total["value"].tolist() == [3_675_492.0 * 1000]


def test_fetched_bytes_equal_the_same_bytes_from_disk(server, tmp_path):
    with server.client() as client:
        result = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023))
    for name, body in result.items:
        (tmp_path / name.split("#")[1]).write_bytes(body)
    fetched = extract_bytes(result.items).facts
    disk = extract_paths([tmp_path]).facts
    assert len(fetched) == len(disk) > 0
    cols = [c for c in fetched.columns if c not in ("source", "locator")]
    pd.testing.assert_frame_equal(fetched[cols].reset_index(drop=True), disk[cols].reset_index(drop=True))


def test_cache_and_library_prevent_downloads(server, tmp_path):
    cfg = server.config(cache_dir=tmp_path / "cache")
    with server.client(cfg) as client:
        first = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023))
    n = len(server.hits)
    assert n == 9 and len(first.items) == 6  # the tickers, submissions, summary and 6 pages
    with server.client(cfg) as client:  # a new client, a new run: everything from the cache
        again = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023))
        assert client.stats.sent == 0 and client.stats.from_cache == 9
    assert len(server.hits) == n and [b for _, b in again.items] == [b for _, b in first.items]

    # the library: pages it holds are not asked for, even without a cache
    known = {o["url"] for o in first.origin.values()}
    with server.client() as client:
        third = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023),
                           in_library=known.__contains__)
    assert third.items == [] and sorted(third.in_library) == sorted(known)
    assert not any(p.endswith(".htm") for p in server.paths()[n:])


def test_offline_never_touches_the_network(server, tmp_path):
    cfg = server.config(cache_dir=tmp_path / "cache", offline=True)
    with server.client(cfg) as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
    assert server.hits == [] and plan.filings == []
    assert plan.issues[0].kind == "offline" and "offline" in plan.issues[0].message
    with server.client(server.config(cache_dir=tmp_path / "cache")) as client:
        fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023))
    n = len(server.hits)
    with server.client(cfg) as client:
        result = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023))
    assert len(server.hits) == n and len(result.items) == 6


def test_cancel_stops_before_the_pages(server):
    cancel = threading.Event()
    with server.client(cancel=cancel) as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        cancel.set()
        result = fetch_plan(client, plan)
    assert result.cancelled and result.items == []
    assert any(i.kind == "cancelled" for i in result.issues)
    assert not any(p.endswith("R62.htm") for p in server.paths())


def test_unknown_ticker_is_an_issue(server):
    with server.client() as client:
        plan = make_plan(client, ["NOPE", "YMM"], forms=("20-F",), since=2023)
    assert [i.source for i in plan.issues] == ["NOPE"] and "CIK instead" in plan.issues[0].message
    assert len(plan.filings) == 1


def test_apple_filing_fetches_nothing(server):
    need(AAPL_DIR)
    with server.client() as client:
        plan = make_plan(client, [str(AAPL_CIK)], forms=("10-Q",), since=2025)
        result = fetch_plan(client, plan)
    assert [f.filing.accession for f in plan.filings] == [AAPL_ACC]
    assert plan.filings[0].pages == [] and "none of its 42 pages" in plan.filings[0].note
    assert result.items == [] and not any(p.endswith(".htm") for p in server.paths())


def test_filing_without_r_pages_gets_its_inline_xbrl(server):
    need(TSLA_10K)
    with server.client() as client:
        plan = make_plan(client, ["TSLA"], forms=("10-K",), since=2024)
        result = fetch_plan(client, plan)
    assert "inline XBRL" in plan.filings[0].note
    assert [n.split("#")[1] for n, _ in result.items] == ["tsla-20241231.htm"]
    fetched = extract_bytes(result.items).facts
    disk = extract_paths([TSLA_10K]).facts
    assert _values(fetched) == _values(disk)
    g = fetched[(fetched["metric"] == "max_exposure")
                & (fetched["period_end"].astype(str) == "2024-12-31")]
    assert 1_450_000_000.0 in g["value"].tolist()


def test_a_page_over_the_file_limit_is_not_downloaded(server):
    with server.client(server.config(max_bytes=2000)) as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        result = fetch_plan(client, plan)
    big = [i for i in result.issues if i.kind == "limit"]
    assert big and all("over the limit" in i.message and i.source.startswith(server.url) for i in big)
    assert all(len(b) <= 2000 for _, b in result.items)


def test_refusals_during_a_fetch_stop_it_with_one_issue(server):
    f = folder(FTA_CIK, FTA_ACC)
    for r in ("R15.htm", "R40.htm", "R62.htm", "R63.htm", "R64.htm"):
        server.routes[f + r] = [403]
    with server.client(server.config(max_refusals=3)) as client:
        plan = make_plan(client, ["YMM"], forms=("20-F",), since=2023)
        result = fetch_plan(client, plan, workers=1)
    assert result.stopped
    stopped = [i for i in result.issues if i.kind == "stopped"]
    assert len(stopped) == 1 and "refused 3 requests in a row" in stopped[0].message
    refused = [h for h in server.hits if h.status == 403]
    assert len(refused) == 3  # the fourth and fifth pages were never asked for


def test_retry_after_is_read_in_seconds_and_dates():
    from dashboard.edgar.client import _retry_after

    now = 1_445_412_450.0  # 30 s before Wed, 21 Oct 2015 07:28:00 GMT
    assert _retry_after("7", now) == 7.0 and _retry_after(None, now) is None
    assert _retry_after("soon", now) is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 30.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now + 60) == 0.0  # in the past: no wait


def test_bytes_the_library_holds_are_not_handed_over_again(server):
    held = {hashlib.sha256((DATA / "fta_20f_fy2023_loan_aging_details.htm").read_bytes()).hexdigest()}
    with server.client() as client:
        result = fetch_plan(client, make_plan(client, ["YMM"], forms=("20-F",), since=2023),
                            has_content=held.__contains__)
    assert f"{FTA_ACC}#R62.htm" not in dict(result.items) and len(result.items) == 5
    assert result.in_library == [server.url + folder(FTA_CIK, FTA_ACC) + "R62.htm"]


def test_rate_limit_holds_across_processes(tmp_path):
    """Two processes fetching at once through one cache folder keep to 10 a second together.
    Each answers from a MockTransport and prints when its pacer let each request go.

    On the system clock, the one clock two processes share: a fake clock lives in one process,
    and what is tested is that the processes wait for each other. Twenty requests, so the test
    waits one second (the second ten), not more."""
    import json
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "import httpx\n"
        "from dashboard.edgar.client import EdgarClient, EdgarConfig\n"
        "cache, part = sys.argv[1], int(sys.argv[2])\n"
        f"cfg = EdgarConfig(user_agent={UA!r}, archives_url='https://edgar.test', cache_dir=cache)\n"
        "edgar = httpx.MockTransport(lambda r: httpx.Response(200, content=b'<html>x</html>'))\n"
        "paths = [f'/Archives/edgar/data/1/000000000000000002/R{i}.htm' for i in range(20)]\n"
        "with EdgarClient(cfg, transport=edgar) as c, ThreadPoolExecutor(4) as pool:\n"
        "    list(pool.map(lambda p: c.get('https://edgar.test' + p), paths[part::2]))\n"
        "print(json.dumps(c.stats.sent_at))\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "cache"), str(i)],
                              cwd=str(HERE.parents[1]), stdout=subprocess.PIPE, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=60)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    sent = sorted(t for out in outs for t in json.loads(out.strip().splitlines()[-1]))
    assert len(sent) == 20
    # each process alone would send its ten at once, 20 together. Together they keep to 10.
    assert min(sent[i + 10] - sent[i] for i in range(len(sent) - 10)) >= 0.95
    assert sent[-1] - sent[0] >= 0.95  # 20 requests: 10 now, 10 after 1 s


def test_old_filing_with_xml_r_pages_gets_its_xbrl_instance(server):
    from dashboard.edgar.fetch import plan_filing
    from dashboard.edgar.index import Filing

    acc = "0000950123-10-000001"
    f = folder(FTA_CIK, acc)
    server.routes[f + "FilingSummary.xml"] = (
        b"<?xml version='1.0' encoding='utf-8'?><FilingSummary><MyReports><Report>"
        b"<XmlFileName>R1.xml</XmlFileName><ShortName>Document and Entity Information</ShortName>"
        b"</Report></MyReports><InputFiles><File>abc-20091231.xml</File>"
        b"<File>abc-20091231.xsd</File><File>abc-20091231_lab.xml</File></InputFiles>"
        b"</FilingSummary>")
    filing = Filing(cik=FTA_CIK, company="ABC", accession=acc, form="10-K", filing_date="2010-03-01",
                    report_date="2009-12-31", primary_document="abc10k.htm", is_inline=False)
    with server.client() as client:
        plan = plan_filing(client, filing)
    assert [p.file for p in plan.pages] == ["abc-20091231.xml"]
    assert plan.note == "no R pages: the XBRL instance instead"
