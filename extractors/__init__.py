"""From a file to a record: sniff the format, read it into blocks, classify, extract.

Nothing here touches the database or moves files; `extract_file` is a pure function of the file
and the context, so it can run in a worker process.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .context import ExtractContext
from .errors import ErrorClass, ExtractionError
from .limits import Limits, using
from .sniff import sniff

if TYPE_CHECKING:  # the record types load pydantic: only a command that stores or checks records needs them
    from jiangxin.core.record_data import RecordData
    from jiangxin.core.records import Record
    from jiangxin.core.warnings import FieldWarning

EXTRACTOR_VERSION = "1.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "ErrorClass",
    "ExtractContext",
    "Extraction",
    "ExtractionError",
    "Limits",
    "extract_file",
    "sha256_file",
]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_converted(path: Path, limits: Limits, result: Extraction) -> Any:
    """Convert an old binary Office file with LibreOffice, then read the converted copy."""
    from .legacy import convert_legacy
    from .readers import read

    with tempfile.TemporaryDirectory(prefix="jiangxin-legacy-") as tmp:
        converted = convert_legacy(path, Path(tmp))
        result.format = sniff(converted, limits)
        message = f"旧版格式已自动转换为 .{result.format} 后读取"
        from jiangxin.core.warnings import FieldWarning

        result.warnings.append(FieldWarning(field=None, code="legacy_format_converted", message=message))
        return read(converted, result.format)


def _is_ole(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(slots=True)
class Extraction:
    """The outcome for one file: a record with its warnings, or an error class and a message. The record
    is kept as the extractor made it (`data`, plain dataclasses) and validated into its record type on
    first use of `record`, so a process that only prints its JSON never loads pydantic."""

    file: str
    sha256: str
    format: str | None = None
    kind: str | None = None
    data: RecordData | None = None
    warnings: list[FieldWarning] = field(default_factory=list)
    error: ErrorClass | None = None
    message: str | None = None
    retryable: bool = False
    head: list[str] = field(default_factory=list)  # first lines read, for unknown kinds
    kind_reasons: list[str] = field(default_factory=list)  # the evidence the kind was decided on
    _record: Record | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def record(self) -> Record | None:
        """The record type validated from `data` (once; loads pydantic), None when nothing was read."""
        if self._record is None and self.data is not None:
            from jiangxin.core.records import record_from_data

            self._record = record_from_data(self.data)
        return self._record

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        """The `jiangxin extract --json` line: the record (or error) plus its source."""
        out: dict[str, Any] = {"source": {"file": self.file, "sha256": self.sha256}}
        if self.error is not None:
            out["error"] = str(self.error)
            out["message"] = self.message
            if self.kind_reasons:
                out["kind_reasons"] = list(self.kind_reasons)
            return out
        if self.data is not None:
            out.update(self.data.to_json())
        if self.kind_reasons:
            out["kind_reasons"] = list(self.kind_reasons)
        if self.warnings:
            out["warnings"] = [w.to_json() for w in self.warnings]
        return out


def extract_file(
    path: Path,
    context: ExtractContext | None = None,
    limits: Limits | None = None,
    *,
    display_name: str | None = None,
    sha256: str | None = None,
    convert_legacy: bool = True,
    validate: bool = True,
) -> Extraction:
    """Read one file into an `Extraction`; every failure becomes an error class, never an exception.
    `validate`: the record is validated into its record type here (a value it refuses makes the file
    `corrupt`); without it only the extractor's dataclasses are made, for a caller that prints JSON."""
    from .classify import decide, head_lines
    from .kinds import get
    from .readers import read

    context = context or ExtractContext()
    limits = limits or Limits()
    name = display_name if display_name is not None else str(path)
    try:
        digest = sha256 or sha256_file(path)
    except OSError as exc:
        return Extraction(
            file=name,
            sha256="",
            error=ErrorClass.CORRUPT,
            message=f"无法读取文件（{exc}）。",
            retryable=True,
        )
    result = Extraction(file=name, sha256=digest)
    try:
        try:
            result.format = sniff(path, limits)
            with using(limits):
                doc = read(path, result.format)
        except ExtractionError as exc:
            if not (exc.error is ErrorClass.UNSUPPORTED_FORMAT and convert_legacy and _is_ole(path)):
                raise
            with using(limits):
                doc = _read_converted(path, limits, result)
        decision = decide(doc)
        result.kind_reasons = decision.reasons
        kind = decision.kind
        if kind is None:
            result.head = head_lines(doc, 5)
            shown = " / ".join(result.head)[:200] or "（未读到任何文字）"
            raise ExtractionError(ErrorClass.UNKNOWN_KIND, f"无法识别的文件类型。读到的开头内容：{shown}")
        result.kind = kind
        extracted = get(kind)(doc, context)
        if validate:  # here: a value the record type refuses is this file's error, and it keeps no record
            from jiangxin.core.records import record_from_data

            result._record = record_from_data(extracted.data)
        result.data = extracted.data
        result.warnings = [*result.warnings, *doc.warnings, *extracted.warnings]
    except ExtractionError as exc:
        result.error = exc.error
        result.message = exc.message
        result.retryable = exc.retryable
    except MemoryError:
        result.error = ErrorClass.TOO_LARGE
        result.message = (
            f"文件内容过大：读取时所需内存超过单个文件的上限 {limits.memory_bytes_per_file // 1048576} MB。"
        )
    except Exception as exc:  # a reader library failing on a malformed file
        result.error = ErrorClass.CORRUPT
        result.message = f"文件内容无法解析（{type(exc).__name__}: {exc}）。"
    return result
