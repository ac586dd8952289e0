"""A damaged store is refused in Chinese with the advice to restore; backup and restore round-trip."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.inbox import Consumer
from jiangxin.store import StoreError
from jiangxin.store.schema import SCHEMA_VERSION
from jiangxin.workspace import Workspace

from .support import hostile
from .support.workspace import make_workspace


def _filled(tmp_path: Path) -> tuple[Workspace, Path]:
    ws = make_workspace(tmp_path / "ws", workers=1)
    hostile.good_application(ws.inbox / "申报书.docx", 3)
    store = ws.open_store()
    assert [o.result for o in Consumer(ws, store).run().outcomes] == ["stored"]
    store.close()
    return ws, ws.root / "jiangxin.db"


def _drop_wal(db: Path) -> None:
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)


def test_emptied_or_missing_database_is_refused_not_recreated(tmp_path: Path) -> None:
    ws, db = _filled(tmp_path)
    db.write_bytes(b"")
    _drop_wal(db)
    with pytest.raises(StoreError, match=r"0 字节.*jiangxin restore"):
        ws.open_store()
    db.unlink()
    with pytest.raises(StoreError, match="不见了"):
        ws.open_store()
    assert not db.exists()  # no new empty store was made


def test_garbage_and_damaged_pages_are_refused_with_advice(tmp_path: Path) -> None:
    ws, db = _filled(tmp_path)
    data = bytearray(db.read_bytes())
    data[4096:8192] = bytes(range(256)) * 16  # a page of the schema or data overwritten
    db.write_bytes(bytes(data))
    _drop_wal(db)
    runner = CliRunner()
    result = runner.invoke(app, ["list", "-w", str(ws.root)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "restore" in result.output
    db.write_bytes(b"not a database at all")
    with pytest.raises(StoreError, match="不是有效的数据库"):
        ws.open_store()


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    ws, db = _filled(tmp_path)
    runner = CliRunner()
    made = runner.invoke(app, ["backup", "-w", str(ws.root)])
    assert made.exit_code == 0, made.output
    [copy] = (ws.root / "backup").glob("*.db")
    db.write_bytes(b"")
    _drop_wal(db)
    back = runner.invoke(app, ["restore", str(copy), "-w", str(ws.root)])
    assert back.exit_code == 0, back.output
    assert len(ws.open_store().records("application", ws.year)) == 1
    # a file that is not a backup of ours is refused and the database left alone
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    refused = runner.invoke(app, ["restore", str(other), "-w", str(ws.root)])
    assert refused.exit_code != 0 and "不是匠心的数据库备份" in refused.output
    assert len(ws.open_store().records("application", ws.year)) == 1


def test_backup_before_a_migration(tmp_path: Path) -> None:
    ws, db = _filled(tmp_path)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    ws.open_store().close()
    [copy] = (ws.root / "backup").glob(f"*before-migration-v{SCHEMA_VERSION - 1}*.db")
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
