"""What makes OCR fast without changing what it reads: the pages of a file spread over processes
(read the same as in one), recognition spread over threads and batched (read the same as one crop
at a time), page cleaning and the detector's input computed by shortcuts (the same pixels), the
detector's input size chosen from the height of the page's text, and the worker pool handing each
file the cores no other reader is using."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors import ExtractContext, Extraction, Limits
from extractors.model import Paragraph
from extractors.ocr import pages as pages_mod
from extractors.ocr.density import DET_FALLBACK_SIDE, DET_TEXT_PX, det_long_side, measure, text_height
from extractors.ocr.engine import Quad, TextLine, crop_quad, get_engine
from extractors.ocr.page import read_page
from extractors.ocr.prep import components, dropout_grey, red_mask
from extractors.ocr.rapid import THREADS_VARIABLE, RapidOcrEngine, rec_groups
from extractors.ocr.render import render_pages
from extractors.readers.ocr import read_scanned_pdf
from jiangxin import workers as workers_mod
from jiangxin.core.office import convert
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.scans import ScanStyle, _font_path, save_pdf, scan_pdf
from jiangxin.workers import ExtractPool, Job

from .support.hostile import running


@pytest.fixture(scope="module")
def typed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page form (layout C) as a typed PDF made by LibreOffice."""
    folder = tmp_path_factory.mktemp("ocr-speed")
    rng = random.Random(12)
    record = random_application(rng, NamePool(rng), patents=[], economic_benefit_wan=3.5)
    docx = folder / "form.docx"
    render_application(record, "C", docx, rng)
    return convert(docx, "pdf", folder)


@pytest.fixture(scope="module")
def scanned_pdf(typed_pdf: Path) -> Path:
    style = ScanStyle(dpi=150, skew=1.0, blur=0.3, noise=3.0, jpeg_quality=85)
    pages, _ = scan_pdf(typed_pdf, style, "", random.Random(4))
    assert len(pages) >= 2
    path = typed_pdf.parent / "扫描件.pdf"
    save_pdf(pages, path, style.dpi, style.jpeg_quality)
    return path


