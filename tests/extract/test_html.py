"""EDGAR R pages and note tables in HTML, built here in the real markup: per-column units,
axis members, footnotes, nested text-block tables with "$", "(" and ")" in their own cells."""

from __future__ import annotations

from dashboard.extract.pipeline import extract_bytes
from dashboard.facts.checks import run_checks
from dashboard.model.documents import Document
from tests.conftest import one, pick


def rpage(title_units: str, headers: list[list[tuple[str, int]]], rows: list[tuple[str, str, list[str], str]]) -> bytes:
    """An R page: rows are (tr class, concept, cells, label)."""
    th = ['<th class="tl" colspan="1" rowspan="{}"><div><strong>{}</strong></div></th>'.format(
        len(headers), title_units.replace("\n", "<br>"))]
    head = []
    for i, hr in enumerate(headers):
        cells = "".join(f'<th class="th" colspan="{span}"><div>{t}</div></th>' for t, span in hr)
        head.append(f"<tr>{''.join(th) if i == 0 else ''}{cells}</tr>")
    body = []
    for cls, concept, cells, label in rows:
        tds = "".join(f'<td class="{"nump" if c and c[0] in "$¥(0123456789" else "text"}">{c}<span></span></td>'
                      for c in cells)
        body.append(
            f'<tr class="{cls}"><td class="pl"><a class="a" href="javascript:void(0);" '
            f"onclick=\"Show.showAR( this, 'defref_{concept}', window );\">{label}</a></td>{tds}</tr>")
    return ("<html><body><table class=\"report\" border=\"0\" cellspacing=\"2\">"
            + "".join(head) + "".join(body) + "</table></body></html>").encode()


def facts(name: str, data: bytes):
    r = extract_bytes([(name, data)])
    assert r.issues == []
    return r.facts


def test_mixed_units_are_read_per_column():
    page = rpage(
        "Guarantees (Details) - USD ($)\n$ in Thousands",
        [[("Dec. 31, 2024", 2), ("Dec. 31, 2023", 1)], [("CNY (¥)", 1), ("USD ($)", 1), ("CNY (¥)", 1)]],
        [("ro", "us-gaap_GuaranteeObligationsMaximumExposure",
          ["¥ 2,572,977,752", "$ 352,497", "¥ 667,733,409"], "Maximum potential future payment")],
    )
    f = facts("R20.htm", page)
    cny = one(f, currency="CNY", period_end="2024-12-31")
    assert cny["value"] == 2_572_977_752 and cny["scale"] == 1 and cny["scale_basis"] == "stated"
    usd = one(f, currency="USD")
    assert usd["value"] == 352_497_000 and usd["scale"] == 1000
    assert cny["concept"] == "us-gaap:GuaranteeObligationsMaximumExposure"
    assert cny["metric"] == "max_exposure" and cny["disclosure"] == "guarantee"


def test_axis_members_become_buckets_and_segments():
    page = rpage(
        "Loans - Aging (Details) - USD ($)\n$ in Millions",
        [[("Dec. 31, 2024", 1), ("Dec. 31, 2023", 1)]],
        [
            ("rh", "us-gaap_FinancialAssetAgingAxis=us-gaap_FinancialAsset30To59DaysPastDueMember", ["", ""], "30-59 days past due"),
            ("ro", "us-gaap_FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss", ["$ 12", "$ 10"], "Loans"),
            ("rh", "us-gaap_FinancialAssetAgingAxis=us-gaap_FinancialAsset60To89DaysPastDueMember", ["", ""], "60-89 days past due"),
            ("ro", "us-gaap_FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss", ["5", "4"], "Loans"),
            ("rh", "us-gaap_FinancialAssetAgingAxis=us-gaap_FinancialAssetEqualToGreaterThan90DaysPastDueMember", ["", ""], "90 days or more past due"),
            ("ro", "us-gaap_FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss", ["3", "2"], "Loans"),
        ],
    )
    f = facts("R30.htm", page)
    aging = pick(f, metric="past_due", period_end="2024-12-31")
    got = sorted(zip(aging["days_from"], aging["value"], strict=True))
    assert got == [(30, 12e6), (60, 5e6), (90, 3e6)]
    assert aging["days_to"].isna().sum() == 1  # "90 days or more" is open-ended
    assert set(aging["segment"]) == {""}


