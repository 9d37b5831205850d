"""Grounding against hand-built documents with German, French and US printed numbers and dates."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from pipeline.document import BBox, Document, FieldResult, FieldStatus, Line, Page, TextSource
from pipeline.validate import DocumentIndex, Grounded, RuleContext
from pipeline.validate.printed import dates_in, numbers_in
from schemas import Invoice


def make_doc(*pages: list[str]) -> Document:
    """One Line per string, stacked 20 px apart, ids "p{page}-l{n}" like the backbone's."""
    built = []
    for p, texts in enumerate(pages, start=1):
        lines = [
            Line(
                id=f"p{p}-l{i}",
                text=t,
                bbox=BBox(x0=50, y0=20 * i, x1=400, y1=20 * i + 12),
                source=TextSource.TEXT_LAYER,
            )
            for i, t in enumerate(texts)
        ]
        built.append(Page(number=p, width=595, height=842, source=TextSource.TEXT_LAYER, lines=lines))
    return Document(path=Path("hand-built.pdf"), sha256="0" * 64, kind="pdf", pages=built)


@pytest.mark.parametrize(
    "printed",
    [
        "1.234,56",
        "1,234.56",
        "1 234,56",
        "1234.56",
        "€1,234.56",
        "1234,56 EUR",
        "1\u202f234,56",
        "-1.234,56",
        "(1,234.56)",
        "CHF 1'234.56",
    ],
)
def test_amount_matches_every_printed_notation(printed):
    assert D("1234.56") in numbers_in(f"Total {printed}")


def test_amount_readings_do_not_invent_other_values():
    assert D("1234.57") not in numbers_in("Total 1.234,56")
    assert D("123456") not in numbers_in("Total 1.234,56")
    # "1.234" is either 1234 or a 3-decimal 1.234: both are read, nothing else
    assert numbers_in("1.234") == {D("1234"), D("1.234")}


@pytest.mark.parametrize(
    "printed",
    [
        "31.03.2024",
        "31/03/24",
        "March 31, 2024",
        "31 Mar 2024",
        "20240331",
        "2024-03-31",
        "31. März 2024",
        "31 mars 2024",
        "31-Mar-2024",
        "Mar. 31st 2024",
        "03/31/2024",
    ],
)
def test_date_matches_every_printed_format(printed):
    assert date(2024, 3, 31) in dates_in(f"Date: {printed}")


def test_ambiguous_numeric_dates_give_both_readings():
    assert dates_in("03/04/2024") == {date(2024, 3, 4), date(2024, 4, 3)}


GERMAN = [
    "Bürobedarf Müller GmbH",
    "Hauptstraße 12",
    "10115 Berlin",
    "USt-IdNr.: DE 136 695 976",
    "Rechnung Nr. RE-2024-0042",
    "Rechnungsdatum: 31.03.2024",
    "Fällig am 30. April 2024",
    "Druckerpapier A4  3  4,50  13,50",
    "Zwischensumme 1.234,56 €",
    "MwSt. 19 % 234,57 €",
    "Gesamtbetrag 1.469,13 €",
]
FRENCH = ["Fournitures Dupont SARL", "Facture du 5 févr. 2024", "Total TTC 2 500,00 €"]
US = ["Acme Widgets, Inc.", "Invoice Date: March 31, 2024", "Amount Due: $12,345.67"]


def ground(values: dict, *pages: list[str], fields: dict | None = None) -> dict:
    ctx = RuleContext(model=Invoice, values=values, doc=make_doc(*pages), fields=fields or {})
    return {v.field: v for v in Grounded().check(ctx)}


def test_german_invoice_values_are_grounded():
    values = {
        "vendor_name": "Bürobedarf Müller GmbH",
        "vendor_address": "Hauptstrasse 12, 10115 Berlin",  # wraps over two lines, ß printed
        "vendor_tax_id": "DE136695976",
        "invoice_number": "RE-2024-0042",
        "invoice_date": date(2024, 3, 31),
        "due_date": date(2024, 4, 30),
        "currency": "EUR",
        "subtotal": D("1234.56"),
        "tax": D("234.57"),
        "total": D("1469.13"),
        "line_items": [
            {
                "description": "Druckerpapier A4",
                "quantity": D("3"),
                "unit_price": D("4.50"),
                "amount": D("13.50"),
            }
        ],
    }
    assert ground(values, GERMAN) == {}


def test_french_and_us_values_are_grounded():
    assert ground({"invoice_date": date(2024, 2, 5), "total": D("2500.00"), "currency": "EUR"}, FRENCH) == {}
    assert (
        ground(
            {
                "invoice_date": date(2024, 3, 31),
                "total": D("12345.67"),
                "currency": "USD",
                "vendor_name": "ACME Widgets Inc",
            },
            US,
        )
        == {}
    )


