"""Accuracy and extraction time on corpora made outside the project (`../shared/samples`, `dev`, `dev-year`).

    .venv/bin/python -m benchmarks.shared_accuracy [--shared ../shared] [--corpora samples dev dev-year]

Each corpus is scored by the shared scorer (`shared/tools/score_extraction.py`) through `jiangxin extract
--json`, exactly as a user would run it, and the per kind × format table is printed. Then, for the text
documents of the same corpora (scans excluded: their cost is OCR's, see `benchmarks.ocr_accuracy`), the median
extraction time per format is measured against the read-only floor in one run, PDFs also against poppler's
`pdftotext`, and the whole mix (every file measured) against its floor.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .floor import floor_and_extract

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
_ROW = re.compile(r"^(\w+)\s+\.(\w+)\s+(\d+)\s+(\d+)\s+([\d.]+)$")
_ACC = re.compile(r"^field accuracy: ([\d.]+) \((\d+)/(\d+)\)$")
_EXACT = re.compile(r"^documents exactly right: (\d+)/(\d+)$")


@dataclass
class CorpusScore:
    """What the shared scorer said of one corpus."""

    name: str
    groups: list[tuple[str, str, int, int]] = field(default_factory=list)  # kind, format, right, total
    right: int = 0
    total: int = 0
    exact: int = 0
    documents: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def score_corpus(folder: Path, scorer: Path) -> CorpusScore:
    """Run the shared scorer over one folder with truth/ and parse its report."""
    cmd = f"{sys.executable} -m jiangxin extract --json"
    proc = subprocess.run(
        [sys.executable, str(scorer), str(folder), "--cmd", cmd, "--verbose"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    score = CorpusScore(folder.name)
    in_misses = False
    for line in proc.stdout.splitlines():
        if m := _ROW.match(line):
            score.groups.append((m[1], m[2], int(m[3]), int(m[4])))
        elif m := _ACC.match(line):
            score.right, score.total = int(m[2]), int(m[3])
        elif m := _EXACT.match(line):
            score.exact, score.documents = int(m[1]), int(m[2])
            in_misses = False
        elif line.startswith("mismatches:"):
            in_misses = True
        elif in_misses and line.startswith("  "):
            score.misses.append(line.strip())
    if score.total == 0:
        raise RuntimeError(
            f"the scorer gave no figures for {folder}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )
    return score


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    fmt: str


def text_documents(folders: list[Path]) -> list[CorpusFile]:
    """Every document of the corpora that has a text layer (manifest says not scanned)."""
    out: list[CorpusFile] = []
    for folder in folders:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        for entry in manifest["files"]:
            path = folder / entry["file"]
            if entry.get("scanned") or not path.exists():
                continue
            out.append(CorpusFile(path, path.suffix.lower().lstrip(".")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--corpora", nargs="+", default=["samples", "dev", "dev-year"])
    ap.add_argument("--no-speed", action="store_true", help="accuracy only")
    ap.add_argument("--speed-only", action="store_true", help="extraction time against the floor only")
    ap.add_argument("--misses", type=int, default=20, help="mismatches shown per corpus")
    args = ap.parse_args()
    scorer = args.shared / "tools" / "score_extraction.py"
    folders = [args.shared / name for name in args.corpora]
    if not args.speed_only:
        report_accuracy(folders, scorer, args.misses)
    if not args.no_speed:
        report_speed(folders)


def report_accuracy(folders: list[Path], scorer: Path, misses: int) -> None:
    print("| corpus | kind | format | right | total | accuracy |")
    print("|---|---|---|---:|---:|---:|")
    scores = [score_corpus(f, scorer) for f in folders]
    for s in scores:
        for kind, fmt, right, total in s.groups:
            print(f"| {s.name} | {kind} | {fmt} | {right} | {total} | {right / total:.4f} |")
        print(f"| **{s.name}** | all | all | {s.right} | {s.total} | **{s.accuracy:.4f}** |")
    print()
    for s in scores:
        print(f"{s.name}: {s.exact}/{s.documents} documents exact, field accuracy {s.accuracy:.4f}")
        for miss in s.misses[:misses]:
            print(f"  {miss[:240]}")


def report_speed(folders: list[Path]) -> None:
    formats = floor_and_extract(text_documents(folders), per_format=60)
    print(
        "\n| format | files | floor ms/file | extraction ms/file | ratio | pdftotext ms/file | × pdftotext |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fmt, v in formats.items():
        name = "all (mean)" if fmt == "all" else fmt
        native = f"{v['pdftotext_ms']} | {v['vs_pdftotext']}" if "pdftotext_ms" in v else "– | –"
        print(
            f"| {name} | {int(v['files'])} | {v['floor_ms']} | {v['extract_ms']} | {v['ratio']} | {native} |"
        )


if __name__ == "__main__":
    main()
