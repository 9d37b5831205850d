"""`SqlStore`: the Store protocol on SQLAlchemy (SQLite or PostgreSQL), schema kept by Alembic.

Idempotency is enforced by the database, not by hope: documents are unique by sha256 and runs by (document,
fingerprint), so saving the same result twice writes nothing. A new fingerprint adds a run whose fields inherit
what reviewers already decided on earlier runs (a human decision about the same bytes stays true).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.document import FieldStatus
from pipeline.errors import ConfigurationError
from pipeline.result import ExtractionResult
from pipeline.settings import DEFAULT_DB, current_settings
from pipeline.store.db import make_engine, redact, retry_race, upgrade_head, with_retries
from pipeline.store.lifecycle import current_run, settle
from pipeline.store.models import (
    DocStatus,
    DocumentRow,
    FieldRow,
    ItemKind,
    ItemState,
    ReviewItemRow,
    RunRow,
)

log = logging.getLogger("docextract.store")
T = TypeVar("T")
DEFAULT_URL = DEFAULT_DB


def default_export_dir(out: Path) -> Path:
    """Where `docextract run --out OUT` exports approved documents: DOCEXTRACT_EXPORT_DIR when set (the one
    setting the review server reads too), else OUT/approved."""
    return current_settings().export_dir or Path(out) / "approved"


class SqlStore:
    """Store for the runner, the flows and the review page.

    `export_dir`: where approved documents are exported the moment they become approved (default: env
    DOCEXTRACT_EXPORT_DIR). Each document also remembers the folder its run exported to, so a store opened
    without one (the review server) exports a document where `docextract run` put the others.
    `documents_root`: the folder relative document paths stored by older versions are read from (default: env
    DOCEXTRACT_DOCUMENTS_ROOT, else the working folder); new rows hold absolute paths.
    """

    def __init__(
        self,
        url: str = DEFAULT_URL,
        export_dir: Path | str | None = None,
        retries: int = 5,
        busy_timeout_s: float = 15.0,
        documents_root: Path | str | None = None,
    ):
        self.url = url
        self.retries = retries
        self.engine = make_engine(url, busy_timeout_s)
        settings = current_settings()
        chosen = export_dir if export_dir is not None else settings.export_dir
        self.export_dir: Path | None = Path(chosen).resolve() if chosen else None
        root = documents_root if documents_root is not None else settings.documents_root
        self.documents_root: Path | None = Path(root).resolve() if root else None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with_retries(url, "apply migrations", lambda: upgrade_head(self.engine), attempts=retries)

    def __repr__(self) -> str:
        return f"SqlStore({redact(self.url)!r})"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def db_file(self) -> Path | None:
        """The SQLite file (for keeping a secret beside it); None for a server database."""
        db = self.engine.url.database
        return Path(db).resolve() if self.is_sqlite and db and db != ":memory:" else None

    def close(self) -> None:
        self.engine.dispose()

    # ---- transactions -------------------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (no commit)."""
        with self._sessions() as s:
            yield s

    def transaction(self, what: str, fn: Callable[[Session], T]) -> T:
        """Run `fn` in one transaction, retried as a whole on transient errors (so `fn` must be re-runnable)."""

        def attempt() -> T:
            with self._sessions() as s, s.begin():
                return fn(s)

        return with_retries(self.url, what, attempt, attempts=self.retries)

    # ---- Store protocol -----------------------------------------------------------------------------------

    def is_processed(self, sha256: str, fingerprint: str) -> bool:
        return sha256 in self.processed([sha256], fingerprint)

    def processed(self, sha256s: Sequence[str], fingerprint: str) -> set[str]:
        """Which of these documents already have a run with this fingerprint: one query per 500, not per file."""

        def check() -> set[str]:
            found: set[str] = set()
            with self._sessions() as s:
                for i in range(0, len(sha256s), 500):
                    chunk = list(sha256s[i : i + 500])
                    found.update(
                        s.scalars(
                            select(DocumentRow.sha256)
                            .join(RunRow, RunRow.document_id == DocumentRow.id)
                            .where(DocumentRow.sha256.in_(chunk), RunRow.fingerprint == fingerprint)
                        )
                    )
            return found

        return with_retries(self.url, "check processed documents", check, attempts=self.retries)

    def save_result(self, result: ExtractionResult, fingerprint: str) -> str:
        export_dir = str(self.export_dir) if self.export_dir else None
        status, approved_id = self.transaction(
            "save a result", lambda s: _save_result(s, result, fingerprint, export_dir)
        )
        if approved_id is not None:
            self.after_approval(approved_id)
        return status

    def save_results(
        self, results: Sequence[ExtractionResult], fingerprint: str, texts: Sequence[str] | None = None
    ) -> list[str | Exception]:
        """Persist a chunk of results in one transaction (bulk inserts: `save_batch.py`) and export the ones
        approved now; returns each one's status, or the exception that kept it out of the store. When the
        chunk's transaction fails (a document the database refuses, another run inserting the same bytes at
        that moment), each document is saved on its own, so one bad document costs only itself. A store that
        stays unreachable raises (ConfigurationError): the batch stops."""
        from pipeline.store.save_batch import save_chunk

        if not results:
            return []
        export_dir = str(self.export_dir) if self.export_dir else None
        try:
            statuses, approved, fresh = self.transaction(
                "save results", lambda s: save_chunk(s, results, fingerprint, export_dir, texts)
            )
        except ConfigurationError:
            raise
        except IntegrityError:
            log.info("another run stored some of these documents at the same moment; saving each on its own")
            return [self._save_alone(result, fingerprint) for result in results]
        except Exception as exc:  # one document the database refuses: it alone fails (the caller says why)
            log.info(
                "chunk of %d results refused (%s); saving each on its own", len(results), type(exc).__name__
            )
            return [self._save_alone(result, fingerprint) for result in results]
        self.after_approvals(approved, fresh)
        return list(statuses)

    def _save_alone(self, result: ExtractionResult, fingerprint: str) -> str | Exception:
        try:
            return retry_race(lambda: self.save_result(result, fingerprint))
        except ConfigurationError:
            raise
        except Exception as exc:  # this document only: the caller records it as failed
            return exc

    def save_failure(
        self, path: str, sha256: str | None, error_class: str, message: str, fingerprint: str
    ) -> None:
        full = os.path.abspath(path)

        def save(s: Session) -> None:
            doc = _find_document(s, sha256, full)
            if doc is None:
                doc = DocumentRow(sha256=sha256, path=full, status=DocStatus.FAILED.value, pages=0)
                s.add(doc)
            doc.error = f"{error_class}: {message} (fingerprint {fingerprint})"
            s.flush()
            if current_run(s, doc) is None:  # a failed re-run never hides an earlier good result
                doc.status = DocStatus.FAILED.value

        self.transaction("record a failure", save)

    # ---- used by the review side --------------------------------------------------------------------------

    def document_file(self, stored: str) -> Path:
        """The file behind a stored document path: absolute as stored, or an old relative one under the
        documents root (else the working folder)."""
        path = Path(stored)
        if path.is_absolute():
            return path
        return (self.documents_root or Path.cwd()) / path

    def export_target(self, document_id: int) -> Path | None:
        """This store's export folder, else the one the document's run exported to."""
        if self.export_dir is not None:
            return self.export_dir
        with self.session() as s:
            recorded = s.scalar(select(DocumentRow.export_dir).where(DocumentRow.id == document_id))
        return Path(recorded) if recorded else None

    def after_approval(self, document_id: int) -> Path | None:
        """Export a freshly approved document (after the commit that approved it, from the committed state);
        returns the folder, or None when none is known or the export failed: a failed export is retried later
        by `export_approved` / the next run (nothing is marked exported unless it was written)."""
        target = self.export_target(document_id)
        if target is None:
            return None
        from pipeline.store.export import ExportError, export_document

        try:
            export_document(self, document_id, target)
        except (OSError, ExportError) as exc:
            log.error("export of document %s to %s failed: %s", document_id, target, exc)
            return None
        return target

    def after_approvals(self, document_ids: Sequence[int], fresh: dict | None = None) -> None:
        """Export a chunk's freshly approved documents together (one transaction, one CSV append per file);
        a failed export is logged and retried by the next run, like `after_approval`'s. `fresh`: what the
        chunk's save wrote (`export.Fresh`), so the rows are not read back."""
        if not document_ids:
            return
        if self.export_dir is None:  # each to the folder its own run recorded
            for document_id in document_ids:
                self.after_approval(document_id)
            return
        from pipeline.store.export import ExportError, export_documents

        try:
            export_documents(self, document_ids, self.export_dir, fresh=fresh)
        except (OSError, ExportError) as exc:
            log.error("export of %d documents to %s failed: %s", len(document_ids), self.export_dir, exc)

    def document_status(self, sha256: str) -> str | None:
        with self.session() as s:
            doc = s.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).first()
            return doc.status if doc else None


