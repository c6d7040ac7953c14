"""Hostile and broken input: every attack and every kind of broken file gets a typed issue with
a readable sentence, no exception, no read outside the input, no network, bounded time and
memory; and the five seeds mixed into the same batch still yield every figure.

All samples are made here, at test time. Nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import site
import socket
import struct
import sys
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from dashboard.extract.limits import Limits, safe_html_parser, safe_xml_parser
from dashboard.extract.load import LoadResult, load_bytes, load_path
from dashboard.extract.pipeline import extract_bytes
from dashboard.model.documents import Document
from dashboard.model.errors import ExtractionError, FileIssue

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
KINDS = {"unreadable", "unsupported", "limit", "unsafe", "malformed"}
NOTE_KINDS = {"duplicate", "skipped"}
TOKEN = "TOP-SECRET-7f3a9c"  # the content of a file outside the input; must never show up

pytestmark = pytest.mark.timeout(60)


# --- the guards: no network, no reads outside the input ---------------------------------------


class _Listener:
    """A TCP listener on localhost: counts any connection, also from C code (a libxml2 built
    with its HTTP client would connect from C, where the Python socket patch cannot see it)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    lst = _Listener()
    yield lst
    lst.close()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, listener: _Listener) -> Iterator[list[str]]:
    """Any Python-level socket use fails the test; C-level attempts reach `listener`. Threads
    an earlier test of this worker left running (an event loop's, a cluster's) are not this
    test's: they keep their sockets, so their own work cannot fail this test."""
    attempts: list[str] = []
    real_socket, real_connection = socket.socket, socket.create_connection
    me = threading.current_thread()
    earlier = {t for t in threading.enumerate() if t is not me}

    def others() -> bool:
        return threading.current_thread() in earlier

    def no_socket(*args: object, **kwargs: object) -> socket.socket:
        if others():
            return real_socket(*args, **kwargs)  # type: ignore[arg-type]
        attempts.append("socket")
        raise OSError("network use is not allowed in this test")

    def no_connection(*args: object, **kwargs: object) -> socket.socket:
        if others():
            return real_connection(*args, **kwargs)  # type: ignore[arg-type]
        attempts.append(f"create_connection{args[:1]}")
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    hits = listener.hits
    yield attempts
    assert attempts == [], "a socket was opened"
    assert listener.hits == hits, "something connected to the network"


_WATCH: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if _WATCH and event in ("open", "os.listdir", "os.scandir"):
        path = args[0]
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        if isinstance(path, str):
            _WATCH[-1].append(path)


sys.addaudithook(_audit)


class watch_opens:
    """Record every path Python opens or lists in the block."""

    def __enter__(self) -> list[str]:
        self.paths: list[str] = []
        _WATCH.append(self.paths)
        return self.paths

    def __exit__(self, *exc: object) -> None:
        _WATCH.pop()


_LIB_ROOTS = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, *site.getsitepackages())}


def _is_library(path: str) -> bool:
    """Python modules and data files read by imports, not input."""
    resolved = Path(path).resolve()
    return resolved.suffix in (".py", ".pyc", ".so", ".pth") or any(
        resolved.is_relative_to(r) for r in _LIB_ROOTS)


# --- sample makers -------------------------------------------------------------------------------


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            zf.writestr(info, data)
    return buf.getvalue()


def encrypt_flag(data: bytes, member: str) -> bytes:
    """Set the 'encrypted' flag of one member by hand (zipfile cannot encrypt)."""
    raw = bytearray(data)
    name = member.encode()
    for sig, flag_at, name_at, len_at in ((b"PK\x03\x04", 6, 30, 26), (b"PK\x01\x02", 8, 46, 28)):
        pos = raw.find(sig)
        while pos >= 0:
            (n,) = struct.unpack_from("<H", raw, pos + len_at)
            if bytes(raw[pos + name_at: pos + name_at + n]) == name:
                (flags,) = struct.unpack_from("<H", raw, pos + flag_at)
                struct.pack_into("<H", raw, pos + flag_at, flags | 0x1)
            pos = raw.find(sig, pos + 4)
    return bytes(raw)


