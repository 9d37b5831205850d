"""Worker-process plumbing of a batch: one `Pipeline` per process, and a pool that survives a worker dying.

`work` never raises: it returns (path, result JSON, error class, message). Besides the pipeline's own errors it
notices a file that vanished or changed while it was read (a scanner still writing, another worker moving it):
those come back with the error class `VANISHED` or `CHANGED` from `pipeline.walk`, which the batch counts as
skips rather than failures. The change check is a `stat` before and after (size, mtime, inode): cheap next to
reading the document, and it catches a result computed from bytes that no longer exist.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import DocExtractError
from pipeline.options import PipelineOptions
from pipeline.walk import CHANGED, VANISHED

if TYPE_CHECKING:
    from pipeline.runner import Pipeline

log = logging.getLogger("docextract")

WorkResult = tuple[str, str | None, str | None, str | None]
Settle = Callable[[Path, str, str | None, str | None, str | None, float], None]

_WORKER: Pipeline | None = None


def init_worker(options_json: str, ocr_threads: int | None = None) -> None:
    global _WORKER
    from pipeline.runner import Pipeline

    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker; the pool provides the parallelism
    options = PipelineOptions.model_validate_json(options_json)
    if ocr_threads and options.ocr.threads is None:  # N workers share the cores: no engine takes them all
        options.ocr.threads = ocr_threads
    _WORKER = Pipeline(options)


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def work(path: str) -> WorkResult:
    """Runs in a worker: returns (path, result json, error class, message). Never raises."""
    assert _WORKER is not None
    source = Path(path)
    before = _signature(source)
    if before is None:
        return path, None, VANISHED, f"{path}: removed before it could be processed"
    try:
        result_json = _WORKER.process(source).to_json()
        error = message = None
    except DocExtractError as exc:
        result_json, error, message = None, type(exc).__name__, str(exc)
    except Exception as exc:  # an engine crash must fail one document, never the batch
        log.exception("unexpected error on %s", path)
        result_json, error = None, type(exc).__name__
        message = f"{path}: unexpected {type(exc).__name__}: {exc}"
    after = _signature(source)
    if after is None:
        return path, None, VANISHED, f"{path}: removed while it was being processed"
    if after != before:
        return (
            path,
            None,
            CHANGED,
            f"{path}: changed while it was being read; the next run takes its final version",
        )
    return path, result_json, error, message


def run_pool(items: Iterator[tuple[Path, str]], workers: int, options_json: str, settle: Settle) -> None:
    """Bounded submission (memory independent of folder size); survives a worker process dying.

    A native crash or an OOM kill breaks the whole pool: the files in flight are retried once in a fresh pool,
    and a file that breaks a pool twice is failed with that reason, so one bad file cannot stop a batch.
    """
    crashes: dict[Path, int] = {}
    retry: list[tuple[Path, str]] = []
    exhausted = False
    while not exhausted or retry:
        broken: list[tuple[Path, str]] = []
        threads = max(1, (os.cpu_count() or 1) // workers)
        with ProcessPoolExecutor(workers, initializer=init_worker, initargs=(options_json, threads)) as pool:
            pending: dict[Future, tuple[Path, str, float]] = {}

            while not broken:
                if retry:  # suspects run alone, so an innocent file is never blamed for another's crash
                    while pending and not broken:
                        _collect(wait(pending, return_when=FIRST_COMPLETED).done, pending, broken, settle)
                    if broken:
                        break
                    path, sha = retry.pop()
                else:
                    nxt = next(items, None)
                    if nxt is None:
                        exhausted = True
                        break
                    path, sha = nxt
                try:
                    pending[pool.submit(work, str(path))] = (path, sha, time.perf_counter())
                except BrokenProcessPool:
                    broken.append((path, sha))
                    break
                solo = bool(crashes.get(path))
                while (len(pending) >= workers * 2 or (solo and pending)) and not broken:
                    _collect(wait(pending, return_when=FIRST_COMPLETED).done, pending, broken, settle)
            while pending:
                _collect(wait(pending, return_when=FIRST_COMPLETED).done, pending, broken, settle)
        for path, sha in broken:
            crashes[path] = crashes.get(path, 0) + 1
            if crashes[path] >= 2:
                log.error("worker crashed twice on %s", path)
                settle(
                    path,
                    sha,
                    None,
                    "WorkerCrashed",
                    f"{path}: the worker process died twice while processing this file (native crash or out of memory)",
                    0.0,
                )
            else:
                retry.append((path, sha))


def run_threads(items: Iterator[tuple[Path, str]], threads: int, settle: Settle) -> None:
    """Documents in `threads` threads of this process (after `init_worker`), settled here as they finish.

    For a VLM run: the documents' requests then wait together in the VLM's queue (a local model batches them,
    a server keeps them in flight) while the other documents' CPU stages go on. `settle` runs in the calling
    thread only (store, outputs, progress)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads, thread_name_prefix="docextract-doc") as pool:
        pending: dict[Future, tuple[Path, str, float]] = {}
        for path, sha in items:
            pending[pool.submit(work, str(path))] = (path, sha, time.perf_counter())
            while len(pending) >= threads:
                _settle_done(wait(pending, return_when=FIRST_COMPLETED).done, pending, settle)
        while pending:
            _settle_done(wait(pending, return_when=FIRST_COMPLETED).done, pending, settle)


def _settle_done(done, pending: dict, settle: Settle) -> None:
    for fut in done:
        path, sha, t = pending.pop(fut)
        _, res, err, msg = fut.result()  # `work` never raises
        settle(path, sha, res, err, msg, time.perf_counter() - t)


def _collect(done, pending: dict, broken: list, settle: Settle) -> None:
    for fut in done:
        path, sha, t = pending.pop(fut)
        try:
            _, res, err, msg = fut.result()
        except BrokenProcessPool:
            broken.append((path, sha))
            continue
        settle(path, sha, res, err, msg, time.perf_counter() - t)
