"""The vendor block on documents nobody tuned for: OCR look-alikes, courtesy lines, company numbers, names over
two rows, and a seller address printed only in the footer or a return-address line whose separators OCR lost.

Documents are hand-built like OCR output (see tests/test_extract_parties.py for the geometry helpers).
"""

from __future__ import annotations

import pytest

from pipeline.document import Document, Line
from pipeline.extract.name_text import repair_name, strip_reg_tail
from pipeline.extract.seller_repeat import name_key
from pipeline.lookalikes import repair_lookalikes
from schemas import Invoice
from tests.test_extract_parties import centred, doc, fields, line, receipt_body

A4_W, A4_H = 1240.0, 1754.0


def header(*rows: str, y: float = 20, big: str | None = None) -> list[Line]:
    """A centred receipt header: an optional larger name row, then 10-px rows 13 px apart."""
    out = []
    if big is not None:
        out.append(centred(big, y, 14))
        y += 17
    for text in rows:
        out.append(centred(text, y))
        y += 13
    return out


@pytest.mark.parametrize("phone", ["Te1. 03-1234 5678", "TeI: 03-1234 5678", "Te1:03-1234 5678"])
def test_a_phone_label_read_with_look_alikes_ends_the_address(phone: str) -> None:
    d = doc(
        *header(
            "NO. 12, JALAN MAWAR 3,",
            "TAMAN INDAH, 50000 KUALA LUMPUR",
            phone,
            big="GREENFIELD TRADING SDN BHD",
        ),
        *receipt_body(120),
    )
    f = fields(d)
    assert f["merchant_address"].value == "NO. 12, JALAN MAWAR 3, TAMAN INDAH, 50000 KUALA LUMPUR"


@pytest.mark.parametrize(
    "tax_line",
    [
        "C.1.F.B82871831",
        "C.I.F. B82871831",
        "N.l.F. 12345678Z",
        "UID-N.ATU99032625",  # Austria's VAT id, its label misread
        "BN 913694250RT0001",  # Canada's business number
        "FSSAI Lic No. 47719849812757",  # India's food licence
        "0rg.nr 558168-0000",  # a Swedish company number, its O read as a zero
    ],
)
def test_a_tax_id_line_read_with_look_alikes_ends_the_address(tax_line: str) -> None:
    d = doc(
        *header("Avda. de San Vicente, 435", "08449 Barcelona", tax_line, big="NETHRA SERVICIOS S.L."),
        *receipt_body(120),
    )
    assert fields(d)["merchant_address"].value == "Avda. de San Vicente, 435 08449 Barcelona"


def test_a_phone_after_a_one_letter_or_run_together_label_ends_the_address() -> None:
    d = doc(
        *header(
            "Lot 6, Jalan Batai, Plaza Batai,",
            "Damansara Heights 50490, Kuala Lumpur",
            "T: 03-2093 7358|F: 03-2093 7359",
            big="Bistro Contoh Sdn Bhd",
        ),
        *receipt_body(120),
    )
    assert (
        fields(d)["merchant_address"].value
        == "Lot 6, Jalan Batai, Plaza Batai, Damansara Heights 50490, Kuala Lumpur"
    )


def test_courtesy_lines_left_at_the_top_are_never_the_name() -> None:
    """A roll torn late prints the previous receipt's footer above the header."""
    d = doc(
        centred("Thank You. Please come again.", 10, 14),
        centred("Goods Sold Are Not Returnable.", 27, 14),
        *header("(317041-W)", "PT1792, SEKSYEN 9,", "40150 SHAH ALAM", y=60, big="Maju Cash & Carry Sdn.Bhd"),
        *receipt_body(140),
    )
    f = fields(d)
    assert f["merchant"].value == "Maju Cash & Carry Sdn.Bhd"
    assert f["merchant_address"].value == "PT1792, SEKSYEN 9, 40150 SHAH ALAM"


def test_tax_line_and_outlet_code_between_name_and_address_are_skipped() -> None:
    d = doc(
        *header(
            "(Co. No. 113825-W)",
            "(GST Reg No. 001492992000)",
            "Site: 2395",
            "No 8, Jalan 7/118B, Desa Tun Razak",
            "56000 Kuala Lumpur, Malaysia",
            "Tel : 03-9201 6281",
            big="SEMPURNA BOOK CO. (M) SDN BHD",
        ),
        *receipt_body(150),
    )
    f = fields(d)
    assert f["merchant_address"].value == "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia"


