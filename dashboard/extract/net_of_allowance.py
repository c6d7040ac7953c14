"""A loan composition table: classes, their total, the allowance, the net.

"Commercial | … | Installment and other consumer | Total loans | Allowance for loan losses |
Total loans, net": the line below the allowance is the line above it less the allowance, in
every column. That arithmetic proves the line above is the gross loans and the one below the
net, whatever their labels; the lines over the gross that add up to it are its classes (loan
balances, never credit movements, whatever words their names share with a rollforward's:
"Installment and other consumer" is no "Other" line). Other deductions may sit beside the
allowance ("Allowance for Loan Losses | Unamortized Fees | Loans Receivable, Net"): the net is
then the gross less all of them, and the classes over the gross are loans all the same
("Acquired Loans" is no acquisition of allowance).
"""

from __future__ import annotations

import re
from dataclasses import replace

from dashboard.extract.classify import label_role
from dashboard.extract.footing import Placement
from dashboard.extract.header_periods import item_groups
from dashboard.extract.structure import net_identity_placements
from dashboard.extract.table import ColumnInfo, Row
from dashboard.model import table_words, vocab
from dashboard.model.numbers import Number
from dashboard.model.schema import ALLOWANCE, DELINQUENCY, NET_LOANS, TOTAL_LOANS

_TOL = 1.0 + 1e-9
_MEMO = "memo"  # a line read as no figure of its own
_NOT_LENT = re.compile(r"\bundisbursed\b|\bunadvanced\b|\bloans?\s+in\s+process\b", re.I)


def gross_and_net(rows: list[Row], topic: str, n: int = 0) -> tuple[dict[int, str], set[int]]:
    """({row id: metric} for the gross and net lines (memo for the lines the gross is built
    from when they are no classes), {row id} of the gross's classes). Gross and net lines that
    print fewer figures than the `n` columns are read where the allowance beside them places them."""
    if topic != ALLOWANCE:
        return {}, set()
    placed = net_identity_placements(rows, n, topic) if n else {}
    if placed:
        view = [replace(r, values=placed[id(r)].values) if id(r) in placed else r for r in rows]
        back = {id(v): id(r) for v, r in zip(view, rows, strict=True)}
        roles, classes = _gross_and_net(view, topic)
        return {back[k]: m for k, m in roles.items()}, {back[k] for k in classes}
    return _gross_and_net(rows, topic)


def _gross_and_net(rows: list[Row], topic: str) -> tuple[dict[int, str], set[int]]:
    if books := _netted_books(rows, topic):
        return books
    for a, allowance in enumerate(rows):
        if label_role(allowance.label, topic) != "allowance_balance":
            continue
        for g, k in _spans(a, len(rows)):
            gross, net = rows[g], rows[k]
            # the allowance's own parts printed above it ("Allowance for loan losses -
            # non-securitized" / "- securitized" / "Allowance for loan losses"): a breakdown of
            # the one deduction, never deductions of their own
            parts = _parts_of(rows[g + 1:a], allowance, topic)
            others = [r for r in rows[g + 1:k] if r is not allowance and id(r) not in parts]
            # the net may say what it is net of ("Loans receivable, net of allowance for loan
            # losses", "Total loans, net of allowance": a memo line in a rollforward); the
            # arithmetic proves it the net here
            if label_role(gross.label, topic) is not None or label_role(net.label, topic) not in (None, NET_LOANS, "memo") \
                    or any(label_role(r.label, topic) is not None for r in others):
                continue  # a rollforward's lines, not a composition
            if not _less_deductions(gross, allowance, others, net):
                continue
            classes, build_up = _classes_of(rows[:g], gross)
            # a deduction of funds not yet lent ("Undisbursed construction loan funds", "Loans
            # in process"): the line above counts commitments as loans, no total of the loans
            gross_role = _MEMO if any(_NOT_LENT.search(r.label) for r in others) else TOTAL_LOANS
            roles = {id(gross): gross_role, id(net): NET_LOANS, **dict.fromkeys(build_up, _MEMO)}
            return roles, classes
    return {}, set()


def _parts_of(between: list[Row], allowance: Row, topic: str) -> set[int]:
    """{row id} of the lines between the gross and the allowance when they are all allowance
    balances, at least two, that add up to it in every column; else none."""
    n = len(allowance.values)
    if len(between) < 2 or n == 0 or any(
            label_role(r.label, topic) != "allowance_balance" or len(r.values) != n or None in r.values
            for r in between) or None in allowance.values:
        return set()
    for j in range(n):
        if abs(sum(r.values[j].value for r in between) - allowance.values[j].value) > _TOL * len(between):
            return set()
    return {id(r) for r in between}


def deductions_between(rows: list[Row], roles: dict[int, str]) -> set[int]:
    """{row id} of the lines between a proven gross line and its net (`gross_and_net`'s roles):
    the allowance and the other deductions."""
    at = [k for k, r in enumerate(rows) if id(r) in roles]
    gross = [k for k in at if roles[id(rows[k])] != NET_LOANS]
    net = [k for k in at if roles[id(rows[k])] == NET_LOANS]
    if not gross or not net:
        return set()
    g = max((k for k in gross if k < net[0]), default=None)
    return set() if g is None else {id(r) for r in rows[g + 1:net[0]]}


