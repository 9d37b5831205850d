"""The run parameters, declared once: what `docextract run` and `docextract flows run/serve/deploy` offer.

Every setting that changes what a document's output says is one field of `RunParameters` with its command-line
option (name, help text, environment variable) beside it. `run_parameters` adds them all to a typer command in
place of its `params: RunParameters` argument, so both CLIs offer the same options with the same help, and a
new setting added here reaches both (and the flow's parameters, checked by tests/test_run_params.py).

Settings left as None fall back to the DOCEXTRACT_* environment (`PipelineOptions.from_flags`), so a deployment
that does not name one lets each worker's environment decide.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pipeline.errors import ConfigurationError
from pipeline.options import AUTO_SCHEMA, NO_VLM, PipelineOptions
from pipeline.registry import OCR_ENGINES, SCHEMAS, VLM_BACKENDS

F = TypeVar("F", bound=Callable[..., Any])


def _option(help_text: str, *names: str, envvar: str | None = None) -> Any:
    """A setting that is None unless given (then the environment, or the pipeline's default, decides)."""
    return dataclasses.field(
        default=None, metadata={"option": typer.Option(*names, envvar=envvar, help=help_text)}
    )


@dataclasses.dataclass(frozen=True)
class RunParameters:
    """The pipeline settings of one run, as the command line gives them (defaults: the embedded configuration)."""

    schema: str = dataclasses.field(
        default=AUTO_SCHEMA,
        metadata={
            "option": typer.Option(
                help="Target schema: auto (each document is classified as invoice, credit note, receipt or not an "
                "invoice, and its type picks the schema), or one schema forced on every document: "
                f"{SCHEMAS.choices_help()}, or module.path:ClassName.",
            )
        },
    )
    ocr: str = dataclasses.field(
        default="rapidocr",
        metadata={
            "option": typer.Option(
                help="OCR engine for pages without a usable text layer (rapidocr: the embedded default).",
                metavar=OCR_ENGINES.metavar(),
            )
        },
    )
    ocr_models: str | None = _option(
        "RapidOCR model set: auto (PP-OCRv6 tiny with PP-OCRv4 re-reading doubtful lines when installed), "
        "ppocrv6-tiny, ppocrv4 (slower, errors flagged more often on faded receipts), or a folder holding "
        "det.onnx, rec.onnx and dict.txt.",
        envvar="DOCEXTRACT_RAPIDOCR_MODELS",
    )
    dpi: int = dataclasses.field(
        default=200,
        metadata={"option": typer.Option(help="Rasterisation dpi for pages that need OCR (50 to 600).")},
    )
    max_pages: int = dataclasses.field(
        default=500,
        metadata={
            "option": typer.Option(
                help="Documents with more pages than this fail with a clear error (bomb guard)."
            )
        },
    )
    force_ocr: bool = dataclasses.field(
        default=False,
        metadata={"option": typer.Option(help="OCR every page even when the PDF has a text layer.")},
    )
    vlm: str | None = dataclasses.field(
        default=None,
        metadata={
            "option": typer.Option(
                envvar="DOCEXTRACT_VLM_BACKEND",
                metavar="[" + "|".join((NO_VLM, *VLM_BACKENDS.names())) + "]",
                help="VLM backend: none (OCR rules only; the default), openai (any OpenAI-compatible server: vLLM, "
                "llama.cpp, Ollama, SGLang), transformers (local model dir), or one a package registers.",
            )
        },
    )
    vlm_url: str | None = _option(
        "Base URL of the OpenAI-compatible server, e.g. http://localhost:8000/v1.",
        envvar="DOCEXTRACT_VLM_URL",
    )
    vlm_model: str | None = _option("Model name on the server.", envvar="DOCEXTRACT_VLM_MODEL")
    vlm_model_path: Path | None = _option(
        "Local model folder for --vlm transformers.", envvar="DOCEXTRACT_VLM_MODEL_PATH"
    )
    vlm_batch: int | None = _option(
        "--vlm transformers: requests generated together, collected across documents (1 to 64; default 8: on a "
        "GPU a batch of 8-16 costs little more per step than 1).",
        envvar="DOCEXTRACT_VLM_BATCH",
    )
    vlm_concurrency: int | None = _option(
        "--vlm openai: requests kept in flight across documents, so the server batches them (default 4).",
        envvar="DOCEXTRACT_VLM_CONCURRENCY",
    )
    vlm_max_new_tokens: int | None = _option(
        "Most tokens one VLM answer may have (64 to 32768, default 2048); the answer's JSON is closed before "
        "the budget ends.",
        envvar="DOCEXTRACT_VLM_MAX_NEW_TOKENS",
    )
    accept_threshold: float | None = _option(
        "Calibrated probability (0-1) a field needs to skip review. Default: the threshold stored with the field "
        "scorer, chosen for <= 1% wrong accepted fields on held-out data; lower accepts more, higher sends more "
        "to review (see the risk-coverage curve of `docextract eval`).",
        envvar="DOCEXTRACT_ACCEPT_THRESHOLD",
    )
    rules: list[str] | None = _option(
        "Custom validation rules, module.path:name (a rule object or class with `name` and `check(ctx)`, or a "
        "list of them), added to the default rules; repeat for more. Recorded in the output's pipeline block; "
        "changing them re-runs documents."
    )

    def options(self) -> PipelineOptions:
        """The pipeline options these parameters stand for (raises pydantic's ValidationError when out of range,
        ConfigurationError naming the flag for an engine or backend nobody registered)."""
        for flag, value, registry in (("--ocr", self.ocr, OCR_ENGINES), ("--vlm", self.vlm, VLM_BACKENDS)):
            if value is not None and value not in registry:
                raise ConfigurationError(
                    f"{flag} {value}: unknown {registry.what}; registered: {', '.join(registry.names())}"
                )
        return PipelineOptions.from_flags(**dataclasses.asdict(self))

    def flow_parameters(self) -> dict[str, Any]:
        """The given parameters as the flow's (JSON) parameters: None left out, paths as strings."""
        out: dict[str, Any] = {}
        for name, value in dataclasses.asdict(self).items():
            if value is None or value == []:
                continue
            out[name] = str(value) if isinstance(value, Path) else value
        return out


def parameter_names() -> list[str]:
    return [f.name for f in dataclasses.fields(RunParameters)]


def run_parameters(func: F) -> F:
    """Give a typer command every run parameter as an option, in place of its `params: RunParameters`
    argument, and call it with them gathered into one `RunParameters`."""
    signature = inspect.signature(func, eval_str=True)
    resolved = inspect.get_annotations(RunParameters, eval_str=True)
    shared = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[resolved[f.name], f.metadata["option"]],
            default=f.default,
        )
        for f in dataclasses.fields(RunParameters)
    ]
    own = list(signature.parameters.values())
    at = [p.name for p in own].index("params")
    before = own[:at]
    after = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[at + 1 :]]

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in parameter_names() if name in kwargs}
        return func(*args, params=RunParameters(**given), **kwargs)

    parameters = [*before, *shared, *after]
    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    del command.__wrapped__  # typer reads the signature above, not the wrapped function's
    return command  # type: ignore[return-value]
