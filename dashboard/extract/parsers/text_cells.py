"""The stream of cells a plain-text rendering of an R page is read as (a line, or a
`|`-separated piece of a line, with its figures), and the tests that tell a cell's text for a
sentence, a caption announcing a table, or a long row label."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract.parsers.renderings import (
    SENTENCE_END,
    SYMBOL_ONLY,
    empty_cells,
    joined_header_lines,
    lone_pipe_cells,
    numbered_cells,
    opened_cells,
    split_glued_header,
    split_glued_years,
    split_run_together,
)
from dashboard.model.numbers import Number, number_tokens

ANNOUNCES = re.compile(
    r"as\s+follows?|the\s+following|as\s+below|listed\s+below|\bpresents\b|summari[sz]es|sets\s+forth"
    r"|\bshown\s+below|\bbelow\s*:|\btable\s+below\b", re.I)
# a sentence closed by its figures' unit: "… by loan class and origination year (in thousands):"
UNIT_THEN_COLON = re.compile(r"\((?:\w+\s+)?in\s+(?:thousands|millions|billions)\)\s*:$", re.I)
TITLE = re.compile(r"^(?:schedule|summary|table)\s+of\b", re.I)
MARKER = re.compile(r"^(?:\(\d{1,2}\)|\[\d{1,2}\]|\*{1,3})(?:\s+(?:\(\d{1,2}\)|\[\d{1,2}\]))*$")  # footnote markers beside a label
FOOTNOTE_DIGIT = re.compile(r"^[1-9]$")
MARKERS = re.compile(r"\(\d{1,2}\)(?:\s+\(\d{1,2}\))+")
CURRENCY_ONLY = re.compile(r"^\(?(RMB|US\$|USD|CNY|HK\$|\$|¥|CNY \(¥\)|USD \(\$\))\)?:?$", re.I)


@dataclass(slots=True)
class Cell:
    text: str
    numbers: list[Number] | None
    line: int
    block_break: bool = False  # a markdown line that holds a whole table
    bare: bool = False  # on a line without "|": in a pipe-per-cell rendering, a wrapped cell's rest
    empty: bool = False  # a cell the rendering prints with nothing in it


def page_cells(text: str) -> list[Cell]:
    out: list[Cell] = []
    prev = ""
    lines = joined_header_lines(opened_cells(numbered_cells(lone_pipe_cells(text.splitlines()))))
    empties = empty_cells(lines)
    split = split_glued_years([split_glued_header(split_run_together(raw.replace("\xa0", " ").replace("\u200b", "")))
                               for raw in lines])
    for lineno, line in enumerate(split, start=1):
        if lineno - 1 in empties:
            out.append(Cell("", None, lineno, empty=True))
            continue
        # after a short line that opens with an empty cell ("| | 1,050 |": the rendering wraps
        # one table's cells over lines) a line goes on with that table: no table of its own
        continues = prev.lstrip().startswith("| |") and sum(1 for p in prev.split("|") if p.strip()) <= 3
        prev = line if line.strip() else prev
        pieces = [p.strip() for p in line.split("|")] if "|" in line else [line.strip()]
        pieces = [p for p in pieces if p]
        # "(1) (2) (3)" under a column's name: its footnote markers, never three negatives
        nums = [None if MARKERS.fullmatch(p) else number_tokens(p) for p in pieces]
        # a markdown line holding a whole table has several rows: several labels followed by
        # figures; one label and its figures (however many columns) is one row
        # a closing parenthesis or a currency sign in a cell of its own is part of a figure
        kinds = [n is not None for p, n in zip(pieces, nums, strict=True)
                 if not (p in (")", "%", ")%") or SYMBOL_ONLY.match(p))]
        row_starts = sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if not a and b)
        whole_table = len(pieces) >= 6 and row_starts >= 2 and not continues
        for k, piece in enumerate(pieces):
            out.append(Cell(piece, nums[k], lineno, block_break=whole_table and k == 0, bare="|" not in line))
    return out


def is_narrative(text: str) -> bool:
    words = text.split()
    if len(words) < 12 and text.rstrip().endswith(":") and not ANNOUNCES.search(text):
        return False  # "Allowance for loan and lease losses:": a heading inside a table
    return len(words) >= 12 or (len(words) >= 6 and SENTENCE_END.search(text) is not None
                                and not text.rstrip().endswith(","))


def long_label(cell: Cell, nxt: Cell | None) -> bool:
    """A long row label ("ALLOWANCE FOR CREDIT LOSSES ON LOANS AND LIABILITY FOR UNFUNDED LENDING
    COMMITMENTS") followed by its figures: no sentence ends it and it announces nothing. An R
    page's own cell ("|Aggregate reasonably possible losses in excess of amounts accrued for …")
    followed by a figure in a cell of its own is an element's label, which may run longer than
    any heading; running text there is printed bare, without the cell's "|"."""
    text = cell.text
    words = 30 if not cell.bare and nxt is not None and not nxt.bare else 20
    return (nxt is not None and nxt.numbers is not None and not all(n.is_year for n in nxt.numbers)
            and not SENTENCE_END.search(text) and not ANNOUNCES.search(text) and len(text.split()) <= words)


def is_caption(text: str) -> bool:
    """A sentence that announces a table ("… as follows:", "The following table presents …")
    or a table title ("Schedule of …"). A line ending in a colon without such words ("Aging
    of financing receivables principal:", "Short-term loan … receivables:") is a heading
    inside a table, not a caption."""
    t = text.rstrip()
    # "Gross loans outstanding as of September 30, 2025 by loan class … (in thousands):" names
    # the figures below it, their date and their unit: the next table's title
    return bool(ANNOUNCES.search(t)) or (
        bool(TITLE.match(t)) and not t.endswith(".") and len(t.split()) <= 25) or (
        8 <= len(t.split()) <= 30 and bool(UNIT_THEN_COLON.search(t)))


def caption_rest(cells: list[Cell], idx: int) -> set[int]:
    """The cells after a caption sentence cut off mid-way ("The following table summarizes the
    changes in credit loss" / "reserves by product/class during …" / "… at September 30, 2011
    and 2010:") that finish it: text cells, the first in lower case (a sentence going on), up to
    the one ending it. They are the caption's, never the table's header: the dates in them are
    the sentence's, not the columns'. None when no cell soon ends the sentence."""
    if SENTENCE_END.search(cells[idx].text) or TITLE.match(cells[idx].text):
        return set()
    rest = [j for j in range(idx + 1, min(idx + 12, len(cells))) if not cells[j].empty][:4]
    if not rest or not cells[rest[0]].text[:1].islower():
        return set()
    for k, j in enumerate(rest):
        if cells[j].numbers is not None or MARKER.match(cells[j].text):
            return set()
        if re.search(r"[.:]\s*$", cells[j].text):
            return set(rest[: k + 1])
    return set()


def announcing_rest(cells: list[Cell], idx: int) -> bool:
    """A sentence cut off before its last words ("… 2018 and 2019 are as" / "follows:") whose
    whole announces a table: a caption, though the line itself announces nothing."""
    rest = caption_rest(cells, idx) if cells[idx].numbers is None and cells[idx].bare else set()
    return bool(rest) and is_caption(" ".join([cells[idx].text, *(cells[j].text for j in sorted(rest))]))
