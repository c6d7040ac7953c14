"""Units as filers print them: scale words and statements ("$ in Millions", "£m", "(RMB'000)")
and currencies (words, signs and ISO codes), read into a scale factor and an ISO 4217 code."""

from __future__ import annotations

import re

# --- scale -------------------------------------------------------------------------------
SCALE_WORDS: dict[str, int] = {
    "thousand": 1_000,
    "thousands": 1_000,
    "'000": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "bn": 1_000_000_000,
}

# "$ in Millions", "¥ in Thousands", "RMB in Thousands", "in thousands of RMB", "(RMB'000)"
SCALE_STATEMENT = re.compile(
    r"(?P<cur>US\$|HK\$|\$|¥|RMB|CNY|USD|HKD|€|EUR|£)?\s*in\s+(?P<word>thousands?|millions?|billions?)"
    r"(?:\s+of\s+(?P<cur2>US\$|\$|RMB|CNY|USD|Renminbi|U\.S\. dollars|HK\$|HKD|€|EUR|euros?|COP|BRL|CAD))?"
    r"|(?P<cur3>RMB|US\$|USD|CNY|HK\$)\s*['’]000"
    # a heading in parentheses: "(Millions of dollars)", "(Billions)", "(Thousands of euros)"
    r"|\(\s*(?P<word2>thousands|millions|billions)(?:\s+of\s+(?P<cur4>U\.S\.\s+dollars|Canadian\s+dollars|dollars|euros?|"
    r"€|\$|US\$|RMB|Renminbi))?\s*\)"
    # a heading with no "in" and no parentheses that names its currency in words, as Japanese and
    # Brazilian filers print it: "Millions of yen", "Thousand of Reais" (singular as printed)
    r"|\b(?P<word3>thousands?|millions?|billions?)\s+of\s+(?P<cur5>(?:Japanese\s+)?yen|(?:Brazilian\s+)?reais)\b"
    # a currency sign run into the unit's abbreviation, as British and European filers head each
    # column: "£m", "€m", "$bn", "£'000" (a token of its own: never "$ million" or "£mortgage")
    r"|(?<![\w$])(?P<cur6>US\$|HK\$|\$|€|£)(?P<abbr>mn|m|bn|['’]000)(?![\w'’])"
    # a sign over each column with the thousands in parentheses, as Peruvian filers head them:
    # "S/(000)" (soles), "US$(000)"
    r"|(?<![\w$/])(?P<cur7>S/|US\$|\$)\s?\(000\)",
    re.I,
)

# --- currency ----------------------------------------------------------------------------
# Ordered longest first so that "US$" wins over "$".
CURRENCY_ALIASES: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "USD": "USD",
    "U.S. dollars": "USD",
    "US dollars": "USD",
    "HK$": "HKD",
    "HKD": "HKD",
    "RMB": "CNY",
    "Renminbi": "CNY",
    "CNY": "CNY",
    "¥": "CNY",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "Japanese yen": "JPY",
    # the Americas: the Canadian dollar, the Brazilian real, the Colombian peso, as filers print
    # them in a table's unit heading ("(thousands of Canadian dollars)", "Thousand of Reais",
    # "In millions of COP"); a bare "$" stays USD
    "Canadian dollars": "CAD",
    "CAD": "CAD",
    "Brazilian reais": "BRL",
    "reais": "BRL",
    "R$": "BRL",
    "BRL": "BRL",
    "COP": "COP",
    "JPY": "JPY",
    "Korean won": "KRW",
    "KRW": "KRW",
    "₩": "KRW",
    "￦": "KRW",  # the full-width sign Korean filers print
    # the Indian rupee, as Indian filers print it beside each figure ("Rs. 1,042,793.0")
    "INR": "INR",
    "Rs.": "INR",
    "₹": "INR",
    # the Peruvian sol, as Peruvian filers print it before a figure or a column's unit ("S/(000)",
    # "S/18,404.6 million")
    "S/": "PEN",
    "$": "USD",
}
# the Americas' words are words of their own, in any case ("Reais"), never part of another
# ("SCOPE", "CADENCE")
_WHOLE_WORDS = {"Canadian dollars", "CAD", "Brazilian reais", "reais", "BRL", "COP",
                # a Korean filer's unit heading capitalises the currency: "(Unit: Korean Won in millions)"
                "Korean won"}


