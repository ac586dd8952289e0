"""Tick boxes of a choice list (☑小发明 □小创造 …) seen on the page image and written into the text.

The recognizer reads an empty box as 口 or drops it, and a ticked one as anything; the picture is
unambiguous: a thin square outline the size of a character, empty or with a mark inside (or a solid
square). A square counts as a tick box where it starts a word (blank paper to its left, as after the
full-width space between options) and another one is near (a list of options); a square right
after other ink (a colon) only where the recognizer read it as 口 too. So 日 or 国 in running text
never become boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .engine import TextLine
from .prep import components

if TYPE_CHECKING:
    import numpy as np

TICKED = "☑"
EMPTY = "□"
_SIDE_MM = (2.0, 5.5)  # a box glyph of 10.5–16 pt type
_MAX_ASPECT = 1.3
_EDGE_COVER = 0.8  # share of each side of the square that is inked
_TICK_INK = 0.08  # share of the inside inked by a tick or cross
_SOLID = 0.85  # a solid square (■) counts as ticked
_CLEAR = 0.04  # inside ink this far from the cut: the reading is certain
# what the recognizer makes of a box; any other character read this surely is a character
_BOX_READINGS = frozenset("口□囗☐☑☒■√✓✔")
_EMPTY_READINGS = frozenset("口□囗☐")
_BAR = 0.7  # a level stroke across this share of the inside of a square
_MARK = "✓"
_TICK_LOOKALIKES = frozenset("Vv/")
_NEIGHBOUR_ROWS = 2.2  # a list's next box is on its row or the next (heights of a box)
_MARK_CERTAINTY = 0.8
_SURE_CHAR = 0.6
_OPTION = 1.0  # the option's first character starts within this many box widths to the right
_GAP = 0.35  # blank width (in box widths) left of a box: options are spaced apart


@dataclass(frozen=True, slots=True)
class TickBox:
    box: tuple[float, float, float, float]
    ticked: bool
    certainty: float
    spaced: bool = True  # blank paper before it and text after it, as an option's box stands
    mark: bool = False  # a tick mark standing without a box

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


def find_tick_boxes(grey: np.ndarray, ppm: float) -> list[TickBox]:
    """Square outlines and solid squares of character size on a grey page (lines erased)."""
    import numpy as np

    ink = (grey < 160).astype(np.uint8)
    n, labels, stats, _ = components(ink)
    low, high = (v * ppm for v in _SIDE_MM)
    found = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if not (low <= w <= high and low <= h <= high) or max(w, h) > _MAX_ASPECT * min(w, h):
            continue
        fill = area / (w * h)
        spaced = _word_start(ink, (x, y, w, h))
        if fill >= _SOLID:
            if spaced:
                found.append(TickBox((x, y, x + w, y + h), True, 1.0))
            continue
        part = labels[y : y + h, x : x + w] == i
        band = max(1, round(min(w, h) * 0.18))
        sides = (
            part[:band, :].any(axis=0).mean(),
            part[-band:, :].any(axis=0).mean(),
            part[:, :band].any(axis=1).mean(),
            part[:, -band:].any(axis=1).mean(),
        )
        if min(sides) < _EDGE_COVER:
            continue
        inner = ink[y + band + 1 : y + h - band - 1, x + band + 1 : x + w - band - 1]
        if inner.size == 0:
            continue
        if _bars(inner) >= 2:
            continue  # level strokes right across the inside: 国, 日, 目, not a tick or a cross
        inside = float(inner.mean())
        certainty = min(1.0, 0.5 + abs(inside - _TICK_INK) / _CLEAR / 2)
        found.append(TickBox((x, y, x + w, y + h), inside >= _TICK_INK, round(certainty, 4), spaced))
    return found + _tick_marks(found, ink, stats)


def _tick_marks(boxes: list[TickBox], ink: np.ndarray, stats: np.ndarray) -> list[TickBox]:
    """Marks without a box (✓ √) standing before an option in a row of option boxes: a blob of
    about a box's size, starting a word, that is none of the boxes. Whether the recognizer read a
    character there is settled when the marks are placed; a mark found only here is written as ✓
    with a middling certainty, so the field is right and still asks to be confirmed."""
    spaced = [b for b in boxes if b.spaced]
    marks = []
    for k in range(1, len(stats)):
        x, y, w, h, _area = (int(v) for v in stats[k])
        rect = (float(x), float(y), float(x + w), float(y + h))
        if any(_overlap(rect, b.box) for b in boxes):
            continue
        cy = y + h / 2
        for box in spaced:
            side = box.box[3] - box.box[1]
            in_row = abs(box.centre[1] - cy) < 0.4 * side
            sized = 0.5 * side <= h <= 1.3 * side and 0.4 * side <= w <= 1.4 * side
            if in_row and sized:
                if _word_start(ink, (x, y, w, h)):
                    marks.append(TickBox(rect, True, _MARK_CERTAINTY, True, mark=True))
                break
    return marks


def _room(xs: Sequence[float], cx: float, pitch: float) -> bool:
    """The recognizer left a gap at cx wide enough for the glyph it dropped (character centres
    run late or early by a fraction of a pitch, never by a whole one)."""
    before = [x for x in xs if x < cx]
    after = [x for x in xs if x >= cx]
    left = cx - before[-1] if before else float("inf")
    right = after[0] - cx if after else float("inf")
    return min(left, right) >= 0.75 * pitch and (not before or not after or left + right >= 1.5 * pitch)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bars(inner: np.ndarray) -> int:
    """Level strokes reaching across most of a square's inside (a tick or a cross has none)."""
    import numpy as np

    if inner.shape[1] < 3:
        return 0
    long = np.zeros(inner.shape[0], dtype=bool)
    for r, row in enumerate(inner):
        run = best = 0
        for v in row.tolist():
            run = run + 1 if v else 0
            best = max(best, run)
        long[r] = best >= _BAR * inner.shape[1]
    # count separate bars (runs of consecutive long rows)
    return int(long[0]) + int(np.count_nonzero(long[1:] & ~long[:-1]))


