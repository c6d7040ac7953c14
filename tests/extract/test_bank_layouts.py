"""US bank layouts (issue 13): allowance rollforwards by portfolio segment with a Total column,
past-due tables by loan class under group headings, cell-per-line renderings whose blank cells
are left out. Pages are written here in the real formats (pipe-prefixed and cell-per-line text
renderings, R-page HTML, a 10-Q note table); the figures foot like a real filing's."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract.pipeline import extract_bytes
from dashboard.facts.checks import run_checks
from tests.conftest import one, pick

SEGMENTS = ["Commercial", "Commercial Real Estate", "Construction", "Residential", "Consumer", "Total"]
# Three and nine months ended September 30, 2024; None is a blank cell ("-" or nothing)
QUARTER = {
    "Beginning balance": [4812, 11406, 1953, 3220, 611, 22002],
    "Chargeoffs": [-118, None, None, -14, -73, -205],
    "Recoveries": [21, 3, None, 2, 19, 45],
    "Provision (reversal)": [310, -152, 88, 41, 60, 347],
    "Total allowance for credit losses": [5025, 11257, 2041, 3249, 617, 22189],
}
NINE_MONTHS = {
    "Beginning balance": [4530, 11880, 1702, 3105, 598, 21815],
    "Chargeoffs": [-301, -210, None, -14, -198, -723],
    "Recoveries": [40, 12, None, 9, 51, 112],
    "Provision (reversal)": [756, -425, 339, 149, 166, 985],
    "Total allowance for credit losses": [5025, 11257, 2041, 3249, 617, 22189],
}
HEAD = ["Allowance for Credit Losses (Details) - USD ($)", "$ in Thousands",
        "The following table presents the activity in the allowance for credit losses by portfolio segment:"]


def facts(name: str, text: str | bytes):
    r = extract_bytes([(name, text.encode() if isinstance(text, str) else text)])
    assert r.issues == []
    return r.facts


def _fmt(v: int | None, dollar: bool = False) -> str:
    if v is None:
        return "-"
    s = f"({abs(v):,})" if v < 0 else f"{v:,}"
    return f"$ {s}" if dollar else s


def pipe_rendering(*, cut_nine_months: bool = False) -> str:
    lines = list(HEAD)
    for title, table in (("For the Three Months Ended September 30, 2024", QUARTER),
                         ("For the Nine Months Ended September 30, 2024", NINE_MONTHS)):
        lines += [title, "| | " + " | ".join(SEGMENTS)]
        for i, (label, vals) in enumerate(table.items()):
            if cut_nine_months and title.startswith("For the Nine") and i == 3:
                break  # the page ends mid-table
            lines.append(f"| {label} | " + " | ".join(_fmt(v, i in (0, 4)) for v in vals))
    return "\n".join(lines) + "\n"


def cell_rendering(*, blanks_left_out: bool) -> str:
    """Every cell on its own line, no separators; "(118" then ")" on the next line."""
    lines = list(HEAD)
    for title, table in (("For the Three Months Ended September 30, 2024", QUARTER),
                         ("For the Nine Months Ended September 30, 2024", NINE_MONTHS)):
        lines += [title, *SEGMENTS]
        for i, (label, vals) in enumerate(table.items()):
            lines.append(label)
            for v in vals:
                if v is None:
                    if not blanks_left_out:
                        lines.append("-")
                    continue
                if i in (0, 4):
                    lines.append("$")
                lines += [f"({abs(v):,}", ")"] if v < 0 else [f"{v:,}"]
    return "\n".join(lines) + "\n"


def _check_rollforwards(f, periods=("2024-07-01", "2024-01-01")) -> None:
    for start in periods:
        whole = pick(f, segment="", period_start=start, period_end="2024-09-30")
        table = QUARTER if start == "2024-07-01" else NINE_MONTHS
        assert one(whole, metric="allowance_begin")["value"] == table["Beginning balance"][5] * 1000
        assert one(whole, metric="write_off")["value"] == -table["Chargeoffs"][5] * 1000
        assert one(whole, metric="recovery")["value"] == table["Recoveries"][5] * 1000
        assert one(whole, metric="provision")["value"] == table["Provision (reversal)"][5] * 1000
        assert one(whole, metric="allowance_end")["value"] == 22_189_000
        cre = pick(f, segment="Commercial Real Estate", period_start=start)
        assert one(cre, metric="provision")["value"] == table["Provision (reversal)"][1] * 1000
        assert set(pick(f, metric="allowance_end")["segment"]) == {"", *SEGMENTS[:5]}
    assert "Total" not in set(f["segment"])


def test_pipe_rendering_of_segment_columns_with_a_total_and_two_periods():
    f = facts("R12.txt", pipe_rendering())
    _check_rollforwards(f)
    assert set(f["scale_basis"]) == {"stated"} and set(f["currency"]) == {"USD"}
    # "-" is nil: the construction segment wrote nothing off in the quarter
    assert one(f, metric="write_off", segment="Construction", period_start="2024-07-01")["value"] == 0
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 12 and set(ties["status"]) == {"ok"}


def test_a_second_period_cut_off_by_the_page_end_is_still_its_own_period():
    f = facts("R12.txt", pipe_rendering(cut_nine_months=True))
    nine = pick(f, period_start="2024-01-01", segment="")
    assert set(nine["metric"]) == {"allowance_begin", "write_off", "recovery"}
    assert one(nine, metric="write_off")["value"] == 723_000
    assert len(pick(f, period_start="2024-07-01")) == 30


@pytest.mark.parametrize("blanks_left_out", [False, True])
def test_cell_per_line_rendering_places_figures_by_footing(blanks_left_out):
    f = facts("R12.txt", cell_rendering(blanks_left_out=blanks_left_out))
    _check_rollforwards(f)
    assert len(f) == 60
    cre_co = one(f, metric="write_off", segment="Commercial Real Estate", period_start="2024-07-01")
    construction = one(f, metric="recovery", segment="Construction", period_start="2024-01-01")
    assert cre_co["value"] == 0 and construction["value"] == 0
    residential = one(f, metric="write_off", segment="Residential", period_start="2024-07-01")
    assert residential["value"] == 14_000
    if blanks_left_out:
        assert "decided by footing" in cre_co["note"] and "decided by footing" in residential["note"]
    else:
        assert "footing" not in residential["note"]


def test_a_short_row_the_arithmetic_cannot_place_is_left_out_and_said():
    # without the Total column and with the closing balances missing nothing can be proved
    text = "\n".join([*HEAD, "For the Three Months Ended September 30, 2024", *SEGMENTS[:5],
                      "Chargeoffs", "(118", ")", "(14", ")", "(73", ")",
                      "Recoveries", "21", "3", "1", "2", "19"]) + "\n"
    r = extract_bytes([("R12.txt", text.encode())])
    assert pick(r.facts, metric="write_off").empty
    assert len(pick(r.facts, metric="recovery")) == 5
    assert "does not match its 5 columns" in r.sources["message"].iloc[0]


def r_page() -> str:
    """An EDGAR R page: a spanning duration, dates, then axis members over the columns; the
    Total column (no member) comes first, as the XBRL viewer prints it."""
    concepts = {
        "Beginning balance": "FinancingReceivableAllowanceForCreditLosses",
        "Charge-offs": "FinancingReceivableAllowanceForCreditLossesWriteOffs",
        "Recoveries": "FinancingReceivableAllowanceForCreditLossesRecovery",
        "Provision (reversal)": "FinancingReceivableCreditLossExpenseReversal",
        "Ending balance": "FinancingReceivableAllowanceForCreditLosses",
    }
    rows = []
    for (label, concept), vals in zip(concepts.items(), QUARTER.values(), strict=True):
        tds = "".join(f'<td class="nump">{_fmt(v or 0, True)}</td>' for v in [vals[5], *vals[:5]])
        rows.append(f'<tr class="re"><td class="pl"><a class="a" href="javascript:void(0);" '
                    f"onclick=\"Show.showAR( this, 'defref_us-gaap_{concept}', window );\">{label}</a></td>"
                    f"{tds}</tr>")
    members = "".join(f'<th class="th">{s} [Member]</th>' for s in SEGMENTS[:5])
    return (
        '<html><body><table class="report" border="0" cellspacing="2" id="idm1">'
        '<tr><th class="tl" colspan="1" rowspan="3"><div><strong>Allowance for Credit Losses (Details) - '
        'USD ($)<br/> $ in Thousands</strong></div></th><th class="th" colspan="6">3 Months Ended</th></tr>'
        '<tr>' + '<th class="th">Sep. 30, 2024</th>' * 6 + '</tr>'
        '<tr><th class="th"></th>' + members + '</tr>' + "".join(rows) + "</table></body></html>"
    )


def test_r_page_with_member_columns_and_an_unsegmented_total():
    f = facts("R14.htm", r_page())
    _check_rollforwards(f, periods=("2024-07-01",))
    assert one(f, metric="provision", segment="Construction")["value"] == 88_000
    assert set(f["concept"]) >= {"us-gaap:FinancingReceivableAllowanceForCreditLossesWriteOffs"}


def note_table() -> str:
    """A 10-Q note's HTML table: "$", figure and ")" in cells of their own, both periods in one
    table under bold period rows that repeat the column header."""
    def cells(v: int | None, dollar: bool) -> str:
        if v is None:
            return "<td></td><td>-</td><td></td>"
        d = "<td>$</td>" if dollar else "<td></td>"
        return f"{d}<td>({abs(v):,}</td><td>)</td>" if v < 0 else f"{d}<td>{v:,}</td><td></td>"

    out = ["<html><body><p>The following table presents the activity in the allowance for credit losses "
           "by portfolio segment (in thousands):</p><table>"]
    for title, table in (("For the Three Months Ended September 30, 2024", QUARTER),
                         ("For the Nine Months Ended September 30, 2024", NINE_MONTHS)):
        out.append(f'<tr><td colspan="19"><b>{title}</b></td></tr>')
        out.append("<tr><td></td>" + "".join(f'<td colspan="3">{s}</td>' for s in SEGMENTS) + "</tr>")
        for i, (label, vals) in enumerate(table.items()):
            out.append(f"<tr><td>{label}</td>" + "".join(cells(v, i in (0, 4)) for v in vals) + "</tr>")
    return "".join(out) + "</table></body></html>"


def test_note_table_with_two_periods_in_one_html_table():
    f = facts("loans.htm", note_table())
    _check_rollforwards(f)
    assert len(f) == 60


# ---------------------------------------------------------------------------------------------
# Past-due tables by loan class
# ---------------------------------------------------------------------------------------------
PAST_DUE_COLUMNS = ["30-59 Days Past Due", "60-89 Days Past Due", "> 90 Days Past Due", "Total Past Due",
                    "Current", "Total Financing Receivables", "Recorded Investment > 90 Days and Accruing"]
CLASSES = {  # group → class → the seven columns
    "Commercial": {"Commercial and industrial": [1204, 310, 522, 2036, 412880, 414916, 0],
                   "Commercial real estate": [2115, 0, 1870, 3985, 1120411, 1124396, 0]},
    "Real Estate": {"Residential": [3402, 911, 640, 4953, 608217, 613170, 112],
                    "Home equity": [288, 75, 41, 404, 96530, 96934, 0]},
    "Consumer": {"Auto": [1950, 402, 117, 2469, 210655, 213124, 117],
                 "Other": [61, 12, 4, 77, 8310, 8387, 4]},
}
TOTAL = [sum(v[i] for g in CLASSES.values() for v in g.values()) for i in range(7)]
PD_HEAD = ["Loans (Past Due Financing Receivables) (Details) - USD ($)", "$ in Thousands",
           "The following table presents the aging of the recorded investment in past due loans by class "
           "of loans:", "December 31, 2022"]


def past_due_pipe(columns: list[int] | None = None) -> str:
    keep = columns or list(range(7))
    lines = [*PD_HEAD, "| | " + " | ".join(PAST_DUE_COLUMNS[i] for i in keep)]
    for group, classes in CLASSES.items():
        lines.append(group)
        for name, vals in classes.items():
            lines.append(f"| {name} | " + " | ".join(f"{vals[i]:,}" for i in keep))
    lines.append("| Total | " + " | ".join(f"$ {TOTAL[i]:,}" for i in keep))
    return "\n".join(lines) + "\n"


def past_due_cells() -> str:
    """One cell per line; each column's header words spread over up to five lines."""
    header = ["30-59", "Days", "Past Due", "60-89", "Days", "Past Due", "> 90", "Days", "Past Due",
              "Total", "Past Due", "Current", "Total", "Financing", "Receivables",
              "Recorded", "Investment", "> 90 Days", "and", "Accruing"]
    lines = [*PD_HEAD, *header]
    for group, classes in CLASSES.items():
        lines.append(group)
        for name, vals in classes.items():
            lines += [name, *(f"{v:,}" for v in vals)]
    lines.append("Total")
    for v in TOTAL:
        lines += ["$", f"{v:,}"]
    return "\n".join(lines) + "\n"


