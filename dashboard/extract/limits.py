"""Safety limits for untrusted input, and the only XML/HTML parser factories the project uses.

Every limit is a named field of `Limits`. The defaults (`DEFAULT_LIMITS`) can be overridden
from the environment (see `ENV_VARS` and the README's "Security and limits" section) or by
passing `limits=Limits(...)` to `dashboard.extract.load.load_bytes` / `load_path`.

Parsers must build their lxml parsers with `safe_xml_parser()` / `safe_html_parser()`:
no external entities, no DTD loading, no network, no huge trees (lxml's guidance for
untrusted input, https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint).
The loader already refuses documents whose DOCTYPE declares entities; a parser handed text
from elsewhere can call `check_xml_safe(source, text)` to do the same (`UnsafeContent`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from lxml import etree, html

from dashboard.model.errors import UnsafeContent

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Named safety limits. Sizes in bytes; times in seconds."""

    max_file_bytes: int = 200 * MB
    """Largest single input file (or decompressed zip member) read."""
    max_zip_members: int = 5000
    """Most members listed by one zip and the zips nested in it, together."""
    max_zip_total_bytes: int = 500 * MB
    """Most uncompressed bytes read from one zip and the zips nested in it, together."""
    max_zip_ratio: int = 200
    """Largest expansion (uncompressed / compressed size) of one zip member over 1 MB."""
    max_nesting_depth: int = 3
    """Deepest zip-inside-zip nesting opened (the outer zip is depth 1)."""
    max_submission_parts: int = 5000
    """Most <DOCUMENT> parts kept from one full-submission .txt."""
    max_folder_files: int = 20000
    """Most files read from one folder (recursively)."""
    parse_seconds: float = 60.0
    """Time budget for reading one input file (a zip with all it holds is one; each file of a
    folder has its own). Parsers may use it too."""

    def with_(self, **changes: int | float) -> Limits:
        """A copy with some limits changed: `DEFAULT_LIMITS.with_(max_zip_members=10)`."""
        return replace(self, **changes)


# limit field -> (environment variable, unit multiplier)
ENV_VARS: dict[str, tuple[str, float]] = {
    "max_file_bytes": ("CREDIT_NOTES_MAX_FILE_MB", MB),
    "max_zip_members": ("CREDIT_NOTES_MAX_ZIP_MEMBERS", 1),
    "max_zip_total_bytes": ("CREDIT_NOTES_MAX_ZIP_TOTAL_MB", MB),
    "max_zip_ratio": ("CREDIT_NOTES_MAX_ZIP_RATIO", 1),
    "max_nesting_depth": ("CREDIT_NOTES_MAX_NESTING_DEPTH", 1),
    "max_submission_parts": ("CREDIT_NOTES_MAX_SUBMISSION_PARTS", 1),
    "max_folder_files": ("CREDIT_NOTES_MAX_FOLDER_FILES", 1),
    "parse_seconds": ("CREDIT_NOTES_PARSE_SECONDS", 1),
}


def limits_from_env(
    env: Mapping[str, str] | None = None, base: Limits | None = None
) -> Limits:
    """`base` (the built-in defaults) with any `CREDIT_NOTES_*` variables applied.

    A variable that is not a positive number is ignored (the default stays).
    """
    env = os.environ if env is None else env
    base = base or Limits()
    changes: dict[str, int | float] = {}
    types = {f.name: f.type for f in fields(Limits)}
    for name, (var, unit) in ENV_VARS.items():
        raw = env.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw) * unit
        except ValueError:
            continue
        if not value > 0 or value == float("inf"):
            continue
        changes[name] = value if types[name] in ("float", float) else max(1, int(value))
    return replace(base, **changes)


DEFAULT_LIMITS: Limits = limits_from_env()


def resolve_limits(limits: object | None) -> Limits:
    """The limits to use: those passed, else the environment's, else the defaults."""
    if isinstance(limits, Limits):
        return limits
    if limits is None:
        return limits_from_env()
    if isinstance(limits, Mapping):
        return limits_from_env().with_(**dict(limits))
    raise TypeError(f"limits must be a Limits, a mapping or None, not {type(limits).__name__}")


