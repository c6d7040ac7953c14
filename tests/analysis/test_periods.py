"""Durations and fiscal periods on real pages: each series keeps one duration, the filer's own
figures stand as printed, a quarter printed only as year to date is the difference of two
year-to-dates, and fiscal calendars (a September year, a January year, 52/53 weeks) label
periods by the filer's own fiscal year and quarter."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis import peers, periods
from dashboard.analysis import tables as analysis
from dashboard.analysis.ratios import credit_ratios
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.checks import run_checks

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
BANKS = CORPUS / "real_banks" / "text_extracts"
LENDERS = CORPUS / "real_lenders" / "text_extracts"
APPLE = CORPUS / "original" / "aapl-10q-20250329" / "aapl-20250329_htm.xml"

# the 10-Q pages whose MANIFEST lists three-month and year-to-date columns side by side
BOTH_DURATIONS = [
    BANKS / "CIK701347_10Q_2011Q3_R11.txt", BANKS / "CIK701347_10Q_2015Q3_R13.txt",
    BANKS / "CIK1475841_10Q_2020Q3_R30.txt", BANKS / "CIK705432_10Q_2024Q3_R48.txt",
    BANKS / "CIK868671_10Q_2023Q3_R25.txt", LENDERS / "CIK1584207_10Q_2019Q3_R12.txt",
    LENDERS / "CIK764764_10Q_2024Q3_R22.txt", LENDERS / "CIK37996_10Q_2020Q2_R47.txt",
]
ROLL = ["allowance_begin", "provision", "write_off", "recovery", "allowance_end"]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus sits beside the checkout in CI)")
    return path


def facts_of(*paths: Path) -> pd.DataFrame:
    return extract_paths([need(p) for p in paths]).facts


def truth(scale: int | None = None) -> dict[tuple[str, str, str, str], float]:
    """(file, metric, period_start, period_end) → the figure as printed, in whole currency units
    at the page's scale (the largest the truth allows where the page states none, unless
    `scale` picks one of them)."""
    out: dict[tuple[str, str, str, str], float] = {}
    for corpus in ("real_banks", "real_lenders"):
        path = need(CORPUS / corpus / "truth.csv")
        with path.open(newline="") as fh:
            for r in csv.DictReader(fh):
                if r["disclosure"] != "allowance" or not r["period_start"]:
                    continue
                scales = [int(s) for s in r["scales"].split("|")]
                mult = scale if scale in scales else max(scales)
                out[(r["source"], r["metric"], r["period_start"], r["period_end"])] = \
                    float(r["reported"]) * mult
    return out


def row(t: pd.DataFrame, label: str, entity: str | None = None) -> pd.Series:
    hit = t[(t["period_label"] == label) & (t["segment"] == "")]
    if entity:
        hit = hit[hit["entity"] == entity]
    assert len(hit) == 1, f"{len(hit)} rows labelled {label}:\n{t.to_string()}"
    return hit.iloc[0]


# ─── one period ─────────────────────────────────────────────────────────────────────────────

def test_durations_in_months_on_52_53_week_calendars() -> None:
    assert periods.duration_months(date(2025, 1, 1), date(2025, 3, 31)) == 3
    assert periods.duration_months(date(2024, 12, 29), date(2025, 3, 29)) == 3  # 13 weeks
    assert periods.duration_months(date(2023, 10, 1), date(2024, 9, 28)) == 12  # 52 weeks
    assert periods.duration_months(date(2022, 9, 25), date(2023, 9, 30)) == 12  # 53 weeks
    assert periods.duration_months(date(2011, 1, 1), date(2011, 9, 30)) == 9
    assert periods.duration_months(None, date(2011, 9, 30)) is None


@pytest.mark.parametrize(("start", "end", "year_end_month", "label", "kind"), [
    # a September 52/53-week year (Apple): the 13 weeks to 29 March 2025 are FY2025 Q2
    (date(2024, 12, 29), date(2025, 3, 29), 9, "FY2025 Q2", periods.QUARTER),
    (date(2024, 9, 29), date(2025, 3, 29), 9, "FY2025 H1", periods.YEAR_TO_DATE),
    (date(2023, 10, 1), date(2024, 9, 28), 9, "FY2024", periods.YEAR),
    # a year ending January 31, and one ending on the Saturday nearest it (1 February 2025)
    (date(2024, 2, 1), date(2025, 1, 31), 1, "FY2025", periods.YEAR),
    (date(2024, 2, 4), date(2025, 2, 1), 1, "FY2025", periods.YEAR),
    (date(2024, 8, 4), date(2024, 11, 2), 1, "FY2025 Q3", periods.QUARTER),
    # a quarter ending January 27 of a year ending in late October: the first quarter
    (date(2023, 10, 29), date(2024, 1, 27), 10, "FY2024 Q1", periods.QUARTER),
    # a calendar year's nine months, and a twelve months that is no fiscal year
    (date(2011, 1, 1), date(2011, 9, 30), 12, "FY2011 9M", periods.YEAR_TO_DATE),
    (date(2019, 4, 1), date(2020, 3, 31), 12, "12M to 2020-03-31", periods.OTHER),
])
def test_fiscal_labels(start: date, end: date, year_end_month: int, label: str,
                       kind: str) -> None:
    p = periods.fiscal_period(start, end, year_end_month)
    assert (p.label, p.kind) == (label, kind)


def test_a_filers_own_fiscal_year_number_from_dei_focus() -> None:
    """A retailer names the year ending 1 February 2025 'fiscal 2024': its dei focus says so."""
    f = pd.DataFrame({"entity": ["Retailer"] * 2, "source": ["q3.htm", "q3.htm"],
                      "period_start": [date(2024, 8, 4), None],
                      "period_end": [date(2024, 11, 2), date(2024, 11, 2)]})
    cal = periods.calendars(f, {"q3.htm": (2024, "Q3")})["Retailer"]
    assert (cal.year_end_month, cal.year_offset, cal.basis) == (1, -1, "dei")
    labelled = periods.label_periods(f, {"q3.htm": (2024, "Q3")})
    assert labelled["period_label"].tolist() == ["FY2024 Q3", "FY2024 Q3 end"]


def test_apple_10q_dei_focus_labels_its_quarter() -> None:
    """Apple's 10-Q for the quarter ended 29 March 2025 says FY2025 Q2 (a September year)."""
    text = need(APPLE).read_text(errors="replace")
    fy = re.search(r"<dei:DocumentFiscalYearFocus[^>]*>(\d{4})<", text)[1]
    fp = re.search(r"<dei:DocumentFiscalPeriodFocus[^>]*>(\w+)<", text)[1]
    end = date.fromisoformat(re.search(r"<dei:DocumentPeriodEndDate[^>]*>([\d-]+)<", text)[1])
    f = pd.DataFrame({"entity": ["Apple"] * 2, "source": [APPLE.name] * 2,
                      "period_start": [date(2024, 12, 29), date(2024, 9, 29)],
                      "period_end": [end, end]})
    labelled = periods.label_periods(f, {APPLE.name: (int(fy), fp)})
    assert labelled["period_label"].tolist() == ["FY2025 Q2", "FY2025 H1"]
    assert periods.calendars(f, {APPLE.name: (int(fy), fp)})["Apple"].year_end_month == 9