def test_values_not_on_the_page_are_ungrounded():
    out = ground(
        {
            "total": D("1469.31"),
            "invoice_date": date(2024, 3, 30),
            "vendor_name": "Schreibwaren Schulz AG",
            "currency": "USD",
            "invoice_number": "RE-2024-0043",
        },
        GERMAN,
    )
    assert set(out) == {"total", "invoice_date", "vendor_name", "currency", "invoice_number"}
    assert all(v.status == FieldStatus.UNGROUNDED and v.rule == "grounding" for v in out.values())
    assert "1469.31 not found" in out["total"].reason


def test_fuzzy_match_tolerates_an_ocr_slip_but_not_a_different_name():
    assert ground({"vendor_name": "Burobedarf Muller GmbH"}, ["Burobedarf Mu1ler GmbH"]) == {}
    assert "vendor_name" in ground({"vendor_name": "Bürobedarf Müller GmbH"}, ["Müller", "GmbH"])


def test_an_ordinal_sign_read_as_a_degree_sign_is_the_same_print():
    """ "5º B" (a floor) read "5° B": the respelled value is grounded (compatibility folding made the sign an o,
    and so a zero among the look-alikes)."""
    printed = ["Avda. del Puerto, 312,10° B", "46021 Valencia"]
    assert ground({"vendor_address": "Avda. del Puerto, 312,10º B 46021 Valencia"}, printed) == {}


def test_short_values_must_be_whole_words():
    assert "invoice_number" in ground({"invoice_number": "42"}, ["Rechnung Nr. 1420"])
    assert ground({"invoice_number": "42"}, ["Rechnung Nr. 42"]) == {}


def test_line_item_not_on_the_page_names_the_line():
    items = [
        {
            "description": "Druckerpapier A4",
            "quantity": D("3"),
            "unit_price": D("4.50"),
            "amount": D("13.50"),
        },
        {"description": "Toner schwarz", "quantity": D("1"), "unit_price": D("89.90"), "amount": D("89.90")},
    ]
    out = ground({"line_items": items}, GERMAN)
    assert out["line_items"].status == FieldStatus.UNGROUNDED
    assert "line 2 description 'Toner schwarz'" in out["line_items"].reason
    assert "line 1" not in out["line_items"].reason


def test_grounded_value_without_evidence_gets_the_line_it_was_found_on():
    fields = {
        "total": FieldResult(status=FieldStatus.OK, source="vlm"),
        "vendor_address": FieldResult(status=FieldStatus.OK, source="vlm"),
    }
    ground(
        {"total": D("1469.13"), "vendor_address": "Hauptstraße 12, 10115 Berlin"}, [], GERMAN, fields=fields
    )
    ev = fields["total"].evidence
    assert ev is not None and ev.page == 2 and ev.text == "Gesamtbetrag 1.469,13 €"
    assert ev.bbox == [50.0, 200.0, 400.0, 212.0]
    addr = fields["vendor_address"].evidence
    assert addr is not None and addr.text == "Hauptstraße 12 10115 Berlin" and addr.bbox[1] == 20.0


def test_no_document_means_no_grounding():
    ctx = RuleContext(model=Invoice, values={"total": D("1.00")}, doc=None)
    assert Grounded().check(ctx) == []


def test_index_is_fast_on_a_long_text_layer_page():
    page = [f"Position {i} Artikel {i * 7} Menge {i % 5 + 1} Preis {i},{i % 100:02d} EUR" for i in range(600)]
    page.append("Gesamtbetrag 98.765,43 €")
    start = time.perf_counter()
    index = DocumentIndex(make_doc(page))
    for _ in range(20):
        assert index.find_number(D("98765.43")) is not None
        assert index.find_text("Gesamtbetrag") is not None
        assert index.find_text("Lieferant Nicht Vorhanden GmbH") == []
    assert time.perf_counter() - start < 2.0


# ---- values printed over several lines or OCR boxes, look-alikes, printed currency marks -------------------


def boxed(*rows: tuple[str, float, float, float]) -> Document:
    """One page of lines at explicit places: (text, x0, y0, x1), 14 px tall, in the order given (reading order)."""
    lines = [
        Line(id=f"p1-l{i}", text=t, bbox=BBox(x0=x0, y0=y0, x1=x1, y1=y0 + 14), source=TextSource.OCR)
        for i, (t, x0, y0, x1) in enumerate(rows, start=1)
    ]
    page = Page(number=1, width=600, height=800, lines=lines)
    return Document(path=Path("boxed.png"), sha256="0" * 64, kind="image", pages=[page])


