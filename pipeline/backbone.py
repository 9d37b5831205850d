"""The text backbone: a file in, a `Document` whose pages carry lines of words with boxes out.

Per page it takes the PDF text layer when that is usable (no rasterising at all: text PDFs run at hundreds of
pages per second) and otherwise renders, straightens and OCRs the page. The OCR engine is created on first
need, so a batch of text PDFs never loads a model. Pages are handled one at a time and their rasters dropped,
so a 300-page scan costs one page of memory; `page_image` re-creates a page raster on demand (review page,
VLM crops) and replays the recorded preprocessing so that it lines up with the boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from pipeline import images, pdf
from pipeline.document import Document, Line, Page, Preprocessing, TextSource
from pipeline.errors import DocExtractError, OcrEngineError, TooLargeError
from pipeline.intake import sha256_file, sniff_kind
from pipeline.ocr.base import OcrEngine
from pipeline.options import PipelineOptions
from pipeline.preprocess import analyse, apply_preprocessing
from pipeline.text_lines import has_usable_text

EngineSource = OcrEngine | Callable[[], OcrEngine] | None


class _LazyEngine:
    """Holds an engine, or makes one from a factory (or from the options) the first time a page needs OCR."""

    def __init__(self, source: EngineSource, options: PipelineOptions) -> None:
        self._source = source
        self._options = options
        is_engine = isinstance(source, OcrEngine) and not isinstance(source, type)  # a class is a factory
        self._engine: OcrEngine | None = source if is_engine else None  # type: ignore[assignment]

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def get(self) -> OcrEngine:
        if self._engine is None:
            if self._source is None:
                from pipeline.ocr import create_engine

                self._engine = create_engine(self._options.ocr.engine, self._options.ocr)
            else:
                self._engine = self._source()  # type: ignore[operator]
        return self._engine


def build_document(
    path: str | Path, options: PipelineOptions | None = None, ocr: EngineSource = None
) -> Document:
    """Read `path` (PDF or image, judged by content) into a Document with lines on every page."""
    options = options or PipelineOptions()
    path = Path(path)
    kind = sniff_kind(path)
    doc = Document(path=path, sha256=sha256_file(path), kind=kind)
    engine = _LazyEngine(ocr, options)
    if kind == "pdf":
        with pdf.opened_pdf(path, options.max_pages) as pdf_doc:
            for index in range(len(pdf_doc)):
                doc.pages.append(_pdf_page(pdf_doc, index, path, options, engine))
    else:
        n_pages = images.image_page_count(path, options.max_page_pixels)
        if n_pages > options.max_pages:
            raise TooLargeError(f"{path.name}: {n_pages} pages is more than the limit of {options.max_pages}")
        for index in range(n_pages):
            image, dpi = images.load_image_page(path, index, options.max_page_pixels)
            image, dpi, note = fit_ocr_budget(image, dpi, options.max_ocr_pixels)
            page = _ocr_page(image, dpi, index + 1, path, options, engine)
            if note:
                page.preprocessing.notes.insert(0, note)
            doc.pages.append(page)
    for page in doc.pages:
        if not page.lines:
            doc.warnings.append(f"page {page.number}: no text found")
    return doc


def fit_ocr_budget(image: np.ndarray, dpi: float, max_pixels: int) -> tuple[np.ndarray, float, str | None]:
    """Downscale huge scans before OCR: beyond ~400 dpi on A4 OCR gains nothing but time and memory.

    The page's dpi is scaled with it, so boxes stay in the page's own pixel space and `page_image` (which
    resizes by page.dpi / native dpi) lines up.
    """
    h, w = image.shape[:2]
    if h * w <= max_pixels:
        return image, dpi, None
    s = (max_pixels / (h * w)) ** 0.5
    small = cv2.resize(image, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return small, dpi * s, f"downscaled from {w}x{h} to {small.shape[1]}x{small.shape[0]} px for OCR"


def _pdf_page(
    pdf_doc: pdfium.PdfDocument, index: int, path: Path, options: PipelineOptions, engine: _LazyEngine
) -> Page:
    if not options.force_ocr:
        layer = pdf.read_text_layer(pdf_doc, index, options.dpi)
        if _usable(layer, pdf_doc, index):
            notes = [f"text layer turned {layer.rotation} degrees to read upright"] if layer.rotation else []
            return Page(
                number=index + 1,
                width=layer.width,
                height=layer.height,
                dpi=options.dpi,
                source=TextSource.TEXT_LAYER,
                lines=layer.lines,
                preprocessing=Preprocessing(rotation=layer.rotation, notes=notes),
            )
    pdf.check_page_pixels(pdf_doc, index, options.dpi, options.max_page_pixels, path.name)
    image = pdf.render_page(pdf_doc, index, options.dpi)
    return _ocr_page(image, float(options.dpi), index + 1, path, options, engine)


def _usable(layer: pdf.TextLayer, pdf_doc: pdfium.PdfDocument, index: int) -> bool:
    if not has_usable_text(layer.lines, layer.width, layer.height):
        return False
    n_chars = sum(len(line.text) for line in layer.lines)
    if n_chars >= 200:  # plenty of text: whatever images the page holds, the layer carries the content
        return True
    return has_usable_text(layer.lines, layer.width, layer.height, pdf.image_coverage(pdf_doc, index))


def _ocr_page(
    image: np.ndarray, dpi: float, number: int, path: Path, options: PipelineOptions, engine: _LazyEngine
) -> Page:
    prep = analyse(image, dpi, deskew=options.deskew)
    upright = apply_preprocessing(image, prep)
    del image
    try:
        lines = engine.get().recognize(upright)
    except OcrEngineError as exc:
        raise OcrEngineError(f"{path.name}: OCR failed on page {number}: {exc}") from exc
    except DocExtractError:
        raise
    except Exception as exc:  # an engine bug or a missing binary must fail this document, not the batch
        raise OcrEngineError(
            f"{path.name}: OCR failed on page {number} ({type(exc).__name__}: {exc})"
        ) from exc
    height, width = upright.shape[:2]
    return Page(
        number=number,
        width=float(width),
        height=float(height),
        dpi=dpi,
        source=TextSource.OCR,
        lines=assign_ids(lines, number, TextSource.OCR),
        preprocessing=prep,
    )


def assign_ids(lines: list[Line], page_number: int, source: TextSource | None = None) -> list[Line]:
    """Ids "p{page}-l{i}" (1-based, in the given reading order); optionally stamp the text source."""
    for i, line in enumerate(lines, start=1):
        line.id = f"p{page_number}-l{i}"
        if source is not None:
            line.source = source
    return lines


def page_image(
    doc: Document, page_number: int, dpi: float | None = None, max_pixels: int = 120_000_000
) -> np.ndarray:
    """The page as the boxes see it, at `dpi` (default: the page's own): boxes scale by dpi / page.dpi."""
    page = doc.pages[page_number - 1]
    target = float(dpi or page.dpi)
    if doc.kind == "pdf":
        with pdf.opened_pdf(doc.path) as pdf_doc:
            pdf.check_page_pixels(pdf_doc, page_number - 1, target, max_pixels, doc.path.name)
            raster = pdf.render_page(pdf_doc, page_number - 1, target)
    else:
        raster, native_dpi = images.load_image_page(doc.path, page_number - 1, max_pixels)
        if abs(target - native_dpi) > 1e-6:
            s = target / native_dpi
            h, w = raster.shape[:2]
            interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
            raster = cv2.resize(raster, (max(1, round(w * s)), max(1, round(h * s))), interpolation=interp)
    return apply_preprocessing(raster, page.preprocessing)
