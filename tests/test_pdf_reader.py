"""The PDF reader on PDFs that LibreOffice makes from python-docx documents: merged cells, wrapped
lines rejoined, running headers and page numbers dropped, tables looked for only on ruled pages,
password-protected and text-less files refused with the right class; the characters and ruling edges
PDFium gives match what pdfplumber (pdfminer) reads from the same page."""

from __future__ import annotations

import ctypes
import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from docx import Document as new_document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

import extractors.readers.pdf as pdf_reader
from extractors.errors import ErrorClass, ExtractionError
from extractors.model import Paragraph, Table
from extractors.readers.pdf import read_pdf
from extractors.readers.pdf_page import read_page
from jiangxin.core.office import convert_many

pytestmark = pytest.mark.soffice

LONG_VALUE = (
    "该成果主要由主体支架、驱动机构、传感单元和控制模块组成，采用模块化设计，现场可快速组装，"
    "通过传感单元实时采集运行数据，超限时自动报警，已在酒泉地区27座变电站推广应用。"
)
UNIT = "国网酒泉供电公司电力调度控制中心"
HEADER = "国网酒泉供电公司职工技术创新成果申报材料"
PROSE = [
    f"第{i}段：随着酒泉地区新能源装机规模持续扩大，变电站数量快速增长，运维人员承载力不足的矛盾日益突出，"
    "设备长期在风沙大、昼夜温差大的环境中运行，缺陷发生率较高，需要更高效的巡视和检修手段。"
    for i in range(1, 19)
]
ENCRYPT = {"EncryptFile": {"type": "boolean", "value": "true"}}


def _pdf_filter(options: dict[str, Any]) -> str:
    return "pdf:writer_pdf_Export:" + json.dumps(options, ensure_ascii=False)


def _table_doc(path: Path) -> None:
    """A form table: a merged label over three member rows, a value merged across four columns that
    wraps, a cell with two paragraphs; then a second page of plain text."""
    doc = new_document()
    table = doc.add_table(rows=5, cols=5)
    table.style = "Table Grid"
    table.cell(0, 0).text = "成果简介"
    table.cell(0, 1).merge(table.cell(0, 4)).text = LONG_VALUE
    label = table.cell(1, 0).merge(table.cell(3, 0))
    label.text = "主要完成人"
    for c, text in enumerate(("序号", "姓名", "单位", "职务")):
        table.cell(1, 1 + c).text = text
    for r, (name, title) in enumerate((("张三", "高级工程师"), ("李四", "工程师")), start=2):
        for c, text in enumerate((str(r - 1), name, UNIT, title)):
            table.cell(r, 1 + c).text = text
    table.cell(4, 0).text = "单位意见"
    opinion = table.cell(4, 1).merge(table.cell(4, 4))
    opinion.text = "同意推荐。"
    opinion.add_paragraph("（盖章）")
    for row in table.rows:
        for cell, width in zip(row.cells, (3.0, 1.2, 2.0, 4.5, 4.5), strict=True):
            cell.width = Cm(width)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("第二页只有文字，没有表格。")
    doc.save(str(path))


def _running_doc(path: Path) -> None:
    """Three pages of prose under a running header and a '第 N 页 共 M 页' footer."""
    doc = new_document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" 页 共 ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" 页")
    for text in PROSE:
        doc.add_paragraph(text)
    doc.save(str(path))


def _folio_doc(path: Path) -> None:
    """Two pages with '— N —' page numbers and no header."""
    doc = new_document()
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" —")
    doc.add_paragraph("第一页正文。")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("第二页正文。")
    doc.save(str(path))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf-reader")
    sources = {
        "table": folder / "table.docx",
        "running": folder / "running.docx",
        "folio": folder / "folio.docx",
    }
    _table_doc(sources["table"])
    _running_doc(sources["running"])
    _folio_doc(sources["folio"])
    made = dict(zip(sources, convert_many(list(sources.values()), "pdf", folder / "plain"), strict=True))
    secret = folder / "secret.docx"
    new_document().save(str(secret))
    locked = {**ENCRYPT, "DocumentOpenPassword": {"type": "string", "value": "secret"}}
    made["locked"] = convert_many([secret], _pdf_filter(locked), folder / "locked")[0]
    restricted = {
        **ENCRYPT,
        "RestrictPermissions": {"type": "boolean", "value": "true"},
        "PermissionPassword": {"type": "string", "value": "owner"},
    }
    made["restricted"] = convert_many([sources["folio"]], _pdf_filter(restricted), folder / "restricted")[0]
    return made