def past_due_note_html() -> str:
    """A 10-Q note's HTML table: a blank cell or "$" before every figure, italic group rows."""
    head = "".join(f"<td colspan='2'><b>{c}</b></td>" for c in PAST_DUE_COLUMNS)
    out = ["<html><body><p>Loans by class and days past due at December 31, 2022 (in thousands) are shown "
           "below:</p><table>", "<tr><td></td>" + head + "</tr>"]
    for group, classes in CLASSES.items():
        out.append(f"<tr><td><i>{group}</i></td>" + "<td></td>" * 14 + "</tr>")
        for name, vals in classes.items():
            out.append(f"<tr><td>{name}</td>" + "".join(f"<td></td><td>{v:,}</td>" for v in vals) + "</tr>")
    out.append("<tr><td>Total</td>" + "".join(f"<td>$</td><td>{v:,}</td>" for v in TOTAL) + "</tr>")
    return "".join(out) + "</table></body></html>"


@pytest.mark.parametrize("render,name", [(past_due_pipe, "R20.txt"), (past_due_cells, "R20.txt"),
                                         (past_due_note_html, "loans.htm")])
def test_past_due_by_loan_class_with_group_headings_and_a_total_row(render, name):
    f = facts(name, render())
    assert set(f["period_end"]) == {date(2022, 12, 31)}
    whole = pick(f, segment="")
    assert one(whole, metric="past_due", days_from=30)["value"] == TOTAL[0] * 1000
    assert one(whole, metric="past_due", days_from=91)["value"] == TOTAL[2] * 1000
    assert one(whole, metric="past_due_total")["value"] == TOTAL[3] * 1000
    assert one(whole, metric="current")["value"] == TOTAL[4] * 1000
    assert one(whole, metric="total_loans")["value"] == TOTAL[5] * 1000
    assert one(whole, metric="past_due_90_accruing")["value"] == TOTAL[6] * 1000
    assert len(whole) == 7
    assert set(f["segment"]) == {"", "Commercial – Commercial and industrial", "Commercial – Commercial real estate",
                                 "Real Estate – Residential", "Real Estate – Home equity", "Consumer – Auto",
                                 "Consumer – Other"}
    assert one(f, segment="Consumer – Auto", metric="past_due_90_accruing")["value"] == 117_000
    assert one(f, segment="Real Estate – Residential", metric="past_due", days_from=60)["value"] == 911_000


