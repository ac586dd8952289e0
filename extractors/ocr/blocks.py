"""Blocks read by OCR: the model's Cell and Paragraph, plus one probability per character.

They are the ordinary model types to every extractor; the extra field lets a field's confidence be
the weakest character of exactly the text the field came from, not of the whole cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Paragraph


@dataclass(frozen=True, slots=True)
class OcrCell(Cell):
    """A table cell read from an image; `char_conf[i]` belongs to `text[i]` (1.0 for joins)."""

    char_conf: tuple[float, ...] = ()


@dataclass(slots=True)
class OcrParagraph(Paragraph):
    """A line of text read from an image; `char_conf[i]` belongs to `text[i]`; `band` is 'head' or
    'foot' for a line in the page margin (running heads and folios are dropped across pages)."""

    char_conf: tuple[float, ...] = ()
    band: str = ""
