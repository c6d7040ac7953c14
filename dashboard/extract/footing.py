"""Footing: the arithmetic a credit table must satisfy, used to read what its layout hides.

A cell-per-line rendering leaves blank cells out, so a row of six columns may print four
figures. Which columns they belong to is decided by what the table must add up to:

- across a row, the segment columns add up to the Total column;
- down a column of a rollforward, opening balance + provision − write-offs + recoveries
  ± other lines = closing balance.

Every way of putting the printed figures, in order, into the columns is tried (for all short
rows of a table at once); a placement is kept only when exactly one satisfies every check
that applies. The cells left empty are nil. Nothing is guessed: when the arithmetic does not
single out one placement, the row stays unread and the caller says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from math import comb, prod

from dashboard.model.numbers import Number

MAX_CANDIDATES = 2_000  # placements tried one by one for a group of rows

# rollforward roles and how each moves the balance (write-offs count as an outflow whatever
# sign they are printed with; other lines as printed)
_FLOW_SIGN = {"provision": 1, "recovery": 1, "other": 1, "adoption": 1}
# the roles the identities read (a rollforward's, an aging table's)
_IDENTITY = {*_FLOW_SIGN, "begin", "end", "write_off", "net_write_off", "past_due", "past_due_total",
             "current", "total_loans"}
# the lines that open and move a rollforward (its closing balance aside)
_MOVING = {*_FLOW_SIGN, "begin", "write_off", "net_write_off"}


@dataclass(frozen=True, slots=True)
class Placement:
    values: list[Number | None]
    note: str


def _tolerance(values: Sequence[float], decimals: int, exact: bool = False) -> float:
    # filers foot their tables exactly, rounding differences forced into one line: a
    # placement that misses by more than one unit of the last printed digit is wrong
    unit = 10.0 ** -decimals
    return 1e-9 if exact else unit + 1e-9


def row_foots(vals: Sequence[Number | None], parts: Sequence[int], total: int, exact: bool = False) -> bool:
    """The segment columns add up to the Total column."""
    if total >= len(vals):
        return False
    nums = [0.0 if vals[i] is None else vals[i].value for i in parts]  # type: ignore[union-attr]
    tot = 0.0 if vals[total] is None else vals[total].value  # type: ignore[union-attr]
    dec = max((v.decimals for v in vals if v is not None), default=0)
    return abs(sum(nums) - tot) <= _tolerance(nums, dec, exact)


def column_foots(column: Sequence[tuple[str | None, Number | None]], exact: bool = False) -> bool | None:
    """Opening + flows = closing down one column, for each opening…closing run (a table may
    stack several reserves); None when the column holds no complete run."""
    dec = max((n.decimals for _, n in column if n is not None), default=0)
    checked = False
    begin: float | None = None
    run: list[tuple[str | None, Number | None]] = []
    closed: list[float] = []  # the closing balances of the reserves stacked so far
    for role, num in column:
        v = 0.0 if num is None else num.value
        if role == "begin":
            begin, run = abs(v), []
        elif role == "end" and begin is not None:
            if not _run_foots(begin, abs(v), run, dec, exact):
                return False
            checked, begin, run = True, None, []
            closed.append(abs(v))
        elif role == "end" and len(closed) >= 2:
            # a closing line after two stacked reserves: their sum ("ACL = ALLL + AULC")
            if abs(abs(v) - sum(closed)) > _tolerance(closed, dec, exact):
                return False
            checked, closed = True, []
        elif begin is not None:
            run.append((role, num))
    return True if checked else None


def _run_foots(begin: float, end: float, run: list[tuple[str | None, Number | None]], dec: int,
               exact: bool = False) -> bool:
    flows: list[float] = []
    for role, num in run:
        v = 0.0 if num is None else num.value
        if role == "write_off":
            flows.append(-abs(v))
        elif role in _FLOW_SIGN:
            flows.append(v)
    if abs(begin + sum(flows) - end) > _tolerance([begin, end, *flows], dec, exact):
        return False
    nets = [n for r, n in run if r == "net_write_off"]
    if nets:
        # the subtotal is write-offs net of recoveries, whichever sign it is printed with
        wo = sum(abs(n.value) for r, n in run if r == "write_off" and n is not None)
        rec = sum(n.value for r, n in run if r == "recovery" and n is not None)
        net = 0.0 if nets[0] is None else abs(nets[0].value)
        if abs(net - abs(rec - wo)) > _tolerance([net], dec, exact):
            return False
    return True


def aging_foots(column: Sequence[tuple[str | None, Number | None]], exact: bool = False) -> bool | None:
    """Down one column of an aging table: the buckets add up to the total past due, and that
    plus the current loans to the total; None when the column has neither identity."""
    roles = [r for r, _ in column]
    val = {r: (0.0 if n is None else n.value) for r, n in reversed(column) if r}
    buckets = [0.0 if n is None else n.value for r, n in column if r == "past_due"]
    nums = [n for _, n in column if n is not None]
    dec = max((n.decimals for n in nums), default=0)
    ok: bool | None = None
    if len(buckets) >= 2 and "past_due_total" in roles:
        ok = abs(sum(buckets) - val["past_due_total"]) <= _tolerance(buckets, dec, exact)
        if not ok:
            return False
    if "total_loans" in roles and "current" in roles:
        past = val["past_due_total"] if "past_due_total" in roles else sum(buckets)
        if "past_due_total" in roles or len(buckets) >= 1:
            ok = abs(past + val["current"] - val["total_loans"]) <= _tolerance(buckets, dec, exact)
    return ok


def members_foot(grid: dict[int, list[Number | None]], whole: int, members: Sequence[int], j: int,
                 exact: bool = False) -> bool:
    """Down column j the members' lines add up to the whole portfolio's line (blank is nil)."""
    cells = [grid[k][j] for k in (whole, *members)]
    nums = [0.0 if c is None else c.value for c in cells]
    dec = max((c.decimals for c in cells if c is not None), default=0)
    return abs(sum(nums[1:]) - nums[0]) <= _tolerance(nums, dec, exact)


MAX_SOLUTIONS = 20_000  # equally good placements listed by the column-by-column search
MAX_COLUMN_STEPS = 200_000  # (state, move, column) steps the column-by-column search may take


def _best_by_column(short: list[int], options: list[list[tuple[int, ...]]], printed: dict[int, list[Number]],
                    rows: Sequence[Sequence[Number | None]], n: int,
                    checks: list[tuple[int | None, Callable[[dict[int, list[Number | None]], bool], bool]]],
                    ) -> list[tuple[tuple[int, ...], ...]]:
    """The placements that satisfy the most column checks (then the most to the unit), found
    column by column: a row's next printed figure goes in the column or waits for a later one.
    Too many rows to try each placement (an 11-column Details page whose balances print 5
    figures and flows 3) are few states this way; [] when the best are too many to list."""
    free = [k for k, o in enumerate(options) if len(o) > 1]
    base = {k: list(r) for k, r in enumerate(rows) if k not in printed}
    for k, i in enumerate(short):
        if len(options[k]) == 1:
            base[i] = [None] * n
            for s, v in zip(options[k][0], printed[i], strict=True):
                base[i][s] = v
    need = [len(printed[short[k]]) for k in free]
    if prod(k + 1 for k in need) * 2 ** len(free) * n > MAX_COLUMN_STEPS:
        return []  # many short rows of many lengths: declined, not searched
    by_col: dict[int, list[Callable[[dict[int, list[Number | None]], bool], bool]]] = {}
    for j, chk in checks:
        by_col.setdefault(j, []).append(chk)  # type: ignore[arg-type]

    def moves(j: int, state: tuple[int, ...]) -> Iterable[tuple[tuple[int, ...], tuple[int, int]]]:
        choices = [[c + 1] if left == n - j else ([c, c + 1] if c < need[f] else [c])
                   for f, c in enumerate(state) for left in [need[f] - c]]
        for nxt in product(*choices):
            grid = dict(base)
            for f, (c, d) in enumerate(zip(state, nxt, strict=True)):
                cells: list[Number | None] = [None] * n
                if d > c:
                    cells[j] = printed[short[free[f]]][c]
                grid[short[free[f]]] = cells
            ok = [chk(grid, False) for chk in by_col.get(j, [])]
            ex = [chk(grid, True) for chk in by_col.get(j, [])]
            yield nxt, (sum(ok), sum(ex))

    start = tuple(0 for _ in free)
    best: list[dict[tuple[int, ...], tuple[int, int]]] = [{start: (0, 0)}]
    steps: list[dict[tuple[int, ...], list[tuple[tuple[int, ...], tuple[int, int]]]]] = []
    for j in range(n):
        reach: dict[tuple[int, ...], tuple[int, int]] = {}
        step: dict[tuple[int, ...], list[tuple[tuple[int, ...], tuple[int, int]]]] = {}
        for state, got in best[-1].items():
            step[state] = list(moves(j, state))
            for nxt, (a, b) in step[state]:
                score = (got[0] + a, got[1] + b)
                if nxt not in reach or score > reach[nxt]:
                    reach[nxt] = score
        best.append(reach)
        steps.append(step)
    end = tuple(need)
    if end not in best[-1]:
        return []
    # back from the end: the states on a best path, with the score still to make from each
    todo: dict[tuple[int, ...], tuple[int, int]] = {end: (0, 0)}
    ahead: list[dict[tuple[int, ...], tuple[int, int]]] = [todo]
    for j in range(n - 1, -1, -1):
        prev: dict[tuple[int, ...], tuple[int, int]] = {}
        for state, got in best[j].items():
            for nxt, (a, b) in steps[j][state]:
                if nxt in ahead[-1] and (got[0] + a + ahead[-1][nxt][0], got[1] + b + ahead[-1][nxt][1]) \
                        == best[-1][end]:
                    prev[state] = (a + ahead[-1][nxt][0], b + ahead[-1][nxt][1])
        ahead.append(prev)
    ahead.reverse()
    paths: list[list[tuple[int, ...]]] = [[start]]
    for j in range(n):
        paths = [[*p, nxt] for p in paths for nxt, (a, b) in steps[j][p[-1]]
                 if nxt in ahead[j + 1] and (a + ahead[j + 1][nxt][0], b + ahead[j + 1][nxt][1]) == ahead[j][p[-1]]]
        if len(paths) > MAX_SOLUTIONS:
            return []
    out = []
    for p in paths:
        slots = {f: tuple(j for j in range(n) if p[j + 1][f] > p[j][f]) for f in range(len(free))}
        out.append(tuple(slots[free.index(k)] if k in free else options[k][0] for k in range(len(short))))
    return out


def _same(a: Sequence[Number | None], b: Sequence[Number | None]) -> bool:
    return all((x is None) == (y is None) and (x is None or x is y) for x, y in zip(a, b, strict=True))


def _agreed_cells(rows: list[int], solutions: list[dict[int, list[Number | None]]],
                  n: int) -> dict[int, Placement]:
    """The cells of rows the arithmetic leaves ambiguous that every solution still puts in the
    same column ("(22.3) | (1.2) | (23.5)": the parts could be any two segments, the total is
    the Total column's): those are read, the others left out (blank, not nil)."""
    out: dict[int, Placement] = {}
    for i in rows:
        first = solutions[0][i]
        keep: list[Number | None] = [first[j] if first[j] is not None and all(g[i][j] is first[j] for g in solutions[1:])
                                     else None for j in range(n)]
        if any(v is not None for v in keep):
            out[i] = Placement(keep, "blank cells left out of the rendering; footing decides the column of "
                                     "only some figures of the row, the others were left out")
    return out


def _unread_rows(roles: Sequence[str | None]) -> set[int]:
    """The rows a rollforward's identity does not read: lines outside every opening…closing
    run and lines of no role."""
    out: set[int] = set()
    open_run = False
    for i, role in enumerate(roles):
        if role == "begin":
            open_run = True
        elif role == "end":
            open_run = False
        elif not open_run or role not in _MOVING:
            out.add(i)
    return out


def _in_tied_columns(grid: dict[int, list[Number | None]], short: list[int], rows: Sequence[Sequence[Number | None]],
                     roles: Sequence[str | None], n: int, rollforward: bool) -> bool:
    """Every figure a short row prints sits, in this placement, in a column whose identity ties."""
    foots = column_foots if rollforward else aging_foots
    used = {j for i in short if len(rows[i]) < n for j in range(n) if grid[i][j] is not None}
    return all(foots([(roles[k], grid[k][j]) for k in sorted(grid)]) is True for j in used)


def place_short_rows(
    rows: Sequence[Sequence[Number | None]],
    roles: Sequence[str | None],
    n: int,
    parts: Sequence[int] = (),
    total: int | None = None,
    sums: Sequence[tuple[int, Sequence[int]]] = (),
) -> dict[int, Placement]:
    """Placements for the rows (by index) that print fewer figures than the table has columns.

    `roles` gives each row's rollforward role (or None); `parts` and `total` the segment
    columns and the Total column when the table has them; `sums` the rows (whole, members)
    where the members' lines add up to the whole portfolio's line down every column.
    """
    has_rollforward = "begin" in roles and "end" in roles
    # an aging table's buckets add up to the total past due, or the past due and current loans
    # to the total (a Details page's whole-portfolio lines, no bucket among them)
    has_aging = (roles.count("past_due") >= 2 and ("past_due_total" in roles or
                                                   {"current", "total_loans"} <= set(roles))
                 or {"past_due_total", "current", "total_loans"} <= set(roles))
    if total is None and not has_rollforward and not has_aging and not sums:
        return {}
    # a short row no identity reads (a line after the closing balance, a ratio) has no column
    # the arithmetic could prove: it stays unread, and its ways of placing are not tried (they
    # would crowd out the rows that do tie)
    unread = _unread_rows(roles) if has_rollforward and total is None and not sums else set()
    # short rows (cells left out: their columns unknown) and rows with blank cells (columns
    # known, the blanks unproven)
    short = [i for i, r in enumerate(rows) if (len(r) < n and i not in unread)
             or (len(r) == n and any(v is None for v in r))]
    if not short:
        return {}
    printed = {i: [v for v in rows[i] if v is not None] for i in short}
    options: list[list[tuple[int, ...]]] = [
        list(combinations(range(n), len(rows[i]))) if len(rows[i]) < n
        else [tuple(k for k, v in enumerate(rows[i]) if v is not None)] for i in short]
    count = prod(len(o) for o in options)

    def filled(i: int, slots: tuple[int, ...]) -> list[Number | None]:
        out: list[Number | None] = [None] * n
        for s, v in zip(slots, printed[i], strict=True):
            out[s] = v
        return out

    # (column or None, check): a row check, or the identity down one column
    checks: list[tuple[int | None, Callable[[dict[int, list[Number | None]], bool], bool]]] = []
    if total is not None and parts:
        for i in short:
            checks.append((None, lambda grid, exact, i=i: row_foots(grid[i], parts, total, exact)))
    if has_rollforward or has_aging:
        foots = column_foots if has_rollforward else aging_foots
        # placements that put the same figures in a column share its verdict: the column is
        # read once per distinct content (keyed by the identity of its short rows' cells)
        seen: dict[tuple, bool] = {}
        for j in range(n):
            def col_ok(grid: dict[int, list[Number | None]], exact: bool, j: int = j) -> bool:
                key = (j, exact, *(id(grid[i][j]) for i in short))
                if key not in seen:
                    column = [(roles[k], grid[k][j]) for k in range(len(rows))]
                    seen[key] = foots(column, exact) is not False
                return seen[key]
            checks.append((j, col_ok))
    if sums:
        for j in range(n):
            checks.append((j, lambda grid, exact, j=j: all(
                members_foot(grid, whole, members, j, exact) for whole, members in sums)))
    combos: Iterable[tuple[tuple[int, ...], ...]]
    if count <= MAX_CANDIDATES:
        combos = product(*options)
    else:
        # too many to try each: the usual case is one blank column shared by every short row
        # (a 12-month column the flows leave empty), so rows of one length share one pattern
        lengths = sorted({len(printed[i]) for i, r in zip(short, options, strict=True) if len(r) > 1})
        if prod(comb(n, k) for k in lengths) <= MAX_CANDIDATES:
            shared = list(product(*(list(combinations(range(n), k)) for k in lengths)))
            combos = [tuple(o[0] if len(o) == 1 else pattern[lengths.index(len(printed[i]))]
                            for i, o in zip(short, options, strict=True)) for pattern in shared]
        elif total is None or not parts:
            # every check reads one column: the best placements are found column by column
            combos = _best_by_column(short, options, printed, rows, n, checks)
        else:
            # each short row put only where its own parts add up to its Total (where none does,
            # every way): a few placements a row instead of every way of choosing its columns
            footed = [[o for o in opts if row_foots(filled(i, o), parts, total)] or opts
                      for i, opts in zip(short, options, strict=True)]
            if prod(len(o) for o in footed) > MAX_CANDIDATES:
                return {}
            combos = product(*footed)
    full_rows = {k: [None] * n if k in unread else list(r) for k, r in enumerate(rows) if k not in printed}
    grids: list[dict[int, list[Number | None]]] = []
    results: list[list[bool]] = []
    for combo in combos:
        grid = dict(full_rows)
        for i, slots in zip(short, combo, strict=True):
            grid[i] = filled(i, slots)
        grids.append(grid)
        results.append([chk(grid, False) for _, chk in checks])
    # the placements that satisfy the most checks; a check none of them satisfies belongs to a
    # column that is no complete rollforward (a segment that started mid-period): its blank
    # cells stay unread
    best = max((sum(r) for r in results), default=0)
    if best == 0:
        return {}
    chosen = [k for k, r in enumerate(results) if sum(r) == best]
    if len(chosen) > 1:
        # among equally good placements, those that tie to the unit beat those off by one
        exact = {k: sum(chk(grids[k], True) for _, chk in checks) for k in chosen}
        top = max(exact.values())
        chosen = [k for k in chosen if exact[k] == top]
    if len(chosen) > 1 and (has_rollforward or has_aging):
        # a nil figure ties wherever a blank does ("0" under the June quarter or the March one):
        # the one placement that puts every placed figure in a column its identity ties beats
        # those that put one in a column that ties under none of them
        proven = [k for k in chosen if _in_tied_columns(grids[k], short, rows, roles, n, has_rollforward)]
        if len(proven) == 1:
            chosen = proven
    solutions = [grids[k] for k in chosen]
    dead_columns = {checks[c][0] for c in range(len(checks))
                    if not any(results[k][c] for k in chosen)} - {None}
    # a column blank in every row proves nothing (nil ties to nil): the filer reports nothing
    # there (a US$ convenience column printed only beside the whole portfolio's rows)
    # nor does one blank in every row the arithmetic reads (a Details page's column that only
    # its interest-income lines fill)
    dead_columns |= {j for j in range(n) if all(len(r) == n and r[j] is None
                                                for r, role in zip(rows, roles, strict=True) if role in _IDENTITY)}
    # nor does a rollforward's column that prints no opening balance and no movement, only
    # balances (a Details page's "Dec. 31, 2020" column beside its periods): it moves nothing,
    # its blank lines are not movements of nil
    if has_rollforward:
        dead_columns |= {j for j in range(n) if all(len(r) == n and r[j] is None
                                                    for r, role in zip(rows, roles, strict=True) if role in _MOVING)}
    # a row is placed when every placement that satisfies the arithmetic puts it the same way
    decided = [i for i in short if all(_same(g[i], solutions[0][i]) for g in solutions[1:])]
    if sums and total is None and not (has_rollforward or has_aging):
        # the members' lines prove a figure's column only where they add up: a placement whose
        # one tie is a column blank in every line (nil ties to nil) proves no column at all
        summed = {checks[c][0] for c in range(len(checks)) if all(results[k][c] for k in chosen)}
        decided = [i for i in decided if len(rows[i]) == n
                   or all(v is None or j in summed for j, v in enumerate(solutions[0][i]))]
    # cells of an ambiguous row are read only when the row's own parts add up to its Total in
    # every solution: agreement among placements that tie nothing in the row proves nothing
    partial = _agreed_cells([i for i in short if i not in decided and total is not None and parts
                             and all(row_foots(g[i], parts, total) for g in solutions)], solutions, n)
    # and the cells every solution puts in a column whose identity each of them satisfies
    # (a Details page's balances: the year columns tie, the quarter columns they leave blank
    # or not prove nothing)
    live = {checks[c][0] for c in range(len(checks)) if all(results[k][c] for k in chosen)} - {None}
    if live and (has_rollforward or has_aging or sums):
        tied = _agreed_cells([i for i in short if i not in decided and i not in partial
                              and roles[i] in _IDENTITY], solutions, n)
        for i, p in tied.items():
            kept = [v if j in live else None for j, v in enumerate(p.values)]
            if any(v is not None for v in kept):
                partial[i] = Placement(kept, "blank cells left out of the rendering; footing decides the "
                                             "column of only the figures in columns it ties, the others "
                                             "were left out")
    if not decided:
        return partial  # the arithmetic does not single out one placement, but maybe some cells
    how = " and ".join(x for x in (
        "the segments adding up to the Total" if total is not None and parts else "",
        "the rollforward tying down each column" if has_rollforward else "",
        "the buckets adding up to the totals down each column" if has_aging and not has_rollforward else "",
        "the members adding up to the whole portfolio down each column" if sums else "")
        if x)
    nil = Number(0.0, "", nil=True)
    # a row no identity reads ("Past due in nonaccrual status") is proven nothing about
    return partial | {i: Placement([nil if v is None and j not in dead_columns and roles[i] in _IDENTITY else v
                          for j, v in enumerate(solutions[0][i])],
                         f"blank cells left out of the rendering (nil); column decided by footing ({how})"
                         if len(rows[i]) < n else f"blank cells are nil: the footing proves it ({how})")
            for i in decided}
