"""Applying reviewers' decisions: one transaction per submit, guarded by the document's version.

Why it is built this way:
- Optimistic locking. Every page a reviewer decides on carries the document version it showed; the transaction
  starts with `UPDATE documents SET version = version + 1 WHERE id = :id AND version = :seen`. Exactly one of two
  racing decisions matches (PostgreSQL re-checks the WHERE after the row lock, SQLite has one writer), the other
  is refused with who changed the document and when, so nothing is silently overwritten.
- The document's rules run again after a value changes: open items whose rule no longer fires are cleared, the
  others get the rule's new reason at once (fixing the tax clears "subtotal + tax != total" on the total).
- Exports happen after the commit, from a fresh read of the committed rows (`store.after_approval`), so the
  exported files always equal the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.store.lifecycle import current_run, effective_data, settle
from pipeline.store.models import (
    AuditRow,
    DocumentRow,
    FieldRow,
    ItemKind,
    ItemState,
    ReviewItemRow,
    RunRow,
    utcnow,
)

ACTIONS = ("accept", "correct", "not_present", "confirm_duplicate")
VALUE_ACTIONS = ("correct", "not_present")  # decisions that change a value: the rules run again
RULES_USER_SUFFIX = " (rules)"


class ReviewError(ValueError):
    """A decision that cannot be applied (item gone or already resolved, invalid value); the message is shown."""


class StaleDecision(ReviewError):
    """The document changed after the reviewer loaded it; the message names who and when."""


class Finding(Protocol):
    """What a rule says about one field (pipeline.validate.Violation has these attributes)."""

    status: Any
    rule: str
    reason: str


class RuleHook(Protocol):
    """The document's rules, run on values alone (no page): supplied by the review layer."""

    recheckable: frozenset[str]  # rule names whose flags a re-run can clear

    def findings(self, schema: str | None, data: dict[str, Any]) -> dict[str, Finding]: ...


TypeCheck = Callable[[str, dict[str, Any], Any], Any]


@dataclass
class Decision:
    item_id: int
    action: str
    value: Any = None  # the corrected value (JSON form) for "correct"


@dataclass
class Outcome:
    document_id: int
    status: str
    version: int
    cleared: list[str] = field(default_factory=list)  # fields whose flags the rules cleared
    reasoned: list[str] = field(default_factory=list)  # fields whose flags got a new reason
    approved: bool = False
    exported_to: Path | None = None


def _clock(at: datetime) -> str:
    local = at.astimezone()
    today = datetime.now(UTC).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def changed_message(s: Session, doc: DocumentRow) -> str:
    """'changed by alice at 10:42 — reload': the last decision or run that moved the document's version."""
    last = s.scalars(
        select(AuditRow).where(AuditRow.document_id == doc.id).order_by(AuditRow.id.desc()).limit(1)
    ).first()
    run = current_run(s, doc)
    if last is not None and (run is None or last.at >= run.created_at):
        who, at = last.who, last.at
    elif run is not None:
        who, at = "a new extraction run", run.created_at
    else:
        who, at = "someone else", doc.updated_at
    return (
        f"Document #{doc.id} was changed by {who} at {_clock(at)} — reload to see the current values; "
        "your decision was not saved."
    )


def _take_version(s: Session, document_id: int, seen: int | None) -> DocumentRow:
    """Move the version on (taking the document's write lock); refuse when it is not the one the reviewer saw."""
    stmt = update(DocumentRow).where(DocumentRow.id == document_id)
    if seen is not None:
        stmt = stmt.where(DocumentRow.version == seen)
    moved = s.execute(
        stmt.values(version=DocumentRow.version + 1).execution_options(synchronize_session=False)
    ).rowcount
    doc = s.get(DocumentRow, document_id, populate_existing=True)
    if doc is None:
        raise ReviewError(f"document {document_id} does not exist")
    if not moved:
        raise StaleDecision(changed_message(s, doc))
    return doc


def decide(
    store,
    document_id: int,
    user: str,
    decisions: Sequence[Decision],
    *,
    seen_version: int | None = None,
    check: TypeCheck | None = None,
    rules: RuleHook | None = None,
) -> Outcome:
    """Apply `decisions` (items of one document) in one transaction, then export if the document got approved.

    `seen_version`: the version the reviewer's page showed (None: no check, for scripts). `check(field, data,
    value)` returns the typed JSON value of a correction or raises ReviewError. `rules` re-runs the document's
    rules after a value changed."""
    for d in decisions:
        if d.action not in ACTIONS:
            raise ReviewError(f"unknown action {d.action!r}")

    def work(s: Session) -> Outcome:
        doc = _take_version(s, document_id, seen_version)
        changed: list[str] = []
        for d in decisions:
            item = s.get(ReviewItemRow, d.item_id)
            if item is None or item.document_id != doc.id:
                raise ReviewError(f"review item {d.item_id} is not part of document {document_id}")
            if item.state != ItemState.OPEN.value:
                if seen_version is not None:
                    raise StaleDecision(changed_message(s, doc))
                raise ReviewError(
                    f"review item {item.id} is already {item.state} (by {item.resolved_by or 'the system'})"
                )
            if item.kind == ItemKind.DUPLICATE.value:
                _decide_duplicate(s, doc, user, d.action)
            else:
                name = _decide_field(s, item, doc, user, d.action, d.value, check)
                if d.action in VALUE_ACTIONS:
                    changed.append(name)
            item.state, item.resolved_by, item.resolved_at = ItemState.RESOLVED.value, user, utcnow()
        s.flush()
        out = Outcome(document_id=doc.id, status=doc.status, version=doc.version)
        run = current_run(s, doc)
        if rules is not None and changed and run is not None:
            _recheck(s, doc, run, user, changed, rules, out)
        s.flush()
        out.approved = settle(s, doc)
        out.status = doc.status
        return out

    outcome = store.transaction("save a review decision", work)
    if outcome.approved:
        outcome.exported_to = store.after_approval(document_id)
    return outcome


