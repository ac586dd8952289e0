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
from .application_cells import (
    could_be_header,
    header_role,
    header_words_in,
    judge,
    name_score,
    without_template,
)
from .application_labels import MULTILINE, LabelHit, LabelTable, labels

_UNKNOWN = "unknown"  # a short cell in a label column whose label we do not know


@dataclass(slots=True)
class Entry:
    """One labelled value: its text pieces, and for table values the cell grid and nested tables."""

    field: str
    label: str
    note: str = ""
    parts: list[str] = _field(default_factory=list)
    # table values as rectangular blocks of cell texts (one per label region or run of rows)
    blocks: list[list[list[str]]] = _field(default_factory=list)
    tables: list[Table] = _field(default_factory=list)
    in_table: bool = False
    template: bool = False  # template text (a placeholder or prompt) was removed from the value

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.parts if p.strip()).strip()

    def add(self, text: str) -> None:
        """Add a piece of the value; placeholders and prompts of a blank form are not a value."""
        if not text or text.isspace():
            return
        kept, removed = without_template(text)
        self.template = self.template or removed
        if kept.strip():
            self.parts.append(kept.strip())


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
    return split_sections(entries, table)


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
    for r, row in enumerate(rows):
        if _is_member_header([c.text if c.row == r else "" for c in row], table):
            # '序号 | 姓名 | 单位 | 职务' heads member rows: its words are column headers, not labels
            for cell in row:
                hit = hits.get(id(cell))
                if hit is None or cell.row != r or not _column_header(cell.text, table):
                    continue
                if cell.rowspan == 1 or hit.field not in ("members", "first_member"):
                    hits.pop(id(cell))  # a merged 完成人 label to the left stays a label
    done: set[int] = set()
    stacked = _labels_over_values(rows, hits, done)  # before values below them can pass for labels
    # labels stacked over their values do not make their columns label columns
    label_cols = {cell.col for cell in tbl.cells if id(cell) in hits and id(cell) not in done}
    for row in rows:
        if any(id(c) in done for c in row):
            continue
        lead = next((hits[id(c)] for c in row if id(c) in hits), None)
        if lead is None:
            if row and _unknown_label_row(row, label_cols, table):
                hits[id(row[0])] = LabelHit(field=_UNKNOWN, label=row[0].text.strip(), note="", rest="")
            continue
        for i, cell in enumerate(row):
            if id(cell) in hits or not _looks_like_label(cell, row, i, label_cols):
                continue
            if lead.field == "first_member" and _column_header(cell.text, table):
                continue  # '第一完成人 | 张三 | 职务/职称 | 工程师': the lead's own row
            hits[id(cell)] = LabelHit(field=_UNKNOWN, label=cell.text.strip(), note="", rest="")
    run = _Run()
    for r, row in enumerate(rows):
        if r in stacked:
            run.flush()
            entries.extend(stacked[r])
        starts = [c for c in row if id(c) not in done]
        if not starts:
            continue
        if not any(id(c) in hits for c in starts):
            _orphan_row(r, starts, table, entries, done, run)
            continue
        run.flush()
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
    run.flush()


def _labels_over_values(
    rows: list[list[Cell]], hits: dict[int, LabelHit], done: set[int]
) -> dict[int, list[Entry]]:
    """A row of labels alone ('课题名称 | 小组名称 | 申报单位') over a row of values without labels: each
    label takes the cell below it. The entries by the row of their labels."""
    out: dict[int, list[Entry]] = {}
    for r in range(len(rows) - 1):
        own = [c for c in rows[r] if c.row == r and c.text.strip()]
        below = [c for c in rows[r + 1] if c.row == r + 1]
        if len(own) < 2 or any(id(c) in done for c in own):
            continue
        known = [c for c in own if (hit := hits.get(id(c))) is not None and not hit.rest.strip()]
        # beside two known labels, a short cell without digits is a label we do not know ('效益')
        if len(known) < 2 or not all(c in known or _short_label(c.text) for c in own):
            continue
        if any(id(c) in hits for c in below) or not any(c.text.strip() for c in below):
            continue
        under = {c.col: c for c in below}
        if any(c.col not in under or under[c.col].colspan != c.colspan for c in own):
            continue
        for label in own:
            value = under[label.col]
            hit = hits.get(id(label)) or LabelHit(field=_UNKNOWN, label=label.text.strip(), note="", rest="")
            entry = _entry(hit, in_table=True)
            entry.add(value.text)
            entry.tables.extend(value.tables)
            entry.blocks.append([[value.text]])
            out.setdefault(r, []).append(entry)
            done.update((id(label), id(value)))
    return out


def _short_label(text: str) -> bool:
    squeezed = "".join(text.split())
    return 0 < len(squeezed) <= 10 and not any(ch.isdigit() or ch in "，。；、,;" for ch in squeezed)


def _column_header(text: str, table: LabelTable) -> bool:
    return table.member_role(text) is not None or header_role(text) is not None


