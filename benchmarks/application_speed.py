"""Time of a full application extraction against reading the same two-page form with the bare library.

    .venv/bin/python -m benchmarks.application_speed --forms 12 --repeat 7

Floors: python-docx opening the .docx and reading every paragraph and cell; pdfplumber opening the
PDF and extracting each page's text. Full: `extractors.extract_file` (hash, sniff, read, classify,
extract). Forms are generated in every layout and only those whose PDF has exactly two pages are
timed. Prints the median per form and the ratio full / floor (the target is at most 1.5).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from extractors import extract_file
from jiangxin.core.office import convert_many, soffice_path
from jiangxin.examples.applications import LAYOUTS, random_application, render_application
from jiangxin.examples.people import NamePool

from .floor import read_floor


def full(path: Path) -> None:
    result = extract_file(path)
    if not result.ok or result.kind != "application":
        raise RuntimeError(f"{path.name}: {result.error} {result.message}")


def paired_ms(
    floor: Callable[[Path], None], fn: Callable[[Path], None], paths: list[Path], repeat: int
) -> tuple[float, float]:
    """Median over files of each file's best-of-`repeat` time, for the floor and the full extraction.

    The two are timed alternately on the same file (after one untimed call each), so load from
    other processes on the machine weighs on both alike.
    """
    floors, fulls = [], []
    for path in paths:
        floor(path)
        fn(path)
        a, b = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            floor(path)
            a.append(time.perf_counter() - t)
            t = time.perf_counter()
            fn(path)
            b.append(time.perf_counter() - t)
        floors.append(min(a))
        fulls.append(min(b))
    return 1000 * statistics.median(floors), 1000 * statistics.median(fulls)


def two_page_forms(folder: Path, count: int, seed: int) -> list[tuple[Path, Path]]:
    rng = random.Random(seed)
    names = NamePool(rng)
    sources = []
    for i in range(count):
        layout = LAYOUTS[i % len(LAYOUTS)]
        path = folder / f"form-{i:03d}-{layout}.docx"
        render_application(random_application(rng, names), layout, path, rng)
        sources.append(path)
    pdfs = convert_many(sources, "pdf", folder / "pdf")
    pairs = []
    for src, pdf in zip(sources, pdfs, strict=True):
        with pdfplumber.open(pdf) as doc:
            if len(doc.pages) == 2:
                pairs.append((src, pdf))
    return pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--forms", type=int, default=15, help="forms to generate (two-page ones are timed)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    if soffice_path() is None:
        print("LibreOffice (soffice) is needed to make the PDF forms; not found.")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="jiangxin-app-speed-"))
    try:
        pairs = two_page_forms(folder, args.forms, args.seed)
        if not pairs:
            print("no two-page forms were generated; try more --forms")
            return 2
        docx_files = [d for d, _ in pairs]
        pdf_files = [p for _, p in pairs]
        rows = [
            ("docx", *paired_ms(lambda p: read_floor(p, "docx"), full, docx_files, args.repeat)),
            ("pdf", *paired_ms(lambda p: read_floor(p, "pdf"), full, pdf_files, args.repeat)),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(pairs)} two-page forms, median of each form's best of {args.repeat} runs")
    print()
    print("| format | library alone (ms) | full extraction (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for fmt, floor, total in rows:
        print(f"| {fmt} | {floor:.1f} | {total:.1f} | {total / floor:.2f} |")
    return 0 if all(total <= 1.5 * floor for _, floor, total in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
