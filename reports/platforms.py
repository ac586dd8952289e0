"""The workspace's registry of innovation platforms (创新工作室, 创新小组): a small file the office keeps,
`创新平台.xlsx` (one row per platform under a header row) or `创新平台.yaml` (a list of mappings).

No document in the inbox states which studios exist, so the annual summary reads this file when it is
there and says plainly that it is missing when it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PLATFORM_FILES = ("创新平台.xlsx", "创新平台.yaml", "创新平台.yml")

# column heading (as a clerk may write it) → field
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "平台名称", "工作室名称", "小组名称", "创新平台"),
    "kind": ("类型", "类别", "平台类型"),
    "level": ("级别", "层级", "命名级别"),
    "unit": ("单位", "所属单位", "所在单位", "依托单位"),
    "leader": ("负责人", "带头人", "领衔人", "组长"),
    "founded": ("命名年份", "命名时间", "成立时间", "成立年份", "年份", "命名年度"),
}
_YEAR = re.compile(r"((?:19|20)\d{2})")


class RegistryError(Exception):
    """A registry file that cannot be read (message in Chinese, naming the file)."""


@dataclass(frozen=True, slots=True)
class Platform:
    """One studio or group as the registry lists it."""

    name: str
    kind: str
    level: str = ""
    unit: str = ""
    leader: str = ""
    founded: int | None = None


@dataclass(frozen=True, slots=True)
class Registry:
    file: str
    platforms: tuple[Platform, ...]


def find_registry(root: Path) -> Path | None:
    """The registry file in the workspace root, if the office has made one."""
    for name in PLATFORM_FILES:
        if (root / name).is_file():
            return root / name
    return None


def read_registry(path: Path) -> Registry:
    """Read a registry file; rows without a name are skipped, a kind defaults to 创新工作室 when the name says so."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _yaml_rows(path)
    platforms = tuple(p for p in (_platform(r) for r in rows) if p is not None)
    return Registry(file=path.name, platforms=platforms)


def _field_of(heading: object) -> str | None:
    text = re.sub(r"\s", "", str(heading or ""))
    for fieldname, names in _COLUMNS.items():
        if text in names:
            return fieldname
    return None


def _xlsx_rows(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise RegistryError(f"无法读取“{path.name}”：{exc}") from exc
    try:
        sheet = book.worksheets[0]
        header: dict[int, str] | None = None
        rows: list[dict[str, Any]] = []
        for values in sheet.iter_rows(values_only=True):
            if header is None:
                found = {i: f for i, v in enumerate(values) if (f := _field_of(v))}
                if "name" in found.values():
                    header = found
                continue
            rows.append({f: values[i] for i, f in header.items() if i < len(values)})
    finally:
        book.close()
    if header is None:
        raise RegistryError(f"“{path.name}”中找不到表头（应有“名称”“类型”等列）")
    return rows


def _yaml_rows(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"无法读取“{path.name}”：{exc}") from exc
    if data is None:
        return []
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    if not isinstance(data, list):
        raise RegistryError(
            f"“{path.name}”应为列表，每项写一个创新平台（名称、类型、级别、单位、负责人、命名年份）"
        )
    rows = []
    for item in data:
        if isinstance(item, dict):
            rows.append({f: v for k, v in item.items() if (f := _field_of(k))})
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", str(value))


def _platform(row: dict[str, Any]) -> Platform | None:
    name = _text(row.get("name"))
    if not name:
        return None
    kind = _text(row.get("kind"))
    if not kind:
        kind = "创新小组" if "小组" in name else "创新工作室" if "工作室" in name else "创新平台"
    founded_text = str(row.get("founded") or "")
    if hasattr(row.get("founded"), "year"):
        founded: int | None = row["founded"].year
    else:
        m = _YEAR.search(founded_text)
        founded = int(m.group(1)) if m else None
    level, unit, leader = (_text(row.get(key)) for key in ("level", "unit", "leader"))
    return Platform(name=name, kind=kind, level=level, unit=unit, leader=leader, founded=founded)
