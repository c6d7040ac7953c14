"""A polite HTTP client for EDGAR: SEC fair-access rules enforced in code.

- **Declared User-Agent** with a contact e-mail; `EdgarClient` refuses to start without one
  (`NoUserAgent`), because sec.gov blocks undeclared tools.
- **At most `max_per_second` requests per second** (10, the SEC's ceiling) across every
  thread of the process, and across processes sharing a cache folder (`pacing.Pacer`),
  applied below the cache, so answers from the cache cost nothing.
- **Retries with exponential backoff and full jitter** (`tenacity`) on 429, 5xx, timeouts and
  connection errors, honouring `Retry-After`; 404/410 are permanent (`NotFound`), never retried.
- **A hard stop** (`Stopped`) after `max_refusals` refusals (403/429) in a row: every later
  request fails at once with the same plain message, so no thread keeps knocking.
- **An on-disk HTTP cache** (`hishel`, SQLite): archive files are immutable and kept for good;
  the indexes (tickers, submissions) for `index_ttl` seconds. `offline=True` answers from the
  cache only and never opens a connection (`NotCached`).
- **The loader's size limit** applies while the body streams in (`TooLarge`).

Every URL is built from three configurable bases (`archives_url`, `data_url`, `tickers_url`).
The client sends through `transport` (the network unless given) and waits on `clock` (the
system's unless given): tests answer from an in-process EDGAR on a clock whose waits are instant.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

import hishel
import httpx
import tenacity
from hishel.httpx import CacheTransport

from dashboard.edgar.errors import (
    Cancelled,
    FetchError,
    NotCached,
    NotFound,
    NoUserAgent,
    Refused,
    Stopped,
    TooLarge,
    Unavailable,
)
from dashboard.edgar.pacing import SYSTEM_CLOCK, Clock, Pacer, shared_pacer
from dashboard.extract.limits import resolve_limits

SEC_ARCHIVES = "https://www.sec.gov"
SEC_DATA = "https://data.sec.gov"
SEC_TICKERS = "https://www.sec.gov/files/company_tickers.json"
SEC_MAX_PER_SECOND = 10

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REFUSAL_STATUSES = frozenset({403, 429})
USER_AGENT_HELP = (
    "EDGAR asks every automated tool to say who is asking: give a User-Agent with your name "
    "and a contact e-mail, e.g. --user-agent \"Jane Analyst jane.analyst@example.com\" (or in "
    "the app's fetch box). It is kept in the library's settings, so you give it once.")


def check_user_agent(user_agent: str | None) -> str:
    """The User-Agent, stripped, or `NoUserAgent` saying what EDGAR needs."""
    ua = (user_agent or "").strip()
    if not ua:
        raise NoUserAgent(f"No User-Agent is set. {USER_AGENT_HELP}")
    email = _EMAIL.search(ua)
    if not email:
        raise NoUserAgent(f"The User-Agent {ua!r} has no contact e-mail. {USER_AGENT_HELP}")
    if not ua.replace(email.group(0), "").strip(" <>()-,;"):
        raise NoUserAgent(f"The User-Agent {ua!r} gives an e-mail but no name. {USER_AGENT_HELP}")
    if not ua.isascii() or any(c in ua for c in "\r\n"):
        raise NoUserAgent(f"The User-Agent must be plain ASCII on one line. {USER_AGENT_HELP}")
    return ua


@dataclass(frozen=True, slots=True)
class EdgarConfig:
    """Where EDGAR is and how politely to ask it. Every field has the SEC's value by default."""

    user_agent: str = ""
    archives_url: str = SEC_ARCHIVES  # + /Archives/edgar/data/<cik>/<accession>/<file>
    data_url: str = SEC_DATA  # + /submissions/CIK##########.json
    tickers_url: str = SEC_TICKERS
    cache_dir: Path | None = None  # None: no on-disk cache (each run asks again)
    offline: bool = False
    max_per_second: int = SEC_MAX_PER_SECOND
    attempts: int = 5  # tries per URL, the first included
    backoff_initial: float = 1.0  # seconds: the first retry waits up to this long (full jitter)
    backoff_max: float = 60.0  # no single wait is longer, Retry-After included
    max_refusals: int = 5  # refusals (403/429) in a row before the whole fetch stops
    timeout: float = 30.0
    index_ttl: float = 6 * 3600.0  # how long the tickers and submissions indexes are reused
    refresh_indexes: bool = False  # read the indexes again now, whatever the cache holds
    max_bytes: int | None = None  # None: the loader's max_file_bytes

    def __post_init__(self) -> None:
        if not 0 < self.max_per_second <= SEC_MAX_PER_SECOND:
            raise ValueError(f"max_per_second must be between 1 and {SEC_MAX_PER_SECOND} "
                             "(the SEC's fair-access ceiling)")

    def archive(self, cik: str | int, accession: str, name: str = "") -> str:
        folder = f"{self.archives_url.rstrip('/')}/Archives/edgar/data/{int(cik)}/" \
                 f"{accession.replace('-', '')}/"
        return folder + name

    def submissions(self, cik: str | int, page: str = "") -> str:
        name = page or f"CIK{int(cik):010d}.json"
        return f"{self.data_url.rstrip('/')}/submissions/{name}"


