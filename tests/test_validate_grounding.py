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
