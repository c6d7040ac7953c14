"""XBRL concept vocabulary: which concept is which credit-quality metric.

Everything here is a table. `CONCEPTS` maps a us-gaap local name to a `ConceptRule` (which
disclosure, which canonical metric of the facts contract, bucket bounds, sign). `MEMBERS` does
the same for the dimension members that carry the aging bucket in post-CECL filings
(`FinancialAssetAgingAxis=FinancialAsset30To59DaysPastDueMember` on a loan-balance concept).

Names are matched on their local part, prefix- and separator-insensitively: `us-gaap:X`,
`us-gaap_X`, `defref_us-gaap_X` and `X` all find the rule of `X`.

`guess_concept` reads an unknown (company-extension) concept's name by keyword tables, for
names like `qd:GuaranteeLiabilitiesMaximumPotentialUndiscountedFuturePayment` or
`fta:LoansReceivablePastDue31To60Days`; it returns None when the name is not clearly one of
ours. `days_bounds` reads bucket bounds out of a CamelCase name (`30To59Days`,
`EqualToGreaterThan90Days`, `GreaterThan90Days`, `91To120Days`).

Decisions worth knowing:
- Sales-type lease allowance (`SalesTypeLeaseNetInvestmentInLeaseAllowanceForCreditLoss`) is an
  allowance balance of a sub-population: metric `allowance_end`, segment "sales-type leases"
  (the rule's `segment`, combined with any dimension member the fact carries).
- Net write-offs (`…WriteOffsNet`, `…WriteoffAfterRecovery`) are `write_off` with a note
  "net of recoveries" — a reader summing write-offs and recoveries must not count recoveries twice.
- Balances are instants: an allowance balance is `allowance_end` at its date (the opening
  balance of a year is the closing balance of the year before, tagged at that earlier date).
- Signs: XBRL reports these concepts with the contract's own orientation (allowance balances,
  write-offs and recoveries positive; a credit-loss expense negative when it is a reversal), so
  every rule's `sign` is +1 unless stated; the parser multiplies the reported value by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True, slots=True)
class ConceptRule:
    """What a concept means in the facts contract."""

    disclosure: str  # delinquency | allowance | guarantee | other
    metric: str  # canonical metric (DESIGN.md)
    days_from: int | None = None
    days_to: int | None = None
    sign: int = +1  # multiply the reported value by this to get the contract's sign
    note: str = ""
    segment: str = ""  # a sub-population the concept itself implies ("sales-type leases")


@dataclass(frozen=True, slots=True)
class MemberRule:
    """What a dimension member says about a loan balance: a past-due bucket, current, total."""

    metric: str  # past_due | past_due_total | current | nonaccrual
    days_from: int | None = None
    days_to: int | None = None


_NET_NOTE = "net of recoveries"
_NET_OF_ALLOWANCE = "net of allowance"

D, A, G = "delinquency", "allowance", "guarantee"


def _r(disclosure: str, metric: str, *days: int | None, note: str = "", segment: str = "",
       sign: int = 1) -> ConceptRule:
    lo = days[0] if days else None
    hi = days[1] if len(days) > 1 else None
    return ConceptRule(disclosure, metric, lo, hi, sign, note, segment)


# Local name -> rule. Names are us-gaap element names (pre- and post-ASU 2016-13 generations).
CONCEPTS: dict[str, ConceptRule] = {
    # --- delinquency: past-due buckets, current, totals (pre-CECL "recorded investment") ---
    "FinancingReceivableRecordedInvestmentPastDue": _r(D, "past_due_total"),
    "FinancingReceivableRecordedInvestment30To59DaysPastDue": _r(D, "past_due", 30, 59),
    "FinancingReceivableRecordedInvestment60To89DaysPastDue": _r(D, "past_due", 60, 89),
    "FinancingReceivableRecordedInvestmentEqualToGreaterThan90DaysPastDue": _r(D, "past_due", 90, None),
    "FinancingReceivableRecordedInvestmentCurrent": _r(D, "current"),
    "FinancingReceivableRecordedInvestmentNonaccrualStatus": _r(D, "nonaccrual"),
    "FinancingReceivableRecordedInvestment90DaysPastDueAndStillAccruing": _r(
        D, "past_due_still_accruing", 90, None),
    "FinancingReceivableRecordedInvestment": _r(D, "total_loans"),
    "LoansAndLeasesReceivableNonperformingNonaccrualOfInterest": _r(D, "nonaccrual"),
    # --- delinquency: post-CECL amortised cost ("excluding accrued interest") ---
    "FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLoss": _r(D, "total_loans"),
    "FinancingReceivableExcludingAccruedInterestNonaccrual": _r(D, "nonaccrual"),
    "FinancingReceivableExcludingAccruedInterestNonaccrualNoAllowance": _r(
        D, "nonaccrual", note="nonaccrual with no allowance"),
    "FinancingReceivableExcludingAccruedInterest90DaysOrMorePastDueStillAccruing": _r(
        D, "past_due_still_accruing", 90, None),
    "FinancingReceivableAndNetInvestmentInLeaseExcludingAccruedInterestBeforeAllowanceForCreditLoss":
        _r(D, "total_loans"),
    "FinancingReceivableAndNetInvestmentInLeaseExcludingAccruedInterestNonaccrual": _r(D, "nonaccrual"),
    "FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLossCurrent": _r(
        D, "total_loans", segment="current portion"),
    "FinancingReceivableExcludingAccruedInterestBeforeAllowanceForCreditLossNoncurrent": _r(
        D, "total_loans", segment="noncurrent portion"),
    "FinancingReceivableBeforeAllowanceForCreditLoss": _r(D, "total_loans"),
    "FinancingReceivableBeforeAllowanceForCreditLossAndFee": _r(D, "total_loans"),
    "FinancingReceivableBeforeAllowanceForCreditLossNoncurrent": _r(
        D, "total_loans", segment="noncurrent portion"),
    "NotesAndLoansReceivableGrossCurrent": _r(D, "total_loans", segment="current portion"),
    "NotesAndLoansReceivableGrossNoncurrent": _r(D, "total_loans", segment="noncurrent portion"),
    "FinancingReceivableNonaccrual": _r(D, "nonaccrual"),
    "LoansAndLeasesReceivableGrossCarryingAmount": _r(D, "total_loans"),
    "LoansAndLeasesReceivableNetOfDeferredIncome": _r(D, "total_loans"),
    "LoansReceivableGrossCarryingAmount": _r(D, "total_loans"),
    "NotesReceivableGross": _r(D, "total_loans"),
    # net loans (after allowance): own metric, never mixed with gross totals
    "FinancingReceivableExcludingAccruedInterestAfterAllowanceForCreditLoss": _r(
        D, "net_loans", note=_NET_OF_ALLOWANCE),
    "LoansAndLeasesReceivableNetReportedAmount": _r(D, "net_loans", note=_NET_OF_ALLOWANCE),
    "FinancingReceivableNet": _r(D, "net_loans", note=_NET_OF_ALLOWANCE),
    # --- allowance balances ---
    "FinancingReceivableAllowanceForCreditLosses": _r(A, "allowance_end"),
    "FinancingReceivableAllowanceForCreditLossExcludingAccruedInterest": _r(A, "allowance_end"),
    "FinancingReceivableAndNetInvestmentInLeaseAllowanceForCreditLossExcludingAccruedInterest": _r(
        A, "allowance_end"),
    "FinancingReceivableAllowanceForCreditLossExcludingAccruedInterestCurrent": _r(
        A, "allowance_end", segment="current portion"),
    "FinancingReceivableAllowanceForCreditLossExcludingAccruedInterestNoncurrent": _r(
        A, "allowance_end", segment="noncurrent portion"),
    "LoansAndLeasesReceivableAllowance": _r(A, "allowance_end"),
    "AllowanceForLoanAndLeaseLossesReceivablesNetReportedAmount": _r(A, "allowance_end"),
    "AllowanceForDoubtfulAccountsReceivable": _r(A, "allowance_end"),
    "AllowanceForDoubtfulAccountsReceivableCurrent": _r(A, "allowance_end", segment="current portion"),
    "AllowanceForDoubtfulAccountsReceivableNoncurrent": _r(A, "allowance_end", segment="noncurrent portion"),
    "AllowanceForNotesAndLoansReceivableCurrent": _r(A, "allowance_end", segment="current portion"),
    "AllowanceForNotesAndLoansReceivableNoncurrent": _r(A, "allowance_end", segment="noncurrent portion"),
    "AccountsReceivableAllowanceForCreditLoss": _r(A, "allowance_end"),
    "AccountsReceivableAllowanceForCreditLossCurrent": _r(A, "allowance_end", segment="current portion"),
    "AccountsReceivableAllowanceForCreditLossNoncurrent": _r(A, "allowance_end", segment="noncurrent portion"),
    "AccountsReceivableAllowanceForCreditLossExcludingAccruedInterestNoncurrent": _r(
        A, "allowance_end", segment="noncurrent portion"),
    "SalesTypeLeaseNetInvestmentInLeaseAllowanceForCreditLoss": _r(
        A, "allowance_end", segment="sales-type leases"),
    "DirectFinancingLeaseNetInvestmentInLeaseAllowanceForCreditLossExcludingAccruedInterestCurrent": _r(
        A, "allowance_end", segment="direct financing leases, current portion"),
    "DirectFinancingLeaseNetInvestmentInLeaseAllowanceForCreditLossExcludingAccruedInterestNoncurrent":
        _r(A, "allowance_end", segment="direct financing leases, noncurrent portion"),
    "NetInvestmentInLeaseAllowanceForCreditLossExcludingAccruedInterestCurrent": _r(
        A, "allowance_end", segment="leases, current portion"),
    "NetInvestmentInLeaseAllowanceForCreditLossExcludingAccruedInterestNoncurrent": _r(
        A, "allowance_end", segment="leases, noncurrent portion"),
    # --- allowance: provision (a reversal is negative) ---
    "ProvisionForLoanAndLeaseLosses": _r(A, "provision"),
    "ProvisionForLoanLossesExpensed": _r(A, "provision"),
    "ProvisionForLoanLeaseAndOtherLosses": _r(A, "provision"),
    "ProvisionForDoubtfulAccounts": _r(A, "provision"),
    "ProvisionForOtherCreditLosses": _r(A, "provision"),
    "ProvisionForCreditLosses": _r(A, "provision"),
    "CreditLossExpenseReversal": _r(A, "provision"),
    "FinancingReceivableCreditLossExpenseReversal": _r(A, "provision"),
    "FinancingReceivableExcludingAccruedInterestCreditLossExpenseReversal": _r(A, "provision"),
    "AccountsReceivableCreditLossExpenseReversal": _r(A, "provision"),
    "NetInvestmentInLeaseCreditLossExpenseReversal": _r(A, "provision", segment="leases"),
    "AllowanceForLoanAndLeaseLossesProvisionForLossNet": _r(A, "provision"),
    # --- allowance: write-offs (positive amounts written off) ---
    "AllowanceForLoanAndLeaseLossesWriteOffs": _r(A, "write_off"),
    "FinancingReceivableAllowanceForCreditLossesWriteOffs": _r(A, "write_off"),
    "FinancingReceivableAllowanceForCreditLossWriteoff": _r(A, "write_off"),
    "FinancingReceivableExcludingAccruedInterestAllowanceForCreditLossWriteoff": _r(A, "write_off"),
    "FinancingReceivableAndNetInvestmentInLeaseExcludingAccruedInterestAllowanceForCreditLossWriteoff":
        _r(A, "write_off"),
    "AllowanceForDoubtfulAccountsReceivableWriteOffs": _r(A, "write_off"),
    "AccountsReceivableAllowanceForCreditLossWriteoff": _r(A, "write_off"),
    # net of recoveries
    "AllowanceForLoanAndLeaseLossesWriteOffsNet": _r(A, "write_off", note=_NET_NOTE),
    "FinancingReceivableAllowanceForCreditLossesWriteOffsNet": _r(A, "write_off", note=_NET_NOTE),
    "FinancingReceivableAllowanceForCreditLossWriteoffAfterRecovery": _r(A, "write_off", note=_NET_NOTE),
    "FinancingReceivableExcludingAccruedInterestAllowanceForCreditLossWriteoffAfterRecovery": _r(
        A, "write_off", note=_NET_NOTE),
    "AccountsReceivableAllowanceForCreditLossWriteoffAfterRecovery": _r(A, "write_off", note=_NET_NOTE),
    "LoansAndLeasesReceivableAllowanceWriteOffsNet": _r(A, "write_off", note=_NET_NOTE),
    # --- allowance: recoveries ---
    "AllowanceForLoanAndLeaseLossRecoveriesOfBadDebts": _r(A, "recovery"),
    "FinancingReceivableAllowanceForCreditLossesRecoveries": _r(A, "recovery"),
    "FinancingReceivableAllowanceForCreditLossRecovery": _r(A, "recovery"),
    "FinancingReceivableExcludingAccruedInterestAllowanceForCreditLossRecovery": _r(A, "recovery"),
    "FinancingReceivableAndNetInvestmentInLeaseExcludingAccruedInterestAllowanceForCreditLossRecovery":
        _r(A, "recovery"),
    "AllowanceForDoubtfulAccountsReceivableRecoveries": _r(A, "recovery"),
    "AccountsReceivableAllowanceForCreditLossRecovery": _r(A, "recovery"),
    # --- allowance: other movements ---
    "FinancingReceivableAllowanceForCreditLossesPeriodIncreaseDecrease": _r(
        A, "allowance_change", note="net change in the allowance over the period"),
    # --- guarantees ---
    "GuaranteeObligationsMaximumExposure": _r(G, "max_exposure"),
    "GuaranteeObligationsCurrentCarryingValue": _r(G, "guarantee_liability"),
}

# Aging-axis members (post-CECL: FinancialAssetAgingAxis; pre-CECL: FinancingReceivablesPeriodPastDueAxis).
# Only names seen in real filings are listed; `lookup_member` reads the rest of the family
# (FinancialAsset60To89DaysPastDueMember, FinancialAssetNotPastDueMember, …) from the name itself.
MEMBERS: dict[str, MemberRule] = {
    "FinancialAsset30To59DaysPastDueMember": MemberRule("past_due", 30, 59),
    "FinancingReceivablesEqualToGreaterThan90DaysPastDueMember": MemberRule("past_due", 90, None),
}

# Metrics that are a balance of loans: a fact of one of these that also carries an aging member
# becomes that bucket (total_loans × 30-59 member = the 30-59 past-due balance).
LOAN_BALANCE_METRICS = frozenset({"total_loans", "past_due_total", "past_due", "current"})

# Prefixes of standard taxonomies (the vocabulary above covers them; guessing is for extensions).
STANDARD_PREFIXES = frozenset({
    "us-gaap", "ifrs-full", "ifrs", "dei", "srt", "country", "currency", "exch", "naics", "sic",
    "stpr", "invest", "ecd", "cyd", "xbrli", "xbrldi", "iso4217", "utr", "ref", "nonnum", "num",
    "rr", "risk", "fnd", "oef", "cef", "vip", "sbs", "spac", "ffd", "ix", "ixt",
})

# ---------------------------------------------------------------------------------------------
# Name handling

_PREFIX = re.compile(r"^(?:defref_)?(?P<prefix>[A-Za-z][\w.-]*?)[:_](?P<local>[A-Z]\w*)$")


def split_name(name: str) -> tuple[str, str]:
    """("us-gaap", "X") for "us-gaap:X", "us-gaap_X", "defref_us-gaap_X"; ("", "X") for "X"."""
    s = name.strip()
    prefix, colon, local = s.partition(":")
    if colon and local[:1].isupper() and ":" not in local:  # the common "us-gaap:X" form
        return prefix, local
    m = _PREFIX.match(s)
    if m:
        return m["prefix"], m["local"]
    if ":" in s:
        p, _, local = s.rpartition(":")
        return p, local
    return "", s


def local_name(name: str) -> str:
    return split_name(name)[1]


def is_standard_namespace(uri: str) -> bool:
    """True for the namespaces of standard taxonomies and of XBRL itself (not a filer's own)."""
    return bool(_STANDARD_NS.search(uri))


_STANDARD_NS = re.compile(r"fasb\.org/|xbrl\.sec\.gov/|xbrl\.org/|w3\.org/|ifrs\.org/|xbrl\.ifrs\.org")


_BY_LOWER: dict[str, ConceptRule] = {k.lower(): v for k, v in CONCEPTS.items()}
_MEMBERS_LOWER: dict[str, MemberRule] = {k.lower(): v for k, v in MEMBERS.items()}


def lookup_concept(name: str) -> ConceptRule | None:
    """The rule of a known concept (case- and prefix-insensitive), else None."""
    return _BY_LOWER.get(local_name(name).lower())


def words(name: str) -> str:
    """"FinancingReceivableAllowanceForCreditLosses" -> "Financing receivable allowance for credit losses"."""
    local = local_name(name)
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|\d+|[A-Z]+", local)
    text = " ".join(p if p.isupper() and len(p) > 1 else p.lower() for p in parts)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Bucket bounds out of CamelCase names

# (pattern, how to turn the captured numbers into (days_from, days_to)). First match wins.
_BOUND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), kind)
    for p, kind in (
        (r"(\d{1,3})(?:To|Through|And)(\d{1,3})(?:Days?|D(?![a-z])|PastDue|DPD)", "range"),
        (r"(?:EqualToOrGreaterThan|EqualToGreaterThan|GreaterThanOrEqualTo|GreaterThanEqualTo|"
         r"AtLeast|NotLessThan)(\d{1,3})", "from"),
        (r"(\d{1,3})(?:Days?)?(?:OrMore|OrGreater|OrLonger|Plus|AndOver|AndAbove|AndMore|OrOver)",
         "from"),
        (r"(?:GreaterThan|MoreThan|Over|Above|Exceeding|InExcessOf|Beyond)(\d{1,3})(?:Days?|DPD)?",
         "above"),
        (r"(?:LessThanOrEqualTo|UpTo|Within|NotMoreThan)(\d{1,3})(?:Days?)", "upto"),
        (r"(\d{1,3})(?:Days?)(?:OrLess|OrFewer|AndLess|AndUnder)", "upto"),
        (r"(?:LessThan|Under|Below|FewerThan)(\d{1,3})(?:Days?)", "below"),
    )
)