def _tables(blocks: list[Any]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def test_merged_cells_keep_their_spans(pdfs: dict[str, Path]) -> None:
    doc = read_pdf(pdfs["table"])
    (table,) = _tables(doc.blocks)
    texts = {c.text: c for c in table.cells if c.text}
    label = texts["主要完成人"]
    assert label.rowspan == 3 and label.col == 0
    summary = texts[LONG_VALUE]  # wrapped over several lines in the PDF, rejoined without breaks
    assert summary.col == 1 and summary.col + summary.colspan == table.n_cols
    rows: dict[int, list[str]] = {c.row: [] for c in table.cells}
    for cell in sorted(table.cells, key=lambda c: c.col):
        rows[cell.row].append(cell.text)
    assert rows[2][-3:] == ["张三", UNIT, "高级工程师"] and rows[3][-3:] == ["李四", UNIT, "工程师"]
    assert "同意推荐。\n（盖章）" in texts  # a paragraph break inside a cell stays a line break


def test_wrapped_cell_text_is_rejoined(pdfs: dict[str, Path]) -> None:
    pdf = pdfium.PdfDocument(pdfs["table"])
    lines = pdf[0].get_textpage().get_text_range().splitlines()
    pdf.close()
    assert any(LONG_VALUE[:10] in line for line in lines)
    assert not any(LONG_VALUE in line for line in lines)  # the PDF really wraps it
    (table,) = _tables(read_pdf(pdfs["table"]).blocks)
    assert LONG_VALUE in [c.text for c in table.cells]


def test_tables_only_looked_for_on_ruled_pages(
    pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = pdf_reader.find_tables

    def counting(edges: list[dict[str, Any]]) -> list[Any]:
        found = original(edges)
        calls.append(len(found))
        return found

    monkeypatch.setattr(pdf_reader, "find_tables", counting)
    doc = read_pdf(pdfs["table"])
    assert calls == [1]  # once, on the ruled first page, where it finds the one table
    assert doc.pages == 2
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["第二页只有文字，没有表格。"]


def test_running_header_and_page_numbers_are_dropped(pdfs: dict[str, Path]) -> None:
    doc = read_pdf(pdfs["running"])
    assert doc.pages is not None and doc.pages >= 2
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert not any(HEADER in t or re.search(r"第\s*\d+\s*页", t) for t in texts)
    # each paragraph, wrapped over lines and pages, comes back whole
    assert [re.sub(r"\s+", "", t) for t in texts] == PROSE


def test_folio_page_numbers_are_dropped(pdfs: dict[str, Path]) -> None:
    texts = [b.text for b in read_pdf(pdfs["folio"]).blocks if isinstance(b, Paragraph)]
    assert texts == ["第一页正文。", "第二页正文。"]


def test_password_protected_pdf_is_encrypted(pdfs: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        read_pdf(pdfs["locked"])
    assert info.value.error is ErrorClass.ENCRYPTED


def test_pdf_with_only_permission_password_is_read(pdfs: dict[str, Path]) -> None:
    texts = [b.text for b in read_pdf(pdfs["restricted"]).blocks if isinstance(b, Paragraph)]
    assert texts == ["第一页正文。", "第二页正文。"]


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageDraw

    import extractors.readers.ocr as ocr

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), outline="black", width=3)
    path = tmp_path / "scan.pdf"
    image.save(path)
    with monkeypatch.context() as m:  # as on a machine without the OCR extra
        m.setattr(ocr, "ocr_available", lambda: False)
        with pytest.raises(ExtractionError) as info:
            read_pdf(path)
    assert info.value.error is ErrorClass.NEEDS_OCR
    if ocr.ocr_available():  # with it, the same page is handed to OCR
        assert read_pdf(path).ocr


def test_truncated_pdf_is_corrupt(pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = pdfs["folio"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ExtractionError) as info:
        read_pdf(path)
    assert info.value.error is ErrorClass.CORRUPT


def _geometry(chars: list[dict[str, Any]]) -> list[tuple[str, float, float, float, float, float]]:
    """Printed characters (blanks aside: PDFium drops some of them) with their boxes, in reading order."""
    out = [
        (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
        for c in chars
        if not c["text"].isspace()
    ]
    return sorted(out, key=lambda c: (round(c[3]), c[1]))


def _edge_geometry(edges: list[dict[str, Any]]) -> list[tuple[str, str, float, float, float, float]]:
    out = [(e["object_type"], e["orientation"], e["x0"], e["x1"], e["top"], e["bottom"]) for e in edges]
    return sorted(out, key=lambda e: (e[0], e[1], round(e[4]), round(e[2])))


@pytest.mark.parametrize("name", ["table", "running"])
def test_pdfium_page_matches_pdfplumber(pdfs: dict[str, Path], name: str) -> None:
    pdf = pdfium.PdfDocument(pdfs[name])
    with pdfplumber.open(pdfs[name]) as plumbed:
        assert len(plumbed.pages) == len(pdf)
        for number, expected in enumerate(plumbed.pages):
            got = read_page(pdf[number])
            assert (got.width, got.height) == pytest.approx((expected.width, expected.height))
            assert got.ruled == bool(expected.lines or expected.rects)
            ours, theirs = _geometry(got.chars), _geometry(expected.chars)
            assert [c[0] for c in ours] == [c[0] for c in theirs]
            for a, b in zip(ours, theirs, strict=True):  # PDFium works in single precision
                assert a[1:] == pytest.approx(b[1:], abs=0.01), a[0]
            ours_e, theirs_e = _edge_geometry(got.edges), _edge_geometry(expected.edges)
            assert [e[:2] for e in ours_e] == [e[:2] for e in theirs_e]
            for a, b in zip(ours_e, theirs_e, strict=True):
                assert a[2:] == pytest.approx(b[2:], abs=0.01)
    pdf.close()


def test_blank_text_object_is_a_printed_space(pdfs: dict[str, Path]) -> None:
    """PDFium leaves a text object holding only a blank out of its characters; the reader puts the
    blank back where pdfminer has it (the folio '第 N 页' is typed with blanks around the number)."""
    with pdfplumber.open(pdfs["running"]) as plumbed:
        chars = plumbed.pages[0].chars
        expected = {(round(c["x0"], 1), round(c["bottom"], 1)) for c in chars if c["text"] == " "}
    pdf = pdfium.PdfDocument(pdfs["running"])
    textpage = pdf[0].get_textpage()
    listed = set()  # the blanks PDFium's own character list has
    for i in range(textpage.count_chars()):
        if textpage.get_text_range(i, 1) == " " and not pdfium.raw.FPDFText_IsGenerated(textpage, i):
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium.raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            listed.add((round(x.value, 1), round(pdf[0].get_height() - y.value, 1)))
    got = {(round(c["x0"], 1), round(c["bottom"], 1)) for c in read_page(pdf[0]).chars if c["text"] == " "}
    pdf.close()
    assert got - listed and got <= expected


def test_stream_inflating_past_the_limit_is_refused(tmp_path: Path) -> None:
    import zlib

    from extractors.limits import Limits, using

    data = b"%PDF-1.4\n1 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n"
    data += zlib.compress(b" " * 300_000) + b"\nendstream\nendobj\n"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    with using(Limits(max_pdf_stream_bytes=200_000)), pytest.raises(ExtractionError) as info:
        read_pdf(path)
    assert info.value.error is ErrorClass.TOO_LARGE and "数据流" in info.value.message
    with using(Limits(max_pdf_stream_bytes=400_000)):
        pdf_reader.check_stream_inflation(data)  # under the limit: nothing to refuse
