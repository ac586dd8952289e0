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
import difflib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from extractors import extract_file
from jiangxin.core.office import convert_many, soffice_path
from jiangxin.examples.applications import LAYOUTS, random_application, render_application, write_corpus
from jiangxin.examples.people import NamePool

TEXT_FIELDS = ("summary", "innovations", "adoption")
FIELDS = (
    "title", "unit", "category", "specialty", "members", "member_units", "member_titles", "completed_on",
    "economic_benefit_wan", "patents", "unit_endorsed", *TEXT_FIELDS,
)  # fmt: skip
SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_extraction.py"
# a required field left out of a form, and the warning prefix the record must then carry
MISSING: dict[str, dict[str, Any]] = {
    "title": {"title": ""},
    "unit": {"unit": ""},
    "members": {"members": []},
}


def norm(value: Any) -> Any:
    if value is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def fields(record: dict[str, Any]) -> dict[str, Any]:
    """The compared values of one application record, as the shared scorer computes them."""
    members = record.get("members") or []
    benefit = record.get("economic_benefit_wan")
    return {
        "title": norm(record.get("title")),
        "unit": norm(record.get("unit")),
        "category": norm(record.get("category")),
        "specialty": norm(record.get("specialty")),
        "members": [norm(m.get("name")) for m in members],
        "member_units": [norm(m.get("unit")) for m in members],
        "member_titles": [norm(m.get("title")) for m in members],
        "completed_on": record.get("completed_on"),
        "economic_benefit_wan": None if benefit is None else round(float(benefit), 2),
        "patents": sorted(norm(p) for p in record.get("patents") or []),
        "unit_endorsed": bool(record.get("unit_endorsed")),
        **{f: norm(record.get(f)) for f in TEXT_FIELDS},
    }


def similar(a: str | None, b: str | None) -> bool:
    a, b = a or "", b or ""
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.97


def compare(truth: dict[str, Any], got: dict[str, Any]) -> list[tuple[str, bool, str]]:
    if "error" in got:
        return [(f, False, f"error {got['error']}: {got.get('message')}") for f in FIELDS]
    want, have = fields(truth), fields(got)
    out = []
    for f in FIELDS:
        ok = similar(want[f], have[f]) if f in TEXT_FIELDS else want[f] == have[f]
        out.append((f, ok, f"want {want[f]!r}, got {have[f]!r}"))
    return out


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

    by_group: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # docs exact right total
    by_field: Counter[str] = Counter()
    field_total: Counter[str] = Counter()
    misses: list[str] = []
    warned = 0
    t0 = time.perf_counter()
    for path, record in corpus:
        got = extract_file(path).to_json()
        warned += bool(got.get("warnings"))
        layout = path.stem.rsplit("-", 1)[-1]
        group = by_group[(layout, path.suffix[1:])]
        results = compare(record.to_json(), got)
        group[0] += 1
        group[1] += all(ok for _, ok, _ in results)
        for f, ok, detail in results:
            group[2] += ok
            group[3] += 1
            by_field[f] += ok
            field_total[f] += 1
            if not ok:
                misses.append(f"{path.name}: {f}: {detail}"[:400])
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
    for (layout, fmt), (docs, exact, right, total) in sorted(by_group.items()):
        print(f"| {layout} | {fmt} | {docs} | {exact} | {right / total:.4f} |")
    right = sum(g[2] for g in by_group.values())
    total = sum(g[3] for g in by_group.values())
    exact = sum(g[1] for g in by_group.values())
    print()
    print("| field | right | total |")
    print("|---|---:|---:|")
    for f in FIELDS:
        print(f"| {f} | {by_field[f]} | {field_total[f]} |")
    print()
    print(f"forms with a warning: {warned}/{len(corpus)}")
    print(f"missing required field flagged with a warning: {flagged}/{len(incomplete)}")
    if misses:
        print("\nmismatches:")
        for line in misses[: args.show]:
            print("  " + line)
        if len(misses) > args.show:
            print(f"  … {len(misses) - args.show} more")
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
