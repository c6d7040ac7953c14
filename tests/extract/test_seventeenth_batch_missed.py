"""Figures the sixteenth and seventeenth batches' real pages (tests/real_pages) missed: a grand
total recapping books, a "Subtotal" of classes under a heading, a rollforward block of an earlier
period stacked under a later one, a stage table's Total column."""

from __future__ import annotations

from tests.conftest import pick, whole_values
from tests.conftest import real_page as page


def test_a_grand_total_that_recaps_the_books_is_the_whole_book() -> None:
    # Hancock: Originated / Acquired / Covered loans each closed by its "Total … loans", then the
    # classes again under "Total loans:" and "Total loans" 7,107,221+3,954,758+515,823=11,577,802
    # (and the sum of the last heading's classes): the whole, never one book's total
    f = page("CIK750577_10K_FY2012_R32.txt")
    assert whole_values(f, "total_loans", "2012-12-31") == [11_577_802_000.0]
    assert whole_values(f, "total_loans", "2011-12-31") == [11_177_026_000.0]
    assert not f.value.isin([7_107_221_000.0, 3_954_758_000.0, 515_823_000.0]).any()


def test_a_subtotal_under_the_last_heading_summing_every_class_is_the_whole_book() -> None:
    # German American: "Commercial:" three classes, "Retail:" three classes, "Subtotal" 2,720,674
    # (the sum of all six), "Less: Unearned Income" (3,646), "Allowance for Loan Losses" (16,239),
    # "Loans, Net" 2,700,789: the subtotal and the allowance are the whole's, not Retail's
    f = page("CIK714395_10Q_2019Q2_R14.txt")
    assert whole_values(f, "total_loans", "2019-06-30") == [2_720_674.0]
    assert whole_values(f, "total_loans", "2018-12-31") == [2_731_741.0]
    assert whole_values(f, "allowance_end", "2018-12-31") == [15_823.0]
    assert pick(f, segment="Retail").empty


def test_an_earlier_periods_block_stacked_under_the_later_one() -> None:
    # Santander UK's half year: 2018's block closes "At 30 June 2018" 792, a memo line of
    # recoveries, then "At 1 January 2017" 921 + 76 - 133 = "At 30 June 2017" 864: a block of its
    # own, never lines restating 2018's opening
    f = page("CIK1087711_6K_2018Q2_R44.txt")
    got = f[(f.segment.fillna("") == "") & (f.period_start.astype(str) == "2017-01-01")]
    assert {(m, v) for m, v in zip(got.metric, got.value, strict=True)} >= {
        ("allowance_begin", 921_000_000.0), ("provision", 76_000_000.0), ("allowance_end", 864_000_000.0)}
    assert set(got.period_end.astype(str)) == {"2017-06-30"}
    assert whole_values(f, "allowance_end", "2018-06-30") == [792_000_000.0]


def test_a_stage_tables_total_column_gives_the_flows_printed_with_blank_stages() -> None:
    # Lloyds, Note 20, drawn balances 2019 (Stage 1 | 2 | 3 | POCI | Total, £m): "Advances written
    # off" (1,829) (54) (1,883) and "Recoveries …" 397 28 425 print no stage 1 and 2 figures, but
    # each last figure is the sum of the others: the Total column's. "Impact of transfers between
    # stages" and its unlabelled subtotal ((14) 83 529 598) are run into one line; the subtotal
    # plus "Other items charged to the income statement" 714 is "Charge to the income statement"
    # 1,312, the provision (3,169+308+1,312-1,883+425-53 discount unwind=3,278)
    f = page("CIK1160106_20F_FY2019_R28.txt")
    got = f[(f.segment.fillna("") == "") & (f.population.fillna("") == "")]
    assert {(m, v) for m, v in zip(got.metric, got.value, strict=True)} >= {
        ("provision", 1_312_000_000.0), ("write_off", 1_883_000_000.0), ("recovery", 425_000_000.0)}
    assert not got.value.isin([714_000_000.0, 598_000_000.0, 906_000_000.0]).any()
    assert len(got[got.metric == "provision"]) == 1
