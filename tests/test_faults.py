"""Fault tolerance with real processes, files and databases: kills mid-batch, locked or absent stores, crashes.

Nothing of ours is mocked. A batch is killed with SIGKILL (the whole process group, workers included) while it
writes, then run again; a SQLite file is locked by a second connection; a PostgreSQL URL points at a closed
port; a worker process really dies (SIGKILL from a user schema's validator, as a native extension in a custom
schema could) and a real OCR engine really refuses a page. After each, the store and the output folder must
hold every document exactly once and nothing half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from pipeline.batch import run_batch
from pipeline.options import OcrOptions, PipelineOptions
from pipeline.outputs import FAILED_NAME, read_failed
from pipeline.store.db import StoreUnavailableError
from pipeline.store.models import DocumentRow, FieldRow, ReviewItemRow, RunRow
from pipeline.store.sql import SqlStore
from tests import docgen
from tests.docgen import SAMPLE_INVOICE, TextItem

ROOT = Path(__file__).resolve().parent.parent
N_DOCS = 12
PAGES_PER_DOC = 40  # ~0.15 s per document: slow enough to kill mid-batch, fast enough for a test

CRASHING_SCHEMA = '''
"""A user schema whose validator takes its process down on one value, as a crashing native extension would."""
import os
import signal
from typing import Annotated

from pydantic import AfterValidator

from schemas import Invoice


def _checked(value):
    if value and "CRASH" in value:
        os.kill(os.getpid(), signal.SIGKILL)
    return value


class CrashOnMarker(Invoice):
    invoice_number: Annotated[str | None, AfterValidator(_checked)] = None
'''


def _invoice(number: str) -> list[TextItem]:
    return [
        TextItem(f"Invoice number: {number}", 340, 120, 10) if t.text.startswith("Invoice number") else t
        for t in SAMPLE_INVOICE
    ]


def _cli() -> list[str]:
    """The installed console script when there is one, else the same Typer app through this interpreter."""
    exe = shutil.which("docextract")
    return [exe] if exe else [sys.executable, "-c", "from pipeline.cli import app; app()"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["OMP_NUM_THREADS"] = "1"
    env["COLUMNS"] = "300"  # keep rich from wrapping messages that the tests search
    return env


def _run_cli(inbox: Path, out: Path, db_url: str, *extra: str) -> list[str]:
    return [*_cli(), "run", str(inbox), "--out", str(out), "--db", db_url, "--no-progress", *extra]


def _outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.json") if not p.name.startswith("."))


def _start_and_kill(cmd: list[str], out: Path, after_outputs: int, deadline_s: float = 120) -> bool:
    """Start a batch, SIGKILL its whole process group once `after_outputs` results exist; False if it finished first."""
    proc = subprocess.Popen(
        cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < deadline_s:
            if len(_outputs(out)) >= after_outputs:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
                return True
            time.sleep(0.01)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"batch did not reach {after_outputs} outputs in {deadline_s} s")
        return False
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "inbox"
    folder.mkdir()
    for k in range(N_DOCS):
        docgen.make_text_pdf(folder / f"doc{k:02d}.pdf", [_invoice(f"INV-{7000 + k}")] * PAGES_PER_DOC)
    docgen.make_truncated_copy(folder / "doc03.pdf", folder / "doc05_truncated.pdf", keep_fraction=0.3)
    return folder


def _assert_store_exactly_once(db_path: Path) -> None:
    store = SqlStore(f"sqlite:///{db_path}")
    try:
        with store.session() as s:
            docs = s.scalars(select(DocumentRow)).all()
            by_name = Counter(Path(d.path).name for d in docs)
            expected = {f"doc{k:02d}.pdf" for k in range(N_DOCS)} | {"doc05_truncated.pdf"}
            assert set(by_name) == expected
            assert all(n == 1 for n in by_name.values()), by_name
            good = {d.id for d in docs if d.path.endswith(".pdf") and "truncated" not in d.path}
            assert len(good) == N_DOCS
            run_rows = s.execute(select(RunRow.document_id, RunRow.fingerprint)).all()
            runs = Counter(doc_id for doc_id, _ in run_rows)
            assert set(runs) == good and set(runs.values()) == {1}, f"one run per document: {run_rows}"
            fields = s.execute(
                select(FieldRow.run_id, FieldRow.name, func.count()).group_by(FieldRow.run_id, FieldRow.name)
            ).all()
            assert fields and all(n == 1 for *_, n in fields)
            flagged = s.scalar(
                select(func.count())
                .select_from(FieldRow)
                .where(FieldRow.status.not_in(("ok", "not_on_document")))  # accepted as not printed
            )
            items = s.execute(select(ReviewItemRow.field_id, ReviewItemRow.kind)).all()
            field_items = Counter(fid for fid, kind in items if kind == "field")
            assert all(n == 1 for n in field_items.values()), "a field got two review items"
            assert len(field_items) == flagged
            failed = [d for d in docs if "truncated" in d.path]
            assert failed[0].status == "failed" and "doc05_truncated.pdf" in (failed[0].error or "")
    finally:
        store.close()


def _assert_outputs_whole(out: Path) -> None:
    names = [p.name for p in _outputs(out)]
    assert sorted(names) == [f"doc{k:02d}.json" for k in range(N_DOCS)], "exactly one output per document"
    for p in _outputs(out):
        payload = json.loads(p.read_text(encoding="utf-8"))  # no half-written JSON
        assert payload["document"]["sha256"] and payload["document"]["pages"] == PAGES_PER_DOC
        assert payload["data"]["invoice_number"] == f"INV-{7000 + int(p.stem[3:])}"
    # A kill between creating a temp file and renaming it can leave a dot-temp; nothing else may stray but the
    # exports of the documents that needed no review (OUT/approved), each exported once and only those.
    stray = [
        p.name
        for p in out.iterdir()
        if not p.name.startswith(".") and p.suffix not in (".json", ".jsonl") and p.name != "approved"
    ]
    assert stray == []
    clean = sorted(p.stem for p in _outputs(out) if not json.loads(p.read_text(encoding="utf-8"))["review"])
    exported = (
        sorted(p.stem for p in (out / "approved").glob("*.json")) if (out / "approved").exists() else []
    )
    assert exported == clean, "an export for every document that needed no review, and for no other"
    failed = read_failed(out)
    assert [Path(f["path"]).name for f in failed] == ["doc05_truncated.pdf"], (
        "failed.jsonl: one line per file"
    )
    assert "doc05_truncated.pdf" in failed[0]["message"]


def test_killed_mid_batch_then_rerun_stores_everything_once(inbox: Path, tmp_path: Path) -> None:
    out, db_path = tmp_path / "out", tmp_path / "store.db"
    cmd = _run_cli(inbox, out, f"sqlite:///{db_path}", "--workers", "2")
    assert _start_and_kill(cmd, out, after_outputs=3), (
        "the batch ended before the kill: make documents slower"
    )
    assert len(_outputs(out)) < N_DOCS, "the kill must leave work undone"
    _start_and_kill(cmd, out, after_outputs=8)  # a second kill, of a run that resumed (best effort)

    done = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    _assert_store_exactly_once(db_path)
    _assert_outputs_whole(out)

    before = {p.name: p.stat().st_mtime_ns for p in _outputs(out)}
    again = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert {p.name: p.stat().st_mtime_ns for p in _outputs(out)} == before, "unchanged documents rewritten"
    _assert_store_exactly_once(db_path)
    _assert_outputs_whole(out)


def test_worker_process_dying_fails_one_document_and_rerun_keeps_one_failure_line(tmp_path: Path) -> None:
    schema_dir = tmp_path / "userschemas"
    schema_dir.mkdir()
    (schema_dir / "crashy_schema.py").write_text(CRASHING_SCHEMA, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(4):
        docgen.make_text_pdf(folder / f"ok{k}.pdf", [_invoice(f"INV-{100 + k}")])
    docgen.make_text_pdf(folder / "killer.pdf", [_invoice("CRASH-1")])
    options = PipelineOptions(schema_spec="crashy_schema:CrashOnMarker")
    out = tmp_path / "out"
    store = SqlStore(f"sqlite:///{tmp_path / 's.db'}")
    sys.path.insert(0, str(schema_dir))  # workers fork from this process and inherit it
    try:
        for _ in range(2):
            summary = run_batch([folder], out, options, store=store, workers=2)
            by_name = {o.path.name: o for o in summary.outcomes}
            assert by_name["killer.pdf"].status == "failed"
            assert by_name["killer.pdf"].error_class == "WorkerCrashed"
            assert "killer.pdf" in (by_name["killer.pdf"].message or "")
            failed = read_failed(out)
            assert [Path(f["path"]).name for f in failed] == ["killer.pdf"]
            assert sorted(p.name for p in _outputs(out)) == [f"ok{k}.json" for k in range(4)]
        assert summary.count("skipped") == 4  # the second run redid only the failure
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(RunRow)) == 4
            assert s.scalar(select(func.count()).select_from(DocumentRow)) == 5
    finally:
        sys.path.remove(str(schema_dir))
        sys.modules.pop("crashy_schema", None)
        store.close()


def _tall_receipt_scan() -> np.ndarray:
    """A long thermal-receipt scan, 33,000 px tall: tesseract refuses images over 32,767 px on a side."""
    import cv2

    img = np.full((33_000, 240, 3), 255, np.uint8)
    for y in range(300, 33_000, 500):
        cv2.putText(img, "ITEM 1.00", (10, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    return img


@pytest.fixture()
def ocr_inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "ocr in"
    folder.mkdir()
    docgen.make_text_pdf(folder / "a_text.pdf", [_invoice("INV-1")])
    docgen.save_image(folder / "b_long_receipt.png", _tall_receipt_scan(), dpi=200)
    docgen.save_image(folder / "c_scan.png", docgen.render_text_image(dpi=150), dpi=150)
    return folder


def _run_tesseract_batch(folder: Path, out: Path):
    if shutil.which("tesseract") is None:
        pytest.skip("Debian tesseract-ocr is not installed")
    return run_batch([folder], out, PipelineOptions(ocr=OcrOptions(engine="tesseract")), workers=1)


@pytest.mark.slow
def test_ocr_engine_failing_on_one_page_fails_that_document_only(ocr_inbox: Path, tmp_path: Path) -> None:
    summary = _run_tesseract_batch(ocr_inbox, tmp_path / "out")
    by_name = {o.path.name: o for o in summary.outcomes}
    assert by_name["b_long_receipt.png"].status == "failed"
    assert by_name["b_long_receipt.png"].error_class == "OcrEngineError"
    assert by_name["a_text.pdf"].status != "failed" and by_name["c_scan.png"].status != "failed"
    out_json = json.loads((tmp_path / "out" / "c_scan.json").read_text(encoding="utf-8"))
    assert out_json["data"]["invoice_number"] == "INV-2024-0042"  # OCR went on working after the failure
    [entry] = read_failed(tmp_path / "out")
    assert entry["error"] == "OcrEngineError" and "b_long_receipt.png" in entry["path"]


@pytest.mark.slow
def test_ocr_engine_error_names_file_and_page(ocr_inbox: Path, tmp_path: Path) -> None:
    summary = _run_tesseract_batch(ocr_inbox, tmp_path / "out")
    message = next(o.message for o in summary.outcomes if o.path.name == "b_long_receipt.png") or ""
    assert "b_long_receipt.png" in message and "page 1" in message


# ---- the store unavailable ------------------------------------------------------------------------------


def _lock_exclusively(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_locked_sqlite_store_waits_then_succeeds_when_released(tmp_path: Path) -> None:
    db_path = tmp_path / "busy.db"
    store = SqlStore(f"sqlite:///{db_path}")
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(2):
        docgen.make_text_pdf(folder / f"d{k}.pdf", [_invoice(f"INV-{k}")])
    lock = _lock_exclusively(db_path)
    release = threading.Timer(1.5, lock.rollback)
    try:
        release.start()
        t0 = time.monotonic()
        summary = run_batch([folder], tmp_path / "out", PipelineOptions(), store=store)
        waited = time.monotonic() - t0
    finally:
        release.cancel()
        lock.close()
    assert waited >= 1.0, "the batch cannot have written while the database was locked"
    assert summary.count("failed") == 0 and len(summary.outcomes) == 2
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(RunRow)) == 2
    store.close()


@pytest.mark.slow
def test_sqlite_store_locked_for_good_fails_with_error_naming_database(tmp_path: Path) -> None:
    """The store waits its busy timeout on each retry before it gives up (short settings keep the test fast)."""
    db_path = tmp_path / "held.db"
    store = SqlStore(f"sqlite:///{db_path}", retries=2, busy_timeout_s=1.0)
    lock = _lock_exclusively(db_path)
    try:
        with pytest.raises(StoreUnavailableError) as info:
            store.save_failure(str(tmp_path / "x.pdf"), "0" * 64, "CorruptFileError", "x.pdf: broken", "fp")
    finally:
        lock.close()
        store.close()
    assert str(db_path) in str(info.value) and "locked" in str(info.value)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_postgres_on_closed_port_fails_fast_with_clear_error(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://alice:s3cr3t-pw@127.0.0.1:{_closed_port()}/docs"
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        SqlStore(url)
    assert time.monotonic() - t0 < 20, "an unreachable server must not hang the run"
    message = str(info.value)
    assert "127.0.0.1" in message and "refused" in message.lower() and "s3cr3t-pw" not in message


def test_cli_run_with_unreachable_postgres_exits_2_and_says_what_to_check(tmp_path: Path) -> None:
    docgen.make_text_pdf(tmp_path / "a.pdf")
    port = _closed_port()
    url = f"postgresql+psycopg://alice:s3cr3t-pw@127.0.0.1:{port}/docs"
    t0 = time.monotonic()
    done = subprocess.run(
        _run_cli(tmp_path / "a.pdf", tmp_path / "out", url),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - t0 < 60
    assert done.returncode == 2
    text = " ".join((done.stdout + done.stderr).split())
    assert f"127.0.0.1:{port}/docs" in text and "refused" in text.lower()
    assert "s3cr3t-pw" not in text
    assert not (tmp_path / "out" / FAILED_NAME).exists(), "no document may be blamed for a missing database"


# ---- the output folder unwritable: read-only, missing, full ----------------------------------------------------

EXIT_OUTPUT = 3


# These tests are about output faults and exports, not about which fields the scorer trusts: a lower acceptance
# threshold keeps their clean invoices approved whatever the shipped model's cut is.
APPROVE = ("--accept-threshold", "0.5")
APPROVE_ENV = {"DOCEXTRACT_ACCEPT_THRESHOLD": "0.5"}


def _approvable(number: str) -> list[TextItem]:
    """An invoice that needs no review (due date and a VAT id printed): approved and exported at once."""
    return [
        *_invoice(number),
        TextItem("Due date: 2024-04-14", 340, 152, 10),
        TextItem("VAT ID: DE136695976", 56, 106, 10),
    ]


@pytest.fixture(scope="module")
def approvable_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("approvable") / "inbox"
    folder.mkdir()
    for k in range(8):
        docgen.make_text_pdf(folder / f"inv{k}.pdf", [_approvable(f"INV-{500 + k}")])
    return folder


def _mount_tmpfs(where: Path, *options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def _remount(where: Path, *options: str) -> None:
    subprocess.run(["mount", "-o", ",".join(["remount", *options]), str(where)], check=True)


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _assert_whole_files(out: Path) -> None:
    """No half-written file anywhere: every JSON parses, every CSV row has all its columns, no temp file left."""
    import csv

    for p in out.rglob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    for p in out.rglob("*.csv"):
        with p.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows and all(len(r) == len(rows[0]) for r in rows), f"{p.name}: a row was cut short"
        assert all(len(r[0]) == 64 for r in rows[1:]), f"{p.name}: a row was cut short"
    assert not list(out.rglob(".*.tmp")), "temporary files left behind"


def _assert_all_exported(inbox: Path, out: Path) -> None:
    import csv

    stems = sorted(p.stem for p in inbox.glob("*.pdf"))
    assert sorted(p.stem for p in _outputs(out)) == stems
    assert sorted(p.stem for p in (out / "approved").glob("*.json")) == stems, (
        "every approved export is there"
    )
    with (out / "approved" / "invoices.csv").open(newline="", encoding="utf-8") as fh:
        shas = [row["sha256"] for row in csv.DictReader(fh)]
    assert len(shas) == len(stems) == len(set(shas)), "one CSV row per document, none twice"
    _assert_whole_files(out)


def test_full_disk_stops_with_one_clear_error_then_rerun_completes_exports_included(
    approvable_inbox: Path, tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "size=40k"):
        _full_disk_by_file_size_limit(approvable_inbox, tmp_path)
        return
    try:
        out, db_url = disk / "out", f"sqlite:///{tmp_path / 'store.db'}"
        first = subprocess.run(
            _run_cli(approvable_inbox, out, db_url, *APPROVE),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert first.returncode == EXIT_OUTPUT, first.stderr[-3000:]
        text = " ".join(first.stderr.split())
        assert (
            f"cannot write to {out}" in text
            and "disk is full" in text
            and "run the same command again" in text
        )
        assert "Traceback" not in first.stderr
        assert len(_outputs(out)) < 8, "the disk must have filled up before the end"
        _assert_whole_files(out)

        _remount(disk, "size=8m")  # the operator frees space
        second = subprocess.run(
            _run_cli(approvable_inbox, out, db_url, *APPROVE),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert second.returncode == 0, second.stderr[-3000:]
        _assert_all_exported(approvable_inbox, out)

        (out / "approved" / "inv3.json").unlink()  # an export lost later is written again by a re-run
        third = subprocess.run(
            _run_cli(approvable_inbox, out, db_url, *APPROVE),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert third.returncode == 0, third.stderr[-3000:]
        _assert_all_exported(approvable_inbox, out)
    finally:
        _umount(disk)


FSIZE_SCRIPT = """
import resource, sys
from pathlib import Path
from pipeline.errors import OutputLocationError
from pipeline.options import PipelineOptions
from pipeline.batch import run_batch
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    run_batch([sys.argv[1]], Path(sys.argv[2]), PipelineOptions())
except OutputLocationError as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""


