"""The most a guarantor can be made to pay, stated in a sentence without the words "maximum
potential amount of future payments": the aggregate maximum amount of residual values it
guarantees, the aggregate maximum guarantee under its lease arrangements in the present tense
and no date, and the part of a leased fleet's residual value the filer says it guaranteed
(10-Q/10-K 2013-2019). The real pages these phrasings were found on stay outside the tree as
local evidence: the pages here are invented, with other wording around the phrase and other
figures, rendered as the text extracts print an R page."""

from __future__ import annotations

import pytest

from tests.conftest import pick, whole
from tests.conftest import real_page as page

_NOTE = ("|\nCommitments and Contingencies\n|3 Months Ended\n|\nJun. 30, 2024\n"
         "|Commitments and Contingencies [Abstract]\n|COMMITMENTS AND CONTINGENCIES\n|\n")


def _by_date(f) -> dict[str, float]:
    got = whole(f, metric="max_exposure")
    return dict(zip(got.period_end.astype(str).str[:10], got.value, strict=True))


def test_the_maximum_amount_of_residual_values_guaranteed_is_the_maximum_exposure() -> None:
    # "both the aggregate maximum amount of residual values guaranteed and the estimated residual
    # recoveries totaled $4 million": the guarantees' maximum, not a recovery of any allowance
    text = (_NOTE + "5. COMMITMENTS AND CONTINGENCIES\nWe lease trucks under operating leases that "
            "oblige us to guarantee the residual values of the trucks. At June 30, 2024, both the "
            "aggregate maximum amount of residual values guaranteed and the estimated residual "
            "recoveries totaled $4 million. The guarantees run for about two years on average.\n")
    f = page("invented_residual_values_guaranteed.txt", text)
    assert _by_date(f) == {"2024-06-30": 4_000_000.0}
    assert pick(f, metric="recovery").empty


def test_a_maximum_amount_guaranteed_by_another_is_none_of_the_filers() -> None:
    text = (_NOTE + "Our bank loans are secured by our chairman, with a maximum amount guaranteed by "
            "him of $4 million at June 30, 2024.\n")
    assert pick(page("invented_guaranteed_by_chairman.txt", text), metric="max_exposure").empty


def test_the_amount_the_filer_guaranteed_of_a_residual_value_is_the_figure() -> None:
    # "the aggregate residual value at lease expiration was $9.1 million, of which we have
    # guaranteed $6.4 million": the residual value is what the guarantee covers a part of; the
    # part guaranteed is the most the filer can be made to pay
    text = ("|\nLeases (Notes)\n|12 Months Ended\nDec. 31, 2023\n|Leases [Abstract]\n|Leases\n"
            "Some of our vehicle leases carry residual value guarantees. As of December 31, 2023, of "
            "the leases that carry them, the aggregate residual value at lease expiration was $9.1 "
            "million, of which we have guaranteed $6.4 million.\n")
    f = page("invented_part_guaranteed.txt", text)
    assert _by_date(f) == {"2023-12-31": 6_400_000.0}
    assert "a part of the sentence's $9.1 million" in pick(f, metric="max_exposure").note.iloc[0]


def test_an_amount_of_which_others_guaranteed_stays_a_part() -> None:
    # the same sentence where a third party, not the filer, guaranteed the part: no guarantee of
    # the filer's, and the part is never read as one
    text = ("|\nLeases (Notes)\n|12 Months Ended\nDec. 31, 2023\n|Leases [Abstract]\n|Leases\n"
            "As of December 31, 2023, the aggregate residual value at lease expiration was $9.1 "
            "million, of which the manufacturer has guaranteed $6.4 million.\n")
    assert pick(page("invented_part_guaranteed_by_others.txt", text), metric="max_exposure").empty


def test_a_part_the_filer_guaranteed_of_a_maximum_exposure_leaves_the_maximum_the_figure() -> None:
    # the figure before "of which we have guaranteed" is itself the most the filer can be made to
    # pay (the maximum potential amount of future payments), not a leased asset's residual value:
    # the guaranteed amount is a part of it, and the maximum stays the figure
    text = (_NOTE + "At June 30, 2024, the maximum potential amount of future payments was $47.8 "
            "million, of which we have guaranteed $10 million on behalf of our joint venture.\n")
    f = page("invented_part_guaranteed_of_a_maximum.txt", text)
    assert _by_date(f) == {"2024-06-30": 47_800_000.0}
    assert "$10 million after 'of which' is a part of it" in pick(f, metric="max_exposure").note.iloc[0]


