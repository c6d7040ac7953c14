"""The extractor version: which code produced a library's facts.

It is the package version plus a fingerprint of the source of every module that turns bytes
into facts (loading, detection, parsers, classification, normalisation, footing, narrative,
scale, vocabulary, schema, pipeline). Any change to that code changes the version, so a library
re-extracts the files it still holds the bytes or the path of; changes to charts, pages or the
library itself do not.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import dashboard

PACKAGE = Path(dashboard.__file__).resolve().parent
# the modules whose code decides the facts (load/ and parsers/ are read whole)
EXTRACTION_MODULES = (
    "buckets.py", "classify.py", "concepts.py", "dates.py", "detect.py", "documents.py", "errors.py",
    "footing.py", "limits.py", "load.py", "narrative.py", "normalise.py", "numbers.py", "pipeline.py",
    "verify.py",
    "scale.py", "schema.py", "vocab.py",
)


@cache
def extractor_version() -> str:
    h = hashlib.sha256()
    files = [PACKAGE / m for m in EXTRACTION_MODULES]
    for package in ("load", "parsers"):
        files += sorted((PACKAGE / package).rglob("*.py"))
    for f in files:
        if f.is_file():
            h.update(f.relative_to(PACKAGE).as_posix().encode() + b"\0" + f.read_bytes())
    return f"{dashboard.__version__}+{h.hexdigest()[:12]}"


EXTRACTOR_VERSION = extractor_version()
