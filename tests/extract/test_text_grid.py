"""The grid rebuilt from real text renderings of EDGAR R pages (../shared/corpus/real_*), one
test per mechanism: each reads a real page and asserts its whole-portfolio figures exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.extract.parsers.details_text import details_block
from dashboard.extract.parsers.text_extract import page_body, split_page
from dashboard.extract.pipeline import extract_bytes
from dashboard.model.dates import duration_months, start_of_duration
from tests.conftest import CORPUS, need, pick


def page(folder: str, name: str) -> pd.DataFrame:
    path = need(CORPUS / folder / "text_extracts" / name)
    r = extract_bytes([(name, Path(path).read_bytes())])
    return r.facts


def whole(facts: pd.DataFrame, metric: str, end: str, **where: object) -> list[float]:
    rows = pick(facts, metric=metric, period_end=end, **where)
    rows = rows[(rows.segment.fillna("") == "")]
    return sorted(rows.value.tolist())


def test_three_month_period_ended_is_a_quarter() -> None:
    assert duration_months("Three-month period ended March 31, 2020:") == 3
    assert duration_months("for the three-month periods ended March 31, 2020 and 2019") == 3
    # a bank's quarterly rollforward, a cell per line with negatives split "(88" / ")"
    f = page("real_banks", "CIK49196_10Q_2020Q1_R27.txt")
    alll = f[f.population.fillna("").isin(["", "ALLL"])]
    assert whole(alll, "allowance_begin", "2020-03-31") == [783e6]
    assert whole(alll, "write_off", "2020-03-31") == [136e6]
    assert whole(alll, "allowance_end", "2019-03-31") == [764e6]
    q = pick(alll, metric="provision", period_end="2020-03-31")
    assert set(q.period_start) == {date(2020, 1, 1)}


def test_details_page_a_line_a_row_first_block_is_the_total() -> None:
    f = page("real_banks", "CIK1011659_10Q_2020Q1_R52.txt")
    assert whole(f, "current", "2020-03-31") == [89_121e6]
    assert whole(f, "past_due_total", "2019-12-31") == [415e6]
    assert whole(f, "past_due", "2020-03-31", days_from=30) == [538e6]
    assert whole(f, "past_due_90_accruing", "2020-03-31") == [18e6]
    # the grid: a cell a column, the NBSP an empty cell, members as the rows' context
    text = Path(CORPUS / "real_banks" / "text_extracts" / "CIK1011659_10Q_2020Q1_R52.txt").read_text()
    block = details_block(page_body(text), split_page(text).title)
    assert block is not None and len(block.columns) == 2
    first = block.rows[0]
    assert (first.label, [v.value for v in first.values], first.context) == ("Current", [89_121, 87_798], [])
    construction = next(r for r in block.rows if r.context == ["Commercial | Construction"])
    assert construction.label == "Loans held for investment"
    assert construction.values[0].value == 1_583 and construction.values[1] is None


def test_details_heading_names_the_line() -> None:
    # every block's line is "Total loans"; its heading ("Current", "30-89 Days Past Due") says
    # which line it is, and the middle (March 2024) column is empty
    f = page("real_banks", "CIK36104_10Q_2025Q1_R54.txt")
    assert whole(f, "total_loans", "2025-03-31") == [381_819e6]
    assert whole(f, "current", "2025-03-31") == [378_092e6]
    assert whole(f, "current", "2024-12-31") == [375_950e6]
    assert whole(f, "past_due", "2025-03-31", days_from=30) == [1_246e6]
    assert whole(f, "past_due", "2024-12-31", days_from=90) == [810e6]
    assert pick(f, period_end="2024-03-31", metric="total_loans").empty


def test_details_old_style_footnote_markers_and_an_empty_column() -> None:
    f = page("real_banks", "CIK740971_10Q_2012Q2_R30.txt")
    assert whole(f, "past_due", "2012-06-30", days_from=30) == [3_028_000]
    assert whole(f, "past_due_total", "2011-12-31") == [3_373_000]
    assert whole(f, "past_due_90_accruing", "2012-06-30") == [135_000]
    # the June 2011 column holds only interest-income lines: no aging figure is made up there
    assert pick(f, period_end="2011-06-30", metric="past_due").empty
    assert pick(f, period_end="2011-06-30", metric="past_due_total").empty


@pytest.mark.parametrize("name", ["CIK1011659_10Q_2020Q1_R52.txt", "CIK740971_10Q_2012Q2_R30.txt"])
def test_details_page_has_no_sentences(name: str) -> None:
    # its lines of labels and figures are a table, never read as prose
    f = page("real_banks", name)
    assert not f.note.fillna("").str.contains("sentence").any()
    assert f.label.str.len().max() < 120


def test_scale_from_prose_amounts_that_add_up_to_table_figures() -> None:
    # no "(in millions)" heading; the prose's "$586 million … $325 million" add up to the 911
    f = page("real_lenders", "CIK1467858_10K_FY2018_R12.txt")
    # the rollforward's closing balance and the balances table's, one figure
    assert set(whole(f, "allowance_end", "2018-12-31")) == {911e6}
    assert whole(f, "write_off", "2017-12-31") == [1_173e6]
    assert set(pick(f, metric="provision").scale_basis) == {"inferred"}


def test_periods_over_runs_of_segment_columns() -> None:
    # "Second Quarter 2019 (a) | First Half 2019 (a)" over "Consumer | Non-Consumer | Total"
    # twice, "for the periods ended June 30" in the caption; the 2020 table repeats the header
    f = page("real_lenders", "CIK37996_10Q_2020Q2_R47.txt")
    q = pick(f, metric="provision", period_start="2020-04-01", period_end="2020-06-30")
    assert sorted(q[q.segment.fillna("") == ""].value) == [93e6]
    h = pick(f, metric="allowance_begin", period_start="2020-01-01", period_end="2020-06-30")
    assert sorted(h[h.segment.fillna("") == ""].value) == [513e6]
    assert whole(f, "write_off", "2019-06-30") == [117e6, 271e6]
    assert set(pick(f, metric="recovery", period_end="2019-06-30").segment.fillna("")) == {"", "Consumer", "Non-Consumer"}


def test_header_cell_broken_over_lines_without_its_pipe_and_a_unit_heading() -> None:
    # "|Caterpillar" / "Purchased" / "Receivables" is one column of four, twice (three and nine
    # months, 2024 and 2023); "(Millions of dollars)" is the page's unit
    f = page("real_lenders", "CIK764764_10Q_2024Q3_R22.txt")
    q = pick(f, metric="provision", period_start="2024-07-01", period_end="2024-09-30")
    assert sorted(q[q.segment.fillna("") == ""].value) == [26e6]
    n = pick(f, metric="write_off", period_start="2024-01-01", period_end="2024-09-30")
    assert sorted(n[n.segment.fillna("") == ""].value) == [145e6]
    assert "Caterpillar Purchased Receivables" in set(n.segment)
    assert whole(f, "allowance_begin", "2023-09-30") == [320e6, 346e6]


def test_aging_header_words_over_two_lines_a_cell() -> None:
    # "30-59 Days / Past Due … All / Past Due / Current / Total / 90+ Days / & Accruing" over
    # seven columns, "Commercial" the first group's heading; whole dollars
    f = page("real_banks", "CIK765207_10Q_2014Q2_R25.txt")
    assert whole(f, "total_loans", "2014-06-30") == [891_864_000]
    assert whole(f, "current", "2013-12-31") == [860_375_000]
    assert whole(f, "past_due", "2014-06-30", days_from=60) == [1_387_000]
    assert whole(f, "past_due_90_accruing", "2013-12-31") == [1_043_000]


def test_aging_header_interleaved_words_and_a_zeros_scale() -> None:
    # "Loans / 30-60 Days Past Due … Accruing / Loans 90 or / More Days Past Due", "(in 000's)";
    # the student-loan status table above it is no aging table
    f = page("real_banks", "CIK1137547_10Q_2020Q1_R29.txt")
    assert whole(f, "past_due", "2020-03-31", days_from=90) == [10_504_000]
    assert whole(f, "past_due_total", "2020-03-31") == [12_848_000]
    assert whole(f, "total_loans", "2020-03-31") == [623_765_000]
    assert whole(f, "past_due_90_accruing", "2020-03-31") == [1_061_000]


def test_lone_pipe_lines_bound_cells_whose_words_wrap() -> None:
    # "|" / "30-89" / "Days" / "Past" / "Due" / "|": one cell; "--" is nil; the header printed
    # again under "December 31, 2011" starts the second table
    text = (CORPUS / "real_banks" / "text_extracts" / "CIK1006424_10Q_2012Q1_R10.txt")
    blocks = split_page(need(text).read_text()).blocks
    assert blocks[0].header[-4:] == ["30-89 Days Past Due", "90 Days or More Past Due", "Current", "Total (1)"]
    spec = next(r for r in blocks[0].rows if r.label == "Speculative one- to four-family")
    assert [v.value for v in spec.values] == [0, 0, 1_150, 1_150]
    f = page("real_banks", "CIK1006424_10Q_2012Q1_R10.txt")
    assert whole(f, "past_due", "2012-03-31", days_from=30) == [12_035_000]
    assert whole(f, "past_due", "2011-12-31", days_from=90) == [12_530_000]
    assert whole(f, "total_loans", "2011-12-31") == [353_508_000]


def test_inline_pipes_wrapped_over_lines_stay_one_table() -> None:
    # "| Losses charged to allowance | | (1,446 | ) | … | Recoveries | | 521 |": two rows on a
    # line that goes on with the table above, and a closing parenthesis in a cell of its own
    blocks = split_page(need(CORPUS / "real_banks" / "text_extracts" / "CIK1127371_10K_FY2013_R14.txt").read_text()).blocks
    first = blocks[0]
    assert [r.label for r in first.rows] == ["Balance, beginning of year", "Provision charged to operations",
                                             "Losses charged to allowance", "Recoveries", "Balance, end of year"]
    assert [v.value for v in first.rows[2].values] == [-1_446, -2_850, -1_532]
    f = page("real_banks", "CIK1127371_10K_FY2013_R14.txt")
    assert whole(f, "allowance_end", "2011-12-31") == [11_396_000]
    assert set(whole(f, "recovery", "2013-12-31")) == {521_000}  # the segment table repeats it


def test_footnote_marker_after_a_complete_row_and_a_caption_over_two_lines() -> None:
    # "MAXIMUM POTENTIAL UNDISCOUNTED PAYMENTS | 2,814.9 | 3,086.5 | (1)": the row has its two
    # columns, so "(1)" marks the footnote below; "Guarantees" / "consisted of the following:"
    # is one caption; "(In millions of €)"
    f = page("real_lenders", "CIK1792045_20F_FY2021_R65.txt")
    assert whole(f, "max_exposure", "2021-12-31") == [2_814.9e6]
    assert whole(f, "max_exposure", "2020-12-31") == [3_086.5e6]
    assert set(pick(f, metric="max_exposure").currency) == {"EUR"}


def test_periods_named_in_row_labels_under_a_year_and_totals_footing_decides() -> None:
    # "2021" over segment columns, "Balance at January 1" … "Balance at September 30": nine
    # months of 2021; the 2020 table after "121.7 | 2020 | DEALER …" is cut off before its
    # closing balance (closes on the page's Sep. 30); its charge-offs print three of five cells
    f = page("real_lenders", "CIK75362_10Q_2021Q3_R26.txt")
    q = pick(f, metric="allowance_end", period_start="2021-01-01", period_end="2021-09-30")
    assert sorted(q[q.segment.fillna("") == ""].value) == [121.7]
    assert whole(f, "write_off", "2021-09-30") == [11.0]
    assert whole(f, "write_off", "2020-09-30") == [23.5]  # the Total's column whatever the parts'
    assert whole(f, "provision", "2020-09-30") == [27.6]
    parts = pick(f, metric="write_off", period_end="2020-09-30")
    assert set(parts.segment.fillna("")) == {""}  # which segments the parts are, footing cannot tell


def test_amount_columns_interleaved_with_percent_of_total_columns() -> None:
    # "March 31, 2014 | % of Total | December 31, 2013 | % of Total": four cells a row, two
    # dates; the shares (1.2, 0.9 …) are never read as amounts
    f = page("real_lenders", "CIK1101215_10Q_2014Q1_R26.txt")
    # (the heading "Principal receivables balances contractually delinquent:" is their segment
    # for now: what a heading means is the classifier's)
    assert list(pick(f, metric="past_due", period_end="2014-03-31", days_from=31).value) == [95_018_000]
    assert list(pick(f, metric="past_due", period_end="2013-12-31", days_from=91).value) == [150_425_000]
    assert pick(f, metric="past_due").value.min() > 1_000


def test_one_population_column_over_aging_line_items() -> None:
    # "Total Consumer" over "31 - 60 days past due … Current | Total": the column names the
    # population, the rows the line items; the date is in the caption
    f = page("real_lenders", "CIK37996_10Q_2020Q2_R46.txt")
    dec = pick(f, period_end="2019-12-31")
    assert list(pick(dec, metric="past_due", days_from=61).value) == [166e6]
    assert list(pick(dec, metric="total_loans").value) == [73_882e6]
    assert list(pick(dec, metric="current").value) == [72_842e6]


def test_origination_year_columns_are_populations_at_one_date() -> None:
    # "Amortized Cost Basis by Origination Fiscal Year at March 31, 2023 | 2023 | … | 2018 and
    # Prior | Total": no column is a balance at a year end
    f = page("real_lenders", "CIK834071_10K_FY2023_R26.txt")
    assert whole(f, "current", "2023-03-31") == [77_819]
    assert whole(f, "past_due", "2023-03-31", days_from=90) == [179]
    assert whole(f, "total_loans", "2023-03-31") == [79_646]
    for year in ("2021-03-31", "2022-12-31", "2021-12-31", "2019-03-31"):
        assert pick(f, metric="current", period_end=year).empty
    assert "2019" in set(pick(f, metric="current", period_end="2023-03-31").segment)


def test_label_and_figures_run_together() -> None:
    # "Maximum potential undiscounted payments$1,347.5 $1,458.8": no separators at all
    f = page("real_lenders", "CIK1681459_10Q_2021Q2_R44.txt")
    assert whole(f, "max_exposure", "2021-06-30") == [1_347.5e6]
    assert whole(f, "max_exposure", "2020-12-31") == [1_458.8e6]
    # "Other guarantees341 323": the grid has three rows of two columns (what they are is the
    # classifier's); "September 30" or "in 2022 and 2023" are never split
    blocks = split_page(need(CORPUS / "real_lenders" / "text_extracts" / "CIK18230_10Q_2023Q3_R19.txt").read_text()).blocks
    rows = {r.label: [v.value for v in r.values] for b in blocks for r in b.rows}
    assert rows["Other guarantees"] == [341, 323] and rows["Total guarantees"] == [383, 511]


def test_header_cells_wrapped_without_pipes_and_a_subset_column() -> None:
    # "|30-89 days" / "past due", "Nonaccrual" / "loans" / "that are" / "current 1": seven
    # columns; the last is a part of the nonaccrual loans, never read as all of them
    f = page("real_banks", "CIK109380_10Q_2021Q3_R27.txt")
    assert whole(f, "current", "2021-09-30") == [50_464e6]
    assert whole(f, "past_due", "2021-09-30", days_from=30) == [124e6]
    assert whole(f, "past_due_total", "2021-09-30") == [214e6]
    assert whole(f, "total_loans", "2021-09-30") == [50_678e6]
    assert whole(f, "past_due_90_accruing", "2021-09-30") == [4e6]
    assert not f.metric.str.contains("nonaccrual").any()


def test_period_starts() -> None:
    # a quarter's flow ending September 30 starts July 1; a fiscal quarter ending on a day that
    # is no month end starts the day after the same day three months before
    assert start_of_duration(date(2011, 9, 30), 3) == date(2011, 7, 1)
    assert start_of_duration(date(2024, 1, 27), 3) == date(2023, 10, 28)
    assert duration_months("At or for the nine months ended September 30") == 9
    assert duration_months("Three-month period ended March 31, 2020:") == 3