@pytest.mark.parametrize("sentence", [
    "At June 30, 2024, the Bank has guaranteed $40 million of FHLB advances of its subsidiary.",
    "As of June 30, 2024, the Company guaranteed $500 million of senior notes issued by its subsidiary.",
    "At June 30, 2024, we have guaranteed $25 million of borrowings under our subsidiary's credit facility.",
])
def test_the_filers_guarantee_of_its_own_groups_debt_is_no_maximum_exposure(sentence: str) -> None:
    # "the Company guaranteed $500 million of senior notes issued by its subsidiary": a guarantee
    # of the group's own borrowing (notes, FHLB advances, a credit facility) is debt the balance
    # sheet already carries, not the most the filer can be made to pay for others
    assert pick(page("invented_guaranteed_own_debt.txt", _NOTE + sentence + "\n"), metric="max_exposure").empty


@pytest.mark.parametrize("sentence", [
    "For the six months ended June 30, 2024, the Company guaranteed $12 million of new dealer loans.",
    "On March 15, 2024, the Company guaranteed $12 million of a dealer's bank loan.",
])
def test_what_the_filer_guaranteed_in_a_period_or_on_a_day_is_no_maximum_exposure(sentence: str) -> None:
    # "For the six months ended June 30, 2024, the Company guaranteed $12 million of new dealer
    # loans": the guarantees it wrote in the period or on the day, not the most it can pay at a
    # balance date
    assert pick(page("invented_guaranteed_in_a_period.txt", _NOTE + sentence + "\n"), metric="max_exposure").empty


def test_what_the_filer_guaranteed_at_a_balance_date_is_the_maximum_exposure() -> None:
    # the simple past dated "at" the balance date, of others' loans: what it stands guaranteeing
    text = _NOTE + "At June 30, 2024, the Company guaranteed $5 million of bank loans made to its dealers.\n"
    assert _by_date(page("invented_guaranteed_at_a_date.txt", text)) == {"2024-06-30": 5_000_000.0}


@pytest.mark.parametrize("amount", ["$8 million", "$8.2 million"])
def test_standby_letters_pledged_are_none_of_the_filers_whatever_the_amounts_decimals(amount: str) -> None:
    # "standby letters of credit of $8.2 million pledged to secure public deposits": letters the
    # filer obtained, not wrote; the amount's decimal point does not end the sentence before the
    # words that say so
    text = _NOTE + f"At June 30, 2024, the Bank had standby letters of credit of {amount} pledged to secure public deposits.\n"
    assert pick(page("invented_letters_pledged.txt", text), metric="max_exposure").empty


_LEASES = ("XML 12 R20.htm IDEA: XBRL DOCUMENT v3.19.3\nLeases\n12 Months Ended\nDec. 31, 2022\n"
           "Leases [Abstract]  \nLessee, Operating Leases\nNote 9. Leases\n"
           "The company has guaranteed the residual value of two leased warehouses with lease terms "
           "ending in 2026 and 2028. ")


def test_the_aggregate_maximum_guarantee_in_the_present_tense_stands_at_the_pages_date() -> None:
    # "The aggregate maximum guarantee under these two lease arrangements is $88 million": no
    # date in the sentence; said of now, it stands at the page's balance date
    text = _LEASES + "The aggregate maximum guarantee under these two lease arrangements is $88 million.\n"
    f = page("invented_present_tense_guarantee.txt", text)
    assert _by_date(f) == {"2022-12-31": 88_000_000.0}
    assert "present tense" in pick(f, metric="max_exposure").note.iloc[0]


@pytest.mark.parametrize("sentence", [
    "Of all our leases, the maximum guarantee under any single lease is $5 million.",
    "For all our warehouses, the maximum guarantee under each lease is $5 million.",
    "Across the aggregate of our leases, the maximum guarantee under the largest lease is $5 million.",
    "The total maximum guarantee under any one lease is $5 million.",
])
def test_the_maximum_guarantee_of_one_lease_is_no_whole_at_the_pages_date(sentence: str) -> None:
    # "Of all our leases, the maximum guarantee under any single lease is $5 million": the whole
    # word sits outside the subject of "is", and the subject names one lease, not all of them
    assert pick(page("invented_one_lease_maximum.txt", _LEASES + sentence + "\n"), metric="max_exposure").empty


def test_a_conditional_maximum_of_one_programme_stays_undated() -> None:
    # "If called upon to perform, our maximum exposure … is approximately $3 million": what one
    # programme could cost under a condition, not the whole at the page's date
    text = _LEASES + ("If called upon to perform under these leases, our maximum exposure without any "
                      "offset for the value of the warehouses is approximately $3 million.\n")
    assert pick(page("invented_conditional_maximum.txt", text), metric="max_exposure").empty
