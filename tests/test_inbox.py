"""The inbox consumer: taking files once, duplicates, subfolders, settling, claims and crash safety."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from jiangxin import inbox as inbox_mod
from jiangxin.inbox import Consumer, scan_inbox
from jiangxin.watch import watch_inbox

from .support.golden import golden
from .support.workspace import drop, make_workspace

APPS = [golden("application", "A.docx"), golden("application", "C.docx")]


def many_forms(folder: Path, n: int) -> list[Path]:
    """`n` distinct files (same form, each with a different trailing comment in the zip) for batch tests."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    src = APPS[0].path
    out = []
    for i in range(n):
        dest = folder / f"申报书-{i:03d}.docx"
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zout.writestr(info, zin.read(info.filename))
            zout.comment = f"copy {i}".encode()
        out.append(dest)
    return out


def test_ingest_stores_archives_and_logs(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    for form in APPS:
        drop(ws, form.path, f"一科/{form.path.name}")
    store = ws.open_store()
    summary = Consumer(ws, store, workers=1).run()
    assert sorted(o.result for o in summary.outcomes) == ["stored", "stored"]
    for o in summary.outcomes:
        archived = ws.root / str(o.moved_to)
        assert archived.exists()
        assert archived.parent == ws.archive_dir("application")
        doc = store.document_by_sha(str(o.sha256))
        assert doc is not None and doc.archived_path == o.moved_to and doc.original_path == o.file
    assert scan_inbox(ws.inbox) == []
    titles = sorted(r.record.title for r in store.records("application", ws.year))
    assert titles == sorted(form.expected()["title"] for form in APPS)
    log = openpyxl.load_workbook(ws.outbox / "入库记录.xlsx").active
    assert log.freeze_panes == "A2"
    assert [c.value for c in log[1]][:4] == ["时间", "文件", "类型", "结果"]
    assert log.max_row == 3


def test_same_content_twice_is_a_duplicate(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    store = ws.open_store()
    drop(ws, APPS[0].path)
    Consumer(ws, store, workers=1).run()
    drop(ws, APPS[0].path, "再次报送.docx")
    summary = Consumer(ws, store, workers=1).run()
    [outcome] = summary.outcomes
    assert outcome.result == "duplicate"
    assert "内容完全相同" in str(outcome.reason)
    assert (ws.root / str(outcome.moved_to)).exists()
    assert len(store.records("application", ws.year)) == 1


def test_unsettled_file_waits_in_the_inbox(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", settle_seconds=30)
    drop(ws, APPS[0].path)
    summary = Consumer(ws, ws.open_store(), workers=1).run()
    assert [o.result for o in summary.outcomes] == ["waiting"]
    assert (ws.inbox / APPS[0].path.name).exists()
    # later, once it has been still long enough, it is taken
    later = time.time() + 60
    summary = Consumer(ws, ws.open_store(), workers=1, clock=lambda: later).run()
    assert [o.result for o in summary.outcomes] == ["stored"]


def test_process_pool_gives_the_same_records(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    for f in many_forms(tmp_path / "src", 8):
        drop(ws, f)
    store = ws.open_store()
    summary = Consumer(ws, store, workers=2).run()
    assert [o.result for o in summary.outcomes] == ["stored"] * 8
    assert len(store.records("application", ws.year)) == 8


def test_crash_between_commit_and_move_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws")
    drop(ws, APPS[0].path)
    store = ws.open_store()
    real_move = inbox_mod.move_no_clobber

    def crash(src: Path, dest: Path) -> Path:
        if "archive" in dest.parts:
            raise KeyboardInterrupt("killed after commit, before the move")
        return real_move(src, dest)

    monkeypatch.setattr(inbox_mod, "move_no_clobber", crash)
    with pytest.raises(KeyboardInterrupt):
        Consumer(ws, store, workers=1).run()
    monkeypatch.setattr(inbox_mod, "move_no_clobber", real_move)
    # the file sits in the dead run's claim folder; pretend that process is gone
    [owner] = list(ws.claims_dir.iterdir())
    owner.rename(owner.with_name(owner.name.rsplit("-", 1)[0] + "-999999999"))
    summary = Consumer(ws, store, workers=1).run()
    [outcome] = summary.outcomes
    assert outcome.result == "stored" and "中断" in str(outcome.reason)
    assert len(store.records("application", ws.year)) == 1
    doc = store.document_by_sha(str(outcome.sha256))
    assert doc is not None and (ws.root / doc.archived_path).exists()
    assert not ws.claims_dir.exists()


def _jiangxin(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "jiangxin", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_kill_mid_batch_loses_nothing_and_rerun_finishes(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    files = many_forms(tmp_path / "src", 60)
    for f in files:
        drop(ws, f)
    proc = _jiangxin("ingest", cwd=ws.root)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first file is done: kill in the middle of the batch
    assert "已入库" in first, first
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = ws.open_store()
    stored_before = len(store.records("application", ws.year))
    assert 1 <= stored_before < 60
    rerun = _jiangxin("ingest", "--json", cwd=ws.root)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["counts"].get("duplicate", 0) == 0
    records = store.records("application", ws.year)
    assert len(records) == 60
    assert len({r.document.sha256 for r in records}) == 60
    archived = list(ws.archive_dir("application").iterdir())
    assert len(archived) == 60
    assert scan_inbox(ws.inbox) == [] and not ws.claims_dir.exists()


def test_two_ingests_at_once_never_take_the_same_file(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    for f in many_forms(tmp_path / "src", 30):
        drop(ws, f)
    procs = [_jiangxin("ingest", "--json", cwd=ws.root) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outputs]
    taken = [f["file"] for out, _ in outputs for f in json.loads(out)["files"]]
    assert sorted(taken) == sorted(f"申报书-{i:03d}.docx" for i in range(30))
    store = ws.open_store()
    assert len(store.records("application", ws.year)) == 30


def test_watch_takes_files_dropped_while_running(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    store = ws.open_store()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_inbox, args=(ws, store), kwargs={"polling": True, "stop": stop}, daemon=True
    )
    thread.start()
    try:
        time.sleep(0.5)
        drop(ws, APPS[0].path, "子目录/新到.docx")
        deadline = time.time() + 30
        while time.time() < deadline and not store.records("application", ws.year):
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(store.records("application", ws.year)) == 1
    assert not (ws.inbox / "子目录" / "新到.docx").exists()


def test_recovering_claims_of_a_live_process_leaves_them(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    owner = ws.claims_dir / f"{os.uname().nodename}-{os.getppid()}"
    owner.mkdir(parents=True)
    shutil.copy(APPS[0].path, owner / "x.docx")
    assert inbox_mod.recover_claims(ws) == 0
    assert (owner / "x.docx").exists()


def test_an_ingest_log_of_an_earlier_release_is_carried_on_under_its_chinese_name(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from reports.render.ingest_log import LOG_NAME, OLD_LOG_NAME, append_ingest_log

    old = Workbook()
    old.active.append(["时间", "文件"])
    old.active.append(["2025-01-01 08:00:00", "早先的文件.docx"])
    old.save(tmp_path / OLD_LOG_NAME)
    append_ingest_log(tmp_path / LOG_NAME, [])
    assert not (tmp_path / OLD_LOG_NAME).exists()
    rows = list(load_workbook(tmp_path / LOG_NAME).active.iter_rows(values_only=True))
    assert rows[1][1] == "早先的文件.docx"
