"""The maximum exposure of guarantees on real pages of filers outside the shared corpus
(tests/real_pages): each test reads a real page and asserts its whole-book figures exactly."""

from __future__ import annotations

import pytest

from tests.conftest import REAL_PAGES, pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole

PAGES = REAL_PAGES




R92 = "CIK1716338_20F_FY2018_R92.txt"


def test_sparse_details_row_placed_by_the_renderers_currency_signs() -> None:
    # "Maximum potential future payment | ¥ 606,277,000" under four columns (US$ 2018, ¥ 2018,
    # ¥ 2017, ¥ 2016): the renderer signs only the first and last figure of a column, and the
    # US$ balance $2,260 (thousands) translates the ¥15,537,000 beside it, so the balance is in
    # the ¥ 2018 column and the sign on the maximum makes it that column's last figure
    f = page(R92)
    assert whole(f, "max_exposure", "2018-12-31", currency="CNY") == [606_277_000]
    # "$ in Thousands" is the US$ columns' scale: the ¥ figures are whole yuan
    assert pick(f, metric="max_exposure").scale.tolist() == [1]
    assert pick(f, metric="guarantee_liability_end", currency="CNY").value.tolist() == [15_537_000]
    assert pick(f, metric="guarantee_liability_end", currency="USD").value.tolist() == [2_260_000]
    # the payouts could sit in any ¥ column the signs allow: not read
    assert pick(f, metric="net_payout").empty


def test_without_the_signs_a_sparse_row_stays_unread() -> None:
    text = (PAGES / R92).read_text().replace("¥ ", "").replace("$ ", "")
    assert pick(page(R92, text), metric="max_exposure").empty



R33 = "CIK764038_10K_FY2015_R33.txt"


def test_standby_letters_of_credit_line_of_a_contract_amounts_table() -> None:
    # "financial instruments, whose contract amounts represent credit risk": commitments to
    # extend credit 1,437,118, standby letters of credit and financial guarantees 17,392, and an
    # unlabelled total 1,454,510 (thousands). The guarantees' contract amount is their maximum
    # exposure; the commitments and the total that adds them in are no guarantees
    f = page(R33)
    assert whole(f, "max_exposure", "2015-12-31") == [17_392_000]
    assert whole(f, "max_exposure", "2014-12-31") == [17_404_000]
    assert len(pick(f, metric="max_exposure")) == 2


def test_a_table_that_does_not_say_contract_amounts_gives_no_maximum() -> None:
    text = (PAGES / R33).read_text().replace("whose contract amounts represent credit risk, ", "")
    text = text.replace("is represented by the contractual amount of those instruments", "is limited")
    assert pick(page(R33, text), metric="max_exposure").empty


R15 = "CIK1085706_10Q_2015Q1_R15.txt"


def test_standby_letters_of_credit_outstanding_stated_in_prose() -> None:
    # "$34.7 million and $34.6 million of standby letters of credit at March 31, 2015 and
    # December 31, 2014, respectively": their contract amount, the maximum exposure; the
    # "$1.0 million within other liabilities … for guarantees under standby letters of credit"
    # is the liability recorded, not a maximum
    f = page(R15)
    assert whole(f, "max_exposure", "2015-03-31") == [34.7e6]
    assert whole(f, "max_exposure", "2014-12-31") == [34.6e6]
    assert len(pick(f, metric="max_exposure")) == 2


def test_a_part_of_the_standby_letters_of_credit_is_no_maximum() -> None:
    text = (PAGES / R15).read_text().replace(
        "of standby letters of credit at March 31, 2015", "of standby letters of credit collateralized at March 31, 2015")
    assert pick(page(R15, text), metric="max_exposure").empty


@pytest.mark.parametrize("wording", [
    # letters of credit the filer obtained, not wrote: no exposure of its own
    "of standby letters of credit from the FHLB pledged to secure public deposits at",
    "of standby letters of credit outstanding under our credit agreement at",
    "of standby letters of credit issued on our behalf at",
    # some of them, not all
    "of standby letters of credit related to one borrower at",
])
def test_letters_of_credit_the_filer_did_not_write_or_only_some_are_no_maximum(
        wording: str) -> None:
    text = (PAGES / R15).read_text().replace(
        "of standby letters of credit at March 31, 2015", wording + " March 31, 2015")
    assert wording in text
    assert pick(page(R15, text), metric="max_exposure").empty


def test_loans_subject_to_a_lenders_guarantee_stated_in_prose() -> None:
    # "the contractual amounts of the outstanding loans subject to guarantee by the Group is
    # estimated to be RMB 47,189,538 and RMB 55,601,864": the most the Group can pay; the loans
    # "not subject to guarantee" in the next sentence are not
    f = page("CIK1741530_20F_FY2020_R17.txt")
    assert whole(f, "max_exposure", "2019-12-31", currency="CNY") == [47_189_538]
    assert whole(f, "max_exposure", "2020-12-31", currency="CNY") == [55_601_864]
    assert len(pick(f, metric="max_exposure")) == 2