def _full_disk_by_file_size_limit(inbox: Path, tmp_path: Path) -> None:
    """Without tmpfs (not root): a file-size limit makes big writes fail (EFBIG) as a full disk would."""
    big = tmp_path / "big-inbox"
    big.mkdir()
    for name in ("a", "b"):
        shutil.copy(next(inbox.glob("*.pdf")), big / f"{name}_small.pdf")
    docgen.make_text_pdf(big / "c_long.pdf", [_invoice("INV-LONG")] * 200)  # per-page metadata: a big output
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", FSIZE_SCRIPT, str(big), str(out), str(24_000)]
    first = subprocess.run(cmd, env=_env() | APPROVE_ENV, capture_output=True, text=True, timeout=300)
    assert first.returncode == EXIT_OUTPUT, first.stderr[-3000:]
    assert f"cannot write to {out}" in first.stderr and "size limit" in first.stderr
    _assert_whole_files(out)
    second = subprocess.run(
        cmd[:-1] + [str(10**9)], env=_env() | APPROVE_ENV, capture_output=True, text=True, timeout=300
    )
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(p.stem for p in _outputs(out)) == ["a_small", "c_long"], "the copy is one document"


def test_read_only_output_folder_exits_3_naming_it_then_rerun_completes(
    approvable_inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ro" / "out"
    out.mkdir(parents=True)
    as_root = os.geteuid() == 0
    if as_root and not _mount_tmpfs(out, "ro", "size=4m"):
        pytest.skip("root ignores file permissions and cannot mount a read-only tmpfs here")
    if not as_root:
        out.chmod(0o555)
    try:
        cmd = _run_cli(approvable_inbox, out, f"sqlite:///{tmp_path / 'store.db'}", *APPROVE)
        first = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
        assert first.returncode == EXIT_OUTPUT, first.stderr[-3000:]
        text = " ".join(first.stderr.split())
        assert f"cannot write to {out}" in text and ("read-only" in text or "permission denied" in text)
        assert "Traceback" not in first.stderr
        assert list(out.iterdir()) == []
        if as_root:
            _remount(out, "rw")
        else:
            out.chmod(0o755)
        second = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr[-3000:]
        _assert_all_exported(approvable_inbox, out)
    finally:
        if as_root:
            _umount(out)
        else:
            out.chmod(0o755)


def test_output_folder_with_a_missing_parent_exits_3_and_creates_nothing(tmp_path: Path) -> None:
    docgen.make_text_pdf(tmp_path / "a.pdf")
    out = tmp_path / "no" / "such" / "out"
    done = subprocess.run(
        _run_cli(tmp_path / "a.pdf", out, f"sqlite:///{tmp_path / 'store.db'}"),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_OUTPUT
    text = " ".join(done.stderr.split())
    assert f"cannot write to {out}" in text and "does not exist" in text and "Traceback" not in text
    assert not (tmp_path / "no").exists(), "a mistyped --out must not grow a tree"


# ---- two runs at once ----------------------------------------------------------------------------------------


def test_two_concurrent_runs_on_one_folder_and_store_report_no_false_failure(
    inbox: Path, tmp_path: Path
) -> None:
    out, db_path = tmp_path / "out", tmp_path / "store.db"
    SqlStore(f"sqlite:///{db_path}").close()  # migrated once, as a deployment would
    cmd = _run_cli(inbox, out, f"sqlite:///{db_path}")
    procs = [
        subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert "UNIQUE constraint" not in err
    _assert_store_exactly_once(db_path)
    _assert_outputs_whole(out)  # failed.jsonl lists exactly the one truly broken file
