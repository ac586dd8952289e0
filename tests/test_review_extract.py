"""Reading what comes back through the inbox: reviewer lists and score sheets, and telling them apart
from rosters and application forms."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from extractors.context import ExtractContext
from extractors.errors import ExtractionError
from extractors.kinds.reviewers import extract_reviewer_list, looks_like_reviewer_list
from extractors.kinds.score_sheet import extract_score_sheet, looks_like_score_sheet
from extractors.readers import read
from jiangxin.core import sheet_layout as L
from jiangxin.core.records import ReviewerList, ScoreSheet
from jiangxin.examples.people import NamePool
from jiangxin.examples.rosters import random_roster, render_roster
from jiangxin.review.examples import random_reviewers
from jiangxin.review.policy_view import load_review_policy
from reports.render.review_forms import write_reviewer_list
from reports.render.score_sheet import write_score_sheet
from reports.render.xlsx import write_table

CTX = ExtractContext(year=2025)


def test_reviewer_list_round_trip(tmp_path: Path) -> None:
    rng = random.Random(3)
    listing = random_reviewers(rng, NamePool(rng), 12)
    path = write_reviewer_list(listing, tmp_path / "专家.xlsx", 2025)
    doc = read(path, "xlsx")
    assert looks_like_reviewer_list(doc) and not looks_like_score_sheet(doc)
    result = extract_reviewer_list(doc, CTX)
    assert isinstance(result.record, ReviewerList)
    assert result.record == listing and result.warnings == []


def test_reviewer_list_odd_rows_warned(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    write_table(ws, ["专家姓名", "工作单位", "专业领域", "专家类别", "联系电话"], [
        ["张　三", "国网兰州供电公司", "变电", "外聘", "13800000000"],
        ["合计3人", "", "", "", ""],
        ["李四", "", "输电", "内部", ""],
        ["张三", "国网兰州供电公司", "变电", "外聘", ""],
        ["王五", "国网瓜州县供电公司", "配电", "待定", ""],
    ])  # fmt: skip
    wb.save(tmp_path / "名单.xlsx")
    doc = read(tmp_path / "名单.xlsx", "xlsx")
    assert looks_like_reviewer_list(doc)
    result = extract_reviewer_list(doc, CTX)
    record = result.record
    assert isinstance(record, ReviewerList)
    assert [(r.name, r.unit, r.internal) for r in record.reviewers] == [
        ("张三", "国网兰州供电公司", False), ("李四", None, True), ("王五", "国网瓜州县供电公司", None)]  # fmt: skip
    joined = "\n".join(w.readable for w in result.warnings)
    assert "合计3人" in joined and "未填写单位" in joined and "重复" in joined and "待定" in joined


def test_roster_is_not_a_reviewer_list(tmp_path: Path) -> None:
    rng = random.Random(5)
    roster = random_roster(rng, NamePool(rng), 20)
    render_roster(roster, tmp_path / "花名册.xlsx", rng)
    doc = read(tmp_path / "花名册.xlsx", "xlsx")
    assert not looks_like_reviewer_list(doc) and not looks_like_score_sheet(doc)


def test_application_is_not_a_score_sheet(samples: Path) -> None:
    for path in samples.glob("*.docx"):
        doc = read(path, "docx")
        assert not looks_like_score_sheet(doc) and not looks_like_reviewer_list(doc), path.name


def _sheet(tmp_path: Path) -> Path:
    policy = load_review_policy(None)
    content = L.LockedContent(
        2025, "张三", "国网兰州供电公司", tuple((c.name, c.max) for c in policy.criteria),
        (L.LockedRow(7, "=SUM(A1) 名称", "国网瓜州县供电公司", "小发明", "李四、王五"),),
    )  # fmt: skip
    path = tmp_path / "评分表.xlsx"
    write_score_sheet(path, content, policy)
    return path


def test_untouched_sheet_reads_clean_even_with_formula_like_text(tmp_path: Path) -> None:
    path = _sheet(tmp_path)
    wb = openpyxl.load_workbook(path)
    for col, value in zip(range(6, 11), (28, 20.5, "不适用", 12, 9), strict=True):
        wb[L.SHEET].cell(row=L.FIRST_ROW, column=col).value = value
    wb.save(path)
    doc = read(path, "xlsx")
    assert looks_like_score_sheet(doc)
    sheet = extract_score_sheet(doc, CTX).record
    assert isinstance(sheet, ScoreSheet) and sheet.problems == []
    assert sheet.rows[0].application_id == 7 and sheet.rows[0].title == "=SUM(A1) 名称"
    assert sheet.rows[0].scores == {
        "创新性": 28,
        "实用性": 20.5,
        "经济效益": None,
        "推广价值": 12,
        "材料规范": 9,
    }


def test_tampered_check_copy_and_missing_check(tmp_path: Path) -> None:
    path = _sheet(tmp_path)
    wb = openpyxl.load_workbook(path)
    check = wb[L.CHECK_SHEET]
    check.cell(row=2, column=2).value = str(check.cell(row=2, column=2).value).replace("李四", "赵六")
    wb.save(path)
    problems = extract_score_sheet(read(path, "xlsx"), CTX).record.problems  # type: ignore[attr-defined]
    assert any("校验信息被改动" in p for p in problems)
    assert any("主要完成人" in p and "赵六" in p for p in problems)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb[L.CHECK_SHEET])
    wb.save(path)
    doc = read(path, "xlsx")
    assert looks_like_score_sheet(doc)
    sheet = extract_score_sheet(doc, CTX).record
    assert isinstance(sheet, ScoreSheet) and sheet.reviewer == "张三"
    assert any("缺少校验信息" in p for p in sheet.problems) and sheet.rows[0].application_id == 7


def test_a_row_added_below_is_reported(tmp_path: Path) -> None:
    path = _sheet(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[L.SHEET].cell(row=L.FIRST_ROW + 1, column=2).value = "自己加的成果"
    wb.save(path)
    problems = extract_score_sheet(read(path, "xlsx"), CTX).record.problems  # type: ignore[attr-defined]
    assert any("多出内容" in p and "自己加的成果" in p for p in problems)


def test_sheet_without_reviewer_is_refused(tmp_path: Path) -> None:
    path = _sheet(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb[L.CHECK_SHEET])
    wb[L.SHEET].cell(row=L.REVIEWER_ROW, column=2).value = None
    wb.save(path)
    with pytest.raises(ExtractionError):
        extract_score_sheet(read(path, "xlsx"), CTX)
