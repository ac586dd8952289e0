"""Shared fixtures: a fresh workspace and store per test, and a CLI runner; the `soffice` marker skips
without LibreOffice. Helpers the tests import live in `tests.support`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.core.office import soffice_path
from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .support.workspace import make_workspace


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if soffice_path() is None:
        skip = pytest.mark.skip(reason="LibreOffice (soffice) 未安装")
        for item in items:
            if "soffice" in item.keywords:
                item.add_marker(skip)


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
