"""Text lines and ruled grids of one page turned into document blocks: tables and paragraphs.

Each line goes to the cell that holds its centre (a line the detector ran across a cell edge is cut
there first), lines in a cell or outside tables are joined in reading order, and every block
carries the probability of its weakest character as its confidence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Block, Cell, PageBox, Paragraph, Table
from .blocks import OcrCell, OcrParagraph
from .engine import TextLine
from .ruling import Grid
from .seal import Seal
from .wrapping import Row, joined, rejoin, restore_heading_marks, visual_rows

# style of the empty marker paragraph a seal leaves; `OPINION` when it sits in the 单位意见 area
SEAL_STYLE = "ocr:seal"
SEAL_OPINION_STYLE = "ocr:seal:opinion"
# words that mark the area where a unit states its opinion and stamps
_OPINION_WORDS = ("意见", "盖章", "公章", "签章")
_OPINION_LABEL = "意见"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)\s*$"
)
_MARGIN_BAND = 0.08
# a box in the pixels of the image read (x0, y0, x1, y1) → where it stands on the page
ToPage = Callable[[tuple[float, float, float, float]], PageBox]


@dataclass(slots=True)
class _Placed:
    top: float
    block: Block


def page_blocks(
    lines: Sequence[TextLine],
    grids: Sequence[Grid],
    seals: Sequence[Seal],
    page: int,
    page_height: float,
    to_page: ToPage | None = None,
) -> list[Block]:
    """The page's blocks in reading order, seal markers last; with `to_page`, each paragraph and
    cell carries its box on the page."""
    boundaries = [x for g in grids for x in g.xs[1:-1]]
    pieces = [p for line in lines for p in split_at(line, boundaries, grids)]
    placed: list[_Placed] = []
    taken: set[int] = set()
    tables: list[tuple[Grid, Table]] = []
    for grid in grids:
        table = _table(grid, pieces, taken, page, to_page)
        tables.append((grid, table))
        placed.append(_Placed(grid.ys[0], table))
    free = [p for i, p in enumerate(pieces) if i not in taken]
    rows = visual_rows(free)
    restore_heading_marks(rows)
    if rows:
        left = min([r.x0 for r in rows] + [g.xs[0] for g in grids])
        right = max([r.x1 for r in rows] + [g.xs[-1] for g in grids])
        for row in rejoin(rows, left, right):
            band = _band(row.first_top, row.bottom, page_height)
            text, conf = joined([row])
            if band and _PAGE_NUMBER.match(text):
                continue
            box = to_page((row.x0, row.first_top, max(row.reach, row.x1), row.bottom)) if to_page else None
            block = OcrParagraph(
                text=text, page=page, confidence=min(conf), box=box, char_conf=conf, band=band
            )
            placed.append(_Placed(row.first_top, block))
    placed.sort(key=lambda p: p.top)
    blocks = [p.block for p in placed]
    for seal in seals:
        opinion = _in_opinion_area(seal, tables, free)
        blocks.append(Paragraph(text="", page=page, style=SEAL_OPINION_STYLE if opinion else SEAL_STYLE))
    return blocks


def split_at(line: TextLine, boundaries: Sequence[float], grids: Sequence[Grid]) -> list[TextLine]:
    """Cut a line where it runs across a cell edge (known character centres give the cut)."""
    if len(line.char_x) != len(line.text) or len(line.text) < 2:
        return [line]
    cy = line.centre[1]
    cuts = sorted(
        x
        for g in grids
        if g.ys[0] <= cy <= g.ys[-1]
        for x in g.xs[1:-1]
        if line.box[0] + line.height / 2 < x < line.box[2] - line.height / 2
    )
    if not cuts or not boundaries:
        return [line]
    out: list[TextLine] = []
    start = 0
    edges = [line.box[0], *cuts, line.box[2]]
    for left, right in itertools.pairwise(edges):
        idx = [i for i in range(start, len(line.text)) if left <= line.char_x[i] < right]
        if not idx:
            continue
        a, b = idx[0], idx[-1] + 1
        start = b
        out.append(
            TextLine(
                text=line.text[a:b],
                box=(max(left, line.box[0]), line.box[1], min(right, line.box[2]), line.box[3]),
                char_conf=line.char_conf[a:b],
                char_x=line.char_x[a:b],
            )
        )
    return [p for p in out if p.text.strip()] or [line]


def _table(
    grid: Grid, pieces: Sequence[TextLine], taken: set[int], page: int, to_page: ToPage | None
) -> Table:
    x0, y0, x1, y1 = grid.bbox
    inside = [
        i
        for i, p in enumerate(pieces)
        if x0 <= p.centre[0] <= x1 and y0 <= p.centre[1] <= y1 and i not in taken
    ]
    cells: list[Cell] = []
    for cell in grid.cells:
        cx0, cy0, cx1, cy1 = grid.cell_box(cell)
        mine = [i for i in inside if cx0 <= pieces[i].centre[0] < cx1 and cy0 <= pieces[i].centre[1] < cy1]
        taken.update(mine)
        rows = visual_rows([pieces[i] for i in mine])
        # the cell's inner padding, from its left side, is taken as equal on the right
        pad = min((max(r.x0 - cx0, 0.0) for r in rows), default=0.0)
        pad = min(pad, 1.5 * max((r.size for r in rows), default=0.0))
        text, conf = joined(rejoin(rows, None, cx1 - pad))
        cells.append(
            OcrCell(
                text=text,
                row=cell.row,
                col=cell.col,
                rowspan=cell.rowspan,
                colspan=cell.colspan,
                confidence=min(conf) if conf else None,
                box=to_page(_text_box(rows) or (cx0, cy0, cx1, cy1)) if to_page else None,
                char_conf=conf,
            )
        )
    return Table(cells=cells, n_rows=len(grid.ys) - 1, n_cols=len(grid.xs) - 1, page=page)


def _text_box(rows: Sequence[Row]) -> tuple[float, float, float, float] | None:
    """Where a cell's text stands (None for an empty cell): on a tilted page the cell's upright box
    would reach into the rows above and below, the text's box hardly does."""
    if not rows:
        return None
    return (
        min(r.x0 for r in rows),
        min(r.top for r in rows),
        max(r.x1 for r in rows),
        max(r.bottom for r in rows),
    )


