"""The tidy facts contract: one row per fact, a fixed column set (see DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import pandas as pd

# the disclosures a fact belongs to: the three credit notes, and "other" for anything else found
DELINQUENCY = "delinquency"
ALLOWANCE = "allowance"
GUARANTEE = "guarantee"
OTHER = "other"
DISCLOSURES = (DELINQUENCY, ALLOWANCE, GUARANTEE, OTHER)

# canonical metric names (DESIGN.md) that code tests for; the vocabulary maps filers' words to them
# delinquency
PAST_DUE = "past_due"  # one bucket, with days_from/days_to
PAST_DUE_TOTAL = "past_due_total"
CURRENT = "current"
TOTAL_LOANS = "total_loans"
PAST_DUE_90_ACCRUING = "past_due_90_accruing"
NONACCRUAL = "nonaccrual"  # loans that stopped accruing interest
# allowance rollforward
ALLOWANCE_BEGIN = "allowance_begin"
ALLOWANCE_END = "allowance_end"
PROVISION = "provision"
WRITE_OFF = "write_off"
RECOVERY = "recovery"
ALLOWANCE_OTHER = "allowance_other"
NET_WRITE_OFF = "net_write_off"
# guarantee
MAX_EXPOSURE = "max_exposure"
NET_PAYOUT = "net_payout"
GUARANTEE_OTHER = "guarantee_other"
# other
NET_LOANS = "net_loans"

FACT_COLUMNS: tuple[str, ...] = (
    "entity",
    "source",
    "disclosure",
    "metric",
    "days_from",
    "days_to",
    "period_start",
    "period_end",
    "value",
    "currency",
    "scale",
    "scale_basis",
    "label",
    "segment",
    "population",
    "verified_by",
    "concept",
    "locator",
    "note",
)

_DTYPES: dict[str, str] = {
    "entity": "string",
    "source": "string",
    "disclosure": "string",
    "metric": "string",
    "days_from": "Int64",
    "days_to": "Int64",
    "value": "float64",
    "currency": "string",
    "scale": "Int64",
    "scale_basis": "string",
    "label": "string",
    "segment": "string",
    "population": "string",
    "verified_by": "string",
    "concept": "string",
    "locator": "string",
    "note": "string",
}

SCALE_BASES = ("stated", "inferred", "given", "assumed")

# how the page's own arithmetic confirms a figure (DESIGN.md, `verified_by`)
BY_ROLLFORWARD = "rollforward"  # its rollforward column ties: opening + movements = closing
BY_FOOTING = "footing"  # its buckets or classes add up to their total, or it is that total
BY_DERIVED = "derived"  # computed from printed parts that foot
BY_NONE = "none"  # nothing on the page checks it
VERIFICATIONS = (BY_ROLLFORWARD, BY_FOOTING, BY_DERIVED, BY_NONE)


@dataclass(slots=True)
class Fact:
    """One figure with everything a reader needs to trust it."""

    entity: str
    source: str
    disclosure: str
    metric: str
    period_end: date | None
    value: float
    currency: str = ""
    scale: int = 1
    scale_basis: str = "assumed"
    days_from: int | None = None
    days_to: int | None = None
    period_start: date | None = None
    label: str = ""
    segment: str = ""
    population: str = ""
    verified_by: str = ""  # set once the document's facts are all made (dashboard.verify)
    concept: str = ""
    locator: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The contract's fields as a dict (every value is immutable: no deep copy is needed)."""
        return {name: getattr(self, name) for name in _ROW_FIELDS}


_ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Fact) if f.name != "extra")


def empty_facts() -> pd.DataFrame:
    """A facts frame with no rows and the contract's columns and dtypes."""
    return facts_frame([])


def facts_frame(rows: Iterable[Fact | Mapping[str, Any]]) -> pd.DataFrame:
    """Build a contract-conforming DataFrame from facts (or row dicts)."""
    records = [r.row() if isinstance(r, Fact) else dict(r) for r in rows]
    df = pd.DataFrame.from_records(records, columns=list(FACT_COLUMNS))
    return conform(df)


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Give any frame exactly the contract's columns, in order, with the contract's dtypes."""
    if _conforms(df):
        # most frames the analysis passes on are already the contract's: selecting the
        # columns is then the whole conversion (the full one costs ~10 ms a call, pandas'
        # overhead on a few hundred rows, and the pages call it dozens of times)
        return df[list(FACT_COLUMNS)].reset_index(drop=True)
    df = df.copy()
    for col in FACT_COLUMNS:
        if col not in df.columns:
            df[col] = pd.NA
    df = df[list(FACT_COLUMNS)]
    for col in ("period_start", "period_end"):
        df[col] = pd.to_datetime(df[col], errors="coerce").dt.date
        df[col] = df[col].astype("object").where(df[col].notna(), None)
    for col, dtype in _DTYPES.items():
        if dtype == "string":
            df[col] = df[col].astype("string").fillna("")
        elif dtype == "float64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        else:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
    return df.reset_index(drop=True)


_DATE_MIN, _DATE_MAX = pd.Timestamp.min.date(), pd.Timestamp.max.date()


def _conforms(df: pd.DataFrame) -> bool:
    """Whether `conform` would change nothing but the columns' order and the index: every
    column has the contract's dtype, no string is missing and every date is a `date` (not a
    datetime, nor one outside the nanosecond timestamps' range, where pandas versions differ)
    or None."""
    if not set(FACT_COLUMNS) <= set(df.columns) or not df.columns.is_unique:
        return False
    want = _contract_dtypes()
    for col, dtype in want.items():
        s = df[col]
        if s.dtype != dtype:
            return False
        if _DTYPES.get(col) == "string" and s.hasnans:
            return False
    for col in ("period_start", "period_end"):
        if not all(v is None or (type(v) is date and _DATE_MIN < v < _DATE_MAX)
                   for v in df[col]):
            return False
    return True


_CONTRACT_DTYPES: dict[str, Any] = {}


def _contract_dtypes() -> dict[str, Any]:
    """Each column's dtype in a conformed frame (one of a single row, every other column
    missing)."""
    if not _CONTRACT_DTYPES:
        empty = conform(pd.DataFrame({"value": [1.0]}))  # not all-missing: not the fast path
        _CONTRACT_DTYPES.update(empty.dtypes.to_dict())
    return _CONTRACT_DTYPES