def test_the_filers_bucket_label_beats_the_concepts_bounds():
    page = rpage(
        "Loans - Aging (Details) - CNY (¥)\n¥ in Thousands",
        [[("Dec. 31, 2023", 1)]],
        [("ro", "us-gaap_FinancingReceivableRecordedInvestmentEqualToGreaterThan90DaysPastDue",
          ["81,659"], "Over 90 days past due"),
         ("re", "us-gaap_FinancingReceivableRecordedInvestmentEqualToGreaterThan90DaysPastDue",
          ["1,000"], "Greater than or equal to 90 days")],
    )
    f = facts("R31.htm", page)
    assert sorted(f["days_from"]) == [90, 91]  # "Over 90" is 91+, the concept's own 90+ otherwise


def test_rollforward_r_page_with_reversal_and_footnote_marker():
    page = rpage(
        "Allowance (Details) - CNY (¥)\n¥ in Thousands",
        [[("12 Months Ended", 2)], [("Dec. 31, 2024", 1), ("Dec. 31, 2023", 1)]],
        [
            ("re", "us-gaap_AllowanceForLoanAndLeaseLossesRollForward", ["", ""], "<strong>Allowance [Roll Forward]</strong>"),
            ("ro", "us-gaap_FinancingReceivableAllowanceForCreditLosses", ["¥ 6,838", "¥ 0"], "Balance at beginning of year"),
            ("re", "us-gaap_ProvisionForLoanLossesExpensed", ["(6,067)", "6,838"], "Provision (reversal) [1]"),
            ("ro", "us-gaap_FinancingReceivableAllowanceForCreditLosses", ["¥ 771", "¥ 6,838"], "Balance at end of year"),
        ],
    )
    f = facts("R40.htm", page)
    y24 = f[f["period_end"].astype(str) == "2024-12-31"]
    prov = one(y24, metric="provision")
    assert prov["value"] == -6_067_000
    assert str(prov["period_start"]) == "2024-01-01"
    assert prov["segment"] == ""  # a roll-forward heading is not a member
    # one concept serves both ends of the rollforward: the row label decides which
    assert one(y24, metric="allowance_begin")["value"] == 6_838_000
    assert one(y24, metric="allowance_end")["value"] == 771_000
    ties = run_checks(f)
    assert set(ties[ties["check"] == "allowance rollforward ties"]["status"]) == {"ok"}


NOTE = """<html><body><div>
<p>The following table presents the aging of loans receivable as of December 31, 2023 and 2024 (in thousands):</p>
<table>
<tr><td></td><td colspan="3">December 31,</td></tr>
<tr><td></td><td>2023</td><td></td><td>2024</td></tr>
<tr><td>1-29 days past due</td><td>$</td><td>1,200</td><td></td><td>$</td><td>1,500</td></tr>
<tr><td>30-59 days past due</td><td></td><td>800</td><td></td><td></td><td>900</td></tr>
<tr><td>60-89 days past due</td><td></td><td>—</td><td></td><td></td><td>300</td></tr>
<tr><td>90 days or more past due</td><td></td><td>(50</td><td>)</td><td></td><td>400</td></tr>
<tr><td>Total past due</td><td></td><td>1,950</td><td></td><td></td><td>3,100</td></tr>
</table>
<p>The Group recorded $2.5 million of provision for loan losses in the year ended December 31, 2024.</p>
</div></body></html>"""


def test_note_table_with_split_cells_and_stated_scale():
    f = facts("note.htm", NOTE.encode())
    aging = pick(f, metric="past_due", period_end="2024-12-31")
    assert sorted(zip(aging["days_from"], aging["value"], strict=True)) == [
        (1, 1_500_000), (30, 900_000), (60, 300_000), (90, 400_000)]
    assert one(f, metric="past_due", period_end="2023-12-31", days_from=60)["value"] == 0  # "—"
    assert one(f, metric="past_due", period_end="2023-12-31", days_from=90)["value"] == 50_000
    assert set(aging["scale_basis"]) == {"stated"} and set(aging["currency"]) == {"USD"}
    prov = one(f, metric="provision")
    assert prov["value"] == 2_500_000 and prov["locator"].startswith("paragraph")