def ground_doc(values: dict, doc: Document, fields: dict | None = None) -> dict:
    ctx = RuleContext(model=Invoice, values=values, doc=doc, fields=fields or {})
    return {v.field: v for v in Grounded().check(ctx)}


# A letterhead: the seller's address block on the left, the invoice's number and date on the right, so that
# reading order (rows, left to right) interleaves the two blocks.
TWO_COLUMNS = boxed(
    ("Nordlicht Werkstatt GmbH", 40, 40, 260),
    ("Rechnung Nr.", 380, 40, 460),
    ("RE-2024-", 465, 40, 520),
    ("0042", 524, 40, 560),
    ("Am Hafenbecken 7", 40, 58, 170),
    ("Datum: 05.03.2024", 380, 58, 520),
    ("Haus B, 2. Etage", 40, 76, 160),
    ("Kunde: 4711", 380, 76, 470),
    ("24937 Flensburg", 40, 94, 150),
    ("Zwischensumme 100,00", 300, 400, 520),
)


def test_an_address_over_three_lines_of_one_column_is_grounded_with_a_box_around_them():
    fields = {"vendor_address": FieldResult(status=FieldStatus.OK, source="vlm")}
    address = "Am Hafenbecken 7, Haus B, 2. Etage, 24937 Flensburg"
    assert ground_doc({"vendor_address": address}, TWO_COLUMNS, fields) == {}
    ev = fields["vendor_address"].evidence
    assert ev is not None and ev.text == "Am Hafenbecken 7 Haus B, 2. Etage 24937 Flensburg"
    assert ev.bbox == [40.0, 58.0, 170.0, 108.0]  # the three lines, not the right-hand column between them


def test_a_number_split_into_two_ocr_boxes_or_printed_with_a_space_is_grounded():
    fields = {"invoice_number": FieldResult(status=FieldStatus.OK, source="vlm")}
    assert ground_doc({"invoice_number": "RE-2024-0042"}, TWO_COLUMNS, fields) == {}
    assert fields["invoice_number"].evidence.bbox == [465.0, 40.0, 560.0, 54.0]
    spaced = boxed(("Invoice no. INV 2024 0042", 40, 40, 300))
    assert ground_doc({"invoice_number": "INV-2024-0042"}, spaced) == {}


def test_a_name_the_detector_cut_into_boxes_is_grounded_in_reading_order():
    row = boxed(
        ("Blue", 100, 30, 140), ("Harbour Trading", 150, 30, 300), ("Co", 310, 30, 330), ("Tel 0", 40, 60, 90)
    )
    assert ground_doc({"vendor_name": "Blue Harbour Trading Co"}, row) == {}


def test_values_not_printed_across_lines_stay_ungrounded():
    out = ground_doc(
        {
            "invoice_number": "RE-2024-0043",  # one digit off across the two boxes
            "vendor_address": "Am Hafenbecken 9, 24937 Flensburg",  # another house number
            "customer_name": "Hafenbecken Haus Flensburg Nord",  # words of the page, not printed so
            "vendor_name": "Nordlicht Werkstatt GmbH Kunde",  # a run must start and end on whole words
        },
        TWO_COLUMNS,
    )
    assert set(out) == {"invoice_number", "vendor_address", "customer_name", "vendor_name"}
    assert all(v.status == FieldStatus.UNGROUNDED for v in out.values())


def test_a_repaired_look_alike_equals_the_printed_glyph_but_other_digits_do_not():
    page = boxed(
        ("N0RTH HARBOUR 5TORE", 40, 30, 300), ("Postcode 4330O", 40, 50, 200), ("Ref 1O52", 40, 70, 200)
    )
    assert ground_doc({"vendor_name": "NORTH HARBOUR STORE", "invoice_number": "REF1052"}, page) == {}
    index = DocumentIndex(page)
    assert index.find_number(D("43300")) is not None  # "4330O" read as the repair would read it
    out = ground_doc({"vendor_name": "NORTH HARBOUR STORE 2", "invoice_number": "REF1062"}, page)
    assert set(out) == {"vendor_name", "invoice_number"}
    assert index.find_number(D("43301")) is None


def test_a_currency_grounds_on_its_printed_symbol_or_local_form():
    assert ground({"currency": "MYR"}, ["TOTAL RM 12.50"]) == {}
    assert ground({"currency": "SEK"}, ["Att betala 120,00 kr"]) == {}
    assert ground({"currency": "PLN"}, ["Razem 49,99 zł"]) == {}
    assert ground({"currency": "BRL"}, ["Total R$ 10,00"]) == {}
    assert ground({"currency": "USD"}, ["Total $12.00"]) == {}
    assert set(ground({"currency": "EUR"}, ["TOTAL RM 12.50"])) == {"currency"}
    assert set(ground({"currency": "MYR"}, ["FORM 12.50"])) == {
        "currency"
    }  # letters inside a word are no mark


