"""Text lines gathered into visual rows, and rows a word processor wrapped joined again.

The typed-PDF reader rejoins a line that reaches the right edge of its column with the next one;
a scan must give the same text, so the same rule is applied to rows measured on the image: a row
continues when the next row's first character would not have fitted before the edge, and the next
row is not indented, numbered or a new 'key：value'. Each character keeps its probability.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .engine import TextLine

# a row that starts a numbered item or section never continues the row before it
_ITEM_START = re.compile(
    r"^(?:\d{1,2}\s*[．.、]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*、)\D"
)
_KEY_START = re.compile(r"^[^，。；、：:\s]{2,8}[：:]")
# punctuation a line may not start with (it stays with the character before)
_NO_LINE_START = set("，。、；：？！）》」』”’%…·,.;:?!)")
_NO_LINE_END = set("（《「『“‘(")
_ASCII_WORD = re.compile(r"[0-9A-Za-z%]")
# positions read from an image are off by a fraction of a character: a row reaching this close to
# the edge (in characters, on top of the typed-PDF rule's one) counts as reaching it
_SLACK = 0.5
# characters this many pitches apart have blank space between them, written as one space
_SPACED = 1.6
# a row whose strokes are this much thicker than its neighbour's is set in bold
_BOLDER = 1.3
_BOLD_SAMPLE = 3  # characters a row needs for its stroke width to mean something
# a row starting this many characters right of the column edge is indented
_INDENT = 1.2
# blank between two detected pieces of a row, in characters, that is written as a space
_GAP = 0.4
# a numbered heading whose 、 was not read: '一内容简介' (bold, short)
_BARE_HEADING = re.compile(r"^([一二三四五六七八九十]{1,2})[\u4e00-\u9fff]")
_BOLD_HEADING = 1.2
_HEADING_CHARS = 16
_INFERRED = 0.5
# a ruling line the detector took into a text box is read as one of these
_RULE_GLYPHS = frozenset("|丨｜")


@dataclass(slots=True)
class Row:
    """One visual row: its characters with their probabilities and the extent of its glyphs."""

    chars: list[str] = field(default_factory=list)
    confs: list[float] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # character pitch, about the type size
    first_top: float = 0.0  # top of the first visual row (top/bottom follow the last one joined)
    stroke: float = 0.0  # typical stroke width: bold headings are thicker than the text they follow
    reach: float = 0.0  # right end of the widest row joined into this one (x1 follows the last)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    @property
    def lead(self) -> float:
        """Width of what a line break could not have split from the row's start: opening marks,
        the first character (or Latin word, at about half a character per letter) and the
        punctuation that must stay with it."""
        chars = self.chars
        i = 0
        while i < len(chars) - 1 and chars[i] in _NO_LINE_END:
            i += 1
        width = float(i)
        if _ASCII_WORD.match(chars[i]):
            j = i
            while j + 1 < len(chars) and _ASCII_WORD.match(chars[j + 1]):
                j += 1
            width += 0.55 * (j - i + 1)
            i = j
        else:
            width += 1.0
        while i + 1 < len(chars) and chars[i + 1] in _NO_LINE_START:
            i += 1
            width += 1.0
        return width * self.size


def visual_rows(lines: Sequence[TextLine]) -> list[Row]:
    """Lines overlapping vertically form one row (left to right, a space where the gap is wide)."""
    groups: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: ln.centre[1]):
        if groups:
            last = groups[-1]
            top = min(p.box[1] for p in last)
            bottom = max(p.box[3] for p in last)
            overlap = min(bottom, line.box[3]) - max(top, line.box[1])
            if overlap > 0.5 * min(line.height, bottom - top):
                last.append(line)
                continue
        groups.append([line])
    rows = []
    for group in groups:
        row = _row(sorted(group, key=lambda ln: ln.box[0]))
        if row.chars:
            rows.append(row)
    return rows


def _row(pieces: Sequence[TextLine]) -> Row:
    top = min(p.box[1] for p in pieces)
    row = Row(top=top, bottom=max(p.box[3] for p in pieces), first_top=top)
    extents: list[tuple[float, float]] = []
    pitches: list[float] = []
    previous = pieces[0]
    for piece in pieces:
        text, conf, xs = _strip_rules(piece)
        if not text:
            continue
        pitch = _pitch(xs, text, piece)
        start = xs[0] - pitch / 2 if xs else piece.box[0]
        # pieces the detector split apart: a space where blank paper lies between them (pieces cut
        # at a cell edge touch, and read on without a space)
        gap = max(start - extents[-1][1], piece.box[0] - previous.box[2]) if extents else 0.0
        if extents and gap > _GAP * pitch:
            row.chars.append(" ")
            row.confs.append(1.0)
        for i, char in enumerate(text):
            # fields a form spaces apart within one detected line ('袁成　国网…　高级技师')
            spaced = i and xs and xs[i] - xs[i - 1] > _SPACED * pitch
            if spaced and not text[i - 1].isspace() and not char.isspace():
                row.chars.append(" ")
                row.confs.append(1.0)
            row.chars.append(char)
            row.confs.append(conf[i])
        pitches.append(pitch)
        extents.append((start, xs[-1] + pitch / 2) if xs else (piece.box[0], piece.box[2]))
        previous = piece
    strokes = sorted(p.stroke for p in pieces if p.stroke > 0)
    if strokes:
        row.stroke = strokes[len(strokes) // 2]
    if extents:
        row.x0 = min(e[0] for e in extents)
        row.x1 = max(e[1] for e in extents)
        row.size = sorted(pitches)[len(pitches) // 2]
    return row


def _pitch(xs: Sequence[float], text: str, piece: TextLine) -> float:
    """Distance between the centres of neighbouring Chinese characters (median): narrow Latin
    letters and punctuation would understate the type size. Else about the box height."""
    gaps = sorted(xs[i] - xs[i - 1] for i in range(1, len(xs)) if _is_cjk(text[i]) and _is_cjk(text[i - 1]))
    if gaps:
        return max(gaps[len(gaps) // 2], 1.0)
    return max(piece.height * 0.75, 1.0)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _strip_rules(piece: TextLine) -> tuple[str, list[float], list[float]]:
    """The piece's text without surrounding spaces or ruling lines misread as '|' at its ends."""
    text = piece.text
    n = len(text)
    conf = list(piece.char_conf) if len(piece.char_conf) == n else [piece.confidence] * n
    xs = list(piece.char_x) if len(piece.char_x) == n else []
    a, b = 0, n
    while a < b and (text[a].isspace() or text[a] in _RULE_GLYPHS):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _RULE_GLYPHS):
        b -= 1
    return text[a:b], conf[a:b], xs[a:b] if xs else []


