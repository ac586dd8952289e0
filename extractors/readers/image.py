"""A photo or scanned image (JPEG, PNG, TIFF with one or more pages) read by OCR into blocks."""

from __future__ import annotations

from pathlib import Path

from jiangxin.core.warnings import FieldWarning

from ..errors import ErrorClass, ExtractionError
from ..limits import current
from ..model import Document
from .ocr import require_ocr


def read_image(path: Path) -> Document:
    require_ocr()
    from PIL import Image, UnidentifiedImageError

    from ..ocr.layout import drop_running_lines, is_seal_marker
    from ..ocr.pages import read_pages
    from ..ocr.prep import load_frames

    limits = current()
    try:
        # a multi-page TIFF longer than the limit is not a form: refuse rather than OCR a book
        frames = load_frames(path, limits.max_image_frames, limits.max_image_pixels)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ExtractionError(
            ErrorClass.TOO_LARGE,
            f"图片像素过多（{exc}），超过每页 {limits.max_image_pixels // 1_000_000} 百万像素的上限。",
        ) from exc
    except ValueError as exc:
        raise ExtractionError(
            ErrorClass.TOO_LARGE,
            f"图片共有超过 {limits.max_image_frames} 页，不像是一份申报材料，未予识别。",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ExtractionError(
            ErrorClass.CORRUPT, f"图片文件不完整或已损坏（{exc}）。", retryable=True
        ) from exc
    if not frames:
        raise ExtractionError(ErrorClass.EMPTY, "图片中没有任何画面。")
    pages = []
    warnings: list[FieldWarning] = []
    results = read_pages(
        lambda numbers: ((n, *frames[n - 1]) for n in numbers), list(range(1, len(frames) + 1))
    )
    for result in results:
        pages.append(result.blocks)
        warnings.extend(result.warnings)
    kept = [b for blocks in drop_running_lines(pages) for b in blocks]
    return Document(
        blocks=[b for b in kept if not is_seal_marker(b)] + [b for b in kept if is_seal_marker(b)],
        source_format="image",
        pages=len(frames),
        ocr=True,
        warnings=warnings,
    )
