"""The PDF reader on PDFs that LibreOffice makes from python-docx documents: merged cells, wrapped
lines rejoined, running headers and page numbers dropped, tables looked for only on ruled pages,
password-protected and text-less files refused with the right class."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx import Document as new_document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from extractors.errors import ErrorClass, ExtractionError
from extractors.model import Paragraph, Table
from extractors.readers.pdf import read_pdf
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
    with pdfplumber.open(pdfs["table"]) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert not any(LONG_VALUE in line for line in lines)  # the PDF really wraps it
    (table,) = _tables(read_pdf(pdfs["table"]).blocks)
    assert LONG_VALUE in [c.text for c in table.cells]


def test_tables_only_looked_for_on_ruled_pages(
    pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = pdfplumber.page.Page.find_tables

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.page_number)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", counting)
    doc = read_pdf(pdfs["table"])
    assert calls == [1]
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
