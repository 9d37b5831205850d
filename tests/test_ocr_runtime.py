"""RapidOCR's models under OpenVINO read exactly what they read under ONNX Runtime."""

from __future__ import annotations

import pytest

from pipeline.ocr import clear_engine_cache, create_engine
from pipeline.options import OcrOptions
from tests.docgen import render_text_image


def _read(monkeypatch, runtime: str, image, precision: str = "f32") -> tuple[str, list[str]]:
    # the environment reaches the engine through the options (pipeline/settings.py -> OcrOptions)
    monkeypatch.setenv("DOCEXTRACT_OCR_RUNTIME", runtime)
    monkeypatch.setenv("DOCEXTRACT_OCR_PRECISION", precision)
    clear_engine_cache()
    engine = create_engine("rapidocr", OcrOptions())
    assert (engine.options.runtime, engine.options.precision) == (runtime, precision)
    texts = [line.text for line in engine.recognize(image)]
    clear_engine_cache()
    return engine.runtime, texts


def test_openvino_and_onnxruntime_agree(monkeypatch) -> None:
    pytest.importorskip("openvino")
    image = render_text_image(dpi=150)
    ov_runtime, ov_texts = _read(monkeypatch, "openvino", image)
    ort_runtime, ort_texts = _read(monkeypatch, "onnxruntime", image)
    assert (ov_runtime, ort_runtime) == ("openvino f32", "onnxruntime")
    assert ov_texts == ort_texts
    assert any("196.35" in t for t in ov_texts)


def test_bf16_reads_the_same_values(monkeypatch) -> None:
    """bf16 may move a character's confidence, never what the page's numbers and words say."""
    pytest.importorskip("openvino")
    image = render_text_image(dpi=150)
    _, f32_texts = _read(monkeypatch, "openvino", image, "f32")
    _, bf16_texts = _read(monkeypatch, "openvino", image, "bf16")
    f32_words, bf16_words = " ".join(f32_texts).split(), " ".join(bf16_texts).split()
    same = sum(a == b for a, b in zip(f32_words, bf16_words, strict=False))
    assert same >= 0.95 * len(f32_words), (f32_texts, bf16_texts)
    assert any("196.35" in t for t in bf16_texts)


def test_precision_auto_follows_the_cpu(monkeypatch) -> None:
    pytest.importorskip("openvino")
    from pipeline.ocr.openvino_runtime import precision

    class Core:
        def __init__(self, caps: list[str]) -> None:
            self.caps = caps

        def get_property(self, device: str, name: str) -> list[str]:
            assert (device, name) == ("CPU", "OPTIMIZATION_CAPABILITIES")
            return self.caps

    assert precision(Core(["FP32", "BF16", "INT8"])) == "bf16"
    assert precision(Core(["FP32", "INT8"])) == "f32"
    assert precision(Core(["FP32", "BF16"]), "f32") == "f32"
    assert precision(Core(["FP32"]), "bf16") == "bf16"


def test_an_engine_with_a_share_of_the_cores_leaves_its_thread_unpinned(monkeypatch) -> None:
    """OpenVINO pins a process's threads from the first core up: two one-thread workers would both sit on
    core 0. An engine given fewer threads than the machine's cores is compiled unpinned; one given all of them
    keeps the pinning (its threads then cover every core)."""
    pytest.importorskip("openvino")
    import os

    from pipeline.ocr.openvino_runtime import compile_config

    monkeypatch.setenv("DOCEXTRACT_OCR_RUNTIME", "openvino")
    clear_engine_cache()
    try:
        engine = create_engine("rapidocr", OcrOptions(threads=1))
        detector = engine._ocr.text_det.infer._compiled
        pinned = detector.get_property("ENABLE_CPU_PINNING")
        assert pinned is ((os.cpu_count() or 1) <= 1)
        assert detector.get_property("INFERENCE_NUM_THREADS") == 1
    finally:
        clear_engine_cache()
    assert compile_config(1, "f32", cores=2)["ENABLE_CPU_PINNING"] is False
    assert compile_config(2, "f32", cores=2)["ENABLE_CPU_PINNING"] is True
