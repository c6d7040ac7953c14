"""Scale inference: when a table does not say "in thousands", look for evidence.

The evidence used here is the page's own narrative: a sentence that gives a figure with its
unit ("RMB235 million") next to a table figure of the same metric and period (234,599) shows
the table is in thousands. The inference is recorded in each fact's `note`.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.extract.table import PageContext
from dashboard.model.numbers import scaled
from dashboard.model.schema import Fact

CANDIDATE_SCALES = (1_000, 1_000_000, 1)

# a unit heading opening a line: "(Millions of dollars)", "(Billions)", "(In millions of €)", or
# with the column heading run into it ("(Millions of dollars)September 30,")
_UNIT_HEADING = re.compile(
    r"^\s*\|?\s*\((?:in\s+)?(?P<word>thousands|millions|billions)(?:\s+of\s+(?P<cur>dollars|U\.S\.\s+dollars|€|euros))?\)",
    re.I | re.M)
_UNIT_SCALE = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
_UNIT_CURRENCY = {"€": "EUR", "euros": "EUR"}


# "(in 000's)", "($000)", "(000s omitted)", "(in 000,000's)" wherever the page says it
_ZEROS = re.compile(r"\(\s*(?:in\s+)?\$?\s*(?P<z>000(?:,000)?)\s*[’']?s?\s*(?:omitted)?\s*[,)]", re.I)


def unit_headings(text: str) -> dict[str, int]:
    """The scale a unit heading of its own line states ("(Millions of dollars)"): {"*": 10**6},
    or {"EUR": 10**6} for "(In millions of €)"; the first heading wins, as a page states its
    unit before its tables."""
    m = _UNIT_HEADING.search(text)
    if not m:
        z = _ZEROS.search(text)
        return {"*": 1_000_000 if z["z"] == "000,000" else 1_000} if z else {}
    cur = _UNIT_CURRENCY.get((m["cur"] or "").lower(), "*")
    return {cur: _UNIT_SCALE[m["word"].lower()]}


def _tolerance(sentence_fact: Fact) -> float:
    """Half a unit of the precision the sentence printed ("RMB235 million" → ±0.5 million)."""
    printed = str(sentence_fact.extra.get("printed", ""))
    digits = "".join(ch for ch in printed if ch.isdigit() or ch == ".")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return 0.5 * sentence_fact.scale / (10 ** decimals) + 1e-9


_PROSE_AMOUNT = re.compile(
    r"(?:US\$|\$|RMB|¥|€|£)\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(thousand|million|billion)\b", re.I)
_SCALE_WORD = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def _prose_scale(assumed: list[Fact], paragraphs: list[str]) -> tuple[int, str] | None:
    """The scale the prose proves when it names no metric the tables carry: amounts it gives
    with a unit ("a collective allowance of $586 million … a specific allowance of $325
    million") that are, alone or two of a sentence added, the tables' printed figures (911).
    Figures under 100 are left out (too many coincide), and at least two different printed
    figures must agree on one scale, with none for another."""
    raws = {abs(float(f.extra.get("raw", f.value))) for f in assumed}
    raws = {r for r in raws if r >= 100}
    votes: dict[int, set[float]] = {}
    shown: dict[int, str] = {}
    for para in paragraphs:
        for sentence in _SENTENCE.split(para):
            amounts = [(float(m[1].replace(",", "")), _SCALE_WORD[m[2].lower()], m[0])
                       for m in _PROSE_AMOUNT.finditer(sentence)]
            candidates = [(v, k, t) for v, k, t in amounts]
            candidates += [(a + b, ka, f"{ta} + {tb}") for i, (a, ka, ta) in enumerate(amounts)
                           for b, kb, tb in amounts[i + 1:] if ka == kb]
            for v, k, t in candidates:
                if v in raws:
                    votes.setdefault(k, set()).add(v)
                    shown.setdefault(k, f"{t} = {v:,.0f}")
    good = [k for k, hits in votes.items() if len(hits) >= 2]
    if len(good) != 1 or len(votes) != 1:
        return None
    k = good[0]
    return k, (f"scale inferred as {k:,}: the page's prose gives amounts with their unit that are "
               f"the table's printed figures ({shown[k]}; {len(votes[k])} figures agree)")


def infer_page_scale(table_facts: list[Fact], sentence_facts: list[Fact], ctx: PageContext,
                     paragraphs: list[str] | None = None) -> list[Fact]:
    """Apply a scale inferred from the narrative to the table facts whose scale is assumed."""
    assumed = [f for f in table_facts if f.scale_basis == "assumed"]
    evidence = [s for s in sentence_facts if s.scale > 1 and s.scale_basis == "stated" and s.value]
    if assumed and not evidence and paragraphs:
        found = _prose_scale(assumed, paragraphs)
        if found:
            for f in assumed:
                f.value, f.scale, f.scale_basis = scaled(f.value, found[0]), found[0], "inferred"
                f.note = "; ".join(x for x in (f.note, found[1]) if x)
        return table_facts
    if not assumed or not evidence:
        return table_facts
    votes: dict[int, list[tuple[Fact, Fact]]] = {}
    for s in evidence:
        for t in assumed:
            if t.metric != s.metric or t.period_end != s.period_end or t.currency != s.currency:
                continue
            raw = float(t.extra.get("raw", t.value))
            for k in CANDIDATE_SCALES:
                if raw and abs(abs(raw) * k - abs(s.value)) <= _tolerance(s):
                    votes.setdefault(k, []).append((s, t))
                    break
    if not votes:
        return table_facts
    k, pairs = max(votes.items(), key=lambda kv: len(kv[1]))
    s, t = pairs[0]
    evidence_text = (f"scale inferred as {k:,}: the page's narrative gives "
                     f"{s.extra.get('printed', s.value)} where the table shows "
                     f"{abs(float(t.extra.get('raw', t.value))):,.0f} ({t.metric}, {t.period_end}); "
                     f"{len(pairs)} figure(s) agree")
    for f in assumed:
        f.value = scaled(f.value, k)
        f.scale = k
        f.scale_basis = "inferred"
        f.note = "; ".join(x for x in (f.note, evidence_text) if x)
    return table_facts


# ---------------------------------------------------------------------------------------------
# The scale the analyst gives
# ---------------------------------------------------------------------------------------------
GIVEN_SCALES: dict[str, int] = {"units": 1, "thousands": 1_000, "millions": 1_000_000}


def given_scale(word: str) -> int:
    """1, 1,000 or 1,000,000 for "units", "thousands" or "millions" (ValueError otherwise)."""
    key = word.strip().lower()
    if key not in GIVEN_SCALES:
        raise ValueError(f"'{word}' is not a scale; say units, thousands or millions")
    return GIVEN_SCALES[key]


def apply_given_scale(facts, scale: str | None = None, per_filer: dict[str, str] | None = None):
    """Figures whose scale nothing in the batch states or implies, in the scale the analyst says.

    Only facts with `scale_basis` "assumed" change: their printed figure is multiplied by the
    given scale, `scale_basis` becomes "given" and `note` says who said so. Stated and inferred
    scales are never overridden. `per_filer` (entity → scale word) wins over `scale` for its
    filer. Returns a new frame.
    """
    if facts.empty or (scale is None and not per_filer):
        return facts
    out = facts.copy()
    words = pd.Series(scale or "", index=out.index, dtype="object")
    if per_filer:
        words = out["entity"].map(per_filer).fillna(words)
    mask = (out["scale_basis"] == "assumed") & (words != "")
    if not mask.any():
        return out
    factors = words[mask].map(given_scale)
    printed = out.loc[mask, "value"] / out.loc[mask, "scale"].fillna(1).astype(float)
    out.loc[mask, "value"] = [scaled(float(v), int(k)) for v, k in zip(printed, factors, strict=True)]
    out.loc[mask, "scale"] = factors.astype("Int64")
    out.loc[mask, "scale_basis"] = "given"
    said = [f"scale given by the analyst ({w}): the filing states none and nothing implies one"
            for w in words[mask]]
    out.loc[mask, "note"] = ["; ".join(x for x in (str(n), s) if x) for n, s in zip(out.loc[mask, "note"], said,
                                                                                  strict=True)]
    return out
