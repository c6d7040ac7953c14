"""Past-due buckets as filers print them, and as renderings leave them: "1 90 days" is a 20-F
lender's "1-90 days" whose dash the rendering lost (EDGAR 1729173 R93, 2018)."""

from __future__ import annotations

import pytest

from dashboard.model.buckets import parse_bucket


@pytest.mark.parametrize(("label", "bucket"), [
    ("1 90 days", (1, 90)),
    ("30 59 days past due", (30, 59)),
    ("1-90 days", (1, 90)),
    ("30-59 Days Past Due", (30, 59)),
    ("Over 90 days", (91, None)),
    ("90 days or more", (90, None)),
    ("2019 2018 days", None),  # not bounds: the first is not below the second
    ("90 30 days", None),
    ("Loans 1 90 days", None),  # bounds without their dash only open the label
])
def test_parse_bucket(label: str, bucket: tuple[int, int | None] | None) -> None:
    assert parse_bucket(label) == bucket
