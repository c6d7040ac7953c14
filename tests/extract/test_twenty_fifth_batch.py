"""The twenty-fifth batch's real pages (tests/real_pages): consumer-finance, timeshare and
fintech lenders - a composition whose columns are each date's "Amount" beside its share of the
gross loans, a rollforward in one column headed "Amount", write-offs printed net of
recoveries ("Contract receivables write-offs, net")."""

from __future__ import annotations

from dashboard.extract.classify import label_role
from dashboard.model.schema import ALLOWANCE
from tests.conftest import real_page as page
from tests.conftest import whole_values as whole


def test_a_column_headed_amount_beside_the_shares_is_the_whole() -> None:
    facts = page("CIK1000209_10Q_2023Q3_R28.txt")
    assert whole(facts, "total_loans", "2023-09-30") == [2_203_038_000.0]
    # the allowance prints no share: its two figures are the two dates' amounts
    assert whole(facts, "allowance_end", "2023-09-30") == [79_133_000.0]
    assert whole(facts, "allowance_end", "2022-12-31") == [63_845_000.0]
    assert "As a Percent of Gross Loans" not in set(facts.segment)


def test_a_rollforward_in_one_amount_column_is_the_whole() -> None:
    facts = page("CIK1361658_10Q_2020Q1_R46.txt")
    assert whole(facts, "allowance_begin", "2020-03-31") == [747e6]
    assert whole(facts, "provision", "2020-03-31") == [315e6]
    assert set(facts.segment) == {"", "Securitized", "Non-securitized"}


def test_write_offs_followed_by_net_are_net_of_recoveries() -> None:
    assert label_role("Contract receivables write-offs, net", ALLOWANCE) == "net_write_off"
    assert label_role("Charge-offs, net", ALLOWANCE) == "net_write_off"
    assert label_role("Charge-offs", ALLOWANCE) == "write_off"
    facts = page("CIK1361658_10Q_2020Q1_R46.txt")
    assert whole(facts, "write_off", "2020-03-31") == []
    assert whole(facts, "net_write_off", "2020-03-31") == [132e6]


def test_the_allowance_parts_above_it_are_no_deductions_of_their_own() -> None:
    # "Allowance for loan losses - non-securitized" / "- securitized" above "Allowance for
    # loan losses": the gross (an unlabelled total of the notes) less the one allowance is the net
    facts = page("CIK778946_10K_FY2020_R10.txt")
    assert whole(facts, "total_loans", "2020-12-31") == [551_393_000.0]
    assert whole(facts, "total_loans", "2019-12-31") == [589_198_000.0]
    assert whole(facts, "net_loans", "2020-12-31") == [409_349_000.0]


def test_a_timeshare_lenders_defaults_are_its_write_offs() -> None:
    assert label_role("Less: defaults", ALLOWANCE) == "write_off"
    assert label_role("Defaulted vacation ownership notes receivable repurchase activity", ALLOWANCE) != "write_off"
    facts = page("CIK778946_10K_FY2020_R10.txt")
    assert whole(facts, "write_off", "2020-12-31") == [55_527_000.0]


def test_a_second_rollforward_no_figure_above_the_first_is_a_part_of_it() -> None:
    # the receivables' allowance, then the finance receivables' (14,223 beside 14,701 ...):
    # one whole per key, the part filed under the population its charge-off line names
    facts = page("CIK1807846_10Q_2021Q3_R28.txt")
    assert whole(facts, "allowance_begin", "2021-09-30", period_start="2021-07-01") == [14_701.0]
    assert whole(facts, "provision", "2021-09-30", period_start="2021-01-01") == [36_644.0]
    part = facts[facts.population == "Finance receivables"]
    assert sorted(part[part.metric == "write_off"].value) == [8_346.0, 17_851.0, 22_836.0, 44_996.0]


def test_a_note_named_by_a_population_alone_is_that_populations() -> None:
    from dashboard.extract.table import population_in_title

    assert population_in_title("Other Receivables") == "other receivables"
    assert population_in_title("Other Receivables (Details)") == "other receivables"
    assert population_in_title("Finance and Other Receivables (Tables)") == ""
    facts = page("CIK1662991_10Q_2021Q3_R11.txt")
    allowance = facts[facts.disclosure == "allowance"]
    assert len(allowance) and set(allowance.population) == {"other receivables"}
