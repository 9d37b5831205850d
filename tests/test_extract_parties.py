"""Seller name and address from the header block of receipts and letterheads, on hand-built Documents.

Lines are OCR-like: words with boxes from a fixed-pitch font whose size follows the letter height, centred on
a narrow receipt or left-aligned on an A4 letterhead.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.document import BBox, Document, Line, Page, TextSource, Word
from pipeline.extract.letterhead import is_title
from pipeline.extract.line_kinds import LEGAL_FORMS
from pipeline.extract.name_text import strip_reg_tail, tidy, tidy_address
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice, Receipt

RECEIPT_W = 400.0


def line(text: str, x: float, y: float, h: float = 10.0) -> Line:
    """A line of words with boxes; characters are 0.6 of the letter height wide."""
    words, cx = [], x
    cw = 0.6 * h
    for tok in text.split(" "):
        words.append(Word(text=tok, bbox=BBox(x0=cx, y0=y, x1=cx + cw * len(tok), y1=y + h)))
        cx += cw * (len(tok) + 1)
    return Line(id="", text=text, bbox=BBox.enclosing([w.bbox for w in words]), words=words)


def centred(text: str, y: float, h: float = 10.0) -> Line:
    width = 0.6 * h * len(text)
    return line(text, (RECEIPT_W - width) / 2, y, h)


def doc(*lines: Line, width: float = RECEIPT_W, height: float = 900) -> Document:
    for i, ln in enumerate(lines, 1):
        ln.id = f"p1-l{i}"
    page = Page(number=1, width=width, height=height, lines=list(lines), source=TextSource.OCR)
    return Document(path=Path("mem.png"), sha256="0" * 64, kind="image", pages=[page])


def receipt_body(y: float) -> list[Line]:
    """Sale lines below the header, so the page has a realistic median letter height."""
    rows = ["Cashier: ANNE", "PENCIL HB 2 X 1.20 2.40", "ERASER 1 X 0.90 0.90", "TOTAL 3.30", "CASH 5.00"]
    return [line(text, 30, y + 14 * i) for i, text in enumerate(rows)]


def fields(d: Document, model=Receipt):
    return RulesExtractor().extract(d, model).fields


def test_address_skips_company_number_and_stops_at_phone() -> None:
    d = doc(
        centred("GREENFIELD TRADING SDN BHD", 20, 14),
        centred("(123456-K)", 37),
        centred("NO. 12, JALAN MAWAR 3,", 50),
        centred("TAMAN INDAH, 50000 KUALA LUMPUR", 63),
        centred("TEL: 03-1234 5678", 76),
        centred("GST ID: 000111222333", 89),
        centred("TAX INVOICE", 104),
        *receipt_body(130),
    )
    f = fields(d)
    assert f["merchant"].value == "GREENFIELD TRADING SDN BHD"
    assert f["merchant_address"].value == "NO. 12, JALAN MAWAR 3, TAMAN INDAH, 50000 KUALA LUMPUR"
    assert "TEL" not in f["merchant_address"].evidence.text


def test_registration_labels_legal_notes_and_tagline_are_not_address() -> None:
    d = doc(
        centred("Northwind Kitchens Sdn Bhd", 20, 14),
        centred("Company No: 998877-A", 37),
        centred("formerly known as", 50),
        centred("Old Harbour Foods Sdn Bhd", 63),
        centred("Licensee of Blue Fork", 76),
        centred("Level 3, Menara Contoh,", 89),
        centred("No. 8, Jalan Satu, 47400 Petaling", 102),
        centred("(GST ID No: 000504664064)", 115),
        *receipt_body(140),
    )
    f = fields(d)
    assert f["merchant"].value == "Northwind Kitchens Sdn Bhd"
    assert f["merchant_address"].value == "Level 3, Menara Contoh, No. 8, Jalan Satu, 47400 Petaling"


def test_tagline_under_name_is_skipped() -> None:
    d = doc(
        centred("FOUR WINDS", 20, 14),
        centred("BISTRO & CAFE", 37),
        centred("21, JALAN ENAM,", 50),
        centred("BANDAR UTAMA", 63),
        centred("GST ID : 001122334455", 76),
        *receipt_body(100),
    )
    assert fields(d)["merchant_address"].value == "21, JALAN ENAM, BANDAR UTAMA"


def test_name_on_two_lines_ending_with_legal_form_or_connector() -> None:
    two = doc(
        centred("LIMA HUAT HARDWARE", 20, 16),
        centred("ENTERPRISE (NORTH) SDN BHD", 38, 16),
        centred("889900-X", 57),
        centred("NO. 7, JALAN CONTOH,", 70),
        centred("40170 SHAH ALAM", 83),
        *receipt_body(110),
    )
    assert fields(two)["merchant"].value == "LIMA HUAT HARDWARE ENTERPRISE (NORTH) SDN BHD"
    assert fields(two)["merchant_address"].value == "NO. 7, JALAN CONTOH, 40170 SHAH ALAM"
    amp = doc(
        centred("KEDAI BUKU RIANG&", 20, 14),
        centred("STATIONERY", 36, 15),
        centred("NO. 3, JALAN BESAR,", 53),
        centred("45600 KAMPUNG BARU", 66),
        *receipt_body(90),
    )
    assert fields(amp)["merchant"].value == "KEDAI BUKU RIANG & STATIONERY"


def test_a_short_legal_line_takes_the_words_printed_above_it_but_not_a_logos_initials() -> None:
    """ "PUTRA JAYA VEGETARIAN" over "RESTAURANT SDN BHD": the line with the legal form was found first and the
    name began above it. Initials over the name ("PJV") are a logo, not part of it."""
    above = doc(
        centred("PUTRA JAYA VEGETARIAN", 20, 16),
        centred("RESTAURANT SDN BHD", 38, 16),
        centred("(1095514-X)", 57),
        centred("NO. 7, JALAN CONTOH,", 70),
        centred("40170 SHAH ALAM", 83),
        *receipt_body(110),
    )
    assert fields(above)["merchant"].value == "PUTRA JAYA VEGETARIAN RESTAURANT SDN BHD"
    assert fields(above)["merchant_address"].value == "NO. 7, JALAN CONTOH, 40170 SHAH ALAM"
    logo = doc(
        centred("PJV", 20, 16),
        centred("RESTAURANT SDN BHD", 38, 16),
        centred("NO. 7, JALAN CONTOH,", 57),
        centred("40170 SHAH ALAM", 70),
        *receipt_body(100),
    )
    assert fields(logo)["merchant"].value == "RESTAURANT SDN BHD"
    signed = doc(
        centred("lee mei ling", 20, 16),  # a name written above in other letters: not the firm's
        centred("SUNRISE ENTERPRISE", 38, 16),
        centred("NO. 7, JALAN CONTOH,", 57),
        centred("40170 SHAH ALAM", 70),
        *receipt_body(100),
    )
    assert fields(signed)["merchant"].value == "SUNRISE ENTERPRISE"


def test_name_row_split_in_two_segments_is_joined() -> None:
    name = line("SAMA SAMA TRADING", 60, 20, 14)
    d = doc(name, line("CO", name.bbox.x1 + 10, 21, 13), centred("12, JALAN TIGA, 40400 SHAH ALAM", 40))
    d.pages[0].lines.extend(receipt_body(70))
    assert fields(d)["merchant"].value == "SAMA SAMA TRADING CO"


def test_company_under_the_title_is_not_the_merchant() -> None:
    d = doc(
        centred("PERNIAGAAN MAJU JAYA", 20, 11),
        centred("NO.9 JALAN LIMA 9/5", 34),
        centred("81760 BANDAR BARU", 47),
        centred("TEL : 07-111 2222", 60),
        centred("SIMPLIFIED TAX INVOICE", 75),
        centred("BIGCO ENGINEERING (M) SDN BHD", 90, 12),
        centred("Recept#: CS0001", 106),
        *receipt_body(130),
    )
    f = fields(d)
    assert f["merchant"].value == "PERNIAGAAN MAJU JAYA"
    assert f["merchant_address"].value == "NO.9 JALAN LIMA 9/5 81760 BANDAR BARU"


def test_state_line_after_the_address_is_not_the_name() -> None:
    d = doc(
        centred("TAN HOCK STATIONERY 8 BOOKS", 20, 14),  # "&" misread as "8"
        centred("NO. 53, JALAN BESAR, 45600 KAMPUNG", 37),
        centred("NEGERI UTARA DARUL AMAN", 50),
        centred("TEL:03-3271 9872", 63),
        *receipt_body(90),
    )
    f = fields(d)
    assert f["merchant"].value == "TAN HOCK STATIONERY 8 BOOKS"
    assert f["merchant_address"].value == "NO. 53, JALAN BESAR, 45600 KAMPUNG NEGERI UTARA DARUL AMAN"


def test_ocr_spacing_is_tidied_in_values_not_in_evidence() -> None:
    d = doc(
        centred("S.K.H. MOTOR ( SUNGAI MAS ) SDN. BHD.", 20, 14),
        centred("( 801580-T )", 37),
        centred("LOT 18-A , JALAN KPB 6 ,", 50),
        centred("KAWASAN BARU , 43300 SERI BUKIT", 63),
        centred("- INVOICE-", 76),
        *receipt_body(100),
    )
    f = fields(d)
    assert f["merchant"].value == "S.K.H. MOTOR (SUNGAI MAS) SDN. BHD."
    assert f["merchant"].evidence.text == "S.K.H. MOTOR ( SUNGAI MAS ) SDN. BHD."
    assert f["merchant_address"].value == "LOT 18-A, JALAN KPB 6, KAWASAN BARU, 43300 SERI BUKIT"
    assert f["merchant_address"].evidence.text == "LOT 18-A , JALAN KPB 6 , KAWASAN BARU , 43300 SERI BUKIT"


def test_glued_title_print_date_and_number_rows() -> None:
    d = doc(
        centred("ORCHID INTERNATIONAL SDN BHD", 20, 12),
        centred("05Mar201818:24", 35),
        centred("1 227039", 48),
        centred("12, Jalan Orkid 7/4, Kawasan Industri", 61),
        centred("Tampoi, 81200 Johor Bahru", 74),
        centred("TAXINVOICE", 87),
        *receipt_body(110),
    )
    assert (
        fields(d)["merchant_address"].value
        == "12, Jalan Orkid 7/4, Kawasan Industri Tampoi, 81200 Johor Bahru"
    )


def test_no_address_printed_gives_none() -> None:
    d = doc(centred("MINI MARKET SEJATI", 20, 14), centred("TEL : 03-1234 5678", 37), *receipt_body(60))
    f = fields(d)
    assert f["merchant"].value == "MINI MARKET SEJATI"
    assert "merchant_address" not in f


def test_registration_number_after_the_name_is_dropped() -> None:
    d = doc(centred("KEDAI MAJU CO. (M) BHD (126926-H)", 20, 14), centred("55100 KUALA LUMPUR", 37))
    d.pages[0].lines.extend(receipt_body(60))
    assert fields(d)["merchant"].value == "KEDAI MAJU CO. (M) BHD"


def test_the_cashier_row_is_never_the_merchant() -> None:
    """A receipt scanned upside down lists its footer first: "Cashier [ANNE]" is staff, not the seller."""
    d = doc(
        centred("Cashier [P.ANNE]", 20, 12),
        centred("STAR CASH & CARRY", 40, 12),
        centred("12 JALAN MAJU, 55100 KUALA LUMPUR", 57),
    )
    d.pages[0].lines.extend(receipt_body(80))
    assert fields(d)["merchant"].value == "STAR CASH & CARRY"


def test_letterhead_address_stops_before_item_row_with_price_aside() -> None:
    d = doc(
        line("Kiosk am Ring", 40, 20, 14),
        line("Ringweg 4", 40, 38),
        line("50667 Köln", 40, 51),
        line("Zeitung", 40, 64),
        line("1,99", 300, 64),
        *receipt_body(100),
    )
    assert fields(d)["merchant_address"].value == "Ringweg 4 50667 Köln"


def test_invoice_letterhead_tagline_and_contact_line() -> None:
    d = doc(
        line("Wärmetechnik Berger GmbH", 40, 30, 16),
        line("Heizung · Sanitär · Solar", 40, 50),
        line("Hauptstraße 5", 40, 64),
        line("12345 Musterstadt", 40, 77),
        line("Tel. 0123 45678", 40, 90),
        line("Rechnung", 40, 160, 14),
        line("Rechnungsnummer: R-1", 40, 190),
        width=600,
    )
    f = fields(d, Invoice)
    assert f["vendor_name"].value == "Wärmetechnik Berger GmbH"
    assert f["vendor_address"].value == "Hauptstraße 5 12345 Musterstadt"


def test_helpers() -> None:
    assert tidy("BALAKONG , 43300 SERI ( A ) .") == "BALAKONG, 43300 SERI (A)."
    assert tidy("BOOK TA .K") == "BOOK TA .K"  # an abbreviation dot stays where OCR put it
    assert tidy("AEON CO.(M)BHD") == "AEON CO. (M) BHD"  # spaces OCR dropped around brackets come back
    assert tidy("ENTERPRISE(SETIA ALAM)SDN BHD") == "ENTERPRISE (SETIA ALAM) SDN BHD"
    assert tidy("Süder Druckerei GmbH& Co.KG") == "Süder Druckerei GmbH & Co. KG"  # spaces OCR dropped
    assert (
        tidy("Talfeld Druckerei e.K.") == "Talfeld Druckerei e.K."
        and tidy("MR D.I.Y. (M)") == "MR D.I.Y. (M)"
    )
    assert is_title("- INVOICE-") and is_title("TAXINVOICE") and not is_title("NO. 5, TAXI ROAD")
    assert strip_reg_tail("AEON CO. (M) BHD (126926-H)") == "AEON CO. (M) BHD"
    assert strip_reg_tail("(123456-K)") == "(123456-K)"


def test_small_legal_form_under_a_large_name_completes_it() -> None:
    """A brand-size name with its legal form set small right under it ("INCORPORATED") is one name."""
    d = doc(
        centred("NORTHWIND TRADERS", 20, 40),
        centred("INCORPORATED", 62, 8),
        centred("12 Harbour Road", 90),
        centred("Springfield, IL 62701", 103),
        *receipt_body(140),
    )
    assert fields(d, Invoice)["vendor_name"].value == "NORTHWIND TRADERS INCORPORATED"


def test_a_misread_legal_form_closing_a_name_is_restored() -> None:
    from pipeline.extract.name_text import repair_name

    assert repair_name("SUN VICTORY SON BHD") == "SUN VICTORY SDN BHD"  # one letter off, "BHD" anchors it
    assert repair_name("BEMED (SP) SDN. BHZ.") == "BEMED (SP) SDN. BHD."  # the dots stay
    assert repair_name("Amano Malaysia Son Bhd") == "Amano Malaysia Sdn Bhd"  # and the case style
    assert repair_name("88 SUNRISE MART 5/8") == "88 SUNRISE MART S/B"  # look-alike digits only
    assert repair_name("Acme Pty Lid") == "Acme Pty Ltd"
    assert repair_name("MAJU TEKNIKSDN BHD") == "MAJU TEKNIK SDN BHD"  # the form's first word glued on
    assert repair_name("Nordic Teknisdn Bhd") == "Nordic Tekni sdn Bhd"
    assert repair_name("AB SDN BHD") == "AB SDN BHD" and repair_name("X1SDN BHD") != "X1 SDN BHD"


def test_a_label_before_the_name_on_its_line_is_not_part_of_it() -> None:
    from pipeline.extract.name_text import strip_lead_label

    assert strip_lead_label("Dimiliki: banh mi cafe sdn bhd") == "banh mi cafe sdn bhd"
    assert strip_lead_label("Owned by: NORTHWIND TRADING") == "NORTHWIND TRADING"
    assert strip_lead_label("Tel: 03-1234 5678") == "Tel: 03-1234 5678"  # no name after the colon
    assert strip_lead_label("Name: Al") == "Name: Al"  # nothing left that could be a name
    assert strip_lead_label("Northwind: 12 Harbour Road") == "Northwind: 12 Harbour Road"
    d = doc(
        centred("Dimiliki: NORTHWIND TRADERS SDN BHD", 20, 14),
        centred("12 Harbour Road", 50),
        centred("47301 Petaling Jaya", 63),
        *receipt_body(100),
    )
    name = fields(d, Invoice)["vendor_name"]
    assert name.value == "NORTHWIND TRADERS SDN BHD" and "Dimiliki" in name.evidence.text


def test_names_that_merely_resemble_a_legal_form_are_left_alone() -> None:
    from pipeline.extract.name_text import repair_name

    for name in ("Acme Pty Ltd", "Acme Pte Ltd", "Harris & Son", "Müller GmbH", "Route A5", "Lim Sin Kee"):
        assert repair_name(name) == name
    assert repair_name("SEN 3HD") == "SEN 3HD"  # a form and nothing else is no name to repair
    assert repair_name("CASH & CARRY SEN 3HD") == "CASH & CARRY SEN 3HD"  # two slips: not sure enough


def test_a_web_address_ends_the_receipt_address_however_its_scheme_was_read() -> None:
    d = doc(
        centred("GREENFIELD TRADING SDN BHD", 20, 14),
        centred("NO. 12, JALAN MAWAR 3,", 37),
        centred("TAMAN INDAH, 50000 KUALA LUMPUR", 50),
        centred("tttp://ynw.greenfield.example", 63),
        centred("TEL: 03-1234 5678", 76),
        centred("TAX INVOICE", 104),
        *receipt_body(130),
    )
    assert fields(d)["merchant_address"].value == "NO. 12, JALAN MAWAR 3, TAMAN INDAH, 50000 KUALA LUMPUR"


def _hardware_receipt(
    *, currency_line: str, source: TextSource = TextSource.OCR, town: str = "TAMAN INDAH, 50000 KUALA LUMPUR"
) -> Document:
    lines = [
        centred("LIM HARDWARÉ TRADING", 20, 14),
        centred("NO. 12, JALÁN MAWAR 3,", 37),
        centred(town, 50),
        centred("TEL: 03-1234 5678", 63),
        *receipt_body(90),
        line(currency_line, 30, 170),
    ]
    for ln in lines:
        ln.source = source
    d = doc(*lines)
    d.pages[0].source = source
    return d


def test_accents_read_off_a_page_from_a_country_that_prints_none_are_dropped() -> None:
    """Ringgit: Malaysia, whose shops print no accented letters, so "HARDWARÉ" was a recogniser's slip. The
    value loses the accent, the evidence keeps what was read."""
    got = fields(_hardware_receipt(currency_line="TOTAL RM 3.30"))
    assert got["merchant"].value == "LIM HARDWARE TRADING"
    assert got["merchant"].evidence.text.startswith("LIM HARDWARÉ")
    assert got["merchant_address"].value.startswith("NO. 12, JALAN MAWAR 3")


def test_accents_stay_where_they_may_be_printed_or_were_not_read_by_ocr() -> None:
    # a euro country may print accents (a Malaysian address on the page would say otherwise: the next test)
    euro = fields(_hardware_receipt(currency_line="TOTAL EUR 3.30", town="12345 MUSTERSTADT"))
    assert euro["merchant"].value == "LIM HARDWARÉ TRADING"
    layer = fields(_hardware_receipt(currency_line="TOTAL RM 3.30", source=TextSource.TEXT_LAYER))
    assert layer["merchant"].value == "LIM HARDWARÉ TRADING"  # a text layer's letters are the print


def test_which_pages_write_no_accents() -> None:
    from collections import Counter

    from pipeline.country import country_cues, writes_unaccented

    # a Malaysian address's postcode, town and state say the country where no currency does
    assert writes_unaccented(country_cues("3RD FLR, AEON TAMAN MALURI\n55100 KUALA LUMPUR"), [])
    assert writes_unaccented(country_cues("40150 SHAH ALAM, SELANGOR"), [])
    assert not country_cues("Rue de Selangor 12, 75001 Paris")  # a state's name without its postcode

    assert writes_unaccented(Counter({"MY": 2, "SG": 1}), [])
    assert not writes_unaccented(Counter({"MY": 1, "DE": 1}), ["EUR"])  # a tie: the currency does not decide
    assert writes_unaccented(Counter(), ["MYR", "SGD"])
    assert not writes_unaccented(Counter(), ["USD"])  # dollars are paid where Spanish is printed too
    assert not writes_unaccented(Counter(), ["MYR", "EUR"])
    assert not writes_unaccented(Counter(), [])


def test_the_country_closes_the_address() -> None:
    """A branch name printed under "..., MALAYSIA" is not address text: the country is an address's last part."""
    d = doc(
        centred("GREENFIELD TRADING SDN BHD", 20, 14),
        centred("NO. 12, JALAN MAWAR 3,", 37),
        centred("50000 KUALA LUMPUR, MALAYSIA", 50),
        centred("MIDVALLEY MEGAMALL BRANCH", 63),
        *receipt_body(90),
    )
    assert fields(d)["merchant_address"].value == "NO. 12, JALAN MAWAR 3, 50000 KUALA LUMPUR, MALAYSIA"


