"""Tables rebuilt from the ruling lines of a scanned form: line masks, grid edges, merged cells.

Long horizontal ink runs are the form's row lines. Between two row lines, a column line is a thin
run covering the whole band; the vertical strokes of characters in a tight row can do the same, so
a run inside a read text line is a stroke, not a line. A missing line between two neighbouring
grid positions means one merged cell: the same grid the PDF reader builds from vector lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .engine import TextLine
from .prep import components

if TYPE_CHECKING:
    import numpy as np

Box = tuple[float, float, float, float]

_H_MIN_MM = 10.0  # shortest horizontal run kept as a ruling line (a long stroke is ~5 mm)
_V_MIN_MM = 2.5  # shortest vertical run looked at (a one-line row of a Word table is ~4.5 mm high)
_MAX_LINE_MM = 1.0  # a ruling line is thinner than this
_EDGE_TOLERANCE_MM = 1.2  # line positions closer than this are one edge
_MIN_ROW_MM = 2.0  # edges closer than this (double borders) are merged
_FULL = 0.9  # share of a band a column line covers
_FAINT = 0.3  # a faint column line: accepted when no text runs across it
_STRONG = 0.5  # share of a row boundary covered by line pixels that makes it a boundary
_WEAK = 0.12  # a faint row boundary: accepted when no text line crosses it
_CLEAR_MM = (0.3, 1.2)  # band either side of a column line that must be blank to erase it before reading
_STROKE_BAND = 1.6  # a band taller than this many text lines holds a full-height run only as a line,
_GLYPH = 0.5  # half a glyph's width, in line heights: a stroke lies this close to a character's centre
_FILLED = 0.6  # unless text lines stacked along the run fill this share of the band
_LINE_GLYPHS = frozenset("|丨｜lI[]【】")
_SURE_MM = 30.0
_SURE_FILL = 0.7  # ...and this solid (noise and blur take some pixels out of a real line)
_ROW_LINE_MM = 18.0  # a row line (with its collinear pieces) spans at least this
_BRIDGE_MM = 3.0  # gaps noise breaks into a line
_END_MM = 1.5  # a row line ends this close to a column line  # a thin horizontal run this long is a line for certain (erased before reading)


@dataclass(frozen=True, slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's edges in pixels (left to right, top to bottom) and its cells in grid positions."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @property
    def bbox(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_box(self, cell: GridCell) -> Box:
        return (
            self.xs[cell.col],
            self.ys[cell.row],
            self.xs[cell.col + cell.colspan],
            self.ys[cell.row + cell.rowspan],
        )


@dataclass(frozen=True, slots=True)
class _Segment:
    """A horizontal run: its y, x extent, thickness in pixels and how solid its box is."""

    pos: float
    start: float
    end: float
    thickness: int
    fill: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class _Run:
    """A vertical run of line pixels inside one band: its x, width and share of the band covered."""

    x: float
    width: int
    cover: float


@dataclass(slots=True)
class _Region:
    box: tuple[int, int, int, int]
    ys: list[float]
    runs: list[list[_Run]]  # per band


@dataclass(slots=True)
class Rulings:
    """Line candidates found on a page: long horizontal runs and vertical runs (0/255 masks)."""

    horizontal: np.ndarray
    vertical: np.ndarray
    segments: list[_Segment]
    ppm: float


def find_rulings(grey: np.ndarray, ppm: float) -> Rulings:
    """Candidate ruling lines of a grey page; which are lines and which are text is settled later."""
    import cv2
    import numpy as np

    # lines are often lighter than text (thin, anti-aliased, faded): a lenient cut, checked later
    binary = np.where(grey < 200, 255, 0).astype(np.uint8)
    bridged_h = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    bridged_v = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    h_len = max(round(_H_MIN_MM * ppm), 15)
    v_len = max(round(_V_MIN_MM * ppm), 9)
    horizontal = cv2.morphologyEx(
        bridged_h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1))
    )
    vertical = cv2.morphologyEx(
        bridged_v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len))
    )
    return Rulings(horizontal=horizontal, vertical=vertical, segments=_h_segments(horizontal), ppm=ppm)


def erase_mask(rulings: Rulings, grey: np.ndarray) -> np.ndarray:
    """Pixels to whiten before text is read: only what is surely a line. A long thin horizontal
    run is one; a vertical run is one when both its sides are blank (a character's stroke always
    has ink beside it). Text next to a line is read fine; text erased by mistake is lost."""
    import cv2
    import numpy as np

    ppm = rulings.ppm
    mask = np.zeros_like(rulings.horizontal)
    thin = max(round(_MAX_LINE_MM * ppm), 3)
    for seg in rulings.segments:
        if seg.length >= _SURE_MM * ppm and seg.thickness <= thin and seg.fill >= _SURE_FILL:
            y = round(seg.pos)
            half = seg.thickness // 2 + 1
            rows = slice(max(y - half, 0), y + half + 1)
            cols = slice(round(seg.start), round(seg.end) + 1)
            mask[rows, cols] = rulings.horizontal[rows, cols]
    near, far = (max(round(v * ppm), 1) for v in _CLEAR_MM)
    # ink beside a column line, not counting the (sure) row lines crossing it
    dark = (grey < 200) & (cv2.dilate(mask, np.ones((5, 1), np.uint8)) == 0)
    # a column line meets row lines at both ends; a digit 1 or a stroke as tall never does
    near_h = cv2.dilate(mask, np.ones((5, 3), np.uint8)) > 0
    n, _labels, stats, _ = components(rulings.vertical)
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w > thin:
            continue
        # judged row by row: between two row lines, text may crowd one stretch of a column line
        crossing: np.ndarray = np.asarray(near_h[y : y + h, x : x + w].any(axis=1))
        if not crossing.any():
            continue
        for top, bottom in _between(crossing):
            left = dark[y + top : y + bottom, max(x - far, 0) : max(x - near, 0)]
            right = dark[y + top : y + bottom, x + w + near : x + w + far]
            if left.size and right.size and left.mean() < 0.03 and right.mean() < 0.03:
                rows = slice(max(y + top - 3, 0), y + bottom + 3)
                mask[rows, x : x + w] |= rulings.vertical[rows, x : x + w]
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def _between(crossing: np.ndarray) -> list[tuple[int, int]]:
    """Stretches (start, end) between the rows where row lines cross a column line."""
    out = []
    start = None
    for i, crossed in enumerate(crossing.tolist()):
        if not crossed and start is None:
            start = i
        elif crossed and start is not None:
            out.append((start, i))
            start = None
    return out


def find_grids(rulings: Rulings, lines: Sequence[TextLine]) -> list[Grid]:
    """Every ruled table on the page, top to bottom. Horizontal runs through the middle of a read
    text line are its strokes, and so are vertical runs among its characters: both are set aside."""
    import cv2
    import numpy as np

    ppm = rulings.ppm
    segments = _spanning([s for s in rulings.segments if not _in_text(s, lines)], ppm)
    if len(segments) < 2:
        return []
    horizontal = np.zeros_like(rulings.horizontal)
    for seg in segments:
        y = round(seg.pos)
        half = seg.thickness // 2 + 1
        rows = slice(max(y - half, 0), y + half + 1)
        cols = slice(round(seg.start), round(seg.end) + 1)
        horizontal[rows, cols] = rulings.horizontal[rows, cols]
    joined = cv2.dilate(
        horizontal | rulings.vertical, np.ones((3, 3), np.uint8), iterations=max(1, round(ppm / 3))
    )
    n, _labels, stats, _ = components(joined)
    grids = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < 30 * ppm or h < 4 * ppm:
            continue
        inside = [s for s in segments if y <= s.pos <= y + h and s.start >= x - 2 and s.end <= x + w + 2]
        grid = _region_grid(inside, rulings.vertical, horizontal, ppm, lines)
        if grid is None:
            continue
        # second look: row lines end at the columns found; drop runs that stop mid-cell
        meeting = _meeting_columns(inside, grid.xs, ppm)
        if len(meeting) < len(inside):
            grid = _region_grid(meeting, rulings.vertical, horizontal, ppm, lines)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _region_grid(
    inside: Sequence[_Segment],
    vertical: np.ndarray,
    horizontal: np.ndarray,
    ppm: float,
    lines: Sequence[TextLine],
) -> Grid | None:
    """The grid of one table from its row-line segments: row edges, column runs per band, cells."""
    if len(inside) < 2:
        return None
    # the table spans its row lines: strokes of text just above or below do not widen it
    top, bottom = min(s.pos for s in inside), max(s.pos for s in inside)
    left, right = round(min(s.start for s in inside)), round(max(s.end for s in inside))
    ys = _edges([(s.pos, s.length) for s in inside], top, bottom, ppm)
    runs = [_band_runs(vertical, ys[b], ys[b + 1], left, right, ppm) for b in range(len(ys) - 1)]
    box = (left, round(top), right, round(bottom))
    return _grid(_Region(box=box, ys=ys, runs=runs), horizontal, ppm, lines)


def _collinear(segments: Sequence[_Segment], ppm: float) -> list[list[_Segment]]:
    """Segments grouped into spans: pieces on one row no further apart than noise breaks a line."""
    tolerance = max(2.0, 0.4 * ppm)
    bridge = _BRIDGE_MM * ppm
    ordered = sorted(segments, key=lambda s: (s.pos, s.start))
    used = [False] * len(ordered)
    spans: list[list[_Segment]] = []
    for i, seg in enumerate(ordered):
        if used[i]:
            continue
        group = []
        for j in range(i, len(ordered)):
            if ordered[j].pos - seg.pos > tolerance:
                break
            if not used[j]:
                group.append(ordered[j])
                used[j] = True
        row: list[list[_Segment]] = []
        for piece in sorted(group, key=lambda s: s.start):
            if row and piece.start - max(p.end for p in row[-1]) <= bridge:
                row[-1].append(piece)
            else:
                row.append([piece])
        spans.extend(row)
    return spans


def _spanning(segments: Sequence[_Segment], ppm: float) -> list[_Segment]:
    """Segments that, with their collinear pieces, span at least `_ROW_LINE_MM`: a row line runs
    across its cell and its neighbours', strokes of characters chained into a run stop with the word."""
    return [
        seg
        for span in _collinear(segments, ppm)
        if max(p.end for p in span) - min(p.start for p in span) >= _ROW_LINE_MM * ppm
        for seg in span
    ]


