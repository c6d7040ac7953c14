"""From tickers or CIKs to the credit-note pages of their filings, as (name, bytes) + origin.

Two steps, so the analyst can see and change what will be fetched:

1. `make_plan`: the tickers file (only when a ticker is given), each filer's submissions JSON
   (and its older pages when the years asked go back that far), each filing's
   `FilingSummary.xml`; the credit-note pages picked from it, and why (`pick.py`); a page
   whose name cannot decide is read then and kept only when its XBRL concepts are credit
   concepts (`page_concepts.py`), its bytes kept for step 2. A filing
   with no R pages gets its inline XBRL document (or its XBRL instance) instead.
2. `fetch_plan`: the picked pages, on a few threads that share the client's rate limit.
   A page whose URL is already in the library is not asked for; one whose bytes the library
   already holds (same sha256, from the cache) is not handed over again.

The result's `items` and `origin` go to `Library.ingest_bytes(items, origin=origin)`, or to
`dashboard.extract.pipeline.extract_bytes(items)`: the same load path as a dropped file. Pages of one
filing are named `<accession>#<file>` (`0001193125-24-095461#R15.htm`), so the loader sees
them as parts of one filing and the cover page's filer name reaches every page.

Failures are `FileIssue`s naming the URL; one missing page never loses the others. A hard
stop (sec.gov refusing again and again) ends the whole fetch with one clear issue.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from dashboard.edgar.client import ClientStats, EdgarClient
from dashboard.edgar.errors import Cancelled, FetchError, NotFound, Stopped
from dashboard.edgar.index import (
    DEFAULT_FORMS,
    Company,
    Filing,
    Report,
    instance_name,
    pages_needed,
    parse_filing_summary,
    parse_folder_index,
    parse_submissions,
    parse_target,
    parse_tickers,
    select_filings,
)
from dashboard.edgar.pick import Choice, pick_reports, settle, with_cover
from dashboard.model.errors import ExtractionError, FileIssue


@dataclass(frozen=True, slots=True)
class Page:
    name: str  # the source name the library keeps: <accession>#R15.htm
    url: str
    file: str
    title: str
    reason: str
    body: bytes | None = field(default=None, compare=False, repr=False)  # read while planning


@dataclass(slots=True)
class FilingPlan:
    filing: Filing
    summary_url: str = ""
    choices: list[Choice] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # every page of its FilingSummary
    pages: list[Page] = field(default_factory=list)
    note: str = ""  # what was decided for the filing as a whole, in one sentence
    issues: list[FileIssue] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.filing.label


@dataclass(slots=True)
class Plan:
    companies: list[Company] = field(default_factory=list)
    filings: list[FilingPlan] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)

    @property
    def pages(self) -> list[Page]:
        return [p for f in self.filings for p in f.pages]


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of a fetch, for a progress bar per filing."""

    filing: str  # the filing's label ('' for the whole fetch)
    stage: str  # 'index', 'summary', 'page', 'done', 'error', 'stopped'
    done: int
    total: int
    message: str = ""


ProgressFn = Callable[[Progress], None]


@dataclass(slots=True)
class FetchResult:
    items: list[tuple[str, bytes]] = field(default_factory=list)
    origin: dict[str, dict] = field(default_factory=dict)
    issues: list[FileIssue] = field(default_factory=list)
    in_library: list[str] = field(default_factory=list)  # URLs not asked: already in the library
    stats: ClientStats | None = None
    cancelled: bool = False
    stopped: bool = False


def _issue(exc: ExtractionError) -> FileIssue:
    return exc.issue()


def _quiet(_: Progress) -> None:
    return None


# --- step 1: the plan ----------------------------------------------------------------------


