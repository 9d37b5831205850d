"""Every value a printed line could mean: amounts in any locale's notation, dates in any printed format.

Grounding asks "is 1234.56 on the page?" without knowing the document's locale, so a line is read in every
plausible way at once: "1.234" is both 1234 (German grouping) and 1.234 (a 3-decimal amount); "03/04/2024" is
both 3 April and 4 March. Over-reading costs almost nothing (a value must still match exactly), under-reading
would flag correct values as ungrounded.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from pipeline.extract.parsing import MONTHS

# A number with optional thousands groups (".", ",", space, apostrophe, thin spaces) and optional decimals.
_NUMBER = re.compile(
    r"(?<![\d])(\d{1,3}(?:[.,' \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
)
_GROUP_SEPS = " '\u00a0\u202f\u2009"


def fold(text: str) -> str:
    """Lowercase without accents (März -> marz, décembre -> decembre, Straße -> strasse)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _readings(token: str) -> set[Decimal]:
    """All amounts a single numeric token can denote."""
    plain = token
    for sep in _GROUP_SEPS:
        plain = plain.replace(sep, "")
    candidates: list[str] = []
    has_dot, has_comma = "." in plain, "," in plain
    if has_dot and has_comma:  # the later one is the decimal mark
        dec, grp = (".", ",") if plain.rfind(".") > plain.rfind(",") else (",", ".")
        candidates.append(plain.replace(grp, "").replace(dec, "."))
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = plain.split(sep)
        if len(parts) > 2:  # 1.234.567: grouping only
            candidates.append("".join(parts))
        else:
            candidates.append(f"{parts[0]}.{parts[1]}")  # decimal mark
            if len(parts[1]) == 3:  # 1.234 or 1,234: also a grouped integer
                candidates.append(parts[0] + parts[1])
    else:
        candidates.append(plain)
    out: set[Decimal] = set()
    for c in candidates:
        try:
            out.add(Decimal(c))
        except InvalidOperation:
            continue
    return out


def numbers_in(text: str) -> set[Decimal]:
    """Absolute values of every amount `text` can be read as (signs and brackets of credit notes ignored)."""
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(text):
        token = m.group(1)
        out |= _readings(token)
        if any(sep in token for sep in _GROUP_SEPS):  # "2 10.00" may be quantity 2 then 10.00
            for piece in re.split(f"[{_GROUP_SEPS}]", token):
                out |= _readings(piece)
    return out


def amount_readings(value: Decimal) -> Decimal:
    """The form an extracted amount is looked up under (sign dropped, like `numbers_in`)."""
    return abs(value)


# One month vocabulary for reading and for grounding, folded (no accents) for lookup here.
_MONTHS: dict[str, int] = {fold(name): num for name, num in MONTHS.items()}

_SEP = r"[./\-]"
_NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})" + _SEP + r"(\d{1,2})" + _SEP + r"(\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\s?" + _SEP + r"\s?(\d{1,2})\s?" + _SEP + r"\s?(\d{4}|\d{2})(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\.?[\s\-/]*([a-z]{3,9})\.?[\s\-/,]*(\d{4}|\d{2})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.?[\s\-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/]*(\d{4})(?!\d)")


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _make(y: int, m: int, d: int, out: set[date]) -> None:
    with contextlib.suppress(ValueError):
        out.add(date(y, m, d))


def dates_in(text: str) -> set[date]:
    """Every date `text` can be read as: ISO, day-first and month-first numerics, compact, and month names
    in English, German and French (full or abbreviated)."""
    folded = fold(text)
    out: set[date] = set()
    for m in _NUMERIC_YMD.finditer(folded):
        _make(int(m[1]), int(m[2]), int(m[3]), out)
    for m in _NUMERIC_DMY.finditer(folded):
        y, a, b = _year(m[3]), int(m[1]), int(m[2])
        _make(y, b, a, out)  # day first
        _make(y, a, b, out)  # month first (US)
    for m in _COMPACT.finditer(folded):
        s = m[1]
        _make(int(s[:4]), int(s[4:6]), int(s[6:]), out)  # 20240331
        _make(int(s[4:]), int(s[2:4]), int(s[:2]), out)  # 31032024
    for m in _DAY_MONTH_YEAR.finditer(folded):
        month = _MONTHS.get(m[2])
        if month:
            _make(_year(m[3]), month, int(m[1]), out)
    for m in _MONTH_DAY_YEAR.finditer(folded):
        month = _MONTHS.get(m[1])
        if month:
            _make(_year(m[3]), month, int(m[2]), out)
    return out
