"""Where OCR read each block: boxes mapped from the levelled, turned image back to the page as given,
and a photographed form whose paragraphs and cells carry boxes on the page the station shows, the
title's box holding the title."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import numpy as np
from PIL import Image

from extractors.context import ExtractContext
from extractors.kinds.application import extract_application
from extractors.model import Document, PageBox, Paragraph, Table
from extractors.ocr.engine import get_engine, read_lines
from extractors.ocr.page import page_mapper
from extractors.ocr.prep import points_per_pixel
from extractors.readers.image import read_image
from jiangxin.core.office import convert
from jiangxin.core.records import Application
from jiangxin.core.text import strip_spaces
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.scans import ScanStyle, save_jpeg, scan_pdf
from jiangxin.web import source as S

PPM = 200 / 25.4  # a 200-dpi image
PT = points_per_pixel(PPM)


def test_points_per_pixel_at_a_known_resolution() -> None:
    assert points_per_pixel(300 / 25.4) == pytest.approx(72 / 300)


def test_level_unturned_page_only_scales() -> None:
    to_page = page_mapper((2000, 1000, 3), 0.0, 0, PPM, 3)
    assert to_page((100, 200, 300, 250)) == PageBox(
        3, round(100 * PT, 2), round(200 * PT, 2), round(300 * PT, 2), round(250 * PT, 2)
    )


def test_quarter_turns_are_undone() -> None:
    """A box read on the image turned counter-clockwise lands where that spot lies on the page given."""
    h, w = 2000, 1000
    page = np.zeros((h, w), np.uint8)
    page[300:340, 100:600] = 255  # a line of 'text' near the top, left
    for turns in (1, 2, 3):
        turned = np.rot90(page, turns)
        ys, xs = np.nonzero(turned)
        box = page_mapper(page.shape, 0.0, turns, PPM, 1)(
            (float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))
        )
        assert (box.x0, box.top, box.x1, box.bottom) == pytest.approx(
            (100 * PT, 300 * PT, 600 * PT, 340 * PT), abs=0.02
        ), turns


def test_levelling_is_undone() -> None:
    """A box on the levelled image covers the same ink on the tilted page (corners rotated back)."""
    import cv2

    h, w = 1500, 1200
    page = np.zeros((h, w), np.uint8)
    page[600:640, 300:900] = 255
    angle = 3.0
    levelled = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h))
    ys, xs = np.nonzero(levelled > 127)
    box = page_mapper(page.shape, angle, 0, PPM, 1)((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))
    # the mapped box holds the whole bar, and is not much bigger than the bar tilted back
    assert box.x0 <= 300 * PT + 1 and box.x1 >= 900 * PT - 1
    assert box.top <= 600 * PT + 1 and box.bottom >= 640 * PT - 1
    assert (box.bottom - box.top) < (40 + 600 * np.sin(np.radians(2 * angle))) * PT


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document, Application]:
    """A one-page form photographed turned a quarter and slightly tilted, read by OCR once."""
    folder = tmp_path_factory.mktemp("ocr-boxes")
    rng = random.Random(7)
    truth = random_application(rng, NamePool(rng), patents=[], economic_benefit_wan=3.0)
    docx = folder / "form.docx"
    render_application(truth, "B", docx, rng)
    style = ScanStyle(dpi=200, skew=1.5, quarter_turns=1, noise=3.0, jpeg_quality=85)
    pages, _sealed = scan_pdf(convert(docx, "pdf", folder), style, truth.unit, random.Random(3))
    path = save_jpeg(pages, folder / "photo", style.dpi, style.jpeg_quality)
    return path, read_image(path), truth


def _boxes(doc: Document) -> list[tuple[str, PageBox | None]]:
    out: list[tuple[str, PageBox | None]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text:  # a seal's marker has no text and no box
                out.append((block.text, block.box))
        elif isinstance(block, Table):
            out.extend((c.text, c.box) for c in block.cells)
    return out


@pytest.mark.soffice
def test_ocr_blocks_carry_boxes_within_the_page(photo: tuple[Path, Document, Application]) -> None:
    path, doc, _truth = photo
    (page,) = S.image_infos(path)
    boxes = _boxes(doc)
    assert len(boxes) > 20
    for text, box in boxes:
        assert box is not None, text
        assert box.page == 1
        assert 0 <= box.x0 < box.x1 <= page.width and 0 <= box.top < box.bottom <= page.height, (text, box)
    # the photo stands on its side: the page the station shows is wider than tall, the form's text
    # runs down it, so a line of text is a tall narrow box
    assert page.width > page.height
    title = next((box for text, box in boxes if "申报书" in text), None)
    assert title is not None and title.bottom - title.top > 3 * (title.x1 - title.x0)


def share_read(seen: str, wanted: str) -> float:
    """Share of the wanted text's characters among those read (a misread order does not count against)."""
    return sum((Counter(seen) & Counter(wanted)).values()) / max(len(wanted), 1)


def ocr_text(image: Image.Image) -> str:
    """What the engine reads on an image, spaces removed."""
    grey = np.asarray(image.convert("L"))
    engine = get_engine()
    return strip_spaces("".join(line.text for line in read_lines(engine, grey, engine.detect(grey))))


def crop(png: bytes, box: PageBox, dpi: float, turns: int = 0) -> Image.Image:
    """The part of a page image (made at `dpi`) inside a box in points with the 2-point margin the
    station draws, upright, twice the size."""
    import io

    scale = dpi / 72
    image = Image.open(io.BytesIO(png))
    part = image.crop(
        ((box.x0 - 2) * scale, (box.top - 2) * scale, (box.x1 + 2) * scale, (box.bottom + 2) * scale)
    )
    part = part.rotate(-90 * turns, expand=True)
    return part.resize((part.width * 2, part.height * 2), Image.Resampling.LANCZOS)


@pytest.mark.soffice
def test_the_title_cell_box_holds_the_title_on_the_shown_page(
    photo: tuple[Path, Document, Application],
) -> None:
    path, doc, truth = photo
    record = extract_application(doc, ExtractContext()).record
    assert isinstance(record, Application) and record.title == truth.title
    found = S.locate(doc, truth.title)
    assert found is not None and found.box is not None
    png = S.image_png(path, 1)
    assert png is not None
    seen = ocr_text(crop(png, found.box, S.RENDER_DPI, turns=1))
    title = strip_spaces(truth.title)
    assert share_read(seen, title) >= 0.8 and len(seen) <= len(title) + 4, seen
    # a box as big beside it (above the title on the form) does not hold the title
    box = found.box
    beside = PageBox(1, box.x0 - (box.x1 - box.x0), box.top, box.x0, box.bottom)
    other = ocr_text(crop(png, beside, S.RENDER_DPI, turns=1))
    assert share_read(other, title) < 0.5, other
