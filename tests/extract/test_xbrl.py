"""XBRL: the concept vocabulary, inline XBRL and instance parsing, against the shared corpus
(Tesla ground truth from MANIFEST.md, Apple as a negative) and small generated snippets."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.detect import IXBRL, XBRL_INSTANCE, detect
from dashboard.extract.parsers.xbrl import parse_xbrl
from dashboard.model import concepts
from dashboard.model.concepts import (
    ConceptRule,
    days_bounds,
    guess_concept,
    lookup_concept,
    lookup_member,
    member_label,
    rule_for,
    words,
)
from dashboard.model.documents import Document, FilingMeta
from dashboard.model.errors import MalformedContent, UnsafeContent
from dashboard.model.schema import Fact, facts_frame

SHARED = Path(__file__).resolve().parents[3] / "shared"
ORIGINAL = SHARED / "corpus" / "original"

TSLA_10K = ORIGINAL / "tsla-10-k-2025-01-30.html"
TSLA_10Q = ORIGINAL / "tsla-20240630_htm.xml"
AAPL_HTM = ORIGINAL / "aapl-10q-20250329" / "aapl-20250329.htm"
AAPL_XML = ORIGINAL / "aapl-10q-20250329" / "aapl-20250329_htm.xml"

MAX_EXPOSURE = "us-gaap:GuaranteeObligationsMaximumExposure"
ALLOWANCE = "us-gaap:FinancingReceivableAllowanceForCreditLosses"
SALES_TYPE = "us-gaap:SalesTypeLeaseNetInvestmentInLeaseAllowanceForCreditLoss"


def _doc_from(path: Path) -> Document:
    if not path.exists():
        pytest.skip(f"shared corpus file not available: {path.name}")
    return Document(source=path.name, name=path.name, text=path.read_bytes().decode("utf-8"))


def _one(facts: list[Fact], concept: str, end: date, segment: str | None = None) -> Fact:
    hits = [f for f in facts if f.concept == concept and f.period_end == end
            and (segment is None or f.segment == segment)]
    assert len(hits) == 1, [(f.concept, f.period_end, f.segment, f.value) for f in facts]
    return hits[0]


@pytest.fixture(scope="module")
def tsla_10k() -> tuple[Document, list[Fact], list[str]]:
    doc = _doc_from(TSLA_10K)
    facts, notes = parse_xbrl(doc, IXBRL)
    return doc, facts, notes


@pytest.fixture(scope="module")
def tsla_10q() -> tuple[Document, list[Fact], list[str]]:
    doc = _doc_from(TSLA_10Q)
    facts, notes = parse_xbrl(doc, XBRL_INSTANCE)
    return doc, facts, notes


# ---------------------------------------------------------------------------------------------
# Tesla 10-K, inline XBRL


def test_tsla_10k_is_detected_as_inline_xbrl() -> None:
    assert detect(_doc_from(TSLA_10K)) == IXBRL
    assert detect(_doc_from(TSLA_10Q)) == XBRL_INSTANCE


def test_tsla_10k_guarantee_max_exposure_with_mixed_scales(tsla_10k) -> None:
    _, facts, _ = tsla_10k
    f23 = _one(facts, MAX_EXPOSURE, date(2023, 12, 31))
    f24 = _one(facts, MAX_EXPOSURE, date(2024, 12, 31))
    assert f23.value == 166_000_000.0
    assert f23.scale == 1_000_000
    assert f24.value == 1_450_000_000.0  # displayed "1.45" with scale="9"
    assert f24.scale == 1_000_000_000
    for f in (f23, f24):
        assert (f.disclosure, f.metric, f.currency, f.scale_basis) == (
            "guarantee", "max_exposure", "USD", "stated")
        assert f.segment == ""
        assert f.period_start is None
        assert f.days_from is None and f.days_to is None
    assert f24.locator == "ix:nonFraction id=f-515 context=c-4 unit=usd"
    assert f23.locator == "ix:nonFraction id=f-516 context=c-5 unit=usd"


def test_tsla_10k_mypower_allowance(tsla_10k) -> None:
    _, facts, _ = tsla_10k
    f23 = _one(facts, ALLOWANCE, date(2023, 12, 31))
    f24 = _one(facts, ALLOWANCE, date(2024, 12, 31))
    assert (f23.value, f24.value) == (36_000_000.0, 33_000_000.0)
    for f in (f23, f24):
        assert (f.disclosure, f.metric, f.currency, f.scale) == ("allowance", "allowance_end", "USD",
                                                                  1_000_000)
        assert f.segment == "MyPower"
        assert "FinancingReceivablePortfolioSegmentAxis=tsla:MyPowerMember" in f.note


def test_tsla_10k_sales_type_lease_allowance(tsla_10k) -> None:
    _, facts, _ = tsla_10k
    for end in (date(2023, 12, 31), date(2024, 12, 31)):
        f = _one(facts, SALES_TYPE, end)
        assert f.value == 6_000_000.0
        assert (f.disclosure, f.metric, f.segment, f.currency, f.scale) == (
            "allowance", "allowance_end", "sales-type leases", "USD", 1_000_000)


def test_tsla_10k_has_exactly_the_ground_truth_and_fills_meta(tsla_10k) -> None:
    doc, facts, notes = tsla_10k
    assert sorted((f.concept, f.period_end.isoformat(), f.value) for f in facts) == sorted([
        (MAX_EXPOSURE, "2023-12-31", 166e6), (MAX_EXPOSURE, "2024-12-31", 1.45e9),
        (ALLOWANCE, "2023-12-31", 36e6), (ALLOWANCE, "2024-12-31", 33e6),
        (SALES_TYPE, "2023-12-31", 6e6), (SALES_TYPE, "2024-12-31", 6e6),
    ])
    assert {f.entity for f in facts} == {"Tesla, Inc."}
    assert {f.source for f in facts} == {TSLA_10K.name}
    assert (doc.meta.entity, doc.meta.form, doc.meta.period) == ("Tesla, Inc.", "10-K", "2024-12-31")
    assert not any("no delinquency" in n for n in notes)
    frame = facts_frame(facts)  # conforms to the contract
    assert len(frame) == 6 and frame["scale"].tolist().count(1_000_000_000) == 1


def test_tsla_10k_parses_fast() -> None:
    doc = _doc_from(TSLA_10K)
    start = time.perf_counter()
    parse_xbrl(doc, IXBRL)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------------------------------
# Tesla 10-Q, XBRL instance


def test_tsla_10q_instance_ground_truth(tsla_10q) -> None:
    doc, facts, _ = tsla_10q
    expected = {
        (MAX_EXPOSURE, date(2023, 12, 31)): 166_000_000.0,
        (MAX_EXPOSURE, date(2024, 6, 30)): 807_000_000.0,
        (ALLOWANCE, date(2023, 12, 31)): 36_000_000.0,
        (ALLOWANCE, date(2024, 6, 30)): 36_000_000.0,
        (SALES_TYPE, date(2023, 12, 31)): 6_000_000.0,
        (SALES_TYPE, date(2024, 6, 30)): 6_000_000.0,
    }
    got = {(f.concept, f.period_end): f.value for f in facts}
    assert got == expected
    assert len(facts) == 6
    for f in facts:
        assert (f.currency, f.scale, f.scale_basis, f.entity) == ("USD", 1, "stated", "Tesla, Inc.")
        assert re.fullmatch(r"us-gaap:\w+ id=f-\d+ context=c-\d+ unit=usd", f.locator), f.locator
    assert _one(facts, SALES_TYPE, date(2024, 6, 30)).segment == "sales-type leases"
    assert _one(facts, MAX_EXPOSURE, date(2024, 6, 30)).metric == "max_exposure"
    assert (doc.meta.form, doc.meta.period) == ("10-Q", "2024-06-30")


# ---------------------------------------------------------------------------------------------
# Apple: no credit disclosures, no facts


@pytest.mark.parametrize(("path", "kind"), [(AAPL_HTM, IXBRL), (AAPL_XML, XBRL_INSTANCE)])
def test_apple_yields_no_credit_facts(path: Path, kind: str) -> None:
    doc = _doc_from(path)
    assert detect(doc) == kind
    facts, notes = parse_xbrl(doc, kind)
    assert facts == []
    assert any("no delinquency, allowance or guarantee" in n for n in notes)
    assert (doc.meta.entity, doc.meta.form, doc.meta.period) == ("Apple Inc.", "10-Q", "2025-03-29")


def test_apple_receivable_concepts_are_not_credit_rules() -> None:
    """Apple tags receivables (net, non-trade, their changes) but no allowance: none is a rule."""
    text = _doc_from(AAPL_XML).text
    names = set(re.findall(r"<(us-gaap:\w+)", text))
    assert "us-gaap:AccountsReceivableNetCurrent" in names
    assert [n for n in names if rule_for(n)] == []


# ---------------------------------------------------------------------------------------------
# Generated inline XBRL snippets

_NS = (
    'xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
    'xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12" '
    'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi" '
    'xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:us-gaap="http://fasb.org/us-gaap/2024" '
    'xmlns:dei="http://xbrl.sec.gov/dei/2024" xmlns:fta="http://www.fta.example/20231231" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)

_RESOURCES = """
<xbrli:context id="i24"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:context id="d24"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="i24seg"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  <xbrli:segment><xbrldi:explicitMember dimension="us-gaap:FinancingReceivablePortfolioSegmentAxis">fta:ConsumerLoansMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:context id="i24aging"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  <xbrli:segment><xbrldi:explicitMember dimension="us-gaap:FinancingReceivablePortfolioSegmentAxis">fta:ConsumerLoansMember</xbrldi:explicitMember>
  <xbrldi:explicitMember dimension="us-gaap:FinancialAssetAgingAxis">us-gaap:FinancialAsset30To59DaysPastDueMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:context id="i24typed"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  <xbrli:segment><xbrldi:typedMember dimension="fta:LoanPoolAxis"><fta:LoanPoolDomain>Pool A</fta:LoanPoolDomain></xbrldi:typedMember></xbrli:segment></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:context id="i24dep"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  <xbrli:segment><xbrldi:explicitMember dimension="us-gaap:FinancialInstrumentAxis">fta:SecurityDepositsMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
