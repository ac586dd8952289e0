"""The year's results (形式审查 verdicts, tally, points) kept on disk, so the first view after a restart
is served at once instead of after a pass over the year.

Derived data only: one JSON file per part (counts, check, tally, points) in the workspace's web cache
(outbox/.web-cache/year-<year>/), written atomically, versioned, and tagged with the store's keys each
result was computed from. A file that is missing, unreadable, or of another format version, year,
software or policy is ignored and the result is computed again. Typed through pydantic models, never
pickle.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from rules.awards import AwardItem
from rules.points import Holder, PointLine, Points
from rules.tally import PersonTally, Tally, TallyRow, UnitTally
from rules.verdicts import Verdict

from .. import __version__
from ..core.give_way import give_way
from ..workspace import Workspace

SNAPSHOT_VERSION = 1

P = TypeVar("P", bound="Part")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VersionSet(_Model):
    """An application sent more than once: its records, oldest first, and why each replaced the one before."""

    ids: list[int]
    why: list[str]


class Part(_Model):
    """What every part's file must match besides the store's keys: format, year, software and policy."""

    version: int
    year: int
    software: str
    policy: str  # sha256 of the policy file the results were computed under
    key: list[int]  # the store's keys the result was computed from


class CountsPart(Part):
    """How many applications have each verdict: all the year at a glance needs, in a small file."""

    counts: dict[str, int]


class CheckPart(Part):
    verdicts: list[Verdict]
    versions: list[VersionSet]


class RowPart(_Model):
    event: str
    tier: str
    level: str
    scope: str
    items: list[int]  # indices into the part's awards


class UnitPart(_Model):
    unit: str
    items: list[int]


class PersonPart(_Model):
    name: str
    unit: str
    items: list[int]


class TallyPart(Part):
    awards: list[AwardItem]
    rows: list[RowPart]
    by_unit: list[UnitPart]
    by_person: list[PersonPart]
    other_units_left_out: int
    copies_merged: int


class LinePart(_Model):
    holder: str
    name: str
    unit: str
    points: float
    award: int  # index into the part's awards
    basis: str
    note: str


class HolderPart(_Model):
    name: str
    unit: str
    lines: list[int]  # indices into the part's lines


class PointsPart(Part):
    awards: list[AwardItem]
    lines: list[LinePart]
    people: list[HolderPart]
    units: list[HolderPart]


PARTS: dict[str, type[Part]] = {
    "counts": CountsPart,
    "check": CheckPart,
    "tally": TallyPart,
    "points": PointsPart,
}


@dataclass(frozen=True, slots=True)
class Stamp:
    """The format, year, software and policy a part must have been written under to be used."""

    year: int
    policy: str

    def fields(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "year": self.year,
            "software": __version__,
            "policy": self.policy,
        }

    def matches(self, part: Part) -> bool:
        return (part.version, part.year, part.software, part.policy) == (
            SNAPSHOT_VERSION, self.year, __version__, self.policy,
        )  # fmt: skip


def folder_of(ws: Workspace) -> Path:
    """outbox/.web-cache/year-<year>/ (the web cache is never served as a file)."""
    from .source import CACHE_DIR

    return ws.outbox / CACHE_DIR / f"year-{ws.year}"


def stamp_of(ws: Workspace) -> Stamp:
    from rules.policy import default_policy_path

    path = ws.policy_path or default_policy_path()
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    return Stamp(ws.year, digest)


# the long lists of each part, validated a slice at a time: one validation of a whole part holds the
# interpreter for a second on a busy machine, and the pages' requests would wait for it
_LONG: dict[str, dict[str, TypeAdapter[Any]]] = {
    "check": {"verdicts": TypeAdapter(list[Verdict])},
    "tally": {"awards": TypeAdapter(list[AwardItem])},
    "points": {"awards": TypeAdapter(list[AwardItem]), "lines": TypeAdapter(list[LinePart])},
}
_SLICE = 200


def read(path: Path, model: type[P], stamp: Stamp) -> P | None:
    """The part in `path` when it is whole and made under `stamp`; None otherwise (then it is computed)."""
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict):
            return None
        long = next((lists for name, lists in _LONG.items() if PARTS[name] is model), {})
        part = model.model_validate({k: ([] if k in long else v) for k, v in data.items()})
        if not stamp.matches(part):
            return None
        update: dict[str, list[Any]] = {}
        for field, adapter in long.items():
            items = data.get(field)
            if not isinstance(items, list):
                return None
            update[field] = []
            for i in range(0, len(items), _SLICE):
                update[field] += adapter.validate_python(items[i : i + _SLICE])
                time.sleep(0)  # let a page's request run between slices
                give_way()
        return part.model_copy(update=update)
    except (OSError, ValueError, ValidationError):
        return None


def write(path: Path, part: Part) -> None:
    """Replace the file at once: written beside it under a temporary name, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(part.model_dump_json().encode())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Snapshots:
    """The parts of one workspace's year on disk. `start()` reads the small counts at once and the
    others when the pages pause (`quiet`); a page that needs a part not read yet reads it itself."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.folder = folder_of(ws)
        self._parts: dict[str, Part | None] = {}
        self._read: dict[str, threading.Event] = {name: threading.Event() for name in PARTS}
        self._reading: dict[str, threading.Lock] = {name: threading.Lock() for name in PARTS}
        self._stamp: Stamp | None = None
        self._seen: dict[str, int | None] = {}  # each part's file as read: its mtime in ns (None: missing)
        self._started = threading.Lock()
        self._write_lock = threading.Lock()

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def start(self, quiet: Callable[[], None] | None = None) -> None:
        """Read the parts in a thread of their own (once), waiting for `quiet` before each large one."""
        if self._started.acquire(blocking=False):
            threading.Thread(
                target=self._load_all, args=(quiet,), daemon=True, name="jiangxin-snapshot"
            ).start()

    def _load_all(self, quiet: Callable[[], None] | None) -> None:
        for name in PARTS:
            if name != "counts" and quiet is not None:
                quiet()
            self._load(name)

    def _load(self, name: str) -> None:
        with self._reading[name]:
            if self._read[name].is_set():
                return
            try:
                self._seen[name] = self._mtime(name)
                if self._stamp is None:
                    self._stamp = stamp_of(self.ws)
                self._parts[name] = read(self.path(name), PARTS[name], self._stamp)
            except Exception:  # an unreadable part is computed again, like a missing one
                self._parts[name] = None
            finally:
                self._read[name].set()

    def _mtime(self, name: str) -> int | None:
        try:
            return self.path(name).stat().st_mtime_ns
        except OSError:
            return None

    def reload(self, name: str) -> bool:
        """Read the part again when its file changed since it was read (written by the warm-up process);
        True when it did."""
        with self._reading[name]:
            if self._read[name].is_set() and self._seen.get(name, -1) == self._mtime(name):
                return False
            self._read[name].clear()
        self._load(name)
        return True

    def get(self, name: str) -> Part | None:
        """The part when it was on disk and usable (read here when not read yet)."""
        self._load(name)
        return self._parts.get(name)

    def loaded(self, name: str) -> bool:
        return self._read[name].is_set()

    def save(self, name: str, part: Part) -> None:
        """Write one part (one writer at a time; a part that is no longer current is never read back)."""
        with self._write_lock:
            write(self.path(name), part)


# --- the results to and from their parts (tally and points name each award once, by index) ----------
def counts_part(stamp: Stamp, key: tuple[int, ...], verdicts: list[Verdict]) -> CountsPart:
    return CountsPart(**stamp.fields(), key=list(key), counts=dict(Counter(v.verdict for v in verdicts)))


def check_part(
    stamp: Stamp, key: tuple[int, ...], verdicts: list[Verdict], versions: list[VersionSet]
) -> CheckPart:
    return CheckPart(**stamp.fields(), key=list(key), verdicts=verdicts, versions=versions)


def _indexer(awards: list[AwardItem]) -> dict[int, int]:
    return {id(a): i for i, a in enumerate(awards)}


def tally_part(stamp: Stamp, key: tuple[int, ...], t: Tally) -> TallyPart:
    at = _indexer(t.awards)
    return TallyPart(
        **stamp.fields(), key=list(key), awards=t.awards,
        rows=[RowPart(event=r.event, tier=r.tier, level=r.level, scope=r.scope,
                      items=[at[id(i)] for i in r.items]) for r in t.rows],
        by_unit=[UnitPart(unit=u.unit, items=[at[id(i)] for i in u.items]) for u in t.by_unit],
        by_person=[PersonPart(name=p.name, unit=p.unit, items=[at[id(i)] for i in p.items]) for p in t.by_person],
        other_units_left_out=t.other_units_left_out, copies_merged=t.copies_merged,
    )  # fmt: skip


def tally_of(part: TallyPart) -> Tally:
    awards = list(part.awards)
    return Tally(
        year=part.year, awards=awards,
        rows=[TallyRow(r.event, r.tier, r.level, r.scope, [awards[i] for i in r.items]) for r in part.rows],
        by_unit=[UnitTally(u.unit, [awards[i] for i in u.items]) for u in part.by_unit],
        by_person=[PersonTally(p.name, p.unit, [awards[i] for i in p.items]) for p in part.by_person],
        other_units_left_out=part.other_units_left_out, copies_merged=part.copies_merged,
    )  # fmt: skip


def points_part(stamp: Stamp, key: tuple[int, ...], p: Points) -> PointsPart:
    awards = list({id(line.award): line.award for line in p.lines}.values())
    at = _indexer(awards)
    line_at = {id(line): i for i, line in enumerate(p.lines)}
    return PointsPart(
        **stamp.fields(), key=list(key), awards=awards,
        lines=[LinePart(holder=x.holder, name=x.name, unit=x.unit, points=x.points, award=at[id(x.award)],
                        basis=x.basis, note=x.note) for x in p.lines],
        people=[HolderPart(name=h.name, unit=h.unit, lines=[line_at[id(x)] for x in h.lines]) for h in p.people],
        units=[HolderPart(name=h.name, unit=h.unit, lines=[line_at[id(x)] for x in h.lines]) for h in p.units],
    )  # fmt: skip


def points_of(part: PointsPart) -> Points:
    awards = list(part.awards)
    lines = [
        PointLine(x.holder, x.name, x.unit, x.points, awards[x.award], x.basis, x.note) for x in part.lines
    ]
    return Points(
        year=part.year,
        people=[Holder(h.name, h.unit, [lines[i] for i in h.lines]) for h in part.people],
        units=[Holder(h.name, h.unit, [lines[i] for i in h.lines]) for h in part.units],
        lines=lines,
    )
