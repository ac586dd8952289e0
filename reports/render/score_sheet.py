"""The xlsx score sheet a reviewer fills in (and, for the online scoring and the demo, filled in): applications pre-filled and locked, score cells open with
data validation (0..max), a total formula, and a very hidden copy of the locked values with its hash."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from jiangxin.core import sheet_layout as L
from jiangxin.review.policy_view import BLANK_RULE_TEXT, ReviewPolicy

from .xlsx import HEADER_FILL, first_sheet, save_book, set_value, setup_print

OPEN_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_WIDTHS = (7, 34, 26, 10, 22)


def write_score_sheet(path: Path, content: L.LockedContent, policy: ReviewPolicy) -> Path:
    """The locked score sheet of one reviewer (`content` says what is locked) at `path`."""
    wb = Workbook()
    ws = first_sheet(wb, L.SHEET)
    headers = L.headers(content.criteria)
    last = len(headers)
    first_score = len(L.FIXED_HEADERS) + 1
    last_score = first_score + len(content.criteria) - 1

    set_value(ws, L.TITLE_ROW, 1, L.sheet_title(content.year))
    ws.cell(row=L.TITLE_ROW, column=1).font = Font(bold=True, size=14)
    ws.cell(row=L.TITLE_ROW, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=L.TITLE_ROW, start_column=1, end_row=L.TITLE_ROW, end_column=last)

    values = dict(
        zip(L.REVIEWER_LABELS, (content.reviewer, content.reviewer_unit, str(content.year)), strict=True)
    )
    for label, (label_col, value_col) in L.REVIEWER_CELLS.items():
        set_value(ws, L.REVIEWER_ROW, label_col, label)
        ws.cell(row=L.REVIEWER_ROW, column=label_col).font = Font(bold=True)
        set_value(ws, L.REVIEWER_ROW, value_col, values[label])
    unit_col = L.REVIEWER_CELLS["单位"][1]
    ws.merge_cells(
        start_row=L.REVIEWER_ROW, start_column=unit_col, end_row=L.REVIEWER_ROW, end_column=unit_col + 1
    )

    criteria_text = "、".join(f"{n} {m:g} 分" for n, m in content.criteria)
    note = (
        f"请在黄色单元格内填写各项得分（{criteria_text}；可填小数）。不适用的项目留空或填“{L.NOT_APPLICABLE_WORD}”："
        f"{BLANK_RULE_TEXT[policy.blank_rule]}。灰色单元格已锁定，请勿修改，也请勿另存为其他格式；"
        "填好后保存并交回本文件。"
    )
    set_value(ws, L.NOTE_ROW, 1, note)
    ws.cell(row=L.NOTE_ROW, column=1).alignment = _WRAP
    ws.merge_cells(start_row=L.NOTE_ROW, start_column=1, end_row=L.NOTE_ROW, end_column=last)
    ws.row_dimensions[L.NOTE_ROW].height = 48

    for col, text in enumerate(headers, start=1):
        set_value(ws, L.HEADER_ROW, col, text)
        cell = ws.cell(row=L.HEADER_ROW, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    ws.row_dimensions[L.HEADER_ROW].height = 32

    for n, row in enumerate(content.rows):
        r = L.FIRST_ROW + n
        for col, value in enumerate(row.cells(), start=1):
            set_value(ws, r, col, value)
            cell = ws.cell(row=r, column=col)
            cell.fill, cell.alignment, cell.border = LOCKED_FILL, _WRAP, _BOX
        for col in range(first_score, last_score + 1):
            cell = ws.cell(row=r, column=col)
            cell.protection = Protection(locked=False)
            cell.fill, cell.border = OPEN_FILL, _BOX
            cell.number_format = "0.0#"
        first, end = get_column_letter(first_score), get_column_letter(last_score)
        total = ws.cell(row=r, column=last)
        total.value = f'=IF(COUNT({first}{r}:{end}{r})=0,"",SUM({first}{r}:{end}{r}))'
        total.fill, total.border, total.font = LOCKED_FILL, _BOX, Font(bold=True)

    end_row = L.FIRST_ROW + len(content.rows) - 1
    for k, (name, maximum) in enumerate(content.criteria):
        letter = get_column_letter(first_score + k)
        top = f"{letter}{L.FIRST_ROW}"  # the formula is written for the range's first cell
        dv = DataValidation(
            type="custom", allow_blank=True,
            formula1=f'OR(AND(ISNUMBER({top}),{top}>=0,{top}<={maximum:g}),TRIM({top})="{L.NOT_APPLICABLE_WORD}")',
            showErrorMessage=True, errorTitle="得分超出范围",
            error=f"“{name}”请填写 0 至 {maximum:g} 之间的数字；不适用请留空或填“{L.NOT_APPLICABLE_WORD}”。",
            showInputMessage=True, promptTitle=name, prompt=f"0 至 {maximum:g} 分，或“{L.NOT_APPLICABLE_WORD}”",
        )  # fmt: skip
        ws.add_data_validation(dv)
        if content.rows:
            dv.add(f"{letter}{L.FIRST_ROW}:{letter}{end_row}")

    for col in range(1, last + 1):
        width = _WIDTHS[col - 1] if col <= len(_WIDTHS) else 12
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=L.FIRST_ROW, column=3)
    setup_print(ws, path.name, title_rows=f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # the reviewer may still widen columns and rows
    ws.protection.formatRows = False

    check = wb.create_sheet(L.CHECK_SHEET)
    text = content.to_json()
    for r, (label, value) in enumerate(
        (((L.MARKER, L.LAYOUT_VERSION)), ("内容", text), ("摘要", L.digest(text))), start=1
    ):
        set_value(check, r, 1, label)
        set_value(check, r, 2, value)
    check.sheet_state = "veryHidden"
    check.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return save_book(wb, path, print_setup=False)


def fill_score_sheet(path: Path, scores: dict[int, dict[str, float | str | None]], out: Path) -> Path:
    """A reviewer's work: open their sheet, type scores into the open cells (by application id and
    criterion), save as `out`. Locked cells are left alone, as Excel would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[L.SHEET]
    headers = [ws.cell(row=L.HEADER_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    columns = {str(h).split("（")[0]: c for c, h in enumerate(headers, start=1) if h}
    for r in range(L.FIRST_ROW, ws.max_row + 1):
        ident = ws.cell(row=r, column=1).value
        if ident is None or int(ident) not in scores:
            continue
        for name, value in scores[int(ident)].items():
            ws.cell(row=r, column=columns[name]).value = value  # as typed: "=20+3" becomes a formula
    return save_book(wb, out, print_setup=False)