<xbrli:unit id="cny"><xbrli:measure>iso4217:CNY</xbrli:measure></xbrli:unit>
<xbrli:unit id="pure"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>
<xbrli:unit id="usdPerShare"><xbrli:divide><xbrli:unitNumerator><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unitNumerator>
  <xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator></xbrli:divide></xbrli:unit>
"""


def _ix(body: str, *, name: str = "Example Lending Corp", decl: bool = True) -> Document:
    dei = (f'<ix:nonNumeric name="dei:EntityRegistrantName" contextRef="d24">{name}</ix:nonNumeric>'
           '<ix:nonNumeric name="dei:DocumentType" contextRef="d24">20-F</ix:nonNumeric>'
           '<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="d24" '
           'format="ixt:date-monthname-day-year-en">December 31, 2024</ix:nonNumeric>') if name else ""
    text = (("<?xml version='1.0' encoding='ASCII'?>\n" if decl else "")
            + f"<html {_NS}><head><title>t</title></head><body>"
            + f'<div style="display:none"><ix:header><ix:hidden>{dei}</ix:hidden>'
            + f"<ix:resources>{_RESOURCES}</ix:resources></ix:header></div>"
            + body + "</body></html>")
    return Document(source="snippet.htm", name="snippet.htm", text=text)


def _nf(concept: str, value: str, ctx: str = "i24", unit: str = "usd", **attrs: str) -> str:
    extra = " ".join(f'{k.replace("_", ":") if k == "xsi_nil" else k}="{v}"' for k, v in attrs.items())
    return (f'<ix:nonFraction name="{concept}" contextRef="{ctx}" unitRef="{unit}" {extra}>'
            f"{value}</ix:nonFraction>")


def _parse_ix(body: str, **kw: object) -> tuple[Document, list[Fact], list[str]]:
    doc = _ix(body, **kw)  # type: ignore[arg-type]
    assert detect(doc) == IXBRL
    facts, notes = parse_xbrl(doc, IXBRL)
    return doc, facts, notes


def test_snippet_sign_minus_makes_a_reversal_negative() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:FinancingReceivableCreditLossExpenseReversal", "1,234",
                                ctx="d24", scale="3", sign="-", decimals="-3"))
    (f,) = facts
    assert (f.disclosure, f.metric) == ("allowance", "provision")
    assert f.value == -1_234_000.0
    assert f.scale == 1000
    assert (f.period_start, f.period_end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_snippet_scale_three_and_row_label() -> None:
    body = ("<table><tr><td>Allowance for loan losses</td><td>"
            + _nf("us-gaap:FinancingReceivableAllowanceForCreditLosses", "2,500", scale="3",
                  format="ixt:num-dot-decimal", id="f-1")
            + "</td></tr></table>")
    _, facts, _ = _parse_ix(body)
    (f,) = facts
    assert f.value == 2_500_000.0
    assert (f.scale, f.scale_basis, f.currency) == (1000, "stated", "USD")
    assert f.label == "Allowance for loan losses"
    assert f.locator == "ix:nonFraction id=f-1 context=i24 unit=usd"
    assert f.concept == "us-gaap:FinancingReceivableAllowanceForCreditLosses"


def test_snippet_fixed_zero_and_zerodash_read_as_zero() -> None:
    body = (_nf("us-gaap:AllowanceForLoanAndLeaseLossRecoveriesOfBadDebts", "nil", ctx="d24",
                format="ixt:fixed-zero")
            + _nf("us-gaap:AllowanceForLoanAndLeaseLossesWriteOffs", "-", ctx="d24",
                  format="ixt:zerodash"))
    _, facts, _ = _parse_ix(body)
    assert sorted((f.metric, f.value) for f in facts) == [("recovery", 0.0), ("write_off", 0.0)]


def test_snippet_num_comma_decimal() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "1.234,5", scale="3",
                                format="ixt:num-comma-decimal"))
    assert [f.value for f in facts] == [1_234_500.0]


def test_snippet_dimension_member_becomes_segment_and_cny_currency() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:FinancingReceivableAllowanceForCreditLosses", "154,420",
                                ctx="i24seg", unit="cny", scale="3"))
    (f,) = facts
    assert f.segment == "ConsumerLoans"
    assert f.currency == "CNY"
    assert f.value == 154_420_000.0
    assert "FinancingReceivablePortfolioSegmentAxis=fta:ConsumerLoansMember" in f.note


def test_snippet_typed_member_segment() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "5", ctx="i24typed"))
    assert [f.segment for f in facts] == ["LoanPool=Pool A"]


def test_snippet_aging_member_turns_loan_balance_into_bucket() -> None:
    concept = "us-gaap:FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss"
    body = _nf(concept, "21,041", ctx="i24aging", scale="3") + _nf(concept, "3,675,492", ctx="i24seg",
                                                                   scale="3")
    _, facts, _ = _parse_ix(body)
    by_metric = {f.metric: f for f in facts}
    assert set(by_metric) == {"past_due", "total_loans"}
    bucket = by_metric["past_due"]
    assert (bucket.days_from, bucket.days_to, bucket.value) == (30, 59, 21_041_000.0)
    assert bucket.segment == "ConsumerLoans"  # the aging member is the bucket, not a segment
    assert bucket.disclosure == "delinquency"
    assert by_metric["total_loans"].value == 3_675_492_000.0


def test_snippet_nil_is_skipped_and_counted() -> None:
    _, facts, notes = _parse_ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "", xsi_nil="true")
                                + _nf("us-gaap:GuaranteeObligationsMaximumExposure", "7", ctx="i24seg"))
    assert [f.value for f in facts] == [7.0]
    assert any("1 nil" in n for n in notes)


def test_snippet_nested_and_duplicate_tagging_is_one_fact() -> None:
    inner = _nf("us-gaap:GuaranteeObligationsMaximumExposure", "166", scale="6", id="in")
    outer = ('<ix:nonFraction name="us-gaap:GuaranteeObligationsMaximumExposure" contextRef="i24" '
             f'unitRef="usd" scale="6" id="out">{inner}</ix:nonFraction>')
    again = _nf("us-gaap:GuaranteeObligationsMaximumExposure", "166", scale="6", id="again")
    _, facts, notes = _parse_ix(f"<p>{outer}</p><p>{again}</p>")
    assert [(f.value, f.locator) for f in facts] == [
        (166_000_000.0, "ix:nonFraction id=out context=i24 unit=usd")]
    assert not any("different value" in n for n in notes)


def test_snippet_duplicate_with_other_value_is_reported() -> None:
    body = (_nf("us-gaap:GuaranteeObligationsMaximumExposure", "166", scale="6")
            + _nf("us-gaap:GuaranteeObligationsMaximumExposure", "167", scale="6"))
    _, facts, notes = _parse_ix(body)
    assert [f.value for f in facts] == [166_000_000.0]
    assert any("different value" in n for n in notes)


def test_snippet_non_monetary_and_non_credit_facts_are_ignored() -> None:
    body = (_nf("us-gaap:GuaranteeObligationsMaximumExposure", "12", unit="pure")
            + _nf("us-gaap:GuaranteeObligationsMaximumExposure", "3", unit="usdPerShare")
            + _nf("us-gaap:Revenues", "1,000")
            + _nf("us-gaap:DeferredTaxAssetsValuationAllowance", "50"))
    _, facts, notes = _parse_ix(body)
    assert facts == []
    assert any("no delinquency" in n for n in notes)


def test_snippet_extension_concept_is_guessed() -> None:
    body = (_nf("fta:LoansReceivablePastDue31To60Days", "21,041", scale="3", unit="cny")
            + _nf("fta:LoansReceivablePastDueOver90Days", "81,659", scale="3", unit="cny")
            + _nf("fta:SomethingElseEntirely", "9", unit="cny"))
    _, facts, _ = _parse_ix(body)
    got = sorted((f.days_from, f.days_to, f.value, f.concept) for f in facts)
    assert got == [(31, 60, 21_041_000.0, "fta:LoansReceivablePastDue31To60Days"),
                   (91, None, 81_659_000.0, "fta:LoansReceivablePastDueOver90Days")]
    assert all(f.metric == "past_due" and "guessed" in f.note for f in facts)


def test_snippet_meta_filled_only_when_blank_and_entity_used() -> None:
    doc = _ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "1"))
    doc.meta = FilingMeta(form="20-F/A")
    facts, _ = parse_xbrl(doc, IXBRL)
    assert doc.meta.entity == "Example Lending Corp"
    assert doc.meta.form == "20-F/A"  # not overwritten
    assert doc.meta.period == "2024-12-31"
    assert facts[0].entity == "Example Lending Corp"


def test_snippet_without_dei_uses_meta_entity_then_stem() -> None:
    doc = _ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "1"), name="")
    facts, _ = parse_xbrl(doc, IXBRL)
    assert facts[0].entity == "snippet"
    doc = _ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "1"), name="")
    doc.meta = FilingMeta(entity="Given Name")
    facts, _ = parse_xbrl(doc, IXBRL)
    assert facts[0].entity == "Given Name"


def test_snippet_without_xml_declaration_parses() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:GuaranteeObligationsMaximumExposure", "2", scale="6"),
                            decl=False)
    assert [f.value for f in facts] == [2_000_000.0]


# ---------------------------------------------------------------------------------------------
# Generated XBRL instance snippets

_INSTANCE = """<?xml version="1.0" encoding="utf-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
 xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:us-gaap="http://fasb.org/us-gaap/2023"
 xmlns:dei="http://xbrl.sec.gov/dei/2023" xmlns:qd="http://www.qudian.example/20211231"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1692705</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:instant>2021-12-31</xbrli:instant></xbrli:period></xbrli:context>
 <xbrli:context id="c2"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1692705</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:startDate>2021-01-01</xbrli:startDate><xbrli:endDate>2021-12-31</xbrli:endDate></xbrli:period></xbrli:context>
 <xbrli:unit id="cny"><xbrli:measure>iso4217:CNY</xbrli:measure></xbrli:unit>
 <dei:EntityRegistrantName contextRef="c2">Qudian Inc.</dei:EntityRegistrantName>
 <dei:DocumentType contextRef="c2">20-F</dei:DocumentType>
 <qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment contextRef="c1" unitRef="cny" decimals="-6" id="g1">37000000</qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment>
 <us-gaap:ProvisionForLoanLeaseAndOtherLosses contextRef="c2" unitRef="cny" decimals="0">-1500</us-gaap:ProvisionForLoanLeaseAndOtherLosses>
 <us-gaap:AllowanceForLoanAndLeaseLossesWriteOffsNet contextRef="c2" unitRef="cny" decimals="0">900</us-gaap:AllowanceForLoanAndLeaseLossesWriteOffsNet>
 <us-gaap:GuaranteeObligationsMaximumExposure contextRef="c1" unitRef="cny" xsi:nil="true"/>
 <us-gaap:Revenues contextRef="c2" unitRef="cny" decimals="0">123</us-gaap:Revenues>
