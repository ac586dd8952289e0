"""PDFium is not thread-safe: the web pages draw page images on the server's threads while an upload
is read on another. Every call goes through `extractors.readers.pdfium`'s lock, so a process reading
and drawing the same PDFs on four threads at once ends cleanly with the same results as one thread."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"

RACE = """
import hashlib, sys, threading
from pathlib import Path
from extractors.readers.pdf import read_pdf
from extractors.ocr.render import render_pages
from jiangxin.web.source import _page_infos, _page_png

pdfs = [Path(p) for p in sys.argv[1:]]
seen = {"read": set(), "png": set(), "ocr": set()}

def reader():
    for _ in range(4):
        for p in pdfs:
            seen["read"].add((p.name, len(read_pdf(p).blocks)))

def drawer():
    for _ in range(4):
        for p in pdfs:
            _page_infos.__wrapped__(str(p), 0.0)
            seen["png"].add((p.name, hashlib.sha256(_page_png.__wrapped__(str(p), 0.0, 1)).hexdigest()))

def scanner():
    for _ in range(2):
        for p in pdfs:
            for number, image, _ in render_pages(p, [1], dpi=100):
                seen["ocr"].add((p.name, image.shape))

threads = [threading.Thread(target=f) for f in (reader, reader, drawer, drawer, scanner)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(seen["read"]), len(seen["png"]), len(seen["ocr"]))
"""


def test_reading_and_drawing_pdfs_on_many_threads_at_once_is_safe() -> None:
    pdfs = sorted(GOLDEN.glob("*/*.pdf"))
    assert len(pdfs) >= 8
    done = subprocess.run(
        [sys.executable, "-c", RACE, *map(str, pdfs)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # each file read, drawn and rendered identically on every thread and every round
    assert done.stdout.split() == [str(len(pdfs))] * 3


FORK = """
import multiprocessing, sys, threading, time
from pathlib import Path
from extractors.readers.pdf import read_pdf
from extractors.readers.pdfium import LOCK

held = threading.Event()

def busy():  # a thread inside PDFium (holding its lock) at the moment of the fork
    with LOCK:
        held.set()
        time.sleep(1.0)

def child(path, out):
    out.send(len(read_pdf(Path(path)).blocks))

threading.Thread(target=busy).start()
held.wait()
ours, theirs = multiprocessing.Pipe()
p = multiprocessing.get_context("fork").Process(target=child, args=(sys.argv[1], theirs))
p.start()
print(ours.recv() if ours.poll(60) else "stuck")
p.join(5)
"""


def test_a_reader_forked_while_a_thread_is_inside_pdfium_reads_pdfs() -> None:
    """A reader process forked while a page is being drawn neither inherits the call half-done nor a lock
    no thread of its own will ever release."""
    pdf = sorted(GOLDEN.glob("application/*.pdf"))[0]
    done = subprocess.run([sys.executable, "-c", FORK, str(pdf)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().isdigit() and int(done.stdout) > 0, done.stdout
