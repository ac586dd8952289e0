"""Each reviewer's forms in `outbox/评审/<reviewer>/` (the Word 评审打分表 and the xlsx score sheet), the
office's 回避声明.xlsx and the example reviewer lists: the review's files, written from its values."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jiangxin.core.records import ReviewerList
from jiangxin.review import declarations as D
from jiangxin.review.assign import Assignment
from jiangxin.review.filenames import distinct_names, inside, safe_file_name
from jiangxin.review.forms import (
    DOCX_PREFIX,
    DOCX_TEMPLATE,
    REVIEW_DIR,
    XLSX_PREFIX,
    form_context,
    locked_content,
)
from jiangxin.review.items import Reviewer
from jiangxin.review.policy_view import ReviewPolicy
from jiangxin.workspace import Workspace

from ..template_check import TemplateProblem, check_template
from .docx import render_docx, template_path
from .score_sheet import write_score_sheet
from .xlsx import first_sheet, save_book, set_value, write_table


@dataclass(frozen=True, slots=True)
class FormSet:
    """Where one reviewer's two forms went."""

    reviewer: Reviewer
    folder: Path
    docx: Path
    xlsx: Path


def _clear_stale(root: Path, keep: set[str]) -> None:
    """Forms of reviewers no longer assigned are removed (only the files this module writes)."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name in keep:
            continue
        for pattern in (f"{DOCX_PREFIX}*.docx", f"{XLSX_PREFIX}*.xlsx"):
            for f in folder.glob(pattern):
                f.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_forms(ws: Workspace, assignment: Assignment, policy: ReviewPolicy) -> list[FormSet]:
    """Write every assigned reviewer's two forms; returns where they went. The template is checked
    before anything is removed or written (raises TemplateProblem)."""
    root = ws.outbox / REVIEW_DIR
    template = template_path(ws.templates_dir, DOCX_TEMPLATE)
    problems = check_template(template)
    if problems:
        raise TemplateProblem(template, problems)
    busy = [r for r in assignment.reviewers if assignment.items_of(r)]
    folders = distinct_names([r.key for r in busy])
    _clear_stale(root, set(folders.values()))
    written: list[FormSet] = []
    for reviewer in busy:
        items = assignment.items_of(reviewer)
        name = folders[reviewer.key]
        folder = inside(root, name)
        folder.mkdir(parents=True, exist_ok=True)
        docx_path = inside(folder, safe_file_name(DOCX_PREFIX + name, ".docx"))
        xlsx_path = inside(folder, safe_file_name(XLSX_PREFIX + name, ".xlsx"))
        render_docx(template, form_context(ws, reviewer, items, policy), docx_path)
        write_score_sheet(xlsx_path, locked_content(ws.year, reviewer, items, policy), policy)
        written.append(FormSet(reviewer, folder, docx_path, xlsx_path))
    return written


def ensure_declarations_file(root: Path) -> Path:
    """Create an empty declarations file with its instructions if there is none; never overwrite."""
    path = root / D.FILE_NAME
    if path.exists():
        return path
    wb = Workbook()
    ws = first_sheet(wb, D.SHEET)
    write_table(ws, D.HEADER, [], widths=[12, 24, 36, 28, 18, 30])
    help_ws = wb.create_sheet("说明")
    for r, line in enumerate(D.HELP, start=1):
        set_value(help_ws, r, 1, line)
        help_ws.cell(row=r, column=1).alignment = Alignment(wrap_text=False)
    help_ws.column_dimensions["A"].width = 100
    return save_book(wb, path)


def write_reviewer_list(record: ReviewerList, path: Path, year: int) -> Path:
    """The list as an office xlsx: a title row, then 序号/姓名/单位/专业/内部/外部/联系方式."""
    wb = Workbook()
    ws = first_sheet(wb, "评审专家")
    set_value(ws, 1, 1, f"{year}年度职工技术创新成果评审专家名单")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    rows = [
        (n, r.name, r.unit or "", r.specialty or "", {True: "内部", False: "外部", None: ""}[r.internal],
         r.contact or "")
        for n, r in enumerate(record.reviewers, start=1)
    ]  # fmt: skip
    write_table(
        ws,
        ["序号", "姓名", "单位", "专业", "内部/外部", "联系方式"],
        rows,
        start_row=2,
        widths=[6, 10, 30, 16, 10, 14],
    )
    return save_book(wb, path, print_setup=False)