def test_annualisation_says_what_it_did() -> None:
    assert periods.annualisation(3) == (4.0, "annualised: 3 months × 4")
    factor, text = periods.annualisation(9)
    assert factor == pytest.approx(4 / 3) and text == "annualised: 9 months × 4/3"
    assert periods.annualisation(12) == (1.0, "")


# ─── real pages ─────────────────────────────────────────────────────────────────────────────

def test_cik701347_2011q3_keeps_the_quarter_and_nine_months_apart() -> None:
    """The page's three- and nine-month rollforwards were added into one row per year (a 2011
    beginning allowance of 359,788,000 = the July 1 plus the January 1 balance)."""
    f = facts_of(BANKS / "CIK701347_10Q_2011Q3_R11.txt")
    annual = analysis.allowance_table(f)
    assert 359_788_000 not in set(annual["allowance_begin"])
    r = row(annual, "FY2011 9M")
    assert (r["allowance_begin"], r["write_off"], r["recovery"], r["allowance_end"]) == \
        (192_854_000, 30_268_000, 10_319_000, 143_430_000)
    assert r["months"] == 9 and r["period_kind"] == periods.YEAR_TO_DATE
    assert not (annual["period_label"] == "FY2011").any()  # nine months is never a bare year
    quarterly = analysis.allowance_table(f, frequency="quarterly")
    q = row(quarterly, "FY2011 Q3")
    assert (q["allowance_begin"], q["write_off"], q["recovery"], q["allowance_end"]) == \
        (166_934_000, 5_943_000, 1_555_000, 143_430_000)
    assert row(quarterly, "FY2010 Q3")["allowance_begin"] == 201_959_000
    assert set(quarterly["months"].dropna()) == {3}