# --- safe parsers -------------------------------------------------------------------------------


def safe_xml_parser(*, recover: bool = False, remove_blank_text: bool = False) -> etree.XMLParser:
    """An lxml XML parser fit for untrusted input.

    No entity resolution, no DTD loading or validation, no network, no huge trees (lxml's
    own limits on depth and text size stay on). Comments and processing instructions are
    dropped. Use `check_xml_safe` first to reject entity declarations with a clear message.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=remove_blank_text,
        collect_ids=False,
    )


def safe_html_parser(*, remove_comments: bool = True,
                     element_classes: bool = True) -> etree.HTMLParser:
    """An lxml HTML parser fit for untrusted input (forgiving of broken markup, never
    fetches anything, never builds a huge tree).

    `element_classes=False` builds plain lxml elements instead of `lxml.html`'s (no
    `text_content()`), which spares a Python call for every element a parser touches.
    """
    cls = html.HTMLParser if element_classes else etree.HTMLParser
    return cls(
        no_network=True,
        huge_tree=False,
        remove_comments=remove_comments,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
        recover=True,
    )


_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.I)
_EXTERNAL_DECL = re.compile(r"<!ENTITY\s[^>]*?\b(?:SYSTEM|PUBLIC)\b", re.I | re.S)
_SUBSET = 1 << 20  # how far past the DOCTYPE entity declarations are looked for
_EXTERNAL = (
    "it declares an external entity (a way to read other files or reach the network), "
    "so it was not read"
)
_BOMB = (
    "it declares its own XML entities (the pattern of an entity-expansion bomb), "
    "so it was not read"
)


def _doctype_at(text: str) -> int:
    at = text.find("<!DOCTYPE")
    if at < 0:
        at = text.find("<!doctype")
    if at < 0 and "<!" in text:
        low = re.search(r"<!doctype\b", text, re.I)
        at = low.start() if low else -1
    return at


def xml_hazard(data: bytes | str) -> str:
    """A sentence naming the hazard in an XML/HTML document, or '' when there is none.

    A DOCTYPE that declares entities (entity-expansion bombs, external SYSTEM/PUBLIC
    entities, parameter entities) is the hazard; a plain `<!DOCTYPE html>` or an XHTML
    DOCTYPE naming its public DTD is harmless (the safe parsers never load DTDs).
    Works on decoded text, or on bytes (UTF-8/ASCII-compatible, or UTF-16 with its NULs).
    """
    if isinstance(data, bytes):
        if b"<!" not in data and b"<\x00!\x00" not in data and b"\x00<\x00!" not in data:
            return ""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
            data = data.replace(b"\x00", b"")
        text = data.decode("latin-1")
    else:
        text = data
    at = _doctype_at(text)
    if at < 0:
        return ""
    subset = text[at: at + _SUBSET]
    bracket = subset.find("[")
    end = subset.find(">")
    if bracket < 0 or 0 <= end < bracket:
        return ""  # no internal subset: nothing is declared (external DTDs are never loaded)
    close = subset.find("]>")
    if close >= 0:
        subset = subset[: close + 2]
    if not _ENTITY_DECL.search(subset):
        return ""
    return _EXTERNAL if _EXTERNAL_DECL.search(subset) else _BOMB


MAX_COLSPAN = 1000  # the HTML standard's own clamp for colspan
MAX_ROWSPAN = 65534  # … and for rowspan


def html_span(value: object, *, limit: int = MAX_COLSPAN) -> int:
    """A colspan/rowspan attribute as a sane int: 1 when missing or unreadable ("abc", "2.5",
    "-5"), never more than `limit` (a hostile `colspan=999999999` must not build a huge row).
    """
    text = str(value or "").strip()
    digits = ""
    for ch in text:
        if not ch.isdigit() or not ch.isascii():
            break
        digits += ch
        if len(digits) > 9:
            break
    n = int(digits) if digits else 1
    return min(max(n, 1), limit)


def check_xml_safe(source: str, data: bytes | str) -> None:
    """Raise `UnsafeContent` if the document declares entities or an external DTD."""
    problem = xml_hazard(data)
    if problem:
        raise UnsafeContent(source, problem)
