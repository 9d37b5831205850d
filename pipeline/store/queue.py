"""The review queue on the store: listing open items, reading one with its context, and applying a decision.

Every decision is one transaction: the field gets the reviewer's value (source "review"), the item is resolved,
the audit log gets a row, and the document is settled (approved and exported when its last item closes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store.lifecycle import current_run, effective_data, settle
from pipeline.store.models import (
    AuditRow,
    DocumentRow,
    FieldRow,
    ItemKind,
    ItemState,
    ReviewItemRow,
    utcnow,
)

ACTIONS = ("accept", "correct", "not_present", "confirm_duplicate")


class ReviewError(ValueError):
    """A decision that cannot be applied (item gone or already resolved, invalid value); the message is shown."""


@dataclass
class QueueFilter:
    reason: str | None = None  # a field status (missing, invalid, ...) or "duplicate"
    status: str | None = None  # document status
    vendor: str | None = None  # substring of the vendor name, case-insensitive
    older_than_days: int | None = None
    state: str = ItemState.OPEN.value


@dataclass
class QueueEntry:
    item_id: int
    document_id: int
    path: str
    document_status: str
    kind: str
    field: str | None
    field_status: str | None
    reason: str
    vendor: str | None
    created_at: datetime

    @property
    def age(self) -> timedelta:
        return utcnow() - self.created_at


@dataclass
class ItemContext:
    """All an item page shows: the item, its field, its document and the document's current values."""

    item_id: int
    state: str
    kind: str
    reason: str
    resolved_by: str | None
    document_id: int
    sha256: str | None
    path: str
    document_status: str
    schema: str | None
    pages: int
    field: dict[str, Any] | None
    data: dict[str, Any]
    fields: dict[str, dict[str, Any]]
    pipeline: dict[str, Any]
    duplicate_of: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


def _vendor(data: dict[str, Any]) -> str | None:
    for name in ("vendor_name", "merchant"):
        if data.get(name):
            return str(data[name])
    return None


def list_queue(store, flt: QueueFilter, limit: int = 500) -> list[QueueEntry]:
    with store.session() as s:
        q = (
            select(ReviewItemRow, DocumentRow, FieldRow)
            .join(DocumentRow, ReviewItemRow.document_id == DocumentRow.id)
            .outerjoin(FieldRow, ReviewItemRow.field_id == FieldRow.id)
            .where(ReviewItemRow.state == flt.state)
            .order_by(ReviewItemRow.created_at, ReviewItemRow.id)
        )
        if flt.status:
            q = q.where(DocumentRow.status == flt.status)
        if flt.reason == ItemKind.DUPLICATE.value:
            q = q.where(ReviewItemRow.kind == ItemKind.DUPLICATE.value)
        elif flt.reason:
            q = q.where(FieldRow.status == flt.reason)
        if flt.older_than_days:
            q = q.where(ReviewItemRow.created_at <= utcnow() - timedelta(days=flt.older_than_days))
        entries: list[QueueEntry] = []
        data_cache: dict[int, dict[str, Any]] = {}
        for item, doc, frow in s.execute(q):
            if doc.id not in data_cache:
                run = current_run(s, doc)
                data_cache[doc.id] = effective_data(run) if run else {}
            vendor = _vendor(data_cache[doc.id])
            if flt.vendor and flt.vendor.casefold() not in (vendor or "").casefold():
                continue
            entries.append(
                QueueEntry(
                    item_id=item.id,
                    document_id=doc.id,
                    path=doc.path,
                    document_status=doc.status,
                    kind=item.kind,
                    field=frow.name if frow else None,
                    field_status=frow.status if frow else None,
                    reason=item.reason,
                    vendor=vendor,
                    created_at=item.created_at,
                )
            )
            if len(entries) >= limit:
                break
        return entries


def _field_dict(f: FieldRow) -> dict[str, Any]:
    return {"id": f.id, "name": f.name, "value": f.value, **f.contract()}