class _Offline(Exception):
    """Raised by the network transport when the client is offline (caught by the client)."""


class _Retryable(Exception):
    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_after = retry_after


class _PoliteTransport(httpx.BaseTransport):
    """The network side, below the cache: waits its turn at the shared pacer, then sends."""

    def __init__(self, inner: httpx.BaseTransport, pacer: Pacer, offline: bool,
                 on_send: Callable[[httpx.Request], None]) -> None:
        self.inner = inner
        self.pacer = pacer
        self.offline = offline
        self.on_send = on_send

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise _Offline(str(request.url))
        self.pacer.acquire()
        self.on_send(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@dataclass(slots=True)
class ClientStats:
    sent: int = 0  # requests that went to the network (retries included)
    from_cache: int = 0
    retries: int = 0
    refusals: int = 0
    sent_at: list[float] = field(default_factory=list)  # the clock's time() as each went


class EdgarClient:
    """GET bytes from EDGAR, politely. Thread-safe: one client serves every worker thread."""

    def __init__(self, config: EdgarConfig, *, cancel: threading.Event | None = None,
                 transport: httpx.BaseTransport | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
        self.config = config
        self.clock = clock
        self.user_agent = check_user_agent(config.user_agent)
        self.cancel = cancel or threading.Event()
        self.stats = ClientStats()
        self._lock = threading.Lock()
        self._refusals_in_a_row = 0
        self._stopped: Stopped | None = None
        self.max_bytes = config.max_bytes or resolve_limits(None).max_file_bytes
        network = _PoliteTransport(
            transport or httpx.HTTPTransport(retries=0),
            shared_pacer(config.max_per_second, config.cache_dir, clock), config.offline, self._sent)
        self.storage: hishel.SqliteStorage | None = None
        outer: httpx.BaseTransport = network
        if config.cache_dir is not None:
            Path(config.cache_dir).mkdir(parents=True, exist_ok=True)
            self.storage = hishel.SqliteStorage(
                database_path=Path(config.cache_dir) / "edgar-http-cache.sqlite")
            outer = CacheTransport(next_transport=network, storage=self.storage)
        self._refreshed: set[str] = set()
        self.http = httpx.Client(
            transport=outer, timeout=config.timeout, follow_redirects=True,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})

    # --- public ---------------------------------------------------------------------------
    def get(self, url: str, *, index: bool = False) -> bytes:
        """The body at `url`, or a typed `FetchError` naming it.

        `index=True` for documents that change (tickers, submissions): cached for
        `index_ttl` seconds only; archive files are cached for good.
        """
        if self._stopped is not None:
            raise Stopped(url, self._stopped.message)
        self._check_cancel(url)
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(max(1, self.config.attempts)),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Retryable),
            sleep=lambda s: self._sleep(url, s),
            before_sleep=self._count_retry,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(url, index)
        except _Retryable as exc:
            raise exc.error from None
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> EdgarClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def stopped(self) -> bool:
        return self._stopped is not None

    # --- one attempt ----------------------------------------------------------------------
    def _forget(self, url: str) -> None:
        """Drop a cached index once per client, so that it is read again (`refresh_indexes`)."""
        with self._lock:
            if url in self._refreshed or self.storage is None:
                return
            self._refreshed.add(url)
        key = hashlib.sha256(f"GET {url}".encode()).hexdigest()  # hishel's key without RFC mode
        for entry in self.storage.get_entries(key):
            self.storage.remove_entry(entry.id)

    def _once(self, url: str, index: bool) -> bytes:
        if index and self.config.refresh_indexes and not self.config.offline:
            self._forget(url)
        ext = {"caching": {"ttl": self.config.index_ttl}} if index else {}
        try:
            with self.http.stream("GET", url, extensions=ext) as resp:
                status = resp.status_code
                if status == 200:
                    body = self._read_capped(url, resp)
                    self._success(resp)
                    return body
                resp.read()
                retry_after = _retry_after(resp.headers.get("Retry-After"), self.clock.time())
        except _Offline:
            raise NotCached(url, "not fetched: the app is offline and this page is neither in "
                                 "the library nor in the download cache") from None
        except httpx.TimeoutException as exc:
            raise _Retryable(Unavailable(url, f"sec.gov did not answer in time ({type(exc).__name__}) "
                                              f"after {self.config.attempts} tries")) from None
        except httpx.TransportError as exc:
            raise _Retryable(Unavailable(url, f"could not reach the server ({type(exc).__name__}: "
                                              f"{exc}) after {self.config.attempts} tries")) from None
        return self._failure(url, status, retry_after)

    def _read_capped(self, url: str, resp: httpx.Response) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes and \
                resp.headers.get("Content-Encoding", "identity") == "identity":
            raise TooLarge(url, self._too_big(int(declared)))
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLarge(url, self._too_big(size, partial=True))
            chunks.append(chunk)
            self._check_cancel(url)
        return b"".join(chunks)

    def _too_big(self, n: int, partial: bool = False) -> str:
        mb = self.max_bytes / 1024 / 1024
        what = f"over {n / 1024 / 1024:.1f} MB" if partial else f"{n / 1024 / 1024:.1f} MB"
        return (f"the page is {what}, over the limit of {mb:g} MB per file "
                "(CREDIT_NOTES_MAX_FILE_MB), so it was not downloaded")

    def _success(self, resp: httpx.Response) -> None:
        caching = resp.extensions.get("caching")
        with self._lock:
            self._refusals_in_a_row = 0
            if isinstance(caching, dict) and caching.get("from_cache") or \
                    getattr(caching, "from_cache", False) is True:
                self.stats.from_cache += 1

    def _failure(self, url: str, status: int, retry_after: float | None) -> bytes:
        if status in REFUSAL_STATUSES:
            self._refused(url, status)
        if status in (404, 410):
            raise NotFound(url, f"EDGAR has no such page (HTTP {status})")
        if status == 403:
            raise Refused(url, "sec.gov refused the request (HTTP 403). It does so when the "
                               "User-Agent does not name you and your e-mail, or when a "
                               "machine asked too fast; it was not retried")
        if status in RETRY_STATUSES:
            what = ("refused: too many requests (HTTP 429)" if status == 429
                    else f"failed with HTTP {status}")
            err: FetchError = (Refused if status == 429 else Unavailable)(
                url, f"sec.gov {what} after {self.config.attempts} tries")
            raise _Retryable(err, retry_after)
        raise Unavailable(url, f"sec.gov answered HTTP {status}; not retried")

    def _refused(self, url: str, status: int) -> None:
        with self._lock:
            self._refusals_in_a_row += 1
            self.stats.refusals += 1
            if self._refusals_in_a_row >= self.config.max_refusals and self._stopped is None:
                self._stopped = Stopped(url, (
                    f"stopped: sec.gov refused {self._refusals_in_a_row} requests in a row "
                    f"(last: HTTP {status}). Nothing more is asked, so as not to be blocked. "
                    "Wait ten minutes before fetching again, and check that the User-Agent "
                    "names you and your e-mail"))
            stopped = self._stopped
        if stopped is not None:
            raise Stopped(url, stopped.message)

    # --- waiting --------------------------------------------------------------------------
    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = tenacity.wait_random_exponential(
            multiplier=self.config.backoff_initial, max=self.config.backoff_max)(state)
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return min(self.config.backoff_max, max(exc.retry_after, backoff))
        return backoff

    def _sleep(self, url: str, seconds: float) -> None:
        if self.clock.sleep_until(self.clock.monotonic() + seconds, self.cancel):
            raise Cancelled(url, "cancelled before it was fetched")
        if self._stopped is not None:
            raise Stopped(url, self._stopped.message)

    def _count_retry(self, state: tenacity.RetryCallState) -> None:
        with self._lock:
            self.stats.retries += 1

    def _check_cancel(self, url: str) -> None:
        if self.cancel.is_set():
            raise Cancelled(url, "cancelled before it was fetched")

    def _sent(self, request: httpx.Request) -> None:
        with self._lock:
            self.stats.sent += 1
            self.stats.sent_at.append(self.clock.time())


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds, or an HTTP date read
    against `now`, epoch seconds)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
