"""The read-only floor: what just opening a file and reading all its text costs with the plain libraries
(python-docx paragraphs and tables; pdfplumber `extract_text`; openpyxl `iter_rows` in read-only mode),
measured beside full extraction of the same files in the same run. PDFs are also read by poppler's
`pdftotext` (a subprocess per file, as a native-code yardstick) when it is installed.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class FormattedFile(Protocol):
    @property
    def path(self) -> Path: ...

    @property
    def fmt(self) -> str: ...


def read_floor(path: Path, fmt: str) -> None:
    """Open one file and touch all of its text, nothing more."""
    if fmt == "docx":
        import docx

        d = docx.Document(str(path))
        for p in d.paragraphs:
            _ = p.text
        for t in d.tables:
            for row in t.rows:
                for c in row.cells:
                    _ = c.text
    elif fmt == "pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
    else:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()


def read_pdftotext(path: Path, exe: str) -> None:
    """poppler's `pdftotext` on one file, its text thrown away."""
    subprocess.run([exe, "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=False)


def floor_and_extract(files: Sequence[FormattedFile], per_format: int = 40) -> dict[str, dict[str, float]]:
    """Median ms per file and format: the floor vs full extraction (`extract_file`), and their ratio;
    for PDF also `pdftotext` and extraction's ratio to it. Under "all", the sums over every file
    measured: the whole mixed corpus against its floor. Every file is read once before the timed
    pass, so a one-time set-up does not land on whichever file needs it first."""
    from extractors import extract_file

    pdftotext = shutil.which("pdftotext")
    out: dict[str, dict[str, float]] = {}
    total_floor = total_full = 0.0
    total_files = 0
    for fmt in ("docx", "pdf", "xlsx"):
        sample = [f for f in files if f.fmt == fmt][:per_format]
        if not sample:
            continue
        for f in sample:  # warm imports and one-time set-ups (jieba's dictionary for prose notices)
            read_floor(f.path, fmt)
            extract_file(f.path)
        t_floor, t_full, t_native = [], [], []
        for f in sample:
            t = time.perf_counter()
            read_floor(f.path, fmt)
            t_floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            extract_file(f.path)
            t_full.append(time.perf_counter() - t)
            if fmt == "pdf" and pdftotext:
                t = time.perf_counter()
                read_pdftotext(f.path, pdftotext)
                t_native.append(time.perf_counter() - t)
        fl, fu = statistics.median(t_floor) * 1000, statistics.median(t_full) * 1000
        out[fmt] = {
            "files": len(sample),
            "floor_ms": round(fl, 1),
            "extract_ms": round(fu, 1),
            "ratio": round(fu / fl, 2),
        }
        if t_native:
            native = statistics.median(t_native) * 1000
            out[fmt]["pdftotext_ms"] = round(native, 1)
            out[fmt]["vs_pdftotext"] = round(fu / native, 2)
        total_floor += sum(t_floor)
        total_full += sum(t_full)
        total_files += len(sample)
    if total_files:
        out["all"] = {
            "files": total_files,
            "floor_ms": round(total_floor * 1000 / total_files, 1),
            "extract_ms": round(total_full * 1000 / total_files, 1),
            "ratio": round(total_full / total_floor, 2),
        }
    return out