def days_bounds(name: str) -> tuple[int | None, int | None] | None:
    """(days_from, days_to) out of a CamelCase name, days_to None when open-ended; None if absent.

    "GreaterThan90Days"/"Over90Days" start at 91 (as text labels "over 90" do, see buckets.py);
    "EqualToGreaterThan90Days"/"90DaysOrMore" start at 90; "LessThan30Days" is 1-29.
    """
    local = local_name(name)
    for pat, kind in _BOUND_PATTERNS:
        m = pat.search(local)
        if not m:
            continue
        n = int(m.group(1))
        if kind == "range":
            hi = int(m.group(2))
            if n < hi:
                return n, hi
            continue
        if kind == "from":
            return n, None
        if kind == "above":
            return n + 1, None
        if kind == "upto":
            return 1, n
        if kind == "below":
            return 1, n - 1
    return None


# ---------------------------------------------------------------------------------------------
# Guessing an unknown concept from its name

def _kw(*alts: str) -> re.Pattern[str]:
    return re.compile("|".join(alts), re.I)


# Names that are never a monetary credit-quality fact (policies, text, ratios, counts, tax).
_NEVER = re.compile("|".join((  # case-sensitive CamelCase words: "Rate" but not "Corporate"
    r"TextBlock", r"Policy", r"Policies", r"Abstract", r"Table$", r"LineItems$", r"Axis$",
    r"Domain$", r"Member$", r"Percent", r"Ratio(?![a-z])", r"Rates?(?![a-z])", r"Number(?![a-z])",
    r"Count(?![a-z])", r"Term$", r"Period$", r"Duration", r"Threshold", r"Description",
    r"Method", r"ValuationAllowance", r"DeferredTax", r"IncomeTax", r"Inventory",
    r"Warrants?(?![a-z])", r"Payable", r"Borrowings?(?![a-z])", r"Debt(?![a-z])",
    r"Interest(?:Income|Expense)", r"Weighted", r"Score", r"Fico", r"FICO", r"LoanToValue",
)))