def resolve_targets(client: EdgarClient, targets: Iterable[str]) -> tuple[list[Company], list[FileIssue]]:
    """Each ticker or CIK as a company; a ticker EDGAR does not know is an issue."""
    companies: list[Company] = []
    issues: list[FileIssue] = []
    parsed: list[tuple[str, int | str]] = []
    for t in targets:
        try:
            parsed.append((t, parse_target(t)))
        except ValueError as exc:
            issues.append(FileIssue(t, "usage", str(exc)))
    tickers: dict[str, Company] = {}
    if any(isinstance(p, str) for _, p in parsed):
        url = client.config.tickers_url
        tickers = parse_tickers(client.get(url, index=True), url)
    for text, p in parsed:
        if isinstance(p, int):
            companies.append(Company(cik=p))
        elif p in tickers:
            companies.append(tickers[p])
        else:
            issues.append(FileIssue(text, "not_found",
                                    f"EDGAR's tickers file ({client.config.tickers_url}) has no "
                                    f"ticker {p}; give the filer's CIK instead"))
    return companies, issues


def list_filings(client: EdgarClient, company: Company, forms: tuple[str, ...] = DEFAULT_FORMS,
                 since: int | None = None, until: int | None = None) -> tuple[Company, list[Filing]]:
    """The filer's filings of those forms and years, newest first (older pages read if needed)."""
    url = client.config.submissions(company.cik)
    subs = parse_submissions(client.get(url, index=True), url, company=company)
    comp = Company(cik=subs.company.cik, name=subs.company.name or company.name,
                   ticker=company.ticker or subs.company.ticker)
    filings = list(subs.filings)
    oldest = min((f.filing_date for f in filings), default="")
    if since is not None and (not oldest or int(oldest[:4]) >= since):
        for name in pages_needed(subs.older_pages, since):
            purl = client.config.submissions(comp.cik, name)
            filings += parse_submissions(client.get(purl, index=True), purl, page=True,
                                         company=comp).filings
    filings = [Filing(**{**_fields(f), "company": comp.name, "ticker": comp.ticker, "cik": comp.cik})
               for f in filings]
    return comp, select_filings(filings, forms, since, until)


def _fields(f: Filing) -> dict:
    return {k: getattr(f, k) for k in Filing.__slots__}


def plan_filing(client: EdgarClient, filing: Filing, *, add: Iterable[str] = (),
                drop: Iterable[str] = ()) -> FilingPlan:
    """The pages to fetch for one filing, and why."""
    cfg = client.config
    plan = FilingPlan(filing=filing, summary_url=cfg.archive(filing.cik, filing.accession,
                                                             "FilingSummary.xml"))
    if not filing.is_xbrl:
        plan.note = ("no XBRL financial report (EDGAR marks it as filed without XBRL), so there "
                     "are no R pages to pick from; nothing fetched")
        return plan
    try:
        summary = parse_filing_summary(client.get(plan.summary_url), plan.summary_url)
    except NotFound:
        summary = None
    if summary is not None and summary.reports:
        plan.reports = list(summary.reports)
        plan.choices = pick_reports(summary.reports, add=add, drop=drop)
        bodies: dict[str, bytes] = {}
        plan.choices = with_cover([_check(client, filing, c, bodies) if c.check else c
                                   for c in plan.choices])
        for c in plan.choices:
            if c.picked:
                plan.pages.append(_page(cfg, filing, c.file, c.report.short_name, c.reason,
                                        bodies.get(c.file)))
        n_notes = sum(1 for c in plan.choices if c.picked and c.report.menu.lower() != "cover")
        plan.note = (f"{n_notes} credit-note page(s) of {len(summary.reports)} picked"
                     + (" (and the cover page)" if len(plan.pages) > n_notes else "")
                     if plan.pages else
                     f"none of its {len(summary.reports)} pages is a credit note "
                     "(loans, allowance, past due, guarantees, credit quality); nothing fetched")
        return plan
    # no R pages: the inline XBRL document, else the XBRL instance
    if filing.is_inline and filing.primary_document:
        plan.pages.append(_page(cfg, filing, filing.primary_document, "inline XBRL document",
                                "the filing has no R pages; its inline XBRL document carries "
                                "the tagged credit figures"))
        plan.note = "no R pages: the inline XBRL document instead"
        return plan
    names = list(summary.input_files) if summary is not None else []
    inst = instance_name(names)
    if not inst:
        idx_url = cfg.archive(filing.cik, filing.accession, "index.json")
        try:
            inst = instance_name(parse_folder_index(client.get(idx_url), idx_url))
        except NotFound:
            inst = ""
    if inst:
        plan.pages.append(_page(cfg, filing, inst, "XBRL instance",
                                "the filing has no R pages; its XBRL instance carries the "
                                "tagged credit figures"))
        plan.note = "no R pages: the XBRL instance instead"
    else:
        plan.note = "no R pages, no inline XBRL document and no XBRL instance; nothing fetched"
    return plan


