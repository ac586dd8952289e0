"""The OCR pipeline's parts on drawn pages: ruled grids and merged cells, deskew, red-ink dropout,
seals, tick boxes, rejoined rows, and field confidences computed from per-character probabilities."""

from __future__ import annotations

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import cv2
import numpy as np

from extractors.model import Document, Paragraph, Table
from extractors.ocr.blocks import OcrCell, OcrParagraph
from extractors.ocr.checkbox import apply_tick_boxes, find_tick_boxes
from extractors.ocr.confidence import (
    CHOICE,
    ENDORSEMENT,
    NUMBER,
    PROSE,
    field_confidence,
    review_fields,
    seal_present,
)
from extractors.ocr.deskew import is_quarter_turned, rotate, skew_angle
from extractors.ocr.engine import TextLine
from extractors.ocr.layout import SEAL_OPINION_STYLE, drop_running_lines
from extractors.ocr.prep import dropout_grey, ink, red_mask
from extractors.ocr.render import page_needs_ocr
from extractors.ocr.ruling import GridCell, erase_mask, find_grids, find_rulings
from extractors.ocr.seal import find_seals
from extractors.ocr.wrapping import rejoin, visual_rows

PPM = 200 / 25.4  # pixels per millimetre at 200 dpi


def mm(v: float) -> int:
    return round(v * PPM)


def blank_page() -> np.ndarray:
    return np.full((mm(297), mm(210)), 255, np.uint8)


def ruled_form(page: np.ndarray) -> None:
    """Three rows: a label and a value cell; a 4-column row; a value cell merged over 3 columns."""
    x = [mm(20), mm(60), mm(110), mm(150), mm(190)]
    y = [mm(40), mm(50), mm(60), mm(90)]
    for yy in y:
        cv2.line(page, (x[0], yy), (x[-1], yy), 0, 2)
    for xx in (x[0], x[1], x[-1]):
        cv2.line(page, (xx, y[0]), (xx, y[-1]), 0, 2)
    for xx in (x[2], x[3]):  # only in the middle row
        cv2.line(page, (xx, y[1]), (xx, y[2]), 0, 2)


def test_grid_from_ruling_lines_with_merged_cells() -> None:
    page = blank_page()
    ruled_form(page)
    rulings = find_rulings(page, PPM)
    (grid,) = find_grids(rulings, [])
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 4)
    assert set(grid.cells) == {
        GridCell(0, 0, 1, 1), GridCell(0, 1, 1, 3),
        GridCell(1, 0, 1, 1), GridCell(1, 1, 1, 1), GridCell(1, 2, 1, 1), GridCell(1, 3, 1, 1),
        GridCell(2, 0, 1, 1), GridCell(2, 1, 1, 3),
    }  # fmt: skip
    assert abs(grid.xs[2] - mm(110)) <= 2 and abs(grid.ys[3] - mm(90)) <= 2


def test_character_strokes_in_a_low_row_are_not_column_lines() -> None:
    page = blank_page()
    ruled_form(page)
    # a vertical stroke as tall as the first row, inside a text line read there
    cv2.line(page, (mm(80), mm(40)), (mm(80), mm(50)), 0, 2)
    line = TextLine("配电线路故障定位", (mm(62), mm(41), mm(100), mm(49)), (0.99,) * 8,
                    tuple(float(mm(64) + i * mm(4.5)) for i in range(8)))  # fmt: skip
    rulings = find_rulings(page, PPM)
    (grid,) = find_grids(rulings, [line])
    assert GridCell(0, 1, 1, 3) in grid.cells


def test_only_sure_lines_are_erased_before_reading() -> None:
    page = blank_page()
    ruled_form(page)
    # a digit 1 standing free in the tall bottom row: as tall as a short row, touching no line
    cv2.line(page, (mm(80), mm(70)), (mm(80), mm(78)), 0, 2)
    erased = erase_mask(find_rulings(page, PPM), page)
    assert erased[mm(45), mm(60)] and erased[mm(75), mm(20)] and erased[mm(60), mm(100)]
    assert not erased[mm(74), mm(80)]


