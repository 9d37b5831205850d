"""Tables of the store. The schema itself is owned by Alembic (migrations/); these classes are how code reads it.

A document (one sha256) has one run per pipeline fingerprint; a run has one row per schema field; a field that
needs a human has a review item; every human decision is appended to the audit log and never rewritten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC on every backend (SQLite hands back naive datetimes otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class DocStatus(StrEnum):
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    FAILED = "failed"
    DUPLICATE = "duplicate"


class ItemState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    SUPERSEDED = "superseded"  # its run was replaced by a newer run before anyone looked at it


class ItemKind(StrEnum):
    FIELD = "field"  # a field the pipeline flagged
    DUPLICATE = "duplicate"  # same vendor + number + total as an approved document


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)  # None: file could not be read
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    schema: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(500), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # Optimistic locking: every change a reviewer or a new run makes adds one; a decision names the version
    # the reviewer saw and is refused when it moved on (nothing is silently overwritten).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Where the run that stored it exported approved documents (absolute): the review server's default target.
    export_dir: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    runs: Mapped[list[RunRow]] = relationship(back_populates="document", order_by="RunRow.id")


class RunRow(Base):
    __tablename__ = "extraction_runs"
    __table_args__ = (UniqueConstraint("document_id", "fingerprint", name="uq_run_document_fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    pipeline_version: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(
        JSON
    )  # the machine output, exactly as the pipeline wrote it

    document: Mapped[DocumentRow] = relationship(back_populates="runs")
    fields: Mapped[list[FieldRow]] = relationship(back_populates="run", order_by="FieldRow.id")


class FieldRow(Base):
    """Current value of one field in one run: starts as the machine value, a reviewer's decision overwrites it."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("run_id", "name", name="uq_field_run_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_runs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rule: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(40))
    candidates: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)

    run: Mapped[RunRow] = relationship(back_populates="fields")

    def contract(self) -> dict[str, Any]:
        """This field as the output contract's `fields.<name>` object."""
        return field_contract(self)


CONTRACT_KEYS = ("status", "confidence", "evidence", "rule", "reason", "source", "candidates")


def field_contract(row: Any) -> dict[str, Any]:
    """A field row (ORM object, Core row or a dict of its columns) as the output contract's `fields.<name>`."""
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    contract = {key: get(key) for key in CONTRACT_KEYS}
    contract["candidates"] = contract["candidates"] or []
    return contract


class ReviewItemRow(Base):
    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=ItemKind.FIELD.value)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=ItemState.OPEN.value, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    document: Mapped[DocumentRow] = relationship()
    field: Mapped[FieldRow | None] = relationship()


class AuditRow(Base):
    """Append-only: the code never updates or deletes these rows."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    who: Mapped[str] = mapped_column(String(200))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    field: Mapped[str | None] = mapped_column(String(200))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    # accept | correct | not_present | confirm_duplicate | rules_cleared | rules_reasoned
    action: Mapped[str] = mapped_column(String(40))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Sessions carry the generation they were opened in; logout, a new password or removal moves it on, so every
    # session of the user ends at once (the cookie alone proves nothing).
    session_generation: Mapped[int] = mapped_column(Integer, default=0)


class ExportRow(Base):
    """One row per (document, output folder, kind) written, so exports are never repeated."""

    __tablename__ = "exports"
    __table_args__ = (UniqueConstraint("document_id", "target", "kind", name="uq_export_doc_target_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("extraction_runs.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(Text)  # the output folder (absolute)
    kind: Mapped[str] = mapped_column(String(40))  # json | csv
    path: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
