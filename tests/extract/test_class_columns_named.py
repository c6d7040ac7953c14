"""Class columns named from a header whose cells a text rendering broke over lines ("|Installment"
/ "receivables", "|Millions of" / "yen" / "2013"): the cells' lines joined give one name a
column, taken when the Total column they name is the one the figures prove sums the others."""

from __future__ import annotations

from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def _by_segment(f, metric: str, end: str) -> dict[str, float]:
    rows = pick(f, metric=metric, period_end=end)
    rows = rows[~rows.segment.fillna("").str.contains("evaluated for impairment")]
    return dict(zip(rows.segment.fillna(""), rows.value, strict=True))


def test_broken_cells_under_a_scale_and_a_year_name_the_classes() -> None:
    f = page("CIK1166141_20F_FY2014_R47.txt")
    assert _by_segment(f, "allowance_begin", "2013-03-31") == {
        "Installment receivables": 6_107e6, "Credit card receivables": 3_327e6,
        "Receivables due to transfers": 0.0, "Other": 396e6, "": 9_830e6}
    assert _by_segment(f, "allowance_end", "2013-03-31") == {
        "Installment receivables": 1_347e6, "Credit card receivables": 2_380e6,
        "Receivables due to transfers": 0.0, "Other": 461e6, "": 4_188e6}
    assert not f.segment.fillna("").str.startswith("column ").any()


def test_broken_cells_in_a_yen_table_name_the_classes() -> None:
    f = page("CIK317891_20F_FY2012_R47.txt")
    assert _by_segment(f, "allowance_end", "2012-03-31") == {
        "Lease receivables": 8_472e6, "Installment loans": 1_747e6,
        "Installment receivables and other": 2_595e6, "": 12_814e6}
    assert _by_segment(f, "write_off", "2012-03-31") == {
        "Lease receivables": 1_288e6, "Installment loans": 31e6,
        "Installment receivables and other": 78e6, "": 1_397e6}
    assert not f.segment.fillna("").str.startswith("column ").any()


def test_pipe_cells_broken_over_lines_keep_their_class_figures() -> None:
    # the classes were left out (only the proven total kept): the joined cells name them
    f = page("CIK1522327_10Q_2014Q3_R26.txt")
    assert _by_segment(f, "allowance_begin", "2014-09-30") == {
        "One-to four Family Residential": 3_182e3, "Commercial Real Estate": 2_846e3,
        "Home Equity and Lines of Credit": 1_146e3, "Residential Construction": 487e3,
        "Other Construction and Land": 3_257e3, "Commercial": 304e3, "Consumer": 339e3, "": 11_561e3}
    assert whole(f, "allowance_end", "2014-09-30") == [11_772e3]


def test_names_printed_apart_from_their_group_heading_stay_numbered() -> None:
    # "Commercial:" / "Industrial" / "Commercial:" / "Real estate": the joined names would drop
    # the group each belongs to, so the columns stay numbered
    f = page("CIK740942_10Q_2011Q3_R12.txt")
    segs = set(f.segment.fillna(""))
    assert "Real estate" not in segs and "Industrial" not in segs
    assert "column 1" in segs