def test_which_lines_end_with_a_country() -> None:
    from pipeline.country import ends_with_country

    assert ends_with_country("10115 Berlin, Deutschland.")
    assert ends_with_country("12 Main Street, London, UK")
    assert not ends_with_country("Indiana")  # whole names only
    assert not ends_with_country("Malaysia Airlines Centre, 2 Jalan Sultan")


def test_a_name_read_as_one_box_per_word_is_joined_word_by_word() -> None:
    """OCR may box each word of a spaced-out name apart: the last word stands far from the first, but each
    word is close to the next."""
    h = 14.0
    words, x = [], 40.0
    for word in ("NORTHWIND", "TRADERS", "SDN", "BHD"):
        words.append(line(word, x, 20, h))
        x += 0.6 * h * len(word) + 1.2 * h  # a gap a little wider than a space, as in a letter-spaced heading
    d = doc(*words, centred("12 Harbour Road", 50), centred("47301 Petaling Jaya", 63), *receipt_body(100))
    assert fields(d, Invoice)["vendor_name"].value == "NORTHWIND TRADERS SDN BHD"


def test_the_address_ends_where_a_gap_wider_than_its_line_spacing_starts_another_paragraph() -> None:
    d = doc(
        centred("SINAR FUEL SDN BHD", 20, 14),
        centred("LOT 512, JALAN PANTAI", 40),
        centred("KAMPUNG BARU", 53),
        centred("15000 KOTA BHARU, KELANTAN", 66),
        centred("PREPAID VOUCHER NO", 95),  # twice the address's line pitch below its last row
        centred("40417", 108),
        *receipt_body(140),
    )
    assert (
        fields(d, Invoice)["vendor_address"].value
        == "LOT 512, JALAN PANTAI KAMPUNG BARU 15000 KOTA BHARU, KELANTAN"
    )


