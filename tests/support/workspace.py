"""Workspaces for tests: made fresh, ingesting files at once, and the clerk's way of dropping a file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from jiangxin.workspace import Workspace, init_workspace

from .databases import Current

ROOT = Path(__file__).resolve().parents[2]


def make_workspace(root: Path, **ingest: object) -> Workspace:
    """A workspace whose ingest takes files at once (no settle time, no grace for incomplete files)."""
    init_workspace(root)
    if Current.server is not None:  # the test runs on PostgreSQL: this workspace's own database there
        config = root / "jiangxin.toml"
        url = Current.server.new_database(migrated=True)
        config.write_text(
            config.read_text(encoding="utf-8").replace('database = "jiangxin.db"', f'database = "{url}"', 1),
            encoding="utf-8",
        )
    settings = {"settle_seconds": 0, "incomplete_grace_seconds": 0, "retry_attempts": 0, **ingest}
    text = (root / "jiangxin.toml").read_text(encoding="utf-8")
    for key, value in settings.items():
        literal = str(value).lower() if isinstance(value, bool) else str(value)
        lines = [f"{key} = {literal}" if line.startswith(f"{key} =") else line for line in text.splitlines()]
        text = "\n".join(lines) + "\n"
    (root / "jiangxin.toml").write_text(text, encoding="utf-8")
    return Workspace.load(root)


def drop(ws: Workspace, src: Path, name: str | None = None) -> Path:
    """Copy a file into the workspace inbox, as a clerk would."""
    dest = ws.inbox / (name or src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest


def with_document(ws: Workspace, **settings: str) -> Workspace:
    """The workspace with the given `[document]` settings of its jiangxin.toml (版头, 抄送 …) changed."""
    path = ws.root / "jiangxin.toml"
    text = path.read_text(encoding="utf-8")
    for key, value in settings.items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', text)
    path.write_text(text, encoding="utf-8")
    return Workspace.load(ws.root)
