"""The PDF text layer, rendering and PDF errors, on PDFs that reportlab writes for each run."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from pipeline.backbone.pdf import (
    check_page_pixels,
    extract_text_layer,
    image_coverage,
    open_pdf,
    opened_pdf,
    page_size_px,
    read_text_layer,
    render_page,
)
from pipeline.backbone.text_lines import has_usable_text
from pipeline.errors import CorruptFileError, EncryptedPdfError, TooLargeError, UnsupportedFileError
from tests.docgen import (
    SAMPLE_INVOICE,
    TextItem,
    make_image_pdf,
    make_text_pdf,
    make_truncated_copy,
    render_text_image,
)

DPI = 200


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pdfs")
    out = {"invoice": make_text_pdf(d / "invoice.pdf", pages=[SAMPLE_INVOICE] * 3)}
    for rot in (90, 180, 270):
        out[f"rot{rot}"] = make_text_pdf(d / f"rot{rot}.pdf", rotate=rot)
    out["scan"] = make_image_pdf(d / "scan.pdf", [render_text_image(SAMPLE_INVOICE[:6], dpi=100)], dpi=100)
    return out


def _line_with(lines, text: str):
    hits = [ln for ln in lines if ln.text == text]
    assert hits, f"{text!r} not among {[ln.text for ln in lines]}"
    return hits[0]


def test_words_land_where_reportlab_drew_them(files: dict[str, Path]) -> None:
    lines = extract_text_layer(files["invoice"], 0, DPI)
    s = DPI / 72
    for item in SAMPLE_INVOICE:
        box = _line_with(lines, item.text).bbox
        x0, _, x1, baseline = item.box_px(DPI)
        assert abs(box.x0 - x0) < 3 and abs(box.x1 - x1) < 3, (item.text, box)
        # loose (font-height) box: from above the cap height to below the baseline
        assert box.y0 < baseline - 0.65 * item.size * s < baseline < box.y1, (item.text, box)
        assert box.height < 1.5 * item.size * s


def test_lines_are_in_reading_order_and_columns_stay_apart(files: dict[str, Path]) -> None:
    lines = extract_text_layer(files["invoice"], 1, DPI)
    assert [ln.id for ln in lines] == [f"p2-l{i}" for i in range(1, len(lines) + 1)]
    # the table header row is three lines (wide gaps), left to right, all before the first item row
    texts = [ln.text for ln in lines]
    i = texts.index("Description")
    assert texts[i : i + 6] == ["Description", "Qty", "Amount", "Printer paper A4", "10", "45.00"]
    tops = [ln.bbox.cy for ln in lines]
    assert all(b >= a - 10 for a, b in zip(tops, tops[1:], strict=False))
    words = _line_with(lines, "Total: 196.35 EUR").words
    assert [w.text for w in words] == ["Total:", "196.35", "EUR"]
    assert words[0].bbox.x1 < words[1].bbox.x0 < words[1].bbox.x1 < words[2].bbox.x0
    assert all(ln.source == "text_layer" and ln.confidence == 1.0 for ln in lines)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_sideways_pages_are_read_upright(files: dict[str, Path], rotation: int) -> None:
    upright = {ln.text: ln.bbox for ln in extract_text_layer(files["invoice"], 0, DPI)}
    layer = read_text_layer(files[f"rot{rotation}"], 0, DPI)
    assert layer.rotation == (360 - rotation) % 360
    assert (round(layer.width), round(layer.height)) == (1654, 2339)
    for line in layer.lines:
        ref = upright[line.text]
        assert abs(line.bbox.x0 - ref.x0) < 2 and abs(line.bbox.y0 - ref.y0) < 2, line.text


def test_raw_boxes_match_the_render_of_a_rotated_page(files: dict[str, Path]) -> None:
    with opened_pdf(files["rot90"]) as pdf:
        img = render_page(pdf, 0, 100)
        lines = extract_text_layer(pdf, 0, 100)
    ink = img.min(axis=2) < 128
    inside = np.zeros_like(ink)
    for ln in lines:
        b = ln.bbox
        inside[int(b.y0) : int(b.y1) + 1, int(b.x0) : int(b.x1) + 1] = True
    assert ink.sum() > 1000 and (ink & inside).sum() / ink.sum() > 0.97


def test_usable_text_decision(files: dict[str, Path]) -> None:
    with opened_pdf(files["invoice"]) as pdf:
        layer = read_text_layer(pdf, 0, DPI)
        assert has_usable_text(layer.lines, layer.width, layer.height, image_coverage(pdf, 0))
        assert image_coverage(pdf, 0) == 0.0
    with opened_pdf(files["scan"]) as pdf:
        layer = read_text_layer(pdf, 0, DPI)
        assert layer.lines == [] and not has_usable_text(layer.lines, layer.width, layer.height)
        assert image_coverage(pdf, 0) > 0.95
    few = extract_text_layer(files["invoice"], 0, DPI)[:1]  # a stray caption: 21 letters
    assert not has_usable_text(few, 1654, 2339, image_coverage=1.0)
    assert has_usable_text(extract_text_layer(files["invoice"], 0, DPI), 1654, 2339, image_coverage=1.0)


def test_junk_text_layer_is_not_usable(tmp_path: Path) -> None:
    junk = [TextItem("\ue001\ue002\ue003\ue004 \ue005\ue006\ue007", 56, 100 + 20 * i, 11) for i in range(10)]
    path = make_text_pdf(tmp_path / "junk.pdf", pages=[junk])
    lines = extract_text_layer(path, 0, DPI)
    assert lines and not has_usable_text(lines, 1654, 2339)


def test_render_engines_agree(files: dict[str, Path]) -> None:
    a = render_page(files["invoice"], 0, 100, engine="pypdfium2")
    b = render_page(files["invoice"], 0, 100, engine="pdf2image")
    assert a.dtype == b.dtype == np.uint8 and a.shape[2] == b.shape[2] == 3
    assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    ink_a, ink_b = a[:h, :w].min(2) < 128, b[:h, :w].min(2) < 128
    assert (ink_a & ink_b).sum() / max(ink_a.sum(), 1) > 0.7


def test_text_extraction_is_fast(files: dict[str, Path]) -> None:
    with opened_pdf(files["invoice"]) as pdf:
        extract_text_layer(pdf, 0, DPI)
        start = time.perf_counter()
        for _ in range(10):
            for i in range(len(pdf)):
                extract_text_layer(pdf, i, DPI)
        per_page = (time.perf_counter() - start) / (10 * len(pdf))
    assert per_page < 0.01, f"{per_page * 1000:.1f} ms per page"


def test_damaged_files_fail_naming_the_file(files: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(CorruptFileError, match=r"empty\.pdf.*empty"):
        open_pdf(empty)
    text = tmp_path / "notes.pdf"
    text.write_text("Dear customer, this is not a PDF.")
    with pytest.raises(UnsupportedFileError, match=r"notes\.pdf.*not a PDF"):
        open_pdf(text)
    cut = make_truncated_copy(files["invoice"], tmp_path / "cut.pdf", 0.5)
    with pytest.raises(CorruptFileError, match=r"cut\.pdf"):
        open_pdf(cut)


def test_encrypted_pdfs(tmp_path: Path) -> None:
    locked = make_text_pdf(tmp_path / "locked.pdf", encrypt_user_password="s3cret")
    with pytest.raises(EncryptedPdfError, match=r"locked\.pdf.*password"):
        open_pdf(locked)
    open_user = make_text_pdf(tmp_path / "owner-only.pdf", encrypt_user_password="")
    texts = [ln.text for ln in extract_text_layer(open_user, 0, DPI)]
    assert "Total: 196.35 EUR" in texts


def test_limits(files: dict[str, Path]) -> None:
    with pytest.raises(TooLargeError, match=r"invoice\.pdf: 3 pages.*max_pages"):
        open_pdf(files["invoice"], max_pages=2)
    with opened_pdf(files["invoice"]) as pdf:
        assert page_size_px(pdf, 0, 300) == (2480, 3508)
        check_page_pixels(pdf, 0, 300, 10_000_000, "invoice.pdf")
        with pytest.raises(TooLargeError, match=r"invoice\.pdf: page 1 would be 2480x3508"):
            check_page_pixels(pdf, 0, 300, 5_000_000, "invoice.pdf")


def test_a_note_printed_up_the_margin_stays_out_of_the_rows_it_passes(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "margin.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    rows = [("4123456000014 Lemon juice", "100,00"), ("4123456000021 Sugar 250g", "72,50")]
    for i, (text, amount) in enumerate(rows):
        c.drawString(60, 600 - 16 * i, text)
        c.drawString(480, 600 - 16 * i, amount)
    c.saveState()
    c.translate(40, 560)
    c.rotate(90)  # reads bottom to top, up the left margin, across both rows
    c.drawString(0, 0, "Copyright Example Form 2013 Specimen")
    c.restoreState()
    c.save()
    lines = read_text_layer(path, 0, DPI).lines
    texts = [ln.text for ln in lines]
    for text, amount in rows:
        assert text in texts and amount in texts, texts
    sideways = [ln for ln in lines if ln.bbox.x1 < 55 * DPI / 72]  # the margin, left of the rows
    assert {w.text for ln in sideways for w in ln.words} == {
        "Copyright",
        "Example",
        "Form",
        "2013",
        "Specimen",
    }
    assert [ln.id for ln in lines] == [f"p1-l{i}" for i in range(1, len(lines) + 1)]
