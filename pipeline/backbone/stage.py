"""The text backbone: a file in, a `Document` whose pages carry lines of words with boxes out.

Per page it takes the PDF text layer when that is usable (no rasterising at all: text PDFs run at hundreds of
pages per second) and otherwise renders, straightens and OCRs the page; a scan whose layer is an earlier OCR's
(`pipeline.backbone.ocr_layer`) is read again like any scan. The OCR engine is created on first
need, so a batch of text PDFs never loads a model. Pages are handled one at a time and their rasters dropped,
except the OCR'd rasters of the first two pages and the latest (`Page.image`, where the fields' values mostly
are, kept for their second reading in `field_lines` and dropped after it), so a 300-page scan costs three pages
of memory; `page_image` re-creates a page raster on demand (review page, VLM crops) and replays the recorded
preprocessing so that it lines up with the boxes.

Image files are OCR'd on a working copy at the engine's text size (`pipeline.backbone.resolution`: a 600-dpi scan is
decoded reduced and read at about 200 dpi); the boxes are then scaled back, so they are in the page's own
pixels at its own dpi, like every other box.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from pipeline.backbone import dewarp, ocr_layer, pdf
from pipeline.backbone.intake import sha256_file, sniff_kind
from pipeline.backbone.preprocess import Ink, analyse, apply_preprocessing, output_size
from pipeline.backbone.raster import as_rgb, decode_page, image_page_count
from pipeline.backbone.resolution import (
    DECODE_MIN_DPI,
    DECODE_MIN_SIDE,
    DEFAULT_TEXT_PX,
    LARGE_PAGE_PIXELS,
    working_copy,
)
from pipeline.backbone.text_lines import has_usable_text
from pipeline.document import BBox, Document, Line, Page, Preprocessing, TextSource
from pipeline.errors import DocExtractError, OcrEngineError, TooLargeError
from pipeline.ocr.base import OcrEngine, ReadsOrientation
from pipeline.ocr.words import join_split_words
from pipeline.options import PipelineOptions

# A page is read again turned half round when the engine's line classifier reads at least this share of its text
# upside down. Measured on 40 training pages (20 real receipts, 20 generated scans) read upright and turned:
# upright pages scored at most 0.13, turned ones 0.09-1.0 (median 0.85); the ink-based guess alone left 38 of
# 120 turned pages upside down and turned 3 of 120 upright ones.
# Pages whose OCR'd raster is kept (with the last page's) for the second reading of the fields' lines: where
# a document's header and totals are. `field_lines` also looks for a missing value on these pages.
KEEP_RASTERS_OF_FIRST = 2
UPSIDE_DOWN_SHARE = 0.3
# A reading this unsure on the whole (mean word confidence) may be of a page turned the wrong way: on a small or
# poor scan both the ink guess and the line classifier can miss that. The page is then read turned as well, and
# the turned reading kept when it is clearly surer. On the training scans, 4 pages in 400 read below this.
DOUBTFUL_READING = 0.75
CLEARER_BY = 0.1

EngineSource = OcrEngine | Callable[[], OcrEngine] | None


class _LazyEngine:
    """Holds an engine, or makes one from a factory (or from the options) the first time a page needs OCR."""

    def __init__(self, source: EngineSource, options: PipelineOptions) -> None:
        self._source = source
        self._options = options
        is_engine = isinstance(source, OcrEngine) and not isinstance(source, type)  # a class is a factory
        self._engine: OcrEngine | None = source if is_engine else None  # type: ignore[assignment]

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
                _drop_rasters(doc)
    else:
        n_pages = image_page_count(path, options.max_page_pixels)
        if n_pages > options.max_pages:
            raise TooLargeError(f"{path.name}: {n_pages} pages is more than the limit of {options.max_pages}")
        for index in range(n_pages):
            doc.pages.append(_image_page(path, index, options, engine))
            _drop_rasters(doc)
    for page in doc.pages:
        if not page.lines:
            doc.warnings.append(f"page {page.number}: no text found")
    return doc


def _drop_rasters(doc: Document) -> None:
    """Keep the OCR'd rasters of the first pages and the newest one only (the newest becomes the last page)."""
    for page in doc.pages[KEEP_RASTERS_OF_FIRST:-1]:
        page.image = None


