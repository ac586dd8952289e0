"""Field accuracy of scanned applications read by OCR, whether every wrong field is flagged, and time per
page, for the former OCR settings and the current ones in one run.

    .venv/bin/python -m benchmarks.ocr_accuracy --count 12 --seed 7

Generates forms of every layout (`jiangxin.examples.applications`), turns them into scans
(`jiangxin.examples.scans`: 150–300 dpi, skew, some quarter and half turns, blur, noise, uneven
light, red seals over the 单位意见 area on some and over the unit name on a few), saved alternately
as image-only PDFs and as JPEG pictures, and adds the scanned files with truth of the shared corpora
(`--shared`, read in place). Each file is read through `extract_file` with both settings, taking
turns at going first: "before" (detection at 2048 px whatever the text, crops read one at a time
with every core on each inference, pages one after another) and "after" (detection at the size the
page's text height calls for, crops read on several threads, pages spread over processes). Fields
are compared with the rules of `benchmarks.application_accuracy` (prose at 97 % similarity), plus
`seal_present`. A field counts as flagged when its OCR confidence is below the threshold (or could
not be found); the report lists the wrong fields that were not flagged and sweeps the threshold.
Time per page is wall time; CPU time counts every thread and page process.
`--only before|after` (`--baseline` = `--only before`) runs one setting, `--only models` the current
settings with the OCR models as shipped and as folded (`extractors/ocr/fold.py`). `--batch N` then reads
all the scans N times more as one batch through the ingest worker pool, a worker per core, the
settings in turn, and reports seconds per page of the whole batch (the records must equal those read
file by file). `--dpi` renders scanned PDF pages at another resolution (the measurement behind
`RENDER_DPI`), `--det-side` fixes the size text detection works at and `--det-text` the character
height it is given (the measurement behind `DET_TEXT_PX`).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.scoring import APP_FIELDS as FIELDS
from benchmarks.scoring import compare_application as compare
from benchmarks.shared_accuracy import DEFAULT_SHARED
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
        self.cpu_seconds = 0.0  # all threads of this process and of its finished page processes
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
            started, cpu = time.perf_counter(), _cpu()
            try:
                self.doc = reader(path)
            finally:
                self.seconds = time.perf_counter() - started
                self.cpu_seconds = _cpu() - cpu
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


def _cpu() -> float:
    """CPU seconds of this process and of the page processes it has waited for."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


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


@dataclass
class Tally:
    """What one setting read: field results by layout and field, confidences, time per page."""

    name: str
    by_group: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0])
    )
    by_field: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    wrong_scores: list[float] = field(default_factory=list)
    right_scores: list[float] = field(default_factory=list)
    alarmed: Counter[str] = field(default_factory=Counter)  # right fields flagged anyway
    inherited: Counter[str] = field(default_factory=Counter)  # wrong fields the typed PDF gets wrong too
    unflagged: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    per_page: list[float] = field(default_factory=list)
    cpu_per_page: list[float] = field(default_factory=list)
    shared: list[int] = field(default_factory=lambda: [0, 0])  # right, total fields of the shared scans
    seal_right: int = 0
    seal_total: int = 0

    def accuracy(self, shared: bool = False) -> tuple[int, int]:
        if shared:
            return self.shared[0], self.shared[1]
        groups = [g for (layout, _), g in self.by_group.items() if layout != SHARED]
        return sum(g[2] for g in groups), sum(g[3] for g in groups)


@dataclass(frozen=True)
class Setting:
    """OCR settings compared in one run: how the engine is made (given the threads of one reader, None
    for the default) and how many cores a file may use."""

    name: str
    engine: Callable[[int | None], Any]
    cores: int | None


SHARED = "shared"


