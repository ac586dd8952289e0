"""Makers of the broken, hostile and odd files that arrive in a real inbox."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl


def simple_docx(path: Path, text: str = "职工技术创新成果申报书") -> Path:
    d = docx.Document()
    d.add_paragraph(text)
    d.save(path)
    return path


def zero_byte(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(src: Path, path: Path, keep: float = 0.5) -> Path:
    data = src.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def text_named_pdf(path: Path) -> Path:
    path.write_text("这不是PDF，只是一段文字。\n", encoding="utf-8")
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="123456", owner_password="owner")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def png_photo(path: Path) -> Path:
    """A real (tiny) PNG image: what a phone photo of a form looks like to the sniffer."""
    import struct
    import zlib

    width, height = 4, 4
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def _rewrite_part(src: Path, path: Path, part: str, new: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = new if info.filename == part else zin.read(info.filename)
            zout.writestr(info, data)
    return path


def docx_with_external_entity(src: Path, path: Path, target: Path) -> Path:
    """A docx whose body declares an external entity pointing at `target` and uses it in the text."""
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    doctype = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{target}">]>'
    body = rest.replace("职工技术创新成果申报书", "&secret;", 1)
    return _rewrite_part(src, path, "word/document.xml", (head + "?>" + doctype + body).encode("utf-8"))


def docx_with_large_part(src: Path, path: Path, size: int) -> Path:
    """A docx whose document.xml is inflated past `size` bytes with comment padding."""
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml")
    pad = b"<!--" + b"x" * size + b"-->"
    head, sep, rest = xml.partition(b"?>")
    return _rewrite_part(src, path, "word/document.xml", head + sep + pad + rest)


def zip_without_word_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "只是一个压缩包")
        z.writestr("photos/1.txt", "无")
    return path


def xlsx_with_formula_names(path: Path) -> Path:
    """A staff list whose name cells hold formulas: never evaluated, never taken as names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["员工花名册"])
    ws.append(["序号", "员工编号", "姓名", "单位/部门", "岗位", "在职状态"])
    ws.append([1, "62100001", "王小明", "变电运维中心", "技术专责", "在职"])
    ws.append([2, "62100002", '=HYPERLINK("http://example.invalid","李四")', "输电运检中心", "班长", "在职"])
    ws.append([3, "62100003", "=A1&B1", "营销服务中心", "专责", "在职"])
    ws.append([4, "62100004", "赵　六", "配电运检室", "专责", "在职"])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path
