"""The format-neutral document model: every reader produces it, every kind extractor reads only it.

A document is an ordered list of blocks. A block is a paragraph (one line or paragraph of text) or a
table (a grid of cells, where a merged cell is stored once at its top-left corner with its spans).
Readers for docx, PDF, xlsx and OCR all produce this model, so one kind extractor serves every format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jiangxin.core.warnings import FieldWarning


@dataclass(frozen=True, slots=True)
class PageBox:
    """Where a block stands on its page: 1-based page, then x0, top, x1, bottom in points from the
    page's top-left corner (for an image, its pixels at the resolution OCR took it to have)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table; a merged cell covers `rowspan` × `colspan` grid positions."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None
    # a table nested inside this cell (Word forms put the member list in a cell)
    tables: tuple[Table, ...] = ()
    box: PageBox | None = None  # set by readers that know it (OCR)


@dataclass(slots=True)
class Paragraph:
    """A paragraph or a line of text; `page` is 1-based where the format has pages."""

    text: str
    page: int | None = None
    style: str | None = None
    confidence: float | None = None
    box: PageBox | None = None  # set by readers that know it (OCR)


@dataclass(slots=True)
class Table:
    """A grid of cells. `cells` holds each distinct cell once; `grid()` maps positions to cells."""

    cells: list[Cell]
    n_rows: int
    n_cols: int
    name: str | None = None  # the sheet name for spreadsheets
    page: int | None = None
    _grid: list[list[Cell | None]] | None = field(default=None, repr=False, compare=False)

    def grid(self) -> list[list[Cell | None]]:
        """Row-major grid; every position covered by a merged cell points to that cell."""
        if self._grid is None:
            grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
            for cell in self.cells:
                for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                    for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                        grid[r][c] = cell
            self._grid = grid
        return self._grid

    def rows(self) -> list[list[Cell]]:
        """Each row's distinct cells, left to right (a merged cell appears in every row it spans)."""
        out: list[list[Cell]] = []
        for row in self.grid():
            seen: list[Cell] = []
            for cell in row:
                if cell is not None and (not seen or seen[-1] is not cell):
                    seen.append(cell)
            out.append(seen)
        return out

    def text_rows(self) -> list[list[str]]:
        """The grid as text, merged cells repeated in every position they cover ('' where empty)."""
        return [[c.text if c is not None else "" for c in row] for row in self.grid()]

    @classmethod
    def from_rows(cls, rows: list[list[str]], name: str | None = None) -> Table:
        """A table without merges from plain rows of text (ragged rows are padded)."""
        n_cols = max((len(r) for r in rows), default=0)
        cells = [Cell(text=text, row=r, col=c) for r, row in enumerate(rows) for c, text in enumerate(row)]
        return cls(cells=cells, n_rows=len(rows), n_cols=n_cols, name=name)


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """What a reader made of one file: blocks in reading order, plus where they came from."""

    blocks: list[Block]
    source_format: str  # docx, pdf, xlsx, image
    pages: int | None = None
    ocr: bool = False
    # what the reader noticed that the record should carry (formula cells skipped, pages unread …)
    warnings: list[FieldWarning] = field(default_factory=list)

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def lines(self) -> Iterator[str]:
        """Every piece of text in reading order: paragraphs, then each table row's cells joined by tabs."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block.text
            else:
                for row in block.rows():
                    yield "\t".join(c.text for c in row)

    def text(self) -> str:
        return "\n".join(self.lines())