def test_totals_the_page_does_not_print_are_derived_and_marked():
    f = facts("R20.txt", past_due_pipe(columns=[0, 1, 2, 4]))
    whole = pick(f, segment="")
    ptotal = one(whole, metric="past_due_total")
    total = one(whole, metric="total_loans")
    assert ptotal["value"] == TOTAL[3] * 1000 and "derived" in ptotal["note"]
    assert total["value"] == TOTAL[5] * 1000 and "derived" in total["note"]
    auto = pick(f, segment="Consumer – Auto")
    assert one(auto, metric="total_loans")["value"] == 213_124_000
    # a printed total is never replaced by a derived one
    printed = facts("R20.txt", past_due_pipe())
    assert not printed["note"].str.contains("derived").any()


# ---------------------------------------------------------------------------------------------
# A large bank's rollforward, one cell per line: "At or for the nine months ended" over two
# years, a subtotal, a wrapped label, a reconciling line printed for one year only
# ---------------------------------------------------------------------------------------------
NINE_MONTH_CELLS = """Allowance for Loan Losses (Details) - USD ($)
$ in Millions
The following table presents changes in the allowance for loan losses:
At or for the nine months ended September 30
2019
2018
Allowance for loan losses, beginning of period
$
1,012
$
960
Charge-offs
(214
)
(190
)
Recoveries
38
35
Net (charge-offs)
(176
)
(155
)
Provision for loan losses
201
187
Transfer to allowance for unfunded
lending commitments
(3
)
Foreign currency translation
(2
)
1
Allowance for loan losses, end of period
$
1,032
$
993
"""


