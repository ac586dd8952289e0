"""Outcome lists (立项, 入驻, 参展, 推选, 优秀成果 …) and the notices around them, each written here as a
Word file or workbook in shapes the shared corpora do not have: the outcome stated only in the title
or in section headings, unit and people columns under other words and in other orders, a leader
listed apart from the team, template rows, unfamiliar headers, tiers stated in words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as WordDocument
from typer.testing import CliRunner

from extractors import extract_file
from jiangxin.cli import app

from .support.documents import word

# one achievement per row: (title, unit, leader, team)
ROWS = [
    ("一种配电柜防凝露加热装置", "国网武威供电公司", "尹晓梅", ["左静", "邹志军"]),
    ("变电站巡检机器人充电桩定位方法", "国网酒泉供电公司变电运维中心", "邵宏伟", ["汤雅楠"]),
    ("配网故障抢修工单智能派发系统", "国网定西供电公司", "徐晨", ["方成", "蒋国庆", "王长青"]),
]


def _record(path: Path) -> dict[str, Any]:
    out = extract_file(path).to_json()
    assert out.get("kind") == "result_sheet", out
    assert out["kind_reasons"], "the kind is explained"
    return out


def _keys(awards: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(a["level"], a["scope"], a["names"], a["unit"], a["title"]) for a in awards]


FRAME = ["国网甘肃省电力公司工会文件", "甘电工〔2026〕3号"]
SIGNED = ["国网甘肃省电力公司工会", "2026年2月9日"]


@pytest.mark.parametrize(
    ("title", "annex", "outcome", "event"),
    [
        (
            "关于下达2026年国网甘肃省电力公司职工创新“揭榜挂帅”项目立项计划的通知",
            "2026年国网甘肃省电力公司职工创新“揭榜挂帅”项目立项名单",
            "立项",
            "2026年国网甘肃省电力公司职工创新“揭榜挂帅”项目",
        ),
        (
            "关于公布国网甘肃省电力公司劳模创新工作室第四批入驻项目的通知",
            "国网甘肃省电力公司劳模创新工作室第四批入驻项目入驻名单",
            "入驻",
            "国网甘肃省电力公司劳模创新工作室第四批入驻项目",
        ),
        (
            "关于公布2026年全国职工创新成果博览会参展项目的通知",
            "2026年全国职工创新成果博览会参展项目名单",
            "参展",
            "2026年全国职工创新成果博览会",
        ),
        (
            "关于推选2026年全国能源化学地质系统优秀职工技术创新成果的通知",
            "2026年全国能源化学地质系统优秀职工技术创新成果推选名单",
            "推选",
            "2026年全国能源化学地质系统优秀职工技术创新成果",
        ),
    ],
)
def test_outcome_stated_only_in_the_title(
    tmp_path: Path, title: str, annex: str, outcome: str, event: str
) -> None:
    # columns in an order no corpus uses, under other words: the team before the leader
    columns = ["团队成员", "项目名称", "项目负责人", "承担单位", "序号"]
    rows = [["、".join(team), t, leader, unit, str(i + 1)] for i, (t, unit, leader, team) in enumerate(ROWS)]
    head = [*FRAME, title, "各有关单位：", "经研究，现将有关名单予以公布。", *SIGNED, "附件", annex]
    record = _record(word(tmp_path / "n.docx", head, [(None, columns, rows)]))
    assert record["event"] == event
    assert record["organizer"] == "国网甘肃省电力公司工会"
    assert record["date"] == "2026-02-09"
    assert _keys(record["awards"]) == [
        (outcome, "achievement", [leader, *team], unit, t) for t, unit, leader, team in ROWS
    ]


def test_section_headings_set_the_outcome_of_the_rows_under_them(tmp_path: Path) -> None:
    head = [*FRAME, "关于公布2026年职工创新成果年度评审结果的通知", "各有关单位：", *SIGNED]
    columns = ["序号", "课题名称", "揭榜单位", "负责人", "课题组成员"]
    first = [["1", *ROWS[0][:3], "、".join(ROWS[0][3])]]
    second = [
        [str(i + 1), t, unit, leader, "，".join(team)] for i, (t, unit, leader, team) in enumerate(ROWS[1:])
    ]
    record = _record(
        word(
            tmp_path / "sections.docx",
            head,
            [("一、优秀成果（1项）", columns, first), ("二、重点孵化课题（2项）", columns, second)],
        )
    )
    assert record["event"] == "2026年职工创新成果年度评审"
    levels = ["优秀成果", "重点孵化课题", "重点孵化课题"]
    assert _keys(record["awards"]) == [
        (level, "achievement", [leader, *team], unit, t)
        for level, (t, unit, leader, team) in zip(levels, ROWS, strict=True)
    ]


def test_captain_and_team_members_with_a_prize_column(tmp_path: Path) -> None:
    columns = ["奖项", "队员", "队长", "获奖学校"]
    rows = [
        ["团体一等奖", "李强、王芳", "张伟", "甘肃电力职业技术学院"],
        ["团体二等奖", "孙丽", "赵敏", "兰州资源环境职业技术大学"],
    ]
    record = _record(
        word(tmp_path / "teams.docx", ["2026年电力职业院校技能大赛获奖名单"], [(None, columns, rows)])
    )
    assert record["event"] == "2026年电力职业院校技能大赛"
    assert _keys(record["awards"]) == [
        ("一等奖", "team", ["张伟", "李强", "王芳"], "甘肃电力职业技术学院", None),
        ("二等奖", "team", ["赵敏", "孙丽"], "兰州资源环境职业技术大学", None),
    ]


def test_a_row_of_template_text_is_never_an_award(tmp_path: Path) -> None:
    columns = ["序号", "成果名称", "完成单位", "主要完成人", "等级"]
    rows = [
        ["1", ROWS[0][0], ROWS[0][1], "尹晓梅、[姓名]", "一等奖"],
        ["2", "[成果名称]", "【单位名称】", "[姓名]", "二等奖"],
        ["3", "XXX", "×××", "某某某", "三等奖"],
    ]
    record = _record(
        word(tmp_path / "template.docx", ["2026年XX公司五小创新成果获奖名单"], [(None, columns, rows)])
    )
    assert _keys(record["awards"]) == [("一等奖", "achievement", ["尹晓梅"], ROWS[0][1], ROWS[0][0])]


@pytest.mark.parametrize(
    ("stated", "tier"),
    [
        ("（行业级）", "行业级"),
        ("（省级）", "省部级"),
        ("（省公司级）", "地市级"),
        ("奖项级别：国家级", "国家级"),
    ],
)
def test_tier_stated_in_words_under_the_title(tmp_path: Path, stated: str, tier: str) -> None:
    columns = ["序号", "成果名称", "完成单位", "主要完成人", "等级"]
    rows = [["1", ROWS[0][0], ROWS[0][1], ROWS[0][2], "一等奖"]]
    head = ["关于表彰2026年度职工技术创新成果的决定", stated, "各有关单位："]
    record = _record(word(tmp_path / "tier.docx", head, [(None, columns, rows)]))
    assert record["tier"] == tier
    assert record["event"] == "2026年度职工技术创新成果"


def test_workbook_read_sheet_by_sheet_with_an_unfamiliar_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表由竞赛组委会办公室编制，如有疑问请联系竞赛组。"])
    teams = wb.create_sheet("团体")
    teams.append(["2026年国网甘肃省电力公司配网带电作业技能竞赛获奖名单"])
    teams.merge_cells("A1:D1")
    teams.append(["序号", "参赛单位", "队员", "奖项"])
    teams.append([1, "国网兰州供电公司", "张伟、李强、王芳", "团体一等奖"])
    teams.append([2, "国网酒泉供电公司", "赵敏、孙丽、周杰", "团体二等奖"])
    people = wb.create_sheet("个人")
    # none of these header words is a known column name: the cells tell the columns
    people.append(["职工名字", "所属基层单位", "获得奖项", "分数"])
    people.append(["陈晓东", "国网天水供电公司变电运维中心", "一等奖", 95.5])
    people.append(["刘洋", "国网酒泉供电公司输电运检中心", "二等奖", 90])
    people.append(["马小红", "酒泉钢铁（集团）有限责任公司", "三等奖", 88])
    wb.save(tmp_path / "multi.xlsx")
    record = _record(tmp_path / "multi.xlsx")
    assert record["event"] == "2026年国网甘肃省电力公司配网带电作业技能竞赛"
    assert _keys(record["awards"]) == [
        ("一等奖", "team", ["张伟", "李强", "王芳"], "国网兰州供电公司", None),
        ("二等奖", "team", ["赵敏", "孙丽", "周杰"], "国网酒泉供电公司", None),
        ("一等奖", "individual", ["陈晓东"], "国网天水供电公司变电运维中心", None),
        ("二等奖", "individual", ["刘洋"], "国网酒泉供电公司输电运检中心", None),
        ("三等奖", "individual", ["马小红"], "酒泉钢铁（集团）有限责任公司", None),
    ]


def test_notice_with_a_document_number_and_a_form_like_table_is_a_result_sheet(tmp_path: Path) -> None:
    """A 通知 whose annex is laid out like a form (label cells beside values) is still a notice."""
    doc = WordDocument()
    for text in [
        *FRAME,
        "关于下达2026年职工创新项目立项计划的通知",
        "各有关单位：",
        "经评审，同意立项。",
        *SIGNED,
    ]:
        doc.add_paragraph(text)
    doc.add_paragraph("附件：2026年职工创新项目立项名单")
    table = doc.add_table(rows=0, cols=4)
    for labels in (
        ["成果名称", ROWS[0][0], "申报单位", ROWS[0][1]],
        ["项目负责人", ROWS[0][2], "完成时间", "2026年6月"],
    ):
        for cell, text in zip(table.add_row().cells, labels, strict=True):
            cell.text = text
    row = table.add_row().cells
    row[0].text, row[1].text = "主要完成人", "、".join(ROWS[0][3])
    row = table.add_row().cells
    row[0].text, row[1].text = "成果简介", "针对配电柜凝露问题，研制加热除湿装置。"
    doc.save(str(tmp_path / "form-like.docx"))
    out = extract_file(tmp_path / "form-like.docx").to_json()
    assert out["kind"] == "result_sheet"
    reasons = "\n".join(out["kind_reasons"])
    assert "甘电工〔2026〕3号" in reasons and "公文" in reasons
    assert out["event"] == "2026年职工创新项目"


def test_extract_json_says_why_each_kind(tmp_path: Path) -> None:
    columns = ["序号", "成果名称", "完成单位", "主要完成人", "等级"]
    rows = [["1", ROWS[0][0], ROWS[0][1], ROWS[0][2], "一等奖"]]
    path = word(tmp_path / "list.docx", ["2026年XX公司五小创新成果获奖名单"], [(None, columns, rows)])
    result = CliRunner().invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.splitlines()[0])
    assert line["kind"] == "result_sheet"
    assert any("获奖名单" in r for r in line["kind_reasons"])


def test_outcome_list_with_unfamiliar_header_words(tmp_path: Path) -> None:
    """No header word is known and no column holds a level: the title's 入驻 and the cells suffice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["国网甘肃省电力公司职工创新工作室第三批入驻名单"])
    ws.merge_cells("A1:D1")
    ws.append(["No.", "课题", "依托单位", "成员"])
    for i, (title, unit, leader, team) in enumerate(ROWS):
        ws.append([i + 1, title, unit, "、".join([leader, *team])])
    wb.save(tmp_path / "settled.xlsx")
    record = _record(tmp_path / "settled.xlsx")
    assert record["event"] == "国网甘肃省电力公司职工创新工作室第三批"
    assert _keys(record["awards"]) == [
        ("入驻", "achievement", [leader, *team], unit, title) for title, unit, leader, team in ROWS
    ]
