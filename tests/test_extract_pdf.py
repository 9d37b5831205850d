"""The rules extractor on real PDFs drawn by reportlab and read through the text backbone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pipeline.backbone import build_document
from pipeline.document import Candidate
from pipeline.extract.rules_extractor import RulesExtractor
from schemas import Invoice
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf


def _inside(inner: list[float], outer: tuple[float, float, float, float], tol: float) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def test_sample_invoice_values_and_evidence_boxes(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "invoice.pdf")
    doc = build_document(pdf)
    proposal = RulesExtractor().extract(doc, Invoice)
    f = proposal.fields
    assert f["invoice_number"].value == "INV-2024-0042"
    assert f["invoice_date"].value == date(2024, 3, 15)
    assert f["vendor_name"].value == "ACME Office Supplies GmbH"
    assert f["customer_name"].value == "Example Customer Ltd"
    assert f["currency"].value == "EUR"
    assert (f["subtotal"].value, f["tax"].value, f["total"].value) == (
        Decimal("165.00"),
        Decimal("31.35"),
        Decimal("196.35"),
    )
    assert [(i["description"], i["quantity"], i["amount"]) for i in f["line_items"].value] == [
        ("Printer paper A4", Decimal("10"), Decimal("45.00")),
        ("Toner cartridge", Decimal("2"), Decimal("120.00")),
    ]
    # the total's evidence box lies on the drawn "Total: 196.35 EUR" string, in page pixels
    dpi = doc.pages[0].dpi
    total_item = next(t for t in SAMPLE_INVOICE if t.text.startswith("Total:"))
    assert _inside(f["total"].evidence.bbox, total_item.box_px(dpi), tol=0.3 * total_item.size * dpi / 72)
    assert f["total"].evidence.source == "text_layer"
    for cand in f.values():
        assert cand.value is None or cand.evidence is not None
        assert 0.0 <= cand.confidence <= 1.0


def test_german_invoice_with_column_values(tmp_path: Path) -> None:
    items = [
        TextItem("Beispiel Handel AG", 56, 60, 16),
        TextItem("RECHNUNG", 400, 60, 16),
        TextItem("Rechnungsnummer", 340, 100, 10),
        TextItem("R-7781", 460, 100, 10),
        TextItem("Rechnungsdatum", 340, 116, 10),
        TextItem("05.03.2024", 460, 116, 10),
        TextItem("Zahlbar bis 04.04.2024", 56, 400, 10),
        TextItem("Bezeichnung", 56, 200, 10),
        TextItem("Menge", 300, 200, 10),
        TextItem("Einzelpreis", 370, 200, 10),
        TextItem("Gesamt", 480, 200, 10),
        TextItem("Beratung", 56, 220, 10),
        TextItem("8", 300, 220, 10),
        TextItem("125,00", 370, 220, 10),
        TextItem("1.000,00", 480, 220, 10),
        TextItem("Nettobetrag", 370, 300, 10),
        TextItem("1.000,00", 480, 300, 10),
        TextItem("MwSt 19%", 370, 316, 10),
        TextItem("190,00", 480, 316, 10),
        TextItem("Gesamtbetrag", 370, 332, 10),
        TextItem("1.190,00 €", 480, 332, 10),
    ]
    doc = build_document(make_text_pdf(tmp_path / "rechnung.pdf", pages=(items,)))
    f = RulesExtractor().extract(doc, Invoice).fields
    assert f["invoice_number"].value == "R-7781"
    assert f["invoice_date"].value == date(2024, 3, 5)
    assert f["due_date"].value == date(2024, 4, 4)
    assert f["total"].value == Decimal("1190.00") and f["currency"].value == "EUR"
    assert f["subtotal"].value == Decimal("1000.00") and f["tax"].value == Decimal("190.00")
    assert f["line_items"].value == [
        {
            "description": "Beratung",
            "quantity": Decimal("8"),
            "unit_price": Decimal("125.00"),
            "amount": Decimal("1000.00"),
        }
    ]


def _scheduled(tmp_path: Path, rows: list[tuple[str, str]]) -> Candidate | None:
    """An invoice whose only due date is in its payment schedule, one row per instalment."""
    items = [
        TextItem("Harbour Lamps Co.", 56, 60, 14),
        TextItem("Invoice No: HL-3311", 300, 110, 11),
        TextItem("Date: 03/14/2025", 56, 140, 10),
        TextItem("Lamp", 56, 200, 10),
        TextItem("$ 480.00", 480, 200, 10),
        TextItem("Total:", 420, 260, 10),
        TextItem("$ 480.00", 480, 260, 10),
        TextItem("Payment Term", 400, 290, 10),
        TextItem("Date", 390, 306, 10),
        TextItem("Amount", 480, 306, 10),
    ]
    for k, (when, amount) in enumerate(rows):
        items += [TextItem(when, 330, 322 + 14 * k, 10), TextItem(amount, 480, 322 + 14 * k, 10)]
    doc = build_document(make_text_pdf(tmp_path / f"schedule{len(rows)}.pdf", pages=(items,)))
    return RulesExtractor().extract(doc, Invoice).fields.get("due_date")


def test_a_payment_schedule_of_one_row_dates_the_payment(tmp_path: Path) -> None:
    """An ERP's invoice prints no "Due date" label, only its payment schedule: one instalment is the due date;
    several are instalments, and none of them alone is the invoice's due date."""
    one = _scheduled(tmp_path, [("04/13/2025", "$ 480.00")])
    assert one.value == date(2025, 4, 13) and one.evidence.text == "04/13/2025"
    two = _scheduled(tmp_path, [("04/13/2025", "$ 240.00"), ("05/13/2025", "$ 240.00")])
    assert two is None or two.value is None
