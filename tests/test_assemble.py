"""assemble(): proposal -> data + per-field statuses; check_values() for reviewer corrections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from pathlib import Path

from pipeline.assemble import assemble, check_values
from pipeline.document import BBox, Candidate, Document, Evidence, FieldStatus, Line, Page, TextSource
from pipeline.result import ExtractionResult, Proposal
from pipeline.validate import DEFAULT_RULES, RuleContext, Violation
from schemas import Invoice, Receipt

TODAY = date(2024, 6, 1)

PAGE = [
    "Bürobedarf Müller GmbH",
    "Hauptstraße 12, 10115 Berlin",
    "USt-IdNr.: DE136695976",
    "Rechnung Nr. RE-2024-0042",
    "Rechnungsdatum: 31.03.2024",
    "Fällig: 30.04.2024",
    "Kunde: Beispiel AG",
    "Druckerpapier A4 3 4,50 13,50",
    "Toner schwarz 1 86,50 86,50",
    "Zwischensumme 100,00 €",
    "MwSt. 19 % 19,00 €",
    "Gesamtbetrag 119,00 €",
    "Zahlbar bis:",
]


def make_doc(texts: list[str]) -> Document:
    lines = [
        Line(
            id=f"p1-l{i}",
            text=t,
            bbox=BBox(x0=50, y0=20 * i, x1=400, y1=20 * i + 12),
            source=TextSource.TEXT_LAYER,
        )
        for i, t in enumerate(texts)
    ]
    page = Page(number=1, width=595, height=842, source=TextSource.TEXT_LAYER, lines=lines)
    return Document(path=Path("rechnung.pdf"), sha256="ab" * 32, kind="pdf", pages=[page])


DOC = make_doc(PAGE)


def ev(i: int) -> Evidence:
    return Evidence.from_lines(1, [DOC.pages[0].lines[i]])


def cand(value, confidence=0.95, line: int | None = None, source="ocr_rules", note=None) -> Candidate:
    return Candidate(
        value=value,
        confidence=confidence,
        evidence=ev(line) if line is not None else None,
        source=source,
        note=note,
    )


def good_fields() -> dict[str, Candidate]:
    return {
        "vendor_name": cand("Bürobedarf Müller GmbH", line=0),
        "vendor_address": cand("Hauptstraße 12, 10115 Berlin", line=1),
        "vendor_tax_id": cand("DE136695976", line=2),
        "customer_name": cand("Beispiel AG", line=6),
        "invoice_number": cand("RE-2024-0042", line=3),
        "invoice_date": cand("2024-03-31", line=4),
        "due_date": cand("2024-04-30", line=5),
        "currency": cand("EUR", line=9),
        "subtotal": cand("100.00", line=9),
        "tax": cand("19.00", line=10),
        "total": cand("119.00", line=11),
        "line_items": cand(
            [
                {"description": "Druckerpapier A4", "quantity": "3", "unit_price": "4.50", "amount": "13.50"},
                {"description": "Toner schwarz", "quantity": "1", "unit_price": "86.50", "amount": "86.50"},
            ]
        ),
    }


def run(fields: dict[str, Candidate], **kw) -> ExtractionResult:
    return assemble(DOC, Invoice, Proposal(extractor="test", fields=fields), today=TODAY, **kw)


def test_clean_proposal_is_all_ok_and_data_round_trips():
    result = run(good_fields())
    not_ok = {n: f.status for n, f in result.fields.items() if f.status != FieldStatus.OK}
    assert not_ok == dict.fromkeys(
        Invoice.structured_only, FieldStatus.NOT_ON_DOCUMENT
    )  # e-invoice XML terms
    assert result.review == []
    assert list(result.fields) == list(Invoice.model_fields)  # schema order, line items as one field
    assert result.data["total"] == "119.00" and result.data["invoice_date"] == "2024-03-31"
    assert result.data["line_items"][1]["amount"] == "86.50"
    typed = Invoice.model_validate(result.data)
    assert typed.total == D("119.00") and typed.line_items[0].quantity == D("3")
    out = json.loads(result.to_json())
    assert out["schema"] == "invoice" and out["document"]["pages"] == 1
    assert out["fields"]["total"]["source"] == "ocr_rules"


def test_missing_blank_and_illegible_are_kept_apart():
    fields = good_fields()
    del fields["customer_name"]
    fields["due_date"] = cand(None, line=12, note="blank")
    fields["vendor_tax_id"] = cand(None, line=2, note="illegible")
    result = run(fields)
    f = result.fields
    assert (f["customer_name"].status, f["customer_name"].reason, f["customer_name"].evidence) == (
        FieldStatus.MISSING,
        "not found",
        None,
    )
    assert (
        f["due_date"].status == FieldStatus.MISSING and f["due_date"].reason == "label present, value blank"
    )
    assert f["due_date"].evidence is not None and f["due_date"].evidence.text == "Zahlbar bis:"
    assert f["vendor_tax_id"].status == FieldStatus.MISSING and f["vendor_tax_id"].reason == "illegible"
    assert result.data["customer_name"] is None and result.data["due_date"] is None
    assert result.review == ["vendor_tax_id", "customer_name", "due_date"]


def test_value_failing_the_schema_is_null_and_invalid():
    fields = good_fields()
    fields["currency"] = cand("EURO", line=9)
    fields["tax"] = cand("neunzehn", line=10)
    result = run(fields)
    assert result.data["currency"] is None and result.data["tax"] is None
    assert (
        result.fields["currency"].status == FieldStatus.INVALID and result.fields["currency"].rule == "schema"
    )
    assert "ISO 4217" in result.fields["currency"].reason
    assert "not a plain decimal number" in result.fields["tax"].reason
    # tax unknown: the totals rule cannot run, so subtotal and total stay ok
    assert result.fields["total"].status == FieldStatus.OK
    Invoice.model_validate(result.data)


def test_invalid_line_items_fall_back_to_the_empty_list():
    fields = good_fields()
    fields["line_items"] = cand([{"description": "x", "amount": "zwölf"}])
    result = run(fields)
    assert result.data["line_items"] == []
    assert result.fields["line_items"].status == FieldStatus.INVALID
    assert "0.amount" in result.fields["line_items"].reason


def test_checksum_failure_is_invalid():
    fields = good_fields()
    fields["vendor_tax_id"] = cand("DE136695970", line=2)
    result = run(fields)
    assert result.fields["vendor_tax_id"].status == FieldStatus.INVALID
    assert result.fields["vendor_tax_id"].rule == "formats.checksum"
    assert result.data["vendor_tax_id"] == "DE136695970"  # kept for the reviewer to correct


def test_value_not_on_the_page_is_ungrounded():
    fields = good_fields()
    fields["customer_name"] = cand("Muster KG", source="vlm")
    result = run(fields)
    f = result.fields["customer_name"]
    assert (f.status, f.rule, f.source) == (FieldStatus.UNGROUNDED, "grounding", "vlm")
    assert result.review == ["customer_name"]


def test_totals_that_do_not_add_up_are_inconsistent():
    fields = good_fields()
    fields["total"] = cand("120.00", line=11)
    doc = make_doc([*PAGE[:-2], "Gesamtbetrag 120,00 €"])
    result = assemble(doc, Invoice, Proposal(extractor="t", fields=fields), today=TODAY)
    assert result.fields["total"].status == FieldStatus.INCONSISTENT
    assert result.fields["total"].reason.startswith("subtotal 100.00 + tax 19.00 != total 120.00")
    assert result.fields["subtotal"].status == FieldStatus.OK  # its two line amounts make it: not the one off
    assert result.fields["tax"].status == FieldStatus.OK  # 19 % of the subtotal, at the rate the page prints


def test_low_confidence_below_threshold_only():
    fields = good_fields()
    fields["invoice_number"] = cand("RE-2024-0042", confidence=0.3, line=3)
    result = run(fields)
    assert result.fields["invoice_number"].status == FieldStatus.LOW_CONFIDENCE
    assert result.fields["invoice_number"].rule == "confidence"
    assert run(fields, low_confidence=0.2).fields["invoice_number"].status == FieldStatus.OK


def test_more_severe_rule_status_overrides_low_confidence():
    fields = good_fields()
    fields["customer_name"] = cand("Muster KG", confidence=0.2, source="vlm")
    assert run(fields).fields["customer_name"].status == FieldStatus.UNGROUNDED


def test_vlm_value_gets_evidence_from_the_page():
    fields = good_fields()
    fields["total"] = cand("119", source="vlm")
    result = run(fields)
    assert result.fields["total"].status == FieldStatus.OK
    assert result.fields["total"].evidence is not None
    assert result.fields["total"].evidence.text == "Gesamtbetrag 119,00 €"


def test_disagreeing_candidates_are_kept():
    fields = good_fields()
    alts = {"total": [cand("119.00", line=11), cand("191.00", source="vlm")]}
    result = run(fields, candidates=alts)
    assert [c.value for c in result.fields["total"].candidates] == ["119.00", "191.00"]
    assert result.fields["subtotal"].candidates == []


@dataclass
class TotalBelowLimit:
    """A user's house rule: totals above a limit need a second look."""

    limit: D
    name: str = "house.total_limit"

    def check(self, ctx: RuleContext) -> list[Violation]:
        total = ctx.value_of("total")
        if total is not None and total > self.limit:
            return [
                Violation("total", FieldStatus.INCONSISTENT, self.name, f"total {total} above {self.limit}")
            ]
        return []


