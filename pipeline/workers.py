"""Worker-process plumbing of a batch: one `Pipeline` per process, and a pool that survives a worker dying.

`work` never raises: it returns (path, result, error class, message). The result stays a Python object inside a
process (the in-process batch and a saving worker use it as it is) and becomes JSON only to cross to the parent.
Besides the pipeline's own errors it notices a file that vanished or changed while it was read (a scanner still
writing, another worker moving it): those come back with the error class `VANISHED` or `CHANGED` from
`pipeline.walk`, which the batch counts as skips rather than failures. The change check is a `stat` before and after (size, mtime, inode): cheap next to
reading the document, and it catches a result computed from bytes that no longer exist.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Union

from pipeline.errors import DocExtractError
from pipeline.options import PipelineOptions
from pipeline.saving import Outcome, WorkerSaver
from pipeline.walk import CHANGED, VANISHED

if TYPE_CHECKING:
    from pipeline.result import ExtractionResult
    from pipeline.runner import Pipeline

log = logging.getLogger("docextract")

WorkResult = tuple[str, "ExtractionResult | None", str | None, str | None]
# A result as the parent gets it: the object in this process, its JSON from a pool's worker.
Result = Union["ExtractionResult", str, None]
Settle = Callable[[Path, str, Result, str | None, str | None, float], None]
Answer = tuple[str | None, str | None, str | None, float]  # result JSON, error class, message, seconds
Collect = Callable[[Path, str, "Answer | Outcome"], None]  # an Outcome when the worker saved it itself

_WORKER: Pipeline | None = None
_SAVER: WorkerSaver | None = None  # set in a pool's workers: they record their own documents


def init_worker(options_json: str, ocr_threads: int | None = None, saver: dict | None = None) -> None:
    """One `Pipeline` per process (in a pool's worker, the one `preload` built for the same options in the
    parent before the fork; anywhere else a new one); with `saver` (`saving.saver_spec`) also this worker's own store connection and output writer,
    opened once here."""
    global _WORKER, _SAVER, _PRELOADED
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker; the pool provides the parallelism
    if _WORKER is None or (options_json, ocr_threads, os.getppid()) != _PRELOADED:
        _WORKER, _PRELOADED = _pipeline(options_json, ocr_threads), None
    _SAVER = WorkerSaver(saver) if saver is not None else None


def preload(options_json: str, ocr_threads: int | None = None) -> None:
    """Build the workers' `Pipeline` here, before the pool forks: the processes inherit it and its imports
    (the extractor's modules and compiled patterns, the scorer: ~0.2 CPU-s that each worker would otherwise
    pay again), and start on their first document at once (a pool that forks; other start methods import
    afresh). Nothing that holds threads or native state that a
    fork must not copy is made here: OCR engines, VLM clients and PDF libraries load on first use."""
    global _WORKER, _PRELOADED
    if (options_json, ocr_threads, os.getpid()) != _PRELOADED:
        _WORKER = _pipeline(options_json, ocr_threads)
        _PRELOADED = (options_json, ocr_threads, os.getpid())
    for name in _PURE_STAGE_MODULES:
        importlib.import_module(name)


# The stages' own modules that are pure Python (no native library state): imported by `preload`.
_PURE_STAGE_MODULES = ("pipeline.assemble", "pipeline.classify", "pipeline.validate.schema_check")
_PRELOADED: tuple[str, int | None, int] | None = (
    None  # what `preload` built _WORKER for, and in which process
)


def _pipeline(options_json: str, ocr_threads: int | None) -> Pipeline:
    from pipeline.runner import Pipeline

    options = PipelineOptions.model_validate_json(options_json)
    if ocr_threads and options.ocr.threads is None:  # N workers share the cores: no engine takes them all
        options.ocr.threads = ocr_threads
    return Pipeline(options)


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def work(path: str) -> WorkResult:
    """Runs in a worker: returns (path, result, error class, message). Never raises."""
    assert _WORKER is not None
    source = Path(path)
    before = _signature(source)
    if before is None:
        return path, None, VANISHED, f"{path}: removed before it could be processed"
    try:
        result: ExtractionResult | None = _WORKER.process(source)
        error = message = None
    except DocExtractError as exc:
        result, error, message = None, type(exc).__name__, str(exc)
    except Exception as exc:  # an engine crash must fail one document, never the batch
        log.exception("unexpected error on %s", path)
        result, error = None, type(exc).__name__
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
    return path, result, error, message


def work_chunk(items: list[tuple[str, str]]) -> tuple[list[Answer | Outcome], float]:
    """Runs in a pool's worker: the documents of one task, in order, and the seconds spent on them. A worker
    with a saver stores them (one chunk) and writes their output files itself, and answers with outcome lines
    only; otherwise it answers with each result's JSON for the parent to store."""
    answers = []
    started = time.perf_counter()
    for path, sha in items:
        t = time.perf_counter()
        _, res, err, msg = work(path)
        answers.append((Path(path), sha, res, err, msg, time.perf_counter() - t))
    if _SAVER is not None:
        outcomes: list[Answer | Outcome] = list(_SAVER.save(answers))
        return outcomes, time.perf_counter() - started
    return [
        (res.to_json() if res is not None else None, err, msg, secs) for _, _, res, err, msg, secs in answers
    ], time.perf_counter() - started


