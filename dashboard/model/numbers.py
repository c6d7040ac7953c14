"""Numbers as filers print them: 1,234 · (1,234) · (1,234 with its parenthesis lost · — · nil."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

NIL_WORDS = frozenset({"—", "–", "-", "−", "nil", "none", "—%", "- -", "‑", "--", "——"})

# One number token. Groups: currency prefix, opening paren, minus, digits, closing paren, percent.
_NUMBER = re.compile(
    r"""^(?P<cur>US\$|HK\$|RMB|\$|¥|€|£)?\s*
        (?P<open>\()?\s*
        (?P<cur_in>US\$|HK\$|RMB|\$|¥)?\s*
        (?P<minus>[-−–])?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<close>\))?
        (?P<pct>\s*%)?$""",
    re.X,
)
_RANGE = re.compile(r"\d\s?[-–~]\s?\d{1,3}\b(?!,)|\d\+")  # "31-60", "0 - 30", "91+": bucket labels
_CURRENCY_PREFIX = re.compile(r"^(?:US\$|HK\$|RMB|\$|¥|€|£)")
_FOOTNOTE_SYMBOL = re.compile(r"^\[\d\]$|^\*+$")  # "[1]", "*": footnote markers, never figures
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d|21\d\d)$")
# Splits a line into candidate tokens: runs of non-space, keeping "$ 1,234" and "( 1,234 )" whole.
_TOKEN_SPLIT = re.compile(r"(?:US\$|HK\$|RMB|\$|¥|€|£)?\s?\(?\s?[-−–]?\d[\d,]*(?:\.\d+)?\s?\)?%?|--|——|[—–−-]|nil|\S+", re.I)


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed figure as printed, before scale and sign normalisation."""

    value: float
    text: str
    negative: bool = False
    nil: bool = False
    currency: str = ""  # symbol or word printed with the figure
    repaired: bool = False  # an opening parenthesis that never closed
    percent: bool = False
    grouped: bool = False  # printed with thousands separators

    @property
    def is_year(self) -> bool:
        return not self.grouped and not self.negative and bool(_YEAR.match(self.text.strip()))

    @property
    def decimals(self) -> int:
        return _decimals(self.text)


_NOT_DIGIT = re.compile(r"[^\d.]")


@lru_cache(maxsize=4096)
def _decimals(text: str) -> int:
    # footing asks every figure of a table for its decimals once per placement it tries
    digits = _NOT_DIGIT.sub("", text)
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def parse_number(token: str) -> Number | None:
    """Parse one printed figure; None when the token is not a number."""
    t = token.replace("\xa0", " ").strip()
    if not t:
        return None
    bare = _CURRENCY_PREFIX.sub("", t).strip()
    if t.lower() in NIL_WORDS or bare.lower() in NIL_WORDS:
        return Number(0.0, t, nil=True, currency=t[: len(t) - len(bare)].strip() if bare != t else "")
    m = _NUMBER.match(t)
    if not m:
        return None
    raw = m["num"]
    value = float(raw.replace(",", ""))
    negative = bool(m["open"]) or bool(m["minus"])
    repaired = bool(m["open"]) and not m["close"]
    if m["close"] and not m["open"]:
        # "1,234)" — a closing parenthesis whose opening one was in another cell
        negative = True
        repaired = True
    return Number(
        value=-value if negative else value,
        text=t,
        negative=negative,
        currency=m["cur"] or m["cur_in"] or "",
        repaired=repaired,
        percent=bool(m["pct"]),
        grouped="," in raw,
    )


def number_tokens(line: str) -> list[Number] | None:
    """All figures on a line when the line holds nothing but figures; None when it holds text.

    Currency words standing alone ("RMB", "$") are allowed and ignored.
    """
    s = line.replace("\xa0", " ").replace("\u2011", "-").strip().strip("|").strip()
    if not s or _RANGE.search(s) or _FOOTNOTE_SYMBOL.match(s):
        return None
    out: list[Number] = []
    for tok in _TOKEN_SPLIT.findall(s):
        tok = tok.strip()
        if not tok or tok in {"$", "¥", "RMB", "US$", "HK$", "€", "£", "(", ")", "|"}:
            continue
        n = parse_number(tok)
        if n is None:
            return None
        out.append(n)
    return out or None


def scaled(value: float, scale: int) -> float:
    """value × scale without binary floating-point noise (4.1 × 10⁶ is 4,100,000 exactly)."""
    return float(Decimal(repr(value)) * scale)
