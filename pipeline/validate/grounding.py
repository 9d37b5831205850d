"""Grounding: every extracted value must be readable somewhere on the document, or it is `ungrounded`.

This is the guard against values a VLM (or a wrong rule) invented. Matching is normalised, never literal:
amounts by numeric value in any locale's notation, dates in any printed format, strings by accent- and
punctuation-free substring or fuzzy match over single lines and adjacent line pairs (addresses wrap), or part by
part. The `DocumentIndex` is built once per document so a page of hundreds of lines costs milliseconds.
"""

from __future__ import annotations

import enum
import re
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz, process

from pipeline.document import Document, Evidence, FieldStatus, Line
from pipeline.validate.formats import CURRENCY_FIELD
from pipeline.validate.printed import dates_in, fold, numbers_in
from pipeline.validate.rules import RuleContext, Violation, as_decimal

_NON_WORD = re.compile(r"[\W_]+")

# How a currency shows on a page besides its ISO code. "$" and "kr" are shared by several currencies.
_DOLLARS = [
    "USD",
    "CAD",
    "AUD",
    "NZD",
    "SGD",
    "HKD",
    "TWD",
    "MXN",
    "BSD",
    "BBD",
    "BMD",
    "BND",
    "BZD",
    "FJD",
    "GYD",
    "JMD",
    "KYD",
    "LRD",
    "NAD",
    "SBD",
    "SRD",
    "TTD",
    "XCD",
    "ZWG",
]
_CURRENCY_MARKS: dict[str, tuple[str, ...]] = {
    **{code: ("$",) for code in _DOLLARS},
    "EUR": ("€", "euro", "euros"),
    "GBP": ("£",),
    "JPY": ("¥", "円", "yen"),
    "CNY": ("¥", "元", "rmb", "yuan"),
    "CHF": ("fr.", "sfr"),
    "INR": ("₹", "rs."),
    "KRW": ("₩",),
    "RUB": ("₽",),
    "TRY": ("₺",),
    "PLN": ("zł", "zl"),
    "SEK": ("kr",),
    "NOK": ("kr",),
    "DKK": ("kr",),
    "ISK": ("kr",),
    "BRL": ("r$",),
    "ILS": ("₪",),
    "VND": ("₫",),
    "PHP": ("₱",),
    "NGN": ("₦",),
    "UAH": ("₴",),
    "THB": ("฿",),
}


def normalise(text: str) -> str:
    """Casefolded, accent-free, punctuation as single spaces: the form strings are compared in."""
    return _NON_WORD.sub(" ", fold(text)).strip()


@dataclass(frozen=True)
class _Entry:
    """A line, or two adjacent lines read as one, with the forms every matcher needs."""

    page: int
    lines: tuple[Line, ...]
    norm: str
    compact: str

    def evidence(self) -> Evidence:
        return Evidence.from_lines(self.page, list(self.lines))


