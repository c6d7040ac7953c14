"""One rule per ratio, wherever it is shown: the Provision page's table, the Overview, the peer
ranking, the committee pack, the deck's and the workbook's tables all read the figure
`dashboard.analysis.ratios` defines. Each test checks a figure of the bundled samples (or of the
shared corpus) that a wrong rule would change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import analysis as m
from dashboard.analysis import overview, peers
from dashboard.analysis.ratios import (
    COMPUTED,
    NOT_COMPUTED,
    NOT_MEANINGFUL,
    RELEASE_NOT_RANKED,
    credit_ratios,
    ratio_value,
)
from dashboard.exports import apply_manifest, layout, read_manifest
from dashboard.exports.pack import build_pack
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.resolve import Labels, resolve
from dashboard.facts.selection import held_out, implausible_scale
from tests.conftest import CORPUS, DATA, need

FTA = "Full Truck Alliance Co. Ltd."
QFIN = "Qifu Technology, Inc."
QD = "Qudian Inc."
ROOT = Path(__file__).resolve().parents[2]

# Qudian's balances (whole yuan, data/README.md): total loans at the year ends, the 2021 release
QD_LOANS = {2018: 9_668_809_444, 2019: 9_423_973_944, 2020: 4_789_696_238, 2021: 2_639_004_889}
QD_2021_PROVISION = -195_177_565


@pytest.fixture(scope="module")
def samples() -> pd.DataFrame:
    man = read_manifest(DATA)
    res = extract_paths([DATA / name for name in man])
    facts, _ = apply_manifest(res.facts, res.sources, man)
    return facts


@pytest.fixture(scope="module")
def table(samples: pd.DataFrame) -> pd.DataFrame:
    return m.allowance_table(samples)


@pytest.fixture(scope="module")
def ratios(samples: pd.DataFrame) -> pd.DataFrame:
    return credit_ratios(samples)


def _row(t: pd.DataFrame, entity: str, year: int, segment: str = "",
         currency: str = "CNY") -> pd.Series:
    hit = t[(t["entity"] == entity) & (t["year"] == year) & (t["segment"] == segment)
            & (t["currency"] == currency)]
    assert len(hit) == 1, hit.to_string()
    return hit.iloc[0]


def _ratio(r: pd.DataFrame, entity: str, key: str, end: date, segment: str = "") -> pd.Series:
    hit = r[(r["entity"] == entity) & (r["ratio"] == key) & (r["period_end"] == end)
            & (r["segment"] == segment)]
    assert len(hit) == 1, hit.to_string()
    return hit.iloc[0]


# ─── one definition, with its "not meaningful" cases ────────────────────────────────────────

def test_the_definition_of_each_ratio() -> None:
    release = ratio_value("provision_to_nco", QD_2021_PROVISION, 387_018_263)
    assert release.value is None and release.status == NOT_MEANINGFUL
    assert "release" in release.reason
    recoveries = ratio_value("provision_to_nco", 1_000, -5)
    assert recoveries.status == NOT_MEANINGFUL and recoveries.value is None
    nothing_late = ratio_value("allowance_to_npl90", 100, 0)
    assert nothing_late.status == NOT_MEANINGFUL
    avg = (QD_LOANS[2020] + QD_LOANS[2021]) / 2
    shown = ratio_value("provision_to_avg_loans", QD_2021_PROVISION, avg)
    assert shown.status == COMPUTED and shown.value == pytest.approx(-0.0525, abs=5e-5)
    assert shown.rank_note == RELEASE_NOT_RANKED
    quarter = ratio_value("nco_to_avg_loans", 486, 1_000_000, factor=4)
    assert quarter.value == pytest.approx(486 * 4 / 1_000_000) and quarter.rank_note == ""
    assert ratio_value("npl90_to_loans", 5, 0).status == NOT_COMPUTED


def test_a_release_has_no_provision_cover_on_every_surface(samples: pd.DataFrame,
                                                            table: pd.DataFrame,
                                                            ratios: pd.DataFrame) -> None:
    # the Provision page's table (and the Overview, the deck and workbook that read it)
    qd21 = _row(table, QD, 2021)
    assert qd21["provision"] == QD_2021_PROVISION and pd.isna(qd21["provision_to_write_off"])
    assert "release" in qd21["ratio_notes"]
    qd20 = _row(table, QD, 2020)
    # 2020: additions 1,434,446,417 / charge-offs 2,127,088,049 (net: the rollforward ties)
    assert qd20["provision_to_write_off"] == pytest.approx(1_434_446_417 / 2_127_088_049)
    # the peer comparison's ratio row: the same rule
    r21 = _ratio(ratios, QD, "provision_to_nco", date(2021, 12, 31))
    assert r21["status"] == NOT_MEANINGFUL and pd.isna(r21["value"])
    # the deck's and workbook's rollforward table
    allow = next(t for t in layout.allowance_tables(samples)
                 if t.entity == QD and t.currency == "CNY" and t.segment == "")
    cover = next(r for r in allow.rows if r.label == "Provision / net write-offs")
    by_year = dict(zip(allow.periods, cover.values, strict=True))
    assert by_year["FY2021"] is None
    assert by_year["FY2020"] == pytest.approx(1_434_446_417 / 2_127_088_049)


def test_one_figure_on_the_page_and_in_the_peer_ranking(table: pd.DataFrame,
                                                         ratios: pd.DataFrame) -> None:
    # Qifu 2022: provision 1,580,306 / (gross write-off 1,102,422 − recoveries 30,642)
    page = _row(table, QFIN, 2022)["provision_to_write_off"]
    peer = _ratio(ratios, QFIN, "provision_to_nco", date(2022, 12, 31))["value"]
    assert page == peer == pytest.approx(1_580_306 / 1_071_780)
    # FTA 2023: net write-offs / average loans, the same on the page and in the comparison
    avg = (2_750_808_000 + 3_675_492_000) / 2
    page = _row(table, FTA, 2023)["write_off_to_avg_loans"]
    peer = _ratio(ratios, FTA, "nco_to_avg_loans", date(2023, 12, 31))["value"]
    assert page == peer == pytest.approx(182_538_000 / avg)


def test_a_release_is_shown_not_ranked_in_the_peers_and_the_pack(ratios: pd.DataFrame) -> None:
    filers = [FTA, QFIN, QD]
    rank = peers.rank_ratio(ratios, "provision_to_avg_loans", filers)
    qd = rank[rank["entity"] == QD].iloc[0]
    avg = (QD_LOANS[2020] + QD_LOANS[2021]) / 2
    assert qd["value"] == pytest.approx(QD_2021_PROVISION / avg)  # −5.25%
    assert pd.isna(qd["rank"]) and "not ranked" in qd["period_note"]
    fta = rank[rank["entity"] == FTA].iloc[0]
    # FTA 2021: 97,658 / ((1,354,358 + 1,842,784) / 2), the one ranked figure
    assert fta["rank"] == 1 and fta["value"] == pytest.approx(97_658 / 1_598_571)
    pack = build_pack(ratios, None, filers, "China consumer lenders")
    in_pack = pack.ranking[(pack.ranking["ratio"] == "provision_to_avg_loans")
                           & (pack.ranking["entity"] == QD)].iloc[0]
    assert pd.isna(in_pack["rank"]) and in_pack["value"] == pytest.approx(qd["value"])
    cover = pack.ranking[(pack.ranking["ratio"] == "provision_to_nco")
                         & (pack.ranking["entity"] == QD)].iloc[0]
    assert pd.isna(cover["value"]) and "release" in cover["period_note"]


# ─── numerator and denominator on one basis ─────────────────────────────────────────────────

def test_a_segment_ratio_reads_the_segment_only(table: pd.DataFrame) -> None:
    fee = _row(table, QD, 2019, "Financing Service Fee Receivables")
    # the fee receivables' allowance (26,680,910) was divided by the whole book's 90+
    # (629,975,114) before: 0.04×. No 90+ figure is reported for the segment.
    assert pd.isna(fee["allowance_to_over_90"]) and pd.isna(fee["over_90"])
    assert "whole book" in fee["ratio_notes"]
    loan = _row(table, QD, 2019, "Loan principal")
    # loan principal: charge-offs 1,215,718,219 over its own balances, 9,546,633,586 (2018)
    # and 9,270,671,533 (2019), not the whole book's
    assert loan["write_off_to_avg_loans"] == pytest.approx(
        1_215_718_219 / ((9_546_633_586 + 9_270_671_533) / 2))
    whole = _row(table, QD, 2019)
    assert whole["allowance_to_over_90"] == pytest.approx(1_528_852_901 / 629_975_114)


def test_a_us_dollar_column_gets_no_ratio_of_its_own(table: pd.DataFrame) -> None:
    usd = _row(table, QD, 2020, currency="USD")
    assert pd.isna(usd["provision_to_write_off"]) and "RMB" in usd["ratio_notes"]


# ─── a filter chooses rows, not the balances a ratio reads ─────────────────────────────────

def test_a_year_filter_keeps_the_balances_a_ratio_needs(samples: pd.DataFrame) -> None:
    shown = m.filter_facts(samples, entities=[QD], years=(2019, 2021))
    cut = m.allowance_table(shown)
    assert pd.isna(_row(cut, QD, 2019)["write_off_to_avg_loans"])  # 2018 filtered away
    kept = m.allowance_table(shown, context=samples)
    r = _row(kept, QD, 2019)
    avg = (QD_LOANS[2018] + QD_LOANS[2019]) / 2
    assert r["write_off_to_avg_loans"] == pytest.approx(1_215_718_219 / avg)
    assert r["average_loans"] == avg
    assert "2018-12-31: 9,668,809,444" in r["ratio_notes"]  # says which balance it read
    assert set(kept["year"]) == {2019, 2020, 2021}  # the filter still chooses the rows
    # the deck's and workbook's table of the same selection (the Presentation page)
    allow = next(t for t in layout.note_tables(shown, context=samples)["allowance"]
                 if t.currency == "CNY" and t.segment == "")
    nco = next(r for r in allow.rows if r.label == "Net write-offs / average loans")
    assert dict(zip(allow.periods, nco.values, strict=True))["FY2019"] == pytest.approx(
        1_215_718_219 / avg)


# ─── nil is 0, the dash is no figure ────────────────────────────────────────────────────────

def test_nil_is_zero_and_the_dash_is_no_figure() -> None:
    page = need(CORPUS / "text_extracts" / "QFIN_1741530_20F_FY2020_R14.txt")
    facts = extract_paths([page]).facts
    nonaccrual = next(r for t in layout.note_tables(facts)["delinquency"] for r in t.rows
                      if r.label.startswith("Nonaccrual"))
    # "The Group's nonaccrual loans are nil as of December 31, 2019 and 2020."
    assert nonaccrual.values == [0.0, 0.0]
    assert [layout.fmt_value(v, nonaccrual.kind, 1) for v in nonaccrual.values] == ["0", "0"]
    assert layout.fmt_value(None, layout.MONEY, 1000) == "–"
    assert layout.fmt_value(0.0, layout.PCT) == "0.00%"
    assert all(not f.endswith('"–"') for f in layout.EXCEL_FORMATS.values())


# ─── one name per segment ──────────────────────────────────────────────────────────────────

def test_segment_names_are_one_whatever_their_case(samples: pd.DataFrame,
                                                   table: pd.DataFrame) -> None:
    qd = samples[samples["entity"] == QD]
    # FY2018-FY2020 print "Loan Principal", FY2022 (the latest) "Loan principal"
    assert "Loan Principal" not in set(qd["segment"])
    assert (qd["segment"] == "Loan principal").sum() == 34
    loan = table[(table["entity"] == QD) & (table["segment"] == "Loan principal")]
    assert sorted(loan["year"]) == [2017, 2018, 2019, 2020]


# ─── one rule for what a filer has ─────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def qifu() -> pd.DataFrame:
    """Qifu's FY2020 note (nonaccrual nil; "RMB 31" with no unit) and its FY2022 rollforward."""
    page = need(CORPUS / "text_extracts" / "QFIN_1741530_20F_FY2020_R14.txt")
    res = extract_paths([page, DATA / "qfin_20f_fy2022_allowance_details.htm"])
    return resolve(res.facts, labels=Labels(entity=QFIN)).facts