_LOAN = _kw(r"Loan", r"Receivable", r"Financing", r"Credit", r"Lease", r"Advance", r"Borrower",
            r"Instal+ment", r"Principal", r"Mortgage")
_ALLOWANCE = _kw(r"Allowance", r"ReserveFor(?:Loan|Credit|Doubtful|Bad)", r"LoanLossReserve",
                 r"ExpectedCreditLoss", r"ImpairmentAllowance", r"BadDebtReserve", r"LossAllowance")
_PROVISION = _kw(r"Provision", r"CreditLoss(?:es)?Expense", r"BadDebtExpense", r"ImpairmentLoss",
                 r"ChargeForCreditLoss", r"CreditLossesCharged")
_WRITE_OFF = _kw(r"Write-?Offs?", r"Writeoffs?", r"Charge-?Offs?", r"Chargeoffs?", r"WrittenOff",
                 r"ChargedOff")
_RECOVERY = _kw(r"Recover(?:y|ies|ed)")
_NET_OF_RECOVERY = _kw(r"Net(?:OfRecover|$)", r"AfterRecover", r"NetWriteOff", r"NetChargeOff")
_BEGIN = _kw(r"Beginning", r"Opening", r"BeginningBalance")
_PAST_DUE = _kw(r"PastDue", r"Past\d", r"Overdue", r"Delinquen", r"DaysPast", r"DPD(?![a-z])")
_NOT_PAST_DUE = _kw(r"NotPastDue", r"NotYetDue", r"NotOverdue", r"(?<!Non)Current(?!Portion)",
                    r"NotDelinquent", r"Performing(?!Non)")
