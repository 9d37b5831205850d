"""From an extractor's proposal to the checked result: data + one FieldResult per schema field.

Order matters and is fixed: presence (missing / blank / illegible), then the schema per field (a value that
fails becomes null and `invalid`), then confidence, then the rules. The most severe status wins, so a reviewer
sees the one reason that matters most for each field (`rules.SEVERITY`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from pipeline.agreement import values_agree
from pipeline.document import Candidate, Document, FieldResult, FieldStatus
from pipeline.extract.rules_extractor import is_receipt_schema
from pipeline.result import DocumentInfo, ExtractionResult, Proposal
from pipeline.scoring import FieldScorer, apply_policy, score_fields
from pipeline.scoring.policy import BLANK, may_be_unprinted
from pipeline.validate import DEFAULT_RULES
from pipeline.validate.grounding import DocumentIndex
from pipeline.validate.rules import SEVERITY, Rule, RuleContext, Violation, run_rules, worst_by_field
from pipeline.validate.schema_check import (
    is_empty,
    to_json_value,
    to_python_value,
    unknown_value,
    validate_field,
)
from schemas import schema_name

PRESENCE_RULE = "presence"
SCHEMA_RULE = "schema"
CONFIDENCE_RULE = "confidence"
CROSS_CHECK_RULE = "cross_check"

_EMPTY_REASONS = {"blank": BLANK, "illegible": "illegible"}


def _judge(
    model: type[BaseModel], name: str, cand: Candidate | None, low_confidence: float
) -> tuple[FieldResult, Any]:
    """The field's status before rules, and its validated Python value (None when it has none)."""
    if cand is None:
        return FieldResult(status=FieldStatus.MISSING, rule=PRESENCE_RULE, reason="not found"), None
    common = {"confidence": cand.confidence, "evidence": cand.evidence, "source": cand.source}
    if is_empty(cand.value):
        note = cand.note or ""
        if note.lower().startswith("invalid"):  # e.g. a VLM answer that failed validation twice
            return FieldResult(status=FieldStatus.INVALID, rule=SCHEMA_RULE, reason=note, **common), None
        reason = _EMPTY_REASONS.get(note.lower(), note or "not found")
        return FieldResult(status=FieldStatus.MISSING, rule=PRESENCE_RULE, reason=reason, **common), None
    value, error = validate_field(model, name, cand.value)
    if error is not None:
        return FieldResult(status=FieldStatus.INVALID, rule=SCHEMA_RULE, reason=error, **common), None
    if cand.confidence < low_confidence:
        reason = f"confidence {cand.confidence:.2f} below {low_confidence:.2f}"
        return FieldResult(
            status=FieldStatus.LOW_CONFIDENCE, rule=CONFIDENCE_RULE, reason=reason, **common
        ), value
    return FieldResult(status=FieldStatus.OK, **common), value


def _disagreement(candidates: list[Candidate]) -> str | None:
    """A reason when two extractors proposed different values for one field (the reviewer sees both). Line items
    are compared line by line by the rules, not here."""
    filled = [c for c in candidates if not is_empty(c.value)]
    if any(isinstance(c.value, list | dict) for c in filled):
        return None
    distinct: list[Candidate] = []
    for c in filled:
        if not any(values_agree(c.value, d.value) for d in distinct):
            distinct.append(c)
    if len(distinct) < 2:
        return None
    return "extractors disagree: " + ", ".join(f"{c.source}={c.value}" for c in distinct)


def _apply(fields: dict[str, FieldResult], violations: list[Violation]) -> None:
    for name, v in worst_by_field(violations).items():
        result = fields.get(name)
        if result is None:
            raise ValueError(f"rule {v.rule!r} blamed {name!r}, which is not a field of the schema")
        if SEVERITY[v.status] > SEVERITY[result.status]:
            result.status, result.rule, result.reason = v.status, v.rule, v.reason