def _meeting_columns(segments: Sequence[_Segment], xs: Sequence[float], ppm: float) -> list[_Segment]:
    """Segments whose span ends at column lines (or the table's sides) on both sides: a row line
    meets the lines around its cells, a run of strokes between two text lines stops mid-cell."""
    reach = _END_MM * ppm

    def at_column(x: float) -> bool:
        return any(abs(x - edge) <= reach for edge in xs)

    return [
        seg
        for span in _collinear(segments, ppm)
        if at_column(min(p.start for p in span)) and at_column(max(p.end for p in span))
        for seg in span
    ]


def _in_text(seg: _Segment, lines: Sequence[TextLine]) -> bool:
    """A horizontal run through the middle band of a text line, mostly within its width."""
    for line in lines:
        x0, y0, x1, y1 = line.box
        band = line.height * 0.2
        if not y0 + band < seg.pos < y1 - band:
            continue
        overlap = min(seg.end, x1) - max(seg.start, x0)
        if overlap > 0.6 * seg.length:
            return True
    return False


def is_line_glyph(char: str) -> bool:
    """Characters a ruling line is misread as when a text box ran across it."""
    return char in _LINE_GLYPHS


def _h_segments(mask: np.ndarray) -> list[_Segment]:
    n, _labels, stats, centroids = components(mask)
    out = []
    for i in range(1, n):
        x, _y, w, h, area = (int(v) for v in stats[i])
        out.append(_Segment(float(centroids[i][1]), float(x), float(x + w - 1), h, area / max(w * h, 1)))
    return out


