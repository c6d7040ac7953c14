"""What a sentence of a filing's running text states: the patterns that make a figure in a
sentence a fact ("the maximum potential amount of future payments … was RMB …", "$34.7 million
of standby letters of credit", "charge-offs of …"), each with its disclosure, metric and kind."""

from __future__ import annotations

import re

from dashboard.model.schema import ALLOWANCE, DELINQUENCY, GUARANTEE, OTHER

# --- narrative sentences: (pattern, disclosure, metric, kind) ----------------------------
# kind: "instant" (as of a date) or "duration" (for a year). Ordered by specificity.
SENTENCE_METRICS: tuple[tuple[str, str, str, str], ...] = (
    (r"maximum\s+(potential|amount)[^.]{0,80}?(future\s+payments?|exposure)|maximum\s+exposure|"
     r"maximum\s+(aggregate\s+|potential\s+|undiscounted\s+)+(amount\s+of\s+)?(exposure|future\s+payments?)",
     GUARANTEE, "max_exposure", "instant"),
    # the contract amount of standby letters of credit is the most the guarantor can be made to
    # pay (ASC 460): "$34.7 million and $34.6 million of standby letters of credit at …", the
    # phrase straight after the amounts, not a part of them (collateralised, expiring, issued),
    # nor letters of credit the filer obtained rather than wrote (the FHLB's pledged to secure
    # public deposits, ones under its own credit agreement or on its behalf) nor some of them
    # (related to one borrower)
    (r"(?:(?<=\d )|(?<=thousand )|(?<=million )|(?<=billion ))(?:of|in)\s+(?:outstanding\s+)?(?:financial\s+|performance\s+)?"
     r"standby\s+letters?\s+of\s+credit\b(?!\s+(?:and|or)\b)"
     r"(?![^.;]*\b(?:collateral|secur|expir|issued|drawn|funded|matur|fees?|liabilit|carrying|fair\s+value"
     r"|pledg|obtain|fhlb|federal\s+home\s+loan|credit\s+(?:agreement|facilit)|revolv|on\s+(?:our|its|their)\s+behalf"
     r"|related\s+to|beneficiar|in\s+favou?r\s+of)\w*)",
     GUARANTEE, "max_exposure", "instant"),
    # a lender's guarantee of the loans it facilitates: the most it can pay is the loans it covers
    (r"\b(?:contractual|outstanding|principal)\s+(?:amounts?|balances?)\s+of\s+(?:the\s+)?(?:outstanding\s+)?"
     r"loans\s+subject\s+to\s+(?:the\s+)?guarantee", GUARANTEE, "max_exposure", "instant"),
    (r"net\s+non[\s-]?accrual", DELINQUENCY, "nonaccrual_net", "instant"),
    (r"non[\s-]?accrual", DELINQUENCY, "nonaccrual", "instant"),
    (r"charged[\s-]*off|charge[\s-]*offs?|written[\s-]*off|write[\s-]*offs?", ALLOWANCE, "write_off", "duration"),
    (r"recoveries", ALLOWANCE, "recovery", "duration"),
    (r"provision|reversal\s+of\s+credit\s+loss|credit\s+loss\s+expense", ALLOWANCE, "provision", "duration"),
    (r"allowance\s+for\s+(credit|loan|doubtful)", ALLOWANCE, "allowance_end", "instant"),
    (r"past\s+due\s+(for\s+)?more\s+than\s+90|over\s+90\s+days", DELINQUENCY, "past_due_90_plus", "instant"),
    (r"accrued\s+interest\s+receivables?", OTHER, "accrued_interest_receivable", "instant"),
)
SENTENCE_METRIC_RES = tuple((re.compile(p, re.I), d, m, k) for p, d, m, k in SENTENCE_METRICS)
