"""The pipeline stages as Prefect tasks, so every document's progress, retries and failures show in the UI.

Why these choices:
- Results are never persisted and never cached: a Document holds page rasters, and the store already keeps
  every result. Big objects are passed wrapped in `quote(...)` by the flow so Prefect does not walk them.
- One `Pipeline` and one store per process (OCR engines, VLM clients and DB pools are expensive to build).
- The VLM task holds a slot of the global `docextract-vlm` limit for the duration of the call, so however many
  workers run, a GPU server never sees more requests than the limit allows.
- Only transient trouble is retried: a document the pipeline rejects on purpose (corrupt, encrypted, too
  large) would fail the same way again.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.utilities.annotations import quote

from flows.settings import VLM_LIMIT_NAME
from pipeline.batch import store_then_write
from pipeline.document import Document
from pipeline.errors import DocExtractError, VlmError
from pipeline.options import PipelineOptions
from pipeline.outputs import OutputWriter
from pipeline.result import Classification, ExtractionResult, Proposal
from pipeline.runner import Pipeline

log = logging.getLogger("docextract.flows")

_TASK = {"persist_result": False, "cache_policy": NO_CACHE}
_LOCK = threading.Lock()
_PIPELINES: dict[str, Pipeline] = {}
_STORES: dict[str, Any] = {}


def get_pipeline(options: PipelineOptions) -> Pipeline:
    key = options.fingerprint()
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = Pipeline(options)
        return _PIPELINES[key]


def get_store(url: str | None):
    """The store for a URL, opened once per process; None means "no store" (skip check by output files)."""
    if not url:
        return None
    with _LOCK:
        if url not in _STORES:
            from pipeline.store.sql import SqlStore

            _STORES[url] = SqlStore(url)
        return _STORES[url]


def is_transient(task, task_run, state) -> bool:
    """Retry condition: anything but a deliberate per-document rejection (a VLM failure may be transient)."""
    try:
        state.result()
    except VlmError:
        return True
    except DocExtractError:
        return False
    except Exception:
        return True
    return False


@task(name="backbone", task_run_name="backbone · {file}", **_TASK)
def backbone_task(file: str, path: Path, options: PipelineOptions) -> Document:
    """Intake (type sniffing, limits) and the text backbone: the PDF text layer, OCR where it is missing."""
    return get_pipeline(options).backbone(path)


@task(name="classify", task_run_name="classify · {file}", **_TASK)
def classify_task(file: str, doc: Document, options: PipelineOptions) -> Classification:
    """Document type (invoice, credit note, receipt, not an invoice) under `schema="auto"`; it picks the schema
    the later stages use. With a forced schema it only records that (no classification is done)."""
    return get_pipeline(options).classify(doc)


@task(name="rules", task_run_name="rules · {file}", **_TASK)
def rules_task(
    file: str, doc: Document, options: PipelineOptions, kind: Classification | None = None
) -> Proposal:
    return get_pipeline(options).propose(doc, kind)


@task(name="vlm", task_run_name="vlm · {file}", retry_condition_fn=is_transient, **_TASK)
def vlm_task(
    file: str,
    doc: Document,
    proposal: Proposal,
    options: PipelineOptions,
    kind: Classification | None = None,
    record: list | None = None,
) -> Proposal:
    """Regions → VLM; retried with backoff by the flow (`with_options`), one `docextract-vlm` slot per call."""
    with concurrency(VLM_LIMIT_NAME, occupy=1):
        return get_pipeline(options).ask_vlm(doc, proposal, kind, record)


@task(name="validate", task_run_name="validate · {file}", **_TASK)
def validate_task(
    file: str,
    doc: Document,
    proposal: Proposal,
    options: PipelineOptions,
    timings: dict[str, float],
    kind: Classification | None = None,
    extra: dict[str, Any] | None = None,
) -> ExtractionResult:
    """Merge, ground and validate; the same `pipeline` metadata `Pipeline.process` writes."""
    return get_pipeline(options).finish(doc, proposal, timings, kind, **(extra or {}))


class TaskStages:
    """The pipeline's stage methods (`pipeline.runner.Stages`) as Prefect tasks, for `run_stages`: the flow runs
    the same sequence as `docextract run`, each stage a task run in the UI. Documents and proposals are passed
    `quote`d (Prefect does not walk page rasters); `vlm` is the VLM task with the flow's retry settings."""

    def __init__(self, file: str, options: PipelineOptions, vlm=vlm_task) -> None:
        self.file, self.options, self.vlm = file, options, vlm

    def backbone(self, path: Path) -> Document:
        return backbone_task(self.file, path, self.options)

    def classify(self, doc: Document) -> Classification:
        return classify_task(self.file, quote(doc), self.options)

    def propose(self, doc: Document, kind: Classification | None = None) -> Proposal:
        return rules_task(self.file, quote(doc), self.options, kind)

    def ask_vlm(
        self,
        doc: Document,
        proposal: Proposal,
        kind: Classification | None = None,
        record: list | None = None,
    ) -> Proposal:
        return self.vlm(self.file, quote(doc), proposal, self.options, kind, quote(record))

    def without_vlm(
        self, doc: Document, proposal: Proposal, error: Exception, kind: Classification | None = None
    ) -> Proposal:
        """The VLM stayed down through its retries: the rules' values go on, empty fields say why (no task)."""
        return get_pipeline(self.options).without_vlm(doc, proposal, error, kind)

    def finish(
        self,
        doc: Document,
        proposal: Proposal,
        timings: dict[str, float],
        kind: Classification | None = None,
        **extra: Any,
    ) -> ExtractionResult:
        return validate_task(self.file, quote(doc), proposal, self.options, timings, kind, quote(extra))


