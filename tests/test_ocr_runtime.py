"""RapidOCR's models under OpenVINO read exactly what they read under ONNX Runtime."""

from __future__ import annotations

import pytest

from pipeline.ocr import clear_engine_cache, create_engine
from pipeline.ocr.openvino_runtime import RUNTIME_ENV
from pipeline.options import OcrOptions
from tests.docgen import render_text_image


def _read(monkeypatch, runtime: str, image) -> tuple[str, list[str]]:
    monkeypatch.setenv(RUNTIME_ENV, runtime)
    clear_engine_cache()
    engine = create_engine("rapidocr", OcrOptions())
    texts = [line.text for line in engine.recognize(image)]
    clear_engine_cache()
    return engine.runtime, texts


def test_openvino_and_onnxruntime_agree(monkeypatch) -> None:
    pytest.importorskip("openvino")
    image = render_text_image(dpi=150)
    ov_runtime, ov_texts = _read(monkeypatch, "openvino", image)
    ort_runtime, ort_texts = _read(monkeypatch, "onnxruntime", image)
    assert (ov_runtime, ort_runtime) == ("openvino", "onnxruntime")
    assert ov_texts == ort_texts
    assert any("196.35" in t for t in ov_texts)
