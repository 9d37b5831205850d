"""How a document moves between statuses, shared by the pipeline side (save_result) and the review side.

A document is `approved` when none of its review items is open; before that happens it is checked against the
approved documents for the same vendor + invoice number + total, and a match makes it a `duplicate` with a
review item naming the earlier document. Everything here works inside the caller's transaction.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.locks import xact_lock
from pipeline.store.models import DocStatus, DocumentRow, ItemKind, ItemState, ReviewItemRow, RunRow

DEDUPE_FIELDS = ("vendor_name", "invoice_number", "total")  # canonical names (schemas.canonical_map)


def current_run(session: Session, doc: DocumentRow) -> RunRow | None:
    return session.scalars(
        select(RunRow).where(RunRow.document_id == doc.id).order_by(RunRow.id.desc()).limit(1)
    ).first()


def effective_data(run: RunRow) -> dict[str, Any]:
    """Field name -> current value (machine value, or the reviewer's when a reviewer decided)."""
    return {f.name: f.value for f in run.fields}


def canonical_names(schema: str | None) -> dict[str, str]:
    try:
        from schemas import canonical_map, load_schema

        return canonical_map(load_schema(schema or "invoice"))
    except Exception:  # a custom schema that is not importable here: fall back to the canonical names
        return {name: name for name in DEDUPE_FIELDS}


def _norm_text(value: Any) -> str:
    return re.sub(r"[\W_]+", "", str(value)).casefold()


def dedupe_key(schema: str | None, data: dict[str, Any]) -> str | None:
    """Normalised "vendor|number|total", or None when any of the three is unknown (then no duplicate check)."""
    names = canonical_names(schema)
    values = [data.get(names.get(key, key)) for key in DEDUPE_FIELDS]
    if any(v in (None, "") for v in values):
        return None
    vendor, number, total = values
    try:
        amount = Decimal(str(total)).normalize()
    except InvalidOperation:
        return None
    vendor_n, number_n = _norm_text(vendor), _norm_text(number).upper()
    if not vendor_n or not number_n:
        return None
    return f"{vendor_n}|{number_n}|{amount}"[:500]


def open_items(session: Session, doc: DocumentRow) -> list[ReviewItemRow]:
    return list(
        session.scalars(
            select(ReviewItemRow).where(
                ReviewItemRow.document_id == doc.id, ReviewItemRow.state == ItemState.OPEN.value
            )
        )
    )


def reviewer_cleared_duplicate(session: Session, doc: DocumentRow) -> bool:
    """A reviewer already said "not a duplicate" (resolved duplicate item and no duplicate_of left)."""
    if doc.duplicate_of_id is not None:
        return False
    return (
        session.scalars(
            select(ReviewItemRow.id).where(
                ReviewItemRow.document_id == doc.id,
                ReviewItemRow.kind == ItemKind.DUPLICATE.value,
                ReviewItemRow.state == ItemState.RESOLVED.value,
            )
        ).first()
        is not None
    )


def settle(session: Session, doc: DocumentRow) -> bool:
    """Recompute `doc.status`; returns True when the document has just become approved (so it gets exported)."""
    was = doc.status
    if open_items(session, doc):
        has_open_dup = any(i.kind == ItemKind.DUPLICATE.value for i in open_items(session, doc))
        doc.status = DocStatus.DUPLICATE.value if has_open_dup else DocStatus.NEEDS_REVIEW.value
        return False
    if doc.duplicate_of_id is not None:  # a reviewer confirmed it is a duplicate: it stays out of the exports
        doc.status = DocStatus.DUPLICATE.value
        return False
    run = current_run(session, doc)
    if run is None:
        return False
    key = dedupe_key(doc.schema, effective_data(run))
    doc.dedupe_key = key
    if key is not None:  # PostgreSQL: two workers approving copies of one invoice at once see each other
        xact_lock(session, f"dedupe:{key}")
    if key is not None and not reviewer_cleared_duplicate(session, doc):
        original = session.scalars(
            select(DocumentRow)
            .where(
                DocumentRow.dedupe_key == key,
                DocumentRow.status == DocStatus.APPROVED.value,
                DocumentRow.id != doc.id,
            )
            .order_by(DocumentRow.id)
            .limit(1)
        ).first()
        if original is not None:
            doc.duplicate_of_id = original.id
            doc.status = DocStatus.DUPLICATE.value
            session.add(
                ReviewItemRow(
                    document_id=doc.id,
                    field_id=None,
                    kind=ItemKind.DUPLICATE.value,
                    reason=(
                        f"possible duplicate of document #{original.id} ({original.path}, sha256 "
                        f"{(original.sha256 or '')[:12]}…): same vendor, invoice number and total"
                    ),
                )
            )
            return False
    doc.status = DocStatus.APPROVED.value
    return was != DocStatus.APPROVED.value
