"""Figures of the fifteenth batch's real pages (tests/real_pages) that were read wrong: a
rollforward of the loans' balance read as an allowance rollforward."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page


def test_a_rollforward_closing_on_the_pages_total_loans_moves_the_loans_not_the_allowance() -> None:
    # "A summary of changes in Loans receivable": 1,897,169+326,919-286,803+11,309+29,411-748+570-33
    # = 1,977,794, the "Loans receivable" Total of the table above it; its Write-offs and Recoveries
    # are the loans' and its balances the book, never the allowance (161,905 at 30 June 2012)
    f = page("CIK885550_10Q_2012Q2_R11.txt")
    allowance = pick(f, disclosure="allowance")
    assert allowance.period_start.isna().all()
    assert set(allowance[allowance.segment.fillna("") == ""].value) == {161_905_000.0, 154_318_000.0}
    loans = pick(f, metric="total_loans")
    assert set(loans[loans.segment.fillna("") == ""].value) == {1_977_794_000.0, 1_752_891_000.0}


def test_an_allowance_rollforward_beside_the_book_it_reserves_for_stays() -> None:
    # CNH Industrial Capital: the 3M Total column 105,230-6,980+600+20,659+316=119,825 beside
    # "Gross receivables" 9,327,324: the closing allowance is no book, so the flows stay
    f = page("CIK1552493_10Q_2020Q2_R23.txt")
    flows = pick(f, disclosure="allowance", period_end="2020-06-30")
    whole = flows[(flows.segment.fillna("") == "") & (flows.period_start.astype(str) == "2020-04-01")]
    assert {(m, v) for m, v in zip(whole.metric, whole.value, strict=True)} >= {
        ("allowance_begin", 105_230.0), ("write_off", 6_980.0), ("recovery", 600.0),
        ("provision", 20_659.0), ("allowance_end", 119_825.0)}