def test_nine_month_rollforward_with_subtotal_wrapped_label_and_reconciling_lines():
    f = facts("R31.txt", NINE_MONTH_CELLS)
    y19 = pick(f, period_start="2019-01-01", period_end="2019-09-30")
    y18 = pick(f, period_start="2018-01-01", period_end="2018-09-30")
    assert len(y19) + len(y18) == len(f)
    assert one(y19, metric="allowance_begin")["value"] == 1_012e6
    assert one(y19, metric="write_off")["value"] == 214e6
    # the subtotal is its own metric, never a second write-off
    assert one(y19, metric="net_write_off")["value"] == 176e6
    assert one(y18, metric="net_write_off")["value"] == 155e6
    # the transfer (2019 only, placed by footing) and the translation line are one movement
    other19 = one(y19, metric="allowance_other")
    assert other19["value"] == -5e6
    assert "Transfer to allowance for unfunded lending commitments" in other19["note"]
    assert "footing" in other19["note"]
    assert one(y18, metric="allowance_other")["value"] == 1e6
    # a parenthesis closed on the next line is not a repair
    assert not f["note"].str.contains("repaired").any()
    assert one(y19, metric="allowance_end")["segment"] == ""
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 2 and set(ties["status"]) == {"ok"}


# ---------------------------------------------------------------------------------------------
# Mixed units on one page: "$ in Thousands" over a US$ column and CNY columns printed in full
# ---------------------------------------------------------------------------------------------
MIXED_UNITS = """|
Guarantees (Details)
$ in Thousands
|
12 Months Ended
|
Dec. 31, 2024
CNY (¥)
|
Dec. 31, 2024
USD ($)
|
Dec. 31, 2023
CNY (¥)
|Guarantor Obligations [Line Items]
|Maximum potential future payment
|¥ 2,572,977,752
|$ 352,497
|¥ 667,733,409
|Guarantee liabilities
|¥ 131,404
|$ 18
|¥ 95,220
"""


def test_mixed_units_text_rendering_scales_per_column_and_says_why():
    f = facts("R22.txt", MIXED_UNITS)
    exp = pick(f, metric="max_exposure")
    cny24 = one(exp, currency="CNY", period_end="2024-12-31")
    usd24 = one(exp, currency="USD", period_end="2024-12-31")
    assert cny24["value"] == 2_572_977_752 and cny24["scale"] == 1
    assert "not multiplied" in cny24["note"] and "USD in thousands" in cny24["note"]
    assert usd24["value"] == 352_497_000 and usd24["scale"] == 1000 and usd24["note"] == ""
    assert one(exp, currency="CNY", period_end="2023-12-31")["value"] == 667_733_409
    liab = pick(f, metric="guarantee_liability_end")
    assert one(liab, currency="CNY", period_end="2024-12-31")["value"] == 131_404
    assert one(liab, currency="USD")["value"] == 18_000


# ---------------------------------------------------------------------------------------------
# Repeated blocks: the same aging rows for the whole portfolio and per class, one cell per line
# ---------------------------------------------------------------------------------------------
BLOCKS = {
    "": {"30-59 Days Past Due": [1500, 1200], "60-89 Days Past Due": [400, 300],
         "90 Days or More Past Due": [250, 200], "Total Past Due": [2150, 1700],
         "Current": [97850, 88300], "Total loans": [100000, 90000]},
    "Commercial": {"30-59 Days Past Due": [1000, 800], "60-89 Days Past Due": [400, 300],
                   "90 Days or More Past Due": [250, None], "Total Past Due": [1650, 1100],
                   "Current": [58350, 53900], "Total loans": [60000, 55000]},
    "Consumer": {"30-59 Days Past Due": [500, 400], "60-89 Days Past Due": [None, None],
                 "90 Days or More Past Due": [None, 200], "Total Past Due": [500, 600],
                 "Current": [39500, 34400], "Total loans": [40000, 35000]},
}


def repeated_blocks(order: list[str], heading_of_whole: str = "", member: bool = True) -> str:
    """An R page rendering: blank cells are simply left out, so "60-89 Days Past Due" of the
    consumer block has nothing under it."""
    out = ["|", "Loans - Past Due Financing Receivables (Details) - USD ($)", "$ in Thousands",
           "|", "Dec. 31, 2023", "|", "Dec. 31, 2022"]
    for name in order:
        heading = (f"{name} [Member]" if member else name) if name else heading_of_whole
        if heading:
            out.append(f"|{heading}")
        for label, vals in BLOCKS[name].items():
            out.append(f"|{label}")
            out += [f"|{v:,}" for v in vals if v is not None]
    return "\n".join(out) + "\n"


def _check_blocks(f) -> None:
    assert set(f["segment"]) == {"", "Commercial", "Consumer"}
    for seg, block in BLOCKS.items():
        rows = pick(f, segment=seg)
        assert one(rows, metric="total_loans", period_end="2023-12-31")["value"] == block["Total loans"][0] * 1000
        assert one(rows, metric="past_due", days_from=30, period_end="2022-12-31")["value"] == \
            block["30-59 Days Past Due"][1] * 1000
    consumer = pick(f, segment="Consumer")
    # the cells left out are nil where the buckets and totals prove it
    assert one(consumer, metric="past_due", days_from=60, period_end="2023-12-31")["value"] == 0
    assert one(consumer, metric="past_due", days_from=90, period_end="2023-12-31")["value"] == 0
    gap = one(consumer, metric="past_due", days_from=90, period_end="2022-12-31")
    assert gap["value"] == 200_000 and "footing" in gap["note"]
    assert one(pick(f, segment="Commercial"), metric="past_due", days_from=90,
               period_end="2022-12-31")["value"] == 0
    checks = run_checks(f)
    assert set(checks[checks["check"] == "buckets sum to total past due"]["status"]) == {"ok"}
    assert checks[checks["check"] == "one unsegmented total per metric and date"].empty


