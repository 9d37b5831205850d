"""OCR engines on images the tests draw: real RapidOCR and Tesseract runs, PaddleOCR's offline guard rails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.document import BBox, Line, TextSource
from pipeline.errors import ConfigurationError, OcrEngineError
from pipeline.ocr import create_engine
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.tesseract import choose_languages
from pipeline.ocr.words import make_line, sort_reading_order, split_line_box, words_from_chars
from pipeline.options import OcrOptions

REPO = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# (x, y, text) at 150 dpi; the second row has a label and its value far apart, as on real invoices.
INVOICE_TEXT = [
    (60, 40, "Invoice No: 4711"),
    (60, 100, "Date: 2024-03-15"),
    (60, 160, "Widget service 2 100.00"),
    (60, 260, "Total"),
    (520, 262, "1,234.56 EUR"),
]


def draw_page(items: list[tuple[int, int, str]], size: tuple[int, int] = (900, 340), points: int = 30):
    """A white page with the given text, and the box of every drawn word (from the font's own metrics)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, points)
    drawn: dict[str, list[BBox]] = {}
    for x, y, text in items:
        draw.text((x, y), text, fill="black", font=font)
        offset = 0
        for word in text.split(" "):
            left = x + draw.textlength(text[:offset], font=font)
            x0, y0, x1, y1 = draw.textbbox((left, y), word, font=font)
            drawn.setdefault(word, []).append(BBox(x0=x0, y0=y0, x1=x1, y1=y1))
            offset += len(word) + 1
    return np.asarray(image), drawn


def overlap(a: BBox, b: BBox) -> float:
    """Intersection over the smaller box's area."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / min(a.width * a.height, b.width * b.height)


@pytest.fixture(scope="module")
def invoice():
    return draw_page(INVOICE_TEXT)


def check_engine_output(lines: list[Line], drawn: dict[str, list[BBox]], image_shape) -> None:
    height, width = image_shape[:2]
    assert lines, "the engine found no text"
    words = [w for ln in lines for w in ln.words]
    for ln in lines:
        assert ln.id == "" and ln.source == TextSource.OCR
        assert 0.0 <= ln.confidence <= 1.0
        assert ln.text == " ".join(w.text for w in ln.words)
        assert 0 <= ln.bbox.x0 < ln.bbox.x1 <= width and 0 <= ln.bbox.y0 < ln.bbox.y1 <= height
    for w in words:
        assert 0.0 <= w.confidence <= 1.0

    found = {w.text: w for w in words}
    for expected in ["Invoice", "4711", "2024-03-15", "100.00", "Total", "1,234.56", "EUR"]:
        assert expected in found, f"{expected!r} not recognised; got {[w.text for w in words]}"
        # The word's box must sit where the word was drawn.
        assert max(overlap(found[expected].bbox, box) for box in drawn[expected]) > 0.5, expected

    # Reading order: top to bottom, and the value after its label on the same row.
    texts = [ln.text for ln in lines]
    order = [
        next(i for i, t in enumerate(texts) if key in t)
        for key in ["4711", "2024", "100.00", "Total", "1,234.56"]
    ]
    assert order == sorted(order), texts


@pytest.fixture(scope="module", params=["ppocrv6-tiny", "ppocrv4"])
def rapid(request) -> OcrEngine:
    """Both model sets RapidOCR can load from installed wheels: the default (tiny + re-reads) and PP-OCRv4."""
    return create_engine("rapidocr", OcrOptions(rapid_models=request.param))


@pytest.fixture(scope="module")
def tesseract() -> OcrEngine:
    return create_engine("tesseract", OcrOptions(languages=["eng", "deu"]))


def test_rapidocr_reads_invoice_words_with_boxes(rapid, invoice):
    image, drawn = invoice
    lines = rapid.recognize(image)
    check_engine_output(lines, drawn, image.shape)
    # RapidOCR sees the label and the far-away value as two detections; both must survive.
    assert any(ln.text == "Total" for ln in lines)


def test_rapidocr_restores_spaces_between_table_columns(rapid):
    # Wide gaps inside one detected line must not glue numbers together ("2100.00").
    image, _ = draw_page([(40, 40, "Widget   2   100.00")], size=(700, 120))
    words = [w.text for ln in rapid.recognize(image) for w in ln.words]
    assert words == ["Widget", "2", "100.00"]


def test_rapidocr_accepts_greyscale_and_blank_images(rapid, invoice):
    grey = np.asarray(Image.fromarray(invoice[0]).convert("L"))
    assert "4711" in " ".join(ln.text for ln in rapid.recognize(grey))
    assert rapid.recognize(np.full((200, 300, 3), 255, dtype=np.uint8)) == []


def test_tesseract_reads_invoice_words_with_boxes(tesseract, invoice):
    image, drawn = invoice
    check_engine_output(tesseract.recognize(image), drawn, image.shape)
    assert tesseract.languages == ["eng", "deu"]


def test_tesseract_languages_are_filtered_to_installed_packs():
    assert choose_languages(["eng", "xx_missing", "deu"], ["deu", "eng", "osd"]) == ["eng", "deu"]
    with pytest.raises(OcrEngineError, match="xx_missing"):
        choose_languages(["xx_missing"], ["eng"])


def test_tesseract_missing_binary_is_a_clear_error(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrEngineError, match="tesseract binary was not found"):
        create_engine("tesseract", OcrOptions(languages=["eng", "fra"]))


def test_create_engine_caches_and_rejects_unknown_names(rapid):
    assert create_engine("rapidocr", OcrOptions(rapid_models=rapid.models.name)) is rapid
    assert isinstance(rapid, OcrEngine) and rapid.name == "rapidocr"
    with pytest.raises(ConfigurationError, match="unknown OCR engine 'easyocr'"):
        create_engine("easyocr", OcrOptions())


def test_paddle_without_model_dir_names_the_missing_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCEXTRACT_PADDLE_MODEL_DIR", raising=False)
    with pytest.raises(OcrEngineError, match="no model folder is configured"):
        create_engine("paddleocr", OcrOptions(paddle_model_dir=None))
    (tmp_path / "det").mkdir()
    with pytest.raises(OcrEngineError, match=r"det lacks inference\.yml"):
        create_engine("paddleocr", OcrOptions(paddle_model_dir=tmp_path))
    for name in ["inference.yml", "inference.json", "inference.pdiparams"]:
        (tmp_path / "det" / name).write_text("Global:\n  model_name: PP-OCRv5_mobile_det\n")
    with pytest.raises(OcrEngineError, match=re.escape(f"{tmp_path / 'rec'} is missing")):
        create_engine("paddleocr", OcrOptions(paddle_model_dir=tmp_path))


@pytest.mark.slow
def test_paddle_with_broken_models_fails_fast_offline(tmp_path):
    """Complete-looking but unloadable model folders: an OcrEngineError within seconds, no download, no hang."""
    for sub, model in [("det", "PP-OCRv5_mobile_det"), ("rec", "en_PP-OCRv5_mobile_rec")]:
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "inference.yml").write_text(f"Global:\n  model_name: {model}\n")
        (tmp_path / sub / "inference.json").write_text("{}")
        (tmp_path / sub / "inference.pdiparams").write_bytes(b"\0" * 16)
    code = textwrap.dedent(
        f"""
        from pipeline.errors import OcrEngineError
        from pipeline.ocr import create_engine
        from pipeline.options import OcrOptions
        try:
            create_engine("paddleocr", OcrOptions(paddle_model_dir={str(tmp_path)!r}))
        except OcrEngineError as exc:
            print("OcrEngineError:", exc)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1")
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=90
        )
    except subprocess.TimeoutExpired:
        pytest.fail("PaddleOCR hung on broken local models (a download attempt?)")
    if "No module named 'paddleocr'" in out.stdout + out.stderr or "PaddleOCR is not installed" in out.stdout:
        pytest.skip("paddleocr is not installed")
    assert "OcrEngineError:" in out.stdout, out.stdout + out.stderr[-2000:]


