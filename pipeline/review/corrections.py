"""Turning what a reviewer typed into a field value, and refusing values the schema or the rules reject.

Input kinds follow the schema field's type: dates (ISO from the date picker, or typed), money (a plain number;
"1.234,56" and "1,234.56" are understood), lists (JSON), otherwise text. Validation runs the same schema and the
same rules the pipeline used (`pipeline.validate.check_values`) on the document's values with the correction in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
import unicodedata
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline.review.limits import (
    MAX_JSON_DEPTH,
    MAX_LIST_CHARS,
    MAX_ROWS,
    MAX_SCALAR_CHARS,
    MAX_TEXT_CHARS,
    check_length,
    json_depth,
)
from pipeline.store.queue import ReviewError

_CURRENCY_MARKS = re.compile(r"\s|\b[A-Za-z]{3}\b")  # spaces and ISO codes such as EUR
_AMOUNT = re.compile(r"[+-]?[\d.,']+")


def _base_type(annotation: Any) -> Any:
    """`X | None` -> X; Annotated[...] -> its origin."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0]) if len(args) == 1 else annotation
    if origin is typing.Annotated:
        return _base_type(typing.get_args(annotation)[0])
    return annotation


def input_kind(model: type[BaseModel] | None, name: str) -> str:
    """date | money | list | text: picks the input widget and the parser."""
    if model is None or name not in model.model_fields:
        return "text"
    base = _base_type(model.model_fields[name].annotation)
    if base is dt.date:
        return "date"
    if base is Decimal or base in (int, float):
        return "money"
    if typing.get_origin(base) in (list, dict) or base in (list, dict):
        return "list"
    return "text"


def parse_money(text: str) -> str:
    """A typed amount as a plain decimal string: the last of ',' or '.' followed by 1-2 digits is the decimal
    mark, the other one groups thousands. Currency symbols and spaces are ignored."""
    raw = "".join(ch for ch in text if unicodedata.category(ch) != "Sc")  # €, $, £ ...
    raw = _CURRENCY_MARKS.sub("", raw).replace("'", "")  # spaces, "EUR", Swiss 1'234.50
    if not _AMOUNT.fullmatch(raw) or not any(ch.isdigit() for ch in raw):
        raise ReviewError(
            f"{text!r} is not an amount: type digits with an optional decimal mark, e.g. 1234.56"
        )
    last = max(raw.rfind(","), raw.rfind("."))
    if last >= 0 and 1 <= len(raw) - last - 1 <= 2:
        whole, frac = raw[:last], raw[last + 1 :]
    else:
        whole, frac = raw, ""
    groups = re.split(r"[,.]", whole.lstrip("+-"))
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise ReviewError(f"{text!r} is not an amount: thousands separators must group three digits")
    raw = re.sub(r"[,.]", "", whole) + ("." + frac if frac else "")
    try:
        Decimal(raw)
    except ArithmeticError as exc:
        raise ReviewError(f"{text!r} is not an amount") from exc
    return raw


def parse_input(kind: str, text: str, name: str = "value") -> Any:
    """The JSON value for a field from the typed text ("" means: the field has no value). Text over the kind's
    limit, or JSON nested deeper than any schema needs, is refused (never cut)."""
    text = text.strip()
    if not text:
        return None
    if kind == "list":
        check_length(name, text, MAX_LIST_CHARS)
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ReviewError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels is not accepted")
    else:
        check_length(name, text, MAX_SCALAR_CHARS.get(kind, MAX_TEXT_CHARS))
    if kind == "money":
        return parse_money(text)
    if kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ReviewError(f"{text!r} is not a date: use YYYY-MM-DD") from exc
    if kind == "list":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReviewError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
        if not isinstance(value, list | dict):
            raise ReviewError("expected a JSON list")
        if isinstance(value, list) and len(value) > MAX_ROWS:
            raise ReviewError(f"{name}: {len(value)} rows, at most {MAX_ROWS} are allowed")
        return value
    return text


def _schema_errors(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def typed_value(model: type[BaseModel] | None, name: str, value: Any) -> Any:
    """The correction in its JSON form after the schema's own validation, or ReviewError with its message."""
    if model is None or name not in model.model_fields:
        return value
    adapter = TypeAdapter(model.model_fields[name].rebuild_annotation())
    try:
        typed = adapter.validate_python(value)
    except ValidationError as exc:
        raise ReviewError(f"{name}: {_schema_errors(exc)}") from exc
    return adapter.dump_python(typed, mode="json")


def checked_value(model: type[BaseModel] | None, name: str, data: dict[str, Any], value: Any) -> Any:
    """The correction in its JSON form, or ReviewError with the schema's / the rules' message (a script's
    check: the review page lets `DocumentRules` weigh the rules against the document's other open items)."""
    json_value = typed_value(model, name, value)
    if model is not None and name in model.model_fields:
        _rules_hook(model, name, {**data, name: json_value})
    return json_value


class DocumentRules:
    """The pipeline's own rules on a document's values (no page, so grounding and OCR certainty are skipped):
    what `pipeline.store.decisions` runs after every correction."""

    def __init__(self) -> None:
        from pipeline.assemble import SCHEMA_RULE
        from pipeline.validate import ARITHMETIC_RULES, DATE_RULES, FORMAT_RULES, PARTY_RULES

        self.recheckable = frozenset(
            {r.name for r in (*FORMAT_RULES, *DATE_RULES, *ARITHMETIC_RULES, *PARTY_RULES)} | {SCHEMA_RULE}
        )

    def findings(self, schema: str | None, data: dict[str, Any]) -> dict[str, Any]:
        from pipeline.assemble import check_values

        model = load_model(schema)
        if model is None:
            return {}
        known = {k: v for k, v in data.items() if k in model.model_fields}  # flags such as document_type
        return dict(check_values(model, known, doc=None))


class TypeChecker:
    """`check(field, data, value)` for decisions: the schema's typing of a correction, nothing more."""

    def __init__(self, model: type[BaseModel] | None):
        self.model = model

    def __call__(self, name: str, data: dict[str, Any], value: Any) -> Any:
        return typed_value(self.model, name, value)


def load_model(schema: str | None) -> type[BaseModel] | None:
    """The document's schema class, or None when it cannot be imported here (then values are taken as typed)."""
    try:
        from schemas import load_schema

        return load_schema(schema or "invoice")
    except Exception:
        return None


def _rules_hook(model: type[BaseModel], name: str, data: dict[str, Any]) -> None:
    """The pipeline's own schema + rules (`check_values(model, data, doc=None)`): doc=None skips grounding, since
    a typed correction need not match the misread text. Only problems blamed on the corrected field refuse it;
    other fields keep their own review items."""
    try:
        from pipeline.assemble import check_values
    except ImportError:  # HOOK: a build without the validation stage falls back to the schema check above
        return
    problem = _problem_for(check_values(model, data, doc=None), name)
    if problem:
        raise ReviewError(f"{name}: {problem}")


def _problem_for(outcome: Any, name: str) -> str | None:
    """Reads check_values' answer: {field: Violation} (or a list of violations)."""
    if isinstance(outcome, dict):
        got = outcome.get(name)
        status = getattr(got, "status", None) if got is not None else None
        if status is not None and str(getattr(status, "value", status)) != "ok":
            return getattr(got, "reason", None) or str(status)
        return None
    for v in outcome or []:
        if getattr(v, "field", None) == name:
            return getattr(v, "reason", None) or str(getattr(v, "status", "rejected"))
    return None
