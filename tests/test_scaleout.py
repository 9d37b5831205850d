"""Scale-out on a real PostgreSQL store (tests/pg.py): several `docextract run` processes, several store
clients, and two Prefect process workers on one work pool draining one inbox.

Nothing of ours is mocked: the processes are real, the database is a real PostgreSQL server started from
Debian's binaries, and the Prefect server is real (tests/prefect_server.py). After each, every document must
be stored, written and exported exactly once, and no process may report a failure that is not one.
"""

from __future__ import annotations

import csv
import json
import subprocess
import threading
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.outputs import read_failed
from pipeline.store.export import export_missing
from pipeline.store.models import DocumentRow, ExportRow, RunRow
from pipeline.store.sql import SqlStore
from tests import docgen, pg
from tests.test_faults import _approvable, _env, _invoice, _outputs, _run_cli
from tests.test_store import invoice_result, make_invoice_pdf

pytestmark = pytest.mark.postgres

REVIEW_DOCS, APPROVED_DOCS, REVIEW_PAGES = 6, 10, 30


@pytest.fixture(scope="module")
def pg_base() -> str:
    reason = pg.unavailable_reason()
    if reason:
        pytest.skip(reason)
    with pg.postgres_server() as url:
        yield url


@pytest.fixture
def fresh_db(pg_base: str) -> str:
    """A new, empty database (not migrated: the processes under test start on it together)."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_base.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_base.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def mixed_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Slow documents that need review, quick ones approved (and exported) at once, one truncated PDF."""
    folder = tmp_path_factory.mktemp("scaleout") / "inbox"
    folder.mkdir()
    for k in range(REVIEW_DOCS):
        docgen.make_text_pdf(folder / f"review{k}.pdf", [_invoice(f"INV-{8000 + k}")] * REVIEW_PAGES)
    for k in range(APPROVED_DOCS):
        docgen.make_text_pdf(folder / f"ok{k}.pdf", [_approvable(f"INV-{8100 + k}")])
    docgen.make_truncated_copy(folder / "review0.pdf", folder / "broken.pdf", keep_fraction=0.3)
    return folder


