"""Whether two readings of one field say the same thing: the one answer the VLM merge and the cross-check share.

Two readers (the OCR rules and the VLM, or two OCR engines) agree when they would print the same value: amounts
by number ("1190.00" = Decimal("1190")), dates by day, text after normalising case, spacing and punctuation, with
a small fuzzy allowance for long text of words whose digits are identical. Identifiers are text compared
exactly: "0042" and "42", or "E2018-0042" and "2018-0042", are different invoice numbers, so they disagree (a
plain `Decimal` comparison or a fuzzy one would hide that).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from pipeline.validate.grounding import normalise
from pipeline.validate.rules import as_decimal


def decimal_of(value: Any) -> Decimal | None:
    """Numbers, and strings that are plain decimals ("10.00"), as Decimal; anything else None."""
    if isinstance(value, str):
        try:
            out = Decimal(value.strip())
        except ArithmeticError:
            return None
        return out if out.is_finite() else None
    return as_decimal(value)


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int | float) and not isinstance(value, bool)


def _compare_as_amounts(a: Any, b: Any) -> bool:
    """Numbers meet numbers or numeric strings; two strings only when both are written with decimals ("19.90"),
    so identifiers ("0042", "42") stay text."""
    if _is_number(a) or _is_number(b):
        return True
    return all(isinstance(v, str) and "." in v and decimal_of(v) is not None for v in (a, b))


def values_agree(a: Any, b: Any) -> bool:
    """Same value as two readers would print it (see the module docstring); a blank never agrees."""
    if is_blank(a) or is_blank(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_items_agree(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, date) or isinstance(b, date):
        return str(a)[:10] == str(b)[:10]
    if _compare_as_amounts(a, b):
        da, db = decimal_of(a), decimal_of(b)
        return da is not None and da == db
    na, nb = normalise(str(a)), normalise(str(b))
    if na == nb:
        return True
    return (
        len(na) >= 5
        and _is_prose(na)
        and _is_prose(nb)
        and fuzz.ratio(na, nb) >= 92
        and [c for c in na if c.isdigit()] == [c for c in nb if c.isdigit()]
    )


def _is_prose(norm: str) -> bool:
    """Words rather than a code: two words of three letters or more ("Northwind Traders", "12 Main Street,
    Springfield"). An identifier differing by a letter ("E2018-0042" and "2018-0042") is another identifier."""
    return sum(w.isalpha() and len(w) >= 3 for w in norm.split()) >= 2


def _items_agree(x: Any, y: Any) -> bool:
    if not (isinstance(x, dict) and isinstance(y, dict)):
        return values_agree(x, y)
    return decimal_of(x.get("amount")) == decimal_of(y.get("amount"))
