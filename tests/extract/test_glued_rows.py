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

from dashboard.extract.parsers.renderings import split_run_together
from dashboard.extract.pipeline import extract_bytes


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
Provision (benefit) for credit losses(1,000)(500)(1,500)
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