def nested(depth: int) -> bytes:
    """A zip inside a zip … `depth` deep; level n holds page Ln.htm and the next zip."""
    inner = make_zip({f"L{depth}.htm": f"<html>level {depth}</html>".encode()})
    for level in range(depth - 1, 0, -1):
        inner = make_zip({f"L{level}.htm": f"<html>level {level}</html>".encode(), f"l{level + 1}.zip": inner})
    return inner


def page(body: str) -> bytes:
    return f"<html><body>{body}</body></html>".encode()


def part(ftype: str, fname: str, body: bytes) -> bytes:
    return (b"<DOCUMENT>\n<TYPE>" + ftype.encode() + b"\n<FILENAME>" + fname.encode()
            + b"\n<TEXT>\n" + body + b"\n</TEXT>\n</DOCUMENT>\n")


HEADER = (b"<SEC-DOCUMENT>x.txt\n<SEC-HEADER>\nACCESSION NUMBER:\t0000000001-24-000001\n"
          b"CONFORMED SUBMISSION TYPE:\t20-F\nCOMPANY CONFORMED NAME:\tHostile Test Co\n</SEC-HEADER>\n")

LOL = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
       + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">\n' for i in range(2, 10))
       + ']>\n<lolz>&lol9;</lolz>\n')
QUADRATIC = ('<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "' + "x" * 50_000 + '">]><q>'
             + "&a;" * 2_000 + "</q>")


def xxe_file(secret: Path) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE xbrl [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
            '<xbrl><context id="c">&xxe;</context></xbrl>\n')


def xxe_http(port: int) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % ext SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %ext;]>\n'
            '<x>&e;</x>\n')


def external_dtd(port: int) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE xbrl SYSTEM "http://127.0.0.1:{port}/x.dtd">\n'
            '<xbrl><context id="c"/></xbrl>\n')


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    source: str  # where the issue is expected
    kind: str
    message: str
    limits: Limits | None = None
    partial: bool = False


