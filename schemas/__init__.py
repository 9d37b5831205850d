"""Pydantic schemas the pipeline extracts into, and how `--schema NAME|module:Class` resolves.

Names come from the schema registry (`pipeline.registry.SCHEMAS`): the built-ins below plus any schema an
installed package declares under the `docextract.schemas` entry point group; `module:Class` imports one directly.
"""

from __future__ import annotations

import importlib
import json
import typing

from pydantic import BaseModel

from pipeline.errors import ConfigurationError
from pipeline.registry import SCHEMAS
from schemas.credit_note import CreditNote
from schemas.invoice import Invoice, LineItem
from schemas.receipt import Receipt, ReceiptItem
from schemas.types import ISO_4217, CurrencyCode, Money

BUILTIN: dict[str, type[BaseModel]] = {name: SCHEMAS.load(name) for name in SCHEMAS.builtins}


class SchemaError(ValueError):
    """A `--schema` value that cannot be resolved to a Pydantic model."""


def load_schema(spec: str) -> type[BaseModel]:
    """Resolve a registered name ("invoice") or an import path ("mypkg.models:PurchaseOrder")."""
    if ":" not in spec:
        if spec not in SCHEMAS:
            raise SchemaError(
                f"unknown schema {spec!r}: registered: {SCHEMAS.choices_help()}, or 'module.path:ClassName'"
            )
        try:
            model = SCHEMAS.load(spec)
        except (ConfigurationError, AttributeError) as exc:
            raise SchemaError(f"schema {spec!r} cannot be loaded: {exc}") from exc
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise SchemaError(f"schema {spec!r} is not a pydantic BaseModel class")
        return model
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SchemaError(f"cannot import module {module_name!r} for schema {spec!r}: {exc}") from exc
    model = getattr(module, attr, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaError(f"{spec!r} is not a pydantic BaseModel class")
    return model


def schema_name(model: type[BaseModel]) -> str:
    """The name written to the output's "schema" key: registered name, else module:Class."""
    if (name := SCHEMAS.name_of(model)) is not None:
        return name
    return f"{model.__module__}:{model.__qualname__}"


def canonical_map(model: type[BaseModel]) -> dict[str, str]:
    """canonical truth key -> field name on `model` (identity for fields not renamed)."""
    mapping = dict(getattr(model, "canonical", {}) or {})
    for field in model.model_fields:
        if field not in mapping.values():
            mapping.setdefault(field, field)
    return mapping


def required_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields a document needs before it can be approved without a person (`required_for_approval` on the
    schema). A schema that does not say treats every field as required: nothing is accepted as "not printed"."""
    declared = getattr(model, "required_for_approval", None)
    return frozenset(model.model_fields) if declared is None else frozenset(declared)


def single_value_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields holding one value (not a table such as line items)."""
    return frozenset(
        name for name, info in model.model_fields.items() if typing.get_origin(info.annotation) is not list
    )


def json_schema(model: type[BaseModel]) -> str:
    """The JSON Schema used for `docextract schema` and for guided decoding in the VLM stage."""
    return json.dumps(model.model_json_schema(), indent=2)


__all__ = [
    "BUILTIN",
    "CreditNote",
    "ISO_4217",
    "CurrencyCode",
    "Invoice",
    "LineItem",
    "Money",
    "Receipt",
    "ReceiptItem",
    "SchemaError",
    "canonical_map",
    "json_schema",
    "load_schema",
    "required_fields",
    "schema_name",
]
