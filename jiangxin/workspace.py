"""A workspace: a folder with `jiangxin.toml`, `inbox/`, `outbox/` and the database.

Commands find it from `--workspace` or by walking up from the current folder to the nearest
`jiangxin.toml`, the way git finds its repository.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.limits import Limits

from .core.organization import Organization

if TYPE_CHECKING:
    from .store import Store

CONFIG_NAME = "jiangxin.toml"
# a database URL here overrides `[paths] database` of every workspace (e.g. a PostgreSQL server in CI)
DATABASE_ENV = "JIANGXIN_DATABASE"


class WorkspaceError(Exception):
    """A workspace that cannot be found or whose configuration is wrong (message in Chinese)."""


def default_config_text() -> str:
    """The commented configuration `jiangxin init` writes (the repository root holds the same)."""
    from importlib import resources

    return resources.files("jiangxin").joinpath("workspace.toml").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class IngestSettings:
    settle_seconds: float = 2.0
    settle_wait_seconds: float = 30.0
    incomplete_grace_seconds: float = 120.0
    retry_attempts: int = 3
    retry_backoff_seconds: float = 0.5
    workers: int = 0
    convert_legacy: bool = True


@dataclass(frozen=True, slots=True)
class LimitsSettings:
    """`[limits]`: what reading one file may cost; a file over a limit is quarantined, the batch goes on."""

    seconds_per_file: float = 300.0
    memory_mb_per_file: float = 4096
    file_mb: float = 200
    part_mb: float = 200
    inflated_mb: float = 400
    grid_cells: int = 2_000_000
    pdf_pages: int = 1000
    pdf_stream_mb: float = 100
    ocr_pages: int = 20
    image_frames: int = 20
    image_megapixels: float = 60
    render_megapixels: float = 12

    def to_limits(self) -> Limits:
        mb = 1024 * 1024
        return Limits(
            max_file_bytes=int(self.file_mb * mb),
            max_part_bytes=int(self.part_mb * mb),
            max_inflated_bytes=int(self.inflated_mb * mb),
            max_grid_cells=int(self.grid_cells),
            max_pdf_pages=int(self.pdf_pages),
            max_pdf_stream_bytes=int(self.pdf_stream_mb * mb),
            max_ocr_pages=int(self.ocr_pages),
            max_image_frames=int(self.image_frames),
            max_image_pixels=int(self.image_megapixels * 1_000_000),
            max_render_pixels=int(self.render_megapixels * 1_000_000),
            seconds_per_file=float(self.seconds_per_file),
            memory_bytes_per_file=int(self.memory_mb_per_file * mb),
        )


@dataclass(frozen=True, slots=True)
class WatchSettings:
    rescan_seconds: float = 30.0
    polling: bool = False


@dataclass(frozen=True, slots=True)
class NewsSettings:
    reporter: str = ""
    correspondents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentSettings:
    """How the office signs and heads the documents it sends out (GB/T 9704 版头, 落款, 版记)."""

    signature: str = ""  # 落款 (发文机关署名); empty: the organisation's full name
    issuer_mark: str = ""  # 发文机关标志 for the red 版头; empty: no 版头
    number: str = ""  # 发文字号, e.g. 酒电工〔2025〕12号
    copy_to: str = ""  # 抄送
    printed_by: str = ""  # 印发机关; empty: the signature


@dataclass(frozen=True, slots=True)
class Workspace:
    root: Path
    year: int
    organization: Organization
    inbox: Path
    outbox: Path
    database_url: str
    policy_path: Path | None = None
    templates_dir: Path | None = None
    ingest: IngestSettings = field(default_factory=IngestSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    news: NewsSettings = field(default_factory=NewsSettings)
    document: DocumentSettings = field(default_factory=DocumentSettings)
    limits: LimitsSettings = field(default_factory=LimitsSettings)
    # the province's workspace: may read every organisation sharing the database (--all-organizations)
    province: bool = False

    def open_store(self, *, all_organizations: bool = False) -> Store:
        """The store of this workspace's organisation (its `[organization] name`)."""
        from .store import Store

        return Store(self.database_url, self.organization.name, all_organizations=all_organizations)

    # --- where things go -------------------------------------------------------------------
    def archive_dir(self, kind: str) -> Path:
        """Where files of a kind are archived: `outbox/archive/<year>/申报书/` and so on (the folder
        names are Chinese; files archived under older English-named folders keep their stored paths)."""
        from .core.labels import archive_folder

        return self.outbox / "archive" / str(self.year) / archive_folder(kind)

    @property
    def quarantine_dir(self) -> Path:
        return self.outbox / "quarantine"

    @property
    def reports_dir(self) -> Path:
        return self.outbox / "报告"

    @property
    def claims_dir(self) -> Path:
        """Files taken by a running ingest wait here (hidden, inside the inbox, same filesystem)."""
        return self.inbox / ".jiangxin-claims"

    # --- loading ---------------------------------------------------------------------------
    @classmethod
    def find(cls, start: Path | None = None) -> Workspace:
        """The workspace at `start` or the nearest folder above it holding jiangxin.toml."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.load(folder)
        raise WorkspaceError(
            f"在“{here}”及其上级文件夹中找不到 {CONFIG_NAME}。"
            "请先运行 `jiangxin init 文件夹` 创建工作区，或用 --workspace 指定工作区。"
        )

    @classmethod
    def load(cls, root: Path) -> Workspace:
        root = root.resolve()
        path = root / CONFIG_NAME
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise WorkspaceError(f"工作区“{root}”中没有 {CONFIG_NAME}。") from exc
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(f"{path} 格式有误：{exc}") from exc
        try:
            return cls._from_dict(root, data)
        except (KeyError, TypeError, ValueError) as exc:
            raise WorkspaceError(f"{path} 中的设置有误：{exc}") from exc

    @classmethod
    def _from_dict(cls, root: Path, data: dict[str, object]) -> Workspace:
        org = data.get("organization") or {}
        paths = data.get("paths") or {}
        assert isinstance(org, dict) and isinstance(paths, dict)
        year = data.get("year")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValueError(f"year 应为四位年份，现为 {year!r}")
        name = org.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("[organization] 缺少 name（本单位全称）")
        database = os.environ.get(DATABASE_ENV) or str(paths.get("database") or "jiangxin.db")
        url = database if "://" in database else f"sqlite:///{root / database}"
        for plain in ("postgresql://", "postgres://"):  # SQLAlchemy would look for psycopg2: use psycopg 3
            if url.startswith(plain):
                url = "postgresql+psycopg://" + url[len(plain) :]
        province = org.get("province", False)
        if not isinstance(province, bool):
            raise ValueError("[organization] province 应为 true 或 false")
        policy = str(paths.get("policy") or "")
        templates = str(paths.get("templates") or "")
        ingest = dict(data.get("ingest") or {})  # type: ignore[call-overload]
        watch = data.get("watch") or {}
        news = data.get("news") or {}
        document = data.get("document") or {}
        limits = dict(data.get("limits") or {})  # type: ignore[call-overload]
        assert isinstance(ingest, dict) and isinstance(watch, dict) and isinstance(news, dict)
        if not isinstance(document, dict):
            raise WorkspaceError("jiangxin.toml 中的 [document] 应是一节设置。")
        # earlier workspaces set the two size limits under [ingest]; [limits] wins when both do
        limits.setdefault("file_mb", ingest.pop("max_file_mb", 200))
        limits.setdefault("part_mb", ingest.pop("max_part_mb", 200))
        return cls(
            root=root,
            year=year,
            organization=Organization(
                name=name.strip(),
                aliases=tuple(str(a) for a in org.get("aliases", [])),
                sub_units=tuple(str(s) for s in org.get("sub_units", [])),
            ),
            inbox=root / str(paths.get("inbox") or "inbox"),
            outbox=root / str(paths.get("outbox") or "outbox"),
            database_url=url,
            policy_path=(root / policy) if policy else None,
            templates_dir=(root / templates) if templates else None,
            ingest=IngestSettings(**ingest),
            watch=WatchSettings(**watch),
            news=NewsSettings(
                reporter=str(news.get("reporter", "")),
                correspondents=tuple(news.get("correspondents", [])),
            ),
            document=DocumentSettings(
                **{k: str(document.get(k, "")).strip() for k in DocumentSettings.__dataclass_fields__}
            ),
            limits=LimitsSettings(**limits),
            province=province,
        )

    def ensure_folders(self) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.outbox.mkdir(parents=True, exist_ok=True)


def init_workspace(root: Path, *, year: int | None = None) -> Workspace:
    """Create a workspace at `root` with a commented jiangxin.toml; an existing one is kept."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / CONFIG_NAME
    if not config.exists():
        text = default_config_text()
        if year is not None:
            text = text.replace("year = 2025", f"year = {year}", 1)
        config.write_text(text, encoding="utf-8")
    ws = Workspace.load(root)
    ws.ensure_folders()
    return ws
