"""Vocabulary as data: topics, row labels, segment and population hints (scale words and
currencies are in `units.py`).

Everything a filer may call a thing lives here, in tables, so that supporting a new filer's
wording is a one-line change and no parser grows an `if` chain.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dashboard.model.schema import (
    ALLOWANCE,
    ALLOWANCE_BEGIN,
    ALLOWANCE_END,
    ALLOWANCE_OTHER,
    CURRENT,
    DELINQUENCY,
    GUARANTEE,
    MAX_EXPOSURE,
    NET_LOANS,
    NET_PAYOUT,
    NET_WRITE_OFF,
    OTHER,
    PAST_DUE,
    PAST_DUE_90_ACCRUING,
    PAST_DUE_TOTAL,
    PROVISION,
    RECOVERY,
    TOTAL_LOANS,
    WRITE_OFF,
)

# hyphen look-alikes typeset by filers' word processors ("Write‑offs", "1‑30 days")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": ""})


# an en dash, em dash or minus sign joining two words is a hyphen too ("Charge–offs"); one between
# spaces is a separator ("Consumer – Auto") and stays
_JOINING_DASH = re.compile(r"(?<=\w)[\u2013\u2014\u2212](?=\w)")


def plain_hyphens(text: str) -> str:
    return _JOINING_DASH.sub("-", text.translate(_HYPHENS))


FOOTNOTE_MARKER = re.compile(r"(?:\s*\(\d\)\s*,)+\s*\(\d\)$|\[\d+\]|\(\d\)$|\s+\(\d\)|\s+\([a-h]\)$")  # (1), [2], (a)
_SPACES = re.compile(r"\s+")


# a pure function of the label, asked again for every cell of its row: read each label once
@lru_cache(maxsize=8192)
def clean_label(label: str) -> str:
    """A filer's row or column label as the vocabulary reads it: plain hyphens and spaces, no
    footnote markers, no trailing colon."""
    s = plain_hyphens(label.replace("\xa0", " "))
    s = FOOTNOTE_MARKER.sub("", s)
    s = _SPACES.sub(" ", s)
    return s.strip(" :|")


# --- topics (which disclosure a table or passage is about) --------------------------------
# Each phrase counts once per passage (presence, not frequency), so a balance sheet full of
# "current" rows or an income statement's "provision for income taxes" is no evidence.
TOPIC_KEYWORDS: dict[str, tuple[tuple[str, float], ...]] = {
    DELINQUENCY: (
        ("aging", 3), ("ageing", 3), ("past due", 3), ("past-due", 3), ("delinquen", 3),
        ("days past", 2), ("nonaccrual", 1.5), ("non-accrual", 1.5), ("overdue", 2),
    ),
    ALLOWANCE: (
        ("allowance for", 3), ("allowance", 1), ("write-off", 2), ("write off", 2), ("written off", 2),
        ("charge-off", 2), ("charged off", 2), ("provision for loan", 3), ("provisions for loan", 3),
        ("provision for credit", 3), ("provision for doubtful", 3), ("provisions for doubtful", 3),
        ("credit loss", 2), ("loan loss", 2), ("doubtful", 2), ("recoveries", 1),
        ("roll forward", 1), ("rollforward", 1), ("movement", 0.5), (" acl ", 3), ("alll", 3),
        # IFRS 9's name for the allowance ("credit impairment losses of loans receivable")
        ("credit impairment loss", 3),
        # the allowance in other words: "Loan loss reserves" (with "loan loss", an allowance's name)
        ("loss reserve", 1),
        # and "Reserve for credit losses" deducted from the receivables (a lessor's financing
        # receivables, "Reserve for credit losses (3)"): the allowance named as a reserve
        ("reserve for credit loss", 3), ("reserves for credit loss", 3),
        ("reserve for loan loss", 3), ("reserves for loan loss", 3),
        # IFRS 9's "expected loss provision" (a Peruvian bank's "Expected loss provision for direct
        # loans" deducted from them): the allowance under the standard's own name
        ("expected loss provision", 3),
    ),
    GUARANTEE: (
        ("guarantee liabilit", 3), ("guarantee obligation", 3), ("financial guarantee", 3),
        ("guarantee", 2), ("guarantor", 2), ("risk assurance", 3), ("net payout", 2),
        ("maximum potential", 3), ("maximum exposure", 3), ("maximum amount of future payment", 3),
        # the letters of credit a bank writes to guarantee its customers' performance to third
        # parties are its guarantees under ASC 460, whatever the note's title calls them
        ("standby letter", 3),
    ),
}

_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")

# --- row labels: (pattern, metric, family) -----------------------------------------------
# family says in which topic the label means that metric; "*" = any. First match wins, so
# specific wordings come before general ones.
ROW_LABELS: tuple[tuple[str, str, str], ...] = (
    # delinquency
    # past due and still accruing interest: "… and accruing", "… Still on Accrual"
    # "Total accruing past due loans": the buckets of the loans still accruing added up (the
    # nonaccrual loans a line of their own beside them), the total past due
    (r"^total\s+accruing\s+past[\s-]*due\b", "past_due_total", DELINQUENCY),
    # "Accruing loans 30-59 days past due": a bucket ending before 90 days is that bucket of the
    # loans still accruing (read by its days), never the loans 90 days past due and accruing
    (r"^(?!.*\b\d{1,2}\s*(?:-|–|to|through)\s*[1-8]\d\s*days)(?:.*\baccruing\b|.*past[\s-]*due\b.*\b(still\s+)?on\s+accrual\b)",
     "past_due_90_accruing", DELINQUENCY),
    # past-due loans and nonaccrual loans together: more than the total past due, never it
    (r"past[\s-]*due\s+(loans\s+)?(and|&|or|plus)\s+non[\s-]?accru", "past_due_and_nonaccrual", DELINQUENCY),
    (r"total\s+(amount\s+)?(of\s+)?past[\s-]*due|past[\s-]*due,?\s+total|total\s+delinquen|^past[\s-]*due$|^total\s+past\b", "past_due_total", DELINQUENCY),
    (r"^total\s+loans|total\s+loans\s+receivable|^total$|^total\s+(gross\s+)?(loans|receivables|financing receivables)", "total_loans", DELINQUENCY),
    # ASU 2022-02's vintage tables print a class's "Current period gross charge-offs" under its
    # balances by origination year: that class's flow to date in a table of balances at a date,
    # never the aging's current loans nor the whole book's rollforward charge-offs
    (r"^current[\s-]+(period|year|quarter)\b.*\b(charge|write|written)[\s-]*offs?\b", "memo", "*"),
    # "Current portion" is a balance sheet's classification of the book, never the aging bucket
    # "Within Original Expected Repayment Period": not yet past the day it was to be repaid
    (r"^current\b(?!\s+portions?\b)|^((loans?|leases?|receivables?|financing\s+receivables?)\s+)?not\s+(yet\s+)?(past[\s-]+)?due\b|"
     r"^within\s+(the\s+|their\s+|its\s+)?(original\s+)?((expected|contractual|scheduled)\s+)?(or\s+contractual\s+)?(re)?payment\s+(period|terms?|dates?)\b|"
     # "Total Current or Less Than 30 Days Past Due": the loans under the first bucket are current
     r"^total\s+current(\s+loans)?(\s+(or|and)\s+(less|fewer)\s+than\s+30\s+days(\s+past\s+due)?)?$", "current", DELINQUENCY),
    # the base of a delinquency table: "Receivables outstanding – principal", "Loans outstanding",
    # "Total Outstanding" beside the buckets and the current loans
    (r"^(total\s+)?(loans?|receivables?)\s+outstanding\b|^total\s+outstanding$", "total_loans", DELINQUENCY),
    # XBRL standard labels name the item after a comma: "Financing receivables, current"
    (r",\s*current$", "current", DELINQUENCY),
    # interest that nonaccrual loans would have earned is income, not a balance of loans
    (r"\binterest\s+income\b|\bincome\s+(that\s+)?would\s+have\b|\bfor[e]?gone\s+interest", "interest_income", "*"),
    # lines that name nonaccrual loans without being their balance: a change, a share, the
    # past-due part of them, or the past-due loans apart from them
    (r"^((net\s+)?(increase|decrease|change)s?\s+in|percentage|percent|ratio)\b.*non[\s-]?accrual|"
     r"past[\s-]*due\s+(in\s+)?non[\s-]?accrual|"
     # a part of them named by a clause: "Non-accrual loans that are current"
     r"non[\s-]?accrual\b.*\b(that|which)\s+(are|were|is|was)\b|(excluding|not\s+in|other\s+than)\s+(those\s+)?(in\s+)?"
     r"non[\s-]?accrual", "memo", "*"),
    (r"allowance\s+for\s+non[\s-]?accrual", "nonaccrual_allowance", "*"),
    (r"non[\s-]?accrual[^,]*,\s*net\b|net\s+non[\s-]?accrual", "nonaccrual_net", "*"),
    (r"non[\s-]?accrual", "nonaccrual", "*"),
    # allowance / guarantee rollforwards
    # the allowance split by how it was measured ("Financing Receivable, Allowance for Credit
    # Losses, Individually Evaluated for Impairment"): a part of the closing balance, printed
    # beside the rollforward, never a balance or a movement of it ("Ending balance: individually
    # evaluated …" rows keep their role: reconcile reads them as parts of the balance beside them)
    (r"^(?!.*\b(ending|closing)\s+balance\b).*\ballowance\b.*\b(individually|collectively)\s+evaluated\b",
     "memo", "*"),
    (r"prior\s+to\s+(the\s+)?(adoption|asc|asu|cecl)|before\s+(the\s+)?(adoption|asc|asu|cecl)", "begin_before_adoption", "*"),
    (r"\(\s*(as\s+)?adjusted\b|\bas\s+adjusted\b|after\s+(the\s+)?(adoption|adjustment)|"
     r"adoption,\s*adjusted\s+balance\b", "begin_adjusted", "*"),
    (r"(impact|effect|adjustment)s?\s+(of|from|due\s+to|for)\s+(the\s+)?(adoption|adopting|change\s+in\s+accounting)|cumulative[\s-]+(effect|change)|"
     r"\binitial\s+application\s+of\b|\binitially\s+apply(ing)?\s+(asu|asc|topic|cecl)\b|"
     r"adoption\s+of\s+(asc|asu|topic|cecl)\b|change\s+in\s+accounting\s+(principle|guidance|standard)", "adoption", "*"),
    (r"\b(beginning|opening)\s+balance\b", "begin", "*"),
    (r"\b(ending|closing)\s+balance\b", "end", "*"),
    # the reserve named between the end and the word "balance": "Ending ALLL Balance"
    (r"^(beginning|opening)\s+(alll|acl|allowance|reserve)\s+balances?$", "begin", "*"),
    (r"^(ending|closing)\s+(alll|acl|allowance|reserve)\s+balances?$", "end", "*"),
    (r"[,\s](beginning|start)\s+of\s+(the\s+)?(period|year|quarter|month)\b", "begin", "*"),
    (r"[,\s]end\s+of\s+(the\s+)?(period|year|quarter|month)\b", "end", "*"),
    # a balance named by its reserve and the word alone: "Provision for credit losses, beginning"
    # (the allowance, in a filer's words), "…, ending"
    (r",\s*(beginning|opening)\s*$|^(beginning|opening)$", "begin", "*"),
    (r",\s*(ending|closing)\s*$|^(ending|closing)$", "end", "*"),
    # the receivable named, then the end the balance is at: "Loans and Leases Receivable,
    # Beginning Allowance" / "…, Ending Allowance" (an older us-gaap label of the allowance)
    (r",\s*(beginning|opening)\s+(allowance|reserve)\s*$", "begin", "*"),
    (r",\s*(ending|closing)\s+(allowance|reserve)\s*$", "end", "*"),
    (r"(balance|allowance|balances?)\s*(,\s*)?(at|as of)?\s*(the\s+)?(beginning|start|opening)|^beginning\s+(balance|of)|^opening\s+balance|^as\s+of\s+january\s+1", "begin", "*"),
    (r"(balance|allowance|balances?)\s*(,\s*)?(at|as of)?\s*(the\s+)?(end|closing)|^ending\s+balance|^closing\s+balance|^end\s+of\s+(the\s+)?(year|period)", "end", "*"),
    # "Net non-purchased loans and leases charged off": the loans named between "net" and the verb
    (r"^net\s+(loans?\s+|credit\s+)?\(?(charge[ds]?|write|written)[\s-]*offs?\)?|\bnet\s+of\s+recoveries|^net\s+loans?\s+charged"
     r"|^net\s+(?:[\w-]+\s+){1,6}(?:charged|written)[\s-]+off\b", "net_write_off", "*"),
    # "net" after the write-offs ("Contract receivables write-offs, net"): net of recoveries too
    (r"(?:charge[ds]?|write|written|charged)[\s-]*offs?\s*,\s*net\s*$", "net_write_off", "*"),
    # the same net printed the other way round, "Net recoveries (charge-offs)": recoveries less
    # charge-offs, neither line alone
    (r"^net\s+\(?recover(y|ies)\)?\s*(/|and|or)?\s*\(?(charge[ds]?|write|written)[\s-]*offs?\)?", "net_write_off", "*"),
    (r"^transfers?\s+(to|from|of)\b|^reclassifi?", "other", "*"),
    # a balance dated by day and month (and year): the first of a month opens a period ("Balance as of
    # January 1", "Balance January 1"), a month's last day closes it ("Balance as of December 31")
    (rf"^balances?,?\s+((as\s+of|at)\s+[a-z]+|{_MONTH})\.?\s+1(,?\s+\d{{4}})?$", "begin", "*"),
    (rf"^balances?,?\s+((as\s+of|at)\s+[a-z]+|{_MONTH})\.?\s+(28|29|30|31)(,?\s+\d{{4}})?$", "end", "*"),
    # the reserve named, then its day: "Credit impairment losses as at January 1"
    # (by the day alone: a dated line is read by its date, as a vertical rollforward's)
    (rf"\S\s+as\s+(at|of)\s+{_MONTH}\.?\s+1$", "begin", ALLOWANCE),
    (rf"\S\s+as\s+(at|of)\s+{_MONTH}\.?\s+(28|29|30|31)$", "end", ALLOWANCE),
    # an impairment reversed beside the year's charge is a movement of its own, not the provision
    (r"^reversals?\s+of\s+impairment", "other", "*"),
    # a provision line that names its negative in parentheses: "(Recovery of) provision for credit
    # losses", "Provision for (recovery of) credit losses", "Provision (benefit)"
    # "Benefit for credit losses": the provision of a year that released reserves, printed negative
    (r"^(net\s+)?benefit\s+(for|from)\s+(the\s+)?(credit|loan)", "provision", "*"),
    (r"^(total\s+)?\((recover(y|ies)|benefit|release|reversal)[^)]*\)\s*provision|"
     r"provision[^()]*\((recover(y|ies)|benefit|release|reversal)[^)]*\)", "provision", "*"),
    # "Reinsurance recoverables", "Recoverable taxes": an asset owed to the filer (a receivable),
    # never the recovery of an amount written off
    (r"recover(?!ables?\b)", "recovery", "*"),
    # "Write-offs and other items": write-offs mixed with other movements, never the write-offs
    (r"^(amounts?\s+)?(write|written|charge[ds]?)[\s-]*offs?\s+and\s+other\b", "other", "*"),
    # "Charges-off", as a Colombian filer prints its write-offs, is the same line
    (r"write[\s-]*offs?|written[\s-]*off|charges?[\s-]*offs?|charged[\s-]*off|"
     r"^(loan\s+|credit\s+)?losses\s+charged\s+(to|against)\s+(the\s+)?(allowance|reserve)", "write_off", "*"),
    # a timeshare lender's "Less: defaults": the defaulted notes written off against the
    # allowance (the noun alone: "Defaulted notes repurchase activity" moves notes, not losses)
    (r"^(less:?\s*)?defaults$", "write_off", ALLOWANCE),
    (r"net\s+payouts?|payouts?", "net_payout", GUARANTEE),
    (r"released\s+into\s+revenue|release\s+of|amorti[sz]", "released", GUARANTEE),
    # IFRS 9 calls the allowance "credit impairment losses": deducted from the loans, it is the
    # balance, and the loans "net of" it are net loans, never a provision
    (r"^less:?\s*(credit\s+)?impairment\s+(losses|allowance)", "allowance_balance", "*"),
    # so is a provision deducted from the loans ("Less: Provision for credit losses" between gross
    # and net loans): the provision made to date, a balance, never the period's charge
    (r"^less:?\s*(the\s+)?provisions?\s+for\s+(expected\s+)?(credit|loan|doubtful|bad|impairment)", "allowance_balance", "*"),
    # IFRS 9's "expected (credit) loss provision" for the loans, a line of its own: the stock of
    # expected losses (deducted from the loans on the way to their net), never the year's charge,
    # which is the provision's "expense" or "charge"
    (r"^(less:?\s*)?expected\s+(credit\s+)?loss(es)?\s+provisions?\b(?!.*\b(expenses?|charges?|charged)\b)",
     "allowance_balance", "*"),
    (r"(loans?|receivables?)\b[^,]*,?\s+net\s+of\s+(the\s+)?(credit\s+)?impairment", "net_loans", "*"),
    # IAS 39's "Allowance for impairment losses" names the reserve, not the year's impairment loss;
    # and the loans "Before allowance for impairment losses" are the gross book it is netted from
    (r"^(less:?\s*)?allowances?\s+for\s+(expected\s+)?(credit\s+)?impairment", "allowance_balance", "*"),
    (r"^before\s+(the\s+)?(allowances?|provisions?)\s+for\b", "total_loans", "*"),
    # IFRS banks' "Loan loss provisions" (plural, a line of its own) are the allowance, the
    # stock; the year's charge is "Provision for loan losses" or "Increase in loan loss provisions"
    (r"^(less:?\s*)?(loan|credit)\s+loss\s+provisions$", "allowance_balance", "*"),
    # "Credit impairment charges on loans, advances and financial leases, net": IFRS 9's charge
    # of the year, the provision; so is a retailer's "Bad debt expense" (its card receivables')
    (r"provision|reversal|credit\s+loss\s+expense|\bbad\s+debts?\s+expense|^charges?\s+for\s+the\s+(year|period|quarter)\b|charged?\s+to\s+(expense|earnings)|charged?\s+to\s+(the\s+)?(statements?\s+of\s+)?(profit|income|operations)|addition|impairment\s+loss|"
     r"\bcredit\s+impairment\s+charges?\b", "provision", "*"),
    # a variable interest's "Maximum Loss Exposure from Investment in …" (ASC 810) is no
    # guarantee's; "… from Guarantee Obligations" is the guarantees' maximum (ASC 460)
    (r"maximum\s+(loss\s+)?exposure\b(?!.*\bguarant)(?=.*\b(investments?|interests?|equity)\b)|"
     r"maximum\s+loss\s+exposure\b(?!.*\bguarant)", "memo", GUARANTEE),
    # "Maximum Amount of Future Payments" is ASC 460's maximum potential amount of future payments
    (r"maximum\s+(loss\s+)?(potential|exposure)|maximum\s+(undiscounted\s+)?amount\s+of\s+(undiscounted\s+)?future\s+payments?",
     "max_exposure", GUARANTEE),
    (r"^(total\s+)?guarantee\s+liabilit(y|ies)(,?\s+net)?$", "allowance_balance", GUARANTEE),
    # an allowance among guarantees ("Allowance for lending-related commitments", "Standby letters
    # of credit, allowance") is a part of their carrying value (the reserve for expected losses
    # beside the stand-ready obligation), never the guarantee liability as a whole: left out
    (r"\ballowance\b", "memo", GUARANTEE),
    # a movement between reserves ("Net (increase) / decrease in allowance for unfunded loan
    # commitments"): a line of the rollforward, never a balance of the allowance it names
    (r"^(net\s+)?\(?(increase|decrease|change)s?\)?(\s*(/|and|or)\s*\(?(increase|decrease)\)?)?\s+in\s+(the\s+)?"
     r"(allowance|reserve|liabilit)", "other", "*"),
    # receivables "before allowance" or "net of allowance" are loans, never the allowance itself
    (r"\b(before|net\s+of|after|excluding)\s+(the\s+)?(allowance|reserve)", "memo", "*"),
    # the allowance set up for loans bought with credit deterioration ("Initial allowance for credit
    # losses on PCD loans"): an addition of the period, as an acquisition's is, never a balance
    # (an "Initial allowance balance" would be the opening one)
    (r"^initial\s+(allowance|acl|reserve)\b(?!.*\bbalances?\b)", "other", "*"),
    # "Total allowance" between the gross and the net loans (a Colombian filer's composition): the
    # allowance's balance, the sum of its classes'
    (r"less:?\s*allowance|allowance\s+for|^total\s+allowances?$", "allowance_balance", "*"),
    # the allowance in other words, a line of its own: "Loan loss reserves", "Reserve for loan losses"
    (r"^(less:?\s*)?((loan|credit)\s+loss\s+reserves?|reserves?\s+for\s+(loan|credit)\s+losses)$", "allowance_balance", "*"),
    (r"loans?\s+receivables?,?\s+net|net\s+loans", "net_loans", "*"),
    (r"^loans?\s+receivables?$|^loans?\s+(principal|receivables?)\s*$|gross\s+loans", "total_loans", "*"),
    # "Loans and other financing": the Argentine central bank's name for the whole credit book
    # (loans, leases and the other financing granted), never a rollforward's "other" line
    (r"^(total\s+)?loans\s+and\s+other\s+financings?$", "total_loans", "*"),
    (r"foreign\s+(currency|exchange)|translation|other|transfer|disposal|acqui|reclassifi|adjustments?$|"
     r"business\s+combination|^sales?\s+(and|of)\b|repurchase|deconsolidat", "other", "*"),
)
ROW_LABEL_RES = tuple((re.compile(p, re.I), m, fam) for p, m, fam in ROW_LABELS)

# the generic role of a row → the canonical metric per topic
ROLE_METRIC: dict[tuple[str, str], str] = {
    (ALLOWANCE, "begin"): "allowance_begin",
    (ALLOWANCE, "end"): "allowance_end",
    (ALLOWANCE, "provision"): "provision",
    (ALLOWANCE, "write_off"): "write_off",
    (ALLOWANCE, "recovery"): "recovery",
    (ALLOWANCE, "other"): "allowance_other",
    (ALLOWANCE, "net_write_off"): "net_write_off",
    (ALLOWANCE, "begin_before_adoption"): "allowance_begin_before_adoption",
    (ALLOWANCE, "adoption"): "allowance_adoption_adjustment",
    (ALLOWANCE, "begin_adjusted"): "allowance_begin_adjusted",
    (ALLOWANCE, "allowance_balance"): "allowance_end",
    (GUARANTEE, "begin"): "guarantee_liability_begin",
    (GUARANTEE, "end"): "guarantee_liability_end",
    (GUARANTEE, "provision"): "guarantee_provision",
    (GUARANTEE, "write_off"): "guarantee_write_off",
    (GUARANTEE, "recovery"): "guarantee_recovery",
    (GUARANTEE, "net_payout"): "net_payout",
    (GUARANTEE, "released"): "guarantee_released",
    (GUARANTEE, "other"): "guarantee_other",
    (GUARANTEE, "max_exposure"): "max_exposure",
    (GUARANTEE, "allowance_balance"): "guarantee_liability_end",
}

# which metrics are balances (shown positive) and which are flows that reduce a balance
BALANCE_METRICS = frozenset({
    "allowance_begin", "allowance_end", "guarantee_liability_begin", "guarantee_liability_end",
})
# flows whose sign carries meaning (a negative provision is a reversal); everything else is
# a balance or an amount and is stored positive
FLOW_METRICS = frozenset({"provision", "recovery", "allowance_other", "guarantee_provision",
                          "guarantee_other", "guarantee_recovery", "allowance_adoption_adjustment"})
OUTFLOW_METRICS = frozenset({"write_off", "net_payout", "guarantee_released", "guarantee_write_off"})

# segments named by a row or a caption, normalised
SEGMENT_HINTS: tuple[tuple[str, str], ...] = (
    (r"risk\s+assurance", "risk assurance liabilities"),
    (r"contingent\s+(guarantee\s+)?liabilit", "contingent guarantee liabilities"),
    (r"stand[\s-]*ready|deferred\s+guarantee\s+income|inception\s+of\s+new\s+loans|released\s+into\s+revenue", "stand-ready guarantee liabilities"),
    (r"loans?\s+subject\s+to\s+guarantee|outstanding\s+loans\s+subject", "loans subject to guarantee"),
    (r"security\s+deposits?", "security deposits"),
    (r"guarantee\s+liabilit", "guarantee liabilities"),
)
SEGMENT_HINT_RES = tuple((re.compile(p, re.I), s) for p, s in SEGMENT_HINTS)
# the guarantee itself, named by its liability, a component of that liability or the loans it
# covers: the maximum exposure is the guarantee's, so none of these is a part of it (another
# programme, "risk assurance", stays one)
GUARANTEE_ITSELF = frozenset({"guarantee liabilities", "loans subject to guarantee",
                              "stand-ready guarantee liabilities", "contingent guarantee liabilities"})

# a guarantee table's "Total Amounts Committed" (split by when the guarantees expire): each
# guarantee's face amount, the most the guarantor can be made to pay, i.e. the maximum potential
# amount of future payments (ASC 460), where the total it adds up is one the filer names as its
# guarantees ("Total guarantees"), not commitments of other kinds (lines of credit, purchases)
COMMITTED_AMOUNT = re.compile(r"\bamounts?\s+committed\b|\bcommitted\s+amounts?\b", re.I)
GUARANTEES_TOTAL = re.compile(r"^total\s+(?:[\w'-]+\s+){0,2}?guarantees\b(?![^(]*\b(?:and|&|commitments?|other)\b)",
                              re.I)

# --- receivable populations ----------------------------------------------------------------
# Populations a filing reports side by side, each with its own total (not parts of one total):
# named by a table's caption or heading. "security deposits" and "loans subject to guarantee"
# stay segments (SEGMENT_HINTS): their tables never carry an unsegmented figure of their own.
POPULATION_HINTS: tuple[tuple[str, str], ...] = (
    (r"customer\s+financing", "customer financing receivables"),
    (r"\bother\s+receivables", "other receivables"),
    (r"on[\s-]balance[\s-]sheet\s+loans", "on-balance-sheet loans"),
    (r"off[\s-]balance[\s-]sheet\s+(?:loans|credit\s+exposures?)|unfunded\s+(?:lending\s+)?commitments",
     "off-balance-sheet commitments"),
    (r"(?:finance|sales[\s-]type)\s+lease\s+receivables?|net\s+investment\s+in\s+(?:sales[\s-]type\s+)?leases",
     "lease receivables"),
    (r"contract\s+assets", "contract assets"),
    # a manufacturer's allowance on what its customers owe for goods ("trade accounts and notes
    # receivable"), beside the one on its finance arm's loans
    (r"\btrade\s+(?:accounts|notes|receivables?)\b", "trade receivables"),
)
POPULATION_HINT_RES = tuple((re.compile(p, re.I), s) for p, s in POPULATION_HINTS)
# a page whose title names, before its kind, a population the whole page is about: loans bought
# from a failed bank whose losses the FDIC shares ("Covered Assets (Changes in Allowance for
# Covered Loan Losses) (Details)", "COVERED LOANS AND FDIC SHARED-LOSS ASSET (Details 4)"), a
# population beside the bank's own ("non-covered") loans, never the book; a title on both, or on
# the loans excluding them, names none
TITLE_POPULATION_RES = (
    (re.compile(r"(?<![-\w])(?<!non )(?<!excluding )(?<!other than )covered\s+(?:loans?|assets)\b", re.I),
     "covered loans"),
)

# the reserves a rollforward's rows may name one by one ("Allowance for credit losses - loans",
# "… - loan commitments", "Total … loans and loan commitments"): the loans' allowance is the
# main population; the reserve for commitments and the two combined are populations of their own
COMMITMENTS_RESERVE = "off-balance-sheet commitments"
COMBINED_RESERVE = "allowance for credit losses on loans and commitments combined"
ACCEPTANCES = "acceptances"
ROW_POPULATIONS: tuple[tuple[str, str], ...] = (
    (r"loans?\s+and\s+(?:loan\s+|unfunded\s+|lending\s+|off[\s-]balance[\s-]sheet\s+)?"
     r"(?:commitments|credit\s+exposures?)", COMBINED_RESERVE),
    (r"(?:unfunded|loan|lending)\s+commitments|off[\s-]balance[\s-]sheet\s+(?:credit\s+)?exposures?|"
     r"unfunded\s+credit|\bunfunded\b|\bAULC\b|\bRUC\b", COMMITMENTS_RESERVE),
    # a Canadian bank's allowance on its acceptances (the customers' liability under bankers'
    # acceptances, recorded against that asset): beside the loans', never theirs
    # ("… on acceptances", "Acceptances"), never a line naming the loans too ("loans and
    # acceptances", "loans, acceptances and commitments": the loans' with them)
    (r"^(?!.*\bloans?\b).*(?:\bon\s+acceptances\b|^\s*acceptances\b)", ACCEPTANCES),
)
ROW_POPULATION_RES = tuple((re.compile(p, re.I), s) for p, s in ROW_POPULATIONS)
# an opening balance restated for a change in accounting ("… (adjusted for change in
# accounting guidance)"): a line inside the period, between the printed opening and the flows
ADJUSTED_BALANCE = re.compile(r"\(\s*(?:as\s+)?adjusted\b|\bas\s+adjusted\b", re.I)
# a heading over the buckets ("Principal receivables balances contractually delinquent:"):
# the lines under it are past due, and its "Total" is the total past due, not a class
DELINQUENT_HEADING = re.compile(r"\b(?:contractually\s+)?(?:delinquent|past[\s-]*due)\s*:\s*$"
                                r"|^(?:delinquent|past[\s-]*due)\s+(?:accounts|loans|receivables)\s*:?\s*$", re.I)
# a heading over line items ("Loan losses:" over charge-offs and recoveries, a bare "Recoveries"
# over the classes' recoveries and their total): no class
LINE_ITEM_HEADING = re.compile(r"^(?:net\s+)?(?:loan\s+|credit\s+)?(?:losses|charge[\s-]*offs?|write[\s-]*offs?|recover(?:y|ies))"
                               r"(?:\s+activity)?\s*:?\s*$|^(?:allowance|reserve)\s+activity\s*:\s*$", re.I)
# a heading row over balance lines that says which end of the period they are
BALANCE_HEADING = re.compile(r"^(?:balances?|allowance)?\s*,?\s*(?:at|as\s+of)?\s*(?:the\s+)?"
                             r"(?P<end>beginning|start|opening|end|ending|closing)\b", re.I)


# --- metrics → disclosure ------------------------------------------------------------------
# the disclosure of each metric a table row can become; guarantee metrics go by their prefix
METRIC_DISCLOSURE: dict[str, str] = {
    PAST_DUE: DELINQUENCY,
    PAST_DUE_TOTAL: DELINQUENCY,
    CURRENT: DELINQUENCY,
    TOTAL_LOANS: DELINQUENCY,
    "nonaccrual": DELINQUENCY,
    "nonaccrual_net": DELINQUENCY,
    "nonaccrual_allowance": DELINQUENCY,
    "past_due_and_nonaccrual": DELINQUENCY,
    "past_due_90_plus": DELINQUENCY,
    PAST_DUE_90_ACCRUING: DELINQUENCY,
    ALLOWANCE_BEGIN: ALLOWANCE,
    ALLOWANCE_END: ALLOWANCE,
    PROVISION: ALLOWANCE,
    WRITE_OFF: ALLOWANCE,
    RECOVERY: ALLOWANCE,
    ALLOWANCE_OTHER: ALLOWANCE,
    NET_WRITE_OFF: ALLOWANCE,
    "allowance_begin_before_adoption": ALLOWANCE,
    "allowance_adoption_adjustment": ALLOWANCE,
    "allowance_begin_adjusted": ALLOWANCE,
    NET_LOANS: OTHER,
}
GUARANTEE_METRICS = frozenset({MAX_EXPOSURE, NET_PAYOUT})  # besides every "guarantee…" metric

# roles the vocabulary recognises but that need a topic to become a metric
UNRESOLVED_ROLES = frozenset({"begin", "end", "released", "net_payout", "max_exposure", "allowance_balance",
                              "interest_income", "memo"})
