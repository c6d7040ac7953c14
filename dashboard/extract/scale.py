"""Scale inference: when a table does not say "in thousands", look for evidence.

The evidence used here is the page's own narrative: a sentence that gives a figure with its
unit ("RMB235 million") next to a table figure of the same metric and period (234,599) shows
the table is in thousands. The inference is recorded in each fact's `note`.
"""

from __future__ import annotations

from dashboard.extract.parsers.blocks import PageContext
from dashboard.model.numbers import scaled
from dashboard.model.schema import Fact

CANDIDATE_SCALES = (1_000, 1_000_000, 1)


def _tolerance(sentence_fact: Fact) -> float:
    """Half a unit of the precision the sentence printed ("RMB235 million" → ±0.5 million)."""
    printed = str(sentence_fact.extra.get("printed", ""))
    digits = "".join(ch for ch in printed if ch.isdigit() or ch == ".")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return 0.5 * sentence_fact.scale / (10 ** decimals) + 1e-9


def infer_page_scale(table_facts: list[Fact], sentence_facts: list[Fact], ctx: PageContext) -> list[Fact]:
    """Apply a scale inferred from the narrative to the table facts whose scale is assumed."""
    assumed = [f for f in table_facts if f.scale_basis == "assumed"]
    evidence = [s for s in sentence_facts if s.scale > 1 and s.scale_basis == "stated" and s.value]
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


def infer_across_documents(per_document: list[list[Fact]], min_matches: int = 2) -> None:
    """`resolve.infer_scale_across_documents` written back into parsed facts (the library's
    cross-document step reads its stored facts as Fact objects): the rule lives there."""
    import pandas as pd

    from dashboard.facts.resolve import infer_scale_across_documents
    from dashboard.model.schema import facts_frame

    flat = [f for facts in per_document for f in facts]
    if not flat:
        return
    frame = facts_frame(flat)
    frame["doc"] = [i for i, facts in enumerate(per_document) for _ in facts]
    frame["raw"] = pd.array([f.extra.get("raw") for f in flat], dtype="Float64")
    done = infer_scale_across_documents(frame, min_matches)
    changed = (done["scale_basis"] != frame["scale_basis"]).to_numpy()
    for f, (value, scale, note) in zip(
            (f for f, c in zip(flat, changed, strict=True) if c),
            done.loc[changed, ["value", "scale", "note"]].itertuples(index=False), strict=True):
        f.value, f.scale, f.scale_basis, f.note = float(value), int(scale), "inferred", str(note)


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
    import pandas as pd

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
