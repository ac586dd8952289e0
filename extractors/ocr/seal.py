"""Red seals (公章) on a page image: blobs of red ink the size and shape of an official stamp.

A unit's seal is a red ring or disc 38–45 mm across (oval ones ~40×30 mm); a scan may lose part of
it, so anything red, roughly round and 15–70 mm across counts, while red pen strokes and small
marks do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .prep import components

if TYPE_CHECKING:
    import numpy as np

_MIN_MM = 15.0
_MAX_MM = 70.0
_MAX_ASPECT = 1.8
_MIN_FILL = 0.04  # share of the blob's box that is red: a thin ring with lettering still passes


@dataclass(frozen=True, slots=True)
class Seal:
    box: tuple[float, float, float, float]
    fill: float

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


def find_seals(red: np.ndarray, ppm: float) -> list[Seal]:
    """Seal-like blobs in a red-ink mask (0/255), largest first."""
    import cv2
    import numpy as np

    if not red.any():
        return []
    size = max(round(3 * ppm), 3)
    closed = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    n, _labels, stats, _ = components(closed)
    seals = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if not (_MIN_MM * ppm <= max(w, h) <= _MAX_MM * ppm):
            continue
        if max(w, h) > _MAX_ASPECT * min(w, h):
            continue
        fill = float((red[y : y + h, x : x + w] > 0).mean())
        if fill >= _MIN_FILL:
            seals.append(Seal(box=(float(x), float(y), float(x + w), float(y + h)), fill=fill))
    seals.sort(key=lambda s: -(s.box[2] - s.box[0]) * (s.box[3] - s.box[1]))
    return seals
