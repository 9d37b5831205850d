"""SqlStore on real SQLite files and on a real PostgreSQL server (tests/pg.py): idempotency, statuses, review
history across runs, duplicate invoices, the audit log, migrations, exports and transient-error handling.

The results are built by hand for real reportlab PDFs (the boxes are where the text was drawn), so the same
builders feed the review page tests.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from pipeline.document import Candidate, Evidence, FieldResult, FieldStatus, TextSource
from pipeline.result import DocumentInfo, ExtractionResult
from pipeline.store import queue
from pipeline.store.db import StoreUnavailableError
from pipeline.store.export import export_approved, export_document, export_missing
from pipeline.store.models import AuditRow, DocumentRow, FieldRow, ReviewItemRow, RunRow
from pipeline.store.sql import SqlStore
from tests import pg
from tests.docgen import SAMPLE_INVOICE, TextItem, make_text_pdf

DPI = 200.0


def _item(prefix: str) -> TextItem:
    return next(t for t in SAMPLE_INVOICE if t.text.startswith(prefix))


def _ev(item: TextItem, text: str | None = None) -> Evidence:
    x0, top, x1, base = item.box_px(DPI)
    return Evidence(
        page=1, bbox=[x0, top, x1, base + 3], text=text or item.text, source=TextSource.TEXT_LAYER
    )


def make_invoice_pdf(folder: Path, name: str = "invoice.pdf", marker: str = "") -> Path:
    """A real one-page invoice PDF; `marker` adds a line so two files differ in bytes but not in values."""
    items = [*SAMPLE_INVOICE, *([TextItem(marker, 56, 780, 8)] if marker else [])]
    return make_text_pdf(folder / name, [items])


def invoice_result(
    pdf: Path, total: str = "196.35", total_status: FieldStatus = FieldStatus.OK
) -> ExtractionResult:
    """What the pipeline would produce for `make_invoice_pdf`; `total_status` flags the total for review."""
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    ok = FieldStatus.OK
    fields = {
        "vendor_name": FieldResult(
            status=ok, confidence=0.95, evidence=_ev(_item("ACME")), source="ocr_rules"
        ),
        "invoice_number": FieldResult(
            status=ok,
            confidence=0.9,
            evidence=_ev(_item("Invoice number"), "INV-2024-0042"),
            source="ocr_rules",
        ),
        "invoice_date": FieldResult(
            status=ok, confidence=0.9, evidence=_ev(_item("Invoice date")), source="ocr_rules"
        ),
        "currency": FieldResult(status=ok, confidence=0.9, evidence=_ev(_item("Total")), source="ocr_rules"),
        "subtotal": FieldResult(
            status=ok, confidence=0.9, evidence=_ev(_item("Subtotal")), source="ocr_rules"
        ),
        "tax": FieldResult(status=ok, confidence=0.9, evidence=_ev(_item("VAT")), source="ocr_rules"),
        "total": FieldResult(
            status=total_status,
            confidence=0.55 if total_status != ok else 0.95,
            evidence=_ev(_item("Total")),
            rule="totals_add_up" if total_status != ok else None,
            reason="subtotal 165.00 + tax 31.35 = 196.35, not " + total if total_status != ok else None,
            source="ocr_rules",
            candidates=[
                Candidate(value=total, confidence=0.55, evidence=_ev(_item("Total")), source="ocr_rules"),
                Candidate(value="196.35", confidence=0.7, evidence=_ev(_item("Total")), source="vlm"),
            ],
        ),
    }
    data = {
        "vendor_name": "ACME Office Supplies GmbH",
        "invoice_number": "INV-2024-0042",
        "invoice_date": "2024-03-15",
        "currency": "EUR",
        "subtotal": "165.00",
        "tax": "31.35",
        "total": total,
        "line_items": [
            {"description": "Printer paper A4", "quantity": "10", "unit_price": None, "amount": "45.00"},
            {
                "description": '=HYPERLINK("http://x")',
                "quantity": "2",
                "unit_price": None,
                "amount": "120.00",
            },
        ],
    }
    result = ExtractionResult(
        document=DocumentInfo(path=str(pdf), sha256=sha, pages=1),
        schema="invoice",
        data=data,
        fields=fields,
        pipeline={"version": "test", "page_sources": ["text_layer"], "page_dpi": [DPI]},
    )
    result.refresh_review()
    return result


# ---- backends --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_url() -> str:
    reason = pg.unavailable_reason()
    if reason:
        pytest.skip(reason)
    with pg.postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    base = request.getfixturevalue("pg_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    import psycopg

    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def store(db_url, tmp_path) -> SqlStore:
    st = SqlStore(db_url, export_dir=tmp_path / "export")
    yield st
    st.close()


def _count(st: SqlStore, model) -> int:
    with st.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# ---- tests -----------------------------------------------------------------------------------------------------


def test_same_sha_and_fingerprint_stores_nothing_twice(store, tmp_path):
    result = invoice_result(make_invoice_pdf(tmp_path), total="196.53", total_status=FieldStatus.INCONSISTENT)
    assert not store.is_processed(result.document.sha256, "fp1")
    assert store.save_result(result, "fp1") == "needs_review"
    counts = [_count(store, m) for m in (DocumentRow, RunRow, FieldRow, ReviewItemRow)]
    assert store.save_result(result, "fp1") == "needs_review"
    assert [_count(store, m) for m in (DocumentRow, RunRow, FieldRow, ReviewItemRow)] == counts
    assert counts[0] == 1 and counts[1] == 1 and counts[3] == 1
    assert counts[2] == len(result.data)  # one row per field
    assert store.is_processed(result.document.sha256, "fp1")
    assert not store.is_processed(result.document.sha256, "fp2")


def test_statuses_approved_needs_review_failed(store, tmp_path):
    good = invoice_result(make_invoice_pdf(tmp_path, "a.pdf"))
    assert store.save_result(good, "fp") == "approved"
    bad = invoice_result(make_invoice_pdf(tmp_path, "b.pdf", marker="b"), "1.00", FieldStatus.INCONSISTENT)
    assert store.save_result(bad, "fp") == "needs_review"
    store.save_failure(str(tmp_path / "c.pdf"), "c" * 64, "CorruptFileError", "c.pdf: truncated", "fp")
    assert store.document_status("c" * 64) == "failed"
    # a failed re-run (new settings) never hides the good result stored before
    store.save_failure(good.document.path, good.document.sha256, "VlmError", "timeout", "fp2")
    assert store.document_status(good.document.sha256) == "approved"
    # an unreadable file has no sha256: recorded once per path
    store.save_failure(str(tmp_path / "gone.pdf"), None, "OSError", "cannot read", "fp")
    store.save_failure(str(tmp_path / "gone.pdf"), None, "OSError", "cannot read", "fp")
    with store.session() as s:
        assert s.scalar(select(func.count()).where(DocumentRow.sha256.is_(None))) == 1


def test_review_decisions_are_audited_and_approve_the_document(store, tmp_path):
    result = invoice_result(make_invoice_pdf(tmp_path), total="196.53", total_status=FieldStatus.INCONSISTENT)
    store.save_result(result, "fp1")
    [entry] = queue.list_queue(store, queue.QueueFilter())
    assert entry.field == "total" and entry.field_status == "inconsistent" and entry.vendor.startswith("ACME")
    with pytest.raises(queue.ReviewError):
        queue.resolve(store, entry.item_id, "alice", "confirm_duplicate")
    assert queue.resolve(store, entry.item_id, "alice", "correct", "196.35") == "approved"
    with pytest.raises(queue.ReviewError, match="already resolved"):
        queue.resolve(store, entry.item_id, "bob", "accept")
    with store.session() as s:
        [audit] = s.scalars(select(AuditRow)).all()
        total = s.scalars(select(FieldRow).where(FieldRow.name == "total")).one()
    assert (audit.who, audit.field, audit.old, audit.new, audit.action) == (
        "alice",
        "total",
        "196.53",
        "196.35",
        "correct",
    )
    assert total.status == "ok" and total.source == "review" and total.evidence["source"] == "review"
    assert store.document_status(result.document.sha256) == "approved"


def test_new_fingerprint_adds_a_run_and_keeps_review_history(store, tmp_path):
    result = invoice_result(make_invoice_pdf(tmp_path), total="196.53", total_status=FieldStatus.INCONSISTENT)
    store.save_result(result, "fp1")
    [entry] = queue.list_queue(store, queue.QueueFilter())
    queue.resolve(store, entry.item_id, "alice", "correct", "196.35")
    # new settings, same machine mistake: the reviewer's decision about these bytes still holds
    assert store.save_result(result, "fp2") == "approved"
    assert _count(store, RunRow) == 2 and _count(store, AuditRow) == 1
    assert queue.list_queue(store, queue.QueueFilter()) == []
    with store.session() as s:
        latest = s.scalars(select(RunRow).order_by(RunRow.id.desc())).first()
        total = next(f for f in latest.fields if f.name == "total")
    assert total.value == "196.35" and total.source == "review"


def test_new_run_supersedes_open_items_of_the_old_run(store, tmp_path):
    pdf = make_invoice_pdf(tmp_path)
    store.save_result(invoice_result(pdf, "196.53", FieldStatus.INCONSISTENT), "fp1")
    store.save_result(invoice_result(pdf, "196.99", FieldStatus.INCONSISTENT), "fp2")
    open_items = queue.list_queue(store, queue.QueueFilter())
    assert len(open_items) == 1 and "196.99" in open_items[0].reason
    assert len(queue.list_queue(store, queue.QueueFilter(state="superseded"))) == 1


def test_duplicate_invoice_is_held_with_a_reason(store, tmp_path):
    first = invoice_result(make_invoice_pdf(tmp_path, "first.pdf"))
    assert store.save_result(first, "fp") == "approved"
    again = invoice_result(make_invoice_pdf(tmp_path, "again.pdf", marker="scanned twice"))
    assert again.document.sha256 != first.document.sha256
    assert store.save_result(again, "fp") == "duplicate"
    [item] = queue.list_queue(store, queue.QueueFilter(reason="duplicate"))
    assert "first.pdf" in item.reason and item.kind == "duplicate"
    assert queue.resolve(store, item.item_id, "alice", "confirm_duplicate") == "duplicate"
    exported = export_approved(store, tmp_path / "export")
    assert all(e.sha256 != again.document.sha256 for e in exported)
    with open(tmp_path / "export" / "invoices.csv", newline="") as fh:
        assert [r["sha256"] for r in csv.DictReader(fh)] == [first.document.sha256]


def test_duplicate_cleared_by_a_reviewer_is_approved(store, tmp_path):
    store.save_result(invoice_result(make_invoice_pdf(tmp_path, "first.pdf")), "fp")
    again = invoice_result(make_invoice_pdf(tmp_path, "again.pdf", marker="x"))
    store.save_result(again, "fp")
    [item] = queue.list_queue(store, queue.QueueFilter())
    assert queue.resolve(store, item.item_id, "alice", "accept") == "approved"
    assert store.save_result(again, "fp-new") == "approved"  # not flagged again on a re-run


def test_export_is_idempotent_and_carries_corrections(store, tmp_path):
    result = invoice_result(make_invoice_pdf(tmp_path, "inv-7.pdf"), "196.53", FieldStatus.INCONSISTENT)
    store.save_result(result, "fp")
    [entry] = queue.list_queue(store, queue.QueueFilter())
    queue.resolve(store, entry.item_id, "alice", "correct", "196.35")  # exports to store.export_dir
    out = tmp_path / "export"
    doc = json.loads((out / "inv-7.json").read_text())
    assert doc["data"]["total"] == "196.35" and doc["review"] == []
    assert (
        doc["fields"]["total"]["evidence"]["source"] == "review"
        and doc["fields"]["total"]["source"] == "review"
    )
    assert export_approved(store, out) == []  # already exported: nothing written again
    with open(out / "invoices.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["total"] == "196.35" and rows[0]["invoice_number"] == "INV-2024-0042"
    with open(out / "line_items.csv", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert [ln["line"] for ln in lines] == ["1", "2"]
    assert {ln["sha256"] for ln in lines} == {result.document.sha256}
    assert lines[1]["description"].startswith("'=")  # a formula from a document is never run by a spreadsheet
    other = tmp_path / "elsewhere"
    assert len(export_approved(store, other)) == 1 and (other / "invoices.csv").exists()


def test_migrations_create_the_schema_once(db_url):
    first = SqlStore(db_url)
    second = SqlStore(db_url)  # opening again: upgrade head is a no-op
    with second.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        tables = set(inspect(conn).get_table_names())
    assert {
        "documents",
        "extraction_runs",
        "fields",
        "review_items",
        "audit_log",
        "users",
        "exports",
    } <= tables
    first.close()
    second.close()


def test_unreachable_server_gives_a_clear_error_without_password():
    with pytest.raises(StoreUnavailableError) as err:
        SqlStore("postgresql+psycopg://bob:hunter2@127.0.0.1:9/nodb", retries=2)
    message = str(err.value)
    assert "hunter2" not in message and "127.0.0.1:9" in message and "bob:***@" in message


def test_locked_sqlite_is_retried_then_reported(tmp_path):
    db = tmp_path / "locked.db"
    store = SqlStore(f"sqlite:///{db}", retries=2, busy_timeout_s=0.1)
    result = invoice_result(make_invoice_pdf(tmp_path))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailableError, match="locked"):
            store.save_result(result, "fp")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.save_result(result, "fp") == "approved"  # works again once the lock is gone


# ---- CSV exports: appended without re-reading, safe across re-runs and processes ---------------------------------


def _approved_docs(folder: Path, db_url: str, n: int, first: int = 0) -> list[str]:
    """`n` approved invoices (distinct numbers, so none is a duplicate) in a store without an export folder."""
    folder.mkdir(exist_ok=True)
    store = SqlStore(db_url)
    shas = []
    for i in range(first, first + n):
        path = folder / f"doc{i}.pdf"
        path.write_bytes(f"document {i}".encode())
        result = invoice_result(path)
        result.data["invoice_number"] = f"INV-{i:05d}"
        assert store.save_result(result, "fp") == "approved"
        shas.append(result.document.sha256)
    store.close()
    return shas


def _csv_shas(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["sha256"] for row in csv.DictReader(fh)]


def _bytes_read() -> int:
    """Bytes this process has read through read() and pread() so far (Linux)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
