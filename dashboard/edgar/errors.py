"""Typed fetch errors. Each names the URL it is about and says what happened in plain words.

They are `ExtractionError`s, so a failed download becomes the same kind of `FileIssue` as a
file that could not be read: shown in the sources table, printed by the command line, and
never hiding the pages that did arrive.
"""

from __future__ import annotations

from dashboard.model.errors import ExtractionError


class FetchError(ExtractionError):
    """A page could not be fetched from EDGAR."""

    kind = "fetch"


class NotFound(FetchError):
    """EDGAR answered 404/410: the page is not there (and asking again will not help)."""

    kind = "not_found"


class Refused(FetchError):
    """EDGAR refused the request (HTTP 403 or 429 after every retry)."""

    kind = "refused"


class Unavailable(FetchError):
    """EDGAR kept failing (5xx, timeouts, connection errors) after every retry."""

    kind = "unavailable"


class TooLarge(FetchError):
    """The page is bigger than the per-file limit the loader applies to every input."""

    kind = "limit"


class NotCached(FetchError):
    """Offline: the page is neither in the library nor in the download cache."""

    kind = "offline"


class Stopped(FetchError):
    """The whole fetch stopped: EDGAR refused too many requests in a row.

    Raised for every request after the stop, so no thread keeps knocking on a closed door.
    """

    kind = "stopped"


class Cancelled(FetchError):
    """The analyst cancelled the fetch."""

    kind = "cancelled"


class NoUserAgent(ValueError):
    """No declared User-Agent with a contact e-mail: EDGAR's fair-access rules require one."""