@pytest.mark.soffice
def test_pages_read_the_same_in_one_process_or_several(
    scanned_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked: list[list[int]] = []
    real_fork = pages_mod._fork

    def counting_fork(images: pages_mod.PageImages, share: list[int], threads: int) -> tuple[object, object]:
        forked.append(share)
        return real_fork(images, share, threads)

    monkeypatch.setattr(pages_mod, "_fork", counting_fork)
    try:
        pages_mod.set_cores(1)
        alone = read_scanned_pdf(scanned_pdf)
        assert forked == []
        pages_mod.set_cores(2)
        spread = read_scanned_pdf(scanned_pdf)
    finally:
        pages_mod.set_cores(None)
    assert forked == [[2]]  # page 1 read here, page 2 in a forked process
    assert alone.pages == spread.pages >= 2
    assert spread.blocks == alone.blocks and spread.warnings == alone.warnings
    assert any("申报" in str(b) for b in spread.blocks)


@pytest.mark.soffice
def test_a_page_process_failure_reaches_the_reader(scanned_pdf: Path) -> None:
    """A page that cannot be read in a child fails the file as it would in one process."""

    def images(numbers: list[int]) -> object:
        for number, image, dpi in render_pages(scanned_pdf, numbers):
            if number == 2:
                raise MemoryError("page 2 too large")
            yield number, image, dpi

    with pytest.raises(MemoryError):
        pages_mod.read_pages(images, [1, 2], processes=2)  # type: ignore[arg-type]


@pytest.mark.soffice
def test_recognition_reads_the_same_on_one_thread_or_several(scanned_pdf: Path) -> None:
    [(_n, rgb, _dpi)] = list(render_pages(scanned_pdf, [1]))
    grey = np.ascontiguousarray(rgb.mean(axis=2).astype(np.uint8))
    engine = get_engine()
    crops = [crop_quad(grey, q) for q in engine.detect(grey)]
    assert len(crops) > 20
    one = RapidOcrEngine(threads=1).recognize(crops)
    assert RapidOcrEngine(threads=2).recognize(crops) == one  # threads change nothing read
    # crops are batched only with crops padded to the same width: read exactly as one at a time
    assert rec_groups([c.shape[1] / c.shape[0] for c in crops], 6) != [[i] for i in range(len(crops))]
    assert RapidOcrEngine(threads=2, rec_batch=6).recognize(crops) == one


def test_page_cleaning_shortcuts_compute_what_the_plain_formulas_do(scanned_pdf: Path) -> None:
    """Red dropout, background evening and blob labelling are computed by shortcuts (range tests,
    a table, 16-bit labels): on a scanned page with a red seal drawn on it they give exactly the
    pixels and blobs of the plain per-pixel formulas."""
    import cv2

    [(_n, page, _dpi)] = list(render_pages(scanned_pdf, [1]))
    rgb = page.copy()
    cv2.circle(rgb, (rgb.shape[1] // 2, rgb.shape[0] // 2), 180, (220, 40, 40), 12)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    plain_red = (((hue <= 12) | (hue >= 160)) & (sat >= 60) & (val >= 70)).astype(np.uint8) * 255
    red = red_mask(rgb)
    assert red.any() and np.array_equal(red, plain_red)

    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    widened = cv2.dilate(red, np.ones((3, 3), np.uint8)) > 0
    grey[widened] = rgb.max(axis=2)[widened]
    h, w = grey.shape
    small = cv2.resize(grey, (max(w // 8, 1), max(h // 8, 1)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(
        cv2.medianBlur(cv2.dilate(small, np.ones((7, 7), np.uint8)), 9),
        (w, h),
        interpolation=cv2.INTER_LINEAR,
    )
    plain = np.clip(grey.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0) * 255.0, 0, 255)
    cleaned = dropout_grey(rgb, red)
    assert np.array_equal(cleaned, plain.astype(np.uint8))

    ink = (cleaned < 160).astype(np.uint8)
    for got, want in zip(components(ink), cv2.connectedComponentsWithStats(ink, connectivity=8), strict=True):
        assert np.array_equal(got, want)
    # more blobs than 16 bits can number: labelled in 32 bits, none lost
    dots = np.zeros((1000, 1000), np.uint8)
    dots[::3, ::3] = 255
    count, labels, _stats, _ = components(dots)
    assert count == 334 * 334 + 1 and labels.max() == count - 1


def test_detector_finds_the_boxes_rapidocr_finds_on_the_same_page(scanned_pdf: Path) -> None:
    """The detector's input is built from a table of grey levels, not by RapidOCR's own
    normalisation of a three-channel copy: the lines found are the same to the pixel."""
    import cv2

    [(_n, rgb, _dpi)] = list(render_pages(scanned_pdf, [1]))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    engine = get_engine()
    assert isinstance(engine, RapidOcrEngine)
    ours = engine._run_detector(small)
    theirs, _elapsed = engine._ocr.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    assert ours is not None and len(ours) > 20
    assert np.array_equal(ours, theirs)


def test_recognition_groups_join_only_crops_padded_to_one_width() -> None:
    ratios = [2.0, 30.0, 4.1, 9.5, 4.1, 12.0, 1.2, 11.0, 3.0, 4.15]
    groups = rec_groups(ratios, 2)
    assert sorted(i for g in groups for i in g) == list(range(len(ratios)))
    for group in groups:
        widths = {max(ratios[i], 3.0) for i in group}
        assert len(group) <= 2
        assert len(group) == 1 or (len(widths) == 1 and max(widths) <= 10.0)
    assert sorted(len(g) for g in groups) == [1, 1, 1, 1, 1, 1, 2, 2]  # two short ones and 4.1 twice
    assert [1] in groups and [5] in groups  # wide crops alone
    assert groups[0] == [1]  # the widest work first
    assert rec_groups(ratios, 1) == sorted(([i] for i in range(len(ratios))), key=lambda g: -ratios[g[0]])


@pytest.mark.soffice
def test_text_height_follows_the_resolution_of_a_rendered_form(typed_pdf: Path) -> None:
    [(_n, low, low_dpi)] = list(render_pages(typed_pdf, [1], 150))
    [(_n, high, high_dpi)] = list(render_pages(typed_pdf, [1], 300))
    heights = {}
    for rgb, dpi in ((low, low_dpi), (high, high_dpi)):
        grey = np.ascontiguousarray(rgb.mean(axis=2).astype(np.uint8))
        measured = text_height(grey)
        assert measured is not None
        heights[dpi] = measured
        # a form's 10.5–12 pt characters are 3–4.5 mm of ink tall
        assert 3.0 <= measured / (dpi / 25.4) <= 4.5, measured
    assert heights[300] / heights[150] == pytest.approx(2.0, rel=0.1)
    # the detector is given the page at the size that makes those characters DET_TEXT_PX tall
    side = det_long_side(high.shape, heights[300])
    assert side * heights[300] / max(high.shape[:2]) == pytest.approx(DET_TEXT_PX, rel=0.02)
    assert det_long_side(low.shape, heights[150]) == pytest.approx(side, rel=0.1)


@pytest.mark.soffice
def test_lines_found_at_the_chosen_size_are_those_found_at_the_former_size(typed_pdf: Path) -> None:
    """Reduced to 20-pixel characters (and also when cut to its inked part), the page shows the
    detector the lines it found at 2048 px."""
    [(_n, rgb, _dpi)] = list(render_pages(typed_pdf, [1], 300))
    grey = np.ascontiguousarray(rgb.mean(axis=2).astype(np.uint8))
    chosen = RapidOcrEngine(threads=1)
    before = RapidOcrEngine(threads=1, det_long_side=2048).detect(grey)
    for engine in (chosen, RapidOcrEngine(threads=1, crop_to_ink=True)):
        found = engine.detect(grey)
        assert engine.last_det_side < 2048  # smaller than before: this is where the time goes
        centres = [(sum(p[0] for p in q) / 4, sum(p[1] for p in q) / 4) for q in found]

        def matched(
            quad: tuple[tuple[float, float], ...], centres: list[tuple[float, float]] = centres
        ) -> bool:
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            return any(min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys) for x, y in centres)

        assert sum(matched(q) for q in before) >= 0.97 * len(before)


def _page_with_text(size_pt: float, dpi: int = 200) -> np.ndarray:
    font_path = _font_path()
    if font_path is None:
        pytest.skip("no CJK font")
    width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path, round(size_pt / 72 * dpi))
    line = "职工技术创新成果申报书项目名称完成单位"
    y = dpi  # an inch from the top
    while y < height - 2 * dpi:
        draw.text((dpi, y), line, fill=0, font=font)
        y += round(size_pt / 72 * dpi * 1.8)
    return np.asarray(page)


def test_larger_print_is_detected_at_a_smaller_size() -> None:
    small, large = _page_with_text(10.5), _page_with_text(21)
    h_small, h_large = text_height(small), text_height(large)
    assert h_small and h_large
    assert h_large / h_small == pytest.approx(2.0, rel=0.12)
    side_small, side_large = det_long_side(small.shape, h_small), det_long_side(large.shape, h_large)
    assert side_large < side_small <= max(small.shape)
    assert text_height(np.full((2339, 1654), 255, np.uint8)) is None
    assert measure(np.full((2339, 1654), 255, np.uint8)).box is None
    # the ink lies an inch in from the top and left: the detector is shown that part of the page
    box = measure(small).box
    assert box is not None
    inked = np.argwhere(small < 128)
    (top, left), (bottom, right) = inked.min(axis=0), inked.max(axis=0)
    assert abs(box[0] - left) <= 8 and abs(box[1] - top) <= 8
    assert abs(box[2] - right) <= 8 and abs(box[3] - bottom) <= 8
    assert det_long_side((2339, 1654), None) == min(DET_FALLBACK_SIDE, 2339)


def _report_cores(path: Path, *args: object, **kw: object) -> Extraction:
    time.sleep(1.0)  # stay busy while the other file is handed out
    return Extraction(
        file=str(kw.get("display_name")),
        sha256="",
        kind="ok",
        message=f"{pages_mod.cores()} {os.environ.get(THREADS_VARIABLE)}",
    )


def test_the_pool_gives_each_file_the_cores_no_other_reader_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers_mod, "extract_file", _report_cores)
    monkeypatch.delenv(THREADS_VARIABLE, raising=False)
    cores = os.cpu_count() or 1
    with ExtractPool(1, ExtractContext(), Limits(), convert=False) as pool:
        [(_job, alone)] = list(pool.read([Job(str(tmp_path / "a.pdf"), "a.pdf", "")]))
    assert alone.message == f"{cores} {cores}"
    with ExtractPool(2, ExtractContext(), Limits(), convert=False) as pool:
        results = {job.rel: r.message for job, r in pool.read([Job(str(tmp_path / n), n, "") for n in "ab"])}
    # the first file is handed out while the other worker is idle, the second while the first is busy
    assert results == {"a": f"{cores} {max(1, cores // 2)}", "b": f"{max(1, cores - 1)} {max(1, cores // 2)}"}


def test_page_processes_die_with_a_reader_killed_at_its_deadline() -> None:
    """The pool kills a reader past its deadline with SIGKILL; its page processes go with it."""
    script = textwrap.dedent(
        """
        import time
        from extractors.ocr import pages

        def slow(numbers):
            time.sleep(120)
            return iter(())

        real = pages._fork

        def fork(images, share, threads):
            process, conn = real(images, share, threads)
            print(process.pid, flush=True)
            return process, conn

        pages._fork = fork
        pages.read_pages(slow, [1, 2, 3], processes=3)
        """
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1]
    )
    assert reader.stdout is not None
    pids = [int(reader.stdout.readline()) for _ in range(2)]
    assert all(running(pid) for pid in pids)
    reader.kill()
    reader.wait()
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in pids)