def _edges(positions: Sequence[tuple[float, float]], low: float, high: float, ppm: float) -> list[float]:
    """Cluster (position, weight) pairs into edges, adding the extent where no line marks it."""
    tolerance = _EDGE_TOLERANCE_MM * ppm
    clusters: list[list[tuple[float, float]]] = []
    for pos, weight in sorted(positions):
        if clusters and pos - clusters[-1][-1][0] <= tolerance:
            clusters[-1].append((pos, weight))
        else:
            clusters.append([(pos, weight)])
    edges = [sum(p * w for p, w in c) / max(sum(w for _, w in c), 1e-6) for c in clusters]
    if not edges or edges[0] - low > _MIN_ROW_MM * ppm:
        edges.insert(0, low)
    if edges[-1] < high - _MIN_ROW_MM * ppm:
        edges.append(high)
    merged: list[float] = []
    for e in edges:
        if merged and e - merged[-1] < _MIN_ROW_MM * ppm:
            merged[-1] = (merged[-1] + e) / 2
        else:
            merged.append(e)
    return merged


def _band_runs(vertical: np.ndarray, top: float, bottom: float, x0: int, x1: int, ppm: float) -> list[_Run]:
    """Thin vertical runs covering at least the faint share of the band between two row lines."""
    import numpy as np

    inset = max(round(0.4 * ppm), 2)
    a, b = round(top) + inset, round(bottom) - inset
    if b - a < 3:
        return []
    strip = vertical[a:b, max(x0 - 2, 0) : x1 + 3] > 0
    cover = strip.mean(axis=0)
    # a line drifting by a pixel over a tall band still counts: take the best of three columns
    padded = np.pad(cover, 1)
    cover = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    hits = cover >= _FAINT
    runs = []
    i = 0
    max_width = max(round(_MAX_LINE_MM * ppm), 3) + 2
    while i < len(hits):
        if not hits[i]:
            i += 1
            continue
        j = i
        while j < len(hits) and hits[j]:
            j += 1
        if j - i <= max_width:
            peak = float(cover[i:j].max())
            centre = (i + j - 1) / 2 + max(x0 - 2, 0)
            runs.append(_Run(x=centre, width=j - i, cover=peak))
        i = j
    return runs


