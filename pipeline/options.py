"""Typed options for a pipeline run. Defaults are the embedded, offline configuration (no server needed)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

PIPELINE_VERSION = "0.1.0"
# Settings read from the environment deep inside an engine (not fields of the options below) that still change
# what a document's output says: each enters the fingerprint, so switching one re-runs documents instead of
# silently keeping results made under the other value.
OUTPUT_ENV = (
    "DOCEXTRACT_OCR_PRECISION",  # bf16 / f32 recogniser arithmetic (pipeline/ocr/openvino_runtime.py)
    "DOCEXTRACT_OCR_RUNTIME",  # OpenVINO or ONNX Runtime
    "DOCEXTRACT_VLM_GUIDED",  # how the OpenAI-compatible server is asked for JSON
    "DOCEXTRACT_VLM_EXAMPLES",  # reviewed documents shown to the VLM as worked examples
)
AUTO_SCHEMA = "auto"  # `--schema auto`: each document's type picks its schema (pipeline/classify.py)

OcrName = Literal["rapidocr", "tesseract", "paddleocr"]
VlmBackendName = Literal["none", "openai", "transformers"]


class OcrOptions(BaseModel):
    engine: OcrName = "rapidocr"
    languages: list[str] = Field(default_factory=lambda: ["eng", "deu", "fra"])  # tesseract language packs
    paddle_model_dir: Path | None = Field(
        default_factory=lambda: Path(p) if (p := os.environ.get("DOCEXTRACT_PADDLE_MODEL_DIR")) else None,
        description="Folder holding PaddleOCR's detection/recognition model folders (no download at run time).",
    )
    min_confidence: float = 0.3  # words below this are dropped as noise
    rapid_models: str = Field(
        default_factory=lambda: os.environ.get("DOCEXTRACT_RAPIDOCR_MODELS", "").strip() or "auto",
        description="RapidOCR model set: auto, ppocrv6-tiny, ppocrv4, or a folder with det.onnx/rec.onnx/dict.txt",
    )
    reread_doubtful_lines: bool = Field(
        True,
        description="with PP-OCRv6 tiny, re-read lines it is unsure of with PP-OCRv4 (pipeline/ocr/rapid_cascade.py)",
    )


class VlmOptions(BaseModel):
    backend: VlmBackendName = Field(default_factory=lambda: os.environ.get("DOCEXTRACT_VLM_BACKEND", "none"))  # type: ignore[arg-type]
    url: str | None = Field(default_factory=lambda: os.environ.get("DOCEXTRACT_VLM_URL"))
    model: str | None = Field(default_factory=lambda: os.environ.get("DOCEXTRACT_VLM_MODEL"))
    api_key: str | None = Field(
        default_factory=lambda: os.environ.get("DOCEXTRACT_VLM_API_KEY"), exclude=True
    )
    model_path: Path | None = Field(
        default_factory=lambda: Path(p) if (p := os.environ.get("DOCEXTRACT_VLM_MODEL_PATH")) else None
    )
    timeout_s: float = 120.0
    max_retries: int = 3
    concurrency: int = Field(
        default_factory=lambda: int(os.environ.get("DOCEXTRACT_VLM_CONCURRENCY") or 4),
        ge=1,
        le=256,
        description="openai backend: requests kept in flight across documents (the server batches them)",
    )
    batch: int = Field(
        default_factory=lambda: int(os.environ.get("DOCEXTRACT_VLM_BATCH") or 8),
        ge=1,
        le=64,
        description="transformers backend: requests generated together in one batch (from several documents)",
    )
    max_new_tokens: int = Field(
        default_factory=lambda: int(os.environ.get("DOCEXTRACT_VLM_MAX_NEW_TOKENS") or 2048),
        ge=64,
        le=32768,
        description="most tokens one answer may have; the grammar closes the JSON before the budget ends",
    )
    crop_dpi: int = 300
    max_pixels_per_image: int = 1_600_000
    max_pixels_per_request: int = 6_000_000

    def documents_in_flight(self) -> int:
        """How many documents a batch works on at once so the VLM always has requests waiting: the server's
        concurrency, or two local batches (one generating, one being prepared); 1 without a VLM."""
        if self.backend == "openai":
            return self.concurrency
        if self.backend == "transformers":
            return 2 * self.batch
        return 1


class ReviewOptions(BaseModel):
    """Which fields go to a person: the calibrated field scorer and its acceptance threshold."""

    scorer: str = Field(
        default_factory=lambda: os.environ.get("DOCEXTRACT_SCORER", "").strip() or "builtin",
        description="builtin (the shipped model), off (fixed 0.5 confidence cut), or a model JSON file "
        "written by tools/train_scorer.py",
    )
    accept_threshold: float | None = Field(
        default_factory=lambda: float(v) if (v := os.environ.get("DOCEXTRACT_ACCEPT_THRESHOLD")) else None,
        ge=0.0,
        le=1.0,
        description="calibrated probability a field needs to be accepted without review "
        "(default: the threshold stored with the model, chosen for <= 1% wrong accepted fields)",
    )

    def load(self):
        """The scorer, or None when switched off (imported lazily: only `finish` needs it)."""
        if self.scorer == "off":
            return None
        from pipeline.scoring import load_scorer

        return load_scorer(None if self.scorer == "builtin" else self.scorer)

    def digest(self) -> str:
        """Identifies the model's content, so a retrained scorer re-runs documents (fingerprint)."""
        scorer = self.load()
        return "off" if scorer is None else scorer.digest


