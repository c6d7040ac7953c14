"""Real pages of tests/real_pages/ whose layouts were misread or not read: each test asserts the
page's own figures, as printed and proven by its arithmetic."""

from __future__ import annotations

from functools import cache

from tests.conftest import pick, real_page

_facts = cache(real_page)  # several tests read the same page


# HSBC Finance's 10-Q Q3 2011 R13: the caption of the product table breaks over lines
# ("The following table summarizes the changes in credit loss" / "reserves by product/class
# during the three and nine months ended" / "September 30, 2011 and 2010 …:"), its classes are
# printed over two lines ("First | Second | Personal Non- | Comm'l" over "Lien | Lien | Credit
# Card | and Other | Total"), and a footnote says the provision "included approximately $925
# million related to the adoption …".
HSBC = "CIK354964_10Q_2011Q3_R13.txt"


def test_a_caption_broken_over_lines_is_no_header_of_periods():
    f = pick(_facts(HSBC), metric="allowance_begin", segment="")
    # the product table's Total column: the quarter's opening balance, as the period table's
    assert set(pick(f, period_end="2011-09-30", period_start="2011-07-01")["value"]) == {4_590_000_000}
    # never a class's figure as a nine months' balance
    assert 635_000_000 not in set(f["value"])
    assert set(pick(f, period_start="2010-01-01")["value"]) == {7_275_000_000}


def test_class_names_over_two_lines_are_paired_line_over_line():
    f = pick(_facts(HSBC), metric="allowance_begin", period_start="2011-07-01")
    by_segment = dict(zip(f["segment"], f["value"], strict=True))
    assert by_segment == {"First Lien": 3_002_000_000, "Second Lien": 635_000_000,
                          "Personal Non-Credit Card": 953_000_000, "Comm’l and Other": 0.0,
                          "": 4_590_000_000}


def test_an_amount_the_provision_included_is_not_the_provision():
    f = pick(_facts(HSBC), metric="provision", segment="")
    assert set(pick(f, period_start="2011-01-01")["value"]) == {3_473_000_000}
    # printed in both tables, the same figure
    assert set(pick(f, period_start="2011-07-01", period_end="2011-09-30")["value"]) == {2_182_000_000}
    assert not {925_000_000, 180_000_000} & set(f["value"])


# M&T's 10-K FY2016 R13: one rollforward per year under the same class header, each headed by
# its year between the header's lines ("Commercial, | Financial, | Real Estate | 2015 | Leasing,
# etc. | …"); the excerpt ends in the 2015 table's provision row, after its opening balances.
MTB = "CIK36270_10K_FY2016_R13.txt"


def test_a_year_between_header_lines_heads_the_next_years_table():
    f = pick(_facts(MTB), metric="allowance_begin", period_end="2015-12-31")
    by_segment = dict(zip(f["segment"], f["value"], strict=True))
    # the classes add up to the Total: 288,038 + 307,927 + 61,910 + 186,033 + 75,654 = 919,562
    assert by_segment[""] == 919_562_000
    assert sum(v for s, v in by_segment.items() if s) == 919_562_000
    assert set(pick(_facts(MTB), metric="allowance_begin", segment="", period_end="2016-12-31")["value"]) \
        == {955_992_000}


# Nelnet's 10-Q Q3 2018 R12: a transposed rollforward (products down, movements across) printed
# once per period under "Three months ended September 30, 2018" / "… 2017" / "Nine months ended …",
# each period's total row unlabelled and run into its last product's line; the excerpt cuts the
# last period after two lines.
NELNET = "CIK1258602_10Q_2018Q3_R12.txt"


