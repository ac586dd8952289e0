"""Alembic revisions: a database of release 0.1.0 upgrades in place, and the revisions build exactly the
tables the code declares; on SQLite and PostgreSQL alike."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, func, insert, inspect, select, text

from jiangxin.core.warnings import LEGACY
from jiangxin.store import Store, migrate
from jiangxin.store import web as web_store
from jiangxin.store.review import current_round
from jiangxin.store.schema import SCHEMA_VERSION, Base

from .support.databases import fresh_database_url
from .support.workspace import make_workspace

RELEASE_0_1_0 = Path(__file__).parent / "data" / "store-0.1.0.sqlite"
ORG = "国网酒泉供电公司"


def _copy_into(url: str) -> None:
    """The 0.1.0 file's rows in a database at `url` brought to the 0.1.0 schema by the baseline revision
    (how a PostgreSQL database of that release looks: the same tables, the same rows)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = migrate.config(connection=conn, organization="")
        command.upgrade(cfg, migrate.BASELINE)
        conn.execute(text("DELETE FROM meta"))
        old = create_engine(f"sqlite:///{RELEASE_0_1_0}")
        source = MetaData()
        source.reflect(old)
        target = MetaData()
        target.reflect(conn)
        with old.connect() as src:
            for table in source.sorted_tables:
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                if rows:
                    conn.execute(insert(target.tables[table.name]), rows)
        old.dispose()
        if conn.dialect.name == "postgresql":  # the ids were given: the sequences go on after them
            for table in target.sorted_tables:
                if "id" in table.c:
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                             f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)")
                    )  # fmt: skip
        conn.execute(text("DROP TABLE alembic_version"))  # release 0.1.0 knew nothing of Alembic
    engine.dispose()


def test_a_database_of_release_0_1_0_opens_and_upgrades(tmp_path: Path, database: str) -> None:
    ws = make_workspace(tmp_path / "ws")
    if database == "sqlite":
        shutil.copyfile(RELEASE_0_1_0, ws.root / "jiangxin.db")
        url = ws.database_url
    else:
        url = fresh_database_url(tmp_path / "unused")
        _copy_into(url)
    store = Store(url, ws.organization.name)
    try:
        apps = store.records("application", 2025)
        assert [r.record.title for r in apps] == ["一种变电站智能巡检机器人", "一种输电线路除冰装置"]
        assert apps[0].corrected_fields == ["title"]  # the office's correction still applies
        assert apps[0].warnings == []  # settled by the correction of the title
        assert [(w.field, w.code, w.message) for w in apps[1].warnings] == [
            ("title", LEGACY, "标题可能不完整")
        ]
        roster = store.roster(2025)
        assert roster is not None and [p.name for p in roster.record.people] == ["张三", "王五"]
        assert len(store.records("roster", 2025, active_only=False)) == 2
        assert [(a.level, a.unit) for a in store.awards(2025)] == [
            ("一等奖", "国网敦煌市供电公司"), ("二等奖", "国网瓜州县供电公司"),
        ]  # fmt: skip
        [link] = store.version_links()
        assert link.decision == "separate"
        assert [n for n, _at in web_store.user_names(store)] == ["办公室"]
        [reviewer_link] = web_store.links(store, 2025)
        assert web_store.link_by_token(store, reviewer_link.token) == reviewer_link
        saved = current_round(store, 2025)
        assert saved is not None and saved.criteria == (("创新性", 40.0), ("效益", 60.0))
        assert [p.title for p in saved.pairs] == ["一种变电站智能巡检机器人"]
        assert web_store.round_closed(store, saved.id)
        [upgrade] = [a for a in store.audit_log() if a.action == "upgrade"]
        assert upgrade.detail == {"from": 2, "to": SCHEMA_VERSION}
        # the upgraded database takes new rows, and the rows of 0.1.0 became the opening office's
        store.add_correction(apps[1].id, "title", "一种输电线路除冰装置", "一种输电线路融冰装置",
                             reason="升级后可更正", by="测试")  # fmt: skip
        assert store.records("application", 2025)[1].record.title == "一种输电线路融冰装置"
        assert store.organizations() == {ORG: 5}
    finally:
        store.close()
    other = Store(url, "国网嘉峪关供电公司")
    assert other.records() == [] and other.awards() == []
    other.close()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == migrate.head()
        assert conn.execute(text("SELECT value FROM meta")).scalar() == str(SCHEMA_VERSION)
    engine.dispose()
    if database == "sqlite":  # a copy of the 0.1.0 database was kept before migrating it
        [kept] = (ws.root / "backup").glob("*before-migration-v2*.db")
        with sqlite3.connect(kept) as con:
            assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)


def test_a_version_1_database_is_upgraded(tmp_path: Path) -> None:
    """Release 0.1.0's first databases lacked the office's corrections and version decisions."""
    db = tmp_path / "v1.db"
    shutil.copyfile(RELEASE_0_1_0, db)
    with sqlite3.connect(db) as con:
        con.execute("DROP TABLE corrections")
        con.execute("DROP TABLE version_links")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    store = Store(f"sqlite:///{db}", ORG)
    try:
        apps = store.records("application", 2025)
        assert [r.record.title for r in apps] == ["一种变电站巡检机器人", "一种输电线路除冰装置"]
        store.add_correction(apps[0].id, "title", apps[0].record.title, "一种巡检机器人", reason="升级后可更正",
                             by="测试")  # fmt: skip
        assert store.records("application", 2025)[0].record.title == "一种巡检机器人"
        [upgrade] = [a for a in store.audit_log() if a.action == "upgrade"]
        assert upgrade.detail == {"from": 1, "to": SCHEMA_VERSION}
    finally:
        store.close()


def test_the_revisions_build_the_declared_tables(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "new.db")
    Store(url, ORG).close()
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
        assert conn.execute(select(func.count()).select_from(text("alembic_version"))).scalar() == 1
    engine.dispose()
    assert diff == []
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_a_database_of_a_later_revision_is_refused(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "new.db")
    Store(url, ORG).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    try:
        Store(url, ORG)
    except Exception as exc:
        assert "更新版本" in str(exc)
    else:
        raise AssertionError("a database of a later release was opened")


def test_revisions_go_down_to_the_baseline_and_up_again(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "new.db")
    Store(url, ORG).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(migrate.config(connection=conn), migrate.BASELINE)
        assert "organization" not in {c["name"] for c in inspect(conn).get_columns("documents")}
    engine.dispose()
    Store(url, ORG).close()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "organization" in {c["name"] for c in inspect(conn).get_columns("documents")}
    engine.dispose()
