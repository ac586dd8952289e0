"""Lists typed as lines of text, their columns lined up by tabs or runs of spaces, become tables.

Not every list is a table: a clerk may type '成果名称　　完成单位　　完成人' line under line, with tab
stops or wide spaces between the columns, and a PDF printed from such a file has no ruling lines.
Consecutive lines that split into the same number (three or more) of fields form a table, so the
kind extractors read them as they read any grid. A short one-field line between such lines (a level
heading such as '二等奖（1项）') stays in the table as a row spanning every column, as a section row
of a ruled list would; the one just before the first row joins it too when the list has such rows.
Lines beside the run that split into another number of fields, or lines numbered as prose items
('1．张三　单位　职称'), mean the lines are not columns, and they are left as they are.
Lines of a form ('姓名：张三　　性别：男', '项　目　名　称：…') are not a list and are left alone.
"""

from __future__ import annotations

import re

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import strip_spaces

from .model import Block, Cell, Document, PageBox, Paragraph, Table

_GAP = LazyPattern(r"\t+|[ \u3000\u00a0]{2,}")
_LABELLED = LazyPattern(r"^[^：:]{1,12}[：:]")
_ENUMERATED = LazyPattern(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[．.、,，)）]\S")
_ONE_HAN = LazyPattern(r"^[\u4e00-\u9fff]$")
_MIN_FIELDS = 3
_MIN_ROWS = 2
_SECTION_MAX = 30  # a section heading between rows is short


def _fields(text: str) -> list[str]:
    parts = [p.strip() for p in _GAP.split(text.strip())]
    return [p for p in parts if p]


def _row_fields(text: str) -> list[str] | None:
    """The fields of a line that can be a list row, else None."""
    if "\t" not in text and not re.search(r"[ \u3000\u00a0]{2,}", text.strip()):
        return None
    if _ENUMERATED.match(text):
        return None  # '1．张三　单位　职称': an enumerated item of prose, one per line
    fields = _fields(text)
    if len(fields) < _MIN_FIELDS or _LABELLED.match(strip_spaces(text)):
        return None  # a form's line: '项　目　名　称：…', '姓名：张三　　性别：男'
    if sum(bool(_ONE_HAN.match(f)) for f in fields) * 2 > len(fields):
        return None  # a word spaced out letter by letter
    return fields


def tables_from_aligned_lines(doc: Document) -> Document:
    """`doc` with every run of aligned lines turned into one table (xlsx has no such lines)."""
    if doc.source_format == "xlsx" or not any(
        isinstance(b, Paragraph) and _row_fields(b.text) for b in doc.blocks
    ):
        return doc
    blocks = doc.blocks
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        run = _run(blocks, i)
        if run is None:
            out.append(blocks[i])
            i += 1
            continue
        start, end, table = run
        del out[len(out) - (i - start) :]  # a heading line taken into the table was already copied
        out.append(table)
        i = end
    if len(out) == len(blocks):
        return doc
    return Document(
        blocks=out, source_format=doc.source_format, pages=doc.pages, ocr=doc.ocr, warnings=doc.warnings
    )


def _run(blocks: list[Block], i: int) -> tuple[int, int, Table] | None:
    """The aligned list starting at block `i`: (first block, block after it, the table), or None."""
    first = blocks[i]
    if not isinstance(first, Paragraph) or (fields := _row_fields(first.text)) is None:
        return None
    width = len(fields)
    rows: list[list[str] | str] = [fields]
    boxes: list[PageBox | None] = [first.box]  # each row's line on the page, where the reader knew it
    j = i + 1
    pending: list[Paragraph] = []  # short one-field lines waiting for a following row
    while j < len(blocks):
        block = blocks[j]
        if not isinstance(block, Paragraph):
            break
        text = block.text.strip()
        got = _row_fields(block.text)
        if got is not None and len(got) == width:
            rows.extend(p.text.strip() for p in pending)
            boxes.extend(p.box for p in pending)
            pending = []
            rows.append(got)
            boxes.append(block.box)
        elif got is None and text and len(text) <= _SECTION_MAX and len(_fields(text)) == 1 and not pending:
            pending.append(block)
        elif not text and not pending:
            pass  # a blank line inside the list
        else:
            break
        j += 1
    j -= len(pending)
    data_rows = sum(isinstance(r, list) for r in rows)
    if data_rows < _MIN_ROWS or _ragged(blocks, i - 1) or _ragged(blocks, j):
        return None
    start = i
    before = blocks[i - 1] if i else None
    has_sections = any(isinstance(r, str) for r in rows)
    if (
        has_sections
        and isinstance(before, Paragraph)
        and 0 < len(before.text.strip()) <= _SECTION_MAX
        and len(_fields(before.text)) == 1
    ):
        rows.insert(0, before.text.strip())
        boxes.insert(0, before.box)
        start = i - 1
    while j > i and isinstance(blocks[j - 1], Paragraph) and not blocks[j - 1].text.strip():  # type: ignore[union-attr]
        j -= 1
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        if isinstance(row, str):
            cells.append(Cell(text=row, row=r, col=0, colspan=width, box=boxes[r]))
        else:
            cells.extend(Cell(text=t, row=r, col=c, box=boxes[r]) for c, t in enumerate(row))
    page = first.page
    return start, j, Table(cells=cells, n_rows=len(rows), n_cols=width, page=page)


def _ragged(blocks: list[Block], k: int) -> bool:
    """The line beside a run also splits into columns, only not as many: the lines are not one list
    in columns (a padded name, '张　　三', splits where a column does not)."""
    if not 0 <= k < len(blocks):
        return False
    block = blocks[k]
    return isinstance(block, Paragraph) and _row_fields(block.text) is not None
