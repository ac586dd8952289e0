"""Reviewer forms: Word and Excel forms open with the right pre-filled values, locks, validation and
formula; names cannot write outside the outbox; user text never becomes a formula."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment

from jiangxin.core import sheet_layout as L
from jiangxin.core.records import Application, Person
from jiangxin.review.assign import assign
from jiangxin.review.conflicts import find_conflicts
from jiangxin.review.filenames import UnsafePathError, distinct_names, inside, safe_name
from jiangxin.review.forms import form_context
from jiangxin.review.items import Item, Reviewer
from jiangxin.review.policy_view import load_review_policy
from jiangxin.workspace import Workspace
from reports.render.docx import template_path
from reports.render.review_forms import write_forms
from reports.template_check import used_fields

EVIL_NAMES = ["../../逃逸", "a/b\\c", "..", "CON", "张三:?*", " .隐藏", '=HYPERLINK("x")']


def _items() -> list[Item]:
    apps = [
        Application(title="=1+1 公式样的名称", unit="国网瓜州县供电公司", category="小发明", specialty="变电",
                    members=[Person(name="@李四"), Person(name="王五")], summary="简介" * 400,
                    innovations="+创新点", economic_benefit_wan=12.5, patents=["ZL201710601862.3"]),
        Application(title="配网故障定位装置", unit="-国网敦煌市供电公司", members=[Person(name="赵六")]),
    ]  # fmt: skip
    return [Item(10 + n, a) for n, a in enumerate(apps)]


@pytest.fixture
def written(workspace: Workspace) -> tuple[Workspace, list, list[Item]]:  # type: ignore[type-arg]
    policy = load_review_policy(None)
    reviewers = [Reviewer(n, f"外单位{i}") for i, n in enumerate(EVIL_NAMES)] + [Reviewer("张伟", "外单位甲")]
    items = _items()
    # every reviewer scores every application, so each form holds both
    result = assign(
        reviewers, items, find_conflicts(workspace.organization, reviewers, items), len(reviewers)
    )
    return workspace, write_forms(workspace, result, policy), items


def test_names_never_leave_the_outbox(written: tuple[Workspace, list, list[Item]]) -> None:  # type: ignore[type-arg]
    ws, forms, _ = written
    root = (ws.outbox / "评审").resolve()
    for f in forms:
        for path in (f.folder, f.docx, f.xlsx):
            assert root in path.resolve().parents
            assert path.exists()
    every = [p for p in ws.root.rglob("*") if p.is_file()]
    outside = [
        p
        for p in every
        if not p.resolve().is_relative_to(ws.outbox.resolve()) and p.suffix in (".docx", ".xlsx")
    ]
    assert [p.name for p in outside if p.name != "回避声明.xlsx"] == []


def test_safe_names() -> None:
    for name in EVIL_NAMES:
        safe = safe_name(name)
        assert "/" not in safe and "\\" not in safe and ".." not in safe and safe not in ("", ".", "..")
        assert not safe.startswith(".")
    assert safe_name("CON").upper() != "CON"
    with pytest.raises(UnsafePathError):
        inside(Path("/tmp/x"), "..")
    with pytest.raises(UnsafePathError):
        inside(Path("/tmp/x"), "a/../../b")
    folders = distinct_names([("张伟", "甲公司"), ("张伟", "乙公司"), ("李娜", "甲公司")])
    assert len(set(folders.values())) == 3 and folders[("李娜", "甲公司")] == "李娜"


def test_xlsx_prefilled_locked_validated(written: tuple[Workspace, list, list[Item]]) -> None:  # type: ignore[type-arg]
    _, forms, items = written
    policy = load_review_policy(None)
    form = next(f for f in forms if f.reviewer.name == "张伟")
    wb = openpyxl.load_workbook(form.xlsx)
    sheet = wb[L.SHEET]
    assert sheet.protection.sheet is True
    assert wb.security is not None and wb.security.lockStructure
    assert sheet.cell(row=L.REVIEWER_ROW, column=2).value == "张伟"
    headers = [sheet.cell(row=L.HEADER_ROW, column=c).value for c in range(1, sheet.max_column + 1)]
    assert headers == L.headers([(c.name, c.max) for c in policy.criteria])
    first_score, last_score = len(L.FIXED_HEADERS) + 1, len(L.FIXED_HEADERS) + len(policy.criteria)
    for n, it in enumerate(items):
        r = L.FIRST_ROW + n
        row = [sheet.cell(row=r, column=c) for c in range(1, sheet.max_column + 1)]
        assert [c.value or "" for c in row[:5]] == [str(it.id), it.title, it.unit, it.application.category or "",
                                               "、".join(it.member_names)]  # fmt: skip
        # user text that looks like a formula is stored as text
        assert all(c.data_type == "s" for c in row[:5] if c.value)
        assert all(c.protection.locked for c in row[:5]) and row[-1].protection.locked
        assert not any(c.protection.locked for c in row[first_score - 1 : last_score])
        total = row[-1]
        assert total.data_type == "f" and f"SUM(F{r}:J{r})" in str(total.value)
    assert sheet.cell(row=L.FIRST_ROW, column=2).value.startswith("=")
    ranges = {
        str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2)
        for dv in sheet.data_validations.dataValidation
    }
    for k, c in enumerate(policy.criteria):
        letter = openpyxl.utils.get_column_letter(first_score + k)
        top = f"{letter}{L.FIRST_ROW}"
        # a number from 0 to the maximum, or the word the note allows for "does not apply"
        assert ranges[f"{top}:{letter}{L.FIRST_ROW + len(items) - 1}"] == (
            "custom",
            None,
            f'OR(AND(ISNUMBER({top}),{top}>=0,{top}<={c.max:g}),TRIM({top})="{L.NOT_APPLICABLE_WORD}")',
            None,
        )
    check = wb[L.CHECK_SHEET]
    assert check.sheet_state == "veryHidden"
    content = L.LockedContent.from_json(check.cell(row=2, column=2).value)
    assert check.cell(row=3, column=2).value == L.digest(check.cell(row=2, column=2).value)
    assert [r.title for r in content.rows] == [i.title for i in items] and content.reviewer == "张伟"


def test_docx_prefilled(written: tuple[Workspace, list, list[Item]]) -> None:  # type: ignore[type-arg]
    _, forms, items = written
    form = next(f for f in forms if f.reviewer.name == "张伟")
    document = docx.Document(str(form.docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2025年度职工技术创新成果评审打分表" in text and "评审专家：张伟" in text
    for it in items:
        assert f"{it.title}（编号 {it.id}）" in text
    assert (
        "@李四、王五" in cells and "12.5 万元" in cells and "ZL201710601862.3" in cells and "+创新点" in cells
    )
    summary = next(c for c in cells if c.startswith("简介"))
    assert summary.endswith("……") and len(summary) < len("简介" * 400)
    # the criteria table of each application: empty score cells, the policy's maxima, the total
    score_tables = [t for t in document.tables if t.rows[0].cells[0].text == "评分项目"]
    assert len(score_tables) == len(items)
    policy = load_review_policy(None)
    rows = [[c.text for c in row.cells] for row in score_tables[0].rows]
    assert rows[1:] == [[c.name, f"{c.max:g}", ""] for c in policy.criteria] + [
        ["合计", f"{policy.total_max:g}", ""]
    ]


def test_template_uses_only_context_fields(workspace: Workspace) -> None:
    policy = load_review_policy(None)
    context = form_context(workspace, Reviewer("张伟", "外单位"), _items(), policy)
    _, broken = used_fields(
        DocxTemplate(str(template_path(workspace.templates_dir, "评审打分表.docx"))), context, Environment()
    )
    assert broken == []
