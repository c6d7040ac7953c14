"""What a sentence of a filing's running text states: the patterns that make a figure in a
sentence a fact ("the maximum potential amount of future payments … was RMB …", "$34.7 million
of standby letters of credit", "charge-offs of …"), each with its disclosure, metric and kind."""

from __future__ import annotations

import re

from dashboard.model.schema import ALLOWANCE, DELINQUENCY, GUARANTEE, OTHER

# what follows letters of credit when they are not all the filer wrote: a part of them
# (collateralised, expiring, drawn), another measure (fees, the liability carried), ones it
# obtained rather than wrote (the FHLB's pledged to secure public deposits, ones under its own
# credit agreement or on its behalf) or some of them (related to one borrower)
_NOT_ALL_WRITTEN_WORDS = (
    r"collateral|secur|expir|issued|drawn|funded|matur|fees?|liabilit|carrying|fair\s+value"
    r"|pledg|obtain|fhlb|federal\s+home\s+loan|credit\s+(?:agreement|facilit)|revolv|on\s+(?:our|its|their)\s+behalf"
    r"|related\s+to|beneficiar|in\s+favou?r\s+of")
# the rest of the clause, read past an amount's decimal point ("$8.2 million") to the sentence's end
_REST_OF_CLAUSE = r"(?:[^.;]|\.(?=\d))*"
_NOT_ALL_WRITTEN = rf"(?!{_REST_OF_CLAUSE}\b(?:{_NOT_ALL_WRITTEN_WORDS})\w*)"

# the filer as the subject of "guaranteed", straight before the amount: "we have guaranteed
# $10.7 million", "the Company guaranteed approximately $5 million"
FILER_GUARANTEED_VERB = (r"\b(?:we|the\s+(?:company|bank|group|corporation|partnership))\s+(?:(?:have|has|had)\s+)?"
                         r"guaranteed\s+")
# what follows the amount the filer guaranteed when it is not others' obligations it answers for:
# its own group's borrowing (a subsidiary's notes, FHLB advances, a credit facility: debt the
# balance sheet carries), or what follows letters of credit that are not all written (a part of
# them, another measure, ones obtained)
_NOT_OTHERS_GUARANTEED = (rf"(?!{_REST_OF_CLAUSE}\b(?:" + _NOT_ALL_WRITTEN_WORDS
                          + r"|notes?|debentures?|bonds?|debt|indebtedness|borrowings?|advances?|commercial\s+paper"
                          r"|subsidiar|wholly[\s-]+owned)\w*)")
# the filer naming the amount it guaranteed of others' obligations
FILER_GUARANTEED = (FILER_GUARANTEED_VERB + r"(?=(?:approximately\s+|about\s+)?(?:US|U\.S\.)?\$\s?\d)"
                    + _NOT_OTHERS_GUARANTEED)

