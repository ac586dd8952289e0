"""Old binary Office files (.doc, .wps, .xls, .et): converted with LibreOffice when it is installed."""

from __future__ import annotations

from pathlib import Path

from .errors import ErrorClass, ExtractionError

_SPREADSHEET_SUFFIXES = {".xls", ".et", ".ett", ".xlt"}


def target_format(path: Path) -> str:
    """What to convert to: spreadsheets become xlsx, everything else docx."""
    return "xlsx" if path.suffix.lower() in _SPREADSHEET_SUFFIXES else "docx"


def convert_legacy(path: Path, workdir: Path) -> Path:
    """Convert an old binary document into `workdir`; raise a clear error when that is impossible."""
    from jiangxin.core.office import convert, soffice_path

    if soffice_path() is None:
        raise ExtractionError(
            ErrorClass.UNSUPPORTED_FORMAT,
            "这是旧版 .doc/.wps/.xls 格式，本机未安装 LibreOffice，无法自动转换。请另存为 .docx（表格另存为 .xlsx）后重新上传。",
        )
    fmt = target_format(path)
    # LibreOffice names its output after the input: give it a plain ASCII name to avoid surprises
    src = workdir / ("source" + (path.suffix.lower() or ".doc"))
    src.write_bytes(path.read_bytes())
    try:
        return convert(src, fmt, workdir / "out", timeout=120)
    except Exception as exc:
        raise ExtractionError(
            ErrorClass.UNSUPPORTED_FORMAT,
            f"旧版格式文档自动转换失败（{exc}）。请另存为 .docx（表格另存为 .xlsx）后重新上传。",
        ) from exc