def test_outlet_code_under_the_address_ends_it_and_a_po_box_stays() -> None:
    d = doc(
        *header(
            "Lot 18, Jalan Sierra 2",
            "81750 Masai Johor",
            "Site:2591",
            "Telephone: 073000190",
            big="MAJU KIOSK",
        ),
        *receipt_body(150),
    )
    assert fields(d)["merchant_address"].value == "Lot 18, Jalan Sierra 2 81750 Masai Johor"
    d = doc(*header("Box: 1234", "81750 Masai Johor", big="MAJU KIOSK"), *receipt_body(150))
    assert fields(d)["merchant_address"].value == "Box: 1234 81750 Masai Johor"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("KEDAI MAJU S/B 273500-U (KJ1)", "KEDAI MAJU S/B"),
        ("KEDAI MAJU S/B 273500-U{GKJ}", "KEDAI MAJU S/B"),
        ("#000002 KEDAI MAJU (M) Sdn Bhd", "KEDAI MAJU (M) Sdn Bhd"),
    ],
)
def test_company_numbers_and_counters_printed_with_the_name_are_cut(printed: str, name: str) -> None:
    d = doc(*header("NO. 41, JALAN SERI 2,", "52100 KUALA LUMPUR.", big=printed), *receipt_body(100))
    f = fields(d)
    assert f["merchant"].value == name
    assert f["merchant_address"].value == "NO. 41, JALAN SERI 2, 52100 KUALA LUMPUR."


def test_a_labelled_company_number_under_the_name_is_neither_name_nor_address() -> None:
    d = doc(
        *header(
            "Co-REG:860671-D",
            "LOT 18-A, JALAN KPB 6,",
            "43300 SERI KEMBANGAN, SELANGOR",
            big="TOKO RIANG (M) SDN BHD",
        ),
        *receipt_body(110),
    )
    f = fields(d)
    assert f["merchant"].value == "TOKO RIANG (M) SDN BHD"
    assert f["merchant_address"].value == "LOT 18-A, JALAN KPB 6, 43300 SERI KEMBANGAN, SELANGOR"


def test_a_company_number_closes_a_name_ending_with_a_comma() -> None:
    d = doc(
        *header(
            "URBAN PLAN SDN BHD (417940-M),",
            "A-G-06, DATARAN CONTOH,",
            "47301 PETALING JAYA, SELANGOR",
        ),
        *receipt_body(90),
    )
    f = fields(d)
    assert f["merchant"].value == "URBAN PLAN SDN BHD"
    assert f["merchant_address"].value == "A-G-06, DATARAN CONTOH, 47301 PETALING JAYA, SELANGOR"


def test_a_legal_form_on_its_own_left_aligned_row_completes_the_name() -> None:
    d = doc(
        line("Cash Sale", 30, 5),
        line("SEGARAN HOLDINGS", 30, 30, 12),
        line("SDN. BHD.", 30, 45, 12),
        line("249336-T", 30, 60),
        line("NO.17 & 41, JALAN BESAR,", 30, 73),
        line("39100 BRINCHANG, PAHANG", 30, 86),
        *receipt_body(120),
    )
    f = fields(d)
    assert f["merchant"].value == "SEGARAN HOLDINGS SDN. BHD."
    assert f["merchant_address"].value == "NO.17 & 41, JALAN BESAR, 39100 BRINCHANG, PAHANG"


def test_a_second_row_starting_with_an_ampersand_continues_the_name() -> None:
    d = doc(
        centred("THE OLIVE GROVE", 20, 12),
        centred("& TEA HOUSE (M) SDN. BHD.", 35, 12),
        *header("LOT F36, FIRST FLOOR,", "81100 JOHOR BAHRU", y=52),
        *receipt_body(100),
    )
    assert fields(d)["merchant"].value == "THE OLIVE GROVE & TEA HOUSE (M) SDN. BHD."


