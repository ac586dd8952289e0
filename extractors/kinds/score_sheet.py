"""Read a returned 评审评分表 (written by `jiangxin assign`) into a `ScoreSheetData`, checking it on the way.

The sheet carries a very hidden copy of its locked values (JSON) and the copy's SHA-256. Reading
compares the visible locked cells with the copy and the copy with its hash, so an edited title, unit,
reviewer or criterion is reported; scores outside 0..max or not numbers are reported too. A sheet with
problems is still stored (the office sees why), but the review never counts it.
"""

from __future__ import annotations

import json
import math

from jiangxin.core import sheet_layout as L
from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import ScoreCriterionData, ScoreRowData, ScoreSheetData
from jiangxin.core.text import nfkc
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..errors import ErrorClass, ExtractionError
from ..model import Document, Table
from . import KindResult

_CRITERION_HEADER = LazyPattern(r"^(.+?)[（(]\s*0\s*[–\-~～至]\s*([\d.]+)\s*[）)]$")


def _check_table(doc: Document) -> Table | None:
    for table in doc.tables():
        rows = table.text_rows()
        if rows and rows[0] and rows[0][0] == L.MARKER:
            return table
    return None


def _visible_table(doc: Document) -> Table | None:
    return next((t for t in doc.tables() if t.name == L.SHEET), None)


def looks_like_score_sheet(doc: Document) -> bool:
    """Our score sheet: the hidden check sheet, or a 评分表 sheet laid out as we write it."""
    if _check_table(doc) is not None:
        return True
    visible = _visible_table(doc)
    if visible is None:
        return False
    rows = visible.text_rows()
    if len(rows) < L.HEADER_ROW:
        return False
    header = rows[L.HEADER_ROW - 1]
    return rows[L.REVIEWER_ROW - 1][:1] == [L.REVIEWER_LABELS[0]] and list(header[:2]) == list(
        L.FIXED_HEADERS[:2]
    )


def _cell(grid: list[list[str]], row: int, col: int) -> str:
    """The text at 1-based (row, col), '' outside the grid."""
    if row - 1 < len(grid) and col - 1 < len(grid[row - 1]):
        return grid[row - 1][col - 1].strip()
    return ""


def _same(actual: str, expected: str) -> bool:
    # the xlsx reader reads any text beginning with '=' as an (unevaluated) formula, i.e. empty
    return actual == expected.strip() or (expected.startswith("=") and actual == "")


def _score(text: str, maximum: float, where: str, problems: list[str]) -> float | None:
    if text == "" or text in L.NOT_APPLICABLE:
        return None
    try:
        value = float(nfkc(text).replace(" ", ""))
    except ValueError:
        problems.append(f"{where}填写为“{text}”，不是数字")
        return None
    if not math.isfinite(value) or not 0 <= value <= maximum:
        problems.append(f"{where}得分 {text} 超出 0–{maximum:g} 分的范围")
    return value if math.isfinite(value) else None


def _from_check(grid: list[list[str]], content: L.LockedContent, problems: list[str]) -> list[ScoreRowData]:
    expected_top = dict(
        zip(L.REVIEWER_LABELS, (content.reviewer, content.reviewer_unit, str(content.year)), strict=True)
    )
    for label, (_, col) in L.REVIEWER_CELLS.items():
        actual = _cell(grid, L.REVIEWER_ROW, col)
        if not _same(actual, expected_top[label]):
            problems.append(f"锁定单元格被修改：“{label}”原为“{expected_top[label]}”，现为“{actual}”")
    headers = L.headers(content.criteria)
    for col, value in enumerate(headers, start=1):
        actual = _cell(grid, L.HEADER_ROW, col)
        if not _same(actual, value):
            problems.append(f"锁定单元格被修改：第{L.HEADER_ROW}行表头原为“{value}”，现为“{actual}”")
    rows: list[ScoreRowData] = []
    first_score = len(L.FIXED_HEADERS) + 1
    for n, locked in enumerate(content.rows):
        r = L.FIRST_ROW + n
        for col, value in enumerate(locked.cells(), start=1):
            actual = _cell(grid, r, col)
            if not _same(actual, value):
                problems.append(
                    f"锁定单元格被修改：第{r}行“{L.FIXED_HEADERS[col - 1]}”原为“{value}”，现为“{actual}”"
                )
        scores = {
            name: _score(
                _cell(grid, r, first_score + k), maximum, f"第{r}行《{locked.title}》“{name}”", problems
            )
            for k, (name, maximum) in enumerate(content.criteria)
        }
        rows.append(
            ScoreRowData(
                application_id=locked.application_id, title=locked.title, unit=locked.unit, scores=scores
            )
        )
    last_row = L.FIRST_ROW + len(content.rows) - 1
    for r in range(last_row + 1, len(grid) + 1):
        extra = [t for t in grid[r - 1] if t.strip()]
        if extra:
            problems.append(f"评分表第{r}行多出内容“{'、'.join(extra)[:40]}”（评分表的行不能增删）")
    return rows