_MAX_OTHER_DEDUCTIONS = 2


def _spans(a: int, n: int) -> list[tuple[int, int]]:
    """(gross, net) row indexes around the allowance at a, the closest first: the allowance
    alone between them, then with up to two other deductions beside it."""
    spans = [(g, k) for g in range(a - 1 - _MAX_OTHER_DEDUCTIONS, a) for k in range(a + 1, a + 2 + _MAX_OTHER_DEDUCTIONS)
             if g >= 0 and k < n and (k - g - 2) <= _MAX_OTHER_DEDUCTIONS]
    return sorted(spans, key=lambda s: (s[1] - s[0], -s[0]))


def _less_deductions(gross: Row, allowance: Row, others: list[Row], net: Row) -> bool:
    """The net is the gross less the allowance (whatever its printed sign) and less the other
    deductions (printed negative, or all printed positive under a "Less"), in every column."""
    n = len(gross.values)
    lines = [gross, allowance, *others, net]
    if n == 0 or any(len(r.values) != n for r in lines):
        return False
    # a date at which only the allowance is printed proves nothing; any other blank, no net
    alone = {j for j in range(n) if all(r.values[j] is None for r in lines if r is not allowance)}
    if any(r.values[j] is None for r in lines for j in range(n) if j not in alone) or len(alone) == n:
        return False
    proven = 0
    for j in (j for j in range(n) if j not in alone):
        g, al, ne = gross.values[j].value, allowance.values[j].value, net.values[j].value
        rest = [r.values[j].value for r in others]
        as_printed = abs(g) - abs(al) + sum(rest)
        all_deducted = abs(g) - abs(al) - sum(abs(x) for x in rest)
        if abs(as_printed - ne) > _TOL and abs(all_deducted - ne) > _TOL and not _deductions_subtotal(g, al, rest, ne):
            return False
        proven += bool(al)
    return proven > 0


def _deductions_subtotal(g: float, al: float, rest: list[float], ne: float) -> bool:
    """The last deduction line is the subtotal of the allowance and the lines between, as
    printed ("Deduct (add):" / allowance 4,885,791 / deferred costs (288,898) / 4,596,893):
    the net is the gross less that subtotal (added when the deductions are printed negative)."""
    if len(rest) < 2:
        return False
    *parts, subtotal = rest
    if abs(al + sum(parts) - subtotal) > _TOL * (len(parts) + 1):
        return False
    return abs(g - (1 if al > 0 else -1) * subtotal - ne) <= _TOL


def _classes_of(above: list[Row], gross: Row) -> tuple[set[int], set[int]]:
    """({row id} of the run of lines straight above the gross line that adds up to it in every
    column, {row id} of the gross's build-up). A total of its own in that run ("Total gross
    loans", or a line the lines above it add up to) makes it no run of classes: the gross line
    is that total less a deduction ("Deferred fees, net"), a build-up whose lines are neither
    classes nor the book (memo lines)."""
    n = len(gross.values)
    run: list[Row] = []
    for i in range(len(above) - 1, -1, -1):
        r = above[i]
        if len(r.values) != n or any(v is None for v in r.values):
            break
        run.insert(0, r)
        if len(run) >= 2 and all(abs(sum(x.values[j].value for x in run) - gross.values[j].value) <= _TOL
                                 for j in range(n)):
            ids = {id(x) for x in run}
            if any(table_words.TOTAL_LINE.match(x.label) or _sum_of_lines_above(above[:i + k], x) for k, x in enumerate(run)):
                return set(), ids
            return ids, set()
    return set(), set()


def _sum_of_lines_above(above: list[Row], line: Row) -> bool:
    """Whether two or more lines straight above `line` add up to it in every column."""
    n = len(line.values)
    sums = [0.0] * n
    for k, r in enumerate(reversed(above)):
        if len(r.values) != n or any(v is None for v in r.values):
            return False
        sums = [s + v.value for s, v in zip(sums, r.values, strict=True)]
        if k >= 1 and all(abs(s - v.value) <= _TOL for s, v in zip(sums, line.values, strict=True)):
            return True
    return False



_MAX_ADJUSTMENTS = 3


