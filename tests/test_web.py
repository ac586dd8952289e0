"""The office's web pages through Starlette's test client: logins, CSRF, headers, escaping, paths,
reviewers' links, corrections, the queue and upload; and the `jiangxin user` commands."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.cli import app as cli_app
from jiangxin.core.records import Application
from jiangxin.core.warnings import FieldWarning
from jiangxin.store import NewDocument
from jiangxin.store import web as web_store
from jiangxin.web.app import create_app

from .support.web_year import HOSTILE, PASSWORD, USER, WebYear, build_year, settled_page

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> WebYear:
    return build_year(tmp_path_factory.mktemp("web") / "ws")


def client(year: WebYear) -> TestClient:
    return TestClient(create_app(year.ws, year.store, secret="test"), follow_redirects=False)


def token(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def logged_in(year: WebYear) -> TestClient:
    c = client(year)
    csrf = token(c.get("/login").text)
    r = c.post("/login", data={"csrf": csrf, "username": USER, "password": PASSWORD, "next": "/"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    return c


OFFICE_GETS = [
    "/", "/records", "/records/1", "/records/1/original", "/records/1/pages/1.png", "/queue", "/check",
    "/tally", "/tally/row/0", "/points", "/reviews", "/upload", "/files?path=outbox/台账-2025.xlsx",
    "/documents/1",
]  # fmt: skip
OFFICE_POSTS = ["/records/1/correct", "/records/1/confirm", "/outputs/ledger", "/reviews/close",
                "/reviews/revoke", "/upload"]  # fmt: skip


def test_no_page_or_file_without_login(year: WebYear) -> None:
    c = client(year)
    for path in OFFICE_GETS:
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    for path in OFFICE_POSTS:
        r = c.post(path, data={"field": "title", "value": "x"})
        assert r.status_code in (303, 403), path
        assert web_store.corrections(year.store, 1) == []


def test_login_wrong_password_refused_and_slowed(year: WebYear) -> None:
    c = client(year)
    app = c.app.state.office  # type: ignore[attr-defined]
    csrf = token(c.get("/login").text)
    r = c.post("/login", data={"csrf": csrf, "username": USER, "password": "wrong"})
    assert r.status_code == 401 and "账号或密码不正确" in r.text
    assert app.throttle.delay(f"user:{USER}") >= 1.0
    r = c.get("/")
    assert r.status_code == 303


def test_session_cookie_flags_and_security_headers(year: WebYear) -> None:
    c = client(year)
    r = c.get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in r.text  # no script at all, inline or not


def test_posts_without_csrf_are_refused(year: WebYear) -> None:
    c = logged_in(year)
    app_id = year.no_category
    r = c.post(f"/records/{app_id}/correct", data={"field": "category", "value": "技术革新"})
    assert r.status_code == 403
    r = c.post(
        f"/records/{app_id}/correct", data={"field": "category", "value": "技术革新", "csrf": "forged"}
    )
    assert r.status_code == 403
    assert web_store.corrections(year.store, app_id) == []
    r = client(year).post("/login", data={"username": USER, "password": PASSWORD})
    assert r.status_code == 403


def test_hostile_title_shown_as_text(year: WebYear) -> None:
    c = logged_in(year)
    hostile_id = year.applications[HOSTILE]
    for path in (f"/records/{hostile_id}", "/records", "/check", "/reviews"):
        page = c.get(path).text
        assert "<script>alert" not in page, path
        assert "&lt;script&gt;alert(" in page, path


@pytest.mark.parametrize(
    "path",
    ["../jiangxin.toml", "outbox/../jiangxin.toml", "/etc/passwd", "outbox/../../../etc/passwd",
     "inbox/x.docx", "jiangxin.sqlite", "outbox/.web-cache/x.pdf"],
)  # fmt: skip
def test_path_traversal_refused(year: WebYear, path: str) -> None:
    c = logged_in(year)
    assert c.get("/files", params={"path": path}).status_code == 404


def test_outbox_file_downloads_as_attachment_never_html(year: WebYear) -> None:
    c = logged_in(year)
    note = year.ws.outbox / "quarantine" / "x.html"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("<script>alert(1)</script>", encoding="utf-8")
    r = c.get("/files", params={"path": "outbox/quarantine/x.html"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")
    note.unlink()


def test_correction_changes_the_check_and_is_recorded(year: WebYear) -> None:
    c = logged_in(year)
    app_id = year.no_category
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">待补正<', page)
    r = c.post(f"/records/{app_id}/correct",
               data={"csrf": token(page), "field": "category", "value": "技术革新", "why": "原件第1页已勾选"})  # fmt: skip
    assert r.status_code == 303
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">通过<', page)
    [corr] = web_store.corrections(year.store, app_id)
    assert (corr.field, corr.old, corr.new, corr.by, corr.reason) == (
        "category",
        None,
        "技术革新",
        USER,
        "原件第1页已勾选",
    )
    assert any(a.action == "correct" and a.entity_id == app_id for a in year.store.audit_log())
    # a value that is not the field's type is refused with a reason, nothing stored
    r = c.post(f"/records/{app_id}/correct",
               data={"csrf": token(page), "field": "economic_benefit_wan", "value": "很多"})  # fmt: skip
    assert "请填写数字" in c.get(r.headers["location"]).text
    assert len(web_store.corrections(year.store, app_id)) == 1


def test_queue_walks_records_with_warnings_and_confirm_clears(year: WebYear) -> None:
    record = Application(title="一种待核对的装置", unit="国网酒泉供电公司变电运维中心")
    doc_id = year.store.add_document(NewDocument(
        sha256="f" * 64, file_name="待核对.docx", original_path="待核对.docx", archived_path="outbox/none.docx",
        format="docx", kind="application", size=0, year=year.ws.year, extractor_version="test", record=record,
        warnings=[FieldWarning.parse("completed_on: 无法识别完成时间“某年某月”，请人工核对")],
    ))  # fmt: skip
    rec_id = web_store.record_of_document(year.store, doc_id)
    c = logged_in(year)
    r = c.get("/queue")
    assert r.headers["location"] == f"/records/{rec_id}?queue=1"
    page = c.get(r.headers["location"]).text
    assert "无法识别完成时间" in page
    warning = "completed_on: 无法识别完成时间“某年某月”，请人工核对"
    c.post(f"/records/{rec_id}/confirm", data={"csrf": token(page), "warning": warning, "queue": "1"})
    assert year.store.record(rec_id).warnings == []  # type: ignore[union-attr]
    r = c.get("/queue")
    assert r.status_code == 200 and 'id="queue-done"' in r.text


def test_tally_count_opens_its_sources(year: WebYear) -> None:
    c = logged_in(year)
    page = settled_page(c, "/tally")
    first = re.search(r'href="/tally/row/0" class="count">(\d+)<', page)
    assert first
    sources = c.get("/tally/row/0").text
    assert sources.count('class="source-file"') >= int(first.group(1))
    assert "竞赛获奖名单.xlsx" in sources
    r = c.get(f"/documents/{year.store.record(year.notice).document.id}")  # type: ignore[union-attr]
    assert r.headers["location"] == f"/records/{year.notice}"


def test_reviewer_links_are_separate_and_revocable(year: WebYear) -> None:
    c = client(year)
    (a_key, a_url), (b_key, b_url) = sorted(year.links.items())[:2]
    a_path, b_path = a_url.split("8765")[1], b_url.split("8765")[1]
    from jiangxin.review.rounds import current_round

    saved = current_round(year.store, year.ws.year)
    assert saved is not None
    mine = {p.application_id for p in saved.items_of(a_key)}
    theirs = {p.application_id for p in saved.items_of(b_key)} - mine
    home = c.get(a_path)
    assert home.status_code == 200
    for app_id in mine:
        assert c.get(f"{a_path}/a/{app_id}").status_code == 200
    for app_id in theirs | set(year.conflicts[a_key]) | {year.notice, 99999}:
        if app_id not in mine:
            assert c.get(f"{a_path}/a/{app_id}").status_code == 404
            assert c.get(f"{a_path}/a/{app_id}/pages/1.png").status_code == 404
    # a conflicted reviewer never sees their own unit's applications
    for key, blocked in year.conflicts.items():
        path = year.links[key].split("8765")[1] if key in year.links else None
        for app_id in blocked:
            assert path is None or c.get(f"{path}/a/{app_id}").status_code == 404
    # the office pages stay closed to a reviewer's session
    assert c.get("/").status_code == 303
    assert c.get(f"{a_path}x").status_code == 404
    token_b = b_path.rsplit("/", 1)[1]
    assert web_store.revoke_link(year.store, token_b, USER)
    assert c.get(b_path).status_code == 404
    assert c.get(f"{b_path}/a/{next(iter(saved.items_of(b_key))).application_id}").status_code == 404
    # the next assign gives that reviewer a new link, the old one stays dead
    fresh = web_store.link_for(year.store, year.ws.year, b_key)
    assert fresh.token != token_b and c.get(f"/r/{fresh.token}").status_code == 200
    assert c.get(b_path).status_code == 404
    year.links[b_key] = f"http://127.0.0.1:8765/r/{fresh.token}"


def test_online_scores_checked_and_stored_as_a_score_sheet(year: WebYear) -> None:
    from jiangxin.review.rounds import current_round

    saved = current_round(year.store, year.ws.year)
    assert saved is not None
    key, url = sorted(year.links.items())[2]
    path = url.split("8765")[1]
    app_id = saved.items_of(key)[0].application_id
    c = client(year)
    page = c.get(f"{path}/a/{app_id}").text
    r = c.post(f"{path}/a/{app_id}/save", data={"csrf": token(page), "c0": "31", "c1": "x"})
    assert r.status_code == 400 and "应在 0 到 30 之间" in r.text and "请填写数字" in r.text
    r = c.post(f"{path}/a/{app_id}/save", data={"c0": "20"})
    assert r.status_code == 403
    before = len(year.store.records("score_sheet", year.ws.year))
    r = c.post(f"{path}/a/{app_id}/save",
               data={"csrf": token(page), "c0": "20", "c1": "20", "c2": "15", "c3": "10", "c4": "8"})  # fmt: skip
    assert r.status_code == 303
    sheets = year.store.records("score_sheet", year.ws.year)
    assert len(sheets) == before + 1
    row = next(r for r in sheets[-1].record.rows if r.application_id == app_id)
    assert row.scores == {"创新性": 20, "实用性": 20, "经济效益": 15, "推广价值": 10, "材料规范": 8}
    assert (year.ws.root / sheets[-1].document.archived_path).is_file()
    # the office closes the round: no more changes
    office = logged_in(year)
    office.post("/reviews/close", data={"csrf": token(office.get("/reviews").text)})
    r = c.post(f"{path}/a/{app_id}/save", data={"csrf": token(page), "c0": "1"})
    assert r.status_code == 409 and "本轮评审已结束" in r.text
    assert len(year.store.records("score_sheet", year.ws.year)) == before + 1


def test_upload_goes_through_the_pipeline(year: WebYear, tmp_path: Path) -> None:
    c = logged_in(year)
    page = c.get("/upload").text
    src = next((year.ws.outbox / "archive").rglob("申报书2*.docx"))
    data = src.read_bytes()
    files = [
        ("files", ("再次上传.docx", data)),
        ("files", ("页面.html", b"<html>")),
        ("files", ("空.pdf", b"")),
    ]
    r = c.post("/upload", data={"csrf": token(page)}, files=files)
    assert r.status_code == 200
    assert "不支持的文件类型" in r.text and "文件是空的" in r.text
    assert "重复" in r.text  # the same bytes as a stored file: archived as a duplicate, not stored twice
    assert not any(year.ws.inbox.glob("*.docx"))


def test_user_commands(year: WebYear) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(year.ws.root)]
    r = runner.invoke(cli_app, ["user", "add", "审核员", "--password-stdin", *ws], input="another secret\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli_app, ["user", "add", "审核员", "--password-stdin", *ws], input="another secret\n")
    assert r.exit_code != 0 and "已存在" in r.output
    r = runner.invoke(cli_app, ["user", "add", "短", "--password-stdin", *ws], input="short\n")
    assert r.exit_code != 0
    stored = web_store.password_hash_of(year.store, "审核员")
    assert stored and stored.startswith("$argon2") and "another secret" not in stored
    assert "审核员" in runner.invoke(cli_app, ["user", "list", *ws]).output
    assert runner.invoke(cli_app, ["user", "remove", "审核员", *ws]).exit_code == 0
    assert web_store.password_hash_of(year.store, "审核员") is None


def test_serve_refuses_open_host_without_accounts(tmp_path: Path) -> None:
    from .support.workspace import make_workspace

    ws = make_workspace(tmp_path / "empty")
    r = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--workspace", str(ws.root)])
    assert r.exit_code != 0 and "尚未建立任何账号" in r.output


def test_kept_check_equals_a_full_check_after_corrections(tmp_path: Path) -> None:
    """The pages' 形式审查 (context kept, corrected records checked again) gives exactly what
    `check_applications` gives, after a correction of a plain field and of a title, and after their undoing."""
    from jiangxin.web.year import YearCache, verdicts
    from rules.check import check_applications
    from rules.policy import load_policy

    year = build_year(tmp_path / "ws")
    cache = YearCache(year.store)

    def same() -> None:
        full = check_applications(year.ws, year.store, load_policy(year.ws.policy_path))
        kept = verdicts(year.ws, year.store, cache)
        assert [(v.record_id, v.verdict, v.reasons) for v in kept] == [
            (v.record_id, v.verdict, v.reasons) for v in full
        ]

    same()
    web_store.correct(year.store, year.no_category, "category", "技术革新", USER, "")
    same()
    titles = list(year.applications)
    other = year.applications[titles[2]]
    web_store.correct(year.store, other, "title", titles[3], USER, "")  # now a duplicate of another
    same()
    kept = {v.record_id: v for v in verdicts(year.ws, year.store, cache)}
    later = year.applications[titles[3]]  # of the duplicate pair the later submission is refused
    assert kept[later].verdict == "不通过" and any("重复申报" in r for r in kept[later].reasons)
    assert not any("重复申报" in r for r in kept[other].reasons)
    web_store.correct(year.store, other, "completed_on", "2019-01", USER, "")
    same()
    web_store.undo(year.store, other, "title", USER)  # an undo of a context field rebuilds the context
    same()
    assert not any(
        "重复申报" in r for r in {v.record_id: v for v in verdicts(year.ws, year.store, cache)}[later].reasons
    )
    web_store.undo(year.store, year.no_category, "category", USER)  # of a plain field: that record again
    same()


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\t/evil.example/", "https://evil.example/", "/\\evil"]
)
def test_login_never_redirects_off_site(year: WebYear, target: str) -> None:
    c = client(year)
    csrf = token(c.get("/login").text)
    r = c.post("/login", data={"csrf": csrf, "username": USER, "password": PASSWORD, "next": target})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_assign_json_gives_each_reviewer_their_link(tmp_path: Path) -> None:
    import json

    from jiangxin.web.links import LINK_FILE

    year = build_year(tmp_path / "ws")

    r = CliRunner().invoke(cli_app, ["assign", "--json", "--workspace", str(year.ws.root),
                                     "--link-base", "http://jiangxin.office:8765"])  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout.strip().splitlines()[-1])["assignments"]
    assert rows
    by_reviewer = {(row["reviewer"], row["reviewer_unit"]): row["link"] for row in rows}
    tokens = set()
    for (name, unit), link in by_reviewer.items():
        assert link.startswith("http://jiangxin.office:8765/r/")
        live = web_store.link_by_token(year.store, link.rsplit("/", 1)[1])
        assert live is not None and live.reviewer == (name, unit)
        tokens.add(link)
        folder = next(p for p in (year.ws.outbox / "评审").iterdir() if p.is_dir() and (p / LINK_FILE).is_file()
                      and link in (p / LINK_FILE).read_text(encoding="utf-8"))  # fmt: skip
        assert name in (folder / LINK_FILE).read_text(encoding="utf-8")
    assert len(tokens) == len(by_reviewer)


def test_year_cache_computes_once_and_shows_the_last_value_while_refreshing(tmp_path: Path) -> None:
    import threading
    import time

    from jiangxin.web.year import YearCache, settled

    year = build_year(tmp_path / "ws")
    cache = YearCache(year.store)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return len(calls)

    threads = [threading.Thread(target=cache.get, args=("k", slow, 1)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and cache.get("k", slow, 1) == 1
    assert cache.get("k", slow, 2) == 2  # its inputs moved: computed again

    first, updating = settled(year.ws, year.store, cache, "tally")
    assert not updating and first.total > 0
    notice = year.store.record(year.notice)
    assert notice is not None
    web_store.correct(year.store, year.notice, "event", "更正后的竞赛名称", USER, "")
    shown, updating = settled(year.ws, year.store, cache, "tally")
    assert updating and shown is first  # the last result at once, a refresh started beside
    for _ in range(100):
        if not cache.refreshing.locked():
            break
        time.sleep(0.05)
    fresh, updating = settled(year.ws, year.store, cache, "tally")
    assert not updating and fresh is not first
    assert {r.event for r in fresh.rows} == {"更正后的竞赛名称"}


def test_an_unexpected_failure_is_a_chinese_page_with_the_headers(year: WebYear) -> None:
    from starlette.routing import Route

    app = create_app(year.ws, year.store, secret="test")

    async def broken(request: object) -> None:
        raise RuntimeError("boom <script>")

    app.router.routes.append(Route("/broken", broken))
    r = TestClient(app, raise_server_exceptions=False).get("/broken")
    assert r.status_code == 500 and "出错了" in r.text and "boom" not in r.text
    assert (
        r.headers["x-frame-options"] == "DENY" and "script-src 'self'" in r.headers["content-security-policy"]
    )


# --- one correction model with `jiangxin fix` -------------------------------------------------------------
def _cli(year: WebYear, *args: str) -> str:
    result = CliRunner().invoke(cli_app, [*args, "--workspace", str(year.ws.root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_page_correction_is_the_office_model(tmp_path: Path) -> None:
    """A correction typed on the page is `jiangxin fix`'s: kept beside the extracted value by the file's
    hash, so it outlives the same file dropped again, shows in `jiangxin show`, and `fix --undo`
    withdraws it; the page's own undo button does the same."""
    import json
    import shutil

    from jiangxin.inbox import Consumer

    year = build_year(tmp_path / "ws")
    c = logged_in(year)
    app_id = year.no_category
    page = c.get(f"/records/{app_id}").text
    c.post(f"/records/{app_id}/correct",
           data={"csrf": token(page), "field": "category", "value": "技术革新", "why": "原件第1页已勾选"})  # fmt: skip
    stored = year.store.record(app_id)
    assert stored is not None and stored.record.category == "技术革新" and stored.extracted.category is None
    # the record as read is untouched; the pages keep no table of their own
    from sqlalchemy import inspect

    assert "web_corrections" not in inspect(year.store.engine).get_table_names()

    archived = next(year.ws.outbox.glob(f"archive/*/*/{stored.document.file_name}"))
    shutil.copyfile(archived, year.ws.inbox / "再次报送.docx")  # the clerk drops the same file again
    Consumer(year.ws, year.store, workers=1).run()
    assert not (year.ws.inbox / "再次报送.docx").exists()
    shown = json.loads(_cli(year, "show", str(app_id)))
    assert shown["category"] == "技术革新" and shown["corrected_fields"] == ["成果类别"]
    [corr] = shown["corrections"]
    assert (corr["old"], corr["new"], corr["by"], corr["reason"]) == (
        None,
        "技术革新",
        USER,
        "原件第1页已勾选",
    )
    assert re.search(r'id="verdict">通过<', c.get(f"/records/{app_id}").text)

    _cli(year, "fix", str(app_id), "--undo", "成果类别", "--by", "李文书")
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">待补正<', page) and "已由 李文书 撤销" in page
    assert year.store.record(app_id).record.category is None  # type: ignore[union-attr]

    # again on the page, withdrawn by the button beside the field
    c.post(f"/records/{app_id}/correct", data={"csrf": token(page), "field": "category", "value": "技术革新"})
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">通过<', page) and 'id="undo-category"' in page
    r = c.post(f"/records/{app_id}/undo", data={"csrf": token(page), "field": "category"})
    assert r.status_code == 303
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">待补正<', page) and 'id="undo-category"' not in page
    actions = [a.action for a in year.store.audit_log() if a.entity_id == app_id]
    assert actions.count("correct") == 2 and actions.count("undo_correct") == 2


