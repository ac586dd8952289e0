"""Read a text PDF into blocks: ruled tables become grids, other text becomes paragraphs.

PDFium (pypdfium2) parses each page in native code; `pdf_page` turns what it finds into characters
with boxes and ruling edges as pdfplumber gives them, and pdfplumber's table finder, which works on
edges alone, finds the ruled tables. Characters are placed into table cells or free lines by position.
Tables are looked for only where ruling lines exist. Lines that a word processor wrapped are joined
again (inside cells and in running text), and running headers, footers and page numbers are dropped
so they never leak into fields.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_c

from jiangxin.core.text import SYMBOL_BOXES

from ..errors import ErrorClass, ExtractionError
from ..limits import current, too_large
from ..model import Block, Cell, Document, Paragraph, Table
from .pdf_page import PageContent

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+"
    r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?)\s*$"
)
_MARGIN_BAND = 0.07  # top and bottom share of the page where running heads and folios live
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
# a line that starts a numbered item or section never continues the line before it
_ITEM_START = re.compile(
    r"^(?:\d{1,2}\s*[．、]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*、)\D"
)
# a 'key：value' line starts a new entry
_KEY_START = re.compile(r"^[^，。；、：:\s]{2,8}[：:]")
# punctuation a line may not start with (it is kept with the character before) or end with
_NO_LINE_START = set("，。、；：？！）》」』”’%…·")
_NO_LINE_END = set("（《「『“‘")
_EDGE_TOLERANCE = 2.0  # points within which two ruling-line positions are one grid edge


@dataclass(slots=True)
class _Line:
    """One visual line of text with the geometry needed to rejoin wrapped lines."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    lead: float  # width of what could not have fitted on the line before: the first word and its punctuation
    bold: bool = False
    page: int = 0
    band: str = ""  # "head" or "foot" when the line sits in the page margin
    chars: tuple[dict[str, Any], ...] = ()  # the characters it was made of


def read_pdf(path: Path) -> Document:
    import pypdfium2 as pdfium

    from .pdf_page import read_page
    from .pdfium import LOCK

    data = path.read_bytes()
    check_stream_inflation(data)
    with LOCK:  # PDFium is not thread-safe: open, read and close under its lock
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                raise ExtractionError(ErrorClass.ENCRYPTED, "PDF 设置了打开密码。") from exc
            if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
                raise ExtractionError(ErrorClass.ENCRYPTED, "PDF 使用了无法处理的加密方式。") from exc
            if exc.err_code != pdfium_c.FPDF_ERR_SUCCESS:
                reason = _OPEN_ERRORS.get(exc.err_code, "无法解析")
                raise ExtractionError(
                    ErrorClass.CORRUPT, f"PDF 文件不完整或已损坏（{reason}）。", retryable=True
                ) from exc
            pdf = None  # it opened, but has no pages
        pages: list[_Page] = []
        if pdf is not None:
            try:
                n_pages = len(pdf)
                if n_pages > current().max_pdf_pages:
                    raise too_large(f"PDF 共 {n_pages} 页，超过读取上限 {current().max_pdf_pages} 页。")
                for i in range(n_pages):
                    page = pdf[i]
                    try:
                        pages.append(_read_page(read_page(page), i + 1))
                    finally:
                        page.close()
            except ExtractionError:
                raise
            except Exception as exc:
                where = f"第 {len(pages) + 1} 页"
                raise ExtractionError(
                    ErrorClass.CORRUPT, f"PDF 内容无法解析（{where}：{_reason(exc)}）。"
                ) from exc
            finally:
                pdf.close()
    from ..ocr.render import page_needs_ocr
    from .ocr import ocr_available, ocr_pdf_pages, read_scanned_pdf

    if all(p.chars == 0 for p in pages):
        if ocr_available():
            return read_scanned_pdf(path)
        raise ExtractionError(
            ErrorClass.NEEDS_OCR,
            "PDF 没有文字层（是扫描件或图片），需要文字识别（OCR）后才能读取。"
            "请安装 OCR 组件（pip install 'jiangxin[ocr]'），或索取 Word 电子版。",
        )
    # among typed pages, one whose text layer is too thin for its area over a picture is a scan
    # (a stamped signature page); a page with neither text nor picture is just blank
    scanned = [
        i + 1
        for i, p in enumerate(pages)
        if p.image_area > 0 and page_needs_ocr(p.chars, p.width, p.height, p.image_area)
    ]
    for n in scanned:  # a scanner's stray characters give way to the page's OCR reading
        pages[n - 1].items = []
    items = _drop_running_lines([page.items for page in pages])
    left, right = _text_column(pages)
    blocks = _paragraphs(items, left, right)
    if not scanned or not ocr_available():
        return Document(blocks=blocks, source_format="pdf", pages=len(pages))
    read = ocr_pdf_pages(path, scanned)
    return Document(
        blocks=_insert_pages(blocks, read.blocks) + read.markers,
        source_format="pdf",
        pages=len(pages),
        ocr=True,
        warnings=list(read.warnings),
    )


