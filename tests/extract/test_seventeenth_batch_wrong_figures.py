"""Figures of the seventeenth batch's real pages (tests/real_pages) that were read wrong: one
book's lines read as the whole book's where the page splits its loans into books (originated /
acquired, covered / not covered by loss share) and prints no grand total of them."""

from __future__ import annotations

from tests.conftest import real_page as page


def _whole(facts, **where):
    rows = facts[(facts.segment.fillna("") == "") & (facts.population.fillna("") == "")]
    for col, want in where.items():
        rows = rows[rows[col] == want]
    return rows


def test_a_books_two_headings_over_the_first_rows_make_its_lines_the_books() -> None:
    # "Loans not covered by FDIC loss share agreements (note 2)" / "Real estate loans" over the
    # first rows, as "Loans covered by …" / "Real estate loans" heads the second book: the first
    # book's "Loans before unearned fees and cost" 1,134,961 / 1,120,354 and its allowance
    # 24,019 / 27,585 are that book's, never the whole's (only the net total of both is printed)
    f = page("CIK1102266_10Q_2012Q3_R14.txt")
    assert _whole(f, metric="total_loans").empty
    assert _whole(f, disclosure="allowance").empty
    book = f[f.segment == "Loans not covered by FDIC loss share agreements"]
    assert {(m, v / s) for m, v, s in zip(book.metric, book.value, book.scale, strict=True)} >= {
        ("total_loans", 1_134_961.0), ("total_loans", 1_120_354.0),
        ("allowance_end", 24_019.0), ("allowance_end", 27_585.0)}
    covered = f[f.segment == "Loans covered by FDIC loss share agreements"]
    assert {(m, v / s) for m, v, s in zip(covered.metric, covered.value, covered.scale, strict=True)} >= {
        ("allowance_end", 2_322.0), ("allowance_end", 359.0)}