class PipelineOptions(BaseModel):
    """Everything that changes what the pipeline produces; its `fingerprint` keys the skip-if-unchanged check."""

    schema_spec: str = Field(
        AUTO_SCHEMA,
        description="auto (classify each document: invoice, credit_note, receipt), a built-in schema name or "
        "module:Class (forces that schema on every document)",
    )
    dpi: int = Field(200, ge=50, le=600, description="rasterisation dpi for pages that need OCR")
    force_ocr: bool = False  # OCR even when the PDF has a usable text layer
    deskew: bool = True
    ocr: OcrOptions = Field(default_factory=OcrOptions)
    vlm: VlmOptions = Field(default_factory=VlmOptions)
    review: ReviewOptions = Field(default_factory=ReviewOptions)
    max_pages: int = Field(500, ge=1, description="documents with more pages fail with a clear error")
    max_ocr_pixels: int = Field(
        16_000_000, description="larger scans are downscaled to this many pixels before OCR (A4 at ~400 dpi)"
    )
    max_page_pixels: int = Field(
        120_000_000, description="pages whose raster would exceed this many pixels are refused (bomb guard)"
    )
    rules: list[str] = Field(
        default_factory=list,
        description="custom validation rules, module:obj each (pipeline/validate/custom.py), added to the defaults",
    )

    def fingerprint(self) -> str:
        """Hash of the pipeline version and every setting that changes output (secrets excluded)."""
        payload = {
            "version": PIPELINE_VERSION,
            **self.model_dump(mode="json", exclude={"vlm": {"api_key"}, "rules": True}),
        }
        if self.rules:  # absent when none: the default fingerprint is what it was before --rules existed
            from pipeline.validate.custom import rules_digest

            payload["rules"] = rules_digest(self.rules)
        payload["scorer_digest"] = self.review.digest()
        if self.schema_spec == AUTO_SCHEMA:  # a re-weighted classifier re-runs documents
            from pipeline.classify import digest

            payload["classifier"] = digest()
        payload["environment"] = {name: os.environ.get(name, "").strip() for name in OUTPUT_ENV}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def from_flags(
        cls,
        *,
        schema: str = AUTO_SCHEMA,
        dpi: int = 200,
        force_ocr: bool = False,
        ocr: str = "rapidocr",
        ocr_models: str | None = None,
        vlm: str | None = None,
        vlm_url: str | None = None,
        vlm_model: str | None = None,
        vlm_model_path: Path | None = None,
        vlm_batch: int | None = None,
        vlm_concurrency: int | None = None,
        vlm_max_new_tokens: int | None = None,
        max_pages: int = 500,
        accept_threshold: float | None = None,
        rules: list[str] | None = None,
    ) -> PipelineOptions:
        """Command-line flags or flow parameters -> options. VLM settings and `ocr_models` left as None fall back
        to the DOCEXTRACT_* environment, so the CLI and the flows read one configuration the same way."""
        given = {
            "backend": vlm,
            "url": vlm_url,
            "model": vlm_model,
            "model_path": vlm_model_path,
            "batch": vlm_batch,
            "concurrency": vlm_concurrency,
            "max_new_tokens": vlm_max_new_tokens,
        }
        return cls(
            schema_spec=schema,
            dpi=dpi,
            max_pages=max_pages,
            force_ocr=force_ocr,
            ocr=OcrOptions(engine=ocr, **({"rapid_models": ocr_models} if ocr_models else {})),  # type: ignore[arg-type]
            vlm=VlmOptions(**{k: v for k, v in given.items() if v is not None}),
            review=ReviewOptions(
                **({"accept_threshold": accept_threshold} if accept_threshold is not None else {})
            ),
            rules=list(rules or []),
        )
