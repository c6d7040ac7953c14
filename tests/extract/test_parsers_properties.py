"""Property-based tests of the number, date and bucket parsers: whatever a filer prints in
these styles reads back as the figure, the date or the bucket it stands for."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model.buckets import parse_bucket
from dashboard.model.dates import find_dates, parse_date
from dashboard.model.numbers import number_tokens, parse_number

amounts = st.integers(min_value=0, max_value=10**13)


def grouped(n: int) -> str:
    return f"{n:,}"


@given(amounts, st.sampled_from(["", "$ ", "¥ ", "RMB", "US$"]))
def test_grouped_figures_read_back(n, cur):
    got = parse_number(cur + grouped(n))
    assert got is not None and got.value == n and not got.negative


@given(amounts.filter(lambda n: n > 0), st.sampled_from(["({})", "({}", "{})", "-{}", "( {} )"]))
def test_negative_styles_including_broken_parentheses(n, style):
    got = parse_number(style.format(grouped(n)))
    assert got is not None and got.value == -n and got.negative
    assert got.repaired == (style in ("({}", "{})"))


@given(st.lists(amounts, min_size=1, max_size=8), st.sampled_from(["  ", "\xa0\xa0 \xa0", " | ", "\t"]))
def test_a_row_of_figures_splits_into_its_cells(ns, sep):
    cells = [grouped(n) if i % 2 else f"({grouped(n)}" if n else "—" for i, n in enumerate(ns)]
    got = number_tokens(sep.join(cells))
    assert got is not None and len(got) == len(ns)
    for i, (n, g) in enumerate(zip(ns, got, strict=True)):
        assert abs(g.value) == (n if (i % 2 or n) else 0)


@given(st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_words_are_not_figures(text):
    if text.strip().lower() in ("nil", "none"):
        return
    assert number_tokens(text + " 1,234") is None


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(dates, st.sampled_from(["{abbr}. {d}, {y}", "{full} {d}, {y}", "{d} {full} {y}", "{iso}"]))
def test_dates_in_filer_styles(d, style):
    text = style.format(abbr=calendar.month_abbr[d.month], full=calendar.month_name[d.month],
                        d=d.day, y=d.year, iso=d.isoformat())
    assert parse_date(f"As of {text} (RMB)") == d


@given(st.integers(1, 12), st.integers(1, 28), st.lists(st.integers(1990, 2099), min_size=2, max_size=4,
                                                        unique=True))
def test_date_lists_expand(month, day, years):
    listed = ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"
    text = f"as of {calendar.month_name[month]} {day}, {listed}, respectively"
    assert find_dates(text) == [date(y, month, day) for y in years]


@settings(max_examples=200)
@given(st.integers(0, 400), st.integers(1, 400),
       st.sampled_from(["{a}-{b}", "{a}-{b} days", "{a} - {b} days past due", "{a} to {b} days"]))
def test_closed_buckets(a, width, style):
    b = a + width
    if b > 999:
        return
    assert parse_bucket(style.format(a=a, b=b)) == (a, b)


@given(st.integers(1, 400), st.sampled_from(["Over {n} days", "over {n}", "More than {n} days past due",
                                             "> {n} days", "greater than {n} days"]))
def test_open_buckets_start_the_day_after(n, style):
    assert parse_bucket(style.format(n=n)) == (n + 1, None)


@given(st.integers(1, 400), st.sampled_from(["{n}+ days", "{n}+", "{n} days or more"]))
def test_open_buckets_from_n(n, style):
    assert parse_bucket(style.format(n=n)) == (n, None)


def test_not_buckets():
    for label in ("Total past due", "Current", "2022", "Loans receivable", "Dec. 31, 2023"):
        assert parse_bucket(label) is None
