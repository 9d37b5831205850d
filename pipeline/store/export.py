"""Exports of approved documents: `<out>/<stem>.json` (the output contract, reviewer values included) and CSVs.

`invoices.csv` has one row per approved invoice, `line_items.csv` one per line (with the invoice's sha256 and
number); other schemas get `<schema>s.csv` / `<schema>_items.csv`. A document's rows are written once: the
exports table records it, and the CSV itself is checked for the sha256 first, so a crash between writing and
recording cannot duplicate rows, and rows cut short by a full disk are truncated away. A batch re-run checks
its documents' exports (`export_missing`) and writes again what is missing. Text cells that a spreadsheet would
run as a formula are defused.

The CSV check must not cost a read of the whole file per document (a batch of n approvals would read n²/2 rows):
each process keeps, per CSV, the sha256s it has seen and how far it has read (`_Ledger`). Under the export lock
it reads only what other processes appended since, and reads the file again from the start whenever it was
replaced, cut shorter, changed without growing, or its last bytes read are no longer the same. A re-run's check
(`missing_exports`) always reads each CSV whole, once, so an edit the ledger could not see is found there.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pipeline.errors import DocExtractError
from pipeline.outputs import atomic_write_text, output_path
from pipeline.result import ExtractionResult
from pipeline.store.lifecycle import current_run
from pipeline.store.locks import xact_lock
from pipeline.store.models import DocStatus, DocumentRow, ExportRow, RunRow

CSV_NAMES = {"invoice": ("invoices.csv", "line_items.csv"), "receipt": ("receipts.csv", "receipt_items.csv")}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(DocExtractError):
    """An export that cannot be written as asked (e.g. an existing CSV with other columns)."""


@dataclass
class Exported:
    document_id: int
    sha256: str | None
    json_path: Path | None = None
    csv_rows: dict[str, int] = field(default_factory=dict)  # file name -> rows appended


def result_from_rows(run: RunRow) -> ExtractionResult:
    """The output contract for a run, with reviewers' values and statuses in place of the machine's."""
    base = dict(run.result)
    data = dict(base.get("data") or {})
    fields = dict(base.get("fields") or {})
    for f in run.fields:
        if f.name in data:  # a flag that is not a schema field (document_type) never enters the data
            data[f.name] = f.value
        fields[f.name] = f.contract()
    base["data"], base["fields"] = data, fields
    result = ExtractionResult.model_validate(base)
    result.refresh_review()
    return result


def defuse(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe; numbers (also negative) stay as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        Decimal(value)
        return value
    except InvalidOperation:
        return "'" + value


def csv_names(schema: str | None) -> tuple[str, str]:
    name = (schema or "invoice").rsplit(":", 1)[-1].rsplit(".", 1)[-1].lower()
    return CSV_NAMES.get(name, (f"{name}s.csv", f"{name}_items.csv"))


def _columns(schema: str | None, data: dict[str, Any]) -> tuple[list[str], str | None]:
    """Scalar field names in schema order, and the name of the list-of-items field (if any)."""
    try:
        from schemas import load_schema

        names = list(load_schema(schema or "invoice").model_fields)
    except Exception:
        names = list(data)
    lists = [n for n in names if isinstance(data.get(n), list)]
    scalars = [n for n in names if n not in lists]
    return scalars, (lists[0] if lists else None)


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Serialise CSV appends across processes (review server, flows, CLI) writing the same folder."""
    with (out_dir / ".export.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


TAIL = 256  # bytes before the read offset that must be unchanged for the ledger to trust what it read


@dataclass
class _Ledger:
    """What this process has read of one CSV: its header, the sha256s of its rows, and up to where."""

    inode: tuple[int, int]  # (st_dev, st_ino): the same file, not a new one under the same name
    offset: int = 0  # bytes read (always at a row boundary: the end of a whole append)
    tail: bytes = b""  # the last TAIL bytes before offset
    mtime_ns: int = 0  # the file's mtime when offset was reached
    header: list[str] = field(default_factory=list)
    shas: set[str] = field(default_factory=set)


_ledgers: dict[str, _Ledger] = {}


def _tail_of(fh: io.BufferedReader, offset: int) -> bytes:
    start = max(0, offset - TAIL)
    fh.seek(start)
    return fh.read(offset - start)


def _ledger(path: Path, fresh: bool = False) -> _Ledger | None:
    """The CSV's header and sha256s, read incrementally (`fresh`: from the start); None when there is no such
    file (or it is empty). Call it under `_locked`: appends by other processes are then whole."""
    key = os.path.abspath(path)  # no syscalls; two spellings of one file get two ledgers, each kept right
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        _ledgers.pop(key, None)
        return None
    with fh:
        st = os.fstat(fh.fileno())
        if st.st_size == 0:
            _ledgers.pop(key, None)
            return None
        known = _ledgers.get(key)
        if (
            fresh
            or known is None
            or known.inode != (st.st_dev, st.st_ino)
            or st.st_size < known.offset
            or (st.st_size == known.offset and st.st_mtime_ns != known.mtime_ns)
            or _tail_of(fh, known.offset) != known.tail
        ):
            known = _ledgers[key] = _Ledger(inode=(st.st_dev, st.st_ino))
        if st.st_size > known.offset:
            fh.seek(known.offset)
            text = fh.read(st.st_size - known.offset).decode("utf-8", errors="replace")
            rows = csv.reader(io.StringIO(text, newline=""))
            if known.offset == 0:
                known.header = next(rows, [])
            col = known.header.index("sha256") if "sha256" in known.header else None
            if col is not None:
                known.shas.update(row[col] for row in rows if len(row) > col)
            known.offset, known.mtime_ns = st.st_size, st.st_mtime_ns
            known.tail = _tail_of(fh, known.offset)
    return known


def _shas_in(path: Path) -> set[str]:
    known = _ledger(path)
    return known.shas if known is not None else set()


def _shas_now(out_dir: Path, name: str) -> set[str]:
    """A copy of the sha256s in `out_dir/name`, read whole under the export lock (never half an append)."""
    if not (out_dir / name).exists():
        return set()
    with _locked(out_dir):
        known = _ledger(out_dir / name, fresh=True)
        return set(known.shas) if known is not None else set()


def _append_rows(path: Path, header: list[str], rows: list[dict[str, Any]], sha256: str) -> None:
    """Append whole rows or nothing: a write cut short (disk full, file size limit) is truncated away."""
    known = _ledger(path)
    if known is not None and known.header != header:
        raise ExportError(
            f"{path}: existing CSV has columns {known.header}, this export needs {header}; "
            "export to another folder or move the old file away"
        )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    if known is None:
        writer.writeheader()
    for row in rows:
        writer.writerow({k: defuse(v) for k, v in row.items()})
    data = buf.getvalue().encode("utf-8")
    fd = os.open(
        path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666
    )  # unbuffered: no retry of a failed flush
    try:
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            os.ftruncate(fd, start)
            raise
        mtime_ns = os.fstat(fd).st_mtime_ns
    finally:
        os.close(fd)
    if known is not None and known.offset == start:  # nobody else wrote in between (we hold the lock)
        known.offset, known.mtime_ns = start + len(data), mtime_ns
        known.tail = (known.tail + data)[-TAIL:]
        known.shas.add(sha256)


def _csv_export(
    doc: DocumentRow, result: ExtractionResult, out_dir: Path, approved_at: datetime
) -> dict[str, int]:
    main_name, items_name = csv_names(doc.schema)
    scalars, items_field = _columns(doc.schema, result.data)
    number_field = "invoice_number" if "invoice_number" in scalars else None
    written: dict[str, int] = {}
    with _locked(out_dir):
        main_path = out_dir / main_name
        if doc.sha256 not in _shas_in(main_path):
            row = {
                "sha256": doc.sha256,
                "path": doc.path,
                "approved_at": approved_at.isoformat(timespec="seconds"),
            }
            row.update({n: result.data.get(n) for n in scalars})
            _append_rows(main_path, ["sha256", "path", *scalars, "approved_at"], [row], doc.sha256)
            written[main_name] = 1
        items = result.data.get(items_field) if items_field else None
        if items_field and items:
            items_path = out_dir / items_name
            if doc.sha256 not in _shas_in(items_path):
                keys: list[str] = []
                for item in items:
                    keys += [k for k in (item or {}) if k not in keys]
                header = ["sha256", *([number_field] if number_field else []), "line", *keys]
                rows = [
                    {
                        "sha256": doc.sha256,
                        **({number_field: result.data.get(number_field)} if number_field else {}),
                        "line": i,
                        **(item or {}),
                    }
                    for i, item in enumerate(items, 1)
                ]
                _append_rows(items_path, header, rows, doc.sha256)
                written[items_name] = len(rows)
    return written


def _export_in_session(s: Session, doc: DocumentRow, out_dir: Path, recheck: bool = False) -> Exported | None:
    """Write what is missing of one document's export. `recheck`: look in the CSVs even when the exports table
    says the rows were written (a CSV restored from a backup or cut short by a full disk)."""
    run = current_run(s, doc)
    if doc.status != DocStatus.APPROVED.value or run is None:
        return None
    target = str(out_dir.resolve())
    done = {
        e.kind: e
        for e in s.scalars(
            select(ExportRow).where(ExportRow.document_id == doc.id, ExportRow.target == target)
        )
    }
    out = Exported(document_id=doc.id, sha256=doc.sha256)
    result = result_from_rows(run)
    json_row = done.get("json")
    if json_row is None or json_row.run_id != run.id or not Path(json_row.path).exists():
        path = output_path(out_dir, Path(doc.path), doc.sha256 or "")
        atomic_write_text(path, result.to_json() + "\n")
        out.json_path = path
        if json_row is None:
            s.add(ExportRow(document_id=doc.id, run_id=run.id, target=target, kind="json", path=str(path)))
        else:
            json_row.run_id, json_row.path = run.id, str(path)
    from pipeline.einvoice.export import on_approval

    # DOCEXTRACT_EINVOICE_EXPORT=cii|ubl: the e-invoice XML beside the JSON
    on_approval(result.data, doc.schema, out_dir, output_path(out_dir, Path(doc.path), doc.sha256 or "").stem)
    if "csv" not in done or recheck:
        out.csv_rows = _csv_export(doc, result, out_dir, doc.updated_at)
    if "csv" not in done:
        s.add(
            ExportRow(
                document_id=doc.id, run_id=run.id, target=target, kind="csv", path=csv_names(doc.schema)[0]
            )
        )
    return out if (out.json_path or out.csv_rows) else None


def _serialise(s: Session, document_id: int) -> None:
    """A second exporter of the document waits for the first's commit, then finds it written. PostgreSQL: an
    advisory lock. SQLite: its driver begins a transaction only at the first write, so two exporters would both
    read "not exported" and the second would fail on the exports table's unique key; a write that changes
    nothing takes SQLite's one write lock before anything is read."""
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("UPDATE documents SET version = version WHERE id = :id"), {"id": document_id})
    else:
        xact_lock(s, f"export:{document_id}")


def export_document(store, document_id: int, out_dir: Path | str, recheck: bool = False) -> Exported | None:
    """Export one approved document (no-op when it is not approved or already exported to `out_dir`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def work(s: Session) -> Exported | None:
        _serialise(s, document_id)
        doc = s.get(DocumentRow, document_id)
        return _export_in_session(s, doc, out, recheck) if doc is not None else None

    return store.transaction("export a document", work)


def export_approved(store, out_dir: Path | str, since: datetime | None = None) -> list[Exported]:
    """Export every approved document not yet exported to `out_dir` (approved since `since`, if given)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with store.session() as s:
        query = select(DocumentRow.id).where(DocumentRow.status == DocStatus.APPROVED.value)
        if since is not None:
            query = query.where(DocumentRow.updated_at >= since)
        ids = list(s.scalars(query.order_by(DocumentRow.id)))
    results = [export_document(store, doc_id, out) for doc_id in ids]
    return [r for r in results if r is not None]


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
                    csv_shas[main] = _shas_now(out, main)
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
    done = [
        export_document(store, doc_id, out_dir, recheck=True)
        for doc_id in missing_exports(store, out_dir, sha256s)
    ]
    return [e for e in done if e is not None]