def test_dates_and_amounts_are_read_as_the_extractor_reads_them():
    """One reader: a date glued to the time, after a register number, and a total split at its decimal point."""
    lines = ["ORD#50-REG #19- 18/01/2018 10:27:03", "12 Mar 201818:19", "Total 4,759 .20"]
    assert (
        ground(
            {"invoice_date": date(2018, 1, 18), "due_date": date(2018, 3, 12), "total": D("4759.20")}, lines
        )
        == {}
    )


def test_a_slip_of_the_ocr_inside_a_wrapped_value_is_tolerated_an_invented_word_is_not():
    page = boxed(("Lot 12, Jalan Perindustrlan", 40, 30, 260), ("Kawasan Utama, 43300 Seri", 40, 48, 250))
    assert ground_doc({"vendor_address": "Lot 12, Jalan Perindustrian Kawasan Utama, 43300 Seri"}, page) == {}
    wrong = "Lot 12, Jalan Perindustrian Kawasan Baru, 43300 Seri"
    assert set(ground_doc({"vendor_address": wrong}, page)) == {"vendor_address"}


def test_a_scanned_address_over_three_lines_is_grounded_after_real_ocr(tmp_path):
    """End to end on pixels: RapidOCR reads the page, grounding finds the wrapped address and the name."""
    from pipeline.backbone import build_document
    from pipeline.options import PipelineOptions
    from tests.docgen import TextItem, render_text_image, save_image

    items = [
        TextItem("Harbour Lights Trading", 60, 80, 16),
        TextItem("Unit 4, Quay Street", 60, 104, 12),
        TextItem("Marina District", 60, 122, 12),
        TextItem("7001 Port Elliot", 60, 140, 12),
        TextItem("Invoice No. HL 2024 118", 340, 80, 12),
        TextItem("Total 1,234.50", 340, 300, 12),
    ]
    path = save_image(tmp_path / "scan.png", render_text_image(items, dpi=150), dpi=150)
    doc = build_document(path, PipelineOptions())
    fields = {"vendor_address": FieldResult(status=FieldStatus.OK, source="vlm")}
    values = {
        "vendor_name": "Harbour Lights Trading",
        "vendor_address": "Unit 4, Quay Street, Marina District, 7001 Port Elliot",
        "invoice_number": "HL-2024-118",
        "total": D("1234.50"),
    }
    assert ground_doc(values, doc, fields) == {}
    box = fields["vendor_address"].evidence.bbox
    first, last = (
        next(ln.bbox for ln in doc.pages[0].lines if word in ln.text) for word in ("Quay", "Elliot")
    )
    assert box[1] <= first.y0 + 1 and box[3] >= last.y1 - 1  # the box spans the three lines
    wrong = {
        "vendor_address": "Unit 4, Quay Street, Marina District, 7002 Port Elliot",
        "invoice_number": "HL-2024-119",
    }
    assert set(ground_doc(wrong, doc)) == {"vendor_address", "invoice_number"}


def _tax_result(text: str) -> FieldResult:
    return FieldResult(
        status=FieldStatus.OK,
        confidence=0.9,
        evidence={"page": 1, "bbox": [50, 20, 400, 52], "text": text, "source": "ocr"},
    )


def test_a_tax_summed_from_the_amounts_printed_per_rate_is_grounded_by_its_parts():
    """ "MwSt 20% 1,40" and "MwSt 10% 0,60" make a tax of 2.00 printed nowhere; each part is on the page. A sum
    whose parts are not both printed, or do not make the value, stays ungrounded."""
    page = ["A 20,0% 7,01 1,40 8,41", "B 10,0% 5,98 0,60 6,58", "Total 14,99"]
    assert ground({"tax": D("2.00")}, page, fields={"tax": _tax_result("1,40 + 0,60")}) == {}
    assert "tax" in ground({"tax": D("2.10")}, page, fields={"tax": _tax_result("1,40 + 0,70")})
    assert "tax" in ground({"tax": D("2.10")}, page, fields={"tax": _tax_result("1,40 + 0,60")})
    assert "tax" in ground({"tax": D("2.00")}, page, fields={"tax": _tax_result("2,00")})
    whole = ["27% 470", "5% 944", "Összesen 8311"]  # whole units: the parts are bare numbers
    assert ground({"tax": D("1414")}, whole, fields={"tax": _tax_result("470 + 944")}) == {}
