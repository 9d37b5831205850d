"""What one review page shows, read in one session: a document with its fields (flagged first), or one item
with its field, its document's values and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from pipeline.store.lifecycle import current_run, effective_data
from pipeline.store.models import AuditRow, DocumentRow, FieldRow, ItemKind, ItemState, ReviewItemRow


def _field_dict(f: FieldRow) -> dict[str, Any]:
    return {"id": f.id, "name": f.name, "value": f.value, **f.contract()}


def _history(s, doc_id: int) -> list[dict[str, Any]]:
    return [
        {"at": a.at, "who": a.who, "field": a.field, "old": a.old, "new": a.new, "action": a.action}
        for a in s.scalars(select(AuditRow).where(AuditRow.document_id == doc_id).order_by(AuditRow.id))
    ]


@dataclass
class DocumentContext:
    """All a document page shows: its fields (flagged first), their open items, pages and history."""

    document_id: int
    version: int
    sha256: str | None
    path: str
    status: str
    schema: str | None
    pages: int
    fields: list[dict[str, Any]]  # flagged (with an open item) first, then the rest in schema order
    open_items: dict[str, int]  # field name -> open item id
    duplicate_item: int | None
    duplicate_of: dict[str, Any] | None
    data: dict[str, Any]
    pipeline: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged(self) -> list[dict[str, Any]]:
        return [f for f in self.fields if f["name"] in self.open_items]


def document_context(store, document_id: int) -> DocumentContext | None:
    with store.session() as s:
        doc = s.get(DocumentRow, document_id)
        if doc is None:
            return None
        run = current_run(s, doc)
        items = list(
            s.scalars(
                select(ReviewItemRow)
                .where(ReviewItemRow.document_id == doc.id, ReviewItemRow.state == ItemState.OPEN.value)
                .order_by(ReviewItemRow.id)
            )
        )
        open_items = {i.field.name: i.id for i in items if i.field is not None}
        dup_item = next((i.id for i in items if i.kind == ItemKind.DUPLICATE.value), None)
        fields = [_field_dict(f) for f in run.fields] if run else []
        fields.sort(key=lambda f: 0 if f["name"] in open_items else 1)  # stable: schema order within
        dup = s.get(DocumentRow, doc.duplicate_of_id) if doc.duplicate_of_id else None
        return DocumentContext(
            document_id=doc.id,
            version=doc.version,
            sha256=doc.sha256,
            path=doc.path,
            status=doc.status,
            schema=doc.schema,
            pages=doc.pages,
            fields=fields,
            open_items=open_items,
            duplicate_item=dup_item,
            duplicate_of={"id": dup.id, "path": dup.path, "sha256": dup.sha256} if dup else None,
            data=effective_data(run) if run else {},
            pipeline=dict(run.result.get("pipeline") or {}) if run else {},
            history=_history(s, doc.id),
        )


@dataclass
class ItemContext:
    """All an item page shows: the item, its field, its document and the document's current values."""

    item_id: int
    state: str
    kind: str
    reason: str
    resolved_by: str | None
    document_id: int
    version: int
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


def item_context(store, item_id: int) -> ItemContext | None:
    with store.session() as s:
        item = s.get(ReviewItemRow, item_id)
        if item is None:
            return None
        doc = item.document
        run = current_run(s, doc)
        fields = {f.name: _field_dict(f) for f in run.fields} if run else {}
        dup = s.get(DocumentRow, doc.duplicate_of_id) if doc.duplicate_of_id else None
        return ItemContext(
            item_id=item.id,
            state=item.state,
            kind=item.kind,
            reason=item.reason,
            resolved_by=item.resolved_by,
            document_id=doc.id,
            version=doc.version,
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
            history=_history(s, doc.id),
        )
