"""Every `DOCEXTRACT_*` environment variable, read in one place, typed and checked.

The edges (the `docextract` CLI, the Prefect flows, the review page) load one `Settings()` and pass it down:
what changes a document's output goes into `pipeline.options.PipelineOptions` (`PipelineOptions.from_flags`, and
from there into the re-run fingerprint), the rest (store URL, export folders, the review page's key, the flows'
retry knobs) to the code that needs it. Nothing below the edges reads `os.environ` for these names.

Code that builds options without an edge (benchmarks, tools, a library caller of `process_document`) still gets
the environment: the options' defaults come from `current_settings()` (the environment as it is now), so the same
variable means the same thing everywhere. An empty variable counts as unset.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sqlite:///./docextract.db"


class Settings(BaseSettings):
    """The deployment's configuration: `DOCEXTRACT_<FIELD NAME>` sets each field (case-insensitive)."""

    model_config = SettingsConfigDict(
        env_prefix="DOCEXTRACT_", env_ignore_empty=True, str_strip_whitespace=True, extra="ignore"
    )

    # store, exports, review page
    db: str = Field(DEFAULT_DB, description="store URL (--db)")
    export_dir: Path | None = Field(None, description="where approved documents are exported")
    documents_root: Path | None = Field(
        None, description="folder relative document paths of an old store are under"
    )
    secret_key: SecretStr | None = Field(None, description="session signing key of the review page")
    einvoice_export: str = Field("", description="cii, ubl or cii,ubl: e-invoices written at approval too")

    # OCR
    ocr_threads: int | None = Field(
        None, ge=1, description="threads per OCR engine (default: cores, up to 4)"
    )
    rapidocr_models: str = Field("auto", description="auto, ppocrv6-tiny, ppocrv4 or a model folder")
    ocr_precision: Literal["auto", "f32", "bf16"] = "auto"
    ocr_runtime: Literal["openvino", "onnxruntime"] = "openvino"
    ocr_reread_field_lines: bool = Field(
        True, description="read the OCR lines behind the fields' values again with the stronger recogniser"
    )
    ocr_cross_read: bool = Field(
        True,
        description="read the OCR lines behind single values with Tesseract too, a second opinion for the scorer",
    )
    paddle_model_dir: Path | None = None

    # VLM
    vlm_backend: str = "none"
    vlm_url: str | None = None
    vlm_model: str | None = None
    vlm_api_key: SecretStr | None = None
    vlm_model_path: Path | None = None
    vlm_max_new_tokens: int = Field(2048, ge=64, le=32768)
    vlm_concurrency: int = Field(4, ge=1, le=256)
    vlm_batch: int = Field(8, ge=1, le=64)
    vlm_guided: str = Field(
        "response_format", description="how the OpenAI-compatible server is asked for JSON"
    )
    vlm_examples: int = Field(0, ge=0, description="reviewed documents shown to the VLM as worked examples")
    vlm_threads: int | None = Field(None, ge=1, description="transformers backend on CPU: torch threads")

    # review policy
    scorer: str = Field("builtin", description="builtin, off, or a model JSON file")
    accept_threshold: float | None = Field(None, ge=0.0, le=1.0)

    # Prefect flows (operations only)
    vlm_task_retries: int = Field(3, ge=0)
    store_task_retries: int = Field(3, ge=0)
    retry_base_s: float = Field(10.0, ge=0.0)

    @field_validator("ocr_precision", "ocr_runtime", "vlm_backend", "vlm_guided", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    def secret(self, name: Literal["vlm_api_key", "secret_key"]) -> str | None:
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value() if value is not None else None


def env_name(field: str) -> str:
    """The environment variable of a settings field, for messages: "ocr_threads" -> "DOCEXTRACT_OCR_THREADS"."""
    return f"{Settings.model_config['env_prefix']}{field.upper()}"


_current: tuple[tuple[tuple[str, str], ...], Settings] | None = None
_current_lock = threading.Lock()


def current_settings() -> Settings:
    """The settings of this process's environment as it is now, loaded again only when a `DOCEXTRACT_*` variable
    changed: the options' defaults read many fields, and loading costs about a millisecond each time."""
    global _current
    prefix = Settings.model_config["env_prefix"]
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(prefix)))
    with _current_lock:
        if _current is None or _current[0] != key:
            _current = (key, Settings())
        return _current[1]
