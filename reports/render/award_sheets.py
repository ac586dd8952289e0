"""Spreadsheets of the year's awards: 获奖统计-<year>.xlsx (tallies) and 创新积分-<year>.xlsx (points),
each with the source file behind every count and every point."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from rules.awards import SCOPE_LABELS, AwardItem
from rules.points import Points
from rules.tally import Tally

from .xlsx import first_sheet, save_book, write_table


def tally_sheet_name(year: int) -> str:
    return f"获奖统计-{year}.xlsx"


def points_sheet_name(year: int) -> str:
    return f"创新积分-{year}.xlsx"


def _scope(scope: str) -> str:
    return SCOPE_LABELS.get(scope, scope)


def _files(item: AwardItem) -> str:
    return "、".join(item.files)


def _award_row(item: AwardItem) -> list[object]:
    return [
        item.event, item.tier_label, item.tier_source, item.level, item.rank or "", _scope(item.scope),
        item.title or "", "、".join(item.names), item.unit or "", item.unit_label, _files(item), item.unit_note,
    ]  # fmt: skip


_AWARD_HEADER = [
    "竞赛/评选", "级别", "级别依据", "等次", "名次", "类别", "成果/项目名称", "获奖人员", "单位（原文）",
    "所属单位", "来源文件", "所属单位说明",
]  # fmt: skip


def write_tally_sheet(tally: Tally, path: Path) -> Path:
    """Counts by event/tier/level/scope, by unit and by person, and every award counted."""
    wb = Workbook()
    ws = first_sheet(wb, "按竞赛统计")
    rows = [
        [
            r.event,
            r.tier,
            r.level,
            _scope(r.scope),
            r.count,
            "、".join(dict.fromkeys(s.file_name for s in r.sources)),
        ]
        for r in tally.rows
    ]
    write_table(
        ws, ["竞赛/评选", "级别", "等次", "类别", "项数", "来源文件"], rows, widths=[44, 10, 12, 8, 8, 60]
    )
    units = wb.create_sheet("按单位统计")
    scopes = list(SCOPE_LABELS)
    unit_rows = [[u.unit, u.count, *[u.by_scope().get(s, 0) for s in scopes]] for u in tally.by_unit]
    # scope columns read 个人奖/团体奖/单位奖/成果奖, so no column shares the heading 单位
    scope_heads = [f"{SCOPE_LABELS[s]}奖" for s in scopes]
    write_table(units, ["单位", "获奖合计", *scope_heads], unit_rows, widths=[26, 10])
    people = wb.create_sheet("按人员统计")
    person_rows = [
        [p.name, p.unit, p.count, "；".join(f"{i.event} {i.level}" for i in p.items)] for p in tally.by_person
    ]
    write_table(people, ["姓名", "单位", "获奖次数", "奖项"], person_rows, widths=[10, 20, 10, 80])
    detail = wb.create_sheet("获奖明细")
    write_table(
        detail,
        _AWARD_HEADER,
        [_award_row(i) for i in tally.awards],
        widths=[40, 8, 14, 10, 6, 6, 30, 30, 26, 16, 40],
    )
    note = wb.create_sheet("说明")
    note.append(
        [f"{tally.year}年本单位获奖 {tally.total} 项（同一奖项的重复文件已合并 {tally.copies_merged} 次）。"]
    )
    note.append([f"获奖名单中其他单位的 {tally.other_units_left_out} 条获奖记录未计入。"])
    return save_book(wb, path)


def write_points_sheet(points: Points, path: Path) -> Path:
    """Totals per person and per unit, and the award behind every point."""
    wb = Workbook()
    ws = first_sheet(wb, "个人积分")
    write_table(
        ws,
        ["序号", "姓名", "单位", "积分", "计分奖项数", "奖项"],
        [
            [
                i,
                h.name,
                h.unit,
                h.points,
                h.counted,
                "；".join(f"{ln.award.event} {ln.award.level}" for ln in h.lines if ln.points > 0),
            ]
            for i, h in enumerate(points.people, start=1)
        ],
        widths=[6, 10, 20, 10, 12, 80],
    )
    units = wb.create_sheet("单位积分")
    write_table(
        units,
        ["序号", "单位", "积分", "计分奖项数"],
        [[i, h.name, h.points, h.counted] for i, h in enumerate(points.units, start=1)],
        widths=[6, 26, 10, 12],
    )
    detail = wb.create_sheet("积分明细")
    rows = [
        [
            "个人" if ln.holder == "person" else "单位",
            ln.name,
            ln.unit,
            round(ln.points, 2),
            ln.basis,
            ln.note,
            *_award_row(ln.award),
        ]
        for ln in points.lines
    ]
    write_table(
        detail,
        ["对象", "姓名/单位", "对象所属单位", "积分", "计分依据", "说明", *_AWARD_HEADER],
        rows,
        widths=[6, 16, 16, 8, 40, 40],
    )
    return save_book(wb, path)