def test_a_confirmed_warning_is_kept_as_a_correction_and_can_be_undone(tmp_path: Path) -> None:
    """Confirming a warning stores who, when and why in the corrections; the record as read keeps
    its warning, and undoing the confirmation opens it again (the queue finds it once more)."""
    year = build_year(tmp_path / "ws")
    warning = "completed_on: 无法识别完成时间“某年某月”，请人工核对"
    doc_id = year.store.add_document(NewDocument(
        sha256="e" * 64, file_name="待核对.docx", original_path="待核对.docx", archived_path="outbox/none.docx",
        format="docx", kind="application", size=0, year=year.ws.year, extractor_version="test",
        record=Application(title="一种待核对的装置", unit="国网酒泉供电公司变电运维中心"),
        warnings=[FieldWarning(field="completed_on", code="unreadable", message=warning.split(": ", 1)[1])],
    ))  # fmt: skip
    rec_id = web_store.record_of_document(year.store, doc_id)
    assert rec_id is not None
    c = logged_in(year)
    page = c.get(f"/records/{rec_id}").text
    c.post(
        f"/records/{rec_id}/confirm", data={"csrf": token(page), "warning": warning, "why": "原件确无日期"}
    )
    assert year.store.record(rec_id).warnings == []  # type: ignore[union-attr]
    [row] = web_store.corrections(year.store, rec_id)
    assert (row.field, row.new, row.by, row.reason) == ("warning", warning, USER, "原件确无日期")
    assert web_store.next_with_warnings(year.store, year.ws.year, 0) != rec_id
    lines, _ = web_store.record_lines(year.store, year.ws.year, with_warnings=True)
    assert rec_id not in [line.id for line in lines]
    # a confirmation of a warning the record no longer has open is refused
    with pytest.raises(web_store.WebStoreError, match="已处理"):
        web_store.confirm_warning(year.store, rec_id, warning, USER)
    page = c.get(f"/records/{rec_id}").text
    c.post(f"/records/{rec_id}/undo", data={"csrf": token(page), "field": "warning"})
    assert [w.text for w in year.store.record(rec_id).warnings] == [warning]  # type: ignore[union-attr]
    lines, _ = web_store.record_lines(year.store, year.ws.year, with_warnings=True)
    assert rec_id in [line.id for line in lines]


