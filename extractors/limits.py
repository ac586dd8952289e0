"""Resource limits for reading one file, in one place.

The workspace's `[limits]` section fills a `Limits`; `extract_file` makes it the current limits while it
reads, so every reader checks the same numbers without passing them through each call. A file over a
limit is refused as `too_large` with a Chinese reason saying which limit and by how much.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from .errors import ErrorClass, ExtractionError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one file may cost. Sizes in bytes; 0 seconds or 0 memory means no such limit."""

    max_file_bytes: int = 200 * MB
    # one part of a .docx/.xlsx once inflated, and all parts of one file together
    max_part_bytes: int = 200 * MB
    max_inflated_bytes: int = 400 * MB
    # XML parts together (they become trees many times their size in memory)
    max_xml_bytes: int = 100 * MB
    # a part whose inflated size is this many times its compressed size is a zip bomb …
    max_compression_ratio: int = 200
    # … once it inflates to more than this (tiny parts compress oddly without harm)
    ratio_floor_bytes: int = 1 * MB
    # rows × columns of one table or sheet (the grid is materialised) and columns of one table row
    max_grid_cells: int = 2_000_000
    max_table_columns: int = 1000
    # PDF pages read, inflated bytes of one PDF stream
    max_pdf_pages: int = 1000
    max_pdf_stream_bytes: int = 100 * MB
    # OCR: pages of a scanned PDF, frames of a TIFF, pixels of one page image
    max_ocr_pages: int = 20
    max_image_frames: int = 20
    max_image_pixels: int = 60_000_000
    # a PDF page is rendered for OCR at a resolution that keeps its image under this (A4 at 300 dpi
    # is 8.7 million pixels; a page with a 5,000-point MediaBox would otherwise be 430 million)
    max_render_pixels: int = 12_000_000
    # time and extra address space of one file in the ingest's worker process (the first scanned page a
    # worker reads grows it by about 1.8 GB: the OCR models and their runtime)
    seconds_per_file: float = 300.0
    memory_bytes_per_file: int = 4096 * MB


_current: ContextVar[Limits] = ContextVar("jiangxin_limits", default=Limits())  # noqa: B039


def current() -> Limits:
    """The limits in force for the file being read."""
    return _current.get()


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Make `limits` the current limits while a file is read."""
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def too_large(message: str) -> ExtractionError:
    return ExtractionError(ErrorClass.TOO_LARGE, message)


def check_grid(n_rows: int, n_cols: int, where: str) -> None:
    """Refuse a table whose grid (rows × columns, merged cells included) exceeds the limit."""
    limits = current()
    if n_cols > limits.max_table_columns:
        raise too_large(
            f"{where}有 {n_cols} 列（含合并单元格跨列），超过上限 {limits.max_table_columns} 列。"
        )
    if n_rows * n_cols > limits.max_grid_cells:
        raise too_large(
            f"{where}范围为 {n_rows} 行 × {n_cols} 列，共 {n_rows * n_cols} 个单元格位置，"
            f"超过上限 {limits.max_grid_cells} 个。"
        )