def _image_page(path: Path, index: int, options: PipelineOptions, engine: _LazyEngine) -> Page:
    """OCR one image frame on its working copy; boxes come back in the frame's own (upright) pixels."""
    with _ocr_errors(path, index + 1):
        text_px = float(getattr(engine.get(), "text_height_px", DEFAULT_TEXT_PX))
    raster = decode_page(
        path,
        index,
        options.max_page_pixels,
        min_dpi=DECODE_MIN_DPI,
        min_side=DECODE_MIN_SIDE,
        min_pixels=LARGE_PAGE_PIXELS,
    )
    work = working_copy(raster, text_px, options.max_ocr_pixels)
    if work.finer:  # small print: decode again at the reduction that keeps it legible
        raster = decode_page(path, index, options.max_page_pixels, min_dpi=raster.dpi * work.finer)
        work = working_copy(raster, text_px, options.max_ocr_pixels)
    full_w, full_h, dpi = raster.full_width, raster.full_height, raster.dpi
    photo = not raster.dpi_declared  # scanners state their dpi; cameras and phones write 72 or nothing
    del raster
    page = _ocr_page(
        work.image, dpi * work.scale, index + 1, path, options, engine, photo=photo, ink=work.ink
    )
    if work.scale != 1.0:
        width, height = output_size(page.preprocessing, full_w, full_h)
        _rescale(page.lines, width / page.width, height / page.height)
        page.width, page.height, page.dpi = float(width), float(height), dpi
    if work.note:
        page.preprocessing.notes.insert(0, work.note)
    return page


def _rescale(lines: list[Line], fx: float, fy: float) -> None:
    """Boxes found on a working copy, in the page's own pixels (words and lines alike)."""

    def box(b: BBox) -> BBox:
        return BBox(x0=b.x0 * fx, y0=b.y0 * fy, x1=b.x1 * fx, y1=b.y1 * fy)

    for line in lines:
        line.bbox = box(line.bbox)
        line.words = [w.model_copy(update={"bbox": box(w.bbox)}) for w in line.words]


def _pdf_page(
    pdf_doc: pdfium.PdfDocument, index: int, path: Path, options: PipelineOptions, engine: _LazyEngine
) -> Page:
    # a scan's layer from an earlier OCR: its letters are another engine's guesses, so the scan is read again
    earlier_ocr = not options.force_ocr and ocr_layer.is_ocr_layer(pdf_doc, index)
    if not (options.force_ocr or earlier_ocr):
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
    page = _ocr_page(image, float(options.dpi), index + 1, path, options, engine)
    if earlier_ocr:
        page.preprocessing.notes.insert(0, "text layer of an earlier OCR set aside: the scan was read again")
    return page


def _usable(layer: pdf.TextLayer, pdf_doc: pdfium.PdfDocument, index: int) -> bool:
    if not has_usable_text(layer.lines, layer.width, layer.height):
        return False
    n_chars = sum(len(line.text) for line in layer.lines)
    if n_chars >= 200:  # plenty of text: whatever images the page holds, the layer carries the content
        return True
    return has_usable_text(layer.lines, layer.width, layer.height, pdf.image_coverage(pdf_doc, index))


def _ocr_page(
    image: np.ndarray,
    dpi: float,
    number: int,
    path: Path,
    options: PipelineOptions,
    engine: _LazyEngine,
    photo: bool = False,
    ink: Ink | None = None,
) -> Page:
    """Straighten and OCR one raster; `photo`: an image file, where a photographed sheet is flattened first;
    `ink`: the page binarised already (`pipeline.backbone.preprocess.binarise`, at any resolution of the same page)."""
    sheet = dewarp.find_sheet(image) if photo else None
    flat = None
    if sheet is not None and dewarp.decide(sheet):
        h, w = image.shape[:2]
        size = sheet.output_size()
        image = dewarp.level_light(dewarp.flatten(image, sheet.corners, size))
        ink = None  # a new geometry: judged afresh
        flat = {
            "page_quad": [round(float(v), 5) for v in (sheet.corners / np.float32([w, h])).ravel()],
            "page_size": [round(size[0] / w, 5), round(size[1] / w, 5)],
        }
    prep = analyse(image, dpi, deskew=options.deskew, ink=ink)
    upright = apply_preprocessing(image, prep)
    del image
    if flat is not None:
        note = f"photo: sheet flattened (perspective {sheet.lean:.0%}, {1 - sheet.area_share:.0%} background)"
        prep = prep.model_copy(update={**flat, "notes": [note, *prep.notes]})
    with _ocr_errors(path, number):
        ocr = engine.get()
        lines = ocr.recognize(upright)
        share = ocr.upside_down_share(upright, lines) if isinstance(ocr, ReadsOrientation) else None
        if share is not None and share >= UPSIDE_DOWN_SHARE:
            turned = cv2.rotate(upright, cv2.ROTATE_180)
            again = ocr.recognize(turned)
            first, second = _mean_confidence(lines), _mean_confidence(again)
            if first is None or second is None or second >= first - CLEARER_BY:
                note = f"orientation: the line classifier read {share:.0%} of the text upside down: turned 180 degrees"
                upright, lines, prep = turned, again, _half_turn(prep, note)
            # else: the turned page reads clearly worse (a small, poor scan fools the classifier): kept as it was
        else:
            upright, lines, prep = second_look(ocr, upright, lines, prep)
    if options.ocr.join_split_words:
        lines = [join_split_words(line) for line in lines]
    height, width = upright.shape[:2]
    return Page(
        number=number,
        width=float(width),
        height=float(height),
        dpi=dpi,
        source=TextSource.OCR,
        lines=assign_ids(lines, number, TextSource.OCR),
        preprocessing=prep,
        image=upright,  # the raster the lines were read from, in their pixels (see _drop_rasters)
    )


