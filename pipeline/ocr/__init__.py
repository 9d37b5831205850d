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

import threading

from pipeline.errors import OcrEngineError
from pipeline.ocr.base import OcrEngine
from pipeline.options import OcrOptions, default_ocr_threads
from pipeline.registry import OCR_ENGINES

_cache: dict[str, OcrEngine] = {}
_cache_lock = threading.Lock()

__all__ = [
    "OCR_ENGINES",
    "OcrEngine",
    "OcrEngineError",
    "clear_engine_cache",
    "create_engine",
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


def clear_engine_cache() -> None:
    """Forget built engines (tests that change options between cases)."""
    with _cache_lock:
        _cache.clear()
