"""Documents laid out as other organisations lay them out: lists typed as aligned lines, system exports,
numbered name columns, labels stacked over values, members as labelled lines, a blank list template.

Each is written here (python-docx, openpyxl; a PDF print through LibreOffice) in a shape of its own,
not the benchmark's (`benchmarks/stranger.py` measures the wider set).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook

from extractors import extract_file
from extractors.readers import read
from jiangxin.core.office import convert_many

from .support.documents import word


def _record(path: Path) -> dict[str, Any]:
    got = extract_file(path)
    assert got.error is None, got.message
    return got.record.to_json()  # type: ignore[no-any-return]


def _awards(rec: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(a["level"], a["scope"], a["names"], a["unit"], a["title"]) for a in rec["awards"]]


# a decision whose list is typed as tab-aligned lines under level headings
ALIGNED_DECISION = [
    "关于表彰2023年度班组创新成果的决定",
    "经评审，决定对以下成果予以表彰。",
    "特等奖（1项）",
    "序号\t成果名称\t完成单位\t完成人",
    "1\t高压验电器延伸杆\t红山供电公司\t米兰、乔木",
    "优秀奖（2项）",
    "2\t开关柜测温贴片\t绿洲供电公司\t常青",
    "3\t线路通道树障测距仪\t红山供电公司\t方正、左岸",
    "2023年12月8日",
]


def _aligned_decision(path: Path) -> None:
    word(path, ALIGNED_DECISION)


ALIGNED_AWARDS = [
    ("特等奖", "achievement", ["米兰", "乔木"], "红山供电公司", "高压验电器延伸杆"),
    ("优秀奖", "achievement", ["常青"], "绿洲供电公司", "开关柜测温贴片"),
    ("优秀奖", "achievement", ["方正", "左岸"], "红山供电公司", "线路通道树障测距仪"),
]


def test_list_typed_as_tab_aligned_lines_with_level_headings(tmp_path: Path) -> None:
    path = tmp_path / "决定.docx"
    _aligned_decision(path)
    rec = _record(path)
    assert rec["kind"] == "result_sheet"
    assert rec["event"] == "2023年度班组创新成果"
    assert rec["date"] == "2023-12-08"
    assert _awards(rec) == ALIGNED_AWARDS


@pytest.mark.soffice
def test_list_typed_as_aligned_lines_printed_without_ruling_lines(tmp_path: Path) -> None:
    src = tmp_path / "决定.docx"
    _aligned_decision(src)
    (pdf,) = convert_many([src], "pdf", tmp_path / "pdf")
    assert _awards(_record(pdf)) == ALIGNED_AWARDS


def test_form_lines_with_wide_spaces_stay_paragraphs(tmp_path: Path) -> None:
    """'姓名：…　　性别：…' lines of a form are not a list."""
    lines = [
        "职工技术创新成果申报书",
        "成果名称：配网故障快速定位装置　　完成时间：2024年6月",
        "申报单位：临江供电公司　　专业：配电　　联系电话：12345678",
        "完成人：古月　　单位：临江供电公司　　职称：工程师",
    ]
    path = word(tmp_path / "申报书.docx", lines)
    assert not list(read(path, "docx").tables())


def test_system_export_named_by_its_sheet_with_a_date_and_numbered_name_columns(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2023年营销服务技能比武"
    ws.append(["xh", "cy1", "cy2", "dwmc", "jx", "hjrq"])
    ws.append(["1", "白杨", "林海", "草原供电公司", "一等奖", "2023-08-01"])
    ws.append(["2", "高山", "", "戈壁供电公司", "二等奖", "2023-08-01"])
    path = tmp_path / "export.xlsx"
    wb.save(str(path))
    rec = _record(path)
    assert rec["event"] == "2023年营销服务技能比武"
    # unfamiliar headers: columns typed by content; the date column is not a title
    assert all(a["title"] is None for a in rec["awards"])
    assert [a["unit"] for a in rec["awards"]] == ["草原供电公司", "戈壁供电公司"]

    wb = Workbook()
    ws = wb.active
    ws.append(["2023年QC成果发布结果"])
    ws.append(["序号", "课题名称", "完成单位", "成员1", "成员2", "成员3", "获奖等级"])
    ws.append([1, "降低计量差错率", "草原供电公司", "白杨", "林海", "高山", "一等奖"])
    path = tmp_path / "numbered.xlsx"
    wb.save(str(path))
    rec = _record(path)
    assert rec["event"] == "2023年QC成果发布"
    assert _awards(rec) == [
        ("一等奖", "achievement", ["白杨", "林海", "高山"], "草原供电公司", "降低计量差错率")
    ]


def test_blank_list_template_gives_no_award(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["创新成果获奖名单（样表）"])
    ws.append(["序号", "成果名称", "完成单位", "完成人", "奖项"])
    for i in range(1, 4):
        ws.append([i, "【成果名称】", "【单位名称】", "[姓名]", "XXX"])
    path = tmp_path / "样表.xlsx"
    wb.save(str(path))
    rec = _record(path)
    assert rec["awards"] == []
    assert rec["event"] == "创新成果"


def test_labels_over_values_and_members_as_labelled_lines(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("合理化建议及小改小革申报表")
    table = doc.add_table(rows=6, cols=3)
    rows = [
        ["项目名称", "申报单位", "完成时间"],
        ["电缆沟盖板起吊器", "临江供电公司运检部", "2024年7月"],
        ["主要完成人", "", ""],
        [
            "姓名：欧阳春　单位：临江供电公司运检部　职务：班长\n姓名：贝贝　单位：临江供电公司物资部　职称：助理工程师",
            "",
            "",
        ],
        ["单位意见", "同意推荐", ""],
        ["经济效益", "约3.2万元/年", ""],
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r in (2, 3):
        keep = table.cell(r, 0).text
        table.cell(r, 0).merge(table.cell(r, 2)).text = keep
    path = tmp_path / "申报表.docx"
    doc.save(str(path))
    rec = _record(path)
    assert rec["kind"] == "application"
    assert (rec["title"], rec["unit"], rec["completed_on"]) == (
        "电缆沟盖板起吊器",
        "临江供电公司运检部",
        "2024-07",
    )
    assert [(m["name"], m["unit"], m["title"]) for m in rec["members"]] == [
        ("欧阳春", "临江供电公司运检部", "班长"),
        ("贝贝", "临江供电公司物资部", "助理工程师"),
    ]
    assert rec["economic_benefit_wan"] == 3.2
    assert rec["unit_endorsed"] is True
