"""XBRL parser: inline XBRL (iXBRL) documents and XBRL instance documents → credit facts.

One parse of the bytes, then `iter()` over the few tags that matter (facts, contexts, units),
so lxml filters in C and Python only touches candidates. Only facts whose concept maps to a
credit rule (`dashboard.model.concepts`) become Facts; contexts and units are read only for those.

Choices (see also concepts.py):
- `segment` is readable: the dimension members' names without prefix and "Member"
  ("tsla:MyPowerMember" → "MyPower"), joined by "; ", after any segment the concept itself
  implies ("sales-type leases"). The axes are kept in `note` ("FinancingReceivablePortfolioSegmentAxis=tsla:MyPowerMember").
- A member of a population axis (FinancialInstrumentAxis, BalanceSheetLocationAxis,
  ReceivableTypeAxis, OffBalanceSheetRiskAxis) names the fact's `population` instead.
- An aging member (FinancialAssetAgingAxis=FinancialAsset30To59DaysPastDueMember) on a loan
  balance concept turns the fact into that bucket (metric/days), and is not repeated in `segment`.
- iXBRL: value = displayed number × 10**scale, negated for sign="-"; `scale` is the
  multiplier applied and `scale_basis` "stated". Instance: values are whole units, scale 1.
- Only monetary facts (an iso4217 unit) are kept. Nil facts are skipped (counted in the notes).
- The same concept/period/dimensions/unit tagged twice (iXBRL repeats figures) is one fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from dashboard.extract.limits import check_xml_safe, safe_html_parser, safe_xml_parser
from dashboard.model.concepts import (
    CONCEPTS,
    LOAN_BALANCE_METRICS,
    STANDARD_PREFIXES,
    ConceptRule,
    axis_label,
    is_standard_namespace,
    lookup_member,
    member_label,
    rule_for,
    split_name,
    words,
)
from dashboard.model.dates import parse_date
from dashboard.model.documents import Document, fiscal_focus
from dashboard.model.errors import MalformedContent
from dashboard.model.schema import Fact

IX_NS = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

_CONTEXT = f"{{{XBRLI}}}context"
_UNIT = f"{{{XBRLI}}}unit"
_MEASURE = f"{{{XBRLI}}}measure"
_DIVIDE = f"{{{XBRLI}}}divide"
_INSTANT = f"{{{XBRLI}}}instant"
_START = f"{{{XBRLI}}}startDate"
_END = f"{{{XBRLI}}}endDate"
_EXPLICIT = f"{{{XBRLDI}}}explicitMember"
_TYPED = f"{{{XBRLDI}}}typedMember"

_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.S)

# dei facts that fill the document's meta
_DEI = {"EntityRegistrantName": "entity", "DocumentType": "form", "DocumentPeriodEndDate": "period",
        "DocumentFiscalYearFocus": "fiscal_year_focus",
        "DocumentFiscalPeriodFocus": "fiscal_period_focus"}

# ixt/ixt-sec transformation formats (local part, lower case, without dashes) → how to read the text
_FORMATS: dict[str, str] = {
    "numdotdecimal": "dot", "numdotdecimalin": "dot", "numcommadecimal": "comma",
    "numcommadecimalin": "comma", "numspacedot": "dot", "numspacecomma": "comma",
    "numcomma": "comma", "numdot": "dot", "numwordsen": "words",
    "fixedzero": "zero", "zerodash": "zero", "numzerodash": "zero", "zerodashes": "zero",
    "fixedempty": "zero", "numunitdecimal": "unit", "numunitdecimalin": "unit",
}
_NON_NUMERIC = re.compile(r"[^\d.,]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class _Context:
    start: date | None
    end: date | None
    dims: tuple[tuple[str, str], ...]  # (axis QName, member QName or "Axis=typed value")


@dataclass(slots=True)
class _Raw:
    """A candidate fact before its context and unit are resolved."""

    concept: str
    rule: ConceptRule
    context: str
    unit: str
    value: Decimal
    scale: int  # power of ten applied (iXBRL `scale`), 0 for instance facts
    locator: str
    label: str
    note: str = ""


def parse_xbrl(doc: Document, kind: str) -> tuple[list[Fact], list[str]]:
    """Credit facts of an inline-XBRL document (kind "ixbrl") or an instance ("xbrl_instance")."""
    root = _parse(doc, html_ok=kind == "ixbrl")
    notes: list[str] = []
    found = _Found()
    if kind == "ixbrl":
        _ixbrl_facts(root, found)
    else:
        _instance_facts(root, found)
    _fill_meta(doc, found.dei)
    contexts = _contexts(found.contexts, {r.context for r in found.raws})
    units = _units(found.units, {r.unit for r in found.raws})
    facts = _facts(doc, found.raws, contexts, units, notes)
    if found.nils:
        notes.append(f"{found.nils} nil credit fact(s) skipped")
    if found.bad_scale:
        notes.append(f"{found.bad_scale} credit fact(s) left out: their scale attribute is not a number")
    if not facts:
        notes.append("no delinquency, allowance or guarantee figures found in the XBRL facts")
    return facts, notes


@dataclass(slots=True)
class _Found:
    """What one walk of the tree collects: candidate facts, dei values, context and unit elements."""

    raws: list[_Raw] = field(default_factory=list)
    dei: dict[str, str] = field(default_factory=dict)
    contexts: dict[str, etree._Element] = field(default_factory=dict)
    units: dict[str, etree._Element] = field(default_factory=dict)
    nils: int = 0
    bad_scale: int = 0

    def keep(self, el: etree._Element, kind: str) -> None:
        eid = el.get("id")
        if eid:
            (self.contexts if kind == "context" else self.units).setdefault(eid, el)


# ---------------------------------------------------------------------------------------------
# Parsing


def _parse(doc: Document, *, html_ok: bool) -> etree._Element:
    text = doc.text
    m = _DECL.match(text[:512])
    data = (text[m.end():] if m else text).encode("utf-8")
    check_xml_safe(doc.source, data)  # entity declarations / external DTDs: UnsafeContent
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        if not html_ok:
            raise MalformedContent(doc.source, f"the XBRL instance is not well-formed XML ({exc})") from exc
        root = None
    if root is None:
        # Inline XBRL that is not well-formed XML: read it as HTML (tags keep their prefixes).
        root = etree.fromstring(data, safe_html_parser())
        if root is None:
            raise MalformedContent(doc.source, "the inline XBRL document could not be parsed")
    return root


_IX_TAGS: dict[str, str] = {
    **{f"{{{ns}}}{local}": local for ns in IX_NS for local in ("nonFraction", "nonNumeric")},
    "ix:nonfraction": "nonFraction", "ix:nonnumeric": "nonNumeric",  # HTML-parser form
    _CONTEXT: "context", _UNIT: "unit", "xbrli:context": "context", "xbrli:unit": "unit",
}


def _attr(el: etree._Element, name: str) -> str | None:
    v = el.get(name)
    return v if v is not None else el.get(name.lower())


def _ixbrl_facts(root: etree._Element, found: _Found) -> None:
    rules: dict[str, ConceptRule | None] = {}
    for el in root.iter(*_IX_TAGS):
        what = _IX_TAGS[el.tag]
        name = el.get("name") or ""
        if what == "nonNumeric":
            if name.startswith("dei:"):
                key = _DEI.get(name[4:])
                if key and key not in found.dei:
                    found.dei[key] = _dei_value(key, "".join(el.itertext()), el.get("format") or "")
            continue
        if what != "nonFraction":
            found.keep(el, what)
            continue
        if name not in rules:
            rules[name] = rule_for(name)
        rule = rules[name]
        if rule is None:
            continue
        if (el.get(XSI_NIL) or el.get("xsi:nil") or "").lower() == "true":
            found.nils += 1
            continue
        ctx = _attr(el, "contextRef") or ""
        unit = _attr(el, "unitRef") or ""
        value, note = _ix_number("".join(el.itertext()), el.get("format") or "")
        if value is None:
            continue
        try:
            scale = int(el.get("scale") or 0)
        except ValueError:
            found.bad_scale += 1  # an unreadable scale: the figure cannot be trusted, so it is left out
            continue
        if el.get("sign") == "-":
            value = -value
        fid = el.get("id") or ""
        locator = f"ix:nonFraction id={fid} context={ctx} unit={unit}" if fid else \
            f"ix:nonFraction context={ctx} unit={unit}"
        found.raws.append(_Raw(name, rule, ctx, unit, value, scale, locator, _row_label(el), note))


def _instance_facts(root: etree._Element, found: _Found) -> None:
    """Facts of an instance: the credit concepts of the standard taxonomies are found by tag
    (lxml filters in C); a filer's own namespaces are scanned whole, for guessing by name."""
    dei = found.dei
    nsmap = {uri: prefix for prefix, uri in root.nsmap.items() if prefix and uri}
    tags: list[str] = []
    for uri, prefix in nsmap.items():
        if "/dei/" in uri:
            tags.extend(f"{{{uri}}}{local}" for local in _DEI)
        elif prefix.lower() in STANDARD_PREFIXES or is_standard_namespace(uri):
            if "us-gaap" in uri:  # the vocabulary's concepts are all us-gaap elements
                tags.extend(f"{{{uri}}}{local}" for local in CONCEPTS)
        else:
            tags.append(f"{{{uri}}}*")
    rules: dict[str, tuple[str, ConceptRule | None]] = {}
    for el in root.iter(_CONTEXT, _UNIT, *tags):
        tag = el.tag
        if tag in (_CONTEXT, _UNIT):
            found.keep(el, "context" if tag == _CONTEXT else "unit")
            continue
        hit = rules.get(tag)
        if hit is None:
            uri, _, local = tag[1:].partition("}")
            prefix = el.prefix or nsmap.get(uri) or _prefix_for(uri)
            qname = f"{prefix}:{local}" if prefix else local
            if "/dei/" in uri:
                key = _DEI[local]
                if key not in dei and el.text:
                    dei[key] = _dei_value(key, el.text, "")
                continue
            hit = (qname, rule_for(qname))
            rules[tag] = hit
        qname, rule = hit
        if rule is None or el.getparent() is not root:
            continue
        if (el.get(XSI_NIL) or "").lower() == "true":
            found.nils += 1
            continue
        try:
            value = Decimal((el.text or "").strip())
        except InvalidOperation:
            continue
        ctx = el.get("contextRef") or ""
        unit = el.get("unitRef") or ""
        fid = el.get("id")
        locator = f"{qname} id={fid} context={ctx} unit={unit}" if fid else \
            f"{qname} context={ctx} unit={unit}"
        found.raws.append(_Raw(qname, rule, ctx, unit, value, 0, locator, words(qname)))


