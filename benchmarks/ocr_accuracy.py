"""Field accuracy of scanned applications read by OCR, whether every wrong field is flagged, and time per page.

    .venv/bin/python -m benchmarks.ocr_accuracy --count 40 --seed 7

Generates forms of every layout (`jiangxin.examples.applications`), turns them into scans
(`jiangxin.examples.scans`: 150–300 dpi, skew, some quarter and half turns, blur, noise, uneven
light, red seals over the 单位意见 area on some and over the unit name on a few), saved alternately
as image-only PDFs and as JPEG pictures, reads each through `extract_file`, and compares field by
field with the rules of `benchmarks.application_accuracy` (prose compared at 97 % similarity), plus
`seal_present`. A field counts as flagged when its OCR confidence is below the threshold (or could not
be found); the report lists the wrong fields that were not flagged and sweeps the threshold.
`--dpi` renders scanned PDF pages at another resolution (the measurement behind `RENDER_DPI`),
`--det-side` changes the size text detection works at (the measurement behind `DET_LONG_SIDE`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.application_accuracy import FIELDS, compare
from extractors import extract_file
from extractors.errors import ErrorClass, ExtractionError
from extractors.model import Document
from extractors.ocr import available
from extractors.ocr.confidence import FIELD_KINDS, PROSE, PROSE_THRESHOLD, THRESHOLD, field_confidence
from extractors.readers import READERS

# the confidence key that covers each compared field
CONFIDENCE_KEY = {"member_units": "members", "member_titles": "members"}
OCR_REVIEW = "为扫描识别"  # words of the warnings extractors.ocr.confidence.review_fields writes
SWEEP = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)


class _Reading:
    """Wraps the image and PDF readers to keep the last document read and its reading time; where
    the readers are not yet wired to OCR, routes scans to the OCR readers for this run."""

    def __init__(self, dpi: float | None) -> None:
        self.doc: Document | None = None
        self.seconds = 0.0
        self.cpu_seconds = 0.0  # all threads of this process
        self.wired: list[str] = []
        self.dpi = dpi
        self._image = READERS["image"]
        self._pdf = READERS["pdf"]

    def install(self) -> None:
        READERS["image"] = self._timed(self._read_image)
        READERS["pdf"] = self._timed(self._read_pdf)

    def restore(self) -> None:
        READERS["image"] = self._image
        READERS["pdf"] = self._pdf

    def _timed(self, reader: Callable[[Path], Document]) -> Callable[[Path], Document]:
        def run(path: Path) -> Document:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                self.doc = reader(path)
            finally:
                self.seconds = time.perf_counter() - started
                self.cpu_seconds = time.process_time() - cpu
            return self.doc

        return run

    def _read_image(self, path: Path) -> Document:
        try:
            return self._image(path)
        except ExtractionError as exc:
            if exc.error is not ErrorClass.NEEDS_OCR:
                raise
            from extractors.readers.image import read_image

            self._note("image")
            return read_image(path)

    def _read_pdf(self, path: Path) -> Document:
        from extractors.readers.ocr import read_scanned_pdf

        if self.dpi and not _has_text(path):
            return read_scanned_pdf(path, self.dpi)
        try:
            return self._pdf(path)
        except ExtractionError as exc:
            if exc.error is not ErrorClass.NEEDS_OCR:
                raise
            self._note("pdf")
            return read_scanned_pdf(path)

    def _note(self, fmt: str) -> None:
        if fmt not in self.wired:
            self.wired.append(fmt)


def _has_text(path: Path) -> bool:
    """Whether a PDF carries a text layer (the typed forms the scans were made from do)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return any(page.chars for page in pdf.pages)


def sources(doc: Document, record: dict[str, Any]) -> dict[str, Any]:
    """What each field was read from, as the application extractor hands it to `review_fields`
    (used when the extractor does not yet put `confidence` into the record itself)."""
    from extractors.kinds.application_layout import read_entries

    first: dict[str, str] = {}
    every: dict[str, list[str]] = defaultdict(list)
    for entry in sorted(read_entries(doc), key=lambda e: not e.in_table):
        if entry.text:
            first.setdefault(entry.field, entry.text)
            every[entry.field].append(entry.text)
    people = record.get("members") or []
    member_parts = [p["name"] for p in people] + [p[k] for p in people for k in ("unit", "title") if p.get(k)]
    return {
        "title": first.get("title"),
        "unit": first.get("unit"),
        "category": first.get("category"),
        "specialty": first.get("specialty"),
        "members": member_parts or None,
        "completed_on": first.get("completed_on"),
        "summary": first.get("summary"),
        "innovations": first.get("innovations"),
        "adoption": first.get("adoption"),
        "economic_benefit_wan": first.get("economic_benefit_wan"),
        "patents": record.get("patents") or None,
        "unit_endorsed": "\n".join(every.get("unit_opinion", [])) or None,
    }