@pytest.mark.parametrize("frequency", periods.FREQUENCIES)
def test_each_series_shows_the_filers_own_figures(frequency: str) -> None:
    """Every reported figure in the table is the page's own (truth.csv) for that exact period:
    no row is a sum of two durations, and each period appears once per series."""
    want, units = truth(), truth(1)
    checked = 0
    for path in BOTH_DURATIONS:
        t = analysis.allowance_table(facts_of(path), frequency=frequency)
        t = t[t["segment"] == ""]
        assert not t.duplicated(["entity", "currency", "period_label"]).any(), path.name
        kinds = {periods.YEAR, periods.YEAR_TO_DATE, ""} if frequency == "annual" else \
            {periods.QUARTER, ""}
        assert set(t["period_kind"]) <= kinds | {periods.BALANCE}, (path.name, set(t["period_kind"]))
        for _, r in t[~t["derived"]].iterrows():
            if r["period_start"] is None or pd.isna(r["period_start"]):
                continue
            for metric in ROLL:
                key = (path.name, metric, str(r["period_start"]), str(r["period_end"]))
                if key in want and pd.notna(r[metric]):
                    assert r[metric] in (pytest.approx(want[key]), pytest.approx(units[key])), \
                        (key, r[metric])
                    checked += 1
    assert checked >= 20  # as many as the extractor reads today (28 annual); it only grows


def test_a_quarter_printed_only_as_year_to_date_is_the_difference() -> None:
    """CIK705432's 10-Q prints 2023's nine months and its twelve months (begin, charge-offs,
    end): the fourth quarter is their difference, marked derived, naming both."""
    f = facts_of(BANKS / "CIK705432_10Q_2024Q3_R48.txt")
    want = truth()
    src = "CIK705432_10Q_2024Q3_R48.txt"
    t = analysis.allowance_table(f, frequency="quarterly")
    q4 = row(t, "FY2023 Q4")
    assert q4["derived"] and q4["months"] == 3
    assert (q4["period_start"], q4["period_end"]) == (date(2023, 10, 1), date(2023, 12, 31))
    fy = want[(src, "write_off", "2023-01-01", "2023-12-31")]
    nine = want[(src, "write_off", "2023-01-01", "2023-09-30")]
    assert q4["write_off"] == pytest.approx(fy - nine) == 1_572_000
    assert q4["allowance_begin"] == want[(src, "allowance_end", "2023-01-01", "2023-09-30")]
    assert q4["allowance_end"] == want[(src, "allowance_end", "2023-01-01", "2023-12-31")]
    assert "FY2023 (" in q4["derivation"] and "FY2023 9M (" in q4["derivation"]
    assert src in q4["sources"]
    # the reported quarters beside it are the page's own
    assert row(t, "FY2023 Q3")["write_off"] == want[(src, "write_off", "2023-07-01", "2023-09-30")]
    assert not row(t, "FY2023 Q3")["derived"]
    # annual: the year as printed, and 2024's nine months labelled as such
    a = analysis.allowance_table(f, frequency="annual")
    assert row(a, "FY2023")["write_off"] == fy and not row(a, "FY2023")["derived"]
    assert row(a, "FY2024 9M")["write_off"] == want[(src, "write_off", "2024-01-01", "2024-09-30")]


def test_derived_quarters_across_two_filings_name_both() -> None:
    """Q4 = FY (the 10-K) − 9M (the Q3 10-Q); a year missing from the library is the sum of its
    nine months and fourth quarter, marked derived. Figures: OneMain's 2019 nine months
    (CIK1584207) and an invented fourth quarter."""
    base = {"entity": "OneMain", "disclosure": "allowance", "population": "", "segment": "",
            "currency": "USD", "scale": 1_000_000, "scale_basis": "stated", "label": "",
            "concept": "", "locator": "", "note": ""}
    nine = [("allowance_begin", 731), ("provision", 836), ("write_off", 862), ("recovery", 93),
            ("allowance_end", 798)]
    year = [("allowance_begin", 731), ("provision", 1_100), ("write_off", 1_140),
            ("recovery", 121), ("allowance_end", 812)]
    rows = [{**base, "source": "10q.htm", "metric": m, "value": v * 1e6,
             "period_start": date(2019, 1, 1), "period_end": date(2019, 9, 30)} for m, v in nine]
    rows += [{**base, "source": "10k.htm", "metric": m, "value": v * 1e6,
              "period_start": date(2019, 1, 1), "period_end": date(2019, 12, 31)}
             for m, v in year]
    f = pd.DataFrame(rows)
    q = analysis.allowance_table(f, frequency="quarterly")
    q4 = row(q, "FY2019 Q4")
    assert (q4["allowance_begin"], q4["provision"], q4["write_off"], q4["recovery"],
            q4["allowance_end"]) == (798e6, 264e6, 278e6, 28e6, 812e6)
    assert q4["rollforward_difference"] == pytest.approx(0)
    assert "10k.htm" in q4["derivation"] and "10q.htm" in q4["derivation"]
    assert q4["sources"] == "10k.htm, 10q.htm"
    # the year from its nine months and that fourth quarter
    quarter = [{**base, "source": "q4.htm", "metric": m, "value": v * 1e6,
                "period_start": date(2019, 10, 1), "period_end": date(2019, 12, 31)}
               for m, v in [("allowance_begin", 798), ("provision", 264), ("write_off", 278),
                            ("recovery", 28), ("allowance_end", 812)]]
    a = analysis.allowance_table(pd.DataFrame(rows[:5] + quarter), frequency="annual")
    fy = row(a, "FY2019")
    assert fy["derived"] and fy["provision"] == 1_100e6 and fy["allowance_begin"] == 731e6
    assert fy["allowance_end"] == 812e6 and fy["derivation"] == \
        "FY2019 9M (10q.htm) + FY2019 Q4 (q4.htm)"