@pytest.mark.soffice
def test_a_scan_read_by_the_reader_pool_spreads_its_pages(
    scanned_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's readers may start page processes of their own: a two-page scan is read with its
    second page in a process of the reader's, as `jiangxin ingest` and `jiangxin extract` read it."""
    log = tmp_path / "forked.txt"
    real_fork = pages_mod._fork

    def logging_fork(images: pages_mod.PageImages, share: list[int], threads: int) -> tuple[object, object]:
        with log.open("a", encoding="utf-8") as fh:  # written in the reader, a forked copy of this process
            fh.write(f"{share}\n")
        return real_fork(images, share, threads)

    monkeypatch.setattr(pages_mod, "_fork", logging_fork)
    monkeypatch.setattr(workers_mod.os, "cpu_count", lambda: 2)  # the reader may use two cores
    with ExtractPool(1, ExtractContext(), Limits(), convert=False) as pool:
        [(_job, read)] = list(pool.read([Job(str(scanned_pdf), scanned_pdf.name, "")]))
    assert read.ok, read.message
    assert read.kind == "application"
    assert log.read_text(encoding="utf-8").split() == ["[2]"]


def test_a_daemonic_caller_reads_the_pages_itself() -> None:
    """A multiprocessing.Pool's worker may not start processes: its pages are read where it runs."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(pages_mod._in_daemon) is True
    assert pages_mod._in_daemon() is False


class _Counting:
    """The process's engine, counting the crops it is given to read."""

    name = "counting"

    def __init__(self) -> None:
        self.engine = get_engine()
        self.crops = 0
        self.pages = 0

    def detect(self, image: np.ndarray) -> list[Quad]:
        self.pages += 1
        return self.engine.detect(image)

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        self.crops += len(crops)
        return self.engine.recognize(crops)


def test_a_turned_page_is_turned_before_its_lines_are_read() -> None:
    """The longest lines are read first and tell whether the page is upside down: such a page has its
    lines read once, after the turn, not once each way up; an upright page reads each line once. A
    page on its side is turned clockwise first (its top to the left, as printers lay landscape out)."""
    grey = _page_with_text(10.5)
    rgb = np.ascontiguousarray(np.stack([grey] * 3, axis=2))
    upright, flipped, left, right = _Counting(), _Counting(), _Counting(), _Counting()
    as_given = read_page(rgb, 1, 200, upright)
    turned = read_page(np.ascontiguousarray(rgb[::-1, ::-1]), 1, 200, flipped)
    top_left = read_page(np.ascontiguousarray(np.rot90(rgb, 1)), 1, 200, left)
    top_right = read_page(np.ascontiguousarray(np.rot90(rgb, 3)), 1, 200, right)
    assert (as_given.turns, turned.turns, top_left.turns, top_right.turns) == (0, 2, 3, 1)
    lines = upright.crops  # one page found, each of its lines read once
    assert upright.pages == 1 and lines > 20
    texts = [
        [b.text for b in r.blocks if isinstance(b, Paragraph)]
        for r in (as_given, turned, top_left, top_right)
    ]
    assert texts[0] and all(t == texts[0] for t in texts)
    # eight lines to find out, both ends of four read both ways to make sure, then every line
    assert flipped.pages == 2 and flipped.crops == 8 + 16 + lines
    # found on its side, turned clockwise and found again; turned clockwise when it needed the other way,
    # found a third time after the sample said so
    assert left.pages == 2 and left.crops == lines
    assert right.pages == 3 and right.crops == 8 + 16 + lines