def test_what_a_filer_has_is_one_rule(qifu: pd.DataFrame) -> None:
    assert overview.charts_of(qifu) == {"allowance"}  # the Overview's panels
    t = overview.filer_table(qifu)
    row = t.iloc[0]
    assert row["delinquency"] == 0 and row["allowance"] == 3  # three provisions, 2020-2022
    assert (row["first_year"], row["last_year"]) == (2020, 2022)
    assert overview.describe_filer(row) == f"{QFIN} · 2020–2022 · rollforward"
    # the library's directory: counts per entity, disclosure, metric and date
    groups = qifu.groupby(["entity", "disclosure", "metric", "period_end"],
                          as_index=False).size().rename(columns={"size": "n"})
    d = overview.filer_table(groups, weight="n").iloc[0]
    assert overview.describe_filer(d) == overview.describe_filer(row)


# ─── a narrative figure of an implausible assumed scale ────────────────────────────────────

def test_an_implausible_assumed_scale_is_held_out_of_charts(qifu: pd.DataFrame) -> None:
    held = qifu[held_out(qifu)]
    assert list(zip(held["metric"], held["value"], strict=True)) == [("write_off", 31.0)]
    assert "162,000,000 to 1,102,422,000" in held["note"].iloc[0]
    years = set(m.allowance_table(qifu)["year"])
    assert 2018 not in years and {2020, 2021, 2022} <= years
    # the analyst gives the scale: then the figure counts (RMB 31 million)
    given = resolve(extract_paths([CORPUS / "text_extracts" / "QFIN_1741530_20F_FY2020_R14.txt"])
                    .facts, labels=Labels(entity=QFIN, filer_scales={QFIN: "millions"})).facts
    assert not held_out(given).any() and not implausible_scale(given).any()
    wo = given[(given["metric"] == "write_off") & (given["period_end"] == date(2018, 12, 31))]
    assert wo["value"].tolist() == [31_000_000.0]


