"""What `load` hands to the rest of the pipeline: decoded documents with their provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FOCUS_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FOCUS_PERIOD = re.compile(r"FY|Q[1-4]|H[12]|M9|T[1-3]")


def fiscal_focus(key: str, text: str) -> str:
    """A dei fiscal focus as FilingMeta keeps it (`key` is `fiscal_year_focus` or
    `fiscal_period_focus`): the year's four digits ("2024"), the period in capitals ("Q3",
    "FY", "H1"); "" for anything else."""
    s = " ".join(str(text or "").split()).upper()
    if key == "fiscal_year_focus":
        m = _FOCUS_YEAR.search(s)
        return m.group(0) if m else ""
    return s if _FOCUS_PERIOD.fullmatch(s) else ""


@dataclass(slots=True)
class FilingMeta:
    """What the input itself says about the filer and the filing (SEC header, dei facts, title)."""

    entity: str = ""
    cik: str = ""
    form: str = ""
    period: str = ""  # ISO date of the period of report, when known
    accession: str = ""
    # dei:DocumentFiscalYearFocus / DocumentFiscalPeriodFocus: the filer's own name for the
    # period of report ("2024", "Q3"), which a calendar cannot guess (a year ending in
    # January 2025 is often "fiscal 2024")
    fiscal_year_focus: str = ""
    fiscal_period_focus: str = ""

    def merged(self, other: FilingMeta) -> FilingMeta:
        """Fill this meta's blanks from another's."""
        return FilingMeta(
            entity=self.entity or other.entity,
            cik=self.cik or other.cik,
            form=self.form or other.form,
            period=self.period or other.period,
            accession=self.accession or other.accession,
            fiscal_year_focus=self.fiscal_year_focus or other.fiscal_year_focus,
            fiscal_period_focus=self.fiscal_period_focus or other.fiscal_period_focus,
        )


@dataclass(slots=True)
class Document:
    """One decoded text document: a file, a part of a submission, or a member of a zip.

    `source` follows the facts contract: the file name, plus `#part` for a part
    (`0001193125-24-100942.txt#R15.htm`, `filing.zip#R15.htm`).
    """

    source: str
    name: str  # the part's own file name (R15.htm) or the file's name
    text: str
    meta: FilingMeta = field(default_factory=FilingMeta)
    doc_type: str = ""  # the submission's <TYPE>, when there is one
    encoding: str = "utf-8"
    sha256: str = ""  # of the original bytes
    notes: list[str] = field(default_factory=list)
    container: str = ""  # the submission, zip or folder this document came in, when any

    @property
    def stem(self) -> str:
        base = self.source.split("#", 1)[0]
        base = base.rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base
