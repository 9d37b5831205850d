"""Initial store schema: documents, runs, fields, review items, audit log, users, exports.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.store.models import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), unique=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("schema", sa.String(200)),
        sa.Column("error", sa.Text),
        sa.Column("dedupe_key", sa.String(500), index=True),
        sa.Column("duplicate_of_id", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "extraction_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("pipeline_version", sa.String(40)),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.UniqueConstraint("document_id", "fingerprint", name="uq_run_document_fingerprint"),
    )
    op.create_table(
        "fields",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("extraction_runs.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("evidence", sa.JSON),
        sa.Column("rule", sa.String(200)),
        sa.Column("reason", sa.Text),
        sa.Column("source", sa.String(40)),
        sa.Column("candidates", sa.JSON),
        sa.UniqueConstraint("run_id", "name", name="uq_field_run_name"),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("field_id", sa.Integer, sa.ForeignKey("fields.id", ondelete="CASCADE"), index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("resolved_by", sa.String(200)),
        sa.Column("resolved_at", UtcDateTime),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UtcDateTime, nullable=False, index=True),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("field", sa.String(200)),
        sa.Column("old", sa.JSON),
        sa.Column("new", sa.JSON),
        sa.Column("action", sa.String(40), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "run_id", sa.Integer, sa.ForeignKey("extraction_runs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("document_id", "target", "kind", name="uq_export_doc_target_kind"),
    )


def downgrade() -> None:
    for table in ("exports", "users", "audit_log", "review_items", "fields", "extraction_runs", "documents"):
        op.drop_table(table)