@pytest.mark.skipif(
    not os.environ.get("DOCEXTRACT_PADDLE_MODEL_DIR"),
    reason="PaddleOCR inference models are not shipped by any PyPI package; set DOCEXTRACT_PADDLE_MODEL_DIR "
    "to a folder with det/ and rec/ model folders to run PaddleOCR for real",
)
def test_paddleocr_reads_invoice_words(invoice):
    image, drawn = invoice
    engine = create_engine("paddleocr", OcrOptions())
    check_engine_output(engine.recognize(image), drawn, image.shape)


# --- pure helpers ------------------------------------------------------------------------------------------


def test_split_line_box_shares_width_by_characters():
    words = split_line_box("ab cdef", BBox(x0=0, y0=10, x1=70, y1=20), 0.9)
    assert [w.text for w in words] == ["ab", "cdef"]
    assert words[0].bbox == BBox(x0=0, y0=10, x1=20, y1=20)
    assert words[1].bbox == BBox(x0=30, y0=10, x1=70, y1=20)
    assert split_line_box("   ", BBox(x0=0, y0=0, x1=10, y1=10)) == []


def test_words_from_chars_breaks_on_spaces_and_wide_gaps():
    xs = [0, 10, 20, 60, 70, 80]  # "abc" then a 30 px gap then "d" " " "e"
    chars = ["a", "b", "c", "d", " ", "e"]
    boxes = [BBox(x0=x, y0=0, x1=x + 9, y1=30) for x in xs]
    words = words_from_chars(chars, boxes, [0.9, 0.8, 1.0, 0.5, 1.0, 0.7], line_height=30)
    assert [w.text for w in words] == ["abc", "d", "e"]
    assert words[0].bbox == BBox(x0=0, y0=0, x1=29, y1=30)
    assert words[0].confidence == pytest.approx(0.9)


