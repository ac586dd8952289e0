"""Straighten a page: a small skew found from the sharpness of row and column ink profiles,
quarter and half turns found from the shape and readability of the text lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .engine import OcrEngine, Quad, TextLine, crop_quad

if TYPE_CHECKING:
    import numpy as np

MAX_SKEW = 8.0  # degrees searched either way; photos held at a slant beyond this are refused to guess
_WORK_WIDTH = 700  # profiles are computed on a copy this wide: skew is a global property
# a box this much longer one way than the other is a text line lying that way
_ELONGATED = 2.0
# median line certainty below which the page is tried upside down
_UNREADABLE = 0.85
# reading the sample upside down must beat upright by this much mean probability to turn the page
_FLIP_MARGIN = 0.08
_FLIP_SAMPLE = 4
_LONG_LINE = 3.0  # a box this many times as wide as high is a line of text lying level
_FLIP_CROP_RATIO = 8  # only the start of each line (8 heights wide) is read, to keep it cheap


def skew_angle(binary: np.ndarray) -> float:
    """The rotation in degrees (counter-clockwise positive) that levels the page content.

    Rows of text and ruling lines make the row and column ink profiles sharp only when level, so
    the angle maximising their variance is the skew (coarse search, then a finer one around it).
    """
    import cv2

    h, w = binary.shape
    scale = min(1.0, _WORK_WIDTH / w)
    small = cv2.resize(
        binary, (max(round(w * scale), 1), max(round(h * scale), 1)), interpolation=cv2.INTER_AREA
    )
    best = _search(small, [a / 2 for a in range(round(-MAX_SKEW * 2), round(MAX_SKEW * 2) + 1)])
    return _search(small, [best + a / 20 for a in range(-10, 11)])


def _search(image: np.ndarray, angles: Sequence[float]) -> float:
    scores = [(_sharpness(rotate(image, a, 0)), a) for a in angles]
    return max(scores)[1]


def _sharpness(image: np.ndarray) -> float:
    import numpy as np

    data = image.astype(np.float32)
    rows = data.sum(axis=1)
    cols = data.sum(axis=0)
    return float(np.square(np.diff(rows)).sum() + np.square(np.diff(cols)).sum())


def rotate(image: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Rotate about the centre by `angle` degrees counter-clockwise, keeping the size."""
    import cv2

    if abs(angle) < 1e-6:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (fill, fill, fill) if image.ndim == 3 else fill
    return cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def is_quarter_turned(quads: Sequence[Quad]) -> bool:
    """Text lines found on a page turned by 90°: most elongated boxes stand upright."""
    tall = wide = 0
    for quad in quads:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if h > _ELONGATED * w:
            tall += 1
        elif w > _ELONGATED * h:
            wide += 1
    return tall >= 3 and tall > wide


def looks_unreadable(lines: Sequence[TextLine], quads: Sequence[Quad]) -> bool:
    """Most detected lines were read with little certainty (or not at all): maybe upside down."""
    scores = sorted(_mean(ln.char_conf) for ln in lines if len(ln.text) >= 2)
    if len(scores) < len(quads) / 2:
        return True
    return bool(scores) and scores[len(scores) // 2] < _UNREADABLE


def is_upside_down(engine: OcrEngine, grey: np.ndarray, quads: Sequence[Quad]) -> bool:
    """Read the start of the longest lines both ways up: an upside-down page reads better turned."""
    import numpy as np

    long = longest_lines(quads)
    if not long:
        return False
    upright, turned = [], []
    for quad in (quads[i] for i in long[:_FLIP_SAMPLE]):
        crop = crop_quad(grey, quad)
        end = min(crop.shape[1], round(_FLIP_CROP_RATIO * crop.shape[0]))
        # the start of an upside-down line is its last characters: take both ends
        for part in (crop[:, :end], crop[:, crop.shape[1] - end :]):
            upright.append(np.ascontiguousarray(part))
            turned.append(np.ascontiguousarray(np.rot90(part, 2)))
    as_is = engine.recognize(upright)
    flipped = engine.recognize(turned)
    as_is_score = sum(_mean(ln.char_conf) for ln in as_is) / len(as_is)
    flipped_score = sum(_mean(ln.char_conf) for ln in flipped) / len(flipped)
    return flipped_score > as_is_score + _FLIP_MARGIN


def longest_lines(quads: Sequence[Quad]) -> list[int]:
    """Indices of the boxes lying as text lines (more than `_LONG_LINE` times as wide as high), the
    widest first: the lines that tell best which way up a page is."""
    sized = []
    for index, quad in enumerate(quads):
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        if width > _LONG_LINE * height:
            sized.append((-width, index))
    return [index for _, index in sorted(sized)]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
