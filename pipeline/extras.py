"""Optional parts of the install: which extra brings which package, and the one message a missing one gives.

`pip install docextract` is the OCR-only core; the VLM backend, OpenVINO, the Prefect flows, the review page,
PaddleOCR and `docextract eval` need extras (pyproject.toml). The code that needs one imports it through
`require` (or turns its ImportError into `MissingExtraError` with `missing_extra`) at the moment it is needed,
so the core never fails at start-up and the user reads which extra to install instead of a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from pipeline.errors import ConfigurationError

# top-level import name -> the extra that installs it
EXTRA_OF: dict[str, str] = {
    "torch": "vlm",
    "transformers": "vlm",
    "xgrammar": "vlm",
    "torchvision": "vlm",
    "openvino": "openvino",
    "prefect": "flows",
    "fastapi": "review",
    "uvicorn": "review",
    "jinja2": "review",
    "multipart": "review",
    "itsdangerous": "review",
    "bcrypt": "review",
    "scipy": "eval",
    "matplotlib": "eval",
    "sklearn": "eval",
    "paddle": "paddle",
    "paddleocr": "paddle",
    "paddlex": "paddle",
    "psycopg": "postgres",
}


class MissingExtraError(ConfigurationError):
    """A feature was asked for whose extra is not installed (exit code 2, like any impossible setting)."""

    def __init__(self, what: str, extra: str, module: str) -> None:
        self.what, self.extra, self.module = what, extra, module
        super().__init__(
            f"{what} needs the [{extra}] extra: pip install 'docextract[{extra}]' (missing module {module!r})"
        )


def missing_extra(what: str, exc: ImportError) -> ImportError | MissingExtraError:
    """`exc` as the message naming the extra when the module not found belongs to one; else `exc` unchanged (a
    package that is installed but fails to import, or a missing core package, should show as what it is)."""
    name = (exc.name or "").partition(".")[0]
    extra = EXTRA_OF.get(name) if isinstance(exc, ModuleNotFoundError) else None
    return exc if extra is None else MissingExtraError(what, extra, name)


def require(module: str, what: str) -> ModuleType:
    """Import `module` for `what` ("the VLM backend"), or raise MissingExtraError naming its extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing_extra(what, exc) from exc


def require_installed(modules: tuple[str, ...], what: str) -> None:
    """Check that `modules` can be imported, without importing them (torch costs seconds and hundreds of MiB in
    a process that only hands requests to the model's own process); MissingExtraError names the first one
    missing."""
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise MissingExtraError(what, EXTRA_OF[module], module)