def test_office_verdict_on_the_record_page_and_the_check_table(tmp_path: Path) -> None:
    """人工认定 from either page is `jiangxin fix --verdict`'s: a reason is required, the verdict shows as
    人工认定 with its reason over the rules' own, in the pages and in `jiangxin check --json`."""
    import json

    year = build_year(tmp_path / "ws")
    c = logged_in(year)
    app_id = year.no_category
    page = c.get(f"/records/{app_id}").text
    assert 'id="verdict-form"' in page
    r = c.post(f"/records/{app_id}/verdict", data={"csrf": token(page), "verdict": "通过", "why": "  "})
    assert "须写明理由" in c.get(r.headers["location"]).text
    assert year.store.record(app_id).corrections == ()  # type: ignore[union-attr]
    r = c.post(f"/records/{app_id}/verdict", data={"csrf": token(page), "verdict": "不限", "why": "…"})
    assert "形式审查结论只能是" in c.get(r.headers["location"]).text

    r = c.post(f"/records/{app_id}/verdict",
               data={"csrf": token(page), "verdict": "通过", "why": "类别见附件说明"})  # fmt: skip
    page = c.get(r.headers["location"]).text
    assert re.search(r'id="verdict">通过<', page)
    assert re.search(
        r'id="verdict-manual">人工认定（办公室 \d{4}-\d\d-\d\d：类别见附件说明）；规则审查结论：待补正', page
    )
    file_name = year.store.record(app_id).document.file_name  # type: ignore[union-attr]
    rows = {row["file"]: row for row in json.loads(_cli(year, "check", "--json"))}
    mine = rows[file_name]
    assert mine["verdict"] == "通过" and mine["computed"] == "待补正"
    assert mine["reasons"][0] == "人工认定（通过）：类别见附件说明"

    # from the 形式审查 table: back to the table, the row marked 人工认定
    table = c.get("/check").text
    other = year.applications[next(t for t in year.applications if year.applications[t] != app_id)]
    r = c.post(f"/records/{other}/verdict",
               data={"csrf": token(table), "verdict": "不通过", "why": "重复报送", "back": "check"})  # fmt: skip
    assert r.headers["location"] == f"/check#r{other}"
    table = c.get("/check").text
    row = re.search(rf'<tr id="r{other}">.*?</tr>', table, re.S)
    assert (
        row and "不通过" in row.group(0) and "人工认定（办公室" in row.group(0) and "重复报送" in row.group(0)
    )

    # withdrawn by `jiangxin fix --undo` as any correction
    _cli(year, "fix", str(other), "--undo", "形式审查")
    row = re.search(rf'<tr id="r{other}">.*?</tr>', c.get("/check").text, re.S)
    assert row and "人工认定（" not in row.group(0)
    # and on the record page by the button beside the verdict
    page = c.get(f"/records/{app_id}").text
    assert 'id="undo-verdict"' in page
    c.post(f"/records/{app_id}/undo", data={"csrf": token(page), "field": "verdict"})
    page = c.get(f"/records/{app_id}").text
    assert re.search(r'id="verdict">待补正<', page) and 'id="verdict-manual"' not in page


