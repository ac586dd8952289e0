"""The review's books for the office: the assignment explained (matrix xlsx), the results (xlsx and
the Word 评审结果汇总表)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from docxtpl import Listing
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jiangxin.review.aggregate import Ranking
from jiangxin.review.assign import Assignment
from jiangxin.review.conflicts import CONFLICT_LABELS
from jiangxin.review.policy_view import ReviewPolicy
from jiangxin.review.score_check import Collected
from jiangxin.workspace import Workspace

from ..cn import cn_date
from .docx import render_docx, template_path
from .xlsx import (
    HEADER_FILL,
    as_number,
    decimal_format,
    new_book,
    number_format_columns,
    save_book,
    set_value,
    write_table,
)

RESULTS_TEMPLATE = "评审结果汇总表.docx"
ASSIGNED_FILL = PatternFill("solid", fgColor="C6EFCE")
CONFLICT_FILL = PatternFill("solid", fgColor="FFC7CE")
DISMISSED_FILL = PatternFill("solid", fgColor="FFEB9C")
METHOD = (
    "分配方法：按最小费用流求解。每项成果分配规定人数的专家；存在回避关系的专家与成果之间不建立任何分配，"
    "回避规则不会被突破；在此前提下优先使各专家评审数量尽量均衡，其次优先专业对口。结果对同样的输入保持不变。"
)


def _matrix_cell(assignment: Assignment, reviewer_key: tuple[str, str], item_id: int) -> tuple[str, Any]:
    conflicts = assignment.conflicts.for_pair(reviewer_key, item_id)
    in_force = [c for c in conflicts if c.in_force]
    assigned = (reviewer_key, item_id) in assignment.pair_keys()
    if in_force:
        return "回避：" + "、".join(c.label for c in in_force), CONFLICT_FILL
    if assigned:
        dismissed = [c for c in conflicts if not c.in_force]
        if dismissed:
            return "评审（已撤销回避：" + "、".join(c.label for c in dismissed) + "）", DISMISSED_FILL
        return "评审", ASSIGNED_FILL
    if conflicts:
        return "已撤销回避：" + "、".join(c.label for c in conflicts), DISMISSED_FILL
    return "", None


def write_assignment_book(path: Path, assignment: Assignment, *, source: str, notes: list[str]) -> Path:
    """`评审分配-<year>.xlsx`: matrix of reviewers × applications, the list, the conflicts, the shortfalls."""
    wb = new_book()
    matrix = wb.create_sheet("分配矩阵")
    fixed = ("评审专家", "专家单位", "专业", "评审项数")
    loads = assignment.loads()
    for col, text in enumerate(fixed, start=1):
        set_value(matrix, 1, col, text)
    set_value(matrix, 2, 1, "申报单位")
    set_value(matrix, 3, 1, "专业类别")
    for k, item in enumerate(assignment.items):
        col = len(fixed) + 1 + k
        set_value(matrix, 1, col, f"{item.id}．{item.title}")
        set_value(matrix, 2, col, item.unit)
        set_value(matrix, 3, col, item.application.specialty or "")
        matrix.column_dimensions[get_column_letter(col)].width = 16
    for r in (1, 2, 3):
        for col in range(1, len(fixed) + len(assignment.items) + 1):
            cell = matrix.cell(row=r, column=col)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n, reviewer in enumerate(assignment.reviewers):
        r = 4 + n
        for col, value in enumerate(
            (reviewer.name, reviewer.unit, reviewer.specialty, loads[reviewer.key]), start=1
        ):
            set_value(matrix, r, col, value)
        for k, item in enumerate(assignment.items):
            text, fill = _matrix_cell(assignment, reviewer.key, item.id)
            cell = matrix.cell(row=r, column=len(fixed) + 1 + k)
            set_value(matrix, r, len(fixed) + 1 + k, text)
            if fill is not None:
                cell.fill = fill
            cell.alignment = Alignment(wrap_text=True)
    last = 4 + len(assignment.reviewers)
    set_value(matrix, last, 1, f"已分配专家数（应为 {assignment.per_application}）")
    matrix.cell(row=last, column=1).font = Font(bold=True)
    for k, item in enumerate(assignment.items):
        set_value(matrix, last, len(fixed) + 1 + k, len(assignment.reviewers_of(item)))
    for col, width in enumerate((10, 26, 10, 9), start=1):
        matrix.column_dimensions[get_column_letter(col)].width = width
    matrix.freeze_panes = matrix.cell(row=4, column=len(fixed) + 1)
    matrix.row_dimensions[1].height = 48  # wrapped titles: rows do not grow by themselves
    matrix.row_dimensions[2].height = 32
    matrix.page_setup.orientation = "landscape"
    matrix.print_title_rows = "1:3"
    matrix.print_title_cols = "A:B"

    listing = wb.create_sheet("分配清单")
    write_table(
        listing,
        ["评审专家", "专家单位", "成果编号", "成果名称", "申报单位", "专业对口"],
        [
            (
                p.reviewer.name,
                p.reviewer.unit,
                p.item.id,
                p.item.title,
                p.item.unit,
                {True: "是", False: "否", None: "—"}[p.specialty_match],
            )
            for p in sorted(assignment.pairs, key=lambda p: (p.reviewer.key, p.item.id))
        ],
        widths=[10, 26, 9, 36, 28, 9],
    )
    titles = {i.id: i for i in assignment.items}
    conflicts = wb.create_sheet("回避明细")
    write_table(
        conflicts,
        ["评审专家", "专家单位", "成果编号", "成果名称", "申报单位", "回避类型", "说明", "状态"],
        [
            (
                c.reviewer[0],
                c.reviewer[1],
                c.application_id,
                titles[c.application_id].title,
                titles[c.application_id].unit,
                CONFLICT_LABELS[c.type],
                c.detail,
                "生效" if c.in_force else f"已撤销：{c.dismissed}",
            )
            for c in sorted(assignment.conflicts.items, key=lambda c: (c.reviewer, c.application_id))
        ],
        widths=[10, 26, 9, 36, 28, 12, 40, 24],
    )
    short = wb.create_sheet("未满额")
    write_table(
        short,
        ["成果编号", "成果名称", "申报单位", "已分配", "应分配", "原因"],
        [
            (s.item.id, s.item.title, s.item.unit, s.assigned, s.needed, s.reason)
            for s in assignment.shortfalls
        ],
        widths=[9, 36, 28, 8, 8, 80],
    )
    legend = (
        "图例：绿色“评审”为分配；红色“回避”为存在回避关系（同单位、本人为完成人、申明回避），不会分配；"
        "黄色为办公室在“回避声明.xlsx”中撤销的回避。"
    )
    return _save_with_notes(wb, path, [METHOD, f"专家名单来源：{source}。", legend, *notes])


def _save_with_notes(wb: Workbook, path: Path, lines: list[str]) -> Path:
    """A last sheet 说明 with one line per row, then the book saved to `path`."""
    about = wb.create_sheet("说明")
    for r, line in enumerate(lines, start=1):
        set_value(about, r, 1, line)
    about.column_dimensions["A"].width = 120
    return save_book(wb, path)


def fmt(value: Decimal | None, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def write_results_book(path: Path, ranking: Ranking, collected: Collected, policy: ReviewPolicy) -> Path:
    """`评审结果-<year>.xlsx`: ranking, every score, missing scores, sheet status, and the method."""
    wb = new_book()
    d = policy.decimals
    results = wb.create_sheet("评审结果")
    write_table(
        results,
        ["排名", "成果编号", "成果名称", "申报单位", "主要完成人", "有效评分数", "各专家总分", "去掉最高最低分",
         "最终得分", "建议等级"],
        [
            (r.rank if r.rank is not None else "", r.item.id, r.item.title, r.item.unit,
             "、".join(r.item.member_names), len(r.totals), "、".join(fmt(t, d) for t in r.totals),
             "是" if r.trimmed else "否", as_number(r.score, d), r.grade or "")
            for r in ranking.rows
        ],
        widths=[6, 9, 36, 28, 20, 10, 24, 12, 10, 10],
    )  # fmt: skip
    number_format_columns(results, {9: decimal_format(d)})
    names = [c.name for c in policy.criteria]
    detail = wb.create_sheet("评分明细")
    rows: list[list[Any]] = []
    for r in ranking.rows:
        for reviewer, total in zip(r.reviewers, r.totals, strict=True):
            given = collected.scores[(reviewer, r.item.id)]
            rows.append([r.item.id, r.item.title, reviewer[0], reviewer[1],
                         *(as_number(given.get(n)) if given.get(n) is not None else "" for n in names), as_number(total, d), "计入"])  # fmt: skip
        for reviewer in r.excluded:
            given = collected.scores[(reviewer, r.item.id)]
            rows.append([r.item.id, r.item.title, reviewer[0], reviewer[1],
                         *(as_number(given.get(n)) if given.get(n) is not None else "" for n in names), "", "有空项，不计入"])  # fmt: skip
    write_table(detail, ["成果编号", "成果名称", "评审专家", "专家单位", *names, "合计", "是否计入"], rows)
    number_format_columns(detail, {5 + len(names): decimal_format(d)})
    missing = wb.create_sheet("未收回评分")
    write_table(
        missing,
        ["评审专家", "专家单位", "成果编号", "成果名称"],
        [(m.reviewer[0], m.reviewer[1], m.application_id, m.title) for m in ranking.missing],
        widths=[10, 26, 9, 36],
    )
    status = wb.create_sheet("评分表状态")
    write_table(
        status,
        ["评审专家", "专家单位", "文件", "状态", "原因"],
        [
            (s.reviewer[0], s.reviewer[1], s.file, "计入" if s.counted else "退回", "；".join(s.problems))
            for s in collected.sheets
        ],
        widths=[10, 26, 30, 8, 90],
    )
    return _save_with_notes(wb, path, [f"评分办法：{policy.method_text()}", *ranking.notes])


def grade_rule_text(policy: ReviewPolicy) -> str:
    if policy.grade_mode == "quota":
        return "按比例定等：" + "、".join(f"{g}{s:.0%}" for g, s in policy.quotas.items())
    return "按分数线定等：" + "、".join(f"{g}{t:g}分以上" for g, t in policy.thresholds.items())


def results_context(ws: Workspace, ranking: Ranking, policy: ReviewPolicy, today: dt.date) -> dict[str, Any]:
    d = policy.decimals
    scored = [r for r in ranking.rows if r.score is not None]
    summary = (
        f"本次评审成果 {len(ranking.rows)} 项，每项由 {policy.reviewers_per_application} 位专家评审，"
        f"已汇总 {len(scored)} 项。评分办法：{policy.method_text()}{grade_rule_text(policy)}。"
    )
    return {
        "year": ws.year,
        "org": ws.organization.name,
        "date": cn_date(today),
        "summary": summary,
        "ranking": [
            {
                "rank": r.rank if r.rank is not None else "—",
                "title": r.item.title,
                "unit": r.item.unit,
                "members": "、".join(r.item.member_names),
                "totals": Listing("\n".join(fmt(t, d) for t in r.totals) or "—"),
                "score": fmt(r.score, d) or "—",
                "grade": r.grade or "—",
            }
            for r in ranking.rows
        ],
        "notes": list(ranking.notes),
        "missing": [{"reviewer": m.reviewer[0], "title": m.title} for m in ranking.missing],
    }


def write_results_docx(
    ws: Workspace, path: Path, ranking: Ranking, policy: ReviewPolicy, today: dt.date
) -> Path:
    """The Word 评审结果汇总表 from the workspace's template (or the shipped one)."""
    template = template_path(ws.templates_dir, RESULTS_TEMPLATE)
    return render_docx(template, results_context(ws, ranking, policy, today), path)
