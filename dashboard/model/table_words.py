"""How tables word their parts: where a column starts in a header broken across lines, header
noise, durations, titles' kinds, whole rows and columns, subtotals, balance labels, and the
headings over loan balances, allowances, abstracts and reserves."""

import re

# where a column starts in a header whose cells a rendering broke across lines
COLUMN_START = re.compile(
    r"(?:recorded\s+investment\s+)?(?:(?:>|over|more\s+than|greater\s+than)\s*)?\d{1,3}\s+days?\s+"
    r"(?:or\s+(?:more|greater)\s+)?(?:past\s+due\s+)?and\s+(?:still\s+)?accruing|"
    r"\d{1,3}\s*(?:-|–|to)\s*\d{1,3}(?!\d)|(?:over|more\s+than|greater\s+than|>)\s*\d{1,3}|\d{1,3}\s*\+"
    r"|\b\d{1,3}\s+days?\s+(?:or|and)\s+(?:more|over|greater|above)|\b\d{1,3}\s+days?\b"
    r"|total\s+(?:amount\s+)?(?:of\s+)?past\s*due|total\s+loans?(?:\s+receivables?)?|total\s+delinquent"
    r"|\btotal\b|\bcurrent\b|not\s+past\s+due|nonaccrual|non-accrual",
    re.I,
)
# currency words in a header that name no column
HEADER_NOISE = re.compile(r"\((?:RMB|US\$|USD|CNY|\$|¥)\)|\bRMB\b|\bUS\$|\bUSD\b|\bCNY\b|¥|\$", re.I)
# one currency word per column ("RMB RMB US$": a convenience translation)
HEADER_CURRENCY = re.compile(r"US\$|HK\$|\bRMB\b|\bUSD\b|\bCNY\b|\bHKD\b|¥")
# words that continue a column's name, never a group heading
COLUMN_WORDS = re.compile(r"\b(?:days?|due|past|accruing|investment|receivables?|loans?|financing|amount|"
                          r"balance|outstanding|recorded|delinquent|thousands|millions)\b", re.I)
# "Three Months … Six Months Ended" over the columns
DURATION_WORD = re.compile(r"\b(\d{1,2}|three|six|nine|twelve)\s+months?\b", re.I)
# the page kind in an R page's title; what follows names its population
TITLE_KIND = re.compile(r"\((?:Details?|Tables|Narrative|Policies)[^)]*\)\s*-\s*(.+)$")

# the whole portfolio: a "Total" row or column, and a group subtotal column ("Total Commercial")
# the closing balance split by how it was measured ("Ending balance: related to loans
# individually evaluated for impairment"): a part of the closing balance, never the balance
BY_METHOD_END = re.compile(r"^(?:ending|closing)\s+balances?\b.*\b(?:individually|collectively)\s+evaluated\b", re.I)
WHOLE_ROW = re.compile(r"^total(?:\s+(?:gross\s+)?(?:loans?|financing\s+receivables?|receivables?|portfolio"
                       r"|loans?\s+(?:and\s+leases|receivables?)))?$", re.I)
WHOLE_COLUMN = re.compile(r"^(?:total(?:\s+(?:loans?(?:\s+and\s+leases)?|portfolio|allowance|acl|alll|"
                          r"financing\s+receivables?|receivables?))?|consolidated|all\s+(?:loans|segments|portfolios?))$",
                          re.I)
# a column headed by the measure it prints ("Amount" beside "As a Percent of Gross Loans", a
# rollforward's lone "Amount" column) names no sub-population: it is the whole's
MEASURE_COLUMN = re.compile(r"^(?:amounts?|dollar\s+amounts?)$", re.I)
# a column of each line's share of a total ("As a Percent of Gross Loans", "% of Total") beside
# the amounts: a ratio, never a sub-population's amount
SHARE_COLUMN = re.compile(r"^(?:as\s+an?\s+)?(?:percent(?:age)?|%)\s+of\b", re.I)
# a line that is a total of its own ("Total", "Total commercial", "Total loans, net")
TOTAL_LINE = re.compile(r"^\s*total\b", re.I)
# a line summing the lines above it, named as a total or a subtotal ("Subtotal" of the classes
# before the deductions): which sum it is, the arithmetic says
SUM_LINE = re.compile(r"^\s*(?:sub-?\s*)?total\b", re.I)
SUBTOTAL_COLUMN = re.compile(r"^total\s+(?P<group>.+)$", re.I)

# a loan balance row under an aging member ("PCI loans", "Recorded investment")
BALANCE_LABEL = re.compile(r"^(?:total\s+)?(?:[A-Z]{2,5}\s+)?(?:gross\s+)?(?:loans?|(?:loans?\s+)?receivables?|financing\s+receivables?|"
                           r"recorded\s+investment|loans?\s+and\s+leases|outstanding\s+balance)(?:,\s*gross)?$"
                           # "Secured loans – principal": the loans' principal balance
                           r"|^(?:\w+\s+)?(?:loans?|receivables?)\s*(?:[–-]|,)?\s*principal$", re.I)
# a heading over lines that are a balance other than the allowance, in a table that rolls the
# allowance forward ("Loans:" over "Ending balance: individually evaluated …"): the loans'
# balance by impairment method, never the allowance ("FFELP Loans" names a class: not matched)
LOAN_BALANCE_HEADING = re.compile(
    r"^(?:total\s+)?(?:gross\s+)?(?:loans?(?:\s*(?:and|&)\s*leases)?(?:\s+receivables?)?|"
    r"recorded\s+investments?(?:\s+in\s+(?:loans?|leases|financing\s+receivables?)(?:\s*(?:and|&)\s*leases)?)?|"
    r"financing\s+receivables?|loans?\s+(?:balances?|outstanding)|amortized\s+cost(?:\s+basis)?)\s*:?$", re.I)
