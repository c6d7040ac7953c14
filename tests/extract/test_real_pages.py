"""Real filings are the specification: every page of `../shared/corpus/real_banks/`,
`../shared/corpus/real_lenders/` and this project's `tests/real_pages/` (filers outside the
shared corpus), extracted as `extract FOLDER` extracts it, must give every figure of its
folder's `truth.csv` and no second, different whole-portfolio figure for the same key. Scored by the project's own scorer (`../shared/tools/score_truth.py`), one test per page;
a page added to a folder joins without code.

A page that is not right yet is listed in PENDING with the reason, as a strict expected failure:
CI stays green while the work goes on, and a page that starts passing must leave the list.
"""

from __future__ import annotations

import importlib.util
import io
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.pipeline import extract_paths

SHARED = Path(__file__).resolve().parents[3] / "shared"
OWN = Path(__file__).resolve().parents[1] / "real_pages"
# folder name -> the folder holding text_extracts/ and truth.csv
FOLDERS = {"real_banks": SHARED / "corpus" / "real_banks",
           "real_lenders": SHARED / "corpus" / "real_lenders",
           "real_pages": OWN}

# page -> why it is not right yet (strict: a page that passes must leave this list)
PENDING: dict[str, str] = {
    # a guarantee programme's figures are a segment and the analysis sums the programmes into
    # the whole (Qudian: guarantee + risk assurance); whether a page that names one programme
    # gives the whole needs one rule across a filer's years (2017-18 one programme, 2019-21 two)
    "CIK1692705_20F_FY2018_R18.txt": "one programme named by the page: filed as a segment",
    "CIK1692705_20F_FY2020_R85.txt": "two programmes, no printed total: the truth takes one",
    "CIK1725123_20F_FY2020_R18.txt": "one programme named by the page: filed as a segment",
    # the eighth batch's pages the engine did not read right on first sight
    "CIK1263043_20F_FY2017_R17.txt": "won rollforward: its opening row cut by the won sign, its header unread: nothing read",
    # the thirteenth batch's
    "CIK883948_10Q_2016Q3_R12.txt": "the aging header wrapped over 11 lines for 7 columns: no sum tells the buckets apart (left out)",
    # the fifteenth batch's
    "CIK1552493_10Q_2020Q2_R23.txt": "6M block cut before its end: the begin 'as previously reported' 72,751 of the Total column missed",
    # the sixteenth batch's
    "CIK1132597_20F_FY2023_R17.txt": "reais table without a unit: nothing read",
    "CIK1144967_20F_FY2022_R43.txt": "Rs. / US$ cells in their own columns, rows unlabelled: nothing read",
    "CIK1698287_20F_FY2020_R17.txt": "'million pesos' names no country: no currency (gross loans and allowance read)",
    # the eighteenth batch's
    "CIK708781_10Q_2021Q1_R41.txt": "total loans on a 'Loans' row under a 'Nonaccrual' abstract heading: nothing read",
    # the twentieth batch's
    "CIK1169445_10K_FY2014_R60.txt": "a company's payment-plan allowance (its net line not gross less it) read as a loan book's: "
                                     "no rule yet tells it apart under a 'Financing Receivables' title",
    # the twenty-third batch's, after its rules
    "CIK1022837_20F_FY2019_R67.txt": "a bare ¥ under '(In millions)', neither yen nor renminbi named: read as CNY (figures right)",
    "CIK1000275_40F_FY2019_R13.txt": "row labels lost, the 2019 block's rows run into one line of 36 figures: nothing read",
    "CIK1517399_20F_FY2019_R65.txt": "no currency on the page (the filer's is the peso): the total read, its currency blank",
    "CIK9631_6K_2022Q1_R31.txt": "the loans' allowance split below a Total of loans, acceptances and off-balance: not read",
}


def _pages() -> list[tuple[str, str]]:
    out = []
    for folder, where in FOLDERS.items():
        truth = where / "truth.csv"
        if truth.exists():
            sources = pd.read_csv(truth, dtype=str, keep_default_na=False).source.unique()
            out += [(folder, s) for s in sorted(sources)]
    return out


@cache
def _scorer():
    spec = importlib.util.spec_from_file_location("score_truth", SHARED / "tools" / "score_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _all_facts(folder: str) -> pd.DataFrame:
    """Every fact of the folder as the command line writes them (CSV), read back as the
    scorer reads them (strings, "" for nothing)."""
    result = extract_paths([FOLDERS[folder] / "text_extracts"])
    buffer = io.StringIO()
    result.facts.to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False)


def _folder_facts(folder: str) -> pd.DataFrame:
    """The folder's whole-portfolio facts. A figure filed under a segment is a part of the
    portfolio, never the whole the truth records: the scorer, which does not read segments,
    sees only the others."""
    facts = _all_facts(folder)
    return facts[facts["segment"] == ""].reset_index(drop=True)


def _params():
    return [
        pytest.param(folder, page, id=page, marks=(
            [pytest.mark.xfail(strict=True, reason=PENDING[page])] if page in PENDING else []))
        for folder, page in _pages()
    ]


@pytest.mark.skipif(not (SHARED / "tools" / "score_truth.py").exists(),
                    reason="../shared (real pages and their scorer) is not beside this checkout")