# --- narrative sentences: (pattern, disclosure, metric, kind) ----------------------------
# kind: "instant" (as of a date) or "duration" (for a year). Ordered by specificity.
SENTENCE_METRICS: tuple[tuple[str, str, str, str], ...] = (
    (r"maximum\s+(potential|amount)[^.]{0,80}?(future\s+payments?|exposure)|maximum\s+exposure|"
     r"maximum\s+(aggregate\s+|potential\s+|undiscounted\s+)+(amount\s+of\s+)?(exposure|future\s+payments?)",
     GUARANTEE, "max_exposure", "instant"),
    # "the maximum amount payable under the loan guarantees was $0.9 million": under guarantees
    # only (an earn-out's or a contract's maximum amount payable is no guarantee)
    (r"maximum\s+(?:potential\s+)?amounts?\s+(?:that\s+(?:could|would|may|might)\s+be\s+)?payable\s+under\s+"
     r"(?:the\s+|these\s+|those\s+|such\s+|our\s+|its\s+)?(?:[\w-]+\s+){0,3}?guarantees?\b",
     GUARANTEE, "max_exposure", "instant"),
    # a loss-sharing lender's "26% and 16% of the $5.6 billion maximum loss was for properties
    # located in …": the most it can lose under its guarantee (the shares are no amounts). Not an
    # insurer's probable maximum loss on a catastrophe, a trading book's value at risk, nor a
    # variable interest's maximum loss from an investment (ASC 810)
    (r"(?<!probable\s)maximum\s+(?:potential\s+)?loss\b(?!\s+exposure\s+from\s+invest)"
     r"(?![^.;]*\b(?:value[\s-]+at[\s-]+risk|var|trading|confidence|variable\s+interests?|vies?|unconsolidated"
     r"|catastroph\w*|invest\w*|equity)\b)",
     GUARANTEE, "max_exposure", "instant"),
    # the contract amount of standby letters of credit is the most the guarantor can be made to
    # pay (ASC 460): "$34.7 million and $34.6 million of standby letters of credit at …", the
    # phrase straight after the amounts, not a part of them nor ones the filer obtained
    (r"(?:(?<=\d )|(?<=thousand )|(?<=million )|(?<=billion ))(?:of|in)\s+(?:outstanding\s+)?(?:financial\s+|performance\s+)?"
     r"standby\s+letters?\s+of\s+credit\b(?!\s+(?:and|or)\b)" + _NOT_ALL_WRITTEN,
     GUARANTEE, "max_exposure", "instant"),
    # the phrase straight before the amount: "standby letters of credit of $8.2 million"
    (r"\bstandby\s+letters?\s+of\s+credit\s+(?:outstanding\s+)?(?:of|totall?ing|amounting\s+to|approximating)\s+"
     r"(?:approximately\s+|about\s+)?(?=(?:US)?\$\s?\d)" + _NOT_ALL_WRITTEN,
     GUARANTEE, "max_exposure", "instant"),
    # the most a guarantor can be made to pay, named by what it guarantees: "the aggregate maximum
    # amount of residual values guaranteed … totaled $7 million", "The aggregate maximum guarantee
    # under these three lease arrangements is $147 million" (not a guarantee the filer is given:
    # "guaranteed by", nor a contract's or a fee's name)
    (r"\bmaximum\s+(?:aggregate\s+)?amounts?\s+(?:of\s+(?:[\w-]+\s+){0,4}?)?guaranteed\b(?!\s+by\b)"
     r"|\baggregate\s+maximum\s+guarantees?\b(?!\s+(?:contracts?|agreements?|fees?|periods?)\b)"
     r"|\bmaximum\s+guarantees?\s+under\b",
     GUARANTEE, "max_exposure", "instant"),
    # the filer naming the amount it guarantees: "the aggregate residual value … was $13.7 million,
    # of which we have guaranteed $10.7 million" (the amount straight after the verb; what it is
    # a part of is not guaranteed, see extract.guaranteed_share)
    (FILER_GUARANTEED, GUARANTEE, "max_exposure", "instant"),
    # a lender's guarantee of the loans it facilitates: the most it can pay is the loans it covers
    (r"\b(?:contractual|outstanding|principal)\s+(?:amounts?|balances?)\s+of\s+(?:the\s+)?(?:outstanding\s+)?"
     r"loans\s+subject\s+to\s+(?:the\s+)?guarantee", GUARANTEE, "max_exposure", "instant"),
    (r"net\s+non[\s-]?accrual", DELINQUENCY, "nonaccrual_net", "instant"),
    (r"non[\s-]?accrual", DELINQUENCY, "nonaccrual", "instant"),
    # "recoveries of amounts previously written off": what was written off earlier qualifies the
    # recoveries; the words name no write-off of the period
    (r"(?<!previously\s)(?:charged[\s-]*off|charge[\s-]*offs?|written[\s-]*off|write[\s-]*offs?)", ALLOWANCE, "write_off", "duration"),
    (r"recoveries", ALLOWANCE, "recovery", "duration"),
    (r"provision|reversal\s+of\s+credit\s+loss|credit\s+loss\s+expense", ALLOWANCE, "provision", "duration"),
    (r"allowance\s+for\s+(credit|loan|doubtful)", ALLOWANCE, "allowance_end", "instant"),
    (r"past\s+due\s+(for\s+)?more\s+than\s+90|over\s+90\s+days", DELINQUENCY, "past_due_90_plus", "instant"),
    (r"accrued\s+interest\s+receivables?", OTHER, "accrued_interest_receivable", "instant"),
)
SENTENCE_METRIC_RES = tuple((re.compile(p, re.I), d, m, k) for p, d, m, k in SENTENCE_METRICS)

# "Outstanding letters of credit were $90,120 as of …": letters of credit, standby or not, the
# whole subject of a sentence that does not say whose they are. A bank's are its guarantees, a
# borrower's (under its credit facility) are not: the pattern counts only in a paragraph that
# says the filer wrote them for its clients (LETTERS_WRITTEN_FOR_CLIENTS)
LETTERS_OF_CREDIT_SUBJECT = re.compile(
    r"(?:^|,)\s*(?:the\s+)?(?:total\s+)?(?:outstanding\s+(?:standby\s+)?letters?\s+of\s+credit"
    r"|(?:standby\s+)?letters?\s+of\s+credit\s+outstanding)\s*(?=(?:were|was|totall?ed|amounted\s+to)\b|$)"
    + _NOT_ALL_WRITTEN, re.I)
# "Standby Letters of Credit obligate the Bank to meet certain financial obligations of its
# clients", "letters of credit are conditional commitments issued by the Company to guarantee
# the performance of a customer": the filer wrote them, for others (not "the Company's banks")
LETTERS_WRITTEN_FOR_CLIENTS = re.compile(
    r"letters?\s+of\s+credit\b[^.]{0,120}?\b(?:obligates?|commits?|requires?)\s+(?:the\s+)?"
    r"(?:bank|company|corporation|group|us)\b(?!['’]s)[^.]{0,120}?\b(?:its|our|a|the)\s+(?:clients?|customers?)\b"
    r"|letters?\s+of\s+credit\b[^.]{0,80}?\b(?:issued|written)\s+by\s+(?:the\s+)?(?:bank|company|corporation|group|us)\b(?!['’]s)"
    r"[^.]{0,120}?\b(?:its|our|a|the)\s+(?:clients?|customers?)\b", re.I)