def test_an_income_statement_is_not_a_credit_note():
    page = rpage(
        "STATEMENTS OF OPERATIONS - USD ($)\n$ in Millions",
        [[("3 Months Ended", 1)], [("Mar. 29, 2025", 1)]],
        [("ro", "us-gaap_IncomeTaxExpenseBenefit", ["4,530"], "Provision for income taxes"),
         ("re", "us-gaap_OtherNonoperatingIncomeExpense", ["(279)"], "Other income/(expense), net"),
         ("ro", "us-gaap_AssetsCurrent", ["118,674"], "Total current assets")],
    )
    assert facts("R4.htm", page).empty


def test_document_model_stem():
    assert Document(source="a.zip#x/R15.htm", name="R15.htm", text="").stem == "a"


BANK = """<html><body>
<p>The following table presents the aging of the recorded investment in loans (in thousands):</p>
<table>
<tr><td></td><td>30-59 Days Past Due</td><td>60-89 Days Past Due</td><td>90 Days or More Past Due</td>
<td>Total Past Due</td><td>Current</td><td>Total Loans</td></tr>
<tr><td>December 31, 2024</td></tr>
<tr><td>Commercial real estate</td><td>$</td><td>1,015</td><td>$</td><td>—</td><td>$</td><td>2,117</td><td>$</td><td>3,132</td><td>$</td><td>410,870</td><td>$</td><td>414,002</td></tr>
<tr><td>Residential</td><td></td><td>640</td><td></td><td>212</td><td></td><td>95</td><td></td><td>947</td><td></td><td>220,101</td><td></td><td>221,048</td></tr>
<tr><td>Total</td><td>$</td><td>1,655</td><td>$</td><td>212</td><td>$</td><td>2,212</td><td>$</td><td>4,079</td><td>$</td><td>630,971</td><td>$</td><td>635,050</td></tr>
<tr><td>December 31, 2023</td></tr>
<tr><td>Commercial real estate</td><td>$</td><td>900</td><td>$</td><td>15</td><td>$</td><td>1,020</td><td>$</td><td>1,935</td><td>$</td><td>395,000</td><td>$</td><td>396,935</td></tr>
</table></body></html>"""


def test_bank_aging_rows_are_loan_classes_and_dates_are_heading_rows():
    f = facts("10k.htm", BANK.encode())
    cre = pick(f, segment="Commercial real estate", period_end="2024-12-31")
    assert one(cre, metric="past_due", days_from=30)["value"] == 1_015_000
    assert one(cre, metric="past_due", days_from=60)["value"] == 0
    assert one(cre, metric="past_due", days_from=90)["value"] == 2_117_000
    assert one(cre, metric="past_due_total")["value"] == 3_132_000
    assert one(cre, metric="total_loans")["value"] == 414_002_000
    total = pick(f, segment="", period_end="2024-12-31")
    assert one(total, metric="current")["value"] == 630_971_000
    assert one(f, segment="Commercial real estate", period_end="2023-12-31", metric="past_due",
               days_from=60)["value"] == 15_000
    assert set(f["currency"]) == {"USD"} and set(f["scale"]) == {1000}


def test_r_page_member_columns_become_segments():
    page = rpage(
        "Loans (Details) - CNY (¥)\n¥ in Thousands",
        [[("Dec. 31, 2023", 2)], [("Loan principal [Member]", 1), ("Financing service fee [Member]", 1)]],
        [("ro", "us-gaap_FinancingReceivablePastDue", ["¥ 5,000", "¥ 300"], "Total past due"),
         ("re", "us-gaap_FinancingReceivableRecordedInvestmentCurrent", ["90,000", "4,000"], "Current")],
    )
    f = facts("R50.htm", page)
    assert one(f, segment="Loan principal", metric="past_due_total")["value"] == 5_000_000
    assert one(f, segment="Financing service fee", metric="current")["value"] == 4_000_000
