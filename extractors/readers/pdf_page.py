"""One text-PDF page through PDFium (pypdfium2): its characters with their boxes, the ruling edges its
path objects draw, and the area its pictures cover.

PDFium parses the page in native code; Python only walks the result. The characters and edges come out
in the coordinates and shapes pdfplumber gives (origin at the top left, a straight path split into lines,
rectangles and curves the way pdfminer splits it), so the layout rules in `pdf.py` and pdfplumber's
table finder work on them unchanged. A character's box is the one pdfminer draws: it starts at the
origin, is the glyph's advance wide and one font size high, standing on the baseline (the fonts of the
PDFs we see declare no descent; PDFium does not say what a font declares, so the baseline is used for all).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _cfunc(func: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called with plain integer handles: pypdfium2's own bindings wrap each
    pointer they return in a ctypes object, which costs more than the call itself when made once per
    character."""
    address = ctypes.cast(func, ctypes.c_void_p).value
    assert address, "PDFium function without an address"
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VP, _INT, _DP = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
_count_chars = _cfunc(pdfium_c.FPDFText_CountChars, _INT, _VP)
_unicode = _cfunc(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _VP, _INT)
_origin = _cfunc(pdfium_c.FPDFText_GetCharOrigin, _INT, _VP, _INT, _DP, _DP)
_is_generated = _cfunc(pdfium_c.FPDFText_IsGenerated, _INT, _VP, _INT)
_text_object = _cfunc(pdfium_c.FPDFText_GetTextObject, _VP, _VP, _INT)
_char_matrix = _cfunc(pdfium_c.FPDFText_GetMatrix, _INT, _VP, _INT, ctypes.POINTER(pdfium_c.FS_MATRIX))
_object_font_size = _cfunc(pdfium_c.FPDFTextObj_GetFontSize, _INT, _VP, ctypes.POINTER(ctypes.c_float))
_object_font = _cfunc(pdfium_c.FPDFTextObj_GetFont, _VP, _VP)
_font_name = _cfunc(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, _VP, ctypes.c_char_p, ctypes.c_size_t)
_glyph_advance = _cfunc(
    pdfium_c.FPDFFont_GetGlyphWidth, _INT, _VP, ctypes.c_uint, ctypes.c_float, ctypes.POINTER(ctypes.c_float)
)
_loose = _cfunc(pdfium_c.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)  # the FS_RECTF by address
_tight = _cfunc(pdfium_c.FPDFText_GetCharBox, _INT, _VP, _INT, _DP, _DP, _DP, _DP)


@dataclass(slots=True)
class PageContent:
    """What the layout rules need of one page."""

    chars: list[dict[str, Any]]  # upright characters: text, x0, x1, top, bottom, size, fontname
    edges: list[dict[str, Any]]  # ruling edges (lines, rectangle sides, straight curve pieces)
    ruled: bool  # the page draws straight lines or rectangles: only then are tables looked for
    width: float
    height: float
    image_area: float  # points² covered by pictures


@dataclass(slots=True)
class _Frame:
    """PDFium's user space → pdfplumber's page space (pdfminer's page rotation, then y flipped)."""

    ctm: Matrix
    height: float
    top_shift: float
    x_shift: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.x_shift, self.height - (b * x + d * y + f) + self.top_shift


def _frame(page: pdfium.PdfPage) -> tuple[_Frame, float, float]:
    box = page.get_mediabox(fallback_ok=False) or page.get_bbox()
    x0, y0, x1, y1 = box
    rotation = page.get_rotation() % 360
    ctm: Matrix
    if rotation == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
    elif rotation == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rotation == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    nx0, nx1 = sorted((x0, x1))
    ny0, ny1 = sorted((y0, y1))
    if rotation in (90, 270):
        nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
    height = ny1 - ny0
    frame = _Frame(ctm, height, height - ny1, nx0)
    return frame, nx1 - nx0, height


def read_page(page: pdfium.PdfPage) -> PageContent:
    frame, width, height = _frame(page)
    edges, ruled, image_area, texts = _graphics(page, frame)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, frame, texts)
    finally:
        textpage.close()
    return PageContent(chars, edges, ruled, width, height, image_area)


