"""The text backbone end to end: real PDFs/images in, lines out, with real Tesseract OCR for scanned pages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytesseract
import pytest
from reportlab.lib.pagesizes import A5, A6

from pipeline.backbone import build_document, page_image
from pipeline.document import BBox, Line, TextSource, Word
from pipeline.errors import EncryptedPdfError, OcrEngineError, TooLargeError
from pipeline.options import PipelineOptions
from tests.docgen import (
    SAMPLE_INVOICE,
    TextItem,
    make_image_pdf,
    make_multiframe_tiff,
    make_text_pdf,
    render_text_image,
    rotate_quadrant,
    save_image,
    skew,
)

RECEIPT = [
    TextItem("CORNER BAKERY", 20, 40, 14),
    TextItem("Receipt 000123", 20, 70, 11),
    TextItem("Bread 3.50", 20, 100, 11),
    TextItem("Coffee 2.80", 20, 120, 11),
    TextItem("TOTAL 6.30 EUR", 20, 150, 12),
]


class TinyTesseract:
    """A minimal real OCR engine on pytesseract (words grouped by Tesseract's own block/paragraph/line)."""

    name = "tiny-tesseract"

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, image: np.ndarray) -> list[Line]:
        self.calls += 1
        data = pytesseract.image_to_data(
            image, lang="eng", config="--psm 3", output_type=pytesseract.Output.DICT
        )
        groups: dict[tuple[int, int, int], list[Word]] = {}
        for i, text in enumerate(data["text"]):
            if not text.strip() or float(data["conf"][i]) < 0:
                continue
            x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            box = BBox(x0=x, y0=y, x1=x + w, y1=y + h)
            groups.setdefault(key, []).append(
                Word(text=text, bbox=box, confidence=float(data["conf"][i]) / 100)
            )
        return [
            Line(
                id="", text=" ".join(w.text for w in ws), bbox=BBox.enclosing([w.bbox for w in ws]), words=ws
            )
            for ws in groups.values()
        ]


class BrokenEngine:
    name = "broken"

    def recognize(self, image: np.ndarray) -> list[Line]:
        raise RuntimeError("model file missing")


