"""The review queue on the store: open work grouped by document, one document or item with its context.

Reviewers think in documents, not in fields: the queue lists one row per document (open items counted by
reason, age of the oldest), sorted and paginated in the database session; a document's context lists its fields
with the flagged ones first. Decisions live in `pipeline.store.decisions` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from pipeline.store.contexts import DocumentContext, ItemContext, document_context, item_context
from pipeline.store.decisions import (
    ACTIONS,
    Decision,
    Outcome,
    ReviewError,
    StaleDecision,
    decide,
    resolve,
)
from pipeline.store.models import (
    DocumentRow,
    FieldRow,
    ItemKind,
    ItemState,
    ReviewItemRow,
    RunRow,
    utcnow,
)

__all__ = [
    "ACTIONS",
    "Decision",
    "DocumentContext",
    "DocumentEntry",
    "ItemContext",
    "Outcome",
    "QueueEntry",
    "QueueFilter",
    "QueuePage",
    "ReviewError",
    "StaleDecision",
    "decide",
    "document_context",
    "item_context",
    "list_documents",
    "list_queue",
    "neighbour_document",
    "neighbour_item",
    "open_count",
    "resolve",
]

VENDOR_FIELDS = ("vendor_name", "merchant")
SORTS = ("age", "items", "vendor", "document")
MAX_AGE_DAYS = 36_500  # a filter beyond a century is "everything", never an overflow


@dataclass
class QueueFilter:
    reason: str | None = None  # a field status (missing, invalid, ...) or "duplicate"
    status: str | None = None  # document status
    vendor: str | None = None  # substring of the vendor name, case-insensitive
    older_than_days: int | None = None
    state: str = ItemState.OPEN.value


@dataclass
class QueueEntry:
    """One review item (the per-field listing scripts and tests use)."""

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
class DocumentEntry:
    """One row of the queue page: a document and its open items."""

    document_id: int
    path: str
    status: str
    pages: int
    vendor: str | None
    items: int
    reasons: dict[str, int]
    oldest: datetime
    first_item_id: int

    @property
    def age(self) -> timedelta:
        return utcnow() - self.oldest

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class QueuePage:
    entries: list[DocumentEntry]
    documents: int  # matching documents in all pages
    items: int  # their open items
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.documents // self.per_page))


def _vendors(s, document_ids: list[int]) -> dict[int, str]:
    """Current vendor name per document, two queries for any number of documents."""
    out: dict[int, str] = {}
    for i in range(0, len(document_ids), 500):
        chunk = document_ids[i : i + 500]
        latest = dict(
            s.execute(
                select(RunRow.id, RunRow.document_id).where(
                    RunRow.id.in_(
                        select(func.max(RunRow.id))
                        .where(RunRow.document_id.in_(chunk))
                        .group_by(RunRow.document_id)
                    )
                )
            ).all()
        )
        for run_id, value in s.execute(
            select(FieldRow.run_id, FieldRow.value).where(
                FieldRow.run_id.in_(list(latest)), FieldRow.name.in_(VENDOR_FIELDS)
            )
        ):
            if value and latest[run_id] not in out:
                out[latest[run_id]] = str(value)
    return out


def _open_items_query(flt: QueueFilter):
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
        days = min(flt.older_than_days, MAX_AGE_DAYS)
        q = q.where(ReviewItemRow.created_at <= utcnow() - timedelta(days=days))
    return q


def list_queue(store, flt: QueueFilter, limit: int = 500) -> list[QueueEntry]:
    """Open items one by one, oldest first."""
    with store.session() as s:
        rows = s.execute(_open_items_query(flt)).all()
        vendors = _vendors(s, sorted({doc.id for _, doc, _ in rows}))
        entries: list[QueueEntry] = []
        for item, doc, frow in rows:
            vendor = vendors.get(doc.id)
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


def list_documents(
    store,
    flt: QueueFilter,
    sort: str = "age",
    descending: bool = False,
    page: int = 1,
    per_page: int = 25,
) -> QueuePage:
    """The queue page: documents with open items, sorted (age of the oldest item, open items, vendor, file
    name) and cut to one page."""
    with store.session() as s:
        rows = s.execute(_open_items_query(flt)).all()
        vendors = _vendors(s, sorted({doc.id for _, doc, _ in rows}))
        grouped: dict[int, DocumentEntry] = {}
        for item, doc, frow in rows:
            entry = grouped.get(doc.id)
            if entry is None:
                vendor = vendors.get(doc.id)
                if flt.vendor and flt.vendor.casefold() not in (vendor or "").casefold():
                    continue
                entry = grouped[doc.id] = DocumentEntry(
                    document_id=doc.id,
                    path=doc.path,
                    status=doc.status,
                    pages=doc.pages,
                    vendor=vendor,
                    items=0,
                    reasons={},
                    oldest=item.created_at,
                    first_item_id=item.id,
                )
            reason = frow.status if frow else item.kind
            entry.items += 1
            entry.reasons[reason] = entry.reasons.get(reason, 0) + 1
    keys = {
        "age": lambda e: (e.oldest, e.document_id),
        "items": lambda e: (e.items, e.document_id),
        "vendor": lambda e: ((e.vendor or "").casefold(), e.document_id),
        "document": lambda e: (e.name.casefold(), e.document_id),
    }
    ordered = sorted(grouped.values(), key=keys.get(sort, keys["age"]), reverse=descending)
    per_page = max(1, per_page)
    pages = max(1, -(-len(ordered) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return QueuePage(
        entries=ordered[start : start + per_page],
        documents=len(ordered),
        items=sum(e.items for e in ordered),
        page=page,
        per_page=per_page,
    )


def neighbour_item(store, item_id: int, direction: int, document_id: int | None = None) -> int | None:
    """The next (direction 1) or previous (-1) open item id, within one document when `document_id` is given;
    None at the ends."""
    with store.session() as s:
        col = ReviewItemRow.id
        q = select(col).where(ReviewItemRow.state == ItemState.OPEN.value)
        if document_id is not None:
            q = q.where(ReviewItemRow.document_id == document_id)
        q = (
            q.where(col > item_id).order_by(col)
            if direction > 0
            else q.where(col < item_id).order_by(col.desc())
        )
        return s.scalars(q.limit(1)).first()


def neighbour_document(store, document_id: int, direction: int) -> int | None:
    """The next / previous document (by id) that still has open items; None at the ends."""
    with store.session() as s:
        col = ReviewItemRow.document_id
        q = select(col).where(ReviewItemRow.state == ItemState.OPEN.value)
        q = (
            q.where(col > document_id).order_by(col)
            if direction > 0
            else q.where(col < document_id).order_by(col.desc())
        )
        return s.scalars(q.limit(1)).first()


def open_count(store) -> int:
    with store.session() as s:
        return (
            s.scalar(select(func.count(ReviewItemRow.id)).where(ReviewItemRow.state == ItemState.OPEN.value))
            or 0
        )
