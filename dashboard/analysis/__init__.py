"""The analyst views' public names, in one import (`from dashboard import metrics as m`).

The code lives in the modules of its stage: `selection` (which figure stands when filings
repeat one), `entities` (filer names and merges), `analysis` (the delinquency, allowance and
guarantee tables) and `display` (currency names, units and scales). This module only gathers
their names for the pages that read them together.
"""

from __future__ import annotations

from dashboard.analysis.tables import (
    ALLOWANCE_METRICS,
    allowance_facts,
    allowance_table,
    bucket_label,
    delinquency_buckets,
    delinquency_summary,
    delinquency_wide,
    ensure_contract,
    fact_year,
    filter_facts,
    guarantee_table,
)
from dashboard.facts.entities import canonical_name, resolve_entities
from dashboard.facts.selection import (
    main_populations,
    pick_delinquency,
    pick_facts,
    pick_population,
)
from dashboard.model.display import (
    CURRENCY_NAMES,
    SCALE_WORDS,
    currency_name,
    display_scale,
    scale_basis_note,
    unit_label,
)
from dashboard.model.display import hover_money as money

__all__ = [
    "ALLOWANCE_METRICS", "CURRENCY_NAMES", "SCALE_WORDS", "allowance_facts", "allowance_table", "bucket_label",
    "canonical_name", "currency_name", "delinquency_buckets", "delinquency_summary",
    "delinquency_wide", "display_scale", "ensure_contract", "fact_year", "filter_facts",
    "guarantee_table", "main_populations", "money", "pick_delinquency", "pick_facts",
    "pick_population", "resolve_entities", "scale_basis_note", "unit_label",
]