def settings(args: argparse.Namespace) -> list[Setting]:
    from extractors.ocr.rapid import DET_LONG_SIDE, RapidOcrEngine

    cores = os.cpu_count() or 1
    before = Setting(
        "before",
        # the former rule: detection of the whole page at 2048 px whatever the text, crops read one
        # at a time with every core on each inference, the pages of a file one after another
        lambda threads: RapidOcrEngine(
            det_long_side=DET_LONG_SIDE, threads=threads or cores, rec_batch=1, rec_parallel=False, fold=False
        ),
        1,
    )
    options: dict[str, Any] = {}
    if args.det_side:
        options["det_long_side"] = args.det_side
    if args.det_text:
        options["det_text_px"] = args.det_text
    after = Setting("after", lambda threads: RapidOcrEngine(threads=threads, **options), None)
    # the current settings with the models as shipped (their scale-and-shift steps not folded)
    unfolded = Setting(
        "models as shipped", lambda threads: RapidOcrEngine(threads=threads, fold=False, **options), None
    )
    # the current settings with only the inked part of the page shown to the detector
    inked = Setting(
        "after, cut to ink",
        lambda threads: RapidOcrEngine(threads=threads, crop_to_ink=True, **options),
        None,
    )
    return {
        "both": [before, after],
        "before": [before],
        "after": [after],
        "all": [before, inked, after],
        "models": [unfolded, after],
    }[args.only]


def scan_pages(path: Path) -> int:
    """Pages of a scanned file: a PDF's pages, an image's frames."""
    if path.suffix.lower() == ".pdf":
        from extractors.ocr.render import pdf_page_count

        return pdf_page_count(path)
    from PIL import Image

    with Image.open(path) as image:
        return int(getattr(image, "n_frames", 1))


def batch_read(paths: Sequence[Path], engine: Any) -> tuple[float, float, list[tuple[Any, Any]]]:
    """The files read as one batch through the ingest worker pool (`jiangxin.workers.ExtractPool`: a
    worker per core, each reader given the cores no other one is using for its pages), the workers
    starting with `engine` loaded: (wall seconds, CPU seconds of the readers, (job, extraction) pairs)."""
    import resource

    from extractors import ExtractContext, Limits
    from extractors.ocr.engine import set_engine
    from jiangxin.workers import ExtractPool, Job

    jobs = [Job(str(path), str(path), "") for path in paths]
    previous = set_engine(engine)  # the workers fork with it loaded
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with ExtractPool(os.cpu_count() or 1, ExtractContext(), Limits(), False, validate=False) as pool:
            results = list(pool.read(jobs))
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        if previous is not None:
            set_engine(previous)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, results


def batch_engine(setting: Setting) -> Any:
    """The setting's engine as a worker of the pool loads it: the detector with the worker's share of
    the cores (a worker per core: one)."""
    return setting.engine(1)


def read_in_batches(
    cases: Sequence[tuple[Path, Path, dict[str, Any] | None]],
    chosen: Sequence[Setting],
    rounds: int,
    pages: int,
    records: dict[tuple[str, str], dict[str, Any]],
) -> dict[str, list[tuple[float, float]]]:
    """Every scan read as one batch (`batch_read`), the settings taking turns round by round: (wall,
    CPU) seconds per page of each round. The records must equal those read file by file (`records`,
    by setting and file), or the run fails."""
    engines = {s.name: batch_engine(s) for s in chosen}
    times: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for k in range(rounds):
        for setting in chosen if k % 2 == 0 else chosen[::-1]:
            wall, cpu, results = batch_read([path for path, _, _ in cases], engines[setting.name])
            for job, extraction in results:
                if extraction.to_json() != records[(setting.name, job.path)]:
                    raise SystemExit(
                        f"{setting.name}: {job.rel} read in the batch differs from reading it alone"
                    )
            times[setting.name].append((wall / pages, cpu / pages))
    return times


