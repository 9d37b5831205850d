"""Named plug-ins: OCR engines, VLM backends, stores and schemas, picked by name instead of if-chains.

Each registry holds the built-ins as import paths ("module:attr") and adds what installed packages declare as
entry points in its group, so a third-party package adds an engine with three lines of its own pyproject.toml
and no change here:

    [project.entry-points."docextract.ocr_engines"]
    myocr = "my_package.engine:MyEngine"

Nothing is imported until a name is used: listing names (CLI choices and help) reads package metadata only, so
registering never imports torch, paddle or openvino, and a name whose extra is missing fails when it is picked,
with the message of `pipeline.extras` naming the extra. What each registry's objects are called with is said
where it is used: `pipeline.ocr.create_engine`, `pipeline.vlm.create_backend`, `pipeline.store.open_store`,
`schemas.load_schema`.
"""

from __future__ import annotations

import importlib
import threading
from functools import cache
from importlib.metadata import EntryPoints, entry_points
from typing import Any

from pipeline.errors import ConfigurationError
from pipeline.extras import missing_extra


@cache
def _installed_entry_points() -> EntryPoints:
    """Every installed package's entry points, read once per process for all registries (a few ms)."""
    return entry_points()


class Registry:
    """Names -> objects, from built-in import paths and the entry points of `group`."""

    def __init__(self, group: str, what: str, builtins: dict[str, str]) -> None:
        self.group = group
        self.what = what  # "OCR engine": how an error message names the kind of thing
        self._builtins = dict(builtins)
        self._all: dict[str, str] | None = None  # built-ins and entry points, scanned once per process
        self._loaded: dict[str, Any] = {}
        self._spelled: dict[str, Any] = {}  # each spelling `load` was asked for -> its object
        self._lock = threading.Lock()

    def _targets(self) -> dict[str, str]:
        """Every registered name -> its import path; entry points are scanned once, on first use."""
        targets = self._all
        if targets is None:
            with self._lock:
                if self._all is None:
                    found: dict[str, str] = {}
                    for ep in _installed_entry_points().select(group=self.group):
                        found.setdefault(ep.name.strip().lower(), ep.value)
                    # a built-in name stays the built-in: an installed package cannot silently replace it
                    self._all = {**found, **self._builtins}
                targets = self._all
        return targets

    @property
    def builtins(self) -> tuple[str, ...]:
        return tuple(self._builtins)

    def name_of(self, obj: object) -> str | None:
        """The name `obj` was loaded under (built-ins and entry points alike), or None."""
        for name, loaded in list(self._loaded.items()):
            if loaded is obj:
                return name
        return None

    def names(self) -> tuple[str, ...]:
        """Built-ins first, in their order, then the installed packages' names, sorted."""
        extra = sorted(set(self._targets()) - set(self._builtins))
        return (*self._builtins, *extra)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().lower() in self._targets()

    def canonical(self, name: str) -> str:
        """`name` as registered (case and spaces ignored); ConfigurationError listing the names if unknown."""
        key = name.strip().lower()
        if key not in self._targets():
            raise ConfigurationError(f"unknown {self.what} {name!r}; registered: {', '.join(self.names())}")
        return key

    def load(self, name: str) -> Any:
        """The object registered as `name`, imported on first use (then a dict lookup: schemas are loaded
        several times per document)."""
        known = self._spelled.get(name)
        if known is not None:
            return known
        key = self.canonical(name)
        if key not in self._loaded:
            module_name, _, attr = self._targets()[key].partition(":")
            try:
                module = importlib.import_module(module_name.strip())
            except ImportError as exc:
                raise missing_extra(f"the {self.what} {key!r}", exc) from exc
            obj: Any = module
            for part in filter(None, attr.strip().split(".")):
                obj = getattr(obj, part)
            self._loaded[key] = obj
        self._spelled[name] = self._loaded[key]
        return self._loaded[key]

    def choices_help(self) -> str:
        """The names as a help text fragment: "rapidocr, tesseract, paddleocr"."""
        return ", ".join(self.names())

    def metavar(self) -> str:
        """The names as a CLI metavar: "[rapidocr|tesseract|paddleocr]"."""
        return "[" + "|".join(self.names()) + "]"


OCR_ENGINES = Registry(
    "docextract.ocr_engines",
    "OCR engine",
    {
        "rapidocr": "pipeline.ocr.rapid:RapidOcrEngine",
        "tesseract": "pipeline.ocr.tesseract:TesseractEngine",
        "paddleocr": "pipeline.ocr.paddle:PaddleOcrEngine",
    },
)
# "none" is no backend: it is a choice of the CLI, never a registry entry
VLM_BACKENDS = Registry(
    "docextract.vlm_backends",
    "VLM backend",
    {
        "openai": "pipeline.vlm.openai_backend:OpenAIBackend",
        "transformers": "pipeline.vlm.transformers_backend:TransformersBackend",
    },
)
# by URL scheme, the part before "://" and before any "+driver" (postgresql+psycopg -> postgresql)
STORES = Registry(
    "docextract.stores",
    "store URL scheme",
    {"sqlite": "pipeline.store.sql:SqlStore", "postgresql": "pipeline.store.sql:SqlStore"},
)
SCHEMAS = Registry(
    "docextract.schemas",
    "schema",
    {
        "invoice": "schemas.invoice:Invoice",
        "credit_note": "schemas.credit_note:CreditNote",
        "receipt": "schemas.receipt:Receipt",
    },
)
