"""Class column names whose header cells break over lines (tests/real_pages): the figures fix
how many columns there are, and the header's lines are joined into exactly that many names, or
the columns are numbered when the lines cannot say which name is whose."""

from __future__ import annotations

from functools import cache

from tests.conftest import pick, real_page

_facts = cache(real_page)


def _by_segment(page: str, **where: object) -> dict[str, float]:
    f = pick(_facts(page), **where)
    return dict(zip(f["segment"], f["value"], strict=True))


def test_cells_broken_over_lines_are_joined_into_one_name_a_column():
    # "Commercial / and Industrial / Franchise / Commercial / Owner Occupied / … / One-to-four /
    # Family / … / Total" over 13 figures a row: 12 classes and their total
    got = _by_segment("CIK1028918_10K_2019FY_R42.txt", metric="allowance_begin", period_end="2019-12-31")
    assert got == {"Commercial and Industrial": 10_821_000, "Franchise": 6_500_000,
                   "Commercial Owner Occupied": 1_386_000, "SBA": 4_288_000, "Agribusiness": 3_283_000,
                   "Commercial Non-owner Occupied": 1_604_000, "Multi-family": 725_000,
                   "One-to-four Family": 805_000, "Construction": 5_166_000, "Farmland": 503_000,
                   "Land": 772_000, "Consumer Loans": 219_000, "": 36_072_000}


def test_a_name_broken_after_an_adjective_goes_on_into_the_next_line():
    # "Commercial / and other | Commercial Real / Estate | Consumer Real / Estate | Consumer | Total"
    got = _by_segment("CIK37049_10Q_2011Q2_R11.txt", metric="allowance_end", period_end="2011-06-30")
    assert {k: v for k, v in got.items() if k} == {"Commercial and other": 175_000, "Commercial Real Estate": 2_055_000,
                                                   "Consumer Real Estate": 249_000, "Consumer": 50_000}


def test_a_top_line_over_repeated_bottom_names_is_placed_over_them():
    # "Residential | Commercial | Residential" over "Real Estate | Real Estate | Construction |
    # Commercial | Consumer | Other | Unallocated | Total"
    got = _by_segment("CIK1293211_10Q_2011Q4_R15.txt", metric="allowance_begin", period_end="2011-12-31")
    assert got == {"Residential Real Estate": 1_533_000, "Commercial Real Estate": 1_241_000,
                   "Residential Construction": 21_000, "Commercial": 86_000, "Consumer": 8_000, "Other": 2_000,
                   "Unallocated": 21_000, "": 2_912_000}


def test_one_group_word_over_its_classes_beside_a_class_of_the_same_name():
    # "Real Estate" three times over "Commercial | Commercial | Construction | Residential | …":
    # the first "Commercial" stands alone, the second is the real estate one
    got = _by_segment("CIK357173_10K_FY2015_R12.txt", metric="allowance_begin", period_end="2015-12-31")
    assert got == {"Commercial": 1_644, "Real Estate Commercial": 12_577, "Real Estate Construction": 1_475,
                   "Real Estate Residential": 1_981, "Consumer": 1_454, "Unallocated": 2_506, "": 21_637}


def test_names_the_lines_cannot_decide_are_numbered_never_shifted():
    # "Commercial and Industrial / Owner-occupied / Commercial / Commercial / Mortgages /
    # ConstructionCommercial Small Business Leases / …": two columns' names glued into one
    # fragment; read from the right, "Owner-occupied" fell on Commercial and Industrial's 55,902
    f = pick(_facts("CIK828944_10Q_2024Q2_R16.txt"), metric="allowance_begin", period_end="2024-06-30",
             period_start="2024-04-01")
    got = dict(zip(f["segment"], f["value"], strict=True))
    assert got["column 1"] == 55_902_000 and got[""] == 192_629_000
    assert not {"Owner-occupied", "Commercial", "Mortgages"} & set(f["segment"])
