"""Saving a chunk of results in one transaction, with bulk inserts instead of one ORM object per row.

A document the store has never seen (the common case: a new batch) takes the fast path: its document, run,
field and review-item rows go in with one multi-row INSERT per table for the whole chunk, and its status is
decided here with the same rules as `lifecycle.settle` (open items → needs_review; else the duplicate check on
vendor + invoice number + total against approved documents and the chunk's earlier documents → duplicate or
approved). Anything else (a new fingerprint for known bytes, which inherits reviewers' decisions; the same
bytes twice in one chunk) goes through the per-document ORM path `sql._save_result`, in the same transaction.

Why it is safe: the documents' INSERT comes first, so on SQLite the transaction holds the one write lock before
the duplicate check reads anything (no other run can approve a copy in between); on PostgreSQL the dedupe keys
are advisory-locked in sorted order before the check, as `settle` does for one key. A sha256 another run
inserted meanwhile makes the INSERT fail on the unique key, and the caller saves that chunk one by one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pipeline.result import ExtractionResult
from pipeline.store.db import json_loads
from pipeline.store.export import Fresh
from pipeline.store.lifecycle import dedupe_key
from pipeline.store.locks import xact_lock
from pipeline.store.models import (
    DocStatus,
    DocumentRow,
    FieldRow,
    ItemKind,
    ItemState,
    ReviewItemRow,
    RunRow,
    field_contract,
)

IN_CHUNK = 500  # sha256s per IN (...) list


def _field_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field of the output contract, and per data key without a field entry (as `ok`)."""
    data, fields = payload["data"], payload["fields"]
    names = list(fields) + [n for n in data if n not in fields]
    rows = []
    for name in names:
        fr = fields.get(name) or {"status": "ok", "confidence": 1.0}
        rows.append(
            {
                "name": name,
                "value": data.get(name),
                "status": fr["status"],
                "confidence": float(fr.get("confidence") or 0.0),
                "evidence": fr.get("evidence"),
                "rule": fr.get("rule"),
                "reason": fr.get("reason"),
                "source": fr.get("source"),
                "candidates": fr.get("candidates") or [],
            }
        )
    return rows


def _fresh(
    run_id: int, payload: dict[str, Any], rows: list[dict[str, Any]], result: ExtractionResult, text: str
) -> Fresh:
    """What the export needs of a just-saved document: the result itself (and its JSON text) when it is its own
    rebuild, else the rows to rebuild it from."""
    if (same := _as_rebuilt(result)) is not None:
        return Fresh(1, run_id, payload, [], same, text)
    return Fresh(1, run_id, payload, [(f["name"], f["value"], field_contract(f)) for f in rows])


def _as_rebuilt(result: ExtractionResult) -> ExtractionResult | None:
    """The result itself when the export's rebuild from its rows would give the same (every data key has its
    field entry, and `review` lists the flagged fields in order): the export then skips the rebuild."""
    if any(name not in result.fields for name in result.data):
        return None
    if result.review != result.flagged():
        return None
    return result


def _known(s: Session, shas: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(shas), IN_CHUNK):
        found.update(
            s.scalars(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(shas[i : i + IN_CHUNK])))
        )
    return found


def save_chunk(
    s: Session,
    results: Sequence[ExtractionResult],
    fingerprint: str,
    export_dir: str | None,
    texts: Sequence[str] | None = None,
) -> tuple[list[str], list[int], dict[int, Fresh]]:
    """Store every result; returns each one's document status (in order), the ids of the documents that are
    approved now (to export after the commit) and, for the new ones among them, what was written (`Fresh`).
    `texts`: each result's `to_json()` where the caller has it (read back instead of serialising again)."""
    from pipeline.store.sql import _save_result, needs_review

    known = _known(s, [r.document.sha256 for r in results])
    fast: list[int] = []
    for index, result in enumerate(results):
        if result.document.sha256 not in known:
            known.add(result.document.sha256)  # a second copy in this chunk takes the per-document path
            fast.append(index)
    statuses: list[str] = [""] * len(results)
    approved: list[int] = []
    fresh: dict[int, Fresh] = {}
    if fast:
        statuses_fast, fresh = _save_new(
            s,
            [results[i] for i in fast],
            [texts[i] if texts is not None else results[i].to_json() for i in fast],
            fingerprint,
            export_dir,
            needs_review,
        )
        approved = list(fresh)
        for i, status in zip(fast, statuses_fast, strict=True):
            statuses[i] = status
    for index, result in enumerate(results):
        if not statuses[index]:
            status, doc_id = _save_result(s, result, fingerprint, export_dir)
            statuses[index] = status
            if doc_id is not None:
                approved.append(doc_id)
    return statuses, approved, fresh