def adjusted_total(rows: list[Row], topic: str) -> dict[int, str]:
    """Two lines named as the whole book's loans, the later one the earlier adjusted by the
    lines between them ("Total gross loans", "Premiums on purchased loans", "Net deferred fees",
    "Total loans"): the later is the loans' carrying amount, the whole; the earlier, the balance
    before premiums and fees, is a memo. Proven only when the later equals the earlier plus the
    lines between (one to three, none itself a credit line) in every column, with some
    adjustment printed. {id(row): "memo"} for the earlier line."""
    if topic != DELINQUENCY:
        return {}
    whole = [k for k, r in enumerate(rows) if label_role(r.label, topic) == TOTAL_LOANS]
    for g, t in zip(whole, whole[1:], strict=False):
        between = rows[g + 1:t]
        if not 1 <= len(between) <= _MAX_ADJUSTMENTS or any(label_role(r.label, topic) is not None for r in between):
            continue
        lines = [rows[g], *between, rows[t]]
        n = len(rows[t].values)
        if n == 0 or any(len(r.values) != n or any(v is None or v.percent for v in r.values) for r in lines):
            continue
        if all(abs(rows[g].values[j].value + sum(r.values[j].value for r in between) - rows[t].values[j].value)
               <= _TOL * len(lines) for j in range(n)) \
                and any(r.values[j].value for r in between for j in range(n)):
            return {id(rows[g]): "memo"}
    return {}


def net_under_balance(rows: list[Row], cols: list[ColumnInfo]) -> dict[int, Placement]:
    """Columns in groups under line-item headings over the same dates ("Total Outstanding
    Balance | 60 Days Past Due | Re-aged"), and under the full rows the allowance, other
    deductions and the net, printed one figure a date: they are the balance's lines. Placed in
    the balance group's columns when there, date by date, the last full line less the allowance
    and the deductions is the net, and in no other group. {id(row): placement}."""
    if (grouped := item_groups(cols)) is None:
        return {}
    groups, balance = grouped
    width = len(groups[balance])
    n = sum(len(g) for g in groups)
    out: dict[int, Placement] = {}
    for a in range(1, len(rows)):
        gross = rows[a - 1]
        if len(gross.values) != n or any(gross.values[j] is None for j in groups[balance]) \
                or label_role(rows[a].label, ALLOWANCE) != "allowance_balance":
            continue
        for k in range(a + 1, min(a + 2 + _MAX_OTHER_DEDUCTIONS, len(rows))):
            lines = rows[a:k + 1]
            if any(len(r.values) != width or None in r.values for r in lines):
                break
            fits = [g for g, cols in enumerate(groups) if len(cols) == width
                    and all(gross.values[j] is not None for j in cols) and all(
                abs(abs(gross.values[j].value) - sum(abs(r.values[i].value) for r in lines[:-1])
                    - lines[-1].values[i].value) <= _TOL for i, j in enumerate(cols))]
            if fits == [balance] and any(v.value for v in rows[a].values):
                for r in lines:
                    placed: list[Number | None] = [None] * n
                    for i, j in enumerate(groups[balance]):
                        placed[j] = r.values[i]
                    out[id(r)] = Placement(placed, "printed once a date: the balance's columns, where the "
                                           "line above less the allowance and deductions makes the net")
                return out
    return out


def _netted_books(rows: list[Row], topic: str) -> tuple[dict[int, str], set[int]] | None:
    """Two or more books printed one under the other, each carried net of its own allowance
    ("Loans and leases, excluding covered loans" / "Less: Allowance …" / "…, net", then
    "Covered loans" / "Less: Allowance …" / "Covered loans, net"), then the whole's total loans,
    in every column the sum of the books' gross lines, and its net, the sum of their nets: those
    two are the whole's total loans and net loans. Each book's lines are that book's, never the
    whole's (memo); its allowance is one book's, and the whole's is not printed. None unless
    the books and the total are proven by that arithmetic."""
    books: list[tuple[int, int, int]] = []
    for a in range(1, len(rows) - 1):
        gross, allowance, net = rows[a - 1], rows[a], rows[a + 1]
        if label_role(allowance.label, topic) == "allowance_balance" \
                and label_role(gross.label, topic) is None \
                and label_role(net.label, topic) in (None, NET_LOANS, _MEMO) \
                and _less_deductions(gross, allowance, [], net):
            books.append((a - 1, a, a + 1))
    if len(books) < 2:
        return None
    n = len(rows[books[0][0]].values)

    def sum_of(line: Row, parts: list[int]) -> bool:
        return len(line.values) == n and all(v is not None for v in line.values) and all(
            abs(sum(rows[p].values[j].value for p in parts) - line.values[j].value) <= _TOL * len(parts)  # type: ignore[union-attr]
            for j in range(n))

    after = range(books[-1][2] + 1, len(rows))
    total = next((k for k in after if table_words.WHOLE_ROW.match(vocab.clean_label(rows[k].label))
                  and sum_of(rows[k], [g for g, _, _ in books])), None)
    if total is None:
        return None
    roles = {id(rows[i]): _MEMO for book in books for i in book}
    roles[id(rows[total])] = TOTAL_LOANS
    net = next((k for k in after if k != total and sum_of(rows[k], [k3 for _, _, k3 in books])), None)
    if net is not None:
        roles[id(rows[net])] = NET_LOANS
    # the first book's classes are loan balances all the same (its segments)
    classes, build_up = _classes_of(rows[:books[0][0]], rows[books[0][0]])
    roles.update(dict.fromkeys(build_up, _MEMO))
    return roles, classes

