"""A scan's text layer from an earlier OCR is recognised, set aside, and the scan read again
(pipeline/backbone/ocr_layer.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.backbone import build_document
from pipeline.backbone.ocr_layer import is_ocr_layer
from pipeline.backbone.pdf import render_page
from pipeline.document import TextSource
from pipeline.options import PipelineOptions
from tests.docgen import (
    SAMPLE_INVOICE,
    TextItem,
    make_image_pdf,
    make_searchable_pdf,
    make_text_pdf,
    render_text_image,
)

# the old engine's layer: the seller's name misread, everything else as printed
MISREAD = "ACME Offlce Suppiles GmbH"
LAYER = [TextItem(MISREAD, 56, 70, 16), *SAMPLE_INVOICE[1:]]


@pytest.fixture(scope="module")
def searchable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ocr_layer")
    # the page printed as the layer's font sets it, so the layer's boxes fit the print as an OCR's do
    printed = render_page(make_text_pdf(folder / "printed.pdf"), 0, 200)
    return make_searchable_pdf(folder / "searchable.pdf", printed, LAYER, dpi=200)


def test_only_invisible_text_over_a_scan_is_an_ocr_layer(searchable: Path, tmp_path: Path) -> None:
    image = render_text_image(SAMPLE_INVOICE, dpi=100)
    pictured = make_searchable_pdf(tmp_path / "pictured.pdf", image, SAMPLE_INVOICE, dpi=100, invisible=False)
    cases = {
        searchable: True,
        pictured: False,  # real text drawn on a full-page background picture
        make_text_pdf(tmp_path / "digital.pdf"): False,
        make_image_pdf(tmp_path / "scan.pdf", [image], dpi=100): False,  # no text at all
    }
    for path, expected in cases.items():
        pdf = pdfium.PdfDocument(path)
        try:
            assert is_ocr_layer(pdf, 0) is expected, path.name
        finally:
            pdf.close()


def test_a_searchable_scan_is_read_again_and_its_misreadings_are_gone(searchable: Path) -> None:
    doc = build_document(searchable, PipelineOptions(dpi=200))
    page = doc.pages[0]
    assert page.source == TextSource.OCR
    assert all(line.source == TextSource.OCR for line in page.lines)
    assert any("earlier OCR set aside" in note for note in page.preprocessing.notes)
    text = page.text
    assert "Offlce" not in text and "Suppiles" not in text
    assert "Office Supplies" in text and "196.35" in text
    assert all(w.confidence < 1.0 for line in page.lines for w in line.words)  # our recogniser's own


def test_a_pictured_page_with_real_text_keeps_its_layer(tmp_path: Path) -> None:
    image = render_text_image(SAMPLE_INVOICE, dpi=100)
    pictured = make_searchable_pdf(tmp_path / "pictured.pdf", image, LAYER, dpi=100, invisible=False)
    page = build_document(pictured, PipelineOptions(dpi=200)).pages[0]
    assert page.source == TextSource.TEXT_LAYER
    assert MISREAD in page.text  # drawn text is the print itself


def test_the_generators_searchable_copy_is_such_a_scan(tmp_path: Path) -> None:
    """tools/samples/scan.py's searchable copies (the measuring set of docs/trust.md) are what is detected."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from samples.scan import scanned_copy

    data = scanned_copy(
        make_text_pdf(tmp_path / "clean.pdf").read_bytes(), seed=3, dpis=(150,), ocr_layer=True
    )
    pdf = pdfium.PdfDocument(data)
    try:
        assert len(pdf) == 1 and is_ocr_layer(pdf, 0)
        assert "Total" in pdf[0].get_textpage().get_text_range()  # Tesseract's reading is there, invisibly
    finally:
        pdf.close()
