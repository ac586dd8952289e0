"""Generated scans: seals multiplied like ink, skew and turns, image-only PDFs and JPEG/TIFF pictures,
and a small corpus whose truth records whether the 单位意见 area was stamped."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import numpy as np
from PIL import Image

from jiangxin.examples.scans import (
    SEAL_RED,
    ScanStyle,
    choose_scan_style,
    degrade,
    draw_seal,
    save_jpeg,
    save_pdf,
    write_scan_corpus,
)


def test_scan_styles_are_reproducible_and_plausible() -> None:
    a = [choose_scan_style(random.Random(3)) for _ in range(3)]
    b = [choose_scan_style(random.Random(3)) for _ in range(3)]
    assert a == b
    styles = [choose_scan_style(random.Random(seed)) for seed in range(200)]
    assert all(150 <= s.dpi <= 300 and abs(s.skew) <= 3 and s.quarter_turns in (0, 1, 2, 3) for s in styles)
    assert 0.4 < sum(s.seal_opinion for s in styles) / len(styles) < 0.8
    assert any(s.quarter_turns for s in styles) and sum(not s.quarter_turns for s in styles) > 150


def test_seal_is_red_ink_and_black_text_under_it_stays_black() -> None:
    page = Image.new("RGB", (600, 600), (255, 255, 255))
    page.paste((0, 0, 0), (250, 290, 350, 310))  # a black bar of 'text' under the seal
    stamped = np.asarray(draw_seal(page, (300, 300), 330, "国网酒泉供电公司", random.Random(1)))
    reddish = (stamped[..., 0] > 150) & (stamped[..., 1] < 120) & (stamped[..., 2] < 120)
    assert reddish.sum() > 2000
    ys, xs = np.nonzero(reddish)
    assert xs.min() >= 300 - 200 and xs.max() <= 300 + 200 and ys.min() >= 100 and ys.max() <= 500
    assert stamped[295:305, 260:340].max() < 40
    assert SEAL_RED[0] > 200 and SEAL_RED[1] < 60


def test_degrade_turns_skews_and_adds_noise() -> None:
    page = Image.new("RGB", (400, 600), (255, 255, 255))
    turned = degrade(page, ScanStyle(quarter_turns=1), random.Random(0))
    assert turned.size == (600, 400)
    tilted = degrade(page, ScanStyle(skew=3.0, noise=5.0), random.Random(0))
    assert tilted.size[0] > 400 and tilted.size[1] > 600
    assert np.asarray(tilted).std() > 1.0


def test_pictures_are_saved_as_image_only_pdf_jpeg_and_tiff(tmp_path: Path) -> None:
    import pdfplumber

    from extractors.ocr.render import page_needs_ocr

    pages = [Image.new("RGB", (827, 1169), (250, 250, 250)) for _ in range(2)]
    pdf = tmp_path / "scan.pdf"
    save_pdf(pages, pdf, 100, 80)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 2
        for page in doc.pages:
            area = sum((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) for im in page.images)
            assert not page.chars and page_needs_ocr(0, page.width, page.height, area)
    one = save_jpeg(pages[:1], tmp_path / "one", 100, 80)
    assert one.suffix == ".jpg" and one.read_bytes()[:3] == b"\xff\xd8\xff"
    two = save_jpeg(pages, tmp_path / "two", 100, 80)
    assert two.suffix == ".tif"
    with Image.open(two) as tif:
        assert tif.n_frames == 2 and round(tif.info["dpi"][0]) == 100


@pytest.mark.soffice
@pytest.mark.slow
def test_scan_corpus_has_truth_and_styles(tmp_path: Path) -> None:
    cases = write_scan_corpus(tmp_path, 2, seed=4, style=ScanStyle(dpi=150, seal_opinion=True))
    assert cases[0].path.suffix == ".pdf" and cases[1].path.suffix in (".jpg", ".tif")
    manifest = json.loads((tmp_path / "scans.json").read_text(encoding="utf-8"))
    for case in cases:
        truth = json.loads((tmp_path / "truth" / f"{case.path.name}.json").read_text(encoding="utf-8"))
        assert truth["title"] == case.record.title
        assert truth["seal_present"] is case.seal_present
        assert manifest[case.path.name]["dpi"] == 150
    # a form whose opinion area was found carries the seal in its truth
    assert any(c.seal_present for c in cases)
