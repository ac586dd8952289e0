"""Turn any application layout into labelled entries: (field, value) pairs in document order.

Two-column and four-column tables, labels vertically merged over a block of member rows, label and
value in one cell, label above its value, rows that a PDF page break split in two, and forms with no
table at all (``成果名称：…`` lines and numbered sections) all end up as the same `Entry` list, so
the field readers never look at the layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as _field

from ..model import Block, Cell, Document, Paragraph, Table
from .application_labels import MULTILINE, LabelHit, LabelTable, labels

_UNKNOWN = "unknown"  # a short cell in a label column whose label we do not know


@dataclass(slots=True)
class Entry:
    """One labelled value: its text pieces, and for table values the cell grid and nested tables."""

    field: str
    label: str
    note: str = ""
    parts: list[str] = _field(default_factory=list)
    grid: list[list[str]] = _field(default_factory=list)
    tables: list[Table] = _field(default_factory=list)
    in_table: bool = False

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.parts if p.strip()).strip()

    def add(self, text: str) -> None:
        if text.strip():
            self.parts.append(text.strip())


def read_entries(doc: Document) -> list[Entry]:
    """Every labelled value of the document in reading order."""
    table = labels()
    entries: list[Entry] = []
    open_entry: Entry | None = None  # paragraph mode: the field that following lines continue
    single_line_pending = False
    for block in _stitch_split_rows(doc.blocks):
        if isinstance(block, Table):
            _read_table(block, table, entries)
            open_entry = None
            continue
        assert isinstance(block, Paragraph)
        for line in block.text.split("\n"):
            if not line.strip():
                continue
            hit = table.match(line)
            if hit is not None:
                open_entry = _entry(hit)
                entries.append(open_entry)
                single_line_pending = hit.field not in MULTILINE and not hit.rest
                continue
            if open_entry is None:
                continue  # heading, cover lines and the like before the first label
            if open_entry.field in MULTILINE:
                open_entry.add(line)
            elif single_line_pending:
                open_entry.add(line)  # '成果名称：' with the name on the next line
                single_line_pending = False
    return entries


def _stitch_split_rows(blocks: list[Block]) -> list[Block]:
    """Rejoin a table row that a PDF page break cut through its label ('推广应' | '用情况').

    When the last row of a table and the first row of the table on the next page both lack a label,
    and their first cells read together as one, the two rows are one row.
    """
    table = labels()
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Table)
            and isinstance(prev, Table)
            and prev.page is not None
            and block.page == prev.page + 1
        ):
            joined = _join_rows(prev, block, table)
            if joined is not None:
                out[-1], block = joined
        out.append(block)
    return out


def _join_rows(upper: Table, lower: Table, table: LabelTable) -> tuple[Table, Table] | None:
    last = sorted((c for c in upper.cells if c.row + c.rowspan == upper.n_rows), key=lambda c: c.col)
    first = sorted((c for c in lower.cells if c.row == 0), key=lambda c: c.col)
    if not last or len(last) != len(first) or last[0].col != 0 or first[0].col != 0:
        return None
    a, b = last[0].text, first[0].text
    if not a.strip() or not b.strip() or table.match(a) or table.match(b) or not table.match(a + b):
        return None
    below = {id(top): bottom for top, bottom in zip(last, first, strict=True)}
    merged = [
        replace(
            c,
            text=c.text + ("" if c.col == 0 else "\n") + below[id(c)].text,
            tables=c.tables + below[id(c)].tables,
        )
        if id(c) in below
        else c
        for c in upper.cells
    ]
    rest = [replace(c, row=c.row - 1) for c in lower.cells if c.row > 0]
    return (
        Table(cells=merged, n_rows=upper.n_rows, n_cols=upper.n_cols, page=upper.page),
        Table(cells=rest, n_rows=lower.n_rows - 1, n_cols=lower.n_cols, page=lower.page),
    )


def _entry(hit: LabelHit, *, in_table: bool = False) -> Entry:
    entry = Entry(field=hit.field, label=hit.label, note=hit.note, in_table=in_table)
    entry.add(hit.rest)
    return entry


def _read_table(tbl: Table, table: LabelTable, entries: list[Entry]) -> None:
    rows = tbl.rows()
    grid = tbl.grid()
    hits: dict[int, LabelHit] = {}
    for cell in tbl.cells:
        hit = table.match(cell.text) if cell.text else None
        if hit is not None:
            hits[id(cell)] = hit
    label_cols = {cell.col for cell in tbl.cells if id(cell) in hits}
    for row in rows:
        if any(id(c) in hits for c in row):
            for i, cell in enumerate(row):
                if id(cell) not in hits and _looks_like_label(cell, row, i, label_cols):
                    hits[id(cell)] = LabelHit(field=_UNKNOWN, label=cell.text.strip(), note="", rest="")
    done: set[int] = set()
    for r, row in enumerate(rows):
        starts = [c for c in row if id(c) not in done]
        if not starts:
            continue
        if not any(id(c) in hits for c in starts):
            _orphan_row(r, starts, table, entries, done)
            continue
        for cell in row:
            if id(cell) in done:
                continue
            hit = hits.get(id(cell))
            if hit is None:
                # a value before any label in this row: it continues the previous field
                done.add(id(cell))
                if entries and cell.text.strip():
                    entries[-1].add(cell.text)
                continue
            done.add(id(cell))
            entry = _entry(hit, in_table=True)
            _take_region(entry, cell, grid, hits, done)
            entries.append(entry)


def _looks_like_label(cell: Cell, row: list[Cell], index: int, label_cols: set[int]) -> bool:
    """A short, digit-free cell in a label column with a value after it: a label not in our table."""
    text = "".join(cell.text.split())
    return (
        cell.col in label_cols
        and index + 1 < len(row)
        and 0 < len(text) <= 10
        and not any(ch.isdigit() for ch in text)
        and not any(ch in "，。；、,;" for ch in text)
    )


def _take_region(
    entry: Entry, label: Cell, grid: list[list[Cell | None]], hits: dict[int, LabelHit], done: set[int]
) -> None:
    """The value of a label: the cells to its right over the rows the label spans, up to the next
    label in each row. A label merged over several rows owns the whole block to its right."""
    first_col = label.col + label.colspan
    block = label.rowspan > 1
    rows_text: list[list[str]] = []
    for r in range(label.row, min(label.row + label.rowspan, len(grid))):
        line: list[str] = []
        for c in range(first_col, len(grid[r])):
            cell = grid[r][c]
            if cell is None:
                line.append("")
                continue
            if not block and (id(cell) in hits or id(cell) in done) and cell.row == r and cell.col == c:
                break
            origin = cell.row == r and cell.col == c
            line.append(cell.text if origin else "")
            if origin and id(cell) not in done:
                done.add(id(cell))
                entry.add(cell.text)
                entry.tables.extend(cell.tables)
        rows_text.append(line)
    entry.grid.extend(_compact(rows_text))


def _compact(rows: list[list[str]]) -> list[list[str]]:
    """Drop rows and columns that are empty throughout (spacer columns of a PDF grid)."""
    rows = [r for r in rows if any(t.strip() for t in r)]
    width = max((len(r) for r in rows), default=0)
    keep = [c for c in range(width) if any(c < len(r) and r[c].strip() for r in rows)]
    return [[r[c] if c < len(r) else "" for c in keep] for r in rows]


def _orphan_row(
    r: int,
    cells: list[Cell],
    table: LabelTable,
    entries: list[Entry],
    done: set[int],
) -> None:
    """A row without labels: member rows after a label-above-table heading, a value under its label,
    or the rest of a row that a page break split. It continues the entry before it."""
    for cell in cells:
        done.add(id(cell))
    texts = [c.text if c.row == r else "" for c in cells]
    if not any(t.strip() for t in texts):
        return
    roles = [table.member_role(t) for t in texts]
    is_member_header = "name" in roles and sum(1 for x in roles if x) >= 2
    last = entries[-1] if entries else None
    if last is None or (is_member_header and last.field not in ("members", "first_member")):
        last = Entry(field="members", label="", in_table=True)
        entries.append(last)
    last.grid.extend(_compact([texts]))
    for cell in cells:
        if cell.row == r:
            last.add(cell.text)
            last.tables.extend(cell.tables)
