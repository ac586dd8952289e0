"""Ingest benchmark: throughput, peak memory, per-format cost against a read-only floor, re-drop cost,
empty-inbox latency, and the time of check, tally and both reports over the resulting store; then a
single `jiangxin extract` against a bare python-docx read (`benchmarks.startup`) and OCR seconds per
page of generated scans read as one batch through ingest's worker pool (`benchmarks.ocr_accuracy`).

    .venv/bin/python -m benchmarks.run --sizes 100 1000 5000

Prints Markdown tables (for the README) and writes `benchmarks/results/latest.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import PoolFile, build_pool, materialise
from .floor import floor_and_extract

HERE = Path(__file__).resolve().parent
_PROBE = """
import resource, sys, time
t = time.perf_counter()
from jiangxin.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    # VmHWM is this program's own peak; ru_maxrss would carry the benchmark's peak across exec
    with open("/proc/self/status") as fh:
        self_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"@@bench {time.perf_counter() - t:.4f} {self_kb} {child_kb}", file=sys.stderr)
"""


def run_cli(*args: str, cwd: Path) -> tuple[float, int, int]:
    """Run a jiangxin command in a fresh interpreter: (seconds, own peak KB, largest worker peak KB)."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("@@bench")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"jiangxin {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    _, secs, own, child = line.split()
    return float(secs), int(own), int(child)


def fresh_workspace(root: Path) -> Path:
    from jiangxin.workspace import init_workspace

    ws = init_workspace(root)
    cfg = ws.root / "jiangxin.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("settle_seconds = 2", "settle_seconds = 0"), "utf-8"
    )
    return ws.root


