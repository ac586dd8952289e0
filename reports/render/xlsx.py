"""Every workbook the program writes: safe text cells (never a formula), frozen header, widths and filters;
print set-up, number and date formats; saved beside and renamed so a crash never leaves half a file."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
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


# --- printing and number formats --------------------------------------------------------------------
# A4 portrait holds about 90 characters of column width (Excel's unit) inside its margins; a wider
# sheet prints landscape. Either way it is scaled to one page wide.
PORTRAIT_MAX_WIDTH = 90
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's width of a column nobody sized
PAGE_FOOTER = "第 &P 页，共 &N 页"
DATE_FORMAT = "yyyy-mm-dd"
INTEGER_FORMAT = "0"


def sheet_width(ws: Worksheet) -> float:
    """The sheet's printed width in Excel's character units (sum of its column widths)."""
    total = 0.0
    for col in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        total += dim.width if dim is not None and dim.width else DEFAULT_COLUMN_WIDTH
    return total


def setup_print(ws: Worksheet, file_name: str, *, title_rows: str | None = None) -> None:
    """A4, portrait or landscape by the sheet's width, one page wide, the header rows repeated on every
    page (by default the rows above the frozen pane), and a footer with the file name and page number."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet_width(ws) > PORTRAIT_MAX_WIDTH else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    if title_rows is None and ws.freeze_panes:
        first_body_row = ws[ws.freeze_panes].row
        if first_body_row > 1:
            title_rows = f"1:{first_body_row - 1}"
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.left.text = file_name.replace("&", "&&")  # '&' starts a footer code
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = PAGE_FOOTER
    ws.oddFooter.right.size = 9


def setup_print_book(wb: Any, file_name: str) -> None:
    """`setup_print` on every sheet a person sees (hidden sheets are for the program only)."""
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            setup_print(ws, file_name)


def number_format_columns(
    ws: Worksheet, formats: dict[int, str], *, first_row: int = 2, last_row: int | None = None
) -> None:
    """Give the numeric cells of the given columns (1-based) a number format, e.g. {5: "0.00"}."""
    last = last_row if last_row is not None else ws.max_row
    for col, fmt in formats.items():
        for row in range(first_row, last + 1):
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, int | float | Decimal | dt.date):
                cell.number_format = fmt


def decimal_format(decimals: int) -> str:
    """The Excel number format showing `decimals` places ("0.00" for 2)."""
    return "0." + "0" * decimals if decimals > 0 else "0"


def as_number(value: Decimal | float | int | None, decimals: int | None = None) -> float | int | None:
    """A score or amount as a number Excel can sum (Decimal → float, rounded when `decimals` is given)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = float(value)
    return round(number, decimals) if decimals is not None else number


def as_date(text: str | None) -> dt.date | str | None:
    """An ISO date written as text ("2025-06-12") as a date; anything else (a month, free text) unchanged."""
    if not text:
        return text
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return text


# --- books --------------------------------------------------------------------------------------------


def new_book() -> Workbook:
    """A workbook without the default sheet: sheets are added with `create_sheet` in the order shown."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    return wb


def first_sheet(wb: Workbook, title: str) -> Worksheet:
    """The workbook's first sheet, named `title`."""
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = title
    return ws


def save_book(wb: Workbook, path: Path, *, print_setup: bool = True) -> Path:
    """Print set-up on every visible sheet (unless the sheets did their own), then write `path` beside
    and rename, so a reader never sees half a file; folders are made as needed."""
    if print_setup:
        setup_print_book(wb, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".partial.xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