def _save_new(
    s: Session,
    results: list[ExtractionResult],
    texts: list[str],
    fingerprint: str,
    export_dir: str | None,
    needs_review,
) -> tuple[list[str], dict[int, Fresh]]:
    """The chunk's new documents; returns their statuses and, for the approved ones, what was written. The
    stored output is each result's JSON text read back (`db.json_loads`, which keeps an integer past 64 bits):
    the same content as `model_dump(mode="json")` at a fraction of the cost, and the text itself serves the
    export and the output file."""
    payloads = [json_loads(t) for t in texts]
    fields = [_field_rows(p) for p in payloads]
    flagged = [any(needs_review(f["status"]) for f in rows) for rows in fields]
    paths = [os.path.abspath(r.document.path) for r in results]
    keys = [
        None if flag else dedupe_key(r.schema_, p["data"])
        for r, p, flag in zip(results, payloads, flagged, strict=True)
    ]
    doc_ids = list(
        s.scalars(
            insert(DocumentRow).returning(DocumentRow.id, sort_by_parameter_order=True),
            [
                {
                    "sha256": r.document.sha256,
                    "path": path,  # absolute: the review server may start anywhere
                    "status": DocStatus.PROCESSING.value,
                    "pages": r.document.pages,
                    "schema": r.schema_,
                    "error": None,
                    "version": 1,
                    "export_dir": export_dir,
                }
                for r, path in zip(results, paths, strict=True)
            ],
        )
    )
    run_ids = list(
        s.scalars(
            insert(RunRow).returning(RunRow.id, sort_by_parameter_order=True),
            [
                {
                    "document_id": doc_id,
                    "fingerprint": fingerprint,
                    "pipeline_version": str(r.pipeline.get("version") or "") or None,
                    "result": p,
                }
                for doc_id, r, p in zip(doc_ids, results, payloads, strict=True)
            ],
        )
    )
    _insert_fields(s, doc_ids, run_ids, fields, needs_review)
    shas = [r.document.sha256 for r in results]
    statuses, duplicates = _settle_new(s, list(zip(doc_ids, paths, shas, strict=True)), keys, flagged)
    if duplicates:
        s.execute(
            insert(ReviewItemRow),
            [
                {
                    "document_id": doc_id,
                    "field_id": None,
                    "kind": ItemKind.DUPLICATE.value,
                    "state": ItemState.OPEN.value,
                    "reason": (
                        f"possible duplicate of document #{original.id} ({original.path}, sha256 "
                        f"{(original.sha256 or '')[:12]}…): same vendor, invoice number and total"
                    ),
                }
                for doc_id, original in duplicates.items()
            ],
        )
    s.execute(
        update(DocumentRow.__table__)
        .where(DocumentRow.id == bindparam("doc_id"))
        .values(
            status=bindparam("new_status"),
            dedupe_key=bindparam("key"),
            duplicate_of_id=bindparam("original"),
        ),
        [
            {
                "doc_id": doc_id,
                "new_status": status,
                "key": key,
                "original": duplicates[doc_id].id if doc_id in duplicates else None,
            }
            for doc_id, status, key in zip(doc_ids, statuses, keys, strict=True)
        ],
    )
    fresh = {
        doc_id: _fresh(run_id, payload, rows, result, text)
        for doc_id, run_id, payload, rows, status, result, text in zip(
            doc_ids, run_ids, payloads, fields, statuses, results, texts, strict=True
        )
        if status == DocStatus.APPROVED.value
    }
    return statuses, fresh


def _insert_fields(s: Session, doc_ids: list[int], run_ids: list[int], fields, needs_review) -> None:
    """All field rows of the chunk in one statement, in the order the per-document path gives them (ids in
    schema order: `run.fields` and the exports read them so). Review items need the flagged fields' ids, so a
    chunk with flags inserts with RETURNING; a clean one (the common case) needs no ids back."""
    rows: list[dict[str, Any]] = []
    owners: list[int] = []
    for doc_id, run_id, doc_rows in zip(doc_ids, run_ids, fields, strict=True):
        for row in doc_rows:
            row["run_id"] = run_id
            rows.append(row)
            owners.append(doc_id)
    flagged = [i for i, row in enumerate(rows) if needs_review(row["status"])]
    if not flagged:
        s.execute(insert(FieldRow.__table__), rows)
        return
    field_ids = list(s.scalars(insert(FieldRow).returning(FieldRow.id, sort_by_parameter_order=True), rows))
    s.execute(
        insert(ReviewItemRow),
        [
            {
                "document_id": owners[i],
                "field_id": field_ids[i],
                "kind": ItemKind.FIELD.value,
                "state": ItemState.OPEN.value,
                "reason": rows[i]["reason"] or rows[i]["status"],
            }
            for i in flagged
        ],
    )


def _settle_new(
    s: Session, docs: list[tuple[int, str, str]], keys: list[str | None], flagged: list[bool]
) -> tuple[list[str], dict[int, Any]]:
    """Each new document's status, and the duplicates (document id -> the approved original's row): a copy of
    an approved document, or of an earlier document of this chunk that is approved here."""
    wanted = sorted({k for k in keys if k is not None})
    for key in wanted:  # PostgreSQL: a worker approving a copy at the same moment waits, then sees ours
        xact_lock(s, f"dedupe:{key}")
    originals: dict[str, Any] = {}
    for i in range(0, len(wanted), IN_CHUNK):
        for row in s.execute(
            select(DocumentRow.id, DocumentRow.path, DocumentRow.sha256, DocumentRow.dedupe_key)
            .where(
                DocumentRow.dedupe_key.in_(wanted[i : i + IN_CHUNK]),
                DocumentRow.status == DocStatus.APPROVED.value,
            )
            .order_by(DocumentRow.id)
        ):
            originals.setdefault(row.dedupe_key, row)
    statuses: list[str] = []
    duplicates: dict[int, Any] = {}
    for (doc_id, path, sha), key, flag in zip(docs, keys, flagged, strict=True):
        if flag:
            statuses.append(DocStatus.NEEDS_REVIEW.value)
        elif key is not None and key in originals:
            duplicates[doc_id] = originals[key]
            statuses.append(DocStatus.DUPLICATE.value)
        else:
            if key is not None:  # later copies in this chunk are duplicates of this one
                originals[key] = _Original(doc_id, path, sha)
            statuses.append(DocStatus.APPROVED.value)
    return statuses, duplicates


class _Original:
    """The approved document a duplicate points to (a row of this chunk, before it is committed)."""

    def __init__(self, id: int, path: str, sha256: str | None) -> None:
        self.id, self.path, self.sha256 = id, path, sha256