# a heading that names a book of the loans by how the bank came to hold it or who shares its
# losses ("Loans not covered by FDIC loss share agreements (note 2)", "Loans acquired in business
# combinations"): a sub-population however many words it takes
BOOK_HEADING = re.compile(r"^(?:total\s+)?loans?\s+(?:(?:not|that\s+are\s+not)\s+)?(?:covered|acquired|originated|"
                          r"purchased)\b[^.;:]{0,80}:?$", re.I)
# a heading that names the allowance itself ("Allowance for loan losses:", "Allowance", "ACL")
ALLOWANCE_HEADING = re.compile(r"\b(?:allowances?|reserves?|acl|alll)\b", re.I)
# a heading that only groups the rows under it ("… allocated to:", "[Roll Forward]")
# ("Other delinquency statistics:" heads measures of the same loans, not a class of them)
# ("Deduct:", "Less:", "Add (less):", "Deduct (add):" head the lines added to or taken off the loans: no class of them)
ABSTRACT_HEADING = re.compile(r"\b(?:allocated\s+to|by\s+\w+\s+status|changes\s+in|roll\s*forward|line\s+items|"
                              r"statistics|abstract)\b.*:?\s*$|\[(?:roll\s*forward|line\s+items|abstract)\]"
                              r"|^\s*(?:(?:add|plus)\s*[/(\[\s]*)?\(?(?:less|deduct(?:ions?)?)\)?\]?"
                              r"(?:\s*[/(\[\s]*(?:add|plus)\s*[)\]]?)?\s*:?\s*$"
                              # "Comprising:", "Of which:" head the parts of the line above it (its gross
                              # amount and allowance): the same book, no class of it
                              r"|^\s*(?:comprising|consisting\s+of|of\s+which|made\s+up\s+of)\s*:?\s*$", re.I)
# a heading over the lines taken off a total ("Less:", "Deduct:", "Add (less):"): no class of the loans
DEDUCTION_HEADING = re.compile(r"^\s*(?:(?:add|plus)\s*[/(\[\s]*)?\(?(?:less|deduct(?:ions?)?)\)?\]?"
                               r"(?:\s*[/(\[\s]*(?:add|plus)\s*[)\]]?)?\s*:?\s*$", re.I)
# XBRL concepts that only head a group of rows (a roll forward, an abstract): never a figure
HEADING_CONCEPTS = ("rollforward", "abstract", "[roll forward]", "[abstract]")
# one reserve of several stacked in a table ("Reserve for unfunded commitments:")
# ("Year-To-Date Allowance for Credit Losses:" is the one reserve, over the year's lines)
RESERVE_HEADING = re.compile(r"^(?:(?:year|quarter|month)[\s-]+to[\s-]+date\s+)?(?:the\s+)?"
                             r"(?:allowance|reserve|liability)\s+for\s+[^.;]{3,80}?\s*:?\s*$", re.I)
# a member that names the loans apart from the reserve for commitments ("Loans Excluding Unfunded
# Commitments"): its rollforward is the loans' allowance, the table's unheaded rows the two reserves'
LOANS_ALONE = re.compile(r"^(?:total\s+)?(?:loans?|financing\s+receivables?)(?:\s+(?:and|&)\s+leases)?\s*,?\s*"
                         r"(?:excluding|excl\.?|exclusive\s+of|other\s+than|without)\s+(?:the\s+)?"
                         r"(?:unfunded|off[\s-]balance[\s-]sheet|lending|loan)\b[\w\s-]*$", re.I)

# the instruments whose contract amount is the maximum potential amount of future payments
# (ASC 460): standby letters of credit and financial or performance guarantees; a line that also
# names a loan commitment or a commercial letter of credit (no guarantee) is not one of them
GUARANTEE_TYPE = re.compile(r"\bstandby\s+letters?\s+of\s+credit\b|\b(?:financial|performance)\s+guarantees?\b", re.I)
NOT_GUARANTEE = re.compile(r"\bcommercial\b|\bcommitments?\b|\bunused\b|\bunfunded\b|\blines?\s+of\s+credit\b"
                           r"|\bliabilit(?:y|ies)\b|\bcarrying\b|\bfair\s+value\b|\bfees?\b", re.I)
STANDBY = re.compile(r"\bstandby\s+letters?\s+of\s+credit\b", re.I)
# a commitment to lend ("Commitments to extend credit", "… to make additional advances", "… for
# unused lines of credit", "… to invest in mortgage loans"): the table is a lender's
LENDING_COMMITMENT = re.compile(r"\bcommitments?\s+(?:to|for)\s+(?:[\w-]+\s+){0,3}?(?:credit|loans?|advances|mortgages?)\b",
                                re.I)
# letters of credit the filer obtained (pledged for it, from a Federal Home Loan Bank, on its
# behalf) or only some of them (secured, related to one borrower)
OBTAINED = re.compile(r"\b(?:behalf|pledg\w*|obtain\w*|fhlb|federal\s+home\s+loan|secur\w*|collateral\w*"
                      r"|related\s+to|beneficiar\w*|in\s+favou?r\s+of)\b", re.I)
