"""The rule protocol: small named checks that turn typed values into per-field violations.

Rules never see raw extractor output: they get values that already passed the schema, so each rule only has to
answer one question ("do the amounts add up?", "is this on the page?"). A rule names the fields it blames and
why; `assemble` and `check_values` decide how a violation changes a field's status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ValidationError

from pipeline.document import Document, FieldResult, FieldStatus
from pipeline.validate.page_index import DocumentIndex
from schemas import canonical_map

# Which status wins when several apply to one field: a value that is not on the page says more than a sum that
# does not add up (the hallucinated number is usually why the sum fails), and a broken value says most.
SEVERITY: dict[FieldStatus, int] = {
    FieldStatus.OK: 0,
    FieldStatus.NOT_ON_DOCUMENT: 0,
    FieldStatus.LOW_CONFIDENCE: 1,
    FieldStatus.INCONSISTENT: 2,
    FieldStatus.UNGROUNDED: 3,
    FieldStatus.INVALID: 4,
    FieldStatus.MISSING: 5,
}


@dataclass(frozen=True)
class Violation:
    """One rule blaming one top-level field: what status it deserves and a reason a reviewer can act on."""

    field: str
    status: FieldStatus
    rule: str
    reason: str


@dataclass
class RuleContext:
    """Everything a rule may look at. `values` holds schema-validated Python values (Decimal, date; list items
    as dicts) for the fields that have one; fields without a value are absent, so rules never see nulls."""

    model: type[BaseModel]
    values: dict[str, Any]
    doc: Document | None = None
    fields: dict[str, FieldResult] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    @cached_property
    def roles(self) -> dict[str, str]:
        """canonical name ("invoice_date", "line_items") -> this schema's field name."""
        return {k: v for k, v in canonical_map(self.model).items() if v in self.model.model_fields}

    def field_for(self, role: str) -> str | None:
        """The schema's field playing `role` (a canonical name), or None when the schema has no such field."""
        return self.roles.get(role)

    def value_of(self, role: str) -> Any:
        name = self.field_for(role)
        return None if name is None else self.values.get(name)

    @cached_property
    def instance(self) -> BaseModel | None:
        """The typed model for user rules that prefer attributes; None when required fields have no value."""
        try:
            return self.model.model_validate(self.values)
        except ValidationError:
            return None

    @cached_property
    def index(self) -> DocumentIndex | None:
        """Normalised index of the document's lines, built once per context and shared by every rule."""
        return None if self.doc is None else DocumentIndex(self.doc)


@runtime_checkable
class Rule(Protocol):
    """A named check. Return one Violation per blamed field; an empty list means the rule is satisfied."""

    name: str

    def check(self, ctx: RuleContext) -> list[Violation]: ...


def as_decimal(value: Any) -> Decimal | None:
    """Amounts from user schemas may be int/float; compare them as Decimals (through str, never binary)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        return Decimal(str(value))
    return None


def run_rules(ctx: RuleContext, rules: list[Rule]) -> list[Violation]:
    """Every rule's violations in rule order; a rule that crashes is a bug, so it is not swallowed."""
    out: list[Violation] = []
    for rule in rules:
        out.extend(rule.check(ctx))
    return out


def worst_by_field(violations: list[Violation]) -> dict[str, Violation]:
    """One violation per field: the most severe; reasons of equally severe ones are joined."""
    best: dict[str, Violation] = {}
    for v in violations:
        cur = best.get(v.field)
        if cur is None or SEVERITY[v.status] > SEVERITY[cur.status]:
            best[v.field] = v
        elif SEVERITY[v.status] == SEVERITY[cur.status] and v.reason not in cur.reason:
            rule = cur.rule if v.rule == cur.rule else f"{cur.rule},{v.rule}"
            best[v.field] = Violation(v.field, cur.status, rule, f"{cur.reason}; {v.reason}")
    return best
