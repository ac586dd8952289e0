"""Find a file's real format from its bytes (never its extension), and refuse unsafe containers early."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .errors import ErrorClass, ExtractionError
from .limits import Limits

DEFAULT_MAX_PART_BYTES = Limits().max_part_bytes
DEFAULT_MAX_FILE_BYTES = Limits().max_file_bytes
# Every XML part is parsed up to its root element by a parser that reports a document type declaration
# (whatever the encoding or the padding before it); entities are never resolved and nothing is fetched.
_DTD_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def is_ignored_name(name: str) -> bool:
    """Office lock files, hidden and temporary files: left alone, never quarantined."""
    lower = name.lower()
    # a leading dot hides a file (.DS_Store, ._x, .~lock.x#); a name merely starting with '..' is a document
    hidden = name.startswith(".") and not name.startswith("..")
    return (
        name.startswith("~$")
        or hidden
        or lower in {"thumbs.db", "desktop.ini"}
        or lower.endswith((".tmp", ".part", ".crdownload", ".partial", ".download"))
    )


_ZIP_END = 22 + 65_535  # the zip's end record and the longest comment it may carry
_TAIL_MARKS = {b"%PDF": b"%%EOF", b"\x89PNG": b"IEND", b"\xff\xd8\xff": b"\xff\xd9"}


def looks_unfinished(path: Path) -> bool:
    """True when a file visibly stops short of its end: no bytes yet, a zip (docx, xlsx) without its end
    record, a PDF without %%EOF, a PNG without IEND, a JPEG without its end marker. Reads both ends only,
    so the inbox can leave such a file where its writer may come back to it."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if not head:
            return True
        size = fh.seek(0, 2)
        if head.startswith(b"PK\x03\x04"):
            fh.seek(max(0, size - _ZIP_END))
            return b"PK\x05\x06" not in fh.read()
        for start, end in _TAIL_MARKS.items():
            if head.startswith(start):
                fh.seek(max(0, size - 2048))
                return end not in fh.read()
    return False


def sniff(path: Path, limits: Limits | None = None) -> str:
    """Return 'docx', 'xlsx', 'pdf' or 'image', or raise ExtractionError saying why not."""
    limits = limits or Limits()
    if path.name.startswith("~$") or path.name.startswith(".~lock"):
        raise ExtractionError(ErrorClass.LOCK_FILE, f"“{path.name}”是 Office 临时锁文件，不是文档。")
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(ErrorClass.EMPTY, "文件大小为 0 字节，没有任何内容。", retryable=True)
    if size > limits.max_file_bytes:
        raise ExtractionError(
            ErrorClass.TOO_LARGE,
            f"文件大小 {size / 1048576:.0f} MB，超过上限 {limits.max_file_bytes / 1048576:.0f} MB。",
        )
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path, limits)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ExtractionError(
            ErrorClass.UNSUPPORTED_FORMAT,
            "这是旧版 Office 二进制格式（.doc/.xls/.wps），本系统只读取 .docx/.xlsx/PDF。",
        )
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head.startswith(b"{\\rtf"):
        raise ExtractionError(
            ErrorClass.UNSUPPORTED_FORMAT, "这是 RTF 格式文档，本系统只读取 .docx/.xlsx/PDF。"
        )
    raise ExtractionError(
        ErrorClass.NOT_A_DOCUMENT,
        f"文件内容不是 Word、Excel 或 PDF（扩展名为“{path.suffix or '无'}”，实际是文本或其他数据）。",
    )


def _sniff_zip(path: Path, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "EncryptedPackage" in names:
                raise ExtractionError(ErrorClass.ENCRYPTED, "文件设置了打开密码。")
            if "word/document.xml" in names:
                fmt = "docx"
            elif "xl/workbook.xml" in names:
                fmt = "xlsx"
            else:
                raise ExtractionError(
                    ErrorClass.NOT_A_DOCUMENT,
                    "这是一个压缩包，不是 Word 或 Excel 文档（没有 word/document.xml 或 xl/workbook.xml）。",
                )
            check_zip_parts(zf, infos, limits)
            return fmt
    except zipfile.BadZipFile as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"文件不完整或已损坏，无法解压（{exc}）。", retryable=True
        ) from exc