def _check(client: EdgarClient, filing: Filing, choice: Choice, bodies: dict[str, bytes]) -> Choice:
    """A page whose name could not decide, read (a few KB) and decided by its XBRL concepts.
    Its bytes are kept for the fetch, so it is asked for once."""
    url = client.config.archive(filing.cik, filing.accession, choice.file)
    try:
        body = client.get(url)
    except (Stopped, Cancelled):
        raise
    except FetchError as exc:
        return replace(choice, picked=False, reason=f"not picked: it could not be read to check "
                                                    f"its concepts ({exc.message})")
    settled = settle(choice, body)
    if settled.picked:
        bodies[choice.file] = body
    return settled


def choose_pages(client: EdgarClient, fp: FilingPlan, files: Iterable[str]) -> None:
    """The analyst's own choice of pages for a filing (from its FilingSummary's pages)."""
    why = {c.file: c.reason for c in fp.choices if c.picked}
    names = {r.file: r.short_name for r in fp.reports}
    names.update({p.file: p.title for p in fp.pages})
    why.update({p.file: p.reason for p in fp.pages})
    fp.pages = [_page(client.config, fp.filing, f, names.get(f, f), why.get(f, "added by you"))
                for f in files]


def _page(cfg, filing: Filing, file: str, title: str, reason: str, body: bytes | None = None) -> Page:
    return Page(name=f"{filing.accession}#{file}", url=cfg.archive(filing.cik, filing.accession, file),
                file=file, title=title, reason=reason, body=body)


def make_plan(client: EdgarClient, targets: Iterable[str], *, forms: tuple[str, ...] = DEFAULT_FORMS,
              since: int | None = None, until: int | None = None, add: Iterable[str] = (),
              drop: Iterable[str] = (), limit: int | None = None, workers: int = 4,
              known: dict[str, list[str]] | None = None, progress: ProgressFn = _quiet) -> Plan:
    """Step 1: which filings, and which pages of each. Network only for the indexes.

    `known`: accession -> URLs of its pages the library already holds. Such a filing is not
    looked at again (no request for its page list) unless pages are added or dropped.
    """
    plan = Plan()
    add, drop = list(add), list(drop)
    known = known or {}
    try:
        progress(Progress("", "index", 0, 1, "reading EDGAR's indexes"))
        companies, plan.issues = resolve_targets(client, targets)
        filings: list[Filing] = []
        for comp in companies:
            try:
                comp, found = list_filings(client, comp, forms, since, until)
            except NotFound as exc:
                plan.issues.append(FileIssue(exc.source, exc.kind,
                                             f"EDGAR has no filer with CIK {comp.cik} ({exc.message})"))
                continue
            plan.companies.append(comp)
            if not found:
                plan.issues.append(FileIssue(comp.label, "no_filings",
                                             f"no {', '.join(forms)} filing"
                                             + (f" since {since}" if since else "")
                                             + (f" until {until}" if until else "")))
            filings += found[:limit] if limit else found
    except (Stopped, Cancelled) as exc:
        plan.issues.append(_issue(exc))
        return plan
    except ExtractionError as exc:
        plan.issues.append(_issue(exc))
        return plan

    progress(Progress("", "index", 1, 1, f"{len(filings)} filing(s)"))
    total = len(filings)
    done = [0]
    lock = threading.Lock()

    def one(f: Filing) -> FilingPlan:
        try:
            if known.get(f.accession) and not add and not drop:
                fp = FilingPlan(filing=f, note=f"already in the library ({len(known[f.accession])} "
                                               "page(s)); its page list was not asked for again")
                for url in known[f.accession]:
                    file = url.rsplit("/", 1)[-1]
                    fp.pages.append(Page(name=f"{f.accession}#{file}", url=url, file=file,
                                         title=file, reason="fetched before"))
            else:
                fp = plan_filing(client, f, add=add, drop=drop)
        except (Stopped, Cancelled):
            raise
        except ExtractionError as exc:
            fp = FilingPlan(filing=f, note="its page list could not be read", issues=[_issue(exc)])
        with lock:
            done[0] += 1
            progress(Progress(f.label, "summary", done[0], total, fp.note))
        return fp

    plan.filings = _map(one, filings, workers, plan.issues)
    return plan


