"""Shared fixtures: a fresh workspace per test, the shared samples, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.core.office import soffice_path
from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
SCHEMA = ROOT.parent / "shared" / "schema" / "records.schema.json"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if soffice_path() is None:
        skip = pytest.mark.skip(reason="LibreOffice (soffice) 未安装")
        for item in items:
            if "soffice" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples 不存在")
    return SAMPLES


def make_workspace(root: Path, **ingest: object) -> Workspace:
    """A workspace whose ingest takes files at once (no settle time, no grace for incomplete files)."""
    init_workspace(root)
    settings = {"settle_seconds": 0, "incomplete_grace_seconds": 0, "retry_attempts": 0, **ingest}
    text = (root / "jiangxin.toml").read_text(encoding="utf-8")
    for key, value in settings.items():
        literal = str(value).lower() if isinstance(value, bool) else str(value)
        lines = [f"{key} = {literal}" if line.startswith(f"{key} =") else line for line in text.splitlines()]
        text = "\n".join(lines) + "\n"
    (root / "jiangxin.toml").write_text(text, encoding="utf-8")
    return Workspace.load(root)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    s = Store(workspace.database_url)
    yield s
    s.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def drop(ws: Workspace, src: Path, name: str | None = None) -> Path:
    """Copy a file into the workspace inbox, as a clerk would."""
    dest = ws.inbox / (name or src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest
