"""Columns of a list whose header words are unfamiliar, typed by what their cells hold.

A sheet headed '职工名字 | 所属基层单位 | 获得奖项' names none of the usual columns (columns.toml),
yet its cells say what each column is: lists of two-to-four-character names, organisation names
(…公司, …中心, …班), prize or outcome words (一等奖, 入驻), running numbers, or longer titles. A column
takes the type most of its cells have; the header is the row above the first row that fits.
"""

from __future__ import annotations

from collections import Counter

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import key

from ..model import Table
from .awards import is_level, parse_heading, parse_outcome, parse_rank
from .result_columns import Header
from .result_text import is_placeholder, tidy

_SERIAL = LazyPattern(r"^\d{1,4}$")
_DATE = LazyPattern(r"^\d{4}(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?|月)?|年)$")
_UNIT = LazyPattern(
    r"(公司|分公司|中心|室|部|站|所|厂|局|院|队|班|组|学校|学院|大学|工会|委员会|集团|车间|协会|学会|处|科)$"
)
_NAME = LazyPattern(r"^[\u4e00-\u9fff·]{2,4}$")
_NAME_SPLIT = LazyPattern(r"[、，,；;/／\s]+")
_MIN_ROWS = 2
_SHARE = 0.6  # a column's type is the one at least this share of its filled cells have


def cell_type(text: str) -> str | None:
    """'serial', 'level', 'rank', 'date', 'unit', 'name' or 'title' by content; None for anything else."""
    t = tidy(text)
    if not t or is_placeholder(t):
        return None
    if _SERIAL.match(t):
        return "serial"
    if len(t) <= 12:
        if ("名" in t or "第" in t) and parse_rank(t) is not None:
            return "rank"
        outcome = parse_outcome(t)
        if outcome.level is not None and is_level(outcome.level):
            return "level"
    if len(t) <= 12 and _DATE.match(t):
        return "date"  # a 获奖时间 column: never a title
    if 3 <= len(t) <= 40 and _UNIT.search(t) and "、" not in t:
        return "unit"
    pieces = [p for p in _NAME_SPLIT.split(t) if p]
    if pieces and len(t) <= 60 and all(_NAME.match(p) for p in pieces):
        return "name"
    if len(t) >= 6:
        return "title"
    return None


def infer_header(table: Table, *, outcome_stated: bool = False) -> Header | None:
    """A header for a list whose columns are known only by their content, or None when the cells
    do not make a list of awards: a level or rank column beside names, units or titles, or, when
    the list's title states its outcome (`outcome_stated`), titles beside units or names."""
    grid = table.text_rows()
    typed = [[cell_type(t) for t in row] for row in grid]
    rows = [r for r, row in enumerate(typed) if sum(t is not None for t in row) >= 2]
    if len(rows) < _MIN_ROWS:
        return None
    roles: dict[str, int] = {}
    for col in range(table.n_cols):
        # a merged title row repeats one text over every column: it says nothing of a column
        found = Counter(t for r in rows if (t := typed[r][col]) is not None and _own(grid[r], col))
        if not found:
            continue
        kind, count = found.most_common(1)[0]
        if count >= _SHARE * sum(found.values()) and count >= _MIN_ROWS and kind not in ("serial", "date"):
            roles.setdefault(kind, col)
    graded = bool(roles.keys() & {"level", "rank"}) and bool(roles.keys() & {"name", "unit", "title"})
    listed = outcome_stated and "title" in roles and bool(roles.keys() & {"name", "unit"})
    if not (graded or listed):
        return None
    first = next(r for r in rows if sum(typed[r][c] == k for k, c in roles.items()) >= 2)
    header_row = first - 1
    if header_row >= 0 and _is_section_row(table, header_row):
        header_row -= 1  # a level heading ('一等奖（2项）') over the first rows is data, not the header
    texts = tuple(key(t) for t in grid[header_row]) if header_row >= 0 else ()
    return Header(row=header_row, roles=roles, texts=texts)


def _own(row: list[str], col: int) -> bool:
    """The cell is not a copy of its neighbour's merged text."""
    return not ((col > 0 and row[col - 1] == row[col]) or (col + 1 < len(row) and row[col + 1] == row[col]))


def _is_section_row(table: Table, row: int) -> bool:
    """A row that is one cell across the table holding a level heading."""
    cells = [c for c in table.rows()[row] if c.text.strip()]
    if len(cells) != 1 or cells[0].colspan < table.n_cols:
        return False
    heading = parse_heading(cells[0].text)
    return heading is not None and heading.level is not None