def _token(alias: str) -> str:
    if alias == "Rs.":  # "Rs." is a word of its own, never the end of "ADRs."
        return r"(?<![A-Za-z])Rs\."
    if alias == "S/":  # the sol's sign before a figure or "(000)", never "N/S/A" or "P&S/"
        return r"(?<![A-Za-z&/])S/(?=\s?[\d(])"
    if alias in _WHOLE_WORDS:
        return r"(?i:\b" + re.escape(alias).replace(r"\ ", r"\s+") + r"\b)"
    return re.escape(alias)


CURRENCY_TOKEN = re.compile("|".join(_token(a) for a in sorted(CURRENCY_ALIASES, key=len, reverse=True)))
# R-page header style: "CNY (¥)", "USD ($)"
ISO_WITH_SYMBOL = re.compile(r"\b(?P<iso>[A-Z]{3})[ \t]*\((?P<sym>[A-Z]{0,3}[$¥€£₩]|RMB)\)")


def currency_of(token: str) -> str:
    """ISO 4217 code for a currency word or symbol ('' when it is none)."""
    t = token.strip()
    for alias, iso in CURRENCY_ALIASES.items():
        if t.lower() == alias.lower():
            return iso
    return ""


# "Millions of yen": the "¥" beside the figures is then the yen's, not the renminbi's
_YEN_WORD = re.compile(r"\byen\b", re.I)
_RENMINBI_WORD = re.compile(r"\b(?:RMB|CNY|renminbi)\b", re.I)


def yen_page(text: str) -> bool:
    """Whether a text names the yen and never the renminbi: its "¥" is JPY."""
    t = text.replace("\xa0", " ").replace("\n", " ")
    return bool(_YEN_WORD.search(t)) and not _RENMINBI_WORD.search(t)


# a Japanese bank's note names Japan, not the yen ("segment loan classifications as defined by the
# Bank of Japan", "¥" beside the figures, "(in millions)"): its "¥" is the yen's where the text
# never names the renminbi nor China
_JAPAN_WORD = re.compile(r"\bJapan(?:ese)?\b")
_CHINA_WORD = re.compile(r"\b(?:China|Chinese|PRC|yuan)\b", re.I)


def yen_sign_page(text: str) -> bool:
    """Whether a text's "¥" is the yen's: it names the yen, or Japan, and never the renminbi nor
    China. (Naming Japan says what "¥" is, never that a page without the sign is in yen.)"""
    t = text.replace("\xa0", " ").replace("\n", " ")
    return yen_page(t) or bool(_JAPAN_WORD.search(t)) and not _RENMINBI_WORD.search(t) and not _CHINA_WORD.search(t)


def currency_in(text: str) -> str:
    """The currency a text names ("CNY (¥)", "(RMB)", "US$"), '' when none or ambiguous."""
    t = text.replace("\xa0", " ")
    m = ISO_WITH_SYMBOL.search(t)
    if m and currency_of(m["iso"]):
        return currency_of(m["iso"])
    found = {currency_of(re.sub(r"\s+", " ", x)) for x in CURRENCY_TOKEN.findall(t)} - {""}
    if "CNY" in found and yen_sign_page(t):
        found = (found - {"CNY"}) | {"JPY"}
    if len(found) == 1:
        return found.pop()
    if not found and yen_page(t):
        return "JPY"
    return ""


def scale_statements(text: str) -> dict[str, int]:
    """Stated scales in a header or page: {"CNY": 1000, "USD": 1000} or {"*": 1000}."""
    out: dict[str, int] = {}
    for m in SCALE_STATEMENT.finditer(text.replace("\xa0", " ")):
        if m["cur3"]:
            out[currency_of(m["cur3"]) or "*"] = 1000
            continue
        if m["cur7"]:
            out.setdefault(currency_of(m["cur7"]) or "*", 1000)
            continue
        if m["cur6"]:
            abbr = m["abbr"].lower()
            scale = 1_000_000_000 if abbr == "bn" else 1_000_000 if abbr.startswith("m") else 1000
            out.setdefault(currency_of(m["cur6"]) or "*", scale)
            continue
        word = (m["word"] or m["word2"] or m["word3"]).lower().rstrip("s")
        scale = SCALE_WORDS[word]
        named = m["cur"] or m["cur2"] or m["cur4"] or ""
        named5 = re.sub(r"\s+", " ", m["cur5"] or "")
        cur = (currency_of(re.sub(r"\s+", " ", named)) or currency_of(named5)
               or ("EUR" if named.lower().startswith("euro") else "JPY" if m["cur5"] else "*"))
        out.setdefault(cur, scale)
    return out


SCALE_NAMES = {1: "units", 1000: "thousands", 1_000_000: "millions", 1_000_000_000: "billions"}
