"""Pydantic schemas the pipeline extracts into, and the registry that resolves `--schema NAME|module:Class`."""

from __future__ import annotations

import importlib
import json

from pydantic import BaseModel

from schemas.credit_note import CreditNote
from schemas.invoice import Invoice, LineItem
from schemas.receipt import Receipt, ReceiptItem
from schemas.types import ISO_4217, CurrencyCode, Money

BUILTIN: dict[str, type[BaseModel]] = {"invoice": Invoice, "receipt": Receipt, "credit_note": CreditNote}


class SchemaError(ValueError):
    """A `--schema` value that cannot be resolved to a Pydantic model."""


def load_schema(spec: str) -> type[BaseModel]:
    """Resolve a built-in name ("invoice") or an import path ("mypkg.models:PurchaseOrder")."""
    if spec in BUILTIN:
        return BUILTIN[spec]
    if ":" not in spec:
        raise SchemaError(f"unknown schema {spec!r}: use one of {sorted(BUILTIN)} or 'module.path:ClassName'")
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
    """The name written to the output's "schema" key: built-in name, else module:Class."""
    for name, cls in BUILTIN.items():
        if cls is model:
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
