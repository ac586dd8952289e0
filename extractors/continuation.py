"""Tables that run over several pages become one table again, whatever the reader.

A long list printed over pages arrives as one table per page: the header row printed again on
each page, and a row cut by the page break arriving as two pieces (the end of a title or a name
list in a row whose 序号 is empty). Word documents made from such prints look the same. This step
works on the format-neutral blocks, so the PDF, Word and OCR readers share it:

- a table that follows another with nothing but blank lines (or a '续表' line) between them, with
  the same number of columns, and that begins by repeating the first one's header rows, continues
  it (the repeated header is dropped); so does a PDF table at the top of the next page that has no
  header of its own;
- the first row of the continuation is joined to the last row before the break when it is a piece
  of that row: columns filled in every row so far (序号, 单位) are empty in it, and what it holds
  lies in columns the last row also fills.
"""

from __future__ import annotations

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import strip_spaces

from .model import Block, Cell, Document, Paragraph, Table

_CONTINUED = LazyPattern(r"^[（(]?\s*续\s*(?:表|上表|前表)?\s*[）)]?\s*[:：]?$")
_HEADER_ROWS = 3  # a repeated header is at most this many rows
_KEY_ROWS = 5  # rows before the break that show which columns every row fills
_LIST_END = tuple("、，,；;/／")


def join_continued_tables(doc: Document) -> Document:
    """`doc` with every table continued over a page break joined to the table it continues."""
    if doc.source_format == "xlsx" or sum(isinstance(b, Table) for b in doc.blocks) < 2:
        return doc
    out: list[Block] = []
    last_table: int | None = None  # index in `out` of a table only blank lines follow
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            if not _blank(block.text):
                last_table = None
            continue
        if last_table is not None:
            joined = _continue(out[last_table], block, pdf=doc.source_format == "pdf")  # type: ignore[arg-type]
            if joined is not None:
                del out[last_table:]
                out.append(joined)
                last_table = len(out) - 1
                continue
        out.append(block)
        last_table = len(out) - 1
    if len(out) == len(doc.blocks):
        return doc
    return Document(
        blocks=out, source_format=doc.source_format, pages=doc.pages, ocr=doc.ocr, warnings=doc.warnings
    )


def _blank(text: str) -> bool:
    stripped = strip_spaces(text)
    return not stripped or bool(_CONTINUED.match(stripped))


def _key(row: list[str]) -> tuple[str, ...]:
    return tuple(strip_spaces(t) for t in row)


def _continue(first: Table, nxt: Table, *, pdf: bool) -> Table | None:
    """`first` with `nxt` appended when `nxt` continues it, else None."""
    if first.n_cols != nxt.n_cols or first.n_cols < 2 or nxt.n_rows == 0:
        return None
    if first.page is not None and nxt.page is not None and nxt.page <= first.page:
        return None  # two tables on one page are two lists
    head = [_key(r) for r in first.text_rows()[:_HEADER_ROWS]]
    rows = [_key(r) for r in nxt.text_rows()]
    skip = 0
    if any(rows[0]) and rows[0] in head:
        start = head.index(rows[0])
        while skip < len(rows) and start + skip < len(head) and rows[skip] == head[start + skip]:
            skip += 1
    elif not _next_page(first, nxt, pdf=pdf) or _has_own_header(nxt):
        return None
    return _append(first, nxt, skip)


def _next_page(first: Table, nxt: Table, *, pdf: bool) -> bool:
    return pdf and first.page is not None and nxt.page is not None and nxt.page == first.page + 1


def _has_own_header(table: Table) -> bool:
    """A first row of short labels with no digits over rows that hold digits: a header of its own."""
    rows = table.text_rows()
    if len(rows) < 2:
        return False
    first = [t.strip() for t in rows[0] if t.strip()]
    below = " ".join(t for r in rows[1:] for t in r)
    return (
        len(first) >= 2
        and all(len(t) <= 8 and not any(ch.isdigit() for ch in t) for t in first)
        and any(ch.isdigit() for ch in below)
    )


def _append(first: Table, nxt: Table, skip: int) -> Table:
    cells = list(first.cells)
    grid = first.grid()
    body = [c for c in nxt.cells if c.row >= skip]
    piece_row = skip if skip < nxt.n_rows else None
    if piece_row is not None and _is_piece(first, nxt, piece_row):
        last = first.n_rows - 1
        pieces = {c.col: c for c in body if c.row == piece_row}
        for col, piece in pieces.items():
            target = grid[last][col]
            if target is None or not piece.text.strip():
                continue
            index = cells.index(target)
            cells[index] = _joined(cells[index], piece.text)
        body = [c for c in body if c.row != piece_row]
        skip += 1
    offset = first.n_rows - skip
    for c in body:
        cells.append(
            Cell(
                text=c.text,
                row=c.row + offset,
                col=c.col,
                rowspan=c.rowspan,
                colspan=c.colspan,
                confidence=c.confidence,
                tables=c.tables,
                box=c.box,
            )
        )
    return Table(
        cells=cells,
        n_rows=first.n_rows + nxt.n_rows - skip,
        n_cols=first.n_cols,
        name=first.name,
        page=first.page,
    )


def _is_piece(first: Table, nxt: Table, r: int) -> bool:
    """Row `r` of `nxt` is the rest of `first`'s last row, cut by the page break."""
    texts = first.text_rows()
    if len(texts) < 3:
        return False
    recent = texts[-_KEY_ROWS:]
    keys = {c for c in range(first.n_cols) if all(row[c].strip() for row in recent)}
    row = nxt.grid()[r]
    filled = {c for c, cell in enumerate(row) if cell is not None and cell.text.strip()}
    if not filled or not keys or any(cell is not None and cell.rowspan > 1 for cell in row):
        return False
    last = {c for c, t in enumerate(texts[-1]) if t.strip()}
    return bool(keys - filled) and filled <= last


def _joined(cell: Cell, rest: str) -> Cell:
    """The cell's text with the piece after the break: straight on after a list separator, else on
    a new line (a PDF cell's wrapped line, joined again by the kind extractors)."""
    text = cell.text.rstrip()
    glue = "" if text.endswith(_LIST_END) else "\n"
    return Cell(
        text=text + glue + rest.strip(),
        row=cell.row,
        col=cell.col,
        rowspan=cell.rowspan,
        colspan=cell.colspan,
        confidence=cell.confidence,
        tables=cell.tables,
        box=cell.box,
    )
