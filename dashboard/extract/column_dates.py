"""A header's dates, durations and period groups read into columns ("Three Months Ended |
Nine Months Ended" over "September 30, 2024 | 2023 | …"), and the convenience-translation
columns beside them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from dashboard.extract.classify import label_role
from dashboard.extract.header_periods import (
    part_months,
    period_fragment,
)
from dashboard.extract.table import ColumnInfo, PageContext
from dashboard.model import table_words, units, vocab
from dashboard.model.dates import (
    FULL_DATE,
    MONTH_DAY,
    YEAR,
    bare_year,
    duration_months,
    find_dates,
    month_number,
    numeric_heading_date,
    year_end,
)
from dashboard.model.numbers import Number
from dashboard.model.schema import DELINQUENCY, NONACCRUAL


def header_dates(fragments: list[str], n: int, ctx: PageContext, caption: str) -> list[date] | None:
    """Period dates for `n` columns from header fragments ("Dec. 31, 2022" or bare years)."""
    paired = month_days_over_years(fragments, n)
    if paired:
        return paired
    joined = " ".join(fragments).replace("\xa0", " ")
    # "Dec. 31, 2019" (the page's date, above the table) then "As at December 31, | 2018 | 2019":
    # a bare year on a line of its own, one a column, is the column's year; read joined, the
    # month-day above would take the first of them and the page's date the other column
    bare = [y for f in fragments if (y := bare_year(f))]
    dates = [] if n >= 2 and len(bare) == n == len(set(bare)) else find_dates(joined)
    if dates and len(dates) < n:
        full = []
        for frag in fragments:
            full.extend(find_dates(frag))
        if len(full) == n:
            dates = full
    # "12/31/2020 | 12/31/2019": dates in figures, one a cell, beside the page's own date
    if len(dates) != n and len(figured := [d for f in fragments if (d := numeric_heading_date(f))]) == n:
        dates = figured
    if len(dates) == n:
        return dates
    if n >= 2 and len(dates) > n:
        # "3 Months Ended | Mar. 31, 2025" (the page's own date) above the table's header row
        # printed on one line ("March 31, 2025December 31, 2024"): the fragment that dates
        # every column by itself is the columns' header, the date above it the page's
        own = [d for f in fragments if len(d := find_dates(f)) == n]
        if own:
            return own[-1]
        if len(set(dates)) == n == len(set(dates[-n:])):
            # "Jun. 30, 2013" (the page's date) above "June 30, 2013 | December 31, 2012", each
            # column's date a fragment of its own: the extra date repeats a column's, the page's
            return dates[-n:]
    years = bare if not dates and len(bare) == n else [int(y) for y in YEAR.findall(joined)]
    if len(years) == n:
        # "At or for the nine months ended September 30" above "2019 2018": the month and day
        # are read from their own fragment, or the year below would look like theirs
        md = next((m for f in fragments if (m := MONTH_DAY.search(f.replace("\xa0", " ")))), None) \
            or MONTH_DAY.search(joined)
        if md is None and (by_year := _caption_date_of_each_year(caption, years)):
            return by_year
        md = md or MONTH_DAY.search(caption)
        fiscal = (month_number(md["mon"]), int(md["day"])) if md else ctx.fiscal_end
        return [year_end(y, fiscal) for y in years]
    return None


def _caption_date_of_each_year(caption: str, years: list[int]) -> list[date] | None:
    """"Loans at March 31, 2024 and December 31, 2023 were as follows:" over "2024 | 2023": each
    column is the caption's one date of its year (the first month-day is not the other year's)."""
    dated: dict[int, set[date]] = {}
    for d in find_dates(caption):
        dated.setdefault(d.year, set()).add(d)
    if len(set(years)) != len(years) or any(len(dated.get(y, ())) != 1 for y in years):
        return None
    return [next(iter(dated[y])) for y in years]


def month_days_over_years(fragments: list[str], n: int) -> list[date] | None:
    """"September 30, | December 31," over "2018 | 2017": a header row of month-days above a
    row of years, one of each per column, paired in column order (read joined, the last
    month-day would take the first year)."""
    # a space-aligned rendering keeps a header row on one line: "September 30,   December 31,"
    # over "2019   2018"
    days = [m for f in fragments if not YEAR.search(f) for m in MONTH_DAY.finditer(f.replace("\xa0", " "))]
    years = [int(y) for f in fragments if re.fullmatch(r"\s*(?:(?:19|20|21)\d\d\s*)+", f)
             for y in f.split()]
    if n < 2 or len(years) != n or not days or len(days) > n:
        return None
    if len(days) < n:
        # "As of September 30, | As of December 31," over "2023 | 2022 | 2022": a month-day spans
        # the years going back in time below it; the same or a later year starts the next one's
        runs = [1]
        for a, b in zip(years, years[1:], strict=False):
            runs[-1:] = [runs[-1] + 1] if b < a else [runs[-1], 1]
        if len(runs) != len(days):
            return None
        days = [m for m, k in zip(days, runs, strict=True) for _ in range(k)]
    try:
        return [date(y, month_number(m["mon"]), int(m["day"])) for m, y in zip(days, years, strict=True)]
    except ValueError:
        return None


def translation_columns(fragments: list[str], n: int, ctx: PageContext, caption: str,
                         rows: list[list[Number | None]] | None = None) -> tuple[list[date] | None, list[str] | None]:
    """"2023 2024 / RMB RMB US$": the last column is the filing's convenience translation of
    the year before it, so three columns carry two years. A header that names no currency
    may leave them to the signs printed on the first row's figures ("Rs. | Rs. | US$", each in
    a cell of its own), when in every row the last column is the one before it at one rate."""
    joined = " ".join(fragments)
    curs = [units.currency_of(t) for t in table_words.HEADER_CURRENCY.findall(joined)]
    signed = not curs and bool(rows) and bool(curs := _translated_signs(rows or [], n) or [])
    if len(curs) != n or n < 2 or curs[-1] == curs[-2] or len(set(curs[:-1])) != 1:
        return None, None
    dates = header_dates(fragments, n - 1, ctx, caption)
    if not dates and signed and not find_dates(joined):
        # no date over the columns: the caption's ("Loans by facility as of March 31, 2022 and
        # March 31, 2023 were as follows:"), one a column, when the latest is the last (the
        # column the translation stands beside: a filing translates its latest period)
        named = find_dates(caption)
        if len(named) == n - 1 and len(set(named)) == n - 1 and named[-1] == max(named):
            dates = named
    if not dates:
        return None, None
    return [*dates, dates[-1]], curs


def _translated_signs(rows: list[list[Number | None]], n: int) -> list[str] | None:
    """The currencies the first full row's signs give its `n` columns, when every figure of it
    has one and the last column translates the one before it at one rate in every row."""
    first = next((r for r in rows if len(r) == n and all(v is not None for v in r)), None)
    if first is None or n < 2:
        return None
    curs = [units.currency_of(v.currency) for v in first]  # type: ignore[union-attr]
    if not all(curs):
        return None
    pairs = [(r[-2], r[-1]) for r in rows if len(r) == n and r[-2] is not None and r[-1] is not None
             and r[-2].value and r[-1].value]  # type: ignore[union-attr]
    if len(pairs) < 2:
        return None
    ref_c, ref_u = max(pairs, key=lambda p: abs(p[1].value))  # type: ignore[union-attr]
    rate = ref_c.value / ref_u.value  # type: ignore[union-attr]
    for c, u in pairs:
        # within the rounding of both printed figures and of the one the rate came from
        tol = abs(rate) * (0.5 * 10.0 ** -u.decimals + abs(u.value) * 0.5 * 10.0 ** -ref_u.decimals  # type: ignore[union-attr]
                           / abs(ref_u.value)) + 0.5 * 10.0 ** -c.decimals  # type: ignore[union-attr]
        # and a hundredth of a percent: a filer translates its unrounded figures
        if abs(c.value - u.value * rate) > tol + 1e-4 * abs(c.value):  # type: ignore[union-attr]
            return None
    return curs


def columns_from_texts(texts: list[str], ctx: PageContext) -> list[ColumnInfo]:
    cols = []
    for t in texts:
        dates = find_dates(t)
        item = re.sub(r"\s*\|\s*", " | ", t)
        item = units.ISO_WITH_SYMBOL.sub("", item)
        for pat in (r"\d{1,2}\s+Months?\s+Ended", r"(?:Twelve|Three|Six|Nine)\s+Months?\s+Ended"):
            item = re.sub(pat, "", item, flags=re.I)
        item = FULL_DATE.sub("", item)
        item = " | ".join(p.strip() for p in item.split("|") if p.strip())
        cols.append(ColumnInfo(
            text=t, end=dates[-1] if dates else None, months=duration_months(t),
            currency=units.currency_in(t), item=item,
        ))
    return cols


# "Quarter Ended" (one quarter: three months), "Two Quarters Ended" (six), "Three Quarters
# Ended" (nine); "Second Quarter Ended" names which quarter, still one
_QUARTERS_HEADING = re.compile(r"\b(?:(two|three)\s+quarters|(?:(?:first|second|third|fourth)\s+)?quarter)"
                               r"\s+ended\b", re.I)
_DURATION_HEADING = re.compile(rf"{table_words.DURATION_WORD.pattern}|{_QUARTERS_HEADING.pattern}", re.I)
_MONTH_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}


def header_durations(fragments: list[str], n: int, dates: list[date] | None = None) -> list[int | None] | None:
    """Per-column durations when a header names several ("Three Months … Six Months Ended"
    over four year columns: 3, 3, 6, 6), or names durations over fewer runs of dates than it
    prints (the balance-sheet dates after them: instants, None)."""
    # "Quarter Ended" is a duration heading as "Three Months Ended" is ("Quarter Ended | Nine
    # Months Ended" over four dates: 3, 3, 9, 9), counted in its place among the others; only
    # beside a duration in months or another number of quarters ("Second Quarter Ended | Year
    # to Date Ended" names no length for its other columns: the dates decide, as without it)
    quarters = {None: 3, "two": 6, "three": 9}
    months: list[int | None] = []
    in_months = False
    for m in _DURATION_HEADING.finditer(" ".join(fragments)):
        if q := _QUARTERS_HEADING.fullmatch(m.group(0)):
            months.append(quarters[q.group(1).lower() if q.group(1) else None])
        else:
            in_months = True
            months.append(_MONTH_WORDS.get(m.group(1).lower()) or int(m.group(1)))
    if not in_months and len(set(months)) < 2:
        months = []
    if not months:
        return None
    if len(months) >= 2 and n % len(months) == 0:
        return [m for m in months for _ in range(n // len(months))]
    if not dates or len(dates) != n:
        return None
    # "3 Months Ended | 9 Months Ended | 12 Months Ended" over "Sep. 30, 2024 | Sep. 30, 2023 |
    # Sep. 30, 2024 | Sep. 30, 2023 | Dec. 31, 2023": each duration spans a run of dates
    # that goes back in time; a later date starts the next duration's run
    runs = [1]
    for a, b in zip(dates, dates[1:], strict=False):
        if b > a:
            runs.append(1)
        else:
            runs[-1] += 1
    if len(months) >= 2 and len(runs) == len(months) + 1 and runs[0] == 1:
        # "3 Months Ended | 6 Months Ended" over "Jan. 01, 2020 | Jun. 30, 2020 | Jun. 30, 2019 |
        # Jun. 30, 2020 | Jun. 30, 2019": a lone earlier date before the first run (an
        # adoption day the filer tags apart) is printed inside the first duration's group
        runs = [runs[0] + runs[1], *runs[2:]]
    if len(runs) > len(months):
        # "12 Months Ended" over "Dec. 31, 2019 | Dec. 31, 2018 | Dec. 31, 2017 | Dec. 31, 2019 |
        # Dec. 31, 2018": the runs past the durations' are the balance-sheet dates the page
        # prints after its periods (instants, under no duration heading), each the end of a
        # period the durations span
        spanned = sum(runs[: len(months)])
        if not set(dates[spanned:]) <= set(dates[:spanned]):
            return None
        months = [*months, *([None] * (len(runs) - len(months)))]
    if len(runs) == len(months) and (len(months) >= 2 or None in months):
        return [m for m, k in zip(months, runs, strict=True) for _ in range(k)]
    return None


def period_groups(fragments: list[str], n: int, ctx: PageContext, caption: str) -> list[ColumnInfo] | None:
    """Periods over runs of segment columns: "Second Quarter 2019 | First Half 2019" above
    "Consumer | Non-Consumer | Total" printed once a period. `n` columns are the periods times
    the segments, period by period; each period ends on its own date, or on the month and day
    the caption gives ("for the periods ended June 30") in its year."""
    periods = [f for f in fragments if period_fragment(f)]
    bare = False
    if len(periods) < 2:
        # "2019 | 2018" over "Commercial | Consumer | Total" twice: bare years head the groups
        # (never a column each: the groups are what they count)
        periods = [f for f in fragments if bare_year(f)]
        bare = True
    if len(periods) < 2 or n % len(periods) or (bare and n == len(periods)):
        return None
    width = n // len(periods)
    after = fragments[fragments.index(periods[-1]) + 1:]
    segs = [f for f in after if not period_fragment(f)]
    segs = [vocab.clean_label(f) for f in segs if not table_words.RESERVE_HEADING.match(f.strip())
            and not units.scale_statements(f) and len(f.split()) <= 6]
    if width > 1 and len(segs) != n:
        segs = rejoin_group_names(segs, len(periods), width) or _under_a_heading(segs, n, width) or segs
    if width > 1 and (len(segs) != n or any(segs[j] != segs[j % width] for j in range(n))):
        return None
    # the period's month and day, and its length, from a heading without a year ("At or for the
    # nine months ended September 30") or else the caption
    spans = [f for f in fragments if not YEAR.search(f) and MONTH_DAY.search(f.replace("\xa0", " "))]
    md = (MONTH_DAY.search(spans[0].replace("\xa0", " ")) if spans else None) or MONTH_DAY.search(caption)
    caption = " ".join([*spans, caption])
    cols: list[ColumnInfo] = []
    for j in range(n):
        frag = periods[j // width]
        dates = find_dates(frag)
        year = int(YEAR.findall(vocab.clean_label(frag))[0])
        end = dates[-1] if dates else year_end(year, (month_number(md["mon"]), int(md["day"])) if md else ctx.fiscal_end)
        months = duration_months(frag) or part_months(frag) or duration_months(caption)
        seg = segs[j] if width > 1 else ""
        cols.append(ColumnInfo(text=f"{frag} | {seg}" if seg else frag, end=end, months=months,
                               segment="" if table_words.WHOLE_COLUMN.match(seg)
                               or table_words.MEASURE_COLUMN.match(seg) else seg))
    return status_columns(cols)


def status_columns(cols: list[ColumnInfo]) -> list[ColumnInfo]:
    """Columns of loan classes among which one holds the loans that stopped accruing ("Fixed
    Rate | Variable Rate | Non-accrual | Total"): a status of every class, never a class of
    its own, so that column holds the line item and names no segment."""
    for c in cols:
        if c.segment and label_role(c.segment, DELINQUENCY) == NONACCRUAL:
            c.item, c.segment = c.segment, ""
    return cols


def _under_a_heading(fragments: list[str], n: int, width: int) -> list[str] | None:
    """Group names printed under a heading that spans every column ("Notional Amount" between
    the dates and "Expire within one year | Expire after one year | Total" twice): the heading
    names what all the figures are, no column of its own, so it is left out. None unless the
    last `n` fragments are the same `width` names in every group, and fewer than `width`
    fragments come before them."""
    extra = len(fragments) - n
    if not 0 < extra < width:
        return None
    names = fragments[extra:]
    group = names[:width]
    if any(names[i:i + width] != group for i in range(0, n, width)) or len(set(group)) != width:
        return None
    return names


def rejoin_group_names(fragments: list[str], groups: int, width: int) -> list[str] | None:
    """Column names a rendering broke over lines ("Commercial / Lending / Consumer / Lending /
    Total"), printed once per group: a fragment that recurs within one group's names is the
    second line they share ("Lending"), and joins the name before it. None unless that gives
    `width` names, the same in every group."""
    if len(fragments) % groups:
        return None
    k = len(fragments) // groups
    group = fragments[:k]
    if any(fragments[i * k:(i + 1) * k] != group for i in range(groups)):
        return None
    seen = Counter(group)
    names: list[str] = []
    for f in group:
        if names and seen[f] > 1 and not table_words.WHOLE_COLUMN.match(f):
            names[-1] = f"{names[-1]} {f}"
        else:
            names.append(f)
    return names * groups if len(names) == width else None
