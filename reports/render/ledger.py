"""The year's ledger `outbox/台账-<year>.xlsx`: one sheet per kind, each row linked to its source file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jiangxin.core.labels import kind_label
from jiangxin.core.warnings import readable_warnings
from jiangxin.store import Store, StoredRecord
from jiangxin.workspace import Workspace

from .xlsx import DATE_FORMAT, as_date, first_sheet, number_format_columns, save_book, write_table


def corrections_text(record: StoredRecord) -> str:
    """The office's corrections of a record, one per line: field, old → new, who and why."""
    from jiangxin.core.corrections import field_label

    return "\n".join(
        f"{field_label(c.field)}：{_plain(c.old)} → {_plain(c.new)}（{c.by} {c.at[:10]}{'，' + c.reason if c.reason else ''}）"
        for c in record.corrections
    )


def _plain(value: object) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "有" if value else "无"
    if isinstance(value, list):
        return "、".join(str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def write_ledger(ws: Workspace, store: Store, superseded: dict[int, int] | None = None) -> Path:
    """Write the ledger; `superseded` maps an earlier version of an application to the record that
    replaced it (those rows are marked, not dropped: the ledger lists every file)."""
    from openpyxl import Workbook

    superseded = superseded or {}

    wb = Workbook()
    apps = first_sheet(wb, "申报书")
    write_table(
        apps,
        ["编号", "成果名称", "申报单位", "成果类别", "专业类别", "第一完成人", "全部完成人", "完成时间",
         "经济效益（万元）", "专利", "单位意见", "来源文件", "识别提示", "人工更正", "版本"],
        (
            [
                r.id, a.title, a.unit, a.category, a.specialty, a.members[0].name if a.members else "",
                [m.name for m in a.members], as_date(a.completed_on), a.economic_benefit_wan, a.patents,
                "同意" if a.unit_endorsed else "未签署", r.document.file_name, readable_warnings(r.warnings),
                corrections_text(r), f"已替代（由编号 {superseded[r.id]} 替代）" if r.id in superseded else "",
            ]
            for r in store.records("application", ws.year)
            for a in [r.record]
        ),
        widths=[6, 36, 30, 10, 10, 10, 30, 12, 12, 24, 10, 40, 40, 40, 20],
    )  # fmt: skip
    number_format_columns(apps, {8: DATE_FORMAT, 9: "0.00"})
    awards = wb.create_sheet("获奖")
    write_table(
        awards,
        ["编号", "赛事/评选", "主办单位", "日期", "级别", "等次", "范围", "获奖人", "单位", "成果名称", "名次",
         "称号", "本单位", "来源文件"],
        (
            [
                a.id, a.event, a.organizer, as_date(a.date), a.tier, a.level, _SCOPES.get(a.scope, a.scope), a.names,
                a.unit, a.title, a.rank, a.honours, "是" if ws.organization.owns(a.unit) else "", a.file_name,
            ]
            for a in store.awards(ws.year)
        ),
        widths=[6, 40, 24, 12, 8, 10, 8, 24, 30, 30, 6, 12, 8, 40],
    )  # fmt: skip
    number_format_columns(awards, {4: DATE_FORMAT})
    roster = wb.create_sheet("花名册")
    current = store.roster(ws.year)
    write_table(
        roster,
        ["员工编号", "姓名", "单位/部门", "岗位", "在职状态"],
        (
            [p.employee_id, p.name, p.unit, p.post, p.status]
            for p in (current.record.people if current else [])
        ),
        widths=[12, 10, 24, 16, 10],
    )
    docs = wb.create_sheet("文件")
    write_table(
        docs,
        ["编号", "文件", "类型", "格式", "归档位置", "SHA-256", "入库时间", "识别提示"],
        (
            [r.document.id, r.document.file_name, kind_label(r.kind), r.document.format, r.document.archived_path,
             r.document.sha256, _local(r.document.ingested_at), readable_warnings(r.warnings)]
            for r in store.records(None, ws.year, active_only=False)
        ),
        widths=[6, 40, 12, 6, 50, 20, 18, 40],
    )  # fmt: skip
    number_format_columns(docs, {7: "yyyy-mm-dd hh:mm"})
    return save_book(wb, ws.outbox / f"台账-{ws.year}.xlsx")


def _local(stored: dt.datetime) -> dt.datetime:
    """A stored (UTC) time as this machine's local time, to the second, for a date cell."""
    return stored.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None, microsecond=0)


_SCOPES = {"individual": "个人", "team": "团体", "organization": "单位", "achievement": "成果"}