UTILITIES = {"CIK916863_10Q_2015Q1_R19.txt": ("2015-03-31", 306.9e6, 162.5e6),
             "CIK783325_10Q_2016Q1_R16.txt": ("2016-03-31", 266.1e6, 168.7e6)}


def test_total_amounts_committed_under_guarantees_is_their_maximum() -> None:
    # "Total Amounts Committed at March 31 | Less Than 1 Year | 1 to 3 Years | Over 3 Years":
    # the committed column, the sum of the expiry columns after it in every row, is each
    # guarantee's face amount, and "Total guarantees" (the sum of the types) the whole book's
    for name, (end, total, commodity) in UTILITIES.items():
        f = page(name)
        assert whole(f, "max_exposure", end) == [total]
        types = pick(f, metric="max_exposure", segment="Guarantees supporting commodity transactions of subsidiaries")
        assert types.value.tolist() == [commodity]
        # the expiry buckets are neither periods nor figures of their own
        assert set(f["metric"]) == {"max_exposure"}
        assert {str(d) for d in f["period_end"]} == {end}
        assert f["period_start"].isna().all()
    # the same grid whose total adds a line of credit, or says it is of commitments: no
    # guarantees' maximum
    name = "CIK783325_10Q_2016Q1_R16.txt"
    text = (PAGES / name).read_text().replace("Surety bonds (3)", "Lines of credit")
    assert pick(page(name, text), metric="max_exposure").empty
    text = (PAGES / name).read_text().replace("Total guarantees", "Total commercial commitments")
    assert pick(page(name, text), metric="max_exposure").empty


def test_maximum_loss_exposure_of_guarantee_obligations_is_read_positive() -> None:
    # a VIE Details page: "Maximum Loss Exposure from Guarantee Obligations $ (146.7)" is the
    # guarantees' maximum (an amount at June 30, printed in parentheses); the "Maximum Loss
    # Exposure from Investment in Unconsolidated Companies 59.2" is an investment's, no
    # guarantee's; "entities", the unit of the count under the date, names no member
    f = page("CIK783280_10Q_2012Q2_R28.txt")
    assert whole(f, "max_exposure", "2012-06-30") == [146.7e6]
    assert len(pick(f, metric="max_exposure")) == 1
    assert pick(f, metric="max_exposure")["period_start"].isna().all()
    assert 59.2e6 not in set(f["value"])


def test_pages_with_no_maximum_exposure_give_none() -> None:
    # a commitments total that adds the filer's own letters of credit and leaves out a guarantee
    # stating no maximum (GATX), two programmes' maxima with no total (Oshkosh), principal or
    # principal plus interest left open (FedEx), a guarantee liability's rollforward (Embraer)
    for name in ("CIK40211_10Q_2013Q1_R13.txt", "CIK775158_10Q_2023Q1_R73.txt",
                 "CIK1048911_10K_FY2015_R92.txt", "CIK1355444_20F_FY2019_R147.txt"):
        f = page(name)
        assert f[(f["metric"] == "max_exposure") & (f["segment"].fillna("") == "")].empty, name


R20 = "CIK832818_10K_FY2011_R20.txt"


def test_outstanding_letters_of_credit_the_bank_wrote_for_its_clients() -> None:
    # "Standby Letters of Credit obligate the Bank to meet certain financial obligations of its
    # clients … Outstanding letters of credit were $90,120 as of December 31, 2011 and 2010.":
    # the letters the bank wrote, their amount the most it can be made to pay, one figure at
    # both dates; the secured and unsecured parts in the next sentence are no maximum
    f = page(R20)
    assert whole(f, "max_exposure", "2011-12-31") == [90_120]
    assert whole(f, "max_exposure", "2010-12-31") == [90_120]
    assert len(pick(f, metric="max_exposure")) == 2


def test_letters_of_credit_not_said_to_be_written_for_clients_are_no_maximum() -> None:
    # a borrower's "Outstanding letters of credit were $…" under its credit facility reads the
    # same: without the paragraph saying the filer wrote them for its clients, nothing is read
    text = (PAGES / R20).read_text().replace(
        "obligate the Bank to meet certain financial obligations of its clients", "are outstanding")
    assert pick(page(R20, text), metric="max_exposure").empty


@pytest.mark.parametrize("wording", [
    # letters of credit the filer obtained, or a part of them: no exposure of its own
    "Outstanding letters of credit under our credit agreement were",
    "Outstanding letters of credit pledged to secure public deposits were",
    "Outstanding letters of credit issued on our behalf were",
    "Outstanding letters of credit collateralized by cash were",
])
def test_outstanding_letters_of_credit_obtained_or_a_part_are_no_maximum(wording: str) -> None:
    text = (PAGES / R20).read_text().replace("Outstanding letters of credit were", wording)
    assert wording in text
    assert pick(page(R20, text), metric="max_exposure").empty


def test_one_amount_with_respectively_is_not_put_at_each_date() -> None:
    # "… were $90,120 as of December 31, 2011 and 2010, respectively" lacks a figure: not read
    text = (PAGES / R20).read_text().replace("as of December 31, 2011 and 2010. Of",
                                             "as of December 31, 2011 and 2010, respectively. Of")
    assert pick(page(R20, text), metric="max_exposure").empty


