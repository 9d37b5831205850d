"""Amount, date and currency parsing in the printed forms invoices and receipts use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.extract.parsing import (
    currency_of,
    find_amounts,
    find_dates,
    infer_date_order,
    infer_decimal_sep,
    parse_amount,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("$ 12", "12"),
        ("12.00 EUR", "12.00"),
        ("-45,00", "-45.00"),
        ("45,00-", "-45.00"),
        ("(45.00)", "-45.00"),
        ("RM 12.50", "12.50"),
        ("15 .387,08", "15387.08"),  # text layers split numbers at the separator
        ("1.234.567", "1234567"),
    ],
)
def test_parse_amount_formats(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_ambiguous_thousands_follow_document_convention() -> None:
    assert parse_amount("1,234", decimal_sep=".") == Decimal("1234")
    assert parse_amount("1,234", decimal_sep=",") == Decimal("1.234")
    assert infer_decimal_sep(["Total 1.234,56", "MwSt 19,00"]) == ","
    assert infer_decimal_sep(["Total 1,234.56", "Tax 9.00"]) == "."


def test_amount_currency_and_percent() -> None:
    found = find_amounts("USt. 19% 198,00 37,62 €")
    assert [a.value for a in found] == [Decimal("198.00"), Decimal("37.62")]
    assert found[-1].currency == "EUR"
    assert find_amounts("RM 12.50")[0].currency == "MYR"
    assert currency_of("£") == "GBP" and currency_of("chf") == "CHF" and currency_of("xyz") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.03.2024", date(2024, 3, 31)),
        ("31/03/2024", date(2024, 3, 31)),
        ("03/31/2024", date(2024, 3, 31)),
        ("2024-03-31", date(2024, 3, 31)),
        ("31 Mar 2024", date(2024, 3, 31)),
        ("March 31, 2024", date(2024, 3, 31)),
        ("31. März 2024", date(2024, 3, 31)),
        ("3 janvier 2020", date(2020, 1, 3)),
        ("12-01-19", date(2019, 1, 12)),
        ("20180304", date(2018, 3, 4)),
        ("25/12/20188:13:39PM", date(2018, 12, 25)),  # OCR glued the time to the year
    ],
)
def test_parse_date_formats(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_date_order_from_document() -> None:
    assert parse_date("03/04/2024", order="MDY") == date(2024, 3, 4)
    assert parse_date("03/04/2024", order="DMY") == date(2024, 4, 3)
    assert infer_date_order(["Date 12/28/2017", "due 01/02/2018"]) == "MDY"
    assert infer_date_order(["Datum 28.12.2017"]) == "DMY"
    assert infer_date_order(["01/02/2018"], us_hint=True) == "MDY"
    assert find_dates("03/04/2024")[0].ambiguous


def test_product_codes_are_not_dates() -> None:
    assert find_dates("HC03-7-15") == []
    assert parse_date("no date here 12345") is None


def test_a_comma_after_a_date_ends_it_but_a_decimal_comma_does_not() -> None:
    """Payment terms list several dates: "netto bis 04.04.2013, 3% Skonto bis 15.03.2013"."""
    found = find_dates("Zahlbar netto bis 04.04.2013, 3% Skonto innerhalb 10 Tagen bis 15.03.2013", "DMY")
    assert [d.value for d in found] == [date(2013, 4, 4), date(2013, 3, 15)]
    assert find_dates("Betrag 04.04.2013,50", "DMY") == []  # not a date: digits go on after the comma
