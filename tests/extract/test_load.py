"""The loader: submissions split into parts, zips and folders read in memory, encodings
detected, duplicates loaded once, limits named and configurable. Samples are made here."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from dashboard.extract.limits import (
    DEFAULT_LIMITS,
    ENV_VARS,
    Limits,
    limits_from_env,
    resolve_limits,
    safe_html_parser,
    safe_xml_parser,
    xml_hazard,
)
from dashboard.extract.load import (
    DUPLICATE,
    SKIPPED,
    LoadResult,
    decode_bytes,
    load_bytes,
    load_path,
)
from dashboard.model.documents import Document
from dashboard.model.errors import FileIssue

SHARED = Path(__file__).resolve().parents[3] / "shared"
ORIGINAL = SHARED / "corpus" / "original"

FIGURE = "RMB2,572,977,752"
ZH = ("截至2024年12月31日，本集团提供担保的最高风险敞口为人民币2,572,977,752元"
      "（2023年：人民币667,733,409元）。单位：人民币千元。")
R_PAGE = ("<html><head><title>Loans</title></head><body><table class=\"report\">"
          "<tr><th>Loans Receivable, Net (Details) - RMB (¥) ¥ in Thousands</th>"
          "<th>Dec. 31, 2023</th></tr><tr><td>0-30 days past due</td><td>39,609</td></tr>"
          "</table></body></html>")


def uu(n: int = 40) -> bytes:
    """A uuencoded block as submissions carry them (content irrelevant, never decoded)."""
    return b"begin 644 image.jpg\n" + b"M_]C_X``02D9)1@`!`0``09`!D``#_VP!#``@&!@<&!0@'!P<)\"0@*#!0-\n" * n + b"`\nend\n"


def part(ftype: str, fname: str, body: bytes, seq: int = 1) -> bytes:
    return (b"<DOCUMENT>\n<TYPE>" + ftype.encode() + b"\n<SEQUENCE>" + str(seq).encode()
            + b"\n<FILENAME>" + fname.encode() + b"\n<DESCRIPTION>test\n<TEXT>\n" + body
            + b"\n</TEXT>\n</DOCUMENT>\n")


HEADER = (b"<SEC-DOCUMENT>0001234567-24-000001.txt : 20240418\n"
          b"<SEC-HEADER>0001234567-24-000001.hdr.sgml : 20240418\n"
          b"ACCESSION NUMBER:\t\t0001234567-24-000001\n"
          b"CONFORMED SUBMISSION TYPE:\t20-F\n\n"
          b"PUBLIC DOCUMENT COUNT:\t\t5\n"
          b"CONFORMED PERIOD OF REPORT:\t20231231\n"
          b"FILER:\n\n\tCOMPANY DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\tExample Credit Ltd /DE/\n"
          b"\t\tCENTRAL INDEX KEY:\t\t\t0001234567\n</SEC-HEADER>\n")


def submission() -> bytes:
    return (HEADER
            + part("20-F", "main.htm", b"<html><body><p>Annual report</p></body></html>", 1)
            + part("XML", "R15.htm", R_PAGE.encode("utf-8"), 2)
            + part("GRAPHIC", "g1.jpg", uu(), 3)
            + part("EX-101.INS", "ex-20231231.xml",
                   b"<XBRL>\n<?xml version=\"1.0\"?>\n<xbrl>1</xbrl>\n</XBRL>", 4)
            + part("XML", "FilingSummary.xml", b"<XML>\n<?xml version=\"1.0\"?>\n<FilingSummary/>\n</XML>", 5)
            + part("EXCEL", "Financial_Report.xlsx", uu(), 6)
            + part("ZIP", "0001234567-24-000001-xbrl.zip", uu(), 7)
            + b"</SEC-DOCUMENT>\n")


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def by_source(result: LoadResult) -> dict[str, Document]:
    return {d.source: d for d in result.documents}


# --- submissions ------------------------------------------------------------------------------


def test_submission_is_split_into_its_text_parts_with_the_header_meta():
    r = load_bytes("filing.txt", submission())
    docs = by_source(r)
    assert list(docs) == ["filing.txt#main.htm", "filing.txt#R15.htm", "filing.txt#ex-20231231.xml",
                          "filing.txt#FilingSummary.xml"]
    assert r.issues == []
    r15 = docs["filing.txt#R15.htm"]
    assert r15.name == "R15.htm" and r15.doc_type == "XML"
    assert r15.text.strip() == R_PAGE
    assert r15.container == "filing.txt"
    meta = r15.meta
    assert (meta.entity, meta.cik, meta.form, meta.period, meta.accession) == (
        "Example Credit Ltd", "0001234567", "20-F", "2023-12-31", "0001234567-24-000001")
    assert all(d.meta == meta for d in r.documents)
    # <XBRL> and <XML> wrappers are stripped: the part starts with its own prologue
    assert docs["filing.txt#ex-20231231.xml"].text.strip().startswith("<?xml")
    assert docs["filing.txt#FilingSummary.xml"].text.strip().endswith("<FilingSummary/>")
    # binary parts are skipped (never decoded) and said so, as notes, not errors
    skipped = {n.source: n.message for n in r.notes if n.kind == SKIPPED}
    assert skipped == {"filing.txt#g1.jpg": "a JPEG image, not decoded",
                       "filing.txt#Financial_Report.xlsx": "an Excel workbook, not decoded",
                       "filing.txt#0001234567-24-000001-xbrl.zip": "a zip archive, not decoded"}
    assert not any("begin 644" in d.text for d in r.documents)


def test_uuencoded_part_of_an_unknown_type_is_skipped_unread():
    data = HEADER + part("EX-99", "odd.bin.txt", uu(), 1) + part("XML", "R2.htm", b"<html>2</html>", 2)
    r = load_bytes("s.txt", data)
    assert [d.name for d in r.documents] == ["R2.htm"]
    assert [(n.source, n.message) for n in r.notes] == [("s.txt#odd.bin.txt", "a uuencoded binary part, not decoded")]


def test_sgml_style_header_and_submission_without_header():
    sgml = (b"<SUBMISSION>\n<ACCESSION-NUMBER>0000000000-24-000002\n<TYPE>10-Q\n<PERIOD>20240630\n"
            b"<FILER>\n<COMPANY-DATA>\n<CONFORMED-NAME>Acme Bank\n<CIK>0000000042\n</COMPANY-DATA>\n</FILER>\n"
            + part("10-Q", "q.htm", b"<html><body>q</body></html>"))
    meta = load_bytes("q.txt", sgml).documents[0].meta
    assert (meta.entity, meta.cik, meta.form, meta.period) == ("Acme Bank", "0000000042", "10-Q", "2024-06-30")
    bare = part("XML", "R3.htm", b"<html>3</html>")
    assert [d.source for d in load_bytes("bare.txt", bare).documents] == ["bare.txt#R3.htm"]


def test_real_full_submission_from_the_shared_corpus():
    path = ORIGINAL / "0000943374-24-000509.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not beside the checkout")
    r = load_path(path)
    assert r.issues == []
    docs = by_source(r)
    r1 = docs["0000943374-24-000509.txt#R1.htm"]
    assert r1.doc_type == "XML" and r1.text.lstrip().startswith("<html>")
    assert r1.meta.entity.startswith("1895 Bancorp of Wisconsin")
    assert r1.meta.period == "2024-12-20" and r1.meta.form == "8-K"
    assert "0000943374-24-000509.txt#FilingSummary.xml" in docs
    assert {n.source.split("#")[1] for n in r.notes} == {"Financial_Report.xlsx", "0000943374-24-000509-xbrl.zip"}
    assert not any("begin 644" in d.text for d in r.documents)


def test_large_submission_splits_fast_and_never_decodes_its_binary_parts():
    big_uu = uu(120_000)  # ~9 MB of uuencoded image
    parts = [part("GRAPHIC", f"g{i}.jpg", big_uu if i == 0 else uu(), i) for i in range(3)]
    parts += [part("XML", f"R{i}.htm", R_PAGE.encode() * 200 + str(i).encode(), 10 + i) for i in range(60)]
    data = HEADER + b"".join(parts)
    start = time.perf_counter()
    r = load_bytes("big.txt", data)
    elapsed = time.perf_counter() - start
    assert len(r.documents) == 60 and r.issues == []
    assert sum(1 for n in r.notes if n.kind == SKIPPED) == 3
    assert elapsed < 1.0, elapsed


# --- zips and folders ------------------------------------------------------------------------


def test_zip_members_are_read_in_memory_with_zip_sources(tmp_path: Path):
    inner = make_zip({"R2.htm": b"<html>inner</html>"})
    data = make_zip({"R15.htm": R_PAGE.encode(), "sub/R16.htm": b"<html>16</html>", "img.png": b"\x89PNG\r\n\x1a\n..",
                     "Financial_Report.xlsx": make_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}),
                     "inner.zip": inner, "dir/": b""})
    before = sorted(os.listdir(tmp_path))
    (tmp_path / "filing.zip").write_bytes(data)
    for r in (load_bytes("filing.zip", data), load_path(tmp_path / "filing.zip")):
        assert [d.source for d in r.documents] == ["filing.zip#R15.htm", "filing.zip#sub/R16.htm",
                                                   "filing.zip#inner.zip#R2.htm"]
        assert [d.name for d in r.documents] == ["R15.htm", "R16.htm", "R2.htm"]
        assert all(d.container == "filing.zip" for d in r.documents)
        assert r.issues == []
        assert {n.source: n.message for n in r.notes} == {
            "filing.zip#img.png": "a PNG image, not read",
            "filing.zip#Financial_Report.xlsx": "an Excel workbook, not read"}
    assert sorted(os.listdir(tmp_path)) == sorted([*before, "filing.zip"])  # nothing extracted


def test_folder_is_read_recursively_sorted_with_relative_sources(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "R2.htm").write_text("<html>2</html>")
    (tmp_path / "a.txt").write_text("Loans | 1,234")
    (tmp_path / "R1.htm").write_text("<html>1</html>")
    (tmp_path / "pic.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    r = load_path(tmp_path)
    assert [d.source for d in r.documents] == ["R1.htm", "a.txt", "b/R2.htm"]
    assert r.issues == []
    assert [(n.source, n.kind) for n in r.notes] == [("pic.jpg", SKIPPED)]


def test_folder_links_inside_are_read_once_and_links_outside_refused(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.htm").write_text("<html>SECRET-TOKEN</html>")
    root = tmp_path / "in"
    root.mkdir()
    (root / "R1.htm").write_text("<html>1</html>")
    try:
        (root / "link_in.htm").symlink_to(root / "R1.htm")
        (root / "link_out.htm").symlink_to(outside / "secret.htm")
        (root / "dir_out").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    r = load_path(root)
    assert [d.source for d in r.documents] == ["R1.htm"]
    assert not any("SECRET-TOKEN" in d.text for d in r.documents)
    kinds = {(i.source, i.kind) for i in r.issues}
    assert kinds == {("link_out.htm", "unsafe"), ("dir_out", "unsafe")}
    assert [n.kind for n in r.notes] == [DUPLICATE]


def test_missing_path_and_bad_limits():
    r = load_path(Path("no-such-dir-here") / "R9.htm")
    assert r.documents == []
    assert [i.line() for i in r.issues] == ["R9.htm: there is no such file or folder"]
    with pytest.raises(TypeError):
        load_bytes("x.htm", b"<html/>", limits=42)


# --- encodings -------------------------------------------------------------------------------

ENGLISH = ("Maximum exposure under the guarantees was “RMB2,572,977,752” — café’s loans "
           "of €1,234 and RMB667,733,409.\n")


@pytest.mark.parametrize("data,encoding,text", [
    (ENGLISH.encode("utf-8"), "utf-8", ENGLISH),
    (b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"), "utf-8-sig", ENGLISH),
    (ENGLISH.encode("utf-16"), "utf-16-le", ENGLISH),
    (b"\xfe\xff" + ENGLISH.encode("utf-16-be"), "utf-16-be", ENGLISH),
    (ENGLISH.encode("utf-16-le"), "utf-16-le", ENGLISH),  # no BOM
    (ENGLISH.encode("cp1252"), "cp1252", ENGLISH),
    (ZH.encode("gb18030"), "gb18030", ZH),
    (ZH.encode("gbk"), "gb18030", ZH),
    (ZH.encode("utf-16"), "utf-16-le", ZH),
    (("<html><head><meta charset=\"gbk\"></head><body>" + ZH + "</body></html>").encode("gbk"),
     "gb18030", "<html><head><meta charset=\"gbk\"></head><body>" + ZH + "</body></html>"),
    (("<?xml version='1.0' encoding='windows-1252'?><a>" + ENGLISH + "</a>").encode("cp1252"),
     "cp1252", "<?xml version='1.0' encoding='windows-1252'?><a>" + ENGLISH + "</a>"),
    # declared Latin-1, but the bytes are UTF-8: read as UTF-8, not as mojibake
    (("<meta charset=iso-8859-1>" + ZH).encode("utf-8"), "utf-8", "<meta charset=iso-8859-1>" + ZH),
    (("English text from a Chinese filer's PC: “guarantee” ‘net’ " + FIGURE).encode("gb18030"), "gb18030",
     "English text from a Chinese filer's PC: “guarantee” ‘net’ " + FIGURE),
])
def test_encodings_are_detected_and_figures_survive(data: bytes, encoding: str, text: str):
    r = load_bytes("page.htm", data)
    assert r.issues == []
    (doc,) = r.documents
    assert doc.encoding == encoding
    assert doc.text == text
    assert "2,572,977,752" in doc.text


def test_a_guess_that_would_swallow_digits_is_refused():
    # '£1,000' in Windows-1252 is a valid GB18030 four-byte sequence start: it must not win
    raw = "Total £1,000 and ¥2,000 reserved".encode("cp1252")
    text, enc, _ = decode_bytes(raw)
    assert "1,000" in text and "2,000" in text and enc == "cp1252"


def test_undecodable_bytes_are_an_issue_not_garbage():
    junk = bytes(range(128, 256)) * 40 + bytes(range(1, 32)) * 40
    r = load_bytes("R15.htm", junk)
    assert r.documents == []
    assert [(i.kind, i.message) for i in r.issues] == [
        ("unreadable", "the bytes are not text in any encoding this tool recognises")]


# --- duplicates ------------------------------------------------------------------------------


def test_identical_content_twice_is_loaded_once_and_noted():
    loaded = LoadResult()
    loaded.extend(load_bytes("R15.htm", R_PAGE.encode()))
    loaded.extend(load_bytes("R15 (1).htm", R_PAGE.encode()))
    assert [d.source for d in loaded.documents] == ["R15.htm"]
    assert loaded.issues == []
    assert loaded.notes == [FileIssue("R15 (1).htm", DUPLICATE,
                                      "the same content as R15.htm, which was read; this copy was skipped")]
    assert loaded.documents[0].notes == ["the same content was also given as R15 (1).htm; it was read once"]


def test_the_same_filing_uploaded_twice_is_one_note():
    loaded = LoadResult()
    loaded.extend(load_bytes("filing.txt", submission()))
    loaded.extend(load_bytes("filing-copy.txt", submission()))
    assert all(d.source.startswith("filing.txt#") for d in loaded.documents)
    dup = [n for n in loaded.notes if n.kind == DUPLICATE]
    assert dup == [FileIssue("filing-copy.txt", DUPLICATE,
                             "the same content as filing.txt (4 identical parts), which was read; "
                             "this copy was skipped")]


def test_load_result_keeps_its_two_field_constructor():
    doc = Document(source="a.htm", name="a.htm", text="x", sha256="1")
    r = LoadResult([doc], [])
    r.extend(LoadResult([Document(source="b.htm", name="b.htm", text="x", sha256="1")], []))
    assert [d.source for d in r.documents] == ["a.htm"]


# --- limits ----------------------------------------------------------------------------------


def test_every_limit_has_an_environment_variable_and_a_positive_default():
    names = {f for f in Limits.__dataclass_fields__}
    assert names == set(ENV_VARS)
    for name in names:
        assert getattr(DEFAULT_LIMITS, name) > 0
    assert all(var.startswith("CREDIT_NOTES_") for var, _ in ENV_VARS.values())


def test_limits_from_environment_and_from_arguments(monkeypatch: pytest.MonkeyPatch):
    env = {"CREDIT_NOTES_MAX_FILE_MB": "0.5", "CREDIT_NOTES_MAX_ZIP_MEMBERS": "7",
           "CREDIT_NOTES_PARSE_SECONDS": "2.5", "CREDIT_NOTES_MAX_NESTING_DEPTH": "nonsense",
           "CREDIT_NOTES_MAX_ZIP_RATIO": "-3"}
    lim = limits_from_env(env)
    assert lim.max_file_bytes == 512 * 1024 and lim.max_zip_members == 7 and lim.parse_seconds == 2.5
    assert lim.max_nesting_depth == Limits().max_nesting_depth  # bad values are ignored
    assert lim.max_zip_ratio == Limits().max_zip_ratio
    monkeypatch.setenv("CREDIT_NOTES_MAX_FILE_MB", "0.001")
    r = load_bytes("R15.htm", R_PAGE.encode() * 10)
    assert [(i.kind, i.message) for i in r.issues] == [(
        "limit", "it is 2,380 bytes, over the limit of 1,048 bytes per file "
                 "(CREDIT_NOTES_MAX_FILE_MB), so it was not read")]
    # an explicit Limits wins over the environment
    assert load_bytes("R15.htm", R_PAGE.encode() * 10, limits=Limits()).issues == []
    assert resolve_limits({"max_zip_members": 3}).max_zip_members == 3
    assert Limits().with_(max_zip_members=9).max_zip_members == 9


# --- safe parsers ------------------------------------------------------------------------------


def test_safe_parser_factories_are_configured_for_untrusted_input():
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>')
    try:
        root = etree.fromstring(lol, safe_xml_parser())
    except etree.XMLSyntaxError:
        pass  # refusing is fine too
    else:
        assert len(etree.tostring(root)) < 200  # the entity was not expanded
    tree = etree.fromstring(b"<html><body><table><tr><td>1</td></tr></table></body></html>", safe_html_parser())
    assert tree.findtext(".//td") == "1"
    assert xml_hazard(lol).startswith("it declares its own XML entities")
    assert xml_hazard('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                      '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html/>') == ""


@pytest.mark.parametrize("doc,hazard", [
    ("<!-- " + "x" * 100_000 + ' --><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', "external"),
    ('<!DOCTYPE a PUBLIC "x" "y.dtd" [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]><a/>', "external"),
    ('<!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><a>&b;&b;</a>', "own"),
    ("<!doctype html><html><script>var s = '<!ENTITY';</script></html>", ""),
    ("<html><p>&lt;!ENTITY x&gt;</p></html>", ""),
    ('<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><x/>', ""),  # never loaded: harmless
])
def test_xml_hazard_looks_at_the_doctype_internal_subset_only(doc: str, hazard: str):
    got = xml_hazard(doc)
    assert got == xml_hazard(doc.encode()) == xml_hazard(doc.encode("utf-16"))
    if not hazard:
        assert got == ""
    else:
        assert ("external entity" in got) == (hazard == "external") and got.endswith("so it was not read")


def test_duplicates_are_said_in_the_sources_table_not_hidden(seeds_dir):
    from dashboard.extract.pipeline import extract_bytes

    data = (seeds_dir / "001_782b71719b0e53f7.txt").read_bytes()
    r = extract_bytes([("a.txt", data), ("copy of a.txt", data)])
    assert r.issues == []
    assert len(r.facts) == 3  # the copy adds nothing
    dup = r.sources.set_index("source").loc["copy of a.txt"]
    assert dup["status"] == "duplicate" and "a.txt" in dup["message"]
