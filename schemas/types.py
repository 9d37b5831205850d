"""Field types shared by every schema: money as Decimal, ISO dates, ISO 4217 currency codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from pipeline.currency import ISO_4217  # the one currency table (codes, marks, minor units)


def _to_decimal(value: Any) -> Any:
    """Accept numbers and plain numeric strings; never floats' binary noise (go through str)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"not a plain decimal number: {value!r}") from exc
    raise ValueError(f"not an amount: {value!r}")


def _check_finite(value: Decimal | None) -> Decimal | None:
    if value is not None and not value.is_finite():
        raise ValueError("amount must be finite")
    return value


def _to_currency(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("currency must be an ISO 4217 code string")
    code = value.strip().upper()
    if not code:
        return None
    if code not in ISO_4217:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code


# How money travels as JSON (output contract, guided decoding): a plain decimal string, never a float.
MONEY_PATTERN = r"^-?[0-9]{1,13}(\.[0-9]{1,6})?$"

Money = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    AfterValidator(_check_finite),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN}),
]
"""An amount of money. Serialised to JSON as a string so no consumer ever reads it as a float."""

Quantity = Money
CurrencyCode = Annotated[
    str, BeforeValidator(_to_currency), WithJsonSchema({"type": "string", "enum": sorted(ISO_4217)})
]
