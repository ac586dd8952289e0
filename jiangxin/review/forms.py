"""Each reviewer's forms in `outbox/评审/<reviewer>/`: the Word 评审打分表 (docxtpl) and the xlsx score sheet."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from ..workspace import Workspace
from .assign import Assignment
from .filenames import distinct_names, inside, safe_file_name
from .items import Item, Reviewer
from .policy_view import ReviewPolicy
from .score_form import locked_content, write_score_sheet
from .template_files import checked_template

DOCX_TEMPLATE = "评审打分表.docx"
REVIEW_DIR = "评审"
DOCX_PREFIX = "评审打分表-"
XLSX_PREFIX = "评分表-"
EXCERPT = 300


@dataclass(frozen=True, slots=True)
class FormSet:
    reviewer: Reviewer
    folder: Path
    docx: Path
    xlsx: Path


def excerpt(text: str | None, limit: int = EXCERPT) -> str:
    """The first `limit` characters of a long field, marked when cut; '（未填写）' when empty."""
    text = (text or "").strip()
    if not text:
        return "（未填写）"
    return text if len(text) <= limit else text[:limit].rstrip() + "……"


def _application(no: int, item: Item) -> dict[str, Any]:
    app = item.application
    benefit = app.economic_benefit_wan
    return {
        "no": no,
        "id": item.id,
        "title": app.title,
        "unit": app.unit,
        "category": app.category or "（未填写）",
        "specialty": app.specialty or "（未填写）",
        "members": "、".join(item.member_names) or "（未填写）",
        "summary": excerpt(app.summary),
        "innovations": excerpt(app.innovations),
        "adoption": excerpt(app.adoption),
        "benefit": f"{benefit:g} 万元" if benefit is not None else "（未填写）",
        "patents": "、".join(app.patents) or "无",
    }


def form_context(
    ws: Workspace, reviewer: Reviewer, items: list[Item], policy: ReviewPolicy
) -> dict[str, Any]:
    """What the 评审打分表 template shows: the reviewer, the criteria and each assigned application."""
    return {
        "year": ws.year,
        "org": ws.organization.name,
        "reviewer": {"name": reviewer.name, "unit": reviewer.unit, "specialty": reviewer.specialty or "—"},
        "criteria": [{"name": c.name, "max": f"{c.max:g}"} for c in policy.criteria],
        "total_max": f"{policy.total_max:g}",
        "method": policy.method_text(),
        "count": len(items),
        "applications": [_application(n, item) for n, item in enumerate(items, start=1)],
    }


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
    """Write every assigned reviewer's two forms; returns where they went."""
    root = ws.outbox / REVIEW_DIR
    template = checked_template(ws, DOCX_TEMPLATE)
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
        doc = DocxTemplate(str(template))
        doc.render(form_context(ws, reviewer, items, policy), autoescape=True)
        doc.save(str(docx_path))
        write_score_sheet(xlsx_path, locked_content(ws.year, reviewer, items, policy), policy)
        written.append(FormSet(reviewer, folder, docx_path, xlsx_path))
    return written
