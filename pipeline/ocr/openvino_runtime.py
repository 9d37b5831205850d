"""Run RapidOCR's own ONNX models (PP-OCRv4 det/rec) with OpenVINO instead of ONNX Runtime.

Same model files, same pre- and post-processing; only the inference call changes. Measured on this project's
2-core CPU: the recogniser, which is most of a page's OCR time, runs 2.5-3x faster under OpenVINO than under
ONNX Runtime with one thread each (benchmarks/README.md). Falls back to ONNX Runtime when OpenVINO is missing
or cannot compile a model, so it is an accelerator, never a requirement.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("docextract.ocr")


def precision(core: Any, wanted_precision: str = "auto") -> str:
    """bf16 where the CPU computes it natively (AVX512-BF16, AMX), else f32; `OcrOptions.precision` (f32, bf16;
    DOCEXTRACT_OCR_PRECISION) overrides.

    Measured on real receipt scans and generated invoices: the same field accuracy as f32 for both model sets,
    with the recogniser 1.5x and the detector 1.3x faster (benchmarks/README.md). On a CPU without native
    bf16 OpenVINO would emulate it, which is slower, hence f32 there.
    """
    if wanted_precision in ("f32", "bf16"):
        return wanted_precision
    try:
        capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    except Exception:  # an OpenVINO build without the property
        return "f32"
    return "bf16" if "BF16" in capabilities else "f32"


class _OpenVinoCall:
    """Stands in for RapidOCR's OrtInferSession: `obj(batch) -> [output]`; other attributes go to the original."""

    def __init__(self, original: Any, compiled: Any) -> None:
        self._original = original
        self._compiled = compiled
        self._request = compiled.create_infer_request()

    def __call__(self, batch: np.ndarray) -> list[np.ndarray]:
        result = self._request.infer({0: np.ascontiguousarray(batch, dtype=np.float32)})
        return [np.asarray(result[self._compiled.output(0)])]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._original, name)


def _model_path(session_wrapper: Any) -> Path | None:
    session = getattr(session_wrapper, "session", None)
    path = getattr(session, "_model_path", None)
    return Path(path) if path and Path(path).is_file() else None


def compile_config(threads: int, hint: str, cores: int | None = None) -> dict[str, Any]:
    """OpenVINO's CPU settings for an engine with `threads` threads. Its threads are pinned to cores only when
    the engine has them all: OpenVINO pins each process's threads from the first core up, so two workers of
    one thread each (`--workers 2` on two cores) would share core 0 and take turns, no faster than one."""
    cores = cores or os.cpu_count() or 1
    return {
        "INFERENCE_NUM_THREADS": max(1, threads),
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_PRECISION_HINT": hint,
        "ENABLE_CPU_PINNING": threads >= cores,
    }


def accelerate(
    ocr: Any,
    threads: int,
    extra: tuple[tuple[Any, str], ...] = (),
    *,
    runtime: str = "openvino",
    wanted_precision: str = "auto",
) -> str:
    """Swap the detector's and recogniser's inference to OpenVINO; returns the runtime now in use.

    `extra` names more (owner, attribute) sessions to swap, such as a second recogniser; `runtime` and
    `wanted_precision` are `OcrOptions.runtime` and `.precision` ("onnxruntime" keeps ONNX Runtime).
    """
    if runtime != "openvino":
        return "onnxruntime"
    try:
        import openvino as ov
    except ImportError:
        return "onnxruntime"
    core = ov.Core()
    hint = precision(core, wanted_precision)
    config = compile_config(threads, hint)
    swapped = 0
    parts = ((getattr(ocr, "text_det", None), "infer"), (getattr(ocr, "text_rec", None), "session"), *extra)
    for owner, attr in parts:
        original = getattr(owner, attr, None) if owner is not None else None
        path = _model_path(original) if original is not None else None
        if path is None:
            continue
        try:
            compiled = core.compile_model(str(path), "CPU", config)
        except Exception as exc:  # an OpenVINO that cannot read the model: keep ONNX Runtime for it
            log.warning("OpenVINO could not compile %s, keeping ONNX Runtime: %s", path.name, exc)
            continue
        setattr(owner, attr, _OpenVinoCall(original, compiled))
        swapped += 1
    return f"openvino {hint}" if swapped else "onnxruntime"
