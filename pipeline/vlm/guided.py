"""The answer format for the VLM: the target model's fields plus citations, and its guided-decoding schema.

The answer model is derived from the target model, so the schema that guided decoding enforces and the
validation that follows are the same contract. The decoding schema is the answer model's JSON Schema made
stricter where a schema alone would let a model write something our types reject (a Decimal regex with a
lookahead grammar engines ignore, free-text currencies) and bounded where an unbounded string or list would
let a weak model run until the token budget cuts the JSON in half.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic.json_schema import SkipJsonSchema

from schemas.types import MONEY_PATTERN

LINE_ID_PATTERN = r"^p[0-9]{1,4}-l[0-9]{1,5}$"

MAX_STRING = 400
MAX_ITEMS = 300
_LineId = Annotated[str, Field(pattern=LINE_ID_PATTERN)]


class Citations(BaseModel):
    """Base of the generated citations model: one optional line id per field."""

    model_config = ConfigDict(extra="forbid")


@lru_cache(maxsize=32)
def answer_model_for(model: type[BaseModel]) -> type[BaseModel]:
    """`<Model>Answer`: every field of `model` plus `citations` (field -> OCR line id, items -> list of ids)."""
    line_id = (str | None, Field(None, pattern=LINE_ID_PATTERN))
    cite_fields: dict[str, Any] = {}
    for name in model.model_fields:
        if name in getattr(model, "structured_only", ()):
            continue
        if _list_of_models(model, name):
            cite_fields[name] = (list[_LineId | None], Field(default_factory=list, max_length=MAX_ITEMS))
        else:
            cite_fields[name] = line_id
    citations = create_model(f"{model.__name__}Citations", __base__=Citations, **cite_fields)
    # Terms only an e-invoice's XML is read for (schemas/invoice.py `structured_only`) are not asked for.
    skip = {n: (SkipJsonSchema[None], None) for n in getattr(model, "structured_only", ())}
    return create_model(
        f"{model.__name__}Answer",
        __base__=model,
        citations=(citations, Field(default_factory=citations, description="OCR line id of each value")),
        **skip,
    )


def _list_of_models(model: type[BaseModel], name: str) -> bool:
    ann = model.model_fields[name].annotation
    if typing.get_origin(ann) is list:
        (inner,) = typing.get_args(ann) or (None,)
        return isinstance(inner, type) and issubclass(inner, BaseModel)
    return False


def _currency_fields(model: type[BaseModel]) -> dict[str, set[str]]:
    """Model title -> names of fields typed CurrencyCode (found through the type, not the field name)."""
    from schemas.types import CurrencyCode

    out: dict[str, set[str]] = {}
    seen: set[type] = set()

    def walk(m: type[BaseModel]) -> None:
        if m in seen:
            return
        seen.add(m)
        title = m.model_config.get("title") or m.__name__
        for name, info in m.model_fields.items():
            args = _flatten(info.annotation)
            if CurrencyCode in args or any(a == CurrencyCode for a in args):
                out.setdefault(title, set()).add(name)
            for a in args:
                if isinstance(a, type) and issubclass(a, BaseModel):
                    walk(a)

    walk(model)
    return out


def _flatten(ann: Any) -> list[Any]:
    out = [ann]
    for a in typing.get_args(ann):
        out.extend(_flatten(a))
    return out


@lru_cache(maxsize=32)
def _decoding_schema_json(answer_model: type[BaseModel]) -> str:
    from schemas.types import ISO_4217

    schema = answer_model.model_json_schema()
    currency = _currency_fields(answer_model)
    currency_schema = {"type": "string", "enum": sorted(ISO_4217)}

    def fix_object(obj: dict[str, Any], title: str | None) -> None:
        props = obj.get("properties")
        if not isinstance(props, dict):
            return
        # Every property required (null allowed): the model must decide on each field, never skip one.
        obj["required"] = list(props)
        obj["additionalProperties"] = False
        for name, prop in props.items():
            if title and name in currency.get(title, set()):
                props[name] = {
                    "anyOf": [currency_schema, {"type": "null"}],
                    "description": prop.get("description", ""),
                }
            else:
                props[name] = fix_value(prop)

    def fix_value(node: Any) -> Any:
        if isinstance(node, list):
            return [fix_value(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: v for k, v in node.items() if k not in ("default", "title")}
        if "anyOf" in node and _is_decimal_union(node["anyOf"]):
            rest = [alt for alt in node["anyOf"] if not _is_decimal_part(alt)]
            node["anyOf"] = [{"type": "string", "pattern": MONEY_PATTERN}, *[fix_value(r) for r in rest]]
            return node
        if node.get("type") == "string" and not {"enum", "pattern", "format", "maxLength"} & node.keys():
            node["maxLength"] = MAX_STRING
        if node.get("type") == "array" and "maxItems" not in node:
            node["maxItems"] = MAX_ITEMS
        for key in ("anyOf", "oneOf", "allOf", "items", "prefixItems"):
            if key in node:
                node[key] = fix_value(node[key])
        if "properties" in node:
            fix_object(node, node.get("title"))
        return node

    defs = schema.get("$defs", {})
    for name, sub in defs.items():
        title = sub.get("title", name)
        defs[name] = fix_value(sub)
        fix_object(defs[name], title)
    top_title = schema.get("title")
    fix_object(schema, top_title)
    # The citations object keeps its properties optional: a model cites what it can.
    for name, sub in defs.items():
        if name.endswith("Citations"):
            sub.pop("required", None)
    return json.dumps(schema)


def _is_decimal_part(alt: Any) -> bool:
    return isinstance(alt, dict) and (
        alt.get("type") == "number" or (alt.get("type") == "string" and "\\d" in str(alt.get("pattern", "")))
    )


def _is_decimal_union(alts: list[Any]) -> bool:
    return any(isinstance(a, dict) and a.get("type") == "number" for a in alts) and any(
        isinstance(a, dict) and a.get("type") == "string" and "pattern" in a for a in alts
    )


def decoding_schema(answer_model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema sent to the grammar engine / server (a fresh copy each call)."""
    return copy.deepcopy(json.loads(_decoding_schema_json(answer_model)))


