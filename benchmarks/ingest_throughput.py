"""Ingest throughput: files per second and peak memory of `jiangxin ingest` for 100, 1,000 and 5,000 files.

    .venv/bin/python -m benchmarks.ingest_throughput             # 100, 1000 and 5000 files
    .venv/bin/python -m benchmarks.ingest_throughput --quick     # 20 and 100 files, a smaller set
    .venv/bin/python -m benchmarks.ingest_throughput --sizes 200 2000

A small set of documents is made with the example generator in the office's mix (70 % Word, 25 % PDF,
5 % Excel): applications in every layout, results notices in Word and Excel, a roster; the PDFs are
applications converted by LibreOffice (left out when it is not installed). Each inbox is filled with
copies of that set whose content differs: every copy of a Word application gets its own title (a number
added to it in the document's XML), the other files unique bytes (a zip comment, a PDF comment), so every
file has its own SHA-256 and is read in full. `jiangxin ingest --json` runs in a fresh workspace in a
child process; peak memory is the largest resident set among ingest and its reader processes
(`getrusage(RUSAGE_CHILDREN)`, read in a small intermediate process so that nothing else this benchmark
ran is counted).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SHARE = {"docx": 0.70, "pdf": 0.25, "xlsx": 0.05}

# runs ingest as its child: its own peak and its readers' peaks are this process's RUSAGE_CHILDREN
_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run([sys.executable, "-m", "jiangxin", "ingest", "--json"], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": proc.returncode, "seconds": seconds, "peak_kb": peak_kb, "stdout": proc.stdout,
                  "stderr": proc.stderr[-3000:]}))
"""


@dataclass(frozen=True, slots=True)
class Source:
    """One document of the set: its file, and the title to vary in copies (Word applications only)."""

    path: Path
    fmt: str
    title: str | None = None


def make_set(folder: Path, size: int, seed: int = 5) -> list[Source]:
    """`size` distinct documents in the office's mix, made by the example generator."""
    from jiangxin.core.office import convert_many, soffice_path
    from jiangxin.examples.applications import LAYOUTS, random_application, render_application
    from jiangxin.examples.notices import VARIANTS, random_result_sheet, render_result_sheet
    from jiangxin.examples.people import NamePool
    from jiangxin.examples.rosters import random_roster, render_roster

    rng = random.Random(seed)
    names = NamePool(rng)
    folder.mkdir(parents=True, exist_ok=True)
    n_pdf = round(size * SHARE["pdf"]) if soffice_path() else 0
    n_xlsx = max(2, round(size * SHARE["xlsx"]))
    n_docx = size - n_pdf - n_xlsx
    word_notices = [v for v in VARIANTS if v.startswith("docx")]
    excel_notices = [v for v in VARIANTS if v.startswith("xlsx")]
    made: list[Source] = []
    for i in range(n_docx):
        path = folder / f"doc-{i:03d}.docx"
        if i % 8 == 7:  # about one in eight Word files is a results notice
            variant = word_notices[i % len(word_notices)]
            render_result_sheet(random_result_sheet(rng, names, variant=variant), variant, path, rng)
            made.append(Source(path, "docx"))
        else:
            record = random_application(rng, names)
            render_application(record, LAYOUTS[i % len(LAYOUTS)], path, rng)
            made.append(Source(path, "docx", record.title))
    for i in range(n_xlsx):
        path = folder / f"sheet-{i:03d}.xlsx"
        if i == 0:
            render_roster(random_roster(rng, names, 200), path, rng)
        else:
            variant = excel_notices[i % len(excel_notices)]
            render_result_sheet(random_result_sheet(rng, names, variant=variant), variant, path, rng)
        made.append(Source(path, "xlsx"))
    if n_pdf:
        staged = []
        for i in range(n_pdf):
            path = folder / "for-pdf" / f"app-{i:03d}.docx"
            render_application(random_application(rng, names), LAYOUTS[i % len(LAYOUTS)], path, rng)
            staged.append(path)
        made += [Source(pdf, "pdf") for pdf in convert_many(staged, "pdf", folder / "pdf")]
        shutil.rmtree(folder / "for-pdf")
    return made


