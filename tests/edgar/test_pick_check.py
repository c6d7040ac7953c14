"""Pages whose names cannot decide, decided by the XBRL concepts on them: the pure check over
an R page's bytes, and the plan step that reads such a page once (httpx.MockTransport, no
network) and keeps it only when its concepts are credit concepts."""

from __future__ import annotations

import httpx
import pytest
from conftest import need
from edgar_fixtures import AAPL_DIR, DATA, UA, cover_page, text_block_page

from dashboard.edgar.client import EdgarClient, EdgarConfig
from dashboard.edgar.fetch import fetch_plan, plan_filing
from dashboard.edgar.index import Filing, Report
from dashboard.edgar.page_concepts import check_page, credit_topic, page_concepts
from dashboard.edgar.pick import pick_reports, settle, with_cover

BASE = "https://edgar.test"
CIK, ACC = 999001, "0000999001-24-000001"
FOLDER = f"/Archives/edgar/data/{CIK}/{ACC.replace('-', '')}/"


# --- the pure check ---------------------------------------------------------------------------


def test_real_credit_pages_show_credit_concepts():
    aging = check_page((DATA / "fta_20f_fy2023_loan_aging_details.htm").read_bytes())
    assert aging.credit and "ymm:LoansReceivablePastDue31To60Days" in aging.credit_concepts
    allowance = check_page((DATA / "fta_20f_fy2023_allowance_details.htm").read_bytes())
    assert allowance.credit
    assert set(allowance.concepts) == {
        "us-gaap:FinancingReceivableAllowanceForCreditLosses",
        "us-gaap:FinancingReceivableAllowanceForCreditLossesWriteOffs",
        "us-gaap:ProvisionForLoanLeaseAndOtherLosses"}
    assert "the allowance" in allowance.reason and "3 of its 3 concepts" in allowance.reason


def test_real_non_credit_pages_do_not():
    # Apple's 10-Q: marketable securities, derivatives, revenue, debt; the cover has only dei:
    securities = check_page(need(AAPL_DIR / "R31.htm").read_bytes())
    assert not securities.credit and len(securities.concepts) > 10
    assert "not credit concepts" in securities.reason
    cover = check_page((AAPL_DIR / "R1.htm").read_bytes())
    assert not cover.credit and cover.concepts == ()
    for n in range(2, 43):
        assert not check_page((AAPL_DIR / f"R{n}.htm").read_bytes()).credit, n


def test_credit_words_on_other_assets_are_not_credit_concepts():
    assert credit_topic("us-gaap:FinancingReceivableAllowanceForCreditLosses") == "financing receivables"
    assert credit_topic("us-gaap:GuaranteeObligationsMaximumExposure") == "guarantee obligations"
    assert credit_topic("us-gaap:FinancingReceivableExcludingAccruedInterest90DaysOrMorePastDue"
                        "StillAccruing") == "financing receivables"
    assert credit_topic("us-gaap:DebtSecuritiesAvailableForSaleAllowanceForCreditLoss") == ""
    assert credit_topic("us-gaap:HeldToMaturitySecuritiesAllowanceForCreditLoss") == ""
    assert credit_topic("us-gaap:LoansReceivableFairValueDisclosure") == ""
    assert credit_topic("us-gaap:PackagingAndContainersCosts") == ""  # 'aging' inside a word


def test_a_page_is_credit_when_a_third_of_its_concepts_are():
    mostly_other = text_block_page("Policies (Tables)", "us-gaap_ScheduleOfEarningsPerShareTextBlock",
                                   "EPS", "x").replace(b"</table>", _rows(
                                       "us-gaap_ScheduleOfCashTextBlock",
                                       "us-gaap_PropertyPlantAndEquipmentTextBlock",
                                       "us-gaap_AllowanceForCreditLossesOnFinancingReceivablesTableTextBlock")
                                       + b"</table>")
    found = check_page(mostly_other)
    assert not found.credit and len(found.credit_concepts) == 1 and "1 of its 4" in found.reason
    assert page_concepts(mostly_other)[0] == "us-gaap:ScheduleOfEarningsPerShareTextBlock"


def _rows(*concepts: str) -> bytes:
    return "".join(f'<tr><td><a onclick="Show.showAR( this, \'defref_{c}\', window );">x</a></td>'
                   "<td>1</td></tr>" for c in concepts).encode()


# --- the plan step, on a made-up filing served by a MockTransport --------------------------------


def _report(pos: int, short: str, menu: str, role: str) -> str:
    return (f"<Report><HtmlFileName>R{pos}.htm</HtmlFileName><LongName>{pos:07d} - Disclosure - "
            f"{short}</LongName><ReportType>Sheet</ReportType><Role>http://x.test/role/{role}</Role>"
            f"<ShortName>{short}</ShortName><MenuCategory>{menu}</MenuCategory>"
            f"<Position>{pos}</Position></Report>")


SUMMARY = ("<FilingSummary><MyReports>" + "".join([
    _report(1, "Cover", "Cover", "Cover"),
    _report(2, "Summary of Significant Accounting Policies", "Notes", "SignificantAccountingPolicies"),
    _report(3, "Other Assets", "Notes", "OtherAssets"),
    _report(4, "Commitments and Contingencies", "Notes", "CommitmentsAndContingencies"),
    _report(5, "Commitments and Contingencies (Tables)", "Tables", "CommitmentsAndContingenciesTables"),
    # 'credit losses' and 'aging' with no loans, receivables or guarantees named: the page decides
    _report(6, "Summary of Significant Accounting Policies - Credit Loss Estimates (Details)", "Details",
            "SignificantAccountingPoliciesCreditLossEstimatesDetails"),
    _report(7, "Other Assets - Aging (Details)", "Details", "OtherAssetsAgingDetails"),
    _report(8, "Commitments and Contingencies - Guarantees (Details)", "Details",
            "CommitmentsAndContingenciesGuaranteesDetails"),
]) + "</MyReports></FilingSummary>").encode()