def skeleton(answer_model: type[BaseModel]) -> str:
    """The shortest valid answer (every field null / empty): its token length sizes the closing reserve."""
    schema = decoding_schema(answer_model)
    parts = []
    for name, prop in schema["properties"].items():
        is_array = prop.get("type") == "array"
        is_object = "$ref" in prop or prop.get("type") == "object"
        parts.append(f'"{name}":{"[]" if is_array else "{}" if is_object else "null"}')
    return "{" + ",".join(parts) + "}"


# ------------------------------------------------------------------------------------------- parsing


class ParsedAnswer(BaseModel):
    """A validated answer split into values and citations, or the reason it is unusable."""

    values: dict[str, Any] = Field(default_factory=dict)
    citations: dict[str, str] = Field(default_factory=dict)
    item_citations: list[str | None] = Field(default_factory=list)
    error: str | None = None


def parse_answer(raw: str, answer_model: type[BaseModel], target: type[BaseModel]) -> ParsedAnswer:
    """Validate model output against the answer model; `error` is a short text fit for a retry prompt."""
    text = _strip_fences(raw)
    try:
        # strict=False: raw control characters inside strings (some grammar engines let them through).
        data = _scrub(json.loads(text, strict=False))
    except json.JSONDecodeError as exc:
        return ParsedAnswer(error=f"the answer is not valid JSON ({exc.msg} at character {exc.pos})")
    if not isinstance(data, dict):
        return ParsedAnswer(error="the answer must be one JSON object")
    try:
        obj = answer_model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()[:10]
        )
        return ParsedAnswer(error=f"the answer does not match the schema: {problems}")
    cites = obj.citations  # type: ignore[attr-defined]
    citations: dict[str, str] = {}
    items: list[str | None] = []
    for name in target.model_fields:
        value = getattr(cites, name, None)
        if isinstance(value, list):
            items = list(value)
        elif isinstance(value, str):
            citations[name] = value
    values = {name: _plain(getattr(obj, name)) for name in target.model_fields}
    return ParsedAnswer(values=values, citations=citations, item_citations=items)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _scrub(value: Any) -> Any:
    """Control characters in strings become spaces: they are never part of a printed value."""
    if isinstance(value, str):
        return _CONTROL.sub(" ", value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    """Nested models (line items) become dicts; Decimals and dates stay typed."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _strip_fences(raw: str) -> str:
    """Servers without guided decoding often wrap JSON in ``` fences; take the object inside."""
    text = raw.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    return fence.group(1) if fence else text


def value_spans(raw: str) -> dict[str, tuple[int, int]]:
    """Character span of each top-level value in a JSON object text (to map token log-probs to fields)."""
    dec = json.JSONDecoder(strict=False)
    spans: dict[str, tuple[int, int]] = {}
    i = raw.find("{")
    if i < 0:
        return spans
    i += 1
    n = len(raw)
    try:
        while i < n:
            while i < n and raw[i] in " \t\r\n,":
                i += 1
            if i >= n or raw[i] == "}":
                break
            key, i = dec.raw_decode(raw, i)
            while i < n and raw[i] in " \t\r\n:":
                i += 1
            start = i
            _, i = dec.raw_decode(raw, i)
            spans[str(key)] = (start, i)
    except (json.JSONDecodeError, ValueError):
        pass
    return spans
