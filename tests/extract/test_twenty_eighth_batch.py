"""The twenty-eighth batch's layouts (US banks' CECL-era credit notes, 10-Q/10-K 2020-2023). Those
real pages stay outside the tree as local evidence: the pages here are invented in their layouts,
with other labels and other figures, rendered as the text extracts print an R page."""

from __future__ import annotations

from tests.conftest import real_page as page
from tests.conftest import whole


def test_standby_letters_among_contract_amounts_under_a_contingent_liabilities_title() -> None:
    # a bank's commitments note, titled "Commitments and Contingent Liabilities", its table run
    # together as one line a row: the standby letters of credit are its guarantees (ASC 460)
    # and their contract amount the most it can be made to pay; the loan commitments are none
    text = (
        "XML 12 R18.htm IDEA: XBRL DOCUMENT v3.22.4\n"
        "Commitments and Contingent Liabilities\n12 Months Ended\nDec. 31, 2025\n"
        "Commitments and Contingencies Disclosure [Abstract]  \n"
        "Commitments and Contingent Liabilities COMMITMENTS AND CONTINGENT LIABILITIES\n"
        "A summary of financial instruments with off-balance sheet risk at December 31 follows:\n"
        "20252024\n(In thousands)\n"
        "Financial instruments whose risk is represented by contract amounts  \n"
        "Commitments to extend credit$420,310 $398,004 \n"
        "Standby letters of credit5,102 4,877 \n"
        "Commitments to extend credit are agreements to lend to a customer as long as there is no "
        "violation of any condition established in the contract.\n")
    f = page("invented_contingent_liabilities.txt", text)
    got = whole(f, metric="max_exposure")
    assert dict(zip(got.period_end.astype(str).str[:10], got.value, strict=True)) == {
        "2025-12-31": 5_102_000.0, "2024-12-31": 4_877_000.0}
    assert whole(f, disclosure="guarantee", metric="max_exposure", value=420_310_000.0).empty
