"""The one postcode reader the address readers share: the forms invoices print, and numbers that are not one."""

from __future__ import annotations

import pytest

from pipeline.extract.postcodes import POSTCODE, POSTCODE_WITH_TOWN, repair_postcodes


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
        "01310-100 São Paulo",
        "Calgary AB T2P 2T7",
        "Bengaluru, Karnataka 560010",
    ],
)
def test_split_canadian_and_indian_postcodes(text: str) -> None:
    assert POSTCODE.search(text) and POSTCODE_WITH_TOWN.search(text)


@pytest.mark.parametrize("text", ["Tel 08-462 90 35", "NIP: 269-356-68-20", "Order 123456"])
def test_phone_and_id_digits_are_no_postcode(text: str) -> None:
    assert not POSTCODE.search(text)


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("7 Castle Street, York Y01 9RT", "7 Castle Street, York YO1 9RT"),  # no UK area is "Y" alone
        ("Harbour Road, Portsmouth P01 3AB", "Harbour Road, Portsmouth PO1 3AB"),
        ("12 Queen St, Toronto, 0N M4B 1B3", "12 Queen St, Toronto, ON M4B 1B3"),  # Ontario before its code
        ("Ottawa, ON K1A OB1", "Ottawa, ON K1A 0B1"),  # a Canadian code's digit places hold no O
        ("85 Main St, Manchester Ml lAE", "85 Main St, Manchester M1 1AE"),  # a UK code's digits read as l, L
        ("63 High Street, Manchester M1 LAE", "63 High Street, Manchester M1 1AE"),
        ("Leeds LSl 5PS.", "Leeds LS1 5PS."),
        ("47 Maple Dr, Columbus, CH 43253", "47 Maple Dr, Columbus, OH 43253"),  # no state is CH; one is OH
        ("Denver, C0 80202", "Denver, CO 80202"),
        (
            "Jalan Klang Lama, 4600D Petaling Jaya",
            "Jalan Klang Lama, 46000 Petaling Jaya",
        ),  # five digits, one a D
        ("Hauptstr. 5, O1067 Dresden", "Hauptstr. 5, 01067 Dresden"),
    ],
)
def test_a_zero_read_for_a_postcodes_letter_o_is_mended(read: str, meant: str) -> None:
    assert repair_postcodes(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Bristol BS1 5TR",
        "Sheffield S1 2HE",
        "Room Y01",
        "Unit QX1 LAB",
        "Manchester M1 1AE, United Kingdom",
        "Calgary, AB T2P 1F1",
        "Order C0123 4AB-X",
        "0N 12",
    ],
)
def test_postcodes_and_codes_that_are_no_slip_are_left_as_read(text: str) -> None:
    assert repair_postcodes(text) == text


def test_an_ocr_address_gets_its_postcode_mended_and_a_text_layers_keeps_the_print() -> None:
    from pipeline.document import TextSource
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Receipt
    from tests.test_extract_layout import doc, line

    rows = [line("CORNER SHOP", 100, 20), line("12 Market Square", 100, 36), line("York Y01 4HA", 100, 52)]
    rows += [line("Milk 1.20", 40, 120), line("TOTAL 1.20", 40, 140)]
    scanned = RulesExtractor().extract(doc(*rows), Receipt).fields["merchant_address"]
    assert scanned.value.endswith("YO1 4HA") and scanned.evidence.text.endswith("Y01 4HA")
    for ln in rows:
        ln.source = TextSource.TEXT_LAYER
    assert RulesExtractor().extract(doc(*rows), Receipt).fields["merchant_address"].value.endswith("Y01 4HA")


def test_a_uk_postcode_mended_from_look_alikes_is_still_found_on_the_page() -> None:
    from pipeline.validate import DocumentIndex, Grounded
    from tests.test_validate_grounding import make_doc

    index = DocumentIndex(make_doc(["Brenmoor Ltd", "63 High Street", "Manchester M1 LAE"]))
    value = repair_postcodes("63 High Street, Manchester M1 LAE")
    assert value == "63 High Street, Manchester M1 1AE"
    assert Grounded().locate(index, "vendor_address", value)