@dataclass
class Stored:
    status: str
    output: Path
    moved_to: Path | None


@task(name="store", task_run_name="store · {file}", retry_condition_fn=is_transient, **_TASK)
def store_task(
    file: str,
    path: Path,
    result: ExtractionResult,
    writer: OutputWriter,
    db: str | None,
    fingerprint: str,
    move_to: Path | None,
) -> Stored:
    """Save to the store, write `<stem>.json` (`store_then_write`: the batch's one write order), then (only
    then) move the source file out of the inbox. A document the store refuses raises: recorded as failed."""
    [status] = store_then_write([(path, result)], get_store(db), writer, fingerprint)
    if isinstance(status, Exception):
        raise status
    moved = move_file(path, move_to) if move_to is not None else None
    return Stored(status=status, output=writer.output_path(path, result.document.sha256), moved_to=moved)


def record_failure(
    path: Path,
    sha: str | None,
    exc: BaseException,
    writer: OutputWriter,
    db: str | None,
    fingerprint: str,
    move_to: Path | None,
) -> tuple[str, str, Path | None]:
    """failed.jsonl + store, then move to failed/; returns (error class, message naming the file, new path)."""
    error = type(exc).__name__
    message = str(exc) if isinstance(exc, DocExtractError) else f"{path}: unexpected {error}: {exc}"
    if path.name not in message:
        message = f"{path}: {message}"
    writer.record_failure(path, sha, error, message, fingerprint)
    store = get_store(db)
    if store is not None:
        try:
            store.save_failure(str(path), sha, error, message, fingerprint)
        except Exception as store_exc:  # failed.jsonl already has it; a store outage must not stop the batch
            log.warning("could not record failure of %s in the store: %s", path, store_exc)
    moved = None
    if move_to is not None:
        try:
            moved = move_file(path, move_to)
        except OSError as move_exc:
            log.warning("could not move %s to %s: %s", path, move_to, move_exc)
    return error, message, moved


def move_file(path: Path, folder: Path) -> Path:
    """Move into `folder`, never overwriting: a name clash gets `-1`, `-2`, ... before the suffix."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        target = folder / (path.name if n == 0 else f"{path.stem}-{n}{path.suffix}")
        try:  # claim the name atomically, so concurrent moves of same-named files cannot collide
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            n += 1
    try:
        shutil.move(str(path), str(target))  # replaces the empty placeholder we own
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
