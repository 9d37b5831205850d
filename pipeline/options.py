"""Typed options for a pipeline run. Defaults are the embedded, offline configuration (no server needed).

Fields a deployment sets once also come from the environment: their defaults are read from
`pipeline.settings.current_settings()` (the one home of the `DOCEXTRACT_*` variables), and the edges build
options with `PipelineOptions.from_flags(..., settings=...)` from the settings object they loaded. Engines and backends read
these options, never the environment, so everything that changes an output is a field here and enters the
fingerprint; the few fields that cannot change an output are listed in `NOT_IN_FINGERPRINT`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from pipeline.errors import ConfigurationError
from pipeline.registry import OCR_ENGINES, VLM_BACKENDS
from pipeline.settings import Settings, current_settings

PIPELINE_VERSION = "0.1.0"
AUTO_SCHEMA = "auto"  # `--schema auto`: each document's type picks its schema (pipeline/classify.py)
NO_VLM = "none"  # `--vlm none`: rules only; every other name is a registered backend (pipeline/registry.py)
# Fields that cannot change what a document's output says (how many threads compute it, a secret): left out
# of the fingerprint so changing them never re-runs documents. tests/test_settings_fingerprint.py checks
# every settings field against this.
NOT_IN_FINGERPRINT: dict[str, Any] = {"ocr": {"threads"}, "vlm": {"api_key", "threads"}}
# Fields that used to be read from the environment inside the engines enter the fingerprint as they did then,
# under their variable's name and "" at the default, so a store made before they were fields keeps its results.
_AS_ENVIRONMENT: dict[tuple[str, str], tuple[str, object]] = {
    ("ocr", "precision"): ("DOCEXTRACT_OCR_PRECISION", "auto"),
    ("ocr", "runtime"): ("DOCEXTRACT_OCR_RUNTIME", "openvino"),
    ("vlm", "guided"): ("DOCEXTRACT_VLM_GUIDED", "response_format"),
    ("vlm", "examples"): ("DOCEXTRACT_VLM_EXAMPLES", 0),
}


def _env(field: str) -> Any:
    """A default from the environment (see the module docstring)."""
    return getattr(current_settings(), field)


def default_ocr_threads() -> int:
    """Threads one OCR engine uses when nothing says: every core, up to 4, beyond which OCR on one page stops
    getting faster. Workers that run in parallel get a share of the cores instead (pipeline/workers.py)."""
    return max(1, min(os.cpu_count() or 1, 4))


class OcrOptions(BaseModel):
    engine: str = Field("rapidocr", description="a registered OCR engine (pipeline/registry.py)")
    languages: list[str] = Field(default_factory=lambda: ["eng", "deu", "fra"])  # tesseract language packs
    paddle_model_dir: Path | None = Field(
        default_factory=lambda: _env("paddle_model_dir"),
        description="Folder holding PaddleOCR's detection/recognition model folders (no download at run time).",
    )
    min_confidence: float = 0.3  # words below this are dropped as noise
    rapid_models: str = Field(
        default_factory=lambda: _env("rapidocr_models"),
        description="RapidOCR model set: auto, ppocrv6-tiny, ppocrv4, or a folder with det.onnx/rec.onnx/dict.txt",
    )
    reread_doubtful_lines: bool = Field(
        True,
        description="with PP-OCRv6 tiny, re-read lines it is unsure of with a stronger recogniser "
        "(pipeline/ocr/rapid_cascade.py)",
    )
    reread_model: Literal["ppocrv4", "ppocrv6-small"] = Field(
        "ppocrv6-small",
        description="the recogniser that re-reads doubtful lines (pipeline/ocr/rapid_models.py)",
    )
    reread_field_lines: bool = Field(
        default_factory=lambda: _env("ocr_reread_field_lines"),
        description="read the lines behind the fields' values again with the stronger recogniser, then the "
        "rules again (pipeline/backbone/field_lines.py): fewer misread values for 0.06-0.1 CPU-s per scanned page",
    )
    cross_read: bool = Field(
        default_factory=lambda: _env("ocr_cross_read"),
        description="read the OCR lines behind single values with Tesseract too; how alike the two readings are "
        "is evidence for the scorer (pipeline/backbone/cross_read.py): about 7 ms a line",
    )
    recover_lone_glyphs: bool = Field(
        True,
        description="read single characters the detector missed (a quantity '1' alone in its cell; "
        "pipeline/ocr/lone_glyphs.py)",
    )
    join_split_words: bool = Field(
        True,
        description="join a word the recogniser split with a space its pixels do not have ('Ja lan'; "
        "pipeline/ocr/words.py)",
    )
    threads: int | None = Field(
        default_factory=lambda: _env("ocr_threads"),
        ge=1,
        description="threads per engine; None: every core up to 4 (one worker) or the worker's share",
    )
    precision: Literal["auto", "f32", "bf16"] = Field(
        default_factory=lambda: _env("ocr_precision"),
        description="OpenVINO arithmetic: auto (bf16 where the CPU computes it natively), f32 or bf16",
    )
    runtime: Literal["openvino", "onnxruntime"] = Field(
        default_factory=lambda: _env("ocr_runtime"),
        description="openvino (used when installed) or onnxruntime",
    )

    @field_validator("engine")
    @classmethod
    def _registered(cls, value: str) -> str:
        return OCR_ENGINES.canonical(value)

    def engine_threads(self) -> int:
        return self.threads or default_ocr_threads()


def _api_key() -> str | None:
    return current_settings().secret("vlm_api_key")


class VlmOptions(BaseModel):
    backend: str = Field(
        default_factory=lambda: _env("vlm_backend"), description="none or a registered VLM backend"
    )
    url: str | None = Field(default_factory=lambda: _env("vlm_url"))
    model: str | None = Field(default_factory=lambda: _env("vlm_model"))
    # A secret is never serialised (not in the fingerprint, not in the options a worker process receives): each
    # process reads it from its own environment.
    api_key: str | None = Field(default_factory=_api_key, exclude=True, repr=False)
    model_path: Path | None = Field(default_factory=lambda: _env("vlm_model_path"))
    timeout_s: float = 120.0
    max_retries: int = 3
    concurrency: int = Field(
        default_factory=lambda: _env("vlm_concurrency"),
        ge=1,
        le=256,
        description="openai backend: requests kept in flight across documents (the server batches them)",
    )
    batch: int = Field(
        default_factory=lambda: _env("vlm_batch"),
        ge=1,
        le=64,
        description="transformers backend: requests generated together in one batch (from several documents)",
    )
    max_new_tokens: int = Field(
        default_factory=lambda: _env("vlm_max_new_tokens"),
        ge=64,
        le=32768,
        description="most tokens one answer may have; the grammar closes the JSON before the budget ends",
    )
    guided: str = Field(
        default_factory=lambda: _env("vlm_guided"),
        description="openai backend: how the server is asked for JSON (response_format, structured_outputs, "
        "guided_json)",
    )
    examples: int = Field(
        default_factory=lambda: _env("vlm_examples"),
        ge=0,
        description="reviewed documents from the store shown to the VLM as worked examples (0: none)",
    )
    # where, not what (the store's content is not fingerprinted either); a URL may hold a password, so like the
    # key it is never serialised and each process reads it from its own environment
    examples_db: str = Field(default_factory=lambda: _env("db"), exclude=True, repr=False)
    threads: int | None = Field(
        default_factory=lambda: _env("vlm_threads"),
        ge=1,
        description="transformers backend on CPU: torch threads",
    )

    @field_validator("backend")
    @classmethod
    def _registered(cls, value: str) -> str:
        name = value.strip().lower()
        if name == NO_VLM or name in VLM_BACKENDS:
            return name
        raise ConfigurationError(
            f"unknown VLM backend {value!r}; registered: {NO_VLM}, {VLM_BACKENDS.choices_help()}"
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
        default_factory=lambda: _env("scorer"),
        description="builtin (the shipped model), off (fixed 0.5 confidence cut), or a model JSON file "
        "written by tools/train_scorer.py",
    )
    accept_threshold: float | None = Field(
        default_factory=lambda: _env("accept_threshold"),
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

    @staticmethod
    def _fingerprint_exclude() -> dict[str, Any]:
        exclude: dict[str, Any] = {part: set(fields) for part, fields in NOT_IN_FINGERPRINT.items()}
        for part, field in _AS_ENVIRONMENT:
            exclude[part].add(field)
        return {**exclude, "rules": True}

    def fingerprint(self) -> str:
        """Hash of the pipeline version and every setting that changes output (secrets excluded)."""
        payload = {
            "version": PIPELINE_VERSION,
            **self.model_dump(mode="json", exclude=self._fingerprint_exclude()),
        }
        environment = {}
        for (part, field), (variable, default) in _AS_ENVIRONMENT.items():
            value = getattr(getattr(self, part), field)
            environment[variable] = "" if value == default else str(value)
        payload["environment"] = environment
        if self.rules:  # absent when none: the default fingerprint is what it was before --rules existed
            from pipeline.validate.custom import rules_digest

            payload["rules"] = rules_digest(self.rules)
        payload["scorer_digest"] = self.review.digest()
        if self.schema_spec == AUTO_SCHEMA:  # a re-weighted classifier re-runs documents
            from pipeline.classify import digest

            payload["classifier"] = digest()
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
        settings: Settings | None = None,
    ) -> PipelineOptions:
        """Command-line flags or flow parameters -> options. A flag left as None falls back to `settings` (the
        DOCEXTRACT_* environment, loaded here when not given), so the CLI and the flows read one configuration
        the same way."""
        env = settings if settings is not None else Settings()

        def pick(flag: Any, setting: Any) -> Any:
            return setting if flag is None else flag

        return cls(
            schema_spec=schema,
            dpi=dpi,
            max_pages=max_pages,
            force_ocr=force_ocr,
            ocr=OcrOptions(
                engine=ocr,
                rapid_models=pick(ocr_models, env.rapidocr_models),
                paddle_model_dir=env.paddle_model_dir,
                threads=env.ocr_threads,
                precision=env.ocr_precision,
                runtime=env.ocr_runtime,
                reread_field_lines=env.ocr_reread_field_lines,
                cross_read=env.ocr_cross_read,
            ),
            vlm=VlmOptions(
                backend=pick(vlm, env.vlm_backend),
                url=pick(vlm_url, env.vlm_url),
                model=pick(vlm_model, env.vlm_model),
                api_key=env.secret("vlm_api_key"),
                model_path=pick(vlm_model_path, env.vlm_model_path),
                batch=pick(vlm_batch, env.vlm_batch),
                concurrency=pick(vlm_concurrency, env.vlm_concurrency),
                max_new_tokens=pick(vlm_max_new_tokens, env.vlm_max_new_tokens),
                guided=env.vlm_guided,
                examples=env.vlm_examples,
                examples_db=env.db,
                threads=env.vlm_threads,
            ),
            review=ReviewOptions(
                scorer=env.scorer, accept_threshold=pick(accept_threshold, env.accept_threshold)
            ),
            rules=list(rules or []),
        )