def _band(top: float, bottom: float, page_height: float) -> str:
    """'head' or 'foot' for a line in the top or bottom margin of the page, else ''."""
    if bottom < page_height * _MARGIN_BAND:
        return "head"
    if top > page_height * (1 - _MARGIN_BAND):
        return "foot"
    return ""


def is_seal_marker(block: Block) -> bool:
    """The empty paragraph a seal leaves (kept at the end of the document, where it cannot come
    between the two halves of a table row split by a page break)."""
    return isinstance(block, Paragraph) and block.style in (SEAL_STYLE, SEAL_OPINION_STYLE)


def drop_running_lines(pages: Sequence[list[Block]]) -> list[list[Block]]:
    """Each page's blocks without head and foot lines repeated on several pages (digits ignored,
    so '第 1 页' and '第 2 页' are the same line), as the PDF reader drops them."""

    def key(block: OcrParagraph) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", block.text))

    running = Counter(key(b) for blocks in pages for b in blocks if isinstance(b, OcrParagraph) and b.band)
    return [
        [
            b
            for b in blocks
            if not (isinstance(b, OcrParagraph) and b.band and len(pages) > 1 and running[key(b)] > 1)
        ]
        for blocks in pages
    ]


def _in_opinion_area(seal: Seal, tables: Sequence[tuple[Grid, Table]], free: Sequence[TextLine]) -> bool:
    """The seal sits on a table cell about the unit's opinion and stamp (its own text, its row's
    label or the cell above says 意见 or 盖章), or, off the tables, below a line naming the opinion
    (a cover page's '申报单位（盖章）' is not the opinion area)."""
    sx, sy = seal.centre
    for grid, table in tables:
        x0, y0, x1, y1 = grid.bbox
        overlaps = seal.box[0] < x1 and seal.box[2] > x0 and seal.box[1] < y1 and seal.box[3] > y0
        if not overlaps:
            continue
        # a seal straddling the table's edge belongs to the cell nearest its centre
        px, py = min(max(sx, x0), x1 - 1), min(max(sy, y0), y1 - 1)
        for gcell in grid.cells:
            cx0, cy0, cx1, cy1 = grid.cell_box(gcell)
            if not (cx0 <= px < cx1 and cy0 <= py < cy1):
                continue
            rows = range(gcell.row, gcell.row + gcell.rowspan)
            nearby = [
                c
                for c in table.cells
                if any(c.row <= r < c.row + c.rowspan for r in rows) and c.col <= gcell.col
            ]
            if gcell.row > 0:
                above = table.grid()[gcell.row - 1][gcell.col]
                if above is not None:
                    nearby.append(above)
            if any(w in c.text for c in nearby for w in _OPINION_WORDS):
                return True
    labels = [ln for ln in free if _OPINION_LABEL in ln.text and ln.box[1] <= sy]
    return bool(labels) and sy - max(ln.box[1] for ln in labels) < 3 * (seal.box[3] - seal.box[1])
