"""Field-level accuracy of the application extractor over a generated corpus (every layout, docx and PDF).

    .venv/bin/python -m benchmarks.application_accuracy --count 240 --seed 11

Writes the corpus with `jiangxin.examples.applications.write_corpus` (the truth beside each file),
extracts every file in-process and compares field by field with the rules of
`shared/tools/score_extraction.py` (free text compared without whitespace). It also renders forms
that lack a required field and checks that the record carries a warning naming it instead of a
guess. With --scorer the shared scorer is run too, through `jiangxin extract --json`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from extractors import extract_file
from jiangxin.core.office import convert_many, soffice_path
from jiangxin.examples.applications import LAYOUTS, random_application, render_application, write_corpus
from jiangxin.examples.people import NamePool

from .scoring import APP_FIELDS, Tally, compare_application, print_misses

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_extraction.py"
# a required field left out of a form, and the warning prefix the record must then carry
MISSING: dict[str, dict[str, Any]] = {
    "title": {"title": ""},
    "unit": {"unit": ""},
    "members": {"members": []},
}


def incomplete_forms(folder: Path, seed: int) -> list[tuple[Path, str]]:
    """Forms without a title, unit or member list, in every layout, as docx and (when possible) PDF."""
    rng = random.Random(seed)
    names = NamePool(rng)
    made: list[tuple[Path, str]] = []
    to_pdf: list[tuple[Path, str]] = []
    for i, layout in enumerate(LAYOUTS * 2):
        missing = list(MISSING)[i % len(MISSING)]
        record = random_application(rng, names, **MISSING[missing])
        path = folder / f"missing-{missing}-{i:02d}-{layout}.docx"
        render_application(record, layout, path, rng)
        (to_pdf if i >= len(LAYOUTS) and soffice_path() else made).append((path, missing))
    if to_pdf:
        pdfs = convert_many([p for p, _ in to_pdf], "pdf", folder / "pdf")
        made += [(pdf, missing) for pdf, (_, missing) in zip(pdfs, to_pdf, strict=True)]
    return made


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=240, help="forms in the corpus (at least 200)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, help="keep the corpus in this folder")
    ap.add_argument("--scorer", action="store_true", help="also run shared/tools/score_extraction.py")
    ap.add_argument("--show", type=int, default=20, help="mismatches to list")
    args = ap.parse_args()

    folder = args.out or Path(tempfile.mkdtemp(prefix="jiangxin-app-acc-"))
    if folder.exists() and args.out:
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    corpus = write_corpus(folder, args.count, seed=args.seed)
    t_gen = time.perf_counter() - t0

    tally = Tally()
    misses = tally.misses
    warned = 0
    t0 = time.perf_counter()
    for path, record in corpus:
        got = extract_file(path).to_json()
        warned += bool(got.get("warnings"))
        layout = path.stem.rsplit("-", 1)[-1]
        tally.add((layout, path.suffix[1:]), path.name, compare_application(record.to_json(), got))
    t_ext = time.perf_counter() - t0

    incomplete = incomplete_forms(folder / "incomplete", args.seed + 1)
    flagged = 0
    for path, missing in incomplete:
        got = extract_file(path).to_json()
        warnings = got.get("warnings") or []
        empty = got.get(missing) in ("", [])
        if "error" not in got and empty and any(w["field"] == missing for w in warnings):
            flagged += 1
        else:
            misses.append(f"{path.name}: {missing} absent but not flagged: {got.get(missing)!r} {warnings}")

    print(f"corpus: {len(corpus)} forms in {t_gen:.1f} s; extraction {t_ext:.1f} s "
          f"({1000 * t_ext / max(1, len(corpus)):.0f} ms per form, in-process)")  # fmt: skip
    print()
    print("| layout | format | forms | exactly right | field accuracy |")
    print("|---|---|---:|---:|---:|")
    for (layout, fmt), (docs, exact, right, total) in sorted(tally.groups.items()):
        print(f"| {layout} | {fmt} | {docs} | {exact} | {right / total:.4f} |")
    _, exact, right, total = tally.sums()
    print()
    print("| field | right | total |")
    print("|---|---:|---:|")
    for f in APP_FIELDS:
        print(f"| {f} | {tally.right[f]} | {tally.total[f]} |")
    print()
    print(f"forms with a warning: {warned}/{len(corpus)}")
    print(f"missing required field flagged with a warning: {flagged}/{len(incomplete)}")
    print_misses(misses, args.show)
    print(f"\ndocuments exactly right: {exact}/{len(corpus)}")
    print(f"field accuracy: {right / total:.4f} ({right}/{total})")

    if args.scorer:
        exe = shutil.which("jiangxin") or str(Path(sys.executable).with_name("jiangxin"))
        if SCORER.exists() and Path(exe).exists():
            print("\nshared scorer:")
            subprocess.run(
                [sys.executable, str(SCORER), str(folder), "--cmd", f"{exe} extract --json"], check=False
            )
        else:
            print("\nshared scorer or the jiangxin command not found; skipped")
    if not args.out:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if right == total and flagged == len(incomplete) else 1


if __name__ == "__main__":
    sys.exit(main())