@pytest.mark.parametrize(("folder", "page"), _params())
def test_every_figure_of_the_real_page_and_no_contradiction(folder: str, page: str) -> None:
    truth = pd.read_csv(FOLDERS[folder] / "truth.csv", dtype=str, keep_default_na=False)
    truth = truth[truth.source == page].reset_index(drop=True)
    found, misses, contradicted = _scorer().score(_folder_facts(folder), truth)
    assert not contradicted, "a second, different whole-portfolio figure:\n" + "\n".join(contradicted)
    assert found == len(truth), f"{found}/{len(truth)} found; missed:\n" + "\n".join(misses)


def _pages_without_truth() -> list[tuple[str, str]]:
    out = []
    for folder, where in FOLDERS.items():
        truth, pages = where / "truth.csv", where / "text_extracts"
        if truth.exists() and pages.is_dir():
            sources = set(pd.read_csv(truth, dtype=str, keep_default_na=False).source)
            out += [(folder, p.name) for p in sorted(pages.iterdir()) if p.name not in sources]
    return out


def _no_truth_params():
    return [
        pytest.param(folder, page, id=page, marks=(
            [pytest.mark.xfail(strict=True, reason=PENDING[page])] if page in PENDING else []))
        for folder, page in _pages_without_truth()
    ]


@pytest.mark.skipif(not (SHARED / "tools" / "score_truth.py").exists(),
                    reason="../shared (real pages and their scorer) is not beside this checkout")
@pytest.mark.parametrize(("folder", "page"), _no_truth_params())
def test_a_page_without_truth_gives_no_whole_portfolio_figure(folder: str, page: str) -> None:
    """A page the truth records nothing from (a trap: trade receivables, securities, a vintage
    table, a guarantee programme without a total, an excerpt cut before its figures) gives
    no whole-portfolio figure of the kinds the truth records: any would be a wrong figure
    the scorer cannot see."""
    truth = pd.read_csv(FOLDERS[folder] / "truth.csv", dtype=str, keep_default_na=False)
    scored = set(zip(truth.disclosure, truth.metric, strict=True))
    facts = _folder_facts(folder)
    # a figure filed under a population of its own (the reserve for unfunded commitments beside
    # the loans' allowance, other receivables) is not the whole portfolio's either: the scorer
    # never compares it with the truth's
    facts = facts[(facts.source == page) & (facts["population"] == "")]
    wrong = facts[[k in scored for k in zip(facts.disclosure, facts.metric, strict=True)]]
    assert wrong.empty, "figures read from a page that gives none:\n" + wrong[
        ["disclosure", "metric", "days_from", "days_to", "period_end", "value", "label"]
    ].to_string()


@pytest.mark.skipif(not (SHARED / "tools" / "score_truth.py").exists(),
                    reason="../shared (real pages and their scorer) is not beside this checkout")
@pytest.mark.parametrize("folder", list(FOLDERS))
def test_every_figure_read_names_its_currency(folder: str) -> None:
    """A figure without its currency cannot be charted beside others or translated: every
    fact read from a real page says its currency (pages still pending aside)."""
    if not (FOLDERS[folder] / "text_extracts").is_dir():
        pytest.skip(f"{folder} is not here")
    facts = _all_facts(folder)
    blank = facts[(facts["currency"] == "") & ~facts["source"].isin(list(PENDING))]
    assert blank.empty, "figures without a currency:\n" + blank[
        ["source", "disclosure", "metric", "period_end", "value", "label"]].to_string()


def test_pending_pages_exist() -> None:
    """The PENDING list names only pages that are in the folders (a renamed page must not hide)."""
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    pages = {page for _, page in [*_pages(), *_pages_without_truth()]}
    assert set(PENDING) <= pages, set(PENDING) - pages


@pytest.mark.parametrize("folder", list(FOLDERS))
def test_a_line_mixing_write_offs_with_other_items_is_never_the_write_offs(folder: str) -> None:
    """"Write-offs and other items" (Santander UK's half-year rollforward) holds more than the
    write-offs: read as a movement of its own, so no write-off ratio is computed from it, and
    the rollforward still ties."""
    if not (FOLDERS[folder] / "text_extracts").is_dir():
        pytest.skip(f"{folder} is not here")
    facts = _all_facts(folder)
    mixed = facts["label"].str.contains(r"(?:write|charge)[\s-]*offs?\s+and\s+other\b",
                                        case=False, regex=True)
    assert not (mixed & (facts["metric"] == "write_off")).any()
    if folder == "real_pages":
        other = facts[mixed & (facts.source == "CIK1087711_6K_2018Q2_R44.txt")
                      & (facts.segment == "") & (facts.metric == "allowance_other")]
        assert sorted(other.value.astype(float)) == [-411e6, -133e6]
        assert set(other.verified_by) <= {"rollforward", "footing"}
        # its header's title line ("Movement in credit impairment loss allowances on loans and
        # advances:") is no swallowed row: the four classes keep their names
        page = facts[facts.source == "CIK1087711_6K_2018Q2_R44.txt"]
        assert set(page.segment) == {"", "Loans secured on residential properties",
                                     "Corporate loans", "Finance leases", "Other unsecured loans"}