def test_sort_reading_order_keeps_slightly_offset_label_and_value_on_one_row():
    def line(text: str, x0: float, y0: float) -> Line:
        return make_line(split_line_box(text, BBox(x0=x0, y0=y0, x1=x0 + 100, y1=y0 + 20)))

    value = line("1,234.56", 500, 103)  # a few pixels higher than its label
    label = line("Total", 50, 106)
    header = line("Invoice", 50, 10)
    footer = line("Thanks", 50, 140)
    ordered = sort_reading_order([footer, value, label, header])
    assert [ln.text for ln in ordered] == ["Invoice", "Total", "1,234.56", "Thanks"]


def test_rapidocr_detects_large_pages_at_reduced_size(rapid):
    # The speed tuning: an A4 page at 200 dpi is detected at about 1280 px, not RapidOCR's fixed 2000 px.
    rapid.recognize(np.full((2339, 1654, 3), 255, dtype=np.uint8))
    assert 1200 <= rapid._det_limit <= 1300
    rapid.recognize(np.full((300, 400, 3), 255, dtype=np.uint8))
    assert rapid._det_limit == 400  # small images are never shrunk


def test_faster_detector_input_is_bit_identical_to_rapidocrs_own() -> None:
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    from pipeline.ocr.rapid import _fast_det_preprocess

    image, _ = draw_page(INVOICE_TEXT)
    fast = _fast_det_preprocess(DetPreProcess)
    for mean, std in (([0.5] * 3, [0.5] * 3), ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])):
        ours = fast(640, "max", mean, std)(image)
        theirs = DetPreProcess(640, "max", mean, std)(image)
        assert ours.dtype == theirs.dtype == np.float32 and np.array_equal(ours, theirs)


