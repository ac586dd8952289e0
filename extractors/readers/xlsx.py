"""Read an .xlsx workbook into one table per sheet, merged ranges kept, formulas never evaluated.

A formula cell (e.g. =HYPERLINK(…)) is read as empty: its cached value is not trusted as data, and
it can never become a person's name.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

from ..errors import ErrorClass, ExtractionError
from ..model import Cell, Document, Table


def read_xlsx(path: Path) -> Document:
    import openpyxl  # imported here: only files that need it pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"Excel 文件不完整或已损坏（{exc}）。", retryable=True
        ) from exc
    except Exception as exc:  # openpyxl raises assorted errors on malformed parts
        raise ExtractionError(ErrorClass.CORRUPT, f"Excel 文件无法读取（{exc}）。") from exc
    blocks: list[Table] = []
    formula_cells = 0
    for ws in wb.worksheets:
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            merged[(rng.min_row, rng.min_col)] = (
                rng.max_row - rng.min_row + 1,
                rng.max_col - rng.min_col + 1,
            )
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        cells: list[Cell] = []
        max_row = 0
        max_col = 0
        for row in ws.iter_rows():
            for cell in row:
                if (cell.row, cell.column) in covered:
                    continue
                value = cell.value
                # only a real formula is skipped: text that merely begins with '=' stays text
                if cell.data_type == "f":
                    if value not in (None, ""):
                        formula_cells += 1
                    value = None
                text = _text(value)
                rowspan, colspan = merged.get((cell.row, cell.column), (1, 1))
                if text == "" and (rowspan, colspan) == (1, 1):
                    continue
                cells.append(
                    Cell(
                        text=text,
                        row=cell.row - 1,
                        col=cell.column - 1,
                        rowspan=rowspan,
                        colspan=colspan,
                    )
                )
                max_row = max(max_row, cell.row - 1 + rowspan)
                max_col = max(max_col, cell.column - 1 + colspan)
        blocks.append(Table(cells=cells, n_rows=max_row, n_cols=max_col, name=ws.title))
    wb.close()
    doc = Document(blocks=list(blocks), source_format="xlsx")
    if formula_cells:
        doc.warnings.append(f"表格中有 {formula_cells} 个公式单元格，未计算，按空白处理。")
    return doc


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()
