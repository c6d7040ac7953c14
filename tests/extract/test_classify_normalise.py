"""The classify and normalise stages on their own, on blocks read from real inputs.

The R pages are the bundled `data/` samples (Full Truck Alliance's 20-F FY2023, Qifu's FY2022);
the text renderings are `../shared/corpus/text_extracts` (FTA's R15, whose header cells and
one figure are broken across lines; Qifu's R61, "¥ in Thousands"). Each test builds the
stage's input the way the parsers do and checks the stage's own output.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.classify import (
    cell_metric,
    classify_topic,
    disclosure_of,
    label_role,
    member_context,
    role_metric,
)
from dashboard.extract.columns import column_count, read_columns
from dashboard.extract.item_columns import order_by_arithmetic, segment_item_header
from dashboard.extract.normalise import block_facts
from dashboard.extract.parsers.html_tables import _parse_tree, _report_block
from dashboard.extract.parsers.text_extract import page_context, split_page
from dashboard.extract.table import Block, PageContext
from dashboard.model.documents import Document
from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    CURRENT,
    DELINQUENCY,
    GUARANTEE,
    OTHER,
    PAST_DUE,
    PAST_DUE_TOTAL,
    PROVISION,
    RECOVERY,
    TOTAL_LOANS,
    WRITE_OFF,
)
from dashboard.model.units import currency_in, scale_statements
from tests.conftest import CORPUS, DATA, need

FTA_AGING = "fta_20f_fy2023_loan_aging_details.htm"
FTA_ALLOWANCE = "fta_20f_fy2023_allowance_details.htm"
QFIN_ALLOWANCE = "qfin_20f_fy2022_allowance_details.htm"
FTA_R15 = "text_extracts/FTA_1838413_20F_FY2023_R15.txt"
QFIN_R61 = "text_extracts/QFIN_1741530_20F_FY2022_R61.txt"
QFIN_R44 = "text_extracts/QFIN_1741530_20F_FY2025_R44.txt"
AGING_COLUMNS = ["0-30 days past due", "31-60 days past due", "61-90 days past due", "Over 90 days past due",
                 "Total amount past due", "Current", "Total loans"]


def _doc(path: Path) -> Document:
    return Document(source=path.name, name=path.name, text=path.read_text(encoding="utf-8"))


def r_page(name: str) -> tuple[Block, PageContext]:
    """The first `table.report` of a data/ R page as the HTML parser reads it, and the context
    its top-left cell gives ("CNY (¥) ¥ in Thousands")."""
    doc = _doc(need(DATA / name))
    table = next(t for t in _parse_tree(doc).iter("table") if "report" in (t.get("class") or "").split())
    block, top_left = _report_block(table, 1)
    ctx = PageContext(entity="filer", source=name, title=block.caption, scales=scale_statements(top_left),
                      currency=currency_in(top_left))
    return block, ctx


def text_page(rel: str) -> tuple[list[Block], PageContext]:
    doc = _doc(need(CORPUS / rel))
    page = split_page(doc.text)
    return page.blocks, page_context(doc, doc.text, page.title, page.banner_date)


def by(facts: list, **where: object) -> list:
    return [f for f in facts if all(getattr(f, k) == v for k, v in where.items())]


def one(facts: list, **where: object):
    found = by(facts, **where)
    assert len(found) == 1, f"{where}: {found}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# classify
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "topic"), [(FTA_AGING, DELINQUENCY), (FTA_ALLOWANCE, ALLOWANCE),
                                             (QFIN_ALLOWANCE, ALLOWANCE)])
def test_r_page_block_is_classified_by_its_title_and_rows(name: str, topic: str) -> None:
    block, _ = r_page(name)
    assert classify_topic(block.caption, *(r.label for r in block.rows)) == topic


def test_a_guarantee_note_is_a_guarantee_passage_and_a_balance_sheet_line_is_not_credit() -> None:
    doc = _doc(need(DATA / "qudian_20f_fy2018_guarantee_note.txt"))
    assert classify_topic("Guarantee Liabilities", doc.text) == GUARANTEE
    # one weak word ("allowance") is not a credit passage
    assert classify_topic("Balance sheet", "Total current assets", "allowance") == OTHER


def test_row_labels_of_a_real_rollforward_become_its_metrics() -> None:
    blocks, _ = text_page(FTA_R15)
    labels = [r.label for r in blocks[2].rows]
    assert labels == ["Balance at beginning of year", "Provisions for loan losses", "Write-off",
                      "Balance at end of year"]
    roles = [label_role(lab, ALLOWANCE) for lab in labels]
    assert roles == ["begin", "provision", "write_off", "end"]
    assert [role_metric(r, ALLOWANCE) for r in roles] == [ALLOWANCE_BEGIN, PROVISION, WRITE_OFF, ALLOWANCE_END]
    # the same roles in a guarantee rollforward are the guarantee liability's
    assert role_metric("begin", GUARANTEE) == "guarantee_liability_begin"
    assert [disclosure_of(m) for m in (PAST_DUE, PROVISION, "max_exposure", "guarantee_liability_end", "net_loans")] \
        == [DELINQUENCY, ALLOWANCE, GUARANTEE, GUARANTEE, OTHER]
    # "Less: allowance for loan losses" under the loans is the closing allowance
    assert label_role(blocks[0].rows[1].label, ALLOWANCE) == "allowance_balance"
    assert role_metric("allowance_balance", ALLOWANCE) == ALLOWANCE_END


def test_an_xbrl_concept_outranks_the_words_and_the_label_says_which_end() -> None:
    block, _ = r_page(FTA_ALLOWANCE)
    rows = {r.label: r for r in block.rows}
    kw = dict(row_date=False, vertical_role=None, members=[], member_bucket=None, member_role=None,
              aging_block=False)
    # one concept (FinancingReceivableAllowanceForCreditLosses) for both balances
    begin, end = rows["Balance at beginning of year"], rows["Balance at end of year"]
    assert begin.concept == end.concept
    assert cell_metric(begin.label, begin.concept, begin.label, "", ALLOWANCE, **kw)[0] == ALLOWANCE_BEGIN
    assert cell_metric(end.label, end.concept, end.label, "", ALLOWANCE, **kw)[0] == ALLOWANCE_END
    # a concept is authoritative even where the words found no credit topic
    wo = rows["Write-off"]
    assert cell_metric(wo.label, wo.concept, wo.label, "", OTHER, **kw)[0] == WRITE_OFF
    # without a concept, a label counts only in a credit passage
    assert cell_metric(wo.label, "", wo.label, "", ALLOWANCE, **kw) == (WRITE_OFF, None, "")
    assert cell_metric(wo.label, "", wo.label, "", OTHER, **kw) is None
    # the heading row ("… [Roll Forward]") is no figure at all
    heading = block.rows[0]
    assert heading.concept.endswith("RollForward") and not any(heading.values)


def test_aging_rows_by_concept_and_by_member() -> None:
    block, _ = r_page(FTA_AGING)
    over90 = next(r for r in block.rows if r.label == "Over 90 days past due")
    kw = dict(row_date=False, vertical_role=None, members=[], member_bucket=None, member_role=None,
              aging_block=False)
    assert cell_metric(over90.label, over90.concept, over90.label, "", DELINQUENCY, **kw) == (PAST_DUE, (91, None), "")
    # a loan balance under an aging member ("Current [Member]") is that line
    bucket, segment, role = member_context(["Loan principal | Current [Member]"])
    assert (bucket, segment, role) == (None, "Loan principal", CURRENT)
    assert member_context(["30-59 Days Past Due [Member]"])[0] == (30, 59)
    kw.update(members=["Current [Member]"], member_role=role)
    assert cell_metric("Loans receivable", "", "Loans receivable", "", DELINQUENCY, **kw)[0] == TOTAL_LOANS
    assert cell_metric("Recorded investment", "", "Recorded investment", "", DELINQUENCY, **kw)[0] == CURRENT


# ---------------------------------------------------------------------------------------------
# the column model (extract/columns.py)
# ---------------------------------------------------------------------------------------------
def test_header_cells_broken_across_lines_are_rebuilt_into_columns() -> None:
    blocks, ctx = text_page(FTA_R15)
    aging = blocks[1]
    # the rendering breaks "61-90 / days / past due" and "Over 90 / days / past due" over lines
    assert aging.header[4:10] == ["61-90", "days", "past due", "Over 90", "days", "past due"]
    assert segment_item_header(aging.header, 7) == AGING_COLUMNS
    n = column_count(aging, aging.rows, ctx)
    cols = read_columns(aging, aging.rows, n, ctx)
    assert n == 7 and [c.item for c in cols] == AGING_COLUMNS and not any(c.end for c in cols)


def test_scrambled_aging_columns_are_put_in_the_order_the_figures_prove() -> None:
    blocks, _ = text_page(FTA_R15)
    rows = [r.values for r in blocks[1].rows]
    scrambled = [*AGING_COLUMNS[:4], "Current", "Total amount past due", "Total loans"]
    assert order_by_arithmetic(scrambled, rows) == AGING_COLUMNS
    assert order_by_arithmetic(AGING_COLUMNS, rows) == AGING_COLUMNS


def test_r_page_columns_carry_date_duration_and_currency() -> None:
    block, ctx = r_page(QFIN_ALLOWANCE)
    cols = read_columns(block, block.rows, column_count(block, block.rows, ctx), ctx)
    assert [(c.end, c.months) for c in cols] == [(date(2022, 12, 31), 12), (date(2021, 12, 31), 12),
                                                (date(2020, 12, 31), 12)]
    assert ctx.scales == {"CNY": 1000} and ctx.currency == "CNY"


# ---------------------------------------------------------------------------------------------
# normalise
# ---------------------------------------------------------------------------------------------
def test_text_aging_with_a_figure_broken_across_lines() -> None:
    blocks, ctx = text_page(FTA_R15)
    facts, notes = block_facts(blocks[1], ctx)
    assert notes == []
    # "81,659" stands on its own line between blank cells in the rendering
    over90 = one(facts, metric=PAST_DUE, days_from=91, period_end=date(2023, 12, 31))
    assert over90.value == 81_659 and over90.days_to is None and over90.currency == "CNY"
    # the date is the row's own label ("December 31, 2023 (RMB)")
    assert one(facts, metric=PAST_DUE_TOTAL, period_end=date(2022, 12, 31)).value == 133_774
    assert one(facts, metric=TOTAL_LOANS, period_end=date(2023, 12, 31)).value == 3_675_492
    assert one(facts, metric=CURRENT, period_end=date(2023, 12, 31)).label == "Current"
    assert {f.disclosure for f in facts} == {DELINQUENCY}


def test_rollforward_in_rmb_thousands_is_scaled_signed_and_dated() -> None:
    blocks, ctx = text_page(FTA_R15)
    rollforward = blocks[2]
    # the rendering itself states no scale: figures as printed, and said to be assumed
    plain, _ = block_facts(rollforward, ctx)
    begin = one(plain, metric=ALLOWANCE_BEGIN, period_end=date(2021, 12, 31))
    assert (begin.value, begin.scale, begin.scale_basis) == (40_401, 1, "assumed")
    # the same table under a caption that says "RMB in thousands"
    stated = replace(rollforward, caption="Movement of allowance for loan losses (RMB in thousands):")
    facts, _ = block_facts(stated, ctx)
    begin = one(facts, metric=ALLOWANCE_BEGIN, period_end=date(2021, 12, 31))
    assert (begin.value, begin.scale, begin.scale_basis, begin.currency) == (40_401_000, 1000, "stated", "CNY")
    assert begin.period_start == date(2021, 1, 1)  # "Years ended December 31," over 2021 2022 2023
    assert "shown negative by the filer" in begin.note
    # FTA prints the allowance negative: its provisions, printed "(97,658", are additions
    provision = one(facts, metric=PROVISION, period_end=date(2021, 12, 31))
    assert provision.value == 97_658_000 and "sign flipped" in provision.note
    assert one(facts, metric=WRITE_OFF, period_end=date(2023, 12, 31)).value == 182_538_000
    # and the rollforward ties: begin + provision - write-off = end
    end = one(facts, metric=ALLOWANCE_END, period_end=date(2021, 12, 31))
    assert begin.value + provision.value - 72_942_000 == end.value


def test_r_page_rollforward_stated_in_thousands_of_yen() -> None:
    block, ctx = r_page(QFIN_ALLOWANCE)
    facts, notes = block_facts(block, ctx)
    assert notes == []
    provision = one(facts, metric=PROVISION, period_end=date(2022, 12, 31))
    assert (provision.value, provision.scale, provision.scale_basis) == (1_580_306_000, 1000, "stated")
    assert provision.concept == "us-gaap:ProvisionForLoanAndLeaseLosses"
    assert one(facts, metric=RECOVERY, period_end=date(2020, 12, 31)).value == 8_193_000
    # the "[Roll Forward]" heading row gives nothing, and every fact is the allowance's
    assert not by(facts, label="Movement of allowance for loan losses")
    assert {f.disclosure for f in facts} == {ALLOWANCE}


def test_text_page_in_thousands_of_yen() -> None:
    blocks, ctx = text_page(QFIN_R61)
    assert ctx.scales == {"CNY": 1000}
    facts = [f for b in blocks for f in block_facts(b, ctx)[0]]
    write_off = one(facts, metric=WRITE_OFF, period_end=date(2021, 12, 31))
    assert (write_off.value, write_off.scale_basis, write_off.label) == (475_352_000, "stated", "Gross write-off")


def test_loans_less_allowance_gives_a_positive_allowance_and_the_gross_loans() -> None:
    blocks, ctx = text_page(FTA_R15)
    facts, _ = block_facts(blocks[0], ctx)
    allowance = one(facts, metric=ALLOWANCE_END, period_end=date(2023, 12, 31))
    assert allowance.value == 154_420 and allowance.label == "Less: allowance for loan losses"
    assert one(facts, metric=TOTAL_LOANS, period_end=date(2022, 12, 31)).value == 2_750_808


def test_a_scrambled_header_is_read_and_the_missing_total_past_due_derived() -> None:
    # Qifu's FY2025 guarantee aging: the rendering prints "31-60 / 61-90 / Over 90 / 0-30 days /
    # days / days / days / past / past / …" and no "Total past due" column
    blocks, ctx = text_page(QFIN_R44)
    aging = blocks[2]
    assert aging.header[:4] == ["31-60", "61-90", "Over 90", "0-30 days"]
    assert segment_item_header(aging.header, 6) == ["0-30 days past due", "31-60", "61-90", "Over 90", "Current",
                                                    "Total loans"]
    facts, _ = block_facts(aging, ctx)
    assert one(facts, metric=PAST_DUE, days_from=0, period_end=date(2024, 12, 31)).value == 200_765
    assert one(facts, metric=PAST_DUE, days_from=31, period_end=date(2024, 12, 31)).value == 96_403
    derived = one(facts, metric=PAST_DUE_TOTAL, period_end=date(2025, 12, 31))
    assert derived.value == 367_325 + 193_948 + 11_612 + 0
    assert derived.note.startswith("derived: the sum of the past-due buckets printed")
    assert derived.label == "Total past due (derived)"
    # a printed total is never replaced
    assert one(facts, metric=TOTAL_LOANS, period_end=date(2025, 12, 31)).note == ""
    assert {f.segment for f in facts} == {"loans subject to guarantee"}


def test_a_one_column_rollforward_takes_its_periods_from_the_dated_balance_rows() -> None:
    # "As of January 1, 2024 / Provision … / Net payout (1) / As of December 31, 2024 / As of
    # January 1, 2025 …": two years in one column
    blocks, ctx = text_page(QFIN_R44)
    assert classify_topic(blocks[1].caption, *(r.label for r in blocks[1].rows)) == GUARANTEE
    facts, _ = block_facts(blocks[1], ctx)
    begin = one(facts, metric="guarantee_liability_begin", period_end=date(2025, 12, 31))
    assert (begin.period_start, begin.value) == (date(2025, 1, 1), 1_820_350)
    payout = one(facts, metric="net_payout", period_end=date(2024, 12, 31))
    assert payout.value == 1_865_318 and payout.label == "Net payout"  # printed negative, footnote dropped
    assert {f.segment for f in facts} == {"contingent guarantee liabilities"}
    assert {f.disclosure for f in facts} == {GUARANTEE}
