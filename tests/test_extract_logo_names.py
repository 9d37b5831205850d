"""A letterhead whose name is a logo: its slogan, its street line and the name's own slips are no other name.

Hand-built OCR-like receipts (the helpers of test_extract_parties): the chains that print their name as a picture
leave a slogan and the address as the top text lines, and neither may stand in for the name.
"""

from __future__ import annotations

from pipeline.extract.letterhead import is_address_like, opens_with_street
from pipeline.extract.line_kinds import SLOGAN
from pipeline.extract.name_text import repair_name, tidy
from schemas import Receipt
from tests.test_extract_parties import centred, doc, fields, receipt_body


def test_a_slogan_is_told_from_a_name() -> None:
    for slogan in (
        "More saving.",
        "More doing.",
        "Expect more. Pay less.",
        "Thank you!",
        "Save money. Live better.",
    ):
        assert SLOGAN.match(slogan), slogan
    for name in ("Walgreens.", "Acme Co.", "THANK YOU", "Joe's Pizza.", "The Corner Shop", "Kedai Maju S/B"):
        assert not SLOGAN.match(name), name


def test_under_a_logo_the_slogan_is_no_name_and_the_address_begins_on_its_street_line() -> None:
    d = doc(
        centred("More saving.", 20, 14),
        centred("More doing.", 38, 14),
        centred("2250 SOUTHGATE RD, DENVER, CO", 80),
        centred("Ph: 303-555-0199", 94),
        *receipt_body(130),
    )
    found = fields(d, Receipt)
    assert found.get("merchant") is None  # the name is the picture: a person reads it
    address = found["merchant_address"]
    assert address is not None and address.value == "2250 SOUTHGATE RD, DENVER, CO"


def test_a_malay_street_line_is_address_not_the_name_over_it() -> None:
    assert is_address_like("22 LRG PERUSAHAAN 4") and opens_with_street("12 Jalan Kenari 5")
    assert not is_address_like("99 SPEED MART") and not opens_with_street("7 ELEVEN")
    d = doc(
        centred("SUNFISH", 20, 12),
        centred("22 LRG PERUSAHAAN 4", 36),
        centred("KIMPAL INDS. PARK B.CAVES", 50),
        centred("TEL: 03-1234 5678", 64),
        *receipt_body(100),
    )
    found = fields(d, Receipt)
    assert found["merchant"].value == "SUNFISH"
    assert found["merchant_address"].value == "22 LRG PERUSAHAAN 4 KIMPAL INDS. PARK B.CAVES"


def test_a_bracket_read_as_a_brace_a_first_capital_set_apart_and_an_irish_o_read_as_zero() -> None:
    assert tidy("BEMED (SP} SDN. BHD.") == "BEMED (SP) SDN. BHD."
    assert tidy("MAJU {M) SDN BHD") == "MAJU (M) SDN BHD"
    assert tidy("Set {A} B") == "Set {A} B"  # braces printed as a pair stay
    assert repair_name("W algreens") == "Walgreens"
    assert repair_name("A store") == "A store" and repair_name("J Crew") == "J Crew"  # a word; an initial
    assert repair_name("W ALGREENS") == "W ALGREENS"
    assert (
        repair_name("0'BRIEN BAKERY") == "O'BRIEN BAKERY"
        and repair_name("Newsagent 0'Neill") == "Newsagent O'Neill"
    )
    assert repair_name("Bar 0'5") == "Bar 0'5"


def test_an_invoice_whose_top_holds_only_the_buyers_block_takes_its_seller_from_the_footer() -> None:
    """No name over the letter (a logo): the most name-like top line is the buyer's postcode, which is neither the
    seller's name nor where the seller's address begins; the footer names the seller."""
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Invoice
    from tests.test_extract_parties import line

    d = doc(
        line("VAT Invoice", 1092, 127, 50),
        line("Customer", 157, 347, 20),
        line("Invoice No. INV-82088", 1008, 344, 24),
        line("Brenmoorona Ltd", 157, 373, 24),
        line("Date 13 Aug 2023", 1008, 376, 24),
        line("343 Abbey Lane", 157, 435, 23),
        line("Bristol", 157, 465, 23),
        line("BS5 5NS", 157, 495, 23),
        line("Consulting services 2 100.00 200.00", 157, 900, 24),
        line("Total 240.00", 1100, 1000, 24),
        line("Ellery Print Works Limited", 157, 2130, 18),
        line("Registered in England and Wales No. 03738674", 827, 2130, 18),
        line("292 Orchard Lane", 157, 2155, 18),
        line("VAT No. GB 473 2969 68", 827, 2155, 18),
        line("Bristol", 157, 2180, 18),
        line("BS6 1EW", 157, 2205, 18),
        width=1654,
        height=2339,
    )
    found = RulesExtractor().extract(d, Invoice).fields
    assert found["vendor_name"].value == "Ellery Print Works Limited"
    address = found.get("vendor_address")
    assert address is None or "BS5" not in str(address.value)