def confidences(doc: Document | None, got: dict[str, Any]) -> dict[str, float | None]:
    if doc is None:
        return {}
    if got.get("confidence"):
        return dict(got["confidence"])
    return {
        key: field_confidence(doc, src, FIELD_KINDS.get(key, "text"))
        for key, src in sources(doc, got).items()
        if src
    }


def limit(name: str, threshold: float = THRESHOLD) -> float:
    """The confidence below which a compared field is flagged."""
    key = CONFIDENCE_KEY.get(name, name)
    return PROSE_THRESHOLD if FIELD_KINDS.get(key) == PROSE else threshold


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--count", type=int, default=40, help="forms (every layout in turn)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--out", type=Path, help="keep the scans in this folder (reused when it holds scans.json)"
    )
    ap.add_argument("--dpi", type=float, help="render scanned PDF pages at this resolution")
    ap.add_argument("--formats", default="pdf,jpeg", help="pdf, jpeg or both")
    ap.add_argument("--show", type=int, default=30, help="mismatches to list")
    ap.add_argument("--limit", type=int, help="read only the first N scans")
    ap.add_argument(
        "--det-side", type=int, help="longest side text detection sees (the measurement behind DET_LONG_SIDE)"
    )
    args = ap.parse_args(argv)
    if not available():
        print("OCR extra not installed: pip install -e '.[ocr]'")
        return 2

    from jiangxin.examples.scans import write_scan_corpus

    folder = args.out or Path(tempfile.mkdtemp(prefix="jiangxin-ocr-acc-"))
    t0 = time.perf_counter()
    manifest = folder / "scans.json"
    if not (args.out and manifest.exists()):
        if args.out and folder.exists():
            shutil.rmtree(folder)
        write_scan_corpus(folder, args.count, seed=args.seed, formats=tuple(args.formats.split(",")))
    styles = json.loads(manifest.read_text(encoding="utf-8"))
    wanted = {".pdf"} if args.formats == "pdf" else {".jpg", ".tif"} if args.formats == "jpeg" else None
    cases = [
        (folder / name, style)
        for name, style in sorted(styles.items())
        if wanted is None or (folder / name).suffix in wanted
    ][: args.limit]
    t_gen = time.perf_counter() - t0

    if args.det_side:
        from extractors.ocr.engine import register_engine
        from extractors.ocr.rapid import RapidOcrEngine

        side = args.det_side
        register_engine("rapidocr", lambda: RapidOcrEngine(det_long_side=side))
    reading = _Reading(args.dpi)
    reading.install()
    by_group: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_field: Counter[str] = Counter()
    field_total: Counter[str] = Counter()
    wrong_scores: list[float] = []
    right_scores: list[float] = []
    alarmed: Counter[str] = Counter()  # right fields flagged anyway
    inherited: Counter[str] = Counter()  # wrong fields the typed PDF gets wrong as well
    unflagged: list[str] = []
    misses: list[str] = []
    per_page: list[float] = []
    cpu_per_page: list[float] = []
    seal_right = seal_total = 0
    try:
        for path, style in cases:
            truth = json.loads((folder / "truth" / f"{path.name}.json").read_text(encoding="utf-8"))
            # the typed PDF the scan was made from, read as text: a field it gets wrong too is the
            # extractor's doing, not the scan's
            typed = folder / "typed" / f"{path.stem.removeprefix('scan-')}.pdf"
            typed_ok = {name: ok for name, ok, _ in compare(truth, extract_file(typed).to_json())}
            reading.doc = None
            got = extract_file(path).to_json()
            doc = reading.doc
            if doc is not None and doc.pages:
                per_page.append(reading.seconds / doc.pages)
                cpu_per_page.append(reading.cpu_seconds / doc.pages)
            scores = confidences(doc, got)
            fmt = "pdf" if path.suffix == ".pdf" else "jpeg"
            group = by_group[(style["layout"], fmt)]
            results = compare(truth, got)
            group[0] += 1
            group[1] += all(ok for _, ok, _ in results)
            for name, ok, detail in results:
                group[2] += ok
                group[3] += 1
                by_field[name] += ok
                field_total[name] += 1
                key = CONFIDENCE_KEY.get(name, name)
                score = scores.get(key)
                value = score if score is not None else 0.0
                # the extractor's own doubt about the field flags it as well (not the OCR review's
                # warning, which only restates the confidence the sweep looks at)
                own = [w for w in got.get("warnings") or [] if OCR_REVIEW not in w["message"]]
                if any(w["field"] == key for w in own):
                    value = min(value, 0.0)
                truth_empty = detail.startswith("want None, got None") or detail.startswith("want [], got []")
                if not truth_empty:
                    if limit(name) == THRESHOLD:
                        (right_scores if ok else wrong_scores).append(value)
                    alarmed[name] += ok and value < limit(name)
                if not ok:
                    inherited[name] += not typed_ok.get(name, True)
                    origin = "typed PDF wrong too" if not typed_ok.get(name, True) else "scan only"
                    line = f"{path.name} [{style['dpi']}dpi {style['skew']:+.1f}° t{style['quarter_turns']}] {origin}: {name}: conf {value:.2f}: {detail}"
                    misses.append(line[:400])
                    if value >= limit(name):
                        unflagged.append(line[:400])
            if "error" not in got:
                seal_total += 1
                seal_right += got.get("seal_present") == truth.get("seal_present") or (
                    got.get("seal_present") is None
                    and doc is not None
                    and _seal(doc) == truth.get("seal_present")
                )
    finally:
        reading.restore()

    right = sum(g[2] for g in by_group.values())
    total = sum(g[3] for g in by_group.values())
    exact = sum(g[1] for g in by_group.values())
    print(f"scans: {len(cases)} forms, generated in {t_gen:.0f} s")
    if reading.wired:
        print(
            f"(readers not yet wired to OCR for: {', '.join(reading.wired)}; routed to the OCR readers for this run)"
        )
    print()
    print("| layout | format | forms | exactly right | field accuracy |")
    print("|---|---|---:|---:|---:|")
    for (layout, fmt), (docs, ex, r, t) in sorted(by_group.items()):
        print(f"| {layout} | {fmt} | {docs} | {ex} | {r / t:.4f} |")
    print()
    print(f"| field | right | total | right but flagged (< {THRESHOLD}; prose < {PROSE_THRESHOLD}) |")
    print("|---|---:|---:|---:|")
    for name in FIELDS:
        print(f"| {name} | {by_field[name]} | {field_total[name]} | {alarmed[name]} |")
    print(f"| seal_present | {seal_right} | {seal_total} | |")
    print()
    print("threshold sweep (fields other than prose, with a value; flagged = confidence below it):")
    print("| threshold | wrong fields flagged | right fields flagged |")
    print("|---:|---:|---:|")
    for cut in SWEEP:
        caught = sum(1 for s in wrong_scores if s < cut)
        alarms = sum(1 for s in right_scores if s < cut)
        print(
            f"| {cut:.2f} | {caught}/{len(wrong_scores)} | {alarms}/{len(right_scores)} ({alarms / max(len(right_scores), 1):.1%}) |"
        )
    if misses:
        print("\nmismatches:")
        for line in misses[: args.show]:
            print("  " + line)
        if len(misses) > args.show:
            print(f"  … {len(misses) - args.show} more")
    if per_page:
        print(
            f"\ntime per scanned page: mean {statistics.mean(per_page):.2f} s, median {statistics.median(per_page):.2f} s, "
            f"max {max(per_page):.2f} s ({len(per_page)} files); CPU time {statistics.mean(cpu_per_page):.2f} s a page "
            f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)"
        )
    print(f"documents exactly right: {exact}/{len(cases)}")
    print(f"field accuracy: {right / max(total, 1):.4f} ({right}/{total})")
    lost = total - right - sum(inherited.values())
    print(
        f"wrong fields the typed PDF also gets wrong (extractor, not OCR): {sum(inherited.values())}; "
        f"field accuracy against the typed reading: {1 - lost / max(total, 1):.4f} ({lost} lost to the scan)"
    )
    print(f"wrong fields not flagged (threshold {THRESHOLD}, prose {PROSE_THRESHOLD}): {len(unflagged)}")
    for line in unflagged:
        print("  " + line)
    if not args.out:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if not unflagged else 1


def _seal(doc: Document) -> bool | None:
    from extractors.ocr.confidence import seal_present

    return seal_present(doc)


if __name__ == "__main__":
    sys.exit(main())
