"""The extractor version: which code produced a library's facts.

It is the package version plus a fingerprint of the source of every module that turns bytes
into facts: the `model` and `extract` packages. Any change to that code changes the version, so a library
re-extracts the files it still holds the bytes or the path of; changes to charts, pages or the
library itself do not.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import dashboard

PACKAGE = Path(dashboard.__file__).resolve().parent
# the packages whose code decides the facts, read whole
EXTRACTION_PACKAGES = ("model", "extract")


@cache
def extractor_version() -> str:
    h = hashlib.sha256()
    files = [f for package in EXTRACTION_PACKAGES for f in sorted((PACKAGE / package).rglob("*.py"))]
    for f in files:
        h.update(f.relative_to(PACKAGE).as_posix().encode() + b"\0" + f.read_bytes())
    return f"{dashboard.__version__}+{h.hexdigest()[:12]}"


EXTRACTOR_VERSION = extractor_version()