def test_character_boxes_match_rapidocrs_own_computation(invoice) -> None:
    from rapidocr_onnxruntime.cal_rec_boxes.main import CalRecBoxes

    engine = create_engine("rapidocr", OcrOptions())
    image, _ = invoice
    ours = engine.recognize(image)
    fast = engine._ocr.cal_rec_boxes
    try:
        engine._ocr.cal_rec_boxes = CalRecBoxes()
        theirs = engine.recognize(image)
    finally:
        engine._ocr.cal_rec_boxes = fast
    assert type(fast).__name__ == "FastCalRecBoxes"
    flat = [[(w.text, w.bbox, w.confidence) for w in ln.words] for ln in ours]
    assert flat == [[(w.text, w.bbox, w.confidence) for w in ln.words] for ln in theirs] and flat


def _table_page() -> np.ndarray:
    """A scanned A4 page at 200 dpi (detected at about half size): grey paper, sensor noise, a little blur,
    small print, and a quantity column holding lone ones."""
    from tests.docgen import TextItem, render_text_image

    rows = [("Network switch 24-port", "1", "284.82"), ("Logo design package", "1", "535.27")]
    rows += [("Printer ink cartridge", "5", "127.25")]
    items = [
        TextItem("Description", 56, 230, 8),
        TextItem("Qty", 330, 230, 8),
        TextItem("Amount", 470, 230, 8),
    ]
    for k, (desc, qty, amount) in enumerate(rows):
        y = 252 + 18 * k
        items += [TextItem(desc, 56, y, 8), TextItem(qty, 333, y, 8), TextItem(amount, 470, y, 8)]
    import cv2

    page = render_text_image(items, dpi=200).astype(np.float32) * (215 / 255)
    page += np.random.default_rng(1).normal(0, 12, page.shape)
    return np.clip(cv2.GaussianBlur(page, (0, 0), 1.2), 0, 255).astype(np.uint8)


def test_lone_glyphs_the_reduced_detection_misses_are_read() -> None:
    page = _table_page()
    lines = create_engine("rapidocr").recognize(page)
    ones = [ln for ln in lines if ln.text == "1"]
    assert len(ones) == 2, [ln.text for ln in lines]
    qty_x = 333 * 200 / 72
    assert all(abs(ln.bbox.x0 - qty_x) < 20 and ln.words[0].confidence >= 0.9 for ln in ones)
    # the same page without the pass: the detector alone loses one
    plain = create_engine("rapidocr", OcrOptions(recover_lone_glyphs=False)).recognize(page)
    assert len([ln for ln in plain if ln.text == "1"]) < 2


def test_lone_glyphs_ignore_specks_rules_and_unsure_readings() -> None:
    from pipeline.ocr.lone_glyphs import lone_glyphs

    page = np.full((400, 1200), 255, dtype=np.uint8)
    text = make_line(split_line_box("Network switch", BBox(x0=100, y0=100, x1=400, y1=130)))
    page[108:124, 100:400] = 0  # the detected line's ink (covered, so never a candidate)
    page[110:112, 700:702] = 0  # a speck, far smaller than a character
    page[105:125, 900:903] = 0  # a thin rule: a character's height, too thin for one
    page[108:124, 600:608] = 0  # glyph-sized ink on the row
    page[300:316, 600:608] = 0  # glyph-sized ink on no row of text
    seen: list[tuple[int, int]] = []

    def read(crops):
        seen.extend(c.shape for c in crops)
        return [("1", 0.99)] * len(crops)

    found = lone_glyphs(page, [text], read)
    assert len(seen) == 1 and [ln.text for ln in found] == ["1"]
    assert found[0].bbox.x0 == 600 and found[0].bbox.y0 == 108
    assert lone_glyphs(page, [text], lambda crops: [("1", 0.5)] * len(crops)) == []  # unsure: dropped
    assert lone_glyphs(page, [text], lambda crops: [("~?", 0.99)] * len(crops)) == []  # not a short token
