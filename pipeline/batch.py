"""A batch: every input entry ends processed, skipped (unchanged), ignored (with its reason) or failed.

`run_batch` is the edge around `Pipeline`: it walks the inputs (`pipeline.walk`: links, loops, FIFOs, names that
are not UTF-8), skips what the store already has, claims each document so two runs on one output folder never
work on the same one (`pipeline.claims`), writes the output contract atomically, records failures and keeps
going. Only a fault of the whole run stops it: an output folder it cannot write (`OutputLocationError`, exit
code 3: re-run after the fix and everything, approved exports included, is completed) or a store that is gone
(`ConfigurationError`, exit code 2).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.gc_tuning import batch_gc
from pipeline.options import PipelineOptions
from pipeline.outputs import OutputWriter, output_fault
from pipeline.result import ExtractionResult
from pipeline.saving import Outcome, outcome_of, record_failure, saver_spec, store_then_write, stored_outcomes
from pipeline.walk import CHANGED, VANISHED, SeenContent, Walker, missing_inputs, printable

if TYPE_CHECKING:
    from pipeline.workers import Answer, Result

log = logging.getLogger("docextract")
__all__ = ["BatchSummary", "Outcome", "outcome_of", "run_batch", "store_then_write", "unchanged"]


@dataclass
class BatchSummary:
    """`outcomes`: one per document. `ignored`: entries that are no document to process, each with its kind
    (`error_class`: duplicate, loop, vanished, changed) and reason (`message`); counted, never failed."""

    outcomes: list[Outcome] = field(default_factory=list)
    ignored: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    def ignored_counts(self) -> dict[str, int]:
        return dict(Counter(o.error_class or "" for o in self.ignored))

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status != "skipped")

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Done:
    """A processed document waiting to be stored with the rest of its chunk."""

    path: Path
    sha: str
    result: ExtractionResult
    secs: float
    at: float  # perf_counter when it joined the chunk


# ---- batches ----------------------------------------------------------------------------------------------

SKIP_CHUNK = 256  # files hashed and checked against the store together on a re-run
CLAIM_RETRY_S = 0.2  # pause between looks at documents another run is processing
SAVE_CHUNK = 64  # results stored (and exported) together, in one transaction
SAVE_WAIT_S = 0.5  # ... or fewer, once the oldest has waited this long (slow OCR pages: progress stays live)
TASK_S = (
    0.15  # with workers: a task (one chunk, saved by its worker) takes about this long; short, so that the
)
# last tasks of a batch end close together (a worker idle at the end is lost speed-up)


def unchanged(
    chunk: Sequence[tuple[Path, str]], store, fingerprint: str, writer: OutputWriter
) -> set[tuple[Path, str]]:
    """The (path, sha256) pairs that need no work: their output file is there and the store (one query for
    the whole chunk) has a run with these settings. Without a store the output file alone says so."""
    with_output = [(path, sha) for path, sha in chunk if writer.has_output(path, sha)]
    if store is None or not with_output:
        return set(with_output)
    known = store.processed([sha for _, sha in with_output], fingerprint)
    return {(path, sha) for path, sha in with_output if sha in known}


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: Path,
    options: PipelineOptions,
    store=None,
    workers: int = 1,
    on_progress: Callable[[Outcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Process every input; every entry ends exported, in the review queue, skipped (already done), ignored
    (with its reason) or failed. Raises FileNotFoundError for an input that names nothing (before anything is
    created), OutputLocationError when the output folder cannot be written, ConfigurationError when the store
    is gone."""
    inputs = list(inputs)
    if missing := missing_inputs(inputs):
        raise FileNotFoundError(f"{printable(missing[0])}: no such file, folder or matching pattern")
    batch = _Batch(out_dir, options, store, on_progress)
    try:
        return batch.run(inputs, workers, on_total)
    finally:
        batch.claims.release_all()


