"""Business letters and freelancers' invoices typeset the classic way: who sent them, their number, their due date
and their rows, on hand-built Documents.

The layouts are those of letter classes and invoice templates (a window envelope's return-address line in small
print, the buyer's block as prominent as the seller's, the sender repeated alone in the footer, the number in a
reference line of labels over values, the due date in a sentence); none of it names a firm or a file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pipeline.backbone.text_lines import group_lines
from pipeline.document import BBox, Document, Line, Page, TextSource, Word
from pipeline.extract.column_roles import role_of
from pipeline.extract.line_kinds import LEGAL_FORMS
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice
from tests.test_extract_parties import line

W, H = 595.0, 842.0


def doc(*lines: Line) -> Document:
    for i, ln in enumerate(lines, 1):
        ln.id = f"p1-l{i}"
    page = Page(number=1, width=W, height=H, lines=list(lines), source=TextSource.TEXT_LAYER)
    return Document(path=Path("letter.pdf"), sha256="0" * 64, kind="pdf", pages=[page])


def fields(d: Document) -> dict:
    return {
        k: (c.value if c is not None else None)
        for k, c in RulesExtractor().extract(d, Invoice).fields.items()
    }


def letter_body(y: float, number: str = "RE-2024-017") -> list[Line]:
    """The reference line, salutation, one row and the sums: enough text for a realistic median line height."""
    return [
        line("Customer no.", 60, y, 8),
        line("Invoice no.", 250, y, 8),
        line("Date", 450, y, 8),
        line("K4711", 60, y + 12),
        line(number, 250, y + 12),
        line("12 March 2024", 450, y + 12),
        line("Dear Sir or Madam,", 80, y + 50),
        line("for the work done in 03/2024 we charge you as follows:", 80, y + 70),
        line("Net Total 400.00", 380, y + 110),
        line("VAT 80.00", 410, y + 125),
        line("Gross Total 480.00", 370, y + 140),
        line("Yours faithfully", 80, y + 180),
    ]


def test_a_return_address_line_of_commas_in_small_print_names_the_seller_without_a_legal_form() -> None:
    """ "Jane Porter, 81 Harbour Road, Bristol BS1 4QA" over the window: the sender, though only commas part it
    and no legal form marks the name, and the block under it (a firm with its form) is the buyer."""
    d = doc(
        line("Jane Porter", 60, 50),
        line("81 Harbour Road", 60, 63),
        line("Bristol BS1 4QA", 60, 76),
        line("Jane Porter, 81 Harbour Road, Bristol BS1 4QA", 300, 120, 6),
        line("Kestrel Design LLC", 320, 160),
        line("24 King Street", 320, 173),
        line("Manchester M2 4LQ", 320, 186),
        *letter_body(260),
    )
    got = fields(d)
    assert got["vendor_name"] == "Jane Porter"
    assert got["customer_name"] == "Kestrel Design LLC"


def test_a_partnership_under_civil_law_is_a_legal_form() -> None:
    for name in ("Lindner & Partner GbR", "Krüger Rechtsanwälte PartGmbB", "Vogel Steuerberater PartG"):
        assert LEGAL_FORMS.search(name), name
    assert not LEGAL_FORMS.search("Gebrauchtwagen")


def test_a_name_alone_in_the_footer_beside_its_address_is_the_sellers() -> None:
    """The buyer's firm top left, as large as the seller's name under the title on the right: the footer's
    "Jane Porter" | "40 Harbour Road, Bristol BS1 4QA" names the seller."""
    d = doc(
        line("Invoice", 420, 40, 24),
        line("Jane Porter", 300, 75, 12),
        line("40 Harbour Road", 300, 90),
        line("Bristol BS1 4QA", 300, 103),
        line("Brightwater Studio Inc.", 50, 130, 12),
        line("Invoice number: 42577", 300, 131, 8),
        line("62 Harbour Road", 50, 145),
        line("Invoice date: 7th November 2023", 300, 142, 8),
        line("Bristol BS1 4QA", 50, 158),
        line("Deadline: 7th December 2023", 300, 153, 8),
        line("Description", 50, 250),
        line("Item price VAT Sum", 380, 250),
        line("Copy editing", 50, 270),
        line("$138.00 10 % $151.80", 380, 270),
        line("Subtotal: $138.00", 430, 330),
        line("VAT: $13.80", 450, 343),
        line("Total: $151.80", 440, 356),
        line("Jane Porter", 50, 800, 7),
        line("40 Harbour Road, Bristol BS1 4QA", 200, 800, 7),
        line("post@example.com", 450, 800, 7),
    )
    got = fields(d)
    assert got["vendor_name"] == "Jane Porter"
    assert got["customer_name"] == "Brightwater Studio Inc."
    assert got["due_date"] == date(2023, 12, 7)  # "Deadline:" labels the due date
    items = got["line_items"]
    assert [(i["description"], i["unit_price"], i["amount"]) for i in items] == [
        ("Copy editing", Decimal("138.00"), Decimal("151.80"))
    ]  # "Item price" heads the unit prices


def test_a_letterhead_with_its_phone_and_mail_outweighs_the_recipients_legal_form() -> None:
    d = doc(
        line("Oakridge Consulting", 50, 40),
        line("5 King Street", 50, 53),
        line("Manchester M2 4LQ", 50, 66),
        line("Phone: +44 161 3968390", 50, 79),
        line("Email: post@example.com", 50, 92),
        line("Harbor Works Ltd", 50, 170),
        line("32 Elm Street", 50, 183),
        line("Springfield, IL 62704", 50, 196),
        *letter_body(260),
    )
    got = fields(d)
    assert got["vendor_name"] == "Oakridge Consulting"
    assert got["customer_name"] == "Harbor Works Ltd"


def test_eight_digits_under_a_number_label_are_the_number_though_they_spell_a_date() -> None:
    """A year-month-counter number ("20230621") read as 21 June 2023 was no number at all."""
    got = fields(doc(line("Lindner & Partner GbR", 60, 50), *letter_body(200, number="20230621")))
    assert got["invoice_number"] == "20230621"
    got = fields(doc(line("Lindner & Partner GbR", 60, 50), line("Rechnung Nr. 20230621", 60, 150)))
    assert got["invoice_number"] == "20230621"
    # a dated title keeps its date out of the number
    got = fields(doc(line("Lindner & Partner GbR", 60, 50), line("Rechnung 21.06.2023", 60, 150)))
    assert got.get("invoice_number") is None


def test_a_due_date_in_the_closing_sentence() -> None:
    d = doc(
        line("Lindner & Partner GbR", 60, 50),
        *letter_body(200),
        line("Please pay the gross total by 26 March 2024.", 80, 370),
    )
    assert fields(d)["due_date"] == date(2024, 3, 26)


def test_item_price_and_posten_head_their_columns_and_the_norwegian_vat_basis_is_the_subtotal() -> None:
    assert role_of("Item price") == "unit_price"
    assert role_of("Posten") == "description"
    d = doc(
        line("Fjord Data AS", 60, 50),
        line("Beskrivelse", 60, 200),
        line("Enhetspris MVA Sum", 380, 200),
        line("Rådgivning", 60, 220),
        line("233,00 kr 15 % 267,95 kr", 380, 220),
        line("MVA-grunnlag: 233,00 kr", 400, 300),
        line("MVA: 34,95 kr", 430, 313),
        line("Å betale: 267,95 kr", 410, 326),
    )
    got = fields(d)
    assert got["subtotal"] == Decimal("233.00")
    assert [i["description"] for i in got["line_items"]] == ["Rådgivning"]


def _words(*spec: tuple[str, float, float]) -> list[tuple[str, float, float, float, float]]:
    return [(text, x0, 100.0, x1, 112.0) for text, x0, x1 in spec]


def test_a_decimal_comma_set_apart_by_a_thin_space_stays_one_word() -> None:
    """TeX's math comma prints "389, 00 €" with a thin space (a sixth of an em) the text layer reads as a word
    break; the row and column readers then saw "389," and "00". A word space, or a list, keeps them apart."""
    thin = group_lines(_words(("389,", 100, 118), ("00", 119.5, 130), ("€", 132, 138)))
    assert [w.text for w in thin[0].words] == ["389,00", "€"]
    wide = group_lines(_words(("Pos.", 60, 80), ("1,", 100, 106), ("23", 109, 121)))
    assert [w.text for w in wide[0].words] == ["Pos.", "1,", "23"]
    paper = group_lines(_words(("A4,", 100, 118), ("80", 120, 130), ("g/m²", 133, 150)))
    assert [w.text for w in paper[0].words] == ["A4,", "80", "g/m²"]  # a list after a word, not a number
    scanned = group_lines(
        [
            Word(text=t, bbox=BBox(x0=a, y0=100, x1=b, y1=112))
            for t, a, b in (("389,", 100, 118), ("00", 119.5, 130))
        ],
        source=TextSource.OCR,
    )
    assert [w.text for w in scanned[0].words] == ["389,", "00"]  # a recogniser's boxes are not glyph-exact


def test_two_blocks_the_layout_cannot_tell_apart_go_to_review_with_both_names() -> None:
    """Two unlabelled blocks of the same size, neither with a legal form, a phone or a footer to tell the
    seller's: the pick is a guess, so the runner-up is offered beside it and the field is flagged, however sure
    the scorer is of letterhead names in general. The buyer block read as the other one is offered swapped too."""
    from pipeline.assemble import assemble

    d = doc(
        line("Nordwind Medien", 50, 60, 12),
        line("Gartenweg 12", 50, 75),
        line("80331 München", 50, 88),
        line("Kestrel Design", 330, 60, 12),
        line("Hauptstraße 7", 330, 75),
        line("10115 Berlin", 330, 88),
        *letter_body(200),
    )
    proposal = RulesExtractor().extract(d, Invoice)
    seller = proposal.fields["vendor_name"].value
    assert seller in ("Nordwind Medien", "Kestrel Design")
    offered = [c.value for c in proposal.alternatives["vendor_name"]]
    assert offered == [seller, ({"Nordwind Medien", "Kestrel Design"} - {seller}).pop()]
    result = assemble(d, Invoice, proposal)
    assert "vendor_name" in result.review
    # a clear letterhead offers no rival
    clear = doc(
        line("Nordwind Medien GmbH", 50, 60, 14), line("Phone: +49 30 1234567", 50, 78), *letter_body(200)
    )
    assert "vendor_name" not in RulesExtractor().extract(clear, Invoice).alternatives


def test_a_return_address_line_wrapped_onto_a_second_line_still_names_the_sender() -> None:
    """Nordwind IT GmbH • Bahnhofstr. 95 • 8001" / "Zürich": the town wrapped under the window's return line;
    the recipient's block starts under it, and the wrapped town is no recipient."""
    d = doc(
        line("Nordwind IT GmbH • Bahnhofstr. 95 • 8001", 90, 130, 7),
        line("Zürich", 90, 139, 7),
        line("Lindner & Partner GbR", 90, 158),
        line("Bahnhofstr. 6", 90, 171),
        line("8001 Zürich", 90, 184),
        line("Deres brev av", 30, 260, 7),
        line("Ihr Zeichen", 90, 260, 7),
        line("Unser Zeichen", 250, 260, 7),
        line("Dato", 420, 260, 7),
        line("2. juli 2023", 30, 270),
        line("PO 8039", 90, 270),
        line("23325", 250, 270),
        line("9. juli 2023", 420, 270),
        line("Bezeichnung", 90, 330),
        line("Betrag (EUR)", 450, 330),
        line("Webdesign", 90, 345),
        line("2 087,13", 470, 345),
        line("Reisekosten", 90, 358),
        line("125,77", 480, 358),
        line("Insgesamt", 90, 375),
        line("2 212,90", 470, 375),
    )
    got = fields(d)
    assert got["vendor_name"] == "Nordwind IT GmbH"
    assert got["customer_name"] == "Lindner & Partner GbR"
    assert got["invoice_date"] == date(2023, 7, 9)  # Norwegian and Danish "Dato"
    assert got["total"] == Decimal("2212.90")  # "Insgesamt" closes the table: the total, no item
    assert [i["description"] for i in got["line_items"]] == ["Webdesign", "Reisekosten"]