def test_repeated_blocks_the_unheaded_first_block_is_the_whole_portfolio():
    _check_blocks(facts("R24.txt", repeated_blocks(["", "Commercial", "Consumer"])))


def test_repeated_blocks_the_block_that_sums_the_others_is_the_whole_portfolio():
    f = facts("R24.txt", repeated_blocks(["Commercial", "Consumer", ""], heading_of_whole="All loans",
                                         member=False))
    _check_blocks(f)
    assert "sum of the other blocks" in one(f, segment="", metric="current", period_end="2023-12-31")["note"]


# ---------------------------------------------------------------------------------------------
# Group subtotal columns ("Total Commercial"), the period in the caption; a bank stacking the
# loan allowance, the reserve for unfunded commitments and their sum, balances dated in the row
# ---------------------------------------------------------------------------------------------
GROUP_COLUMNS = """|ACL on loans by segment
|
Changes in the ACL on loans during the three months ended September 30, 2025 were as follows:
|(Dollars in thousands)
|Commercial
|Consumer
CRE
C&I
|Total Commercial
|Residential Real Estate
|Home Equity
|Other
|Total Consumer
|Total
|Beginning Balance
|$20,000
|$13,000
|$33,000
|$7,000
|$1,100
|$300
|$8,400
|$41,400
|Charge-offs
|(3,000)
|(8,000)
|(11,000)
|—
|—
|(100)
|(100)
|(11,100)
|Recoveries
|—
|2
|2
|—
|15
|9
|24
|26
|Provision
|2,000
|5,000
|7,000
|(300)
|15
|91
|(194)
|6,806
|Ending Balance
|$19,000
|$10,002
|$29,002
|$6,700
|$1,130
|$300
|$8,130
|$37,132
Changes in the ACL on loans during the nine months ended September 30, 2025 were as follows:
|(Dollars in thousands)
|Commercial
|Consumer
|CRE
|C&I
|Total Commercial
|Residential Real Estate
|Home Equity
|Other
|Total Consumer
|Total
|Beginning Balance
|$26,000
|$7,000
|$33,000
|$6,800
|$1,000
|$300
|$8,100
|$41,100
|Charge-offs
|(5,700)
|(8,600)
|(14,300)
|—
|—
|(250)
|(250)
|(14,550)
"""

STACKED_RESERVES = """|Allowance rollforward by portfolio segment
|The table below shows how the ALLL and the reserve for unfunded lending commitments moved over the three months ended September 30, 2023:
|(Dollars in millions)
|Commercial, Financial, and Industrial (a)
|Commercial Real Estate
|Consumer Real Estate
|Credit Card and Other
|Total
|Three Months Ended September 30, 2023
|Allowance for loan and lease losses:
|Balance as of July 1, 2023
|$
|330
|$
|160
|$
|220
|$
|30
|$
|740
|Charge-offs
|(90)
|(5)
|(1)
|(7)
|(103)
|Recoveries
|5
|1
|2
|1
|9
|Provision for loan and lease losses
|95
|14
|7
|4
|120
|Balance as of September 30, 2023
|$
|340
|$
|170
|$
|228
|$
|28
|$
|766
|Reserve for remaining unfunded commitments:
|Balance as of July 1, 2023
|$
|55
|$
|24
|$
|11
|$
|—
|$
|90
|Provision for remaining unfunded commitments
|(6)
|(3)
|1
|—
|(8)
|Balance as of September 30, 2023
|49
|21
|12
|—
|82
|Allowance for credit losses as of September 30, 2023
|$
|389
|$
|191
|$
|240
|$
|28
|$
|848
"""


def test_group_subtotal_columns_and_a_caption_that_gives_the_period():
    f = facts("R32.txt", GROUP_COLUMNS)
    q = pick(f, period_start="2025-07-01", period_end="2025-09-30")
    nine = pick(f, period_start="2025-01-01", period_end="2025-09-30")
    assert len(q) == 40 and len(nine) == 16  # the nine-month table is cut off after two rows
    assert one(q, segment="", metric="allowance_end")["value"] == 37_132_000
    assert one(q, segment="Commercial", metric="allowance_end")["value"] == 29_002_000
    assert one(q, segment="Commercial – C&I", metric="write_off")["value"] == 8_000_000
    assert one(q, segment="Consumer – Home Equity", metric="recovery")["value"] == 15_000
    assert one(nine, segment="", metric="write_off")["value"] == 14_550_000
    assert "Total Commercial" not in set(f["segment"])


def test_stacked_reserves_are_populations_and_dated_balance_rows_open_and_close_the_quarter():
    f = facts("R30.txt", STACKED_RESERVES)
    alll = pick(f, population="Allowance for loan and lease losses", segment="")
    assert one(alll, metric="allowance_begin")["value"] == 740e6
    assert str(one(alll, metric="allowance_begin")["period_start"]) == "2023-07-01"
    assert one(alll, metric="allowance_end")["value"] == 766e6
    assert one(alll, metric="write_off")["value"] == 103e6
    # the reserve for commitments by its one name, whatever the filer calls it
    unfunded = pick(f, population="off-balance-sheet commitments", segment="")
    assert one(unfunded, metric="provision")["value"] == -8e6
    assert one(unfunded, metric="allowance_end")["value"] == 82e6
    acl = pick(f, population="Allowance for credit losses", segment="")
    assert one(acl, metric="allowance_end")["value"] == 848e6
    assert one(pick(f, population="Allowance for loan and lease losses"), segment="Commercial, Financial, and Industrial",
               metric="allowance_end")["value"] == 340e6
    checks = run_checks(f)
    assert checks[checks["check"] == "one unsegmented total per metric and date"].empty
    ties = checks[checks["check"] == "allowance rollforward ties"]
    assert len(ties) == 10 and set(ties["status"]) == {"ok"}


