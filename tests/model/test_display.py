"""Display formatting in one place, and the note heading taken from the document itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts.layout import nice_axis
from dashboard.extract.note_heading import note_heading
from dashboard.model import display

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "text_extracts"


def test_one_table_unit_and_en_dash_for_missing() -> None:
    df = pd.DataFrame({"Filer": ["A", "A"], "Currency": ["RMB", "RMB"],
                       "Over 90 days": [60_353_000.0, None]})
    out, heads = display.amount_columns(df, ["Over 90 days"], currencies=["CNY", "CNY"])
    assert heads == {"Over 90 days": "Over 90 days (RMB m)"}
    text = display.formatted(out, {"Over 90 days (RMB m)": "{:,.1f}"})
    assert list(text["Over 90 days (RMB m)"]) == ["60.4", "–"]
    kept, said = display.drop_constant(text, ["Filer", "Currency"])
    assert said == {"Filer": "A", "Currency": "RMB"} and list(kept.columns) == [
        "Over 90 days (RMB m)"]
    # two currencies never share a scale word
    assert display.table_unit(["CNY", "USD"], [1e9]) == (1, "units")


def test_headline_words() -> None:
    assert display.money_short(234_599_000, "CNY") == "RMB 234.6 million"
    assert display.pt_change(0.0003) == "+0.03 pt"
    assert display.signed_pct(-0.865) == "−86.5%"
    assert display.currency_name("CNY") == "RMB" and display.currency_name("USD") == "US$"
    assert display.bucket_name("over 90 days") == "Over 90 days"
    assert nice_axis(2.22 * 1.12) == (2.5, 0.5)  # 0, 0.5 … 2.5%


@pytest.mark.parametrize(("name", "heading"), [
    ("fta_20f_fy2023_loan_aging_details.htm", "Loans Receivable, Net: aging of loans"),
    ("qudian_20f_fy2018_guarantee_note.txt", "Note 11, Guarantee liabilities"),
    ("qudian_20f_fy2021_guarantee_note.txt",
     "Note 12, Guarantee liabilities and risk assurance liabilities"),
])
def test_note_heading_of_the_samples(name: str, heading: str) -> None:
    assert note_heading(name, (ROOT / "data" / name).read_bytes()) == heading


def test_note_heading_of_real_text_renderings() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the project ({CORPUS})")
    got = {p.name: note_heading(p.name, p.read_bytes()) for p in CORPUS.iterdir()}
    assert got["FTA_1838413_20F_FY2023_R15.txt"] == "Note 6, Loans receivable, net"
    assert got["QFIN_1741530_20F_FY2022_R61.txt"] == \
        "Loans receivable, net: movement of allowance for loan losses"
    assert got["QD_1692705_20F_FY2020_R18.txt"] == \
        "Note 11, Guarantee liabilities and risk assurance liabilities"


def test_a_sentence_ending_on_a_filer_name_gets_one_full_stop() -> None:
    from dashboard.model.display import ending

    assert ending("Loaded sources have aging for: Qifu Technology, Inc.") == \
        "Loaded sources have aging for: Qifu Technology, Inc."
    assert ending("Merged A, B into Qudian Inc") == "Merged A, B into Qudian Inc."


def test_text_shown_through_markdown_keeps_its_punctuation() -> None:
    """Two dollar signs would make a formula of what lies between, an asterisk emphasis, a
    colon an icon: names, figures and units are escaped where Streamlit reads Markdown."""
    assert display.markdown_text("US$ 81.7 thousand of US$ 3.7 million") == (
        "US\\$ 81.7 thousand of US\\$ 3.7 million")
    assert display.markdown_text("Loans [net]*: 3_000") == "Loans \\[net\\]\\*\\: 3\\_000"
    assert display.markdown_text("Qudian Inc.") == "Qudian Inc."


def test_a_column_of_dates_with_blanks_is_one_type_for_the_table() -> None:
    """The Facts page's checks: a duration check has a start date, a balance check none. As
    dates beside blanks, Arrow (st.dataframe) could not type the column and Streamlit logged a
    traceback on every view before falling back."""
    import pyarrow as pa

    checks = pd.DataFrame({"check": ["rollforward", "footing"],
                           "period_start": [date(2021, 1, 1), None],
                           "period_end": [date(2021, 12, 31), date(2021, 12, 31)]})
    shown = display.text_cells(checks)
    assert list(shown["period_start"]) == ["2021-01-01", ""]
    assert list(shown["period_end"]) == ["2021-12-31", "2021-12-31"]
    pa.Table.from_pandas(shown, preserve_index=False)  # no ArrowTypeError