def test_a_sender_line_with_an_irish_eircode_gives_the_seller_address() -> None:
    d = doc(
        line("Whitfield Supply Inc.", 40, 20, 14),
        line("Whitfield Supply Inc. · 93 Market Square · Cork T12 RX91", 40, 80, 7),
        line("Whitfield Electrical Limited", 40, 95),
        line("106 Industrial Pkwy", 40, 108),
        line("Dublin D02 X285", 40, 121),
        line("INVOICE RE-2023-45208", 40, 170, 14),
        width=600,
    )
    found = fields(d, Invoice)
    assert found["vendor_address"].value == "93 Market Square, Cork T12 RX91"
    assert found["customer_name"].value == "Whitfield Electrical Limited"


def test_a_house_number_glued_to_its_street_is_split_off_units_and_ordinals_are_not() -> None:
    assert tidy_address("880Industrial Pkwy Dayton, OH 45402") == "880 Industrial Pkwy Dayton, OH 45402"
    assert (
        tidy_address("14JALAN MANIS 4") == "14 JALAN MANIS 4"
        and tidy_address("46avenue Hugo") == "46 avenue Hugo"
    )
    for kept in ("3RD FLOOR", "1st Street", "Box 5mm", "SW1A 1AA", "NO.12,JALAN SS4C/5"):
        assert tidy_address(kept) == kept


def test_a_short_name_with_its_company_number_on_the_line_is_still_the_name() -> None:
    """ "88 MART S/B (123456-K)" has more digits than letters; without its company number it is a name."""
    d = doc(
        centred("88 MART S/B (123456-K)", 20, 14),
        centred("LOT 88, JALAN MERANTI,", 40),
        centred("43000 KAJANG, SELANGOR", 53),
        *receipt_body(100),
    )
    assert fields(d, Invoice)["vendor_name"].value == "88 MART S/B"


def test_a_name_whose_letters_ocr_read_as_digits_still_outranks_a_logo_word() -> None:
    """ "88 5TAR MART 5/8" is "88 STAR MART S/B" with look-alike digits: a name with a legal form, not
    the digit-heavy line a big one-word logo ("MARTO") would beat."""
    d = doc(
        centred("MARTO", 10, 30),
        centred("88 5TAR MART 5/8 (123456-K)", 50, 12),
        centred("LOT 88, JALAN MERANTI,", 70),
        centred("43000 KAJANG, SELANGOR", 83),
        *receipt_body(120),
    )
    assert fields(d, Invoice)["vendor_name"].value == "88 STAR MART S/B"


def _invoice_page(*lines: Line) -> dict:
    return fields(doc(*lines, width=600, height=850), Invoice)


def test_a_seller_named_only_in_the_footer() -> None:
    """No letterhead: the title, the facts and the buyer's block (unlabelled but addressed "Att:") on top, the
    seller in the footer with its address; the buyer is never taken for the seller, a bank's name neither."""
    f = _invoice_page(
        line("Dahlberg", 40, 30, 24),
        line("Wrenfield AB", 360, 110),
        line("Att: Maja Dahlberg", 360, 122),
        line("Storvägen 36", 360, 134),
        line("757 84 Uppsala", 360, 146),
        line("Fakturanr 12619", 40, 110),
        line("FAKTURA 12619", 40, 200, 14),
        line("Art.nr Beskrivning Antal Enhet Pris Moms Belopp", 40, 240),
        line("Summa att betala 1 250,00 kr", 300, 500),
        line("Handelsbanken AB", 300, 760),
        line("Dahlberg & Nyberg HB · Kvarngatan 12 · 118 47 Stockholm", 40, 760),
    )
    assert f["vendor_name"].value == "Dahlberg & Nyberg HB"


def test_delivery_and_billing_headings_mark_the_buyer_side() -> None:
    f = _invoice_page(
        line("Factuur", 450, 30, 20),
        line("Aan", 40, 110),
        line("Kantoorartikelen Oosterhout B.V.", 40, 124),
        line("Beukengracht 326-10", 40, 136),
        line("3545 UL Utrecht", 40, 148),
        line("Leveradres", 300, 110),
        line("Kantoorartikelen Oosterhout B.V.", 300, 124),
        line("Omschrijving Aantal Prijs Btw Totaal", 40, 240),
        line("Nethraware B.V. - Keizersgracht 48-7 - 3566 PN Utrecht - KvK 12345678", 40, 780),
    )
    assert f["vendor_name"].value == "Nethraware B.V."


def test_table_headings_and_a_label_s_value_are_no_names() -> None:
    from pipeline.extract.name_cues import table_headings as _table_headings

    assert _table_headings("Antal Enhet") and _table_headings("P. unitario")
    assert not _table_headings("Antal Bygg AB") and not _table_headings("Nordic Rate Partners")


