"""`process_folder`: one scheduled batch over an inbox folder, every document a chain of Prefect tasks.

The folder is listed lazily (an inbox of a million files never sits in memory as a list) and the skip check
(sha256 + pipeline fingerprint already in the store) runs in the flow body itself, so an unchanged document
costs one hash and a share of one store query per chunk of files: no task run, no model call, no new records.
Per-document failures are recorded (failed.jsonl + store) and the batch goes on; the flow completes.

Scale-out: any number of runs may list one inbox at once; each document is claimed before it is processed
(`flows.scaleout`), so none is done twice, and a deployment with `parallel=N` starts N-1 helper runs for its
workers as soon as it finds work. An inbox with nothing new ends the run at once, its state message
"no new documents" (nothing published, no task run). The `docextract-vlm` global limit caps GPU load across
all runs. (`shard`/`shards` still split an inbox statically: shard `int(sha256[:8], 16) % shards`.)
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
import re
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.states import Completed
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from flows.artifacts import publish_batch_artifacts
from flows.scaleout import open_claims, start_helpers
from flows.settings import VLM_LIMIT_NAME, FlowSettings, default_outbox
from flows.tasks import TaskStages, get_store, record_failure, store_task, vlm_task
from pipeline.backbone.intake import sha256_file
from pipeline.batch import BatchSummary, Outcome, outcome_of, unchanged
from pipeline.options import AUTO_SCHEMA, PipelineOptions
from pipeline.outputs import OutputWriter
from pipeline.runner import run_stages
from pipeline.validate.custom import load_rules
from pipeline.walk import SeenContent, Skipped, Walker

log = logging.getLogger("docextract.flows")
SKIP_CHUNK = 64  # streamed inbox files checked against the store together (small: work starts early)
ELSEWHERE = "elsewhere"  # ignored-entry kind: another run holds (or has finished) the document

# Prefect builds a pydantic model of the flow's parameters; our `schema` parameter shadows BaseModel.schema.
warnings.filterwarnings("ignore", message='Field name "schema"', category=UserWarning)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over relative POSIX paths: `**/` any folders (or none), `*` and `?` within one name."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def iter_inbox(
    folder: Path, pattern: str, exclude: list[Path], min_age_s: float = 0.0
) -> Iterator[Path | Skipped]:
    """Supported files under `folder` matching `pattern`, streamed folder by folder (never the whole listing
    in memory, unlike `Path.glob("**")`); hidden entries and excluded folders are pruned.

    The walk is `docextract run`'s (`pipeline.walk.Walker`): a link is followed once, a link back to a parent is
    not a way to list the inbox again, FIFOs and devices are never opened; each such entry comes out as a
    `Skipped` with its reason. `min_age_s` leaves files alone that were modified that recently (a scanner or an
    upload still writing).
    """
    regex = glob_regex(pattern)
    root = folder.resolve()
    now = time.time()
    for entry in Walker(exclude=exclude).walk([root]):
        path = entry.path if isinstance(entry, Skipped) else entry
        if not regex.match(path.relative_to(root).as_posix()):
            continue
        if isinstance(entry, Path) and min_age_s > 0:
            try:
                if now - entry.stat().st_mtime < min_age_s:
                    continue
            except OSError:
                continue  # vanished between listing and stat: another worker took it
        yield entry


def in_shard(sha256: str, shard: int, shards: int) -> bool:
    return shards <= 1 or int(sha256[:8], 16) % shards == shard


def ensure_vlm_limit(limit: int) -> None:
    """Create the `docextract-vlm` global concurrency limit if absent (Prefect only limits existing ones).

    An existing limit is left as it is: operators tune it in the UI.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(VLM_LIMIT_NAME)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):  # another worker created it first
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=VLM_LIMIT_NAME, limit=limit, active=True)
                )