def test_a_branch_caption_above_the_name_is_not_joined_to_it() -> None:
    d = doc(
        centred("KIKU RAMEN HOUSE", 20, 12),
        centred("TK KITCHEN SDN BHD", 35, 12),
        *header("(123456-A)", "NO. 3, JALAN SATU,", "50450 KUALA LUMPUR", y=52),
        *receipt_body(110),
    )
    assert fields(d)["merchant"].value == "TK KITCHEN SDN BHD"


def test_a_logo_fragment_read_as_one_big_word_loses_to_the_printed_name() -> None:
    d = doc(
        centred("LndM", 5, 30),
        *header(
            "(001610235-P)",
            "NO.12, JALAN SS4C/5,",
            "47301 PETALING JAYA",
            y=45,
            big="HARMONI KITCHEN RESTAURANT",
        ),
        *receipt_body(120),
    )
    f = fields(d)
    assert f["merchant"].value == "HARMONI KITCHEN RESTAURANT"
    assert f["merchant_address"].value == "NO.12, JALAN SS4C/5, 47301 PETALING JAYA"


def test_a_second_name_row_over_the_company_number_is_not_the_street() -> None:
    d = doc(
        *header("JADE HOUSE", "002693074-K", "13, JLN TASIK UTAMA 8", "57000 KL", big="RESTAURANT JADE"),
        *receipt_body(110),
    )
    assert fields(d)["merchant_address"].value == "13, JLN TASIK UTAMA 8 57000 KL"


def test_look_alike_digits_in_name_words_are_read_as_letters() -> None:
    d = doc(
        *header("NO 8, JALAN 7/118B,", "56000 KUALA LUMPUR", big="SEMPURNA B00K CO. (M) 5dn Bhd"),
        *receipt_body(90),
    )
    name = fields(d)["merchant"]
    assert name.value == "SEMPURNA BOOK CO. (M) Sdn Bhd"
    assert "B00K" in name.evidence.text  # evidence stays what was printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("B00K", "BOOK"),
        ("S0ON", "SOON"),
        ("F00DICI0US", "FOODICIOUS"),
        ("1DEA", "IDEA"),
        ("5dn", "Sdn"),
        ("Consei1", "Conseil"),
        ("B1aufe1d", "Blaufeld"),
        ("D.1.Y.", "D.I.Y."),
        ("S/8", "S/B"),
        ("o.0.", "o.o."),  # initials' case: the initial before the digit's ("Sp. z o.o.", "S.r.l.")
        ("S.r.1.", "S.r.l."),
        ("LAND-BI0", "LAND-BIO"),  # a lone zero closing capitals is an O
        ("STUDI0", "STUDIO"),
    ],
)
def test_name_words_repair_look_alike_digits(read: str, printed: str) -> None:
    assert repair_lookalikes(read, in_name=True) == printed


@pytest.mark.parametrize(
    "code",
    [
        "OLIVE9",
        "7-ELEVEN",
        "99",
        "B2B",
        "3M",
        "1ST",
        "2nd",
        "SHOP1",
        "1MALAYSIA",
        "5/8",
        "A1",
        "K1A0B1",
        "SHOP10",
        "X100",
    ],
)
def test_name_words_keep_real_codes_and_numbers(code: str) -> None:
    assert repair_lookalikes(code, in_name=True) == code
    assert repair_name(f"{code} PHARMACY") == f"{code} PHARMACY"


def test_strip_reg_tail_keeps_numbers_that_belong_to_the_name() -> None:
    assert strip_reg_tail("88 SUNRISE MART S/B") == "88 SUNRISE MART S/B"
    assert strip_reg_tail("AMPANG 210 PARKING SDN BHD") == "AMPANG 210 PARKING SDN BHD"
    assert strip_reg_tail("MR.D.I.Y (M) SDN BHD Co-REG:860671-D") == "MR.D.I.Y (M) SDN BHD"
    # a short company number after the legal form, its opening bracket misread as a letter
    assert strip_reg_tail("THE STORE (MALAYSIA) SDN BHD C8199K)") == "THE STORE (MALAYSIA) SDN BHD"
    assert (
        strip_reg_tail("NORTH SIDE TRADING 2000") == "NORTH SIDE TRADING 2000"
    )  # a bare number may be named


