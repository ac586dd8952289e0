"""Keeping a SQLite store safe: refuse to open a database that vanished, emptied or broke; backups.

When a workspace's database is first created, a marker file is written beside it. A database file
that is missing or empty while the marker says one existed is refused (it would otherwise silently
become a new empty store, and every archived file would be stored again as new); so is a file that
is not a readable SQLite database. Backups use SQLite's online backup API, so they can be taken while
another process writes, and a backup is taken before every schema migration.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

RESTORE_ADVICE = "请用 `jiangxin restore 备份文件` 恢复最近的备份（备份在工作区的 backup/ 文件夹中）。"


class StoreOpenError(Exception):
    """A database that must not be opened as it is (message in Chinese, with what to do)."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other servers and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def marker_of(db: Path) -> Path:
    return db.with_name(f".{db.name}.created")


def check_before_open(url: str) -> None:
    """Refuse a database file that is missing or empty although one was created, or that is not a
    SQLite database at all."""
    db = sqlite_path(url)
    if db is None:
        return
    expected = marker_of(db).exists()
    if not db.exists():
        if expected:
            raise StoreOpenError(
                f"数据库文件“{db.name}”不见了（此前已建立过）。为免把已归档的文件当作新文件重新入库，未新建空库。{RESTORE_ADVICE}"
            )
        return
    size = db.stat().st_size
    if size == 0:
        if expected:
            raise StoreOpenError(
                f"数据库文件“{db.name}”大小为 0 字节（此前存有数据），可能已损坏或被覆盖。{RESTORE_ADVICE}"
            )
        return
    with db.open("rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise StoreOpenError(f"数据库文件“{db.name}”不是有效的数据库文件，可能已损坏。{RESTORE_ADVICE}")


def check_integrity(url: str) -> None:
    """SQLite's own quick check of every page; a damaged database is refused."""
    db = sqlite_path(url)
    if db is None or not db.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as con:
            rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreOpenError(f"数据库文件“{db.name}”无法读取（{exc}），可能已损坏。{RESTORE_ADVICE}") from exc
    if rows != [("ok",)]:
        detail = "；".join(str(r[0]) for r in rows[:3])
        raise StoreOpenError(f"数据库文件“{db.name}”已损坏（{detail}）。{RESTORE_ADVICE}")


def mark_created(url: str) -> None:
    db = sqlite_path(url)
    if db is not None and db.exists() and db.stat().st_size > 0:
        marker = marker_of(db)
        if not marker.exists():
            with contextlib.suppress(OSError):
                marker.write_text(
                    "匠心数据库已建立。请勿删除本文件：它让匠心能发现数据库文件丢失或被清空。\n",
                    encoding="utf-8",
                )


def backup_dir(db: Path) -> Path:
    return db.parent / "backup"


def backup(url: str, dest: Path | None = None, *, reason: str = "") -> Path:
    """Copy the database with SQLite's online backup API (consistent even while another process writes)."""
    db = sqlite_path(url)
    if db is None:
        raise StoreOpenError(
            "只有工作区内的 SQLite 数据库可以用本命令备份；数据库服务器请用其自带的备份工具。"
        )
    if not db.exists():
        raise StoreOpenError(f"数据库文件“{db.name}”不存在，无可备份。")
    if dest is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = backup_dir(db) / f"{db.stem}-{stamp}{('-' + reason) if reason else ''}{db.suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with (
        contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(tmp)) as out,
    ):
        src.backup(out)
    os.replace(tmp, dest)
    return dest


def restore(url: str, source: Path) -> Path | None:
    """Put a backup in place of the database. The current database, if any, is kept beside it first
    (backed up when readable, else moved aside); returns where it was kept."""
    db = sqlite_path(url)
    if db is None:
        raise StoreOpenError("只有工作区内的 SQLite 数据库可以用本命令恢复。")
    check_integrity(f"sqlite:///{source}")
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as con:
        try:
            con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreOpenError(f"“{source.name}”不是匠心的数据库备份（{exc}）。") from exc
    kept: Path | None = None
    if db.exists() and db.stat().st_size > 0:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            check_integrity(url)
            kept = backup(url, reason="before-restore")
        except StoreOpenError:
            kept = backup_dir(db) / f"{db.stem}-{stamp}-damaged{db.suffix}"
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(db, kept)
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    tmp = db.with_name(f".{db.name}.{os.getpid()}.restore")
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(tmp)) as out,
    ):
        src.backup(out)
    os.replace(tmp, db)
    mark_created(f"sqlite:///{db}")
    return kept


def stored_schema_version(url: str) -> int | None:
    """The schema version an existing SQLite database records (None when new or not SQLite)."""
    db = sqlite_path(url)
    if db is None or not db.exists() or db.stat().st_size == 0:
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row else None