class _Batch:
    """One batch's state: the output folder, the walk, the claims, and what happened to each entry."""

    def __init__(self, out_dir: Path, options: PipelineOptions, store, on_progress) -> None:
        from pipeline.claims import Claims

        self.options, self.store, self.on_progress = options, store, on_progress
        self.fingerprint = options.fingerprint()
        self.writer = OutputWriter(out_dir)  # checks the folder can be written before any work
        try:
            self.claims = Claims(out_dir)
        except OSError as exc:
            raise output_fault(exc, Path(out_dir)) from exc
        self.content = SeenContent()
        self.summary = BatchSummary()
        self.deferred: list[tuple[Path, str]] = []  # claimed by another run when we got to them
        self.pending: list[_Done] = []  # results waiting to be stored as one chunk (claims still held)

    def run(self, inputs: list[str | Path], workers: int, on_total) -> BatchSummary:
        started = time.perf_counter()
        paths: list[Path] = []
        entries = 0
        for entry in Walker().walk(inputs):
            entries += 1
            if isinstance(entry, Path):
                paths.append(entry)
            elif entry.error is not None:
                self.fail(entry.path, None, entry.kind, entry.reason)
            else:
                self.ignore(entry.path, None, entry.kind, entry.reason)
        if on_total:
            on_total(entries)
        with batch_gc():
            self.process(self.todo(paths), workers)
            pause, reported = CLAIM_RETRY_S, 0
            while self.deferred:
                if len(self.deferred) != reported:
                    reported = len(self.deferred)
                    log.info("waiting for %d document(s) another run is processing", reported)
                time.sleep(pause)
                pause = min(pause * 2, 2.0)  # an OCR-heavy document elsewhere can take a while
                self.process(iter(self.reclaimed()), workers)
            self.complete_exports()
        self.writer.close()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # ---- outcomes ---------------------------------------------------------------------------------------

    def finish(self, outcome: Outcome) -> None:
        (self.summary.ignored if outcome.status == "ignored" else self.summary.outcomes).append(outcome)
        if self.on_progress:
            self.on_progress(outcome)

    def ignore(self, path: Path, sha: str | None, kind: str, reason: str) -> None:
        log.debug("ignored: %s", reason)  # listed with the summary
        self.finish(Outcome(path, sha, "ignored", error_class=kind, message=printable(reason)))

    def fail(self, path: Path, sha: str | None, error: str, message: str, secs: float = 0.0) -> None:
        self.finish(
            record_failure(self.writer, self.store, self.fingerprint, path, sha, error, message, secs)
        )

    # ---- what to process --------------------------------------------------------------------------------

    def hashed(self, chunk: list[Path]) -> list[tuple[Path, str]]:
        from pipeline.backbone.intake import sha256_file

        out = []
        for path in chunk:
            try:
                sha = sha256_file(path)
            except FileNotFoundError:
                self.ignore(path, None, VANISHED, f"{path}: removed before it could be read")
                continue
            except OSError as exc:
                self.fail(path, None, type(exc).__name__, f"{path}: cannot read: {exc.strerror or exc}")
                continue
            if (dup := self.content.duplicate(path, sha)) is not None:
                self.ignore(path, sha, dup.kind, dup.reason)
            else:
                out.append((path, sha))
        return out

    def todo(self, paths: list[Path]) -> Iterator[tuple[Path, str]]:
        """Unchanged documents are skipped a chunk at a time (one store query per chunk); a document another
        run holds is deferred; one that another run finished since the chunk was checked is skipped."""
        for start in range(0, len(paths), SKIP_CHUNK):
            chunk = self.hashed(paths[start : start + SKIP_CHUNK])
            done = unchanged(chunk, self.store, self.fingerprint, self.writer)
            for path, sha in chunk:
                if (path, sha) in done:
                    self.finish(Outcome(path, sha, "skipped"))
                elif not self.claims.try_claim(sha):
                    self.deferred.append((path, sha))
                elif self.writer.has_output(path, sha) and self.done_now(path, sha):
                    continue
                else:
                    yield path, sha

    def done_now(self, path: Path, sha: str) -> bool:
        """Claimed by us: skip (and release) it if it needs no work after all."""
        if not unchanged([(path, sha)], self.store, self.fingerprint, self.writer):
            return False
        self.claims.release(sha)
        self.finish(Outcome(path, sha, "skipped"))
        return True

    def reclaimed(self) -> list[tuple[Path, str]]:
        """The deferred documents this run can claim now and that still need work."""
        waiting, self.deferred = self.deferred, []
        ready = []
        for path, sha in waiting:
            if not self.claims.try_claim(sha):
                self.deferred.append((path, sha))
            elif not self.done_now(path, sha):
                ready.append((path, sha))
        return ready

    # ---- processing -------------------------------------------------------------------------------------

    def process(self, items: Iterator[tuple[Path, str]], workers: int) -> None:
        from pipeline.workers import init_worker, run_pool, run_threads, work

        if workers <= 1:
            first = next(items, None)
            if first is None:
                return
            init_worker(self.options.model_dump_json())
            if (in_flight := self.options.vlm.documents_in_flight()) > 1:  # keep the VLM's queue fed
                run_threads(itertools.chain([first], items), in_flight, self.settle)
                self.flush()
                return
            for path, sha in itertools.chain([first], items):
                t = time.perf_counter()
                _, res, err, msg = work(str(path))
                self.settle(path, sha, res, err, msg, time.perf_counter() - t)
        else:  # the workers store and write their own documents; this process only hands out and reports
            spec = saver_spec(self.store, self.writer.out_dir, self.fingerprint)
            options_json = self.options.model_dump_json()
            run_pool(items, workers, options_json, self.collect, spec, SAVE_CHUNK, TASK_S, self.disconnect)
        self.flush()

    def disconnect(self) -> None:
        """Before the workers fork: no open store connection may cross into them (SQLite's locks are per
        process); the engine opens new ones when this process next asks the store something."""
        engine = getattr(self.store, "engine", None)
        if engine is not None:
            engine.dispose()

    def collect(self, path: Path, sha: str, answer: Outcome | Answer) -> None:
        """A pool's answer for one document: an outcome its worker already recorded (its claim is released
        now, after the save), or a result to settle here (a store no worker can reopen)."""
        if not isinstance(answer, Outcome):
            self.settle(path, sha, *answer)
            return
        self.claims.release(sha)
        self.finish(answer)

    def settle(
        self, path: Path, sha: str, result: Result, err: str | None, msg: str | None, secs: float
    ) -> None:
        """A worker's answer: a failure is recorded at once; a result joins the chunk that is stored next (its
        claim is held until then), and the chunk is stored when full or when its oldest result has waited."""
        queued = False
        try:
            queued = self._settle(path, sha, result, err, msg, secs)
        finally:
            if not queued:
                self.claims.release(sha)
        if queued and (
            len(self.pending) >= SAVE_CHUNK or time.perf_counter() - self.pending[0].at >= SAVE_WAIT_S
        ):
            self.flush()

    def _settle(
        self, path: Path, sha: str, result: Result, err: str | None, msg: str | None, secs: float
    ) -> bool:
        if err in (VANISHED, CHANGED):
            self.ignore(path, sha, err, msg or "")
            return False
        if result is None:
            self.fail(path, sha, err or "Error", msg or "", secs)
            return False
        if isinstance(result, str):  # from a pool's worker
            result = ExtractionResult.model_validate_json(result)
        self.pending.append(_Done(path, sha, result, secs, time.perf_counter()))
        return True

    def flush(self) -> None:
        """Store the waiting results as one chunk, then write each one's output file (`store_then_write`: why
        in this order) and report it; their claims are released either way."""
        chunk, self.pending = self.pending, []
        try:
            self._store_and_write(chunk)
        finally:
            for done in chunk:
                self.claims.release(done.sha)

    def _store_and_write(self, chunk: list[_Done]) -> None:
        # ConfigurationError (the store is down for good, after its retries) propagates: exit 2
        done = [(d.path, d.sha, d.result, d.secs) for d in chunk]
        for outcome in stored_outcomes(done, self.store, self.writer, self.fingerprint):
            self.finish(outcome)

    def complete_exports(self) -> None:
        """Approved documents of this batch whose export is missing (a full disk during an earlier run, a
        deleted file) are exported again; a folder that still cannot be written stops the run (exit 3)."""
        export_dir = getattr(self.store, "export_dir", None)
        if export_dir is None:
            return
        from pipeline.store.export import export_missing

        shas = [o.sha256 for o in self.summary.outcomes if o.sha256 and o.status != "failed"]
        try:
            export_missing(self.store, export_dir, shas)
        except OSError as exc:
            raise output_fault(exc, Path(export_dir)) from exc