def run_pool(
    items: Iterator[tuple[Path, str]],
    workers: int,
    options_json: str,
    collect: Collect,
    saver: dict | None = None,
    chunk: int = 64,
    task_s: float = 0.5,
    before_start: Callable[[], None] | None = None,
) -> None:
    """Bounded submission (memory independent of folder size); survives a worker process dying.

    Work goes out in tasks of several documents, sized from the seconds per document seen so far so that a
    task takes about `task_s` (at most `chunk` documents; one while nothing is known): text-layer PDFs travel
    in chunks that a worker stores in one transaction, scans one by one. `collect` gets each document's answer
    (an `Outcome` when the workers save, see `init_worker`).

    `before_start` runs right before each pool's processes start (all at once, before any document is pulled
    from `items`): the batch closes its store connections there, since an SQLite connection open across a
    fork confuses SQLite's locks in the child (a worker would find the file locked for good).

    A native crash or an OOM kill breaks the whole pool: the files in flight are retried once in a fresh pool,
    one per task, and a file that breaks a pool twice is failed with that reason, so one bad file cannot stop a
    batch.
    """
    crashes: dict[Path, int] = {}
    retry: list[tuple[Path, str]] = []
    exhausted = False
    pace = _Pace(chunk, task_s)
    while not exhausted or retry:
        broken: list[tuple[Path, str]] = []
        threads = max(1, (os.cpu_count() or 1) // workers)
        initargs = (options_json, threads, saver)
        if multiprocessing.get_start_method() == "fork":
            preload(options_json, threads)
        if before_start is not None:
            before_start()
        with ProcessPoolExecutor(workers, initializer=init_worker, initargs=initargs) as pool:
            pending: dict[Future, list[tuple[Path, str]]] = {}
            with contextlib.suppress(BrokenProcessPool):
                pool.submit(_started)  # forks every worker now, while this process holds no connection

            def drain(pending=pending, broken=broken) -> None:
                _collect(wait(pending, return_when=FIRST_COMPLETED).done, pending, broken, collect, pace)

            while not broken:
                if retry:  # suspects run alone, so an innocent file is never blamed for another's crash
                    while pending and not broken:
                        drain()
                    if broken:
                        break
                    task = [retry.pop()]
                else:
                    task = list(itertools.islice(items, pace.size()))
                    if not task:
                        exhausted = True
                        break
                try:
                    pending[pool.submit(work_chunk, [(str(p), sha) for p, sha in task])] = task
                except BrokenProcessPool:
                    broken.extend(task)
                    break
                solo = any(crashes.get(path) for path, _ in task)
                while (len(pending) >= workers * 2 or (solo and pending)) and not broken:
                    drain()
            while pending:
                drain()
        for path, sha in broken:
            crashes[path] = crashes.get(path, 0) + 1
            if crashes[path] >= 2:
                log.error("worker crashed twice on %s", path)
                message = (
                    f"{path}: the worker process died twice while processing this file "
                    "(native crash or out of memory)"
                )
                collect(path, sha, (None, "WorkerCrashed", message, 0.0))
            else:
                retry.append((path, sha))


def _started() -> None:
    """A pool's first task: nothing (submitting it starts the worker processes)."""


class _Pace:
    """How many documents the next task gets: about `task_s` of work at the seconds per document seen."""

    def __init__(self, chunk: int, task_s: float) -> None:
        self.chunk, self.task_s = max(1, chunk), task_s
        self.docs, self.seconds = 0, 0.0

    def seen(self, docs: int, seconds: float) -> None:
        self.docs, self.seconds = self.docs + docs, self.seconds + seconds

    def size(self) -> int:
        if not self.docs or self.seconds <= 0:
            return 1
        return max(1, min(self.chunk, int(self.task_s * self.docs / self.seconds)))


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


def _collect(done, pending: dict, broken: list, collect: Collect, pace: _Pace) -> None:
    for fut in done:
        task = pending.pop(fut)
        try:
            answers, seconds = fut.result()  # a store gone for good (ConfigurationError) propagates: exit 2
        except BrokenProcessPool:
            broken.extend(task)
            continue
        pace.seen(len(task), seconds)
        for (path, sha), answer in zip(task, answers, strict=True):
            collect(path, sha, answer)