@flow(
    name="process-folder",
    flow_run_name="batch · {path}",
    persist_result=False,
    description="Extract every new document in a folder; skip unchanged ones; publish a summary.",
)
def process_folder(
    path: str,
    pattern: str = "**/*",
    schema: str = AUTO_SCHEMA,
    out: str | None = None,
    db: str | None = None,
    ocr: str = "rapidocr",
    ocr_models: str | None = None,
    dpi: int = 200,
    max_pages: int = 500,
    force_ocr: bool = False,
    vlm: str | None = None,
    vlm_url: str | None = None,
    vlm_model: str | None = None,
    vlm_model_path: str | None = None,
    vlm_batch: int | None = None,
    vlm_concurrency: int | None = None,
    vlm_max_new_tokens: int | None = None,
    move_to_processed: str | None = None,
    move_to_failed: str | None = None,
    concurrency: int = 1,
    shard: int = 0,
    shards: int = 1,
    min_age_s: float = 0.0,
    parallel: int = 1,
    accept_threshold: float | None = None,
    rules: list[str] | None = None,
) -> dict:
    """One batch over `path`. `db`: store URL (default $DOCEXTRACT_DB), "none" for no store (skip by output).

    `concurrency` > 1 runs that many documents at once in threads (worth it when a VLM server does the work;
    the `docextract-vlm` limit still caps the calls). `parallel` > 1 (in a deployment): runs of this
    deployment that drain the inbox together, see `flows.scaleout`. Returns a small summary (never the
    results themselves).
    """
    logger = get_run_logger()
    folder = Path(path).expanduser().resolve()
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{folder}: inbox folder does not exist"
        )  # a configuration error: fail the run
    settings = FlowSettings.from_env()
    out_dir = Path(out).expanduser().resolve() if out else default_outbox(folder)
    db_url = None if (db or settings.db).lower() == "none" else (db or settings.db)
    processed_dir = Path(move_to_processed).expanduser().resolve() if move_to_processed else None
    failed_dir = Path(move_to_failed).expanduser().resolve() if move_to_failed else None
    exclude = [p for p in (out_dir, processed_dir, failed_dir) if p is not None]
    listing = iter_inbox(folder, pattern, exclude, min_age_s)
    if (first := next(listing, None)) is None:  # the usual tick: no settings, store or output folder touched
        return _nothing_new(logger, folder, BatchSummary(), out_dir)
    listing = itertools.chain([first], listing)

    options = PipelineOptions.from_flags(  # the parameters of pipeline/run_params.py, None: the environment's
        schema=schema,
        ocr=ocr,
        ocr_models=ocr_models,
        dpi=dpi,
        max_pages=max_pages,
        force_ocr=force_ocr,
        vlm=vlm,
        vlm_url=vlm_url,
        vlm_model=vlm_model,
        vlm_model_path=Path(vlm_model_path) if vlm_model_path else None,
        vlm_batch=vlm_batch,
        vlm_concurrency=vlm_concurrency,
        vlm_max_new_tokens=vlm_max_new_tokens,
        accept_threshold=accept_threshold,
        rules=rules,
    )
    load_rules(options.rules)  # a bad --rules spec fails the run here, not every document
    fingerprint = options.fingerprint()
    use_vlm = options.vlm.backend != "none"
    if use_vlm:
        ensure_vlm_limit(settings.vlm_limit)
    vlm_call = vlm_task.with_options(
        retries=settings.vlm_retries,
        retry_delay_seconds=exponential_backoff(settings.retry_base_s),
        retry_jitter_factor=0.5,
    )
    store_call = store_task.with_options(
        retries=settings.store_retries, retry_delay_seconds=exponential_backoff(settings.retry_base_s)
    )

    writer = OutputWriter(out_dir)
    store = get_store(db_url)
    claims = open_claims(store, out_dir)
    summary = BatchSummary()
    started = time.perf_counter()

    def one(doc_path: Path, sha: str) -> Outcome:
        """The task chain for one document; never raises (a failure is recorded and returned)."""
        t0 = time.perf_counter()
        try:
            stages = TaskStages(doc_path.name, options, vlm_call)
            result = run_stages(stages, doc_path, use_vlm=use_vlm, orchestrator="prefect")
            stored = store_call(
                doc_path.name, doc_path, quote(result), quote(writer), db_url, fingerprint, processed_dir
            )
        except Exception as exc:
            error, message, _ = record_failure(doc_path, sha, exc, writer, db_url, fingerprint, failed_dir)
            logger.warning("failed: %s", message)
            return Outcome(
                doc_path, sha, "failed", seconds=time.perf_counter() - t0, error_class=error, message=message
            )
        finally:
            claims.release(sha)
        return outcome_of(doc_path, result, stored.status, time.perf_counter() - t0)

    seen = SeenContent()

    def hashed() -> Iterator[tuple[Path, str]]:
        for doc_path in listing:
            if isinstance(doc_path, Skipped):
                if shard == 0:  # one shard reports the odd entries of the inbox
                    note_odd_entry(doc_path)
                continue
            try:
                sha = sha256_file(doc_path)
            except OSError as exc:
                if not doc_path.exists():
                    continue  # taken by a concurrent worker
                error, message, _ = record_failure(
                    doc_path, None, exc, writer, db_url, fingerprint, failed_dir
                )
                summary.outcomes.append(Outcome(doc_path, None, "failed", error_class=error, message=message))
                continue
            if not in_shard(sha, shard, shards):
                continue
            if (dup := seen.duplicate(doc_path, sha)) is not None:
                note_odd_entry(dup)
            else:
                yield doc_path, sha

    def note_odd_entry(entry: Skipped) -> None:
        """A failure (FIFO, broken link, unreadable) goes to failed.jsonl and the store, left where it is; a
        duplicate or a loop is counted in the result and logged with its reason."""
        if entry.error is not None:
            error, message, _ = record_failure(
                entry.path, None, entry.error, writer, db_url, fingerprint, None
            )
            summary.outcomes.append(Outcome(entry.path, None, "failed", error_class=error, message=message))
        else:
            logger.info("ignored: %s", entry.reason)
            summary.ignored.append(
                Outcome(entry.path, None, "ignored", error_class=entry.kind, message=entry.reason)
            )

    helpers_asked: list[bool] = []  # helper runs are started once, at the first document to process

    def todo() -> Iterator[tuple[Path, str]]:
        """The streamed listing, checked against the store a small chunk at a time (one query per chunk); each
        document is claimed first, and one that another run holds or finished meanwhile is left alone."""
        listing = hashed()
        while chunk := list(itertools.islice(listing, SKIP_CHUNK)):
            done = unchanged(chunk, store, fingerprint, writer)
            for doc_path, sha in chunk:
                if (doc_path, sha) in done:
                    summary.outcomes.append(Outcome(doc_path, sha, "skipped"))
                elif not claims.try_claim(sha):
                    note_elsewhere(doc_path, sha, "being processed by another run")
                elif not doc_path.exists():  # another run finished it and moved it away
                    claims.release(sha)
                    note_elsewhere(doc_path, sha, "moved away by another run")
                elif unchanged([(doc_path, sha)], store, fingerprint, writer):
                    claims.release(sha)
                    summary.outcomes.append(Outcome(doc_path, sha, "skipped"))
                else:
                    if parallel > 1 and not helpers_asked:
                        helpers_asked.append(True)
                        if names := start_helpers(parallel):
                            logger.info("started %d helper run(s): %s", len(names), ", ".join(names))
                    yield doc_path, sha

    def note_elsewhere(doc_path: Path, sha: str, why: str) -> None:
        summary.ignored.append(
            Outcome(doc_path, sha, "ignored", error_class=ELSEWHERE, message=f"{doc_path}: {why}")
        )

    try:
        if concurrency <= 1:
            for doc_path, sha in todo():
                summary.outcomes.append(one(doc_path, sha))
        else:
            _run_concurrently(todo(), one, concurrency, summary)
    finally:
        claims.release_all()
        writer.close()
        summary.seconds = time.perf_counter() - started

    if summary.outcomes or summary.ignored:
        publish_batch_artifacts(summary, folder, out_dir)
    result = batch_result(summary, out_dir)
    if result["processed"] == 0:
        return _nothing_new(logger, folder, summary, out_dir)
    logger.info("batch done: %s", result)
    return result


