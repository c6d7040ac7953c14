"""Figures of the eighteenth batch's real pages (tests/real_pages) that were read wrong: a
provision that includes the unfunded commitments' read as the loans', and a running subtotal of
the allowance (opening plus provision) read as a second provision."""

from __future__ import annotations

from tests.conftest import by_start, whole
from tests.conftest import real_page as page


def test_the_member_of_loans_excluding_unfunded_commitments_is_the_loans_allowance() -> None:
    # the unheaded "Provision for credit losses on loans" 2,409 / 39 / 2,939 / 719 includes the
    # commitments' provision; the "Loans Excluding Unfunded Commitments [Member]" block rolls the
    # loans' allowance forward (48,424 + 2,195 + 94 - 10 = 50,703): the whole, and its classes' rows
    # lose the member's name
    f = page("CIK1018399_10Q_2022Q2_R54.txt")
    assert sorted(whole(f, metric="provision").value / 1000) == [252.0, 862.0, 2_195.0, 3_020.0]
    assert by_start(whole(f, metric="allowance_begin")) == {
        "2022-04-01": 48_424.0, "2021-04-01": 49_899.0, "2022-01-01": 47_704.0, "2021-01-01": 44_565.0}
    assert by_start(whole(f, metric="allowance_end")) == {
        "2022-04-01": 50_703.0, "2021-04-01": 50_041.0, "2022-01-01": 50_703.0, "2021-01-01": 50_041.0}
    assert by_start(whole(f, metric="write_off"))["2021-01-01"] == 2_081.0
    cre = f[(f.segment == "Commercial real estate") & (f.metric == "provision")]
    assert by_start(cre)["2022-04-01"] == 1_443.0
    assert not f.segment.fillna("").str.contains("Unfunded").any()


def test_the_opening_plus_the_provision_is_a_subtotal_never_a_second_provision() -> None:
    # "Loans receivable allowance including provision losses or (recapture)" 141,721 = 89,123 +
    # 52,598 (the 6M 2023 column adds the ASU adoption's 3,852 printed in its own member block):
    # the whole's provision is 52,598 / 14,094 / 96,142 / 27,036, and "Ending ALLL Balance" closes it
    f = page("CIK1437958_10Q_2023Q2_R43.txt")
    assert by_start(whole(f, metric="provision")) == {
        "2023-04-01": 52_598.0, "2022-04-01": 14_094.0, "2023-01-01": 96_142.0, "2022-01-01": 27_036.0}
    assert by_start(whole(f, metric="allowance_end")) == {
        "2023-04-01": 110_762.0, "2022-04-01": 49_358.0, "2023-01-01": 110_762.0, "2022-01-01": 49_358.0}
    ci = f[(f.segment == "Commercial and industrial loans") & (f.metric == "provision")]
    assert sorted(ci.value / 1000) == [550.0, 846.0, 1_311.0, 4_476.0]
