"""Workspaces: init, finding by walking up, and clear errors for broken configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiangxin.workspace import CONFIG_NAME, Workspace, WorkspaceError, default_config_text, init_workspace

from .support.workspace import ROOT


def test_repository_root_is_a_ready_workspace() -> None:
    assert (ROOT / CONFIG_NAME).read_text(encoding="utf-8") == default_config_text()
    ws = Workspace.load(ROOT)
    assert ws.organization.name == "国网酒泉供电公司"
    assert ws.inbox == ROOT / "inbox" and ws.outbox == ROOT / "outbox"
    assert (ROOT / "inbox" / ".gitkeep").exists() and (ROOT / "outbox" / ".gitkeep").exists()


def test_init_writes_commented_config_and_folders(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "新工作区", year=2026)
    text = (ws.root / CONFIG_NAME).read_text(encoding="utf-8")
    assert text.count("#") > 10  # commented for the office
    assert ws.year == 2026 and ws.inbox.is_dir() and ws.outbox.is_dir()
    assert ws.database_url.startswith("sqlite:///") and ws.database_url.endswith("jiangxin.db")


def test_find_walks_up(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "w")
    deep = ws.root / "inbox" / "a" / "b"
    deep.mkdir(parents=True)
    assert Workspace.find(deep).root == ws.root


def test_missing_workspace_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="jiangxin init"):
        Workspace.find(tmp_path)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("year = 2025", "year = 25"), "year"),
        (lambda t: t.replace('name = "国网酒泉供电公司"', 'name = ""'), "name"),
        (lambda t: t + "\n[ingest]\nbogus = 1\n", "格式有误|设置有误"),
        (lambda t: t.replace("settle_seconds = 2", "settle_seconds = 2\nunknown_key = 1"), "设置有误"),
    ],
)
def test_broken_config_is_explained(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    ws = init_workspace(tmp_path / "w")
    path = ws.root / CONFIG_NAME
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(WorkspaceError, match=message):
        Workspace.load(ws.root)


def test_database_url_can_name_another_server(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "w")
    path = ws.root / CONFIG_NAME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'database = "jiangxin.db"', 'database = "postgresql://office@db/jiangxin"'
        ),
        encoding="utf-8",
    )
    # a plain postgresql:// goes through psycopg 3 (the `postgres` extra), not SQLAlchemy's default psycopg2
    assert Workspace.load(ws.root).database_url == "postgresql+psycopg://office@db/jiangxin"