def test_skew_is_found_and_levelled() -> None:
    page = blank_page()
    ruled_form(page)
    for i in range(12):
        cv2.putText(
            page, "TEXT LINE " * 4, (mm(25), mm(110) + i * mm(8)), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3
        )
    tilted = rotate(page, 2.5)
    angle = skew_angle(ink(tilted))
    assert abs(angle + 2.5) < 0.2
    assert abs(skew_angle(ink(rotate(tilted, angle)))) < 0.2


def test_quarter_turn_from_upright_boxes() -> None:
    wide = [((0.0, 0.0), (300.0, 0.0), (300.0, 40.0), (0.0, 40.0))] * 5
    tall = [((0.0, 0.0), (40.0, 0.0), (40.0, 300.0), (0.0, 300.0))] * 5
    assert not is_quarter_turned(wide)
    assert is_quarter_turned(tall)


def text_page() -> np.ndarray:
    rgb = np.full((mm(80), mm(120), 3), 255, np.uint8)
    cv2.putText(rgb, "UNIT", (mm(10), mm(45)), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 8)
    return rgb


def red_disc_over_text() -> np.ndarray:
    """A seal printed over text the way ink does: colours multiply, black stays black."""
    rgb = text_page()
    seal = np.full_like(rgb, 255)
    cv2.circle(seal, (mm(40), mm(40)), mm(20), (214, 38, 45), mm(1.5))
    cv2.circle(seal, (mm(40), mm(40)), mm(5), (214, 38, 45), -1)
    return (rgb.astype(np.float32) * seal.astype(np.float32) / 255).astype(np.uint8)


def test_red_seal_is_dropped_but_text_under_it_stays_black() -> None:
    rgb = red_disc_over_text()
    grey = dropout_grey(rgb, red_mask(rgb))
    ring = (mm(40), mm(60) - mm(0.2))  # a point on the ring, away from the text
    assert grey[ring[1], ring[0]] > 200
    text = cv2.cvtColor(text_page(), cv2.COLOR_RGB2GRAY) < 128
    assert (grey[text] < 100).mean() > 0.95


def test_seal_found_and_a_red_pen_stroke_is_not_one() -> None:
    rgb = red_disc_over_text()
    cv2.line(rgb, (mm(70), mm(10)), (mm(115), mm(12)), (200, 30, 30), 3)
    seals = find_seals(red_mask(rgb), PPM)
    assert len(seals) == 1
    x0, y0, x1, y1 = seals[0].box
    assert abs((x1 - x0) - mm(40)) < mm(4) and abs((y0 + y1) / 2 - mm(40)) < mm(3)


def draw_box(page: np.ndarray, x: int, y: int, ticked: bool) -> None:
    side = mm(3.2)
    cv2.rectangle(page, (x, y), (x + side, y + side), 0, 2)
    if ticked:
        cv2.line(page, (x + mm(0.7), y + mm(1.6)), (x + mm(1.4), y + mm(2.5)), 0, 2)
        cv2.line(page, (x + mm(1.4), y + mm(2.5)), (x + mm(2.6), y + mm(0.6)), 0, 2)
    cv2.putText(page, "AB", (x + side + mm(0.5), y + side), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)