def test_checks_per_duration_on_real_pages() -> None:
    f = facts_of(LENDERS / "CIK1584207_10Q_2019Q3_R12.txt", BANKS / "CIK701347_10Q_2011Q3_R11.txt")
    c = run_checks(f)
    ties = c[(c["check"] == "allowance rollforward ties") & (c["entity"] == "CIK1584207_10Q_2019Q3_R12")]
    assert set(ties["months"]) == {3, 9} and set(ties["status"]) == {"ok"}
    agree = c[c["check"] == "quarter and year-to-date rollforwards agree"]
    ends = agree[agree["entity"] == "CIK701347_10Q_2011Q3_R11"]
    assert sorted(ends["actual"]) == [143_430_000, 217_602_000]
    assert set(agree["status"]) == {"ok"}
    # a nine-month closing balance that disagrees with the quarter's fails
    bad = f.copy()
    hit = (bad["entity"] == "CIK701347_10Q_2011Q3_R11") & (bad["metric"] == "allowance_end") \
        & (bad["period_start"] == date(2011, 1, 1)) & (bad["segment"] == "")
    bad.loc[hit, "value"] = 143_000_000
    c2 = run_checks(bad)
    fail = c2[(c2["check"] == "quarter and year-to-date rollforwards agree")
              & (c2["status"] == "fail")]
    assert len(fail) == 1 and fail.iloc[0]["difference"] == pytest.approx(-430_000)


def test_what_a_frequency_leaves_out_is_said() -> None:
    f = facts_of(BANKS / "CIK705432_10Q_2024Q3_R48.txt")
    f = f[f["disclosure"] == "allowance"]
    quarterly = periods.left_out(f, "quarterly")["CIK705432_10Q_2024Q3_R48"]
    assert "FY2023 (a year: Annual shows it)" in quarterly
    assert "FY2024 9M (a year to date, not a quarter)" in quarterly
    annual = periods.left_out(f, "annual")["CIK705432_10Q_2024Q3_R48"]
    assert sorted(annual) == ["FY2023 9M (a year to date; the full year is shown)",
                              "FY2023 Q3 (a quarter: Quarterly shows it)",
                              "FY2024 Q3 (a quarter: Quarterly shows it)"]


def test_overview_headline_names_a_year_to_date() -> None:
    """OneMain's 10-Q: the headline is its nine months, compared with the prior nine months."""
    from dashboard.analysis import overview

    h = overview.allowance_headline(facts_of(LENDERS / "CIK1584207_10Q_2019Q3_R12.txt"))
    assert h.label.startswith("Provision for FY2019 9M") and h.value == "836"
    assert h.delta == "+8.6% on FY2018 9M"  # 836 / 770 − 1


def test_a_march_year_from_balances_alone() -> None:
    """A filer that reports only balances at March year ends (TMCC-like) keeps them in the
    annual series: its calendar comes from its balance dates."""
    f = pd.DataFrame({"entity": ["T"] * 3, "source": ["a"] * 3, "disclosure": ["allowance"] * 3,
                      "metric": ["allowance_end"] * 3, "population": [""] * 3,
                      "segment": [""] * 3, "currency": ["USD"] * 3, "period_start": [None] * 3,
                      "period_end": [date(2022, 3, 31), date(2023, 3, 31), date(2022, 12, 31)],
                      "value": [1.0, 2.0, 3.0], "scale": [1] * 3, "scale_basis": ["stated"] * 3,
                      "label": [""] * 3, "concept": [""] * 3, "locator": [""] * 3,
                      "note": [""] * 3})
    cal = periods.calendars(f)["T"]
    assert (cal.year_end_month, cal.basis) == (3, "balance dates")
    s = periods.series(f, "annual")
    assert sorted(s["period_label"]) == ["FY2022 end", "FY2023 end"]
    assert sorted(periods.series(f, "quarterly")["period_label"]) == \
        ["FY2022 end", "FY2023 Q3 end", "FY2023 end"]
    t = analysis.allowance_table(f)
    assert list(t["period_label"]) == ["FY2022", "FY2023"] and list(t["allowance_end"]) == [1, 2]


