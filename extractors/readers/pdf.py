"""Read a text PDF into blocks with pdfplumber: ruled tables become grids, other text becomes lines.

Tables are looked for only on pages that carry ruling lines (table finding is the costly part), and
running headers, footers and page numbers are dropped so they never leak into fields.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import ErrorClass, ExtractionError
from ..model import Block, Cell, Document, Paragraph, Table

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|Page \d+( of \d+)?)\s*$"
)
_MARGIN_BAND = 0.07  # top and bottom share of the page where running heads and folios live


def read_pdf(path: Path) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(ErrorClass.ENCRYPTED, "PDF 设置了打开密码。") from exc
    except PDFSyntaxError as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"PDF 文件不完整或已损坏（{exc}）。", retryable=True
        ) from exc
    except Exception as exc:
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise ExtractionError(ErrorClass.ENCRYPTED, "PDF 设置了打开密码。") from exc
        raise ExtractionError(ErrorClass.CORRUPT, f"PDF 无法打开（{exc}）。", retryable=True) from exc
    with pdf:
        try:
            pages = [_read_page(page, i + 1) for i, page in enumerate(pdf.pages)]
        except ExtractionError:
            raise
        except Exception as exc:
            raise ExtractionError(ErrorClass.CORRUPT, f"PDF 内容无法解析（{exc}）。") from exc
    text_chars = sum(n for _, n in pages)
    if text_chars == 0:
        raise ExtractionError(
            ErrorClass.NEEDS_OCR, "PDF 没有文字层（是扫描件或图片），需要文字识别（OCR）后才能读取。"
        )
    blocks = _drop_running_lines([blocks for blocks, _ in pages])
    return Document(blocks=blocks, source_format="pdf", pages=len(pages))


def _read_page(page: Any, number: int) -> tuple[list[Block], int]:
    chars = page.chars
    if not chars:
        return [], 0
    tables: list[tuple[tuple[float, float, float, float], Table]] = []
    if page.lines or page.rects:
        for found in page.find_tables():
            table = _grid_from_cells(page, found.cells)
            if table is not None:
                table.page = number
                tables.append((found.bbox, table))
    boxes = [bbox for bbox, _ in tables]

    def outside(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    free = page.filter(outside) if boxes else page
    lines = free.extract_text_lines(return_chars=False, keep_blank_chars=False)
    items: list[tuple[float, Block]] = []
    for line in lines:
        text = line["text"].strip()
        if text:
            items.append((line["top"], _Line(text, number, line["top"], line["bottom"], page.height)))
    for bbox, table in tables:
        items.append((bbox[1], table))
    items.sort(key=lambda it: it[0])
    return [b for _, b in items], len(chars)


class _Line(Paragraph):
    """A paragraph that remembers where on the page it sat, to spot running heads and folios."""

    __slots__ = ("band",)

    def __init__(self, text: str, page: int, top: float, bottom: float, height: float) -> None:
        super().__init__(text=text, page=page)
        if top < height * _MARGIN_BAND:
            self.band = "head"
        elif bottom > height * (1 - _MARGIN_BAND):
            self.band = "foot"
        else:
            self.band = ""


def _drop_running_lines(pages: list[list[Block]]) -> list[Block]:
    """Remove page numbers in the margins and head/foot lines repeated on several pages."""
    repeated = Counter(
        b.text for blocks in pages for b in blocks if isinstance(b, _Line) and b.band
    )
    out: list[Block] = []
    for blocks in pages:
        for b in blocks:
            if isinstance(b, _Line):
                if b.band and (_PAGE_NUMBER.match(b.text) or (len(pages) > 1 and repeated[b.text] > 1)):
                    continue
                out.append(Paragraph(text=b.text, page=b.page))
            else:
                out.append(b)
    return out


def _grid_from_cells(page: Any, boxes: list[Any]) -> Table | None:
    """Turn pdfplumber cell boxes into a grid: distinct edges give rows and columns, spans follow."""
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    xs = _cluster(sorted({round(v, 1) for b in boxes for v in (b[0], b[2])}))
    ys = _cluster(sorted({round(v, 1) for b in boxes for v in (b[1], b[3])}))
    if len(xs) < 2 or len(ys) < 2:
        return None

    def index(edges: list[float], value: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - value))

    cells: list[Cell] = []
    for x0, top, x1, bottom in boxes:
        c0, c1 = index(xs, x0), index(xs, x1)
        r0, r1 = index(ys, top), index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        crop = page.within_bbox((x0, top, x1, bottom), strict=False)
        text = crop.extract_text(keep_blank_chars=False) or ""
        cells.append(
            Cell(text=text.strip(), row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0)
        )
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1)


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out
