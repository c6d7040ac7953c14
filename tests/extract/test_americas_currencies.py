"""Canadian, Brazilian and Colombian filers name their currency in the table's unit heading:
"(thousands of Canadian dollars)" (a Canadian lender's 6-K, EDGAR 1690639, 2023), "Thousand of
Reais" (a Brazilian bank's 20-F, EDGAR 1471055, 2024), "In millions of COP" (a Colombian bank's
20-F, EDGAR 1071371, 2020). Before, the first was read as US dollars at scale 1, the others with
no currency. A bare "$" stays the US dollar."""

from __future__ import annotations

from dashboard.model.units import currency_in, scale_statements


def test_unit_headings_that_name_the_currency() -> None:
    assert scale_statements("(thousands of Canadian dollars)") == {"CAD": 1000}
    assert scale_statements("(Millions of\nCanadian dollars)") == {"CAD": 1_000_000}
    assert scale_statements("Thousand of Reais") == {"BRL": 1000}
    assert scale_statements("In millions of COP") == {"COP": 1_000_000}
    assert currency_in("(thousands of Canadian dollars)") == "CAD"
    assert currency_in("Thousand of Reais") == "BRL"
    assert currency_in("$ 2,776,126") == "USD"


def test_currency_words_are_whole_words() -> None:
    assert currency_in("SCOPE OF CADENCE") == ""