def test_a_tax_or_company_id_ends_the_letterhead_address() -> None:
    """ "GSTIN/UIN", "C.I.F.", "Contribuinte" after the town are ids, not address text."""
    for id_row in (
        "GSTIN/UIN: 29WZKCS3956V1ZZ",
        "C.I.F. B12345678",
        "Contribuinte 123456789",
        "KvK 12345678",
    ):
        f = _invoice_page(
            line("Sharma Traders Pvt Ltd", 40, 30, 16),
            line("No. 447, Ashok Nagar", 40, 52),
            line("Chennai, Tamil Nadu - 600041", 40, 64),
            line(id_row, 40, 76),
            line("Invoice No. 2024/17", 400, 30),
        )
        assert f["vendor_address"].value.replace(",", "").split() == [
            "No.",
            "447",
            "Ashok",
            "Nagar",
            "Chennai",
            "Tamil",
            "Nadu",
            "-",
            "600041",
        ]


def test_a_return_address_line_parted_by_commas_names_the_seller() -> None:
    f = _invoice_page(
        line("Coldharbour Logistiek V.O.F., Beukenlaan 392, 1002 US Amsterdam", 40, 100, 7),
        line("Yarrowium Advies B.V.", 40, 120, 12),
        line("Keizersstraat 364", 40, 134),
        line("1084 RG Amsterdam", 40, 146),
        line("Factuurnr. 38770", 380, 120),
        line("FACTUUR 38770", 40, 220, 16),
    )
    assert f["vendor_name"].value == "Coldharbour Logistiek V.O.F."


def test_a_letterhead_with_its_phone_beats_an_unlabelled_recipient_and_a_label_word_in_a_name() -> None:
    f = _invoice_page(
        line("Data Wallin AB", 40, 60, 12),
        line("Kungsvägen 11", 40, 76),
        line("413 39 Göteborg", 40, 88),
        line("Tel 08-580 56 01", 40, 100),
        line("Tryckeri Dahlberg HB", 380, 150, 12),
        line("Sjögatan 176", 380, 166),
        line("414 34 Göteborg", 380, 178),
        line("Fakturanr 56232", 40, 150),
    )
    assert f["vendor_name"].value == "Data Wallin AB"


def test_a_title_printed_after_the_name_is_not_part_of_it() -> None:
    f = _invoice_page(line("Dunmarrowio Arredamenti S.r.l.   Fattura elettronica", 40, 40, 12))
    assert f["vendor_name"].value == "Dunmarrowio Arredamenti S.r.l."


def test_a_logo_initial_beside_the_name_is_a_line_of_its_own() -> None:
    """A badge letter drawn twice the name's height on its row does not stretch the name's line over the
    address rows beside it."""
    from pipeline.backbone.text_lines import group_lines

    lines = group_lines(
        [
            ("P", 190, 132, 220, 186),
            ("Pellhamona", 230, 118, 400, 147),
            ("Ltd", 405, 118, 450, 147),
            ("456", 290, 150, 330, 177),
            ("Station", 335, 150, 420, 177),
        ]
    )
    assert [ln.text for ln in lines] == ["P", "Pellhamona Ltd", "456 Station"]


def test_a_name_in_a_banner_keeps_its_address_further_down() -> None:
    f = _invoice_page(
        line("Lowther & Farrant Pty. Ltd.", 40, 30, 16),
        line("Tax Invoice", 420, 36, 18),
        line("Unit 8, 40 Wattle Road", 40, 110),
        line("Melbourne VIC 3199", 40, 122),
        line("ABN 34 870 773 484", 40, 134),
        line("Invoice # INV-6340", 380, 110),
    )
    from pipeline.evaluation_match import normalize_text

    assert normalize_text(f["vendor_address"].value) == normalize_text(
        "Unit 8, 40 Wattle Road, Melbourne VIC 3199"
    )


def test_a_one_word_name_in_capitals_over_an_irish_county_line() -> None:
    """ "QUICKMART" on top is the shop; "Cork, Co. Cork" is its town and county ("Co." before a capitalised
    word is a county, not a company), and the receipt's subtotal is read when the schema holds one."""
    d = doc(
        centred("QUICKMART", 20, 14),
        centred("100 Dublin Road", 40),
        centred("Cork, Co. Cork", 52),
        centred("T12 N7R9", 64),
        centred("VAT No. IE0380975T", 76),
        line("10-MAY-2024 10:41:51", 20, 100),
        *[line("Apples Gala", 20, 130), line("4.28", 220, 130), line("Toilet Roll 9pk", 20, 144)],
        *[line("63.24", 220, 144)],
        line("SUBTOTAL", 20, 300),
        line("67.52", 220, 300),
        line("BALANCE DUE", 20, 314),
        line("67.52", 220, 314),
    )
    f = fields(d)
    assert f["merchant"].value == "QUICKMART"
    assert f["subtotal"].value == Decimal("67.52") and f["total"].value == Decimal("67.52")
    assert LEGAL_FORMS.search("Smith & Co.") and LEGAL_FORMS.search("Tan Co. Ltd")
    assert not LEGAL_FORMS.search("Cork, Co. Cork")


def test_a_legal_name_line_a_logos_marks_and_register_ids_stay_out_of_the_address() -> None:
    """Under the trading name: the firm's legal name, a row of marks a logo or barcode left, the street, the
    town, then "UID-Nr. ATU..." and "FN 657811Y" (register ids that end the address, never part of it)."""
    d = doc(
        centred("APOTHEKE AM ECK", 20, 14),
        centred("Apotheke am Eck e.U.", 40),
        centred("水水和水永水家", 52),
        centred("Kirchengasse 137", 64),
        centred("5020 Salzburg", 76),
        centred("UID-Nr. ATU38268727", 88),
        centred("FN 657811Y", 100),
        line("12.03.2024 10:41", 20, 130),
        *[line("Aspirin 20 St.", 20, 160), line("7.95", 220, 160)],
        *[line("SUMME EUR", 20, 200), line("7.95", 220, 200)],
    )
    assert fields(d)["merchant_address"].value == "Kirchengasse 137 5020 Salzburg"


def test_the_trading_name_again_with_its_legal_form_is_no_address() -> None:
    """ "MINIMART HÙNG" on top, then the household business's legal name ("Hộ KD Minimart Hùng", read without
    one accent), then the street and district: the repeated name is neither address nor its first row."""
    d = doc(
        centred("MINIMART HÙNG", 20, 14),
        centred("H KD Minimart Hùng", 40),
        centred("139C Lê Lợi", 52),
        centred("Q. Hải Châu, Đà Nẵng", 64),
        centred("(028) 3207 5649", 76),
        line("12/03/2024 10:41", 20, 100),
        *[line("Sữa chua", 20, 130), line("8.000", 220, 130)],
        *[line("TỔNG CỘNG", 20, 170), line("8.000", 220, 170)],
    )
    assert fields(d)["merchant_address"].value == "139C Lê Lợi Q. Hải Châu, Đà Nẵng"


def test_a_rule_of_dashes_between_the_name_and_its_address_is_passed_over() -> None:
    """ "- - - - -" under the name is neither a phone number (no digits) nor the end of the letterhead."""
    d = doc(
        centred("Campbell Books", 20, 14),
        centred("- - - - -", 40),
        centred("73 Main Street", 52),
        centred("Vancouver, BC V6B 7Q5", 64),
        centred("(491) 938-5309", 76),
        line("2024-07-09 16:24:36", 20, 100),
        *[line("Shampoo 400ml", 20, 130), line("8.97", 220, 130)],
        *[line("TOTAL", 20, 170), line("8.97", 220, 170)],
    )
    assert fields(d)["merchant_address"].value == "73 Main Street Vancouver, BC V6B 7Q5"


def test_a_state_read_with_a_look_alike_still_closes_the_address() -> None:
    """ "Columbus, CH 43253": no state is CH, OH is one letter's slip away; the row after it is the store's
    number, no part of the address."""
    d = doc(
        centred("MAPLE MARKET", 20, 14),
        centred("47 Maple Dr", 40),
        centred("Columbus, CH 43253", 52),
        centred("Store 493", 64),
        line("2024-07-09 16:24:36", 20, 100),
        *[line("Bananas", 20, 130), line("4.63", 220, 130)],
        *[line("TOTAL", 20, 170), line("4.63", 220, 170)],
    )
    assert fields(d)["merchant_address"].value == "47 Maple Dr Columbus, OH 43253"


def test_a_brand_and_its_outlets_number_printed_large_on_top_is_the_name() -> None:
    """ "SPBU 54.36252" heads a filling station's till slip in large type: mostly digits, yet the name; the
    street rows under it are the address. The same form set in the text's size lower down is no name."""
    head = [
        centred("SPBU 54.36252", 20, 16),
        centred("********", 40),
        centred("Jl. Sudirman No. 117", 52),
        centred("Ruko Golden Blok B/9", 64),
        centred("Jakarta Selatan 12160", 76),
        centred("Tel: (021) 0683 4378", 88),
        line("Tgl: 2022-02-06 11:16:36", 20, 110),
        *[line("PERTALITE", 20, 130), line("451.269", 220, 130)],
        *[line("Total", 20, 170), line("Rp451.269", 220, 170)],
    ]
    f = fields(doc(*head))
    assert f["merchant"].value == "SPBU 54.36252"
    assert f["merchant_address"].value == "Jl. Sudirman No. 117 Ruko Golden Blok B/9 Jakarta Selatan 12160"
    small = fields(doc(centred("SPBU 54.36252", 20), *head[1:]))
    assert small["merchant"].value != "SPBU 54.36252"


