"""Find a file's real format from its bytes (never its extension), and refuse unsafe containers early."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ErrorClass, ExtractionError

# A DOCTYPE must come before the root element, so the head of each XML part is enough to find one.
_XML_HEAD_BYTES = 4096
DEFAULT_MAX_PART_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024
# a zip whose parts inflate more than this many times over is treated as a zip bomb
_MAX_COMPRESSION_RATIO = 200


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_part_bytes: int = DEFAULT_MAX_PART_BYTES


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


def sniff(path: Path, limits: Limits = Limits()) -> str:
    """Return 'docx', 'xlsx', 'pdf' or 'image', or raise ExtractionError saying why not."""
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
    """Refuse oversize or bomb-like parts before inflating them, and XML that declares a DOCTYPE."""
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise ExtractionError(
                ErrorClass.TOO_LARGE,
                f"文档内部部件“{info.filename}”解压后 {info.file_size / 1048576:.0f} MB，"
                f"超过上限 {limits.max_part_bytes / 1048576:.0f} MB。",
            )
        if (
            info.compress_size
            and info.file_size / info.compress_size > _MAX_COMPRESSION_RATIO
            and (info.file_size > 10 * 1024 * 1024)
        ):
            raise ExtractionError(
                ErrorClass.TOO_LARGE,
                f"文档内部部件“{info.filename}”压缩比异常（疑似压缩炸弹），为安全起见未予处理。",
            )
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as part:
                head = part.read(_XML_HEAD_BYTES)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ExtractionError(
                ErrorClass.CORRUPT, f"文档内部部件“{info.filename}”已损坏（{exc}）。", retryable=True
            ) from exc
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise ExtractionError(ErrorClass.ENCRYPTED, "文档内部部件已加密。") from exc
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ExtractionError(
                ErrorClass.UNSAFE_CONTENT,
                f"文档内部部件“{info.filename}”声明了 DOCTYPE/外部实体（Word 不会写入这种内容），已拒绝读取。",
            )
