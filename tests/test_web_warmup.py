"""The start-up's warm-up in a process of its own: the server takes its results (check, tally, points, blank
score sheets) without computing them, says 正在计算… until they come, shows a broken policy's error, and a
correction is re-checked record by record (by that process) with the same verdicts as a whole check."""

from __future__ import annotations

import dataclasses
import gc
import os
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jiangxin.store import web as web_store
from jiangxin.web import snapshot as SN
from jiangxin.web.app import create_app

from .support.web_year import USER, WebYear, build_year, forbid_year_passes, log_in, main_of, settled_page
from .support.web_year import until as wait_until

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def until(done: Callable[[], bool]) -> None:
    wait_until(done, 180.0)  # a warm-up process starts and reads the year first


def logged_in(app: Any) -> TestClient:
    c: TestClient = log_in(TestClient(app, follow_redirects=False, raise_server_exceptions=False))
    return c


@pytest.fixture
def warm_apps() -> Iterator[list[Any]]:
    """Apps started as `jiangxin serve` starts them; their warm-up processes are ended after the test."""
    apps: list[Any] = []
    yield apps
    for app in apps:
        app.state.warm_up.stop()


def no_computing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any pass over the year in this process (the server's) raises."""
    forbid_year_passes(monkeypatch, "computed in the server's process")


def full_check(year: WebYear) -> dict[int, Any]:
    """Every application's verdict by a whole check of the year, as `jiangxin check` makes it."""
    from rules.check import check_applications
    from rules.policy import load_policy

    return {v.record_id: v for v in check_applications(year.ws, year.store, load_policy(year.ws.policy_path))}


def same_verdicts(shown: list[Any], full: dict[int, Any]) -> None:
    assert {v.record_id for v in shown} == set(full)
    for v in shown:
        want = full[v.record_id]
        assert (v.verdict, v.reasons, v.rules, v.title, v.corrected) == (
            want.verdict, want.reasons, want.rules, want.title, want.corrected,
        ), v.record_id  # fmt: skip


def test_the_warm_up_works_in_another_process_and_the_server_takes_its_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_apps: list[Any]
) -> None:
    """A new workspace: its first views say 正在计算… while the warm-up process works the year out; the
    server computes nothing itself, and then shows the very pages a server computing them itself shows."""
    from jiangxin.web import scoring

    year = build_year(tmp_path / "ws")
    monkeypatch.setattr(scoring, "_books", {})  # none opened by an earlier test
    monkeypatch.setattr(scoring, "_blanks", {})
    no_computing_here(monkeypatch)
    app = create_app(year.ws, year.store, secret="test", warm=True)
    warm_apps.append(app)
    warm_up = app.state.warm_up
    assert warm_up.process.pid != os.getpid() and warm_up.process.is_alive()
    assert gc.get_freeze_count() > 0  # what the start read is kept out of the collector's full passes
    c = logged_in(app)
    first = c.get("/").text
    if warm_up.computing:  # answered before the process had finished: it says so and asks again
        assert "正在计算" in first
    until(lambda: not warm_up.computing)
    assert not app.state.office.cache.refresh_failed
    shown = {p: main_of(settled_page(c, p)) for p in ("/check", "/tally", "/points", "/")}
    assert all("正在计算" not in page and 'id="updating"' not in page for page in shown.values())
    kept = SN.folder_of(year.ws)
    assert {p.name for p in kept.iterdir() if p.suffix == ".json"} == {f"{n}.json" for n in SN.PARTS}
    # the round's blank sheets were made there too, and taken here
    until(warm_up.done.is_set)
    assert {key[2] for key in scoring._books if key[0] == year.ws.year} >= set(year.links)
    monkeypatch.undo()
    shutil.rmtree(kept)
    here = logged_in(create_app(year.ws, year.store, secret="test"))  # computes them itself
    for path, page in shown.items():
        assert main_of(settled_page(here, path)) == page, path


