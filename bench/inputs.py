"""The benchmark's inputs, built in a temporary folder from the bundled samples and, where it
sits beside the checkout, the shared corpus (`../shared`).

- `build_submission`: an EDGAR full-submission `.txt` of any size, made the way EDGAR makes
  them: an SEC header, then `<DOCUMENT>` parts (`<TYPE>`, `<SEQUENCE>`, `<FILENAME>`,
  `<DESCRIPTION>`, `<TEXT>`): a large main HTML document, an inline-XBRL exhibit, XBRL
  linkbases and an instance (`<XBRL>`-wrapped), many R pages (`<TYPE>XML`, as EDGAR files
  them), the renderer's `Show.js`/`report.css`/`FilingSummary.xml`/`MetaLinks.json`, and
  uuencoded binary parts (GRAPHIC `.jpg`, EXCEL `Financial_Report.xlsx`, ZIP `-xbrl.zip`,
  `begin 644 name` … `end`). R pages cycle the real ones (the bundled credit pages, so real
  facts are found, and the Apple 10-Q pages of the corpus); every copy differs by a comment,
  so none is dropped as a duplicate.
- `build_fragments`: a folder of N small files, copies of seeds, samples, text extracts and
  R pages, each made unique the same way.

Nothing here is timed; nothing is written inside the repository.
"""

from __future__ import annotations

import binascii
import functools
import io
import os
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MB = 1024 * 1024


def shared_dir() -> Path | None:
    """The shared corpus beside the checkout (or `CREDIT_NOTES_SHARED`), when it is there."""
    env = os.environ.get("CREDIT_NOTES_SHARED")
    p = Path(env) if env else ROOT.parent / "shared"
    return p if p.is_dir() else None


@dataclass
class Sources:
    """The real pages the inputs are made of, and what could not be found."""

    credit_rpages: list[tuple[str, bytes]] = field(default_factory=list)  # data/*.htm
    other_rpages: list[tuple[str, bytes]] = field(default_factory=list)  # Apple 10-Q R pages
    texts: list[tuple[str, bytes]] = field(default_factory=list)  # extracts, seeds, data .txt
    ixbrl: tuple[str, bytes] | None = None
    instance: tuple[str, bytes] | None = None
    linkbases: list[tuple[str, str, bytes]] = field(default_factory=list)  # (type, name, bytes)
    renderer: list[tuple[str, str, bytes]] = field(default_factory=list)  # FilingSummary, MetaLinks
    skipped: list[str] = field(default_factory=list)

    @property
    def rpages(self) -> list[tuple[str, bytes]]:
        return [*self.credit_rpages, *self.other_rpages]


def _r_number(name: str) -> int:
    digits = "".join(ch for ch in name if ch.isdigit())
    return int(digits) if digits else 0


def collect_sources(shared: Path | None = None, *, use_shared: bool = True) -> Sources:
    """Read the bundled samples and, when present, the shared corpus."""
    src = Sources()
    for p in sorted(DATA.glob("*.htm")):
        src.credit_rpages.append((p.name, p.read_bytes()))
    for p in sorted(DATA.glob("*.txt")):
        src.texts.append((p.name, p.read_bytes()))
    shared = (shared or shared_dir()) if use_shared else None
    if shared is None:
        src.skipped.append("the shared corpus (../shared) is absent: no Apple R pages, seeds, "
                           "text extracts, Tesla iXBRL/instance or XBRL linkbases; the inputs "
                           "are built from data/ alone, with a generated XBRL instance")
        src.instance = ("bench-instance_htm.xml", generated_instance(1200))
        return src
    corpus = shared / "corpus"
    aapl = corpus / "original" / "aapl-10q-20250329"
    if aapl.is_dir():
        for p in sorted(aapl.glob("R*.htm"), key=lambda q: _r_number(q.name)):
            src.other_rpages.append((p.name, p.read_bytes()))
        for name, typ in (("FilingSummary.xml", "XML"), ("MetaLinks.json", "JSON")):
            if (aapl / name).is_file():
                src.renderer.append((typ, name, (aapl / name).read_bytes()))
        zips = sorted(aapl.glob("*-xbrl.zip"))
        if zips:
            with zipfile.ZipFile(zips[0]) as zf:
                kinds = {".xsd": "EX-101.SCH", "_cal.xml": "EX-101.CAL", "_def.xml": "EX-101.DEF",
                         "_lab.xml": "EX-101.LAB", "_pre.xml": "EX-101.PRE"}
                for info in zf.infolist():
                    for end, typ in kinds.items():
                        if info.filename.endswith(end):
                            src.linkbases.append((typ, info.filename, zf.read(info)))
    else:
        src.skipped.append("corpus/original/aapl-10q-20250329 is absent: no Apple R pages")
    for folder in (corpus / "text_extracts", shared / "seeds"):
        for p in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            src.texts.append((p.name, p.read_bytes()))
    tsla = corpus / "original" / "tsla-10-k-2025-01-30.html"
    if tsla.is_file():
        src.ixbrl = (tsla.name, tsla.read_bytes())
    else:
        src.skipped.append("the Tesla 10-K iXBRL is absent: no inline-XBRL part")
    inst = corpus / "original" / "tsla-20240630_htm.xml"
    if inst.is_file():
        src.instance = (inst.name, inst.read_bytes())
    else:
        src.skipped.append("the Tesla XBRL instance is absent: a generated one is used")
        src.instance = ("bench-instance_htm.xml", generated_instance(1200))
    return src