@dataclass(slots=True)
class _Run:
    """What the characters of one text object share."""

    a: float
    b: float
    c: float
    d: float
    size: float
    fontname: str
    font: int
    upright: bool
    flat: bool  # unrotated, unmirrored text: PDFium's loose box gives the advance exactly
    simple: bool  # flat, upright and on an unrotated page: the box is a few additions


def _chars(
    textpage: pdfium.PdfTextPage, frame: _Frame, texts: list[tuple[Any, Matrix]]
) -> list[dict[str, Any]]:
    """The page's characters in page space, in PDFium's order. The spaces and line breaks PDFium
    makes up itself (they have no text object, or are marked generated) are left out. A text object
    that leaves no ink PDFium leaves out altogether: it holds a printed blank (or nothing, when its
    font has no blank), and the blank is put back as pdfminer reads it.

    Blanks are where PDFium and pdfminer part: PDFium also merges a blank with a space it makes up
    for a gap next to it, and such a blank is not recovered (every other character is)."""
    tp: int = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
    n = _count_chars(tp)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rox, roy = ctypes.byref(ox), ctypes.byref(oy)
    loose = pdfium_c.FS_RECTF()
    rloose = ctypes.addressof(loose)
    l_, b_, r_, t_ = (ctypes.c_double() for _ in range(4))
    runs: dict[int, _Run] = {}
    names: dict[int, str] = {}
    widths: dict[tuple[int, int], float] = {}
    out: list[dict[str, Any]] = []
    shift = frame.ctm[4] + frame.x_shift
    base = frame.height + frame.top_shift - frame.ctm[5]
    for i in range(n):
        obj: int = _text_object(tp, i) or 0
        code = _unicode(tp, i)
        if not obj or (code == 0x20 and _is_generated(tp, i)):
            continue
        run = runs.get(obj)
        if run is None:
            run = runs[obj] = _run(tp, i, obj, frame, names)
        if not run.upright:
            continue
        _origin(tp, i, rox, roy)
        key = (run.font, code)
        w = widths.get(key)
        if w is None:
            w = widths[key] = _glyph_width(run.font, code)
        adv = w * run.size
        x = ox.value
        if run.flat:
            # PDFium's loose box reaches from the origin over the glyph's advance, widened where the
            # ink sticks out; the width found by the character's Unicode value may be another glyph's
            _loose(tp, i, rloose)
            expected = x + run.a * adv
            if abs(loose.right - expected) > 0.01:
                ink_edge = False
                if loose.right > expected:
                    _tight(tp, i, l_, r_, b_, t_)
                    ink_edge = abs(r_.value - loose.right) < 0.01
                if not ink_edge:
                    adv = (loose.right - x) / run.a
        if run.simple:  # the general `_box`, worked out for the usual case
            bottom = base - oy.value
            height = run.d * run.size
            x0 = x + shift
            out.append(
                {
                    "text": chr(code),
                    "x0": x0,
                    "x1": x0 + run.a * adv,
                    "top": bottom - height,
                    "bottom": bottom,
                    "size": height,
                    "fontname": run.fontname,
                }
            )
        else:
            out.append(_box(frame, run, x, oy.value, adv, chr(code)))
    for obj, matrix in texts:
        if ctypes.cast(obj, ctypes.c_void_p).value in runs or not _inkless(obj):
            continue
        run = _make_run(matrix, ctypes.cast(obj, ctypes.c_void_p).value or 0, frame, names)
        adv = _glyph_width(run.font, 0x20) * run.size
        if run.upright and adv > 0:
            out.append(_box(frame, run, matrix[4], matrix[5], adv, " "))
    return out


def _inkless(obj: Any) -> bool:
    """A text object whose glyphs leave no ink: blanks."""
    bound = [ctypes.c_float() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *bound):
        return False
    left, _bottom, right, _top = (b.value for b in bound)
    return abs(right - left) < 0.01