def test_a_name_with_one_look_alike_digit_is_no_company_number() -> None:
    """ "LAND-BI0" reads like a register number ("801580-T") but holds one digit, a look-alike: the name."""
    d = doc(
        centred("LAND-BI0", 20, 16),
        centred("Landstraße 189", 40),
        centred("1060 Wien", 52),
        centred("UID-Nr. ATU79204398", 64),
        line("12.03.2024 10:41", 20, 100),
        *[line("Äpfel Elstar", 20, 130), line("3,80", 220, 130)],
        *[line("Gesamt EUR", 20, 170), line("3,80", 220, 170)],
    )
    f = fields(d)
    assert (f["merchant"].value, f["merchant_address"].value) == ("LAND-BIO", "Landstraße 189 1060 Wien")


def test_a_name_boxed_word_by_word_lends_its_whole_width_to_the_address_column() -> None:
    """ "Sharma" | "Kirana" | "stores": the address is read under the whole name, so "Pune" under its first
    word belongs to the town's row as much as "411029" under its last."""
    d = doc(
        line("Sharma", 100, 20, 14),
        line("Kirana", 150, 20, 14),
        line("stores", 200, 20, 14),
        line("Shop No. 12, Anna Salai", 90, 40),
        line("Pune", 110, 52),
        line("411029", 170, 52),
        line("Maharashtra", 120, 64),
        line("GSTIN 36TEZKN7061X1Z6", 90, 76),
        line("12/03/2024 10:41", 20, 100),
        *[line("Atta 5kg", 20, 130), line("245.00", 220, 130)],
        *[line("TOTAL", 20, 170), line("245.00", 220, 170)],
    )
    assert fields(d)["merchant_address"].value == "Shop No. 12, Anna Salai Pune 411029 Maharashtra"


A4_W, A4_H = 1700.0, 2200.0


def test_an_item_under_a_table_set_high_on_the_page_is_not_the_seller() -> None:
    """No letterhead on top: the buyer's block, the invoice's facts, then the table, high enough to fall in the
    page's top band (the top 30 %). The seller is the footer's firm, never the first item's description."""
    top = [
        line("Factura", 1250, 113, 70),
        line("Cliente", 130, 338, 30),
        line("Wrenfield S.L.", 130, 370, 34),
        line("Avda. de los Olivos, 236", 130, 428, 30),
        line("28539 Madrid", 130, 457, 30),
        line("Nº factura FAC-221016", 1025, 335, 34),
        line("#", 160, 520, 34),
        line("Descripción", 210, 520, 34),
        line("Uds.", 1058, 520, 34),
        line("P. unitario", 1150, 520, 34),
        line("Subtotal", 1385, 520, 34),
        line("1", 160, 590, 40),
        line("Cartucho de tóner negro alta capacidad", 210, 590, 30),
        line("5", 1100, 590, 36),
        line("94,40", 1230, 590, 36),
        line("472,00", 1420, 590, 36),
        line("2", 160, 650, 34),
        line("Silla de oficina ergonómica", 210, 650, 30),
        line("1", 1100, 650, 36),
        line("173,87", 1215, 650, 36),
        line("173,87", 1420, 650, 36),
        line("Total 645,87 €", 1040, 900, 36),
    ]
    footer = [line("Benavides & Morales S.A", 127, 2147, 30), line("C/ Alcalá 233, Local 6", 127, 2175, 30)]
    f = fields(doc(*top, *footer, width=A4_W, height=A4_H), Invoice)
    assert f["line_items"].value[0]["description"] == "Cartucho de tóner negro alta capacidad"
    assert f["vendor_name"].value == "Benavides & Morales S.A"
    # the footer unread: no seller found, rather than an item
    no_footer = fields(
        doc(*[line(ln.text, ln.bbox.x0, ln.bbox.y0, ln.bbox.height) for ln in top], width=A4_W, height=A4_H),
        Invoice,
    )
    assert no_footer.get("vendor_name") is None or no_footer["vendor_name"].value in (None, "")


def test_s_a_without_its_last_dot_closes_a_name() -> None:
    assert LEGAL_FORMS.search("Benavides & Morales S.A")
    assert LEGAL_FORMS.search("Benavides & Morales S.A.")


def test_a_one_word_legal_form_whose_l_was_read_as_a_capital_i_is_restored() -> None:
    from pipeline.extract.name_text import repair_name

    assert repair_name("Brightmere S.r.I.") == "Brightmere S.r.l."
    assert repair_name("Cheswick Itd.") == "Cheswick Ltd."
    # a name's own word, without dots or a small letter beside the I, stays as printed
    assert repair_name("KEDAI SRI") == "KEDAI SRI"
    assert repair_name("Restoran Sri") == "Restoran Sri"
    assert repair_name("Foo S.r.l.") == "Foo S.r.l."


def test_address_set_a_band_below_the_name_reaches_its_postcode_on_the_third_row() -> None:
    """Name big under the logo, the address block a few lines lower, street / town / postcode on three rows; a
    Canadian province code before the postcode ("AB T2P 7B4") is not Sweden's "AB"."""
    uk = doc(
        line("Zelvinium LLP", 124, 77, 60),
        line("VAT Invoice", 1178, 93, 70),
        line("318 Orchard Road", 125, 285, 34),
        line("Reading", 125, 318, 34),
        line("RG2 8PT", 125, 350, 34),
        line("Invoice # INV-07760", 946, 289, 34),
        width=A4_W,
        height=A4_H,
    )
    assert fields(uk, Invoice)["vendor_address"].value == "318 Orchard Road Reading RG2 8PT"
    ca = doc(
        line("Cheswick Engineering Ltd.", 128, 157, 37),
        line("414 Dundas St, Unit 9", 127, 291, 31),
        line("Calgary AB T2P 7B4", 127, 322, 31),
        line("billing@cheswick.example", 127, 380, 31),
        line("Invoice", 1381, 95, 68),
        width=A4_W,
        height=A4_H,
    )
    assert fields(ca, Invoice)["vendor_address"].value == "414 Dundas St, Unit 9 Calgary AB T2P 7B4"


def test_canadian_and_cooperative_legal_forms_close_a_name() -> None:
    """ "Ltée" / "Limitée" (Québec), "Genossenschaft" and a closing "eG": a firm's legal name, which the address
    under a shop's name skips; "EG" opening a line is no form."""
    for name in ("Green-Save Ltée", "Boulangerie Roy Limitée", "Gasthaus Bauer Genossenschaft", "Migros eG"):
        assert LEGAL_FORMS.search(name), name
    assert not LEGAL_FORMS.search("EG Haus")
    d = doc(
        centred("GREEN-SAVE", 20, 14),
        centred("Green-Save Ltée", 37),
        centred("52 King St E", 50),
        centred("Vancouver, BC V6B 8S6", 63),
        *receipt_body(100),
    )
    f = fields(d)
    assert f["merchant"].value == "Green-Save Ltée"
    assert f["merchant_address"].value == "52 King St E Vancouver, BC V6B 8S6"


def test_irish_legal_forms_and_a_town_glued_to_its_pin_code() -> None:
    """ "DAC", "Teoranta" close an Irish firm's name; "Pune-411093" (a town and its PIN code, read without the
    spaces around the dash) is address, not a company number like "801580-T"."""
    from pipeline.extract.letterhead import REG_LINE

    for name in ("Staroil Service DAC", "Fuelpoint Station Teoranta", "Ceardlann Teo."):
        assert LEGAL_FORMS.search(name), name
    assert REG_LINE.match("801580-T") and REG_LINE.match("(JM0325955-V)")
    assert not REG_LINE.match("Pune-411093")
    d = doc(
        centred("GENERAL STORES JOSHI", 20, 14),
        centred("Shop No. 1, Linking Road", 37),
        centred("Pune-411093", 50),
        centred("Maharashtra", 63),
        centred("Tel: +91 12094 59257", 76),
        *receipt_body(100),
    )
    assert fields(d)["merchant_address"].value == "Shop No. 1, Linking Road Pune-411093 Maharashtra"


def test_a_seller_label_with_a_staff_number_is_no_seller_block() -> None:
    """French tills print "Vendeur 437" (the sales assistant's number): no seller is read under it."""
    d = doc(
        centred("VILLAGE FRAIS", 20, 14),
        centred("84 avenue Jean Jaures", 37),
        centred("44000 NANTES", 50),
        line("Date: 08/03/22", 30, 70),
        line("Vendeur 437", 30, 84),
        line("Camembert 2.39", 30, 110),
        line("Cafe moulu 4.55", 30, 124),
        line("TOTAL 6.94", 30, 150),
    )
    assert fields(d)["merchant"].value == "VILLAGE FRAIS"


def test_a_street_line_and_a_province_before_its_postcode_are_no_name() -> None:
    """A one-word shop name over "88 Elm Street" and "Edmonton, AB T5J 0N3": the street (a number and a street
    type) is address, and "AB" before a Canadian postal code is Alberta, not a Swedish "Aktiebolag" that would make
    the town's line look like a firm's legal name (nor "CO 80202" a company: Colorado)."""
    from pipeline.extract.letterhead import is_address_like, names_firm

    for street in ("88 Elm Street", "4 Harbour Rd", "115 place du Marché", "Kerkstraat 25", "Hauptstr. 7"):
        assert is_address_like(street), street
    assert not is_address_like("12 Monkeys Bar") and not is_address_like("Best Restaurant")
    assert not names_firm("Edmonton, AB T5J 0N3") and not names_firm("Denver, CO 80202")
    assert names_firm("Nordkyl AB") and names_firm("Nordkyl AB, Storgatan 4, 111 22 Stockholm")
    d = doc(
        centred("CEDAR-FOODS", 20),
        centred("88 Elm Street", 34),
        centred("Edmonton, AB T5J 0N3", 48),
        centred("Ph: 780-555-0199", 62),
        *receipt_body(90),
    )
    f = fields(d)
    assert f["merchant"].value == "CEDAR-FOODS"
    assert f["merchant_address"].value == "88 Elm Street Edmonton, AB T5J 0N3"