def _word_start(ink: np.ndarray, rect: tuple[int, int, int, int]) -> bool:
    """Blank paper to the left of the square (an option starts after a gap or at the line's start)
    and an option's text to its right, so 目, 日 or 国 inside a word are never taken for boxes."""
    x, y, w, h = rect
    gap = ink[y : y + h, max(x - round(_GAP * w), 0) : max(x - 1, 0)]
    option = ink[y : y + h, x + w + 1 : x + w + 1 + round(_OPTION * w)]
    return (gap.size == 0 or not gap.any()) and option.size > 0 and bool(option.any())


def apply_tick_boxes(lines: Sequence[TextLine], boxes: Sequence[TickBox]) -> list[TextLine]:
    """Write each tick box into the line it belongs to, replacing what the recognizer made of it;
    a box's character gets the certainty of its picture as probability."""
    out = list(lines)
    choices = _choice_boxes(boxes)
    for box in choices:
        for k, line in enumerate(out):
            updated = _place(line, box)
            if updated is not None:
                out[k] = updated
                break
    rows = [b.centre[1] for b in choices if not b.mark]
    return [
        _tick_readings(line) if any(line.box[1] <= y <= line.box[3] for y in rows) else line for line in out
    ]


def _tick_readings(line: TextLine) -> TextLine:
    """On a row of option boxes, a V, v or / standing before an option (at the line's start or
    after a space) is a tick mark the recognizer took for a letter; its probability is capped,
    as the reading is inferred."""
    chars = list(line.text)
    confs = list(line.char_conf)
    pitch = line.height * 0.75
    changed = False
    for i, ch in enumerate(chars):
        gap = len(line.char_x) == len(chars) and i > 0 and line.char_x[i] - line.char_x[i - 1] > 1.4 * pitch
        starts = i == 0 or chars[i - 1].isspace() or chars[i - 1] in "：:" or gap
        before_option = i + 1 < len(chars) and "\u4e00" <= chars[i + 1] <= "\u9fff"
        if ch in _TICK_LOOKALIKES and starts and before_option:
            chars[i] = "√"
            if i < len(confs):
                confs[i] = min(confs[i], _MARK_CERTAINTY)
            changed = True
    if not changed:
        return line
    return TextLine(
        text="".join(chars), box=line.box, char_conf=tuple(confs), char_x=line.char_x, stroke=line.stroke
    )


def _choice_boxes(boxes: Sequence[TickBox]) -> list[TickBox]:
    """Boxes with a spaced box of a like size on the same row or the next (a choice list that
    wraps onto the next line keeps its last box)."""
    kept = []
    for box in boxes:
        height = box.box[3] - box.box[1]
        for other in boxes:
            if other is box or not other.spaced:
                continue
            other_height = other.box[3] - other.box[1]
            like = abs(other_height - height) < 0.3 * height
            if like and abs(other.centre[1] - box.centre[1]) < _NEIGHBOUR_ROWS * height:
                kept.append(box)
                break
    return kept


def _place(line: TextLine, box: TickBox) -> TextLine | None:
    cx, cy = box.centre
    x0, y0, x1, y1 = line.box
    if not y0 <= cy <= y1:
        return None
    pitch = line.height * 0.8
    if not x0 - pitch <= cx <= x1 + pitch or len(line.char_x) != len(line.text):
        return None
    mark = _MARK if box.mark else TICKED if box.ticked else EMPTY
    chars = list(line.text)
    confs = list(line.char_conf)
    xs = list(line.char_x)
    nearest = min(range(len(xs)), key=lambda i: abs(xs[i] - cx)) if xs else None
    if nearest is not None and abs(xs[nearest] - cx) < pitch * 0.5:
        read = chars[nearest]
        if box.mark:
            return line  # the recognizer read the mark (or a character) there itself
        if read not in _BOX_READINGS and confs[nearest] >= _SURE_CHAR:
            return line  # a character read with certainty stands where the square is: not a box
        if not box.spaced and read not in _EMPTY_READINGS:
            return line  # a square glued to the text before it is a box only if read as one
        chars[nearest] = mark
        confs[nearest] = box.certainty
        xs[nearest] = cx
    elif not box.spaced or not _room(xs, cx, pitch):
        return line
    else:
        at = sum(1 for x in xs if x < cx)
        chars.insert(at, mark)
        confs.insert(at, box.certainty)
        xs.insert(at, cx)
    return TextLine(
        text="".join(chars),
        box=(min(x0, box.box[0]), y0, max(x1, box.box[2]), y1),
        char_conf=tuple(confs),
        char_x=tuple(xs),
    )