class DocumentIndex:
    """Precomputed normalised view of a document's lines: numbers, dates and strings by line."""

    def __init__(self, doc: Document):
        self.singles: list[_Entry] = []
        self.pairs: list[_Entry] = []
        self.numbers: dict[Decimal, int] = {}
        self.dates: dict[date, int] = {}
        self.raw: list[str] = []
        for page in doc.pages:
            prev: Line | None = None
            for line in page.lines:
                idx = len(self.singles)
                norm = normalise(line.text)
                self.singles.append(_Entry(page.number, (line,), norm, norm.replace(" ", "")))
                self.raw.append(fold(line.text))
                for n in numbers_in(line.text):
                    self.numbers.setdefault(n, idx)
                for d in dates_in(line.text):
                    self.dates.setdefault(d, idx)
                if prev is not None:
                    pair_norm = f"{normalise(prev.text)} {norm}".strip()
                    self.pairs.append(
                        _Entry(page.number, (prev, line), pair_norm, pair_norm.replace(" ", ""))
                    )
                prev = line

    def find_number(self, value: Decimal) -> _Entry | None:
        idx = self.numbers.get(abs(value))
        return None if idx is None else self.singles[idx]

    def find_date(self, value: date) -> _Entry | None:
        idx = self.dates.get(value)
        return None if idx is None else self.singles[idx]

    def find_currency(self, code: str) -> _Entry | None:
        code_re = re.compile(rf"(?<![a-z]){re.escape(code.lower())}(?![a-z])")
        marks = _CURRENCY_MARKS.get(code.upper(), ())
        for entry, raw in zip(self.singles, self.raw, strict=True):
            if code_re.search(raw) or any(_has_mark(raw, m) for m in marks):
                return entry
        return None

    def find_text(self, value: str, threshold: float = 90.0) -> list[_Entry]:
        """Entries that show `value`: one entry for a whole match, several when matched part by part."""
        norm = normalise(value)
        if not norm:
            return []
        whole = self._find_one(norm, threshold, self.singles) or self._find_one(norm, threshold, self.pairs)
        if whole is not None:
            return [whole]
        parts = [normalise(p) for p in re.split(r"[,;\n|]|\s-\s", value)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return []
        found: list[_Entry] = []
        for part in parts:
            entry = self._find_one(part, threshold, self.singles)
            if entry is None:
                return []
            found.append(entry)
        return found

    @staticmethod
    def _find_one(norm: str, threshold: float, entries: list[_Entry]) -> _Entry | None:
        compact = norm.replace(" ", "")
        if len(compact) <= 3:  # short values must be a whole word: "12" is in every line otherwise
            word = re.compile(rf"(?<!\w){re.escape(norm)}(?!\w)")
            return next((e for e in entries if word.search(e.norm)), None)
        for e in entries:
            if compact in e.compact:
                return e
        if len(norm) < 5:
            return None
        # partial_ratio aligns the shorter string inside the longer: only lines at least about as long as the
        # value may be searched, or a short line ("GmbH") would match any value containing it.
        # Digits are never fuzzy: "RE-2024-0043" is another invoice than "RE-2024-0042", not an OCR slip.
        min_len = int(len(norm) * 0.9)
        digit_runs = re.findall(r"\d+", norm)
        candidates = [
            i
            for i, e in enumerate(entries)
            if len(e.norm) >= min_len and all(d in e.compact for d in digit_runs)
        ]
        if not candidates:
            return None
        best = process.extractOne(
            norm,
            [entries[i].norm for i in candidates],
            scorer=fuzz.partial_ratio,
            score_cutoff=threshold,
        )
        return entries[candidates[best[2]]] if best else None


def _has_mark(raw: str, mark: str) -> bool:
    if mark.isalpha() or mark.endswith("."):
        return re.search(rf"(?<![a-z]){re.escape(mark)}(?![a-z])", raw) is not None
    return mark in raw


def ungroundable_fields(model: type) -> set[str]:
    """Fields whose values are the schema's vocabulary, not the page's (bool, Literal, Enum)."""
    out: set[str] = set()
    for name, info in getattr(model, "model_fields", {}).items():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if (
                tp is bool
                or typing.get_origin(tp) is typing.Literal
                or isinstance(tp, type)
                and issubclass(tp, enum.Enum)
            ):
                out.add(name)
            else:
                stack.extend(a for a in typing.get_args(tp) if not isinstance(a, str | int))
    return out


@dataclass
class Grounded:
    """Every non-null value must be found on the page; fills missing evidence from the line where it was."""

    name: str = "grounding"
    fuzzy_threshold: float = 90.0

    def locate(self, index: DocumentIndex, field: str, value: Any) -> list[_Entry] | None:
        """Where `value` is printed; None when it cannot be grounded by nature (bool), [] when not found."""
        if isinstance(value, (bool, enum.Enum)) or value is None:
            return None
        if isinstance(value, date):
            entry = index.find_date(value)
        elif (amount := as_decimal(value)) is not None:
            entry = index.find_number(amount)
        elif isinstance(value, str):
            if CURRENCY_FIELD.search(field.lower()) and len(value.strip()) == 3:
                entry = index.find_currency(value.strip())
            else:
                return index.find_text(value, self.fuzzy_threshold)
        else:
            return None
        return [entry] if entry is not None else []

    def check(self, ctx: RuleContext) -> list[Violation]:
        index = ctx.index
        if index is None:
            return []
        skip = ungroundable_fields(ctx.model)
        out: list[Violation] = []
        for name, value in ctx.values.items():
            if name in skip:
                continue
            if isinstance(value, list):
                reason = self._check_items(index, value)
                if reason:
                    out.append(Violation(name, FieldStatus.UNGROUNDED, self.name, reason))
                continue
            if isinstance(value, dict):
                continue
            found = self.locate(index, name, value)
            if found is None:
                continue
            if not found:
                out.append(
                    Violation(
                        name, FieldStatus.UNGROUNDED, self.name, f"{_show(value)} not found on the page"
                    )
                )
                continue
            result = ctx.fields.get(name)
            if result is not None and result.evidence is None:
                first_page = found[0].page
                lines = [ln for e in found if e.page == first_page for ln in e.lines]
                result.evidence = Evidence.from_lines(first_page, lines)
        return out

    def _check_items(self, index: DocumentIndex, items: list[Any]) -> str | None:
        problems: list[str] = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                continue
            for key, value in item.items():
                found = self.locate(index, key, value)
                if found is not None and not found:
                    problems.append(f"line {i} {key} {_show(value)}")
        if not problems:
            return None
        shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
        return f"not found on the page: {shown}"


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return repr(value)