def _without_check(
    grid: list[list[str]], problems: list[str]
) -> tuple[list[tuple[str, float]], list[ScoreRowData]]:
    """Read a sheet whose check copy is gone: the scores are listed, the sheet is never counted."""
    problems.append("缺少校验信息（可能不是系统生成的评分表，或被复制到了新文件），无法确认锁定内容未被修改")
    criteria: list[tuple[str, float]] = []
    first_score = len(L.FIXED_HEADERS) + 1
    col = first_score
    while m := _CRITERION_HEADER.match(_cell(grid, L.HEADER_ROW, col)):
        criteria.append((m.group(1), float(m.group(2))))
        col += 1
    rows: list[ScoreRowData] = []
    for r in range(L.FIRST_ROW, len(grid) + 1):
        title, ident = _cell(grid, r, 2), _cell(grid, r, 1)
        if not title and not ident:
            continue
        scores = {
            name: _score(_cell(grid, r, first_score + k), maximum, f"第{r}行《{title}》“{name}”", problems)
            for k, (name, maximum) in enumerate(criteria)
        }
        rows.append(
            ScoreRowData(
                application_id=int(ident) if ident.isdigit() else None, title=title,
                unit=_cell(grid, r, 3) or None, scores=scores,
            )
        )  # fmt: skip
    return criteria, rows


def extract_score_sheet(doc: Document, ctx: ExtractContext) -> KindResult:
    visible = _visible_table(doc)
    if visible is None:
        raise ExtractionError(ErrorClass.UNKNOWN_KIND, f"评分表中找不到名为“{L.SHEET}”的工作表。")
    grid = visible.text_rows()
    problems: list[str] = []
    check = _check_table(doc)
    content: L.LockedContent | None = None
    year: int | None
    if check is not None:
        text = _cell(check.text_rows(), 2, 2)
        stamp = _cell(check.text_rows(), 3, 2)
        if L.digest(text) != stamp:
            problems.append("校验信息被改动（与其摘要不符），无法确认锁定内容未被修改")
        try:
            content = L.LockedContent.from_json(text)
        except (ValueError, KeyError, TypeError, IndexError, json.JSONDecodeError):
            problems.append("校验信息无法读取")
    if content is not None:
        rows = _from_check(grid, content, problems)
        criteria = list(content.criteria)
        reviewer, unit, year = content.reviewer, content.reviewer_unit, content.year
    else:
        criteria, rows = _without_check(grid, problems)
        reviewer = _cell(grid, L.REVIEWER_ROW, L.REVIEWER_CELLS["评审专家"][1])
        unit = _cell(grid, L.REVIEWER_ROW, L.REVIEWER_CELLS["单位"][1])
        year_text = _cell(grid, L.REVIEWER_ROW, L.REVIEWER_CELLS["年度"][1])
        year = int(year_text) if year_text.isdigit() else ctx.year
    if not reviewer:
        raise ExtractionError(ErrorClass.UNKNOWN_KIND, "评分表中没有评审专家姓名，无法确认是谁的评分。")
    sheet = ScoreSheetData(
        year=year,
        reviewer=reviewer,
        reviewer_unit=unit or None,
        criteria=[ScoreCriterionData(name=n, max=m) for n, m in criteria],
        rows=rows,
        problems=problems,
    )
    warnings = [FieldWarning(field="problems", code="sheet_problem", message=p) for p in problems]
    if problems:
        warnings.append(
            FieldWarning.of(
                "problems", "not_counted", "本评分表有上述问题，汇总时不计入，请专家修正后重新提交"
            )
        )
    return KindResult(data=sheet, warnings=warnings)
