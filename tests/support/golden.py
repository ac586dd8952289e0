"""Golden documents: `tests/golden/<kind>/<name>.{docx,pdf,xlsx}` beside `<name>.json`, the record each
must give as `jiangxin extract --json` prints it (without `source`, which names the path read, and
`kind_reasons`, the evidence the kind was decided on).

The documents are made by the example generator once, on purpose, and committed; the PDFs are the Word
files converted by LibreOffice, so CI never makes them. A change to the extractors is then measured
against fixed bytes, and a change to the golden set is reviewed as a diff of its JSON:

    .venv/bin/python -m tests.support.golden --regen

writes every pair afresh and then reads each document back, listing any that does not give its JSON.
The JSON is the generator's record, never what the extractor read; only `warnings` (the reader's own
words about a form it read right, such as a category left unticked) are taken from the first reading
of the Word or Excel file, to be reviewed in the diff like the rest. A PDF gives the JSON of the Word
file it was made from, its prose fields compared without whitespace (a PDF keeps no paragraph breaks).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import extract_file
from jiangxin.core.records import Record
from jiangxin.examples.applications import LAYOUTS, random_application
from jiangxin.examples.notices import VARIANTS, random_result_sheet
from jiangxin.examples.people import NamePool
from jiangxin.examples.reviewers import random_reviewers, random_score_sheet
from jiangxin.examples.rosters import random_roster
from jiangxin.examples.year import Document, ExampleYear, write_files

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SEED = 2025


@dataclass(frozen=True, slots=True)
class Golden:
    """One committed document and the JSON it must give."""

    path: Path

    @property
    def kind(self) -> str:
        return self.path.parent.name

    @property
    def truth(self) -> Path:
        return self.path.with_suffix(".json")

    def expected(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.truth.read_text(encoding="utf-8"))
        return data


def golden_files(kind: str | None = None, suffix: str | None = None) -> list[Golden]:
    """The committed documents (of one kind and format when given), in a stable order."""
    found = sorted(p for p in GOLDEN.glob("*/*") if p.suffix in (".docx", ".pdf", ".xlsx"))
    return [
        Golden(p)
        for p in found
        if (kind is None or p.parent.name == kind) and (suffix is None or p.suffix == suffix)
    ]


def golden(kind: str, name: str) -> Golden:
    """One committed document by kind and file name, e.g. golden("application", "A.docx")."""
    found = Golden(GOLDEN / kind / name)
    assert found.path.is_file(), f"{found.path} is not committed"
    return found


def extracted(path: Path) -> dict[str, Any]:
    """What `jiangxin extract --json` prints for `path`, without the path and the kind's evidence."""
    line = extract_file(path).to_json()
    line.pop("source")
    line.pop("kind_reasons", None)
    return line


# ---------------------------------------------------------------------------------------------
# making the set


def _plan() -> tuple[ExampleYear, list[str]]:
    """Every document of the set, each drawn from its own seeded Random; and the Word files that are
    also committed as PDF."""
    ex = ExampleYear(year=2025)
    to_pdf: list[str] = []

    def add(name: str, k: int, make: Any, variant: str = "") -> None:
        rng = random.Random(SEED * 100 + k)
        record: Record = make(rng, NamePool(rng))
        ex.add(Document(name, record, variant))

    k = 0
    for layout in LAYOUTS:
        add(f"application/{layout}.docx", k := k + 1, lambda r, n: random_application(r, n), layout)
        to_pdf.append(f"application/{layout}.docx")
    for variant in VARIANTS:
        fmt = "xlsx" if variant.startswith("xlsx") else "docx"
        add(
            f"result_sheet/{variant}.{fmt}",
            k := k + 1,
            lambda r, n, v=variant: random_result_sheet(r, n, variant=v),
            variant,
        )
        if fmt == "docx":
            to_pdf.append(f"result_sheet/{variant}.docx")
    add("roster/roster.xlsx", k := k + 1, lambda r, n: random_roster(r, n, 24))
    add("reviewers/reviewers.xlsx", k := k + 1, lambda r, n: random_reviewers(r, n, 8))
    add("score_sheet/score_sheet.xlsx", k := k + 1, lambda r, n: random_score_sheet(r, n, 2025, 5))
    return ex, to_pdf


def _make(folder: Path) -> list[Path]:
    """Write the whole set into the empty `folder`; returns the documents written."""
    from jiangxin.core.office import convert_many

    ex, to_pdf = _plan()
    written = write_files(ex, folder, seed=SEED)
    for doc in ex.documents:
        want = doc.record.to_json()
        warnings = extract_file(folder / doc.name).warnings
        if warnings:
            want["warnings"] = [w.to_json() for w in warnings]
        truth = (folder / doc.name).with_suffix(".json")
        truth.write_text(json.dumps(want, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    by_folder: dict[Path, list[Path]] = {}
    for name in to_pdf:
        by_folder.setdefault((folder / name).parent, []).append(folder / name)
    for parent, sources in by_folder.items():
        written += convert_many(sources, "pdf", parent)
    return written


def regenerate(folder: Path = GOLDEN) -> list[str]:
    """Make the set afresh and put it in `folder`: a document whose JSON is unchanged keeps its
    committed bytes (Office files carry the time they were saved), the rest are replaced, and files
    no longer made are removed. Returns the names (kind/file) replaced, added or removed."""
    from jiangxin.core.office import soffice_path

    if soffice_path() is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the golden PDFs")
    changed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        fresh = Path(tmp)
        made = {p.relative_to(fresh) for p in _make(fresh)}
        names = made | {p.with_suffix(".json") for p in made}
        kept = {  # the JSON committed before this run equals the fresh one: the pair stays as it is
            name.with_suffix("")
            for name in names
            if name.suffix == ".json"
            and (folder / name).is_file()
            and (folder / name).read_bytes() == (fresh / name).read_bytes()
        }
        for name in sorted(names):
            old, new = folder / name, fresh / name
            if name.with_suffix("") in kept and old.is_file():
                continue
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
            changed.append(str(name))
    for path in sorted(p for p in folder.glob("*/*") if p.relative_to(folder) not in names):
        path.unlink()
        changed.append(f"{path.relative_to(folder)} (removed)")
    return changed


PROSE = ("summary", "innovations", "adoption")


def comparable(record: dict[str, Any], suffix: str) -> dict[str, Any]:
    """The record as compared: of a PDF, the prose fields without whitespace."""
    if suffix != ".pdf":
        return record
    return {k: re.sub(r"\s+", "", v) if k in PROSE and isinstance(v, str) else v for k, v in record.items()}


def differences(files: list[Golden]) -> list[str]:
    """The documents that do not give their JSON, each with the fields that differ."""
    out = []
    for g in files:
        got, want = (comparable(r, g.path.suffix) for r in (extracted(g.path), g.expected()))
        if got != want:
            keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            out.append(f"{g.path.relative_to(GOLDEN)}: {', '.join(keys)}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Golden documents of the tests and the records they must give."
    )
    parser.add_argument("--regen", action="store_true", help="write every document and its JSON afresh")
    args = parser.parse_args(argv)
    if args.regen:
        changed = regenerate()
        print(f"{len(changed)} files changed under {GOLDEN}", *changed, sep="\n  ")
    wrong = differences(golden_files())
    for line in wrong:
        print(line)
    print(f"{len(golden_files())} documents, {len(wrong)} not giving their JSON")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