def resolve(
    store,
    item_id: int,
    user: str,
    action: str,
    value: Any = None,
    check: TypeCheck | None = None,
    *,
    seen_version: int | None = None,
    rules: RuleHook | None = None,
) -> str:
    """One item's decision (see `decide`); returns the document's new status."""
    with store.session() as s:
        document_id = s.scalar(select(ReviewItemRow.document_id).where(ReviewItemRow.id == item_id))
    if document_id is None:
        raise ReviewError(f"review item {item_id} does not exist")
    outcome = decide(
        store,
        document_id,
        user,
        [Decision(item_id, action, value)],
        seen_version=seen_version,
        check=check,
        rules=rules,
    )
    return outcome.status


def _decide_duplicate(s: Session, doc: DocumentRow, user: str, action: str) -> None:
    if action not in ("accept", "confirm_duplicate"):
        raise ReviewError(
            "a duplicate can only be accepted as a distinct document or confirmed as a duplicate"
        )
    old = {"duplicate_of": doc.duplicate_of_id}
    if action == "accept":
        doc.duplicate_of_id = None
    s.add(AuditRow(who=user, document_id=doc.id, field=None, old=old, new=None, action=action))


def _decide_field(
    s: Session,
    item: ReviewItemRow,
    doc: DocumentRow,
    user: str,
    action: str,
    value: Any,
    check: TypeCheck | None,
) -> str:
    f = item.field
    if f is None:
        raise ReviewError(f"review item {item.id} has no field")
    if action == "confirm_duplicate":
        raise ReviewError("confirm_duplicate applies to duplicate items only")
    old = f.value
    when = datetime.now(UTC).date().isoformat()
    status = "ok"
    if action == "correct":
        if check is not None:
            run = current_run(s, doc)
            value = check(f.name, effective_data(run) if run else {}, value)
        ev = f.evidence or {}
        f.value = value
        f.evidence = (
            {"page": ev["page"], "bbox": ev["bbox"], "text": _as_text(value), "source": "review"}
            if ev.get("page") and ev.get("bbox")
            else None
        )
        f.candidates = [
            *(f.candidates or []),
            {"value": value, "confidence": 1.0, "evidence": f.evidence, "source": "review", "note": None},
        ]
        f.confidence = 1.0
        f.reason = f"corrected by {user} on {when}"
    elif action == "not_present":
        f.value, f.evidence, f.confidence = None, None, 1.0
        f.reason = f"not on the document ({user}, {when})"
        status = "not_on_document"
    else:  # accept
        f.reason = f"accepted by {user} on {when} (was {f.status}: {f.reason or '-'})"
    f.status, f.rule, f.source = status, None, "review"
    s.add(AuditRow(who=user, document_id=doc.id, field=f.name, old=old, new=f.value, action=action))
    return f.name


def _status_text(status: Any) -> str:
    return str(getattr(status, "value", status))


def _recheck(
    s: Session,
    doc: DocumentRow,
    run: RunRow,
    user: str,
    changed: list[str],
    rules: RuleHook,
    out: Outcome,
) -> None:
    """Run the document's rules on its new values: refuse a change whose own problem nothing else open can carry,
    clear open items whose rule no longer fires, give the others the rule's new reason."""
    findings = {
        name: v
        for name, v in rules.findings(doc.schema, effective_data(run)).items()
        if _status_text(v.status) != "ok"
    }
    open_items = list(
        s.scalars(
            select(ReviewItemRow).where(
                ReviewItemRow.document_id == doc.id,
                ReviewItemRow.state == ItemState.OPEN.value,
                ReviewItemRow.kind == ItemKind.FIELD.value,
            )
        )
    )
    open_fields = {i.field.name for i in open_items if i.field is not None}
    for name in changed:
        v = findings.get(name)
        if v is None:
            continue
        carried = any(
            other in open_fields and w.rule == v.rule for other, w in findings.items() if other != name
        )
        if not carried:  # the value itself breaks a rule that no other open field explains: refuse it
            raise ReviewError(f"{name}: {v.reason}")
    after = ", ".join(changed)
    for item in open_items:
        f: FieldRow | None = item.field
        if f is None:
            continue
        v = findings.get(f.name)
        if v is None:
            if f.rule not in rules.recheckable:
                continue  # flagged for something values alone cannot settle (not on the page, unsure OCR)
            old = {"status": f.status, "rule": f.rule, "reason": f.reason}
            f.status, f.rule = "ok", None
            f.reason = (
                f"cleared by the rules after {user} changed {after} (was: {old['reason'] or old['status']})"
            )
            item.state, item.resolved_by, item.resolved_at = (
                ItemState.RESOLVED.value,
                user + RULES_USER_SUFFIX,
                utcnow(),
            )
            s.add(
                AuditRow(
                    who=user, document_id=doc.id, field=f.name, old=old, new=None, action="rules_cleared"
                )
            )
            out.cleared.append(f.name)
        elif (v.rule, v.reason) != (f.rule, f.reason) and (f.rule in rules.recheckable or f.status == "ok"):
            old = {"status": f.status, "rule": f.rule, "reason": f.reason}
            f.status, f.rule, f.reason = _status_text(v.status), v.rule, v.reason
            item.reason = v.reason
            new = {"status": f.status, "rule": f.rule, "reason": f.reason}
            s.add(
                AuditRow(
                    who=user, document_id=doc.id, field=f.name, old=old, new=new, action="rules_reasoned"
                )
            )
            out.reasoned.append(f.name)


def _as_text(value: Any) -> str:
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)