def _retitled(src: Path, dest: Path, title: str, new_title: str) -> bool:
    """Copy a Word file with its title changed in word/document.xml; False where the title is not found
    as one piece of text there (nothing is written then)."""
    old, new = escape(title).encode(), escape(new_title).encode()
    with zipfile.ZipFile(src) as zin:
        body = zin.read("word/document.xml")
        if old not in body:
            return False
        with zipfile.ZipFile(dest, "w") as zout:
            for item in zin.infolist():
                data = body.replace(old, new) if item.filename == "word/document.xml" else zin.read(item)
                zout.writestr(item, data)
    return True


def vary_copy(src: Source, dest: Path, n: int) -> None:
    """Copy `src` to `dest` so that no two copies have the same bytes."""
    if src.title is not None and _retitled(src.path, dest, src.title, f"{src.title}（{n}）"):
        return
    if src.fmt in ("docx", "xlsx"):
        shutil.copyfile(src.path, dest)
        with zipfile.ZipFile(dest, "a") as z:
            z.comment = f"copy {n}".encode()
    else:
        dest.write_bytes(src.path.read_bytes() + f"\n% copy {n}\n".encode())


def fill_inbox(sources: list[Source], inbox: Path, n: int) -> None:
    """`n` copies of the set in its order (so in its mix), each different from every other."""
    inbox.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        vary_copy(src, inbox / f"{i:05d}-{src.path.name}", i)


def fresh_workspace(root: Path) -> Path:
    """A new workspace whose inbox is read at once (no waiting for files still being copied)."""
    from jiangxin.workspace import init_workspace

    ws = init_workspace(root)
    cfg = ws.root / "jiangxin.toml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("settle_seconds = 2", "settle_seconds = 0"), encoding="utf-8")
    return ws.root


def bench(sources: list[Source], n: int, work: Path) -> dict[str, float]:
    """Ingest `n` files into a fresh workspace; the figures of that one run."""
    ws = fresh_workspace(work / f"ws-{n}")
    fill_inbox(sources, ws / "inbox", n)
    proc = subprocess.run([sys.executable, "-c", _PROBE], cwd=ws, capture_output=True, text=True, check=True)
    got = json.loads(proc.stdout)
    if got["rc"] != 0:
        raise RuntimeError(f"jiangxin ingest exited {got['rc']}:\n{got['stderr']}")
    counts = json.loads(got["stdout"])["counts"]
    if sum(counts.values()) != n:
        raise RuntimeError(f"ingest reported {sum(counts.values())} files of {n}: {counts}")
    shutil.rmtree(ws)
    seconds = got["seconds"]
    return {
        "files": n,
        "seconds": round(seconds, 2),
        "files_per_s": round(n / seconds, 1),
        "ms_per_file": round(seconds / n * 1000, 2),
        "peak_mb": round(got["peak_kb"] / 1024, 1),
        "stored": counts.get("stored", 0),
        "failed": counts.get("failed", 0),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", help="inbox sizes (default 100 1000 5000)")
    ap.add_argument("--set", type=int, dest="set_size", help="distinct documents made (default 40)")
    ap.add_argument("--quick", action="store_true", help="20 and 100 files from a set of 20")
    args = ap.parse_args()
    sizes = args.sizes or ([20, 100] if args.quick else [100, 1000, 5000])
    set_size = args.set_size or (20 if args.quick else 40)
    with tempfile.TemporaryDirectory(prefix="jiangxin-ingest-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        sources = make_set(work / "set", set_size)
        mix = {fmt: sum(1 for s in sources if s.fmt == fmt) for fmt in SHARE}
        print(
            f"set of {len(sources)} documents {mix} made in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
        rows = []
        for n in sizes:
            rows.append(bench(sources, n, work))
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}\n")
    print("| files | seconds | files/s | ms/file | peak RSS MB | stored | failed |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['files']} | {r['seconds']} | {r['files_per_s']} | {r['ms_per_file']} | {r['peak_mb']} "
            f"| {r['stored']} | {r['failed']} |"
        )


if __name__ == "__main__":
    main()