@pytest.fixture(scope="module")
def tesseract() -> TinyTesseract:
    return TinyTesseract()


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 1 has a text layer; page 2 is a scan turned sideways and tilted by 3 degrees."""
    d = tmp_path_factory.mktemp("scan")
    img = rotate_quadrant(skew(render_text_image(RECEIPT, dpi=150, pagesize=A6), 3.0), 90)
    scan = make_image_pdf(d / "scan-only.pdf", [img], dpi=150)
    text = make_text_pdf(d / "text-only.pdf", pages=[RECEIPT], pagesize=A6)
    from pypdfium2 import PdfDocument

    merged = PdfDocument.new()
    for src in (text, scan):
        merged.import_pages(PdfDocument(str(src)))
    out = d / "mixed.pdf"
    merged.save(str(out))
    return out


def test_text_pdf_never_loads_ocr(tmp_path: Path) -> None:
    made: list[str] = []

    def factory() -> TinyTesseract:
        made.append("engine")
        return TinyTesseract()

    path = make_text_pdf(tmp_path / "inv.pdf", pages=[SAMPLE_INVOICE] * 2)
    doc = build_document(path, PipelineOptions(dpi=200), factory)
    assert made == [] and doc.kind == "pdf" and len(doc.sha256) == 64
    assert [p.source for p in doc.pages] == [TextSource.TEXT_LAYER] * 2
    assert all(p.image is None and p.dpi == 200 for p in doc.pages)
    assert doc.pages[1].lines[0].id == "p2-l1" and "Total: 196.35 EUR" in doc.pages[1].text
    raster = page_image(doc, 1)
    assert raster.shape[:2] == (round(doc.pages[0].height), round(doc.pages[0].width))


def test_mixed_pdf_ocrs_only_the_scanned_page(scanned_pdf: Path, tesseract: TinyTesseract) -> None:
    doc = build_document(scanned_pdf, PipelineOptions(dpi=150), tesseract)
    text_page, scan_page = doc.pages
    assert text_page.source == TextSource.TEXT_LAYER and scan_page.source == TextSource.OCR
    assert scan_page.preprocessing.rotation == 270
    assert abs(scan_page.preprocessing.deskew_angle + 3.0) < 0.4
    assert "TOTAL 6.30 EUR" in scan_page.text and "CORNER BAKERY" in scan_page.text
    assert [ln.id for ln in scan_page.lines] == [f"p2-l{i}" for i in range(1, len(scan_page.lines) + 1)]
    assert all(ln.source == TextSource.OCR for ln in scan_page.lines)

    # the re-made page image lines up with the OCR boxes, at the page's dpi and at twice it
    total = next(ln for ln in scan_page.lines if "TOTAL" in ln.text)
    for scale in (1, 2):
        img = page_image(doc, 2, dpi=scan_page.dpi * scale)
        assert (
            abs(img.shape[0] - scan_page.height * scale) <= 1
            and abs(img.shape[1] - scan_page.width * scale) <= 1
        )
        b = total.bbox
        crop = img[int(b.y0 * scale) : int(b.y1 * scale), int(b.x0 * scale) : int(b.x1 * scale)]
        ink = (crop.min(axis=2) < 128).mean()
        assert ink > 0.1, f"box of {total.text!r} holds {ink:.2%} ink at x{scale}"
    # the text-layer page boxes agree with where reportlab drew the words (upright page, no turn)
    line = next(ln for ln in text_page.lines if ln.text == "TOTAL 6.30 EUR")
    assert abs(line.bbox.x0 - RECEIPT[-1].box_px(150)[0]) < 3


def test_force_ocr_and_images(tmp_path: Path, tesseract: TinyTesseract) -> None:
    page = render_text_image(RECEIPT, dpi=150, pagesize=A6)
    png = save_image(tmp_path / "receipt.png", page, dpi=150)
    doc = build_document(png, PipelineOptions(), tesseract)
    assert doc.kind == "image" and doc.pages[0].dpi == 150 and doc.pages[0].source == TextSource.OCR
    assert (doc.pages[0].width, doc.pages[0].height) == (page.shape[1], page.shape[0])
    assert "Coffee 2.80" in doc.pages[0].text
    assert page_image(doc, 1, dpi=75).shape[:2] == (page.shape[0] // 2, page.shape[1] // 2)

    calls = tesseract.calls
    pdf = make_text_pdf(tmp_path / "receipt.pdf", pages=[RECEIPT], pagesize=A6)
    forced = build_document(pdf, PipelineOptions(dpi=150, force_ocr=True), tesseract)
    assert tesseract.calls == calls + 1 and forced.pages[0].source == TextSource.OCR
    assert "TOTAL 6.30 EUR" in forced.pages[0].text


def test_tiff_pages_limits_and_failures(tmp_path: Path, tesseract: TinyTesseract) -> None:
    blank = np.full((80, 60, 3), 255, np.uint8)
    tiff = make_multiframe_tiff(tmp_path / "fax.tiff", [blank, blank, blank])
    doc = build_document(tiff, PipelineOptions(), tesseract)
    assert [p.number for p in doc.pages] == [1, 2, 3] and all(not p.lines for p in doc.pages)
    assert doc.warnings == [f"page {n}: no text found" for n in (1, 2, 3)]
    with pytest.raises(TooLargeError, match=r"fax\.tiff: 3 pages"):
        build_document(tiff, PipelineOptions(max_pages=2), tesseract)
    with pytest.raises(
        OcrEngineError, match=r"fax\.tiff: OCR failed on page 1 \(RuntimeError: model file missing"
    ):
        build_document(tiff, PipelineOptions(), BrokenEngine)  # a class is a factory: built on first use
    locked = make_text_pdf(tmp_path / "locked.pdf", encrypt_user_password="pw")
    with pytest.raises(EncryptedPdfError, match=r"locked\.pdf"):
        build_document(locked, PipelineOptions(), tesseract)
    with pytest.raises(TooLargeError, match=r"max_page_pixels"):
        build_document(
            make_text_pdf(tmp_path / "t.pdf"), PipelineOptions(force_ocr=True, max_page_pixels=10_000)
        )


def _ink_in(img: np.ndarray, box: BBox, scale: float = 1.0) -> float:
    crop = img[int(box.y0 * scale) : int(box.y1 * scale) + 1, int(box.x0 * scale) : int(box.x1 * scale) + 1]
    return float((crop.min(axis=2) < 128).mean()) if crop.size else 0.0


def test_a_600_dpi_scan_is_read_on_a_reduced_copy_with_boxes_in_its_own_pixels(tmp_path: Path) -> None:
    from pipeline.ocr import create_engine
    from pipeline.options import OcrOptions

    page = render_text_image(RECEIPT, dpi=600, pagesize=A5)  # 3496 x 4961 px
    path = save_image(tmp_path / "receipt600.jpg", page, dpi=600)
    rapid = create_engine("rapidocr", OcrOptions())
    doc = build_document(path, PipelineOptions(), rapid)
    p = doc.pages[0]
    assert (p.width, p.height, p.dpi) == (page.shape[1], page.shape[0], 600)
    assert "TOTAL 6.30 EUR" in p.text and "CORNER BAKERY" in p.text
    assert any(n.startswith("downscaled from 3496x4961") for n in p.preprocessing.notes)
    # the same page at 150 dpi reads the same
    small = build_document(save_image(tmp_path / "receipt150.png", render_text_image(RECEIPT, 150, A5), 150))
    assert [ln.text for ln in small.pages[0].lines] == [ln.text for ln in p.lines]
    # boxes are in the file's own pixels: on ink in the page at its dpi, and in the 100-dpi review view
    total = next(ln for ln in p.lines if "TOTAL" in ln.text)
    assert _ink_in(page, total.bbox) > 0.1
    view = page_image(doc, 1, dpi=100)
    assert abs(view.shape[0] - page.shape[0] / 6) <= 1 and abs(view.shape[1] - page.shape[1] / 6) <= 1
    assert _ink_in(view, total.bbox, 100 / 600) > 0.1
    for word in total.words:
        drawn = RECEIPT[-1].box_px(600)
        assert drawn[0] - 60 <= word.bbox.x0 and word.bbox.x1 <= drawn[2] + 60


def test_a_phone_photo_is_flattened_and_its_boxes_replay_on_the_review_page(tmp_path: Path) -> None:
    import sys

    from pipeline.ocr import create_engine
    from pipeline.options import OcrOptions

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from samples.photo import jpeg_bytes, phone_photo
    from samples.randomized import random_invoice

    pdf, truth = random_invoice(3).build()
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg_bytes(phone_photo(pdf, 3, tilt=0.15, shadow=0.3), None, exif_turn=90))
    doc = build_document(path, PipelineOptions(), create_engine("rapidocr", OcrOptions()))
    p = doc.pages[0]
    assert p.preprocessing.page_quad is not None and len(p.preprocessing.page_quad) == 8
    assert p.preprocessing.rotation == 0 and abs(p.preprocessing.deskew_angle) < 1.0  # flat means straight
    assert any("flattened" in n for n in p.preprocessing.notes)
    assert truth["invoice_number"] in p.text and truth["vendor_name"] in p.text
    # the review page re-makes the flat page from the photo: same size as the page, boxes on the words
    flat = page_image(doc, 1)
    assert abs(flat.shape[1] - p.width) <= 2 and abs(flat.shape[0] - p.height) <= 2
    words = [w for ln in p.lines for w in ln.words if len(w.text) >= 4]
    inked = sum(_ink_in(flat, w.bbox) > 0.05 for w in words)
    assert inked >= 0.9 * len(words), (inked, len(words))