def drop_all(files: list[PoolFile], inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copyfile(f.path, inbox / f.path.name)


def bench_size(pool: list[PoolFile], n: int, work: Path) -> dict[str, float]:
    files = materialise(pool, work / "corpus", n)
    ws = fresh_workspace(work / "ws")
    drop_all(files, ws / "inbox")
    secs, own_kb, child_kb = run_cli("ingest", "--json", cwd=ws)
    result: dict[str, float] = {
        "files": n,
        "ingest_s": round(secs, 2),
        "files_per_s": round(n / secs, 1),
        "ms_per_file": round(secs / n * 1000, 2),
        "peak_mb_main": round(own_kb / 1024, 1),
        "peak_mb_worker": round(child_kb / 1024, 1),
    }
    drop_all(files, ws / "inbox")
    secs, _, _ = run_cli("ingest", "--json", cwd=ws)
    result["redrop_s"] = round(secs, 2)
    result["redrop_files_per_s"] = round(n / secs, 1)
    secs, _, _ = run_cli("ingest", cwd=ws)
    result["empty_inbox_s"] = round(secs, 3)
    for label, args in (
        ("check_s", ["check", "--json"]),
        ("tally_s", ["tally", "--json"]),
        ("annual_s", ["report", "annual"]),
        ("news_s", ["report", "news"]),
    ):
        try:
            secs, _, _ = run_cli(*args, cwd=ws)
            result[label] = round(secs, 2)
        except RuntimeError as exc:
            print(f"  {label}: {str(exc).splitlines()[0]}", file=sys.stderr)
    shutil.rmtree(work / "corpus")
    shutil.rmtree(ws)
    return result


def startup(runs: int, work: Path) -> dict[str, float]:
    """A whole `jiangxin extract 申报书.docx --json` against a bare python-docx read of the same file."""
    from .startup import startup_against_bare_read

    got = startup_against_bare_read(runs, work)
    bare, ours = got["bare python-docx read"], got["jiangxin extract --json"]
    return {
        "runs": runs,
        "bare_read_wall_ms": round(bare["wall_ms"]),
        "extract_wall_ms": round(ours["wall_ms"]),
        "wall_ratio": round(ours["wall_ms"] / bare["wall_ms"], 2),
        "cpu_ratio": round(ours["cpu_ms"] / bare["cpu_ms"], 2),
    }


def ocr(count: int, work: Path) -> dict[str, float]:
    """Seconds per page of `count` generated scans (every layout in turn; 150–300 dpi, tilt, noise,
    seals, some pages turned) read as one batch through the ingest worker pool; empty without the
    `ocr` extra."""
    from extractors.ocr import available

    if not available():
        return {}
    from extractors.ocr.rapid import RapidOcrEngine
    from jiangxin.examples.scans import write_scan_corpus

    from .ocr_accuracy import batch_read, scan_pages

    paths = [case.path for case in write_scan_corpus(work, count, seed=7)]
    pages = sum(scan_pages(path) for path in paths)
    # as a worker of the pool loads it (a worker per core): one thread for the detector
    wall, cpu, results = batch_read(paths, RapidOcrEngine(threads=1))
    return {
        "files": len(paths),
        "pages": pages,
        "s_per_page": round(wall / pages, 2),
        "cpu_s_per_page": round(cpu / pages, 2),
        "failed": sum(1 for _, extraction in results if extraction.error is not None),
    }


def markdown(results: list[dict[str, float]], formats: dict[str, dict[str, float]]) -> str:
    cols = [
        ("files", "files"), ("files_per_s", "files/s"), ("ms_per_file", "ms/file"),
        ("peak_mb_main", "peak MB (main)"), ("peak_mb_worker", "peak MB (worker)"),
        ("redrop_files_per_s", "re-drop files/s"), ("empty_inbox_s", "empty inbox s"),
        ("check_s", "check s"), ("tally_s", "tally s"), ("annual_s", "annual s"), ("news_s", "news s"),
    ]  # fmt: skip
    lines = ["| " + " | ".join(h for _, h in cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        lines.append("| " + " | ".join(str(r.get(k, "–")) for k, _ in cols) + " |")
    lines += ["", "| format | floor ms/file | extraction ms/file | ratio |", "|---|---|---|---|"]
    for fmt, v in formats.items():
        lines.append(f"| {fmt} | {v['floor_ms']} | {v['extract_ms']} | {v['ratio']} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--pool", type=int, default=120, help="distinct documents rendered before copying")
    ap.add_argument("--startup-runs", type=int, default=5, help="runs of the start-up comparison (0: none)")
    ap.add_argument("--ocr-scans", type=int, default=6, help="generated scans read for OCR time (0: none)")
    args = ap.parse_args()
    start: dict[str, float] = {}
    scans: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        pool = build_pool(work / "pool", args.pool)
        print(f"pool of {len(pool)} documents in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        formats = floor_and_extract(pool)
        results = []
        for n in args.sizes:
            print(f"N = {n} …", file=sys.stderr)
            results.append(bench_size(pool, n, work / f"n{n}"))
            print(json.dumps(results[-1]), file=sys.stderr)
        if args.startup_runs:
            print("start-up …", file=sys.stderr)
            start = startup(args.startup_runs, work / "startup")
        if args.ocr_scans:
            print("OCR …", file=sys.stderr)
            scans = ocr(args.ocr_scans, work / "scans")
    meta = {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(
        json.dumps(
            {"meta": meta, "sizes": results, "formats": formats, "startup": start, "ocr": scans},
            ensure_ascii=False,
            indent=2,
        ),
        "utf-8",
    )
    print(f"machine: {meta['cores']} cores, Python {meta['python']}, {meta['machine']}\n")
    print(markdown(results, formats))
    if start:
        print(
            f"\nstart-up ({start['runs']} runs, medians): `jiangxin extract 申报书.docx --json` "
            f"{start['extract_wall_ms']} ms, a bare python-docx read {start['bare_read_wall_ms']} ms: "
            f"{start['wall_ratio']}× wall, {start['cpu_ratio']}× CPU"
        )
    if scans:
        print(
            f"\nOCR: {scans['files']} generated scans ({scans['pages']} pages) as one batch: "
            f"{scans['s_per_page']} s a page, CPU {scans['cpu_s_per_page']} s a page, {scans['failed']} failed"
        )
    elif args.ocr_scans:
        print("\nOCR: not measured (the ocr extra is not installed)")


if __name__ == "__main__":
    main()
