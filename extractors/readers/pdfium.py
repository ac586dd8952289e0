"""The one door to PDFium. PDFium is one library per process and not thread-safe, not even across
different documents: two calls at once (a page image for the web pages while an upload is read, or a
collector closing a forgotten bitmap) corrupt the process's memory. So every call into it runs under
`LOCK`, and every object it hands out is closed there rather than left to a finalizer."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2

if TYPE_CHECKING:
    from PIL import Image

LOCK = threading.RLock()

# a process forked while another thread is inside PDFium would inherit the library mid-call and the lock
# held by a thread it does not have: the fork waits for the call under way, and both sides go on free
os.register_at_fork(before=LOCK.acquire, after_in_parent=LOCK.release, after_in_child=LOCK.release)


@atexit.register  # registered after pypdfium2's own handler, so it runs before PDFium is torn down
def _shut_the_door() -> None:
    """At exit, wait for a call under way in another thread (a page image for a late request) and let
    none begin while pypdfium2 closes what is open and frees the library."""
    LOCK.acquire(timeout=10)


@contextmanager
def opened(source: Path | str | bytes) -> Iterator[pypdfium2.PdfDocument]:
    """The document open under the lock; closed (under it) however the block ends. Errors opening it
    are pypdfium2's `PdfiumError`, for the caller to word."""
    with LOCK:
        pdf = pypdfium2.PdfDocument(str(source) if isinstance(source, Path) else source)
        try:
            yield pdf
        finally:
            pdf.close()


def page_image(pdf: pypdfium2.PdfDocument, index: int, scale: float) -> Image.Image:
    """Page `index` (0-based) rendered at `scale` as an RGB image of its own: the page and the bitmap
    are closed before it is returned, so nothing of PDFium's outlives the call."""
    with LOCK:
        page = pdf[index]
        try:
            bitmap = page.render(scale=scale)
            try:
                return bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
