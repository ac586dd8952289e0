"""How large the text on a page is, and the size text detection should see the page at.

The detector's cost grows with the pixels it is given, while it finds lines reliably once characters
are a certain height; a page is therefore shrunk until its typical character is that tall, and no
further. The typical height comes from a cheap look at a reduced, binarised copy of the page: strokes
are joined into characters and words, and the height of the ink blobs that look like text is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# the reduced copy the estimate works on (its longer side): an A4 page keeps about 4.7 px a millimetre,
# so 10.5 pt characters are about 15 px tall there, measured to a pixel
WORK_LONG_SIDE = 1400
# character height (ink extent, pixels) the detector is given, chosen by measurement
# (benchmarks/ocr_accuracy.py --det-side, 20 generated scans, whose characters are 3.4–3.7 mm of ink,
# 40–44 px on pages rendered at 300 dpi): the former fixed 2048 px gives them about 24 px and read
# 263/280 fields right, 1600 px (about 18.5 px) 263/280 with other misses, 1280 px (15 px) 254/280
# (boxes of neighbouring cells drawn coarser, their crops read worse); 20 px keeps a margin above
# the size where misses start and gives the detector two thirds of the former pixels
DET_TEXT_PX = 20.0
# bounds on the longest side the detector sees, whatever the estimate says
DET_MIN_SIDE = 960
DET_MAX_SIDE = 2560
# the size for a page whose text could not be measured (the former fixed size)
DET_FALLBACK_SIDE = 2048
# blobs shorter than this (work pixels) are specks, punctuation or parts of characters
_MIN_BLOB = 5
# marks smaller than this (work pixels of area) are noise, not ink that might be text
_MIN_MARK = 3


@dataclass(frozen=True, slots=True)
class PageInk:
    """The typical character height (pixels, None when too little text to tell) and the box
    (x0, y0, x1, y1) holding every mark on the page (None on a blank page)."""

    text_px: float | None
    box: tuple[int, int, int, int] | None


def text_height(grey: np.ndarray) -> float | None:
    """The typical height in pixels of the characters on a grey page image (dark text on light
    paper), or None when the page holds too little text to tell."""
    return measure(grey).text_px


def measure(grey: np.ndarray) -> PageInk:
    """Character height and the box of all ink, from one look at a reduced, binarised copy."""
    import cv2
    import numpy as np

    h, w = grey.shape[:2]
    scale = min(1.0, WORK_LONG_SIDE / max(h, w))
    small = grey
    if scale < 1.0:
        small = cv2.resize(
            grey, (max(round(w * scale), 1), max(round(h * scale), 1)), interpolation=cv2.INTER_AREA
        )
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # join the strokes of a character and neighbouring characters (gaps of a pixel or two here),
    # never two lines (their gap is several pixels at this size)
    joined = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    if count <= 1:
        return PageInk(None, None)
    xs, ys = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    widths = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    heights = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    marks = stats[1:, cv2.CC_STAT_AREA] >= _MIN_MARK  # anything but single specks of noise
    box = None
    if marks.any():
        box = (
            int(xs[marks].min() / scale),
            int(ys[marks].min() / scale),
            int(np.ceil((xs[marks] + widths[marks]).max() / scale)),
            int(np.ceil((ys[marks] + heights[marks]).max() / scale)),
        )
    # text: at least a character wide, not a tall stroke or a whole table, not a speck
    keep = (heights >= _MIN_BLOB) & (heights <= small.shape[0] / 20) & (widths >= 0.6 * heights)
    if int(keep.sum()) < 8:
        return PageInk(None, box)
    heights, widths = heights[keep], widths[keep]
    # the width-weighted median: words and lines (wide blobs) outweigh stray parts of characters
    order = np.argsort(heights)
    cumulative = np.cumsum(widths[order])
    middle = int(np.searchsorted(cumulative, cumulative[-1] / 2))
    return PageInk(float(heights[order][middle]) / scale, box)


def det_long_side(shape: tuple[int, ...], text_px: float | None, target: float = DET_TEXT_PX) -> int:
    """The longest side to give the detector for a page of `shape` whose characters are `text_px`
    tall: characters become `target` pixels, never enlarged, within the bounds above."""
    long = max(shape[:2])
    wanted = long * target / text_px if text_px else float(DET_FALLBACK_SIDE)
    return int(min(long, max(DET_MIN_SIDE, min(DET_MAX_SIDE, wanted))))