def _prefix_for(ns: str) -> str:
    if "fasb.org/us-gaap" in ns:
        return "us-gaap"
    if "fasb.org/srt" in ns:
        return "srt"
    if "xbrl.sec.gov/dei" in ns:
        return "dei"
    if "ifrs" in ns:
        return "ifrs-full"
    parts = [p for p in re.split(r"[/:#]", ns) if p and not p.isdigit()]
    return parts[-1] if parts else ""


def _ix_number(text: str, fmt: str) -> tuple[Decimal | None, str]:
    """The number an ix:nonFraction shows, read per its `format`; (None, why) if unreadable."""
    kind = _FORMATS.get(fmt.rpartition(":")[2].replace("-", "").lower(), "dot")
    s = text.replace("\xa0", " ").strip()
    if kind == "zero":
        return Decimal(0), ""
    if kind == "unit":  # "5 dollars 30 cents" style: not worth guessing
        digits = re.findall(r"\d+", s)
        if not digits:
            return None, ""
        s = digits[0] + ("." + digits[1] if len(digits) > 1 else "")
        kind = "dot"
    if kind == "words":
        return None, ""
    s = _NON_NUMERIC.sub("", s)
    s = s.replace(".", "").replace(",", ".") if kind == "comma" else s.replace(",", "")
    if not s or s == ".":
        if text.strip() in ("-", "—", "–"):
            return Decimal(0), "a dash read as zero"
        return None, ""
    try:
        return Decimal(s), ""
    except InvalidOperation:
        return None, ""


