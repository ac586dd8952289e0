"""Read an .xlsx workbook into one table per sheet, merged ranges kept, formulas never evaluated.

A formula cell (e.g. =HYPERLINK(…)) is read as empty: its cached value is not trusted as data, and
it can never become a person's name.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path

from jiangxin.core.warnings import FieldWarning

from ..errors import ErrorClass, ExtractionError
from ..limits import check_grid, current, too_large
from ..model import Cell, Document, Table


def read_xlsx(path: Path) -> Document:
    import openpyxl  # imported here: only files that need it pay for it

    check_used_range(path)
    try:
        with warnings.catch_warnings(), path.open("rb") as stream:
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            # a stream, not a path: the content decides the format, not the name (openpyxl refuses
            # a path whose suffix is not .xlsx)
            wb = openpyxl.load_workbook(stream, data_only=False, read_only=False)
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
        for rng in ws.merged_cells.ranges:  # total area bounded by check_used_range
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
        # only the cells the file holds (and merge anchors), never the rectangle up to the farthest one:
        # a stray cell at XFD1048576 would make that a billion positions
        held = {(c.row, c.column): c for c in ws._cells.values()}
        for r, c in merged:
            if (r, c) not in held:
                held[(r, c)] = ws.cell(row=r, column=c)
        for _pos, cell in sorted(held.items()):
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
        check_grid(max_row, max_col, f"工作表“{ws.title}”")
        blocks.append(Table(cells=cells, n_rows=max_row, n_cols=max_col, name=ws.title))
    wb.close()
    doc = Document(blocks=list(blocks), source_format="xlsx")
    if formula_cells:
        message = f"表格中有 {formula_cells} 个公式单元格，未计算，按空白处理。"
        doc.warnings.append(FieldWarning(field=None, code="formulas_not_evaluated", message=message))
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


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def _position(ref: str) -> tuple[int, int]:
    """(row, column), 1-based, of a reference such as 'XFD1048576'; (0, 0) when unreadable."""
    m = _REF.match(ref.strip().upper())
    if not m:
        return 0, 0
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _sheet_parts(zf: zipfile.ZipFile) -> list[str]:
    """The worksheet parts the workbook points to (where openpyxl will look), plus the usual folder."""
    from lxml import etree

    names = set(zf.namelist())
    found = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    if "xl/_rels/workbook.xml.rels" in names:
        rels = etree.fromstring(
            zf.read("xl/_rels/workbook.xml.rels"),
            etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False),
        )
        for rel in rels:
            target = rel.get("Target") or ""
            if (rel.get("Type") or "").endswith("/worksheet"):
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                if part in names:
                    found.add(part)
    return sorted(found)


def check_used_range(path: Path) -> None:
    """Refuse, before openpyxl builds anything, a sheet whose cells with content or merged ranges span
    more positions than the limit: openpyxl makes an object for every cell a merge covers, and the
    document model's grids are dense."""
    from lxml import etree

    limit = current().max_grid_cells
    try:
        with zipfile.ZipFile(path) as zf:
            sheets = _sheet_parts(zf)
            for name in sheets:
                rows = cols = merged_area = filled = 0
                with zf.open(name) as part:
                    for _event, el in etree.iterparse(
                        part,
                        events=("end",),
                        tag=(f"{_SHEET_NS}c", f"{_SHEET_NS}mergeCell"),
                        resolve_entities=False,
                        no_network=True,
                        load_dtd=False,
                    ):
                        if el.tag == f"{_SHEET_NS}c":
                            if len(el):  # a value, inline text or formula: the cell holds something
                                filled += 1
                                r, c = _position(el.get("r") or "")
                                rows, cols = max(rows, r), max(cols, c)
                        else:
                            first, _, last = (el.get("ref") or "").partition(":")
                            r0, c0 = _position(first)
                            r1, c1 = _position(last or first)
                            merged_area += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
                            rows, cols = max(rows, r0, r1), max(cols, c0, c1)
                        el.clear(keep_tail=False)
                        if merged_area > limit or filled > limit:
                            break
                where = f"工作表部件“{name.rsplit('/', 1)[-1]}”"
                if merged_area > limit:
                    raise too_large(
                        f"{where}的合并单元格共覆盖 {merged_area} 个单元格，超过上限 {limit} 个。"
                    )
                if filled > limit:
                    raise too_large(f"{where}有超过 {limit} 个有内容的单元格，超过上限。")
                check_grid(rows, cols, f"{where}的使用区域")
    except (zipfile.BadZipFile, EOFError, OSError, etree.XMLSyntaxError):
        return  # a broken part is reported by openpyxl with its own words