# ---------------------------------------------------------------------------------------------
# Blank lines between cells, a column's header broken over two lines, blank cells left out and a
# row with nothing printed; balances dated in the row label
# ---------------------------------------------------------------------------------------------
BLANK_LINE_RENDERING = (
    "Allowance for Credit Losses (Tables)\n9 Months Ended\nSep. 30, 2012\nReceivables [Abstract]  \n"
    "Allowance for credit losses and recorded investment in financing receivables\n"
    "The table below gives the allowance for credit losses for the nine months ended September 30, 2012:\n"
    " \n \nFinance\nLeases\n \nNotes\nReceivable\n \nTotal\nAllowance for credit losses\n \n \n \n"
    "Balance at January 1, 2012\n \n$\n310\n\n \n$\n1,950\n\n \n$\n2,260\n\n"
    "Provision for credit losses\n \n240\n\n \n\n \n240\n\n"
    "Recoveries\n \n52\n\n \n\n \n52\n\n"
    "Write-offs\n \n\n \n\n \n\n"
    "Balance at September 30, 2012\n \n$\n602\n\n \n$\n1,950\n\n \n$\n2,552\n\n"
)


def test_blank_line_rendering_with_headers_over_two_lines_and_cells_left_out():
    f = facts("R31.txt", BLANK_LINE_RENDERING)
    assert set(f["segment"]) == {"", "Finance Leases", "Notes Receivable"}
    assert set(f["population"]) == {""}
    assert set(map(str, f["period_start"])) == {"2012-01-01"} and set(map(str, f["period_end"])) == {"2012-09-30"}
    leases = pick(f, segment="Finance Leases")
    assert one(leases, metric="allowance_begin")["value"] == 310
    assert one(leases, metric="provision")["value"] == 240
    assert one(leases, metric="allowance_end")["value"] == 602
    notes = pick(f, segment="Notes Receivable")
    assert one(notes, metric="provision")["value"] == 0 and "footing" in one(notes, metric="provision")["note"]
    assert one(pick(f, segment=""), metric="write_off")["value"] == 0
    assert len(f) == 15
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 3 and set(ties["status"]) == {"ok"}


def repeated_blocks_r_page() -> str:
    """The same page as an EDGAR R page: member heading rows (`tr.rh`), blank `td.nump` cells."""
    concept = {"30-59 Days Past Due": "FinancingReceivableRecordedInvestment30To59DaysPastDue",
               "60-89 Days Past Due": "FinancingReceivableRecordedInvestment60To89DaysPastDue",
               "90 Days or More Past Due": "FinancingReceivableRecordedInvestmentEqualToGreaterThan90DaysPastDue",
               "Total Past Due": "FinancingReceivableRecordedInvestmentPastDue",
               "Current": "FinancingReceivableRecordedInvestmentCurrent",
               "Total loans": "NotesReceivableGross"}
    rows = []
    for name, block in BLOCKS.items():
        if name:
            rows.append(f'<tr class="rh"><td class="pl"><a class="a">{name} [Member]</a></td>'
                        '<td class="text">&#160;</td><td class="text">&#160;</td></tr>')
        for label, vals in block.items():
            tds = "".join(f'<td class="nump">{"&#160;" if v is None else f"{v:,}"}</td>' for v in vals)
            rows.append(f'<tr class="re"><td class="pl"><a class="a" href="javascript:void(0);" '
                        f"onclick=\"Show.showAR( this, 'defref_us-gaap_{concept[label]}', window );\">{label}</a>"
                        f"</td>{tds}</tr>")
    return ('<html><body><table class="report"><tr><th class="tl" colspan="1" rowspan="1"><div><strong>'
            "Loans - Past Due Financing Receivables (Details) - USD ($)<br/>$ in Thousands</strong></div></th>"
            '<th class="th">Dec. 31, 2023</th><th class="th">Dec. 31, 2022</th></tr>' + "".join(rows)
            + "</table></body></html>")


def test_repeated_blocks_on_an_r_page_with_member_rows_and_blank_cells():
    _check_blocks(facts("R24.htm", repeated_blocks_r_page()))


