"""What a reviewer types becomes the right typed value, or a clear refusal (pure functions, no server)."""

from __future__ import annotations

import pytest

from pipeline.review.corrections import checked_value, input_kind, parse_input, parse_money
from pipeline.store.queue import ReviewError
from schemas import Invoice, Receipt


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,50 €", "1234.50"),
        ("1,234.50", "1234.50"),
        ("EUR 12,5", "12.5"),
        ("-5.00", "-5.00"),
        ("1'234.50", "1234.50"),
    ],
)
def test_amounts_in_common_notations(typed, expected):
    assert parse_money(typed) == expected


@pytest.mark.parametrize("typed", ["12 oops", "abc", "1.2.3,4", "€", "--5"])
def test_things_that_are_not_amounts_are_refused(typed):
    with pytest.raises(ReviewError, match="not an amount"):
        parse_money(typed)


def test_input_kinds_follow_the_schema():
    assert [input_kind(Invoice, n) for n in ("total", "invoice_date", "vendor_name", "line_items")] == [
        "money",
        "date",
        "text",
        "list",
    ]
    assert input_kind(Receipt, "date") == "date"


def test_schema_rejects_bad_values_with_its_message():
    assert checked_value(Invoice, "currency", {}, parse_input("text", " eur ")) == "EUR"
    with pytest.raises(ReviewError, match="ISO 4217"):
        checked_value(Invoice, "currency", {}, "XYZ")
    with pytest.raises(ReviewError, match="YYYY-MM-DD"):
        parse_input("date", "2024-13-45")
    with pytest.raises(ReviewError, match="line_items"):
        checked_value(Invoice, "line_items", {}, parse_input("list", '[{"amount": "ten"}]'))
    assert parse_input("money", "  ") is None  # emptied field = no value
