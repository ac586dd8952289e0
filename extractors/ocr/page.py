"""One scanned page or photo through the whole pipeline: clean, straighten, read, rebuild blocks.

Order matters: red ink is dropped before anything is read (a seal never becomes text), the skew is
levelled before ruling lines are looked for (they must be level to be found), and the lines are
erased before text detection (so text boxes stop at cell edges).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jiangxin.core.warnings import FieldWarning

from ..model import Block, PageBox
from .checkbox import apply_tick_boxes, find_tick_boxes
from .deskew import (
    MAX_SKEW,
    is_quarter_turned,
    is_upside_down,
    longest_lines,
    looks_unreadable,
    rotate,
    skew_angle,
)
from .engine import OcrEngine, Quad, TextLine, get_engine, read_each, read_lines, split_stacked
from .layout import ToPage, page_blocks
from .prep import dropout_grey, ink, points_per_pixel, px_per_mm, red_mask
from .ruling import Rulings, erase_mask, find_grids, find_rulings
from .seal import find_seals

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

# lines read first to tell whether a page is upside down
_SAMPLE_LINES = 8


@dataclass(slots=True)
class PageResult:
    """Blocks read from one page, what the reader noticed, and how the page had to be turned."""

    blocks: list[Block]
    warnings: list[FieldWarning] = field(default_factory=list)
    skew: float = 0.0  # degrees levelled (counter-clockwise positive)
    turns: int = 0  # quarter turns applied (counter-clockwise)
    seconds: float = 0.0


@dataclass(slots=True)
class _Prepared:
    grey: np.ndarray
    red: np.ndarray
    rulings: Rulings
    clean: np.ndarray  # grey with ruling lines erased: what the engine reads


def read_page(
    rgb: np.ndarray, page: int, dpi: float | None = None, engine: OcrEngine | None = None
) -> PageResult:
    """Read one RGB page image (uint8, H×W×3); `dpi` when known (rendered PDF pages), else guessed."""
    started = time.perf_counter()
    engine = engine or get_engine()
    ppm = px_per_mm(rgb.shape, dpi)
    red = red_mask(rgb)
    grey = dropout_grey(rgb, red)
    angle = skew_angle(ink(grey))
    prepared = _prepare(rotate(grey, angle), rotate(red, angle, 0), ppm)
    quads = engine.detect(prepared.clean)
    turns = 0
    if is_quarter_turned(quads):
        # turned clockwise first: a page lying on its side mostly had its top turned to the left
        # (printers lay landscape pages out turned a quarter counter-clockwise); the longest lines
        # read below tell when it was the other way
        turns = 3
        prepared = _turn(prepared, 3, ppm)
        quads = engine.detect(prepared.clean)
    lines = _read_upright(engine, prepared.clean, quads)
    if lines is None:
        turns = (turns + 2) % 4
        prepared = _turn(prepared, 2, ppm)
        lines = read_lines(engine, prepared.clean, engine.detect(prepared.clean))
    lines = stroke_widths(apply_tick_boxes(lines, find_tick_boxes(prepared.clean, ppm)), prepared.clean)
    grids = find_grids(prepared.rulings, lines)
    seals = find_seals(prepared.red, ppm)
    to_page = page_mapper(rgb.shape, angle, turns, ppm, page)
    blocks = page_blocks(lines, grids, seals, page, float(prepared.grey.shape[0]), to_page)
    warnings: list[FieldWarning] = []
    if not lines:
        warnings.append(
            FieldWarning(
                field=None,
                code="ocr_blank_page",
                message=f"第 {page} 页未识别到任何文字（可能是空白页或图像过于模糊）",
            )
        )
    if abs(angle) >= MAX_SKEW - 0.5:
        warnings.append(
            FieldWarning(
                field=None,
                code="ocr_skewed_page",
                message=f"第 {page} 页倾斜约 {abs(angle):.0f}°，已校正，识别结果请重点核对",
            )
        )
    return PageResult(
        blocks=blocks,
        warnings=warnings,
        skew=angle,
        turns=turns,
        seconds=time.perf_counter() - started,
    )


def _read_upright(engine: OcrEngine, image: np.ndarray, quads: Sequence[Quad]) -> list[TextLine] | None:
    """The page's lines, or None when it is upside down. The longest lines are read first and tell:
    an upside-down page is turned before the rest is read, not after (a page read twice costs double)."""
    pieces = split_stacked(quads)
    got: list[TextLine | None] = [None] * len(pieces)
    first = _sample(pieces)
    for index, line in zip(first, read_each(engine, image, [pieces[i] for i in first]), strict=True):
        got[index] = line
    sample = [line for line in (got[i] for i in first) if line is not None]
    if looks_unreadable(sample, [pieces[i] for i in first]) and is_upside_down(engine, image, quads):
        return None
    chosen = set(first)
    rest = [i for i in range(len(pieces)) if i not in chosen]
    for index, line in zip(rest, read_each(engine, image, [pieces[i] for i in rest]), strict=True):
        got[index] = line
    return [line for line in got if line is not None]


def _sample(quads: Sequence[Quad]) -> list[int]:
    """Indices of the lines that show whether the page is upright: the longest lying lines (all
    lines when there are too few of them)."""
    longest = longest_lines(quads)
    if len(longest) < _SAMPLE_LINES:
        return list(range(len(quads)))
    return sorted(longest[:_SAMPLE_LINES])


def page_mapper(shape: tuple[int, ...], angle: float, turns: int, ppm: float, page: int) -> ToPage:
    """Boxes on the levelled and turned image read → boxes on the page as given, in points (72 per
    inch at the page's resolution): turns undone, then the levelling, then scaled and kept on the page."""
    import cv2
    import numpy as np

    h, w = shape[:2]
    undo = cv2.invertAffineTransform(cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0))
    scale = points_per_pixel(ppm)
    quarters = turns % 4

    def to_page(box: tuple[float, float, float, float]) -> PageBox:
        x0, y0, x1, y1 = box
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        for k in range(quarters, 0, -1):
            # np.rot90 turns an image `width` wide counter-clockwise: (x, y) there came from (width - y, x)
            width = w if (k - 1) % 2 == 0 else h
            corners = [(width - y, x) for x, y in corners]
        points = np.array(corners, dtype=np.float64) @ undo[:, :2].T + undo[:, 2]
        xs = np.clip(points[:, 0] * scale, 0.0, w * scale)
        ys = np.clip(points[:, 1] * scale, 0.0, h * scale)
        return PageBox(
            page,
            round(float(xs.min()), 2),
            round(float(ys.min()), 2),
            round(float(xs.max()), 2),
            round(float(ys.max()), 2),
        )

    return to_page