# --- generated content ----------------------------------------------------------------------


def uuencode(name: str, data: bytes) -> bytes:
    """`begin 644 name` … `end`, 45 bytes a line, as EDGAR wraps binary parts."""
    out = io.BytesIO()
    out.write(f"begin 644 {name}\n".encode("ascii"))
    b2a = binascii.b2a_uu
    for i in range(0, len(data), 45):
        out.write(b2a(data[i: i + 45]))
    out.write(b"\nend\n")
    return out.getvalue()


def random_binary(rng: random.Random, size: int, magic: bytes) -> bytes:
    """Incompressible bytes behind a real file signature (JPEG, zip), like a real image."""
    return magic + rng.randbytes(max(0, size - len(magic)))


_STYLE_P = "font-family:Times New Roman;font-size:10pt;line-height:1.2;text-align:justify"
_STYLE_TD = "padding:0 2pt;vertical-align:bottom;border-bottom:0.5pt solid #000000"
_TOPICS = ("Property and equipment, net", "Short-term investments", "Accrued expenses and other "
           "current liabilities", "Revenue recognition", "Taxation", "Share-based compensation",
           "Leases", "Related party transactions")


def _money(rng: random.Random) -> str:
    return f"{rng.randrange(1_000, 9_000_000):,}"


def _cell(text: str) -> str:
    return (f'<td style="{_STYLE_TD}"><span style="font-family:Times New Roman;'
            f'font-size:9pt">{text}</span></td>')


def _credit_section(rng: random.Random, n: int) -> str:
    """A loans note: a sentence of figures, an aging table and an allowance rollforward."""
    a, b = _money(rng), _money(rng)
    para = (f'<div style="{_STYLE_P}"><span>As of December 31, 2022 and 2023, the allowance for '
            f"credit losses of loans receivable was RMB{a} thousand and RMB{b} thousand, "
            "respectively. The Group evaluates the collectability of its loans receivable on a "
            "collective basis by the ageing of the loans and the historical loss rates of each "
            "product.</span></div>")
    aging = ["<table style=\"border-collapse:collapse;width:100%\">",
             "<tr>" + _cell("(in thousands of RMB)") + _cell("") + _cell("December 31, 2022")
             + _cell("") + _cell("December 31, 2023") + "</tr>"]
    for label in ("1-30 days past due", "31-60 days past due", "61-90 days past due",
                  "Over 90 days past due", "Total past due", "Current", "Total loans"):
        aging.append("<tr>" + _cell(label) + _cell("RMB") + _cell(_money(rng)) + _cell("RMB")
                     + _cell(_money(rng)) + "</tr>")
    aging.append("</table>")
    roll = ['<div style="' + _STYLE_P + '"><span>The movement of the allowance for loan losses '
            "is as follows (in thousands of RMB):</span></div>",
            "<table style=\"border-collapse:collapse;width:100%\">",
            "<tr>" + _cell("") + _cell("Year ended December 31, 2022") + _cell("")
            + _cell("Year ended December 31, 2023") + "</tr>"]
    for label in ("Balance at beginning of year", "Provision for loan losses", "Write-off",
                  "Recoveries", "Balance at end of year"):
        roll.append("<tr>" + _cell(label) + _cell(_money(rng)) + _cell("") + _cell(_money(rng))
                    + "</tr>")
    roll.append("</table>")
    head = (f'<div style="{_STYLE_P};font-weight:bold;margin-top:12pt"><span>{n}. Loans '
            "receivable, net</span></div>")
    return head + para + "".join(aging) + "".join(roll)


