"""A note is one unit: its pages are found together however they are named, and a page is
picked for what it is. Report names in the styles of real filers (banks, captive finance,
guarantors, non-lenders)."""

from __future__ import annotations

from dashboard.edgar.index import Report, parse_filing_summary
from dashboard.edgar.notes import group_notes
from dashboard.edgar.pick import pick_reports


def _r(pos: int, short: str, menu: str, *, role: str = "", parent: str = "", code: str = "") -> Report:
    role = role or "".join(w for w in short.replace("-", " ").title().split() if w.isalnum())
    return Report(position=pos, file=f"R{pos}.htm", short_name=short, menu=menu,
                  long_name=f"{code or f'99{pos:05d}'} - Disclosure - {short}",
                  role=f"http://x.test/role/{role}",
                  parent_role=f"http://x.test/role/{parent}" if parent else "")


def _picked(reports: list[Report]) -> set[str]:
    return {c.file for c in pick_reports(reports) if c.picked}


def test_pages_find_their_note_by_parent_role_stem_and_numbering():
    reports = [
        _r(10, "Off-Balance Sheet Lending-Related Financial Instruments, Guarantees and Other "
               "Commitments", "Notes", role="OffBalanceSheet", code="2105100"),
        _r(11, "Receivables", "Notes", code="2106100"),
        _r(12, "Other Assets", "Notes", code="2107100"),
        _r(13, "Segments", "Notes", code="2108100"),
        # named after its own policy, the note named only by ParentRole
        _r(20, "Credit Losses on Receivables (Policies)", "Policies", parent="Receivables"),
        # a shortened stem of its note's title
        _r(30, "Off-Balance Sheet - Standby Letters of Credit (Details)", "Details"),
        # no name to go by: the disclosure number says note 06
        _r(31, "Past Due Status (Details)", "Details", code="2406402"),
    ]
    notes = {n.head.file if n.head else n.pages[0].file: [p.file for p in n.pages]
             for n in group_notes(reports)}
    assert notes["R10.htm"] == ["R10.htm", "R30.htm"]
    assert notes["R11.htm"] == ["R11.htm", "R20.htm", "R31.htm"]
    # the receivables note is a credit note by its past-due page: all of it is picked
    assert _picked(reports) == {"R10.htm", "R30.htm", "R11.htm", "R20.htm", "R31.htm"}


