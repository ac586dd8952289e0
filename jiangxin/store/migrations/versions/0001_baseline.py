"""Baseline: the store as release 0.1.0 left it (schema version 2), review and web tables included.

A database made by 0.1.0 has no alembic_version; it already holds these tables, except the review and
web tables 0.1.0 made on first use. This revision creates only the tables that are missing, so opening
such a database stamps it at the baseline (completing it), and a new database gets the whole schema.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BASELINE_SCHEMA_VERSION = 2

# the tables exactly as release 0.1.0 defined them (later revisions change them, never this snapshot)
metadata = sa.MetaData()

sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("original_path", sa.Text, nullable=False),
    sa.Column("archived_path", sa.Text, nullable=False),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)
sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
sa.Table(
    "awards",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False, index=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("event", sa.Text, nullable=False),
    sa.Column("organizer", sa.Text),
    sa.Column("date", sa.String(10)),
    sa.Column("tier", sa.String(16)),
    sa.Column("level", sa.Text, nullable=False),
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("names", sa.JSON, nullable=False),
    sa.Column("unit", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("rank", sa.Integer),
    sa.Column("honours", sa.JSON, nullable=False),
    sa.Column("score", sa.Float),
)
sa.Table(
    "ingest_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64)),
    sa.Column("kind", sa.String(32)),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("error", sa.String(32)),
    sa.Column("reason", sa.Text),
    sa.Column("moved_to", sa.Text),
    sa.Column("document_id", sa.Integer),
)
sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.Integer),
    sa.Column("detail", sa.JSON, nullable=False),
)
sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("old", sa.JSON),
    sa.Column("new", sa.JSON),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("undone_at", sa.DateTime),
    sa.Column("undone_by", sa.Text),
)
sa.Table(
    "version_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("earlier_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("later_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("undone_at", sa.DateTime),
)
sa.Table(
    "review_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("per_application", sa.Integer, nullable=False),
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("reviewer_source", sa.Text, nullable=False),
)
sa.Table(
    "review_assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("review_rounds.id"), nullable=False, index=True),
    sa.Column("reviewer_name", sa.Text, nullable=False),
    sa.Column("reviewer_unit", sa.Text, nullable=False),
    sa.Column("reviewer_specialty", sa.Text, nullable=False),
    sa.Column("application_id", sa.Integer, nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("specialty_match", sa.Boolean),
)
sa.Table(
    "web_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
sa.Table(
    "reviewer_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("reviewer_name", sa.Text, nullable=False),
    sa.Column("reviewer_unit", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)
sa.Table(
    "review_rounds_closed",
    metadata,
    sa.Column("round_id", sa.Integer, primary_key=True),
    sa.Column("closed_at", sa.DateTime, nullable=False),
    sa.Column("closed_by", sa.Text, nullable=False),
)


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind, checkfirst=True)  # only the missing tables (with their indexes)
    meta = metadata.tables["meta"]
    if bind.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).first() is None:
        bind.execute(sa.insert(meta).values(key="schema_version", value=str(BASELINE_SCHEMA_VERSION)))


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
