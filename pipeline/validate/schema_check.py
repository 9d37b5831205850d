"""Per-field schema validation, so one bad value costs one field and not the whole document."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticUndefined


@cache
def field_adapters(model: type[BaseModel]) -> dict[str, TypeAdapter]:
    """One TypeAdapter per field, carrying the field's constraints (ge=, max_length=, validators)."""
    return {name: TypeAdapter(info.rebuild_annotation()) for name, info in model.model_fields.items()}


def error_text(exc: ValidationError) -> str:
    """Pydantic's messages without the URL noise: "1.amount: not a plain decimal number: 'x'"."""
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def validate_field(model: type[BaseModel], name: str, value: Any) -> tuple[Any, str | None]:
    """(validated Python value, None) or (None, error text)."""
    try:
        return field_adapters(model)[name].validate_python(value), None
    except ValidationError as exc:
        return None, error_text(exc)


def to_json_value(model: type[BaseModel], name: str, value: Any) -> Any:
    """The field's JSON form (Decimal -> str, date -> ISO) exactly as model_dump(mode="json") writes it."""
    return field_adapters(model)[name].dump_python(value, mode="json")


def to_python_value(model: type[BaseModel], name: str, value: Any) -> Any:
    """Plain Python form for rules: nested models become dicts, Decimals and dates stay typed."""
    return field_adapters(model)[name].dump_python(value, mode="python")


def unknown_value(model: type[BaseModel], name: str) -> Any:
    """What `data` holds for a field without a value: null where the schema allows it, else its default."""
    adapter = field_adapters(model)[name]
    try:
        adapter.validate_python(None)
        return None
    except ValidationError:
        pass
    info = model.model_fields[name]
    if info.default_factory is not None:
        return to_json_value(model, name, info.default_factory())  # type: ignore[call-arg]
    if info.default is not PydanticUndefined:
        return to_json_value(model, name, info.default)
    return None


def is_empty(value: Any) -> bool:
    """A value that says nothing: None, "", or an empty list (no line items found)."""
    return value is None or (isinstance(value, str | list | dict) and not value)