def _row_label(el: etree._Element) -> str:
    """The first cell of the table row an ix fact sits in (the filer's row label), if any."""
    node = el.getparent()
    for _ in range(8):
        if node is None:
            return ""
        tag = node.tag
        if isinstance(tag, str) and (tag.endswith("}tr") or tag == "tr"):
            for cell in node:
                if not isinstance(cell.tag, str):
                    continue
                txt = " ".join("".join(cell.itertext()).split())
                if txt and re.search(r"[A-Za-z]", txt):
                    return txt[:200]
            return ""
        node = node.getparent()
    return ""


def _dei_value(key: str, text: str, fmt: str) -> str:
    s = " ".join(text.replace("\xa0", " ").split())
    if key == "period":
        if _ISO_DATE.match(s):
            return s[:10]
        d = parse_date(s)
        return d.isoformat() if d else ""
    if key in ("fiscal_year_focus", "fiscal_period_focus"):
        return fiscal_focus(key, s)
    return s


def _fill_meta(doc: Document, dei: dict[str, str]) -> None:
    meta = doc.meta
    for key in ("entity", "form", "period", "fiscal_year_focus", "fiscal_period_focus"):
        if dei.get(key) and not getattr(meta, key):
            setattr(meta, key, dei[key])


# ---------------------------------------------------------------------------------------------
# Contexts and units (read only those the candidate facts use)


def _contexts(elements: dict[str, etree._Element], wanted: set[str]) -> dict[str, _Context]:
    return {cid: _read_context(elements[cid]) for cid in wanted if cid in elements}


def _read_context(el: etree._Element) -> _Context:
    start = end = None
    dims: list[tuple[str, str]] = []
    for node in el.iter(_INSTANT, _START, _END, _EXPLICIT, _TYPED, "xbrli:instant",
                        "xbrli:startdate", "xbrli:enddate", "xbrldi:explicitmember",
                        "xbrldi:typedmember"):
        tag = node.tag.rpartition("}")[2].lower().rpartition(":")[2]
        if tag in ("instant", "enddate"):
            end = _iso(node.text)
        elif tag == "startdate":
            start = _iso(node.text)
        elif tag == "explicitmember":
            dims.append((node.get("dimension") or "", (node.text or "").strip()))
        else:  # typed member: "Axis=value"
            val = " ".join("".join(node.itertext()).split())
            dims.append((node.get("dimension") or "", f"{axis_label(node.get('dimension') or '')}={val}"))
    return _Context(start, end, tuple(dims))


