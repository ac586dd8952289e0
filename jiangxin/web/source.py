"""The source document beside its fields: PDF pages and scanned images as images (pypdfium2, Pillow), Word
through LibreOffice when installed, else the document model as HTML; and where on it each field's value was
read (a scan's model, with its boxes, is read by OCR once, beside the server, and kept on disk)."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.model import Block, Cell, Document, PageBox, Paragraph, Table

from ..core.office import convert, soffice_path
from ..core.text import strip_spaces
from ..store import StoredDocument
from ..workspace import Workspace

RENDER_DPI = 110  # an A4 page about 900 px wide: readable beside the fields on a 1366-px screen
CACHE_DIR = ".web-cache"
_convert_lock = threading.Lock()


def squeeze(text: str) -> str:
    return strip_spaces(text or "")


def inside_outbox(ws: Workspace, relative: str) -> Path | None:
    """The file `relative` (to the workspace) when it is a file inside the outbox, else None."""
    outbox = ws.outbox.resolve()
    try:
        path = (ws.root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(outbox) or not path.is_file():
        return None
    return path


def archived_file(ws: Workspace, doc: StoredDocument) -> Path | None:
    return inside_outbox(ws, doc.archived_path)


def pdf_of(ws: Workspace, doc: StoredDocument) -> Path | None:
    """A PDF to show for the document: itself, or a LibreOffice rendering of a Word file (cached by hash)."""
    path = archived_file(ws, doc)
    if path is None:
        return None
    if doc.format == "pdf":
        return path
    if doc.format not in ("docx", "doc", "wps") or soffice_path() is None:
        return None
    cache = ws.outbox / CACHE_DIR
    target = cache / f"{doc.sha256}.pdf"
    if target.is_file():
        return target
    with _convert_lock:
        if target.is_file():
            return target
        work = cache / f"{doc.sha256}.work"
        work.mkdir(parents=True, exist_ok=True)
        src = work / f"{doc.sha256}{path.suffix.lower()}"
        src.write_bytes(path.read_bytes())
        try:
            made = convert(src, "pdf", work, timeout=120)
        except Exception:
            return None
        made.replace(target)
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    return target


class Beside:
    """Files made one at a time by a thread of their own beside the server (LibreOffice's renderings of
    Word files, scans' models read by OCR): each asked for once, a failure remembered so it is not tried at
    every view. Keyed by the file to make, so the same document in two workspaces is made for each."""

    def __init__(self, name: str, make: Callable[[Any], bool]) -> None:
        self.name = name
        self._make = make
        self._queue: queue.Queue[tuple[Path, Any]] = queue.Queue()
        self._pending: set[Path] = set()  # queued or being made
        self._failed: set[Path] = set()
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def ask(self, target: Path, job: Any) -> bool:
        """True while `target` is being made (queued here when new); False when making it failed."""
        with self._guard:
            if target in self._failed:
                return False
            if target not in self._pending:
                self._pending.add(target)
                self._queue.put((target, job))
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._loop, daemon=True, name=self.name)
                    self._thread.start()
        return True

    def make_here(self, target: Path, job: Any) -> bool:
        """Make `target` in this thread unless it is under way or failed before; True when made here."""
        with self._guard:
            if target in self._pending or target in self._failed:
                return False
            self._pending.add(target)
        return self._made(target, job)

    def _loop(self) -> None:
        while True:
            self._made(*self._queue.get())

    def _made(self, target: Path, job: Any) -> bool:
        try:
            ok = self._make(job)
        except Exception:
            ok = False
        with self._guard:
            self._pending.discard(target)
            if not ok:
                self._failed.add(target)
        return ok

    def idle(self, timeout: float) -> bool:
        """Wait until nothing is queued or being made (False: still something after `timeout` s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._guard:
                if not self._pending:
                    return True
            time.sleep(0.05)
        return False


WORD_FORMATS = ("docx", "doc", "wps")
renderings = Beside("jiangxin-render", lambda job: pdf_of(*job) is not None)


def pdf_ready(ws: Workspace, doc: StoredDocument) -> tuple[Path | None, bool]:
    """The PDF to show, without waiting for LibreOffice: (pdf, False) when there is one; (None, True)
    while a Word file's rendering is under way beside the server (started here); (None, False) when
    there is none to be had. The page shows the document model meanwhile."""
    path = archived_file(ws, doc)
    if path is None:
        return None, False
    if doc.format == "pdf":
        return path, False
    if doc.format not in WORD_FORMATS or soffice_path() is None:
        return None, False
    target = ws.outbox / CACHE_DIR / f"{doc.sha256}.pdf"
    if target.is_file():
        return target, False
    return None, renderings.ask(target, (ws, doc))


def prepare_pdfs(ws: Workspace, docs: list[StoredDocument], batch: int = 20) -> int:
    """Render Word files to PDF ahead of their first view, several per LibreOffice start; returns how many."""
    from ..core.office import convert_many

    if soffice_path() is None:
        return 0
    cache = ws.outbox / CACHE_DIR
    todo = []
    for doc in docs:
        path = archived_file(ws, doc) if doc.format in ("docx", "doc", "wps") else None
        if path is not None and not (cache / f"{doc.sha256}.pdf").is_file():
            todo.append((doc, path))
    done = 0
    for i in range(0, len(todo), batch):
        chunk = todo[i : i + batch]
        work = cache / f"batch-{i}.work"
        work.mkdir(parents=True, exist_ok=True)
        srcs = []
        for doc, path in chunk:
            src = work / f"{doc.sha256}{path.suffix.lower()}"
            src.write_bytes(path.read_bytes())
            srcs.append(src)
        try:
            made = convert_many(srcs, "pdf", work, timeout=600)
        except Exception:
            made = [p for p in (work / f"{s.stem}.pdf" for s in srcs) if p.is_file()]
        with _convert_lock:
            for pdf in made:
                if pdf.is_file():
                    pdf.replace(cache / pdf.name)
                    done += 1
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    return done


@dataclass(frozen=True, slots=True)
class PageInfo:
    number: int
    width: float  # points
    height: float


@lru_cache(maxsize=256)
def _page_infos(path: str, mtime: float) -> tuple[PageInfo, ...]:
    from extractors.readers.pdfium import opened

    with opened(path) as pdf:
        return tuple(PageInfo(i + 1, *map(float, pdf.get_page_size(i))) for i in range(len(pdf)))


def page_infos(path: Path) -> tuple[PageInfo, ...]:
    try:
        return _page_infos(str(path), path.stat().st_mtime)
    except Exception:
        return ()


@lru_cache(maxsize=64)
def _page_png(path: str, mtime: float, number: int) -> bytes:
    from extractors.readers.pdfium import opened, page_image

    with opened(path) as pdf:
        return png_of(page_image(pdf, number - 1, RENDER_DPI / 72.0))


def png_of(image: Any) -> bytes:
    """A PIL image as PNG bytes (quick to make: the pages are served once and cached by the browser)."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def page_png(path: Path, number: int) -> bytes | None:
    """One page of a PDF, drawn at the station's resolution (None: no such page)."""
    infos = page_infos(path)
    if not 1 <= number <= len(infos):
        return None
    return _page_png(str(path), path.stat().st_mtime, number)


# --- where each field was read ---------------------------------------------------------------
@dataclass(slots=True)
class Box:
    """A rectangle on a page, in points from the top-left corner."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class Location:
    """Where a field's value stands in the document: a block (and cell), and boxes on PDF pages."""

    label: str
    anchor: str
    boxes: list[Box] = field(default_factory=list)
    box: PageBox | None = None  # the block's or cell's box on its page, where the reader knew it (OCR)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def needle(value: Any) -> str:
    """The text to look for: a field's value as a person would have written it (short values whole)."""
    if value is None or value == [] or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        first = value[0]
        value = first.get("name", "") if isinstance(first, dict) else first
    text = squeeze(str(value))
    return text[:24]


def needles(value: Any) -> list[str]:
    """The value's text and the ways a form writes the same date (2024-04 → 2024年4月, 2024.04 …)."""
    text = needle(value)
    found = _ISO_DATE.match(text)
    if not found:
        return [text] if text else []
    y, m = found.group(1), found.group(2)
    return [f"{y}年{int(m)}月", f"{y}年{m}月", f"{y}.{m}", f"{y}.{int(m)}", f"{y}/{int(m)}", f"{y}/{m}", text]


def block_anchor(i: int, row: int | None = None, col: int | None = None) -> str:
    return f"b{i}" if row is None else f"b{i}-r{row}-c{col}"


def locate(doc: Document | None, value: Any) -> Location | None:
    """The first block whose text holds the value: a cell whose text is the value wins over a longer one."""
    for text in needles(value):
        found = _locate_text(doc, text)
        if found is not None:
            return found
    return None


def _locate_text(doc: Document | None, text: str) -> Location | None:
    if doc is None or len(text) < 2:
        return None
    best: tuple[int, Location] | None = None
    t_no = 0
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            hay = squeeze(block.text)
            if text in hay:
                score = len(hay) - len(text)
                page = f"第 {block.page} 页" if block.page else ""
                loc = Location(f"{page}段落：“{block.text.strip()[:30]}”", block_anchor(i), box=block.box)
                if best is None or score < best[0]:
                    best = (score, loc)
        elif isinstance(block, Table):
            t_no += 1
            for cell in block.cells:
                hay = squeeze(cell.text)
                if text in hay:
                    score = len(hay) - len(text)
                    where = f"{block.name}：" if block.name else (f"第 {block.page} 页" if block.page else "")
                    loc = Location(
                        f"{where}表 {t_no} 第 {cell.row + 1} 行第 {cell.col + 1} 列",
                        block_anchor(i, cell.row, cell.col),
                        box=cell.box,
                    )
                    if best is None or score < best[0]:
                        best = (score, loc)
        if best is not None and best[0] == 0:
            break
    return best[1] if best else None


@lru_cache(maxsize=128)
def _pdf_words(path: str, mtime: float) -> tuple[tuple[int, float, float, str, tuple[Any, ...]], ...]:
    """Each page's characters with their boxes, read once, as the PDF reader reads them (PDFium)."""
    from extractors.readers.pdf_page import read_page
    from extractors.readers.pdfium import opened

    pages = []
    with opened(path) as pdf:
        for n in range(len(pdf)):
            page = pdf[n]
            try:
                content = read_page(page)
            finally:
                page.close()
            chars = tuple(
                (c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
                for c in content.chars
                if not c["text"].isspace()
            )
            pages.append((n + 1, content.width, content.height, "", chars))
    return tuple(pages)


def pdf_boxes(path: Path, value: Any) -> list[Box]:
    """Boxes on the PDF's pages where the value's text stands (first occurrence)."""
    try:
        pages = _pdf_words(str(path), path.stat().st_mtime)
    except Exception:
        return []
    for text in needles(value):
        if len(text) >= 2:
            found = _boxes_of(pages, text)
            if found:
                return found
    return []


def _boxes_of(pages: tuple[tuple[int, float, float, str, tuple[Any, ...]], ...], text: str) -> list[Box]:
    for n, _w, _h, _unused, chars in pages:
        joined = "".join(c[0] for c in chars)
        at = joined.find(text)
        if at < 0:
            continue
        hit = chars[at : at + len(text)]
        # one box per line the match runs over
        boxes: list[Box] = []
        for _t, x0, top, x1, bottom in hit:
            if boxes and abs(boxes[-1].top - top) < 3:
                b = boxes[-1]
                b.x0, b.x1, b.bottom = min(b.x0, x0), max(b.x1, x1), max(b.bottom, bottom)
            else:
                boxes.append(Box(n, x0, top, x1, bottom))
        return boxes
    return []


def read_model(path: Path, fmt: str) -> Document | None:
    """The document model of an archived file (None when it cannot be read)."""

    try:
        return _read_cached(str(path), path.stat().st_mtime, fmt)
    except Exception:
        return None


@lru_cache(maxsize=32)
def _read_cached(path: str, mtime: float, fmt: str) -> Document:
    from extractors.readers import read

    return read(Path(path), fmt)


def model_boxes(loc: Location | None) -> list[Box]:
    """The located block's or cell's box on the page, as a mark (none when the reader knew no position)."""
    if loc is None or loc.box is None:
        return []
    b = loc.box
    return [Box(b.page, b.x0, b.top, b.x1, b.bottom)]


# --- scans: pages of an image file, and the model read by OCR once ----------------------------
def is_scanned(doc: StoredDocument, data: dict[str, Any]) -> bool:
    """Read by OCR, wholly or in part: an image, or a record with OCR confidences."""
    return doc.format == "image" or bool(data.get("confidence"))


@lru_cache(maxsize=16)
def _image_pages(path: str, mtime: float) -> tuple[tuple[PageInfo, float], ...]:
    """Each frame of an image file with its size in points, as OCR measured it, and its pixels per point."""
    from extractors.limits import current
    from extractors.ocr.prep import load_frames, points_per_pixel, px_per_mm

    limits = current()
    out = []
    for n, (rgb, dpi) in enumerate(
        load_frames(Path(path), limits.max_image_frames, limits.max_image_pixels), 1
    ):
        scale = points_per_pixel(px_per_mm(rgb.shape, dpi))
        h, w = rgb.shape[:2]
        out.append((PageInfo(n, round(w * scale, 2), round(h * scale, 2)), scale))
    return tuple(out)


def image_infos(path: Path) -> tuple[PageInfo, ...]:
    """The pages of an image file (a multi-page TIFF has several), in the points OCR boxes use."""
    try:
        return tuple(info for info, _scale in _image_pages(str(path), path.stat().st_mtime))
    except Exception:
        return ()


@lru_cache(maxsize=32)
def _image_png(path: str, mtime: float, number: int) -> bytes:
    from PIL import Image

    from extractors.limits import current
    from extractors.ocr.prep import load_frames

    limits = current()
    info, _scale = _image_pages(path, mtime)[number - 1]
    rgb, _dpi = load_frames(Path(path), limits.max_image_frames, limits.max_image_pixels)[number - 1]
    size = (max(round(info.width * RENDER_DPI / 72), 1), max(round(info.height * RENDER_DPI / 72), 1))
    return png_of(Image.fromarray(rgb).resize(size, Image.Resampling.LANCZOS))


def image_png(path: Path, number: int) -> bytes | None:
    """One page of an image file at the resolution PDF pages are shown at (None: no such page)."""
    if not 1 <= number <= len(image_infos(path)):
        return None
    return _image_png(str(path), path.stat().st_mtime, number)


MODEL_VERSION = 1  # raised when the stored form of a model changes: older files are read afresh
_reader: Any = None  # one spawned process that reads scans
_reader_lock = threading.Lock()


def model_file(ws: Workspace, doc: StoredDocument) -> Path:
    return ws.outbox / CACHE_DIR / f"{doc.sha256}.model{MODEL_VERSION}.json"


def scan_model(ws: Workspace, doc: StoredDocument) -> tuple[Document | None, bool]:
    """A scan's model without waiting for OCR: (model, False) when read before; (None, True) while it
    is being read beside the server (started here); (None, False) when there is none to be had."""
    path = archived_file(ws, doc)
    if path is None:
        return None, False
    target = model_file(ws, doc)
    if target.is_file():
        return _stored_model(target), False
    return None, scan_models.ask(target, (path, doc.format, target))


def prepare_scans(ws: Workspace, records: list[tuple[StoredDocument, dict[str, Any]]]) -> int:
    """Read the scans among the records' documents ahead of their first view; returns how many."""
    done = 0
    for doc, data in records:
        path = archived_file(ws, doc) if is_scanned(doc, data) else None
        target = model_file(ws, doc)
        if path is None or target.is_file():
            continue
        done += scan_models.make_here(target, (path, doc.format, target))
    return done


def _keep_model(path: Path, fmt: str, target: Path) -> bool:
    """Read the file in the reading process and store its model at `target` (False when it failed).
    The process is spawned, not forked, so no lock held by a thread of the server is copied into it;
    it dies with the server."""
    global _reader
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..workers import die_with_parent

    try:
        with _reader_lock:
            if _reader is None:
                _reader = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=die_with_parent,
                    initargs=(os.getpid(),),
                )
                atexit.register(_close_reader)
            future = _reader.submit(_model_text, str(path), fmt)
        text = future.result()
    except Exception:
        with _reader_lock:
            if _reader is not None:
                _reader.shutdown(wait=False, cancel_futures=True)
            _reader = None
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    part.write_text(text, encoding="utf-8")
    part.replace(target)
    return True


def _close_reader() -> None:
    """At exit, let the reading process go while the interpreter can still shut its pool down cleanly."""
    global _reader
    with _reader_lock:
        if _reader is not None:
            _reader.shutdown(wait=False, cancel_futures=True)
        _reader = None


def _model_text(path: str, fmt: str) -> str:
    """The file's model as JSON (run in the reading process)."""
    from extractors.readers import read

    return json.dumps(model_data(read(Path(path), fmt)), ensure_ascii=False)


def model_data(doc: Document) -> dict[str, Any]:
    """The model as plain data: blocks with their text, places and boxes (what the station uses)."""
    return {
        "version": MODEL_VERSION,
        "source_format": doc.source_format,
        "pages": doc.pages,
        "ocr": doc.ocr,
        "blocks": [_block_data(b) for b in doc.blocks],
    }


def model_of(data: dict[str, Any]) -> Document:
    """The model again from `model_data`'s output."""
    return Document(
        blocks=[_block_of(b) for b in data["blocks"]],
        source_format=str(data["source_format"]),
        pages=data.get("pages"),
        ocr=bool(data.get("ocr")),
    )


def _box_data(box: PageBox | None) -> list[float] | None:
    return None if box is None else [box.page, box.x0, box.top, box.x1, box.bottom]


def _box_of(data: list[float] | None) -> PageBox | None:
    return None if data is None else PageBox(int(data[0]), *(float(v) for v in data[1:5]))


def _block_data(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"text": block.text, "page": block.page, "style": block.style,
                "confidence": block.confidence, "box": _box_data(block.box)}  # fmt: skip
    cells = [
        {"text": c.text, "row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan,
         "confidence": c.confidence, "box": _box_data(c.box), "tables": [_block_data(t) for t in c.tables]}
        for c in block.cells
    ]  # fmt: skip
    return {
        "cells": cells,
        "n_rows": block.n_rows,
        "n_cols": block.n_cols,
        "name": block.name,
        "page": block.page,
    }


def _block_of(data: dict[str, Any]) -> Block:
    if "cells" not in data:
        return Paragraph(text=data["text"], page=data["page"], style=data["style"],
                         confidence=data["confidence"], box=_box_of(data["box"]))  # fmt: skip
    cells = [
        Cell(text=c["text"], row=c["row"], col=c["col"], rowspan=c["rowspan"], colspan=c["colspan"],
             confidence=c["confidence"], box=_box_of(c["box"]),
             tables=tuple(t for t in map(_block_of, c["tables"]) if isinstance(t, Table)))
        for c in data["cells"]
    ]  # fmt: skip
    return Table(
        cells=cells, n_rows=data["n_rows"], n_cols=data["n_cols"], name=data["name"], page=data["page"]
    )


def _stored_model(target: Path) -> Document | None:
    try:
        return _stored_model_cached(str(target), target.stat().st_mtime)
    except Exception:
        return None


@lru_cache(maxsize=32)
def _stored_model_cached(path: str, mtime: float) -> Document:
    return model_of(json.loads(Path(path).read_text(encoding="utf-8")))


def etag(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


scan_models = Beside("jiangxin-locate", lambda job: _keep_model(*job))
