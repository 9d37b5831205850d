"""Workers that save their own documents (pipeline/saving.py): two real processes, each with its own connection
to one real SQLite file, saving copies of the same invoice at the same moment end with exactly one approved and
the other held as a duplicate (spawned, so that nothing of this test process's state crosses into them); a
save waits for a write lock another process holds; and a `--workers 2` batch over many copies of one e-invoice
does the same through the worker processes' own saves, with re-runs adding nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.batch import run_batch
from pipeline.options import PipelineOptions
from pipeline.result import ExtractionResult
from pipeline.store import queue
from pipeline.store.models import DocumentRow, ReviewItemRow, RunRow
from pipeline.store.sql import SqlStore
from tests.test_store import _count, invoice_result, make_invoice_pdf
from tools.samples import einvoices


def _save_at_once(url: str, export_dir: str, result_json: str, barrier, answers) -> None:
    """A child process: its own store (own connection), then the save as soon as the other one is ready too."""
    store = SqlStore(url, export_dir=export_dir)
    result = ExtractionResult.model_validate_json(result_json)
    try:
        barrier.wait(timeout=60)
        answers.put((result.document.sha256, store.save_results([result], "fp")))
    finally:
        store.close()


def test_two_processes_saving_copies_of_one_invoice_at_once_approve_exactly_one(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    for round_ in range(4):  # the race is decided anew each round
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        copies = [
            invoice_result(make_invoice_pdf(folder, "a.pdf", marker="first delivery")),
            invoice_result(make_invoice_pdf(folder, "b.pdf", marker="sent again")),
        ]
        assert copies[0].document.sha256 != copies[1].document.sha256
        url, export_dir = f"sqlite:///{folder / 'store.db'}", str(folder / "export")
        SqlStore(url, export_dir=export_dir).close()  # the schema exists before the race starts
        barrier, answers = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_save_at_once, args=(url, export_dir, r.to_json(), barrier, answers))
            for r in copies
        ]
        for p in procs:
            p.start()
        got = dict(answers.get(timeout=120) for _ in procs)
        for p in procs:
            p.join(timeout=60)
            assert p.exitcode == 0
        assert sorted(s for [s] in got.values()) == ["approved", "duplicate"], got
        store = SqlStore(url, export_dir=export_dir)
        try:
            with store.session() as s:
                rows = {row.sha256: row for row in s.scalars(select(DocumentRow))}
            [original] = [r for r in rows.values() if r.status == "approved"]
            [duplicate] = [r for r in rows.values() if r.status == "duplicate"]
            assert duplicate.duplicate_of_id == original.id
            assert got[original.sha256] == ["approved"] and got[duplicate.sha256] == ["duplicate"]
            [held] = queue.list_queue(store, queue.QueueFilter(reason="duplicate"))
            assert Path(original.path).name in held.reason
        finally:
            store.close()


def test_two_workers_over_copies_of_one_invoice_keep_one_and_hold_the_rest(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    xml = einvoices.xml(einvoices.terms(700), "factur-x")
    copies = []
    for i in range(6):  # other bytes, the same invoice
        path = inbox / f"copy{i}.xml"
        path.write_bytes(xml + f"\n<!-- copy {i} -->\n".encode())
        copies.append(path)
    for i in range(6):
        (inbox / f"other{i}.xml").write_bytes(einvoices.xml(einvoices.terms(800 + i), "ubl-2.1"))
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'store.db'}"
    store = SqlStore(db, export_dir=out / "approved")
    try:
        summary = run_batch([inbox], out, PipelineOptions(), store=store, workers=2)
        status = {o.path.name: o.status for o in summary.outcomes}
        assert len(status) == 12
        assert sorted(status[p.name] for p in copies) == ["approved"] + ["duplicate"] * 5
        assert all(status[f"other{i}.xml"] == "approved" for i in range(6))
        assert sorted(p.name for p in out.glob("*.json")) == sorted(f"{n[:-4]}.json" for n in status)
        counts = [_count(store, t) for t in (DocumentRow, RunRow, ReviewItemRow)]
        assert counts[0] == counts[1] == 12

        again = run_batch([inbox], out, PipelineOptions(), store=store, workers=2)
        assert {o.status for o in again.outcomes} == {"skipped"}
        assert [_count(store, t) for t in (DocumentRow, RunRow, ReviewItemRow)] == counts
    finally:
        store.close()


def test_a_worker_waits_for_the_write_lock_another_process_holds(tmp_path):
    """Another process holds SQLite's write lock for a while: the save waits for it (busy timeout, retries)
    and then succeeds instead of failing the document."""
    import sqlite3
    import time

    ctx = multiprocessing.get_context("spawn")
    db_file = tmp_path / "store.db"
    url, export_dir = f"sqlite:///{db_file}", str(tmp_path / "export")
    SqlStore(url, export_dir=export_dir).close()
    result = invoice_result(make_invoice_pdf(tmp_path, "a.pdf"))
    barrier, answers = ctx.Barrier(2), ctx.Queue()
    proc = ctx.Process(target=_save_at_once, args=(url, export_dir, result.to_json(), barrier, answers))
    proc.start()
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the other worker's transaction, still open
    barrier.wait(timeout=60)
    started = time.monotonic()
    time.sleep(2.0)
    holder.execute("COMMIT")
    holder.close()
    sha, statuses = answers.get(timeout=120)
    proc.join(timeout=60)
    assert proc.exitcode == 0
    assert statuses == ["approved"] and sha == result.document.sha256
    assert time.monotonic() - started >= 2.0, "it saved only once the lock was free"


def _pipeline_mark() -> str | None:
    from pipeline import workers

    return getattr(workers._WORKER, "mark", None)


def test_pool_workers_start_with_the_pipeline_built_before_the_fork(tmp_path):
    """`preload` builds the workers' Pipeline once in the parent; forked workers keep it for the same options,
    and build their own for other options; the parent's own in-process batch never reuses a preloaded one."""
    from concurrent.futures import ProcessPoolExecutor

    from pipeline import workers

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("other start methods import afresh by design: nothing is inherited")
    options = PipelineOptions().model_dump_json()
    workers.preload(options, 1)
    workers._WORKER.mark = "built in the parent"
    other = PipelineOptions(schema_spec="receipt").model_dump_json()
    try:
        for initargs, expected in (((options, 1, None), "built in the parent"), ((other, 1, None), None)):
            with ProcessPoolExecutor(1, initializer=workers.init_worker, initargs=initargs) as pool:
                assert pool.submit(_pipeline_mark).result() == expected
        workers.init_worker(options, 1)  # this process, in-process: a new Pipeline
        assert _pipeline_mark() is None and workers._PRELOADED is None
    finally:
        workers._WORKER, workers._PRELOADED = None, None