def _reason(exc: BaseException) -> str:
    import pypdfium2 as pdfium

    if isinstance(exc, pdfium.PdfiumError):
        return "PDFium 无法载入该页"
    return str(exc) or type(exc).__name__


# why PDFium could not open a file, in words for the office
_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "文件无法读取",
    pdfium_c.FPDF_ERR_FORMAT: "不是完整的 PDF 格式",
    pdfium_c.FPDF_ERR_PAGE: "页面无法读取",
}


def check_stream_inflation(data: bytes) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond the per-stream limit (a 1 MB stream can
    inflate to gigabytes) before PDFium, which inflates each stream whole, is given the file.
    Every stream is tried: one that is not zlib data (pictures, encrypted streams) fails at once."""
    cap = current().max_pdf_stream_bytes
    view = memoryview(data)
    at = data.find(b"stream")
    while at >= 0:
        start = at + 6
        if data[start : start + 1] == b"\r":
            start += 1
        if data[start : start + 1] == b"\n" and data[at - 3 : at] != b"end":
            end = data.find(b"endstream", start)
            try:
                out = zlib.decompressobj().decompress(
                    view[start + 1 : end if end > 0 else len(data)], cap + 1
                )
            except zlib.error:
                out = b""
            if len(out) > cap:
                raise too_large(
                    f"PDF 中有一个数据流解压后超过上限 {cap // 1048576} MB（疑似压缩炸弹），为安全起见未予处理。"
                )
        at = data.find(b"stream", start)


def _insert_pages(blocks: list[Block], extra: dict[int, list[Block]]) -> list[Block]:
    """Put each OCR-read page's blocks where that page stands among the typed pages."""
    out: list[Block] = []
    pending = sorted(extra)
    for block in blocks:
        page = block.page or 0
        while pending and pending[0] < page:
            out.extend(extra[pending.pop(0)])
        out.append(block)
    for n in pending:
        out.extend(extra[n])
    return out


@dataclass(slots=True)
class _Page:
    items: list[_Line | Table]
    chars: int
    width: float
    table_edges: list[tuple[float, float]]  # (x0, x1) of each ruled table
    height: float = 0.0
    image_area: float = 0.0  # points² covered by pictures: a scanned sheet is one big picture


def _read_page(page: PageContent, number: int) -> _Page:
    width = page.width
    chars = [c for c in page.chars if c["text"]]
    if not chars:
        return _Page([], 0, width, [], page.height, page.image_area)
    tables: list[tuple[float, Table]] = []
    edges: list[tuple[float, float]] = []
    taken: set[int] = set()
    if page.ruled:
        for found in find_tables(page.edges):
            table, used = _table(found, chars, taken)
            if table is not None:
                table.page = number
                tables.append((found.bbox[1], table))
                edges.append((float(found.bbox[0]), float(found.bbox[2])))
                taken |= used
    free = [c for i, c in enumerate(chars) if i not in taken]
    height = float(page.height)
    items: list[tuple[float, _Line | Table]] = list(tables)
    for line in _lines(free):
        line.page = number
        if line.top < height * _MARGIN_BAND:
            line.band = "head"
        elif line.bottom > height * (1 - _MARGIN_BAND):
            line.band = "foot"
        items.append((line.top, line))
    items.sort(key=lambda it: it[0])
    return _Page([b for _, b in items], len(chars), width, edges, page.height, page.image_area)


def find_tables(edges: list[dict[str, Any]]) -> list[Any]:
    """pdfplumber's table finder (default settings: ruling lines both ways) on the page's edges."""
    from pdfplumber.table import TableFinder

    return TableFinder(_Edges(edges)).tables  # type: ignore[arg-type]


