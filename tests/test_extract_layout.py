"""Label pairing, totals choice and line items on small hand-built Documents (lines of words with boxes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pipeline.document import BBox, Document, Line, Page, TextSource, Word
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice, Receipt

CHAR_W, H = 6.0, 10.0


def line(text: str, x: float, y: float, conf: float = 1.0) -> Line:
    """A line whose words get boxes from a fixed-pitch font, like OCR output."""
    words, cx = [], x
    for tok in text.split(" "):
        words.append(
            Word(text=tok, bbox=BBox(x0=cx, y0=y, x1=cx + CHAR_W * len(tok), y1=y + H), confidence=conf)
        )
        cx += CHAR_W * (len(tok) + 1)
    return Line(
        id="", text=text, bbox=BBox.enclosing([w.bbox for w in words]), words=words, source=TextSource.OCR
    )


def doc(*lines: Line, height: float = 800) -> Document:
    for i, ln in enumerate(lines, 1):
        ln.id = f"p1-l{i}"
    page = Page(number=1, width=600, height=height, lines=list(lines))
    return Document(path=Path("mem.png"), sha256="0" * 64, kind="image", pages=[page])


def test_value_right_of_label_and_below_label() -> None:
    d = doc(
        line("Muster Handel GmbH", 40, 30),
        line("Rechnungsnummer", 300, 80),
        line("RE-2024-0042", 450, 80),
        line("Rechnungsdatum", 300, 100),
        line("Fällig am", 40, 140),
        line("31.03.2024", 300 + 6, 112),
        line("15.04.2024", 40, 154),
    )
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["invoice_number"].value == "RE-2024-0042"
    assert fields["invoice_number"].evidence.bbox == [450.0, 80.0, 522.0, 90.0]
    assert fields["invoice_date"].value == date(2024, 3, 31)
    assert fields["due_date"].value == date(2024, 4, 15)
    assert fields["vendor_name"].value == "Muster Handel GmbH"


def test_grand_total_wins_over_subtotal_and_payment_lines() -> None:
    d = doc(
        line("ACME SDN BHD", 100, 20),
        line("Sub Total 90.00", 40, 300),
        line("SST 6% 5.40", 40, 315),
        line("TOTAL 95.40", 40, 330),
        line("CASH 100.00", 40, 345),
        line("CHANGE 4.60", 40, 360),
    )
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["total"].value == Decimal("95.40")
    assert fields["subtotal"].value == Decimal("90.00")
    assert fields["tax"].value == Decimal("5.40")
    assert fields["total"].confidence >= 0.95  # subtotal + tax = total
    assert fields["total"].evidence.text == "95.40"


def test_rounded_receipt_total_and_summary_table() -> None:
    d = doc(
        line("KEDAI RUNCIT MAJU", 100, 20),
        line("TOTAL", 40, 300),
        line("60.31", 300, 300),
        line("ROUNDING ADJ", 40, 315),
        line("-0.01", 300, 315),
        line("60.30", 300, 330),
        line("CASH", 40, 345),
        line("70.30", 300, 345),
        line("GST SUMMARY", 100, 400),
        line("TOTAL: 56.89", 40, 420),
    )
    fields = RulesExtractor().extract(d, Receipt).fields
    assert fields["total"].value == Decimal("60.30")
    assert fields["merchant"].value == "KEDAI RUNCIT MAJU"


def test_label_without_value_is_blank_not_missing() -> None:
    d = doc(line("Invoice No:", 40, 100), line("Total", 40, 300))
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["invoice_number"].value is None and fields["invoice_number"].note == "blank"
    assert fields["invoice_number"].evidence.text == "Invoice No"
    assert fields["total"].value is None and fields["total"].note == "blank"


def test_line_items_from_columns() -> None:
    d = doc(
        line("Description", 40, 200),
        line("Qty", 300, 200),
        line("Unit price", 360, 200),
        line("Amount", 460, 200),
        line("Printer paper A4", 40, 220),
        line("10", 300, 220),
        line("4.50", 360, 220),
        line("45.00", 460, 220),
        line("Toner cartridge", 40, 240),
        line("2", 300, 240),
        line("60.00", 360, 240),
        line("120.00", 460, 240),
        line("Total", 360, 280),
        line("165.00", 460, 280),
    )
    items = RulesExtractor().extract(d, Invoice).fields["line_items"].value
    assert items == [
        {
            "description": "Printer paper A4",
            "quantity": Decimal("10"),
            "unit_price": Decimal("4.50"),
            "amount": Decimal("45.00"),
        },
        {
            "description": "Toner cartridge",
            "quantity": Decimal("2"),
            "unit_price": Decimal("60.00"),
            "amount": Decimal("120.00"),
        },
    ]


def test_nothing_invented_on_unrelated_text() -> None:
    d = doc(line("the quick brown fox", 40, 100), line("jumps over the lazy dog", 40, 120))
    fields = RulesExtractor().extract(d, Invoice).fields
    assert all(c.value is None or c.evidence is not None for c in fields.values())
    assert "total" not in fields and "invoice_number" not in fields and "invoice_date" not in fields


def test_a_label_inside_a_sentence_takes_no_date_from_the_line_below() -> None:
    """ "Payment terms: see due date." names the field; the service period printed under it is no due date."""
    d = doc(
        line("Muster Handel GmbH", 40, 30),
        line("Invoice No. RE-2024-0042", 300, 80),
        line("Invoice Date 09/12/2024", 300, 94),
        line("Payment terms: see due date.", 40, 400),
        line("Service period 10/18/2024 - 10/25/2024", 40, 414),
    )
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["invoice_date"].value == date(2024, 9, 12) or fields["invoice_date"].value == date(
        2024, 12, 9
    )
    assert "due_date" not in fields or fields["due_date"].value is None
    # one garbled word before a label is still the label's own text: "WVOICE DATE" over its value
    d = doc(
        line("Muster Handel GmbH", 40, 30),
        line("WVOICE DATE", 300, 80),
        line("14 Mar 2023", 300, 94),
        line("PAYMENT DUE", 450, 80),
        line("13 Apr 2023", 450, 94),
    )
    fields = RulesExtractor().extract(d, Invoice).fields
    assert fields["invoice_date"].value == date(2023, 3, 14)
    assert fields["due_date"].value == date(2023, 4, 13)


def test_a_title_with_a_bracketed_qualifier_still_labels_the_number() -> None:
    from pipeline.extract.rules_extractor import RulesExtractor
    from schemas import Invoice

    def number(title: str) -> object:
        d = doc(
            line("Muster Handel GmbH", 40, 30),
            line(title, 40, 100),
            line("Gesamtbetrag 100,00 EUR", 300, 400),
        )
        found = RulesExtractor().extract(d, Invoice).fields.get("invoice_number")
        return found.value if found else None

    assert number("Gutschrift (selbst ausgestellt) (389) Nr. 55120931 vom 31.10.2024") == "55120931"
    assert number("Invoice (copy) No. A-4711 dated 31.10.2024") == "A-4711"
    assert number("Facture (duplicata) n° F-2024-77 du 31/10/2024") == "F-2024-77"
    assert number("Rechnung (siehe Anlage) 123") is None  # a bracket alone is no number label


def test_a_slovak_or_polish_title_beside_its_number_labels_it() -> None:
    """ "Faktúra 202501002" titles the number as "Invoice 4711" does: every title word of the one vocabulary
    (`line_kinds.INVOICE_TITLE_WORDS`), accented or not, and the document is an invoice."""
    from pipeline.classify import classify

    for title in ("Faktúra 202501002", "Faktura 202501002", "Fatura 202501002"):
        d = doc(line("Tatra Soft s.r.o.", 40, 30), line(title, 40, 100), line("Celkom 100,00 EUR", 300, 400))
        found = RulesExtractor().extract(d, Invoice).fields.get("invoice_number")
        assert found is not None and found.value == "202501002", title
        assert classify(d).label == "invoice", title


def test_an_invoice_reference_labels_the_number_a_payment_reference_does_not() -> None:
    """ "Invoice Reference: INV-2024-77" names the document's number; "Payment reference", "Transaction ref." are
    what a bank or card terminal quotes, no label of it."""

    def number(text: str) -> object:
        d = doc(line("Harbor Works Ltd", 40, 30), line(text, 40, 100), line("Total 100.00", 300, 400))
        found = RulesExtractor().extract(d, Invoice).fields.get("invoice_number")
        return found.value if found else None

    assert number("Invoice Reference: INV-2024-77") == "INV-2024-77"
    assert number("Payment reference: 99120455") is None
    assert number("Transaction ref. 99120455") is None


def test_a_compound_title_labels_its_number_over_a_label_in_a_sentence() -> None:
    """ "Schlussrechnung Nr. …" titles the number like "Rechnung Nr."; a label in running text ("… bitte Ihre
    Kundennummer … und Belegnummer … angeben") is a reference to quote, weaker than the title's."""

    def number(*lines: Line) -> object:
        d = doc(line("Muster Handel GmbH", 40, 30), *lines, line("Gesamtbetrag 100,00 EUR", 300, 400))
        found = RulesExtractor().extract(d, Invoice).fields.get("invoice_number")
        return found.value if found else None

    title = line("Schlussrechnung Nr. R7-30418 vom 02.03.2024", 40, 100)
    prose = line("Bei Zahlung bitte Ihre Kundennummer 55120 und Belegnummer 30418 angeben", 40, 300)
    assert number(title) == "R7-30418"
    assert number(title, prose) == "R7-30418"
    assert number(prose) == "30418"  # alone, the sentence's label still finds it
    english = line("Please quote your account name and voucher number 30418 with payment", 40, 300)
    assert number(line("Tax Invoice No. INV-30418", 40, 100), english) == "INV-30418"
    # a row of capitalised labels is no sentence
    assert number(line("Kunde 55120 Datum 02.03.2024 Rechnungsnummer 30418", 40, 100)) == "30418"
    assert number(line("Berechnung Nr. 5", 40, 100)) is None  # a calculation, not an invoice title


def test_a_date_label_whose_value_is_unread_is_blank_not_the_date_below() -> None:
    """ "Invoice Date: 0602/2025" (a separator OCR lost, on a month-first page): the value is on the label's
    line; the service period printed under it is not the invoice date, and no unlabelled date stands in."""
    d = doc(
        line("Harlow Electrical Ltd", 40, 30),
        line("Portland, OR 97204", 40, 50),
        line("Invoice Date: 0602/2025", 40, 100),
        line("Service period 05/06/2025 - 05/25/2025", 40, 115),
        line("Balance Due $24,087.89", 300, 400),
    )
    found = RulesExtractor().extract(d, Invoice).fields["invoice_date"]
    assert found.value is None and found.note == "blank"


def test_a_value_whose_box_the_labels_box_overreaches_is_still_right_of_it() -> None:
    """On a coarse scan a label's OCR box reaches past its ink into the value's (here by 4 px of a 10-px line):
    the value beside it is still the label's; a line mostly under the label is not beside it."""
    label = line("Rechnungsnummer", 300, 80)
    label.bbox = label.bbox.model_copy(update={"x1": label.bbox.x1 + 14})
    value = line("R2509-267", label.bbox.x1 - 4, 80)
    d = doc(line("Muster Handel GmbH", 40, 30), label, value)
    assert RulesExtractor().extract(d, Invoice).fields["invoice_number"].value == "R2509-267"


def test_a_date_word_the_next_label_qualifies_is_that_dates_label() -> None:
    """ "Data scadenza", "Fecha vencimiento", "Datum fällig": the bare date word names the due date with the word
    after it. Before, "Data" there was read as a second issue-date label, and the due date (not ambiguous) beat
    the issue date (whose day and month could swap)."""
    from pipeline.extract.labels import match_labels

    for label, due in (
        ("Data scadenza", "29/09/2024"),
        ("Fecha vencimiento", "29/09/2024"),
        ("Datum fällig", "29.09.2024"),
    ):
        issue = "01/07/2024" if "/" in due else "01.07.2024"
        d = doc(
            line("Marrow Servizi S.r.l.", 40, 30),
            line("Numero 203/PA", 300, 80),
            line("Data" if label != "Fecha vencimiento" else "Fecha", 300, 100),
            line(issue, 450, 100),
            line(label, 300, 120),
            line(due, 450, 120),
        )
        fields = RulesExtractor().extract(d, Invoice).fields
        assert fields["invoice_date"].value == date(2024, 7, 1), label
        assert fields["due_date"].value == date(2024, 9, 29), label
        assert [m.field for m in match_labels(label)] == ["due_date"]
    # a date word with its own value before the next label keeps it
    assert [m.field for m in match_labels("Datum: 12.03.2024 fällig am 20.03.2024")] == [
        "invoice_date",
        "due_date",
    ]


def test_a_date_boxed_in_two_beside_its_label_is_read_across_both_boxes() -> None:
    """ "DATE 1 Aug" | "2023" (a till's wide-spaced row boxed in two): the date spans both boxes; the time
    further right is no part of it, and a year standing far off in another column is not joined."""

    def read(year_x: float) -> date | None:
        d = doc(
            line("KEDAI MAJU SDN BHD", 40, 30),
            line("DATE 1 Aug", 40, 200),
            line("2023", year_x, 200),
            line("21:07:26", 400, 200),
            line("TOTAL 20.00", 40, 300),
        )
        found = RulesExtractor().extract(d, Receipt).fields.get("date")
        return found.value if found is not None else None

    assert read(108) == date(2023, 8, 1)
    assert read(300) is None


def test_an_unlabelled_till_date_boxed_in_two_is_read_across_both_boxes() -> None:
    """ "9. Apr" | "2022" at a till's foot, no label: neither box alone is a date, together they are."""
    d = doc(
        line("PIZZERIA BELLA VISTA", 40, 30),
        line("GESAMTBETRAG 37,00", 40, 100),
        line("9. Apr", 40, 200),
        line("2022", 96, 200),
        line("13:13", 300, 200),
    )
    assert RulesExtractor().extract(d, Receipt).fields["date"].value == date(2022, 4, 9)


def test_a_buyers_legal_form_read_with_a_look_alike_digit_is_repaired_as_the_sellers_is() -> None:
    d = doc(
        line("Impianti Greco S.r.l.", 40, 30),
        line("Via Roma 12, 20121 Milano", 40, 45),
        line("Fattura N. 2024/118", 300, 80),
        line("Destinatario", 40, 120),
        line("Servizi Greco S.r.1.", 40, 135),
        line("Via Po 3, 10121 Torino", 40, 150),
        line("Totale 1.220,00", 300, 400),
    )
    buyer = RulesExtractor().extract(d, Invoice).fields["customer_name"]
    assert buyer.value == "Servizi Greco S.r.l." and buyer.evidence.text == "Servizi Greco S.r.1."


def test_of_amounts_on_one_line_the_one_under_the_label_is_its_value() -> None:
    """A VAT breakdown a text layer merged into one line under its headings ("20.00% €4,145.61 €20,728.03" under
    "VAT rate", "Tax", "Without VAT"): the amount whose digits stand under "Without VAT" is its value, not the one
    whose currency mark, read after it, belongs to its neighbour."""
    from pipeline.extract.context import Context
    from pipeline.extract.layout import iter_labels, values_for_label

    heading = line("Without VAT With VAT", 370, 100)
    values = line("20.00% €4,145.61 €20,728.03", 370 - 0.6 * 10 * len("20.00% €4,145.61 "), 120)
    page = doc(line("Invoice", 40, 40), heading, values)
    ctx = Context.of(page, False)
    found = [values_for_label(p, ln, m, ctx.money) for p, ln, m in iter_labels(page, {"subtotal"})]
    assert [[h.value for h in hits] for hits in found] == [[Decimal("20728.03")]]
