"""Tesseract engine via pytesseract (Debian `tesseract-ocr` plus language packs).

Useful where its language packs beat PP-OCR's latin recogniser, and as a second opinion. Tesseract reports words
with block/paragraph/line numbers, so lines are rebuilt from those numbers rather than guessed from geometry.
"""

from __future__ import annotations

import os
from collections import OrderedDict

import numpy as np

from pipeline.document import BBox, Line, Word
from pipeline.errors import OcrEngineError
from pipeline.ocr.words import clamp01, make_line, sort_reading_order
from pipeline.options import OcrOptions

# psm 3: automatic page segmentation without orientation detection (pages arrive upright); oem 1: LSTM only.
TESSERACT_CONFIG = "--oem 1 --psm 3"


def _import_pytesseract():
    try:
        import pytesseract
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise OcrEngineError("pytesseract is not installed: pip install pytesseract") from exc
    return pytesseract


def installed_languages() -> list[str]:
    """Language packs the tesseract binary can load; raises OcrEngineError when the binary is missing."""
    pytesseract = _import_pytesseract()
    try:
        pytesseract.get_tesseract_version()
        return sorted(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrEngineError(
            "the tesseract binary was not found: install it (Debian: apt-get install tesseract-ocr "
            "tesseract-ocr-deu tesseract-ocr-fra) or choose another OCR engine"
        ) from exc
    except Exception as exc:
        raise OcrEngineError(f"tesseract could not be started: {exc}") from exc


def choose_languages(requested: list[str], installed: list[str]) -> list[str]:
    """The requested packs that are installed, in the requested order; an error if none are."""
    usable = [lang for lang in requested if lang in installed]
    if not usable:
        raise OcrEngineError(
            f"none of the requested tesseract languages {requested} is installed (installed: {installed}); "
            "install the packs (Debian: tesseract-ocr-<lang>) or change the OCR languages"
        )
    return usable


def lines_from_data(data: dict[str, list], min_confidence: float) -> list[Line]:
    """Group image_to_data's word rows into lines by (block, paragraph, line) number."""
    groups: OrderedDict[tuple[int, int, int], list[Word]] = OrderedDict()
    for i, raw_text in enumerate(data["text"]):
        text = str(raw_text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:  # conf -1 marks page/block/line rows, not words
            continue
        confidence = clamp01(conf / 100.0)
        if confidence < min_confidence:
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        box = BBox(x0=left, y0=top, x1=left + float(data["width"][i]), y1=top + float(data["height"][i]))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(Word(text=text, bbox=box, confidence=confidence))
    lines = [make_line(sorted(words, key=lambda w: w.bbox.x0)) for words in groups.values() if words]
    return sort_reading_order(lines)


class TesseractEngine:
    """Runs the tesseract binary once per image; `threads` caps its OpenMP threads (OMP_THREAD_LIMIT)."""

    name = "tesseract"

    def __init__(self, options: OcrOptions, threads: int) -> None:
        self.options = options
        self.languages = choose_languages(options.languages, installed_languages())
        self.threads = threads
        self.min_confidence = options.min_confidence

    def recognize(self, image: np.ndarray) -> list[Line]:
        pytesseract = _import_pytesseract()
        if image.ndim not in (2, 3):
            raise OcrEngineError(f"OCR needs an RGB or greyscale image, got an array of shape {image.shape}")
        if image.dtype != np.uint8:
            image = np.clip(image, 0, 255).astype(np.uint8)
        height, width = image.shape[:2]
        if height < 2 or width < 2:
            return []
        # The limit is read by the child process; setting it here (not globally at import) keeps other
        # engines' thread settings untouched until tesseract is actually used.
        os.environ.setdefault("OMP_THREAD_LIMIT", str(self.threads))
        try:
            data = pytesseract.image_to_data(
                image,
                lang="+".join(self.languages),
                config=TESSERACT_CONFIG,
                output_type=pytesseract.Output.DICT,
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrEngineError("the tesseract binary disappeared: install tesseract-ocr") from exc
        except Exception as exc:
            raise OcrEngineError(f"tesseract failed on a {width}x{height} image: {exc}") from exc
        return lines_from_data(data, self.min_confidence)