def _box(frame: _Frame, run: _Run, x: float, y: float, adv: float, text: str) -> dict[str, Any]:
    """pdfminer's box of a character: (0, 0)–(advance, font size) in text space, in page space."""
    fs = run.size
    ra, rb, rc, rd, re_, rf = frame.ctm
    xs = (x, x + run.a * adv, x + run.c * fs, x + run.a * adv + run.c * fs)
    ys = (y, y + run.b * adv, y + run.d * fs, y + run.b * adv + run.d * fs)
    px = [ra * u + rc * v + re_ for u, v in zip(xs, ys, strict=True)]
    py = [rb * u + rd * v + rf for u, v in zip(xs, ys, strict=True)]
    y0, y1 = min(py), max(py)
    return {
        "text": text,
        "x0": min(px) + frame.x_shift,
        "x1": max(px) + frame.x_shift,
        "top": frame.height - y1 + frame.top_shift,
        "bottom": frame.height - y0 + frame.top_shift,
        "size": y1 - y0,
        "fontname": run.fontname,
    }


def _run(tp: int, index: int, obj: int, frame: _Frame, names: dict[int, str]) -> _Run:
    """Matrix, size and font of the text object character `index` belongs to."""
    matrix = pdfium_c.FS_MATRIX()
    _char_matrix(tp, index, ctypes.byref(matrix))
    return _make_run(_as_tuple(matrix), obj, frame, names)


def _make_run(m: Matrix, obj: int, frame: _Frame, names: dict[int, str]) -> _Run:
    """`names` keeps the base font names read on this page (PDFium's font handles live as long as
    the document)."""
    size_buf = ctypes.c_float()
    size = float(size_buf.value) if _object_font_size(obj, ctypes.byref(size_buf)) else 0.0
    font = _object_font(obj) or 0
    name = names.get(font)
    if name is None:
        buf = ctypes.create_string_buffer(256)
        got = _font_name(font, buf, len(buf)) if font else 0
        name = names[font] = buf.value.decode("latin-1") if 0 < got <= len(buf) else ""
    # pdfminer's test: the character matrix, with the page rotation applied, keeps x and y upright
    a, b, c, d = _mult(m[:4], frame.ctm)
    upright = a * d > 0 and b * c <= 0
    flat = m[1] == 0 and m[2] == 0 and m[0] > 0
    simple = flat and m[3] > 0 and frame.ctm[:4] == (1.0, 0.0, 0.0, 1.0)
    return _Run(m[0], m[1], m[2], m[3], size, name, font, upright, flat, simple)


def _mult(m: tuple[float, ...], n: Matrix) -> tuple[float, float, float, float]:
    a0, b0, c0, d0 = m
    a1, b1, c1, d1 = n[:4]
    return (a0 * a1 + b0 * c1, a0 * b1 + b0 * d1, c0 * a1 + d0 * c1, c0 * b1 + d0 * d1)


def _glyph_width(font: int, code: int) -> float:
    """Advance of the glyph PDFium finds for `code` in `font`, per point of font size."""
    width = ctypes.c_float()
    if not font or not _glyph_advance(font, code, 1.0, ctypes.byref(width)):
        return 0.0
    return float(width.value)


# --- ruling lines and pictures ------------------------------------------------------------------------

_WANTED = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT)


def _objects(parent: Any, form: bool, matrix: Matrix, depth: int = 0) -> Iterator[tuple[Any, int, Matrix]]:
    """Every page object with its type and the matrix that takes it to user space, form contents
    in place of their form."""
    count = pdfium_c.FPDFFormObj_CountObjects(parent) if form else pdfium_c.FPDFPage_CountObjects(parent)
    own = pdfium_c.FS_MATRIX()
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    for i in range(max(count, 0)):
        obj = get(parent, i)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < 15 and pdfium_c.FPDFPageObj_GetMatrix(obj, own):
                yield from _objects(obj, True, _concat(_as_tuple(own), matrix), depth + 1)
        elif kind in _WANTED and pdfium_c.FPDFPageObj_GetMatrix(obj, own):
            yield obj, kind, _concat(_as_tuple(own), matrix)


