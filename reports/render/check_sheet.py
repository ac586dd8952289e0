"""What `jiangxin check` leaves for the office: 形式审查结果-<year>.xlsx (one row per application, one
coloured column per rule, with filters) and 形式审查意见-<year>.docx (from templates/形式审查意见.docx).

Each rule cell holds its status so a clerk can filter on it; the reason sits in the cell's comment
and, for the whole application, in the last column.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill

from jiangxin.workspace import Workspace
from rules.policy import Policy
from rules.registry import rule_labels
from rules.review_opinion import ReviewOpinion, review_opinion
from rules.verdicts import FAIL, FIX, PASS, SUPERSEDED, Verdict

from .docx import render_docx, template_path
from .xlsx import first_sheet, save_book, write_table

OPINION_TEMPLATE = "形式审查意见.docx"

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


def review_opinion_name(year: int) -> str:
    return f"形式审查意见-{year}.docx"


def write_check_files(ws: Workspace, verdicts: list[Verdict], policy: Policy) -> list[Path]:
    """Both files of `jiangxin check` in the outbox: the sheet lists every verdict (earlier versions
    as 已替代), the opinion only the applications still standing."""
    opinion = review_opinion(
        [v for v in verdicts if v.superseded_by is None],
        year=ws.year,
        organization=ws.organization.name,
        policy=policy,
    )
    return [
        write_review_sheet(
            verdicts, ws.outbox / review_sheet_name(ws.year), year=ws.year, policy_title=policy.title
        ),
        write_review_opinion(
            opinion, ws.outbox / review_opinion_name(ws.year), templates_dir=ws.templates_dir
        ),
    ]


def write_review_opinion(opinion: ReviewOpinion, path: Path, *, templates_dir: Path | None = None) -> Path:
    """The opinion rendered from the workspace's own template when it keeps one, else the shipped one."""
    return render_docx(template_path(templates_dir, OPINION_TEMPLATE), opinion.context(), path)


def write_review_sheet(verdicts: list[Verdict], path: Path, *, year: int, policy_title: str = "") -> Path:
    """Write the sheet to `path` (folders made as needed) and return it."""
    wb = Workbook()
    ws = first_sheet(wb, "形式审查")
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
    return save_book(wb, path)


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
