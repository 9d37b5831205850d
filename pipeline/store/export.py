"""Exports of approved documents: `<out>/<stem>.json` (the output contract, reviewer values included) and CSVs.

The CSVs (`invoices.csv`, `line_items.csv`, ...) are written by `pipeline/store/csv_export.py`. A document's
export is recorded in the exports table, and the CSV itself is checked for the sha256 first, so a crash between
writing and recording cannot duplicate rows. A batch re-run checks its documents' exports (`export_missing`) and
writes again what is missing.

`export_documents` exports a chunk of approved documents in one transaction: four queries for the whole chunk
(documents, their current runs, those runs' fields, what was exported already), one CSV append per file, one
insert of the exports rows. `export_document` is the same for one document (the review page's approvals).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from pipeline.outputs import atomic_write_text, output_path
from pipeline.result import ExtractionResult
from pipeline.store.csv_export import CsvEntry, ExportError, append_csv_rows, csv_names, shas_now
from pipeline.store.locks import xact_lock
from pipeline.store.models import DocStatus, DocumentRow, ExportRow, FieldRow, RunRow, field_contract

__all__ = ["ExportError", "Exported", "Fresh", "export_approved", "export_document", "export_documents"]
log = logging.getLogger("docextract.store")
IN_CHUNK = 500  # ids per IN (...) list


@dataclass
class Exported:
    document_id: int
    sha256: str | None
    json_path: Path | None = None
    csv_rows: dict[str, int] = field(default_factory=dict)  # file name -> rows appended


@dataclass
class Fresh:
    """What a chunk's save has just committed for one document: its version then, its run, the run's stored
    output and its field rows as (name, value, contract). The export uses it instead of reading those rows
    back, as long as the document's version has not moved (every reviewer's decision and every new run moves
    it): the same content, without decoding a few dozen JSON cells per document."""

    version: int
    run_id: int
    stored: dict[str, Any]
    fields: list[tuple[str, Any, dict[str, Any]]]
    result: ExtractionResult | None = None  # the result itself, when the saver has it (nothing to rebuild)
    text: str | None = None  # and its `to_json()`


def result_from_rows(run: RunRow) -> ExtractionResult:
    """The output contract for a run, with reviewers' values and statuses in place of the machine's."""
    return result_from_fields(run.result, ((f.name, f.value, f.contract()) for f in run.fields))


def result_from_fields(
    stored: dict[str, Any], fields: Iterable[tuple[str, Any, dict[str, Any]]]
) -> ExtractionResult:
    """A run's stored output with its field rows' (name, value, contract) in place of the machine's."""
    base = dict(stored)
    data = dict(base.get("data") or {})
    contracts = dict(base.get("fields") or {})
    for name, value, contract in fields:
        if name in data:  # a flag that is not a schema field (document_type) never enters the data
            data[name] = value
        contracts[name] = contract
    base["data"], base["fields"] = data, contracts
    result = ExtractionResult.model_validate(base)
    result.refresh_review()
    return result


def _serialise(s: Session, document_ids: Sequence[int]) -> None:
    """A second exporter of a document waits for the first's commit, then finds it written. PostgreSQL:
    advisory locks, taken in id order (two exporters of overlapping chunks cannot deadlock). SQLite: its driver
    begins a transaction only at the first write, so two exporters would both read "not exported" and the
    second would fail on the exports table's unique key; a write that changes nothing (and leaves updated_at
    alone) takes SQLite's one write lock before anything is read."""
    if s.get_bind().dialect.name == "sqlite":
        touch = text("UPDATE documents SET version = version WHERE id IN :ids")
        s.execute(touch.bindparams(bindparam("ids", expanding=True)), {"ids": list(document_ids)})
    else:
        for doc_id in document_ids:
            xact_lock(s, f"export:{doc_id}")


