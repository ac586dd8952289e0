"""Page images made ready for reading: loaded upright, red ink dropped, uneven lighting evened out.

Red stamps are removed from the grey image the engine reads (black text under a seal stays black),
so the seal's own lettering never leaks into a field; the colour page is kept for seal detection.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# a photo is reduced to this long side: enough for 10.5 pt characters on a whole A4 sheet
MAX_LONG_SIDE = 3000
# refuse images that would decode to more pixels than this (decompression bombs)
MAX_PIXELS = 80_000_000
A4_MM = (210.0, 297.0)


def load_frames(
    path: Path, max_frames: int, max_pixels: int = MAX_PIXELS
) -> list[tuple[np.ndarray, float | None]]:
    """Each page of an image file as RGB uint8 (EXIF orientation applied) with its dpi if recorded;
    a multi-page TIFF gives several. More than `max_frames` pages is refused, and so is a frame over
    `max_pixels` (Pillow's decompression-bomb guard, its warning made an error), before it is decoded."""
    import warnings

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return _frames(path, max_frames, max_pixels)


def _frames(path: Path, max_frames: int, max_pixels: int) -> list[tuple[np.ndarray, float | None]]:
    import numpy as np
    from PIL import Image, ImageOps, ImageSequence

    frames: list[tuple[np.ndarray, float | None]] = []
    with Image.open(path) as im:
        for index, frame in enumerate(ImageSequence.Iterator(im)):
            if index >= max_frames:
                raise ValueError(f"more than {max_frames} pages")
            if frame.size[0] * frame.size[1] > max_pixels:  # every frame, not only the first
                raise Image.DecompressionBombError(f"{frame.size[0]}×{frame.size[1]} 像素")
            frame.load()
            dpi = frame.info.get("dpi") or im.info.get("dpi")
            upright = ImageOps.exif_transpose(frame) or frame
            rgb = np.asarray(upright.convert("RGB"))
            density = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) >= 50 else None
            if density is not None and max(rgb.shape[:2]) > MAX_LONG_SIDE:
                density *= MAX_LONG_SIDE / max(rgb.shape[:2])
            frames.append((limit_size(rgb), density))
    return frames


def limit_size(rgb: np.ndarray) -> np.ndarray:
    """Shrink very large photos so the whole pipeline works on a bounded number of pixels."""
    import cv2

    h, w = rgb.shape[:2]
    scale = MAX_LONG_SIDE / max(h, w)
    if scale >= 1.0:
        return rgb
    return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def px_per_mm(shape: tuple[int, ...], dpi: float | None) -> float:
    """Pixels per millimetre: from the dpi when known, else assuming the sheet fills the image."""
    if dpi:
        return dpi / 25.4
    h, w = shape[:2]
    short, long = sorted((w, h))
    return min(short / A4_MM[0], long / A4_MM[1])


def points_per_pixel(ppm: float) -> float:
    """Points (1/72 inch) per pixel of an image at `ppm` pixels per millimetre: the unit of OCR boxes."""
    return 72.0 / (ppm * 25.4)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels of red or pinkish ink (seals, red pen) as a 0/255 mask."""
    import cv2
    import numpy as np

    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    # hue 0–12 or 160–179 (8-bit hue runs to 179), saturation ≥ 60, value ≥ 70: two range tests
    # in one pass each, instead of five boolean images of the whole page
    low = cv2.inRange(hsv, np.array([0, 60, 70]), np.array([12, 255, 255]))
    high = cv2.inRange(hsv, np.array([160, 60, 70]), np.array([255, 255, 255]))
    return cv2.bitwise_or(low, high)


def dropout_grey(rgb: np.ndarray, red: np.ndarray) -> np.ndarray:
    """Grey image with red ink turned to paper: inside the (widened) red mask the brightest channel
    is used, which is light for red ink and still dark for black text printed under it."""
    import cv2
    import numpy as np

    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if red.any():
        widened = cv2.dilate(red, np.ones((3, 3), np.uint8)) > 0
        grey = grey.copy()
        # the brightest channel of the masked pixels only (over the whole page it costs a
        # quarter of a second)
        grey[widened] = rgb[widened].max(axis=1)
    return even_background(grey)


def even_background(grey: np.ndarray) -> np.ndarray:
    """Divide by a smooth estimate of the paper so shadows and yellowed paper become white."""
    import cv2
    import numpy as np

    h, w = grey.shape
    small = cv2.resize(grey, (max(w // 8, 1), max(h // 8, 1)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((7, 7), np.uint8))
    paper = cv2.medianBlur(paper, 9)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    # grey / paper × 255 looked up for each (paper, grey) pair: the same values as computing it
    # in float32 pixel by pixel, in a tenth of the time
    index = paper.astype(np.uint16) << 8
    index |= grey
    return _evened_table().take(index)


@functools.cache
def _evened_table() -> np.ndarray:
    """grey / max(paper, 1) × 255, clipped to 0–255, for every (paper, grey) pair, indexed
    paper × 256 + grey (float32, as `even_background` computed it pixel by pixel)."""
    import numpy as np

    grey = np.tile(np.arange(256, dtype=np.float32), 256)
    paper = np.repeat(np.arange(256, dtype=np.float32), 256)
    evened = grey / np.maximum(paper, 1.0) * 255.0
    return np.clip(evened, 0, 255).astype(np.uint8)


def ink(grey: np.ndarray) -> np.ndarray:
    """Dark marks as a 0/255 mask (a global Otsu cut: the background is already even)."""
    import cv2

    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """`cv2.connectedComponentsWithStats` (8-connected) with 16-bit labels, which take a third
    of the time of 32-bit ones on a page; a mask with 65,535 or more blobs is labelled in 32 bits."""
    import cv2

    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
