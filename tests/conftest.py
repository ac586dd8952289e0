"""Shared fixtures: a fresh workspace and store per test, a CLI runner, and the two databases; the `soffice`
marker skips without LibreOffice. Helpers the tests import live in `tests.support`.

The store, ingest, check and tally tests run twice: on SQLite (each workspace's own file) and on
PostgreSQL (each workspace gets a fresh database on the server JIANGXIN_TEST_POSTGRES names, e.g. the
throw-away cluster `.ci/postgres` starts). Without that server the PostgreSQL runs are skipped, with the
reason, on a developer's machine; under CI (CI=true) they fail instead of vanishing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.core.office import soffice_path
from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .support.databases import POSTGRES_ENV, Current, PostgresServer
from .support.workspace import make_workspace

# an office's database named in the environment must never receive the tests' workspaces
os.environ.pop("JIANGXIN_DATABASE", None)
# test modules run on both databases (the rest use SQLite only, to keep the suite's time)
TWO_DATABASES = ("test_store", "test_inbox", "test_check_", "test_tally", "test_organizations")
SQLITE_ONLY = ("test_store_safety",)  # backups and marker files of the SQLite file


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "database" in metafunc.fixturenames and module.startswith(TWO_DATABASES) and module not in SQLITE_ONLY:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True, scope="module")


@pytest.fixture(scope="module", autouse=True)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """Which database the module's workspaces use: "sqlite", or "postgresql" (a fresh database on the
    test server for every workspace made meanwhile)."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield kind
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"CI 中必须提供 PostgreSQL 测试服务器（环境变量 {POSTGRES_ENV}）；.ci/run 会启动一个。"
            )
        pytest.skip(f"未设置 {POSTGRES_ENV}（PostgreSQL 测试服务器地址），PostgreSQL 上的测试已跳过")
    Current.server = PostgresServer(url)
    try:
        yield kind
    finally:
        server, Current.server = Current.server, None
        server.drop_all()


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
    s = workspace.open_store()
    yield s
    s.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
