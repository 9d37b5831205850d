"""OCR engines behind one protocol (`pipeline.ocr.base.OcrEngine`), created by name from the registry.

Engines are registered by name in `pipeline.registry.OCR_ENGINES` (built-ins, plus any package's
`docextract.ocr_engines` entry point) and imported lazily (onnxruntime, paddle and pytesseract are heavy or
optional). A registered object is called as `factory(options: OcrOptions, threads: int) -> OcrEngine`.

This module holds the one engine cache of the process: loading models costs seconds, recognising a page should
not pay for it again, so callers ask `create_engine` each time rather than keeping engines of their own. Workers
that run in parallel each get a share of the cores through `OcrOptions.threads` (pipeline/workers.py); by
default one engine uses every core, up to 4, beyond which OCR on one page stops getting faster.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from pipeline.errors import OcrEngineError
from pipeline.ocr.base import OcrEngine
from pipeline.options import OcrOptions, default_ocr_threads
from pipeline.registry import OCR_ENGINES

if TYPE_CHECKING:
    from pipeline.ocr.tesseract_lines import TesseractLineReader

_cache: dict[str, OcrEngine] = {}
_cache_lock = threading.Lock()
_readers: dict[
    str, TesseractLineReader | None
] = {}  # languages -> TesseractLineReader, or None where Tesseract cannot run
log = logging.getLogger("docextract.ocr")

__all__ = [
    "OCR_ENGINES",
    "OcrEngine",
    "OcrEngineError",
    "clear_engine_cache",
    "create_engine",
    "create_line_reader",
    "default_ocr_threads",
]


def create_engine(name: str, options: OcrOptions | None = None) -> OcrEngine:
    """The process-wide engine for `name` with these options (built on first use).

    Raises ConfigurationError for an unknown name (listing the registered ones), OcrEngineError when the
    engine's parts (package, binary, local model files) are missing, MissingExtraError when its extra is.
    """
    options = (options or OcrOptions()).model_copy(update={"engine": OCR_ENGINES.canonical(name)})
    threads = options.engine_threads()
    key = options.model_copy(update={"threads": threads}).model_dump_json()
    with _cache_lock:
        engine = _cache.get(key)
        if engine is None:
            engine = _cache[key] = OCR_ENGINES.load(options.engine)(options, threads)
    return engine


def create_line_reader(options: OcrOptions | None = None) -> TesseractLineReader | None:
    """The process-wide Tesseract line reader for the second opinion (`backbone/cross_read.py`); None, said once
    in the log, where Tesseract or every requested pack is missing: the fields are then scored without it, as on
    a text-layer page. It reads with the first requested pack that is installed, alone: the readings are compared
    without accents, and each further pack cost more than the first (three: 2.4x the time a line)."""
    from pipeline.ocr.tesseract import choose_languages, installed_languages
    from pipeline.ocr.tesseract_lines import TesseractLineReader

    requested = (options or OcrOptions()).languages
    key = "+".join(requested)
    with _cache_lock:
        if key not in _readers:
            try:
                _readers[key] = TesseractLineReader(choose_languages(requested, installed_languages())[:1])
            except (OcrEngineError, RuntimeError) as exc:
                log.warning(
                    "no second OCR opinion on the fields' lines (%s); fields are scored without it", exc
                )
                _readers[key] = None
        return _readers[key]


def clear_engine_cache() -> None:
    """Forget built engines (tests that change options between cases)."""
    with _cache_lock:
        _cache.clear()
        _readers.clear()
