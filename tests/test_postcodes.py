"""The one postcode reader the address readers share: the forms invoices print, and numbers that are not one."""

from __future__ import annotations

import pytest

from pipeline.extract.postcodes import POSTCODE, POSTCODE_WITH_TOWN


@pytest.mark.parametrize(
    "line",
    [
        "10115 Berlin",
        "F-75011 Paris",
        "47301 Petaling Jaya, Selangor",
        "1012 AB Amsterdam",
        "Denver, CO 80202",
        "Bristol BS1 5TR",
        "Dublin D02 X285",
        "Cork T12 RX91",
        "Singapore 238859",
    ],
)
def test_the_printed_forms_are_postcodes(line: str) -> None:
    assert POSTCODE.search(line) and POSTCODE_WITH_TOWN.search(line)


@pytest.mark.parametrize(
    "line", ["Order 238859", "Total 12.50", "Invoice INV-20231", "Page 1 of 2", "Ref A12 B456"]
)
def test_ids_and_amounts_are_not(line: str) -> None:
    assert not POSTCODE.search(line) and not POSTCODE_WITH_TOWN.search(line)


@pytest.mark.parametrize(
    "text",
    [
        "758 38 Uppsala",
        "50-405 Wrocław",
        "4971-549 Porto",
        "Calgary AB T2P 2T7",
        "Bengaluru, Karnataka 560010",
    ],
)
def test_split_canadian_and_indian_postcodes(text: str) -> None:
    assert POSTCODE.search(text) and POSTCODE_WITH_TOWN.search(text)


@pytest.mark.parametrize("text", ["Tel 08-462 90 35", "NIP: 269-356-68-20", "Order 123456"])
def test_phone_and_id_digits_are_no_postcode(text: str) -> None:
    assert not POSTCODE.search(text)