def shared_scans(folder: Path) -> list[tuple[Path, Path]]:
    """(scan, truth) for every scanned entry of the shared corpora's manifests (read-only)."""
    out = []
    for manifest in sorted(folder.glob("*/manifest.json")):
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        for entry in entries.get("files", []) if isinstance(entries, dict) else []:
            path = manifest.parent / entry["file"]
            truth = manifest.parent / "truth" / f"{entry['file']}.json"
            if entry.get("scanned") and path.exists() and truth.exists():
                out.append((path, truth))
    return out


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
        "--only",
        choices=("both", "before", "after", "all", "models"),
        default="both",
        help="the settings to run: the former ones (before), the current ones (after), both file by file, "
        "all (both and the current ones showing the detector only the inked part of the page), "
        "or models (the current settings with the models as shipped, then folded)",
    )
    ap.add_argument(
        "--baseline", action="store_true", help="the former settings only (same as --only before)"
    )
    ap.add_argument(
        "--batch",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="then read all the scans as one batch through the ingest worker pool, this many rounds per setting",
    )
    ap.add_argument(
        "--det-side", type=int, help="fix the longest side text detection sees (current settings)"
    )
    ap.add_argument(
        "--det-text",
        type=float,
        help="character height detection is given (the measurement behind DET_TEXT_PX)",
    )
    ap.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="corpora made outside the project; their scanned files with truth are read too",
    )
    args = ap.parse_args(argv)
    if args.baseline:
        args.only = "before"
    if not available():
        print("OCR extra not installed: pip install -e '.[ocr]'")
        return 2

    from extractors.ocr.engine import set_engine
    from extractors.ocr.pages import set_cores
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
    cases: list[tuple[Path, Path, dict[str, Any] | None]] = [
        (folder / name, folder / "truth" / f"{name}.json", style)
        for name, style in sorted(styles.items())
        if wanted is None or (folder / name).suffix in wanted
    ][: args.limit]
    cases += [(path, truth, None) for path, truth in shared_scans(args.shared)]
    t_gen = time.perf_counter() - t0

    chosen = settings(args)
    engines = {s.name: s.engine(None) for s in chosen}  # models loaded before any timing
    records: dict[tuple[str, str], dict[str, Any]] = {}
    pages = 0
    tallies = {s.name: Tally(s.name) for s in chosen}
    reading = _Reading(args.dpi)
    reading.install()
    try:
        for i, (path, truth_path, style) in enumerate(cases):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            typed_ok: dict[str, bool] = {}
            if style is not None:
                # the typed PDF the scan was made from, read as text: a field it gets wrong too is
                # the extractor's doing, not the scan's
                typed = folder / "typed" / f"{path.stem.removeprefix('scan-')}.pdf"
                typed_ok = {name: ok for name, ok, _ in compare(truth, extract_file(typed).to_json())}
            # the settings take turns going first, so a change in the machine's load falls on both
            order = chosen if i % 2 == 0 else chosen[::-1]
            for setting in order:
                set_engine(engines[setting.name])
                set_cores(setting.cores)
                reading.doc = None
                got = extract_file(path).to_json()
                records[(setting.name, str(path))] = got
                if setting is order[0]:
                    pages += reading.doc.pages if reading.doc is not None else 0
                _score(tallies[setting.name], reading, path, style, truth, got, typed_ok)
    finally:
        reading.restore()
        set_cores(None)

    print(
        f"scans: {len(cases)} forms ({sum(1 for c in cases if c[2] is None)} from {args.shared}), generated in {t_gen:.0f} s"
    )
    if reading.wired:
        print(
            f"(readers not yet wired to OCR for: {', '.join(reading.wired)}; routed to the OCR readers for this run)"
        )
    last = tallies[chosen[-1].name]
    _report(last, args.show)
    print()
    print(
        f"settings compared file by file ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end):"
    )
    print(
        "| setting | field accuracy, generated scans | field accuracy, shared scans | s/page mean | s/page median "
        f"| CPU s/page | wrong fields flagged (< {THRESHOLD}) | right fields flagged |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for tally in tallies.values():
        right, total = tally.accuracy()
        s_right, s_total = tally.accuracy(shared=True)
        mean = statistics.mean(tally.per_page) if tally.per_page else 0.0
        median = statistics.median(tally.per_page) if tally.per_page else 0.0
        cpu = statistics.mean(tally.cpu_per_page) if tally.cpu_per_page else 0.0
        caught = sum(1 for v in tally.wrong_scores if v < THRESHOLD)
        alarms = sum(1 for v in tally.right_scores if v < THRESHOLD)
        print(
            f"| {tally.name} | {right / max(total, 1):.4f} ({right}/{total}) | "
            f"{s_right / max(s_total, 1):.4f} ({s_right}/{s_total}) | {mean:.2f} | {median:.2f} | {cpu:.2f} | "
            f"{caught}/{len(tally.wrong_scores)} | {alarms}/{len(tally.right_scores)} "
            f"({alarms / max(len(tally.right_scores), 1):.1%}) |"
        )
    if "before" in tallies and "after" in tallies:
        before, after = tallies["before"], tallies["after"]
        if before.per_page and after.per_page:
            print(
                f"after / before: {statistics.mean(after.per_page) / statistics.mean(before.per_page):.2f} "
                f"(mean s/page), {statistics.median(after.per_page) / statistics.median(before.per_page):.2f} (median), "
                f"{statistics.mean(after.cpu_per_page) / statistics.mean(before.cpu_per_page):.2f} (CPU)"
            )
    if args.batch:
        times = read_in_batches(cases, chosen, args.batch, pages, records)
        print(
            f"\nthe same {len(cases)} files ({pages} pages) as one batch through the ingest worker pool "
            f"({os.cpu_count()} workers), {args.batch} rounds, the settings in turn (load average "
            f"{os.getloadavg()[0]:.1f} at the end); every record equals the one read file by file:"
        )
        print("| setting | s/page, each round | s/page mean | CPU s/page mean |")
        print("|---|---|---:|---:|")
        for name, rounds in times.items():
            each = ", ".join(f"{wall:.2f}" for wall, _ in rounds)
            print(
                f"| {name} | {each} | {statistics.mean(w for w, _ in rounds):.2f} | "
                f"{statistics.mean(c for _, c in rounds):.2f} |"
            )
    if not args.out:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if not last.unflagged else 1


def _score(
    tally: Tally,
    reading: _Reading,
    path: Path,
    style: dict[str, Any] | None,
    truth: dict[str, Any],
    got: dict[str, Any],
    typed_ok: dict[str, bool],
) -> None:
    doc = reading.doc
    if doc is not None and doc.pages:
        tally.per_page.append(reading.seconds / doc.pages)
        tally.cpu_per_page.append(reading.cpu_seconds / doc.pages)
    scores = confidences(doc, got)
    fmt = "pdf" if path.suffix == ".pdf" else "jpeg"
    group = tally.by_group[(style["layout"] if style else SHARED, fmt)]
    results = compare(truth, got)
    group[0] += 1
    group[1] += all(ok for _, ok, _ in results)
    described = (
        f"[{style['dpi']}dpi {style['skew']:+.1f}° t{style['quarter_turns']}]" if style else "[shared]"
    )
    for name, ok, detail in results:
        group[2] += ok
        group[3] += 1
        if style is None:
            tally.shared[0] += ok
            tally.shared[1] += 1
        tally.by_field[name] += ok
        tally.field_total[name] += 1
        key = CONFIDENCE_KEY.get(name, name)
        score = scores.get(key)
        value = score if score is not None else 0.0
        # the extractor's own doubt about the field flags it as well (not the OCR review's
        # warning, which only restates the confidence the sweep looks at)
        own = [w for w in got.get("warnings") or [] if OCR_REVIEW not in str(w)]
        if any(str(w).startswith(f"{key}:") for w in own):
            value = min(value, 0.0)
        truth_empty = detail.startswith("want None, got None") or detail.startswith("want [], got []")
        if not truth_empty:
            if limit(name) == THRESHOLD:
                (tally.right_scores if ok else tally.wrong_scores).append(value)
            tally.alarmed[name] += ok and value < limit(name)
        if not ok:
            tally.inherited[name] += not typed_ok.get(name, True)
            origin = "typed PDF wrong too" if not typed_ok.get(name, True) else "scan only"
            line = f"{path.name} {described} {origin}: {name}: conf {value:.2f}: {detail}"
            tally.misses.append(line[:400])
            if value >= limit(name):
                tally.unflagged.append(line[:400])
    if "error" not in got:
        tally.seal_total += 1
        tally.seal_right += got.get("seal_present") == truth.get("seal_present") or (
            got.get("seal_present") is None and doc is not None and _seal(doc) == truth.get("seal_present")
        )


def _report(tally: Tally, show: int) -> None:
    """The detailed tables of one setting: by layout, by field, the threshold sweep, the misses."""
    right, total = tally.accuracy()
    exact = sum(g[1] for (layout, _), g in tally.by_group.items() if layout != SHARED)
    forms = sum(g[0] for (layout, _), g in tally.by_group.items() if layout != SHARED)
    print(f"\nsetting: {tally.name}\n")
    print("| layout | format | forms | exactly right | field accuracy |")
    print("|---|---|---:|---:|---:|")
    for (layout, fmt), (docs, ex, r, t) in sorted(tally.by_group.items()):
        print(f"| {layout} | {fmt} | {docs} | {ex} | {r / t:.4f} |")
    print()
    print(f"| field | right | total | right but flagged (< {THRESHOLD}; prose < {PROSE_THRESHOLD}) |")
    print("|---|---:|---:|---:|")
    for name in FIELDS:
        print(f"| {name} | {tally.by_field[name]} | {tally.field_total[name]} | {tally.alarmed[name]} |")
    print(f"| seal_present | {tally.seal_right} | {tally.seal_total} | |")
    print()
    print("threshold sweep (fields other than prose, with a value; flagged = confidence below it):")
    print("| threshold | wrong fields flagged | right fields flagged |")
    print("|---:|---:|---:|")
    for cut in SWEEP:
        caught = sum(1 for s in tally.wrong_scores if s < cut)
        alarms = sum(1 for s in tally.right_scores if s < cut)
        print(
            f"| {cut:.2f} | {caught}/{len(tally.wrong_scores)} | {alarms}/{len(tally.right_scores)} ({alarms / max(len(tally.right_scores), 1):.1%}) |"
        )
    if tally.misses:
        print("\nmismatches:")
        for line in tally.misses[:show]:
            print("  " + line)
        if len(tally.misses) > show:
            print(f"  … {len(tally.misses) - show} more")
    if tally.per_page:
        print(
            f"\ntime per scanned page: mean {statistics.mean(tally.per_page):.2f} s, median {statistics.median(tally.per_page):.2f} s, "
            f"max {max(tally.per_page):.2f} s ({len(tally.per_page)} files); CPU time {statistics.mean(tally.cpu_per_page):.2f} s a page"
        )
    print(f"generated documents exactly right: {exact}/{forms}")
    print(f"field accuracy (generated scans): {right / max(total, 1):.4f} ({right}/{total})")
    lost = total - right - sum(tally.inherited.values())
    print(
        f"wrong fields the typed PDF also gets wrong (extractor, not OCR): {sum(tally.inherited.values())}; "
        f"field accuracy against the typed reading: {1 - lost / max(total, 1):.4f} ({lost} lost to the scan)"
    )
    print(
        f"wrong fields not flagged (threshold {THRESHOLD}, prose {PROSE_THRESHOLD}): {len(tally.unflagged)}"
    )
    for line in tally.unflagged:
        print("  " + line)


def _seal(doc: Document) -> bool | None:
    from extractors.ocr.confidence import seal_present

    return seal_present(doc)


if __name__ == "__main__":
    sys.exit(main())
