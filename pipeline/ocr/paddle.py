"""PaddleOCR engine (`paddleocr` 3.x on `paddlepaddle`), strictly from local model folders.

PaddleOCR normally downloads its models on first use; docextract never lets it. Point
`OcrOptions.paddle_model_dir` (or the environment variable DOCEXTRACT_PADDLE_MODEL_DIR) at a folder laid out as::

    <paddle_model_dir>/
        det/    text detection model, e.g. PP-OCRv5_mobile_det       (required)
        rec/    text recognition model, e.g. latin_PP-OCRv5_mobile_rec (required)
        cls/    text-line orientation model, e.g. PP-LCNet_x0_25_textline_ori (optional; used when present)

Each model folder is a PaddleOCR *inference* export as published for PaddleOCR 3.x: `inference.yml` (its
`Global.model_name` says which model it is) plus either `inference.json` or `inference.pdmodel`, and
`inference.pdiparams`. Copy them from a machine with internet access (they are the folders PaddleOCR caches
under ~/.paddlex/official_models/<model name>/). Missing folders fail at once with an OcrEngineError that names
the folder, before paddle is even imported, so a misconfigured run never waits on a network download.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.document import Line
from pipeline.errors import OcrEngineError
from pipeline.ocr.rapid import to_bgr
from pipeline.ocr.words import clamp_bbox, make_line, quad_to_bbox, sort_reading_order, split_line_box
from pipeline.options import OcrOptions

MODEL_DIR_ENV = "DOCEXTRACT_PADDLE_MODEL_DIR"
REQUIRED_SUBDIRS = ("det", "rec")
OPTIONAL_SUBDIRS = ("cls",)

# Set before paddlex is imported: no connectivity check against model hosts, no telemetry-like logging setup.
OFFLINE_ENV = {
    "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True",
    "PADDLEOCR_DISABLE_AUTO_LOGGING_CONFIG": "1",
    "DISABLE_MODEL_SOURCE_CHECK": "True",
}

_HOW_TO = (
    f"set OcrOptions.paddle_model_dir or {MODEL_DIR_ENV} to a folder with det/ and rec/ (optional cls/) "
    "PaddleOCR inference model folders (inference.yml, inference.json or inference.pdmodel, inference.pdiparams); "
    "docextract never downloads models"
)


def model_name_of(folder: Path) -> str:
    """The model's name from its inference.yml (PaddleX refuses a folder whose name does not match)."""
    import yaml

    config_path = folder / "inference.yml"
    try:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise OcrEngineError(f"PaddleOCR model folder {folder} has no readable inference.yml: {exc}") from exc
    except yaml.YAMLError as exc:
        raise OcrEngineError(f"PaddleOCR model file {config_path} is not valid YAML: {exc}") from exc
    name = (config.get("Global") or {}).get("model_name") if isinstance(config, dict) else None
    if not name:
        raise OcrEngineError(f"{config_path} does not name its model (Global.model_name is missing)")
    return str(name)


def check_model_folder(folder: Path) -> None:
    """Fail with the exact missing file rather than letting PaddleX guess (and try to download)."""
    if not folder.is_dir():
        raise OcrEngineError(f"PaddleOCR model folder {folder} is missing: {_HOW_TO}")
    missing = []
    if not (folder / "inference.yml").is_file():
        missing.append("inference.yml")
    if not (folder / "inference.pdiparams").is_file():
        missing.append("inference.pdiparams")
    if not ((folder / "inference.json").is_file() or (folder / "inference.pdmodel").is_file()):
        missing.append("inference.json (or inference.pdmodel)")
    if missing:
        raise OcrEngineError(f"PaddleOCR model folder {folder} lacks {', '.join(missing)}: {_HOW_TO}")


