"""Rollforwards whose rendering glues each row's label to its figures ("XML … IDEA" pages of
2022-2024): "Balance as of December 31, 2019$5,395 $1,038 …", a year glued to the first figure
("Balance as of January 1, 20208,098 1,540 …"), negatives glued to each other and to the label
("     Charge-offs(3,481)(1,211)(48)(4,740)"), a footnote marker ending its line
("Recoveries(1)" / "1,525 935 46 2,506"). Real pages: a card issuer's 10-K 2022 and 10-K 2023
(EDGAR 927628, R34 and R37): before, the first gave its FY2020 flows as dated January 1,
2020 (the restated opening balance "as of January 1, 2020" closed a period) and the second
gave nothing. The second also heads both of its blocks "Year Ended December 31, 2023" and is
cut off before its second block's closing balance: the opening balances' own dates say the
blocks are FY2021 and FY2022. The pages here are invented in that layout, with other figures.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extract.parsers.renderings import split_glued_header, split_run_together
from dashboard.extract.pipeline import extract_bytes
from tests.conftest import CORPUS, need


def _whole(text: str) -> dict[tuple[str, str, str], float]:
    f = extract_bytes([("R40.txt", text.encode())]).facts
    w = f[(f["segment"].fillna("") == "") & (f["period_start"].notna())]
    return {(r.metric, str(r.period_start)[:10], str(r.period_end)[:10]): r.value for r in w.itertuples()}


def test_a_glued_row_splits_into_its_label_and_figures() -> None:
    assert split_run_together("Balance as of December 31, 2019$5,395 $1,038 $775 $7,208 ") == \
        "Balance as of December 31, 2019 | $5,395 | $1,038 | $775 | $7,208"
    assert split_run_together("Balance as of January 1, 20208,098 1,540 877 10,515 ") == \
        "Balance as of January 1, 2020 | 8,098 | 1,540 | 877 | 10,515"
    assert split_run_together("     Charge-offs(3,481)(1,211)(48)(4,740)") == \
        "Charge-offs | (3,481) | (1,211) | (48) | (4,740)"
    # an empty cell printed as a lone "$"
    assert split_run_together("Loans evaluated on an individual basis$8,055 $ $ $ $8,055 ") == \
        "Loans evaluated on an individual basis | $8,055 | $8,055"
    # a footnote marker set off from the label stays with it
    assert split_run_together("Written options (2)(310)9,000 3,000") == "Written options (2) | (310) | 9,000 | 3,000"
    # no figures in a row, or a year in a sentence: unchanged
    for line in ("Recoveries(1)", "in 2022 and 2023", "Balance at December 31, 2019 and 2018 5,000 6,000"):
        assert split_run_together(line) == line


ADOPTION = """XML 59 R34.htm IDEA: XBRL DOCUMENT v3.22.4
Allowance for Credit Losses (Tables)
12 Months Ended
Dec. 31, 2022
Allowance for Credit Losses on Financing Receivables
The table below summarizes changes in the allowance for credit losses by portfolio segment for the years ended December 31, 2022, 2021 and 2020.
(Dollars in millions)Credit CardConsumer BankingTotal
Allowance for credit losses:
Balance as of December 31, 2019$4,000 $1,000 $5,000
Cumulative effects from adoption of the CECL standard2,000 500 2,500
Balance as of January 1, 20206,000 1,500 7,500
Charge-offs
(3,000)(1,000)(4,000)
Recoveries(1)
1,000 300 1,300
Net charge-offs(2,000)(700)(2,700)
Provision for credit losses4,000 1,200 5,200
Balance as of December 31, 2020$8,000 $2,000 $10,000
"""


def test_a_restated_opening_balance_is_a_line_inside_the_year() -> None:
    got = _whole(ADOPTION)
    year = ("2020-01-01", "2020-12-31")
    assert {m: got.get((m, *year)) for m in ("allowance_begin", "write_off", "recovery", "provision",
                                              "allowance_end")} == {
        "allowance_begin": 5_000e6, "write_off": 4_000e6, "recovery": 1_300e6, "provision": 5_200e6,
        "allowance_end": 10_000e6}
    # the restated balance neither closes a period nor counts as a flow
    assert not [k for k, v in got.items() if v == 7_500e6]
    assert not [k for k in got if k[1] == k[2]]


SAME_HEADING = """XML 67 R37.htm IDEA: XBRL DOCUMENT v3.24.0.1
Allowance for Credit Losses (Tables)
12 Months Ended
Dec. 31, 2023
Allowance for Credit Losses on Financing Receivables
Table 4.1: Allowance for Credit Losses Activity
Year Ended December 31, 2023
(Dollars in millions)Credit CardConsumer BankingTotal
Allowance for credit losses:
Balance as of December 31, 2020$9,000 $2,000 $11,000
     Charge-offs(3,000)(1,000)(4,000)
     Recoveries(1)
