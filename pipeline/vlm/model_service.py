"""The local model's own process: it loads the model once, collects jobs from every document into batches, and
does nothing else while `generate` loops.

Why a process: on a GPU the decoding loop of a 2B model is bound by the host (Python launches every kernel), so
anything else the pipeline does in the same interpreter (rendering, OCR, rules, validation of the documents in
flight) takes the GIL from it and stretches every token. In its own process the loop runs as it does alone,
and the pipeline's document threads only wait on a queue. Why a queue: a decoding step costs about the same for
1 row as for 16, so the worker takes whatever jobs are waiting (up to `batch`, after a short collect window)
into one `generate` call while the documents behind them keep their CPU stages going.

The parent side (`ModelService`) is thread-safe: `submit(job)` returns a Future. A configuration problem found
while loading (ConfigurationError) is raised by the constructor, before any document is read.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import queue
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigurationError, VlmError
from pipeline.vlm.local_model import Job, JobResult

log = logging.getLogger("docextract.vlm")

# Collecting a batch: after a job, wait for the next one up to COLLECT_GAP_S, and in all up to COLLECT_MAX_S.
# Documents reach the VLM a few hundred ms apart (their CPU stages), a batch decodes for tens of seconds: a
# batch started with the first job alone (measured: 1 job, then 16 waiting 19 s behind it) costs far more
# than two seconds of collecting.
COLLECT_GAP_S = 0.3
COLLECT_MAX_S = 2.0
START_TIMEOUT_S = 1800.0  # loading a 7B model from a slow disk can take minutes
_STOP = None


def _serve(path: str, device: str | None, batch: int, threads: int | None, jobs: Any, results: Any) -> None:
    """The model process: load, say ready (or why not), then answer batches until told to stop."""
    if threads:
        os.environ["OMP_NUM_THREADS"] = str(threads)
    try:
        if threads:
            import torch

            torch.set_num_threads(threads)
        from pipeline.vlm.local_model import LocalModel

        model = LocalModel(Path(path), device)
    except ConfigurationError as exc:
        results.put(("config", str(exc)))
        return
    except Exception as exc:  # anything else at load time is a broken installation or model folder
        results.put(("config", f"{path}: cannot load the model ({type(exc).__name__}: {str(exc)[:300]})"))
        return
    results.put(("ready", {"model": model.name, "device": model.device, "load_s": model.load_s}))
    stopping = False
    while not stopping:
        first = jobs.get()
        if first is _STOP:
            break
        pending, stopping = _collect(first, jobs, batch)
        for res in _answer(model, pending):
            results.put(("result", res))


def _collect(first: Job, jobs: Any, batch: int) -> tuple[list[Job], bool]:
    """`first` and the jobs that follow it closely (see COLLECT_GAP_S), up to `batch`; True if told to stop."""
    pending = [first]
    deadline = time.monotonic() + COLLECT_MAX_S
    while len(pending) < batch:
        remaining = min(COLLECT_GAP_S, deadline - time.monotonic())
        try:
            nxt = jobs.get(timeout=remaining) if remaining > 0 else jobs.get_nowait()
        except queue.Empty:
            break
        if nxt is _STOP:
            return pending, True
        pending.append(nxt)
    return pending, False


def _answer(model: Any, jobs: list[Job]) -> list[JobResult]:
    """One batch; out of memory splits it in halves, any other failure fails its jobs (never the worker)."""
    import torch

    try:
        return model.generate(jobs)
    except torch.OutOfMemoryError:
        if len(jobs) == 1:
            return [JobResult(id=jobs[0].id, error="the GPU ran out of memory on this request alone")]
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        half = len(jobs) // 2
        log.warning("VLM batch of %d ran out of memory: splitting it", len(jobs))
        return _answer(model, jobs[:half]) + _answer(model, jobs[half:])
    except VlmError as exc:
        return [JobResult(id=j.id, error=str(exc)) for j in jobs]
    except Exception as exc:
        return [
            JobResult(id=j.id, error=f"local VLM failed: {type(exc).__name__}: {str(exc)[:300]}")
            for j in jobs
        ]


class ModelService:
    """Parent side of the model process: submit jobs, get futures; `close()` (also at exit) stops it."""

    def __init__(self, path: Path, *, batch: int = 8, device: str | None = None, threads: int | None = None):
        ctx = mp.get_context("spawn")  # never fork a process that may hold CUDA or OpenVINO threads
        self._jobs = ctx.Queue()
        self._results = ctx.Queue()
        self._process = ctx.Process(
            target=_serve,
            args=(str(path), device, max(1, batch), threads, self._jobs, self._results),
            name="docextract-vlm",
            daemon=True,
        )
        self._process.start()
        self.info = self._wait_ready(path)
        self.batch = batch
        self._ids = itertools.count(1)
        self._futures: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="docextract-vlm-results", daemon=True)
        self._reader.start()

    def _wait_ready(self, path: Path) -> dict[str, Any]:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                kind, payload = self._results.get(timeout=1.0)
            except queue.Empty:
                if not self._process.is_alive():
                    raise ConfigurationError(
                        f"{path}: the model process died while loading (exit code {self._process.exitcode}); "
                        "check the model folder and that the GPU/CPU memory can hold it"
                    ) from None
                if time.monotonic() > deadline:
                    self._process.kill()
                    raise ConfigurationError(
                        f"{path}: the model did not load within {START_TIMEOUT_S:.0f} s"
                    ) from None
                continue
            if kind == "ready":
                return payload
            self._process.join(timeout=10)
            raise ConfigurationError(payload)

    def _read(self) -> None:
        while True:
            try:
                kind, payload = self._results.get(timeout=1.0)
            except queue.Empty:
                if not self._process.is_alive():
                    self._fail_all(f"the model process stopped (exit code {self._process.exitcode})")
                    return
                continue
            except (EOFError, OSError):
                self._fail_all("the model process is gone")
                return
            if kind != "result":
                continue
            with self._lock:
                fut = self._futures.pop(payload.id, None)
            if fut is not None:
                fut.set_result(payload)

    def _fail_all(self, why: str) -> None:
        with self._lock:
            futures, self._futures = self._futures, {}
            self._closed = True
        for fut in futures.values():
            fut.set_exception(VlmError(why))

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, job: Job) -> Future:
        """Queue `job` (its id is assigned here); the future gives its JobResult."""
        fut: Future = Future()
        with self._lock:
            if self._closed:
                raise VlmError("the local model process is not running")
            job.id = next(self._ids)
            job.submitted = time.time()
            self._futures[job.id] = fut
        self._jobs.put(job)
        return fut

    def close(self) -> None:
        with self._lock:
            if self._closed and not self._process.is_alive():
                return
            self._closed = True
        try:
            self._jobs.put(_STOP)
            self._process.join(timeout=10)
        except (OSError, ValueError):
            pass
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)
        self._fail_all("the local model process was closed")
