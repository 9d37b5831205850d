"""Tesseract's second opinion on the OCR lines behind single values (pipeline/backbone/cross_read.py), read by
the real engine on a page drawn here; the scorer's features from it (pipeline/scoring/features.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.backbone import build_document
from pipeline.backbone.cross_read import cross_read, likeness, lines_to_cross_read
from pipeline.document import BBox, Candidate, Document, Evidence, FieldResult, FieldStatus, Line, TextSource
from pipeline.ocr import clear_engine_cache, create_line_reader
from pipeline.ocr.tesseract_lines import BORDER, LINE_PX, crop_line
from pipeline.options import OcrOptions, PipelineOptions, ReviewOptions
from pipeline.result import Proposal
from pipeline.scoring.features import FEATURES, DocFacts, field_features
from tests.test_field_lines import _misread


def test_readings_that_differ_only_in_case_spacing_and_punctuation_are_alike() -> None:
    assert likeness("TOTAL: 1,234.56", "Total 1 234 56") == 1.0
    assert likeness("Jalan Tampoi", "Jaian Tampoi") < 1.0
    assert likeness("Jalan Tampoi", None) == 0.0 and likeness("x", "") == 0.0


def test_a_line_is_cut_as_it_is_across_padded_at_the_sides_and_scaled_to_the_reading_height() -> None:
    image = np.full((200, 400, 3), 255, dtype=np.uint8)
    crop = crop_line(image, BBox(x0=100, y0=50, x1=200, y1=70))  # 20 px high: scaled 2x
    assert crop is not None and crop.ndim == 2
    assert crop.shape[0] == pytest.approx(LINE_PX + 2 * BORDER, abs=3)
    assert crop.shape[1] == pytest.approx((100 + 2 * 0.5 * 20) * LINE_PX / 20 + 2 * BORDER, abs=3)
    assert crop_line(image, BBox(x0=10, y0=10, x1=11, y1=40)) is None  # no width


def _ocr_line(index: int, text: str, y: float, source: TextSource = TextSource.OCR) -> Line:
    return Line(id=f"p1-l{index}", text=text, bbox=BBox(x0=10, y0=y, x1=300, y1=y + 20), source=source)


def test_only_the_ocr_lines_of_single_values_are_read_and_none_twice() -> None:
    from pipeline.document import Page

    lines = [_ocr_line(i, f"line {i}", 30.0 * i) for i in range(6)]
    lines[4] = _ocr_line(4, "printed", 120.0, source=TextSource.TEXT_LAYER)
    page = Page(number=1, width=400, height=400, dpi=150, source=TextSource.OCR, lines=lines)
    doc = Document(path=Path("x.png"), sha256="0" * 64, kind="image", pages=[page])

    def value(line_list: list[Line], v: object) -> Candidate:
        return Candidate(value=v, confidence=0.9, evidence=Evidence.from_lines(1, line_list))

    proposal = Proposal(
        extractor="rules",
        fields={
            "vendor_address": value([lines[1], lines[2]], "Street 1, Town"),
            "line_items": value([lines[3]], [{"description": "x"}]),  # a table's rows: left to its sums
            "note": value([lines[4]], "printed"),  # a text-layer line: nothing to read
            "due_date": Candidate(value=None, confidence=0.0),
        },
    )
    assert lines_to_cross_read(doc, proposal) == {1: [1, 2]}
    lines[1].cross = 1.0
    assert lines_to_cross_read(doc, proposal) == {1: [2]}


def test_tesseract_reads_a_right_line_alike_and_a_misread_one_otherwise(scanned_invoice_line: Path) -> None:
    doc = build_document(scanned_invoice_line, PipelineOptions(schema_spec="invoice"))
    number = next(ln for ln in doc.pages[0].lines if "4711" in ln.text)
    total = _misread(doc, "1,234.56", "Tatal 1,284.56 EUR", conf=0.99)  # PP-OCR's slip, as it might be made
    proposal = Proposal(
        extractor="rules",
        fields={
            "invoice_number": Candidate(
                value="4711", confidence=0.9, evidence=Evidence.from_lines(1, [number])
            ),
            "total": Candidate(value="1284.56", confidence=0.9, evidence=Evidence.from_lines(1, [total])),
        },
    )
    reader = create_line_reader(OcrOptions())
    assert reader is not None, "Tesseract and its English pack are part of the install (scripts/setup.sh)"

    assert cross_read(doc, proposal, lambda: reader) == 2
    by_id = {ln.id: ln for ln in doc.pages[0].lines}
    assert by_id[number.id].cross == 1.0
    assert by_id[total.id].cross is not None and 0.5 < by_id[total.id].cross < 1.0
    assert cross_read(doc, proposal, lambda: reader) == 0  # read once
    assert cross_read(doc, proposal, lambda: None) == 0


def test_the_pipeline_reads_the_value_lines_again_and_the_setting_turns_it_off(
    scanned_invoice_line: Path,
) -> None:
    from pipeline.runner import Pipeline
    from schemas import load_schema

    for on in (True, False):
        options = PipelineOptions(schema_spec="invoice", review=ReviewOptions(scorer="off"))
        options = options.model_copy(update={"ocr": options.ocr.model_copy(update={"cross_read": on})})
        pipe = Pipeline(options)
        doc = pipe.backbone(scanned_invoice_line)
        proposal = pipe.rules(doc, load_schema("invoice"))
        crossed = [ln for ln in doc.pages[0].lines if ln.cross is not None]
        assert bool(crossed) is on
        assert proposal.fields["total"].value is not None
        assert all(p.image is None for p in doc.pages)  # the rasters are still dropped after the reading


def test_without_the_language_packs_fields_are_scored_without_the_second_opinion() -> None:
    clear_engine_cache()
    try:
        assert create_line_reader(OcrOptions(languages=["xx-not-a-pack"])) is None
    finally:
        clear_engine_cache()


def _facts_and_result(line: Line) -> tuple[DocFacts, FieldResult]:
    from pipeline.document import Page

    page = Page(number=1, width=400, height=400, dpi=150, source=TextSource.OCR, lines=[line])
    doc = Document(path=Path("x.png"), sha256="0" * 64, kind="image", pages=[page])
    result = FieldResult(status=FieldStatus.OK, confidence=0.9, evidence=Evidence.from_lines(1, [line]))
    return DocFacts.of(doc, receipt=True), result


@pytest.mark.parametrize(
    ("cross", "expected"), [(None, (0.0, 1.0, 0.0)), (1.0, (1.0, 1.0, 1.0)), (0.7, (1.0, 0.7, 0.0))]
)
def test_the_scorer_sees_whether_and_how_alike_tesseract_read_the_evidence(
    cross: float | None, expected: tuple[float, float, float]
) -> None:
    line = _ocr_line(0, "Street 1", 50.0)
    line.cross = cross
    facts, result = _facts_and_result(line)
    vector = field_features("vendor_address", result, "Street 1", facts, required=False, values={})
    f = dict(zip(FEATURES, vector, strict=True))
    assert (f["cross_read"], f["cross_alike"], f["cross_same"]) == expected
