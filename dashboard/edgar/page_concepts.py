"""Whether an R page is about credit, read from the XBRL concepts it shows.

An R page names the concept of every row (`Show.showAR( this, 'defref_us-gaap_…', window )`
and the definitions `<div id="defref_…">` below the table). Where a page's name cannot say
whether it is a credit page, these can: a page is a credit page when at least one concept in
three is a credit concept (financing receivables, the allowance and its flows, past due,
nonaccrual, modifications, guarantee obligations, credit quality) and that concept is not
about securities, derivatives, fair values or revenue. Pure functions of the page's bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFREF = re.compile(rb"defref_([A-Za-z][A-Za-z0-9.\-]*)_([A-Za-z][A-Za-z0-9_]*)")
# concept local names, by what they are about
CREDIT_CONCEPTS: dict[str, str] = {
    "financing receivables": r"FinancingReceivable|LoansAndLeasesReceivable|LoansReceivable|"
                             r"NotesReceivable|LoansAndLeases|LoanAndLease|CreditCardReceivable|"
                             r"NetInvestmentInLease",
    "the allowance": r"AllowanceForCreditLoss|AllowanceForLoanAndLeaseLoss|AllowanceForLoanLoss|"
                     r"AllowanceForDoubtfulAccounts|ProvisionForLoan|ProvisionForDoubtful|"
                     r"CreditLossExpense|ChargeOff|Chargeoff|WriteOff|Writeoff",
    "past due": r"PastDue|Delinquen|Aging",
    "nonaccrual": r"Nonaccrual|NonAccrual|Nonperforming|NonPerforming|Impaired(Financing|Loan)",
    "modifications": r"TroubledDebtRestructuring|LoanModification|FinancialDifficulty",
    "guarantee obligations": r"Guarantee(Obligation|Liabilit)|GuarantorObligation|Guarantees|"
                             r"Guarant(y|ies)",
    "credit quality": r"CreditQuality|CreditScore|OriginatedInCurrentFiscalYear|"
                      r"OriginatedInFiscalYear|OriginatedTwoYears|OriginatedMoreThan",
}
# a credit word on these is about another asset or about revenue
NOT_CREDIT_CONCEPTS = re.compile(
    r"AvailableForSale|HeldToMaturity|DebtSecurities|EquitySecurities|MarketableSecurities|"
    r"Derivative|FairValue|Revenue|Payable", re.IGNORECASE)
# rows that structure a table rather than report a figure
_STRUCTURE = re.compile(r"(Axis|Member|Domain|Abstract|LineItems|Table|RollForward)$")
_COMPILED = {what: re.compile(p) for what, p in CREDIT_CONCEPTS.items()}
SHARE = 1 / 3


@dataclass(frozen=True, slots=True)
class ConceptCheck:
    """The page's concepts and the verdict on them."""

    credit: bool
    concepts: tuple[str, ...]  # prefix:Name, in page order
    credit_concepts: tuple[str, ...]
    reason: str


def page_concepts(data: bytes) -> tuple[str, ...]:
    """The distinct XBRL concepts an R page shows (prefix:Name), in page order; no dei: rows
    and no headings, axes or members."""
    seen: dict[str, None] = {}
    for prefix, name in _DEFREF.findall(data):
        p, n = prefix.decode("ascii", "replace"), name.decode("ascii", "replace")
        if p.lower() == "dei" or _STRUCTURE.search(n):
            continue
        seen.setdefault(f"{p}:{n}", None)
    return tuple(seen)


def credit_topic(concept: str) -> str:
    """What credit matter a concept is about ('' when it is not a credit concept)."""
    name = concept.split(":", 1)[-1]
    if NOT_CREDIT_CONCEPTS.search(name):
        return ""
    return next((what for what, pat in _COMPILED.items() if pat.search(name)), "")


def check_page(data: bytes) -> ConceptCheck:
    """Whether the page's concepts make it a credit page, and why."""
    concepts = page_concepts(data)
    credit = tuple(c for c in concepts if credit_topic(c))
    if not concepts:
        return ConceptCheck(False, (), (), "its page shows no XBRL concepts")
    topics = list(dict.fromkeys(credit_topic(c) for c in credit))
    share = f"{len(credit)} of its {len(concepts)} concepts"
    if credit and len(credit) >= SHARE * len(concepts):
        return ConceptCheck(True, concepts, credit,
                            f"its XBRL concepts are credit concepts ({', '.join(topics)}: {share}, "
                            f"e.g. {', '.join(credit[:3])})")
    shown = ", ".join(concepts[:3]) + (", …" if len(concepts) > 3 else "")
    return ConceptCheck(False, concepts, credit,
                        f"its XBRL concepts are not credit concepts ({share} are: {shown})")
