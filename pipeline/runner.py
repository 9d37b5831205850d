"""Runs the stages over one document, and a batch of documents over a pool of workers.

`process_document` is the whole pipeline for one file (intake → text backbone → rules extractor → VLM → merge →
validation) and does no I/O beyond reading the file. `run_batch` is the edge: it skips what the store already
has, writes the output contract atomically, records failures and keeps going.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.document import Candidate, Document
from pipeline.errors import ConfigurationError, DocExtractError
from pipeline.options import PIPELINE_VERSION, PipelineOptions
from pipeline.outputs import OutputWriter
from pipeline.result import ExtractionResult, Proposal

log = logging.getLogger("docextract")


@dataclass
class Outcome:
    """What happened to one input file in a batch."""

    path: Path
    sha256: str | None
    status: str  # exported | needs_review | approved | duplicate | skipped | failed
    pages: int = 0
    fields_filled: int = 0
    fields_flagged: int = 0
    seconds: float = 0.0
    error_class: str | None = None
    message: str | None = None


@dataclass
class BatchSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status != "skipped")

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


class Pipeline:
    """The stages for one options object, built once per process (OCR engines and VLM clients are heavy)."""

    def __init__(self, options: PipelineOptions):
        from pipeline.extract.rules_extractor import RulesExtractor
        from schemas import load_schema

        self.options = options
        self.model: type[BaseModel] = load_schema(options.schema_spec)
        self.extractor = RulesExtractor()
        self.scorer = options.review.load()
        self._ocr = None
        self._vlm = None

    def ocr_engine(self):
        """Created on first use, so text-layer documents never load OCR models."""
        if self._ocr is None:
            from pipeline.ocr import create_engine

            self._ocr = create_engine(self.options.ocr.engine, self.options.ocr)
        return self._ocr

    def vlm_backend(self):
        if self.options.vlm.backend == "none":
            return None
        if self._vlm is None:
            from pipeline.vlm import create_backend

            self._vlm = create_backend(self.options.vlm)
        return self._vlm

    # ---- the stages, one method each (the Prefect flow runs each as its own task) -------------------------

    def backbone(self, path: Path) -> Document:
        from pipeline.backbone import build_document

        return build_document(path, self.options, self.ocr_engine)

    def propose(self, doc: Document) -> Proposal:
        return self.extractor.extract(doc, self.model)

    def ask_vlm(self, doc: Document, proposal: Proposal) -> Proposal:
        """Regions → VLM → merge with the rules' proposal; raises VlmError when the server stays unusable."""
        from pipeline.vlm import run_vlm

        return run_vlm(self.vlm_backend(), doc, self.model, proposal, self.options.vlm)

    def without_vlm(self, doc: Document, proposal: Proposal, error: Exception) -> Proposal:
        """VLM down after its retries: keep the rules' values, and say why every unfilled field is empty."""
        log.warning("%s: VLM unavailable, OCR rules only: %s", doc.path.name, error)
        doc.warnings.append(f"VLM unavailable: {error}")
        for name in self.model.model_fields:
            if name not in proposal.fields:
                proposal.fields[name] = Candidate(
                    value=None,
                    confidence=0.0,
                    source="vlm",
                    note=f"not found by the rules, and the VLM was unavailable: {error}",
                )
        return proposal

    def finish(
        self, doc: Document, proposal: Proposal, timings: dict[str, float], **extra: Any
    ) -> ExtractionResult:
        """Validation and grounding, then the run's metadata (`pipeline` in the output contract)."""
        from pipeline.assemble import assemble

        t = time.perf_counter()
        result = assemble(
            doc,
            self.model,
            proposal,
            scorer=self.scorer,
            accept_threshold=self.options.review.accept_threshold,
        )
        timings = {**timings, "validate_s": time.perf_counter() - t}
        timings["total_s"] = sum(timings.values())
        result.pipeline = {
            "version": PIPELINE_VERSION,
            "fingerprint": self.options.fingerprint(),
            "ocr": self.options.ocr.engine,
            "vlm": self.options.vlm.backend,
            "page_sources": [p.source.value for p in doc.pages],
            "page_dpi": [p.dpi for p in doc.pages],
            "preprocessing": [p.preprocessing.model_dump() for p in doc.pages],
            "warnings": doc.warnings,
            "scorer": self._scorer_record(),
            "timings": {k: round(v, 4) for k, v in timings.items()},
            **extra,
        }
        used_ocr = any(p.source.value == "ocr" for p in doc.pages)
        if used_ocr and (models := getattr(self._ocr, "models_used", None)):
            result.pipeline["ocr_models"] = models  # which recognisers read the page, for provenance
        return result

    def _scorer_record(self) -> dict[str, Any] | None:
        """Which field scorer set the confidences, and the acceptance threshold applied (provenance)."""
        if self.scorer is None:
            return None
        cut = self.options.review.accept_threshold
        return {"model": self.scorer.digest, "threshold": self.scorer.threshold if cut is None else cut}

    def process(self, path: Path) -> ExtractionResult:
        """All stages for one file; raises a DocExtractError subclass for bad input."""
        from pipeline.errors import VlmError

        timings: dict[str, float] = {}
        t = time.perf_counter()
        doc = self.backbone(path)
        timings["backbone_s"] = time.perf_counter() - t
        t = time.perf_counter()
        proposal = self.propose(doc)
        timings["rules_s"] = time.perf_counter() - t
        if self.options.vlm.backend != "none":
            t = time.perf_counter()
            try:
                proposal = self.ask_vlm(doc, proposal)
            except VlmError as exc:
                proposal = self.without_vlm(doc, proposal, exc)
            timings["vlm_s"] = time.perf_counter() - t
        return self.finish(doc, proposal, timings)