def test_csv_export_appends_without_reading_the_whole_file_per_document(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    shas = _approved_docs(tmp_path / "docs", db_url, 61)
    store, out = SqlStore(db_url), tmp_path / "export"
    with store.session() as s:
        ids = list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))
    export_document(store, ids[0], out)
    main = out / "invoices.csv"
    lines = main.read_text(encoding="utf-8").splitlines()
    with main.open("a", encoding="utf-8") as fh:  # an earlier history: 20,000 rows of other documents
        for k in range(20_000):
            fh.write(f"{k:064x}" + lines[1][64:] + "\n")
    size = main.stat().st_size
    before = _bytes_read()
    for doc_id in ids[1:]:
        export_document(store, doc_id, out)
    read = _bytes_read() - before
    # re-reading the CSV for each of the 60 documents would read 60 x `size` bytes
    assert read < 6 * size, f"{read} bytes read for 60 exports to a {size}-byte CSV"
    rows = _csv_shas(main)
    assert len(rows) == 20_061 and all(rows.count(sha) == 1 for sha in shas)
    assert export_missing(store, out, shas) == []  # every export is complete
    store.close()


def test_csv_changed_behind_the_exporter_is_read_again_and_completed_once(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    shas = _approved_docs(tmp_path / "docs", db_url, 3)
    store, out = SqlStore(db_url), tmp_path / "export"
    assert len(export_approved(store, out)) == 3
    main = out / "invoices.csv"
    header, *rows = main.read_text(encoding="utf-8").splitlines(keepends=True)
    # replaced by a copy without the first document's row (a restored backup): a new file
    replacement = tmp_path / "restored.csv"
    replacement.write_text(header + "".join(rows[1:]), encoding="utf-8")
    replacement.replace(main)
    assert [e.sha256 for e in export_missing(store, out, shas)] == [shas[0]]
    assert sorted(_csv_shas(main)) == sorted(shas)
    # cut short in place (same file, shorter): the last row is gone
    text = main.read_text(encoding="utf-8")
    last = text.splitlines(keepends=True)[-1]
    with main.open("r+", encoding="utf-8") as fh:
        fh.truncate(len(text.encode("utf-8")) - len(last.encode("utf-8")))
    assert len(export_missing(store, out, shas)) == 1
    assert sorted(_csv_shas(main)) == sorted(shas)
    # edited in place to the same length: a row's sha256 overwritten (the size alone cannot tell)
    text = main.read_text(encoding="utf-8")
    with main.open("r+", encoding="utf-8") as fh:
        fh.write(text.replace(shas[1], "f" * 64))
    assert [e.sha256 for e in export_missing(store, out, shas)] == [shas[1]]
    assert sorted(s for s in _csv_shas(main) if s != "f" * 64) == sorted(shas)
    assert export_missing(store, out, shas) == []  # and nothing is written twice afterwards
    items = out / "line_items.csv"
    assert all(_csv_shas(items).count(sha) == 2 for sha in shas)
    store.close()


EXPORT_SCRIPT = """
import os, sys, time
from pathlib import Path
from pipeline.store.export import export_approved, export_document
from pipeline.store.sql import SqlStore
store = SqlStore(sys.argv[1], busy_timeout_s=30)
gate = Path(sys.argv[3])
(gate / f"ready-{os.getpid()}").touch()
while not (gate / "go").exists():
    time.sleep(0.01)
ids = [int(i) for i in sys.argv[4].split(",")]
mine = 0
for doc_id in ids:  # its own share first, turn about with the other process
    mine += export_document(store, doc_id, sys.argv[2]) is not None
    time.sleep(0.005)
print(mine, len(export_approved(store, sys.argv[2])))  # then everything: the other's share is done
"""


def test_two_processes_exporting_into_one_folder_write_each_row_once(db_url, tmp_path):
    import subprocess
    import sys
    import time

    shas = _approved_docs(tmp_path / "docs", db_url, 40)
    out, gate = tmp_path / "export", tmp_path / "gate"
    gate.mkdir()
    root = Path(__file__).resolve().parents[1]
    with SqlStore(db_url).session() as s:
        ids = list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EXPORT_SCRIPT, db_url, str(out), str(gate), ",".join(map(str, share))],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for share in (ids[0::2], ids[1::2])
    ]
    deadline = time.monotonic() + 120
    while len(list(gate.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    (gate / "go").touch()  # both start exporting at once
    done = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in done]
    counts = [tuple(map(int, o.split())) for o, _ in done]
    assert sum(sum(c) for c in counts) == 40, counts  # each document exported by one of them, once
    assert sorted(_csv_shas(out / "invoices.csv")) == sorted(shas)
    items = _csv_shas(out / "line_items.csv")
    assert len(items) == 80 and all(items.count(sha) == 2 for sha in shas)
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(f"doc{i}" for i in range(40))


def test_json_columns_encoder_round_trips_what_the_standard_library_does():
    """The store's JSON encoder (orjson) writes what `json` reads back, including what orjson refuses."""
    import json

    from pipeline.store.db import json_text

    for value in ({"a": [1, 2.5, None, "ä"]}, {1: "int key"}, 2**70, "x"):
        expected = {str(k): v for k, v in value.items()} if isinstance(value, dict) else value
        assert json.loads(json_text(value)) == expected


def test_json_columns_decoder_keeps_long_integers_and_reads_digit_runs_in_strings():
    """An integer past 64 bits comes back exact wherever it stands (orjson would make it a float); a long digit
    run inside a string (an IBAN) is text and reads the same either way."""
    from pipeline.store.db import json_loads, json_text

    for value in (2**70 + 1, -(2**70), [2**64], {"a": 2**70 + 3}, {"a": [1, 2**65]}):
        assert json_loads(json_text(value)) == value
        assert json_loads(json_text(value).encode()) == value
    spaced = '{"a" :\n 1180591620717411303424}'
    assert json_loads(spaced) == {"a": 2**70}
    floats = json_loads('{"a": 1e20, "b": [-2.5e30, 0.5]}')
    assert floats == {"a": 1e20, "b": [-2.5e30, 0.5]} and isinstance(floats["a"], float)
    text = json_text({"iban": "DE22930599488211506205", "note": "ref: 12345678901234567890123"})
    assert json_loads(text) == {"iban": "DE22930599488211506205", "note": "ref: 12345678901234567890123"}