def test_user_defined_rule_plugs_in():
    result = run(good_fields(), rules=[*DEFAULT_RULES, TotalBelowLimit(D("100"))])
    assert result.fields["total"].status == FieldStatus.INCONSISTENT
    assert result.fields["total"].rule == "house.total_limit"
    assert run(good_fields(), rules=[*DEFAULT_RULES, TotalBelowLimit(D("500"))]).review == []


def test_receipt_schema_uses_its_own_field_names():
    doc = make_doc(["Bäckerei Sonne", "12.05.2024", "Brot 2,50", "Milch 1,20", "SUMME EUR 3,70"])
    proposal = Proposal(
        extractor="t",
        fields={
            "merchant": cand("Bäckerei Sonne"),
            "date": cand("2024-05-12"),
            "currency": cand("EUR"),
            "total": cand("4.70"),
            "items": cand(
                [{"description": "Brot", "amount": "2.50"}, {"description": "Milch", "amount": "1.20"}]
            ),
        },
    )
    result = assemble(doc, Receipt, proposal, today=TODAY)
    assert result.schema_ == "receipt"
    assert result.fields["items"].status == FieldStatus.INCONSISTENT
    assert result.fields["total"].status == FieldStatus.UNGROUNDED  # 4.70 is not printed: outranks the sum
    assert result.fields["date"].status == FieldStatus.OK
    assert result.fields["tax"].status == FieldStatus.MISSING


