"""Grounding: every extracted value must be readable somewhere on the document, or it is `ungrounded`.

This is the guard against values a VLM (or a wrong rule) invented. Matching is normalised, never literal:
amounts by numeric value in any locale's notation, dates in any printed format, currencies by code or by the
mark printed for them ("RM" grounds MYR), strings by accent- and punctuation-free substring or fuzzy match.

A string may be printed over several lines or OCR boxes: an address over three lines, a name the detector cut
in two, an invoice number with a space inside. So a string is also looked for as a contiguous run of
consecutive lines of one page region, read in the page's reading order or down one column, compared without
spaces and punctuation and starting and ending on word boundaries; its evidence box encloses every line used.
OCR look-alikes ("JOH0R" printed, "JOHOR" extracted after the repair in pipeline/ocr/words.py) compare equal,
different digits never do. The lookups themselves are the page index's (pipeline/validate/page_index.py), built
once per document and shared by every rule.
"""

from __future__ import annotations

import enum
import itertools
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.document import SUM_OF_PARTS, Evidence, FieldStatus
from pipeline.validate.formats import CURRENCY_FIELD
from pipeline.validate.page_index import DocumentIndex, Entry, normalise
from pipeline.validate.printed import numbers_in
from pipeline.validate.rules import RuleContext, Violation, as_decimal

__all__ = ["DocumentIndex", "Grounded", "normalise", "ungroundable_fields"]


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

    def locate(self, index: DocumentIndex, field: str, value: Any) -> list[Entry] | None:
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
            if not found and _sum_of_printed_parts(index, ctx.fields.get(name), value):
                continue  # a tax made of the amount printed for each rate ("470 + 944"): each part is on the page
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


def _sum_of_printed_parts(index: DocumentIndex, result: Any, value: Any) -> bool:
    """The value is the sum the extractor made of amounts it read ("470 + 944", its evidence says so), each of
    them printed on the page: grounded by its parts, though the sum itself is printed nowhere."""
    amount = as_decimal(value)
    evidence = getattr(result, "evidence", None)
    if amount is None or evidence is None or SUM_OF_PARTS not in (evidence.text or ""):
        return False
    readings = [
        [n for n in numbers_in(part) if n in index.numbers] for part in evidence.text.split(SUM_OF_PARTS)
    ]
    if len(readings) < 2 or not all(readings) or len(readings) > 8:
        return False
    return any(sum(choice, Decimal(0)) == abs(amount) for choice in itertools.product(*readings))


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return repr(value)