def check_zip_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse oversize or bomb-like parts before inflating them, and XML that declares a DOCTYPE.

    Python's zipfile never inflates a member past its declared size, so the declared sizes bound what
    any reader of this file can be handed."""
    total = 0
    xml_total = 0
    for info in infos:
        total += info.file_size
        if info.filename.endswith((".xml", ".rels", ".vml")):
            xml_total += info.file_size
        if info.file_size > limits.max_part_bytes:
            raise ExtractionError(
                ErrorClass.TOO_LARGE,
                f"文档内部部件“{info.filename}”解压后 {info.file_size / 1048576:.0f} MB，"
                f"超过上限 {limits.max_part_bytes / 1048576:.0f} MB。",
            )
        if (
            info.file_size > limits.ratio_floor_bytes
            and info.file_size > max(info.compress_size, 1) * limits.max_compression_ratio
        ):
            raise ExtractionError(
                ErrorClass.TOO_LARGE,
                f"文档内部部件“{info.filename}”压缩比异常（{info.compress_size} 字节解压为 "
                f"{info.file_size / 1048576:.0f} MB，疑似压缩炸弹），为安全起见未予处理。",
            )
    if total > limits.max_inflated_bytes:
        raise ExtractionError(
            ErrorClass.TOO_LARGE,
            f"文档全部内部部件解压后共 {total / 1048576:.0f} MB，超过上限 "
            f"{limits.max_inflated_bytes / 1048576:.0f} MB（疑似压缩炸弹）。",
        )
    if xml_total > limits.max_xml_bytes:
        raise ExtractionError(
            ErrorClass.TOO_LARGE,
            f"文档的 XML 内容解压后共 {xml_total / 1048576:.0f} MB，超过上限 "
            f"{limits.max_xml_bytes / 1048576:.0f} MB。",
        )
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename.lower()
        if name.endswith((".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".tif", ".tiff", ".bmp")):
            continue  # binary parts; every other part may be XML whatever its name says
        try:
            doctype = _declared_doctype(zf, info)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise ExtractionError(
                ErrorClass.CORRUPT, f"文档内部部件“{info.filename}”已损坏（{exc}）。", retryable=True
            ) from exc
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise ExtractionError(ErrorClass.ENCRYPTED, "文档内部部件已加密。") from exc
        if doctype:
            raise ExtractionError(
                ErrorClass.UNSAFE_CONTENT,
                f"文档内部部件“{info.filename}”声明了 DOCTYPE/实体（Word 和 Excel 不会写入这种内容），已拒绝读取。",
            )


def _declared_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part declares a document type: parsed (not scanned) up to its root element, so a
    declaration after padding, in UTF-16 or in [Content_Types].xml is found. A part that is not XML
    (or is broken XML) is left to the reader that needs it."""
    from lxml import etree

    parser = etree.XMLPullParser(events=("start",), **_DTD_PARSER_OPTIONS)
    with zf.open(info) as part:
        while chunk := part.read(2048):  # the root element usually starts in the first chunk
            try:
                parser.feed(chunk)
                for _event, element in parser.read_events():
                    docinfo = element.getroottree().docinfo
                    return bool(docinfo.doctype or docinfo.internalDTD is not None)
            except etree.XMLSyntaxError:
                return _syntax_error_is_dtd(parser)
    try:
        parser.close()
    except etree.XMLSyntaxError:
        return _syntax_error_is_dtd(parser)
    return False


def _syntax_error_is_dtd(parser: object) -> bool:
    """A parse that failed inside a DOCTYPE (e.g. an entity the parser refused) still declared one."""
    log = getattr(parser, "error_log", None)
    return any("DOCTYPE" in e.message or "DTD" in e.message for e in log or ())
