"""Figures of the fifteenth batch's real pages (tests/real_pages) that were read wrong: a
rollforward of the loans' balance read as an allowance rollforward; a captive's retail book and
the rollforward of its allowance alone read as the whole book; an insurer's reinsurance
recoverables read as recoveries; a Schedule II's years read as figures."""

from __future__ import annotations

from dashboard.extract.parsers.text_extract import page_body, split_page
from dashboard.extract.trade_receivables import not_a_loan_book
from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page

GM = "CIK804269_10Q_2025Q1_R11.txt"


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


def test_a_header_row_printed_on_one_line_dates_the_columns_not_the_pages_date_above_it() -> None:
    # "3 Months Ended | Mar. 31, 2025" above "March 31, 2025December 31, 2024": the second column
    # is 31 December 2024, never the page's month and day in 2024
    loans = pick(page(GM), metric="total_loans")
    assert {(v, str(d)) for v, d in zip(loans.value, loans.period_end, strict=True)} == {
        (76_995.0, "2025-03-31"), (76_066.0, "2024-12-31"), (16_885.0, "2025-03-31"), (19_901.0, "2024-12-31")}


def test_a_heading_that_is_its_first_rows_label_heads_the_first_group() -> None:
    # "Retail finance receivables" over "Retail finance receivables(a)", as "Commercial finance
    # receivables" heads "Commercial finance receivables(a)(b)": the retail lines are a segment
    f = page(GM)
    retail = f[f.segment == "Retail finance receivables"]
    assert {(m, v) for m, v in zip(retail.metric, retail.value, strict=True)} >= {
        ("total_loans", 76_995.0), ("allowance_end", 2_479.0), ("net_loans", 74_516.0),
        ("total_loans", 76_066.0), ("allowance_end", 2_400.0), ("net_loans", 73_667.0)}


def test_a_rollforward_whose_balances_are_one_segments_is_that_segments() -> None:
    # the allowance for retail loan losses opens at 2,400 (retail's at 31 December 2024) and
    # closes at 2,479 (retail's at 31 March 2025), beside the commercial allowance 88: the
    # retail allowance alone, never the whole book's; no figure of the page is the whole's
    f = page(GM)
    assert f[f.segment.fillna("") == ""].empty
    flows = f[f.period_start.notna()]
    assert set(flows.segment) == {"Retail finance receivables"}
    assert set(pick(flows, metric="allowance_begin").value) == {2_400.0, 2_308.0}


def test_a_movement_lines_lone_parenthesised_figure_is_its_figure_not_a_marker() -> None:
    # "Foreign currency translation | (1) | Allowance … ending balance | $2,479 $2,320":
    # 2,308+205-405+213-1 = 2,320; the "(1)" is minus one, never a footnote marker that would
    # make the ending line a member of a class named "Foreign currency translation (1)"
    f = page(GM)
    other = pick(f, metric="allowance_other")
    assert [(v, str(d)) for v, d in zip(other.value, other.period_end, strict=True)] == [(-1.0, "2024-03-31")]
    end = pick(f, metric="allowance_end", period_end="2024-03-31")
    assert list(end.segment) == ["Retail finance receivables"] and list(end.verified_by) == ["rollforward"]


def test_reinsurance_recoverables_are_no_recoveries() -> None:
    # Allstate's allowances by asset: "Reinsurance recoverables 74 | 74" is the allowance on
    # amounts owed by reinsurers, never a recovery of loans written off; nothing of the page is read
    assert page("CIK899051_10Q_2020Q1_R24.txt").empty


def test_years_heading_the_lines_of_one_label_are_no_figures() -> None:
    # "2018 | Allowance for doubtful accounts | $263 $93 $(111) $ $245 | 2019 | Allowance for
    # doubtful accounts | …": each year heads the line after it, never the last figure of the one before
    name = "CIK907242_10K_FY2020_R19.txt"
    rows = [r for b in split_page((REAL_PAGES / name).read_text()).blocks for r in b.rows]
    assert [[v.value for v in r.values if v is not None] for r in rows] == [
        [263.0, 93.0, -111.0, 245.0], [245.0, 189.0, -334.0, 100.0], [100.0, 159.0, -148.0, 111.0]]
    assert [r.context for r in rows][1:] == [["2019"], ["2020"]]
    assert page(name).empty


def test_a_schedule_of_valuation_accounts_naming_no_loans_is_no_loan_book() -> None:
    # Schedule II "Valuation and qualifying accounts" of an industrial company: its allowance
    # for doubtful accounts is for customers' invoices (263+93-111=245, 245+189-334=100)
    text = (REAL_PAGES / "CIK907242_10K_FY2020_R19.txt").read_text()
    assert not_a_loan_book(split_page(text).title, page_body(text))
