"""Hostile runs of the ingest: mutated documents (fuzz) and kill -9 at random points.

    python -m benchmarks.hostile fuzz --mutations 3000 --seed 1
    python -m benchmarks.hostile kills --kills 100 --per-round 4 --seed 1

`fuzz` writes seeded mutations of generated documents (Word forms, rosters and results notices as
.xlsx, a text PDF): flipped and inserted bytes, truncations, and mutations inside the zip parts
(broken XML, huge spans and cell references, a DOCTYPE, a part removed). All are dropped into one
inbox and ingested. `kills` ingests a batch with `jiangxin ingest` in a subprocess, kills it with
SIGKILL at a random moment, again and again (a few new files before each run), then lets a last
run finish. Both count:
tracebacks (a run that raised, or a reader process that died), hangs (a file past its time limit),
files lost (dropped but neither archived nor quarantined) and doubled (a file in two places, or one
content stored twice), and for `kills` the reader processes left behind by a killed parent.
The tests run short versions of both (tests/test_hostile_runs.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# --- documents to start from -------------------------------------------------------------------------


def base_documents(folder: Path, seed: int) -> list[Path]:
    """A few genuine documents of every format the office receives, generated."""
    from jiangxin.examples.applications import LAYOUTS, random_application, render_application
    from jiangxin.examples.people import NamePool
    from jiangxin.examples.rosters import random_roster, render_roster

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = NamePool(rng)
    out = []
    for i, layout in enumerate(LAYOUTS):
        path = folder / f"申报书-{i}.docx"
        render_application(random_application(rng, names), layout, path, rng)
        out.append(path)
    roster = folder / "花名册.xlsx"
    render_roster(random_roster(rng, names, 40), roster, rng)
    out.append(roster)
    out.append(_text_pdf(folder / "通知.pdf"))
    return out


def _text_pdf(path: Path) -> Path:
    """A one-page PDF with a line of text (Helvetica), written object by object."""
    content = b"BT /F1 14 Tf 72 760 Td (Innovation award list 2025) Tj 0 -20 Td (Zhang San  Li Si) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(pdf_from_objects(objects))
    return path


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF from numbered objects (1 = catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- mutations ----------------------------------------------------------------------------------------

_NUMBER = re.compile(rb'(w:val|r|ref|gridSpan|count)="([A-Z]*)(\d+)')


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One seeded mutation of a document's bytes (inside its zip parts when it is a zip)."""
    if data.startswith(b"PK") and rng.random() < 0.6:
        try:
            return _mutate_zip(data, rng)
        except (zipfile.BadZipFile, KeyError, ValueError):
            pass
    return _mutate_bytes(data, rng)


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    how = rng.choice(["flip", "flip", "truncate", "insert", "zero"])
    if how == "flip" and buf:
        for _ in range(rng.randint(1, 24)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif how == "truncate":
        del buf[rng.randrange(max(1, len(buf))) :]
    elif how == "insert":
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = rng.randbytes(rng.randint(1, 4096))
    elif buf:
        start = rng.randrange(len(buf))
        buf[start : start + rng.randint(1, 8192)] = bytes(min(len(buf) - start, 8192))
    return bytes(buf)


def _mutate_zip(data: bytes, rng: random.Random) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    xml_parts = [n for n in names if n.endswith((".xml", ".rels"))]
    target = rng.choice(xml_parts)
    how = rng.choice(["xml_bytes", "numbers", "numbers", "doctype", "drop", "duplicate"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            part = src.read(name)
            if name == target:
                if how == "drop":
                    continue
                part = _mutate_part(part, how, rng)
            dst.writestr(name, part)
    return out.getvalue()


def _mutate_part(part: bytes, how: str, rng: random.Random) -> bytes:
    if how == "xml_bytes":
        return _mutate_bytes(part, rng)
    if how == "numbers":
        big = rng.choice(["1048576", "16384", "100000000", "2000000000", "0", "-1", "99999999999999999999"])

        def swap(m: re.Match[bytes]) -> bytes:
            if rng.random() < 0.3:
                letters = m.group(2) and rng.choice([b"XFD", b"A", m.group(2)])
                return m.group(1) + b'="' + letters + big.encode()
            return m.group(0)

        return _NUMBER.sub(swap, part)
    if how == "doctype":
        decl, sep, rest = part.partition(b"?>")
        if not sep:
            decl, rest = b"", part
        return decl + sep + b'<!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + rest
    # duplicate a random slice of the part in place
    if not part:
        return part
    start = rng.randrange(len(part))
    chunk = part[start : start + rng.randint(1, 2000)]
    return part[:start] + chunk * rng.randint(2, 50) + part[start:]


# --- runs -------------------------------------------------------------------------------------------


@dataclass
class Figures:
    files: int = 0
    tracebacks: int = 0
    hangs: int = 0
    lost: int = 0
    doubled: int = 0
    orphans: int = 0  # reader processes alive after their parent was killed
    stuck: int = 0  # files still in the inbox after a finished run
    kills: int = 0
    seconds: float = 0.0
    results: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _workspace(root: Path, seconds_per_file: float) -> object:
    from jiangxin.workspace import Workspace, init_workspace

    init_workspace(root)
    config = root / "jiangxin.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in {
        "settle_seconds": "0", "incomplete_grace_seconds": "0", "retry_attempts": "0",
        "seconds_per_file": str(seconds_per_file),
    }.items():  # fmt: skip
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    config.write_text(text, encoding="utf-8")
    return Workspace.load(root)


def _account(ws: object, dropped: dict[str, bytes], figures: Figures) -> None:
    """Every dropped content must sit exactly once in the archive or the quarantine; nothing left in
    the inbox or the claims; the store holds each content at most once."""

    root: Path = ws.root  # type: ignore[attr-defined]
    places: Counter[bytes] = Counter()
    for folder in (root / "outbox" / "archive", root / "outbox" / "quarantine"):
        for path in folder.rglob("*") if folder.is_dir() else []:
            if path.is_file() and not path.name.endswith(".error.txt"):
                places[path.read_bytes()] += 1
    left = [p for p in (root / "inbox").rglob("*") if p.is_file()]
    figures.stuck += len(left)
    figures.notes.extend(f"left in the inbox: {p.relative_to(root)}" for p in left)
    wanted: Counter[bytes] = Counter(dropped.values())
    for content, n in wanted.items():
        if places[content] < n:
            figures.lost += n - places[content]
        elif places[content] > n:
            figures.doubled += places[content] - n
    store = ws.open_store()  # type: ignore[attr-defined]
    figures.doubled += store.duplicate_documents()
    store.close()


def fuzz(mutations: int, seed: int, folder: Path, seconds_per_file: float = 60.0) -> Figures:
    """Ingest `mutations` mutated documents in one batch; see the module docstring for the counts."""
    from jiangxin.inbox import Consumer

    rng = random.Random(seed)
    bases = [p.read_bytes() for p in base_documents(folder / "bases", seed)]
    suffixes = [".docx"] * (len(bases) - 2) + [".xlsx", ".pdf"]
    ws = _workspace(folder / "ws", seconds_per_file)
    inbox: Path = ws.inbox  # type: ignore[attr-defined]
    dropped: dict[str, bytes] = {}
    for i in range(mutations):
        k = rng.randrange(len(bases))
        data = mutate(bases[k], rng)
        name = f"m{i:05d}{suffixes[k]}"
        (inbox / name).write_bytes(data)
        dropped[name] = data
    figures = Figures(files=mutations)
    started = time.perf_counter()
    try:
        summary = Consumer(ws, ws.open_store()).run()  # type: ignore[arg-type, attr-defined]
    except Exception as exc:  # a traceback: the run itself failed
        figures.tracebacks += 1
        figures.notes.append(f"{type(exc).__name__}: {exc}")
        return figures
    figures.seconds = round(time.perf_counter() - started, 2)
    figures.results = dict(Counter(o.result for o in summary.outcomes))
    figures.errors = dict(Counter(o.error for o in summary.outcomes if o.error))
    figures.hangs = figures.errors.get("timeout", 0)
    figures.tracebacks += sum(1 for o in summary.outcomes if "读取进程异常退出" in str(o.reason))
    _account(ws, dropped, figures)
    return figures


def _readers_of(root: Path) -> list[int]:
    """Processes whose working folder is the workspace: the ingest and its readers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) == root:
                state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def kills(n_kills: int, per_round: int, seed: int, folder: Path, mutated_share: float = 0.3) -> Figures:
    """Rounds until `n_kills` runs were killed: drop `per_round` new files, start `jiangxin ingest`, kill
    it with SIGKILL at a random moment (unless it finished first); then let a last run finish and
    account for every file."""
    rng = random.Random(seed)
    bases = [p.read_bytes() for p in base_documents(folder / "bases", seed)]
    ws = _workspace(folder / "ws", 60.0)
    root: Path = ws.root  # type: ignore[attr-defined]
    inbox: Path = ws.inbox  # type: ignore[attr-defined]
    from jiangxin.examples.applications import random_application, render_application
    from jiangxin.examples.people import NamePool

    names = NamePool(rng)
    dropped: dict[str, bytes] = {}

    def drop_round() -> None:
        for _ in range(per_round):
            path = inbox / f"f{len(dropped):05d}.docx"
            if rng.random() < mutated_share:
                path.write_bytes(mutate(rng.choice(bases[:-2]), rng))
            else:
                render_application(random_application(rng, names), rng.choice(["A", "B", "C"]), path, rng)
            dropped[path.name] = path.read_bytes()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    figures = Figures()
    started = time.perf_counter()
    rounds = 0
    while figures.kills < n_kills and rounds < 3 * n_kills:  # a run that finished first is not a kill
        rounds += 1
        drop_round()
        proc = subprocess.Popen(
            [sys.executable, "-m", "jiangxin", "ingest", "--json"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 3.0))  # start-up, claiming, reading, storing or moving
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            figures.kills += 1
        _out, err = proc.communicate()
        if proc.returncode not in (0, -signal.SIGKILL) or b"Traceback" in err:
            figures.tracebacks += 1
            figures.notes.append(err.decode("utf-8", "replace")[-400:])
        deadline = time.monotonic() + 5
        while _readers_of(root) and time.monotonic() < deadline:
            time.sleep(0.1)
        figures.orphans += len(_readers_of(root))
    final = subprocess.run(
        [sys.executable, "-m", "jiangxin", "ingest", "--json"],
        cwd=root, env=env, capture_output=True, timeout=1800,
    )  # fmt: skip
    if final.returncode != 0 or b"Traceback" in final.stderr:
        figures.tracebacks += 1
        figures.notes.append(final.stderr.decode("utf-8", "replace")[-400:])
    else:
        summary = json.loads(final.stdout)
        figures.hangs += summary["counts"].get("timeout", 0)
    figures.files = len(dropped)
    figures.seconds = round(time.perf_counter() - started, 2)
    _account(ws, dropped, figures)
    return figures


def main(argv: list[str] | None = None) -> None:
    import tempfile

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="run", required=True)
    f = sub.add_parser("fuzz")
    f.add_argument("--mutations", type=int, default=3000)
    f.add_argument("--seed", type=int, default=1)
    k = sub.add_parser("kills")
    k.add_argument("--kills", type=int, default=100)
    k.add_argument("--per-round", type=int, default=4, help="files dropped before each run")
    k.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jiangxin-hostile-") as tmp:
        if args.run == "fuzz":
            figures = fuzz(args.mutations, args.seed, Path(tmp))
        else:
            figures = kills(args.kills, args.per_round, args.seed, Path(tmp))
    print(json.dumps(asdict(figures), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