def _pitch(line: TextLine) -> float:
    if len(line.char_x) >= 2:
        gaps = sorted(b - a for a, b in zip(line.char_x, line.char_x[1:], strict=False))
        return max(gaps[len(gaps) // 2], 1.0)
    return max(line.height * 0.7, 1.0)


def _text_extent(line: TextLine) -> tuple[float, float, str]:
    """Where the characters of a line lie (ignoring line-like glyphs at ruling positions)."""
    # the detector's box reaches a little past the glyphs on either side
    inner = (line.box[0] + 0.15 * line.height, line.box[2] - 0.15 * line.height)
    if len(line.char_x) == len(line.text) and line.text:
        # character centres are approximate (often late): reach most of a pitch out, within the box
        reach = _pitch(line) * 0.75
        left = max(min(line.char_x[0] - reach, inner[0]), line.box[0])
        right = min(max(line.char_x[-1] + reach, inner[1]), line.box[2])
        return left, right, line.text
    margin = line.height * 0.5
    return line.box[0] + margin, line.box[2] - margin, line.text


def _is_stroke(x: float, top: float, bottom: float, lines: Sequence[TextLine], cover: float = 1.0) -> bool:
    """The run at x in this band lies among text characters (and is not read as '|'). A run
    through nearly all of a band is a stroke only where text lines stacked at x fill the band:
    a line the detector ran across a column line leaves the rest of the band's height blank."""
    among: list[TextLine] = []
    for line in lines:
        overlap = min(bottom, line.box[3]) - max(top, line.box[1])
        if overlap < 0.5 * line.height:
            continue
        left, right, _text = _text_extent(line)
        if not left < x < right:
            continue
        if len(line.char_x) == len(line.text):
            nearest = min(range(len(line.text)), key=lambda i: abs(line.char_x[i] - x))
            distance = abs(line.char_x[nearest] - x)
            if distance < _pitch(line) * 0.6 and is_line_glyph(line.text[nearest]):
                continue
            # in the blank between two characters (a line the detector ran across), not in a glyph
            if distance > _GLYPH * line.height:
                continue
        among.append(line)
    if not among:
        return False
    height = bottom - top
    if cover < _FULL or height <= _STROKE_BAND * max(ln.height for ln in among):
        return True
    filled = sum(min(bottom, ln.box[3]) - max(top, ln.box[1]) for ln in among)
    return filled >= _FILLED * height


def _crossed(
    lines: Sequence[TextLine], pos: float, start: float, end: float, vertical_boundary: bool
) -> bool:
    """A text line runs across the boundary (so the boundary cannot be there)."""
    for line in lines:
        x0, y0, x1, y1 = line.box
        if vertical_boundary:
            left, right, _ = _text_extent(line)
            if left < pos < right and y0 < end and y1 > start:
                return True
        else:
            third = line.height / 3
            if y0 + third < pos < y1 - third and x0 < end and x1 > start:
                return True
    return False


def _grid(region: _Region, horizontal: np.ndarray, ppm: float, lines: Sequence[TextLine]) -> Grid | None:
    ys = region.ys
    x0, _y0, x1, _y1 = region.box
    n_rows = len(ys) - 1
    if n_rows < 1:
        return None
    kept: list[list[_Run]] = []
    for b, runs in enumerate(region.runs):
        kept.append([r for r in runs if not _is_stroke(r.x, ys[b], ys[b + 1], lines, r.cover)])
    positions = [
        (r.x, r.cover * (ys[b + 1] - ys[b])) for b, runs in enumerate(kept) for r in runs if r.cover >= _FULL
    ]
    if len(positions) < 2:
        return None  # no column line at all: strokes of large type, not a table
    xs = _edges(positions, float(x0), float(x1), ppm)
    n_cols = len(xs) - 1
    if n_cols < 1:
        return None
    tolerance = _EDGE_TOLERANCE_MM * ppm

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(n_rows):
        top, bottom = ys[r], ys[r + 1]
        for c in range(1, n_cols):
            near = [run for run in kept[r] if abs(run.x - xs[c]) <= tolerance]
            best = max((run.cover for run in near), default=0.0)
            present = best >= _FULL or (best >= _FAINT and not _crossed(lines, xs[c], top, bottom, True))
            if not present:
                union(r * n_cols + c - 1, r * n_cols + c)
    half = max(round(_EDGE_TOLERANCE_MM * ppm / 2), 2)
    for c in range(n_cols):
        left, right = xs[c], xs[c + 1]
        inset = (right - left) * 0.15
        for r in range(1, n_rows):
            cover = _coverage(horizontal, ys[r], left + inset, right - inset, half)
            present = cover >= _STRONG or (
                cover >= _WEAK and not _crossed(lines, ys[r], left + inset, right - inset, False)
            )
            if not present:
                union((r - 1) * n_cols + c, r * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    spans = []
    for members in groups.values():
        rows = [r for r, _ in members]
        cols = [c for _, c in members]
        spans.append((min(rows), min(cols), max(rows) + 1, max(cols) + 1))
    return _compact(xs, ys, spans)


def _coverage(mask: np.ndarray, y: float, start: float, end: float, half: int) -> float:
    """Share of the stretch start..end along row y (± half px) that carries line pixels."""
    p, a, b = round(y), round(start), round(end)
    if b <= a:
        return 0.0
    strip = mask[max(p - half, 0) : p + half + 1, a:b]
    return float((strip.max(axis=0) > 0).mean()) if strip.size else 0.0


def _compact(xs: list[float], ys: list[float], spans: list[tuple[int, int, int, int]]) -> Grid:
    """Drop edges no cell starts or ends on, so columns match the cells actually drawn."""
    used_x = sorted({c for s in spans for c in (s[1], s[3])})
    used_y = sorted({r for s in spans for r in (s[0], s[2])})
    xi = {old: new for new, old in enumerate(used_x)}
    yi = {old: new for new, old in enumerate(used_y)}
    cells = sorted(
        {GridCell(yi[r0], xi[c0], yi[r1] - yi[r0], xi[c1] - xi[c0]) for r0, c0, r1, c1 in spans},
        key=lambda c: (c.row, c.col),
    )
    return Grid(xs=tuple(xs[i] for i in used_x), ys=tuple(ys[i] for i in used_y), cells=tuple(cells))
