"""A table of classes split over two half-tables, each with its own header, the Total column in
the second ("1-4 family … | Commercial and industrial" over the rollforward's lines, then "Home
equity | Other" / "Tax exempt | and junior liens | consumer | Unallocated | Total" over the same
lines again): the second header starts another table, whose Total column is the whole book's,
and a header whose lines may be read across or cell by cell names no column."""

from __future__ import annotations

from dashboard.extract.joined_header import joined_names
from dashboard.extract.segment_names import class_names
from tests.conftest import pick
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_second_half_table_total_column_is_the_whole() -> None:
    # begin 5,349 = 509+0+2,801+460+1,034 (first half) + 3+388+98+56 (second half); charge-offs
    # 1,150 = 234+0+309+206+272 + 0+26+103+0; recoveries 157 = 40+0+0+38+10 + 0+10+59+0
    f = page("CIK1609065_10K_FY2015_R41.txt")
    assert whole(f, "allowance_begin", "2015-12-31") == [5_349e3]
    assert whole(f, "write_off", "2015-12-31") == [1_150e3]
    assert whole(f, "recovery", "2015-12-31") == [157e3]
    begins = pick(f, metric="allowance_begin", period_end="2015-12-31")
    # the second half's classes numbered (their names cannot be placed), never named wrongly
    assert not begins.segment.fillna("").str.contains("Home equity|Tax exempt").any()
    assert begins.period_start.astype(str).unique().tolist() == ["2015-01-01"]


def test_header_read_across_or_cell_by_cell_names_no_column() -> None:
    # "Home equity | Other" over "Tax exempt | and junior liens | consumer | Unallocated | Total":
    # cell by cell "Tax exempt and junior liens consumer"; line over line "Home equity and junior
    # liens", "Other consumer": the words do not decide
    header = ["Home equity", "Other", "Tax exempt", "and junior liens", "consumer", "Unallocated", "Total"]
    assert joined_names(header, 5) is None
    assert class_names(header, 5) is None
    # a cell broken once reads the same either way: named
    assert joined_names(["Commercial", "and Industrial", "Franchise", "Total"], 3) == \
        ["Commercial and Industrial", "Franchise", "Total"]