def stroke_widths(lines: list[TextLine], grey: np.ndarray) -> list[TextLine]:
    """Each line with its typical stroke width (from the distance to paper inside the ink), so
    bold headings are told from the regular text around them."""
    import dataclasses

    import cv2
    import numpy as np

    ink_mask = (grey < 128).astype(np.uint8)
    distance = cv2.distanceTransform(ink_mask, cv2.DIST_L2, 5)
    out = []
    for line in lines:
        x0, y0, x1, y1 = (max(round(v), 0) for v in line.box)
        inside = distance[y0:y1, x0:x1]
        values = inside[inside > 0]
        stroke = float(np.percentile(values, 90)) * 2 if values.size else 0.0
        out.append(dataclasses.replace(line, stroke=round(stroke, 2)))
    return out


def _prepare(grey: np.ndarray, red: np.ndarray, ppm: float) -> _Prepared:
    rulings = find_rulings(grey, ppm)
    clean = grey.copy()
    clean[erase_mask(rulings, grey) > 0] = 255
    return _Prepared(grey=grey, red=red, rulings=rulings, clean=clean)


def _turn(prepared: _Prepared, quarters: int, ppm: float) -> _Prepared:
    import numpy as np

    grey = np.ascontiguousarray(np.rot90(prepared.grey, quarters))
    red = np.ascontiguousarray(np.rot90(prepared.red, quarters))
    return _prepare(grey, red, ppm)
