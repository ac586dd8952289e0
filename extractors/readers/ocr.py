"""Scanned PDF pages read by OCR into the same blocks the typed-PDF and docx readers produce.

`read_scanned_pdf` reads a PDF with no usable text layer; `ocr_pdf_pages` reads chosen pages so the
PDF reader can hand over just the scanned pages of a mixed PDF. Without the `ocr` extra both raise
`NEEDS_OCR` with a message saying what to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jiangxin.core.warnings import FieldWarning

from ..errors import ErrorClass, ExtractionError
from ..limits import current, too_large
from ..model import Block, Document
from ..ocr import available

NOT_INSTALLED = (
    "这是扫描件或照片，需要文字识别（OCR）才能读取，当前未安装 OCR 组件（pip install 'jiangxin[ocr]'）。"
)


@dataclass(slots=True)
class OcrPages:
    """Blocks of each OCR-read page (1-based page number → blocks), the seal markers (to go at
    the end of the document) and what the reader noticed."""

    blocks: dict[int, list[Block]]
    markers: list[Block] = field(default_factory=list)
    warnings: list[FieldWarning] = field(default_factory=list)
    seconds: float = 0.0


def ocr_available() -> bool:
    return available()


def require_ocr() -> None:
    if not available():
        raise ExtractionError(ErrorClass.NEEDS_OCR, NOT_INSTALLED)


def ocr_pdf_pages(path: Path, page_numbers: Sequence[int], dpi: float | None = None) -> OcrPages:
    """Render and read the given 1-based pages of a PDF (running heads repeated on them dropped).
    Only real doubts become warnings (an empty or steeply tilted page); low-confidence fields are
    flagged by the extractor, so a clean scan is not sent back for correction."""
    require_ocr()
    from ..ocr.layout import drop_running_lines, is_seal_marker
    from ..ocr.pages import read_pages
    from ..ocr.render import RENDER_DPI, render_pages

    resolution = dpi or RENDER_DPI
    limit = current().max_ocr_pages
    if len(page_numbers) > limit:
        raise too_large(
            f"PDF 有 {len(page_numbers)} 页需要文字识别，超过上限 {limit} 页，不像是一份申报材料。"
        )
    out = OcrPages(blocks={})
    # each page process renders its own pages
    results = read_pages(lambda numbers: render_pages(path, numbers, resolution), list(page_numbers))
    for number, result in zip(page_numbers, results, strict=True):
        out.blocks[number] = result.blocks
        out.warnings.extend(result.warnings)
        out.seconds += result.seconds
    numbers = sorted(out.blocks)
    kept = drop_running_lines([out.blocks[n] for n in numbers])
    out.markers = [b for blocks in kept for b in blocks if is_seal_marker(b)]
    out.blocks = {
        n: [b for b in blocks if not is_seal_marker(b)] for n, blocks in zip(numbers, kept, strict=True)
    }
    return out


def read_scanned_pdf(path: Path, dpi: float | None = None) -> Document:
    """Every page of a PDF read by OCR (the file has no usable text layer)."""
    require_ocr()
    from ..ocr.render import pdf_page_count

    count = pdf_page_count(path)
    if count > current().max_ocr_pages:
        raise too_large(
            f"PDF 共 {count} 页扫描页，超过文字识别上限 {current().max_ocr_pages} 页，不像是一份申报材料。"
        )
    pages = ocr_pdf_pages(path, range(1, count + 1), dpi)
    blocks = [b for n in sorted(pages.blocks) for b in pages.blocks[n]] + pages.markers
    return Document(blocks=blocks, source_format="pdf", pages=count, ocr=True, warnings=list(pages.warnings))
