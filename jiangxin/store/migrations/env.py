"""Alembic's entry point for the store's revisions.

The store runs the revisions itself when it opens a database (`jiangxin.store.migrate`), handing over
its connection inside one locked transaction. Run by hand (`alembic upgrade head` in the repository),
the database is `JIANGXIN_DATABASE` or `sqlalchemy.url` of alembic.ini.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from jiangxin.store import review_schema, web_schema  # noqa: F401 - their tables join the metadata
from jiangxin.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    if context.is_offline_mode():
        raise SystemExit("匠心的数据库迁移需要连接数据库（它们会查看已有的表），不支持 --sql 离线模式。")
    url = os.environ.get("JIANGXIN_DATABASE") or config.get_main_option("sqlalchemy.url") or ""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


run()
