"""The batched save (`SqlStore.save_results`, pipeline/store/save_batch.py) on real SQLite files and a real
PostgreSQL server, and through `run_batch` on generated XML e-invoices: two copies of one invoice in one chunk,
re-runs that add no rows, a document the database refuses that fails alone, and rows identical to the
per-document path's."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.batch import run_batch
from pipeline.document import FieldStatus
from pipeline.options import PipelineOptions
from pipeline.outputs import read_failed
from pipeline.store import queue
from pipeline.store.models import DocumentRow, ExportRow, FieldRow, ReviewItemRow, RunRow
from pipeline.store.sql import SqlStore
from tests.test_store import _count, db_url, invoice_result, make_invoice_pdf, pg_url  # noqa: F401  (fixtures)
from tools.samples import einvoices

TABLES = (DocumentRow, RunRow, FieldRow, ReviewItemRow, ExportRow)


@pytest.fixture
def chunk_store(db_url, tmp_path) -> SqlStore:  # noqa: F811  (db_url: SQLite, then PostgreSQL)
    st = SqlStore(db_url, export_dir=tmp_path / "export")
    yield st
    st.close()


def _csv_shas(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["sha256"] for row in csv.DictReader(fh)]


def _chunk(tmp_path: Path):
    """An invoice, a second copy of it (other bytes, same vendor, number and total), one with a flagged total."""
    first = invoice_result(make_invoice_pdf(tmp_path, "first.pdf"))
    again = invoice_result(make_invoice_pdf(tmp_path, "again.pdf", marker="scanned twice"))
    flagged = invoice_result(
        make_invoice_pdf(tmp_path, "flagged.pdf", marker="other"), "196.53", FieldStatus.INCONSISTENT
    )
    assert len({r.document.sha256 for r in (first, again, flagged)}) == 3
    return first, again, flagged


def test_two_copies_of_one_invoice_in_one_chunk_hold_the_second(chunk_store, tmp_path):
    first, again, flagged = _chunk(tmp_path)
    assert chunk_store.save_results([first, again, flagged], "fp") == [
        "approved",
        "duplicate",
        "needs_review",
    ]
    [dup] = queue.list_queue(chunk_store, queue.QueueFilter(reason="duplicate"))
    assert dup.kind == "duplicate" and "first.pdf" in dup.reason
    assert dup.reason.count(first.document.sha256[:12]) == 1
    with chunk_store.session() as s:
        docs = {Path(d.path).name: d for d in s.scalars(select(DocumentRow))}
    assert docs["again.pdf"].duplicate_of_id == docs["first.pdf"].id
    [total] = queue.list_queue(chunk_store, queue.QueueFilter(reason="inconsistent"))
    assert total.field == "total"
    export = tmp_path / "export"  # exported at once, the approved one only
    assert _csv_shas(export / "invoices.csv") == [first.document.sha256]
    assert sorted(p.name for p in export.glob("*.json")) == ["first.json"]


def test_copy_of_an_invoice_approved_in_an_earlier_chunk_is_a_duplicate(chunk_store, tmp_path):
    first, again, _ = _chunk(tmp_path)
    assert chunk_store.save_results([first], "fp") == ["approved"]
    assert chunk_store.save_results([again], "fp") == ["duplicate"]
    assert _csv_shas(tmp_path / "export" / "invoices.csv") == [first.document.sha256]


def test_saving_a_chunk_again_adds_no_rows(chunk_store, tmp_path):
    chunk = list(_chunk(tmp_path))
    statuses = chunk_store.save_results(chunk, "fp")
    counts = [_count(chunk_store, table) for table in TABLES]
    field_rows = sum(len(set(r.fields) | set(r.data)) for r in chunk)
    assert counts[:3] == [3, 3, field_rows] and counts[4] == 2  # one approved: its JSON and CSV exports
    assert chunk_store.save_results(chunk, "fp") == statuses
    assert chunk_store.save_results(chunk[::-1], "fp") == statuses[::-1]
    assert [_count(chunk_store, table) for table in TABLES] == counts
    assert _csv_shas(tmp_path / "export" / "invoices.csv") == [chunk[0].document.sha256]


def test_a_known_document_in_a_chunk_of_new_ones_keeps_its_reviewed_values(chunk_store, tmp_path):
    first, again, flagged = _chunk(tmp_path)
    chunk_store.save_results([flagged], "fp1")
    [item] = queue.list_queue(chunk_store, queue.QueueFilter())
    queue.resolve(chunk_store, item.item_id, "alice", "correct", value="196.35")
    statuses = chunk_store.save_results([first, flagged, again], "fp2")  # flagged: known bytes, new settings
    # the corrected invoice is the approved one (since the correction); the other two are copies of it
    assert statuses == ["duplicate", "approved", "duplicate"]
    with chunk_store.session() as s:
        doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == flagged.document.sha256)).one()
        run = s.scalars(select(RunRow).where(RunRow.document_id == doc.id).order_by(RunRow.id.desc())).first()
        total = next(f for f in run.fields if f.name == "total")
    assert (total.value, total.source) == ("196.35", "review")


def test_a_chunk_saved_with_its_json_texts_stores_what_model_dump_gives(chunk_store, tmp_path):
    """The batch hands the store each result's `to_json()` (serialised once for the run row, the export and
    the output file): the stored run must be what `model_dump(mode="json")` gives."""
    chunk = list(_chunk(tmp_path))
    chunk[0].pipeline["big"] = 2**70 + 1  # an integer past 64 bits stays that integer (orjson reads a float)
    texts = [r.to_json() for r in chunk]
    assert chunk_store.save_results(chunk, "fp", texts) == ["approved", "duplicate", "needs_review"]
    with chunk_store.session() as s:
        stored = {d.sha256: r.result for d, r in s.execute(select(DocumentRow, RunRow).join(RunRow))}
    for result in chunk:
        assert stored[result.document.sha256] == result.model_dump(mode="json", by_alias=True)
    assert stored[chunk[0].document.sha256]["pipeline"]["big"] == 2**70 + 1


def _rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        fields = con.execute(
            "SELECT d.sha256, f.name, f.value, f.status, f.confidence, f.evidence, f.rule, f.reason, f.source, "
            "f.candidates FROM fields f JOIN extraction_runs r ON r.id = f.run_id "
            "JOIN documents d ON d.id = r.document_id ORDER BY d.sha256, f.id"
        ).fetchall()
        docs = con.execute(
            "SELECT sha256, status, pages, schema, error, dedupe_key, duplicate_of_id IS NULL, version "
            "FROM documents ORDER BY sha256"
        ).fetchall()
        items = con.execute(
            "SELECT d.sha256, i.kind, i.state, f.name FROM review_items i JOIN documents d ON d.id = i.document_id "
            "LEFT JOIN fields f ON f.id = i.field_id ORDER BY d.sha256, i.kind, f.name"
        ).fetchall()
    finally:
        con.close()
    return [*fields, *docs, *items]


def test_chunk_writes_the_rows_the_per_document_path_writes(tmp_path):
    chunk = _chunk(tmp_path)
    one_by_one = SqlStore(f"sqlite:///{tmp_path / 'a.db'}", export_dir=tmp_path / "a")
    together = SqlStore(f"sqlite:///{tmp_path / 'b.db'}", export_dir=tmp_path / "b")
    try:
        assert [one_by_one.save_result(r, "fp") for r in chunk] == together.save_results(chunk, "fp")
        assert _rows(tmp_path / "a.db") == _rows(tmp_path / "b.db")
        a, b = tmp_path / "a", tmp_path / "b"
        for name in ("first.json", "line_items.csv"):
            assert (a / name).read_text() == (b / name).read_text(), name
        rows_a, rows_b = (list(csv.reader((x / "invoices.csv").read_text().splitlines())) for x in (a, b))
        assert rows_a[0][-1] == "approved_at"  # the approval time differs between the two stores
        assert [r[:-1] for r in rows_a] == [r[:-1] for r in rows_b] and len(rows_a) == 2
    finally:
        one_by_one.close()
        together.close()


# ---- through run_batch: XML e-invoices ----------------------------------------------------------------------


def _inbox(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    files = []
    for i in range(n):
        flavor, name = ("factur-x", "cii") if i % 2 == 0 else ("ubl-2.1", "ubl")
        path = folder / f"{name}{i:02d}.xml"
        path.write_bytes(einvoices.xml(einvoices.terms(500 + i), flavor))
        files.append(path)
    return files


def test_xml_batch_catches_a_copy_in_its_chunk_and_a_rerun_adds_nothing(tmp_path):
    files = _inbox(tmp_path / "in", 6)
    copy = tmp_path / "in" / "cii00-resent.xml"  # other bytes, the same invoice
    copy.write_bytes(files[0].read_bytes() + b"\n<!-- sent again -->\n")
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'store.db'}"
    st = SqlStore(db, export_dir=out / "approved")
    try:
        summary = run_batch([tmp_path / "in"], out, PipelineOptions(), store=st)
        status = {o.path.name: o.status for o in summary.outcomes}
        assert sorted(status.values()) == ["approved"] * 5 + ["approved", "duplicate"]
        assert {status["cii00.xml"], status["cii00-resent.xml"]} == {"approved", "duplicate"}
        assert len(_csv_shas(out / "approved" / "invoices.csv")) == 6
        assert sorted(p.name for p in out.glob("*.json")) == sorted(f"{p.stem}.json" for p in [*files, copy])
        counts = [_count(st, table) for table in TABLES]

        again = run_batch([tmp_path / "in"], out, PipelineOptions(), store=st)
        assert {o.status for o in again.outcomes} == {"skipped"}
        for name in ("ubl01.json", "cii00-resent.json"):  # outputs lost: those two are processed again
            (out / name).unlink()
        third = run_batch([tmp_path / "in"], out, PipelineOptions(), store=st)
        redone = {o.path.name: o.status for o in third.outcomes if o.status != "skipped"}
        assert redone == {"ubl01.xml": "approved", "cii00-resent.xml": status["cii00-resent.xml"]}
        assert [_count(st, table) for table in TABLES] == counts
        assert len(_csv_shas(out / "approved" / "invoices.csv")) == 6
    finally:
        st.close()


def test_a_document_the_database_refuses_fails_alone(tmp_path):
    """A rule in the database itself (a trigger, as a DBA might add) refuses one document of the chunk: the
    chunk's transaction fails, each document is saved on its own, and only the refused one fails."""
    files = _inbox(tmp_path / "in", 5)
    refused = files[2].rename(files[2].with_name("refused.xml"))
    db_path = tmp_path / "store.db"
    st = SqlStore(f"sqlite:///{db_path}", export_dir=tmp_path / "out" / "approved")
    con = sqlite3.connect(db_path)
    con.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.path LIKE '%refused.xml' "
        "BEGIN SELECT RAISE(ABORT, 'refused by a database rule'); END"
    )
    con.commit()
    con.close()
    out = tmp_path / "out"
    try:
        summary = run_batch([tmp_path / "in"], out, PipelineOptions(), store=st)
        status = {o.path.name: o.status for o in summary.outcomes}
        assert status.pop("refused.xml") == "failed"
        assert set(status.values()) == {"approved"} and len(status) == 4
        [failed] = read_failed(out)
        assert Path(failed["path"]) == refused and "refused by a database rule" in failed["message"]
        assert not (out / "refused.json").exists()
        assert len(_csv_shas(out / "approved" / "invoices.csv")) == 4
        with st.session() as s:
            stored = {Path(p).name for p in s.scalars(select(DocumentRow.path))}
        assert stored == set(status)
        for name in status:  # each output is whole and says what the st says
            payload = json.loads((out / name.replace(".xml", ".json")).read_text(encoding="utf-8"))
            assert payload["review"] == []
    finally:
        st.close()


