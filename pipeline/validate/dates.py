"""Date sanity: an invoice is not due before it was issued, no document date is decades off or far ahead, a
date does not contradict the one a document number spells out, and a date whose day and month could swap is not
read in an order nothing on the page tells.

A misread year (2042 for 2024, 1924 for 2024) is the typical OCR date error; the plausible window catches it
without knowing the document. `today` comes from the RuleContext so tests can pin it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.document import FieldStatus
from pipeline.extract.dates import compact_dates, find_dates
from pipeline.validate.rules import RuleContext, Violation


@dataclass
class DueAfterIssue:
    """due_date >= invoice_date (same day is fine: "payable immediately")."""

    name: str = "dates.due_after_issue"

    def check(self, ctx: RuleContext) -> list[Violation]:
        issue_field, due_field = ctx.field_for("invoice_date"), ctx.field_for("due_date")
        issued = ctx.values.get(issue_field) if issue_field else None
        due = ctx.values.get(due_field) if due_field else None
        if not (isinstance(issued, date) and isinstance(due, date)) or due >= issued:
            return []
        reason = f"{due_field} {due.isoformat()} is before {issue_field} {issued.isoformat()}"
        return [
            Violation(due_field, FieldStatus.INCONSISTENT, self.name, reason),  # type: ignore[arg-type]
            Violation(issue_field, FieldStatus.INCONSISTENT, self.name, reason),  # type: ignore[arg-type]
        ]


@dataclass
class PlausibleDates:
    """Every top-level date lies between `earliest` and `today + max_future_days`."""

    name: str = "dates.plausible_range"
    earliest: date = date(1990, 1, 1)
    max_future_days: int = 366

    def check(self, ctx: RuleContext) -> list[Violation]:
        latest = ctx.today + timedelta(days=self.max_future_days)
        out: list[Violation] = []
        for name, value in ctx.values.items():
            if not isinstance(value, date):
                continue
            if value < self.earliest:
                reason = f"{value.isoformat()} is before {self.earliest.isoformat()}"
            elif value > latest:
                reason = f"{value.isoformat()} is more than {self.max_future_days} days after today ({ctx.today.isoformat()})"
            else:
                continue
            out.append(Violation(name, FieldStatus.INVALID, self.name, reason))
        return out


@dataclass
class DateInNumbers:
    """The document date disagrees by one digit with the date a number on the page spells out ("06/03/2016"
    beside "Invoice No: 2018030610100080498"): one of the two readings slipped (a 6 for an 8), and which one is
    not known, so a person looks. A number that spells the date exactly settles it; unrelated numbers rarely
    come within one digit of the date."""

    name: str = "dates.date_in_numbers"

    def check(self, ctx: RuleContext) -> list[Violation]:
        name = ctx.field_for("invoice_date")
        value = ctx.values.get(name) if name else None
        if not isinstance(value, date) or ctx.doc is None:
            return []
        read = value.strftime("%Y%m%d")
        spelled = {c for _, line in ctx.doc.iter_lines() for c in compact_dates(line.text)}
        if read in spelled:
            return []
        near = sorted(c for c in spelled if sum(a != b for a, b in zip(c, read, strict=True)) == 1)
        if not near:
            return []
        reason = f"{value.isoformat()} differs by one digit from the date {near[0]} a number on the page spells out"
        return [Violation(name, FieldStatus.INCONSISTENT, self.name, reason)]


@dataclass
class DateOrderKnown:
    """A numeric date whose day and month could swap ("07/05/2024") is read in the document's order, which its
    other dates, its country, its currency or a value-added tax's name tell (`Context.date_order_known`); where
    nothing does, the reading is a guess, 7 May or 5 July, and a person picks, as for a "$" that no country cue
    resolves. None of the training documents' guesses was wrong, but they came from a handful of countries that
    write the day first."""

    name: str = "dates.order_unknown"

    def check(self, ctx: RuleContext) -> list[Violation]:
        from pipeline.extract.context import Context
        from pipeline.extract.rules_extractor import is_receipt_schema

        if ctx.doc is None:
            return []
        out = []
        for role in ("invoice_date", "due_date"):
            name = ctx.field_for(role)
            value = ctx.values.get(name) if name else None
            found = ctx.fields.get(name) if name else None
            if not isinstance(value, date) or found is None or found.evidence is None:
                continue
            swapped = _swapped(value)
            read = [d for d in find_dates(found.evidence.text) if d.ambiguous and d.value in (value, swapped)]
            if not read or "." in read[0].raw:  # "05.09.2024": dots are the day-first countries' way
                continue
            if Context.of(ctx.doc, is_receipt_schema(ctx.model)).date_order_known:
                continue
            reason = (
                f"{read[0].raw} reads as {value.isoformat()} or {swapped.isoformat()}: nothing on the page tells "
                "whether the day or the month comes first"
            )
            out.append(Violation(name, FieldStatus.INCONSISTENT, self.name, reason))
        return out


def _swapped(value: date) -> date:
    try:
        return value.replace(day=value.month, month=value.day)
    except ValueError:
        return value


DATE_RULES = [DueAfterIssue(), PlausibleDates(), DateInNumbers(), DateOrderKnown()]
