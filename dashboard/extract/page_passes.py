"""The passes over a page's facts once its tables are read, each of which may move, regroup or
leave out figures by what the page's other tables show: the loans' own rollforward apart from
their allowance's, a segment's rollforward, nested reserves, operating leases
that are no loans, a class table wider than the page's aging. Each returns the facts and a note
of what it did. The text and HTML parsers run the same passes, in this order."""

from __future__ import annotations

from dashboard.extract.aging_population import aging_population
from dashboard.extract.loan_rollforward import loans_rolled_forward
from dashboard.extract.nested_rollforward import nested_rollforwards
from dashboard.extract.operating_leases import without_operating_leases
from dashboard.extract.segment_rollforward import rollforwards_of_a_segment
from dashboard.model.schema import Fact

_PASSES = (loans_rolled_forward, rollforwards_of_a_segment, nested_rollforwards, without_operating_leases,
           aging_population)


def regroup_page(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Every pass in order (each sees the previous one's facts)."""
    notes: list[str] = []
    for run in _PASSES:
        facts, said = run(facts)
        notes.extend(said)
    return facts, notes
