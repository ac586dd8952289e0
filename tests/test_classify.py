"""The kind of a document comes from its content: structure first, loose words second."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as WordDocument

from extractors import extract_file
from extractors.classify import classify, scores
from extractors.readers import read

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def _manifest() -> list[tuple[str, str]]:
    if not SAMPLES.is_dir():
        return []
    files = json.loads((SAMPLES / "manifest.json").read_text("utf-8"))["files"]
    return [(f["file"], f["kind"]) for f in files]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples 不存在")
@pytest.mark.parametrize(("name", "kind"), _manifest())
def test_samples_are_classified_by_content(name: str, kind: str) -> None:
    path = SAMPLES / name
    doc = read(path, path.suffix[1:])
    assert classify(doc) == kind


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_notice_that_talks_about_applications_is_a_result_sheet(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("关于公布2025年度职工技术创新成果评审结果的通报")
    doc.add_paragraph("各单位：")
    doc.add_paragraph("各单位共报送申报书56份，成果名称、申报单位、主要完成人、创新点等内容填写规范。")
    doc.add_paragraph("请各单位做好下一年度成果申报工作，申报表按附件格式填写，单位意见须加盖公章。")
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["成果名称", "完成单位", "主要完成人", "等级"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells,
        ["配电房环境智能监控系统", "国网玉门市供电公司", "卢颖、史明辉", "二等奖"],
        strict=True,
    ):
        cell.text = text
    doc.save(str(tmp_path / "n.docx"))
    parsed = read(tmp_path / "n.docx", "docx")
    assert classify(parsed) == "result_sheet"
    assert scores(parsed)["application"] > 0  # the words were seen, the structure decided


def test_roster_with_an_awards_column_stays_a_roster(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "r.xlsx",
        [
            ["员工编号", "姓名", "单位", "岗位", "获奖情况", "在职状态"],
            ["62100001", "张伟", "变电运维中心", "技术专责", "2024年获省公司技能竞赛个人一等奖", "在职"],
            ["62100002", "李强", "营销服务中心", "营销专责", "二等奖", "在职"],
        ],
    )
    assert classify(read(path, "xlsx")) == "roster"


def test_untitled_list_is_known_by_its_header(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "l.xlsx", [["序号", "姓名", "所在单位", "等次"], [1, "张伟", "国网兰州供电公司", "二等奖"]]
    )
    assert classify(read(path, "xlsx")) == "result_sheet"
    path = _xlsx(
        tmp_path / "p.xlsx", [["工号", "姓名", "部门", "状态"], ["62100001", "张伟", "配电运检室", "在职"]]
    )
    assert classify(read(path, "xlsx")) == "roster"


def test_unrecognised_document_is_unknown_kind_with_its_first_lines(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("关于召开2025年安全生产工作会议的通知")
    doc.add_paragraph("各单位：定于6月10日召开安全生产工作会议，请准时参加。")
    doc.save(str(tmp_path / "m.docx"))
    out = extract_file(tmp_path / "m.docx").to_json()
    assert out["error"] == "unknown_kind"
    assert "安全生产工作会议" in out["message"]
    # a workbook of notes only: no list, no award, no roster
    notes = _xlsx(tmp_path / "notes.xlsx", [["说明："], ["1．成绩由理论考试和技能操作两部分组成。"]])
    assert extract_file(notes).to_json()["error"] == "unknown_kind"


def test_review_files_are_told_apart_from_lists_and_rosters(tmp_path: Path) -> None:
    import random

    from jiangxin.core import sheet_layout as layout
    from jiangxin.examples.people import NamePool
    from jiangxin.review.examples import random_reviewers
    from jiangxin.review.policy_view import load_review_policy
    from reports.render.review_forms import write_reviewer_list
    from reports.render.score_sheet import write_score_sheet

    rng = random.Random(5)
    reviewers = write_reviewer_list(
        random_reviewers(rng, NamePool(rng), 8), tmp_path / "评审专家名单.xlsx", 2025
    )
    assert classify(read(reviewers, "xlsx")) == "reviewers"
    policy = load_review_policy(None)
    content = layout.LockedContent(
        2025, "张三", "国网兰州供电公司", tuple((c.name, c.max) for c in policy.criteria),
        (layout.LockedRow(7, "配电房环境智能监控系统", "国网玉门市供电公司", "小发明", "卢颖、史明辉"),),
    )  # fmt: skip
    write_score_sheet(tmp_path / "评分表.xlsx", content, policy)
    assert classify(read(tmp_path / "评分表.xlsx", "xlsx")) == "score_sheet"


def test_form_labels_come_from_labels_toml(tmp_path: Path) -> None:
    """A form written only with less common labels listed in labels.toml is an application, and the
    reasons name the labels it was recognised by."""
    import tomllib

    from extractors.classify import decide, form_labels

    data = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "extractors" / "labels.toml").read_text("utf-8")
    )
    assert "主创人员" in data["application"]["members"] and "研制时间" in data["application"]["completed_on"]
    assert {"主创人员", "研制时间", "创新内容"} <= form_labels()
    doc = WordDocument()
    doc.add_paragraph("国网酒泉供电公司")
    table = doc.add_table(rows=0, cols=2)
    for label, value in (
        ("创新成果名称", "一种配电柜防凝露加热装置"),
        ("主创人员", "尹晓梅、左静"),
        ("研制时间", "2025年3月"),
        ("创新内容", "加热与除湿联动。"),
        ("推广应用前景", "可在全市推广。"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.save(str(tmp_path / "form.docx"))
    decision = decide(read(tmp_path / "form.docx", "docx"))
    assert decision.kind == "application"
    assert any("主创人员" in r and "研制时间" in r for r in decision.reasons)


def test_a_file_with_too_little_evidence_is_refused_with_what_each_kind_scored(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("会议纪要")
    doc.add_paragraph("本次会议讨论了明年的工作安排。")
    doc.save(str(tmp_path / "memo.docx"))
    out = extract_file(tmp_path / "memo.docx").to_json()
    assert out["error"] == "unknown_kind"
    assert out["kind_reasons"] and "证据不足" in out["kind_reasons"][0]
