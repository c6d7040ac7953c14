"""The arguments of `python -m dashboard fetch TICKER|CIK ... [--forms 10-K,10-Q,20-F] [--since 2018] ...`

What it does is `edgar/command.py`'s `run`; this module is only the arguments, so that every
other command starts without the HTTP stack.
"""

from __future__ import annotations

from typing import Any

from dashboard.edgar.index import DEFAULT_FORMS


def add_parser(sub: Any) -> None:
    fe = sub.add_parser(
        "fetch", help="fetch the credit-note pages of a filer's filings from EDGAR into the library",
        description="Reads EDGAR's indexes, picks the credit-note R pages of each filing (loans, "
                    "allowance, past due, guarantees, credit quality) and fetches only those, "
                    "at most 10 requests a second, into the filing library.")
    fe.add_argument("targets", nargs="+", metavar="TICKER|CIK")
    fe.add_argument("--forms", default=",".join(DEFAULT_FORMS),
                    help="comma-separated forms (default %(default)s; amendments such as 10-K/A "
                         "only when named)")
    fe.add_argument("--since", type=int, metavar="YEAR", help="first fiscal year (by period of report)")
    fe.add_argument("--until", type=int, metavar="YEAR", help="last fiscal year")
    fe.add_argument("--limit", type=int, metavar="N", help="at most N filings per filer, newest first")
    fe.add_argument("--library", metavar="DIR", help="the library folder (default: the user's)")
    fe.add_argument("--user-agent", metavar='"NAME EMAIL"',
                    help="who is asking, as EDGAR requires; kept in the library's settings")
    fe.add_argument("--offline", action="store_true",
                    help="never touch the network: only what the download cache holds")
    fe.add_argument("--refresh", action="store_true",
                    help="read EDGAR's indexes again now (they are reused for six hours)")
    fe.add_argument("--add", action="append", default=[], metavar="PAGE",
                    help="also fetch this page: an R file name (R12.htm) or words of its name")
    fe.add_argument("--drop", action="append", default=[], metavar="PAGE",
                    help="do not fetch this page: an R file name or words of its name")
    fe.add_argument("--plan", action="store_true",
                    help="only show what would be fetched and why (reads the indexes only)")
    fe.add_argument("--workers", type=int, default=4, help="download threads (the rate limit is shared)")