def process_document(path: Path, options: PipelineOptions | None = None) -> ExtractionResult:
    """The whole pipeline for one file; raises a DocExtractError subclass for bad input."""
    return Pipeline(options or PipelineOptions()).process(Path(path))


# ---- worker-process plumbing: one Pipeline per process ------------------------------------------------------

_WORKER: Pipeline | None = None
SKIP_CHUNK = 256  # files hashed and checked against the store together on a re-run


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


def _init_worker(options_json: str, ocr_threads: int | None = None) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker; the pool provides the parallelism
    if ocr_threads:  # N workers share the cores: no engine should start a thread per core on its own
        os.environ.setdefault("DOCEXTRACT_OCR_THREADS", str(ocr_threads))
    _WORKER = Pipeline(PipelineOptions.model_validate_json(options_json))


def _work(path: str) -> tuple[str, str | None, str | None, str | None]:
    """Runs in a worker: returns (path, result json, error class, message). Never raises."""
    assert _WORKER is not None
    try:
        return path, _WORKER.process(Path(path)).to_json(), None, None
    except DocExtractError as exc:
        return path, None, type(exc).__name__, str(exc)
    except Exception as exc:  # an engine crash must fail one document, never the batch
        log.exception("unexpected error on %s", path)
        return path, None, type(exc).__name__, f"{path}: unexpected {type(exc).__name__}: {exc}"


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: Path,
    options: PipelineOptions,
    store=None,
    workers: int = 1,
    on_progress: Callable[[Outcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Process every input; every file ends exported, in the review queue, skipped (already done) or failed."""
    from pipeline.intake import discover, sha256_file

    fingerprint = options.fingerprint()
    writer = OutputWriter(out_dir)
    summary = BatchSummary()
    started = time.perf_counter()

    paths = list(discover(list(inputs)))
    if on_total:
        on_total(len(paths))

    def finish(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)

    def hashed(chunk: list[Path]) -> list[tuple[Path, str]]:
        out = []
        for path in chunk:
            try:
                out.append((path, sha256_file(path)))
            except OSError as exc:
                writer.record_failure(
                    path, None, type(exc).__name__, f"{path}: cannot read: {exc}", fingerprint
                )
                finish(Outcome(path, None, "failed", error_class=type(exc).__name__, message=str(exc)))
        return out

    def todo() -> Iterator[tuple[Path, str]]:
        """Unchanged documents are skipped here, a chunk at a time (one store query per chunk)."""
        for start in range(0, len(paths), SKIP_CHUNK):
            chunk = hashed(paths[start : start + SKIP_CHUNK])
            done = unchanged(chunk, store, fingerprint, writer)
            for path, sha in chunk:
                if (path, sha) in done:
                    finish(Outcome(path, sha, "skipped"))
                else:
                    yield path, sha

    def settle(
        path: Path, sha: str, result_json: str | None, err: str | None, msg: str | None, secs: float
    ) -> None:
        if result_json is None:
            writer.record_failure(path, sha, err or "Error", msg or "", fingerprint)
            if store is not None:
                try:
                    store.save_failure(str(path), sha, err or "Error", msg or "", fingerprint)
                except ConfigurationError:
                    raise
                except Exception:  # failed.jsonl already holds it; one bad row must not stop the batch
                    log.exception("could not record the failure of %s in the store", path)
            log.warning("failed: %s", msg)
            finish(Outcome(path, sha, "failed", seconds=secs, error_class=err, message=msg))
            return
        result = ExtractionResult.model_validate_json(result_json)
        status = "needs_review" if result.review else "approved"
        if store is not None:  # the store first: an output file always means "recorded"
            try:
                status = store.save_result(result, fingerprint)
            except ConfigurationError:
                raise  # the store is down for good (after its retries): stop the batch, exit 2, say what to check
            except Exception as exc:
                log.exception("store rejected %s", path)
                settle(path, sha, None, type(exc).__name__, f"{path}: could not be stored: {exc}", secs)
                return
        writer.write_result(path, result)
        filled = sum(1 for v in result.data.values() if v not in (None, [], ""))
        finish(
            Outcome(
                path,
                sha,
                status,
                pages=result.document.pages,
                fields_filled=filled,
                fields_flagged=len(result.review),
                seconds=secs,
            )
        )

    if workers <= 1:
        _init_worker(options.model_dump_json())
        for path, sha in todo():
            t = time.perf_counter()
            _, res, err, msg = _work(str(path))
            settle(path, sha, res, err, msg, time.perf_counter() - t)
    else:
        _run_pool(todo(), workers, options.model_dump_json(), settle)

    writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _run_pool(items: Iterator[tuple[Path, str]], workers: int, options_json: str, settle) -> None:
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
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options_json, threads)) as pool:
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
                    pending[pool.submit(_work, str(path))] = (path, sha, time.perf_counter())
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


def _collect(done, pending: dict, broken: list, settle) -> None:
    for fut in done:
        path, sha, t = pending.pop(fut)
        try:
            _, res, err, msg = fut.result()
        except BrokenProcessPool:
            broken.append((path, sha))
            continue
        settle(path, sha, res, err, msg, time.perf_counter() - t)