def test_check_values_for_reviewer_corrections():
    data = Invoice(
        invoice_date=date(2024, 3, 31),
        due_date=date(2024, 3, 1),
        subtotal=D("100"),
        tax=D("19"),
        total=D("119"),
        vendor_tax_id="DE136695970",
    ).model_dump(mode="json")
    data["currency"] = "XYZ"
    data["nickname"] = "x"
    out = check_values(Invoice, data, today=TODAY)
    assert out["due_date"].status == FieldStatus.INCONSISTENT
    assert out["vendor_tax_id"].status == FieldStatus.INVALID
    assert out["currency"].status == FieldStatus.INVALID and out["currency"].rule == "schema"
    assert out["nickname"].status == FieldStatus.INVALID
    assert "total" not in out and "customer_name" not in out  # consistent or null: nothing to say


def test_check_values_grounds_only_with_a_document():
    data = {"total": "999.99"}
    assert check_values(Invoice, data) == {}
    assert check_values(Invoice, data, DOC)["total"].status == FieldStatus.UNGROUNDED


def test_seller_and_buyer_with_one_name_both_go_to_review() -> None:
    fields = good_fields()
    fields["customer_name"] = cand("Bürobedarf  Müller GmbH", line=6)  # the seller's name, spaced differently
    result = run(fields, accept_threshold=0.0)
    for name in ("vendor_name", "customer_name"):
        assert result.fields[name].status == FieldStatus.INCONSISTENT and name in result.review
        assert "seller and buyer" in (result.fields[name].reason or "")
    assert run(good_fields(), accept_threshold=0.0).fields["customer_name"].status == FieldStatus.OK