# ─── durations: never mixed, annualised where the industry does ───────────────────────────

def test_a_quarter_ratio_reads_the_quarter_only() -> None:
    """A bank's 10-Q rollforward (Q3 and nine months side by side, US$ thousands)."""
    page = need(CORPUS / "real_banks" / "text_extracts" / "CIK1475841_10Q_2020Q3_R30.txt")
    r = credit_ratios(extract_paths([page]).facts)
    q = r[(r["ratio"] == "provision_to_nco") & (r["period_start"] == date(2020, 7, 1))
          & (r["segment"] == "")].iloc[0]
    # Q3 2020: provision 1,000 / (charge-offs 619 − recoveries 133); the nine months' 17,533
    # and 1,969 − 515 are a ratio of their own
    assert q["status"] == COMPUTED and q["value"] == pytest.approx(1_000 / 486)
    assert q["period_kind"] == "Q"


def test_annualised_by_the_period_and_said_in_the_formula() -> None:
    """The bank's nine-month flows above over two loan balances (arithmetic: the page has no
    loan total): × 4/3 for nine months, × 4 for a quarter, said in the row's formula."""
    def row(metric: str, value: float, start: date | None, end: date) -> dict:
        return {"entity": "Bank", "source": "q.htm", "disclosure": "allowance"
                if metric != "total_loans" else "delinquency", "metric": metric,
                "value": value, "currency": "USD", "scale": 1000, "scale_basis": "stated",
                "period_start": start, "period_end": end}
    rows = [row("total_loans", 2_000_000_000, None, date(2019, 12, 31)),
            row("total_loans", 2_400_000_000, None, date(2020, 9, 30)),
            row("total_loans", 2_300_000_000, None, date(2020, 6, 30))]
    for start, prov, wo, rec in ((date(2020, 1, 1), 17_533_000, 1_969_000, 515_000),
                                 (date(2020, 7, 1), 1_000_000, 619_000, 133_000)):
        rows += [row("provision", prov, start, date(2020, 9, 30)),
                 row("write_off", wo, start, date(2020, 9, 30)),
                 row("recovery", rec, start, date(2020, 9, 30))]
    r = credit_ratios(pd.DataFrame(rows))
    nine = r[(r["ratio"] == "provision_to_avg_loans") & (r["period_kind"] == "9M")].iloc[0]
    assert nine["value"] == pytest.approx(17_533_000 / 2_200_000_000 * 4 / 3)
    assert "nine months × 4/3" in nine["formula"]
    q = r[(r["ratio"] == "nco_to_avg_loans") & (r["period_kind"] == "Q")].iloc[0]
    assert q["value"] == pytest.approx(486_000 / 2_350_000_000 * 4)
    assert "a quarter × 4" in q["formula"]
    cover = r[(r["ratio"] == "provision_to_nco") & (r["period_kind"] == "Q")].iloc[0]
    assert cover["value"] == pytest.approx(1_000 / 486) and cover["annualisation"] == ""
