"""Why a file could not be read, in a class a program can test and words a clerk can act on."""

from __future__ import annotations

from enum import StrEnum


class ErrorClass(StrEnum):
    EMPTY = "empty"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NOT_A_DOCUMENT = "not_a_document"
    LOCK_FILE = "lock_file"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    UNSAFE_CONTENT = "unsafe_content"
    NEEDS_OCR = "needs_ocr"
    UNKNOWN_KIND = "unknown_kind"


# What the office should do about each class (shown beside the reason in quarantine notes).
ADVICE: dict[ErrorClass, str] = {
    ErrorClass.EMPTY: "文件内容为空。请向报送单位索取完整文件后重新放入收件箱。",
    ErrorClass.CORRUPT: "文件已损坏或未传完整。请重新上传完整文件（可先在 Word/Excel 中打开确认）。",
    ErrorClass.ENCRYPTED: "文件设置了打开密码。请去除密码后另存，再重新放入收件箱。",
    ErrorClass.NOT_A_DOCUMENT: "文件不是 Word、PDF 或 Excel 文档（可能扩展名被改动）。请核对后重新上传。",
    ErrorClass.LOCK_FILE: "这是 Office 打开文档时产生的临时锁文件，无需处理。",
    ErrorClass.UNSUPPORTED_FORMAT: "这是旧版 .doc/.wps/.xls 等格式。请在 Word/WPS 中“另存为 .docx”（表格另存为 .xlsx）后重新上传。",
    ErrorClass.TOO_LARGE: "文件或其内部部件过大，超出安全处理上限。请删除大图片等无关内容后重新上传，或联系管理员调整上限。",
    ErrorClass.TIMEOUT: "读取这个文件用时超过单个文件的时间上限，已停止读取。请检查文件是否异常（页数极多、内容重复），删除无关内容后重新上传，或联系管理员调整上限。",
    ErrorClass.UNSAFE_CONTENT: "文件内含有 Word/Excel 正常不会写入的外部引用或实体声明，为安全起见未予处理。请用 Word 重新另存为 .docx 后上传。",
    ErrorClass.NEEDS_OCR: "这是扫描件或照片，需要文字识别（OCR）。请安装 OCR 组件（pip install 'jiangxin[ocr]'）后重新处理，或索取 Word 电子版。",
    ErrorClass.UNKNOWN_KIND: "无法识别的文件类型：既不像申报书，也不像获奖名单、花名册或评分表。请确认文件内容后重新上传。",
}


class ExtractionError(Exception):
    """A file that cannot be turned into a record; `message` is plain Chinese for the office."""

    def __init__(self, error: ErrorClass, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        # the file may still be being copied: try again later before quarantining it
        self.retryable = retryable

    @property
    def advice(self) -> str:
        return ADVICE[self.error]

    def __reduce__(self) -> tuple[object, ...]:
        # keep the keyword-only flag across process-pool pickling
        return (_rebuild, (self.error, self.message, self.retryable))


def _rebuild(error: ErrorClass, message: str, retryable: bool) -> ExtractionError:
    return ExtractionError(error, message, retryable=retryable)