@dataclass(slots=True)
class _Edges:
    """The one thing pdfplumber's table finder asks of a page when it follows ruling lines."""

    edges: list[dict[str, Any]]


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Group characters into visual lines (top to bottom), each read left to right."""
    rows: list[list[dict[str, Any]]] = []
    bands: list[tuple[float, float]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows and bands[-1][0] <= mid <= bands[-1][1]:
            rows[-1].append(ch)
        else:
            rows.append([ch])
            bands.append((ch["top"], ch["bottom"]))
    return [_make_line(sorted(row, key=lambda c: c["x0"])) for row in rows]


def _make_line(row: list[dict[str, Any]]) -> _Line:
    # justified lines spread every character a little: a word space is a gap well beyond the usual one
    gaps = sorted(max(0.0, b["x0"] - a["x1"]) for a, b in pairwise(row))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    for ch in row:
        if prev is not None:
            if ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 1:
                continue  # a glyph printed twice to fake bold
            gap = ch["x0"] - prev["x1"]
            size = max(ch["size"], prev["size"])
            # a printed space (a full-width one spacing out a label) is a gap of its own, not a column's
            spaced = prev["text"].isspace() or ch["text"].isspace()
            if not spaced and gap > usual + _COLUMN_GAP * size and parts[-1] not in " \t":
                parts.append("\t")  # a tab stop's gap: the columns of a list typed without a table
            elif gap > usual + 0.28 * size and parts[-1] not in " \t":
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    text = "".join(parts).strip().translate(_SYMBOLS)
    return _Line(
        text=text,
        x0=row[0]["x0"],
        x1=max(c["x1"] for c in row),
        top=min(c["top"] for c in row),
        bottom=max(c["bottom"] for c in row),
        size=max(c["size"] for c in row),
        lead=_lead(row),
        bold="bold" in str(row[0].get("fontname", "")).lower(),
        chars=tuple(row),
    )


_SYMBOLS = str.maketrans(SYMBOL_BOXES)
_COLUMN_GAP = 0.5  # a gap this many font sizes beyond the line's usual one parts two columns


def _lead(row: list[dict[str, Any]]) -> float:
    """Width of the unit a line break could not split: opening marks, the first character (or Latin
    word) and the closing punctuation that must stay with it."""
    i = 0
    while i < len(row) - 1 and row[i]["text"] in _NO_LINE_END:
        i += 1
    if _ASCII_WORD.match(row[i]["text"]):
        while i + 1 < len(row) and _ASCII_WORD.match(row[i + 1]["text"]):
            i += 1
    while i + 1 < len(row) and row[i + 1]["text"] in _NO_LINE_START:
        i += 1
    return float(row[i]["x1"] - row[0]["x0"])


def _join(lines: list[_Line], right: float, left: float | None = None) -> list[str]:
    """Rejoin lines a word processor wrapped: a line is continued when the next line's first word
    would not have fitted before `right`, and the next line does not start indented."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and _wrapped(lines[i - 1], line, right, left):
            out[-1] = _glue(out[-1], line.text)
        else:
            out.append(line.text)
    return out


def _wrapped(line: _Line, nxt: _Line, right: float, left: float | None) -> bool:
    # a break may come up to a character early: line-breaking rules keep some pairs together
    if line.x1 + nxt.lead <= right - line.size or _ITEM_START.match(nxt.text) or _KEY_START.match(nxt.text):
        return False
    if abs(nxt.size - line.size) > 0.5 or nxt.bold != line.bold or nxt.top - line.bottom > 1.2 * line.size:
        return False
    return left is None or nxt.x0 <= left + 0.5 * nxt.size


def _glue(a: str, b: str) -> str:
    if _ASCII_WORD.match(a[-1:]) and _ASCII_WORD.match(b[:1]):
        return a + " " + b
    return a + b


def _table(found: Any, chars: list[dict[str, Any]], taken: set[int]) -> tuple[Table | None, set[int]]:
    """A pdfplumber table as a grid: distinct ruling positions give rows and columns, spans follow."""
    boxes = [b for b in found.cells if b is not None]
    if not boxes:
        return None, set()
    xs = _cluster(sorted(v for b in boxes for v in (b[0], b[2])))
    ys = _cluster(sorted(v for b in boxes for v in (b[1], b[3])))
    if len(xs) < 2 or len(ys) < 2:
        return None, set()
    spans: list[tuple[int, int, int, int, tuple[float, float, float, float]]] = []
    owner: dict[tuple[int, int], int] = {}
    for box in boxes:
        c0, c1 = _nearest(xs, box[0]), _nearest(xs, box[2])
        r0, r1 = _nearest(ys, box[1]), _nearest(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        index = len(spans)
        spans.append((r0, c0, r1, c1, box))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), index)
    x0, top, x1, bottom = found.bbox
    members: list[list[dict[str, Any]]] = [[] for _ in spans]
    used: set[int] = set()
    for i, ch in enumerate(chars):
        if i in taken:
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        used.add(i)
        spot = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if spot is not None:
            members[spot].append(ch)
    _settle_overflow(spans, members, len(xs) - 1)
    cell_lines = [_lines(m) for m in members]
    # the left inner padding, assumed equal on the right: where wrapped lines end
    offsets = [ln.x0 - spans[k][4][0] for k, lines in enumerate(cell_lines) for ln in lines]
    pad = min(max(min(offsets, default=5.0), 0.0), 10.0)
    cells = [
        Cell(
            text="\n".join(_join(cell_lines[k], box[2] - pad)),
            row=r0,
            col=c0,
            rowspan=r1 - r0,
            colspan=c1 - c0,
        )
        for k, (r0, c0, r1, c1, box) in enumerate(spans)
    ]
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1), used