def test_name_key_compares_two_prints_of_one_name() -> None:
    assert name_key("Stadtfeld Bürobedarf GmbH") == name_key("Stadtfeld Burobedarf GmbH")
    assert name_key("Consei1 Morel SAS") == name_key("Conseil Morel SAS")
    assert name_key("Harlow Printing Co.") != name_key("Harlow Painting Co.")


def letter(*lines: Line) -> Document:
    return doc(*lines, width=A4_W, height=A4_H)


def letter_body() -> list[Line]:
    """Recipient window, info block, title, one item and totals, as a DIN-style letter prints them."""
    return [
        line("Berger Malerbetrieb KG", 130, 320, 26),
        line("Industriestraße 60", 130, 356, 26),
        line("04109 Leipzig", 130, 384, 26),
        line("Rechnungsnummer", 800, 325, 26),
        line("RE-2024-0042", 1120, 325, 26),
        line("Rechnungsdatum", 800, 359, 26),
        line("05.03.2024", 1160, 359, 26),
        line("Rechnung RE-2024-0042", 130, 584, 36),
        line("Beratung", 140, 742, 26),
        line("1.000,00", 1190, 742, 26),
        line("Gesamtbetrag", 800, 1015, 26),
        line("1.190,00 EUR", 1120, 1015, 26),
    ]


def test_seller_address_read_from_the_footer_when_the_letterhead_has_none() -> None:
    d = letter(
        line("Linden Elektro GmbH", 127, 98, 45),
        line("LE", 1141, 106, 60),
        *letter_body(),
        line("Linden Elektro GmbH", 127, 1859, 26),
        line("Tel. 0351 123456", 640, 1859, 26),
        line("Am Markt 62", 130, 1887, 22),
        line("01067 Dresden", 129, 1907, 26),
        line("Seite 1", 1213, 1932, 30),
    )
    d.pages[0].height = 1988.0
    f = fields(d, Invoice)
    assert f["vendor_name"].value == "Linden Elektro GmbH"
    assert f["vendor_address"].value == "Am Markt 62 01067 Dresden"
    assert "Tel" not in f["vendor_address"].evidence.text


@pytest.mark.parametrize(
    "sender",
    [
        "Linden Elektro GmbH. Am Markt 62. 01067 Dresden",  # the middle dots read as full stops
        "Linden Elektro GmbH Am Markt 62 01067 Dresden",  # or lost
        "Linden Elektro GmbH- Am Markt 62 : 01067 Dresden",
    ],
)
def test_seller_address_read_from_a_return_address_line_whose_separators_ocr_lost(sender: str) -> None:
    d = letter(line("Linden Elektro GmbH", 127, 98, 45), line(sender, 130, 283, 20), *letter_body())
    f = fields(d, Invoice)
    assert f["vendor_address"].value.replace(".", "").replace(":", "").split() == [
        "Am",
        "Markt",
        "62",
        "01067",
        "Dresden",
    ]
    assert f["vendor_address"].evidence.text.startswith("Am Markt")  # the name before it is not the address


def test_an_address_from_a_return_address_line_is_tidied_like_any_other() -> None:
    sender = "Linden Elektro GmbH · Mühlenallee474a · 01067 Dresden"
    d = letter(line("Linden Elektro GmbH", 127, 98, 45), line(sender, 130, 283, 20), *letter_body())
    assert fields(d, Invoice)["vendor_address"].value == "Mühlenallee 474a, 01067 Dresden"


def test_without_a_second_print_of_the_name_no_address_is_invented() -> None:
    """The recipient's block has a postcode too, but it is under another name: it is never the seller's."""
    d = letter(line("Linden Elektro GmbH", 127, 98, 45), *letter_body())
    assert "vendor_address" not in fields(d, Invoice)


def test_opening_hours_are_not_a_return_address_line() -> None:
    d = doc(
        *header(
            "3 FLOOR, TAMAN MALURI SC",
            "CHERAS, 55100 KUALA LUMPUR",
            "GST ID : 002017394688",
            "SHOPPING HOURS",
            "SUN - THU:1000 HRS - 2200 HRS",
            big="AEON CO. (M) BHD. (126926-H)",
        ),
        *receipt_body(130),
    )
    f = fields(d)
    assert f["merchant"].value == "AEON CO. (M) BHD."
    assert f["merchant_address"].value == "3 FLOOR, TAMAN MALURI SC CHERAS, 55100 KUALA LUMPUR"


