"""Small Word and Excel files written inside a test, in exactly the shape the test is about."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document as WordDocument

Rows = Sequence[Sequence[Any]]


def workbook(path: Path, sheets: Rows | dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx of the given rows (one sheet), or of named sheets in order, with merged ranges per sheet."""
    named = sheets if isinstance(sheets, dict) else {"Sheet": sheets}
    wb = openpyxl.Workbook()
    for i, (title, rows) in enumerate(named.items()):
        ws = wb.active if i == 0 else wb.create_sheet(title)
        assert ws is not None
        ws.title = title
        for row in rows:
            ws.append(list(row))
        for cells in (merges or {}).get(title, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def word(
    path: Path, head: Sequence[str], sections: Sequence[tuple[str | None, Sequence[str], Rows]] = ()
) -> Path:
    """A .docx: `head` paragraphs, then per section an optional heading paragraph and a table of a
    header row and rows."""
    doc = WordDocument()
    for text in head:
        doc.add_paragraph(text)
    for heading, header, rows in sections:
        if heading is not None:
            doc.add_paragraph(heading)
        table = doc.add_table(rows=0, cols=len(header))
        for values in (header, *rows):
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    doc.save(str(path))
    return path