def _iso(text: str | None) -> date | None:
    s = (text or "").strip()[:10]
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def _units(elements: dict[str, etree._Element], wanted: set[str]) -> dict[str, str]:
    """unit id → ISO currency code, for monetary units only (a divide or a non-iso4217 measure is not)."""
    out: dict[str, str] = {}
    for uid in wanted:
        el = elements.get(uid)
        if el is None or any(True for _ in el.iter(_DIVIDE, "xbrli:divide")):
            continue
        measures = [(m.text or "").strip() for m in el.iter(_MEASURE, "xbrli:measure")]
        if len(measures) == 1:
            prefix, local = split_name(measures[0])
            ns = el.nsmap.get(prefix, "") if prefix else ""
            if prefix.lower() == "iso4217" or "iso4217" in ns:
                out[uid] = local.upper()
    return out


# ---------------------------------------------------------------------------------------------
# Facts


def _facts(doc: Document, raws: Iterable[_Raw], contexts: dict[str, _Context],
           units: dict[str, str], notes: list[str]) -> list[Fact]:
    entity = doc.meta.entity or doc.stem
    seen: dict[tuple[object, ...], Fact] = {}
    conflicts = 0
    facts: list[Fact] = []
    for raw in raws:
        ctx = contexts.get(raw.context)
        currency = units.get(raw.unit)
        if ctx is None or currency is None or ctx.end is None:
            continue
        rule, segment_parts, axis_notes = _apply_dims(raw.rule, ctx.dims)
        populations = [p.split("=", 1)[1] for p in segment_parts if p.startswith("population=")]
        segment_parts = [p for p in segment_parts if not p.startswith("population=")]
        value = raw.value * (Decimal(10) ** raw.scale) * rule.sign
        multiplier = 10 ** raw.scale if raw.scale >= 0 else 1
        key = (raw.concept, ctx.start, ctx.end, ctx.dims, currency)
        if key in seen:
            if seen[key].value != float(value):
                conflicts += 1
            continue
        note_parts = [rule.note, raw.note, *axis_notes]
        if raw.scale < 0:
            note_parts.append(f"scale 10^{raw.scale} applied")
        fact = Fact(
            entity=entity,
            source=doc.source,
            disclosure=rule.disclosure,
            metric=rule.metric,
            period_end=ctx.end,
            period_start=ctx.start,
            value=float(value),
            currency=currency,
            scale=multiplier,
            scale_basis="stated",
            days_from=rule.days_from,
            days_to=rule.days_to,
            label=raw.label or words(raw.concept),
            segment="; ".join(p for p in (rule.segment, *segment_parts) if p),
            population="; ".join(populations),
            concept=raw.concept,
            locator=raw.locator,
            note="; ".join(p for p in note_parts if p),
        )
        seen[key] = fact
        facts.append(fact)
    if conflicts:
        notes.append(f"{conflicts} duplicate tagging(s) with a different value ignored (first kept)")
    return facts


# axes whose members are receivable populations reported side by side, each with its own total
# (loans vs security deposits; on- vs off-balance-sheet), not parts of one population
POPULATION_AXES = frozenset({"FinancialInstrumentAxis", "BalanceSheetLocationAxis", "ReceivableTypeAxis",
                             "OffBalanceSheetRiskAxis"})


def _apply_dims(rule: ConceptRule, dims: tuple[tuple[str, str], ...]
                ) -> tuple[ConceptRule, list[str], list[str]]:
    """The rule after aging members, the readable segment parts, and the axis notes; a member
    of a population axis comes back as a part prefixed "population=" (see `_split_population`)."""
    parts: list[str] = []
    axis_notes: list[str] = []
    for axis, member in dims:
        axis_notes.append(f"{local_or(axis)}={member}")
        if local_or(axis) in POPULATION_AXES:
            parts.append("population=" + (member if "=" in member else member_label(member)))
            continue
        if rule.disclosure == "delinquency" and rule.metric in LOAN_BALANCE_METRICS:
            m = lookup_member(member, axis)
            if m is not None:
                rule = ConceptRule(rule.disclosure, m.metric, m.days_from, m.days_to, rule.sign,
                                   rule.note, rule.segment)
                continue
        parts.append(member if "=" in member else member_label(member))
    return rule, parts, axis_notes


def local_or(name: str) -> str:
    return split_name(name)[1] or name

