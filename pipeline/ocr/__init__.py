"""OCR engines behind one protocol (`pipeline.ocr.base.OcrEngine`), created by name.

Engines are imported lazily (onnxruntime, paddle and pytesseract are heavy or optional) and built once per
process: loading models costs seconds, recognising a page should not pay for it again. Workers that run in
parallel should each get a share of the cores through DOCEXTRACT_OCR_THREADS (e.g. 1 each for 2 workers on 2
cores); by default one engine uses every core, up to 4, beyond which OCR on one page stops getting faster.
"""

from __future__ import annotations

import os
import threading

from pipeline.errors import ConfigurationError, OcrEngineError
from pipeline.ocr.base import OcrEngine
from pipeline.options import OcrOptions

ENGINE_NAMES = ("rapidocr", "tesseract", "paddleocr")
THREADS_ENV = "DOCEXTRACT_OCR_THREADS"

_cache: dict[tuple, OcrEngine] = {}
_cache_lock = threading.Lock()

__all__ = [
    "ENGINE_NAMES",
    "THREADS_ENV",
    "OcrEngine",
    "OcrEngineError",
    "create_engine",
    "ocr_threads",
]


def ocr_threads() -> int:
    """Threads one engine may use: DOCEXTRACT_OCR_THREADS, else the CPU count capped at 4."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError as exc:
            raise ConfigurationError(f"{THREADS_ENV} must be a whole number of threads, got {raw!r}") from exc
        if value < 1:
            raise ConfigurationError(f"{THREADS_ENV} must be at least 1, got {value}")
        return value
    return max(1, min(os.cpu_count() or 1, 4))


def create_engine(name: str, options: OcrOptions | None = None) -> OcrEngine:
    """The process-wide engine for `name` with these options (built on first use).

    Raises ConfigurationError for an unknown name, OcrEngineError when the engine's parts (package, binary,
    local model files) are missing.
    """
    options = options or OcrOptions()
    key_name = name.strip().lower()
    if key_name not in ENGINE_NAMES:
        raise ConfigurationError(f"unknown OCR engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}")
    threads = ocr_threads()
    key = (key_name, threads, options.model_dump_json())
    with _cache_lock:
        engine = _cache.get(key)
        if engine is None:
            engine = _build(key_name, options, threads)
            _cache[key] = engine
    return engine


def _build(name: str, options: OcrOptions, threads: int) -> OcrEngine:
    if name == "rapidocr":
        from pipeline.ocr.rapid import RapidOcrEngine

        return RapidOcrEngine(options, threads)
    if name == "tesseract":
        from pipeline.ocr.tesseract import TesseractEngine

        return TesseractEngine(options, threads)
    from pipeline.ocr.paddle import PaddleOcrEngine

    return PaddleOcrEngine(options, threads)


def clear_engine_cache() -> None:
    """Forget built engines (tests that change options or environment between cases)."""
    with _cache_lock:
        _cache.clear()