def _load(s: Session, ids: list[int], target: str, fresh: dict[int, Fresh]):
    """The approved documents among `ids`, their current runs, those runs' fields, and their exports to
    `target`: four queries, whatever the number of documents (runs and fields only for documents without an
    unmoved `fresh` record)."""
    docs = s.execute(
        select(
            DocumentRow.id,
            DocumentRow.sha256,
            DocumentRow.path,
            DocumentRow.schema,
            DocumentRow.updated_at,
            DocumentRow.version,
        )
        .where(DocumentRow.id.in_(ids), DocumentRow.status == DocStatus.APPROVED.value)
        .order_by(DocumentRow.id)
    ).all()
    if not docs:
        return [], {}, {}, {}
    runs: dict[int, Any] = {}
    fields: dict[int, list[tuple[str, Any, dict[str, Any]]]] = {}
    for d in docs:
        if (known := fresh.get(d.id)) is not None and known.version == d.version:
            runs[d.id] = _Run(known.run_id, d.id, known.stored)
            fields[known.run_id] = known.fields
    doc_ids = [d.id for d in docs]
    read = [i for i in doc_ids if i not in runs]
    if read:
        current = select(func.max(RunRow.id)).where(RunRow.document_id.in_(read)).group_by(RunRow.document_id)
        query = select(RunRow.id, RunRow.document_id, RunRow.result).where(RunRow.id.in_(current))
        runs.update({r.document_id: r for r in s.execute(query)})
    read_runs = [r.id for i, r in runs.items() if i in read]
    for f in (
        []
        if not read_runs
        else s.execute(
            select(
                FieldRow.run_id,
                FieldRow.name,
                FieldRow.value,
                FieldRow.status,
                FieldRow.confidence,
                FieldRow.evidence,
                FieldRow.rule,
                FieldRow.reason,
                FieldRow.source,
                FieldRow.candidates,
            )
            .where(FieldRow.run_id.in_(read_runs))
            .order_by(FieldRow.id)
        )
    ):
        fields.setdefault(f.run_id, []).append((f.name, f.value, field_contract(f)))
    done = {
        (e.document_id, e.kind): e
        for e in s.execute(
            select(
                ExportRow.id, ExportRow.document_id, ExportRow.kind, ExportRow.run_id, ExportRow.path
            ).where(ExportRow.document_id.in_(doc_ids), ExportRow.target == target)
        )
    }
    return docs, runs, fields, done


@dataclass
class _Run:
    id: int
    document_id: int
    result: dict[str, Any]


def _export_chunk(
    s: Session, ids: list[int], out_dir: Path, recheck: bool, fresh: dict[int, Fresh] | None = None
) -> tuple[list[Exported], dict]:
    """Write what is missing of each document's export. `recheck`: look in the CSVs even when the exports
    table says the rows were written (a CSV restored from a backup or cut short by a full disk). Returns what
    was written and, per document id, the ExportError that refused its CSV rows."""
    from pipeline.einvoice.export import formats_on_approval, on_approval

    _serialise(s, ids)
    xml_formats = formats_on_approval()
    target = str(out_dir.resolve())
    docs, runs, fields, done = _load(s, ids, target, fresh or {})
    new_rows: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    outs: list[Exported] = []
    entries: list[CsvEntry] = []
    entry_ids: list[int] = []
    for doc in docs:
        run = runs.get(doc.id)
        if run is None:
            continue
        out = Exported(document_id=doc.id, sha256=doc.sha256)
        outs.append(out)
        known = (fresh or {}).get(doc.id)
        if (
            known is not None
            and known.result is not None
            and (known.version, known.run_id) == (doc.version, run.id)
        ):
            result, text = known.result, known.text
        else:
            result = result_from_fields(run.result, fields.get(run.id, []))
            text = None
        path = output_path(out_dir, Path(doc.path), doc.sha256 or "")
        json_row = done.get((doc.id, "json"))
        if json_row is None or json_row.run_id != run.id or not Path(json_row.path).exists():
            atomic_write_text(path, (result.to_json() if text is None else text) + "\n", shareable=True)
            out.json_path = path
            if json_row is None:
                new_rows.append({"document_id": doc.id, "run_id": run.id, "kind": "json", "path": str(path)})
            else:
                moved.append({"row_id": json_row.id, "run_id": run.id, "path": str(path)})
        # DOCEXTRACT_EINVOICE_EXPORT=cii|ubl: the e-invoice XML beside the JSON
        on_approval(result.data, doc.schema, out_dir, path.stem, xml_formats)
        if (doc.id, "csv") not in done or recheck:
            entries.append(CsvEntry(doc.sha256, doc.path, doc.schema, result.data, doc.updated_at))
            entry_ids.append(doc.id)
    written, refused = append_csv_rows(entries, out_dir)
    by_id = {o.document_id: o for o in outs}
    refused_ids = {entry_ids[index]: exc for index, exc in refused.items()}
    for index, doc_id in enumerate(entry_ids):
        by_id[doc_id].csv_rows = written[index]
    for doc in docs:
        if doc.id in by_id and (doc.id, "csv") not in done and doc.id not in refused_ids:
            new_rows.append(
                {
                    "document_id": doc.id,
                    "run_id": runs[doc.id].id,
                    "kind": "csv",
                    "path": csv_names(doc.schema)[0],
                }
            )
    if new_rows:
        s.execute(insert(ExportRow), [{**row, "target": target} for row in new_rows])
    if moved:
        s.execute(
            update(ExportRow.__table__)
            .where(ExportRow.id == bindparam("row_id"))
            .values(run_id=bindparam("run_id"), path=bindparam("path")),
            moved,
        )
    return [o for o in outs if o.json_path or o.csv_rows], refused_ids