def test_a_first_quarter_10q_and_its_annualised_ratio() -> None:
    """ADS's Q1 2014 10-Q (CIK1101215): quarterly, net write-offs / average loans is the
    quarter's (135,001 − 38,408) × 4 over the average of 8,166,961 and 7,674,407 (thousands);
    annual shows the first quarter as the year to date, named FY2014 Q1."""
    f = facts_of(LENDERS / "CIK1101215_10Q_2014Q1_R26.txt")
    q = row(analysis.allowance_table(f, frequency="quarterly"), "FY2014 Q1")
    assert q["write_off_to_avg_loans"] == pytest.approx(
        (135_001 - 38_408) * 4 / ((8_166_961 + 7_674_407) / 2))
    assert "a quarter × 4" in q["ratio_notes"]
    a = analysis.allowance_table(f, frequency="annual")
    assert list(a["period_label"]) == ["FY2013 Q1", "FY2014 Q1"]
    assert not (a["period_label"] == "FY2014").any()


def test_ratios_and_peer_ranking_keep_one_duration() -> None:
    """Provision / net write-offs on the 10-Q pages with both durations: each ratio's
    numerator and denominator are the page's own figures for one exact period (never a
    quarter plus its year to date), and a peer ranking compares a filer's period with its
    prior period of the same length."""
    want, units = truth(), truth(1)
    facts = facts_of(*BOTH_DURATIONS)
    ratios = credit_ratios(facts)
    rows = ratios[(ratios["ratio"] == "provision_to_nco") & (ratios["segment"] == "")
                  & ratios["numerator"].notna()]
    checked = 0
    for _, r in rows.iterrows():
        key = (f"{r['entity']}.txt", str(r["period_start"]), str(r["period_end"]))
        if (key[0], "provision", *key[1:]) not in want:
            continue
        assert r["numerator"] in (pytest.approx(want[(key[0], "provision", *key[1:])]),
                                  pytest.approx(units[(key[0], "provision", *key[1:])])), key
        wo, rec = (key[0], "write_off", *key[1:]), (key[0], "recovery", *key[1:])
        if wo in want and rec in want and pd.notna(r["denominator"]):
            assert r["denominator"] in (pytest.approx(want[wo] - want[rec]),
                                        pytest.approx(units[wo] - units[rec])), key
        checked += 1
    assert checked >= 8
    ents = sorted(set(facts["entity"]))
    ranked = peers.rank_ratio(ratios, "provision_to_nco", ents)
    compared = 0
    for _, r in ranked[ranked["value"].notna()].iterrows():
        mine = peers.main_rows(ratios[ratios["ratio"] == "provision_to_nco"], [r["entity"]])
        assert mine["period_kind"].nunique() == 1, r["entity"]  # one length per filer
        if r["prior_period_end"] is not None:
            prior = mine[mine["period_end"] == r["prior_period_end"]]
            assert r["prior_value"] == pytest.approx(prior["value"].iloc[0])
            compared += 1
    assert compared >= 1


def test_an_accounting_change_in_a_quarter_is_its_own_line() -> None:
    """Huntington's Q1 2020 10-Q (CIK49196): 783 + 391 (CECL's cumulative effect) − 136 + 19 +
    447 = 1,504 ($ millions). The table shows the 391 as the adoption line, ties, and its net
    reserve build is the build through provisions (447 − 117 = 330), not 1,504 − 783."""
    t = analysis.allowance_table(facts_of(BANKS / "CIK49196_10Q_2020Q1_R27.txt"),
                                 frequency="quarterly")
    q = row(t, "FY2020 Q1")
    assert (q["allowance_begin"], q["adoption"], q["provision"], q["allowance_end"]) == \
        (783e6, 391e6, 447e6, 1_504e6)
    assert q["rollforward_difference"] == 0 and q["net_build"] == 330e6
    assert pd.isna(row(t, "FY2019 Q1")["adoption"]) and row(t, "FY2019 Q1")["net_build"] == -8e6