def _checked(
    doc: Document,
    model: type[BaseModel],
    proposal: Proposal,
    rules: list[Rule],
    low_confidence: float,
    candidates: Mapping[str, list[Candidate]] | None,
    today: date | None,
) -> tuple[dict[str, FieldResult], dict[str, Any], dict[str, Any], DocumentIndex | None]:
    """Presence, schema, confidence and the rules: (field results, output data, validated Python values, the
    rules' index of the page's numbers and dates, which the scorer reads too)."""
    alternatives = candidates if candidates is not None else getattr(proposal, "alternatives", None) or {}
    data: dict[str, Any] = {}
    fields: dict[str, FieldResult] = {}
    values: dict[str, Any] = {}
    for name in model.model_fields:
        result, value = _judge(model, name, proposal.fields.get(name), low_confidence)
        if name in alternatives:
            result.candidates = list(alternatives[name])
            clash = _disagreement(result.candidates)
            if clash and SEVERITY[FieldStatus.INCONSISTENT] > SEVERITY[result.status]:
                result.status, result.rule, result.reason = FieldStatus.INCONSISTENT, CROSS_CHECK_RULE, clash
        fields[name] = result
        if value is None:
            data[name] = unknown_value(model, name)
        else:
            data[name] = to_json_value(model, name, value)
            values[name] = to_python_value(model, name, value)
    ctx = RuleContext(model=model, values=values, doc=doc, fields=fields, today=today or date.today())
    _apply(fields, run_rules(ctx, rules))
    return fields, data, values, ctx.index


def scorer_inputs(
    doc: Document,
    model: type[BaseModel],
    proposal: Proposal,
    *,
    rules: list[Rule] | None = None,
    today: date | None = None,
) -> tuple[dict[str, FieldResult], dict[str, Any], dict[str, tuple[str, list[float]]]]:
    """The checked fields, their data, and what the scorer is asked about each: `tools/train_scorer.py` fits on
    exactly what `assemble` computes at run time."""
    rules = DEFAULT_RULES if rules is None else rules
    fields, data, values, index = _checked(doc, model, proposal, rules, 0.0, None, today)
    asked = score_fields(doc, model, fields, values, receipt=is_receipt_schema(model), index=index)
    return fields, data, asked


def assemble(
    doc: Document,
    model: type[BaseModel],
    proposal: Proposal,
    *,
    rules: list[Rule] | None = None,
    low_confidence: float = 0.5,
    candidates: Mapping[str, list[Candidate]] | None = None,
    today: date | None = None,
    scorer: FieldScorer | None = None,
    accept_threshold: float | None = None,
) -> ExtractionResult:
    """Check `proposal` against `model` and the rules. `candidates` (field -> every extractor's candidate) is
    kept on the FieldResult so the review page can show where extractors disagreed; `today` pins the
    plausible-date window for tests. With a `scorer`, confidences become calibrated probabilities and the
    review policy (pipeline/scoring/policy.py) replaces the fixed `low_confidence` cut."""
    rules = DEFAULT_RULES if rules is None else rules
    cut = 0.0 if scorer is not None else low_confidence
    fields, data, values, index = _checked(doc, model, proposal, rules, cut, candidates, today)
    if scorer is not None:
        asked = score_fields(doc, model, fields, values, receipt=is_receipt_schema(model), index=index)
        apply_policy(fields, asked, scorer, unprinted_ok=may_be_unprinted(model), threshold=accept_threshold)
    for name in getattr(model, "structured_only", ()):  # e-invoice XML terms that a page-only document lacks
        f = fields.get(name)
        if f is not None and f.status == FieldStatus.MISSING and f.evidence is None:
            f.status, f.rule, f.reason = (
                FieldStatus.NOT_ON_DOCUMENT,
                PRESENCE_RULE,
                "read from e-invoice XML only",
            )
    result = ExtractionResult(
        document=DocumentInfo(path=str(doc.path), sha256=doc.sha256, pages=len(doc.pages)),
        schema=schema_name(model),
        data=data,
        fields=fields,
    )
    result.refresh_review()
    return result


def check_values(
    model: type[BaseModel],
    data: dict[str, Any],
    doc: Document | None = None,
    rules: list[Rule] | None = None,
    *,
    today: date | None = None,
) -> dict[str, Violation]:
    """Validate reviewer-corrected `data` with the same schema and rules: field -> its most severe violation.
    Null fields are not violations (a reviewer may confirm "not on the document"); grounding needs `doc`."""
    rules = DEFAULT_RULES if rules is None else rules
    violations: list[Violation] = []
    values: dict[str, Any] = {}
    for name in data:
        if name not in model.model_fields:
            violations.append(
                Violation(name, FieldStatus.INVALID, SCHEMA_RULE, f"not a field of {schema_name(model)}")
            )
    for name in model.model_fields:
        raw = data.get(name)
        if is_empty(raw):
            continue
        value, error = validate_field(model, name, raw)
        if error is not None:
            violations.append(Violation(name, FieldStatus.INVALID, SCHEMA_RULE, error))
        elif value is not None:
            values[name] = to_python_value(model, name, value)
    ctx = RuleContext(model=model, values=values, doc=doc, today=today or date.today())
    violations.extend(run_rules(ctx, rules))
    return worst_by_field(violations)
