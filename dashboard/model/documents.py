"""What `load` hands to the rest of the pipeline: decoded documents with their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class FilingMeta:
    """What the input itself says about the filer and the filing (SEC header, dei facts, title)."""

    entity: str = ""
    cik: str = ""
    form: str = ""
    period: str = ""  # ISO date of the period of report, when known
    accession: str = ""

    def merged(self, other: FilingMeta) -> FilingMeta:
        """Fill this meta's blanks from another's."""
        return FilingMeta(
            entity=self.entity or other.entity,
            cik=self.cik or other.cik,
            form=self.form or other.form,
            period=self.period or other.period,
            accession=self.accession or other.accession,
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