def batch_result(summary: BatchSummary, out_dir: Path) -> dict:
    """What a batch returns (small: never the results themselves)."""
    return {
        "documents": len(summary.outcomes),
        "processed": len(summary.outcomes) - summary.count("skipped"),
        "skipped": summary.count("skipped"),
        "ignored": len(summary.ignored),
        "elsewhere": sum(1 for o in summary.ignored if o.error_class == ELSEWHERE),
        "approved": summary.count("approved", "exported"),
        "needs_review": summary.count("needs_review", "duplicate"),
        "failed": summary.count("failed"),
        "pages": summary.pages,
        "seconds": round(summary.seconds, 3),
        "out": str(out_dir),
    }


def _nothing_new(logger, folder: Path, summary: BatchSummary, out_dir: Path):
    """The run's end when nothing was processed: state message and log line "no new documents"."""
    logger.info("no new documents in %s (%d unchanged)", folder, summary.count("skipped"))
    return Completed(message="no new documents", data=batch_result(summary, out_dir))


def _run_concurrently(items: Iterator[tuple[Path, str]], one, workers: int, summary: BatchSummary) -> None:
    """Bounded window of documents in flight; each thread runs in a copy of the flow's context, so its task
    runs belong to this flow run."""
    with ThreadPoolExecutor(workers, thread_name_prefix="docextract-doc") as pool:
        pending: set[Future] = set()
        for doc_path, sha in items:
            ctx = contextvars.copy_context()
            pending.add(pool.submit(ctx.run, one, doc_path, sha))
            if len(pending) >= workers * 2:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                summary.outcomes.extend(f.result() for f in done)
        for fut in pending:
            summary.outcomes.append(fut.result())