def test_a_receipts_address_ends_before_till_codes_and_priced_rows() -> None:
    """The store's, operator's and terminal's codes on one row ("ST# 0042 OP# 11 TE# 07") and an item row priced
    in cents with its tax code ("2x Croissant 3,00 € 1") are never part of the address above them."""
    codes = doc(
        centred("ELM HARDWARE", 20, 14),
        centred("7 Birch Ave, Denver, CO 80202", 37),
        centred("ST# 0042 OP# 11 TE# 07", 50),
        *receipt_body(80),
    )
    assert fields(codes)["merchant_address"].value == "7 Birch Ave, Denver, CO 80202"
    items = doc(
        centred("CAFE DES ARTS", 20, 14),
        centred("8 rue Racine, 75006 PARIS", 37),
        line("2x Croissant 3,00 € 1", 30, 50),
        line("1x Cafe creme 2,80 € 1", 30, 63),
        line("TOTAL 5,80", 30, 90),
    )
    assert fields(items)["merchant_address"].value == "8 rue Racine, 75006 PARIS"


def test_a_tilted_names_last_word_boxed_apart_still_closes_the_name() -> None:
    """On a photo rising to the right the recogniser boxes the name's last word apart, higher than the line's
    centre ("HILLTOP BAKERY SDN" | "BHD"): level with the word before it, it is still the name's end."""
    words, x = [], 40.0
    for i, tok in enumerate(("HILLTOP", "BAKERY", "SDN")):
        y = 40.0 - 6 * i  # each word a little higher than the one before
        words.append(Word(text=tok, bbox=BBox(x0=x, y0=y, x1=x + 14 * len(tok), y1=y + 22)))
        x += 14 * len(tok) + 12
    name = Line(id="", text="HILLTOP BAKERY SDN", bbox=BBox.enclosing([w.bbox for w in words]), words=words)
    tail = line("BHD", x, 22)  # the next word, as much higher again
    tail.words[0].bbox = BBox(x0=x, y0=22.0, x1=x + 42, y1=44.0)
    tail.bbox = tail.words[0].bbox
    d = doc(
        name,
        tail,
        centred("No 5, Jalan Mawar 2,", 80),
        centred("47400 Petaling Jaya", 94),
        *receipt_body(120),
    )
    assert fields(d)["merchant"].value == "HILLTOP BAKERY SDN BHD"


def test_a_one_word_name_over_its_town_and_a_recipient_opened_by_a_form_of_address() -> None:
    """An invoice headed by a one-word firm over "Portland, OR" (a town and its state: address, never a name),
    and a recipient's block opened by a form of address ("M DUVAL JEAN" / "DUVAL CONSEIL SARL"), set larger and
    carrying a legal form: the recipient is never the seller."""
    from pipeline.extract.letterhead import is_address_like

    assert is_address_like("Portland, OR") and is_address_like("Halifax, NS") and not is_address_like("Quill")
    d = doc(
        line("Quill", 60, 40, 14),
        line("Portland, OR", 60, 60, 12),
        line("M DUVAL JEAN", 700, 140, 16),
        line("DUVAL CONSEIL SARL", 700, 160, 16),
        line("12 RUE DES LILAS", 700, 180, 12),
        line("69003 LYON", 700, 198, 12),
        line("Invoice No: Q-2291", 60, 260, 12),
        line("Date: 03/02/2024", 60, 278, 12),
        line("Consulting 2 100.00 200.00", 60, 330, 12),
        line("Total 200.00", 60, 380, 12),
        width=1240,
        height=1754,
    )
    assert fields(d, Invoice)["vendor_name"].value == "Quill"


def test_a_forms_labels_and_values_and_the_recipient_are_no_seller() -> None:
    """A bill whose seller is only in its logo: the form's labels with their values in the next column
    ("Remise a Zero" | ": 01/12/2019"), those values, and the recipient's block are never read as the seller."""
    d = doc(
        line("Date de facture", 60, 100, 12),
        line(": 02/11/2019", 300, 100, 12),
        line("Remise a Zero", 60, 120, 12),
        line(": 01/12/2019", 300, 120, 12),
        line("Fin d'engagement", 60, 140, 12),
        line(": Date echue", 300, 140, 12),
        line("M DUPONT JEAN", 700, 140, 12),
        line("DUPONT CONSEIL SARL", 700, 156, 12),
        line("3 RUE DES ACACIAS", 700, 172, 12),
        line("69100 VILLEURBANNE", 700, 188, 12),
        line("Vos services 10,83 12,99", 60, 300, 12),
        width=1240,
        height=1754,
    )
    found = fields(d, Invoice).get("vendor_name")
    assert found is None or found.value in (None, ""), found


def test_the_number_a_counter_calls_is_no_name() -> None:
    """ "YOUR GUEST NUMBER IS" (read "GUESI NUNBER") over the shop's name is the counter's call, not the shop."""
    d = doc(
        centred("YOUR GUESI NUNBER IS", 20, 14),
        centred("42", 37, 14),
        centred("TACO HARBOR", 60),
        centred("2011-05-14 7:02 PM", 74),
        *receipt_body(100),
    )
    assert fields(d)["merchant"].value == "TACO HARBOR"


def test_a_seller_label_in_the_sales_rows_names_the_staff() -> None:
    """A till's "Vendeur Lucie" (the sales assistant) under the sale's date or its total is no seller block: the
    merchant heading the slip stays the seller. The same label at the top of a receipt still names the seller."""
    for staff_y in (84, 170):  # under the date; under the total
        d = doc(
            centred("MAISON BREVAL", 20, 14),
            centred("12 rue des Lilas", 37),
            centred("31000 TOULOUSE", 50),
            line("12/05/2024 10:41", 30, 70),
            line("Vendeur Lucie Caisse 3", 30, staff_y),
            line("Savon 3.20", 30, 110),
            line("Bougie 9.80", 30, 124),
            line("TOTAL 13.00", 30, 150),
        )
        assert fields(d)["merchant"].value == "MAISON BREVAL", staff_y
    top = doc(
        line("Vendeur: Atelier Corvin", 30, 20),
        centred("8 place du Marché", 37),
        centred("69001 LYON", 50),
        line("12/05/2024 10:41", 30, 70),
        line("Savon 3.20", 30, 110),
        line("TOTAL 3.20", 30, 150),
    )
    assert fields(top)["merchant"].value == "Atelier Corvin"


def test_a_tills_legal_name_under_its_shop_name_names_the_firm() -> None:
    """The labelled receipts name the company where the strip prints its legal name: "Gasthaus Huber KG" under a
    big "GASTHAUS HUBER"; "Restaurant Bakker" over "Restaurant Bakker V.O.F." is that name once, not twice; a
    shop name over more words without a legal form stays the shop name."""
    legal = doc(
        centred("GASTHAUS HUBER", 20, 20),
        centred("Gasthaus Huber KG", 44),
        centred("Grazer Str. 170", 57),
        centred("1060 Wien", 70),
        *receipt_body(100),
    )
    assert fields(legal)["merchant"].value == "Gasthaus Huber KG"
    twice = doc(
        centred("Restaurant Bakker", 20),
        centred("Restaurant Bakker V.O.F.", 33),
        centred("Moleweg 104", 46),
        centred("3511 SL Utrecht", 59),
        *receipt_body(100),
    )
    assert fields(twice)["merchant"].value == "Restaurant Bakker V.O.F."
    plain = doc(
        centred("ROADSTAR", 20, 20),
        centred("Roadstar Fuel and Food", 44),
        centred("44 Bridge Street", 57),
        centred("Naas, Co. Kildare", 70),
        *receipt_body(100),
    )
    assert fields(plain)["merchant"].value == "ROADSTAR"
    assert LEGAL_FORMS.search("Tankstop Handelsbolag") and LEGAL_FORMS.search("Volvo Aktiebolag")


def test_a_seller_the_footer_contradicts_goes_to_review_with_both_names() -> None:
    """The sender line over a window's recipient was unreadable, so the recipient's block looks like the
    letterhead; the footer names the seller with its register details. Both names reach the reviewer (the field
    is inconsistent), with the address read under each; a footer that repeats the seller raises nothing."""
    from pipeline.assemble import assemble
    from pipeline.document import FieldStatus

    def invoice(footer_name: str) -> Document:
        return doc(
            line("Yarrowium Advies B.V.", 168, 421, 36),
            line("Keizersstraat 364", 166, 459, 31),
            line("1084 RG Amsterdam", 170, 492, 31),
            line("Factuurnr. 38770", 977, 424, 31),
            line("FACTUUR 38770", 133, 779, 42),
            line("Totaal 625,60", 1000, 1300, 36),
            line(footer_name, 137, 2147, 33),
            line("KvK 23195254", 700, 2150, 26),
            line("Beukenlaan 392", 137, 2180, 30),
            line("1002 US Amsterdam", 137, 2212, 30),
            width=A4_W,
            height=A4_H,
        )

    contested = invoice("Coldharbour Logistiek V.O.F.")
    proposal = RulesExtractor().extract(contested, Invoice)
    seller, other = proposal.alternatives["vendor_name"]
    assert (seller.value, other.value) == ("Yarrowium Advies B.V.", "Coldharbour Logistiek V.O.F.")
    result = assemble(contested, Invoice, proposal)
    assert result.fields["vendor_name"].status == FieldStatus.INCONSISTENT
    assert "Coldharbour Logistiek V.O.F." in result.fields["vendor_name"].reason
    # the address read under each name goes with it
    assert [c.value for c in proposal.alternatives["vendor_address"]] == [
        "Keizersstraat 364 1084 RG Amsterdam",
        "Beukenlaan 392 1002 US Amsterdam",
    ]
    assert result.fields["vendor_address"].status == FieldStatus.INCONSISTENT
    for same in ("Yarrowium Advies B.V.", "Yarrowium Advies B.V"):
        assert "vendor_name" not in RulesExtractor().extract(invoice(same), Invoice).alternatives