def test_stacked_transposed_rollforwards_with_unlabelled_totals():
    f = pick(_facts(NELNET), disclosure="allowance", segment="")
    got = {(r.metric, str(r.period_start), str(r.period_end)): r.value for r in f.itertuples()}
    # each total ties: begin + provision - charge-offs + recoveries + other = end
    assert got == {
        ("allowance_begin", "2018-07-01", "2018-09-30"): 53_715, ("provision", "2018-07-01", "2018-09-30"): 10_500,
        ("write_off", "2018-07-01", "2018-09-30"): 4_148, ("recovery", "2018-07-01", "2018-09-30"): 150,
        ("allowance_other", "2018-07-01", "2018-09-30"): 0, ("allowance_end", "2018-07-01", "2018-09-30"): 60_217,
        ("allowance_begin", "2017-07-01", "2017-09-30"): 50_708, ("provision", "2017-07-01", "2017-09-30"): 6_700,
        ("write_off", "2017-07-01", "2017-09-30"): 3_988, ("recovery", "2017-07-01", "2017-09-30"): 161,
        ("allowance_other", "2017-07-01", "2017-09-30"): 50, ("allowance_end", "2017-07-01", "2017-09-30"): 53_631,
        ("allowance_begin", "2018-01-01", "2018-09-30"): 54_590, ("provision", "2018-01-01", "2018-09-30"): 18_000,
        ("write_off", "2018-01-01", "2018-09-30"): 13_875, ("recovery", "2018-01-01", "2018-09-30"): 502,
        ("allowance_other", "2018-01-01", "2018-09-30"): 1_000, ("allowance_end", "2018-01-01", "2018-09-30"): 60_217,
    }
    # the cut-off nine months of 2017 (two lines) proves nothing: nothing read
    assert not len(pick(_facts(NELNET), disclosure="allowance", period_end="2017-09-30", period_start="2017-01-01"))


# Pacific Mercantile's 10-Q Q2 2012 R11: a composition table (classes, "Total loans",
# "Allowance for loan losses", "Total loans, net") above the aging tables, in an allowance note;
# nothing marks the allowance line "Less:", and one class is "Installment and other consumer".
PMB = "CIK717059_10Q_2012Q2_R11.txt"


def test_gross_and_net_around_the_allowance_proven_by_arithmetic():
    f = _facts(PMB)
    loans = pick(f, metric="total_loans", segment="")
    # 1,501,301 - 35,212 = 1,466,089: the line above the allowance is the gross loans
    assert set(pick(loans, period_end="2011-12-31")["value"]) == {1_501_301_000}
    assert set(pick(loans, period_end="2012-06-30")["value"]) == {1_495_797_000}
    assert set(pick(f, metric="net_loans", period_end="2011-12-31")["value"]) == {1_466_089_000}
    # the classes above the total are loan balances, never an allowance's "other" movement
    assert not len(pick(f, metric="allowance_other"))
    consumer = pick(f, metric="total_loans", segment="Installment and other consumer", period_end="2011-12-31")
    assert set(consumer["value"]) == {13_612_000}


# CIK706688's 10-Q Q3 2016 R20 (a franchisor's card loans, some bought in 2015): "Credit Card Loans |
# Acquired Loans | Loans Receivable, Gross | Allowance for Loan Losses | Unamortized Fees |
# Loans Receivable, Net": a second deduction between the allowance and the net.
CARD = "CIK706688_10Q_2016Q3_R20.txt"


def test_gross_and_net_with_a_second_deduction_beside_the_allowance():
    f = _facts(CARD)
    # 95,773 - 5,588 - 6,637 = 83,548; 88,766 - 937 - 2,034 = 85,795
    loans = pick(f, metric="total_loans", segment="")
    assert set(pick(loans, period_end="2016-09-30")["value"]) == {95_773_000}
    assert set(pick(loans, period_end="2015-12-31")["value"]) == {88_766_000}
    assert set(pick(f, metric="allowance_end", period_end="2016-09-30")["value"]) == {5_588_000}
    # "Acquired Loans" (56,010 + 39,763 = 95,773) is a class of the loans, no allowance movement
    assert not len(pick(f, metric="allowance_other"))
    acquired = pick(f, metric="total_loans", segment="Acquired Loans")
    assert set(acquired["value"]) == {39_763_000, 74_866_000}
