"""Makers of hostile files: small on disk, each built to cost a reader unbounded time or memory."""

from __future__ import annotations

import random
import re
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl

from benchmarks.hostile import pdf_from_objects
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.rosters import random_roster, render_roster


def good_application(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    render_application(random_application(rng, NamePool(rng)), "A", path, rng)
    return path


def good_roster(path: Path, seed: int, size: int = 30) -> Path:
    rng = random.Random(seed)
    render_roster(random_roster(rng, NamePool(rng), size), path, rng)
    return path


def rewrite_parts(
    src: Path, path: Path, edit: dict[str, bytes], extra: dict[str, bytes] | None = None
) -> Path:
    """Copy a zip package with some parts replaced (and some added), each deflated."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            zout.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _sheet_xml(src: Path) -> bytes:
    with zipfile.ZipFile(src) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def xlsx_far_cell(path: Path, *, with_text: bool) -> Path:
    """A small roster plus one cell at XFD1048576 (text, or only a style as some tools write)."""
    src = good_roster(path.with_name("src-" + path.name), 3)
    xml = _sheet_xml(src)
    cell = (
        b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
        if with_text
        else b'<c r="XFD1048576" s="0"/>'
    )
    xml = xml.replace(b"</sheetData>", b'<row r="1048576">' + cell + b"</row></sheetData>")
    return rewrite_parts(src, path, {"xl/worksheets/sheet1.xml": xml})


def xlsx_huge_merge(path: Path) -> Path:
    """One merge A1:XFD1048576 (openpyxl would build a MergedCell for each of its 17 billion cells)."""
    src = good_roster(path.with_name("src-" + path.name), 4)
    xml = _sheet_xml(src)
    xml = re.sub(rb"<mergeCells.*?</mergeCells>", b"", xml, flags=re.S)
    xml = xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    )
    return rewrite_parts(src, path, {"xl/worksheets/sheet1.xml": xml})


def xlsx_inflating(path: Path, parts: int, part_bytes: int) -> Path:
    """A roster with `parts` extra XML parts of blank space: each small, together very large."""
    src = good_roster(path.with_name("src-" + path.name), 5)
    blank = b"<x>" + b" " * part_bytes + b"</x>"
    return rewrite_parts(src, path, {}, {f"customXml/item{i}.xml": blank for i in range(parts)})


def docx_span(path: Path, *, grid_span: int = 0, grid_before: int = 0) -> Path:
    """A small table whose first cell spans `grid_span` columns, or whose first row starts
    `grid_before` columns in."""
    d = docx.Document()
    d.add_paragraph("职工技术创新成果申报书")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "成果名称"
    table.cell(0, 1).text = "一种工具"
    src = path.with_name("src-" + path.name)
    d.save(str(src))
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml")
    if grid_span:
        xml = xml.replace(b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{grid_span}"/>'.encode(), 1)
    if grid_before:
        xml = re.sub(
            rb"<w:tr( [^>]*)?>",
            lambda m: m.group(0) + f'<w:trPr><w:gridBefore w:val="{grid_before}"/></w:trPr>'.encode(),
            xml,
            count=1,
        )
    return rewrite_parts(src, path, {"word/document.xml": xml})


def docx_doctype(path: Path, how: str) -> Path:
    """A DOCTYPE the old byte scan missed: after padding, in UTF-16, or in [Content_Types].xml."""
    d = docx.Document()
    d.add_paragraph("职工技术创新成果申报书")
    src = path.with_name("src-" + path.name)
    d.save(str(src))
    with zipfile.ZipFile(src) as zf:
        body = zf.read("word/document.xml")
        types = zf.read("[Content_Types].xml")
    decl, _, rest = body.partition(b"?>")
    doctype = b'<!DOCTYPE w:document [<!ENTITY e "boom">]>'
    if how == "padding":
        body = decl + b"?>" + b"<!-- " + b"p" * 8000 + b" -->" + doctype + rest
        return rewrite_parts(src, path, {"word/document.xml": body})
    if how == "utf16":
        text = (b'<?xml version="1.0" encoding="UTF-16"?>' + doctype + rest).decode("utf-8")
        return rewrite_parts(src, path, {"word/document.xml": text.encode("utf-16")})
    t_decl, _, t_rest = types.partition(b"?>")
    return rewrite_parts(
        src, path, {"[Content_Types].xml": t_decl + b"?>" + b'<!DOCTYPE Types [<!ENTITY e "x">]>' + t_rest}
    )


def pdf_pages(path: Path, n: int, size_pt: float = 595.0, content: bytes = b"") -> Path:
    """`n` pages of `size_pt` square sharing one content stream (Flate-compressed)."""
    stream = zlib.compress(content)
    kids = " ".join(f"{4 + i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
    ]
    for _ in range(n):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size_pt} {size_pt}] /Contents 3 0 R >>".encode()
        )
    path.write_bytes(pdf_from_objects(objects))
    return path


def pdf_flate_bomb(path: Path, inflated: int) -> Path:
    """One page whose content stream inflates to `inflated` bytes of blanks."""
    return pdf_pages(path, 1, content=b" " * inflated)


def png_pixels(path: Path, width: int, height: int) -> Path:
    """A bilevel PNG of width × height white pixels: a few kilobytes on disk."""
    from PIL import Image

    Image.new("1", (width, height), 1).save(path, optimize=True)
    return path


def tiff_frames(path: Path, n: int) -> Path:
    from PIL import Image

    frames = [Image.new("L", (64, 64), 255) for _ in range(n)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


def workbook_cell(path: Path, value: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = value
    wb.save(path)
    return path


def running(pid: int) -> bool:
    """The process runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