</xbrli:xbrl>
"""


def _instance(text: str = _INSTANCE) -> tuple[Document, list[Fact], list[str]]:
    doc = Document(source="qd-20211231_htm.xml", name="qd-20211231_htm.xml", text=text)
    assert detect(doc) == XBRL_INSTANCE
    facts, notes = parse_xbrl(doc, XBRL_INSTANCE)
    return doc, facts, notes


def test_instance_snippet() -> None:
    doc, facts, notes = _instance()
    got = {f.metric: f for f in facts}
    assert set(got) == {"max_exposure", "provision", "write_off"}
    g = got["max_exposure"]
    assert (g.value, g.currency, g.scale, g.period_end, g.concept) == (
        37_000_000.0, "CNY", 1, date(2021, 12, 31),
        "qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment")
    assert g.locator == ("qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment id=g1 "
                         "context=c1 unit=cny")
    assert got["provision"].value == -1500.0  # a reversal stays negative
    assert got["provision"].period_start == date(2021, 1, 1)
    assert got["write_off"].value == 900.0 and "net of recoveries" in got["write_off"].note
    assert {f.entity for f in facts} == {"Qudian Inc."}
    assert (doc.meta.entity, doc.meta.form) == ("Qudian Inc.", "20-F")
    assert any("1 nil" in n for n in notes)


def test_instance_malformed_raises_typed_error() -> None:
    broken = _INSTANCE.replace("</xbrli:xbrl>", "")
    doc = Document(source="broken.xml", name="broken.xml", text=broken)
    with pytest.raises(MalformedContent):
        parse_xbrl(doc, XBRL_INSTANCE)


def test_entity_declarations_are_refused() -> None:
    hostile = _INSTANCE.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
    ).replace("Qudian Inc.</dei:EntityRegistrantName>", "&e;</dei:EntityRegistrantName>")
    doc = Document(source="h.xml", name="h.xml", text=hostile)
    with pytest.raises(UnsafeContent):
        parse_xbrl(doc, XBRL_INSTANCE)
    assert doc.meta.entity == ""


# ---------------------------------------------------------------------------------------------
# Concept vocabulary


@pytest.mark.parametrize("name", [
    "us-gaap:GuaranteeObligationsMaximumExposure",
    "us-gaap_GuaranteeObligationsMaximumExposure",
    "defref_us-gaap_GuaranteeObligationsMaximumExposure",
    "GuaranteeObligationsMaximumExposure",
    "guaranteeobligationsmaximumexposure",
])
def test_lookup_is_prefix_and_case_insensitive(name: str) -> None:
    assert lookup_concept(name) == ConceptRule("guarantee", "max_exposure")


@pytest.mark.parametrize(("name", "disclosure", "metric", "days"), [
    ("FinancingReceivableRecordedInvestmentPastDue", "delinquency", "past_due_total", (None, None)),
    ("FinancingReceivableRecordedInvestment30To59DaysPastDue", "delinquency", "past_due", (30, 59)),
    ("FinancingReceivableRecordedInvestment60To89DaysPastDue", "delinquency", "past_due", (60, 89)),
    ("FinancingReceivableRecordedInvestmentEqualToGreaterThan90DaysPastDue", "delinquency",
     "past_due", (90, None)),
    ("FinancingReceivableRecordedInvestmentCurrent", "delinquency", "current", (None, None)),
    ("FinancingReceivableRecordedInvestmentNonaccrualStatus", "delinquency", "nonaccrual",
     (None, None)),
    ("FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss", "delinquency",
     "total_loans", (None, None)),
    ("FinancingReceivableAllowanceForCreditLosses", "allowance", "allowance_end", (None, None)),
    ("AllowanceForDoubtfulAccountsReceivable", "allowance", "allowance_end", (None, None)),
    ("LoansAndLeasesReceivableAllowance", "allowance", "allowance_end", (None, None)),
    ("AccountsReceivableAllowanceForCreditLoss", "allowance", "allowance_end", (None, None)),
    ("ProvisionForLoanLossesExpensed", "allowance", "provision", (None, None)),
    ("ProvisionForLoanLeaseAndOtherLosses", "allowance", "provision", (None, None)),
    ("FinancingReceivableCreditLossExpenseReversal", "allowance", "provision", (None, None)),
    ("AccountsReceivableCreditLossExpenseReversal", "allowance", "provision", (None, None)),
    ("ProvisionForDoubtfulAccounts", "allowance", "provision", (None, None)),
    ("AllowanceForLoanAndLeaseLossesWriteOffs", "allowance", "write_off", (None, None)),
    ("FinancingReceivableAllowanceForCreditLossesWriteOffs", "allowance", "write_off", (None, None)),
    ("AllowanceForDoubtfulAccountsReceivableWriteOffs", "allowance", "write_off", (None, None)),
    ("AllowanceForLoanAndLeaseLossRecoveriesOfBadDebts", "allowance", "recovery", (None, None)),
    ("GuaranteeObligationsCurrentCarryingValue", "guarantee", "guarantee_liability", (None, None)),
])
def test_vocabulary_covers_the_named_concepts(name: str, disclosure: str, metric: str,
                                              days: tuple[int | None, int | None]) -> None:
    rule = lookup_concept(f"us-gaap:{name}")
    assert rule is not None
    assert (rule.disclosure, rule.metric, (rule.days_from, rule.days_to)) == (disclosure, metric, days)


def test_net_write_offs_carry_a_note() -> None:
    rule = lookup_concept("us-gaap:AllowanceForLoanAndLeaseLossesWriteOffsNet")
    assert rule is not None and rule.metric == "write_off" and "net of recoveries" in rule.note


def test_sales_type_lease_allowance_rule() -> None:
    rule = lookup_concept("us-gaap:SalesTypeLeaseNetInvestmentInLeaseAllowanceForCreditLoss")
    assert rule == ConceptRule("allowance", "allowance_end", segment="sales-type leases")


def test_vocabulary_rules_are_well_formed() -> None:
    for name, rule in concepts.CONCEPTS.items():
        assert rule.disclosure in ("delinquency", "allowance", "guarantee", "other"), name
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", rule.metric), name
        assert rule.sign in (1, -1), name
        if rule.metric == "past_due":
            assert rule.days_from is not None, name
    # keys are unique case-insensitively (lookups lower-case them)
    assert len({k.lower() for k in concepts.CONCEPTS}) == len(concepts.CONCEPTS)


@pytest.mark.parametrize(("name", "bounds"), [
    ("FinancialAsset30To59DaysPastDueMember", (30, 59)),
    ("LoansReceivablePastDue31To60Days", (31, 60)),
    ("LoansPastDue91To120Days", (91, 120)),
    ("EqualToGreaterThan90DaysPastDue", (90, None)),
    ("GreaterThan90DaysPastDue", (91, None)),
    ("PastDueOver90Days", (91, None)),
    ("PastDue90DaysOrMore", (90, None)),
    ("PastDueLessThan30Days", (1, 29)),
    ("PastDueWithin30Days", (1, 30)),
    ("LoansReceivablePastDue", None),
])
def test_days_bounds(name: str, bounds: tuple[int | None, int | None] | None) -> None:
    assert days_bounds(name) == bounds


@pytest.mark.parametrize(("name", "metric", "days"), [
    ("qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment", "max_exposure", None),
    ("qd:RiskAssuranceLiabilitiesMaximumPotentialFuturePayment", "max_exposure", None),
    ("fta:LoansReceivablePastDue31To60Days", "past_due", (31, 60)),
    ("fta:LoansReceivablePastDueGreaterThan90Days", "past_due", (91, None)),
    ("fta:LoansReceivableTotalPastDue", "past_due_total", (None, None)),
    ("x:AllowanceForLoanLossesBeginningBalance", "allowance_begin", None),
    ("x:ProvisionForLoanLosses", "provision", None),
    ("x:LoansReceivableWrittenOff", "write_off", None),
    ("x:AllowanceForLoanLossesRecoveries", "recovery", None),
    ("x:ContingentGuaranteeLiabilitiesNetPayout", "net_payout", None),
    ("x:LoansReceivableNonaccrual", "nonaccrual", None),
    ("x:CorporateLoansPastDue30To59Days", "past_due", (30, 59)),
])
def test_guess_concept_reads_extension_names(name: str, metric: str,
                                             days: tuple[int | None, int | None] | None) -> None:
    rule = guess_concept(name)
    assert rule is not None and rule.metric == metric
    assert "guessed" in rule.note
    if days is not None:
        assert (rule.days_from, rule.days_to) == days


@pytest.mark.parametrize("name", [
    "us-gaap:DeferredTaxAssetsValuationAllowance",
    "tsla:LineOfCreditFacilityMaximumCommitmentAmount",
    "us-gaap:RecoveryOfDirectCosts",
    "x:NumberOfLoansPastDue",
    "x:LoansPastDueWeightedAverageInterestRate",
    "x:GuaranteeLiabilitiesPolicyTextBlock",
    "x:LoansReceivableCurrent",  # a balance-sheet classification, not "not past due"
    "x:AccountsPayableCurrent",
])
def test_guess_concept_returns_none_when_unsure(name: str) -> None:
    assert guess_concept(name) is None


def test_rule_for_guesses_only_outside_standard_taxonomies() -> None:
    assert rule_for("us-gaap:LoansReceivablePastDue31To60Days") is None
    assert rule_for("fta:LoansReceivablePastDue31To60Days") is not None
    assert rule_for("us-gaap:GuaranteeObligationsMaximumExposure") == ConceptRule("guarantee",
                                                                                  "max_exposure")


def test_members() -> None:
    assert lookup_member("us-gaap:FinancialAsset60To89DaysPastDueMember").days_from == 60
    assert lookup_member("us-gaap:FinancialAssetNotPastDueMember").metric == "current"
    assert lookup_member("us-gaap:FinancialAssetPastDueMember").metric == "past_due_total"
    assert lookup_member("x:Past121To150DaysMember").days_to == 150
    assert lookup_member("x:Within30DaysMember", "x:MaturityAxis") is None
    assert lookup_member("x:Within30DaysMember", "us-gaap:FinancialAssetAgingAxis").days_to == 30
    assert lookup_member("tsla:MyPowerMember") is None
    assert member_label("tsla:MyPowerMember") == "MyPower"
    assert words("us-gaap:FinancingReceivableAllowanceForCreditLosses") == \
        "Financing receivable allowance for credit losses"


def test_a_population_axis_member_names_the_population_not_a_segment() -> None:
    _, facts, _ = _parse_ix(_nf("us-gaap:FinancingReceivableAllowanceForCreditLosses", "2,500", scale="3")
                            + _nf("us-gaap:FinancingReceivableAllowanceForCreditLosses", "40", ctx="i24dep",
                                  scale="3"))
    loans, deposits = sorted(facts, key=lambda f: -f.value)
    assert (loans.population, loans.segment, loans.value) == ("", "", 2_500_000.0)
    assert (deposits.population, deposits.segment, deposits.value) == ("SecurityDeposits", "", 40_000.0)
