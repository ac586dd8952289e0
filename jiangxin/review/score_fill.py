"""Typing scores into a reviewer's score sheet, as the reviewer would in Excel (the web page's scores
are written this way, and the example year's returned sheets too)."""

from __future__ import annotations

from pathlib import Path

from ..core import sheet_layout as L


def fill_score_sheet(path: Path, scores: dict[int, dict[str, float | str | None]], out: Path) -> Path:
    """A reviewer's work: open their sheet, type scores into the open cells (by application id and
    criterion), save as `out`. Locked cells are left alone, as Excel would."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[L.SHEET]
    headers = [ws.cell(row=L.HEADER_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    columns = {str(h).split("（")[0]: c for c, h in enumerate(headers, start=1) if h}
    for r in range(L.FIRST_ROW, ws.max_row + 1):
        ident = ws.cell(row=r, column=1).value
        if ident is None or int(ident) not in scores:
            continue
        for name, value in scores[int(ident)].items():
            ws.cell(row=r, column=columns[name]).value = value
    wb.save(out)
    return out
