"""Writing spreadsheets for the office: safe text cells, frozen header, widths and filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_START = ("=", "+", "-", "@")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# characters a spreadsheet cell cannot hold (XML 1.0 forbids them; openpyxl raises on them): control
# characters other than tab and line breaks, DEL, lone surrogates (undecodable file-name bytes)
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> tuple[str, int]:
    """`text` without the characters no cell can hold, and how many were removed."""
    cleaned, removed = _UNSAFE.subn("", text)
    return cleaned, removed


def set_value(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell, the one way every spreadsheet is written: a list is joined first, then the text
    loses control characters (the cell carries a comment saying how many) and text that begins with
    = + - @ stays text (never a formula), whatever the joined items held."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, (list, tuple)):
        value = "、".join("" if v is None else str(v) for v in value)
    if isinstance(value, str):
        text, removed = safe_text(value)
        cell.value = text
        if text.startswith(_FORMULA_START):
            cell.data_type = "s"
        if removed:
            cell.comment = Comment(f"已删除 {removed} 个无法显示的控制字符", "匠心")
    else:
        cell.value = value


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] | None = None,
    start_row: int = 1,
) -> int:
    """Header row (bold, frozen, filterable) then rows; returns the number of data rows written."""
    for c, title in enumerate(header, start=1):
        set_value(ws, start_row, c, title)
        cell = ws.cell(row=start_row, column=c)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    n = 0
    for n, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            set_value(ws, start_row + n, c, value)
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    last = get_column_letter(max(1, len(header)))
    ws.auto_filter.ref = f"A{start_row}:{last}{start_row + max(n, 1)}"
    for c, title in enumerate(header, start=1):
        width = widths[c - 1] if widths and c - 1 < len(widths) else max(8, min(40, len(title) * 2 + 4))
        ws.column_dimensions[get_column_letter(c)].width = width
    return n


def append_rows(ws: Worksheet, rows: Iterable[Sequence[Any]]) -> None:
    """Append rows under what the sheet already holds, keeping the filter range in step."""
    r = ws.max_row
    for row in rows:
        r += 1
        for c, value in enumerate(row, start=1):
            set_value(ws, r, c, value)
    if ws.auto_filter.ref:
        first, _, _ = ws.auto_filter.ref.partition(":")
        ws.auto_filter.ref = f"{first}:{get_column_letter(ws.max_column)}{r}"
