"""Blank editable files the office fills in for the reports (`jiangxin report files`): the 要事 list,
next year's plan and the platform registry. Nothing in them is a fact until a person writes it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from .highlights import HIGHLIGHTS_FILE, HIGHLIGHTS_SAMPLE
from .plan import PLAN_FILE
from .platforms import PLATFORM_FILES
from .render.xlsx import first_sheet, save_book, write_table

PLAN_SAMPLE = """\
# 明年工作打算：每段写一行；以（一）（二）……开头的行作为小标题。以 # 开头的行不会写入总结。
# 例如：
# （一）深化创新平台建设
# 推动创新工作室提档升级，……
"""
REGISTRY_HEADERS = ("名称", "类型", "级别", "所属单位", "负责人", "命名年份")


def write_blank_files(root: Path) -> list[Path]:
    """Create the files that are missing (existing ones are never touched); returns those created."""
    created = []
    highlights = root / HIGHLIGHTS_FILE
    if not highlights.exists():
        highlights.write_text(HIGHLIGHTS_SAMPLE, encoding="utf-8")
        created.append(highlights)
    plan = root / PLAN_FILE
    if not plan.exists():
        plan.write_text(PLAN_SAMPLE, encoding="utf-8")
        created.append(plan)
    if not any((root / name).exists() for name in PLATFORM_FILES):
        created.append(write_registry(root / PLATFORM_FILES[0]))
    return created


def write_registry(path: Path, rows: Iterable[Sequence[object]] = ()) -> Path:
    """创新平台.xlsx: the header the reader expects, then `rows` (none for the blank file)."""
    book = Workbook()
    write_table(first_sheet(book, "创新平台"), REGISTRY_HEADERS, rows, widths=[32, 14, 12, 22, 10, 10])
    return save_book(book, path)