def test_a_brand_over_the_firms_full_name_and_a_footer_name_run_into_its_phone() -> None:
    """ "Larkspurio" in large type over "Larkspurio Consulting Enterprises": the seller is the full name, and the
    address starts under it. A footer cell "Jesperaware Softwarelösungen GmbH" run together with the phone of the
    next cell names the seller of a page with no letterhead name carrying a legal form."""
    d = doc(
        line("Larkspurio", 40, 40, 24),
        line("Larkspurio Consulting Enterprises", 40, 70),
        line("Plot No. 218, Ganesh Industrial Area", 40, 84),
        line("Pune, Maharashtra - 411010", 40, 98),
        line("GST INVOICE", 400, 40, 20),
        line("Invoice No. INV/25-26/9412", 400, 84),
        line("Invoice Date 14/04/2025", 400, 98),
        *receipt_body(300),
        width=600,
    )
    got = fields(d, Invoice)
    assert got["vendor_name"].value == "Larkspurio Consulting Enterprises"
    assert "Larkspurio" not in got["vendor_address"].value and "411010" in got["vendor_address"].value
    d = doc(
        line("Jesperaware", 40, 40, 24),
        line("Rechnung", 400, 40, 20),
        line("Rechnung Nr. RG 22/5220", 400, 84),
        line("Datum 25.06.2022", 400, 98),
        *receipt_body(300),
        line("Jesperaware Softwarelösungen GmbH Tel. 0311 420980", 40, 820, 8),
        line("Amtsgericht Hohenfeld HRB 99896", 400, 820, 8),
        width=600,
    )
    assert fields(d, Invoice)["vendor_name"].value == "Jesperaware Softwarelösungen GmbH"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("NO 29O, JALAN AIR PANAS, 53200", "NO 290, JALAN AIR PANAS, 53200"),
        ("Jalan SS21/39, 47400 Peta1ing Jaya", "Jalan SS21/39, 47400 Petaling Jaya"),
        ("No.49, Jalan U3/G, Subang", "No.49, Jalan U3/G, Subang"),
        ("Avda. de Alcalá, 13, 11o B", "Avda. de Alcalá, 13, 11o B"),  # a floor's "11º" as read
        ("al. Lipowa240, 80-634 Gdańsk", "al. Lipowa 240, 80-634 Gdańsk"),  # the space before the number lost
        ("Damansara Uptown3 No.3", "Damansara Uptown3 No.3"),  # a building's name with its digit
        ("MG Road Mumba1 400039", "MG Road Mumba1 400039"),
        ("294 rue de I'Industrie", "294 rue de l'Industrie"),
        ("8 0rchard Rd, 0akland, CA 94607", "8 Orchard Rd, Oakland, CA 94607"),  # no number opens with 0 so
        ("Lot 0.5ac, Unit 10kg", "Lot 0.5ac, Unit 10kg"),
        ("No 4, BIk C, 2nd FIr, J1n Mawar", "No 4, Blk C, 2nd Flr, Jln Mawar"),  # a small l read as I or 1
        ("12 McIntosh Rd, OIL Plaza", "12 McIntosh Rd, OIL Plaza"),
        (
            "JI. Merdeka No. 136, J1. Gatot Subroto",
            "Jl. Merdeka No. 136, Jl. Gatot Subroto",
        ),  # a street word cut short
        (
            "1061 Budapest, VI. ker. Andrássy út 5.",
            "1061 Budapest, VI. ker. Andrássy út 5.",
        ),  # a Roman numeral
        (
            "Viale Europa, 142 40121 Bologna (B0)",
            "Viale Europa, 142 40121 Bologna (BO)",
        ),  # no digit in a province
    ],
)
def test_address_words_repair_look_alikes_and_keep_codes_and_floors(read: str, printed: str) -> None:
    from pipeline.extract.name_text import tidy_address

    assert tidy_address(read) == printed
