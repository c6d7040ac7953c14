"""A Canadian bank's 40-F loans table (EDGAR 1000275, 2019) ends with the footnote "Excludes
allowance for loans measured at FVOCI of $nil (October 31, 2018 – $1 million)." Before, the
"$nil" was read as the whole allowance (0) at October 2018: a footnote on what the table's
figures leave out is no figure of the page."""

from __future__ import annotations

from dashboard.extract.narrative import _LEFT_OUT


def test_a_footnote_on_what_is_left_out() -> None:
    assert _LEFT_OUT.match("Excludes allowance for loans measured at FVOCI of $nil (October 31, 2018 – $1 million).")
    assert _LEFT_OUT.match("(1) Excluding the allowance for unfunded commitments of $5 million.")
    assert not _LEFT_OUT.match("The allowance excludes nothing and was $5 million.")
