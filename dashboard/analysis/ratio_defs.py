"""The credit ratios' definitions: one per ratio (what it divides, how it is titled, which
way ranks first) and the one arithmetic of each, with its "not meaningful" cases
(`ratio_value`). `dashboard.analysis.ratios` applies them to a filer's figures; every page, the
peer comparison, the pack, the deck and the workbook take their figures from there. No
streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPUTED, NOT_COMPUTED, NOT_MEANINGFUL = "computed", "not computed", "not meaningful"
PCT, TIMES, AMOUNT = "pct", "times", "amount"


@dataclass(frozen=True)
class RatioDef:
    key: str
    name: str  # how a committee slide titles it
    formula: str
    kind: str  # pct | times | amount
    better: str  # 'lower' or 'higher': which way ranks first
    flow: bool = False  # over a period (rollforward) rather than at a date


RATIOS: tuple[RatioDef, ...] = (
    RatioDef("npl90_to_loans", "90+ days past due / total loans",
             "loans 90+ days past due ÷ total loans, same date", PCT, "lower"),
    RatioDef("dpd30_to_loans", "30+ days past due / total loans",
             "loans 30+ days past due ÷ total loans, same date", PCT, "lower"),
    RatioDef("nco_to_avg_loans", "Net write-offs / average loans",
             "(write-offs − recoveries) ÷ average of total loans at the start and end of the "
             "period; a quarter × 4, nine months × 4/3", PCT, "lower", flow=True),
    RatioDef("provision_to_avg_loans", "Provision / average loans",
             "provision for credit losses ÷ average of total loans at the start and end of the "
             "period; a quarter × 4, nine months × 4/3; a release is shown, not ranked", PCT,
             "lower", flow=True),
    RatioDef("allowance_to_loans", "Allowance / total loans",
             "allowance for credit losses ÷ total loans, same date", PCT, "higher"),
    RatioDef("allowance_to_npl90", "Allowance coverage of 90+ past due",
             "allowance for credit losses ÷ loans 90+ days past due, same date", TIMES, "higher"),
    RatioDef("provision_to_nco", "Provision / net write-offs",
             "provision ÷ (write-offs − recoveries), same period; above 1× builds the reserve; "
             "not meaningful on a release or on net recoveries",
             TIMES, "higher", flow=True),
    RatioDef("guarantee_to_loans", "Maximum guarantee exposure / total loans",
             "maximum potential (undiscounted) payment under guarantees ÷ total loans, same date",
             PCT, "lower"),
    RatioDef("max_exposure", "Maximum guarantee exposure",
             "maximum potential (undiscounted) payment under guarantees, as reported", AMOUNT,
             "lower"),
)
BY_KEY = {r.key: r for r in RATIOS}

# provision / average loans of a year whose provision is a release: a true figure (a negative
# credit cost), shown, but not ranked — it measures a shrinking reserve, not a cheap book
RELEASE_NOT_RANKED = ("a release (negative provision): shown, not ranked, as it measures a "
                      "shrinking reserve rather than a low credit cost")


@dataclass(frozen=True)
class RatioValue:
    """What one ratio's definition makes of a numerator and a denominator."""

    value: float | None
    status: str  # COMPUTED | NOT_COMPUTED | NOT_MEANINGFUL
    reason: str = ""  # why there is no value
    rank_note: str = ""  # why a computed value is not ranked ('' when it is)


def ratio_value(key: str, num: float | None, den: float | None = None, *,
                factor: float = 1.0, what_den: str = "the denominator") -> RatioValue:
    """The one definition of each ratio's arithmetic and of its "not meaningful" cases; every
    page, the peer comparison, the pack, the deck and the workbook take their figure from it.

    - provision / net write-offs: not meaningful on a release (a negative provision covers no
      write-off) and when net write-offs are nil or net recoveries;
    - allowance coverage of 90+: not meaningful when nothing is 90+ days past due;
    - provision / average loans on a release: computed, not ranked (RELEASE_NOT_RANKED);
    - any ratio: not computed when an input is missing or its denominator is zero;
    - an amount (maximum exposure) is its numerator.
    `factor` annualises a flow over a period shorter than a year.
    """
    if num is None or (BY_KEY[key].kind != AMOUNT and den is None):
        return RatioValue(None, NOT_COMPUTED, "an input is missing")
    if BY_KEY[key].kind == AMOUNT:
        return RatioValue(num, COMPUTED)
    assert den is not None
    if key == "provision_to_nco":
        if num < 0:
            return RatioValue(None, NOT_MEANINGFUL, "not meaningful: the provision is a "
                              "release (negative), which covers no write-off")
        if den <= 0:
            return RatioValue(None, NOT_MEANINGFUL, "not meaningful: net write-offs are nil "
                              "or net recoveries")
    if key == "allowance_to_npl90" and den == 0:
        return RatioValue(None, NOT_MEANINGFUL, "not meaningful: no loans 90+ days past due "
                          "(coverage undefined)")
    if den == 0:
        return RatioValue(None, NOT_COMPUTED, f"{what_den} is zero")
    value = num / den * factor
    note = RELEASE_NOT_RANKED if key == "provision_to_avg_loans" and num < 0 else ""
    return RatioValue(value, COMPUTED, rank_note=note)
