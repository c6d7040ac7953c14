"""EDGAR's own indexes, read as pure functions of their bytes.

- the company tickers file (`company_tickers.json`: {"0": {"cik_str", "ticker", "title"}, …})
- a filer's submissions JSON (`CIK##########.json`): `name`, `tickers`, and `filings.recent`
  as parallel columns (accessionNumber, filingDate, reportDate, form, primaryDocument,
  isXBRL, isInlineXBRL, …), plus `filings.files` naming older pages that hold the same columns
- a filing's `FilingSummary.xml`: `MyReports/Report` (HtmlFileName, ShortName, LongName,
  MenuCategory, Role, ParentRole, Position) and `InputFiles`
- a filing folder's `index.json` (`directory.item[].name`), to find the XBRL instance when a
  filing has no R pages

Malformed input raises `MalformedContent` naming the URL it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from dashboard.extract.limits import safe_xml_parser, xml_hazard
from dashboard.model.errors import MalformedContent

CIK_RE = re.compile(r"^(?:CIK)?0*(\d{1,10})$", re.IGNORECASE)
DEFAULT_FORMS = ("10-K", "10-Q", "20-F")


@dataclass(frozen=True, slots=True)
class Company:
    cik: int
    name: str = ""
    ticker: str = ""

    @property
    def label(self) -> str:
        bits = [self.name or f"CIK {self.cik}"]
        if self.ticker:
            bits.append(f"({self.ticker})")
        return " ".join(bits)


@dataclass(frozen=True, slots=True)
class Filing:
    cik: int
    company: str
    accession: str  # 0001193125-24-095461
    form: str
    filing_date: str  # ISO
    report_date: str  # ISO period of report ('' when EDGAR gives none)
    primary_document: str = ""
    is_xbrl: bool = True
    is_inline: bool = False
    ticker: str = ""

    @property
    def label(self) -> str:
        period = self.report_date or self.filing_date
        return f"{self.ticker or self.company} {self.form} {period} ({self.accession})"


@dataclass(frozen=True, slots=True)
class Report:
    """One `MyReports/Report` of a FilingSummary: an R page of the filing's Financial Report."""

    position: int
    file: str  # R15.htm ('' for the 'All Reports' book)
    short_name: str
    long_name: str = ""
    menu: str = ""  # Cover, Statements, Notes, Policies, Tables, Details, Uncategorized
    role: str = ""
    report_type: str = ""
    instance: str = ""
    parent_role: str = ""  # the note a Policies/Tables/Details page belongs to (newer summaries)


@dataclass(frozen=True, slots=True)
class FilingSummary:
    reports: tuple[Report, ...]
    input_files: tuple[str, ...] = ()
    xml_reports: bool = False  # an old (2009-2010) summary whose R pages are XML, not HTML


def _json(data: bytes, url: str) -> object:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedContent(url, f"this is not the JSON EDGAR serves ({exc})") from None


# --- tickers -------------------------------------------------------------------------------


def parse_tickers(data: bytes, url: str = "company_tickers.json") -> dict[str, Company]:
    """Ticker (upper case) -> company, from EDGAR's company tickers file."""
    raw = _json(data, url)
    rows = raw.values() if isinstance(raw, dict) else raw if isinstance(raw, list) else None
    if rows is None:
        raise MalformedContent(url, "the tickers file is neither an object nor a list")
    out: dict[str, Company] = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        try:
            cik = int(row.get("cik_str", row.get("cik")))
        except (TypeError, ValueError):
            continue
        ticker = str(row.get("ticker", "")).upper().strip()
        if ticker and ticker not in out:  # the file lists a company's main ticker first
            out[ticker] = Company(cik=cik, name=str(row.get("title", "")), ticker=ticker)
    return out


def parse_target(text: str) -> int | str:
    """A CIK (int) when the text is one (`320193`, `0000320193`, `CIK320193`), else a ticker."""
    t = text.strip()
    m = CIK_RE.match(t)
    if m:
        return int(m.group(1))
    if not re.fullmatch(r"[A-Za-z0-9.\-]{1,12}", t):
        raise ValueError(f"{text!r} is neither a ticker nor a CIK")
    return t.upper()


# --- submissions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Submissions:
    company: Company
    filings: tuple[Filing, ...]
    older_pages: tuple[tuple[str, str, str], ...]  # (name, filingFrom, filingTo)


