"""Load: the only code that touches files, zips and encodings.

Every input (a file, a folder, a zip, an upload) becomes decoded `Document`s plus, for
whatever could not be read, a typed issue (`FileIssue`) with one sentence an analyst
understands. Nothing here raises except for programming errors: hostile or broken input
is always answered with an issue, and one bad member never loses the others.

- `core`: files, folders (recursive, sorted, links kept inside) and blobs of bytes.
- `submission`: a full-submission `.txt` (`<SEC-DOCUMENT>` … `<DOCUMENT>` blocks) is split into
  its parts by scanning the raw bytes; binary parts (images, zips, workbooks, PDFs, uuencoded
  blocks) are skipped without being decoded, and each kept part is decoded once.
- `archive`: zips (nested ones too) are read in memory only; no member is ever written to disk.
- `encoding`: BOM, then the declared charset, then strict UTF-8, then a guess
  (charset-normalizer) that must keep every digit of the original bytes.
- `kinds`: what a file is from its name and magic bytes; how names are shown.
- Limits (`dashboard.extract.limits.Limits`) bound sizes, member counts, nesting, parts and time.
- `result`: the same content given twice (sha256 of the bytes) is loaded once: the copy is
  reported in `LoadResult.notes` as a `duplicate` (not an error) and the kept document's
  `notes` say where else it was seen.
"""

from dashboard.extract.load.core import (
    load_bytes,
    load_file,
    load_path,
    plan_folder,
)
from dashboard.extract.load.encoding import decode_bytes
from dashboard.extract.load.kinds import BINARY_SUFFIXES
from dashboard.extract.load.result import DUPLICATE, SKIPPED, LoadResult
from dashboard.extract.load.submission import BINARY_TYPES, parse_sec_header

__all__ = ["LoadResult", "load_bytes", "load_path", "load_file", "plan_folder", "decode_bytes", "parse_sec_header",
           "BINARY_SUFFIXES", "BINARY_TYPES", "DUPLICATE", "SKIPPED"]
