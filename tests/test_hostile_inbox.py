"""A hostile inbox: links, pipes, unreadable files, odd names, crash windows and two ingests at once.
Every good file is stored, every odd entry is said or skipped, and a second run is never blocked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import openpyxl

from jiangxin.inbox import LINK_REASON, Consumer, move_no_clobber, recover_claims, safe_name, scan_inbox
from reports.render.xlsx import set_value

from .support import hostile
from .support.workspace import make_workspace


def _good(ws_inbox: Path, n: int, seed: int = 100) -> list[str]:
    names = []
    for i in range(n):
        name = f"申报书-{i}.docx"
        hostile.good_application(ws_inbox / name, seed + i)
        names.append(name)
    return names


def test_links_pipes_and_odd_names_never_stop_the_inbox(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    good = _good(ws.inbox, 2)
    secret = tmp_path / "outside" / "secret.docx"
    secret.parent.mkdir()
    hostile.good_application(secret, 7)
    os.symlink(secret, ws.inbox / "外部链接.docx")
    os.symlink(tmp_path / "nowhere.docx", ws.inbox / "断开的链接.docx")
    os.symlink("自己", ws.inbox / "自己")  # a link to itself: ELOOP when followed
    os.symlink(tmp_path / "outside", ws.inbox / "文件夹链接")
    os.mkfifo(ws.inbox / "管道.docx")
    # a name that is not UTF-8, one with control characters, two near the 255-byte limit
    raw = os.fsencode(ws.inbox) + b"/\xff\xfe\xb3.docx"
    hostile.good_application(Path(os.fsdecode(raw)), 21)
    hostile.good_application(ws.inbox / "标题\x07\x1b.docx", 22)
    long_name = "长" * 83 + ".docx"  # 254 bytes
    hostile.good_application(ws.inbox / long_name, 23)
    sub = ws.inbox / "二级"
    sub.mkdir()
    hostile.good_application(sub / long_name, 24)
    (ws.inbox / ("坏" * 80 + ".docx")).write_bytes(b"not a document")  # 245 bytes, goes to quarantine

    store = ws.open_store()
    summary = Consumer(ws, store).run()
    results = {o.file: o for o in summary.outcomes}
    for name in good:
        assert results[name].result == "stored"
    for link in ("外部链接.docx", "断开的链接.docx", "自己", "文件夹链接"):
        assert results[link].result == "failed" and results[link].reason == LINK_REASON
        assert (ws.quarantine_dir / link).is_symlink()
        assert (ws.quarantine_dir / f"{link}.error.txt").exists()
    assert secret.exists()  # the target is never moved, and never read
    assert all("管道" not in f for f in results)
    assert (ws.inbox / "管道.docx").exists()
    shown = "\\xff\\xfe\\xb3.docx"
    assert results[shown].result == "stored"
    assert results["标题\x07\x1b.docx"].result == "stored"
    assert results[long_name].result == "stored" and results[f"二级/{long_name}"].result == "stored"
    assert results["坏" * 80 + ".docx"].result == "failed"
    stored_names = {d.file_name for d in (r.document for r in store.records("application", ws.year))}
    assert "标题_.docx" not in stored_names  # control characters replaced by '_', one per character
    assert "标题__.docx" in stored_names
    originals = {r.document.original_path for r in store.records("application", ws.year)}
    assert shown in originals
    for path in (ws.outbox / "archive").rglob("*"):
        assert len(os.fsencode(path.name)) <= 255
        path.name.encode("utf-8")  # every archived name is valid UTF-8
    for path in ws.quarantine_dir.iterdir():
        assert len(os.fsencode(path.name)) <= 255
    # the log holds every file, names cleaned
    log = openpyxl.load_workbook(ws.outbox / "入库记录.xlsx").active
    assert log is not None and log.max_row == 1 + len([o for o in summary.outcomes if o.result != "waiting"])
    # a second run is not blocked by what is left (the pipe): it finishes and finds nothing new
    again = Consumer(ws, store).run()
    assert [o.result for o in again.outcomes] == []


def _as_an_ordinary_user(command: list[str]) -> list[str]:
    """Root reads any file whatever its mode; without the two capabilities that let it, modes hold."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to make a file unreadable for root"
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *command]