_NONACCRUAL = _kw(r"Nonaccru", r"NonAccru", r"NonPerforming", r"Nonperforming")
_TOTAL_LOANS = _kw(r"(?:Loans?|Receivables?)(?:Principal)?(?:Gross|BeforeAllowance)",
                   r"Gross(?:Loans?|Receivables?)", r"TotalLoans?", r"LoansOutstanding")
_GUARANTEE = _kw(r"Guarantee", r"Guaranty", r"RiskAssurance", r"Surety")
_MAX_EXPOSURE = _kw(r"Maximum(?:Potential|Exposure|Amount|Liability|Payment|FuturePayment)",
                    r"MaxExposure", r"PotentialFuturePayment", r"UndiscountedFuturePayment")
_GUARANTEE_LIAB = _kw(r"Liabilit", r"CarryingValue", r"CarryingAmount", r"Obligation")
_GUARANTEE_PAYOUT = _kw(r"Payout", r"PaidOut", r"Payments?Made", r"NetPayment", r"Compensation")
_GUARANTEE_RELEASE = _kw(r"Release", r"Amortiz", r"Revenue", r"Income")


# Ordered keyword table: (must match all of, must match none of, rule). First row that fits wins.
# Bucket rules (metric "past_due") take their bounds from the name; without bounds a past-due
# name is the past-due total.
_GUESSES: tuple[tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], ConceptRule], ...] = (
    # guarantees
    ((_GUARANTEE, _MAX_EXPOSURE), (), _r(G, "max_exposure")),
    ((_GUARANTEE, _GUARANTEE_PAYOUT), (), _r(G, "net_payout")),
    ((_GUARANTEE, _PROVISION), (), _r(G, "guarantee_provision")),
    ((_GUARANTEE, _GUARANTEE_RELEASE), (), _r(G, "guarantee_released")),
    ((_GUARANTEE, _GUARANTEE_LIAB), (_LOAN,), _r(G, "guarantee_liability")),
    # allowance rollforward lines (before the balance: "AllowanceForLoanLossesWriteOffs")
    ((_ALLOWANCE, _WRITE_OFF, _NET_OF_RECOVERY), (_GUARANTEE,), _r(A, "write_off", note=_NET_NOTE)),
    ((_WRITE_OFF, _LOAN, _NET_OF_RECOVERY), (_GUARANTEE,), _r(A, "write_off", note=_NET_NOTE)),
    ((_ALLOWANCE, _WRITE_OFF), (_GUARANTEE,), _r(A, "write_off")),
    ((_WRITE_OFF, _LOAN), (_GUARANTEE, _RECOVERY), _r(A, "write_off")),
    ((_ALLOWANCE, _RECOVERY), (_GUARANTEE,), _r(A, "recovery")),
    ((_RECOVERY, _LOAN, _kw(r"ChargedOff", r"WrittenOff", r"BadDebt", r"ChargeOff", r"WriteOff")),
     (_GUARANTEE,), _r(A, "recovery")),
    ((_ALLOWANCE, _PROVISION), (_GUARANTEE,), _r(A, "provision")),
    ((_PROVISION, _kw(r"LoanLoss", r"CreditLoss", r"DoubtfulAccount", r"BadDebt", r"LoansReceivable",
                      r"FinancingReceivable")), (_GUARANTEE,), _r(A, "provision")),
    ((_ALLOWANCE, _BEGIN), (_GUARANTEE,), _r(A, "allowance_begin")),
    ((_ALLOWANCE, _LOAN), (_GUARANTEE, _kw(r"AfterAllowance", r"NetOfAllowance")),
     _r(A, "allowance_end")),
    ((_ALLOWANCE, _kw(r"Doubtful", r"BadDebt", r"CreditLoss", r"LoanLoss")), (_GUARANTEE,),
     _r(A, "allowance_end")),
    # delinquency
    ((_NONACCRUAL, _LOAN), (), _r(D, "nonaccrual")),
    ((_PAST_DUE, _LOAN, _NOT_PAST_DUE), (), _r(D, "current")),
    ((_PAST_DUE, _kw(r"StillAccruing", r"AndAccruing")), (), _r(D, "past_due_still_accruing")),
    ((_PAST_DUE, _LOAN), (), _r(D, "past_due")),
    ((_PAST_DUE, _kw(r"Total", r"Amount")), (), _r(D, "past_due")),
    ((_TOTAL_LOANS,), (_ALLOWANCE, _kw(r"NetOf", r"AfterAllowance")), _r(D, "total_loans")),
)


