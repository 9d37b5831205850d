"""Usage and configuration errors of `docextract run`, said plainly: what is wrong and what to do, one or two
lines, no traceback and no Pydantic text (with its URL). The exit codes are the README's.

The allowed ranges are read from the option models themselves (`Field(ge=..., le=...)`), so a bound is written
once, where the pipeline enforces it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from pydantic import BaseModel, ValidationError

from pipeline.options import OcrOptions, PipelineOptions, VlmOptions
from pipeline.settings import Settings, env_name
from pipeline.walk import missing_inputs, printable

EXIT_USAGE = 2  # usage or configuration error: nothing was processed and nothing was created
EXIT_OUTPUT = 3  # the output folder cannot be written: fix it and run the same command again

_MODELS: dict[str, type[BaseModel]] = {
    m.__name__: m for m in (PipelineOptions, OcrOptions, VlmOptions, Settings)
}
FLAGS = {
    ("PipelineOptions", "dpi"): "--dpi",
    ("PipelineOptions", "max_pages"): "--max-pages",
    ("PipelineOptions", "schema_spec"): "--schema",
    ("OcrOptions", "engine"): "--ocr",
    ("OcrOptions", "rapid_models"): "--ocr-models",
    ("VlmOptions", "backend"): "--vlm",
    ("VlmOptions", "url"): "--vlm-url",
    ("VlmOptions", "model"): "--vlm-model",
    ("VlmOptions", "model_path"): "--vlm-model-path",
    ("VlmOptions", "batch"): "--vlm-batch",
    ("VlmOptions", "concurrency"): "--vlm-concurrency",
    ("VlmOptions", "max_new_tokens"): "--vlm-max-new-tokens",
}
HELP = "See `docextract run --help`."


def _bounds(model: str, field: str) -> tuple[object | None, object | None]:
    """(lowest, highest) allowed value of a numeric option, from its Field metadata."""
    info = _MODELS[model].model_fields.get(field) if model in _MODELS else None
    low = high = None
    for meta in info.metadata if info is not None else []:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def _need(model: str, field: str, error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(model, field)
        if low is not None and high is not None:
            return f"must be between {low} and {high}"
        if "ge" in ctx:
            return f"must be at least {ctx['ge']}"
        if "le" in ctx:
            return f"must be at most {ctx['le']}"
        if "gt" in ctx:
            return f"must be more than {ctx['gt']}"
        return f"must be less than {ctx.get('lt')}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '').replace(chr(39), '')}"
    if kind.startswith("int_"):
        return "must be a whole number"
    return "is not valid: " + error["msg"][:1].lower() + error["msg"][1:]


def describe_invalid_options(exc: ValidationError) -> str:
    """`--dpi 0: must be between 50 and 600.` for each wrong option; never the raw Pydantic text."""
    parts = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(p) for p in error["loc"])
        if exc.title == "Settings":  # an environment variable, not a flag (pipeline/settings.py)
            parts.append(f"{env_name(field)}={error.get('input')}: {_need(exc.title, field, error)}.")
            continue
        flag = FLAGS.get((exc.title, field), "--" + field.replace("_", "-"))
        parts.append(f"{flag} {error.get('input')}: {_need(exc.title, field, error)}.")
    return " ".join(parts) + " " + HELP


def check_run_arguments(inputs: Sequence[str], workers: int) -> str | None:
    """What is wrong with the arguments that no option model checks, or None. Runs before anything is made."""
    if workers < 1:
        return (
            f"--workers {workers}: must be at least 1 (one worker process per core; this machine has "
            f"{os.cpu_count() or 1}). {HELP}"
        )
    if missing := missing_inputs(inputs):
        names = ", ".join(printable(m) for m in missing[:3]) + (" ..." if len(missing) > 3 else "")
        return (
            f"no such file, folder or matching pattern: {names}\n"
            "Check the path; quote glob patterns ('scans/*.pdf') so the shell passes them on unexpanded."
        )
    return None