def test_a_correction_is_rechecked_by_the_warm_up_process_as_a_whole_check_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_apps: list[Any]
) -> None:
    """After the warm-up, a field corrected on the record's page is checked again by the warm-up process
    against the year's context it keeps (the server builds none), and every verdict shown is the one a
    whole check of the year gives."""
    year = build_year(tmp_path / "ws")
    app = create_app(year.ws, year.store, secret="test", warm=True)
    warm_apps.append(app)
    until(lambda: not app.state.warm_up.computing)
    cache = app.state.office.cache
    assert cache.check.current().context is None  # the context stays in the warm-up process
    no_computing_here(monkeypatch)
    c = logged_in(app)
    page = c.get(f"/records/{year.no_category}").text
    assert re.search(r'id="verdict">待补正<', page)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf
    r = c.post(
        f"/records/{year.no_category}/correct",
        data={"csrf": csrf.group(1), "field": "category", "value": "技术革新", "why": "申报书已勾选"},
    )
    assert r.status_code == 303
    page = c.get(f"/records/{year.no_category}").text
    assert not re.search(r'id="verdict">待补正<', page)
    st = cache.check.current()
    assert st.context is None and st.corrected == web_store.last_correction_id(year.store)
    monkeypatch.undo()
    same_verdicts(st.verdicts, full_check(year))