def rejoin(rows: Sequence[Row], left: float | None, right: float) -> list[Row]:
    """Join rows that continue a wrapped row of the column ending at `right`; with `left`, only
    rows starting at that edge continue (running text), without it any row may (cells, where
    text is often centred)."""
    out: list[Row] = []
    for row in rows:
        if out and _wrapped(out[-1], row, left, right):
            last = out[-1]
            if _ASCII_WORD.match(last.chars[-1]) and _ASCII_WORD.match(row.chars[0]):
                last.chars.append(" ")
                last.confs.append(1.0)
            last.chars.extend(row.chars)
            last.confs.extend(row.confs)
            last.x0 = min(last.x0, row.x0)
            last.reach = max(last.reach, last.x1, row.x1)
            last.x1 = row.x1
            last.top = row.top
            last.bottom = row.bottom
        else:
            out.append(
                Row(
                    list(row.chars),
                    list(row.confs),
                    row.x0,
                    row.x1,
                    row.top,
                    row.bottom,
                    row.size,
                    row.first_top,
                    row.stroke,
                    max(row.reach, row.x1),
                )
            )
    return out


def _wrapped(line: Row, nxt: Row, left: float | None, right: float) -> bool:
    size = max(line.size, 1.0)
    # a break may come up to a character early: line-breaking rules keep some pairs together
    reaches = line.x1 + nxt.lead > right - (1.0 + _SLACK) * size
    if not reaches or _ITEM_START.match(nxt.text) or _KEY_START.match(nxt.text):
        return False
    measured = min(len(line.chars), len(nxt.chars)) >= _BOLD_SAMPLE and line.stroke and nxt.stroke
    if measured and max(line.stroke, nxt.stroke) > _BOLDER * min(line.stroke, nxt.stroke):
        return False  # a bold heading neither continues nor is continued by regular text
    height, next_height = line.bottom - line.top, nxt.bottom - nxt.top
    if abs(next_height - height) > 0.3 * height or nxt.top - line.bottom > 1.2 * size:
        return False
    # an indented row starts a paragraph (two characters in Chinese); positions jitter by a fraction
    return left is None or nxt.x0 <= left + _INDENT * size


def joined(rows: Sequence[Row]) -> tuple[str, tuple[float, ...]]:
    """Rows as one text, a line break between them, with one probability per character."""
    chars: list[str] = []
    confs: list[float] = []
    for row in rows:
        if chars:
            chars.append("\n")
            confs.append(1.0)
        chars.extend(row.chars)
        confs.extend(row.confs)
    return "".join(chars), tuple(round(c, 4) for c in confs)


def restore_heading_marks(rows: Sequence[Row]) -> None:
    """Write back the 、 of a numbered heading ('一、成果简介') that the recognizer dropped from a
    bold line: a short row in bold starting with a Chinese numeral directly followed by a word.
    The mark is inferred, so it carries a low probability."""
    strokes = sorted(r.stroke for r in rows if r.stroke > 0)
    if not strokes:
        return
    body = strokes[len(strokes) // 2]
    for row in rows:
        match = _BARE_HEADING.match(row.text)
        if match and row.stroke > _BOLD_HEADING * body and len(row.chars) <= _HEADING_CHARS:
            at = match.end(1)
            row.chars.insert(at, "、")
            row.confs.insert(at, _INFERRED)
