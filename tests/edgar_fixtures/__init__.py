"""A small EDGAR in-process for the fetch tests: EDGAR's real formats, real figures.

`FakeEdgar` answers a route table (path -> body, or a list of answers in turn) through an
`httpx.MockTransport` and records every request (its time on a `FakeClock`, path, User-Agent,
status); the client waits on that clock, so its pace and back-off are exact and take no time.
`edgar_site()` builds the route table:

- `/files/company_tickers.json`: EDGAR's tickers file ({"0": {"cik_str", "ticker", "title"}})
- `/submissions/CIK##########.json`: submissions JSON with `filings.recent` columns and
  `filings.files` naming an older page
- `/Archives/edgar/data/<cik>/<accession>/FilingSummary.xml` and R pages

Filings served:
- Full Truck Alliance (CIK 1838413), 20-F FY2023, accession 0001193125-24-095461: the
  FilingSummary is `fta_20f_fy2023_FilingSummary.xml` beside this file, written in EDGAR's
  format for a lender (its R numbers are the fixture's); the aging and allowance Details pages
  are the project's samples in data/ (real figures); the cover page and the note text blocks
  are written here in R-page format.
- Apple (CIK 320193), 10-Q for the quarter ended 2025-03-29, accession 0000320193-25-000057:
  the real FilingSummary.xml and R pages from ../shared/corpus (only when it is there).
- Tesla (CIK 1318605), 10-K FY2024: no FilingSummary (404), so its inline XBRL document is
  fetched instead: the real 10-K from ../shared/corpus (only when it is there). The accession
  is the fixture's own.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from dashboard.edgar import into_library
from dashboard.edgar.client import EdgarClient, EdgarConfig

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "data"
CORPUS = ROOT.parent / "shared" / "corpus" / "original"
AAPL_DIR = CORPUS / "aapl-10q-20250329"
TSLA_10K = CORPUS / "tsla-10-k-2025-01-30.html"

FTA_CIK, FTA_ACC = 1838413, "0001193125-24-095461"
FTA_FY22_ACC = "0001193125-23-106426"
AAPL_CIK, AAPL_ACC = 320193, "0000320193-25-000057"
TSLA_CIK, TSLA_ACC = 1318605, "0001318605-25-000001"  # the fixture's accession
UA = "Credit Notes Tests tests@example.com"


def folder(cik: int, acc: str) -> str:
    return f"/Archives/edgar/data/{cik}/{acc.replace('-', '')}/"


# --- R pages written in EDGAR's format -------------------------------------------------------

_R_HEAD = """<html>
<head>
<title></title>
<link rel="stylesheet" type="text/css" href="report.css">
</head>
<body>
<span style="display: none;">v3.24.1.u1</span><table class="report" border="0" cellspacing="2" id="idm1">
"""


def _row(concept: str, label: str, value: str, cls: str = "text") -> str:
    return (f'<tr class="re">\n<td class="pl" style="border-bottom: 0px;" valign="top"><a class="a" '
            f'href="javascript:void(0);" onclick="Show.showAR( this, \'defref_{concept}\', window );">'
            f'{label}</a></td>\n<td class="{cls}">{value}<span></span>\n</td>\n</tr>\n')


def cover_page(name: str, form: str, period: str, cik: int) -> bytes:
    rows = "".join([
        _row("dei_DocumentType", "Document Type", form),
        _row("dei_DocumentPeriodEndDate", "Document Period End Date", period),
        _row("dei_EntityRegistrantName", "Entity Registrant Name", name),
        _row("dei_EntityCentralIndexKey", "Entity Central Index Key", f"{cik:010d}"),
    ])
    return (_R_HEAD + '<tr>\n<th class="tl" colspan="1" rowspan="1"><div style="width: 200px;">'
            "<strong>Document and Entity Information</strong></div></th>\n"
            '<th class="th"><div>12 Months Ended<br>Dec. 31, 2023</div></th>\n</tr>\n'
            + rows + "</table>\n</body>\n</html>\n").encode()


def text_block_page(title: str, concept: str, label: str, text: str) -> bytes:
    return (_R_HEAD + '<tr>\n<th class="tl" colspan="1" rowspan="1"><div style="width: 200px;">'
            f"<strong>{title}</strong></div></th>\n"
            '<th class="th"><div>12 Months Ended<br>Dec. 31, 2023</div></th>\n</tr>\n'
            + _row(concept, label, f"<p>{text}</p>") + "</table>\n</body>\n</html>\n").encode()


# --- indexes ------------------------------------------------------------------------------------


def tickers_json() -> bytes:
    return json.dumps({
        "0": {"cik_str": AAPL_CIK, "ticker": "AAPL", "title": "Apple Inc."},
        "1": {"cik_str": TSLA_CIK, "ticker": "TSLA", "title": "Tesla, Inc."},
        "2": {"cik_str": FTA_CIK, "ticker": "YMM", "title": "Full Truck Alliance Co. Ltd."},
    }).encode()


def _columns(rows: list[dict]) -> dict[str, list]:
    keys = ["accessionNumber", "filingDate", "reportDate", "acceptanceDateTime", "act", "form",
            "fileNumber", "filmNumber", "items", "core_type", "size", "isXBRL", "isInlineXBRL",
            "primaryDocument", "primaryDocDescription"]
    return {k: [r.get(k, "") for r in rows] for k in keys}


def submissions_json(cik: int, name: str, tickers: list[str], rows: list[dict],
                     older: list[dict] | None = None) -> bytes:
    return json.dumps({
        "cik": str(cik), "entityType": "operating", "sic": "", "name": name, "tickers": tickers,
        "exchanges": ["NYSE"] * len(tickers),
        "filings": {"recent": _columns(rows), "files": older or []},
    }).encode()


def fta_rows() -> list[dict]:
    return [
        {"accessionNumber": "0001193125-24-120001", "filingDate": "2024-05-20", "reportDate": "",
         "form": "6-K", "isXBRL": 0, "isInlineXBRL": 0, "primaryDocument": "d6k.htm"},
        {"accessionNumber": FTA_ACC, "filingDate": "2024-04-15", "reportDate": "2023-12-31",
         "form": "20-F", "isXBRL": 1, "isInlineXBRL": 1, "primaryDocument": "d20f.htm"},
        {"accessionNumber": FTA_FY22_ACC, "filingDate": "2023-04-20", "reportDate": "2022-12-31",
         "form": "20-F", "isXBRL": 1, "isInlineXBRL": 1, "primaryDocument": "d20f22.htm"},
    ]


FTA_OLDER = [{"name": "CIK0001838413-submissions-001.json", "filingCount": 1,
              "filingFrom": "2021-06-01", "filingTo": "2021-12-31"}]


def fta_older_page() -> bytes:
    return json.dumps(_columns([
        {"accessionNumber": "0001193125-22-117547", "filingDate": "2022-04-25",
         "reportDate": "2021-12-31", "form": "20-F", "isXBRL": 1, "isInlineXBRL": 1,
         "primaryDocument": "d20f21.htm"}])).encode()


# --- the site -----------------------------------------------------------------------------------


def fta_pages() -> dict[str, bytes]:
    f = folder(FTA_CIK, FTA_ACC)
    return {
        f + "FilingSummary.xml": (HERE / "fta_20f_fy2023_FilingSummary.xml").read_bytes(),
        f + "R1.htm": cover_page("Full Truck Alliance Co. Ltd.", "20-F", "Dec. 31, 2023", FTA_CIK),
        f + "R15.htm": text_block_page(
            "LOANS RECEIVABLE, NET", "us-gaap_FinancingReceivablesTextBlock",
            "LOANS RECEIVABLE, NET",
            "6. LOANS RECEIVABLE, NET. The Group's loans receivable are credit loans to shippers "
            "and truckers; the aging and the movement of the allowance are set out in the tables."),
        f + "R40.htm": text_block_page(
            "LOANS RECEIVABLE, NET (Tables)", "us-gaap_ScheduleOfFinancingReceivableTextBlock",
            "Schedule of loans receivable",
            "The tables of loans receivable are given in the details pages."),
        f + "R62.htm": (DATA / "fta_20f_fy2023_loan_aging_details.htm").read_bytes(),
        f + "R63.htm": (DATA / "fta_20f_fy2023_allowance_details.htm").read_bytes(),
        f + "R64.htm": text_block_page(
            "LOANS RECEIVABLE, NET (Details Narrative)", "ymm_LoansReceivableTermDescription",
            "Term of loans", "Loans are mostly due within twelve months."),
    }


def edgar_site(*, with_shared: bool = True) -> dict[str, object]:
    routes: dict[str, object] = {
        "/files/company_tickers.json": tickers_json(),
        f"/submissions/CIK{FTA_CIK:010d}.json": submissions_json(
            FTA_CIK, "Full Truck Alliance Co. Ltd.", ["YMM"], fta_rows(), FTA_OLDER),
        "/submissions/CIK0001838413-submissions-001.json": fta_older_page(),
        **fta_pages(),
    }
    if with_shared and AAPL_DIR.exists():
        routes[f"/submissions/CIK{AAPL_CIK:010d}.json"] = submissions_json(AAPL_CIK, "Apple Inc.", ["AAPL"], [
            {"accessionNumber": AAPL_ACC, "filingDate": "2025-05-02", "reportDate": "2025-03-29",
             "form": "10-Q", "isXBRL": 1, "isInlineXBRL": 1, "primaryDocument": "aapl-20250329.htm"}])
        f = folder(AAPL_CIK, AAPL_ACC)
        for p in AAPL_DIR.iterdir():
            if p.suffix in (".htm", ".xml"):
                routes[f + p.name] = p.read_bytes()
    if with_shared and TSLA_10K.exists():
        routes[f"/submissions/CIK{TSLA_CIK:010d}.json"] = submissions_json(TSLA_CIK, "Tesla, Inc.", ["TSLA"], [
            {"accessionNumber": TSLA_ACC, "filingDate": "2025-01-30", "reportDate": "2024-12-31",
             "form": "10-K", "isXBRL": 1, "isInlineXBRL": 1,
             "primaryDocument": "tsla-20241231.htm"}])
        routes[folder(TSLA_CIK, TSLA_ACC) + "tsla-20241231.htm"] = TSLA_10K.read_bytes()
    return routes


# --- the fake EDGAR: answered in-process, on a fake clock ---------------------------------------


class FakeClock:
    """Time that moves only when the client waits: a wait returns at once, its deadline reached.

    `monotonic()` starts at `start`; `time()` is the epoch `epoch` seconds later. Threads that
    wait for the same instant wake at that instant (a wait moves time to its deadline, never
    back), so the pace of several threads reads as it would on a real clock."""

    def __init__(self, start: float = 1000.0, epoch: float = 1_767_225_600.0) -> None:
        self._now = start
        self.epoch = epoch
        self._lock = threading.Lock()
        self.waits: list[float] = []  # each wait's length, in order

    def monotonic(self) -> float:
        with self._lock:
            return self._now

    def time(self) -> float:
        return self.epoch + self.monotonic()

    def sleep_until(self, deadline: float, cancel: threading.Event | None = None) -> bool:
        if cancel is not None and cancel.is_set():
            return True
        with self._lock:
            self.waits.append(max(0.0, deadline - self._now))
            self._now = max(self._now, deadline)
        return False


@dataclass
class Hit:
    at: float  # the fake clock's monotonic() when the request arrived
    path: str
    user_agent: str
    status: int


@dataclass
class FakeEdgar:
    """EDGAR answered by an `httpx.MockTransport` from `routes`, every request recorded, with a
    `FakeClock` for the client to wait on.

    A route's value is the body (bytes, 200), or a list whose items are answered in turn (an
    int is a status with an empty body, bytes a 200, an `httpx.Response` itself), the last one
    repeating. A 429 given as an int says `Retry-After: 0`. A path with no route is a 404.
    While `gate` is clear, the R pages (`.htm`) wait for it: time to press Cancel.
    """

    routes: dict[str, object]
    url: str = "https://edgar.test"
    clock: FakeClock = field(default_factory=FakeClock)
    hits: list[Hit] = field(default_factory=list)
    gate: threading.Event | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self.transport = httpx.MockTransport(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        with self._lock:
            n = self._served.get(path, 0)
            self._served[path] = n + 1
            route = self.routes.get(path)
        if isinstance(route, list):
            route = route[min(n, len(route) - 1)]
        if isinstance(route, httpx.Response):
            resp = route
        else:
            status, body = (200, route) if isinstance(route, bytes) else \
                (route, b"") if isinstance(route, int) else (404, b"<html>Not Found</html>")
            ctype = "application/json" if path.endswith(".json") else \
                "text/xml" if path.endswith(".xml") else "text/html"
            headers = {"Content-Type": ctype, **({"Retry-After": "0"} if status == 429 else {})}
            resp = httpx.Response(status, headers=headers, content=body)
        with self._lock:
            self.hits.append(Hit(self.clock.monotonic(), path, request.headers.get("User-Agent", ""),
                                 resp.status_code))
        if self.gate is not None and path.endswith(".htm"):
            self.gate.wait(30)
        return resp

    def config(self, **over: object) -> EdgarConfig:
        kw = {"user_agent": UA, "archives_url": self.url, "data_url": self.url,
              "tickers_url": self.url + "/files/company_tickers.json",
              "backoff_initial": 0.01, "backoff_max": 0.05}
        kw.update(over)
        return EdgarConfig(**kw)

    def client(self, config: EdgarConfig | None = None, *,
               cancel: threading.Event | None = None) -> EdgarClient:
        """A client of this EDGAR, on its clock (`config()` unless a config is given)."""
        return EdgarClient(config or self.config(), cancel=cancel, transport=self.transport,
                           clock=self.clock)

    def point_env(self, monkeypatch, home: Path) -> None:
        """The app and the command line fetch from this EDGAR (its URLs, its transport and clock
        wherever they open a client), with a fresh home folder."""
        monkeypatch.setenv("CREDIT_NOTES_HOME", str(home))
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_ARCHIVES", self.url)
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_DATA", self.url)
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_TICKERS", self.url + "/files/company_tickers.json")
        monkeypatch.delenv("CREDIT_NOTES_EDGAR_USER_AGENT", raising=False)
        monkeypatch.setattr(into_library, "open_client",
                            lambda config, cancel=None: self.client(config, cancel=cancel))

    def touch(self, cik: int, acc: str, *pages: str) -> None:
        """Serve these pages with one byte more: the same figures, new bytes to a library."""
        for page in pages:
            path = folder(cik, acc) + page
            self.routes[path] = self.routes[path] + b"\n"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]
