"""Scans read end to end with the real engine: a generated form printed, stamped, tilted and scanned
as an image-only PDF, and photographed upside down as a JPEG, reads into the blocks the application
extractor already knows, with field confidences and the seal. A handful of pages: the corpus is
measured by benchmarks/ocr_accuracy.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from PIL import Image

from extractors.context import ExtractContext
from extractors.errors import ErrorClass, ExtractionError
from extractors.kinds.application import extract_application
from extractors.model import Document, Table
from extractors.ocr.confidence import THRESHOLD, field_confidence, seal_present
from extractors.ocr.render import page_needs_ocr
from extractors.readers.image import read_image
from extractors.readers.ocr import ocr_pdf_pages, read_scanned_pdf
from jiangxin.core.office import convert
from jiangxin.core.records import Application
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.scans import ScanStyle, save_jpeg, save_pdf, scan_pdf


@pytest.fixture(scope="module")
def typed_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Application]:
    """A one-page four-column form (layout B) as a typed PDF, and its record."""
    folder = tmp_path_factory.mktemp("ocr-form")
    rng = random.Random(5)
    record = random_application(rng, NamePool(rng), patents=[], economic_benefit_wan=12.5)
    docx = folder / "form.docx"
    render_application(record, "B", docx, rng)
    return convert(docx, "pdf", folder), record


def read_record(doc: Document) -> Application:
    record = extract_application(doc, ExtractContext()).record
    assert isinstance(record, Application)
    return record


@pytest.mark.soffice
def test_stamped_tilted_scan_reads_like_the_typed_form(
    typed_form: tuple[Path, Application], tmp_path: Path
) -> None:
    pdf, truth = typed_form
    style = ScanStyle(dpi=200, skew=2.0, blur=0.5, noise=5.0, seal_opinion=True, jpeg_quality=85)
    pages, sealed = scan_pdf(pdf, style, truth.unit, random.Random(1))
    assert sealed
    scan = tmp_path / "scan.pdf"
    save_pdf(pages, scan, style.dpi, style.jpeg_quality)
    doc = read_scanned_pdf(scan)
    assert doc.ocr and doc.source_format == "pdf" and any(isinstance(b, Table) for b in doc.blocks)
    record = read_record(doc)
    assert record.title == truth.title
    assert record.unit == truth.unit  # the unit's name is also on the seal: it must not leak in
    assert [m.name for m in record.members] == [m.name for m in truth.members]
    assert record.unit_endorsed == truth.unit_endorsed
    assert seal_present(doc) is True
    title = field_confidence(doc, truth.title)
    assert title is not None and title >= THRESHOLD


@pytest.mark.soffice
def test_upside_down_photo_without_seal(typed_form: tuple[Path, Application], tmp_path: Path) -> None:
    pdf, truth = typed_form
    style = ScanStyle(dpi=150, skew=-1.0, quarter_turns=2, noise=4.0, shade=0.2, jpeg_quality=80)
    pages, sealed = scan_pdf(pdf, style, truth.unit, random.Random(2))
    assert not sealed
    photo = save_jpeg(pages, tmp_path / "photo", style.dpi, style.jpeg_quality)
    doc = read_image(photo)
    assert doc.source_format == "image" and doc.pages == len(pages)
    record = read_record(doc)
    # right, or flagged for a person: never a silent wrong value
    for value, want in ((record.title, truth.title), (record.unit, truth.unit)):
        score = field_confidence(doc, value) if value else None
        assert value == want or score is None or score < THRESHOLD
    assert record.title == truth.title
    assert seal_present(doc) is False


@pytest.mark.soffice
def test_scanned_page_of_a_mixed_pdf_is_handed_to_ocr(
    typed_form: tuple[Path, Application], tmp_path: Path
) -> None:
    """A typed page followed by a scanned copy of it: the rule picks the scan, and reading just
    that page gives its blocks numbered as that page."""
    import pdfplumber
    import pypdfium2 as pdfium

    pdf, truth = typed_form
    pages, _ = scan_pdf(pdf, ScanStyle(dpi=150, skew=0.8, noise=3.0), truth.unit, random.Random(4))
    scan = tmp_path / "scan.pdf"
    save_pdf(pages[:1], scan, 150, 85)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(pdf)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(scan)), [0])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    with pdfplumber.open(path) as doc:
        verdicts = [
            page_needs_ocr(
                len(page.chars),
                page.width,
                page.height,
                sum((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) for im in page.images),
            )
            for page in doc.pages
        ]
    assert verdicts == [False, True]
    read = ocr_pdf_pages(path, [2])
    assert list(read.blocks) == [2]
    tables = [b for b in read.blocks[2] if isinstance(b, Table)]
    assert tables and all(t.page == 2 for t in tables)
    assert truth.title in "".join(c.text for t in tables for c in t.cells).replace("\n", "")


def test_blank_picture_reads_to_nothing_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "blank.png"
    Image.new("RGB", (1240, 1754), (255, 255, 255)).save(path)
    doc = read_image(path)
    assert [b for b in doc.blocks if getattr(b, "text", "")] == []
    assert any("未识别到任何文字" in w.message for w in doc.warnings)


def test_without_the_ocr_extra_scans_are_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.readers.ocr as ocr_reader

    monkeypatch.setattr(ocr_reader, "available", lambda: False)
    path = tmp_path / "photo.png"
    Image.new("RGB", (64, 64), (255, 255, 255)).save(path)
    with pytest.raises(ExtractionError) as caught:
        read_image(path)
    assert caught.value.error is ErrorClass.NEEDS_OCR and "OCR" in caught.value.message


def test_broken_picture_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    with pytest.raises(ExtractionError) as caught:
        read_image(path)
    assert caught.value.error is ErrorClass.CORRUPT
