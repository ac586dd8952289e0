"""Writers at the same moment lose nothing and count nothing twice (SQLite and PostgreSQL): a web save
and a `jiangxin fix` correcting one results notice, two rosters stored at once, two offices' ingests."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from jiangxin.core.records import Award, ResultSheet, Roster, RosterPerson
from jiangxin.store import Store

from .support.databases import fresh_database_url
from .test_store import new

ORG = "国网酒泉供电公司"
SHEET = ResultSheet(
    event="技能竞赛", date="2025-05-20",
    awards=[Award(level=level, scope="individual", names=[name], unit="国网酒泉供电公司")
            for level, name in (("一等奖", "张三"), ("二等奖", "李四"), ("三等奖", "王五"))],
)  # fmt: skip


def _correct(url: str, record_id: int, who: str, rounds: int, start: Any) -> None:
    store = Store(url, ORG)
    start.wait()
    for i in range(rounds):
        store.add_correction(record_id, "event", "技能竞赛", f"技能竞赛{who}{i}", reason="核对", by=who)
        if i % 3 == 2:
            store.undo_corrections(record_id, ["event"], by=who)
    store.close()


def _roster(url: str, sha: str, name: str, start: Any) -> None:
    store = Store(url, ORG)
    start.wait()
    store.add_document(new(Roster(people=[RosterPerson(name=name, status="在职")]), sha, "roster"))
    store.close()


def _run(target: Any, args: list[tuple[Any, ...]]) -> None:
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=target, args=(*a, start)) for a in args]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def test_two_writers_correcting_one_notice_keep_its_awards_once(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "db.sqlite")
    store = Store(url, ORG)
    store.add_document(new(SHEET, "a" * 64, "result_sheet"))
    [record] = store.records("result_sheet")
    _run(_correct, [(url, record.id, "网页", 12), (url, record.id, "命令行", 12)])
    awards = store.awards(2025)
    assert sorted(a.names[0] for a in awards) == ["张三", "李四", "王五"]  # each award line once
    current = store.records("result_sheet")[0].record.event
    assert {a.event for a in awards} == {current}  # the award lines follow the corrections in force
    history = store.correction_history(record.id)
    assert len(history) == 24  # every correction of both writers was kept
    assert sum(1 for a in store.audit_log() if a.action == "correct") == 24
    store.close()


def test_two_rosters_stored_at_once_leave_one_current(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "db.sqlite")
    for round_ in range(3):
        _run(_roster, [(url, f"{round_}{i}".ljust(64, "0"), f"员工{round_}{i}") for i in range(3)])
    store = Store(url, ORG)
    rosters = store.records("roster", 2025, active_only=False)
    assert len(rosters) == 9
    assert [r.active for r in rosters].count(True) == 1  # the last one stored is the year's roster
    assert rosters[-1].active
    store.close()
