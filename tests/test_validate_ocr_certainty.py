"""A field read from a word the recogniser hesitated over goes to review, naming that word."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipeline.assemble import assemble
from pipeline.document import (
    BBox,
    Candidate,
    Document,
    Evidence,
    FieldResult,
    FieldStatus,
    Line,
    Page,
    TextSource,
    Word,
)
from pipeline.ocr.words import make_line
from pipeline.result import Proposal
from pipeline.validate import ReadWithCertainty, RuleContext
from schemas import Receipt


def ocr_doc(words: list[tuple[str, float]], source: TextSource = TextSource.OCR) -> tuple[Document, Line]:
    placed, x = [], 50.0
    for text, conf in words:
        placed.append(
            Word(text=text, bbox=BBox(x0=x, y0=100, x1=x + 12 * len(text), y1=120), confidence=conf)
        )
        x += 12 * len(text) + 10
    line = make_line(placed).model_copy(update={"id": "p1-l0", "source": source})
    page = Page(number=1, width=800, height=1000, source=source, lines=[line])
    return Document(path=Path("scan.png"), sha256="0" * 64, kind="image", pages=[page]), line


def field(line: Line, source: str = "ocr_rules", text_source: TextSource = TextSource.OCR) -> FieldResult:
    evidence = Evidence(page=1, bbox=line.bbox.as_list(), text=line.text, source=text_source)
    return FieldResult(status=FieldStatus.OK, confidence=0.9, evidence=evidence, source=source)


def check(doc: Document, fields: dict[str, FieldResult], values: dict) -> list:
    ctx = RuleContext(model=Receipt, values=values, doc=doc, fields=fields)
    return ReadWithCertainty().check(ctx)


def test_a_doubtful_word_in_the_evidence_flags_the_field_and_names_the_word() -> None:
    doc, line = ocr_doc([("TEO", 0.96), ("STATIONERY", 0.998), ("8", 0.79), ("BOOKS", 0.93)])
    (violation,) = check(doc, {"merchant": field(line)}, {"merchant": "TEO STATIONERY 8 BOOKS"})
    assert violation.field == "merchant" and violation.status == FieldStatus.LOW_CONFIDENCE
    assert "'8'" in violation.reason and "0.79" in violation.reason


def test_sure_words_text_layers_vlm_agreement_and_lists_are_left_alone() -> None:
    doc, line = ocr_doc([("TOTAL", 0.99), ("12.50", 0.97)])
    assert check(doc, {"total": field(line)}, {"total": Decimal("12.50")}) == []
    weak, weak_line = ocr_doc([("TOTAL", 0.99), ("12.50", 0.6)])
    assert check(weak, {"total": field(weak_line, source="both")}, {"total": Decimal("12.50")}) == []
    layer, layer_line = ocr_doc([("TOTAL", 0.5)], source=TextSource.TEXT_LAYER)
    text_field = field(layer_line, text_source=TextSource.TEXT_LAYER)
    assert check(layer, {"total": text_field}, {"total": Decimal("12.50")}) == []
    assert check(weak, {"line_items": field(weak_line)}, {"line_items": [{"description": "x"}]}) == []
    assert check(weak, {"total": field(weak_line)}, {}) == []  # no value: nothing to doubt


def test_assemble_sends_the_doubtful_value_to_review() -> None:
    doc, line = ocr_doc([("TOTAL", 0.99), ("8.40", 0.72)])
    value_box = line.words[1].bbox
    evidence = Evidence(page=1, bbox=value_box.as_list(), text="8.40", source=TextSource.OCR)
    proposal = Proposal(
        extractor="ocr_rules", fields={"total": Candidate(value="8.40", confidence=0.9, evidence=evidence)}
    )
    result = assemble(doc, Receipt, proposal)
    total = result.fields["total"]
    assert total.status == FieldStatus.LOW_CONFIDENCE and total.rule == "ocr_certainty"
    assert "total" in result.review