1,500 500 2,000
Net charge-offs(1,500)(500)(2,000)
Benefit for credit losses(1,000)(500)(1,500)
Balance as of December 31, 20216,500 1,000 7,500
Year Ended December 31, 2023
(Dollars in millions)Credit CardConsumer BankingTotal
Allowance for credit losses:
Balance as of December 31, 2021$6,500 $1,000 $7,500
     Charge-offs(4,000)(1,500)(5,500)
     Recoveries(1)
1,000 700 1,700
Net charge-offs(3,000)(800)(3,800)
Provision (benefit) for credit losses4,000 1,000 5,000
Balance as of Decemb"""


def test_blocks_under_one_heading_take_their_opening_balances_dates() -> None:
    got = _whole(SAME_HEADING)
    fy21, fy22 = ("2021-01-01", "2021-12-31"), ("2022-01-01", "2022-12-31")
    assert got[("allowance_begin", *fy21)] == 11_000e6
    assert got[("write_off", *fy21)] == 4_000e6
    assert got[("provision", *fy21)] == -1_500e6
    assert got[("allowance_end", *fy21)] == 7_500e6
    assert got[("allowance_begin", *fy22)] == 7_500e6
    assert got[("write_off", *fy22)] == 5_500e6
    assert got[("recovery", *fy22)] == 1_700e6
    assert got[("provision", *fy22)] == 5_000e6
    assert not [k for k in got if k[2].startswith("2023")]


def test_a_header_run_into_one_line_names_its_columns() -> None:
    # "(Dollars in millions)Credit CardConsumer BankingTotal": each column keeps its segment,
    # so a short row ("Other changes" / "12 12") is not summed over unnamed columns
    assert split_glued_header("(Dollars in millions)Credit CardConsumer BankingTotal") == \
        "(Dollars in millions) | Credit Card | Consumer Banking | Total"
    for line in ("ConstructionCommercial Small Business Leases", "McDonald and LendingTree", "Table 4.1: Activity"):
        assert split_glued_header(line) == line
    f = extract_bytes([("R40.txt", SAME_HEADING.encode())]).facts
    fy21 = f[f["period_start"].astype(str).str.startswith("2021")]
    begin = {r.segment or "": r.value for r in fy21[fy21["metric"] == "allowance_begin"].itertuples()}
    assert begin == {"Credit Card": 9_000e6, "Consumer Banking": 2_000e6, "": 11_000e6}


# an old "Details" page, a pipe per cell, whose member blocks leave empty cells out: an empty
# "Greater than 90 days and accruing" line before "Nonaccrual" is a line, not a member heading
# (EDGAR 1523854, 10-Q 2013 R37: before, the whole portfolio's current, total and nonaccrual
# were dropped and the members' "Total past due and nonaccrual" was read as 90+ days)
EMPTY_LINES = """|
Loans - Loan portfolio aging analysis (Details 4) (Loans Receivable, USD $)
In Thousands, unless otherwise specified
|
Jun. 30, 2013
|
Dec. 31, 2012
|Accounts, Notes, Loans and Financing Receivable [Line Items]
|30-59 days past due
|$ 1,000
|$ 1,100
|60-89 days past due
|500
|400
|Greater than 90 days and accruing
|300
|200
|Nonaccrual
|2,000
|1,500
|Total past due and nonaccrual
|3,800
|3,200
|Current
|100,000
|90,000
|Total
|103,800
|93,200
|
Commercial
|Accounts, Notes, Loans and Financing Receivable [Line Items]
|30-59 days past due
|60-89 days past due
|5
|Greater than 90 days and accruing
|Nonaccrual
|Total past due and nonaccrual
|5
|Current
|9,000
|8,000
|Total
|9,005
|8,000
|
Real estate loans commercial
|Accounts, Notes, Loans and Financing Receivable [Line Items]
|30-59 days past due
|60-89 days past due
|Greater than 90 days and accruing
|Nonaccrual
|1,700
|600
|Total past due and nonaccrual
|1,700
|600
|Current
|30,000
|31,000
|Total
|31,700
|31,600
"""


def test_an_empty_nonaccrual_or_accruing_line_is_a_line_not_a_member() -> None:
    f = extract_bytes([("R37.txt", EMPTY_LINES.encode())]).facts
    w = f[f["segment"].fillna("") == ""]
    got = {(r.metric, str(r.period_end)[:10]): r.value for r in w.itertuples() if r.metric != "past_due"}
    assert got[("current", "2013-06-30")] == 100_000e3
    assert got[("total_loans", "2013-06-30")] == 103_800e3
    assert got[("nonaccrual", "2013-06-30")] == 2_000e3
    assert got[("nonaccrual", "2012-12-31")] == 1_500e3
    # a member's "Total past due and nonaccrual" is no 90+ bucket
    assert not set(f.loc[f["days_from"].notna() & (f["days_from"] >= 90), "value"]) & {1_700e3, 600e3, 5e3}
    members = f[f["segment"].fillna("") != ""]
    assert set(members.loc[members["metric"] == "current", "value"]) == {9_000e3, 8_000e3, 30_000e3, 31_000e3}


def test_a_wrapped_header_cell_is_no_empty_line_real_page() -> None:
    # "|Accruing" / "loans" / "90+ days" / "past due" / "Nonaccrual" / "loans" / "that are" /
    # "current 1": a header cell's rest on lines without a pipe, over the second date's table
    name = "CIK109380_10Q_2021Q3_R27.txt"
    path = need(CORPUS / "real_banks" / "text_extracts" / name)
    f = extract_bytes([(name, path.read_bytes())]).facts
    ci = f[(f["metric"] == "current") & f["segment"].fillna("").str.endswith("Commercial and industrial")]
    assert {(str(r.period_end)[:10], r.value) for r in ci.itertuples()} == {
        ("2021-09-30", 13_191e6), ("2020-12-31", 13_388e6)}


def _cells_page(lines: list[str]) -> str:
    """A cell-per-line page: each cell between lone "|" lines."""
    return "\n".join(x for cell in lines for x in ("|", cell)) + "\n"


# a table of amounts each followed by its share, "$" and "%" in cells of their own (EDGAR
# 1519401, 10-Q 2018 R19: before, twice the columns were read and the Total column's current
# loans came out as a product's 23,086 instead of 726,003); "Delinquent accounts" titles the
# bucket lines under it and names no segment
SHARES = "|\nLoans (Tables)\n|9 Months Ended\nSep. 30, 2018\n" + _cells_page([
    "The aging of finance receivables by product is as follows:", "September 30, 2018",
    "Small", "Large", "Auto", "Retail", "Total", "In thousands", *["$", "%"] * 5,
    "Current", "$", "300,000", "80.0", "%", "$", "200,000", "90.0", "%", "$", "20,000", "70.0", "%",
    "$", "25,000", "75.0", "%", "$", "545,000", "82.0", "%",
    "1 to 29 days past due", "50,000", "13.3", "%", "15,000", "6.8", "%", "6,000", "20.0", "%",
    "5,000", "15.0", "%", "76,000", "11.4", "%",
    "Delinquent accounts",
    "30 to 59 days", "25,000", "6.7", "%", "7,000", "3.2", "%", "3,000", "10.0", "%",
    "3,000", "10.0", "%", "38,000", "5.7", "%"])


def test_a_share_beside_each_amount_is_no_column_of_amounts() -> None:
    f = extract_bytes([("R19.txt", SHARES.encode())]).facts
    whole = f[f["segment"].fillna("") == ""]
    got = {(r.metric, int(r.days_from) if pd.notna(r.days_from) else None, r.value) for r in whole.itertuples()}
    assert got >= {("current", None, 545_000e3), ("past_due", 1, 76_000e3), ("past_due", 30, 38_000e3)}
    assert not {80.0, 82.0, 11.4} & set(f["value"])
    assert not {20_000e3, 25_000e3, 6_000e3} & set(whole["value"])
    current = f[(f["metric"] == "current") & (f["segment"].fillna("") != "")]
    assert current.set_index("segment")["value"].to_dict() == {
        "Small": 300_000e3, "Large": 200_000e3, "Auto": 20_000e3, "Retail": 25_000e3}


# "Allowance Activity:" and "Charge off Activity:" title the two parts of one rollforward; the
# charge-off part gives the gross "Principal balances", the recoveries and their net (EDGAR
# 1012704, 10-Q 2011 R8: before, every figure came out only as a segment named after its
# section heading, and the gross charge-offs not at all)
SECTIONS = "|\nAllowance For Credit Losses\n" + _cells_page([
    "The following table sets forth the rollforward of the allowance for credit losses:",
    "Three Months Ended", "September 30,", "2011", "2010", "(In thousands)", "Allowance Activity:",
    "Balance, beginning of period", "$", "200,000", "$", "190,000",
    "Provision for credit losses", "50,000", "40,000",
    "Net charge-offs", "(45,000", ")", "(30,000", ")",
    "Balance, end of period", "205,000", "200,000",
    "Charge off Activity:",
    "Principal balances", "(80,000", ")", "(55,000", ")",
    "Recoveries, net", "35,000", "25,000",
    "Net charge-offs", "(45,000", ")", "(30,000", ")"])


def test_section_headings_of_a_rollforward_name_no_segment() -> None:
    f = extract_bytes([("R8.txt", SECTIONS.encode())]).facts
    assert set(f["segment"].fillna("")) == {""}
    got = {(r.metric, str(r.period_start)[:10]): r.value for r in f.itertuples()}
    assert got[("allowance_begin", "2011-07-01")] == 200_000e3
    assert got[("write_off", "2011-07-01")] == 80_000e3
    assert got[("write_off", "2010-07-01")] == 55_000e3
    assert got[("recovery", "2010-07-01")] == 25_000e3
    assert got[("allowance_end", "2010-07-01")] == 200_000e3


def _spaced(label: str, cells: list[str]) -> list[str]:
    """A row of the spacer rendering: each cell opens with a " " line; "$" before a balance,
    a blank line after a figure; an empty cell is the spacer, "$" and a blank line."""
    out = [label]
    for c in cells:
        if c == "":
            out += [" ", "$", ""]
        elif c.startswith("("):
            out += [" ", c.rstrip(")"), ")"]
        else:
            out += [" ", c, ""]
    return out


# a rollforward whose "Unallocated" column is empty on most rows, each empty cell printed as
# the spacer, "$" and a blank line (EDGAR 920112, 10-Q 2014 R13: before, those rows read 6
# figures for 7 columns and Q1 2014's provision 6,331 and closing 38,573 were missed)
SPACED = "\n".join([
    "XML 67 R13.htm IDEA: XBRL DOCUMENT v2.4.0.8", "Allowance for Loan Losses", "3 Months Ended",
    "Mar. 31, 2014", "Allowance for Loan Losses",
    "Changes in the allowance for loan losses for the three months ended March 31, 2014, were as follows:",
    " ", "Commercial", " ", "Consumer", " ", "Unallocated", " ", "Total",
    *_spaced("Balance at December 31, 2013", ["10,000", "5,000", "", "15,000"]),
    *_spaced("Charge-offs", ["(2,000)", "(1,000)", "", "(3,000)"]),
    *_spaced("Recoveries", ["100", "200", "", "300"]),
    *_spaced("Provision", ["1,900", "300", "200", "2,400"]),
    *_spaced("Balance at March 31, 2014", ["10,000", "4,500", "200", "14,700"]),
    " ", " "]) + "\n"


def test_an_empty_cell_printed_as_a_spacer_keeps_its_column() -> None:
    f = extract_bytes([("R13.txt", SPACED.encode())]).facts
    q1 = f[f["period_start"].astype(str).str.startswith("2014-01-01")]
    whole = {r.metric: r.value for r in q1.itertuples() if (r.segment or "") == ""}
    assert whole == {"allowance_begin": 15_000, "write_off": 3_000, "recovery": 300,
                     "provision": 2_400, "allowance_end": 14_700}
    unalloc = {r.metric: r.value for r in q1.itertuples() if r.segment == "Unallocated"}
    assert unalloc["provision"] == 200 and unalloc["allowance_end"] == 200


# one line repeated under each aging component's member heading, the whole line first with no
# member (EDGAR 889123, 10-K 2012 R41: before, the current loans 38,992,000 and the total
# 60,870,000 were missed; the buckets alone came out)
MEMBER_LINES = """|
Note 4 - Loans (Detail) - Loans Summarized by Payment Delinquency (USD $)
|
Dec. 31, 2012
|
Dec. 31, 2011
|Secured loans – principal
|$ 50,000,000
|$ 60,000,000
|
Past Due 30-89 Days [Member]
|Secured loans – principal
|1,000,000
|2,000,000
|
Past Due 90 Days or More [Member]
|Secured loans – principal
|9,000,000
|8,000,000
|
Past Due [Member]
|Secured loans – principal
|10,000,000
|10,000,000
|
Current [Member]
|Secured loans – principal
|$ 40,000,000
|[1]
|$ 50,000,000
|[1]
"""


def test_member_headings_name_the_line_repeated_under_them() -> None:
    f = extract_bytes([("R41.txt", MEMBER_LINES.encode())]).facts
    at = f[f["period_end"].astype(str).str.startswith("2012")]
    got = {(r.metric, int(r.days_from) if pd.notna(r.days_from) else None): r.value for r in at.itertuples()}
    assert got == {("total_loans", None): 50_000_000, ("past_due", 30): 1_000_000, ("past_due", 90): 9_000_000,
                   ("past_due_total", None): 10_000_000, ("current", None): 40_000_000}