# ---------------------------------------------------------------------------------------------
# An R page rendering with three- and nine-month columns and member blocks whose blank cells
# are left out: placed where the rollforward proves one placement, left out where it cannot
# ---------------------------------------------------------------------------------------------
MEMBER_BLOCKS_CELLS_LEFT_OUT = """|
Loans and Allowance for Credit Losses (Allowance for Credit Losses on Financing Receivables) (Details) - USD ($)
$ in Thousands
|3 Months Ended
|9 Months Ended
|
Sep. 30, 2021
|
Sep. 30, 2020
|
Sep. 30, 2021
|
Sep. 30, 2020
|Allowance for credit losses allocated to:
|Beginning balance
|$ 15,088
|$ 11,090
|$ 13,888
|$ 10,507
|Charge-offs
|(56)
|(101)
|(167)
|(1,018)
|Recoveries
|203
|288
|439
|438
|Net (charge-offs) recoveries
|147
|187
|272
|(580)
|Provision
|290
|1,500
|1,365
|2,850
|Ending balance
|15,525
|12,777
|15,525
|12,777
|Construction Loans [Member]
|Allowance for credit losses allocated to:
|Beginning balance
|2,022
|1,576
|Recoveries
|171
|13
|Net (charge-offs) recoveries
|171
|13
|Provision
|428
|(31)
|Ending balance
|2,621
|1,558
|2,621
|1,558
|Residential Portfolio Segment [Member]
|Allowance for credit losses allocated to:
|Beginning balance
|3,812
|2,639
|3,699
|2,501
|Charge-offs
|(10)
|(201)
|Recoveries
|9
|199
|72
|206
|Net (charge-offs) recoveries
|9
|189
|72
|5
|Provision
|77
|456
|127
|778
|Ending balance
|3,898
|3,284
|3,898
|3,284
|Commercial Portfolio Segment [Member]
|Allowance for credit losses allocated to:
|Beginning balance
|1,879
|2,355
|2,089
|1,929
|Charge-offs
|(55)
|(89)
|(162)
|(208)
|Recoveries
|26
|81
|122
|205
|Net (charge-offs) recoveries
|(29)
|(8)
|(40)
|(3)
|Provision
|2
|(126)
|(197)
|295
|Ending balance
|1,852
|2,221
|1,852
|2,221
"""


def test_member_blocks_with_cells_left_out_are_placed_only_where_the_arithmetic_decides():
    r = extract_bytes([("R52.txt", MEMBER_BLOCKS_CELLS_LEFT_OUT.encode())])
    f = r.facts
    whole = pick(f, segment="")
    assert len(pick(whole, metric="allowance_end")) == 4
    q21 = pick(whole, period_start="2021-07-01")
    # "Net (charge-offs) recoveries" of 147 beside charge-offs of (56): a net recovery
    assert one(q21, metric="net_write_off")["value"] == -147_000
    assert one(pick(whole, period_start="2020-01-01"), metric="net_write_off")["value"] == 580_000
    resid = pick(f, segment="Residential Portfolio Segment")
    co = pick(resid, metric="write_off")
    assert sorted(zip(map(str, co["period_start"]), co["value"], strict=True)) == [
        ("2020-01-01", 201_000), ("2020-07-01", 10_000), ("2021-01-01", 0), ("2021-07-01", 0)]
    assert all("footing" in n for n in co["note"])
    # construction: two figures that fit the quarter's and the nine months' columns alike
    construction = pick(f, segment="Construction Loans")
    assert set(construction["metric"]) == {"allowance_end"}
    assert "left out" in r.sources["message"].iloc[0]
    ties = run_checks(f)
    ties = ties[ties["check"] == "allowance rollforward ties"]
    assert len(ties) == 12 and set(ties["status"]) == {"ok"}


# ---------------------------------------------------------------------------------------------
# An R page rendering stacking the loan allowance, the liability for unfunded commitments and
# their sum over 3-, 9- and 12-month columns; the flows print no 12-month figure
# ---------------------------------------------------------------------------------------------
STACKED_WITH_YEAR_COLUMN = """|
Credit Losses - Activity (Details) - USD ($)
$ in Thousands
|3 Months Ended
|9 Months Ended
|12 Months Ended
|
Sep. 30, 2024
|
Sep. 30, 2023
|
Sep. 30, 2024
|
Sep. 30, 2023
|
Dec. 31, 2023
|Financing Receivable, Allowance for Credit Loss [Roll Forward]
|Allowance for Credit Loss, Beginning Balance
|$ 158,557
|$ 158,685
|$ 162,395
|$ 150,136
|$ 150,136
|Provision for credit losses on loans
|11,861
|13,343
|26,657
|35,155
|Loans charged off
|11,757
|11,926
|34,790
|29,812
|Recoveries on Loans
|2,178
|2,142
|6,577
|6,765
|Net loan charge-offs (recoveries)
|9,579
|9,784
|28,213
|23,047
|Allowance for Credit Loss, Ending Balance
|160,839
|162,244
|160,839
|162,244
|162,395
|Liability for Unfunded Lending Commitments, Beginning Balance
|20,705
|29,235
|25,246
|33,120
|33,120
|Provision for credit losses on unfunded lending commitments
|(2,721)
|(1,698)
|(7,262)
|(5,583)
|Liability for Unfunded Lending Commitments, Ending Balance
|17,984
|27,537
|17,984
|27,537
|25,246
|ALLOWANCE FOR CREDIT LOSSES ON LOANS AND LIABILITY FOR UNFUNDED LENDING COMMITMENTS
|178,823
|189,781
|178,823
|189,781
"""


def test_stacked_reserves_over_three_nine_and_twelve_month_columns():
    r = extract_bytes([("R45.txt", STACKED_WITH_YEAR_COLUMN.encode())])
    assert r.sources["message"].iloc[0] == ""
    f = r.facts
    assert set(f["segment"]) == {""}
    loans = pick(f, population="Allowance for Credit Loss")
    nine = pick(loans, period_start="2024-01-01", period_end="2024-09-30")
    assert one(nine, metric="allowance_begin")["value"] == 162_395_000
    assert one(nine, metric="write_off")["value"] == 34_790_000  # printed positive: an amount
    assert one(nine, metric="net_write_off")["value"] == 28_213_000
    year = pick(loans, period_start="2023-01-01", period_end="2023-12-31")
    assert set(year["metric"]) == {"allowance_begin", "allowance_end"}  # no flows printed for the year
    unfunded = pick(f, population="Liability for Unfunded Lending Commitments", period_start="2024-07-01")
    assert one(unfunded, metric="provision")["value"] == -2_721_000
    acl = f[f["population"].str.startswith("ALLOWANCE FOR CREDIT LOSSES ON LOANS AND LIABILITY")]
    assert sorted(acl["value"]) == [178_823_000, 178_823_000, 189_781_000, 189_781_000]
    checks = run_checks(f)
    ties = checks[checks["check"] == "allowance rollforward ties"]
    assert len(ties) == 8 and set(ties["status"]) == {"ok"}
    assert checks[checks["check"] == "one unsegmented total per metric and date"].empty