# A name with none of these words is not one of ours (a cheap first test before the table).
_ANY_CREDIT_WORD = _kw(
    r"Allowance", r"Reserve", r"Past", r"Overdue", r"Delinquen", r"DPD", r"Guarant", r"Surety",
    r"RiskAssurance", r"Provision", r"Write", r"Written", r"Charge", r"Recover", r"Nonaccru",
    r"NonAccru", r"Nonperforming", r"NonPerforming", r"Loan", r"Receivable", r"CreditLoss",
    r"BadDebt", r"Doubtful", r"ExpectedCredit",
)


def guess_concept(name: str) -> ConceptRule | None:
    """A rule for an unknown concept read from its name by keyword tables, or None when unsure."""
    local = local_name(name)
    if not local or not _ANY_CREDIT_WORD.search(local) or _NEVER.search(local):
        return None
    for must, must_not, rule in _GUESSES:
        if all(p.search(local) for p in must) and not any(p.search(local) for p in must_not):
            return _with_bounds(rule, local, guessed=True)
    return None


def _with_bounds(rule: ConceptRule, local: str, *, guessed: bool) -> ConceptRule:
    note = rule.note
    if guessed:
        note = "; ".join(x for x in (note, "metric guessed from the concept name") if x)
    if rule.metric == "past_due":
        bounds = days_bounds(local)
        if bounds is None:
            return replace(rule, metric="past_due_total", note=note)
        return replace(rule, days_from=bounds[0], days_to=bounds[1], note=note)
    if rule.metric == "past_due_still_accruing" and rule.days_from is None:
        bounds = days_bounds(local) or (None, None)
        return replace(rule, days_from=bounds[0], days_to=bounds[1], note=note)
    return replace(rule, note=note)