def test_an_approved_export_shares_its_bytes_with_the_output_and_a_later_write_splits_them(tmp_path):
    """A straight-through document's `approved/<stem>.json` is its `<stem>.json` byte for byte: one file on
    disk under two names. docextract replaces files, never edits them, so a new version of one (here the export
    written again, as after a reviewer's correction) leaves the other as it was."""
    from pipeline.outputs import atomic_write_text

    _inbox(tmp_path / "in", 2)
    out = tmp_path / "out"
    st = SqlStore(f"sqlite:///{tmp_path / 'store.db'}", export_dir=out / "approved")
    try:
        summary = run_batch([tmp_path / "in"], out, PipelineOptions(), store=st)
    finally:
        st.close()
    assert {o.status for o in summary.outcomes} == {"approved"}
    output, export = out / "cii00.json", out / "approved" / "cii00.json"
    assert output.read_bytes() == export.read_bytes()
    assert output.stat().st_ino == export.stat().st_ino and output.stat().st_nlink == 2
    before = output.read_text(encoding="utf-8")
    atomic_write_text(export, before.replace('"approved"', '"corrected"', 1))
    assert output.read_text(encoding="utf-8") == before
    assert export.stat().st_ino != output.stat().st_ino


def test_a_shareable_text_is_written_again_when_its_twin_changed_or_vanished(tmp_path):
    from pipeline.outputs import atomic_write_text

    first, second, third = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    atomic_write_text(first, '{"n": 1}\n', shareable=True)
    with first.open("a", encoding="utf-8") as fh:  # edited in place by someone else
        fh.write(" ")
    atomic_write_text(second, '{"n": 1}\n', shareable=True)
    assert second.read_text(encoding="utf-8") == '{"n": 1}\n' and second.stat().st_ino != first.stat().st_ino
    second.unlink()
    atomic_write_text(third, '{"n": 1}\n', shareable=True)
    assert third.read_text(encoding="utf-8") == '{"n": 1}\n' and third.stat().st_nlink == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_export_folder_on_another_file_system_gets_a_copy(tmp_path):
    """A hard link cannot cross file systems: the export folder on another one (here tmpfs) gets a copy."""
    import os
    import tempfile

    from pipeline.outputs import atomic_write_text

    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs a second file system (/dev/shm) beside the test's temp folder")
    with tempfile.TemporaryDirectory(dir=shm) as other:
        first, second = tmp_path / "a.json", Path(other) / "a.json"
        atomic_write_text(first, '{"n": 2}\n', shareable=True)
        atomic_write_text(second, '{"n": 2}\n', shareable=True)
        assert second.read_text(encoding="utf-8") == '{"n": 2}\n'
        assert first.stat().st_nlink == 1 and second.stat().st_nlink == 1
        assert not list(Path(other).glob(".*.tmp"))