_MAX_CELL_LINES = 8
_MAX_STRETCH_LINES = 200
_SAME_TOP = 0.3  # points: the characters of one printed line share their top


def _settle_overflow(
    spans: list[tuple[int, int, int, int, tuple[float, float, float, float]]],
    members: list[list[dict[str, Any]]],
    n_cols: int,
) -> None:
    """Give each line of a column back to its own row where text overflows its row.

    A spreadsheet printed with fixed row heights centres a wrapped cell on its row, so its first
    and last lines cross the rules into the rows above and below, and a character's position no
    longer tells its row. In a column where lines cross the rules, the column's lines are split
    into runs (a run never holds two lines that overlap: those belong to neighbouring cells), one
    run per row, in order, so that the lines lie as near as they can to their rows' middles.
    """
    for col in range(n_cols):
        cells = sorted(
            (k for k, (r0, c0, r1, c1, _) in enumerate(spans) if c0 == col),
            key=lambda k: spans[k][0],
        )
        if not cells or any(spans[k][1] + 1 != spans[k][3] or spans[k][0] + 1 != spans[k][2] for k in cells):
            continue  # merged cells in this column: positions are trusted as they are
        lines = _unstack(_lines([ch for k in cells for ch in members[k]]))
        if not any(_crosses(line, spans[k][4]) for k in cells for line in _lines(members[k])):
            continue
        boxes = [spans[k][4] for k in cells]
        tops = [box[1] for box in boxes]
        by_row: list[list[_Line]] = [[] for _ in boxes]
        for line in lines:  # the row whose band holds the line's middle
            mid = (line.top + line.bottom) / 2
            by_row[min(max(bisect_right(tops, mid) - 1, 0), len(boxes) - 1)].append(line)
        for first, last in _stretches(lines, boxes):
            part = _cell_order(
                sorted((ln for r in range(first, last + 1) for ln in by_row[r]), key=lambda ln: ln.top)
            )
            if len(part) > _MAX_STRETCH_LINES:
                continue  # too long to settle: positions are kept as they are
            rows = [spans[k][4] for k in cells[first : last + 1]]
            groups = _runs_to_rows(part, [(top + bottom) / 2 for _, top, _, bottom in rows])
            if groups is None:
                continue
            for k in cells[first : last + 1]:
                members[k] = []
            for row, run in groups:
                members[cells[first + row]] = [ch for line in run for ch in line.chars]


def _unstack(lines: list[_Line]) -> list[_Line]:
    """Lines of two cells printed over each other (the same place, a point apart) are told apart by
    their tops: the characters of one printed line share theirs."""
    out: list[_Line] = []
    for line in lines:
        chars = sorted(line.chars, key=lambda c: c["x0"])
        if not any(b["x0"] < a["x1"] - 0.5 * (a["x1"] - a["x0"]) for a, b in pairwise(chars)):
            out.append(line)
            continue
        groups: list[list[dict[str, Any]]] = []
        for ch in sorted(chars, key=lambda c: c["top"]):
            if groups and ch["top"] - groups[-1][-1]["top"] <= _SAME_TOP:
                groups[-1].append(ch)
            else:
                groups.append([ch])
        out.extend(_make_line(sorted(g, key=lambda c: c["x0"])) for g in groups)
    return sorted(out, key=lambda ln: ln.top)