def hostile_cases(secret: Path, port: int) -> list[Case]:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    sub3 = HEADER + part("XML", "R1.htm", page("one")) + part("XML", "R2.htm", page("two"))
    cut = sub3 + b"<DOCUMENT>\n<TYPE>XML\n<FILENAME>R3.htm\n<TEXT>\n<html><body><table><tr><td>39,6"
    good = make_zip({"R2.htm": page("fine member")})
    broken_member = bytearray(make_zip({"R1.htm": page("x" * 3000), "R2.htm": page("ok")}, zipfile.ZIP_STORED))
    at = broken_member.find(b"PK\x03\x04") + 30 + len("R1.htm") + 20
    broken_member[at:at + 40] = b"\xff" * 40
    return [
        Case("bomb.zip", make_zip({"R1.htm": b" " * (3 * 1024 * 1024), "R2.htm": page("fine")}),
             "bomb.zip#R1.htm", "limit",
             r"re:it expands 1,0\d\d times \(a zip-bomb pattern\), over the limit of 200 "
             r"\(CREDIT_NOTES_MAX_ZIP_RATIO\), so it was not read"),
        Case("total.zip", make_zip({f"R{i}.htm": page(f"{i} " * 15000) for i in range(10)}),
             "total.zip", "limit",
             "its members add up to more than 65,536 bytes uncompressed "
             "(CREDIT_NOTES_MAX_ZIP_TOTAL_MB); reading stopped after 2 members of 10",
             Limits(max_zip_total_bytes=65_536), partial=True),
        Case("many.zip", make_zip({f"m{i}.htm": page(str(i)) for i in range(50)}), "many.zip", "limit",
             "the zip lists 50 members, over the limit of 10 (CREDIT_NOTES_MAX_ZIP_MEMBERS), "
             "so it was not opened", Limits(max_zip_members=10)),
        Case("traversal.zip", make_zip({"../../evil.htm": page("evil"), "ok/R2.htm": page("ok")}),
             "traversal.zip#../../evil.htm", "unsafe",
             "its name points outside the archive (a path-traversal trick), so it was not read"),
        Case("absolute.zip", make_zip({"/tmp/evil.htm": page("evil"), "C:\\evil.htm": page("evil2")}),
             "absolute.zip#/tmp/evil.htm", "unsafe",
             "its name points outside the archive (a path-traversal trick), so it was not read"),
        Case("nested.zip", nested(6), "nested.zip#l2.zip#l3.zip#l4.zip", "limit",
             "it is a zip nested 4 deep, over the limit of 3 (CREDIT_NOTES_MAX_NESTING_DEPTH), "
             "so it was not opened"),
        Case("encrypted.zip", encrypt_flag(make_zip({"secret.htm": page("s"), "R2.htm": page("r2")}), "secret.htm"),
             "encrypted.zip#secret.htm", "unreadable",
             "it is password-protected (encrypted), so it could not be read"),
        Case("broken.zip", good[: len(good) // 2], "broken.zip", "unreadable",
             "the zip archive is damaged and could not be opened"),
        Case("crc.zip", bytes(broken_member), "crc.zip#R1.htm", "unreadable",
             "this zip member is damaged and could not be unpacked"),
        Case("fake.zip", b"not a zip at all", "fake.zip", "unreadable",
             "it is named .zip but is not a zip archive"),
        Case("lol.xml", LOL.encode(), "lol.xml", "unsafe",
             "it declares its own XML entities (the pattern of an entity-expansion bomb), so it was not read"),
        Case("quadratic.xml", QUADRATIC.encode(), "quadratic.xml", "unsafe",
             "it declares its own XML entities (the pattern of an entity-expansion bomb), so it was not read"),
        Case("lol16.xml", LOL.encode("utf-16"), "lol16.xml", "unsafe",
             "it declares its own XML entities (the pattern of an entity-expansion bomb), so it was not read"),
        Case("xxe.xml", xxe_file(secret).encode(), "xxe.xml", "unsafe",
             "it declares an external entity (a way to read other files or reach the network), so it was not read"),
        Case("xxe_http.xml", xxe_http(port).encode(), "xxe_http.xml", "unsafe",
             "it declares an external entity (a way to read other files or reach the network), so it was not read"),
        Case("xxe.txt", HEADER + part("EX-101.INS", "x.xml", b"<XBRL>\n" + xxe_file(secret).encode() + b"</XBRL>"),
             "xxe.txt#x.xml", "unsafe",
             "it declares an external entity (a way to read other files or reach the network), so it was not read"),
        Case("R15.htm", png, "R15.htm", "unreadable", "this is a PNG image, not a filing page"),
        Case("R16.htm", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "R16.htm", "unreadable",
             "this is a PDF document, not a filing page"),
        Case("R17.htm", b"<html>\x00\x01\x02\x00" * 50, "R17.htm", "unreadable", "this is binary data, not text"),
        Case("noise.htm", bytes(range(128, 256)) * 30 + bytes(range(1, 32)) * 30, "noise.htm", "unreadable",
             "the bytes are not text in any encoding this tool recognises"),
        Case("empty.htm", b"", "empty.htm", "unreadable", "the file is empty"),
        Case("blank.txt", b" \r\n\t\n", "blank.txt", "unreadable", "the file contains only blank space"),
        Case("report.xlsx", make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
             "report.xlsx", "unsupported",
             "this is an Excel workbook, which this tool does not read; give it the filing's pages, its "
             "full-submission .txt, a zip of them or its XBRL instance"),
        Case("cut.txt", cut, "cut.txt#R3.htm", "malformed",
             "the file is cut off inside its part R3.htm; the 2 parts before it were read and what "
             "survives of it is kept", partial=True),
        Case("R18.htm", b"<html><body><table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>"
             b"<table><tr><td>Over 90 days</td><td>81,6", "R18.htm", "malformed",
             "the page is cut off inside a table; the first 2 tables were read", partial=True),
        Case("parts.txt", HEADER + b"".join(part("XML", f"R{i}.htm", page(str(i))) for i in range(6)),
             "parts.txt", "limit",
             "it has more than 3 parts (CREDIT_NOTES_MAX_SUBMISSION_PARTS); the first 3 were read",
             Limits(max_submission_parts=3), partial=True),
        Case("huge.htm", page("1,234 " * 400), "huge.htm", "limit",
             "it is 2,426 bytes, over the limit of 1,024 bytes per file (CREDIT_NOTES_MAX_FILE_MB), "
             "so it was not read", Limits(max_file_bytes=1024)),
        Case("slow.txt", sub3, "slow.txt", "limit",
             "reading stopped after the time limit of 1e-06 seconds (CREDIT_NOTES_PARSE_SECONDS); "
             "the first 0 documents were kept", Limits(parse_seconds=1e-6)),
    ]


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(f"{TOKEN}\n")
    return path


@pytest.fixture(scope="module")
def cases(secret: Path, listener: _Listener) -> list[Case]:
    return hostile_cases(secret, listener.port)


CASE_NAMES = [c.name for c in hostile_cases(Path("/nonexistent/secret.txt"), 9)]


def _expected(case: Case, got: list[FileIssue]) -> FileIssue:
    """The issue the case expects; a message starting 're:' is a pattern (ratios vary by zlib)."""
    message = case.message
    if message.startswith("re:"):
        rx = re.compile(message[3:])
        message = next((i.message for i in got if rx.fullmatch(i.message)), message)
    return FileIssue(case.source, case.kind, message, case.partial)


def _all_text(result: LoadResult) -> str:
    return "\n".join([*(d.text for d in result.documents), *(i.line() for i in result.issues),
                      *(n.line() for n in result.notes)])


# --- each attack, each broken file ---------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_hostile_or_broken_file_gets_its_sentence(name: str, cases: list[Case], tmp_path: Path):
    case = next(c for c in cases if c.name == name)
    start = time.perf_counter()
    from_memory = load_bytes(case.name, case.data, case.limits)
    assert time.perf_counter() - start < 2.0
    expected = _expected(case, from_memory.issues)
    assert expected in from_memory.issues, [i.line() for i in from_memory.issues]
    for issue in from_memory.issues:  # one plain sentence, never a trace
        assert issue.kind in KINDS
        assert "\n" not in issue.message and "Traceback" not in issue.message and len(issue.message) < 300
    assert TOKEN not in _all_text(from_memory)

    (tmp_path / "in").mkdir()
    on_disk = tmp_path / "in" / case.name
    on_disk.write_bytes(case.data)
    assert expected in load_path(on_disk, case.limits).issues

    try:
        extracted = extract_bytes([(case.name, case.data)], case.limits)
    except ExtractionError:
        return  # typed errors are allowed out of the pipeline
    assert expected in extracted.issues
    assert TOKEN not in extracted.facts.to_csv() + extracted.sources.to_csv()


def test_good_members_beside_bad_ones_are_kept(cases: list[Case]):
    got = {c.name: load_bytes(c.name, c.data, c.limits) for c in cases}
    assert [d.source for d in got["bomb.zip"].documents] == ["bomb.zip#R2.htm"]
    assert [d.source for d in got["traversal.zip"].documents] == ["traversal.zip#ok/R2.htm"]
    assert [d.source for d in got["encrypted.zip"].documents] == ["encrypted.zip#R2.htm"]
    assert [d.source for d in got["crc.zip"].documents] == ["crc.zip#R2.htm"]
    assert [d.source for d in got["total.zip"].documents] == ["total.zip#R0.htm", "total.zip#R1.htm"]
    assert [d.source for d in got["nested.zip"].documents] == [
        "nested.zip#L1.htm", "nested.zip#l2.zip#L2.htm", "nested.zip#l2.zip#l3.zip#L3.htm"]
    assert [d.source for d in got["cut.txt"].documents] == ["cut.txt#R1.htm", "cut.txt#R2.htm", "cut.txt#R3.htm"]
    assert [d.source for d in got["parts.txt"].documents] == ["parts.txt#R0.htm", "parts.txt#R1.htm", "parts.txt#R2.htm"]
    assert got["R18.htm"].documents[0].source == "R18.htm"  # a cut page is kept, marked partial
    assert len(got["absolute.zip"].issues) == 2


def test_nothing_is_written_or_read_outside_the_input(cases: list[Case], tmp_path: Path, secret: Path):
    root = tmp_path / "input"
    root.mkdir()
    for c in cases:
        (root / c.name).write_bytes(c.data)
    with contextlib.suppress(OSError):
        (root / "link.htm").symlink_to(secret)
    load_path(root)  # warm up lazy imports so that only input is opened below
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with watch_opens() as opened:
        result = load_path(root)
    inside = [p for p in opened if Path(p).resolve().is_relative_to(root.resolve())]
    outside = [p for p in opened if p not in inside and not _is_library(p)]
    assert len(inside) > len(cases) // 2  # the hook does see the loader's reads
    assert outside == []
    assert str(secret) not in opened and str(secret.resolve()) not in opened
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing extracted anywhere
    assert TOKEN not in _all_text(result)
    if (root / "link.htm").is_symlink():
        assert FileIssue("link.htm", "unsafe", "it is a link to a file outside the folder, so it was not read") in result.issues


def test_a_fifo_is_refused_without_hanging(tmp_path: Path):
    fifo = tmp_path / "R15.htm"
    try:
        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("named pipes are not available here")
    start = time.perf_counter()
    r = load_path(fifo)
    assert time.perf_counter() - start < 1
    assert [i.kind for i in r.issues] == ["unsupported"]
    assert "not a regular file" in r.issues[0].message


def test_the_safe_parsers_expand_nothing_fetch_nothing_read_nothing(secret: Path, listener: _Listener):
    """Even without the loader's screening, the shared parser factories stay safe."""
    for doc in (LOL, QUADRATIC, xxe_file(secret), xxe_http(listener.port), external_dtd(listener.port)):
        start = time.perf_counter()
        try:
            root = etree.fromstring(doc.encode(), safe_xml_parser())
            out = etree.tostring(root).decode()
        except etree.XMLSyntaxError as exc:
            out = str(exc)
        assert time.perf_counter() - start < 1.0
        assert TOKEN not in out and len(out) < 10_000
        html_root = etree.fromstring(doc.encode(), safe_html_parser())
        html_out = "" if html_root is None else etree.tostring(html_root).decode()
        assert TOKEN not in html_out and len(html_out) < 200_000
    assert listener.hits == 0


def test_bomb_uses_bounded_memory_and_time():
    bomb = make_zip({f"R{i}.htm": b"0" * (8 * 1024 * 1024) for i in range(4)})  # 32 MB in ~32 KB
    tracemalloc.start()
    start = time.perf_counter()
    try:
        r = load_bytes("bomb.zip", bomb)
        relaxed = load_bytes("bomb.zip", bomb, Limits(max_zip_ratio=10**6, max_zip_total_bytes=2 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 5
    assert peak < 24 * 1024 * 1024, peak
    assert [i.kind for i in r.issues] == ["limit"] * 4 and r.documents == []
    assert [i.kind for i in relaxed.issues] == ["limit"] and relaxed.documents == []


def test_declared_member_count_is_checked_before_opening():
    data = bytearray(make_zip({"R1.htm": page("x")}))
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 60000, 60000)  # claims 60,000 members
    r = load_bytes("claims.zip", bytes(data))
    assert [(i.kind, i.message) for i in r.issues] == [(
        "limit", "the zip lists 60,000 members, over the limit of 5,000 (CREDIT_NOTES_MAX_ZIP_MEMBERS), "
                 "so it was not opened")]


# --- hostile markup reaching the parsers ---------------------------------------------------------

R_HEAD = (b'<html><body><table class="report"><tr><th class="tl">Loans Receivable (Details) - '
          b'RMB (\xc2\xa5) \xc2\xa5 in Thousands</th>')
PARSER_CASES = {
    "colspan.htm": R_HEAD + b'<th colspan="999999999">Dec. 31, 2023</th></tr><tr><td class="pl">'
                   b'0-30 days past due</td><td colspan="99999999">39,609</td></tr></table></body></html>',
    "colspan_abc.htm": R_HEAD + b'<th colspan="abc">Dec. 31, 2023</th><th colspan="2.5">x</th></tr>'
                       b'<tr><td class="pl">0-30 days past due</td><td>39,609</td></tr></table></body></html>',
    "ragged.htm": R_HEAD + b"<th>Dec. 31, 2023</th><th>Dec. 31, 2022</th></tr>"
                  b'<tr><td class="pl">0-30 days past due</td><td>39,609</td></tr>'
                  b'<tr><td class="pl">31-60 days past due</td><td>21,041</td><td>21,398</td><td>9</td><td>x</td></tr>'
                  b"<tr></tr><tr><td>Total</td></tr></table></body></html>",
    "no_tables.htm": b"<html><body><p>Loans past due were 1,234 as of December 31, 2023.</p></body></html>",
    "deep.htm": b"<html><body>" + b"<div>" * 100_000 + b"0-30 days past due 1,234" + b"</div>" * 100_000
                + b"</body></html>",
    "deep_tables.htm": b"<html><body>" + b"<table><tr><td>" * 5_000 + b"1,234"
                       + b"</td></tr></table>" * 5_000 + b"</body></html>",
    "ix_bad.htm": b"<html xmlns:ix='http://www.xbrl.org/2013/inlineXBRL' xmlns:xbrli='http://www.xbrl.org/2003/instance'>"
                  b"<body><ix:header><ix:resources><xbrli:context id='c'><xbrli:period><xbrli:instant>2023-99-99"
                  b"</xbrli:instant></xbrli:period></xbrli:context></ix:resources></ix:header>"
                  b"<ix:nonFraction name='us-gaap:GuaranteeObligationsMaximumExposure' contextRef='c' unitRef='u'"
                  b" decimals='abc' scale='abc'>1e999</ix:nonFraction></body></html>",
}


@pytest.mark.parametrize("name", sorted(PARSER_CASES))
def test_hostile_markup_never_escapes_the_pipeline(name: str):
    start = time.perf_counter()
    try:
        result = extract_bytes([(name, PARSER_CASES[name])])
    except ExtractionError:
        return
    assert time.perf_counter() - start < 5
    for issue in result.issues:
        assert issue.kind in KINDS and "\n" not in issue.message


def test_html_span_attributes_are_clamped():
    from dashboard.extract.limits import MAX_COLSPAN, html_span

    assert [html_span(v) for v in (None, "", "abc", "2.5", "-5", "0", "3", " 7 ", "999999999999")] == [
        1, 1, 1, 2, 1, 1, 3, 7, MAX_COLSPAN]


def test_each_parser_raises_only_typed_errors_on_bad_ix_attributes():
    from dashboard.extract.detect import IXBRL
    from dashboard.extract.parsers import parse_document

    doc = Document(source="ix_bad.htm", name="ix_bad.htm", text=PARSER_CASES["ix_bad.htm"].decode())
    with contextlib.suppress(ExtractionError):
        parse_document(doc, IXBRL)


def test_every_lxml_parse_in_the_package_uses_a_safe_parser():
    """Static check: parsing calls pass a parser; parsers are built by dashboard.extract.limits (or,
    where built elsewhere, with its safety options spelled out)."""
    import ast

    package = Path(__file__).resolve().parents[2] / "dashboard"
    parse_calls = {"fromstring", "document_fromstring", "fragment_fromstring", "fragments_fromstring",
                   "parse", "XML", "HTML"}
    problems = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
            if owner not in ("etree", "html", "lxml"):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            where = f"{path.relative_to(package.parent)}:{node.lineno}"
            if node.func.attr in parse_calls and "parser" not in kw and len(node.args) < 2:
                problems.append(f"{where}: {owner}.{node.func.attr} without a parser")
            if node.func.attr == "iterparse" and not _false(kw.get("resolve_entities")):
                problems.append(f"{where}: iterparse resolving entities")
            if path.name != "limits.py" and node.func.attr == "XMLParser" and not _false(kw.get("resolve_entities")):
                problems.append(f"{where}: XMLParser resolving entities (use safe_xml_parser)")
            if path.name != "limits.py" and node.func.attr == "HTMLParser" and "no_network" not in kw:
                problems.append(f"{where}: HTMLParser without no_network (use safe_html_parser)")
    assert problems == []


def _false(node: object) -> bool:
    import ast

    return isinstance(node, ast.Constant) and node.value is False


# --- a batch mixing every hostile file with the five seeds ------------------------------------------


def _seed_items() -> list[tuple[str, bytes]]:
    if not SEEDS.is_dir():
        pytest.skip("the shared seeds are not beside the checkout")
    return [(p.name, p.read_bytes()) for p in sorted(SEEDS.iterdir())]


def _key(facts) -> set[tuple]:
    cols = ["source", "metric", "period_end", "value", "currency", "days_from", "days_to"]
    return {tuple(str(v) for v in row) for row in facts[cols].itertuples(index=False)}


def test_a_mixed_batch_still_yields_every_seed_figure(cases: list[Case]):
    seeds = _seed_items()
    alone = extract_bytes(seeds)
    assert alone.issues == []
    text = {n: d.decode("utf-8") for n, d in seeds}
    guarantee = next(n for n in text if "2,572,977,752" in text[n])
    encoded = [(f"utf16_{guarantee}", text[guarantee].encode("utf-16")),
               (f"cp1252_{guarantee}", text[guarantee].encode("cp1252")),
               (f"gb18030_{guarantee}", text[guarantee].encode("gb18030")),
               (f"bom_{guarantee}", b"\xef\xbb\xbf" + seeds[[n for n, _ in seeds].index(guarantee)][1])]
    batch = [(c.name, c.data) for c in cases] + seeds[:2] + encoded + seeds + seeds[2:]
    start = time.perf_counter()
    tracemalloc.start()
    try:
        mixed = extract_bytes(batch)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 30
    assert peak < 200 * 1024 * 1024
    assert _key(alone.facts) <= _key(mixed.facts)  # every seed figure, exactly as alone
    assert {i.source for i in mixed.issues} >= {"R15.htm", "lol.xml", "xxe.xml", "encrypted.zip#secret.htm"}
    # each re-encoded copy of the guarantee seed gives the same figures as the original
    f = mixed.facts
    want = sorted(f[f["source"] == guarantee]["value"])
    assert 2_572_977_752 in want
    for name, _ in encoded:
        assert sorted(f[f["source"] == name]["value"]) == want, name


# --- property-based fuzzing ---------------------------------------------------------------------

FRAGMENTS = [
    b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"</SEC-HEADER>", b"<DOCUMENT>", b"</DOCUMENT>",
    b"<TYPE>GRAPHIC\n", b"<TYPE>XML\n", b"<FILENAME>R15.htm\n", b"<FILENAME>../x.zip\n", b"<TEXT>",
    b"</TEXT>", b"<XBRL>", b"</XBRL>", b"<XML>", b"begin 644 a.jpg\nM```\n", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"\x00", b"PK\x03\x04", b"PK\x05\x06", b"\x89PNG\r\n\x1a\n", b"%PDF-",
    b"<html>", b"<table>", b"<tr>", b"<td>", b"</td>", b"</tr>", b"</table>", b"</html>",
    b"<td colspan=999999>", b"0-30 days past due", b"Over 90 days", b"RMB2,572,977,752",
    b"(102,359", b"in thousands", b"\xc8\xcb\xc3\xf1\xb1\xd2", b"\x93quoted\x94", b"\xa3\x31,000",
    b'<?xml version="1.0" encoding="gbk"?>', b'<meta charset="utf-16">', b"<!DOCTYPE x [",
    b'<!ENTITY a "aaaa">', b"]>", b"&a;", b"<ix:nonFraction name='us-gaap:X' contextRef='c' "
    b"unitRef='u' decimals='-3' scale='3'>1,234</ix:nonFraction>", b"<xbrl>", b"<context id='c'>",
    b"\n", b" | ", b"\r\n", b"\t", b"<th colspan='abc'>", b"<th colspan=999999999>", b"<td rowspan=-4>",
    b"<div>" * 60, b"<table class='report'>", b"<td class='pl'>", b" decimals='abc' scale='x' ",
    b"<xbrli:instant>2023-99-99</xbrli:instant>", b"1e999", "\u2212".encode(), b"(\xe2\x80\x94)",
]
fragments = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=24)), max_size=40).map(b"".join)
names = st.sampled_from(["R15.htm", "filing.txt", "upload.zip", "x.xml", "data.json", "noext",
                         "Financial_Report.xlsx", "../../evil.htm", "a\x00b.htm", ""])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)


