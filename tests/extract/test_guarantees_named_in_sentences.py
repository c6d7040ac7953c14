"""The most a guarantor can be made to pay, stated in a sentence without the words "maximum
potential amount of future payments": the aggregate maximum amount of residual values it
guarantees, the aggregate maximum guarantee under its lease arrangements in the present tense
and no date, and the part of a leased fleet's residual value the filer says it guaranteed
(10-Q/10-K 2013-2019). The real pages these phrasings were found on stay outside the tree as
local evidence: the pages here are invented, with other wording around the phrase and other
figures, rendered as the text extracts print an R page."""

from __future__ import annotations

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