def _other_section(rng: random.Random, n: int) -> str:
    topic = _TOPICS[n % len(_TOPICS)]
    sentences = " ".join(
        f"The Group recorded {topic.lower()} of RMB{_money(rng)} thousand for the year ended "
        f"December 31, {2021 + k % 3}, compared with RMB{_money(rng)} thousand a year earlier, "
        "mainly reflecting the growth of the business and the timing of settlements."
        for k in range(4))
    rows = "".join("<tr>" + _cell(f"{topic} item {k}") + _cell("RMB") + _cell(_money(rng))
                   + _cell("RMB") + _cell(_money(rng)) + "</tr>" for k in range(10))
    return (f'<div style="{_STYLE_P};font-weight:bold;margin-top:12pt"><span>{n}. {topic}'
            f'</span></div><div style="{_STYLE_P}"><span>{sentences}</span></div>'
            f'<table style="border-collapse:collapse;width:100%">{rows}</table>')


def generated_main_document(size: int, seed: int = 7) -> bytes:
    """A 20-F-like main document: many notes, one in eight about loans and their allowance."""
    rng = random.Random(seed)
    parts = ["<html><head><title>Form 20-F</title></head><body>",
             f'<div style="{_STYLE_P}"><span>ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF '
             "THE SECURITIES EXCHANGE ACT OF 1934 for the fiscal year ended December 31, 2023"
             "</span></div>"]
    total = sum(len(p) for p in parts)
    n = 0
    while total < size:
        n += 1
        sec = _credit_section(rng, n) if n % 8 == 1 else _other_section(rng, n)
        parts.append(sec)
        total += len(sec)
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def generated_instance(n_facts: int, seed: int = 11) -> bytes:
    """An XBRL instance with contexts, units and facts; a few of them credit concepts."""
    rng = random.Random(seed)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<xbrl xmlns="http://www.xbrl.org/2003/instance" '
           'xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:iso4217="http://www.xbrl.org/2003/iso4217" '
           'xmlns:us-gaap="http://fasb.org/us-gaap/2023" xmlns:dei="http://xbrl.sec.gov/dei/2023" '
           'xmlns:bench="http://example.com/bench/2023">',
           '<unit id="usd"><measure>iso4217:USD</measure></unit>']
    for year in (2022, 2023):
        out.append(f'<context id="c{year}"><entity><identifier scheme="http://www.sec.gov/CIK">'
                   f"0000000000</identifier></entity><period><instant>{year}-12-31</instant>"
                   "</period></context>")
        for k in range(40):
            out.append(
                f'<context id="c{year}_m{k}"><entity><identifier scheme="http://www.sec.gov/CIK">'
                "0000000000</identifier><segment><xbrldi:explicitMember "
                f'dimension="us-gaap:StatementBusinessSegmentsAxis">bench:Segment{k}Member'
                "</xbrldi:explicitMember></segment></entity><period><instant>"
                f"{year}-12-31</instant></period></context>")
    credit = ("us-gaap:FinancingReceivableAllowanceForCreditLosses",
              "us-gaap:GuaranteeObligationsMaximumExposure")
    for i in range(n_facts):
        concept = credit[i % 2] if i % 50 == 0 else f"bench:OtherAmount{i % 97}"
        ctx = f"c{2022 + i % 2}" + ("" if i % 3 else f"_m{i % 40}")
        out.append(f'<{concept} contextRef="{ctx}" unitRef="usd" decimals="-3">'
                   f"{rng.randrange(1, 9_000_000) * 1000}</{concept}>")
    out.append("</xbrl>")
    return "\n".join(out).encode("utf-8")


_FALLBACK_JS = b"var Show={};Show.showAR=function(a,r,w){return false;};\n"
_FALLBACK_CSS = b".report { font-family: Arial; }\n.pl { text-align: left; }\n" * 20


def unique_copy(name: str, data: bytes, k: int) -> bytes:
    """The same page with a marker that makes its bytes (and sha256) unique.

    HTML gets a comment (parsers drop comments); text gets trailing blank lines.
    """
    if name.lower().endswith((".htm", ".html", ".xml")):
        mark = f"<!-- copy {k} -->".encode("ascii")
        at = data.find(b"<head>")
        if at >= 0:
            at += len(b"<head>")
            return data[:at] + mark + data[at:]
        at = data.find(b"<html")
        if at > 0:
            return data[:at] + mark + data[at:]
        return data + b"\n" + mark + b"\n"
    return data.rstrip(b"\r\n") + b"\n" * (k + 2)


