"""The store: one transaction per document, roster history, schema versioning, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from extractors import EXTRACTOR_VERSION
from jiangxin.core.records import Application, Award, Person, ResultSheet, Roster, RosterPerson
from jiangxin.store import NewDocument, Store, StoreError
from jiangxin.store.schema import SCHEMA_VERSION, Meta
from jiangxin.workspace import Workspace

from .conftest import fresh_database_url


def new(record: object, sha: str, kind: str, year: int = 2025) -> NewDocument:
    return NewDocument(
        sha256=sha, file_name=f"{sha}.x", original_path=f"{sha}.x", archived_path=f"outbox/{sha}.x",
        format="docx", kind=kind, size=1, year=year, extractor_version=EXTRACTOR_VERSION, record=record,
        warnings=["title: 测试提示"],
    )  # fmt: skip


def test_records_keep_their_source(store: Store, workspace: Workspace) -> None:
    app = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    doc_id = store.add_document(new(app, "a" * 64, "application"))
    [stored] = store.records("application", 2025)
    assert stored.record == app
    assert stored.document.id == doc_id and stored.document.sha256 == "a" * 64
    assert stored.warnings == ["title: 测试提示"]
    assert store.audit_log()[-1].detail["sha256"] == "a" * 64


def test_awards_are_flattened_with_their_document(store: Store) -> None:
    sheet = ResultSheet(
        event="技能竞赛", date="2025-05-20",
        awards=[Award(level="一等奖", scope="individual", names=["张三"], unit="国网酒泉供电公司", rank=1)],
    )  # fmt: skip
    doc_id = store.add_document(new(sheet, "b" * 64, "result_sheet", year=2024))
    [award] = store.awards(2025)  # the notice's own date decides the award's year
    assert award.document_id == doc_id and award.rank == 1 and award.file_name == "b" * 64 + ".x"
    assert store.awards(2024) == []


def test_new_roster_replaces_the_old_and_keeps_history(store: Store) -> None:
    first = Roster(people=[RosterPerson(name="张三", status="在职")])
    second = Roster(people=[RosterPerson(name="李四", status="在职")])
    store.add_document(new(first, "c" * 64, "roster"))
    store.add_document(new(second, "d" * 64, "roster"))
    current = store.roster(2025)
    assert current is not None and current.record == second
    history = store.records("roster", 2025, active_only=False)
    assert [r.active for r in history] == [False, True]
    assert any(a.action == "replace" and a.entity == "roster" for a in store.audit_log())


def test_duplicate_hash_is_refused_by_the_database(store: Store) -> None:
    app = Application(title="一种工具", unit="单位", members=[Person(name="张三")])
    store.add_document(new(app, "e" * 64, "application"))
    with pytest.raises(Exception):  # noqa: B017 - the unique constraint, whatever the driver calls it
        store.add_document(new(app, "e" * 64, "application"))
    assert len(store.records("application")) == 1  # the failed transaction left nothing behind


def test_a_newer_database_is_refused(workspace: Workspace) -> None:
    store = workspace.open_store()
    with store.session() as s, s.begin():
        s.execute(update(Meta).where(Meta.key == "schema_version").values(value=str(SCHEMA_VERSION + 1)))
    store.close()
    with pytest.raises(StoreError, match="升级"):
        workspace.open_store()


def _open_and_close(url: str) -> None:
    Store(url).close()


def test_several_processes_creating_one_new_database_at_once(tmp_path: Path) -> None:
    """Two clerks starting their first ingest together must not trip over the schema's creation."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    for i in range(8):
        url = fresh_database_url(tmp_path / f"db{i}.sqlite")
        procs = [ctx.Process(target=_open_and_close, args=(url,)) for _ in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=60)
        assert [p.exitcode for p in procs] == [0, 0, 0]
