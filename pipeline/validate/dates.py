"""Date sanity: an invoice is not due before it was issued, and no document date is decades off or far ahead.

A misread year (2042 for 2024, 1924 for 2024) is the typical OCR date error; the plausible window catches it
without knowing the document. `today` comes from the RuleContext so tests can pin it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.document import FieldStatus
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


DATE_RULES = [DueAfterIssue(), PlausibleDates()]