def _details(title: str, *concepts: str) -> bytes:
    return text_block_page(title, concepts[0], "x", "1").replace(b"</table>", _rows(*concepts[1:])
                                                                 + b"</table>")


SITE = {
    FOLDER + "FilingSummary.xml": SUMMARY,
    FOLDER + "R1.htm": cover_page("Made-up Lending Co.", "10-K", "Dec. 31, 2023", CIK),
    FOLDER + "R5.htm": text_block_page("Commitments and Contingencies (Tables)",
                                       "us-gaap_ScheduleOfGuarantorObligationsTextBlock", "Guarantees", "x"),
    FOLDER + "R6.htm": _details("Credit Losses (Details)",
                                "us-gaap_FinancingReceivableAllowanceForCreditLosses",
                                "us-gaap_FinancingReceivableAllowanceForCreditLossesWriteOffs",
                                "us-gaap_ProvisionForLoanLeaseAndOtherLosses"),
    FOLDER + "R7.htm": _details("Aging (Details)", "us-gaap_InventoryNet", "us-gaap_PrepaidExpenseCurrent",
                                "us-gaap_OtherAssetsNoncurrent"),
    FOLDER + "R8.htm": _details("Guarantees (Details)", "us-gaap_GuaranteeObligationsMaximumExposure"),
}


@pytest.fixture()
def client():
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        body = SITE.get(request.url.path)
        return httpx.Response(200, content=body) if body is not None else httpx.Response(404)

    cfg = EdgarConfig(user_agent=UA, archives_url=BASE, data_url=BASE, tickers_url=BASE + "/t.json",
                      backoff_initial=0.01, backoff_max=0.05)
    with EdgarClient(cfg, transport=httpx.MockTransport(answer)) as c:
        c.asked = asked
        yield c


FILING = Filing(cik=CIK, company="Made-up Lending Co.", accession=ACC, form="10-K",
                filing_date="2024-02-20", report_date="2023-12-31")


def test_names_leave_the_undecided_pages_to_their_concepts():
    reports = [Report(position=i, file=f"R{i}.htm", short_name=s, menu=m)
               for i, s, m in ((6, "Summary of Significant Accounting Policies - Credit Loss Estimates (Details)",
                                "Details"), (7, "Other Assets - Aging (Details)", "Details"))]
    choices = {c.file: c for c in pick_reports(reports)}
    assert all(c.check and not c.picked for c in choices.values())
    assert "to check" in choices["R6.htm"].reason and "names no loans" in choices["R6.htm"].reason


def test_plan_reads_undecided_pages_and_keeps_the_credit_ones(client):
    plan = plan_filing(client, FILING)
    by = {c.file: c for c in plan.choices}
    assert by["R6.htm"].picked and by["R6.htm"].reason.startswith("checked: its XBRL concepts are "
                                                                  "credit concepts")
    assert not by["R7.htm"].picked and "not credit concepts" in by["R7.htm"].reason
    assert by["R8.htm"].picked and not by["R8.htm"].check  # its name says guarantees
    assert by["R5.htm"].picked and "guarantee obligations" in by["R5.htm"].reason
    assert not {"R2.htm", "R3.htm", "R4.htm"} & {c.file for c in plan.choices if c.picked}
    assert [p.file for p in plan.pages] == ["R1.htm", "R5.htm", "R6.htm", "R8.htm"]
    asked = list(client.asked)
    assert asked.count(FOLDER + "R7.htm") == 1 and asked.count(FOLDER + "R6.htm") == 1

    from dashboard.edgar.fetch import Plan
    result = fetch_plan(client, Plan(filings=[plan]))
    assert [n.split("#")[1] for n, _ in result.items] == ["R1.htm", "R5.htm", "R6.htm", "R8.htm"]
    assert dict(result.items)[f"{ACC}#R6.htm"] == SITE[FOLDER + "R6.htm"]
    # the pages read while planning are not asked for again; the dropped one never is
    assert client.asked.count(FOLDER + "R6.htm") == 1 and client.asked.count(FOLDER + "R7.htm") == 1
    assert client.asked.count(FOLDER + "R8.htm") == 1


def test_a_page_that_cannot_be_read_is_not_picked(client):
    SITE_MISSING = FOLDER + "R6.htm"
    body = SITE.pop(SITE_MISSING)
    try:
        plan = plan_filing(client, FILING)
    finally:
        SITE[SITE_MISSING] = body
    by = {c.file: c for c in plan.choices}
    assert not by["R6.htm"].picked and "could not be read" in by["R6.htm"].reason
    assert "R6.htm" not in [p.file for p in plan.pages]


def test_the_cover_follows_the_checked_pages():
    reports = [Report(position=1, file="R1.htm", short_name="Cover", menu="Cover"),
               Report(position=6, file="R6.htm", menu="Details",
                      short_name="Summary of Significant Accounting Policies - Credit Loss Estimates (Details)")]
    choices = pick_reports(reports)
    assert [(c.file, c.picked, c.check) for c in choices] == [("R1.htm", False, False),
                                                              ("R6.htm", False, True)]
    kept = with_cover([settle(c, SITE[FOLDER + "R6.htm"]) if c.check else c for c in choices])
    assert [(c.file, c.picked) for c in kept] == [("R1.htm", True), ("R6.htm", True)]
    dropped = with_cover([settle(c, SITE[FOLDER + "R7.htm"]) if c.check else c for c in choices])
    assert [(c.file, c.picked) for c in dropped] == [("R1.htm", False), ("R6.htm", False)]
