"""Accuracy of the results-notice and roster extractors over a generated corpus (every variant, xlsx,
docx and PDF).

    .venv/bin/python -m benchmarks.result_sheet_accuracy --count 120 --seed 5 [--scorer]

Writes notices with `jiangxin.examples.notices.write_corpus` and a few rosters (the truth beside each
file), extracts every file in-process and reports, per format and variant, how many documents came
back exactly and how many awards matched (rank and honours included, which the shared scorer does
not compare). With --scorer the shared scorer runs too, through `jiangxin extract --json`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from extractors import extract_file
from jiangxin.core.office import soffice_path
from jiangxin.examples.notices import write_corpus
from jiangxin.examples.people import NamePool
from jiangxin.examples.rosters import random_roster, render_roster

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_extraction.py"
HEAD_FIELDS = ("kind", "event", "organizer", "date", "tier")


def _award_key(award: dict[str, Any]) -> str:
    return json.dumps(award, ensure_ascii=False, sort_keys=True)


def _compare(want: dict[str, Any], got: dict[str, Any]) -> tuple[Counter[str], list[str]]:
    """Counts of right/total per field group, and what differed."""
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for f in HEAD_FIELDS:
        counts[f"{f}.total"] += 1
        if want.get(f) == got.get(f):
            counts[f"{f}.right"] += 1
        else:
            misses.append(f"{f}: want {want.get(f)!r}, got {got.get(f)!r}")
    items = "awards" if want["kind"] == "result_sheet" else "people"
    w = Counter(_award_key(a) for a in want[items])
    g = Counter(_award_key(a) for a in got.get(items) or [])
    hit = sum((w & g).values())
    counts[f"{items}.total"] += sum(w.values())
    counts[f"{items}.right"] += hit
    counts[f"{items}.extra"] += sum(g.values()) - hit
    if hit < sum(w.values()) or g != w:
        misses.append(f"{items}: missing {list((w - g).elements())[:2]} extra {list((g - w).elements())[:2]}")
    return counts, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=120, help="notices to generate")
    ap.add_argument("--rosters", type=int, default=4)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    ap.add_argument("--scorer", action="store_true", help="also run shared/tools/score_extraction.py")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jiangxin-results-"))
    formats = ("xlsx", "docx", "pdf") if soffice_path() else ("xlsx", "docx")
    t0 = time.perf_counter()
    made: list[tuple[Path, dict[str, Any]]] = [
        (p, r.to_json()) for p, r in write_corpus(folder, args.count, args.seed, formats)
    ]
    rng = random.Random(args.seed)
    for i in range(args.rosters):
        roster = random_roster(rng, NamePool(rng), rng.randint(80, 400))
        path = folder / f"roster-{i:02d}.xlsx"
        render_roster(roster, path, rng)
        (folder / "truth" / f"{path.name}.json").write_text(
            json.dumps(roster.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        made.append((path, roster.to_json()))
    generated = time.perf_counter() - t0

    by_group: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    t0 = time.perf_counter()
    for path, want in made:
        got = extract_file(path).to_json()
        group = (
            path.suffix[1:],
            re.sub(r"^\d+-", "", path.stem) if want["kind"] == "result_sheet" else "roster",
        )
        counts, diff = _compare(want, got)
        counts["docs"] += 1
        counts["exact"] += not diff
        by_group[group].update(counts)
        misses += [f"{path.name}: {d}" for d in diff]
    extracted = time.perf_counter() - t0

    print(f"{'format':<6} {'variant':<28} {'docs':>5} {'exact':>6} {'awards':>12} {'extra':>6}")
    total: Counter[str] = Counter()
    for (fmt, variant), c in sorted(by_group.items()):
        total.update(c)
        items = "awards" if variant != "roster" else "people"
        print(
            f"{fmt:<6} {variant:<28} {c['docs']:>5} {c['exact']:>6} "
            f"{c[items + '.right']:>5}/{c[items + '.total']:<6} {c[items + '.extra']:>6}"
        )
    right = sum(v for k, v in total.items() if k.endswith(".right"))
    fields = sum(v for k, v in total.items() if k.endswith(".total"))
    print(f"\ndocuments exactly right: {total['exact']}/{total['docs']}")
    print(f"field accuracy (head fields, awards, people): {right / fields:.4f} ({right}/{fields})")
    print(
        f"generated in {generated:.1f} s; extracted in {extracted:.1f} s ({1000 * extracted / len(made):.0f} ms/file)"
    )
    for line in misses[:20]:
        print("  " + line[:300])
    if args.scorer and SCORER.exists():
        beside = Path(sys.executable).parent / "jiangxin"  # the virtualenv's script, active or not
        cmd = f"{beside if beside.exists() else 'jiangxin'} extract --json"
        subprocess.run([sys.executable, str(SCORER), str(folder), "--cmd", cmd], check=False)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