def test_versions_side_by_side_on_the_record_page(tmp_path: Path) -> None:
    """An application sent again (补正) shows every version's fields next to each other on the record
    page, the differing fields marked, each version with its file, the earlier one 已替代, linked."""
    import random

    from jiangxin.examples.applications import render_application
    from jiangxin.inbox import Consumer

    year = build_year(tmp_path / "ws")
    first = year.store.record(year.no_category)
    assert first is not None
    c = logged_in(year)
    assert 'id="versions"' not in c.get(f"/records/{first.id}").text  # sent once: nothing to compare
    again = first.record.model_copy(update={"category": "技术革新", "economic_benefit_wan": 30.0})
    render_application(again, "B", year.ws.inbox / "申报书-补正.docx", random.Random(3))
    Consumer(year.ws, year.store, workers=1).run()
    later = next(
        s
        for s in year.store.records("application", year.ws.year)
        if s.document.file_name == "申报书-补正.docx"
    )

    page = c.get(f"/records/{later.id}").text
    section = re.search(r'<section class="versions" id="versions">.*?</section>', page, re.S)
    assert section, page[-3000:]
    table = section.group(0)
    assert "2 版，2 栏不同" in table
    assert f'href="/records/{first.id}#versions"' in table and "已替代" in table and "最新版本" in table
    assert f'/records/{first.id}/original">{first.document.file_name}<' in table
    assert f'/records/{later.id}/original">申报书-补正.docx<' in table
    differs = re.findall(r'<tr class="differs"><th>(.*?) <span class="diff-mark">', table)
    assert differs == ["成果类别", "经济效益（万元）"]
    row = re.search(r'<tr class="differs"><th>经济效益.*?</tr>', table, re.S)
    assert row and "12.5" in row.group(0) and "30" in row.group(0)
    # the earlier version's page shows the same comparison, itself marked as this one
    earlier = c.get(f"/records/{first.id}").text
    assert "第 1 版（本件）" in earlier and f'href="/records/{later.id}#versions"' in earlier


