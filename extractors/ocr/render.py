"""PDF pages as images (pypdfium2), and the rule that tells a scanned page from a typed one.

A scanned page carries a picture of the sheet and no text layer, or only a few stray characters
(a scanner's stamp, a page number); a typed page carries its words. The rule looks at the density
of text-layer characters, so a mixed PDF (typed pages plus a scanned signature page) reads both ways.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ErrorClass, ExtractionError
from ..limits import current

if TYPE_CHECKING:
    import numpy as np

# resolution scanned PDF pages are rendered at, chosen by measurement (benchmarks/ocr_accuracy.py
# --dpi, 20 generated image-only PDFs made at 150–300 dpi): with detection at 1600 px, 150/200/300
# dpi read 98.6/96.8/97.9 % of fields right; with detection at 2048 px, 200 dpi 98.6 % and 300 dpi
# 99.6 %, at 2.2 and 2.4 s a page (recognition reads 48-pixel-high crops whatever the resolution)
RENDER_DPI = 300
A4_AREA_PT = 595.0 * 842.0
# a typed page of a form carries hundreds of characters; fewer than this per A4 of area is a scan
MIN_CHARS_PER_A4 = 40
# share of the page a picture must cover for a page with a thin text layer to count as a scan
MIN_IMAGE_SHARE = 0.3


def page_needs_ocr(n_chars: int, width_pt: float, height_pt: float, image_area_pt: float) -> bool:
    """A page whose text layer is too thin for its area: none at all, or a few characters over a
    picture covering much of the page."""
    if n_chars == 0:
        return True
    area = max(width_pt * height_pt, 1.0)
    sparse = n_chars < MIN_CHARS_PER_A4 * area / A4_AREA_PT
    return sparse and image_area_pt >= MIN_IMAGE_SHARE * area


def page_dpi(width_pt: float, height_pt: float, dpi: float, max_pixels: int) -> float:
    """The resolution to render a page at: `dpi`, lowered so the image never exceeds `max_pixels`
    (a page with a 5,000-point MediaBox at 300 dpi would be 430 million pixels)."""
    area_in = max(width_pt, 1.0) * max(height_pt, 1.0) / (72.0 * 72.0)
    return min(dpi, (max_pixels / area_in) ** 0.5)


def render_pages(
    path: Path, page_numbers: Sequence[int], dpi: float = RENDER_DPI
) -> Iterator[tuple[int, np.ndarray, float]]:
    """(page number, RGB image, resolution used) for each requested 1-based page, one at a time; the
    resolution is lowered for pages so large the image would exceed the pixel limit."""
    import numpy as np
    import pypdfium2 as pdfium

    from ..readers.pdfium import LOCK, page_image

    try:
        with LOCK:
            pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError(ErrorClass.ENCRYPTED, "PDF 设置了打开密码。") from exc
        raise ExtractionError(ErrorClass.CORRUPT, f"PDF 无法打开（{exc}）。", retryable=True) from exc
    try:
        with LOCK:
            count = len(pdf)
        for number in page_numbers:
            if not 1 <= number <= count:
                raise ValueError(f"page {number} outside 1..{count}")
            with LOCK:
                width, height = pdf.get_page_size(number - 1)
            used = page_dpi(width, height, dpi, current().max_render_pixels)
            image = np.asarray(page_image(pdf, number - 1, used / 72.0))
            yield number, image, used
    finally:
        with LOCK:
            pdf.close()


def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    from ..readers.pdfium import opened

    try:
        with opened(path) as pdf:
            return len(pdf)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(ErrorClass.CORRUPT, f"PDF 无法打开（{exc}）。", retryable=True) from exc
