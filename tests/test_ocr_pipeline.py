"""Scans through the real pipeline: an image-only PDF and a phone photo dropped in the inbox are read by
OCR into application records, with per-field confidences and the seal."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from extractors import extract_file
from jiangxin.core.office import convert
from jiangxin.core.records import Application
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.scans import ScanStyle, save_jpeg, save_pdf, scan_pdf
from jiangxin.inbox import Consumer

from .support.workspace import make_workspace


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Application]:
    folder = tmp_path_factory.mktemp("scans")
    rng = random.Random(9)
    record = random_application(rng, NamePool(rng), patents=[], economic_benefit_wan=8.5, unit_endorsed=True)
    docx = folder / "form.docx"
    render_application(record, "B", docx, rng)
    typed = convert(docx, "pdf", folder)
    style = ScanStyle(dpi=200, skew=1.5, blur=0.4, noise=4.0, seal_opinion=True, jpeg_quality=85)
    pages, sealed = scan_pdf(typed, style, record.unit, random.Random(2))
    assert sealed
    pdf = folder / "扫描件.pdf"
    save_pdf(pages, pdf, style.dpi, style.jpeg_quality)
    jpeg = save_jpeg(pages[:1], folder / "手机拍照.jpg", style.dpi, style.jpeg_quality)
    return pdf, jpeg, record


@pytest.mark.soffice
def test_image_only_pdf_reads_through_extract_file(scans: tuple[Path, Path, Application]) -> None:
    pdf, _, truth = scans
    result = extract_file(pdf)
    assert result.error is None, result.message
    record = result.record
    assert result.kind == "application"
    assert record.title == truth.title and record.unit == truth.unit
    assert record.seal_present is True
    assert record.confidence and record.confidence["title"] > 0.5
    # every field read wrong is flagged for a person to confirm, never silently passed on
    got, want = record.to_json(), truth.to_json()
    wrong = [
        k for k in ("title", "unit", "members", "completed_on", "economic_benefit_wan") if got[k] != want[k]
    ]
    assert all(any(w.field == k for w in result.warnings) for k in wrong), (wrong, result.warnings)


@pytest.mark.soffice
def test_photo_dropped_in_the_inbox_is_stored(scans: tuple[Path, Path, Application], tmp_path: Path) -> None:
    _, jpeg, truth = scans
    ws = make_workspace(tmp_path / "ws")
    (ws.inbox / jpeg.name).write_bytes(jpeg.read_bytes())
    store = ws.open_store()
    summary = Consumer(ws, store, workers=1).run()
    assert [o.result for o in summary.outcomes] == ["stored"], summary.outcomes
    [stored] = store.records("application", ws.year)
    assert stored.record.title == truth.title
    assert stored.document.format == "image"


@pytest.mark.soffice
def test_mixed_pdf_reads_typed_pages_from_text_and_the_scanned_page_by_ocr(
    scans: tuple[Path, Path, Application], tmp_path: Path
) -> None:
    from pypdf import PdfReader, PdfWriter

    from extractors.readers.pdf import read_pdf

    scanned, _, truth = scans
    typed_doc = tmp_path / "typed.docx"
    import docx

    d = docx.Document()
    d.add_paragraph("附件：申报单位推荐意见（盖章页见后）")
    d.save(typed_doc)
    typed = convert(typed_doc, "pdf", tmp_path)
    writer = PdfWriter()
    for src in (typed, scanned):
        for page in PdfReader(src).pages:
            writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as fh:
        writer.write(fh)
    doc = read_pdf(mixed)
    text = doc.text()
    assert doc.ocr
    assert "申报单位推荐意见" in text  # from the text layer of page 1
    assert truth.title in text.replace(" ", "")  # from the picture of page 2
