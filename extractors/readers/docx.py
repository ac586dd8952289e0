"""Read a .docx body into blocks: paragraphs and tables (with merges and nested tables).

The body XML is parsed once with lxml, entities never resolved and no network; headers, footers
and text boxes are not part of the body, so page furniture never leaks into fields.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..errors import ErrorClass, ExtractionError
from ..limits import check_grid, current
from ..model import Block, Cell, Document, Paragraph, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Wingdings/Symbol private-use characters Word writes for check boxes (w:sym)
_SYMBOLS = {
    "F0FE": "☑", "F0FD": "☒", "F0FB": "☒", "F078": "☒", "F0A8": "□", "F06F": "□",
    "F0A1": "□", "F0FC": "✓", "F052": "☑", "F0A3": "□", "F0A4": "■", "F06E": "■",
}  # fmt: skip
_ON = {None, "1", "true", "on"}

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False, load_dtd=False
)


def read_docx(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"Word 文档不完整或已损坏（{exc}）。", retryable=True
        ) from exc
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"Word 文档正文 XML 已损坏（{exc}）。", retryable=True
        ) from exc
    body = root.find(f"{W}body")
    if body is None:
        raise ExtractionError(ErrorClass.CORRUPT, "Word 文档没有正文。")
    return Document(blocks=list(_blocks(body)), source_format="docx")


def _blocks(container: etree._Element) -> list[Block]:
    out: list[Block] = []
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            out.append(Paragraph(text=_paragraph_text(child), style=_style(child)))
        elif tag == f"{W}tbl":
            out.append(_table(child))
        elif tag == f"{W}sdt":  # content control wrapping block content
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_blocks(content))
    return out


def _style(p: etree._Element) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == f"{W}t":
            if not _inside_deletion(el):
                parts.append(el.text or "")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}tab":
            # a tab inside a run (not a tab stop definition in pPr)
            if el.getparent() is not None and el.getparent().tag == f"{W}r":
                parts.append("\t")
        elif tag == f"{W}sym":
            parts.append(_SYMBOLS.get((el.get(f"{W}char") or "").upper(), ""))
        elif tag == f"{W}fldChar" and el.get(f"{W}fldCharType") == "begin":
            box = el.find(f"{W}ffData/{W}checkBox")
            if box is not None:  # a legacy form check box: no glyph in the text, only its state
                parts.append("☑" if _checked(box) else "□")
    return "".join(parts)


def _checked(box: etree._Element) -> bool:
    state = box.find(f"{W}checked")
    if state is None:
        state = box.find(f"{W}default")
        return state is not None and state.get(f"{W}val") in _ON - {None}
    return state.get(f"{W}val") in _ON


def _inside_deletion(el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent.tag != f"{W}p":
        if parent.tag == f"{W}del":
            return True
        parent = parent.getparent()
    return False


def _table(tbl: etree._Element) -> Table:
    """Build the grid, resolving gridSpan (horizontal) and vMerge (vertical) merges."""
    rows = tbl.findall(f"{W}tr")
    # open vertical merges per grid column: column -> [row, col, colspan, texts, tables, rowspan]
    limits = current()
    placed: list[list[object]] = []
    open_vmerge: dict[int, list[object]] = {}
    n_cols = 0
    for r, tr in enumerate(rows):
        col = 0
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            col += max(0, int(before.get(f"{W}val") or 0))
        for tc in _row_cells(tr):
            props = tc.find(f"{W}tcPr")
            span = 1
            vmerge: str | None = None
            if props is not None:
                gs = props.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{W}val") or 1))
                vm = props.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val") or "continue"
            text, nested = _cell_content(tc)
            if vmerge == "continue" and col in open_vmerge:
                entry = open_vmerge[col]
                entry[5] = r - int(entry[0]) + 1  # type: ignore[call-overload]
            else:
                entry = [r, col, span, text, nested, 1]
                placed.append(entry)
                if vmerge == "restart":
                    open_vmerge[col] = entry
                else:
                    open_vmerge.pop(col, None)
            col += span
        n_cols = max(n_cols, col)
        if n_cols > limits.max_table_columns:  # a span of 10^9 would otherwise become a grid that wide
            check_grid(len(rows), n_cols, "Word 表格")
    check_grid(len(rows), n_cols, "Word 表格")
    cells = [
        Cell(
            text=str(e[3]),
            row=int(e[0]),  # type: ignore[call-overload]
            col=int(e[1]),  # type: ignore[call-overload]
            colspan=int(e[2]),  # type: ignore[call-overload]
            rowspan=int(e[5]),  # type: ignore[call-overload]
            tables=tuple(e[4]),  # type: ignore[arg-type]
        )
        for e in placed
    ]
    return Table(cells=cells, n_rows=len(rows), n_cols=n_cols)


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = []
    for child in tr:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                cells.extend(c for c in content if c.tag == f"{W}tc")
    return cells


def _cell_content(tc: etree._Element) -> tuple[str, list[Table]]:
    texts: list[str] = []
    nested: list[Table] = []
    for block in _blocks(tc):
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            nested.append(block)
            # nested table text also belongs to the cell's text, row by row
            texts.extend("\t".join(c.text for c in row) for row in block.rows())
    return "\n".join(texts).strip("\n"), nested