# --- the submission ------------------------------------------------------------------------------


@dataclass
class SubmissionInfo:
    path: Path
    size: int
    parts: int
    rpages: int
    binary_parts: int
    binary_bytes: int
    text_bytes: int
    content: dict[str, int] = field(default_factory=dict)  # what went in, bytes by kind


def _header(accession: str) -> bytes:
    return (
        f"<SEC-DOCUMENT>{accession}.txt : 20240425\n"
        f"<SEC-HEADER>{accession}.hdr.sgml : 20240425\n"
        "<ACCEPTANCE-DATETIME>20240425163012\n"
        f"ACCESSION NUMBER:\t\t{accession}\n"
        "CONFORMED SUBMISSION TYPE:\t20-F\n"
        "PUBLIC DOCUMENT COUNT:\t\t999\n"
        "CONFORMED PERIOD OF REPORT:\t20231231\n"
        "FILED AS OF DATE:\t\t20240425\n\n"
        "FILER:\n\n\tCOMPANY DATA:\t\n\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tBENCHMARK SAMPLE HOLDINGS LTD\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0000000000\n"
        "\t\tFISCAL YEAR END:\t\t\t1231\n\n"
        "</SEC-HEADER>\n"
    ).encode("ascii")


def _part(typ: str, seq: int, name: str, desc: str, body: bytes, wrap: str = "") -> bytes:
    head = (f"<DOCUMENT>\n<TYPE>{typ}\n<SEQUENCE>{seq}\n<FILENAME>{name}\n"
            f"<DESCRIPTION>{desc}\n<TEXT>\n").encode("ascii")
    if wrap:
        body = f"<{wrap}>\n".encode("ascii") + body.rstrip(b"\n") + f"\n</{wrap}>".encode("ascii")
    return head + body.rstrip(b"\n") + b"\n</TEXT>\n</DOCUMENT>\n"


