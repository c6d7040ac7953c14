"""A small EDGAR on 127.0.0.1 for the fetch tests: EDGAR's real formats, real figures.

`EdgarServer` is a threaded HTTP server on a free loopback port that serves a route table
(path -> body, or a list of statuses to answer in turn) and records every request it gets
(arrival time, path, User-Agent). `edgar_site()` builds the route table:

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
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


# --- the server -------------------------------------------------------------------------------


@dataclass
class Hit:
    at: float  # time.monotonic() on arrival
    path: str
    user_agent: str
    status: int


@dataclass
class EdgarServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving `routes`.

    A route's value is the body (bytes, 200), or a list whose items are answered in turn
    (an int is a status with an empty body, bytes a 200), the last one repeating.
    """

    routes: dict[str, object]
    hits: list[Hit] = field(default_factory=list)
    delay: float = 0.0  # seconds each answer takes

    def __post_init__(self) -> None:
        server = self
        lock = threading.Lock()
        served: dict[str, int] = {}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                arrived = time.monotonic()
                path = self.path.split("?", 1)[0]
                route = server.routes.get(path)
                with lock:
                    n = served.get(path, 0)
                    served[path] = n + 1
                if isinstance(route, list):
                    route = route[min(n, len(route) - 1)]
                status, body = (200, route) if isinstance(route, bytes) else \
                    (route, b"") if isinstance(route, int) else (404, b"<html>Not Found</html>")
                with lock:
                    server.hits.append(Hit(arrived, path, self.headers.get("User-Agent", ""), status))
                if server.delay:
                    time.sleep(server.delay)
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "0")
                ctype = "application/json" if path.endswith(".json") else \
                    "text/xml" if path.endswith(".xml") else "text/html"
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def config(self, **over: object):
        from dashboard.edgar.client import EdgarConfig

        kw = {"user_agent": UA, "archives_url": self.url, "data_url": self.url,
              "tickers_url": self.url + "/files/company_tickers.json",
              "backoff_initial": 0.01, "backoff_max": 0.05}
        kw.update(over)
        return EdgarConfig(**kw)

    def point_env(self, monkeypatch, home: Path) -> None:
        """Point the app and the command line at this server, with a fresh home folder."""
        monkeypatch.setenv("CREDIT_NOTES_HOME", str(home))
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_ARCHIVES", self.url)
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_DATA", self.url)
        monkeypatch.setenv("CREDIT_NOTES_EDGAR_TICKERS", self.url + "/files/company_tickers.json")
        monkeypatch.delenv("CREDIT_NOTES_EDGAR_USER_AGENT", raising=False)

    def touch(self, cik: int, acc: str, *pages: str) -> None:
        """Serve these pages with one byte more: the same figures, new bytes to a library."""
        for page in pages:
            path = folder(cik, acc) + page
            self.routes[path] = self.routes[path] + b"\n"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
