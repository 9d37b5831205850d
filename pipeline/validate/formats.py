"""Identifier formats with check digits: VAT ids, IBANs, BICs, and ISO 4217 codes in user schemas.

A checksum turns "looks plausible" into "certainly misread": one wrong OCR digit in a VAT id or IBAN fails it.
Fields are recognised by name (vendor_tax_id, vat_number, iban, bic ...), so user schemas get the checks too.
A tax id without a country prefix that python-stdnum knows is left alone: no check is better than a wrong one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import clean, get_cc_module

from pipeline.document import FieldStatus
from pipeline.validate.rules import RuleContext, Violation
from schemas.types import ISO_4217

TAX_ID_FIELD = re.compile(r"(vat|tax|ust|tva|gst)_?(id|no|num|number|reg|registration)\b|(^|_)vatin($|_)")
IBAN_FIELD = re.compile(r"(^|_)iban($|_)")
BIC_FIELD = re.compile(r"(^|_)(bic|swift)($|_)")
CURRENCY_FIELD = re.compile(r"(^|_)currency($|_)")

# VAT prefixes that are not ISO 3166 codes.
_PREFIX_COUNTRY = {"el": "gr", "xi": "gb"}


def vat_module(prefix: str):
    """The python-stdnum VAT module for a two-letter prefix, or None when stdnum has none for it."""
    cc = prefix.lower()
    if not re.fullmatch(r"[a-z]{2}", cc):
        return None
    try:
        return get_cc_module(_PREFIX_COUNTRY.get(cc, cc), "vat")
    except (ImportError, ValueError):
        return None


@functools.lru_cache(maxsize=4096)
def check_vat(value: str) -> str | None:
    """None when valid or uncheckable; else why the id fails (for the reason text). Cached: a batch sees the
    same few sellers' ids again and again, and python-stdnum's checks cost ~40 µs each."""
    number = clean(value, " -./").strip().upper()
    module = vat_module(number[:2])
    if module is None:
        return None
    try:
        module.validate(number[2:])
        return None
    except StdnumError:
        pass
    try:  # some countries print the prefix as part of the number (CHE-123.456.789)
        module.validate(number)
        return None
    except StdnumError as exc:
        return f"{value!r} is not a valid {number[:2]} VAT number ({exc})"


@functools.lru_cache(maxsize=4096)
def iban_is_valid(value: str) -> bool:
    """python-stdnum's IBAN check (length, country format, check digits), cached like `check_vat`: a seller's
    IBAN recurs on every invoice it sends, and the check costs ~40 µs."""
    return stdnum_iban.is_valid(value)


@dataclass
class IdentifierChecksums:
    """VAT / tax ids with a known country prefix, IBANs and BICs must pass their format and check digits."""

    name: str = "formats.checksum"

    def check(self, ctx: RuleContext) -> list[Violation]:
        out: list[Violation] = []
        for name, value in ctx.values.items():
            if not isinstance(value, str) or not value.strip():
                continue
            key = name.lower()
            reason: str | None = None
            if IBAN_FIELD.search(key):
                if not iban_is_valid(value):
                    reason = f"{value!r} is not a valid IBAN (length or check digits)"
            elif BIC_FIELD.search(key):
                if not stdnum_bic.is_valid(value):
                    reason = f"{value!r} is not a valid BIC/SWIFT code"
            elif TAX_ID_FIELD.search(key):
                reason = check_vat(value)
            if reason:
                out.append(Violation(name, FieldStatus.INVALID, self.name, reason))
        return out


@dataclass
class CurrencyCodes:
    """Currency fields typed as plain str in user schemas still have to hold an ISO 4217 code."""

    name: str = "formats.currency"

    def check(self, ctx: RuleContext) -> list[Violation]:
        return [
            Violation(name, FieldStatus.INVALID, self.name, f"{value!r} is not an ISO 4217 currency code")
            for name, value in ctx.values.items()
            if isinstance(value, str)
            and CURRENCY_FIELD.search(name.lower())
            and value.strip() not in ISO_4217
        ]


FORMAT_RULES = [IdentifierChecksums(), CurrencyCodes()]