def test_a_seller_named_by_its_footers_legal_notice() -> None:
    """A logo for a letterhead and the buyer's window block as the top's only text: the footer's legal notice
    names the seller, on one line ("Orvanne SAS au capital de 3.441.812 Euros − B 421 …", its minus-sign
    separators and capital stripped) or as the name alone over "Siège social …" / "SARL au capital de …"."""
    top = (
        line("ALEXINUX", 380, 110),
        line("Marc Delorme", 380, 122),
        line("27 rue des Tilleuls", 380, 134),
        line("69100 Villeurbanne", 380, 146),
        line("Facture n° 2022089083", 40, 200, 14),
        line("Désignation Nombre P.U. HT Montant HT", 40, 240),
        line("Total TTC : 56,02 €", 300, 500),
    )
    one_line = _invoice_page(
        *top,
        line(
            "Orvanne SAS au capital de 3.441.812 Euros − B 421 938 861 RCS Paris − Siège social: 8 rue Neuve",
            40,
            780,
        ),
    )
    assert one_line["vendor_name"].value == "Orvanne SAS"
    block = _invoice_page(
        *top,
        line("PRESSELINE", 260, 760),
        line("Siège social : 16 rue Mollien - 92100 BOULOGNE – Tél : 01 71 17 61 67", 60, 772),
        line("Sarl au capital de 10 000€ - RCS Paris B 530 848 134 – Siret 53084813400017", 60, 784),
    )
    assert block["vendor_name"].value == "PRESSELINE"


def test_an_address_label_and_a_doubled_comma_are_not_the_address() -> None:
    assert tidy_address("Warehouse Address: NO. 42/1 & 43, KALLI VILLAGE,, HOSKOTE TALUK") == (
        "NO. 42/1 & 43, KALLI VILLAGE, HOSKOTE TALUK"
    )
    assert tidy_address("Adresse : 3 rue Neuve, 75001 Paris") == "3 rue Neuve, 75001 Paris"
    # the label as OCR slipped on it
    assert tidy_address("Warehouse Addes: NO. 42/1, HOBLI") == "NO. 42/1, HOBLI"
    assert tidy_address("Post Office Road 5, 1234 Town") == "Post Office Road 5, 1234 Town"  # no label: kept


def test_an_address_run_onto_the_names_line_after_its_legal_form_is_cut() -> None:
    assert (
        strip_reg_tail("WS Retail Pvt. Ltd., Warehouse Address: NO. 42/1 & 43, HOBLI")
        == "WS Retail Pvt. Ltd."
    )
    assert strip_reg_tail("Bouw Vink V.O.F., Molenlaan 132, 3508 GB Utrecht") == "Bouw Vink V.O.F."
    assert (
        strip_reg_tail("Acme Inc., Labs") == "Acme Inc., Labs"
    )  # words only after the comma: still the name


def test_a_hotel_guest_is_the_customer_and_a_footer_block_may_start_above_the_last_quarter() -> None:
    """A payment receipt of a hotel booking: "Guest Name: X" names the customer, never the seller; the seller's
    firm heads a footer block that starts a little above the page's last quarter."""
    f = _invoice_page(
        line("PAYMENT RECEIPT", 120, 30, 14),
        line("Guest Name: Sanjay Rao", 40, 80),
        line("Date: 31/12/2017", 420, 80),
        line("Room Charges Rs 1939 x 1 Night Rs 1939", 40, 200),
        line("Grand Total Rs 1939", 40, 230),
        line("Meridian Stays Private Limited", 200, 612),
        line("Registered Office: Level 4, Rectangle 1, Saket, New Delhi - 110017", 60, 630),
    )
    assert f["customer_name"].value == "Sanjay Rao"
    assert f["vendor_name"].value == "Meridian Stays Private Limited"
    # the seat's address on the labelled line under the firm, its contact details left out
    assert f["vendor_address"].value == "Level 4, Rectangle 1, Saket, New Delhi - 110017"
    notice = _invoice_page(
        line("PAYMENT RECEIPT", 120, 30, 14),
        line("Grand Total Rs 1939", 40, 230),
        line("PRESSELINE", 260, 760),
        line("Siège social : 16 rue Mollien - 92100 BOULOGNE – Tél : 01 71 17 61 67", 60, 772),
        line("Sarl au capital de 10 000€ - RCS Paris B 530 848 134", 60, 784),
    )
    assert notice["vendor_address"].value == "16 rue Mollien - 92100 BOULOGNE"


def test_a_bill_to_heading_ending_in_a_block_word_and_an_attention_line_naming_the_firm() -> None:
    f = _invoice_page(
        line("Northwind Web Services, Inc.", 40, 30, 16),
        line("410 Terry Ave North", 40, 50),
        line("Seattle, WA 98109-5210", 40, 62),
        line("Bill to Address:", 320, 110),
        line("ATTN: Harbourlight Labs Limited", 320, 122),
        line("93B Sai Yu Chung", 320, 134),
        line("Yuen Long, N.T., HK", 320, 146),
        line("Invoice Number: 42183017", 40, 200),
        line("Total for this invoice $4.11", 40, 400),
    )
    assert f["customer_name"].value == "Harbourlight Labs Limited"


def test_a_web_shops_tax_invoice_with_form_fields_and_a_dated_sentence() -> None:
    """The seller's short name under the title over its tax number; "To: Firm Ltd" names the buyer (never the
    seller); "Member: …" and "Name: …" are a form's fields; "Buyer fee $20.20" is a charge, no buyer label; the
    date in a sentence at the foot is no invoice date, the order date is the only one left."""
    f = _invoice_page(
        line("Tax Invoice", 40, 30, 14),
        line("Quillmarket", 40, 48),
        line("ABN: 11 119 159 741", 40, 60),
        line("PO Box 16122", 450, 60),
        line("Collins Street West, VIC 8007", 400, 72),
        line("To:      Harbourlight Labs Ltd", 40, 100),
        line("Order date: 28 Jan 15", 430, 100),
        line("Invoice No. 12429647", 430, 112),
        line("Member: jdoe", 40, 170),
        line("Name: Jane Doe", 40, 182),
        line("Handling fee $0.00", 40, 230),
        line("Buyer fee $20.20", 40, 242),
        line("Item purchase $80.80", 40, 254),
        line("Invoice Total: $101.00", 40, 280, 14),
        line("Please print this page. All prices are in US dollars.", 40, 330, 7),
        line("Credits from this purchase will expire on 28 Jan 2016.", 40, 340, 7),
    )
    assert f["vendor_name"].value == "Quillmarket"
    assert f["customer_name"].value == "Harbourlight Labs Ltd"
    assert str(f["invoice_date"].value) == "2015-01-28"
    assert f["currency"].value == "USD"


def test_the_sellers_address_after_its_name_on_one_line() -> None:
    """A seller's statement on one line, its name and (after a comma and a label) its address: the name ends at
    its legal form, the address is the rest of the line; a footer's notice after a name is no address."""
    f = _invoice_page(
        line("Retail Invoice", 300, 20, 14),
        line(
            "Sold By : Lakeside Retail Pvt. Ltd., Warehouse Address: NO. 42/1 & 43, Hobli Road, Bangalore, India - 560067",
            10,
            70,
        ),
        line("Invoice No : BLR-20151000982590", 10, 120),
        line("Grand Total 319.00", 400, 400),
    )
    assert f["vendor_name"].value == "Lakeside Retail Pvt. Ltd."
    assert f["vendor_address"].value == "NO. 42/1 & 43, Hobli Road, Bangalore, India - 560067"


def test_kinds_of_receipt_are_titles_not_names() -> None:
    for title in ("PAYMENT RECEIPT", "Cash Receipt", "Sales receipt", "Booking Receipt No. 12"):
        assert is_title(title), title
    assert not is_title("Payment terms") and not is_title("Salesforce Ltd")