def _run_together(cmds: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [
        subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for cmd in cmds
    ]
    done = []
    for cmd, proc in zip(cmds, procs, strict=True):
        out, err = proc.communicate(timeout=400)
        done.append(subprocess.CompletedProcess(cmd, proc.returncode, out, err))
    return done


def _csv_shas(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["sha256"] for row in csv.DictReader(fh)]


def _assert_each_document_once(db_url: str, inbox: Path, outs: list[Path]) -> None:
    """One document row per file, one run per good document, every output and export written once."""
    names = sorted(p.name for p in inbox.glob("*.pdf"))
    store = SqlStore(db_url)
    try:
        with store.session() as s:
            docs = s.scalars(select(DocumentRow)).all()
            assert sorted(Path(d.path).name for d in docs) == names, "one document row per file"
            runs = Counter(s.scalars(select(RunRow.document_id)).all())
            good = {d.id for d in docs if Path(d.path).name != "broken.pdf"}
            assert set(runs) == good and set(runs.values()) == {1}, "one run per document"
            approved = {d.sha256 for d in docs if d.status == "approved"}
            assert len(approved) == APPROVED_DOCS
            assert {d.status for d in docs if Path(d.path).name.startswith("review")} == {"needs_review"}
            exports = s.execute(select(ExportRow.document_id, ExportRow.target, ExportRow.kind)).all()
            assert len(exports) == len(set(exports)) == 2 * APPROVED_DOCS * len(set(outs))
    finally:
        store.close()
    for out in set(outs):
        assert sorted(p.stem for p in _outputs(out)) == sorted(
            Path(n).stem for n in names if n != "broken.pdf"
        )
        failed = read_failed(out)
        assert [Path(f["path"]).name for f in failed] == ["broken.pdf"], "failed.jsonl lists the broken file"
        shas = _csv_shas(out / "approved" / "invoices.csv")
        assert sorted(shas) == sorted(approved), "each approved invoice exported once, none twice"
        assert len(list((out / "approved").glob("*.json"))) == APPROVED_DOCS


@pytest.mark.parametrize("layout", ["one output folder", "an output folder each"])
def test_two_runs_on_one_fresh_postgres_store_report_no_false_failure(
    mixed_inbox: Path, fresh_db: str, tmp_path: Path, layout: str
) -> None:
    """Two `docextract run` processes start together on an empty PostgreSQL database (both migrate it) and
    on the same inbox: sharing one output folder (they split the documents by claims) or each with its own
    (two machines: both process everything, the store keeps one record of each)."""
    outs = [tmp_path / "out"] * 2 if layout == "one output folder" else [tmp_path / "a", tmp_path / "b"]
    done = _run_together([_run_cli(mixed_inbox, out, fresh_db) for out in outs])
    for proc in done:
        assert proc.returncode == 0, proc.stderr[-3000:]
        for bad in ("Traceback", "IntegrityError", "UniqueViolation", "could not be stored"):
            assert bad not in proc.stderr, proc.stderr[-3000:]
    _assert_each_document_once(fresh_db, mixed_inbox, outs)


def test_copies_of_one_invoice_saved_at_once_on_postgres_approve_only_one(
    fresh_db: str, tmp_path: Path
) -> None:
    """Workers storing rescans of one invoice (other bytes, same vendor, number and total) at the same moment:
    exactly one is approved, every other copy is a duplicate waiting for a reviewer."""
    copies = [make_invoice_pdf(tmp_path, f"copy{k}.pdf", marker=f"scan {k}") for k in range(6)]
    results = [invoice_result(pdf) for pdf in copies]
    SqlStore(fresh_db).close()
    stores = [SqlStore(fresh_db, export_dir=tmp_path / "exports") for _ in copies]
    start = threading.Barrier(len(copies))
    statuses: list[str] = []

    def save(store: SqlStore, result) -> None:
        start.wait()
        statuses.append(store.save_result(result, "fp"))

    threads = [threading.Thread(target=save, args=pair) for pair in zip(stores, results, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for store in stores:
        store.close()
    assert sorted(statuses) == ["approved"] + ["duplicate"] * (len(copies) - 1)
    assert len(_csv_shas(tmp_path / "exports" / "invoices.csv")) == 1, "one copy exported"


def test_exports_completed_by_two_processes_at_once_are_written_once(fresh_db: str, tmp_path: Path) -> None:
    """Two runs finishing together both complete the exports of the same approved documents (the other run's
    approval may not be exported yet): neither fails, each document is exported once."""
    pdfs = [
        make_invoice_pdf(tmp_path, f"inv{k}.pdf", marker=f"{k}") for k in range(8)
    ]  # same values: one approved, the rest duplicates
    store = SqlStore(fresh_db)  # no export folder: approved, not yet exported
    shas = []
    for k, pdf in enumerate(pdfs):
        result = invoice_result(pdf)
        result.data["invoice_number"] = f"INV-{k}"
        shas.append(result.document.sha256)
        assert store.save_result(result, "fp") == "approved"
    store.close()
    out = tmp_path / "exports"
    out.mkdir()
    stores = [SqlStore(fresh_db) for _ in range(4)]
    start = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def complete(st: SqlStore) -> None:
        start.wait()
        try:
            export_missing(st, out, shas)
        except BaseException as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=complete, args=(st,)) for st in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for st in stores:
        st.close()
    assert errors == []
    assert sorted(_csv_shas(out / "invoices.csv")) == sorted(shas)
    assert len(list(out.glob("*.json"))) == len(pdfs)
    with SqlStore(fresh_db).session() as s:
        assert s.scalar(select(func.count()).select_from(ExportRow)) == 2 * len(pdfs)
    assert json.loads((out / "inv0.json").read_text())["data"]["invoice_number"] == "INV-0"