def item_context(store, item_id: int) -> ItemContext | None:
    with store.session() as s:
        item = s.get(ReviewItemRow, item_id)
        if item is None:
            return None
        doc = item.document
        run = current_run(s, doc)
        fields = {f.name: _field_dict(f) for f in run.fields} if run else {}
        dup = s.get(DocumentRow, doc.duplicate_of_id) if doc.duplicate_of_id else None
        history = [
            {"at": a.at, "who": a.who, "field": a.field, "old": a.old, "new": a.new, "action": a.action}
            for a in s.scalars(select(AuditRow).where(AuditRow.document_id == doc.id).order_by(AuditRow.id))
        ]
        return ItemContext(
            item_id=item.id,
            state=item.state,
            kind=item.kind,
            reason=item.reason,
            resolved_by=item.resolved_by,
            document_id=doc.id,
            sha256=doc.sha256,
            path=doc.path,
            document_status=doc.status,
            schema=doc.schema,
            pages=doc.pages,
            field=_field_dict(item.field) if item.field else None,
            data=effective_data(run) if run else {},
            fields=fields,
            pipeline=dict(run.result.get("pipeline") or {}) if run else {},
            duplicate_of={"id": dup.id, "path": dup.path, "sha256": dup.sha256} if dup else None,
            history=history,
        )


def neighbour_item(store, item_id: int, direction: int) -> int | None:
    """The next (direction 1) or previous (-1) open item id in queue order, wrapping to None at the ends."""
    with store.session() as s:
        col = ReviewItemRow.id
        q = select(col).where(ReviewItemRow.state == ItemState.OPEN.value)
        q = (
            q.where(col > item_id).order_by(col)
            if direction > 0
            else q.where(col < item_id).order_by(col.desc())
        )
        return s.scalars(q.limit(1)).first()


def open_count(store) -> int:
    with store.session() as s:
        return (
            s.scalar(select(func.count(ReviewItemRow.id)).where(ReviewItemRow.state == ItemState.OPEN.value))
            or 0
        )


def resolve(
    store,
    item_id: int,
    user: str,
    action: str,
    value: Any = None,
    check: Callable[[str, dict[str, Any], Any], Any] | None = None,
) -> str:
    """Apply a reviewer's decision; returns the document's new status. For a correction, `check(field, data,
    value)` returns the value to store (normalised) or raises ReviewError to refuse it; it sees the document's
    other current values, read in the same transaction."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}")

    def work(s: Session) -> tuple[str, int | None]:
        item = s.get(ReviewItemRow, item_id)
        if item is None:
            raise ReviewError(f"review item {item_id} does not exist")
        if item.state != ItemState.OPEN.value:
            raise ReviewError(
                f"review item {item_id} is already {item.state} (by {item.resolved_by or 'the system'})"
            )
        doc = item.document
        if item.kind == ItemKind.DUPLICATE.value:
            _decide_duplicate(s, item, doc, user, action)
        else:
            _decide_field(s, item, doc, user, action, value, check)
        item.state, item.resolved_by, item.resolved_at = ItemState.RESOLVED.value, user, utcnow()
        s.flush()
        approved = settle(s, doc)
        return doc.status, (doc.id if approved else None)

    status, approved_id = store.transaction("save a review decision", work)
    if approved_id is not None:
        store.after_approval(approved_id)
    return status


def _decide_duplicate(s: Session, item: ReviewItemRow, doc: DocumentRow, user: str, action: str) -> None:
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
    check: Callable[[str, dict[str, Any], Any], Any] | None,
) -> None:
    f = item.field
    if f is None:
        raise ReviewError(f"review item {item.id} has no field")
    if action == "confirm_duplicate":
        raise ReviewError("confirm_duplicate applies to duplicate items only")
    old = f.value
    when = datetime.now(UTC).date().isoformat()
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
        f.reason = f"not present on the document ({user}, {when})"
    else:  # accept
        f.reason = f"accepted by {user} on {when} (was {f.status}: {f.reason or '-'})"
    f.status, f.rule, f.source = "ok", None, "review"
    s.add(AuditRow(who=user, document_id=doc.id, field=f.name, old=old, new=f.value, action=action))


def _as_text(value: Any) -> str:
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)