def test_a_return_line_wrapped_after_its_first_part_is_one_line() -> None:
    """ "Oakridge Consulting • 81 King" / "Street • Manchester M2 4LQ": a return line wrapped after its first
    separator is one line, its address joined where it broke (it was none: one separator, no postcode)."""
    d = doc(
        line("Oakridge Consulting • 81 King", 90, 130, 7),
        line("Street • Manchester M2 4LQ", 90, 139, 7),
        line("Jane Porter", 90, 158),
        line("71 Elm Street", 90, 171),
        line("Springfield, IL 62704", 90, 184),
        line("Subject: Invoice 2023-027", 90, 280),
        line("Description", 90, 330),
        line("Amount (GBP)", 450, 330),
        line("Logo design", 90, 345),
        line("2,187.36", 470, 345),
        line("Total", 90, 375),
        line("2,187.36", 470, 375),
    )
    got = fields(d)
    assert got["vendor_name"] == "Oakridge Consulting"
    assert got["vendor_address"] == "81 King Street, Manchester M2 4LQ"
    assert got["customer_name"] == "Jane Porter"
    assert got["total"] == Decimal("2187.36")


def test_a_person_on_the_return_line_is_the_sender_where_no_letterhead_names_one() -> None:
    """No letterhead, no footer, no legal form on the return line: its name is still the sender's (it was left
    out, waiting for a letterhead the page does not have)."""
    d = doc(
        line("Sabine Krüger • Bahnhofstr. 5 • 8001 Zürich", 90, 130, 7),
        line("Bergmann Druck", 90, 158),
        line("Hauptstraße 92", 90, 171),
        line("10115 Berlin", 90, 184),
        line("Betreff: Rechnung 2023-027", 90, 280),
        line("Bezeichnung", 90, 330),
        line("Betrag (EUR)", 450, 330),
        line("Logoentwurf", 90, 345),
        line("300,15", 480, 345),
        line("Insgesamt", 90, 375),
        line("300,15", 480, 375),
    )
    got = fields(d)
    assert got["vendor_name"] == "Sabine Krüger"
    assert got["customer_name"] == "Bergmann Druck"


def test_the_wrapped_town_of_a_persons_return_line_is_no_letterhead() -> None:
    """ "Kari Nordmann • Kongens gate 66 • 7011" / "Trondheim" over "Bergen Bygg AS": the wrapped town is the
    return line's, neither the recipient's nor a letterhead line to spell the seller out from."""
    d = doc(
        line("Kari Nordmann • Kongens gate 66 • 7011", 90, 130, 7),
        line("Trondheim", 90, 139, 7),
        line("Bergen Bygg AS", 90, 158),
        line("Kongens gate 16", 90, 171),
        line("7011 Trondheim", 90, 184),
        line("Emne: Faktura 2023-027", 90, 280),
        line("Beskrivelse", 90, 330),
        line("Beløp (NOK)", 450, 330),
        line("Logotyp", 90, 345),
        line("300,15", 480, 345),
        line("Sum", 90, 375),
        line("300,15", 480, 375),
    )
    got = fields(d)
    assert got["vendor_name"] == "Kari Nordmann"
    assert got["customer_name"] == "Bergen Bygg AS"