def needs_review(status: str) -> bool:
    """Whether a field with this status is a review item (not_on_document is accepted as null)."""
    try:
        return FieldStatus(status).needs_review
    except ValueError:  # a status this version does not know: a person decides
        return True


def _find_document(s: Session, sha256: str | None, path: str) -> DocumentRow | None:
    if sha256 is not None:
        return s.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).first()
    return s.scalars(
        select(DocumentRow).where(DocumentRow.sha256.is_(None), DocumentRow.path == path)
    ).first()


def _save_result(
    s: Session, result: ExtractionResult, fingerprint: str, export_dir: str | None = None
) -> tuple[str, int | None]:
    """Returns (status, document id if it just became approved)."""
    payload = result.model_dump(mode="json", by_alias=True)
    info = result.document
    path = os.path.abspath(info.path)  # the review server may start anywhere: never relative to this run
    doc = _find_document(s, info.sha256, path)
    if doc is None:
        doc = DocumentRow(sha256=info.sha256, path=path, status=DocStatus.PROCESSING.value, pages=info.pages)
        s.add(doc)
        s.flush()
    elif s.scalars(
        select(RunRow.id).where(RunRow.document_id == doc.id, RunRow.fingerprint == fingerprint)
    ).first():
        if export_dir and doc.export_dir is None:
            doc.export_dir = export_dir
        return doc.status, None  # same bytes, same settings: already stored, change nothing
    else:
        doc.version = (doc.version or 1) + 1  # a reviewer looking at the old run must reload

    previous = current_run(s, doc)
    doc.path, doc.pages, doc.schema, doc.error = path, info.pages, result.schema_, None
    if export_dir:
        doc.export_dir = export_dir
    run = RunRow(
        document_id=doc.id,
        fingerprint=fingerprint,
        pipeline_version=str(result.pipeline.get("version") or "") or None,
        result=payload,
    )
    s.add(run)
    s.flush()

    reviewed = _reviewed_fields(previous)
    data = payload["data"]
    names = list(payload["fields"]) + [n for n in data if n not in payload["fields"]]
    for name in names:
        fr = payload["fields"].get(name) or {"status": "ok", "confidence": 1.0}
        if name in reviewed:
            row = _copy_decision(reviewed[name], run.id)
        else:
            row = FieldRow(
                run_id=run.id,
                name=name,
                value=data.get(name),
                status=fr["status"],
                confidence=float(fr.get("confidence") or 0.0),
                evidence=fr.get("evidence"),
                rule=fr.get("rule"),
                reason=fr.get("reason"),
                source=fr.get("source"),
                candidates=fr.get("candidates") or [],
            )
        s.add(row)
        if needs_review(
            row.status
        ):  # linked by relationship: one flush for the whole document, not per field
            s.add(
                ReviewItemRow(
                    document_id=doc.id,
                    field=row,
                    kind=ItemKind.FIELD.value,
                    reason=row.reason or row.status,
                )
            )
    if previous is not None:
        _supersede_field_items(s, doc, keep_run_id=run.id)
    s.flush()
    became_approved = settle(s, doc)
    return doc.status, (doc.id if became_approved or doc.status == DocStatus.APPROVED.value else None)


def _reviewed_fields(run: RunRow | None) -> dict[str, FieldRow]:
    if run is None:
        return {}
    return {f.name: f for f in run.fields if f.source == "review"}


def _copy_decision(old: FieldRow, run_id: int) -> FieldRow:
    return FieldRow(
        run_id=run_id,
        name=old.name,
        value=old.value,
        status=old.status,
        confidence=old.confidence,
        evidence=old.evidence,
        rule=old.rule,
        reason=old.reason,
        source=old.source,
        candidates=old.candidates,
    )


def _supersede_field_items(s: Session, doc: DocumentRow, keep_run_id: int) -> None:
    """Open field items of older runs are replaced by the new run's items (their history stays)."""
    new_field_ids = select(FieldRow.id).where(FieldRow.run_id == keep_run_id)
    for item in s.scalars(
        select(ReviewItemRow).where(
            ReviewItemRow.document_id == doc.id,
            ReviewItemRow.state == ItemState.OPEN.value,
            ReviewItemRow.kind == ItemKind.FIELD.value,
            ReviewItemRow.field_id.not_in(new_field_ids),
        )
    ):
        item.state = ItemState.SUPERSEDED.value
