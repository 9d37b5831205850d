"""merge(): per-field winner, confidence from agreement/grounding/log-probs, both candidates on disagreement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipeline.document import BBox, Candidate, Document, Evidence, Line, Page, TextSource
from pipeline.result import Proposal
from pipeline.vlm.base import VlmAnswerProposal
from pipeline.vlm.merge import MergedProposal, merge, values_agree


def _line(i: int, text: str, y: float) -> Line:
    return Line(
        id=f"p1-l{i}", text=text, bbox=BBox(x0=50, y0=y, x1=400, y1=y + 12), source=TextSource.TEXT_LAYER
    )


DOC = Document(
    path="inv.pdf",
    sha256="0" * 64,
    kind="pdf",
    pages=[
        Page(
            number=1,
            width=595,
            height=842,
            lines=[
                _line(1, "Northwind Traders Ltd", 40),
                _line(2, "Invoice no. A-1001", 80),
                _line(3, "Date: 02.01.2024", 100),
                _line(4, "Total due: 1.234,50 EUR", 700),
                _line(5, "Thank you for your order", 760),
            ],
        )
    ],
)


def ocr_cand(value, line: int, confidence: float = 0.7) -> Candidate:
    ln = DOC.pages[0].lines[line - 1]
    return Candidate(
        value=value, confidence=confidence, evidence=Evidence.from_lines(1, [ln]), source="ocr_rules"
    )


def test_agreement_raises_confidence_and_records_both():
    ocr = Proposal(extractor="ocr_rules", fields={"total": ocr_cand(Decimal("1234.50"), 4)})
    vlm = VlmAnswerProposal(values={"total": Decimal("1234.5")}, citations={"total": "p1-l4"})
    out = merge(ocr, vlm, DOC)
    won = out.fields["total"]
    assert won.source == "both" and won.value == Decimal("1234.50")
    assert won.confidence > 0.9 > ocr.fields["total"].confidence
    assert "total" not in out.alternatives


def test_disagreement_keeps_both_candidates_and_lowers_confidence():
    ocr = Proposal(extractor="ocr_rules", fields={"invoice_number": ocr_cand("A-1001", 2, 0.6)})
    vlm = VlmAnswerProposal(values={"invoice_number": "A-1007"}, citations={"invoice_number": "p1-l2"})
    out = merge(ocr, vlm, DOC)
    assert {c.source for c in out.alternatives["invoice_number"]} == {"ocr_rules", "vlm"}
    assert out.fields["invoice_number"].value == "A-1001"  # the VLM value is printed nowhere
    assert out.fields["invoice_number"].confidence < 0.6


def test_grounded_vlm_value_fills_a_gap_with_cited_evidence():
    vlm = VlmAnswerProposal(
        values={"invoice_date": date(2024, 1, 2), "vendor_name": "Northwind Traders Ltd"},
        citations={"invoice_date": "p1-l3", "vendor_name": "p1-l1"},
    )
    out = merge(Proposal(extractor="ocr_rules"), vlm, DOC)
    cand = out.fields["invoice_date"]
    assert cand.source == "vlm" and cand.note is None and cand.confidence >= 0.8
    assert cand.evidence.source == TextSource.VLM and cand.evidence.text == "Date: 02.01.2024"
    assert cand.evidence.bbox == [50.0, 100.0, 400.0, 112.0]


def test_token_probability_scales_vlm_confidence():
    values = {"vendor_name": "Northwind Traders Ltd"}
    sure = merge(
        Proposal(extractor="x"), VlmAnswerProposal(values=values, field_confidence={"vendor_name": 1.0}), DOC
    )
    unsure = merge(
        Proposal(extractor="x"), VlmAnswerProposal(values=values, field_confidence={"vendor_name": 0.1}), DOC
    )
    assert unsure.fields["vendor_name"].confidence < sure.fields["vendor_name"].confidence


def test_ungrounded_and_miscited_values_are_flagged_low():
    vlm = VlmAnswerProposal(
        values={"total": Decimal("99.00"), "tax": Decimal("1234.50")},
        citations={"total": "p1-l4", "tax": "p1-l1"},
    )
    out = merge(Proposal(extractor="ocr_rules"), vlm, DOC)
    assert out.fields["total"].note.startswith("ungrounded") and out.fields["total"].confidence < 0.5
    assert out.fields["tax"].note.startswith("miscited") and out.fields["tax"].confidence < 0.5


def test_vlm_abstaining_lowers_ocr_confidence_a_little():
    ocr = Proposal(extractor="ocr_rules", fields={"total": ocr_cand(Decimal("1234.50"), 4, 0.8)})
    out = merge(ocr, VlmAnswerProposal(values={"total": None}), DOC)
    assert out.fields["total"].source == "ocr_rules" and 0.6 < out.fields["total"].confidence < 0.8


def test_invalid_answer_marks_every_field_invalid_and_keeps_ocr_values():
    ocr = Proposal(extractor="ocr_rules", fields={"total": ocr_cand(Decimal("1234.50"), 4)})
    vlm = VlmAnswerProposal(valid=False, error="the answer is not valid JSON")
    out = merge(ocr, vlm, DOC, fields=["total", "tax"])
    assert isinstance(out, MergedProposal)
    assert out.fields["total"].source == "ocr_rules"
    assert out.fields["tax"].value is None and out.fields["tax"].note.startswith("invalid")
    assert out.vlm_error == "the answer is not valid JSON"


def test_no_vlm_returns_ocr_unchanged():
    ocr = Proposal(extractor="ocr_rules", fields={"total": ocr_cand(Decimal("1234.50"), 4)})
    assert merge(ocr, None, DOC) is ocr


def test_values_agree_by_meaning():
    assert values_agree(Decimal("10.0"), "10.00")
    assert values_agree(date(2024, 1, 2), "2024-01-02")
    assert values_agree("Northwind Traders Ltd.", "NORTHWIND TRADERS LTD")
    assert not values_agree("INV-0042", "INV-0043")
    assert not values_agree(Decimal("10"), Decimal("10.01"))
