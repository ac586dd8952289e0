"""A list over three pages, written here: the header printed again on every page and a row cut by a
page break. Word files made of one table per page and PDFs printed by LibreOffice from one long
table give the same awards, one per row, with wrapped names kept as one list."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from extractors import extract_file
from extractors.model import Table
from extractors.readers import READERS
from jiangxin.core.office import convert_many

HEADER = ["序号", "成果名称", "完成单位", "主要完成人", "等级"]
UNITS = [
    "国网兰州供电公司",
    "国网酒泉供电公司输电运检中心",
    "国网天水供电公司",
    "酒泉钢铁（集团）有限责任公司",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰晓东志宏海波云飞鹏辉林斌宇浩凯"
WORDS = [
    "配电",
    "变电站",
    "输电线路",
    "电缆终端",
    "计量装置",
    "智能巡检",
    "带电作业",
    "故障定位",
    "接地检测",
    "防误操作",
]
ENDS = ["辅助装置", "监测系统", "检测方法", "专用工具", "评估方法", "管控平台"]


def _rows(
    rng: random.Random, n: int, sizes: list[int] | None = None, given: tuple[int, int] = (1, 2)
) -> list[tuple[str, str, list[str], str]]:
    """(title, unit, names, level) per row; long titles and name lists wrap inside their cells.
    `sizes` gives the number of names row by row (3 to 6 at random otherwise)."""
    seen: set[str] = set()
    out = []
    for i in range(n):
        names: list[str] = []
        size = sizes[i % len(sizes)] if sizes else rng.randint(3, 6)
        while len(names) < size:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(*given)))
            if name not in seen:
                seen.add(name)
                names.append(name)
        title = "基于" + "与".join(rng.sample(WORDS, 3)) + f"的第{i + 1}代" + rng.choice(ENDS)
        out.append((title, rng.choice(UNITS), names, ["一等奖", "二等奖", "三等奖"][min(2, i * 3 // n)]))
    return out


def _expected(rows: list[tuple[str, str, list[str], str]]) -> list[tuple[Any, ...]]:
    return [(level, "achievement", names, unit, title) for title, unit, names, level in rows]


def _keys(path: Path) -> list[tuple[Any, ...]]:
    out = extract_file(path).to_json()
    assert out.get("kind") == "result_sheet", out
    return [(a["level"], a["scope"], a["names"], a["unit"], a["title"]) for a in out["awards"]]


def _fill(cells: Any, values: list[str]) -> None:
    for cell, text in zip(cells, values, strict=True):
        cell.text = text


def _values(i: int, row: tuple[str, str, list[str], str]) -> list[str]:
    title, unit, names, level = row
    return [str(i + 1), title, unit, "、".join(names), level]


def test_word_tables_one_per_page_with_repeated_headers_and_a_cut_row(tmp_path: Path) -> None:
    rows = _rows(random.Random(3), 12)
    doc = WordDocument()
    doc.add_paragraph("2026年国网甘肃省电力公司五小创新成果获奖名单")
    pages = [rows[:5], rows[5:9], rows[9:]]
    start = 0
    for p, chunk in enumerate(pages):
        if p:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_paragraph("续表")
        table = doc.add_table(rows=1, cols=len(HEADER))
        _fill(table.rows[0].cells, HEADER)
        for k, row in enumerate(chunk):
            values = _values(start + k, row)
            if p == 1 and k == len(chunk) - 1:
                # the last row of page 2 is cut: its title and names end at the top of page 3
                title, names = values[1], row[2]
                values[1], values[3] = title[:7], "、".join(names[:2]) + "、"
                _fill(table.add_row().cells, values)
                cut = ["", title[7:], "", "、".join(names[2:]), ""]
                continue
            _fill(table.add_row().cells, values)
        if p == 2:
            # page 3 begins with the header again, then the rest of the cut row
            first = table.rows[1]._tr
            extra = table.add_row()
            _fill(extra.cells, cut)
            first.addprevious(extra._tr)
        start += len(chunk)
    doc.save(str(tmp_path / "pages.docx"))
    assert _keys(tmp_path / "pages.docx") == _expected(rows)


def _long_word_table(path: Path, rows: list[tuple[str, str, list[str], str]], *, repeat_header: bool) -> None:
    """One Word table over several pages whose rows may break; its header repeats on each page
    when `repeat_header` is set."""
    doc = WordDocument()
    doc.add_paragraph("2026年国网甘肃省电力公司五小创新成果获奖名单")
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    _fill(table.rows[0].cells, HEADER)
    if repeat_header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for i, row in enumerate(rows):
        _fill(table.add_row().cells, _values(i, row))
    widths = [0.5, 2.2, 1.6, 1.3, 0.7]  # inches: titles and name lists wrap over several lines
    for row in table.rows:
        for cell, inches in zip(row.cells, widths, strict=True):
            cell.width = int(inches * 914400)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(14)
    doc.save(str(path))


def _cut_rows(path: Path) -> int:
    """Rows the PDF reader sees cut by a page break: a page's table whose first row after the
    header has no 序号."""
    doc = READERS["pdf"](path)
    count = 0
    for table in (b for b in doc.blocks if isinstance(b, Table)):
        grid = table.text_rows()
        body = grid[1:] if grid and grid[0][0].strip() == "序号" else grid
        count += bool(body) and not body[0][0].strip() and any(t.strip() for t in body[0])
    return count


@pytest.mark.soffice
@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "header-once"])
def test_pdf_over_three_pages_with_rows_cut_by_page_breaks(tmp_path: Path, repeat_header: bool) -> None:
    rows = _rows(random.Random(11), 24)
    _long_word_table(tmp_path / "long.docx", rows, repeat_header=repeat_header)
    (pdf,) = convert_many([tmp_path / "long.docx"], "pdf", tmp_path)
    assert (READERS["pdf"](pdf).pages or 0) >= 3
    assert _cut_rows(pdf) >= 1, "the fixture must cut a row at a page break"
    assert _keys(pdf) == _expected(rows)


@pytest.mark.soffice
@pytest.mark.parametrize(
    "sizes",
    [[2, 6, 2], [6, 6, 2]],
    ids=["beside-one-line-cells", "two-wrapped-cells-printed-over-each-other"],
)
def test_pdf_of_a_workbook_whose_wrapped_names_overflow_fixed_row_heights(
    tmp_path: Path, sizes: list[int]
) -> None:
    """Printed with fixed row heights, a two-line cell centred on its row crosses the rules above and
    below it, its lines beside its neighbours' lines, or, where the neighbour wraps too, printed
    over the neighbour's first line: every line still belongs to its own row."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    rows = _rows(random.Random(5), 10, sizes=sizes, given=(2, 2))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年酒泉市职工五小创新成果获奖名单"])
    ws.append(HEADER)
    for i, row in enumerate(rows):
        values: list[Any] = _values(i, row)
        values[0] = i + 1
        ws.append(values)
    for col, width in zip("ABCDE", [6, 44, 30, 22, 8], strict=True):
        ws.column_dimensions[col].width = width
    rule = Side(style="thin")
    for r in range(2, 3 + len(rows)):
        for c in range(1, len(HEADER) + 1):
            ws.cell(row=r, column=c).border = Border(left=rule, right=rule, top=rule, bottom=rule)
        if r > 2:
            ws.row_dimensions[r].height = 15  # one line high, whatever the cell holds
            ws.cell(row=r, column=4).alignment = Alignment(wrap_text=True, vertical="center")
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(tmp_path / "fixed.xlsx")
    (pdf,) = convert_many([tmp_path / "fixed.xlsx"], "pdf", tmp_path)
    assert _keys(pdf) == _expected(rows)
