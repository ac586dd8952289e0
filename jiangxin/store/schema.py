"""Tables of the record store. Alembic revisions (jiangxin/store/migrations) build and change them;
`SCHEMA_VERSION` is still written into `meta`, so a release from before the migrations refuses a database
a later one has changed instead of misreading it."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# 1: documents, records, awards, ingest events, audit log
# 2: corrections by the office and its decisions on versions of one application
# 3: every record belongs to an organisation (several offices share one database); Alembic revisions
SCHEMA_VERSION = 3


def organization_column() -> Mapped[str]:
    """The office a row belongs to (the workspace's `[organization] name`); rows of one office are
    invisible to another sharing the database."""
    return mapped_column(String(200), default="", server_default="", index=True)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentRow(Base):
    """One stored file: where it came from, where it is archived, and how it was read."""

    __tablename__ = "documents"
    # the same file dropped in two offices is two documents; within an office a file is stored once
    __table_args__ = (Index("uq_documents_organization_sha256", "organization", "sha256", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    original_path: Mapped[str] = mapped_column(Text)
    archived_path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    size: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer, index=True)
    extractor_version: Mapped[str] = mapped_column(String(32))
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RecordRow(Base):
    """The record read from a document (the schema's JSON). `active` is false once replaced."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AwardRow(Base):
    """One award line of a result sheet, flattened for counting; always linked to its document."""

    __tablename__ = "awards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(Text)
    organizer: Mapped[str | None] = mapped_column(Text, nullable=True)
    date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    tier: Mapped[str | None] = mapped_column(String(16), nullable=True)
    level: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(16))
    names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    unit: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    honours: Mapped[list[Any]] = mapped_column(JSON, default=list)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)


class IngestEventRow(Base):
    """What happened to each file an ingest saw (stored, duplicate, failed, deferred)."""

    __tablename__ = "ingest_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    result: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    moved_to: Mapped[str | None] = mapped_column(Text, nullable=True)
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AuditRow(Base):
    """Every change to stored data, in order: who/what changed which entity and how."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CorrectionRow(Base):
    """A value the office set by hand beside the extracted one (or its 人工认定 of a verdict).

    Keyed by the file's SHA-256, so a correction outlives any re-reading of the same file; an undo
    keeps the row (undone_at) so the history stays complete."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str] = mapped_column(Text)
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    undone_by: Mapped[str | None] = mapped_column(Text, nullable=True)


class VersionLinkRow(Base):
    """The office's word on two submissions: `same` (the later replaces the earlier) or `separate`
    (two applications, whatever their titles say). Overrides the automatic recognition of versions."""

    __tablename__ = "version_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    earlier_sha256: Mapped[str] = mapped_column(String(64), index=True)
    later_sha256: Mapped[str] = mapped_column(String(64), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
