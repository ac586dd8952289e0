"""Ingest and check on PostgreSQL beside SQLite: the same corpus, the same commands, one run.

    source .ci/postgres          # a throw-away server (or set JIANGXIN_TEST_POSTGRES / --postgres URL)
    .venv/bin/python -m benchmarks.databases            # 5,000 files
    .venv/bin/python -m benchmarks.databases --quick    # 500 files, a smaller pool

Each database gets a fresh workspace with the files dropped in its inbox; `jiangxin ingest`, `check` and
`tally` run in fresh interpreters (as a clerk would run them), the databases taking turns `--repeat`
times. Prints a Markdown table of each step's best time and the ratio PostgreSQL / SQLite, and writes
`benchmarks/results/databases.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from .corpus import PoolFile, build_pool, materialise
from .run import drop_all, fresh_workspace, run_cli

HERE = Path(__file__).resolve().parent
STEPS = (
    ("ingest", ["ingest", "--json"]),
    ("check", ["check", "--json", "--no-files"]),
    ("tally", ["tally", "--json", "--no-files"]),
)


def use_database(root: Path, url: str) -> None:
    cfg = root / "jiangxin.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace('database = "jiangxin.db"', f'database = "{url}"', 1), "utf-8"
    )


def timings(files: list[PoolFile], root: Path, url: str | None) -> dict[str, float]:
    ws = fresh_workspace(root)
    if url:
        use_database(ws, url)
    drop_all(files, ws / "inbox")
    found: dict[str, float] = {}
    for label, args in STEPS:
        secs, _, _ = run_cli(*args, cwd=ws)
        found[label] = round(secs, 2)
    shutil.rmtree(ws)
    return found


def _fresh(server: Engine, url: str) -> str:
    name = f"jx_bench_{uuid.uuid4().hex[:8]}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--pool", type=int, default=120, help="distinct documents rendered before copying")
    ap.add_argument("--quick", action="store_true", help="500 files from a pool of 40")
    ap.add_argument("--repeat", type=int, default=2, help="runs per database (best time counts)")
    ap.add_argument("--postgres", default=os.environ.get("JIANGXIN_TEST_POSTGRES", ""), help="server URL")
    args = ap.parse_args()
    if args.quick:
        args.files, args.pool = 500, 40
    if not args.postgres:
        sys.exit("需要 PostgreSQL 服务器：先 `source .ci/postgres`，或用 --postgres 指定地址。")
    server = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    made: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="jiangxin-bench-db-") as tmp:
            work = Path(tmp)
            t = time.perf_counter()
            pool = build_pool(work / "pool", args.pool)
            files = materialise(pool, work / "corpus", args.files)
            print(
                f"{len(files)} files from a pool of {len(pool)} in {time.perf_counter() - t:.0f} s",
                file=sys.stderr,
            )
            # the two databases take turns (the order alternating), and each step's best time counts:
            # other work on the machine then weighs on both alike
            runs: dict[str, list[dict[str, float]]] = {"sqlite": [], "postgresql": []}
            for i in range(args.repeat):
                order = ["sqlite", "postgresql"] if i % 2 == 0 else ["postgresql", "sqlite"]
                for kind in order:
                    url = _fresh(server, args.postgres) if kind == "postgresql" else None
                    if url:
                        made.append(make_url(url).database or "")
                    runs[kind].append(timings(files, work / f"{kind}{i}", url))
                    print(kind, json.dumps(runs[kind][-1]), file=sys.stderr)
            results = {kind: {k: min(r[k] for r in found) for k, _ in STEPS} for kind, found in runs.items()}
    finally:
        with server.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    ratios = {k: round(results["postgresql"][k] / results["sqlite"][k], 2) for k, _ in STEPS}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "databases.json").write_text(
        json.dumps({"files": args.files, "runs": runs, "best": results, "ratio": ratios}, indent=2), "utf-8"
    )
    print(f"{args.files} files, {os.cpu_count()} cores\n")
    print("| step | SQLite s | PostgreSQL s | PostgreSQL / SQLite |\n|---|---|---|---|")
    for k, _ in STEPS:
        print(f"| {k} | {results['sqlite'][k]} | {results['postgresql'][k]} | {ratios[k]} |")


if __name__ == "__main__":
    main()