def _map(fn, items: list, workers: int, issues: list[FileIssue]) -> list:
    """fn over items on threads, in order; a stop or cancel ends the rest and is one issue."""
    out = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(fn, x) for x in items]
        halted = None
        for fut in futures:
            try:
                out.append(fut.result())
            except (Stopped, Cancelled) as exc:
                if halted is None:
                    halted = exc
                    issues.append(_issue(exc))
                for other in futures:
                    other.cancel()
            except CancelledError:
                continue
    return out


# --- step 2: the pages ---------------------------------------------------------------------


def fetch_plan(client: EdgarClient, plan: Plan, *, in_library: Callable[[str], bool] = lambda u: False,
               has_content: Callable[[str], bool] = lambda sha: False, workers: int = 4,
               progress: ProgressFn = _quiet) -> FetchResult:
    """Step 2: download the planned pages (politely, on `workers` threads)."""
    result = FetchResult(stats=client.stats)
    lock = threading.Lock()
    jobs: list[tuple[FilingPlan, Page]] = []
    counts: dict[str, list[int]] = {}
    for fp in plan.filings:
        result.issues.extend(fp.issues)
        todo = []
        for page in fp.pages:
            if in_library(page.url):
                result.in_library.append(page.url)
            else:
                todo.append(page)
        counts[fp.label] = [0, len(todo)]
        progress(Progress(fp.label, "page" if todo else "done", 0, len(todo),
                          f"{len(fp.pages) - len(todo)} page(s) already in the library"
                          if len(todo) < len(fp.pages) else fp.note))
        jobs += [(fp, p) for p in todo]

    def one(job: tuple[FilingPlan, Page]) -> None:
        fp, page = job
        issue = None
        try:
            body = page.body if page.body is not None else client.get(page.url)
        except (Stopped, Cancelled):
            raise
        except FetchError as exc:
            issue = _issue(exc)
            body = None
        with lock:
            c = counts[fp.label]
            c[0] += 1
            if issue is not None:
                result.issues.append(issue)
            elif has_content(hashlib.sha256(body).hexdigest()):
                result.in_library.append(page.url)
            else:
                result.items.append((page.name, body))
                f = fp.filing
                result.origin[page.name] = {
                    "url": page.url, "accession": f.accession, "cik": str(f.cik), "form": f.form,
                    "period": f.report_date, "filed": f.filing_date, "entity": f.company,
                    "ticker": f.ticker, "report": page.title, "reason": page.reason}
            progress(Progress(fp.label, "error" if issue else ("done" if c[0] == c[1] else "page"),
                              c[0], c[1], issue.message if issue else page.file))

    _map(one, jobs, workers, result.issues)
    result.stopped = client.stopped
    result.cancelled = client.cancel.is_set()
    if result.stopped or result.cancelled:
        for label, (d, t) in counts.items():
            if d < t:
                progress(Progress(label, "stopped", d, t,
                                  "stopped" if result.stopped else "cancelled"))
    order = {p.name: i for i, p in enumerate(plan.pages)}
    result.items.sort(key=lambda item: order.get(item[0], len(order)))
    return result
