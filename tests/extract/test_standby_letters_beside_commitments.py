"""A bank's standby letters of credit beside its commitments to lend, the maximum guarantee
exposure (the real page this layout was found on is read outside the tree). The layout: a bank's 10-Q whose "Contingent
Liabilities And Commitments" note lists "Commitments to extend credit | Standby letters of
credit | Total" with one amount per date and no caption saying "contract amounts" (EDGAR
842518, 10-Q 2019Q3, R16). The standby letters of credit are the bank's only guarantees and
their amount is the most it can be made to pay, so that line is the maximum exposure at each
date. The pages here are invented in that layout, with other figures that foot."""

from __future__ import annotations

import pandas as pd

from dashboard.extract.pipeline import extract_bytes


def _facts(text: str) -> pd.DataFrame:
    return extract_bytes([("invented_R21.txt", text.encode())]).facts


def _maxima(facts: pd.DataFrame) -> list[tuple[str, float]]:
    rows = facts[(facts.metric == "max_exposure") & (facts.segment.fillna("") == "")]
    return sorted((str(r.period_end), r.value) for r in rows.itertuples())


def _page(letters_label: str, total: tuple[str, str], extra: str = "") -> str:
    return f"""XML 41 R21.htm IDEA: XBRL DOCUMENT v3.20.2
Commitments And Contingent Liabilities
6 Months Ended
Jun. 30, 2020
Commitments And Contingent Liabilities [Abstract]
Commitments And Contingent Liabilities

7. COMMITMENTS AND CONTINGENT LIABILITIES

The financial statements do not reflect various commitments and contingent liabilities which arise in the normal course of business. These consist of commitments to extend credit and standby letters of credit. A summary of the Bank's commitments and contingent liabilities follows:



June  30,



December 31,



2020



2019



(in thousands)



Commitments to extend credit



$

212,640



$

198,305
{extra}
{letters_label}





2,875





2,410

Total



$

{total[0]}



$

{total[1]}


Commitments to extend credit and standby letters of credit include some exposure to credit loss in the event of nonperformance by the customer. The Bank did not record a reserve for its commitments in 2020 or 2019.
"""


def test_standby_letters_beside_commitments_to_lend_are_the_maximum_at_each_date() -> None:
    facts = _facts(_page("Standby letters of credit", ("215,515", "200,715")))
    assert _maxima(facts) == [("2019-12-31", 2_410_000.0), ("2020-06-30", 2_875_000.0)]
    # the commitments to lend and the total that adds them in are no guarantees
    assert not ((facts.value == 215_515_000.0) | (facts.value == 212_640_000.0)).any()


def test_a_total_that_does_not_foot_proves_nothing() -> None:
    # a line the rendering lost (or a total of something else): the table is not proven to be
    # the letters and the commitments only
    facts = _facts(_page("Standby letters of credit", ("219,515", "200,715")))
    assert _maxima(facts) == []


def test_a_second_kind_of_letter_makes_the_standby_line_a_part() -> None:
    extra = """
Standby performance letters of credit





1,000





500
"""
    facts = _facts(_page("Standby letters of credit", ("216,515", "201,215"), extra))
    assert _maxima(facts) == []


def test_letters_obtained_by_the_filer_are_no_guarantees_it_wrote() -> None:
    facts = _facts(_page("Standby letters of credit pledged as collateral", ("215,515", "200,715")))
    assert _maxima(facts) == []