def test_unreadable_file_is_quarantined_and_the_rest_go_on(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    good = _good(ws.inbox, 1)
    locked = ws.inbox / "无权限.docx"
    hostile.good_application(locked, 31)
    locked.chmod(0)
    command = [sys.executable, "-m", "jiangxin", "ingest", "--workspace", str(ws.root), "--json"]
    done = subprocess.run(_as_an_ordinary_user(command), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results = {o["file"]: o for o in json.loads(done.stdout)["files"]}
    assert results[good[0]]["result"] == "stored"
    assert results["无权限.docx"]["result"] == "failed" and "权限" in str(results["无权限.docx"]["reason"])
    kept = [p for p in ws.root.rglob("无权限*.docx")]
    assert kept, "the unreadable file is kept (quarantined), never lost"


def test_scan_skips_pipes_and_lists_links_without_following(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "a").mkdir(parents=True)
    (inbox / "a" / "x.docx").write_bytes(b"x")
    os.symlink(inbox / "a", inbox / "loop")  # a link back to a folder of the inbox
    os.mkfifo(inbox / "p.docx")
    found = {p.relative_to(inbox).as_posix() for p in scan_inbox(inbox)}
    assert found == {"a/x.docx", "loop"}


def test_safe_name_fits_every_file_system() -> None:
    assert safe_name("a\x07b.docx") == "a_b.docx"
    assert safe_name(os.fsdecode(b"\xff.docx")) == "\\xff.docx"
    long = safe_name("长" * 120 + ".docx")
    assert long.endswith(".docx") and len((long[:-5] + " (99).docx.error.txt").encode()) <= 255
    assert safe_name("\x01\x02") == "__"


def test_every_cell_is_written_through_one_safe_writer(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    set_value(ws, 1, 1, ['=HYPERLINK("http://x","点我")'])  # a list joined before the formula check
    set_value(ws, 1, 2, ["张三", "=1+1"])
    set_value(ws, 1, 3, "成果\x07名称\x1b")
    set_value(ws, 1, 4, "+86 123")
    wb.save(tmp_path / "t.xlsx")
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert back is not None
    assert back["A1"].data_type == "s" and back["A1"].value == '=HYPERLINK("http://x","点我")'
    assert back["B1"].value == "张三、=1+1"
    assert back["C1"].value == "成果名称" and "2 个" in back["C1"].comment.text
    assert back["D1"].data_type == "s"


# --- crash windows -----------------------------------------------------------------------------------


def _dead_claims(ws_root: Path, inbox: Path) -> Path:
    import socket

    folder = inbox / ".jiangxin-claims" / f"{socket.gethostname()}-999999999"
    folder.mkdir(parents=True)
    return folder


def test_crash_between_archive_link_and_unlink_leaves_one_copy(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    [name] = _good(ws.inbox, 1)
    store = ws.open_store()
    [outcome] = Consumer(ws, store).run().outcomes
    archived = ws.root / str(outcome.moved_to)
    # the state a crash after os.link and before os.unlink leaves: a second name in a dead claim
    dead = _dead_claims(ws.root, ws.inbox)
    os.link(archived, dead / name)
    summary = Consumer(ws, store).run()
    assert summary.outcomes == []  # nothing to do: the leftover name was removed, not ingested again
    assert not (ws.inbox / name).exists()
    assert list((ws.outbox / "archive").rglob("*.docx")) == [archived]


def test_quarantined_file_without_note_is_given_one(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    ws.quarantine_dir.mkdir(parents=True)
    (ws.quarantine_dir / "坏.docx").write_bytes(b"x")  # a crash before the note was written
    Consumer(ws, ws.open_store()).run()
    note = ws.quarantine_dir / "坏.docx.error.txt"
    assert "中断" in note.read_text(encoding="utf-8")


def test_move_never_overwrites_and_never_follows_links(tmp_path: Path) -> None:
    (tmp_path / "dest").mkdir()
    (tmp_path / "dest" / "a.docx").write_bytes(b"old")
    (tmp_path / "a.docx").write_bytes(b"new")
    final = move_no_clobber(tmp_path / "a.docx", tmp_path / "dest" / "a.docx")
    assert final.name == "a (2).docx" and final.read_bytes() == b"new"
    assert (tmp_path / "dest" / "a.docx").read_bytes() == b"old"
    os.symlink("/etc/hostname", tmp_path / "link")
    moved = move_no_clobber(tmp_path / "link", tmp_path / "dest" / "link")
    assert moved.is_symlink() and os.readlink(moved) == "/etc/hostname"


# --- two ingests at once ------------------------------------------------------------------------------


def test_same_content_stored_by_two_processes_gives_one_document(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    hostile.good_application(ws.inbox / "甲.docx", 41)
    first = Consumer(ws, ws.open_store()).run()
    assert [o.result for o in first.outcomes] == ["stored"]
    # the other process looked the content up before the first committed, then stores it too
    (ws.inbox / "乙.docx").write_bytes((ws.root / str(first.outcomes[0].moved_to)).read_bytes())
    late = ws.open_store()
    late.documents_by_sha = lambda hashes: {}  # type: ignore[method-assign]
    [outcome] = Consumer(ws, late).run().outcomes
    assert outcome.result == "duplicate" and "甲.docx" in str(outcome.reason)
    assert len(ws.open_store().records("application", ws.year)) == 1


def test_two_processes_recovering_one_dead_claim_return_each_file_once(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=1)
    dead = _dead_claims(ws.root, ws.inbox)
    for i in range(60):
        (dead / f"f{i:02d}.docx").write_bytes(f"{i}".encode())
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from jiangxin.inbox import recover_claims
        from jiangxin.workspace import Workspace
        ws = Workspace.load(Path({str(ws.root)!r}))
        while time.time() < {time.time() + 1.5}:
            pass
        print(recover_claims(ws))
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1]
        )
        for _ in range(2)
    ]
    counts = [int(p.communicate(timeout=60)[0].strip() or 0) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(counts) == 60
    returned = sorted(p.name for p in ws.inbox.iterdir() if p.is_file())
    assert returned == [f"f{i:02d}.docx" for i in range(60)]
    assert recover_claims(ws) == 0


def test_same_content_under_two_names_in_one_batch(tmp_path: Path) -> None:
    """The roster under a wrong extension and under its right name: one stored, one duplicate. Two
    copies of a refused file are both refused, never one 'duplicate' of a file that was not stored."""
    ws = make_workspace(tmp_path / "ws", workers=1)
    roster = hostile.good_roster(tmp_path / "花名册.xlsx", 5)
    (ws.inbox / "花名册.xls").write_bytes(roster.read_bytes())
    (ws.inbox / "花名册.xlsx").write_bytes(roster.read_bytes())
    bad = hostile.xlsx_huge_merge(tmp_path / "合并.xlsx")
    (ws.inbox / "合并-1.xlsx").write_bytes(bad.read_bytes())
    (ws.inbox / "合并-2.xlsx").write_bytes(bad.read_bytes())
    store = ws.open_store()
    results = {o.file: o for o in Consumer(ws, store).run().outcomes}
    assert sorted(o.result for n, o in results.items() if n.startswith("花名册")) == ["duplicate", "stored"]
    assert results["合并-1.xlsx"].result == results["合并-2.xlsx"].result == "failed"
    assert results["合并-2.xlsx"].error == "too_large" and "合并-1.xlsx" in str(results["合并-2.xlsx"].reason)
    assert store.roster(ws.year) is not None
    assert not (ws.archive_dir("duplicate") / "合并-2.xlsx").exists()
