"""The CSV side of exports: `invoices.csv` (one row per approved invoice) and `line_items.csv` (one per line).

Other schemas get `<schema>s.csv` / `<schema>_items.csv`. A document's rows are written once: the CSV is checked
for its sha256 first, so a crash between writing and recording cannot duplicate rows, and rows cut short by a
full disk are truncated away. Text cells that a spreadsheet would run as a formula are defused.

The check must not cost a read of the whole file per document (a batch of n approvals would read n²/2 rows):
each process keeps, per CSV, the sha256s it has seen and how far it has read (`_Ledger`). Under the export lock
it reads only what other processes appended since, and reads the file again from the start whenever it was
replaced, cut shorter, changed without growing, or its last bytes read are no longer the same. A re-run's check
(`shas_now`) always reads each CSV whole, once, so an edit the ledger could not see is found there.

A chunk of documents is appended under one lock with one write per file (`append_csv_rows`): the batch's
exports cost one lock and one append, not one of each per document.
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

from pipeline.errors import DocExtractError
from pipeline.store.lifecycle import canonical_names

CSV_NAMES = {"invoice": ("invoices.csv", "line_items.csv"), "receipt": ("receipts.csv", "receipt_items.csv")}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(DocExtractError):
    """An export that cannot be written as asked (e.g. an existing CSV with other columns)."""


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


def _number_field(schema: str | None, scalars: list[str]) -> str | None:
    """The document's own number (an invoice's, a receipt's), repeated on each item row to join the two CSVs."""
    name = canonical_names(schema).get("invoice_number", "invoice_number")
    return name if name in scalars else None


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
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
    file (or it is empty). Call it under `locked`: appends by other processes are then whole."""
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


def shas_now(out_dir: Path, name: str) -> set[str]:
    """A copy of the sha256s in `out_dir/name`, read whole under the export lock (never half an append)."""
    if not (out_dir / name).exists():
        return set()
    with locked(out_dir):
        known = _ledger(out_dir / name, fresh=True)
        return set(known.shas) if known is not None else set()


def _rewrite_with_header(path: Path, header: list[str]) -> None:
    """The CSV with more columns, its rows' new cells empty; written beside it and moved over it, so a reader
    sees the old file or the new one, never half of one (call it under `locked`)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tmp = path.with_name(path.name + ".widen")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _append_rows(path: Path, header: list[str], rows: list[dict[str, Any]], shas: set[str]) -> None:
    """Append whole rows or nothing: a write cut short (disk full, file size limit) is truncated away."""
    known = _ledger(path)
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
        known.shas.update(shas)


@dataclass
class CsvEntry:
    """One approved document's CSV input: its identity, schema, (reviewed) data and approval time."""

    sha256: str | None
    path: str
    schema: str | None
    data: dict[str, Any]
    approved_at: datetime


@dataclass
class _Append:
    header: list[str]
    existing: set[str]  # sha256s already in the file (read once per chunk, under the lock)
    rows: list[dict[str, Any]] = field(default_factory=list)
    shas: set[str] = field(default_factory=set)
    disk_header: list[str] | None = None  # the columns of the file on disk (None: no file yet)


def _rows_of(entry: CsvEntry) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """(file name, header, rows) of the main CSV and, when the document has items, the items CSV."""
    main_name, items_name = csv_names(entry.schema)
    scalars, items_field = _columns(entry.schema, entry.data)
    row = {
        "sha256": entry.sha256,
        "path": entry.path,
        "approved_at": entry.approved_at.isoformat(timespec="seconds"),
    }
    row.update({n: entry.data.get(n) for n in scalars})
    out = [(main_name, ["sha256", "path", *scalars, "approved_at"], [row])]
    items = entry.data.get(items_field) if items_field else None
    if items:
        number_field = _number_field(entry.schema, scalars)
        keys: list[str] = []
        for item in items:
            keys += [k for k in (item or {}) if k not in keys]
        number = {number_field: entry.data.get(number_field)} if number_field else {}
        rows = [
            {"sha256": entry.sha256, **number, "line": i, **(item or {})} for i, item in enumerate(items, 1)
        ]
        out.append((items_name, ["sha256", *([number_field] if number_field else []), "line", *keys], rows))
    return out


def append_csv_rows(
    entries: Sequence[CsvEntry], out_dir: Path
) -> tuple[list[dict[str, int]], dict[int, ExportError]]:
    """Append each entry's rows that its CSVs do not hold yet, under one lock, one write per file. Returns,
    per entry, the rows appended (file name -> count), and the entries refused (index -> why: a CSV with other
    columns); a refused entry writes none of its rows."""
    written: list[dict[str, int]] = [{} for _ in entries]
    refused: dict[int, ExportError] = {}
    with locked(out_dir):
        plans: dict[str, _Append] = {}
        for index, entry in enumerate(entries):
            todo = []
            for name, header, rows in _rows_of(entry):
                plan = plans.get(name)
                if plan is None:
                    known = _ledger(out_dir / name)
                    plan = plans[name] = (
                        _Append(header=known.header, existing=known.shas, disk_header=known.header)
                        if known is not None
                        else _Append(header=header, existing=set())
                    )
                if entry.sha256 in plan.shas or entry.sha256 in plan.existing:
                    continue
                if "sha256" not in plan.header:
                    refused[index] = ExportError(
                        f"{out_dir / name}: existing CSV has columns {plan.header}, without the sha256 column "
                        "of docextract's exports; export to another folder or move the file away"
                    )
                    break
                if not set(header) <= set(plan.header):
                    # a schema that gained a field since the file was started: the file takes the new columns
                    # (its rows get them empty), rather than the export stopping at every upgrade
                    plan.header = plan.header + [c for c in header if c not in plan.header]
                todo.append((plan, name, rows))
            if index in refused:
                continue
            for plan, name, rows in todo:
                plan.rows += rows
                plan.shas.add(entry.sha256 or "")
                written[index][name] = len(rows)
        for name, plan in plans.items():
            if plan.rows:
                if plan.disk_header is not None and plan.header != plan.disk_header:  # columns added above
                    _rewrite_with_header(out_dir / name, plan.header)
                _append_rows(out_dir / name, plan.header, plan.rows, plan.shas)
    return written, refused