def test_a_title_corrected_into_a_duplicate_is_checked_by_the_warm_up_process_as_a_whole_check_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_apps: list[Any]
) -> None:
    """A title corrected so that a later application repeats an earlier one's (another unit's) moves the
    check's context: the warm-up process works the check out again (the server still builds nothing),
    and the later application is refused as a duplicate, as a whole check of the year refuses it."""
    year = build_year(tmp_path / "ws")
    app = create_app(year.ws, year.store, secret="test", warm=True)
    warm_apps.append(app)
    until(lambda: not app.state.warm_up.computing)
    earlier, later = sorted(year.applications.values())[1:3]  # signed a day apart, of two units
    title = year.store.record(earlier).record.title
    no_computing_here(monkeypatch)
    c = logged_in(app)
    page = c.get(f"/records/{later}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf and "重复申报" not in page
    r = c.post(
        f"/records/{later}/correct",
        data={"csrf": csrf.group(1), "field": "title", "value": title, "why": "x"},
    )
    assert r.status_code == 303
    page = c.get(f"/records/{later}").text
    assert re.search(r'id="verdict">不通过<', page) and "重复申报" in page
    st = app.state.office.cache.check.current()
    assert st.context is None and st.key == web_store.check_inputs_key(year.store, year.ws.year)
    monkeypatch.undo()
    full = full_check(year)
    assert full[later].verdict == "不通过"
    same_verdicts(st.verdicts, full)


def test_a_title_corrected_changes_the_context_here_as_building_it_again_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a warm-up process, a title corrected into another unit's earlier one changes the context
    where it touches it (no context built again): the later application is refused as a duplicate and
    every verdict is a whole check's; corrected back, the duplicate is gone again. Corrected into a title
    of its own unit (a new version of that application), the context is built again."""
    import rules.check
    from jiangxin.web.year import CheckCache

    year = build_year(tmp_path / "ws")
    check = CheckCache()
    assert check.state(year.ws, year.store) is not None
    ids = sorted(year.applications.values())
    earlier, later = ids[1:3]  # signed a day apart, of two units
    title = year.store.record(earlier).record.title
    built = []
    real = rules.check.build_context
    monkeypatch.setattr(rules.check, "build_context", lambda *a, **k: built.append(1) or real(*a, **k))
    web_store.correct(year.store, later, "title", title, USER, "")
    after = check.state(year.ws, year.store)
    assert after is not None and not built
    assert next(v for v in after.verdicts if v.record_id == later).verdict == "不通过"
    same_verdicts(after.verdicts, full_check(year))  # (a whole check builds its own context)
    built.clear()
    web_store.undo(year.store, later, "title", USER)
    after = check.state(year.ws, year.store)
    assert after is not None and not built
    assert next(v for v in after.verdicts if v.record_id == later).verdict != "不通过"
    same_verdicts(after.verdicts, full_check(year))
    built.clear()
    first = year.store.record(ids[0]).record
    same_unit = next(i for i in ids[1:] if year.store.record(i).record.unit == first.unit)
    web_store.correct(year.store, same_unit, "title", first.title, USER, "")
    after = check.state(year.ws, year.store)
    assert after is not None and built
    same_verdicts(after.verdicts, full_check(year))


def test_a_correction_checked_record_by_record_here_gives_a_whole_check_s_verdicts(tmp_path: Path) -> None:
    """Without a warm-up process, the server keeps the context and re-checks only the corrected records:
    the verdicts are a whole check's."""
    from jiangxin.web.year import CheckCache

    year = build_year(tmp_path / "ws")
    check = CheckCache()
    before = check.state(year.ws, year.store)
    assert before is not None and before.context is not None
    web_store.correct(year.store, year.no_category, "category", "技术革新", USER, "")
    other = next(i for i in year.applications.values() if i != year.no_category)
    web_store.correct(year.store, other, "completed_on", "2019-01", USER, "")
    after = check.state(year.ws, year.store)
    assert after is not None and after.context is before.context  # not rebuilt
    assert after.verdicts != before.verdicts
    same_verdicts(after.verdicts, full_check(year))


def test_a_broken_policy_shows_its_error_once_the_warm_up_process_fails(
    tmp_path: Path, warm_apps: list[Any]
) -> None:
    """The warm-up process cannot work out the results under a broken policy: the pages stop saying
    正在计算… and compute themselves, which shows the error."""
    year = build_year(tmp_path / "ws")
    broken = tmp_path / "broken-policy.toml"
    broken.write_text("[eligibility\n", encoding="utf-8")
    app = create_app(dataclasses.replace(year.ws, policy_path=broken), year.store, secret="test", warm=True)
    warm_apps.append(app)
    cache = app.state.office.cache
    until(lambda: cache.refresh_failed)
    c = logged_in(app)
    for path in ("/check", "/tally", "/"):
        page = c.get(path)
        assert "正在计算" not in page.text, path
        assert page.status_code == 500 and "出错了" in page.text, path


def test_whether_the_context_moved_is_read_from_the_audit_entries_since(tmp_path: Path) -> None:
    """The check's inputs key (as the pass over the records finds it) follows corrections from the audit
    entries alone: kept by one of a field the context does not derive from, moved by a title's or its
    undoing (naming the record); a new application is left to that pass."""
    from jiangxin.examples.applications import random_application
    from jiangxin.examples.people import NamePool
    from jiangxin.examples.year import store_record_id
    from jiangxin.store.web import inputs_since

    year = build_year(tmp_path / "ws")
    store, y = year.store, year.ws.year

    def now() -> tuple[tuple[int, ...], int]:
        return web_store.check_inputs_key(store, y), web_store.last_correction_id(store)

    key, corrected = now()
    generation = web_store.generation(store)
    assert inputs_since(store, generation, key, corrected) == (key, corrected, [])
    web_store.correct(store, year.no_category, "category", "技术革新", USER, "")
    web_store.correct(store, year.notice, "event", "更正后的竞赛名称", USER, "")
    found = inputs_since(store, generation, key, corrected)
    assert found is not None and found[:2] == now() and found[1] > corrected and found[2] == []
    generation = web_store.generation(store)
    key, corrected = now()
    web_store.correct(store, year.no_category, "title", "更正后的成果名称", USER, "")
    found = inputs_since(store, generation, key, corrected)
    assert found is not None and found[:2] == now() and found[0] != key and found[2] == [year.no_category]
    web_store.undo(store, year.no_category, "title", USER)
    found = inputs_since(store, generation, key, corrected)
    assert found is not None and found[:2] == now() and found[2] == [year.no_category] * 2
    generation = web_store.generation(store)
    key, corrected = now()
    import random

    store_record_id(
        store, random_application(random.Random(3), NamePool(random.Random(3))), "补交.docx", year=y
    )
    assert inputs_since(store, generation, key, corrected) is None
    assert now()[0] != key