def test_tick_boxes_read_from_the_picture() -> None:
    page = blank_page()
    draw_box(page, mm(30), mm(50), ticked=False)
    draw_box(page, mm(60), mm(50), ticked=True)
    # a square glued to the ink before it is a character of a word, not an option's box
    cv2.putText(page, "W", (mm(100), mm(53)), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    cv2.rectangle(page, (mm(104), mm(50)), (mm(104) + mm(3.2), mm(50) + mm(3.2)), 0, 2)
    found = find_tick_boxes(page, PPM)
    boxes = sorted((b for b in found if not b.mark), key=lambda b: b.box[0])
    assert [(b.ticked, b.spaced) for b in boxes] == [(False, True), (True, True), (False, False)]
    # the recognizer read the empty box as 口 and dropped the ticked one
    xs = (mm(31.6), mm(34), mm(36), mm(65), mm(67.5))
    line = TextLine("口AB AB", (mm(29), mm(49), mm(70), mm(54)), (0.5, 0.99, 0.99, 1.0, 0.99, 0.99),
                    (float(xs[0]), float(xs[1]), float(xs[2]), float(mm(50)), float(xs[3]), float(xs[4])))  # fmt: skip
    (read,) = apply_tick_boxes([line], found)
    assert read.text.replace(" ", "") == "□AB☑AB"
    # the glued square stays what the recognizer read there
    glued = TextLine(
        "W国", (mm(99), mm(49), mm(108), mm(54)), (0.99, 0.95), (float(mm(101)), float(mm(105.6)))
    )
    assert apply_tick_boxes([glued], found) == [glued]


def test_a_tick_mark_the_recognizer_dropped_is_written_in() -> None:
    page = blank_page()
    for i, x in enumerate((30, 60, 90)):
        if i == 1:  # a bare check mark instead of a box
            cv2.line(page, (mm(x), mm(51.5)), (mm(x + 1), mm(53)), 0, 2)
            cv2.line(page, (mm(x + 1), mm(53)), (mm(x + 3), mm(50)), 0, 2)
            cv2.putText(page, "AB", (mm(x + 3.7), mm(53.2)), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
        else:
            draw_box(page, mm(x), mm(50), ticked=False)
    found = find_tick_boxes(page, PPM)
    # read: the two boxes as 口, the mark not at all
    xs = (mm(31.6), mm(34), mm(36), mm(64.5), mm(66.5), mm(91.6), mm(94), mm(96))
    line = TextLine("口ABAB口AB", (mm(29), mm(49), mm(100), mm(54)), (0.5, 0.99, 0.99, 0.99, 0.99, 0.5, 0.99, 0.99),
                    tuple(float(x) for x in xs))  # fmt: skip
    (read,) = apply_tick_boxes([line], found)
    assert read.text == "□AB✓AB□AB"
    assert read.char_conf[3] < 0.9  # written from the picture alone: to be confirmed


def row_line(text: str, x0: float, top: float, pitch: float = 40.0) -> TextLine:
    xs = tuple(x0 + pitch * (i + 0.5) for i in range(len(text)))
    return TextLine(text, (x0, top, x0 + pitch * len(text), top + 44), (0.99,) * len(text), xs)


def test_wrapped_rows_rejoined_numbered_items_kept_apart() -> None:
    lines = [
        row_line("为解决上述问题研制了一种装置该", 0, 0),  # reaches the right edge (15 chars of 15)
        row_line("装置由三部分组成。", 0, 50),
        row_line("1．第一点", 0, 100),
        row_line("2．第二点", 0, 150),
    ]
    rows = rejoin(visual_rows(lines), None, 600)
    assert [r.text for r in rows] == [
        "为解决上述问题研制了一种装置该装置由三部分组成。",
        "1．第一点",
        "2．第二点",
    ]


def ocr_doc() -> Document:
    def cell(text: str, row: int, col: int, weak: dict[int, float] | None = None) -> OcrCell:
        conf = tuple((weak or {}).get(i, 0.99) for i in range(len(text)))
        return OcrCell(text=text, row=row, col=col, confidence=min(conf), char_conf=conf)

    table = Table(
        cells=[
            cell("成果名称", 0, 0), cell("配电线路故障定位装置", 0, 1, {3: 0.55}),
            cell("成果类别", 1, 0), cell("☑小发明□小创造", 1, 1, {6: 0.5}),
            cell("经济效益", 2, 0), cell("约35.6万元，投入产出比高", 2, 1, {8: 0.4}),
            cell("单位意见", 3, 0), cell("同意推荐。\n二〇二五年六月", 3, 1, {7: 0.3}),
            cell("成果简介", 4, 0), cell("本成果" + "针对问题" * 20, 4, 1, {5: 0.2}),
        ],
        n_rows=5,
        n_cols=2,
    )  # fmt: skip
    seal = Paragraph(text="", page=1, style=SEAL_OPINION_STYLE)
    return Document(blocks=[table, seal], source_format="image", pages=1, ocr=True)


def test_field_confidence_counts_what_decides_the_value() -> None:
    doc = ocr_doc()
    assert field_confidence(doc, "配电线路故障定位装置") == 0.55  # one weak character in a title
    assert field_confidence(doc, "☑小发明□小创造", CHOICE) == 0.99  # the weak 创 is an unticked option
    assert field_confidence(doc, "约35.6万元，投入产出比高", NUMBER) == 0.99  # a weak word, sure digits
    assert (
        field_confidence(doc, "同意推荐。\n二〇二五年六月", ENDORSEMENT) == 0.99
    )  # the date does not decide
    prose = field_confidence(doc, "本成果" + "针对问题" * 20, PROSE)
    assert prose is not None and 0.97 < prose < 0.99  # one weak character among 83 is a typo at worst
    assert field_confidence(doc, "不在文档里的文字") is None


def test_review_fields_warns_by_field_and_typed_documents_get_nothing() -> None:
    doc = ocr_doc()
    confidence, warnings = review_fields(doc, {"title": "配电线路故障定位装置", "category": "☑小发明□小创造"})
    assert confidence == {"title": 0.55, "category": 0.99}
    assert len(warnings) == 1 and warnings[0].field == "title" and "成果名称" in warnings[0].message
    assert seal_present(doc) is True
    typed = Document(blocks=list(doc.blocks), source_format="docx")
    assert review_fields(typed, {"title": "配电线路故障定位装置"}) == ({}, [])
    assert seal_present(typed) is None and field_confidence(typed, "配电") is None


def test_running_heads_repeated_on_pages_are_dropped() -> None:
    def head(text: str, page: int) -> OcrParagraph:
        return OcrParagraph(text=text, page=page, char_conf=(1.0,) * len(text), band="head")

    body = OcrParagraph(text="成果名称：某装置", page=1, char_conf=(1.0,) * 8)
    pages = [[head("某公司申报材料", 1), body], [head("某公司申报材料", 2)]]
    assert drop_running_lines(pages) == [[body], []]


def test_scanned_page_told_from_typed_page() -> None:
    a4 = (595.0, 842.0)
    assert page_needs_ocr(0, *a4, 0.0)
    assert page_needs_ocr(12, *a4, a4[0] * a4[1])  # a scanner's stamp over a full-page picture
    assert not page_needs_ocr(600, *a4, a4[0] * a4[1])  # typed text with a background picture
    assert not page_needs_ocr(20, *a4, 0.0)  # a short typed page without a picture


def test_a_tick_read_as_a_letter_on_a_row_of_boxes_becomes_a_tick() -> None:
    page = blank_page()
    draw_box(page, mm(30), mm(50), ticked=False)
    draw_box(page, mm(60), mm(50), ticked=False)
    found = find_tick_boxes(page, PPM)
    xs = (mm(31.6), mm(34), mm(36), mm(45), mm(47.5), mm(50), mm(61.6), mm(64), mm(66))
    line = TextLine("口小发V小创口小革", (mm(29), mm(49), mm(70), mm(54)), (0.5, 0.99, 0.99, 0.95, 0.99, 0.99, 0.5, 0.99, 0.99),
                    tuple(float(x) for x in xs))  # fmt: skip
    (read,) = apply_tick_boxes([line], found)
    assert read.text == "□小发√小创□小革"
    assert read.char_conf[3] < 0.9
    # the same letter inside a word stays what it is
    word = TextLine(
        "35kV电容",
        (mm(29), mm(60), mm(70), mm(65)),
        (0.99,) * 6,
        tuple(float(mm(31 + 2 * i)) for i in range(6)),
    )
    assert apply_tick_boxes([word], found) == [word]
