"""Bringing a database to this release's schema with the Alembic revisions shipped in `migrations/`.

Runs on every open, the same on SQLite and PostgreSQL, inside one transaction that holds the database's
write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two processes opening a new or
old database at once never both migrate it: the second waits and finds it done.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from .schema import SCHEMA_VERSION, AuditRow, Meta

BASELINE = "0001"  # the schema of release 0.1.0 (store schema version 2)
_LOCK_KEY = 7_305_812_001  # PostgreSQL advisory lock held while migrating


class NewerDatabase(Exception):
    """The database was changed by a newer release (a revision or schema version this one lacks)."""


@dataclass(frozen=True, slots=True)
class Migrated:
    before: str | None  # the Alembic revision found (None: new, or made by release 0.1.0)
    after: str
    schema_version_before: int | None  # `meta`'s version found (None: a new database)


def config(**attributes: Any) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("jiangxin.store").joinpath("migrations")))
    cfg.attributes.update(attributes)
    return cfg


def head() -> str:
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None
    return found


def _locking_engine(url: str) -> Engine:
    """An engine whose transactions take the write lock at once (SQLite); the store's own elsewhere."""
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":

        def connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
            dbapi_conn.execute("PRAGMA busy_timeout=30000")

        def begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        event.listen(engine, "connect", connect)
        event.listen(engine, "begin", begin)
    return engine


def _schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    value = conn.execute(select(Meta.value).where(Meta.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def upgrade(url: str, organization: str) -> Migrated:
    """Run the missing revisions; rows already stored go to `organization` (see revision 0002)."""
    cfg = config(organization=organization)
    script = ScriptDirectory.from_config(cfg)
    known = {s.revision for s in script.walk_revisions()}
    target = head()
    engine = _locking_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            current = MigrationContext.configure(conn).get_current_revision()
            version = _schema_version(conn)
            if (current is not None and current not in known) or (version or 0) > SCHEMA_VERSION:
                raise NewerDatabase(current or str(version))
            if current == target:
                return Migrated(current, target, version)
            cfg.attributes["connection"] = conn
            if current is None and version is not None:
                # a database of release 0.1.0: the baseline finds its tables and adds only those 0.1.0
                # made on first use (review, web), which stamps it; then the later revisions
                command.upgrade(cfg, BASELINE)
            command.upgrade(cfg, "head")
            if version is not None and version < SCHEMA_VERSION:
                conn.execute(
                    insert(AuditRow).values(
                        organization=organization, action="upgrade", entity="schema", entity_id=None,
                        detail={"from": version, "to": SCHEMA_VERSION},
                    )
                )  # fmt: skip
            return Migrated(current, target, version)
    finally:
        engine.dispose()
