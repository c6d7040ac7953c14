"""state.InOrder: a page's charts computed one by one as they are drawn, once for every
session (the Presentation page draws its first chart before the others are computed)."""

from __future__ import annotations

import threading

import pytest

from dashboard.ui.state import InOrder


def test_each_item_is_computed_once_when_first_asked_for():
    made: list[int] = []

    def items():
        for k in range(3):
            made.append(k)
            yield k * 10

    shared = InOrder(items)
    first = iter(shared)
    assert next(first) == 0 and made == [0]  # the second is not computed yet
    assert shared.all() == [0, 10, 20] and made == [0, 1, 2]
    assert list(first) == [10, 20]  # a reader part-way through reads on from the kept items
    assert shared.all() == [0, 10, 20] and made == [0, 1, 2]


def test_a_failure_reaches_every_reader_and_is_not_taken_for_the_end():
    def items():
        yield "delinquency"
        raise ValueError("the allowance table failed")

    shared = InOrder(items)
    for _ in range(2):
        got = []
        with pytest.raises(ValueError, match="allowance"):
            for item in shared:
                got.append(item)
        assert got == ["delinquency"]


def test_readers_on_several_threads_see_the_same_items():
    made: list[int] = []

    def items():
        for k in range(50):
            made.append(k)
            yield k

    shared = InOrder(items)
    out: list[list[int]] = []
    threads = [threading.Thread(target=lambda: out.append(shared.all())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [list(range(50))] * 4 and made == list(range(50))