def parse_submissions(data: bytes, url: str, *, page: bool = False,
                      company: Company | None = None) -> Submissions:
    """The filings of a submissions JSON (`page=True` for an older page: columns at the top)."""
    raw = _json(data, url)
    if not isinstance(raw, dict):
        raise MalformedContent(url, "the submissions file is not a JSON object")
    if page:
        cols = raw
        files: list = []
        comp = company or Company(cik=0)
    else:
        try:
            cik = int(raw.get("cik"))
        except (TypeError, ValueError):
            raise MalformedContent(url, "the submissions file names no CIK") from None
        tickers = raw.get("tickers") or []
        comp = Company(cik=cik, name=str(raw.get("name", "")),
                       ticker=str(tickers[0]) if tickers else (company.ticker if company else ""))
        filings = raw.get("filings") or {}
        cols = filings.get("recent") or {}
        files = filings.get("files") or []
    if not isinstance(cols, dict) or "accessionNumber" not in cols:
        raise MalformedContent(url, "the submissions file has no filings columns "
                                    "(accessionNumber, form, …)")
    n = len(cols["accessionNumber"])

    def col(name: str, default: object = "") -> list:
        values = cols.get(name)
        return list(values) if isinstance(values, list) and len(values) == n else [default] * n

    acc, form, fdate, rdate = col("accessionNumber"), col("form"), col("filingDate"), col("reportDate")
    prim, xbrl, ixbrl = col("primaryDocument"), col("isXBRL", 1), col("isInlineXBRL", 0)
    out = [Filing(cik=comp.cik, company=comp.name, accession=str(acc[i]), form=str(form[i]),
                  filing_date=str(fdate[i] or ""), report_date=str(rdate[i] or ""),
                  primary_document=str(prim[i] or ""), is_xbrl=bool(xbrl[i]),
                  is_inline=bool(ixbrl[i]), ticker=comp.ticker)
           for i in range(n)]
    older = tuple((str(f.get("name", "")), str(f.get("filingFrom", "")), str(f.get("filingTo", "")))
                  for f in files if isinstance(f, dict) and f.get("name"))
    return Submissions(company=comp, filings=tuple(out), older_pages=older)


def select_filings(filings: list[Filing] | tuple[Filing, ...], forms: tuple[str, ...] = DEFAULT_FORMS,
                   since: int | None = None, until: int | None = None) -> list[Filing]:
    """The filings of the forms asked (exact form names: `10-K/A` only when asked), in the
    years asked (by period of report, else filing date), newest first, each accession once."""
    wanted = {f.strip().upper() for f in forms if f.strip()}
    seen: set[str] = set()
    out = []
    for f in filings:
        if f.form.upper() not in wanted or f.accession in seen:
            continue
        year = _year(f.report_date or f.filing_date)
        if year is None or (since is not None and year < since) or (until is not None and year > until):
            continue
        seen.add(f.accession)
        out.append(f)
    out.sort(key=lambda f: (f.report_date or f.filing_date, f.filing_date), reverse=True)
    return out


def pages_needed(older: tuple[tuple[str, str, str], ...], since: int | None) -> list[str]:
    """The older submissions pages that may hold filings from `since` on."""
    out = []
    for name, _from, to in older:
        year = _year(to)
        if since is None or year is None or year >= since:
            out.append(name)
    return out


def _year(iso: str) -> int | None:
    try:
        return date.fromisoformat(iso[:10]).year
    except ValueError:
        return None


# --- FilingSummary.xml ---------------------------------------------------------------------


def parse_filing_summary(data: bytes, url: str = "FilingSummary.xml") -> FilingSummary:
    """The reports (R pages) a filing's Financial Report holds, in their order."""
    hazard = xml_hazard(data)
    if hazard:
        raise MalformedContent(url, f"not read: {hazard}")
    try:
        root = etree.fromstring(data, safe_xml_parser(remove_blank_text=True))
    except etree.XMLSyntaxError as exc:
        raise MalformedContent(url, f"this is not a readable FilingSummary.xml ({exc})") from None
    if root is None or etree.QName(root).localname != "FilingSummary":
        raise MalformedContent(url, "this is not a FilingSummary.xml (no <FilingSummary> root)")

    def text(el: etree._Element, tag: str) -> str:
        child = el.find(tag)
        return (child.text or "").strip() if child is not None else ""

    reports = []
    xml_only = False
    for i, el in enumerate(root.iterfind("MyReports/Report")):
        file = text(el, "HtmlFileName")
        if not file and text(el, "XmlFileName"):
            xml_only = True
            continue
        if not file:  # the 'All Reports' book
            continue
        pos = text(el, "Position")
        reports.append(Report(
            position=int(pos) if pos.isdigit() else i + 1, file=file,
            short_name=text(el, "ShortName"), long_name=text(el, "LongName"),
            menu=text(el, "MenuCategory"), role=text(el, "Role"),
            report_type=text(el, "ReportType"), instance=el.get("instance", ""),
            parent_role=text(el, "ParentRole")))
    inputs = tuple((f.text or "").strip() for f in root.iterfind("InputFiles/File") if f.text)
    return FilingSummary(reports=tuple(reports), input_files=inputs,
                         xml_reports=xml_only and not reports)


# --- a filing folder's index.json ----------------------------------------------------------

_LINKBASE = re.compile(r"_(cal|def|lab|pre|ref)\.xml$", re.IGNORECASE)


def parse_folder_index(data: bytes, url: str) -> list[str]:
    raw = _json(data, url)
    items = ((raw or {}).get("directory") or {}).get("item") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise MalformedContent(url, "the folder index has no directory items")
    return [str(i.get("name", "")) for i in items if isinstance(i, dict) and i.get("name")]


def instance_name(names: list[str] | tuple[str, ...]) -> str:
    """The XBRL instance among a filing's files ('' when there is none)."""
    xml = [n for n in names if n.lower().endswith(".xml") and not _LINKBASE.search(n)
           and n != "FilingSummary.xml" and not re.fullmatch(r"R\d+\.xml", n)]
    extracted = [n for n in xml if n.lower().endswith("_htm.xml")]
    if extracted:
        return extracted[0]
    dated = [n for n in xml if re.search(r"-\d{8}\.xml$", n)]
    return dated[0] if dated else ""