def build_submission(path: Path, target_mb: float, sources: Sources, *, seed: int = 3) -> SubmissionInfo:
    """Write a full-submission `.txt` of at least `target_mb` MB to `path`.

    Of the bytes: roughly a tenth is the main document, a third uuencoded binary parts, and the
    rest R pages (cycled until the size is reached) with the XBRL parts.
    """
    rng = random.Random(seed)
    target = int(target_mb * MB)
    content: dict[str, int] = {}
    binary_bytes = 0
    text_bytes = 0
    binary_parts = 0
    seq = 0
    acc = "0009999999-24-000001"

    def add(chunks: list[bytes], kind: str, typ: str, name: str, desc: str, body: bytes,
            wrap: str = "") -> None:
        nonlocal seq, binary_bytes, text_bytes, binary_parts
        seq += 1
        blob = _part(typ, seq, name, desc, body, wrap)
        chunks.append(blob)
        content[kind] = content.get(kind, 0) + len(blob)
        if kind == "binary (uuencoded)":
            binary_bytes += len(blob)
            binary_parts += 1
        else:
            text_bytes += len(blob)

    front: list[bytes] = []
    back: list[bytes] = []
    add(front, "main document", "20-F", "bench-20f.htm", "FORM 20-F",
        generated_main_document(max(200_000, target // 10)))
    if sources.ixbrl:
        add(front, "inline XBRL", "EX-99.1", "bench-ixbrl.htm", "INLINE XBRL EXHIBIT",
            sources.ixbrl[1], wrap="XBRL")
    # binary parts, uuencoded (a third larger than their bytes): about a third of the file
    graphic_total = target // 6
    n_graphics = max(2, graphic_total // (600 * 1024))
    for g in range(n_graphics):
        img = random_binary(rng, graphic_total // n_graphics, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
        add(front, "binary (uuencoded)", "GRAPHIC", f"g{g:04d}.jpg", "GRAPHIC",
            uuencode(f"g{g:04d}.jpg", img))
    for typ, name, body in sources.linkbases:
        add(front, "XBRL linkbases", typ, name, "XBRL TAXONOMY EXTENSION", body, wrap="XBRL")
    if sources.instance:
        add(front, "XBRL instance", "EX-101.INS", sources.instance[0], "XBRL INSTANCE DOCUMENT",
            sources.instance[1], wrap="XBRL")
    add(back, "binary (uuencoded)", "EXCEL", "Financial_Report.xlsx", "IDEA: XBRL DOCUMENT",
        uuencode("Financial_Report.xlsx", random_binary(rng, max(1, target // 60), b"PK\x03\x04")))
    add(back, "renderer files", "XML", "Show.js", "IDEA: XBRL DOCUMENT", _FALLBACK_JS)
    add(back, "renderer files", "XML", "report.css", "IDEA: XBRL DOCUMENT", _FALLBACK_CSS)
    for typ, name, body in sources.renderer:
        add(back, "renderer files", typ, name, "IDEA: XBRL DOCUMENT", body,
            wrap="XML" if name.endswith(".xml") else "")
    add(back, "binary (uuencoded)", "ZIP", f"{acc}-xbrl.zip", "IDEA: XBRL DOCUMENT",
        uuencode(f"{acc}-xbrl.zip", random_binary(rng, max(1, target // 20), b"PK\x03\x04")))
    header = _header(acc)
    used = len(header) + sum(map(len, front)) + sum(map(len, back)) + len(b"</SEC-DOCUMENT>\n")
    pages = sources.rpages
    if not pages:
        raise RuntimeError("no R pages to build the submission from (data/*.htm is missing)")
    rpages: list[bytes] = []
    n = 0
    while used < target or n < len(pages):  # every distinct page at least once
        name, body = pages[n % len(pages)]
        n += 1
        blob_body = unique_copy(name, body, n)
        before = len(rpages)
        add(rpages, "R pages", "XML", f"R{n}.htm", "IDEA: XBRL DOCUMENT", blob_body)
        used += len(rpages[before])
    with open(path, "wb") as fh:
        fh.write(header)
        for blob in (*front, *rpages, *back):
            fh.write(blob)
        fh.write(b"</SEC-DOCUMENT>\n")
    return SubmissionInfo(path=path, size=path.stat().st_size, parts=seq, rpages=n,
                          binary_parts=binary_parts, binary_bytes=binary_bytes,
                          text_bytes=text_bytes, content=content)


# --- fragments -----------------------------------------------------------------------------------


def fragment_bases(sources: Sources) -> list[tuple[str, bytes]]:
    """The small real files fragments are copied from: samples, extracts, seeds, R pages."""
    return [*sources.credit_rpages, *sources.texts, *sources.other_rpages]


def build_fragments(folder: Path, n: int, sources: Sources) -> list[Path]:
    """`n` unique small files in `folder`, cycling the bases; returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = fragment_bases(sources)
    out: list[Path] = []
    for i in range(n):
        name, body = bases[i % len(bases)]
        p = folder / f"{i:04d}_{name}"
        p.write_bytes(unique_copy(name, body, i // len(bases)))
        out.append(p)
    return out


def write_rpages(folder: Path, submission: Path) -> list[Path]:
    """The submission's R pages, one file each: the pages pandas.read_html is compared on."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for part in split_parts(submission.read_bytes()):
        if part.name.startswith("R") and part.name.endswith(".htm") and not part.binary:
            p = folder / part.name
            p.write_bytes(part.body)
            out.append(p)
    return out


# --- a simple splitter for the lxml floor (independent of dashboard.extract.load) ----------------------


@dataclass
class Part:
    type: str
    name: str
    body: bytes
    binary: bool

    @property
    def markup(self) -> str:
        """'html', 'xml' or '' (JavaScript, CSS, JSON: no markup parser reads them)."""
        low = self.name.lower()
        head = self.body[:2048].lstrip()
        if low.endswith((".htm", ".html", ".xhtml")):
            return "xml" if head.startswith(b"<?xml") and b"xmlns:ix" in self.body[:20000] else "html"
        if low.endswith((".xml", ".xsd")):
            return "xml"
        return ""


_BINARY_TYPES = {b"GRAPHIC", b"ZIP", b"EXCEL", b"PDF", b"XLSX", b"JPG", b"GIF", b"PNG"}


def split_parts(data: bytes) -> Iterator[Part]:
    """Each `<DOCUMENT>` part: its type, file name and the bytes inside `<TEXT>` (wrappers off)."""
    pos = data.find(b"<DOCUMENT>")
    while pos >= 0:
        end = data.find(b"</DOCUMENT>", pos)
        if end < 0:
            end = len(data)
        t0 = data.find(b"<TEXT>", pos, end)
        meta = data[pos: t0 if t0 >= 0 else end]
        typ = _tag(meta, b"<TYPE>")
        name = _tag(meta, b"<FILENAME>")
        if t0 >= 0:
            c0 = t0 + len(b"<TEXT>")
            c1 = data.rfind(b"</TEXT>", c0, end)
            body = data[c0: c1 if c1 >= 0 else end].strip()
            for tag in (b"XBRL", b"XML"):
                if body.startswith(b"<" + tag + b">"):
                    body = body[len(tag) + 2:]
                    close = body.rfind(b"</" + tag + b">")
                    body = (body[:close] if close >= 0 else body).strip()
                    break
            binary = typ.encode() in _BINARY_TYPES or body.startswith(b"begin ")
            yield Part(type=typ, name=name, body=body, binary=binary)
        pos = data.find(b"<DOCUMENT>", end)


def _tag(meta: bytes, tag: bytes) -> str:
    at = meta.find(tag)
    if at < 0:
        return ""
    at += len(tag)
    stop = meta.find(b"\n", at)
    return meta[at: stop if stop >= 0 else len(meta)].decode("latin-1").strip()


# --- large hostile inputs ----------------------------------------------------------------------


def _filler(size: int, seed: int = 13, *, binary: bool = False) -> bytes:
    """`size` bytes that deflate shrinks only a few times (so the zip-bomb check does not stop
    them first): page-like text, or binary data (NULs among a few letters). A 1 MB random
    block repeated, which deflate's 32 KB window cannot see repeat."""
    return (_block(seed, binary) * (size // MB + 1))[:size]


@functools.cache
def _block(seed: int, binary: bool) -> bytes:
    rng = random.Random(seed)
    if binary:  # random bytes mapped onto four values
        block = rng.randbytes(MB).translate(bytes(b"\x00\x01ab"[i % 4] for i in range(256)))
    else:
        words = [b"loans", b"past", b"due", b"allowance", b"<td>", b"</td>", b"<tr>", b"</tr>"]
        text = bytearray()
        while len(text) < MB:
            text += rng.choice(words) + str(rng.randrange(1000)).encode() + b" "
        block = bytes(text[:MB])
    return block


def _write_filler(fh: object, size: int, *, binary: bool, seed: int = 13) -> None:
    chunk = _filler(8 * MB, seed, binary=binary)
    left = size
    while left > 0:
        fh.write(chunk[:left])  # type: ignore[attr-defined]
        left -= len(chunk)


def build_large_hostile(folder: Path, sources: Sources, scale: float = 1.0) -> list[Path]:
    """Large hostile inputs, each beside a good page, at the default limits (200 MB a file or
    member, 500 MB a zip): a zip with a 400 MB member (over the per-file limit); a zip whose
    130 MB members add up to more than the zip limit; a zip with a 150 MB member within the
    limits that is binary data under a page's name; a 150 MB submission `.txt` whose middle
    part is 150 MB of binary data with no type. Written in streams: building them holds a few
    MB at most. (Members and parts are binary, not text: a 150 MB text page within the limits
    is read, and then what it costs is the parsers'.) `scale` scales every size (the limits
    then scaled alike keep the same story)."""
    folder.mkdir(parents=True, exist_ok=True)

    def mb(n: int) -> int:
        return int(n * MB * scale)

    good_name, good = sources.credit_rpages[0]
    made = []

    def zip_of(path: Path, members: list[tuple[str, int | bytes, bool]]) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, body, binary in members:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as fh:
                    if isinstance(body, bytes):
                        fh.write(body)
                    else:
                        _write_filler(fh, body, binary=binary)
        made.append(path)

    def ok(k: int) -> tuple[str, bytes, bool]:
        return f"ok{k}_{good_name}", unique_copy(good_name, good, k), False

    zip_of(folder / "oversize_member.zip", [("R9.htm", mb(400), False), ok(1)])
    zip_of(folder / "over_total.zip", [ok(2), *((f"R{i}.htm", mb(130), True) for i in range(4))])
    zip_of(folder / "binary_member.zip", [("R8.htm", mb(150), True), ok(3)])
    sub = folder / "large_submission.txt"
    with open(sub, "wb") as fh:
        fh.write(_header("0000000000-24-000099"))
        fh.write(_part("XML", 1, f"ok4_{good_name}", "good page", unique_copy(good_name, good, 4)))
        fh.write(b"<DOCUMENT>\n<SEQUENCE>2\n<FILENAME>big.htm\n<TEXT>\n")
        _write_filler(fh, mb(150), binary=True)
        fh.write(b"\n</TEXT>\n</DOCUMENT>\n")
        fh.write(_part("XML", 3, f"ok5_{good_name}", "good page", unique_copy(good_name, good, 5)))
    made.append(sub)
    return made
