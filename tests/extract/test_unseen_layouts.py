"""Layouts of real EDGAR credit notes that the shared corpus does not hold, each modelled here
on the real page named in its test (figures invented, layout as found), beside the ../shared
real pages of the same family that must stay right.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.extract.pipeline import extract_bytes, extract_paths
from tests.conftest import CORPUS, need, one, pick

LENDERS = CORPUS / "real_lenders" / "text_extracts"
BANKS = CORPUS / "real_banks" / "text_extracts"


def facts(name: str, text: str) -> pd.DataFrame:
    r = extract_bytes([(name, text.encode())])
    return r.facts


def whole(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["segment"] == "") & (f["population"] == "")]


# PNC's 10-Q for Q3 2019, R27 ("Rollforward of Allowance for Loan and Lease Losses and Associated
# Loan Data", sec.gov/Archives/edgar/data/713676/000071367619000073/R27.htm): bare years over two
# groups of segment columns whose names break over two lines, the period's month and day in a
# heading without a year, balances named by the day only, and the same day again further down
# for the allowance's allocation and the loans behind it.
BARE_YEARS_OVER_GROUPS = """|Rollforward of Allowance for Loan and Lease Losses and Associated Loan Data
|
Table 40: Rollforward of Allowance for Loan and Lease Losses and Associated Loan Data
2021
2020
At or for the six months ended June 30
Dollars in millions
Business
Lending
Retail
Lending
Total
Business
Lending
Retail
Lending
Total
Allowance for Loan and Lease Losses
January 1
$
1,000
$
500
$
1,500
$
900
$
450
$
1,350
Charge-offs
(100
)
(200
)
(300
)
(80
)
(150
)
(230
)
Recoveries
40
60
100
30
50
80
Net (charge-offs)
(60
)
(140
)
(200
)
(50
)
(100
)
(150
)
Provision for credit losses
120
160
280
70
110
180
Net (increase) / decrease in allowance for unfunded loan
commitments and letters of credit
(10
)
2
(8
)
4
1
5
June 30
$
1,050
$
522
$
1,572
$
924
$
461
$
1,385
Loan Portfolio
June 30
$
90,000
$
60,000
$
150,000
$
80,000
$
55,000
$
135,000
"""


def test_bare_years_over_segment_groups_with_day_named_balances():
    f = facts("R27.htm.txt", BARE_YEARS_OVER_GROUPS)
    w = whole(f)
    for end, begin, wo, rec, prov, other, close in (
            ("2021-06-30", 1_500, 300, 100, 280, -8, 1_572), ("2020-06-30", 1_350, 230, 80, 180, 5, 1_385)):
        at = {"period_end": end, "period_start": end[:4] + "-01-01"}
        assert one(w, metric="allowance_begin", **at)["value"] == begin * 1e6
        assert one(w, metric="write_off", **at)["value"] == wo * 1e6
        assert one(w, metric="recovery", **at)["value"] == rec * 1e6
        assert one(w, metric="provision", **at)["value"] == prov * 1e6
        # the transfer to the reserve for commitments is a movement, never the closing balance
        assert one(w, metric="allowance_other", **at)["value"] == other * 1e6
        # the second "June 30" holds the loans: never the allowance
        assert one(w, metric="allowance_end", **at)["value"] == close * 1e6
    # the split names are joined again, once per group
    assert set(pick(f, metric="allowance_begin")["segment"]) == {"", "Business Lending", "Retail Lending"}


def test_period_groups_and_day_named_balances_on_real_pages_stay_right():
    # Ford Credit's "Second Quarter 2019 | First Half 2019" over "Consumer | Non-Consumer | Total"
    # and PACCAR's "Balance at January 1" under one year: the neighbours of the layout above
    f = whole(extract_paths([need(LENDERS / "CIK37996_10Q_2020Q2_R47.txt")]).facts)
    assert not pick(f, metric="allowance_end", period_end="2020-06-30").empty
    g = whole(extract_paths([need(LENDERS / "CIK75362_10Q_2021Q3_R26.txt")]).facts)
    assert one(g, metric="allowance_begin", period_end="2021-09-30")["value"] == 127.0
    assert one(g, metric="allowance_end", period_end="2021-09-30")["value"] == 121.7


# World Acceptance-style finance company 10-Q for Q3 2014, R21 (CIK1519401,
# sec.gov/Archives/edgar/data/1519401/000119312514406328/R21.htm): a second charge-off line
# ("Charge-offs (180+ policy change)") printed "—" in the prior year's columns; and the 20-F of
# CIK1733868 FY2019 R43 (sec.gov/Archives/edgar/data/1733868/000121390020010115/R43.htm), whose
# "Loss recoveries" stand beside a "Recoveries" line of dashes.
TWO_LINES_OF_ONE_ROLE = """|
|Summary of Changes in Allowance for Credit Losses
|
Changes in the allowance for credit losses for the periods indicated are as follows:
|
|
|Three Months Ended
September 30,
|
|
|Nine Months Ended
September 30,
|
|
|
|2016
|
|
|2015
|
|
|2016
|
|
|2015
|
Balance at beginning of period
|
|$
|20,000
|
|
|$
|15,000
|
|
|$
|18,000
|
|
|$
|14,000
|
Provision for credit losses
|
|
|9,000
|
|
|
|6,000
|
|
|
|25,000
|
|
|
|16,000
|
Charge-offs
|
|
|(7,000
|)
|
|
|(5,000
|)
|
|
|(20,000
|)
|
|
|(14,500
|)
Charge-offs (policy change)
|
|
|(1,500
|)
|
|
|
—
|
|
|
|(1,500
|)
|
|
|
—
|
Recoveries
|
|
|500
|
|
|
|400
|
|
|
|1,500
|
|
|
|900
|
Recoveries, other
|
|
|
—
|
|
|
|
—
|
|
|
|
—
|
|
|
|
—
|
Balance at end of period
|
|$
|21,000
|
|
|$
|16,400
|
|
|$
|23,000
|
|
|$
|16,400
|
"""


def test_two_lines_of_one_role_are_summed_when_the_rollforward_foots_and_nil_lines_are_neutral():
    f = whole(facts("R21.htm.txt", TWO_LINES_OF_ONE_ROLE))
    q3_16 = {"period_end": "2016-09-30", "period_start": "2016-07-01"}
    wo = one(f, metric="write_off", **q3_16)
    assert wo["value"] == 8_500  # 20,000 + 9,000 - 7,000 - 1,500 + 500 = 21,000
    assert "2 lines of one role" in wo["note"] and "foots" in wo["note"]
    assert wo["verified_by"] == "rollforward"
    assert one(f, metric="write_off", period_end="2016-09-30", period_start="2016-01-01")["value"] == 21_500
    # the prior year's policy-change line is nil: the other line is the charge-off
    assert one(f, metric="write_off", period_end="2015-09-30", period_start="2015-07-01")["value"] == 5_000
    assert one(f, metric="write_off", period_end="2015-09-30", period_start="2015-01-01")["value"] == 14_500
    assert one(f, metric="recovery", period_end="2015-09-30", period_start="2015-01-01")["value"] == 900


def test_two_lines_that_do_not_foot_together_are_not_summed():
    # the same page with a closing balance that the sum does not reach: nothing proves the sum
    text = TWO_LINES_OF_ONE_ROLE.replace("|21,000", "|22,500")
    f = whole(facts("R21.htm.txt", text))
    assert pick(f, metric="write_off", period_end="2016-09-30", period_start="2016-07-01").empty


def test_unnamed_class_columns_beside_their_total_stay_parts():
    # CIK1127371 (real_banks): a lost header over four classes and their Total; the Total is the
    # sum of the others and stays whole, which the lines-of-one-role rule must not disturb
    f = whole(extract_paths([need(BANKS / "CIK1127371_10K_FY2013_R14.txt")]).facts)
    ends = pick(f, metric="allowance_end", period_end="2013-12-31")
    assert set(ends["value"]) == {9_208_000}


def _idea(cells: list[str]) -> str:
    """An "XML … IDEA" rendering: one cell a line, a blank line and a spacer cell between."""
    return "\n".join(f"{c}\n\n \n" for c in cells)


# An IFRS 9 filer's R48 "Loans receivables, net of credit impairment losses (Tables)" (FR35394,
# a financialreports.eu copy of a 10-K R page for FY2019): the allowance is called "credit
# impairment losses", its balances "… as at January 1" / "… as at December 31" by day only over
# bare year columns, the provision "Charge to statement of profit", the day-one change "Changes
# on initial application of IFRS 9", and the scale "RMB’000" with a typographic apostrophe.
IFRS9 = ("XML 64 R48.htm IDEA: XBRL DOCUMENT v3.20.2\n"
         "Loans receivables, net of credit impairment losses (Tables)\n12 Months Ended\nDec. 31, 2019\n"
         + _idea(["Schedule of loans receivables", "As at December 31,", "2018", "2019", "RMB’000", "RMB’000",
                  "Gross loans receivable", "900,000", "1,000,000",
                  "Less: Credit impairment losses", "(300,000 )", "(320,000 )",
                  "Loans receivable, net of credit impairment losses", "600,000", "680,000",
                  "Schedule of changes in credit impairment losses of loans receivable",
                  "As at December 31,", "2018", "2019", "RMB’000", "RMB’000",
                  "Credit impairment losses as at January 1", "20,000", "300,000",
                  "Changes on initial application of IFRS 9", "200,000", "-",
                  "Charge to statement of profit", "81,000", "25,000",
                  "Write-off", "(1,000 )", "(5,000 )",
                  "Credit impairment losses as at December 31", "300,000", "320,000"]))


def test_ifrs9_credit_impairment_losses_rollforward():
    f = whole(facts("R48.htm.txt", IFRS9))
    y18 = {"period_end": "2018-12-31", "period_start": "2018-01-01"}
    # the opening balance is the one before the day-one change, which is its own line
    assert one(f, metric="allowance_begin", **y18)["value"] == 20_000_000
    assert one(f, metric="allowance_adoption_adjustment", **y18)["value"] == 200_000_000
    assert one(f, metric="provision", **y18)["value"] == 81_000_000
    assert one(f, metric="write_off", **y18)["value"] == 1_000_000
    assert set(pick(f, metric="allowance_end", period_end="2018-12-31")["value"]) == {300_000_000}
    assert one(f, metric="provision", period_end="2019-12-31")["value"] == 25_000_000
    for metric in ("allowance_begin", "provision", "write_off"):
        assert one(f, metric=metric, period_end="2019-12-31")["verified_by"] == "rollforward"
    # the loans "net of" the allowance are net loans, and each year's column is its own year
    assert one(f, metric="net_loans", period_end="2019-12-31")["value"] == 680_000_000
    assert one(f, metric="total_loans", period_end="2018-12-31")["value"] == 900_000_000


AGING_ROWS_AS_OF = """Loans receivable, net
The aging analysis of loans receivable by due date as of December 31, 2021 and 2022:
1-30 Days
31-60 Days
61-90 Days
Over 90 Days
Total Past Due
Current
Total
As of December 31, 2021
100
200
300
400
1,000
9,000
10,000
As of December 31, 2022
50
60
70
80
260
9,740
10,000
"""


def test_an_aging_row_dated_as_of_a_day_keeps_its_column_buckets():
    # the balance-day wording of the IFRS 9 rollforward ("… as at December 31") is an allowance
    # word only: an aging table's rows "As of December 31, 2021" stay the date of their buckets
    f = whole(facts("aging.txt", AGING_ROWS_AS_OF))
    assert one(f, metric="past_due", days_from=1, period_end="2021-12-31")["value"] == 100
    assert one(f, metric="past_due", days_from=91, period_end="2022-12-31")["value"] == 80


def test_adoption_line_on_a_real_page_stays_right():
    # Comerica (CIK49196) 10-Q Q1 2020 R27: the CECL cumulative effect beside the opening balance
    f = pick(extract_paths([need(BANKS / "CIK49196_10Q_2020Q1_R27.txt")]).facts, segment="", population="ALLL")
    assert one(f, metric="allowance_adoption_adjustment", period_end="2020-03-31")["value"] == 391_000_000
    assert one(f, metric="allowance_begin", period_end="2020-03-31")["value"] == 783_000_000


# A bank holding company's 10-Q Q3 2022 R16 "Guarantees" (CIK1471265,
# sec.gov/Archives/edgar/data/1471265/000147126522000115/R16.htm): the maximum potential amount
# is given in prose with the part of it that is collateralized in the same clause.
PROSE_OF_WHICH = """|
Guarantees
|9 Months Ended
Sep. 30, 2023
|Guarantees [Abstract]
|Guarantees
We issue standby letters of credit in the normal course of business. At September 30, 2023, the maximum potential amount of future payments we could be required to make under these standby letters of credit was $52.4 million, of which $40.1 million is fully collateralized. At September 30, 2023, we had a liability which represents deferred income of $650,000 related to the standby letters of credit.
"""


def test_of_which_gives_a_part_of_the_maximum_not_a_second_figure():
    f = facts("R16.htm.txt", PROSE_OF_WHICH)
    m = one(f, metric="max_exposure", period_end="2023-09-30")
    assert m["value"] == 52_400_000
    assert "$40.1 million" in m["note"] and "part" in m["note"]


def test_prose_maximum_on_real_pages_stays_right():
    # the prose maxima of CIK18230 and CIK788816 (real_lenders), one amount to one date
    f = extract_paths([need(LENDERS / "CIK18230_10Q_2023Q3_R19.txt")]).facts
    assert one(whole(f), metric="max_exposure", period_end="2023-09-30")["value"] == 383_000_000
    g = extract_paths([need(LENDERS / "CIK788816_10K_FY2012_R20.txt")]).facts
    assert one(whole(g), metric="max_exposure", period_end="2012-12-31")["value"] == 25_000_000


# A lender's 20-F FY2022 R14 "Loans receivable, net" (CIK1764757,
# sec.gov/Archives/edgar/data/1764757/000110465923053304/R14.htm): no pipes, the allowance printed
# negative, and two opening lines around the CECL adoption — "Beginning balance prior to ASC 326"
# and "Balance at beginning of the year" — with the adoption's impact between them.
OPENINGS_AROUND_ADOPTION = """|Loans receivable, net
|
The movement of the allowances for credit losses is as follows:
For the Year Ended December 31
2020
2021
RMB
RMB
Beginning balance prior to ASC 326
(1,000)
(1,300)
Impact of adoption of ASC 326
(400)
—
Balance at beginning of the year
(1,400)
(1,300)
Provision
(700)
(900)
Write‑offs
800
600
Balance at end of the year
(1,300)
(1,600)
"""


def test_the_period_opens_before_the_adoption_and_the_adjustment_is_its_own_line():
    f = whole(facts("R14.htm.txt", OPENINGS_AROUND_ADOPTION))
    y20 = {"period_end": "2020-12-31", "period_start": "2020-01-01"}
    begin = one(f, metric="allowance_begin", **y20)
    assert begin["value"] == 1_000 and "before the adoption" in begin["note"]
    assert one(f, metric="allowance_adoption_adjustment", **y20)["value"] == 400
    assert one(f, metric="allowance_begin_adjusted", **y20)["value"] == 1_400
    assert pick(f, metric="allowance_begin_before_adoption").empty
    # 1,000 + 400 + 700 - 800 = 1,300
    for metric in ("allowance_begin", "allowance_adoption_adjustment", "provision", "write_off", "allowance_end"):
        assert one(f, metric=metric, **y20)["verified_by"] == "rollforward"
    assert one(f, metric="allowance_begin", period_end="2021-12-31")["value"] == 1_300


def test_an_adoption_not_printed_is_the_difference_of_the_two_openings():
    text = OPENINGS_AROUND_ADOPTION.replace("Impact of adoption of ASC 326\n(400)\n—\n", "")
    f = whole(facts("R14.htm.txt", text))
    y20 = {"period_end": "2020-12-31", "period_start": "2020-01-01"}
    adj = one(f, metric="allowance_adoption_adjustment", **y20)
    assert adj["value"] == 400 and adj["verified_by"] == "derived" and "less the one before it" in adj["note"]
    assert one(f, metric="allowance_begin", **y20)["value"] == 1_000
    # where the two openings agree nothing is derived
    assert pick(f, metric="allowance_adoption_adjustment", period_end="2021-12-31").empty


def test_adjusted_openings_on_real_pages_stay_right():
    # Regions (CIK1281761) prints "January 1, 2020 (adjusted for change in accounting guidance)"
    # after its opening balance and the adjustment: the same convention
    f = whole(extract_paths([need(BANKS / "CIK1281761_10K_FY2020_R41.txt")]).facts)
    assert one(f, metric="allowance_begin", period_end="2020-12-31")["value"] == 869_000_000
    assert one(f, metric="allowance_adoption_adjustment", period_end="2020-12-31")["value"] == 438_000_000
    assert one(f, metric="allowance_begin_adjusted", period_end="2020-12-31")["value"] == 1_307_000_000


# Capital One's 10-K FY2022 R34 (CIK927628, sec.gov/Archives/edgar/data/927628/000092762823000117/R34.htm)
# prints a reclassification and "Other changes" with figures in one class column and the Total
# only; a rendering that loses the column names leaves each line's two figures placed by footing.
# The reconciling lines are one movement per column (never a sum across columns), and a line whose
# only figures are one class's and the Total's has one whole figure whichever column is the Total.
OTHER_LINES_IN_UNNAMED_COLUMNS = """|Allowance for Credit Losses (Tables)
|Allowance for credit losses activity (in millions)
|
|Balance as of December 31, 2019
|100
|50
|150
|Charge-offs
|(30)
|(10)
|(40)
|Recoveries
|5
|2
|7
|Provision for credit losses
|40
|20
|60
|Reserve reclassification
|12
|12
|Other changes
|3
|3
|Balance as of December 31, 2020
|130
|62
|192
"""


def test_reconciling_lines_are_one_movement_per_column():
    f = whole(facts("R34.htm.txt", OTHER_LINES_IN_UNNAMED_COLUMNS))
    at = {"period_end": "2020-12-31"}
    other = one(f, metric="allowance_other", **at)
    # 150 - 40 + 7 + 60 + 15 = 192: the Total's two lines, never both columns' four
    assert other["value"] == 15_000_000
    assert one(f, metric="allowance_end", **at)["value"] == 192_000_000
    assert other["verified_by"] == "rollforward"


def test_a_benefit_for_credit_losses_is_a_negative_provision():
    # Capital One's 10-K FY2023 R37 (CIK927628, sec.gov/Archives/edgar/data/927628/000092762824000094/R37.htm)
    # names 2021's release "Benefit for credit losses" (1,912); the "Allowance release" beside it
    # is the provision net of charge-offs, a derived line and no movement
    text = (OTHER_LINES_IN_UNNAMED_COLUMNS.replace("|Provision for credit losses\n|40\n|20\n|60",
                                                   "|Benefit for credit losses\n|(40)\n|(20)\n|(60)\n"
                                                   "|Allowance release for credit losses\n|(65)\n|(28)\n|(93)")
            .replace("|130\n|62\n|192", "|50\n|22\n|72"))
    f = whole(facts("R37.htm.txt", text))
    at = {"period_end": "2020-12-31"}
    prov = one(f, metric="provision", **at)
    assert prov["value"] == -60_000_000 and prov["verified_by"] == "rollforward"  # 150-40+7-60+15 = 72


def _pipe_rows(rows: list[tuple[str, list[str]]]) -> str:
    out = []
    for label, cells in rows:
        out.append(label)
        for c in cells:
            out.append(f"|\n|{c}" if not c.startswith("(") else f"|\n|{c[:-1]}\n|)")
    return "\n".join(out) + "\n"


# A consumer lender's 10-Q Q3 2011 R8 (CIK1012704,
# sec.gov/Archives/edgar/data/1012704/000119312511310717/R8.htm): the rollforward gives only the
# net charge-offs, printed in parentheses, under "Allowance Activity:"; the gross charge-offs
# follow under "Charge off Activity:" as "Principal balances", with "Recoveries, net" and the net
# charge-offs again.
HEADED_ACTIVITIES = ("|Allowance For Credit Losses\n|\nThe following table sets forth the rollforward of the "
                     "allowance for credit losses:\n|\n|Three Months Ended\nSeptember 30,\n|\n|Nine Months Ended\n"
                     "September 30,\n|\n|2012\n|\n|2011\n|\n|2012\n|\n|2011\n|\n|(In thousands)\n|\nAllowance Activity:\n"
                     + _pipe_rows([
                         ("Balance, beginning of period", ["100,000", "90,000", "95,000", "85,000"]),
                         ("Provision for credit losses", ["30,000", "20,000", "80,000", "60,000"]),
                         ("Net charge-offs", ["(25,000)", "(15,000)", "(70,000)", "(50,000)"]),
                         ("Balance, end of period", ["105,000", "95,000", "105,000", "95,000"]),
                     ])
                     + "|\nCharge off Activity:\n"
                     + _pipe_rows([
                         ("Principal balances", ["(40,000)", "(27,000)", "(110,000)", "(85,000)"]),
                         ("Recoveries, net", ["15,000", "12,000", "40,000", "35,000"]),
                         ("Net charge-offs", ["(25,000)", "(15,000)", "(70,000)", "(50,000)"]),
                     ]))


def test_gross_charge_offs_under_their_heading_and_headings_are_no_segments():
    f = facts("R8.htm.txt", HEADED_ACTIVITIES)
    assert set(f["segment"]) == {""}  # "Allowance Activity:" heads line items, it is no class
    q3 = {"period_end": "2012-09-30", "period_start": "2012-07-01"}
    wo = one(f, metric="write_off", **q3)
    # (the rendering's parser glues the heading to the line's label, which then names the role;
    # where a rendering keeps it as a heading, the arithmetic below it decides: see the next test)
    assert wo["value"] == 40_000_000 and wo["verified_by"] == "rollforward"
    assert one(f, metric="recovery", **q3)["value"] == 15_000_000
    # printed "(25,000)" with no gross line beside it in the rollforward: a positive net charge-off
    assert set(pick(f, metric="net_write_off", **q3)["value"]) == {25_000_000}
    assert set(pick(f, period_end="2011-09-30", period_start="2011-01-01")["verified_by"]) == {"rollforward"}


def test_a_line_under_the_heading_that_does_not_net_is_not_the_charge_off():
    text = HEADED_ACTIVITIES.replace("|(40,000", "|(41,000")
    f = facts("R8.htm.txt", text)
    assert pick(f, metric="write_off", period_end="2012-09-30", period_start="2012-07-01").empty


# An older Details page's title names its table, not a population: "Note 4 - Loans (Detail) -
# Secured Loans Summarized by Payment Delinquency (USD $)" (CIK889123 10-K FY2012 R41,
# sec.gov/Archives/edgar/data/889123/000088912313000011/R41.htm), buckets as members of one line.
OLD_DETAILS_TITLE = """|
Note 4 - Loans (Detail) - Loans Summarized by Payment Delinquency (USD $)
|Dec. 31, 2012
|Dec. 31, 2011
|Loans – principal
|$ 50,000
|$ 60,000
|Past Due 30-89 Days [Member]
|Loans – principal
|1,000
|2,000
|Past Due 90 Days or More [Member]
|Loans – principal
|3,000
|4,000
|Current [Member]
|Loans – principal
|$ 46,000
|$ 54,000
"""


def test_an_older_title_naming_its_table_is_no_population():
    f = facts("R41.htm.txt", OLD_DETAILS_TITLE)
    assert set(f["population"]) == {""}
    w = whole(f)
    assert one(w, metric="past_due", days_from=30, period_end="2012-12-31")["value"] == 1_000
    # the line's principal under "Current [Member]" is the current loans, alone the total
    assert one(w, metric="current", period_end="2012-12-31")["value"] == 46_000
    assert one(w, metric="total_loans", period_end="2011-12-31")["value"] == 60_000
    assert one(w, metric="current", period_end="2011-12-31")["verified_by"] == "footing"


def test_a_title_naming_a_population_keeps_it():
    # Qudian's 20-F R67 (../shared/corpus/text_extracts): "… - Domestic consumer loans - Uncollateralized"
    f = extract_paths([need(CORPUS / "text_extracts" / "QD_1692705_20F_FY2022_R67.txt")]).facts
    assert set(f["population"]) == {"Domestic consumer loans - Uncollateralized"}


def _cells(lines: list[str]) -> str:
    return "\n".join(f"|\n{x}" if not x.startswith("|") else x for x in lines) + "\n"


# A consumer lender's 10-Q Q3 2018 R19 (CIK1519401,
# sec.gov/Archives/edgar/data/1519401/000119312518322715/R19.htm): each product's amount and its
# share of the product's book in columns side by side, the names printed first and the "%"
# marks after; the buckets past 29 days under a heading "Delinquent accounts".
AMOUNTS_BESIDE_SHARES = _cells([
    "|Finance Receivables by Product and Aging", "The contractual delinquency of the finance receivable portfolio "
    "by product and aging for the periods indicated are as follows:",
    "|September 30, 2019", "|Small", "|Large", "|Total", "|In thousands", "|$", "|%", "|$", "|%", "|$", "|%",
    "Current", "|$", "|800", "|80.0", "|%", "|$", "|900", "|90.0", "|%", "|$", "|1,700", "|85.0", "|%",
    "1 to 29 days past due", "|150", "|15.0", "|%", "|60", "|6.0", "|%", "|210", "|10.5", "|%",
    "Delinquent accounts",
    "30 to 59 days", "|30", "|3.0", "|%", "|25", "|2.5", "|%", "|55", "|2.8", "|%",
    "60 to 89 days", "|20", "|2.0", "|%", "|15", "|1.5", "|%", "|35", "|1.7", "|%",
])


def test_amount_columns_beside_share_columns_and_a_delinquent_heading():
    f = facts("R19.htm.txt", AMOUNTS_BESIDE_SHARES)
    w = whole(f)
    at = "2019-09-30"
    assert one(w, metric="current", period_end=at)["value"] == 1_700_000
    assert one(w, metric="past_due", days_from=1, period_end=at)["value"] == 210_000
    # "Delinquent accounts" heads the buckets; it is no class of loans
    assert one(w, metric="past_due", days_from=30, period_end=at)["value"] == 55_000
    assert one(f, metric="current", segment="Large", period_end=at)["value"] == 900_000
    # the shares are never amounts
    assert not (f["value"] < 1_000).any()


def test_share_columns_named_only_by_the_unit_row_are_never_amounts():
    # the same lender's 10-Q Q3 2019 R21 (tests/real_pages): the shares are printed without a
    # "%" of their own ("$364,759   81.2 $479,146   86.4 …"); only the unit row "$ | % | $ | %"
    # over the columns says which are shares
    page = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK1519401_10Q_2019Q3_R21.txt"
    f = extract_paths([page]).facts
    w = whole(f)
    at = "2019-09-30"
    assert one(w, metric="current", period_end=at)["value"] == 872_246_000
    got = {int(r.days_from): r.value for r in pick(w, metric="past_due", period_end=at).itertuples()}
    assert got == {1: 101_412_000, 30: 22_919_000, 60: 16_148_000, 90: 11_736_000, 120: 9_676_000,
                   150: 8_049_000}
    assert one(f, metric="past_due", days_from=150, segment="Small")["value"] == 4_405_000
    assert not (f["value"] % 1000 != 0).any()  # no share read as an amount ("1.0" as 1,000)


def test_an_aging_without_a_total_takes_the_total_another_table_proves():
    # the same page: the aging is cut off before any total; the page's first table closes with
    # "Finance receivables $1,042,186" (its classes add up to it), which the aging's current
    # loans and buckets at September 30, 2019 add up to as well
    page = Path(__file__).resolve().parents[1] / "real_pages" / "text_extracts" / "CIK1519401_10Q_2019Q3_R21.txt"
    w = whole(extract_paths([page]).facts)
    total = one(w, metric="total_loans")
    assert total["value"] == 1_042_186_000 and str(total["period_end"])[:10] == "2019-09-30"
    assert total["locator"].startswith("table 1") and total["verified_by"] == "footing"
    assert "add up to" in total["note"]
    # December 31, 2018 has no aging on the page: the first table's total there is no aging figure
    assert len(pick(w, metric="total_loans")) == 1


def test_a_delinquent_receivables_heading_on_a_real_page():
    # Enova (CIK1529864, real_lenders) 10-K FY2019 R32: "Delinquent receivables:" over the
    # delinquent lines; the Total column's figures are the whole book's
    f = whole(extract_paths([need(LENDERS / "CIK1529864_10K_FY2019_R32.txt")]).facts)
    assert one(f, metric="past_due_total", period_end="2019-12-31")["value"] == 98_379_000
    assert one(f, metric="nonaccrual", period_end="2019-12-31")["value"] == 74_014_000
    assert one(f, metric="total_loans", period_end="2019-12-31")["value"] == 1_239_589_000


# A bank's 10-Q Q1 2014 R13 (CIK920112, sec.gov/Archives/edgar/data/920112/000092011214000032/R13.htm):
# seven segment columns named in the header, the "Unallocated" column blank ("$" and nothing) in
# most rows, so most rows print six figures and only the provision and closing balance seven.
SPARSE_UNALLOCATED = _idea([
    "Changes in the allowance for loan and lease losses for the three months ended March 31, 2015 were (in thousands):",
    "Commercial", "Consumer", "Unallocated", "Total",
    "Balance at December 31, 2014", "$", "1,000", "$", "500", "$", "$", "1,500",
    "Charge-offs", "(200)", "(100)", "(300)",
    "Recoveries", "20", "10", "30",
    "Provision", "150", "60", "40", "250",
    "Balance at March 31, 2015", "$", "970", "$", "470", "$", "40", "$", "1,480",
])


def test_header_names_count_the_columns_when_a_blank_column_shortens_most_rows():
    f = facts("R13.htm.txt", SPARSE_UNALLOCATED)
    w = whole(f)
    at = {"period_end": "2015-03-31", "period_start": "2015-01-01"}
    assert one(w, metric="provision", **at)["value"] == 250_000
    assert one(w, metric="allowance_end", **at)["value"] == 1_480_000
    assert one(w, metric="allowance_begin", **at)["value"] == 1_500_000
    assert one(f, metric="provision", segment="Unallocated", **at)["value"] == 40_000
    assert one(w, metric="write_off", **at)["verified_by"] == "rollforward"


# the layout of CIK1519401's delinquency table over one date with a bare "%" heading ("Amount | %"),
# the first row's "$" in a cell of its own (the reviewer's variant of the real R21 page: its current
# and total figures, the buckets made up to add up: 872,246 + 100,000 + 40,000 + 29,940 = 1,042,186)
AMOUNT_SHARE = "\n".join([
    "Finance Receivables (Tables)", "9 Months Ended", "Sep. 30, 2019",
    "Contractual Delinquency of the Finance Receivable Portfolio",
    "The contractual delinquency of the finance receivable portfolio for the periods indicated is as follows:",
    "|", "|", "September 30, 2019", "|", "|", "In thousands", "|", "Amount", "|", "%", "|",
    "Current", "|", "$", "|", "872,246", "|", "83.7", "|",
    "30 to 59 days", "|", "|", "100,000", "|", "9.6", "|",
    "60 to 89 days", "|", "|", "40,000", "|", "3.8", "|",
    "90 days or more", "|", "|", "29,940", "|", "2.9", "|",
    "Total", "|", "$", "|", "1,042,186", "|", "100.0", "|", ""])


def test_the_first_rows_dollar_sign_is_no_unit_of_the_unit_row():
    # "Amount | %": the "$" after "Current" is that figure's currency, not a third unit, and the
    # header word before the "%" heads the amount column, so the amounts are kept, never the shares
    f = extract_bytes([("R21.txt", AMOUNT_SHARE.encode())]).facts
    w = whole(f)
    at = "2019-09-30"
    assert one(w, metric="current", period_end=at)["value"] == 872_246_000
    assert one(w, metric="total_loans", period_end=at)["value"] == 1_042_186_000
    assert one(w, metric="past_due", days_from=30, period_end=at)["value"] == 100_000_000
    assert not (f["value"] < 1_000_000).any()  # no share (83.7, 100.0) read as an amount
