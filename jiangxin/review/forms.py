"""What each reviewer's forms in `outbox/评审/<reviewer>/` hold: the Word 评审打分表 and the locked part
of the xlsx score sheet (`reports.render.review_forms` writes them)."""

from __future__ import annotations

from typing import Any

from ..core import sheet_layout as L
from ..workspace import Workspace
from .items import Item, Reviewer
from .policy_view import ReviewPolicy

DOCX_TEMPLATE = "评审打分表.docx"
REVIEW_DIR = "评审"
DOCX_PREFIX = "评审打分表-"
XLSX_PREFIX = "评分表-"
EXCERPT = 300


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


def locked_content(year: int, reviewer: Reviewer, items: list[Item], policy: ReviewPolicy) -> L.LockedContent:
    """What the reviewer's score sheet locks: the applications and the criteria with their maxima."""
    rows = tuple(
        L.LockedRow(
            application_id=i.id,
            title=i.title,
            unit=i.unit,
            category=i.application.category or "",
            members="、".join(i.member_names),
        )
        for i in items
    )
    criteria = tuple((c.name, c.max) for c in policy.criteria)
    return L.LockedContent(year, reviewer.name, reviewer.unit, criteria, rows)