def test_an_item_row_in_the_footer_band_is_no_firm_contesting_the_seller() -> None:
    """A short invoice's table reaches into the page's bottom band, and an item's description ends like a legal
    form ("Zone AB", a fare zone; "AB" is also Sweden's Aktiebolag). With its cells of numbers beside it, on its
    line or on lines of their own, it is a row of the table, not a footer naming another seller."""

    def invoice(row: list[Line]) -> Document:
        return doc(
            line("Stadtwerke Nordheim GmbH", 168, 421, 36),
            line("Bahnhofstr. 3", 166, 459, 31),
            line("12345 Nordheim", 170, 492, 31),
            line("Rechnung Nr. 4711", 133, 779, 42),
            line("Gesamtbetrag 16,82", 1000, 1500, 36),
            *row,
            width=A4_W,
            height=A4_H,
        )

    cells = [line("Tageskarte Zone AB", 137, 2147, 30), line("8,41", 1200, 2147, 30)]
    cells += [line("2 Stk", 1500, 2147, 30), line("7%", 1800, 2147, 30)]
    one_line = [line("Tageskarte Zone AB    8,41    2 Stk    7%", 137, 2147, 30)]
    for row in (cells, one_line):
        proposal = RulesExtractor().extract(invoice(row), Invoice)
        assert proposal.fields["vendor_name"].value == "Stadtwerke Nordheim GmbH"
        assert "vendor_name" not in proposal.alternatives
    # the same words as a footer line with contact cells still name another firm
    footer = [line("Verkehrsverbund Zone AB    Tel. 030 1234 5678    Fax 030 1234 5679", 137, 2147, 30)]
    assert "vendor_name" in RulesExtractor().extract(invoice(footer), Invoice).alternatives


def test_an_address_rows_end_boxed_apart_past_the_names_column_is_kept() -> None:
    """ "Via Nazionale, 27, 00184 Roma" | "(RM)": the recogniser boxed the province apart, right of the name's
    column; it ends the same row and stays in the address. A speck read as a digit further along the row (more
    than half a line height away) is no part."""

    def header(end: str, gap: float) -> Document:
        street = centred("Via Nazionale, 27, 00184 Roma", 40)
        rest = [line(end, street.bbox.x1 + gap, 40), centred("P.IVA 12345678901", 54), *receipt_body(90)]
        return doc(centred("LIBRERIA CENTRALE", 20, 14), street, *rest)

    assert fields(header("(RM)", 2))["merchant_address"].value == "Via Nazionale, 27, 00184 Roma (RM)"
    assert fields(header("2", 6))["merchant_address"].value == "Via Nazionale, 27, 00184 Roma"


def test_a_us_zip_code_a_speck_broke_is_joined_money_and_distances_are_not() -> None:
    assert tidy_address("433 Harbor Street Austin, TX 5.7603") == "433 Harbor Street Austin, TX 57603"
    assert tidy_address("Springfield, IL 627.04") == "Springfield, IL 62704"
    for kept in ("Austin, TX 78701", "Suite 5, CA 1.5 miles", "Dallas, TX 75.2011"):
        assert tidy_address(kept) == kept


def test_a_seller_block_at_the_right_keeps_the_left_column_out_of_its_address() -> None:
    """ "Sprzedawca" over a right-hand block whose name stands level with a label of the left-hand column: the
    left column's rows are no part of the name's row, and the street under the name is the address."""
    d = doc(
        line("Faktura VAT", 60, 40, 20),
        line("Nr faktury 478/07/2022", 60, 90),
        line("Sprzedawca", 440, 84),
        line("Kowalczyk & Borkowski s.c.", 400, 97, 13),
        line("Miejsce wystawienia Gdańsk", 60, 104),
        line("ul. Kwiatowa 263/5", 440, 113),
        line("Data wystawienia 07.07.2022", 60, 118),
        line("80-602 Gdańsk", 440, 126),
        line("NIP: 8394942690", 440, 139),
        line("Nabywca", 60, 190),
        line("Dąbrowski & Wróblewski S.A.", 60, 203),
        line("ul. Słoneczna 391", 60, 216),
        line("50-345 Wrocław", 60, 229),
        line("Razem do zapłaty 25 500,36 zł", 60, 320),
        width=600,
    )
    found = fields(d, Invoice)
    assert found["vendor_name"].value == "Kowalczyk & Borkowski s.c."
    assert found["vendor_address"].value == "ul. Kwiatowa 263/5, 80-602 Gdańsk"


def test_a_uk_postcode_under_its_town_is_the_address_end_not_a_company_number() -> None:
    """ "LS15PS" (the space lost) under "Leeds" is the postcode: kept, and given its space back; a company
    number alone on a row ("801580-T") under the name stays out."""
    assert tidy_address("Mill Business Park Leeds LS15PS") == "Mill Business Park Leeds LS1 5PS"
    assert tidy_address("Calgary T2P2T7") == "Calgary T2P2T7"
    assert tidy_address("36 Station Road Singapore238859") == "36 Station Road Singapore 238859"
    d = doc(
        line("Pellhamtek Facilities LLP", 40, 20, 14),
        line("Unit 2, Mill Business Park", 40, 40),
        line("Leeds", 40, 53),
        line("LS15PS", 40, 66),
        line("VAT Registration No. GB 574 9517 41", 40, 79),
        line("INVOICE 34233", 400, 20, 14),
        line("Total £65,641.10", 400, 300),
        width=600,
    )
    assert fields(d, Invoice)["vendor_address"].value == "Unit 2, Mill Business Park Leeds LS1 5PS"


def test_the_row_after_a_state_and_its_zip_is_no_address_unless_it_is_the_country() -> None:
    def address(last: str) -> str:
        d = doc(
            centred("HARPER PHARMACY LLC", 20, 14),
            centred("186 Washington Blvd", 37),
            centred("Columbus, OH 43282", 50),
            centred(last, 63),
            *receipt_body(100),
        )
        return fields(d)["merchant_address"].value

    assert address("Store 628") == "186 Washington Blvd Columbus, OH 43282"
    assert address("USA") == "186 Washington Blvd Columbus, OH 43282 USA"


def test_a_return_address_line_boxed_in_parts_heads_no_block_of_the_recipients() -> None:
    """The letterhead name printed again in the small return-address line, its street boxed apart and garbled
    ("Carver Supply Limted" | "152" | "STR"): the recipient's block under it is not the seller's address; the
    footer's block under the seller's name is."""

    def invoice(sender_parts: list[Line]) -> Document:
        return doc(
            line("Carver Supply Limited", 114, 86, 40),
            *sender_parts,
            line("Langley Printing Corp.", 112, 285, 30),
            line("136 High Street", 112, 311, 30),
            line("Bristol BS1 5TR", 112, 337, 30),
            line("Invoice Number INV-70503", 704, 285, 28),
            line("TAX INVOICE INV-70503", 114, 514, 34),
            line("Total £1,723.36", 900, 900, 30),
            line("Carver Supply Limited", 114, 2100, 26),
            line("152 Industrial Pkwy", 114, 2128, 26),
            line("Bristol BS1 5TR", 114, 2156, 26),
            width=A4_W,
            height=A4_H,
        )

    boxed = invoice(
        [line("Carver Supply Limted", 114, 248, 27), line("152", 249, 255, 14), line("STR", 458, 254, 14)]
    )
    assert fields(boxed, Invoice)["vendor_address"].value == "152 Industrial Pkwy Bristol BS1 5TR"


def test_a_sender_line_whose_second_separator_a_scan_lost_still_names_the_seller() -> None:
    """ "Firm AS • Kongens gate 52 7011" / "Trondheim": the bullet before the postcode lost in a scan, the town
    wrapped onto a line of its own. Postcode and town made by the two lines together keep it a return-address
    line, so the recipient under it is the buyer, not the seller."""
    d = doc(
        line("Nordlys Design AS • Kongens gate 52 7011", 40, 80, 7),
        line("Trondheim", 40, 89, 7),
        line("Vestland Regnskap AS", 40, 100),
        line("Storgata 24", 40, 113),
        line("0155 Oslo", 40, 126),
        line("FAKTURA 23891", 40, 190, 14),
        width=600,
    )
    found = fields(d, Invoice)
    assert found["vendor_name"].value == "Nordlys Design AS"
    assert found["vendor_address"].value == "Kongens gate 52 7011 Trondheim"
    assert found["customer_name"].value == "Vestland Regnskap AS"


@pytest.mark.parametrize(
    "sender",
    [
        "Sabine Krüger • Hauptstraße 75 . 10115 Berlin",  # the second bullet read as a full stop
        "Sabine Krüger• Hauptstraße 75 • 10115 Berlin",  # the first glued to the name
    ],
)
def test_a_sender_line_whose_bullets_a_scan_misread_still_names_the_seller(sender: str) -> None:
    d = doc(
        line(sender, 40, 80, 7),
        line("Lindner & Partner GbR", 40, 95),
        line("Bahnhofstr. 73", 40, 108),
        line("8001 Zürich", 40, 121),
        line("RECHNUNG 2023-17", 40, 190, 14),
        width=600,
    )
    found = fields(d, Invoice)
    assert found["vendor_name"].value == "Sabine Krüger"
    assert found["vendor_address"].value == "Hauptstraße 75, 10115 Berlin"
    assert found["customer_name"].value == "Lindner & Partner GbR"


def test_a_phone_boxed_apart_beside_the_street_does_not_end_the_sellers_address() -> None:
    """A scan's recogniser reads "32 King Street" and the phone number right of it as two boxes on one row: the
    phone is a cell of its own, so the town on the next row still belongs to the address (a text layer merges
    the two into one line with a wide gap, which already reads so)."""
    d = doc(
        line("Taxable invoice num.: INV-20241269", 330, 20),
        line("Provider", 40, 50),
        line("Pinheiro Consulting LLC", 40, 70),
        line("32 King Street", 40, 86),
        line("+340 419 982131", 140, 86),
        line("94103 San Francisco", 40, 102),
        line("Customer", 330, 150),
        line("Silverline Supplies Inc.", 330, 170),
        line("Suite 92, 40 Mill Lane", 330, 186),
        width=600,
    )
    assert fields(d, Invoice)["vendor_address"].value == "32 King Street, 94103 San Francisco"