def export_documents(
    store,
    document_ids: Sequence[int],
    out_dir: Path | str,
    recheck: bool = False,
    fresh: dict[int, Fresh] | None = None,
) -> list[Exported]:
    """Export approved documents (those not approved, or already exported to `out_dir`, are skipped), one
    transaction per IN_CHUNK of them. A document whose CSV rows are refused (an existing CSV with other
    columns) is logged and left unrecorded; the others are exported. `fresh`: what the caller has just
    committed for some of them (see `Fresh`)."""
    ids = sorted(set(document_ids))
    if not ids:
        return []  # nothing to export: no folder is created
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    exported: list[Exported] = []
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i : i + IN_CHUNK]
        written, refused = store.transaction(
            "export documents", lambda s, chunk=chunk: _export_chunk(s, chunk, out, recheck, fresh)
        )
        exported += written
        for doc_id, exc in refused.items():
            log.error("export of document %s to %s refused: %s", doc_id, out, exc)
    return exported


def export_document(store, document_id: int, out_dir: Path | str, recheck: bool = False) -> Exported | None:
    """Export one approved document (None when it is not approved or already exported to `out_dir`); raises
    ExportError when its CSV rows cannot be written there."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, refused = store.transaction(
        "export a document", lambda s: _export_chunk(s, [document_id], out, recheck)
    )
    if refused:
        raise refused[document_id]
    return written[0] if written else None


def export_approved(store, out_dir: Path | str, since: datetime | None = None) -> list[Exported]:
    """Export every approved document not yet exported to `out_dir` (approved since `since`, if given)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with store.session() as s:
        query = select(DocumentRow.id).where(DocumentRow.status == DocStatus.APPROVED.value)
        if since is not None:
            query = query.where(DocumentRow.updated_at >= since)
        ids = list(s.scalars(query.order_by(DocumentRow.id)))
    return export_documents(store, ids, out)


def missing_exports(store, out_dir: Path | str, sha256s: Sequence[str]) -> list[int]:
    """Approved documents among `sha256s` whose export to `out_dir` is incomplete: never recorded, its JSON
    file gone, or its row missing from the CSV (an export a full disk cut short). Cheap enough for every
    re-run: one query per 500 documents and one read of each CSV."""
    out = Path(out_dir)
    target = str(out.resolve())
    csv_shas: dict[str, set[str]] = {}
    missing: list[int] = []
    with store.session() as s:
        for i in range(0, len(sha256s), 500):
            docs = s.execute(
                select(DocumentRow.id, DocumentRow.sha256, DocumentRow.schema).where(
                    DocumentRow.sha256.in_(list(sha256s[i : i + 500])),
                    DocumentRow.status == DocStatus.APPROVED.value,
                )
            ).all()
            if not docs:
                continue
            exports: dict[tuple[int, str], str] = {
                (doc_id, kind): path
                for doc_id, kind, path in s.execute(
                    select(ExportRow.document_id, ExportRow.kind, ExportRow.path).where(
                        ExportRow.target == target, ExportRow.document_id.in_([d.id for d in docs])
                    )
                )
            }
            for doc_id, sha, schema in docs:
                json_path = exports.get((doc_id, "json"))
                main = csv_names(schema)[0]
                if main not in csv_shas:
                    csv_shas[main] = shas_now(out, main)
                if (
                    json_path is None
                    or not Path(json_path).exists()
                    or (doc_id, "csv") not in exports
                    or sha not in csv_shas[main]
                ):
                    missing.append(doc_id)
    return missing


def export_missing(store, out_dir: Path | str, sha256s: Sequence[str]) -> list[Exported]:
    """Write again whatever `missing_exports` finds (exports are idempotent: nothing is written twice)."""
    return export_documents(store, missing_exports(store, out_dir, sha256s), out_dir, recheck=True)