UNFUNDED_PAGE = """|
Credit Losses - Unfunded Commitments (Details) - Reserve for unfunded commitments - USD ($)
$ in Thousands
|3 Months Ended
|9 Months Ended
|
Sep. 30, 2021
|
Sep. 30, 2020
|
Sep. 30, 2021
|
Sep. 30, 2020
|Reserve for unfunded commitments:
|Reserve for unfunded commitments, beginning balance
|$ 29,222
|$ 23,204
|$ 30,603
|$ 600
|Increase (decrease) in Provision
|3,300
|1,400
|1,919
|7,704
|Reserve for unfunded commitments, ending balance
|32,522
|24,604
|32,522
|24,604
|Commercial and Industrial
|Reserve for unfunded commitments:
|Reserve for unfunded commitments, beginning balance
|12,808
|8,181
|11,719
|Increase (decrease) in Provision
|446
|1,212
|1,535
|4,003
|Reserve for unfunded commitments, ending balance
|13,254
|9,393
|13,254
|9,393
"""


def test_a_title_member_population_and_a_blank_in_a_column_that_cannot_tie():
    r = extract_bytes([("R51.txt", UNFUNDED_PAGE.encode())])
    f = r.facts
    assert set(f["population"]) == {"Reserve for unfunded commitments"}
    assert set(f["segment"]) == {"", "Commercial and Industrial"}
    ci = pick(f, segment="Commercial and Industrial", metric="allowance_begin")
    # three openings printed for four columns: the nine months of 2020 cannot tie without the
    # missing one, so the three go where the others tie and that blank stays unread
    assert sorted(zip(map(str, ci["period_start"]), ci["value"], strict=True)) == [
        ("2020-07-01", 8_181_000), ("2021-01-01", 11_719_000), ("2021-07-01", 12_808_000)]
    assert len(pick(f, segment="Commercial and Industrial", metric="provision")) == 4


def test_footing_declines_what_it_cannot_decide():
    from dashboard.extract.footing import place_short_rows
    from dashboard.model.numbers import Number

    def num(v: float) -> Number:
        return Number(float(v), str(v))

    # two equal segments: the lone charge-off could be either one's
    rows = [[num(10), num(10), num(20)], [num(-1), num(-1)], [num(10), num(9), num(19)]]
    roles = ["begin", "write_off", "end"]
    assert place_short_rows(rows, roles, 3, parts=(0, 1), total=2) != {}  # (0, 2): the first segment's
    tie = [[num(10), num(10), num(20)], [num(-1), num(-1)], [num(10), num(10), num(19)]]
    # the rollforward cannot tell which segment's; the Total's figure is the Total's either way
    tied = place_short_rows(tie, roles, 3, parts=(0, 1), total=2)
    assert list(tied) == [1] and [v if v is None else v.value for v in tied[1].values] == [None, None, -1]
    # far too many ways to place many short rows of many lengths: declined, not searched
    n = 14
    wide = [[num(i) for i in range(n)], *([num(1)] * k for k in (3, 5, 7, 9, 11, 2, 4, 6, 8, 10)),
            [num(i) for i in range(n)]]
    assert place_short_rows(wide, ["begin", *["provision"] * 10, "end"], n) == {}


# ---------------------------------------------------------------------------------------------
# An R page rendering: population in the title, aging members over a balance row, a member
# "Current-29 days past due" that holds current loans too
# ---------------------------------------------------------------------------------------------
AGING_MEMBERS = """|
Loans - Acquired Impaired Loans by Delinquency (Details) - Receivables Acquired with Deteriorated Credit Quality [Member] - USD ($)
$ in Millions
|
Mar. 31, 2017
|
Dec. 31, 2016
|Total Commercial [Member]
|By delinquency status:
|Over 90 DPD and still accruing
|$ 25
|$ 29
|PCI loans
|363
|677
|Commercial and Industrial Loans [Member]
|By delinquency status:
|Over 90 DPD and still accruing
|0
|0
|PCI loans
|177
|237
|Current-29 days past due (DPD) and still accruing [Member] | Total Commercial [Member]
|By delinquency status:
|PCI loans
|336
|636
|30-89 days past due and still accruing [Member] | Total Commercial [Member]
|By delinquency status:
|PCI loans
|2
|12
"""


def test_aging_members_over_a_balance_row_and_a_population_title():
    f = facts("R78.txt", AGING_MEMBERS)
    assert set(f["population"]) == {"Receivables Acquired with Deteriorated Credit Quality"}
    whole = pick(f, segment="", period_end="2017-03-31")
    assert one(whole, metric="total_loans")["value"] == 363e6
    assert one(whole, metric="past_due_90_accruing")["value"] == 25e6
    assert one(whole, metric="past_due", days_from=0)["value"] == 336e6  # current through 29 days
    assert one(whole, metric="past_due", days_from=30)["value"] == 2e6
    # 0-29 days holds current loans: no total past due is derived from it
    assert pick(f, metric="past_due_total").empty
    assert one(f, segment="Commercial and Industrial Loans", metric="total_loans",
               period_end="2016-12-31")["value"] == 237e6