def test_a_credit_word_on_another_subject_does_not_pull_in_its_note():
    reports = [
        _r(1, "Cover", "Cover"), _r(2, "Audit Information", "Cover"),
        _r(3, "Investment Securities", "Notes"), _r(4, "Variable Interest Entities", "Notes"),
        _r(5, "Revenue", "Notes"), _r(6, "Business Combinations", "Notes"),
        _r(7, "Investment Securities (Tables)", "Tables"),
        _r(8, "Investment Securities - Gross Unrealized Losses by Aging Category (Details)", "Details"),
        _r(9, "Variable Interest Entities - Loan Delinquencies (Details)", "Details"),
        _r(10, "Revenue - Contract Balances and Credit Losses (Details)", "Details"),
        _r(11, "Revenue - Trade Allowance for Credit Losses (Details)", "Details"),
        _r(12, "Business Combinations - Loans Acquired (Details)", "Details"),
        _r(13, "Business Combinations - Purchase Price (Details)", "Details"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    assert {f for f, c in choices.items() if c.picked} == {"R1.htm", "R11.htm", "R12.htm"}
    assert "securities" in choices["R8.htm"].reason and "VIEs" in choices["R9.htm"].reason
    assert "revenue" in choices["R10.htm"].reason
    assert "R2.htm" not in choices  # the cover, without Audit Information
    assert "R7.htm" not in choices  # its note has no credit page: its tables are not read


def test_guarantee_notes_are_never_shut_out_by_the_guarantor_statements_rule():
    reports = [
        _r(1, "Cover Page", "Cover"),
        _r(2, "Guarantees and Guarantor Financial Information", "Notes"),
        _r(3, "Condensed Consolidating Financial Information", "Notes"),
        _r(4, "Guarantor Obligations (Details)", "Details"),
        _r(5, "Condensed Consolidating Financial Information - Guarantor Subsidiaries (Details)",
           "Details"),
        _r(6, "Debt - Guarantees of Senior Notes (Details)", "Details"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    assert {f for f, c in choices.items() if c.picked} == {"R1.htm", "R2.htm", "R4.htm"}
    assert "R5.htm" not in choices  # no credit word once the guarantor statements are set aside
    assert not choices["R6.htm"].picked and "guaranteed debt" in choices["R6.htm"].reason


def test_a_credit_notes_page_on_the_notes_other_subject_is_left_out():
    reports = [
        _r(1, "Guarantees and Product Warranty", "Notes"),
        _r(2, "Guarantees and Product Warranty (Tables)", "Tables"),
        _r(3, "Guarantees and Product Warranty - Guarantees (Details)", "Details"),
        _r(4, "Guarantees and Product Warranty - Product Warranty Liability (Details)", "Details"),
        _r(5, "Loans and Leases", "Notes"),
        _r(6, "Loans and Leases - Net Investment in Leases (Details)", "Details"),
        _r(7, "Loans and Leases - Leases by Class (Details)", "Details"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    assert {f for f, c in choices.items() if c.picked} == {
        "R1.htm", "R2.htm", "R3.htm", "R5.htm", "R6.htm", "R7.htm"}
    assert "product warranty" in choices["R4.htm"].reason


def test_concentrations_count_for_a_lender_with_tables_of_them():
    lender = [
        _r(1, "Loans", "Notes"), _r(2, "Credit Risk Concentrations", "Notes"),
        _r(3, "Loans (Tables)", "Tables"), _r(4, "Credit Risk Concentrations (Tables)", "Tables"),
        _r(5, "Credit Risk Concentrations (Details)", "Details"),
    ]
    assert _picked(lender) == {"R1.htm", "R2.htm", "R3.htm", "R4.htm", "R5.htm"}
    non_lender = [_r(1, "Revenue", "Notes"), *lender[1:2], lender[3], lender[4]]
    assert _picked(non_lender) == set()


def test_old_lists_whose_details_name_no_note():
    reports = [
        _r(1, "Document and Entity Information", "Cover"),
        _r(2, "Securities", "Notes"), _r(3, "Loans", "Notes"), _r(4, "Other Borrowings", "Notes"),
        _r(5, "Securities in an Unrealized Loss Position (Details)", "Details"),
        _r(6, "Schedule of Loan Portfolio Balances (Details)", "Details"),
        _r(7, "Aging of Past Due Loans (Details)", "Details"),
        _r(8, "Schedule of Loans Outstanding (Details)", "Details"),
        _r(9, "Impaired Loans (Details)", "Details"),
        _r(10, "Term Loan Facility (Details)", "Details"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    assert {f for f, c in choices.items() if c.picked} == {
        "R1.htm", "R3.htm", "R6.htm", "R7.htm", "R8.htm", "R9.htm"}
    assert "between the credit pages" in choices["R8.htm"].reason


def test_parent_role_is_read_from_the_filing_summary():
    xml = b"""<FilingSummary><MyReports>
      <Report><HtmlFileName>R9.htm</HtmlFileName><ShortName>Receivables</ShortName>
        <MenuCategory>Notes</MenuCategory><Role>http://x.test/role/Receivables</Role>
        <Position>9</Position></Report>
      <Report><HtmlFileName>R30.htm</HtmlFileName><ShortName>Credit Losses (Policies)</ShortName>
        <MenuCategory>Policies</MenuCategory><Role>http://x.test/role/CreditLossesPolicies</Role>
        <ParentRole>http://x.test/role/Receivables</ParentRole><Position>30</Position></Report>
    </MyReports></FilingSummary>"""
    reports = parse_filing_summary(xml).reports
    assert reports[1].parent_role == "http://x.test/role/Receivables"
    assert [p.file for p in group_notes(list(reports))[0].pages] == ["R9.htm", "R30.htm"]


def test_a_filers_own_borrowings_are_not_loans_and_a_guarantee_stays_one():
    reports = [
        _r(1, "Cover", "Cover"),
        _r(2, "Paycheck Protection Program Loan", "Notes"), _r(3, "Term Loan", "Notes"),
        _r(4, "Loans from Related Parties", "Notes"),
        _r(5, "Loan Principal and Financing Service Fee Receivables", "Notes"),
        _r(6, "Financial Guarantee Derivative", "Notes"),
    ]
    choices = {c.file: c for c in pick_reports(reports)}
    assert {f for f, c in choices.items() if c.picked} == {"R1.htm", "R5.htm", "R6.htm"}
    assert all("borrowings" in choices[f].reason for f in ("R2.htm", "R3.htm", "R4.htm"))


def test_a_lenders_delinquency_page_is_about_its_loans_a_non_lenders_is_checked():
    page = _r(9, "Delinquency Status (Details)", "Details")
    lender = {c.file: c for c in pick_reports([_r(1, "Loans", "Notes"), page])}
    assert lender["R9.htm"].picked and "lender's filing" in lender["R9.htm"].reason
    other = {c.file: c for c in pick_reports([_r(1, "Revenue", "Notes"), page])}
    assert not other["R9.htm"].picked and other["R9.htm"].check