@lru_cache(maxsize=8192)
def rule_for(name: str, *, guess: bool = True) -> ConceptRule | None:
    """The table's rule; else, for a concept outside the standard taxonomies, a guess."""
    rule = lookup_concept(name)
    if rule is not None or not guess:
        return rule
    prefix, _ = split_name(name)
    if prefix.lower() in STANDARD_PREFIXES:
        return None
    return guess_concept(name)


def lookup_member(name: str, axis: str = "") -> MemberRule | None:
    """What an aging member says about a loan balance, else None.

    The table first; then the member's own name, when it or its axis speaks of past-due status
    or aging (a "Within30DaysMember" on a maturity axis is not a past-due bucket).
    """
    local = local_name(name)
    hit = _MEMBERS_LOWER.get(local.lower())
    if hit is not None:
        return hit
    if _NONACCRUAL.search(local):
        return MemberRule("nonaccrual")
    aging_axis = bool(re.search(r"Aging|PastDue|Delinquen|Overdue", local_name(axis))) if axis else False
    if not _PAST_DUE.search(local) and not aging_axis:
        return None
    if re.search(r"NotPastDue|NotYetDue|NotOverdue|NotDelinquent|^Current|Current(?:Member)?$", local):
        return MemberRule("current")
    bounds = days_bounds(local)
    if bounds is not None:
        return MemberRule("past_due", bounds[0], bounds[1])
    if re.search(r"PastDue(?:Member)?$", local) and not re.search(r"\d", local):
        return MemberRule("past_due_total")
    return None


def member_label(name: str) -> str:
    """"tsla:MyPowerMember" -> "MyPower"; "us-gaap:CommercialRealEstatePortfolioSegmentMember" ->
    "CommercialRealEstatePortfolioSegment"."""
    local = local_name(name)
    for suffix in ("Member", "Domain"):
        if local.endswith(suffix) and len(local) > len(suffix):
            return local[: -len(suffix)]
    return local


def axis_label(name: str) -> str:
    local = local_name(name)
    return local[:-4] if local.endswith("Axis") and len(local) > 4 else local