def _cell_order(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom, except two printed over each other: lines of one cell are a line pitch
    apart, more than a row is high, so of such a pair the upper line starts the lower cell and the
    lower line ends the upper cell; the ends of cells come first."""
    out = list(lines)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        if abs(a.top - b.top) <= 0.5 * min(a.size, b.size):
            out[i], out[i + 1] = b, a
            i += 2
        else:
            i += 1
    return out


def _stretches(lines: list[_Line], boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Runs of rows (first, last) joined by lines that cross the rules between them; rows no line
    crosses into are settled alone, so the search stays small on long pages."""
    rules = [box[3] for box in boxes[:-1]]  # the rule below each row but the last
    crossing = [False] * len(boxes)  # crossing[i]: a line crosses the rule below row i
    for line in lines:
        allowance = 0.25 * (line.bottom - line.top)
        for i in range(
            bisect_right(rules, line.top + allowance), bisect_left(rules, line.bottom - allowance)
        ):
            crossing[i] = True
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(len(boxes)):
        if not crossing[i]:
            if i > start:
                out.append((start, i))
            start = i + 1
    return out


def _crosses(line: _Line, box: tuple[float, float, float, float]) -> bool:
    """A line that sticks out of its cell's box by more than a quarter of its height."""
    allowance = 0.25 * (line.bottom - line.top)
    return line.top < box[1] - allowance or line.bottom > box[3] + allowance


def _runs_to_rows(lines: list[_Line], middles: list[float]) -> list[tuple[int, list[_Line]]] | None:
    """Split `lines` (top to bottom) into runs given to rows in order, with the least total distance
    between each line's middle and its row's middle (dynamic programming over lines × rows)."""
    n, m = len(lines), len(middles)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(m):
        for i in range(n + 1):
            if best[i][k] == inf:
                continue
            if best[i][k] < best[i][k + 1]:  # row k stays empty
                best[i][k + 1], back[i][k + 1] = best[i][k], (i, k, False)
            cost = best[i][k]
            for j in range(i + 1, min(n, i + _MAX_CELL_LINES) + 1):
                if j - 1 > i and lines[j - 1].top < lines[j - 2].bottom - 0.2 * lines[j - 1].size:
                    break  # overlapping lines are never one cell's
                cost += abs((lines[j - 1].top + lines[j - 1].bottom) / 2 - middles[k])
                if cost < best[j][k + 1]:
                    best[j][k + 1], back[j][k + 1] = cost, (i, k, True)
    if best[n][m] == inf:
        return None
    out: list[tuple[int, list[_Line]]] = []
    j, k = n, m
    while k > 0:
        i, prev, used = back[j][k]
        if used:
            out.append((prev, lines[i:j]))
        j, k = i, prev
    return out[::-1]


def _nearest(edges: list[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges) or value - edges[i - 1] <= edges[i] - value:
        return i - 1
    return i


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if out and v - out[-1] <= _EDGE_TOLERANCE:
            continue
        out.append(v)
    return out


def _drop_running_lines(pages: list[list[_Line | Table]]) -> list[_Line | Table]:
    """Remove page numbers in the margins and head/foot lines repeated on several pages
    (digits ignored, so '第 1 页' and '第 2 页' count as the same line)."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    repeated = Counter(key(b) for items in pages for b in items if isinstance(b, _Line) and b.band)
    out: list[_Line | Table] = []
    for items in pages:
        for b in items:
            running = (
                isinstance(b, _Line)
                and b.band
                and (_PAGE_NUMBER.match(b.text) or (len(pages) > 1 and repeated[key(b)] > 1))
            )
            if not running:
                out.append(b)
    return out


def _text_column(pages: list[_Page]) -> tuple[float | None, float | None]:
    """The left and right edges of the text column: ruled tables span it; without tables the
    margins are taken as equal on both sides of the leftmost line."""
    lefts = [x0 for page in pages for x0, _ in page.table_edges]
    lefts += [b.x0 for page in pages for b in page.items if isinstance(b, _Line) and not b.band]
    if not lefts:
        return None, None
    left = min(lefts)
    rights = [x1 for page in pages for _, x1 in page.table_edges]
    right = max(rights) if rights else max(page.width for page in pages) - left
    return left, right


def _paragraphs(items: list[_Line | Table], left: float | None, right: float | None) -> list[Block]:
    """Free lines become paragraphs, wrapped lines joined: a line that reaches the right edge of the
    text column continues on the next line when that one starts at the left edge."""
    out: list[Block] = []
    run: list[_Line] = []

    def flush() -> None:
        texts: list[str] = []
        pages: list[int] = []
        for i, ln in enumerate(run):
            if i and right is not None and _wrapped(run[i - 1], ln, right, left):
                texts[-1] = _glue(texts[-1], ln.text)
            else:
                texts.append(ln.text)
                pages.append(ln.page)
        out.extend(Paragraph(text=t, page=p) for t, p in zip(texts, pages, strict=True))
        run.clear()

    for b in items:
        if isinstance(b, _Line):
            run.append(b)
        else:
            flush()
            out.append(b)
    flush()
    return out
