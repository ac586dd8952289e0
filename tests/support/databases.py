"""The two databases the store, ingest, check and tally tests run on: SQLite files, and fresh databases on
the PostgreSQL server JIANGXIN_TEST_POSTGRES names (the throw-away cluster `.ci/postgres` starts)."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jiangxin.store import Store

POSTGRES_ENV = "JIANGXIN_TEST_POSTGRES"


class PostgresServer:
    """Hands out fresh databases on one server and drops them all at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.made: list[str] = []
        self.template: str | None = None

    def new_database(self, *, migrated: bool = False) -> str:
        """An empty database, or with `migrated` a copy of one the store has already migrated (a
        workspace's first open then costs no migration: about 0.7 s of each test less)."""
        name = f"jx_{uuid.uuid4().hex[:16]}"
        template = ""
        if migrated:
            if self.template is None:
                url = self.new_database()
                Store(url).close()
                self.template = self.made[-1]
            template = f' TEMPLATE "{self.template}"'
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
        self.made.append(name)
        return self._url(name)

    def _url(self, name: str) -> str:
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.clear()
        self.template = None
        self.engine.dispose()


class Current:
    """The server of the PostgreSQL run under way (None while a test runs on SQLite)."""

    server: PostgresServer | None = None


def fresh_database_url(path: Path) -> str:
    """A new, empty database of the kind the test runs on: a SQLite file at `path`, or a PostgreSQL one."""
    server = Current.server
    return server.new_database() if server is not None else f"sqlite:///{path}"
