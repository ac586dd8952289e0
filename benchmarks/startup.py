"""Start-up benchmark: `jiangxin extract FILE.docx --json` as a whole process against a bare python-docx
read of the same file (open it, walk its paragraphs and tables), and `jiangxin --help`.

    .venv/bin/python -m benchmarks.startup            # 15 runs of each, interleaved
    .venv/bin/python -m benchmarks.startup --quick    # 5 runs
    .venv/bin/python -m benchmarks.startup --file 申报书.docx

The file is an application form made by the example generator unless `--file` is given. Every command
runs in a fresh interpreter from an empty folder (no workspace around it). Bytecode is cached in a
temporary folder and one warm-up run of each command precedes the timed ones, so the figures are those
of an installed copy, not of the first run after an edit. Reports the median wall time and the median
CPU time (user + system, the reader process included) of each command and their ratios; CPU time is
the steadier figure on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the floor: what any program that reads a Word file pays (interpreter, python-docx, the parse, the text)
BARE_READ = """
import sys
import docx
document = docx.Document(sys.argv[1])
chars = sum(len(p.text) for p in document.paragraphs)
for table in document.tables:
    for row in table.rows:
        chars += sum(len(cell.text) for cell in row.cells)
print(chars)
"""


def example_application(folder: Path) -> Path:
    """One application form (layout A, the most common) from the example generator."""
    from jiangxin.examples.applications import random_application, render_application
    from jiangxin.examples.people import NamePool

    rng = random.Random(2025)
    path = folder / "申报书.docx"
    render_application(random_application(rng, NamePool(rng)), "A", path, rng)
    return path


def bench_env(cache: Path) -> dict[str, str]:
    """The environment of every timed process: bytecode written to and read from `cache`."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one whole process; fails loudly if the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def measure(commands: dict[str, list[str]], runs: int, cwd: Path, env: dict[str, str]) -> dict[str, dict]:
    """Median wall and CPU ms of each command over `runs` rounds, the commands interleaved in each."""
    for cmd in commands.values():  # warm-up: bytecode written, files in the page cache
        run_once(cmd, cwd, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, cwd, env))
    return {
        name: {
            "wall_ms": statistics.median(w for w, _ in got),
            "cpu_ms": statistics.median(c for _, c in got),
            "wall_min_ms": min(w for w, _ in got),
        }
        for name, got in samples.items()
    }


def startup_against_bare_read(runs: int, work: Path, docx_file: Path | None = None) -> dict[str, dict]:
    """Median wall and CPU ms of a bare python-docx read, `jiangxin extract FILE --json` and
    `jiangxin --help`, each a whole process, interleaved, in `work` (a generated form unless given)."""
    (work / "run").mkdir(parents=True, exist_ok=True)
    docx_file = docx_file or example_application(work)
    py = sys.executable
    commands = {
        "bare python-docx read": [py, "-c", BARE_READ, str(docx_file)],
        "jiangxin extract --json": [py, "-m", "jiangxin", "extract", str(docx_file), "--json"],
        "jiangxin --help": [py, "-m", "jiangxin", "--help"],
    }
    return measure(commands, runs, work / "run", bench_env(work / "pycache"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, help="the Word file to read (default: a generated application)")
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    ap.add_argument("--quick", action="store_true", help="5 runs of each command")
    args = ap.parse_args()
    runs = 5 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="jiangxin-startup-") as tmp:
        got = startup_against_bare_read(runs, Path(tmp), args.file.resolve() if args.file else None)
    bare = got["bare python-docx read"]
    print(f"file: {args.file.name if args.file else '申报书.docx (example generator, layout A)'}")
    print(f"{runs} runs of each, interleaved; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}\n")
    print("| command | median wall ms | min wall ms | median CPU ms | wall / bare read | CPU / bare read |")
    print("|---|---|---|---|---|---|")
    for name, v in got.items():
        print(
            f"| {name} | {v['wall_ms']:.0f} | {v['wall_min_ms']:.0f} | {v['cpu_ms']:.0f} "
            f"| {v['wall_ms'] / bare['wall_ms']:.2f} | {v['cpu_ms'] / bare['cpu_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
