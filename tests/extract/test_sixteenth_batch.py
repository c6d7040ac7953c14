"""Figures of the sixteenth batch's real pages (tests/real_pages): banks reporting in pounds,
reais, pesos and rupees, and three traps."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page


def _whole(f, **kw):
    got = pick(f, **kw)
    return got[got.segment.fillna("") == ""]


def test_a_currency_sign_run_into_m_over_each_column_states_millions() -> None:
    # Lloyds Banking Group, Note 20: "Stage 1 £m | ... | Total £m", the drawn balances' 2019 Total
    # 3,169+308+1,312-1,883+425-53=3,278: pounds of millions, never 3,169 pounds
    f = page("CIK1160106_20F_FY2019_R28.txt")
    got = _whole(f, disclosure="allowance", period_end="2019-12-31")
    assert set(got.currency) == {"GBP"}
    assert {(m, v) for m, v in zip(got.metric, got.value, strict=True)} >= {
        ("allowance_begin", 3_169_000_000.0), ("allowance_end", 3_278_000_000.0)}
    assert not (got.value.abs() < 1_000_000).any()
    # Santander UK's half year: "Total £m", 1,101+102-411=792
    f = page("CIK1087711_6K_2018Q2_R44.txt")
    got = _whole(f, disclosure="allowance", period_end="2018-06-30")
    assert {(m, v) for m, v in zip(got.metric, got.value, strict=True)} >= {
        ("provision", 102_000_000.0), ("allowance_end", 792_000_000.0)}
    assert not (got.value.abs() < 1_000_000).any()


def test_financial_assets_maximum_exposure_to_credit_risk_is_no_guarantee() -> None:
    # PLDT, "in million pesos": "The gross carrying amount of financial assets not subject to
    # impairment also represents our maximum exposure to credit risk" - FVTPL 578 + derivatives 96
    # + short-term investments 269 = 943: assets, never a guarantee's maximum exposure
    f = page("CIK78150_20F_FY2023_R49.txt")
    assert f.empty or not (f.disclosure == "guarantee").any()


def test_a_tables_page_of_trade_receivables_titled_by_its_first_schedule_gives_nothing() -> None:
    # "Schedule of expected credit loss rates and recognized loss impairments": trade receivables
    # in EUR by days past due and their allowance 971,381+200,812+189,668+7,939=1,369,800 -
    # customers' invoices, never a lender's aging or allowance
    f = page("CIK1769116_20F_FY2020_R41.txt")
    assert f.empty


def test_allowance_for_impairment_losses_is_the_reserve_and_before_it_the_gross_book() -> None:
    # Banco Santander México: "Before allowance for impairment losses 750,305 / 723,827" and
    # "Allowance for impairment losses (21,970) / (25,551)" net to 728,335 / 698,276: the gross
    # book and its allowance at each date, never the year's provision
    f = page("CIK1698287_20F_FY2020_R17.txt")
    assert not (f.metric == "provision").any()
    got = {(m, str(d)[:10], v) for m, d, v in zip(f.metric, f.period_end, f.value, strict=True)}
    assert got >= {("total_loans", "2019-12-31", 750_305.0), ("total_loans", "2020-12-31", 723_827.0),
                   ("allowance_end", "2019-12-31", 21_970.0), ("allowance_end", "2020-12-31", 25_551.0)}
