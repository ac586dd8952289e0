"""Checks on the corpora made outside the project (`../shared`), each against its floor: a CI step where
those files exist, so that the test suite itself needs nothing outside the repository.

    .venv/bin/python -m benchmarks.shared_checks [--shared ../shared] [--check] [--only accuracy contract year]

It prints every figure; with `--check` it exits 1 when one is below its floor (2 when ../shared is missing):

* accuracy: the shared scorer runs `jiangxin extract --json` over samples, dev and dev-year exactly as a user
  would; every (kind, format) group and each corpus as a whole at least its floor (README, "Extraction
  accuracy"; raise a floor when accuracy rises, never lower it to make a change pass);
* contract: every truth record loads into the record types and gives back the same JSON, and every truth
  record the shared `schema/records.schema.json` accepts, `jiangxin/core/records.schema.json` accepts too;
* year: dev-year as the office's year, once ingested as a clerk would and once stored from its truth records
  (the rules judged apart from how well the files are read): 形式审查 refuses exactly the applications of
  expected.json, 待补正 only where the form itself lacks a required field, our organisation's tallies equal
  expected.json, and both year-end documents carry every count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from .shared_accuracy import DEFAULT_SHARED, score_corpus

# corpus → least field accuracy for each (kind, format) group and for the whole corpus
FLOORS = {"samples": 1.0, "dev": 1.0, "dev-year": 1.0}
PARTS = ("accuracy", "contract", "year")


@dataclass(frozen=True)
class Finding:
    """One figure against its floor."""

    part: str
    name: str
    ok: bool
    detail: str = ""


def check_accuracy(shared: Path) -> Iterator[Finding]:
    scorer = shared / "tools" / "score_extraction.py"
    for corpus, floor in FLOORS.items():
        score = score_corpus(shared / corpus, scorer)
        for kind, fmt, right, total in score.groups:
            yield Finding("accuracy", f"{corpus} {kind} .{fmt}", right / total >= floor,
                          f"{right}/{total} = {right / total:.4f} (floor {floor})")  # fmt: skip
        misses = "; ".join(score.misses[:5])
        yield Finding("accuracy", f"{corpus} overall", score.accuracy >= floor,
                      f"{score.right}/{score.total} = {score.accuracy:.4f} (floor {floor}) {misses}".strip())  # fmt: skip


def _validator(path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check_contract(shared: Path) -> Iterator[Finding]:
    from jiangxin.core.records import record_from_json
    from jiangxin.core.schema import SCHEMA_FILE

    theirs, ours = _validator(shared / "schema" / "records.schema.json"), _validator(SCHEMA_FILE)
    for corpus in FLOORS:
        truths = sorted((shared / corpus / "truth").glob("*.json"))
        loaded, accepted, refused = [], [], []
        for path in truths:
            data = json.loads(path.read_text(encoding="utf-8"))
            if "error" in data:  # a file that must be refused: no record to compare
                continue
            try:
                if record_from_json(data).to_json() != data:
                    loaded.append(f"{path.name}: gives other JSON")
            except (ValueError, KeyError) as exc:  # pydantic's ValidationError is a ValueError
                loaded.append(f"{path.name}: {' '.join(str(exc).split())[:160]}")
            if theirs.is_valid(data):
                accepted.append(path.name)
                if not ours.is_valid(data):
                    first = next(iter(ours.iter_errors(data)))
                    refused.append(f"{path.name}: {'/'.join(map(str, first.path))} {first.message}")
        yield Finding("contract", f"{corpus} truth round-trips through the record types", not loaded,
                      f"{len(truths) - len(loaded)}/{len(truths)} {', '.join(loaded[:5])}".strip())  # fmt: skip
        yield Finding("contract", f"{corpus} what the shared schema accepts, ours accepts", not refused,
                      f"{len(accepted) - len(refused)}/{len(accepted)} {'; '.join(refused[:5])}".strip())  # fmt: skip


# --- dev-year as the office's year -----------------------------------------------------------------
def _workspace(root: Path) -> Any:
    """A workspace whose ingest takes files at once (no settle time, no grace for incomplete files)."""
    from jiangxin.workspace import Workspace, init_workspace

    init_workspace(root)
    config = root / "jiangxin.toml"
    text = config.read_text(encoding="utf-8")
    for key in ("settle_seconds", "incomplete_grace_seconds", "retry_attempts"):
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = 0", text)
    config.write_text(text, encoding="utf-8")
    return Workspace.load(root)


def _ingested_year(folder: Path, root: Path) -> Any:
    from jiangxin.inbox import Consumer

    ws = _workspace(root)
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix not in (".json", ".md"):
            shutil.copyfile(f, ws.inbox / f.name)
    store = ws.open_store()
    Consumer(ws, store).run()
    store.close()
    return ws


def _truth_year(folder: Path, root: Path) -> Any:
    """The year from its truth records, stored in the order the files arrived (manifest `order`; the truth
    has no submission dates)."""
    from extractors import EXTRACTOR_VERSION
    from jiangxin.core.records import record_from_json
    from jiangxin.store import NewDocument

    ws = _workspace(root)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(manifest["files"], key=lambda f: (f.get("order") is not None, f.get("order") or 0))
    store = ws.open_store()
    for f in files:
        text = (folder / "truth" / f"{f['file']}.json").read_text(encoding="utf-8")
        record = record_from_json(json.loads(text))
        store.add_document(NewDocument(
            sha256=hashlib.sha256(f"{f['file']}|{text}".encode()).hexdigest(), file_name=f["file"],
            original_path=f["file"], archived_path=f"archive/{f['file']}", format=f["file"].rsplit(".", 1)[-1],
            kind=record.kind, size=len(text), year=ws.year, extractor_version=EXTRACTOR_VERSION, record=record,
        ))  # fmt: skip
    store.close()
    return ws


def _judged(which: str, ws: Any, folder: Path, expected: dict[str, Any]) -> Iterator[Finding]:
    from rules.check import check_applications
    from rules.policy import load_policy
    from rules.tally import tally_awards
    from rules.verdicts import FAIL, FIX

    policy = load_policy()
    store = ws.open_store()
    verdicts = check_applications(ws, store, policy)
    tallies = tally_awards(ws, store, policy)
    store.close()
    want = {e["file"] for e in expected["ineligible"]}
    refused = {v.file: v.reasons for v in verdicts if v.verdict == FAIL}
    wrong = sorted(set(refused) ^ want)
    yield Finding("year", f"{which}: 形式审查 refuses exactly the {len(want)} of expected.json", not wrong,
                  f"{len(set(refused) & want)}/{len(want)} refused, wrongly judged: {wrong}")  # fmt: skip
    unfounded = []
    to_complete = [v for v in verdicts if v.verdict == FIX]
    for v in to_complete:
        truth = json.loads((folder / "truth" / f"{v.file}.json").read_text(encoding="utf-8"))
        if not [f for f in policy.eligibility.required_fields if truth.get(f) in (None, "", [])]:
            unfounded.append(f"{v.file}: {v.reasons}")
    yield Finding("year", f"{which}: 待补正 only where the form lacks a required field", not unfounded,
                  f"{len(to_complete)} 待补正, {len(unfounded)} without a lacking field {'; '.join(unfounded[:5])}".strip())  # fmt: skip
    got = Counter({(r.event, r.level, r.scope): r.count for r in tallies.rows})
    want_tallies = Counter({(t["event"], t["level"], t["scope"]): t["count"] for t in expected["tallies"]})
    differ = sorted(set(got) ^ set(want_tallies) | {k for k in got if got[k] != want_tallies.get(k)})
    yield Finding("year", f"{which}: our organisation's tallies equal expected.json", got == want_tallies,
                  f"{sum(got.values())} awards in {len(got)} tallies (want {sum(want_tallies.values())} in "
                  f"{len(want_tallies)}); differ: {differ[:5]}")  # fmt: skip


def _clauses_after(text: str, event: str) -> list[str]:
    """What the text says right after each mention of `event`, up to the end of that clause."""
    return [re.split(r"[；。\n]", part, maxsplit=1)[0] for part in text.split(event)[1:]]


def _docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for table in doc.tables for row in table.rows]
    return "\n".join(lines)


def _reported(ws: Any, expected: dict[str, Any]) -> Finding:
    """Both year-end documents carry every count of expected.json: the event and, after it, the level
    with its number (个人二等奖2项 counts as 二等奖2项)."""
    from reports.annual import write_annual
    from reports.news import write_news
    from rules.policy import load_policy

    store = ws.open_store()
    policy = load_policy()
    annual = write_annual(ws, store, policy, day=dt.date(ws.year, 12, 31)).docx
    news = write_news(ws, store, policy).docx
    store.close()
    texts = {"总结": _docx_text(annual), "纪实": _docx_text(news)}
    missing = [
        f"{name}: {t['event']} {t['level']}{t['count']}项"
        for t in expected["tallies"]
        for name, text in texts.items()
        if not any(f"{t['level']}{t['count']}项" in c for c in _clauses_after(text, t["event"]))
    ]
    return Finding("year", "truth year: both year-end documents carry every count of expected.json",
                   not missing, f"{len(expected['tallies']) * 2 - len(missing)}/{len(expected['tallies']) * 2} "
                   f"{'; '.join(missing[:5])}".strip())  # fmt: skip


def check_year(shared: Path) -> Iterator[Finding]:
    folder = shared / "dev-year"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="jiangxin-dev-year-") as tmp:
        truth = _truth_year(folder, Path(tmp) / "truth")
        yield from _judged("truth year", truth, folder, expected)
        yield _reported(truth, expected)
        yield from _judged("ingested year", _ingested_year(folder, Path(tmp) / "ingested"), folder, expected)


CHECKS = {"accuracy": check_accuracy, "contract": check_contract, "year": check_year}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    args = ap.parse_args(argv)
    needed = [args.shared / "tools" / "score_extraction.py", args.shared / "schema" / "records.schema.json",
              *(args.shared / c / "truth" for c in FLOORS), args.shared / "dev-year" / "expected.json"]  # fmt: skip
    absent = [str(p) for p in needed if not p.exists()]
    if absent:
        print(f"shared corpora incomplete, nothing checked; missing: {', '.join(absent)}", file=sys.stderr)
        return 2
    failed = 0
    for part in args.only:
        for f in CHECKS[part](args.shared):
            failed += not f.ok
            print(f"{'ok  ' if f.ok else 'FAIL'} [{f.part}] {f.name}: {f.detail}", flush=True)
    print(f"{failed} below the floor" if failed else "every shared check at its floor")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
