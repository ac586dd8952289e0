"""The year's results kept on disk (served at once by a restarted app, marked and refreshed when the
store has moved on, ignored when unreadable), the Word form shown before LibreOffice has rendered it,
and online saves that cost one reviewer's sheet."""

from __future__ import annotations

import json
import re
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jiangxin.store import web as web_store
from jiangxin.web import snapshot as SN
from jiangxin.web.app import create_app

from .support.web_year import (
    USER,
    WebYear,
    build_year,
    forbid_year_passes,
    log_in,
    main_of,
    settled_page,
    until,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def logged_in(year: WebYear) -> TestClient:
    c: TestClient = log_in(TestClient(create_app(year.ws, year.store, secret="test"), follow_redirects=False))
    return c


def cache_of(c: TestClient) -> Any:
    return c.app.state.office.cache  # type: ignore[attr-defined]


def computing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any pass over the year (check, awards, tally, points) raises."""
    forbid_year_passes(monkeypatch, "computed instead of read from the snapshot")


def first_views(year: WebYear) -> dict[str, str]:
    """/check, /tally, /points and / of a fresh app (computed; the overview last, as it does not wait for
    a first check), with the snapshot written."""
    c = logged_in(year)
    pages = {p: main_of(settled_page(c, p)) for p in ("/check", "/tally", "/points", "/")}
    assert cache_of(c).wait_written()
    folder = SN.folder_of(year.ws)
    assert {p.name for p in folder.iterdir()} == {"counts.json", "check.json", "tally.json", "points.json"}
    return pages


def test_a_restarted_app_serves_every_page_from_the_snapshot_without_computing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = build_year(tmp_path / "ws")
    before = first_views(year)
    assert "待补正" in before["/check"] and 'id="updating"' not in before["/tally"]
    computing_fails(monkeypatch)
    c = logged_in(year)  # the server started again
    for path, page in before.items():
        again = c.get(path)
        assert again.status_code == 200, path
        assert main_of(again.text) == page, path  # the same results, nothing marked as being updated
        assert "<script" not in again.text, path  # nothing to swap in: no script on the page
    record = c.get(f"/records/{year.no_category}")  # a record page takes its verdict from it too
    assert record.status_code == 200 and re.search(r'id="verdict">待补正<', record.text)


def test_a_warm_start_has_read_the_snapshot_before_the_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jiangxin serve` reads the kept results while starting, so no first view reads them (or shares the
    processor with the warm-up reading them): the pages find them in the cache."""
    from jiangxin.web import snapshot

    year = build_year(tmp_path / "ws")
    first_views(year)
    computing_fails(monkeypatch)
    app = create_app(year.ws, year.store, secret="test", warm=True)
    cache = app.state.office.cache
    assert cache.check.current() is not None and len(cache.check.current().verdicts) > 0
    assert cache.entry("tally") is not None and cache.entry("points") is not None

    def no_reading(*_a: object, **_k: object) -> Any:
        raise AssertionError("a page read the snapshot")

    monkeypatch.setattr(snapshot.Snapshots, "get", no_reading)
    monkeypatch.setattr(web_store, "record_counts", no_reading)  # the overview's counts were made at start
    c = TestClient(app, follow_redirects=False)
    log_in(c)
    for path in ("/", "/check", "/tally", "/points"):
        assert c.get(path).status_code == 200, path
    app.state.warm_up.stop()


def test_the_first_views_of_a_new_workspace_do_not_wait_for_its_first_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The very first `/` (and /check, /tally, /points) of a workspace says the results are being worked out
    (and asks for itself again) instead of waiting for them; once worked out beside the server, they
    take its place."""
    import rules.check

    year = build_year(tmp_path / "ws")
    gate = threading.Event()
    real = rules.check.build_context

    def held(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules.check, "build_context", held)
    c = logged_in(year)
    page = c.get("/").text  # answered while the first check is held
    assert not gate.is_set() and "正在计算" in page and 'hx-trigger="every 2s"' in page
    assert re.search(r'id="verdict-待补正">…<', page)
    for path in ("/check", "/tally", "/points"):  # neither do the results' own pages
        assert "正在计算" in c.get(path).text and not gate.is_set(), path
    gate.set()
    assert "待补正" in settled_page(c, "/check") and "获奖" in settled_page(c, "/tally")
    until(lambda: "正在计算" not in c.get("/").text)
    page = c.get("/").text
    assert re.search(r'id="verdict-待补正">[1-9]\d*<', page) and 'id="updating"' not in page


def test_a_stale_snapshot_is_shown_marked_then_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rules.awards
    import rules.check
    from rules.points import compute_points
    from rules.policy import load_policy
    from rules.tally import tally_awards

    year = build_year(tmp_path / "ws")
    first_views(year)
    old_key = json.loads((SN.folder_of(year.ws) / "tally.json").read_text("utf-8"))["key"]
    # while the server was down, the office corrected the notice and an application
    web_store.correct(year.store, year.notice, "event", "更正后的竞赛名称", USER, "")
    web_store.correct(year.store, year.no_category, "category", "技术革新", USER, "")
    release = threading.Event()  # the refresh beside the server waits until every page was seen

    def held(real: Callable[..., Any]) -> Callable[..., Any]:
        def wait_then(*args: Any, **kwargs: Any) -> Any:
            assert release.wait(120)
            return real(*args, **kwargs)

        return wait_then

    monkeypatch.setattr(rules.check, "build_context", held(rules.check.build_context))
    monkeypatch.setattr(rules.awards, "year_awards", held(rules.awards.year_awards))
    c = logged_in(year)
    cache = cache_of(c)
    for path in ("/tally", "/points", "/", "/check"):
        page = c.get(path).text
        assert 'id="updating"' in page and "正在更新" in page, path
        assert 'hx-get="' + path + '"' in page and 'src="/static/htmx.min.js"' in page, path
    tally_page = c.get("/tally").text
    assert "更正后的竞赛名称" not in tally_page  # the result before the correction, marked as such
    release.set()
    until(lambda: not cache.refreshing.locked())
    assert cache.wait_written()
    tally_page = c.get("/tally").text
    assert 'id="updating"' not in tally_page and "更正后的竞赛名称" in tally_page
    glance = c.get("/").text
    assert 'id="updating"' not in glance
    policy = load_policy(year.ws.policy_path)
    shown_tally = cache.entry("tally")[1]
    assert shown_tally == tally_awards(year.ws, year.store, policy)
    assert cache.entry("points")[1] == compute_points(year.ws, year.store, policy)
    fresh_key = json.loads((SN.folder_of(year.ws) / "tally.json").read_text("utf-8"))["key"]
    assert fresh_key != old_key and tuple(fresh_key) == web_store.inputs_key(year.store, year.ws.year)


def test_a_corrupt_or_old_snapshot_is_ignored_and_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rules.tally
    from rules.policy import load_policy
    from rules.tally import tally_awards

    year = build_year(tmp_path / "ws")
    before = first_views(year)
    folder = SN.folder_of(year.ws)
    (folder / "tally.json").write_text('{"version": 1, "year": 20', "utf-8")  # cut short
    for name in ("points", "check", "counts"):
        data = json.loads((folder / f"{name}.json").read_text("utf-8"))
        data["version"] = SN.SNAPSHOT_VERSION - 1  # written by an older format
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    built: list[int] = []
    real = rules.tally.build_tally

    def counted(*args: Any) -> Any:
        built.append(1)
        return real(*args)

    monkeypatch.setattr(rules.tally, "build_tally", counted)
    c = logged_in(year)
    for path, page in before.items():
        again = settled_page(c, path)
        assert 'id="updating"' not in again and main_of(again) == page, path
    assert built == [1]  # the tally was computed, once
    assert cache_of(c).entry("tally")[1] == tally_awards(
        year.ws, year.store, load_policy(year.ws.policy_path)
    )
    assert cache_of(c).wait_written()
    stamp = SN.stamp_of(year.ws)
    for name, model in SN.PARTS.items():
        assert SN.read(folder / f"{name}.json", model, stamp) is not None, name  # written anew, whole


def test_the_word_form_answers_before_libreoffice_has_rendered_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiangxin.core.office import soffice_path
    from jiangxin.web import source

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    year = build_year(tmp_path / "ws")
    record_id = year.no_category
    stored = year.store.record(record_id)
    assert stored is not None and stored.document.format == "docx"
    assert source.renderings.idle(120)  # none still under way from the pages viewed by the tests before
    release = threading.Event()
    started = threading.Event()
    real = source.convert

    def slow_convert(*args: Any, **kwargs: Any) -> Path:
        started.set()
        assert release.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(source, "convert", slow_convert)
    c = logged_in(year)
    t = time.perf_counter()
    page = c.get(f"/records/{record_id}").text
    assert time.perf_counter() - t < 30  # LibreOffice has not even been let go
    assert started.wait(30) and not release.is_set()
    assert 'id="source-pending"' in page and '<div class="model">' in page
    assert f'hx-get="/records/{record_id}/source"' in page and 'src="/static/htmx.min.js"' in page
    assert "<script>" not in page  # no inline script (CSP)
    part = c.get(f"/records/{record_id}/source").text
    assert part.startswith('<div class="source" id="source"') and 'id="source-pending"' in part
    release.set()

    def rendered() -> bool:
        return 'class="page"' in c.get(f"/records/{record_id}/source").text

    until(rendered)
    part = c.get(f"/records/{record_id}/source").text
    assert "hx-get" not in part and f"/records/{record_id}/pages/1.png" in part
    png = c.get(f"/records/{record_id}/pages/1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    page = c.get(f"/records/{record_id}").text
    assert 'class="page"' in page and "source-pending" not in page and "<script" not in page


def test_an_online_save_stores_what_reading_its_sheet_gives(tmp_path: Path) -> None:
    """The record stored for an online save equals the score-sheet extractor's reading of the archived
    file, for every reviewer saving at once; no save is lost."""
    from extractors import extract_file
    from extractors.context import ExtractContext
    from jiangxin.review.policy_view import ReviewPolicy
    from jiangxin.review.rounds import current_round
    from jiangxin.review.score_check import reviewer_of
    from jiangxin.web import scoring
    from jiangxin.web.year import load_policy

    year = build_year(tmp_path / "ws")
    saved = current_round(year.store, year.ws.year)
    assert saved is not None
    policy = ReviewPolicy.from_review(load_policy(year.ws).review)
    names = [c.name for c in policy.criteria]
    reviewers = [r for r in saved.reviewers() if len(saved.items_of(r)) >= 2]
    assert len(reviewers) >= 3
    expected: dict[tuple[str, str], dict[int, dict[str, float | None]]] = {}

    def one(reviewer: tuple[str, str], n: int) -> None:
        for k, pair in enumerate(saved.items_of(reviewer)[:2]):
            scores: dict[str, float | None] = {names[0]: 10.0 + n + k / 2, names[1]: None}
            scoring.save_scores(year.ws, year.store, saved, policy, reviewer, pair.application_id, scores)
            expected.setdefault(reviewer, {})[pair.application_id] = scores

    threads = [threading.Thread(target=one, args=(r, n)) for n, r in enumerate(reviewers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    latest = {}
    for stored in year.store.records("score_sheet", year.ws.year):
        latest[reviewer_of(stored.record)] = stored
        path = year.ws.root / stored.document.archived_path
        read = extract_file(path, ExtractContext(year=year.ws.year), display_name=path.name)
        assert read.ok and read.record == stored.record and read.sha256 == stored.document.sha256
        assert read.warnings == stored.warnings
    for reviewer, scores in expected.items():
        rows = {r.application_id: r.scores for r in latest[reviewer].record.rows}
        for app_id, typed in scores.items():
            assert rows[app_id] == {name: typed.get(name) for name in rows[app_id]}


def test_the_server_loads_what_the_pages_import_while_it_starts(tmp_path: Path) -> None:
    """Every module the pages import on first use exists and is loaded by `preload` (run by a warm start);
    a policy that cannot be read does not stop the start (its page says why)."""
    import dataclasses
    import sys

    from jiangxin.web.year import PAGE_MODULES, preload

    year = build_year(tmp_path / "ws")
    broken = tmp_path / "broken-policy.toml"
    broken.write_text("[eligibility\n", encoding="utf-8")
    preload(dataclasses.replace(year.ws, policy_path=broken))
    assert all(name in sys.modules for name in PAGE_MODULES)


def test_the_warm_up_counts_its_quiet_from_the_end_of_the_start() -> None:
    """The server's own start-up is no pause in the clerk's requests: the warm-up's first step waits for
    a quiet moment counted from when the server is about to answer."""
    from jiangxin.web.app import Activity

    activity = Activity()
    time.sleep(0.4)  # the start-up's reading
    activity.quiet_from_now()
    t = time.monotonic()
    activity.wait_quiet(0.3, 5)
    assert time.monotonic() - t >= 0.29


def test_a_first_view_whose_results_cannot_be_worked_out_says_so_instead_of_waiting_forever(
    tmp_path: Path,
) -> None:
    """When the first results cannot be worked out beside the server (a broken policy), the pages stop saying
    正在计算… and compute themselves, which shows the error instead of asking for themselves for ever."""
    import dataclasses

    year = build_year(tmp_path / "ws")
    broken = tmp_path / "broken-policy.toml"
    broken.write_text("[eligibility\n", encoding="utf-8")
    app = create_app(dataclasses.replace(year.ws, policy_path=broken), year.store, secret="test")
    c = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    log_in(c)
    c.get("/check")  # starts the first results beside the server (it fails within moments)
    cache = cache_of(c)
    until(lambda: cache.refresh_failed)
    for path in ("/check", "/tally", "/"):
        page = c.get(path)
        assert "正在计算" not in page.text, path
        assert page.status_code == 500 and "出错了" in page.text, path
