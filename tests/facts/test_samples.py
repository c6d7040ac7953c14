"""The bundled samples (data/): what data/README.md says each file carries is what the pipeline
reads from it, and one filer gets years of all three series on the first screen."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import analysis as m
from dashboard.analysis import overview
from dashboard.extract.pipeline import extract_paths
from dashboard.facts.checks import run_checks
from dashboard.workspace import inputs as io

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
QD = "Qudian Inc."

# sentences of a README row that speak of figures the file does not carry (another filing's
# split, a column left out), so they are not looked for in its facts
_ELSEWHERE = re.compile(r"not carried|filing splits", re.I)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    res = extract_paths([str(DATA)])
    man = io.read_manifest(DATA)
    f = res.facts.copy()
    f["entity"] = [man.get(s, {}).get("filer", e) for s, e in zip(f["source"], f["entity"], strict=True)]
    return f


def _readme_rows() -> dict[str, str]:
    """{file: its figures cell} from the table in data/README.md."""
    rows = {}
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells[5]
    return rows


# what is a number in a README row but no figure: dates, years, bucket bounds ("31-60",
# "over 90"), forms and standards ("20-F", "ASC 326")
_NOT_FIGURES = re.compile(r"\d{4}-\d{2}-\d{2}|\b(?:19|20)\d{2}\b|\d+-\d+|over \d+|20-F|ASC \d+|R\d+", re.I)


def _figures(text: str) -> set[int]:
    """The printed figures of a README cell, signs dropped: the filer's parentheses are
    presentation."""
    kept = " ".join(s for s in re.split(r"(?<=[.;])\s+", text) if not _ELSEWHERE.search(s))
    kept = _NOT_FIGURES.sub(" ", kept)
    return {int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", kept)}


def test_every_sample_is_described_and_listed() -> None:
    rows = _readme_rows()
    listed = set(io.read_manifest(DATA))
    on_disk = {p.name for p in DATA.iterdir() if p.name not in ("README.md", "manifest.json")}
    assert set(rows) == on_disk == listed


def test_each_file_yields_the_figures_its_readme_row_states(facts: pd.DataFrame) -> None:
    rows = _readme_rows()
    assert len(rows) >= 16
    for name, cell in rows.items():
        wanted = _figures(cell)
        assert wanted, name
        sub = facts[facts["source"] == name]
        # the figure as printed: whole units over the scale applied
        printed = {round(abs(v) / s) for v, s in zip(sub["value"], sub["scale"], strict=True)}
        missing = sorted(wanted - printed)
        assert not missing, f"{name}: README states {missing} but the pipeline read no such figure"


def test_qudian_figures_land_on_their_dates_currency_and_scale(facts: pd.DataFrame) -> None:
    q = facts[facts["entity"] == QD]
    assert set(q["scale_basis"]) <= {"stated", "inferred"}
    assert set(q["currency"]) == {"CNY", "USD"}

    def one(metric: str, date: str, currency: str = "CNY", **kw: object) -> float:
        sel = q[(q["metric"] == metric) & (q["period_end"].astype(str).str[:10] == date)
                & (q["currency"] == currency)]
        sel = sel[sel["segment"] == kw.pop("segment", "")]
        for k, v in kw.items():
            sel = sel[sel[k] == v]
        vals = set(sel["value"])
        assert len(vals) == 1, (metric, date, currency, kw, vals)
        return vals.pop()

    # figures copied from data/README.md's rows, worked into the contract by hand
    assert one("past_due", "2019-12-31", days_from=121) == 224_256_822
    assert one("total_loans", "2018-12-31") == 9_668_809_444
    assert one("total_loans", "2019-12-31", "USD") == 1_353_669_158
    assert one("past_due", "2020-12-31", days_from=151) == 102_439_323
    assert one("past_due_total", "2021-12-31") == 198_109_838
    assert one("provision", "2017-12-31") == 605_163_716
    assert one("write_off", "2019-12-31") == 1_215_718_219  # printed (1,215,718,219)
    assert one("provision", "2021-12-31") == -195_177_565  # a release: the filer's reversal
    assert one("allowance_end", "2021-12-31", "USD") == 41_904_263
    assert one("max_exposure", "2018-12-31", segment="guarantee liabilities") == 10_703_000_000


def test_one_filer_has_years_of_all_three_series(facts: pd.DataFrame) -> None:
    q = facts[facts["entity"] == QD]
    cny = q[q["currency"] == "CNY"]

    def year_ends(disclosure: str, metric: str | None = None) -> set[str]:
        sub = cny[cny["disclosure"] == disclosure]
        if metric:
            sub = sub[sub["metric"] == metric]
        return set(sub["period_end"].astype(str).str[:10])

    rollforward_years = year_ends("allowance", "provision")
    assert len(rollforward_years) >= 5 and {"2017-12-31", "2021-12-31"} <= rollforward_years
    assert len(year_ends("guarantee", "max_exposure")) >= 5
    # four year ends of aging: the stored pages hold no fifth (data/README.md says why)
    assert year_ends("delinquency", "past_due") == {"2018-12-31", "2019-12-31", "2020-12-31",
                                                    "2021-12-31"}
    # the first screen opens on the filer whose three charts all have figures
    assert overview.default_filer(facts) == QD
    table = overview.filer_table(facts)
    assert table.iloc[0]["charts"] == 3


def test_qudian_rollforwards_tie_and_aging_foots(facts: pd.DataFrame) -> None:
    c = run_checks(facts[facts["entity"] == QD])
    ties = c[c["check"] == "allowance rollforward ties"]
    assert len(ties) >= 10 and set(ties["status"]) == {"ok"}
    foot = c[c["check"].isin(["buckets sum to total past due", "past due + current = total loans"])]
    assert len(foot) >= 6 and set(foot["status"]) == {"ok"}
    same = c[c["check"] == "same fact across filings"]
    assert len(same) >= 5 and set(same["status"]) == {"agrees"}
    # the chart's and the tables' tie says what the checks say: 2020's ASC 326 adoption
    # adjustment (RMB 13,023,667) is a flow, not a difference
    t = m.allowance_table(facts[facts["entity"] == QD])
    tied = t["rollforward_difference"].dropna()
    assert len(tied) >= 7 and (tied.abs() <= 0.5).all(), t[["year", "rollforward_difference"]]


def test_derived_90_plus_is_the_nonaccrual_principal_the_filer_reports(facts: pd.DataFrame) -> None:
    """Qudian's 91-180 day buckets add up to the nonaccrual loan principal its notes print
    (FY2018 R12: 298,090,833; FY2020 R37: 629,975,114 and 254,885,248; FY2021 R10:
    91,016,662): the derived 90+ figure is the filer's own."""
    d = overview.in_reported_currency(facts[(facts["entity"] == QD) & (facts["disclosure"] == "delinquency")])
    s = m.delinquency_summary(d)
    s = s[s["segment"] == ""]
    s = s.set_index(s["period_end"].astype(str).str[:10])
    assert s.loc["2018-12-31", "over_90"] == 298_090_833
    assert s.loc["2019-12-31", "over_90"] == 629_975_114
    assert s.loc["2020-12-31", "over_90"] == 254_885_248
    assert s.loc["2021-12-31", "over_90"] == 91_016_662
    assert set(s["over_90_status"]) == {"derived"}
