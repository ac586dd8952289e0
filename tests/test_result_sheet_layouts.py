"""Result-list layouts one at a time, each a real workbook or Word file written here: header rows,
running numbers against ranks, teams one member per row, 落款 rows, notes sheets, others' winners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from docx import Document as WordDocument

from extractors import extract_file
from extractors.context import ExtractContext


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet(title)
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def _awards(path: Path, ctx: ExtractContext | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    out = extract_file(path, ctx).to_json()
    assert out.get("kind") == "result_sheet", out
    return out, out["awards"]


def test_header_low_with_other_names_in_any_order(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "list.xlsx",
        {
            "Sheet1": [
                ["2025年装表接电技能竞赛获奖人员名单"],
                ["（按获奖等级排列）"],
                [],
                [],
                ["获奖等级", "工作单位", "选手姓名", "序号"],
                ["个人一等奖", "国网张掖供电公司", "王　伟", 1],
                [],
                ["团体二等奖", "国网酒泉供电公司", "李明，赵晓燕、孙强", 2],
            ]
        },
        {"Sheet1": ["A1:D1", "A2:D2"]},
    )
    record, awards = _awards(path)
    assert record["event"] == "2025年装表接电技能竞赛"
    assert awards == [
        {
            "level": "一等奖",
            "scope": "individual",
            "names": ["王伟"],
            "unit": "国网张掖供电公司",
            "title": None,
        },
        {
            "level": "二等奖",
            "scope": "team",
            "names": ["李明", "赵晓燕", "孙强"],
            "unit": "国网酒泉供电公司",
            "title": None,
        },
    ]


def test_rank_column_that_numbers_organisations_is_a_running_number(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["XX竞赛获奖名单"], ["名次", "姓名", "单位", "奖项"]]
    rows += [[1, "张伟", "国网兰州供电公司", "一等奖"], [2, "李强", "国网白银供电公司", "二等奖"]]
    rows += [[3, None, "国网酒泉供电公司", "优秀组织奖"]]
    _, awards = _awards(_xlsx(tmp_path / "serial.xlsx", {"S": rows}))
    assert [a.get("rank") for a in awards] == [None, None, None]
    assert [a["scope"] for a in awards] == ["individual", "individual", "organization"]


def test_rank_and_grade_are_kept_apart(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["XX竞赛成绩"], ["名次", "姓名", "单位", "奖项", "荣誉称号"]]
    rows += [["第1名", "张伟", "国网兰州供电公司", "一等奖", "技术状元"]]
    rows += [[7, "李强", "国网白银供电公司", "", ""]]
    rows += [[None, None, "国网酒泉供电公司", "优秀组织奖", None]]
    _, awards = _awards(_xlsx(tmp_path / "ranked.xlsx", {"S": rows}))
    assert awards[0] == {
        "level": "一等奖",
        "scope": "individual",
        "names": ["张伟"],
        "unit": "国网兰州供电公司",
        "title": None,
        "rank": 1,
        "honours": ["技术状元"],
    }
    assert (awards[1]["level"], awards[1]["rank"]) == ("第7名", 7)  # a place without a grade
    assert "rank" not in awards[2]


def test_team_written_one_member_per_row(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["XX竞赛获奖名单"], ["序号", "姓名", "单位", "奖项"]]
    rows += [[1, "张伟", "国网兰州供电公司", "团体一等奖"], [None, "李强"], [None, "王芳"]]
    rows += [[2, "赵敏", "国网酒泉供电公司", "个人二等奖"]]
    path = _xlsx(tmp_path / "team.xlsx", {"S": rows}, {"S": ["A1:D1", "C3:C5", "D3:D5"]})
    _, awards = _awards(path)
    assert [(a["scope"], a["names"]) for a in awards] == [
        ("team", ["张伟", "李强", "王芳"]),
        ("individual", ["赵敏"]),
    ]


def test_signature_rows_and_notes_sheet_give_no_awards(tmp_path: Path) -> None:
    notes = [["说明："], ["1．成绩由理论考试和技能操作两部分组成。"], ["2．获奖名单自公布之日起生效。"]]
    rows: list[list[Any]] = [["XX竞赛获奖名单"], ["序号", "单位", "姓名", "奖项"]]
    rows += [[1, "国网兰州供电公司", "张伟", "一等奖"], ["二、优秀组织奖"], [2, "国网酒泉供电公司"]]
    rows += [[], [None, None, "国网甘肃省电力公司工会"], [None, None, "2025年5月8日"]]
    path = _xlsx(tmp_path / "signed.xlsx", {"说明": notes, "名单": rows}, {"名单": ["A1:D1", "A4:D4"]})
    record, awards = _awards(path)
    assert record["event"] == "XX竞赛"
    assert (record["organizer"], record["date"]) == ("国网甘肃省电力公司工会", "2025-05-08")
    assert [(a["level"], a["scope"], a["unit"]) for a in awards] == [
        ("一等奖", "individual", "国网兰州供电公司"),
        ("优秀组织奖", "organization", "国网酒泉供电公司"),
    ]


def test_row_without_a_level_is_reported_not_guessed(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["XX竞赛获奖名单"], ["序号", "姓名", "单位", "奖项"]]
    rows += [[1, "张伟", "国网兰州供电公司", "一等奖"], [2, "李强", "国网白银供电公司", None]]
    out = extract_file(_xlsx(tmp_path / "gap.xlsx", {"S": rows})).to_json()
    assert [a["names"] for a in out["awards"]] == [["张伟"]]
    assert any(w["field"] == "awards" and "李强" in w["message"] for w in out["warnings"])


def test_winners_of_other_companies_are_awards_too(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("关于公布2025年XX竞赛结果的通报")
    doc.add_paragraph("国网兰州供电公司、酒泉钢铁（集团）有限责任公司获优秀组织奖。")
    doc.add_paragraph("国网甘肃省电力公司工会")
    doc.add_paragraph("2025年6月3日")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["姓名", "单位", "奖项"], strict=True):
        cell.text = text
    for values in (
        ["张伟", "国网天水供电公司", "个人一等奖"],
        ["李强", "中国石油玉门油田分公司", "个人二等奖"],
    ):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    doc.save(str(tmp_path / "others.docx"))
    # the directory knows only our organisation: the others are still read as written
    record, awards = _awards(
        tmp_path / "others.docx", ExtractContext(known_units=frozenset({"国网酒泉供电公司"}))
    )
    assert [a["unit"] for a in awards] == [
        "国网兰州供电公司",
        "酒泉钢铁（集团）有限责任公司",
        "国网天水供电公司",
        "中国石油玉门油田分公司",
    ]
    assert record["organizer"] == "国网甘肃省电力公司工会"


def test_block_headings_between_tables(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("2025年XX竞赛获奖名单")
    for heading, rows in (
        ("一、团体一等奖", [["国网兰州供电公司", "张伟、李强"]]),
        ("二、个人二等奖", [["国网白银供电公司", "王芳"], ["国网酒泉供电公司", "赵敏"]]),
    ):
        doc.add_paragraph(heading)
        table = doc.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "单位", "姓名"
        for unit, names in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = unit, names
    doc.save(str(tmp_path / "blocks.docx"))
    _, awards = _awards(tmp_path / "blocks.docx")
    assert [(a["level"], a["scope"], a["names"]) for a in awards] == [
        ("一等奖", "team", ["张伟", "李强"]),
        ("二等奖", "individual", ["王芳"]),
        ("二等奖", "individual", ["赵敏"]),
    ]


def test_grade_headings_nested_under_scope_headings(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["XX竞赛获奖名单"], ["序号", "姓名", "单位"], ["一、团体奖"], ["（一）一等奖"]]
    rows += [[1, "张伟、李强", "国网兰州供电公司"], ["（二）二等奖"], [2, "王芳、赵敏", "国网白银供电公司"]]
    rows += [["二、个人奖"], ["（一）三等奖（1名）"], [3, "孙丽", "国网酒泉供电公司"]]
    _, awards = _awards(_xlsx(tmp_path / "nested.xlsx", {"S": rows}))
    assert [(a["level"], a["scope"], a["names"]) for a in awards] == [
        ("一等奖", "team", ["张伟", "李强"]),
        ("二等奖", "team", ["王芳", "赵敏"]),
        ("三等奖", "individual", ["孙丽"]),
    ]
