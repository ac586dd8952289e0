"""Blank editable files the office fills in for the reports (`jiangxin report files`): the 要事 list,
next year's plan and the platform registry. Nothing in them is a fact until a person writes it."""

from __future__ import annotations

from pathlib import Path

from .highlights import HIGHLIGHTS_FILE, HIGHLIGHTS_SAMPLE
from .plan import PLAN_FILE
from .platforms import PLATFORM_FILES

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
        created.append(_blank_registry(root / PLATFORM_FILES[0]))
    return created


def _blank_registry(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .render.xlsx import setup_print_book

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "创新平台"
    sheet.append(list(REGISTRY_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (32, 14, 12, 22, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    setup_print_book(book, path.name)
    book.save(path)
    return path
