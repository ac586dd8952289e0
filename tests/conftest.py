"""Shared fixtures: a fresh workspace per test, the shared samples, a CLI runner, and the two databases.

The store, ingest, check and tally tests run twice: on SQLite (each workspace's own file) and on
PostgreSQL (each workspace gets a fresh database on the server JIANGXIN_TEST_POSTGRES names, e.g. the
throw-away cluster `.ci/postgres` starts). Without that server the PostgreSQL runs are skipped, with the
reason, on a developer's machine; under CI (CI=true) they fail instead of vanishing.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from jiangxin.core.office import soffice_path
from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
SCHEMA = ROOT.parent / "shared" / "schema" / "records.schema.json"


POSTGRES_ENV = "JIANGXIN_TEST_POSTGRES"
# an office's database named in the environment must never receive the tests' workspaces
os.environ.pop("JIANGXIN_DATABASE", None)
# test modules run on both databases (the rest use SQLite only, to keep the suite's time)
TWO_DATABASES = ("test_store", "test_inbox", "test_check_", "test_tally", "test_organizations")
SQLITE_ONLY = ("test_store_safety",)  # backups and marker files of the SQLite file


class PostgresServer:
    """Hands out fresh databases on one server and drops them all at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.made: list[str] = []
        self.template: str | None = None

    def new_database(self, *, migrated: bool = False) -> str:
        """An empty database, or with `migrated` a copy of one the store has already migrated (a
        workspace's first open then costs no migration: about 0.7 s of each test less)."""
        name = f"jx_{uuid.uuid4().hex[:16]}"
        template = ""
        if migrated:
            if self.template is None:
                url = self.new_database()
                Store(url).close()
                self.template = self.made[-1]
            template = f' TEMPLATE "{self.template}"'
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
        self.made.append(name)
        return self._url(name)

    def _url(self, name: str) -> str:
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.clear()
        self.template = None
        self.engine.dispose()


_server: PostgresServer | None = None  # set while a test runs on PostgreSQL


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "database" in metafunc.fixturenames and module.startswith(TWO_DATABASES) and module not in SQLITE_ONLY:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True, scope="module")


@pytest.fixture(scope="module", autouse=True)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """Which database the module's workspaces use: "sqlite", or "postgresql" (a fresh database on the
    test server for every workspace made meanwhile)."""
    global _server
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
    _server = PostgresServer(url)
    try:
        yield kind
    finally:
        server, _server = _server, None
        server.drop_all()


def fresh_database_url(path: Path) -> str:
    """A new, empty database of the kind the test runs on: a SQLite file at `path`, or a PostgreSQL one."""
    return _server.new_database() if _server is not None else f"sqlite:///{path}"


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
    if _server is not None:  # the test runs on PostgreSQL: this workspace's own database there
        config = root / "jiangxin.toml"
        text_ = config.read_text(encoding="utf-8")
        text_ = text_.replace(
            'database = "jiangxin.db"', f'database = "{_server.new_database(migrated=True)}"', 1
        )
        config.write_text(text_, encoding="utf-8")
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
    s = workspace.open_store()
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
