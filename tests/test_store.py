"""The store: one transaction per document, roster history, schema versioning, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from extractors import EXTRACTOR_VERSION
from jiangxin.core.records import Application, Award, Person, ResultSheet, Roster, RosterPerson
from jiangxin.core.warnings import LEGACY, FieldWarning
from jiangxin.store import NewDocument, Store, StoreError
from jiangxin.store.schema import SCHEMA_VERSION, DocumentRow, Meta, RecordRow
from jiangxin.workspace import Workspace

from .support.databases import fresh_database_url

TITLE_DOUBT = FieldWarning(field="title", code="not_found", message="测试提示")


def new(record: object, sha: str, kind: str, year: int = 2025) -> NewDocument:
    return NewDocument(
        sha256=sha, file_name=f"{sha}.x", original_path=f"{sha}.x", archived_path=f"outbox/{sha}.x",
        format="docx", kind=kind, size=1, year=year, extractor_version=EXTRACTOR_VERSION, record=record,
        warnings=[TITLE_DOUBT],
    )  # fmt: skip


def test_records_keep_their_source(store: Store, workspace: Workspace) -> None:
    app = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    doc_id = store.add_document(new(app, "a" * 64, "application"))
    [stored] = store.records("application", 2025)
    assert stored.record == app
    assert stored.document.id == doc_id and stored.document.sha256 == "a" * 64
    assert stored.warnings == [TITLE_DOUBT] and stored.document.warnings == [TITLE_DOUBT]
    assert store.audit_log()[-1].detail["sha256"] == "a" * 64


def test_records_are_read_by_their_ids_in_one_query(store: Store) -> None:
    first = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    second = Application(title="一种装置", unit="国网瓜州县供电公司", members=[Person(name="李四")])
    store.add_document(new(first, "c" * 64, "application"))
    store.add_document(new(second, "d" * 64, "application", year=2024))
    ids = {r.record.title: r.id for r in store.records("application")}
    found = store.records_by_id([ids["一种装置"], ids["一种工具"], 999_999])
    assert sorted(found) == sorted(ids.values())  # every year, an unknown id left out
    assert found[ids["一种装置"]].record == second and found[ids["一种工具"]].record == first
    assert store.records_by_id([]) == {}


def test_warnings_are_stored_as_keys_and_text_of_older_databases_still_loads(store: Store) -> None:
    """Warnings are kept as JSON objects with their field, code and message; a database written when
    warnings were text (`completed_on: …`) loads them as typed warnings with their field."""
    app = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    store.add_document(new(app, "c" * 64, "application"))
    with store.session() as s:
        [row] = s.execute(select(RecordRow)).scalars()
        assert row.warnings == [{"field": "title", "code": "not_found", "message": "测试提示"}]
    with store.session() as s, s.begin():
        old = [
            "completed_on: 无法识别完成时间“某年”，请人工核对",
            "ocr: 第 2 页未识别到任何文字",
            "表格中有 3 个公式单元格",
        ]
        s.execute(update(RecordRow).values(warnings=old))
        s.execute(update(DocumentRow).values(warnings=old))
    [stored] = store.records("application", 2025)
    assert stored.warnings == stored.document.warnings
    assert [(w.field, w.code) for w in stored.warnings] == [
        ("completed_on", LEGACY),
        (None, LEGACY),
        (None, LEGACY),
    ]
    assert [w.readable for w in stored.warnings] == [
        "完成时间：无法识别完成时间“某年”，请人工核对",
        "第 2 页未识别到任何文字",
        "表格中有 3 个公式单元格",
    ]
    assert stored.warnings[0].text == old[0]


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
