"""Scale-out on a real PostgreSQL store (tests/pg.py): several `docextract run` processes, several store
clients, and two Prefect process workers on one work pool draining one inbox.

Nothing of ours is mocked: the processes are real, the database is a real PostgreSQL server started from
Debian's binaries, and the Prefect server is real (tests/prefect_server.py). After each, every document must
be stored, written and exported exactly once, and no process may report a failure that is not one.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
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
from tests.prefect_server import PrefectServer, drain_prefect_clients, start_prefect_server
from tests.test_faults import ROOT, _approvable, _env, _invoice, _outputs, _run_cli
from tests.test_store import invoice_result, make_invoice_pdf

pytestmark = pytest.mark.postgres

REVIEW_DOCS, APPROVED_DOCS, REVIEW_PAGES = 6, 10, 30
# The invoices with every field printed are approved whatever the scorer's calibration of the day; the others
# print a total that is not subtotal + tax (a hard rule) and wait for review.
ACCEPT = {"DOCEXTRACT_ACCEPT_THRESHOLD": "0.5"}
WORKER_REVIEW_DOCS, WORKER_PAGES = (
    60,
    60,
)  # ~40 s for one worker: a loaded machine starts the second within that


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
        docgen.make_text_pdf(folder / f"review{k}.pdf", [_off_total(f"INV-{8000 + k}")] * REVIEW_PAGES)
    for k in range(APPROVED_DOCS):
        docgen.make_text_pdf(folder / f"ok{k}.pdf", [_approvable(f"INV-{8100 + k}")])
    docgen.make_truncated_copy(folder / "review0.pdf", folder / "broken.pdf", keep_fraction=0.3)
    return folder


def _off_total(number: str) -> list[docgen.TextItem]:
    """An invoice whose total is not its subtotal plus tax: the arithmetic rule sends it to review, always."""
    return [
        docgen.TextItem("Total: 199.35 EUR", t.x, t.y, t.size) if t.text.startswith("Total:") else t
        for t in _invoice(number)
    ]


def _run_together(cmds: list[list[str]], logs: Path) -> list[subprocess.CompletedProcess]:
    """Start all, wait for all. Output goes to files: a pipe nobody reads would stall a chatty process while
    it holds claims, and the others would wait for it forever."""
    logs.mkdir(exist_ok=True)
    procs = []
    for i, cmd in enumerate(cmds):
        with (logs / f"{i}.out").open("wb") as out, (logs / f"{i}.err").open("wb") as err:
            procs.append(subprocess.Popen(cmd, env={**_env(), **ACCEPT}, stdout=out, stderr=err))
    done = []
    for i, (cmd, proc) in enumerate(zip(cmds, procs, strict=True)):
        proc.wait(timeout=400)
        out, err = ((logs / f"{i}.{kind}").read_text(errors="replace") for kind in ("out", "err"))
        done.append(subprocess.CompletedProcess(cmd, proc.returncode, out, err))
    return done


def _csv_shas(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["sha256"] for row in csv.DictReader(fh)]


def _assert_each_document_once(
    db_url: str, names: list[str], outs: list[Path], exports: list[Path] | None = None
) -> None:
    """One document row per file, one run per good document, every output and export written once
    (`exports`: the export folders; default `<out>/approved` of each output folder)."""
    exports = exports if exports is not None else [out / "approved" for out in set(outs)]
    store = SqlStore(db_url)
    try:
        with store.session() as s:
            docs = s.scalars(select(DocumentRow)).all()
            assert sorted(Path(d.path).name for d in docs) == sorted(names), "one document row per file"
            runs = Counter(s.scalars(select(RunRow.document_id)).all())
            good = {d.id for d in docs if Path(d.path).name != "broken.pdf"}
            assert set(runs) == good and set(runs.values()) == {1}, "one run per document"
            approved = {d.sha256 for d in docs if d.status == "approved"}
            assert {Path(d.path).name for d in docs if d.sha256 in approved} == {
                n for n in names if n.startswith("ok")
            }
            assert {d.status for d in docs if Path(d.path).name.startswith("review")} == {"needs_review"}
            rows = s.execute(select(ExportRow.document_id, ExportRow.target, ExportRow.kind)).all()
            assert len(rows) == len(set(rows)) == 2 * len(approved) * len(set(exports))
    finally:
        store.close()
    for out in set(outs):
        stems = sorted(Path(n).stem for n in names if n != "broken.pdf")
        assert sorted(p.stem for p in _outputs(out)) == stems, "one output per document"
        failed = read_failed(out)
        assert [Path(f["path"]).name for f in failed] == ["broken.pdf"], "failed.jsonl lists the broken file"
    for folder in set(exports):
        shas = _csv_shas(folder / "invoices.csv")
        assert sorted(shas) == sorted(approved), "each approved invoice exported once, none twice"
        assert len(list(folder.glob("*.json"))) == len(approved)


@pytest.mark.parametrize("layout", ["one output folder", "an output folder each"])
def test_two_runs_on_one_fresh_postgres_store_report_no_false_failure(
    mixed_inbox: Path, fresh_db: str, tmp_path: Path, layout: str
) -> None:
    """Two `docextract run` processes start together on an empty PostgreSQL database (both migrate it) and
    on the same inbox: sharing one output folder (they split the documents by claims) or each with its own
    (two machines: both process everything, the store keeps one record of each)."""
    outs = [tmp_path / "out"] * 2 if layout == "one output folder" else [tmp_path / "a", tmp_path / "b"]
    done = _run_together([_run_cli(mixed_inbox, out, fresh_db) for out in outs], tmp_path / "logs")
    for proc in done:
        assert proc.returncode == 0, proc.stderr[-3000:]
        for bad in ("Traceback", "IntegrityError", "UniqueViolation", "could not be stored"):
            assert bad not in proc.stderr, proc.stderr[-3000:]
    _assert_each_document_once(fresh_db, [p.name for p in mixed_inbox.glob("*.pdf")], outs)


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


# ---- Prefect: two process workers on one work pool ---------------------------------------------------------


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = start_prefect_server(tmp_path_factory.mktemp("prefect-home"))
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server
            drain_prefect_clients()
    finally:
        server.stop()


def _worker_env(server: PrefectServer, export_dir: Path) -> dict[str, str]:
    env = server.client_env()
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_LOGGING_LEVEL="INFO",  # the worker logs which flow runs it submits
        DOCEXTRACT_EXPORT_DIR=str(export_dir),
        OMP_NUM_THREADS="1",
        **ACCEPT,
    )
    return env


def _deployment_runs(name: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[name]))
        )


def ran_by(worker_log: str, run_ids) -> set[str]:
    """The flow runs a worker ran: submitted and not aborted (both workers may try a run; one gets it)."""
    return {
        run_id
        for run_id in run_ids
        if f"submitting flow run '{run_id}'" in worker_log
        and f"Aborted submission of flow run '{run_id}'" not in worker_log
    }


def _documents_table(flow_run_id) -> list[dict]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    tables = [a.data for a in found if a.key == "docextract-batch-documents"]
    return json.loads(tables[0]) if tables else []


@pytest.mark.slow
def test_two_prefect_workers_drain_one_inbox_each_document_once(
    prefect_server: PrefectServer, fresh_db: str, tmp_path: Path
) -> None:
    """`docextract flows deploy --parallel 2` on a process work pool, two `prefect worker start --limit 1`
    processes, one run started: it starts a helper, each worker runs one, both process documents, and the
    PostgreSQL store, the outbox and the exports hold every document once."""
    from prefect.deployments import run_deployment

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for k in range(WORKER_REVIEW_DOCS):
        docgen.make_text_pdf(inbox / f"review{k:02d}.pdf", [_off_total(f"INV-{8200 + k}")] * WORKER_PAGES)
    for k in range(4):
        docgen.make_text_pdf(inbox / f"ok{k}.pdf", [_approvable(f"INV-{8300 + k}")])
    docgen.make_truncated_copy(inbox / "review00.pdf", inbox / "broken.pdf", keep_fraction=0.3)
    names = sorted(p.name for p in inbox.iterdir())
    out, processed, failed, exports = (tmp_path / d for d in ("out", "processed", "failed", "exports"))
    env = _worker_env(prefect_server, exports)
    deploy = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "deploy",
            "--inbox",
            str(inbox),
            "--pool",
            "scaleout",
            "--name",
            "scaleout",
            "--parallel",
            "2",
            "--out",
            str(out),
            "--db",
            fresh_db,
            "--move-to-processed",
            str(processed),
            "--move-to-failed",
            str(failed),
            "--min-age-s",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert deploy.returncode == 0, deploy.stderr[-3000:]
    assert "prefect worker start --pool scaleout --limit 1" in deploy.stdout

    logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
    workers = []
    for i, log_path in enumerate(logs, 1):
        with log_path.open("wb") as log:
            cmd = [sys.executable, "-m", "prefect", "worker", "start", "--pool", "scaleout", "--limit", "1"]
            workers.append(
                subprocess.Popen(
                    [*cmd, "--name", f"worker-{i}"],
                    env=env,
                    cwd=tmp_path,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    try:
        # Both workers polling before the run starts: on a loaded machine a worker process can take longer to
        # start than the first run takes, and the other worker then runs both (the premise is two workers).
        ready = time.monotonic() + 180
        while time.monotonic() < ready:
            started = [f"Worker 'worker-{i}' started!" in p.read_text() for i, p in enumerate(logs, 1)]
            if all(started):
                break
            for w, log_path in zip(workers, logs, strict=True):
                assert w.poll() is None, log_path.read_text()[-3000:]
            time.sleep(0.5)
        assert all(started), [p.read_text()[-1000:] for p in logs]
        first = run_deployment("process-folder/scaleout", timeout=0, as_subflow=False)
        deadline = time.monotonic() + 420
        runs: list = []
        while time.monotonic() < deadline:
            for w, log_path in zip(workers, logs, strict=True):
                assert w.poll() is None, log_path.read_text()[-3000:]
            runs = _deployment_runs("scaleout")
            final = [r for r in runs if r.state and r.state.is_final()]
            if len(final) == len(runs) and (len(runs) >= 2 or any(not r.state.is_completed() for r in runs)):
                break
            time.sleep(1)
        states = {str(r.id): (r.state.type.value if r.state else None) for r in runs}
        assert len(runs) == 2 and set(states.values()) == {"COMPLETED"}, (
            f"{states}\n{logs[0].read_text()[-2000:]}\n{logs[1].read_text()[-2000:]}"
        )
        assert str(first.id) in states
        submitted = [ran_by(log_path.read_text(), states) for log_path in logs]
        assert sorted(len(ids) for ids in submitted) == [1, 1] and submitted[0] != submitted[1], (
            "each worker ran one of the two runs"
        )
        tables = [_documents_table(r.id) for r in runs]
        files = [[row["file"] for row in table] for table in tables]
        # Each worker ran one of the two runs (above). How the documents split between them depends on how fast
        # the second worker's process starts on this 2-core machine: on a quiet one the first run can claim them
        # all before the helper run begins, so the split itself is not asserted, only that none is done twice.
        assert sorted(files[0] + files[1]) == names, "every document processed by exactly one run"
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(w.pid, signal.SIGKILL)
    assert sorted(p.name for p in processed.iterdir()) == [n for n in names if n != "broken.pdf"]
    assert [p.name for p in failed.iterdir()] == ["broken.pdf"] and list(inbox.iterdir()) == []
    _assert_each_document_once(fresh_db, names, [out], exports=[exports])