def resolve_model_dirs(model_dir: Path | None) -> dict[str, Path]:
    """The det/rec(/cls) folders to load, checked; raises OcrEngineError naming what is missing."""
    if model_dir is None:
        raise OcrEngineError(f"PaddleOCR needs local models and no model folder is configured: {_HOW_TO}")
    root = Path(model_dir).expanduser()
    if not root.is_dir():
        raise OcrEngineError(f"PaddleOCR model folder {root} does not exist: {_HOW_TO}")
    dirs: dict[str, Path] = {}
    for sub in REQUIRED_SUBDIRS:
        check_model_folder(root / sub)
        dirs[sub] = root / sub
    for sub in OPTIONAL_SUBDIRS:
        if (root / sub).exists():
            check_model_folder(root / sub)
            dirs[sub] = root / sub
    return dirs


def _accept_installed_opencv() -> None:
    """Let PaddleX's OCR pipeline use the OpenCV we already have.

    PaddleX refuses to build its OCR pipeline unless the *distribution* `opencv-contrib-python==4.10` is
    installed, although text detection and recognition only use core `cv2` functions. Installing that pin would
    overwrite the project's `cv2` (opencv-python 5) in the shared environment, so when `cv2` imports we answer
    PaddleX's dependency check for that one package ourselves.
    """
    try:
        import cv2  # noqa: F401
        from paddlex.utils import deps
    except ImportError:
        return
    original = deps.is_dep_available
    if getattr(original, "_docextract_patched", False):
        return

    def is_dep_available(dep: str, /, check_version: bool = False) -> bool:
        if dep == "opencv-contrib-python":
            return True
        return original(dep, check_version=check_version)

    is_dep_available._docextract_patched = True  # type: ignore[attr-defined]
    deps.is_dep_available = is_dep_available


class PaddleOcrEngine:
    """PaddleOCR's text pipeline with document unwarping/orientation off (intake already straightens pages)."""

    name = "paddleocr"

    def __init__(self, options: OcrOptions, threads: int) -> None:
        dirs = resolve_model_dirs(options.paddle_model_dir)
        for key, value in OFFLINE_ENV.items():
            os.environ.setdefault(key, value)
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise OcrEngineError(
                "PaddleOCR is not installed: pip install paddlepaddle paddleocr (or choose --ocr rapidocr)"
            ) from exc
        _accept_installed_opencv()
        self.options = options
        self.min_confidence = options.min_confidence
        self._lock = threading.Lock()
        kwargs: dict[str, Any] = {
            "text_detection_model_name": model_name_of(dirs["det"]),
            "text_detection_model_dir": str(dirs["det"]),
            "text_recognition_model_name": model_name_of(dirs["rec"]),
            "text_recognition_model_dir": str(dirs["rec"]),
            "use_doc_orientation_classify": False,
            "use_doc_unwarping": False,
            "use_textline_orientation": "cls" in dirs,
            "text_rec_score_thresh": options.min_confidence,
            "device": "cpu",
            "cpu_threads": threads,
        }
        if "cls" in dirs:
            kwargs["textline_orientation_model_name"] = model_name_of(dirs["cls"])
            kwargs["textline_orientation_model_dir"] = str(dirs["cls"])
        try:
            self._ocr = PaddleOCR(**kwargs)
        except Exception as exc:
            raise OcrEngineError(
                f"PaddleOCR could not load the models in {sorted(map(str, dirs.values()))}: {exc}"
            ) from exc

    def recognize(self, image: np.ndarray) -> list[Line]:
        bgr = to_bgr(image)
        height, width = bgr.shape[:2]
        try:
            with self._lock:
                results = self._ocr.predict(bgr)
        except Exception as exc:
            raise OcrEngineError(f"PaddleOCR failed on a {width}x{height} image: {exc}") from exc
        lines: list[Line] = []
        for result in results or []:
            texts = result.get("rec_texts") or []
            scores = result.get("rec_scores") or []
            polys = result.get("rec_polys")
            polys = [] if polys is None else list(polys)
            for text, score, poly in zip(texts, scores, polys, strict=False):
                score = float(score)
                if not str(text).strip() or score < self.min_confidence:
                    continue
                box = clamp_bbox(quad_to_bbox(np.asarray(poly).reshape(-1, 2).tolist()), width, height)
                if box.width <= 0 or box.height <= 0:
                    continue
                words = split_line_box(str(text), box, score)
                if words:
                    lines.append(make_line(words, confidence=score, bbox=box))
        return sort_reading_order(lines)
