"""Format readers: each turns one file format into the format-neutral `Document`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import Document


def _docx(path: Path) -> Document:
    from .docx import read_docx

    return read_docx(path)


def _pdf(path: Path) -> Document:
    from .pdf import read_pdf

    return read_pdf(path)


def _xlsx(path: Path) -> Document:
    from .xlsx import read_xlsx

    return read_xlsx(path)


def _image(path: Path) -> Document:
    from .image import read_image  # says needs_ocr clearly when the OCR extra is not installed

    return read_image(path)


# one entry per format; heavy libraries are imported only when a file of that format arrives
READERS: dict[str, Callable[[Path], Document]] = {
    "docx": _docx,
    "pdf": _pdf,
    "xlsx": _xlsx,
    "image": _image,
}


def read(path: Path, fmt: str) -> Document:
    """Read `path` into blocks; lists typed as aligned lines become tables, and tables continued over
    page breaks are joined again (all formats)."""
    from ..aligned import tables_from_aligned_lines
    from ..continuation import join_continued_tables

    return join_continued_tables(tables_from_aligned_lines(READERS[fmt](path)))