def _is_member_header(texts: list[str], table: LabelTable) -> bool:
    """A row of member-table column headers: a name column and at least one more."""
    if header_words_in("\t".join(t for t in texts if len(t) <= 24)) < 2:
        return False  # most rows: fewer than two header words in their short cells
    cells = [t for t in texts if t.strip()]
    if len(cells) < 2 or sum(1 for t in cells if could_be_header(t)) < 2:
        return False
    roles = [table.member_role(t) or header_role(t) for t in cells]
    named = sum(1 for x in roles if x)
    return "name" in roles and named >= 2 and named + 1 >= len(cells)


def _unknown_label_row(row: list[Cell], label_cols: set[int], table: LabelTable) -> bool:
    """A row led by a label we do not know ('参赛人员 | 张三、李四'): its first cell stands in a label
    column, reads like a label and is neither a name nor part of a member row."""
    first = row[0]
    if first.rowspan > 1 or not _looks_like_label(first, row, 0, label_cols):
        return False
    texts = [c.text for c in row]
    return name_score(first.text) < 1.0 and not _is_member_header(texts, table) and not _is_person_row(texts)


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
    compact = _compact(rows_text)
    if compact:
        entry.blocks.append(compact)


def _compact(rows: list[list[str]]) -> list[list[str]]:
    """Drop rows and columns that are empty throughout (spacer columns of a PDF grid)."""
    rows = [r for r in rows if any(t.strip() for t in r)]
    width = max((len(r) for r in rows), default=0)
    keep = [c for c in range(width) if any(c < len(r) and r[c].strip() for r in rows)]
    return [[r[c] if c < len(r) else "" for c in keep] for r in rows]


class _Run:
    """Rows without labels that follow one another in a table: one block of the entry they continue,
    so their columns stay aligned (a member table's empty cells keep their place)."""

    def __init__(self) -> None:
        self.entry: Entry | None = None
        self.rows: list[list[str]] = []

    def add(self, entry: Entry, texts: list[str]) -> None:
        if entry is not self.entry:
            self.flush()
            self.entry = entry
        self.rows.append(texts)

    def flush(self) -> None:
        if self.entry is not None and self.rows:
            compact = _compact(self.rows)
            if compact:
                self.entry.blocks.append(compact)
        self.entry, self.rows = None, []


def _orphan_row(
    r: int,
    cells: list[Cell],
    table: LabelTable,
    entries: list[Entry],
    done: set[int],
    run: _Run,
) -> None:
    """A row without labels: member rows after a label-above-table heading, a value under its label,
    the rest of a row that a page break split, or a member table of its own after the form."""
    for cell in cells:
        done.add(id(cell))
    texts = [c.text if c.row == r else "" for c in cells]
    if not any(t.strip() for t in texts):
        return
    last = entries[-1] if entries else None
    starts_members = _is_member_header(texts, table) or _is_person_row(texts)
    if starts_members and not (last is not None and _open_for_members(last, run)):
        last = Entry(field="members", label="", in_table=True)
        entries.append(last)
    elif last is None:
        last = Entry(field="members" if starts_members else _UNKNOWN, label="", in_table=True)
        entries.append(last)
    run.add(last, texts)
    for cell in cells:
        if cell.row == r:
            last.add(cell.text)
            last.tables.extend(cell.tables)


def _open_for_members(entry: Entry, run: _Run) -> bool:
    """Whether member rows continue `entry`: a member list already, or a members label above them
    with nothing under it yet."""
    if entry.field != "members":
        return False
    rows = [row for block in entry.blocks for row in block] + (run.rows if run.entry is entry else [])
    if not rows:
        return not entry.text
    table = labels()
    return any(_is_person_row(row) for row in rows) or all(_is_member_header(row, table) for row in rows)


def _is_person_row(texts: list[str]) -> bool:
    """A row that holds one person: a name cell and a unit or title cell."""
    kinds = [judge(t) for t in texts if t.strip()]
    return len(kinds) >= 2 and any(k.name >= 0.7 for k in kinds) and any(k.unit or k.title for k in kinds)


def split_sections(entries: list[Entry], table: LabelTable) -> list[Entry]:
    """A value that runs into the next section's heading inside one cell ('简介…\n创新点：…') ends
    there; the heading starts an entry of its own."""
    out: list[Entry] = []
    for entry in entries:
        # a cell that starts with a label is a label already: only later lines of a cell can be one
        if (
            not entry.in_table
            or entry.field in ("members", _UNKNOWN)
            or all("\n" not in part for part in entry.parts)
            or any(len(row) > 1 for block in entry.blocks for row in block)
        ):
            out.append(entry)
            continue
        current = entry
        current_parts: list[str] = []
        for part in entry.parts:
            kept: list[str] = []
            for i, line in enumerate(part.split("\n")):
                hit = table.match(line) if i and line.strip() else None
                if hit is None or hit.field in (current.field, _UNKNOWN):
                    kept.append(line)
                    continue
                if kept:
                    current_parts.append("\n".join(kept))
                    kept = []
                current.parts = current_parts
                out.append(current)
                current = Entry(field=hit.field, label=hit.label, note=hit.note, in_table=entry.in_table)
                current_parts = []
                if hit.rest:
                    kept.append(hit.rest)
            if kept:
                current_parts.append("\n".join(kept))
        current.parts = current_parts
        out.append(current)
    return out
