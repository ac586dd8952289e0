"""The one interface an OCR engine offers the page pipeline, and the process-wide engine cache.

An engine finds text lines on a page image and reads them, giving each character a probability, so
the pipeline can rebuild cells from positions and judge every field by its weakest character.
Any engine (RapidOCR today, tesseract with chi_sim later) plugs in by implementing `OcrEngine`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
# lines read with a mean probability below this are specks and stray marks, not text (a real
# line with one doubtful character is kept: its weak character flags the field instead)
MIN_LINE_SCORE = 0.4
# a detected box this many times taller than wide holds stacked characters
_STACKED = 1.5
# environment variable naming the engine; only engines listed in `_FACTORIES` are accepted
ENGINE_VARIABLE = "JIANGXIN_OCR_ENGINE"
DEFAULT_ENGINE = "rapidocr"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text on an image: its box (x0, y0, x1, y1) in pixels, its text, and for each
    character the engine's probability and horizontal centre (centres may be empty if unknown)."""

    text: str
    box: tuple[float, float, float, float]
    char_conf: tuple[float, ...]
    char_x: tuple[float, ...] = ()
    stroke: float = 0.0  # typical stroke width in pixels (bold type is thicker), 0 when unmeasured

    @property
    def confidence(self) -> float:
        """The weakest character's probability: one misread character makes the line doubtful."""
        return min(self.char_conf) if self.char_conf else 0.0

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


class OcrEngine(Protocol):
    """Find and read text. Images are numpy uint8 arrays, grey (H, W) or BGR (H, W, 3)."""

    name: str

    def detect(self, image: np.ndarray) -> list[Quad]:
        """The text lines of a page image as quadrilaterals (clockwise from top-left, pixels)."""
        ...

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        """Read crops that each hold one line of text; boxes and centres are crop coordinates."""
        ...


def read_lines(
    engine: OcrEngine, image: np.ndarray, quads: Sequence[Quad], min_score: float = MIN_LINE_SCORE
) -> list[TextLine]:
    """Cut each detected line out (straightened), read it, and place it back on the page; lines
    with no text or a mean probability below `min_score` (specks, stray marks) go."""
    return [line for line in read_each(engine, image, split_stacked(quads), min_score) if line is not None]


def read_each(
    engine: OcrEngine, image: np.ndarray, quads: Sequence[Quad], min_score: float = MIN_LINE_SCORE
) -> list[TextLine | None]:
    """`read_lines` for quads already split (`split_stacked`), one result per quad: None where the
    line went, so that lines read in several goes keep their order."""
    crops = [crop_quad(image, quad) for quad in quads]
    lines: list[TextLine | None] = []
    for quad, crop, line in zip(quads, crops, engine.recognize(crops) if crops else [], strict=True):
        if not line.text.strip() or sum(line.char_conf) < min_score * max(len(line.char_conf), 1):
            lines.append(None)
            continue
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        # character centres along the crop map onto the box's width (boxes are near-level)
        ratio = (x1 - x0) / max(crop.shape[1], 1)
        lines.append(
            TextLine(
                text=line.text,
                box=(x0, y0, x1, y1),
                char_conf=line.char_conf,
                char_x=tuple(x0 + cx * ratio for cx in line.char_x),
            )
        )
    return lines


def split_stacked(quads: Sequence[Quad]) -> list[Quad]:
    """The quads with each box of stacked characters split into one box a character (`_stacked`)."""
    return [piece for quad in quads for piece in _stacked(quad)]


def _stacked(quad: Quad) -> list[Quad]:
    """A box much taller than wide on an upright page holds characters stacked one above the
    other (a label wrapped a character per line): each is read as a line of its own."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height < _STACKED * width:
        return [quad]
    count = max(2, round(height / width))
    step = height / count
    return [
        ((x0, y0 + i * step), (x1, y0 + i * step), (x1, y0 + (i + 1) * step), (x0, y0 + (i + 1) * step))
        for i in range(count)
    ]


def crop_quad(image: np.ndarray, quad: Quad) -> np.ndarray:
    """The quadrilateral cut out and straightened to a level strip (as PP-OCR does)."""
    import cv2
    import numpy as np

    points = np.asarray(quad, dtype=np.float32)
    width = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    height = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    width, height = max(width, 1), max(height, 1)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(points, target)
    return cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )


def _rapidocr() -> OcrEngine:
    from .rapid import RapidOcrEngine

    return RapidOcrEngine()


_FACTORIES: dict[str, Callable[[], OcrEngine]] = {"rapidocr": _rapidocr}
_engines: dict[str, OcrEngine] = {}
_lock = threading.Lock()


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine for this process, loading its models on first use only (never once per file)."""
    key = name or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
    if key not in _FACTORIES:
        raise ValueError(f"未知的 OCR 引擎“{key}”，可选：{'、'.join(sorted(_FACTORIES))}")
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _FACTORIES[key]()
        return engine


def set_engine(engine: OcrEngine, name: str | None = None) -> OcrEngine | None:
    """Make `engine` this process's engine for `name` (default: the configured one), returning the
    one it replaces (for comparing settings in one run)."""
    key = name or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
    with _lock:
        previous = _engines.get(key)
        _engines[key] = engine
        return previous


def register_engine(name: str, factory: Callable[[], OcrEngine]) -> None:
    """Make another engine selectable by name (its factory is called once, on first use)."""
    _FACTORIES[name] = factory