def _as_tuple(m: Any) -> Matrix:
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _concat(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row-vector convention, as in PDF)."""
    a0, b0, c0, d0, e0, f0 = m
    a1, b1, c1, d1, e1, f1 = n
    return (
        a0 * a1 + b0 * c1,
        a0 * b1 + b0 * d1,
        c0 * a1 + d0 * c1,
        c0 * b1 + d0 * d1,
        e0 * a1 + f0 * c1 + e1,
        e0 * b1 + f0 * d1 + f1,
    )


def _graphics(
    page: pdfium.PdfPage, frame: _Frame
) -> tuple[list[dict[str, Any]], bool, float, list[tuple[Any, Matrix]]]:
    """Ruling edges in pdfplumber's order (lines, rectangle sides, curve pieces), whether the page
    draws lines or rectangles, the area of its pictures, and its text objects with their matrices."""
    texts: list[tuple[Any, Matrix]] = []
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    image_area = 0.0
    for obj, kind, matrix in _objects(page, False, _IDENTITY):
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append((obj, matrix))
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            corners = [_apply(matrix, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs = [p[0] for p in corners]
            ys = [p[1] for p in corners]
            image_area += (max(xs) - min(xs)) * (max(ys) - min(ys))
            continue
        if not _painted(obj):
            continue
        for shape, pts in _subpaths(obj, matrix):
            _classify(shape, [frame.point(x, y) for x, y in pts], lines, rects, curves)
    edges = [_line_edge(ln) for ln in lines]
    edges += [e for r in rects for e in _rect_edges(r)]
    edges += [e for cv in curves for e in _curve_edges(cv)]
    return edges, bool(lines or rects), image_area, texts


def _painted(obj: Any) -> bool:
    """A path that is filled or stroked (a clipping path alone is never a path object in PDFium; the
    check keeps paths ended with `n` out should a producer make one)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return True
    return bool(fill_mode.value or stroke.value)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _subpaths(obj: Any, matrix: Matrix) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """Each subpath as pdfminer sees it: its operators ('m', 'l', 'c', 'h') and the end point of
    each (a close returns to the start), in user space."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    px, py = ctypes.c_float(), ctypes.c_float()
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for i in range(max(n, 0)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        point = _apply(matrix, float(px.value), float(py.value))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield "".join(shape), pts
            shape, pts, bezier = ["m"], [point], 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # the two control points: pdfminer keeps only where a curve ends
            shape.append("c")
            pts.append(point)
        else:
            shape.append("l")
            pts.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and shape and len(pts) > 1:
            if pts[-1] == pts[0] and shape[-1] == "l":
                shape[-1] = "h"  # PDFium closes by drawing back to the start: pdfminer's 'h'
            else:
                shape.append("h")
                pts.append(pts[0])
    if shape:
        yield "".join(shape), pts


def _classify(
    shape: str,
    pts: list[tuple[float, float]],
    lines: list[dict[str, Any]],
    rects: list[dict[str, Any]],
    curves: list[dict[str, Any]],
) -> None:
    """pdfminer's split of a painted subpath into a line, a rectangle or a curve (`paint_path`),
    on points already in page space (y down: equality tests are unaffected)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        lines.append(_bounds(pts[:2]))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            rects.append(_bounds([pts[0], pts[2]]))
        else:
            curves.append({**_bounds(pts), "pts": pts})
    else:
        curves.append({**_bounds(pts), "pts": pts})


def _bounds(pts: list[tuple[float, float]]) -> dict[str, Any]:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def _line_edge(line: dict[str, Any]) -> dict[str, Any]:
    return {**line, "object_type": "line", "orientation": "h" if line["top"] == line["bottom"] else "v"}


def _rect_edges(r: dict[str, Any]) -> list[dict[str, Any]]:
    """pdfplumber's four sides of a rectangle: top, bottom, left, right."""
    base = {**r, "object_type": "rect_edge"}
    return [
        {**base, "height": 0, "bottom": r["top"], "orientation": "h"},
        {**base, "height": 0, "top": r["top"] + r["height"], "orientation": "h"},
        {**base, "width": 0, "x1": r["x0"], "orientation": "v"},
        {**base, "width": 0, "x0": r["x1"], "orientation": "v"},
    ]


def _curve_edges(curve: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for (ax, ay), (bx, by) in zip(curve["pts"], curve["pts"][1:], strict=False):
        out.append(
            {
                "object_type": "curve_edge",
                "x0": min(ax, bx),
                "x1": max(ax, bx),
                "top": min(ay, by),
                "bottom": max(ay, by),
                "width": abs(ax - bx),
                "height": abs(ay - by),
                "orientation": "v" if ax == bx else ("h" if ay == by else None),
            }
        )
    return out