@contextmanager
def _ocr_errors(path: Path, number: int) -> Iterator[None]:
    """An engine that cannot be built or fails on a page fails this document (named), not the batch."""
    try:
        yield
    except OcrEngineError as exc:
        raise OcrEngineError(f"{path.name}: OCR failed on page {number}: {exc}") from exc
    except DocExtractError:
        raise
    except Exception as exc:  # an engine bug or a missing binary must fail this document, not the batch
        raise OcrEngineError(
            f"{path.name}: OCR failed on page {number} ({type(exc).__name__}: {exc})"
        ) from exc


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
    else:  # decoded reduced where that still leaves `target` dpi (a 100-dpi view of a 600-dpi scan: 1/4)
        decoded = decode_page(doc.path, page_number - 1, max_pixels, min_dpi=target)
        raster, native_dpi = decoded.image, decoded.dpi
        if abs(target - native_dpi * decoded.scale) > 1e-6:
            size = (
                max(1, round(decoded.full_width * target / native_dpi)),
                max(1, round(decoded.full_height * target / native_dpi)),
            )
            interp = cv2.INTER_AREA if size[0] < raster.shape[1] else cv2.INTER_CUBIC
            raster = cv2.resize(raster, size, interpolation=interp)
        raster = as_rgb(raster)
        if (
            not raster.flags.writeable
            and not page.preprocessing.rotation
            and not page.preprocessing.deskew_angle
        ):
            raster = raster.copy()  # callers may draw on it
    return apply_preprocessing(raster, page.preprocessing)


def line_raster(doc: Document, page_number: int, max_dpi: float = 300.0) -> tuple[np.ndarray, float]:
    """The raster a page's lines are cut from again, and the factor from the page's pixels to it: the one its
    OCR read (kept for the first pages and the last, for a large scan its working copy), else the page rendered
    at its own dpi up to `max_dpi` (the recognisers read lines some 40-48 px high)."""
    page = doc.pages[page_number - 1]
    if page.image is not None:
        return page.image, page.image.shape[1] / page.width
    dpi = min(page.dpi, max_dpi)
    return page_image(doc, page_number, dpi=dpi), dpi / page.dpi


def _mean_confidence(lines: list[Line]) -> float | None:
    confs = [w.confidence for ln in lines for w in ln.words]
    return sum(confs) / len(confs) if confs else None


def second_look(
    ocr: OcrEngine, upright: np.ndarray, lines: list[Line], prep: Preprocessing
) -> tuple[np.ndarray, list[Line], Preprocessing]:
    """The page turned 180 degrees and read again when the first reading is doubtful on the whole; the turned
    image, its lines and its preprocessing when that reading is clearly surer, else what was given."""
    first = _mean_confidence(lines)
    if first is None or first >= DOUBTFUL_READING:
        return upright, lines, prep
    turned = cv2.rotate(upright, cv2.ROTATE_180)
    again = ocr.recognize(turned)
    second = _mean_confidence(again)
    if second is None or second < first + CLEARER_BY:
        return upright, lines, prep
    note = f"orientation: read {first:.2f} sure as turned, {second:.2f} turned 180 degrees: turned"
    return turned, again, _half_turn(prep, note)


def _half_turn(prep: Preprocessing, note: str) -> Preprocessing:
    """The preprocessing of the page turned 180 degrees more, and why."""
    return prep.model_copy(update={"rotation": (prep.rotation + 180) % 360, "notes": [*prep.notes, note]})