def _check(result: LoadResult) -> None:
    assert all(isinstance(d, Document) and isinstance(d.text, str) for d in result.documents)
    assert all(i.kind in KINDS and i.message and "\n" not in i.message for i in result.issues)
    assert all(n.kind in NOTE_KINDS for n in result.notes)


@FUZZ
@given(names, st.one_of(fragments, st.binary(max_size=2048)))
def test_fuzz_load_bytes_never_raises(name: str, data: bytes):
    start = time.perf_counter()
    _check(load_bytes(name, data))
    assert time.perf_counter() - start < 5


@st.composite
def zips(draw: st.DrawFn) -> bytes:
    members = draw(st.dictionaries(
        st.sampled_from(["R1.htm", "R2.htm", "../up.htm", "/abs.htm", "a/b/c.xml", "in.zip", "p.png",
                         "__MACOSX/._R1.htm", "x.txt"]),
        fragments, max_size=5))
    if "in.zip" in members:
        members["in.zip"] = make_zip({"R9.htm": members["in.zip"]})
    data = bytearray(make_zip(members, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))))
    for _ in range(draw(st.integers(0, 4))):  # flip bytes anywhere: headers, sizes, data
        if data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


@FUZZ
@given(zips())
def test_fuzz_damaged_zips_never_raise(data: bytes):
    _check(load_bytes("fuzz.zip", data, Limits(max_zip_total_bytes=1 << 20)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.tuples(names, st.one_of(fragments, zips())), min_size=1, max_size=3))
def test_fuzz_pipeline_raises_only_typed_errors(items: list[tuple[str, bytes]]):
    start = time.perf_counter()
    try:
        result = extract_bytes(items)
    except ExtractionError:
        return
    assert time.perf_counter() - start < 10
    assert list(result.facts.columns)[:3] == ["entity", "source", "disclosure"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(fragments, st.sampled_from(["R15.htm", "x.xml", "a.txt", "b.json", "c.htm"]))
def test_fuzz_each_parser_raises_only_typed_errors(data: bytes, name: str):
    from dashboard.extract.detect import KINDS as DOC_KINDS
    from dashboard.extract.parsers import parse_document

    text = data.decode("utf-8", "replace")
    for kind in DOC_KINDS:
        doc = Document(source=name, name=name, text=text)
        try:
            facts, notes = parse_document(doc, kind)
        except ExtractionError:
            continue
        assert isinstance(facts, list) and isinstance(notes, list)
