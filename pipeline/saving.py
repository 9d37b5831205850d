"""Where a processed document is recorded: the one write order (store, then output file), its outcome line,
and the saver each worker process of a batch uses to record its own documents.

Why the workers save: with the parent doing every store transaction and output write, two workers on two cores
spent much of their time waiting on the parent. Each worker now opens the store once (from its URL) and its own
output writer, saves its documents in chunks with `store_then_write`, and hands the parent only outcome lines
(summary, progress, failures). Duplicate detection stays race-free across processes because the chunked save
serialises it in the database (`pipeline.store.save_batch`), and SQLite waits for the other worker's write lock
(busy timeout, then `with_retries`) instead of failing.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import ConfigurationError
from pipeline.outputs import OutputWriter
from pipeline.result import ExtractionResult
from pipeline.walk import CHANGED, VANISHED, printable

log = logging.getLogger("docextract")
T = TypeVar("T")


@dataclass
class Outcome:
    """What happened to one input file in a batch."""

    path: Path
    sha256: str | None
    status: str  # exported | needs_review | approved | duplicate | skipped | failed | ignored
    pages: int = 0
    fields_filled: int = 0
    fields_flagged: int = 0
    seconds: float = 0.0
    error_class: str | None = None
    message: str | None = None


def store_then_write(
    results: Sequence[tuple[Path, ExtractionResult]], store, writer: OutputWriter, fingerprint: str
) -> list[str | Exception]:
    """The one write order, for `docextract run` (its parent or its workers) and the Prefect flow alike: the
    store first (one transaction for the chunk), then each stored document's output file. Each document's
    status (approved, needs_review, duplicate, ...), or the exception that kept it out of the store (it gets no
    output file).

    Why this order: the skip check needs both (`unchanged`), and `failed.jsonl` is compacted against the output
    files, so an output file must always mean "recorded". A crash before the commit loses only unreported work
    (the next run redoes it); a crash after it leaves documents without an output file, which the next run
    redoes while the store, keyed by sha256 and fingerprint, adds no second run or review item. The other order
    could leave an output file for a document the store then refused: reported as done, its failure compacted
    away, and never retried."""
    texts = [r.to_json() for _, r in results]  # once: the store's run row, the export and the output file
    if store is None:
        statuses: list[str | Exception] = ["needs_review" if r.review else "approved" for _, r in results]
    else:
        chunk = [r for _, r in results]
        statuses = (
            store.save_results(chunk, fingerprint, texts)
            if _takes_texts(type(store))
            else store.save_results(chunk, fingerprint)  # a store plug-in written before `texts` existed
        )
    for (path, result), status, text in zip(results, statuses, texts, strict=True):
        if not isinstance(status, Exception):
            writer.write_result(path, result, text)
    return statuses


@functools.cache
def _takes_texts(store_type: type) -> bool:
    return "texts" in inspect.signature(store_type.save_results).parameters


def outcome_of(path: Path, result: ExtractionResult, status: str, seconds: float) -> Outcome:
    """A stored document's outcome line (the summary, the progress bar and the flow's artifacts read it)."""
    return Outcome(
        path,
        result.document.sha256,  # the bytes the worker read (a file replaced since hashing: its new sha)
        status,
        pages=result.document.pages,
        fields_filled=sum(1 for v in result.data.values() if v not in (None, [], "")),
        fields_flagged=len(result.review),
        seconds=seconds,
    )


def record_failure(
    writer: OutputWriter,
    store,
    fingerprint: str,
    path: Path,
    sha: str | None,
    error: str,
    message: str,
    secs: float = 0.0,
) -> Outcome:
    """`failed.jsonl` at once (a kill loses nothing), then the store (best effort: the line already holds it);
    a store that is gone for good raises ConfigurationError. Returns the failure's outcome line."""
    writer.record_failure(path, sha, error, message, fingerprint)
    if store is not None:
        try:
            _retry_race(
                lambda: store.save_failure(printable(path), sha, error, printable(message), fingerprint)
            )
        except ConfigurationError:
            raise
        except Exception:  # failed.jsonl already holds it; one bad row must not stop the batch
            log.exception("could not record the failure of %s in the store", printable(path))
    log.warning("failed: %s", printable(message))
    return Outcome(path, sha, "failed", seconds=secs, error_class=error, message=printable(message))


def stored_outcomes(
    done: Sequence[tuple[Path, str, ExtractionResult, float]], store, writer: OutputWriter, fingerprint: str
) -> list[Outcome]:
    """Store a chunk of results and write their output files (`store_then_write`); a document the store
    refused is recorded as failed. ConfigurationError (the store is down after its retries) propagates."""
    if not done:
        return []
    statuses = store_then_write([(p, r) for p, _, r, _ in done], store, writer, fingerprint)
    out = []
    for (path, sha, result, secs), status in zip(done, statuses, strict=True):
        if isinstance(status, Exception):
            log.error("store rejected %s: %s", printable(path), status)
            msg = f"{path}: could not be stored: {status}"
            out.append(
                record_failure(writer, store, fingerprint, path, sha, type(status).__name__, msg, secs)
            )
        else:
            out.append(outcome_of(path, result, status, secs))
    return out


class WorkerSaver:
    """A worker process's own store connection (opened once, from the store's URL) and output writer."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.fingerprint: str = spec["fingerprint"]
        self.writer = OutputWriter(Path(spec["out"]))
        self.store = None
        if spec.get("url"):
            from pipeline.store import open_store

            self.store = open_store(spec["url"], export_dir=spec.get("export_dir"))

    def save(
        self, answers: Sequence[tuple[Path, str, ExtractionResult | None, str | None, str | None, float]]
    ) -> list[Outcome]:
        """Answers of `workers.work` (path, sha, result, error, message, seconds) -> outcome lines, in
        order. The results are stored as one chunk: the parent sizes each task so that it takes about
        `batch.SAVE_WAIT_S` (progress stays live, a crash loses little) and holds at most `batch.SAVE_CHUNK`."""
        outcomes: list[Outcome | None] = [None] * len(answers)
        chunk: list[tuple[int, tuple[Path, str, ExtractionResult, float]]] = []
        for index, (path, sha, result, err, msg, secs) in enumerate(answers):
            if err in (VANISHED, CHANGED):
                outcomes[index] = Outcome(path, sha, "ignored", error_class=err, message=printable(msg or ""))
            elif result is None:
                outcomes[index] = record_failure(
                    self.writer, self.store, self.fingerprint, path, sha, err or "Error", msg or "", secs
                )
            else:
                chunk.append((index, (path, sha, result, secs)))
        for (index, _), outcome in zip(
            chunk,
            stored_outcomes([d for _, d in chunk], self.store, self.writer, self.fingerprint),
            strict=True,
        ):
            outcomes[index] = outcome
        return [o for o in outcomes if o is not None]


def saver_spec(store, out_dir: Path, fingerprint: str) -> dict[str, Any] | None:
    """What a worker needs to open its own saver; None for a store that cannot be reopened from a URL (the
    parent then saves, as with one worker)."""
    if store is not None and not getattr(store, "url", None):
        return None
    export_dir = getattr(store, "export_dir", None)
    return {
        "out": str(out_dir),
        "url": getattr(store, "url", None),
        "export_dir": str(export_dir) if export_dir else None,
        "fingerprint": fingerprint,
    }


def _retry_race(save: Callable[[], T]) -> T:
    from pipeline.store.db import retry_race  # one home; imported late (the store is optional)

    return retry_race(save)