def test_a_text_pdf_fields_box_is_where_its_characters_stand() -> None:
    """The station boxes a field of a text PDF where the reader's characters (PDFium) put its value: the
    same place pdfplumber finds those characters, one box per line the value runs over."""
    import json

    import pdfplumber

    from jiangxin.web.source import pdf_boxes

    golden = Path(__file__).parent / "golden" / "application"
    title = json.loads((golden / "A.json").read_text(encoding="utf-8"))["title"]
    boxes = pdf_boxes(golden / "A.pdf", title)
    assert boxes, "no box for the title"
    with pdfplumber.open(golden / "A.pdf") as pdf:
        page = pdf.pages[boxes[0].page - 1]
        chars = [c for c in page.chars if not c["text"].isspace()]
    joined = "".join(c["text"] for c in chars)
    at = joined.find(title)
    assert at >= 0
    hit = chars[at : at + len(title)]
    assert abs(boxes[0].x0 - min(c["x0"] for c in hit)) < 1.0
    assert abs(boxes[0].top - min(c["top"] for c in hit)) < 1.0
    assert abs(max(b.x1 for b in boxes) - max(c["x1"] for c in hit)) < 1.0
    assert abs(boxes[-1].bottom - max(c["bottom"] for c in hit)) < 1.0
    assert pdf_boxes(golden / "A.pdf", "不在文中的一段文字") == []
