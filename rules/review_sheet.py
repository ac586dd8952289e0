"""形式审查结果-<year>.xlsx: one row per application, one coloured column per rule, with filters.

Each rule cell holds its status so a clerk can filter on it; the reason sits in the cell's comment
and, for the whole application, in the last column.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill

from jiangxin.xlsx import setup_print_book, write_table

from .registry import rule_labels
from .verdicts import FAIL, FIX, PASS, SUPERSEDED, Verdict

FILLS: dict[str, PatternFill] = {
    PASS: PatternFill("solid", fgColor="C6EFCE"),  # green
    FAIL: PatternFill("solid", fgColor="FFC7CE"),  # red
    FIX: PatternFill("solid", fgColor="FFEB9C"),  # amber
    SUPERSEDED: PatternFill("solid", fgColor="D9D9D9"),  # grey: an earlier version, not counted
}
_LEAD = ("序号", "来源文件", "成果名称", "申报单位", "第一完成人", "审查结论")
_TAIL = ("问题及处理意见",)


def review_sheet_name(year: int) -> str:
    return f"形式审查结果-{year}.xlsx"


def write_review_sheet(verdicts: list[Verdict], path: Path, *, year: int, policy_title: str = "") -> Path:
    """Write the sheet to `path` (folders made as needed) and return it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "形式审查"
    labels = rule_labels()
    header = [*_LEAD, *labels.values(), *_TAIL]
    rows = []
    for i, v in enumerate(verdicts, start=1):
        statuses = [v.rules[name].status if name in v.rules else "" for name in labels]
        shown = f"{v.verdict}（人工认定）" if v.manual else v.verdict
        rows.append([i, v.file, v.title, v.unit, v.first_member, shown, *statuses, "\n".join(v.reasons)])
    widths = [6, 30, 30, 26, 10, 10, *[10] * len(labels), 70]
    write_table(ws, header, rows, widths=widths)
    verdict_col = len(_LEAD)
    first_rule_col = verdict_col + 1
    for r, v in enumerate(verdicts, start=2):
        cell = ws.cell(row=r, column=verdict_col)
        cell.fill = FILLS[v.verdict]
        for c, name in enumerate(labels, start=first_rule_col):
            result = v.rules.get(name)
            if result is None:
                continue
            cell = ws.cell(row=r, column=c)
            cell.fill = FILLS[result.status]
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if result.reason and result.status != PASS:
                cell.comment = Comment(result.reason, "匠心", width=320, height=120)
        ws.cell(row=r, column=len(header)).alignment = Alignment(wrap_text=True, vertical="top")
    _summary_sheet(wb, verdicts, year, policy_title)
    path.parent.mkdir(parents=True, exist_ok=True)
    setup_print_book(wb, path.name)
    wb.save(path)
    return path


def _summary_sheet(wb: Workbook, verdicts: list[Verdict], year: int, policy_title: str) -> None:
    ws = wb.create_sheet("汇总")
    counts = {s: sum(1 for v in verdicts if v.verdict == s) for s in (PASS, FIX, FAIL)}
    rows: list[list[object]] = [[s, n] for s, n in counts.items()]
    rows.append(["合计", sum(counts.values())])
    replaced = sum(1 for v in verdicts if v.verdict == SUPERSEDED)
    if replaced:
        rows.append(["已替代的旧版本（不计入）", replaced])
    write_table(ws, ["审查结论", "项数"], rows, widths=[14, 10])
    for r, status in enumerate(counts, start=2):
        ws.cell(row=r, column=1).fill = FILLS[status]
    note = f"{year}年度形式审查，依据：{policy_title}" if policy_title else f"{year}年度形式审查"
    ws.cell(row=len(rows) + 3, column=1, value=note)