R47 = "CIK1331463_10K_FY2017_R47.txt"


def test_standby_letters_of_credit_among_a_lenders_commitments_by_expiry() -> None:
    # "Off-Balance Sheet Commitments": "Expire within one year | Expire after one year | Total"
    # under each date; the standby letters of credit outstanding (thousands) are the guarantees
    # the Federal Home Loan Bank wrote, their total per date the whole book's maximum; its
    # commitments to lend (unused lines of credit, additional advances, mortgage loans) and the
    # unsettled bonds are no guarantees and are not read
    f = page(R47)
    assert whole(f, "max_exposure", "2017-12-31") == [5_257_892_000]
    assert whole(f, "max_exposure", "2016-12-31") == [4_230_079_000]
    assert len(f) == 2


def test_standby_letters_of_credit_without_commitments_to_lend_or_obtained_are_no_maximum() -> None:
    text = (PAGES / R47).read_text()
    # no row says the filer lends: whose the letters are is not shown
    for label in ("Commitments for unused lines of credit - advances (2)", "Commitments to make additional advances",
                  "Commitments to invest in mortgage loans"):
        text = text.replace(label, "Purchase obligations")
    assert pick(page(R47, text), metric="max_exposure").empty
    # letters of credit a bank holds for the filer
    text = (PAGES / R47).read_text().replace("Standby letters of credit outstanding (1)",
                                             "Standby letters of credit issued on our behalf")
    assert pick(page(R47, text), metric="max_exposure").empty
    # a total that is not the sum of the expiry columns
    text = (PAGES / R47).read_text().replace("5,257,892", "5,258,892")
    assert pick(page(R47, text), metric="max_exposure").empty


R34 = "CIK1094831_10Q_2018Q3_R34.txt"


def test_maximum_loss_inside_a_percentage_clause() -> None:
    # "As of September 30, 2018, 26% and 16% of the $5.6 billion maximum loss was for properties
    # located in California and Texas, respectively": the amount is the maximum (the shares are
    # no amounts); the note cross-referenced ("See Note 25—“Financial Guarantee Liability”")
    # names no part of it, so the figure is the whole book's
    f = page(R34)
    assert whole(f, "max_exposure", "2018-09-30") == [5.6e9]
    assert whole(f, "max_exposure", "2017-12-31") == [5.3e9]
    assert len(f) == 2


def test_a_probable_maximum_loss_or_a_value_at_risk_is_no_guarantee() -> None:
    text = (PAGES / R34).read_text().replace("maximum loss was", "probable maximum loss was")
    assert pick(page(R34, text), metric="max_exposure").empty
    text = (PAGES / R34).read_text().replace("maximum loss was for properties located in California and Texas",
                                             "maximum loss was in the trading book")
    assert pick(page(R34, text), metric="max_exposure").empty


R131 = "CIK1685040_10K_FY2021_R131.txt"


def test_a_long_element_label_keeps_the_details_table_whole_for_the_signs() -> None:
    # "Guarantor Obligations, Maximum Exposure, Undiscounted | $ 118" under "Dec. 31, 2021 |
    # Dec. 31, 2020": the carrying value's row fills both columns ("1 | $ 1") and the column of
    # 2021 runs down the page to "$ 250", so the signs put the maximum in 2021. The page's
    # 21-word element label ("Aggregate reasonably possible losses in excess of amounts accrued
    # for …", a cell of its own followed by its figure) is a row, not running text that would
    # cut the table before its last signed figure
    f = page(R131)
    assert whole(f, "max_exposure", "2021-12-31") == [118_000_000]
    assert pick(f, metric="max_exposure", period_end="2020-12-31").empty
    # without the column's last sign no placement is consistent: nothing is read
    text = (PAGES / R131).read_text().replace("|$ 250", "|250")
    assert pick(page(R131, text), metric="max_exposure").empty


R81 = "CIK51143_10K_FY2012_R81.txt"


def test_the_pages_only_guarantee_member_is_the_whole_book() -> None:
    # "Contingencies and Commitments (Details 2)": members "Extended lines of credit" and
    # "Financing for client purchase agreements" (unused lines of credit, commitments to finance)
    # and "Financial guarantees", whose one line is "Guarantor obligations, maximum exposure"
    # ($ 65 / $ 56 million): the page's only guarantee, so its maximum is the whole book's
    f = page(R81)
    assert whole(f, "max_exposure", "2012-12-31") == [65_000_000]
    assert whole(f, "max_exposure", "2011-12-31") == [56_000_000]
    assert len(f) == 2


@pytest.mark.parametrize("old, new", [
    ("Extended lines of credit", "Performance guarantees"),  # one kind of guarantee of two
    ("Financing for client purchase agreements", "Standby letters of credit"),
    ("Financial guarantees", "Asia Pacific"),  # a member that names no guarantee
])
def test_a_guarantee_member_beside_another_guarantee_stays_a_part(old: str, new: str) -> None:
    f = page(R81, (PAGES / R81).read_text().replace(old, new))
    assert whole(f, "max_exposure", "2012-12-31") == []
    assert whole(f, "max_exposure", "2011-12-31") == []
