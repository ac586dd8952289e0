"""The year's facts the pages show, computed once per change of the store (verdicts, tallies, outputs)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.give_way import give_way, giving_way
from ..inbox import scan_inbox
from ..store import Store
from ..store import web as web_store
from ..workspace import Workspace
from . import snapshot as SN
from .snapshot import Snapshots


@dataclass(frozen=True, slots=True)
class Quarantined:
    name: str
    relative: str  # to the workspace, for the download link
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Output:
    key: str
    label: str
    relative: str
    exists: bool
    at: dt.datetime | None


class YearCache:
    """Results that cost a pass over the year (the check, the tally), kept until the store changes, and
    on disk (`snapshots`) so that a restarted server shows them at once."""

    def __init__(self, store: Store, snapshots: Snapshots | None = None) -> None:
        self.store = store
        self.snapshots = snapshots
        self._lock = threading.Lock()
        self._values: dict[str, tuple[Any, Any]] = {}
        self.check = CheckCache()
        self.refreshing = threading.Lock()
        self._computing: dict[str, threading.Lock] = {}
        self._written: dict[str, Any] = {}  # part name -> the key last written to disk
        self._persisting = threading.Lock()
        self._persist_again = False
        # what work beside the server calls at its give_way() points: waits while a page is being served
        self.pages_first: Callable[[], None] = lambda: None
        # the last refresh beside the server failed (a broken policy, say): pages compute, and say why
        self.refresh_failed = False
        # the start-up's warm-up process (warmup.WarmUp): while it works out the year's results, no refresh
        # is started here; the pages say they are being worked out
        self.warm_up: Any = None

    def take_results(self, ws: Workspace, quiet: Callable[[], None] | None = None) -> None:
        """The results the warm-up process wrote to the snapshot, read in place of the ones the pages have
        unless those are current (`quiet` waits for a pause in the pages' requests before each part)."""
        snapshots = self.snapshots
        if snapshots is None:
            return
        with giving_way(self.pages_first):
            changed = []
            for name in SN.PARTS:
                if quiet is not None:
                    quiet()
                if snapshots.reload(name):
                    changed.append(name)
            if "check" in changed:
                part = snapshots.get("check")
                st = self.check.current()
                if isinstance(part, SN.CheckPart) and (
                    st is None or not self.check.is_current(st, ws, self.store)
                ):
                    *key, corrected = part.key
                    self.check.replace(
                        CheckState(tuple(key), corrected, None, list(part.verdicts), list(part.versions))
                    )
                    with self._lock:
                        self._written["check"] = tuple(part.key)
            now = web_store.inputs_key(self.store, ws.year)
            for name in ("tally", "points"):
                if name not in changed:
                    continue
                with self._lock:
                    found = self._values.get(name)
                    if found is not None and found[0] == now:
                        continue
                    self._values.pop(name, None)
                    self._written.pop(name, None)
                self.entry(name)

    def get(self, key: str, compute: Callable[[], Any], gen: Any = None) -> Any:
        """The value for `key`, computed again when `gen` (default: the store's generation) moved.
        One computation per key at a time: a second caller waits for it instead of repeating it."""
        gen = web_store.generation(self.store) if gen is None else gen
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == gen:
                return hit[1]
            busy = self._computing.setdefault(key, threading.Lock())
        with busy:
            with self._lock:
                hit = self._values.get(key)
                if hit is not None and hit[0] == gen:
                    return hit[1]
            value = compute()
            with self._lock:
                self._values[key] = (gen, value)
            return value

    def entry(self, key: str) -> tuple[Any, Any] | None:
        """(generation, value) last computed for `key`, whatever has changed since; None before the first.
        Before the first computation of the tally or points, the snapshot's result stands in."""
        with self._lock:
            found = self._values.get(key)
        if found is not None or key not in ("tally", "points") or self.snapshots is None:
            return found
        part = self.snapshots.get(key)
        if part is None:
            return None
        value = SN.tally_of(part) if isinstance(part, SN.TallyPart) else SN.points_of(part)  # type: ignore[arg-type]
        with self._lock:  # a computation that finished meanwhile wins
            found = self._values.setdefault(key, (tuple(part.key), value))
        self.written(key, tuple(part.key))
        return found

    def written(self, name: str, key: tuple[int, ...]) -> None:
        """Note that the snapshot's part `name` on disk is of `key` (read from it: no need to write it back)."""
        with self._lock:
            self._written.setdefault(name, key)

    def persist(self, ws: Workspace) -> None:
        """Write the results that changed since they were last written, beside the server."""
        if self.snapshots is None:
            return
        if not self._persisting.acquire(blocking=False):
            self._persist_again = True
            return
        threading.Thread(target=self._persist, args=(ws,), daemon=True, name="jiangxin-persist").start()

    def wait_written(self, timeout: float = 60.0) -> bool:
        """Wait for a write of the snapshot under way (before a shutdown, or to read the files); False on timeout."""
        if not self._persisting.acquire(timeout=timeout):
            return False
        self._persisting.release()
        return True

    def _persist(self, ws: Workspace) -> None:
        snapshots = self.snapshots
        assert snapshots is not None
        try:
            while True:
                self._persist_again = False
                stamp = SN.stamp_of(ws)
                st = self.check.current()
                if st is not None and st.context is not None:
                    key = (*st.key, st.corrected)
                    if self._written.get("check") != key:
                        verdicts = list(st.verdicts)
                        snapshots.save("counts", SN.counts_part(stamp, key, verdicts))
                        snapshots.save("check", SN.check_part(stamp, key, verdicts, st.versions))
                        self._written["check"] = key
                for name, to_part in (("tally", SN.tally_part), ("points", SN.points_part)):
                    with self._lock:
                        found = self._values.get(name)
                    if found is not None and self._written.get(name) != found[0]:
                        snapshots.save(name, to_part(stamp, found[0], found[1]))  # type: ignore[operator]
                        self._written[name] = found[0]
                if not self._persist_again:
                    return
        except Exception:  # a full disk or a read-only workspace: the pages still work from memory
            return
        finally:
            self._persisting.release()


_policies: dict[tuple[str, float], Any] = {}


def load_policy(ws: Workspace) -> Any:
    """The year's policy, read again only when its file changes."""
    from rules.policy import default_policy_path
    from rules.policy import load_policy as load

    path = ws.policy_path or default_policy_path()
    key = (str(path), path.stat().st_mtime if path.is_file() else 0.0)
    if key not in _policies:
        _policies[key] = load(ws.policy_path)
    return _policies[key]


@dataclass(slots=True)
class CheckState:
    """The check's context and every application's verdict, as of `key` and correction `corrected`.
    A state read from the snapshot has no context: it is shown, and replaced by a computed one."""

    key: tuple[int, ...]
    corrected: int
    context: Any
    verdicts: list[Any]
    versions: list[SN.VersionSet]  # the applications sent more than once (补正), as the check grouped them
    generation: int = -1  # the store's generation it was last found current at


class CheckCache:
    """The year's 形式审查 kept current at little cost: the context (all applications, the roster, earlier
    awards) is rebuilt only when records are added or a field it derives from is corrected; a record
    corrected otherwise has just its own verdict computed again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one computation at a time
        self._state_lock = threading.Lock()  # only around setting the state: never held during a computation
        self._state: CheckState | None = None
        # the verdicts of corrected records, checked by the warm-up process against its context when that
        # is of the given key (warmup.WarmUp.verdicts); None: no such process
        self.remote: Callable[..., list[Any] | None] | None = None

    def current(self) -> CheckState | None:
        """The state last computed or read from the snapshot, whatever has changed since."""
        return self._state

    def offer(self, st: CheckState) -> None:
        """A state read from the snapshot, used unless one was computed meanwhile."""
        with self._state_lock:
            if self._state is None:
                self._state = st

    def replace(self, st: CheckState) -> None:
        """A state worked out beside the server (the warm-up process), in place of the one shown."""
        with self._lock, self._state_lock:
            self._state = st

    def _keep(self, st: CheckState, generation: int) -> CheckState:
        """Make `st`, current as of the store's `generation`, the state shown."""
        st.generation = generation
        with self._state_lock:
            self._state = st
        return st

    def is_current(self, st: CheckState, ws: Workspace, store: Store) -> bool:
        generation = web_store.generation(store)
        if st.generation == generation:
            return True
        if (st.key, st.corrected) == self.inputs(st, ws, store)[:2]:
            st.generation = generation
            return True
        return False

    def inputs(
        self, st: CheckState | None, ws: Workspace, store: Store
    ) -> tuple[tuple[int, ...], int, list[int] | None]:
        """The check's inputs key, the last correction's audit id and the records whose context fields were
        corrected since `st` was current: read from the few audit entries since when they only correct
        records, else from the store (and the records None: the context must be built again)."""
        if st is not None and st.generation >= 0:
            found = web_store.inputs_since(store, st.generation, st.key, st.corrected)
            if found is not None:
                return found
        return web_store.check_inputs_key(store, ws.year), web_store.last_correction_id(store), None

    def _moved(
        self, st: CheckState, store: Store, key: tuple[int, ...], corrected: int, moved: list[int]
    ) -> CheckState | None:
        """`st` after corrections of fields its context derives from: the context changed where they touch
        it instead of built again, and only the applications they relate to checked again (None when a
        correction may change which submissions are versions of one application)."""
        from rules.check import check_one
        from rules.context import with_corrected

        ctx = st.context
        affected: set[int] = set()
        for record_id in dict.fromkeys(moved):
            fresh = store.record(record_id)
            found = (
                with_corrected(ctx, fresh, lambda: earlier_versions(store, st)) if fresh is not None else None
            )
            if found is None:
                return None
            ctx, related = found
            affected |= related
        affected |= set(web_store.corrected_since(store, st.corrected))
        index = {v.record_id: i for i, v in enumerate(st.verdicts)}
        verdicts = list(st.verdicts)  # a new list: a page may be showing the old one
        for record_id in affected:
            fresh = store.record(record_id) if record_id in index else None
            if fresh is not None:
                verdicts[index[record_id]] = check_one(fresh, ctx, verdicts[index[record_id]].versions)
        return CheckState(key, corrected, ctx, verdicts, st.versions)

    def state(
        self, ws: Workspace, store: Store, *, wait: bool = True, full: bool = False, quick: bool = False
    ) -> CheckState | None:
        """The current state, computed as cheaply as the changes since allow (None when `wait` is False
        and another computation holds the lock). `full`: a state read from the snapshot is replaced by
        a computed one even when current, so later corrections are checked record by record. `quick`:
        only record by record (None when the year's context would have to be built)."""
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            return self._compute(ws, store, full, quick)
        finally:
            self._lock.release()

    def _from_beside(
        self, st: CheckState | None, store: Store, key: tuple[int, ...], corrected: int, wait: bool
    ) -> CheckState | None:
        """The check brought up to date by the warm-up process (None: it cannot): `st` with the records
        corrected since re-checked against its context, or, when the context itself moved (`st` None or of
        another key: a title corrected, records added), the whole check worked out there. The process
        keeps the result on disk; this process never builds the year's context."""
        if self.remote is None:
            return None
        if st is None or st.key != key:
            base = None if st is None else (st.key, st.corrected)
            whole = self.remote(key, None, wait=wait, base=base)
            if whole is None:
                return None
            how, verdicts, versions = whole
            if how == "all" or st is None:
                return CheckState(key, corrected, None, list(verdicts), list(versions))
            index = {v.record_id: i for i, v in enumerate(st.verdicts)}
            if any(v.record_id not in index for v in verdicts):
                return None
            merged = list(st.verdicts)
            for verdict in verdicts:
                merged[index[verdict.record_id]] = verdict
            return CheckState(key, corrected, None, merged, st.versions)
        index = {v.record_id: i for i, v in enumerate(st.verdicts)}
        ids = [i for i in web_store.corrected_since(store, st.corrected) if i in index]
        found = self.remote(key, ids, wait=wait)
        if found is None:
            return None
        verdicts = list(st.verdicts)  # a new list: a page may be showing the old one
        for verdict in found:
            verdicts[index[verdict.record_id]] = verdict
        return CheckState(key, corrected, None, verdicts, st.versions)  # kept on disk by that process

    def _compute(self, ws: Workspace, store: Store, full: bool, quick: bool = False) -> CheckState | None:
        from rules.check import application_versions, build_context, check_one

        generation = web_store.generation(store)
        st = self._state
        if st is not None and st.generation == generation and (st.context is not None or not full):
            return st  # nothing at all was written since: no need to look further
        key, corrected, moved = self.inputs(st, ws, store)
        if st is not None and st.context is not None and st.key != key and moved and not full:
            changed = self._moved(st, store, key, corrected, moved)
            if changed is not None:
                return self._keep(changed, generation)
        if st is not None and st.context is None and (st.key, st.corrected) == (key, corrected) and full:
            # the snapshot's verdicts are current: only the context is built, for later corrections
            policy = load_policy(ws)
            ctx = build_context(ws, store, policy, application_versions(ws, store, policy))
            st = CheckState(key, corrected, ctx, st.verdicts, st.versions)
        elif st is not None and st.context is None and (st.key, st.corrected) != (key, corrected):
            beside = None
            if not full and (st.key == key or moved):  # the process re-checks, or changes its context
                beside = self._from_beside(st, store, key, corrected, not quick)
            if beside is not None:
                return self._keep(beside, generation)
            st = None  # from the snapshot, and not current: computed anew
        if quick and (st is None or st.key != key):
            return None  # the year's context would have to be built
        if (st is None or st.key != key) and not full:
            beside = self._from_beside(None, store, key, corrected, True)
            if beside is not None:
                return self._keep(beside, generation)
        if st is None or st.key != key:
            policy = load_policy(ws)
            groups = application_versions(ws, store, policy)
            ctx = build_context(ws, store, policy, groups)
            versions = [
                SN.VersionSet(ids=[v.id for v in g.versions], why=list(g.why))
                for g in groups
                if len(g.versions) > 1
            ]
            checked = []
            for n, application in enumerate(ctx.applications):
                if n % 50 == 49:
                    give_way()
                checked.append(check_one(application, ctx))
            st = CheckState(key, corrected, ctx, checked, versions)
        elif st.corrected != corrected:
            index = {v.record_id: i for i, v in enumerate(st.verdicts)}
            verdicts = list(st.verdicts)  # a new list: a page may be showing the old one
            for record_id in web_store.corrected_since(store, st.corrected):
                fresh = store.record(record_id)
                if record_id in index and fresh is not None:
                    verdicts[index[record_id]] = check_one(
                        fresh, st.context, verdicts[index[record_id]].versions
                    )
            st = CheckState(key, corrected, st.context, verdicts, st.versions)
        return self._keep(st, generation)


def earlier_versions(store: Store, st: CheckState) -> list[Any]:
    """The earlier versions of the applications sent more than once (the check shows only the latest)."""
    return list(store.records_by_id([i for group in st.versions for i in group.ids[:-1]]).values())


def _from_snapshot(cache: YearCache, *, wait: bool) -> CheckState | None:
    """The check as the snapshot has it (offered to the cache), when there is one."""
    snapshots = cache.snapshots
    if snapshots is None or (not wait and not snapshots.loaded("check")):
        return None
    part = snapshots.get("check")
    if not isinstance(part, SN.CheckPart):
        return None
    *key, corrected = part.key
    cache.check.offer(CheckState(tuple(key), corrected, None, list(part.verdicts), list(part.versions)))
    cache.written("check", tuple(part.key))
    return cache.check.current()


def check_settled(
    ws: Workspace, store: Store, cache: YearCache, *, first: bool = True
) -> tuple[CheckState | None, bool]:
    """The year's check without making the clerk wait after a change (True: being updated beside the
    server, the state shown is the one before). A correction that leaves the context as it was is
    checked here at once; the very first check of a workspace is waited for, or with `first` False
    started beside the server (None, True)."""
    st = cache.check.current() or _from_snapshot(cache, wait=True)
    if st is None and not first and not cache.refresh_failed:
        refresh(ws, store, cache)
        return None, True
    if st is None:
        computed = cache.check.state(ws, store)
        assert computed is not None
        cache.persist(ws)
        return computed, False
    if cache.check.is_current(st, ws, store):
        return st, False
    key, _corrected, moved = cache.check.inputs(st, ws, store)
    if (st.context is not None or cache.check.remote is not None) and (st.key == key or moved):
        computed = cache.check.state(ws, store, wait=False, quick=True)  # record by record: quick
        if computed is not None:
            cache.persist(ws)
            return computed, False
    refresh(ws, store, cache)
    return st, True


def verdict_counts(ws: Workspace, store: Store, cache: YearCache) -> tuple[Counter[str] | None, bool]:
    """How many applications have each verdict (True: being updated), from the small counts part of
    the snapshot while the full check is still being read; None (and True) on a workspace's very first
    view, while its first check is worked out beside the server: the overview does not wait for it."""
    st = cache.check.current() or _from_snapshot(cache, wait=False)
    first = st is None and (cache.snapshots is None or cache.snapshots.get("counts") is None)
    if first and not cache.refresh_failed:
        refresh(ws, store, cache)
        return None, True
    snapshots = cache.snapshots
    if st is None and snapshots is not None:
        part = snapshots.get("counts")
        if isinstance(part, SN.CountsPart):
            *key, corrected = part.key
            fresh = tuple(key) == web_store.check_inputs_key(store, ws.year) and (
                corrected == web_store.last_correction_id(store)
            )
            if not fresh:
                refresh(ws, store, cache)
            return Counter(part.counts), not fresh
    st, updating = check_settled(ws, store, cache)
    assert st is not None
    return Counter(v.verdict for v in st.verdicts), updating


def current_check(ws: Workspace, store: Store, cache: YearCache) -> CheckState:
    """The year's check as the store stands now: the snapshot's when it is current, else computed here
    (a record page shows the verdict of the record as it is, not the one before a change)."""
    st = cache.check.current() or _from_snapshot(cache, wait=True)
    if st is not None and cache.check.is_current(st, ws, store):
        return st
    computed = cache.check.state(ws, store)
    assert computed is not None
    cache.persist(ws)
    return computed


def verdicts(ws: Workspace, store: Store, cache: YearCache) -> list[Any]:
    """Every application's verdict, current."""
    return current_check(ws, store, cache).verdicts


def versions_of(ws: Workspace, store: Store, cache: YearCache, record_id: int) -> Any | None:
    """The application (its versions, oldest first, and why each replaced the one before) that the
    record is a version of, when it has been sent more than once; else None."""
    from rules.versions import ApplicationVersions

    for group in current_check(ws, store, cache).versions:
        if record_id in group.ids:
            found = [store.record(i) for i in group.ids]
            return ApplicationVersions([r for r in found if r is not None], list(group.why))
    return None


def settled(
    ws: Workspace, store: Store, cache: YearCache, key: str, *, first: bool = True
) -> tuple[Any, bool]:
    """The tally or the points (`key`), without making the clerk wait after a change: when a result
    exists (computed, or in the snapshot) but the store has changed since, that result is shown (True:
    the page says it is being updated) while the new one is computed beside the server. Only the very
    first view of a workspace computes, or with `first` False starts the computing beside the server
    (None, True)."""
    compute = {"tally": tally, "points": points}[key]
    gen = web_store.inputs_key(store, ws.year)
    entry = cache.entry(key)
    if entry is not None and entry[0] != gen:
        refresh(ws, store, cache)
        return entry[1], True
    if entry is None and not first and not cache.refresh_failed:
        refresh(ws, store, cache)
        return None, True
    value = compute(ws, store, cache)  # a computation under way beside the server is waited for
    cache.persist(ws)
    return value, False


def _awards(ws: Workspace, store: Store, cache: YearCache, gen: Any) -> tuple[list[Any], int]:
    """The year's awards of ours, read once for both the tally and the points."""
    from rules.awards import year_awards

    return cache.get("awards", lambda: year_awards(ws.organization, store, ws.year, load_policy(ws)), gen)  # type: ignore[no-any-return]


def tally(ws: Workspace, store: Store, cache: YearCache) -> Any:
    from rules.tally import build_tally

    gen = web_store.inputs_key(store, ws.year)

    def compute() -> Any:
        awards, left_out = _awards(ws, store, cache, gen)
        return build_tally(ws.year, awards, left_out)

    return cache.get("tally", compute, gen)


def points(ws: Workspace, store: Store, cache: YearCache) -> Any:
    from rules.points import points_from

    gen = web_store.inputs_key(store, ws.year)
    return cache.get(
        "points", lambda: points_from(ws.year, _awards(ws, store, cache, gen)[0], load_policy(ws)), gen
    )


def waiting_files(ws: Workspace) -> list[str]:
    return [p.relative_to(ws.inbox).as_posix() for p in scan_inbox(ws.inbox)]


def quarantined(ws: Workspace) -> list[Quarantined]:
    """Files in outbox/quarantine/ with the reason written beside each (newest first)."""
    folder = ws.quarantine_dir
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        if not p.is_file() or p.name.endswith(".error.txt"):
            continue
        note = p.with_name(p.name + ".error.txt")
        reason = ""
        if note.is_file():
            try:
                reason = note.read_text(encoding="utf-8", errors="replace")[:2000]
            except OSError:
                reason = ""
        at = dt.datetime.fromtimestamp(p.stat().st_mtime)
        found.append(Quarantined(p.name, p.relative_to(ws.root).as_posix(), reason.strip(), at))
    return sorted(found, key=lambda q: q.at, reverse=True)


def outputs(ws: Workspace) -> list[Output]:
    """The documents the office regenerates, with the date of the file in the outbox."""
    from reports.render.award_sheets import points_sheet_name, tally_sheet_name
    from reports.render.check_sheet import review_opinion_name, review_sheet_name

    y = ws.year
    items = [
        ("ledger", "台账", ws.outbox / f"台账-{y}.xlsx"),
        ("check", "形式审查结果", ws.outbox / review_sheet_name(y)),
        ("check", "形式审查意见", ws.outbox / review_opinion_name(y)),
        ("tally", "获奖统计", ws.outbox / tally_sheet_name(y)),
        ("points", "创新积分", ws.outbox / points_sheet_name(y)),
        ("scores", "评审结果", ws.outbox / f"评审结果-{y}.xlsx"),
        ("annual", "年度工作总结", ws.reports_dir / f"{y}年职工技术创新工作总结.docx"),
        ("news", "工作纪实", ws.reports_dir / f"{y}年职工技术创新工作纪实.docx"),
    ]
    out = []
    for key, label, path in items:
        exists = path.is_file()
        at = dt.datetime.fromtimestamp(path.stat().st_mtime) if exists else None
        out.append(Output(key, label, path.relative_to(ws.root).as_posix(), exists, at))
    return out


REGENERATE: dict[str, str] = {
    "ledger": "台账",
    "check": "形式审查结果和意见",
    "tally": "获奖统计",
    "points": "创新积分",
    "scores": "评审结果",
    "annual": "年度工作总结",
    "news": "工作纪实",
}


def regenerate(ws: Workspace, store: Store, key: str, who: str) -> list[Path]:
    """Write one output again, as its command does; raises ValueError with a Chinese message on failure."""
    policy = load_policy(ws)
    written: list[Path] = []
    if key == "ledger":
        from reports.render.ledger import write_ledger

        written.append(write_ledger(ws, store))
    elif key == "check":
        from reports.render.check_sheet import write_check_files
        from rules.check import check_applications

        written.extend(write_check_files(ws, check_applications(ws, store, policy), policy))
    elif key == "tally":
        from reports.render.award_sheets import tally_sheet_name, write_tally_sheet
        from rules.tally import tally_awards

        written.append(
            write_tally_sheet(tally_awards(ws, store, policy), ws.outbox / tally_sheet_name(ws.year))
        )
    elif key == "points":
        from reports.render.award_sheets import points_sheet_name, write_points_sheet
        from rules.points import compute_points

        written.append(
            write_points_sheet(compute_points(ws, store, policy), ws.outbox / points_sheet_name(ws.year))
        )
    elif key == "scores":
        from reports.render.review import scores_and_write

        from ..review.errors import ReviewError

        try:
            written.extend(scores_and_write(ws, store, policy)[1])
        except ReviewError as exc:
            raise ValueError(str(exc)) from exc
    elif key in ("annual", "news"):
        try:
            if key == "annual":
                from reports.annual import write_annual

                written.append(write_annual(ws, store, policy).docx)
            else:
                from reports.news import write_news

                written.append(write_news(ws, store, policy).docx)
        except Exception as exc:  # template problems, missing office files: said plainly
            raise ValueError(str(exc)) from exc
    else:
        raise ValueError("没有这种文件。")
    store.audit("regenerate", key, None, year=ws.year, by=who, files=[p.name for p in written])
    return written


def refresh(ws: Workspace, store: Store, cache: YearCache) -> None:
    """Bring the check, tally and points up to date beside the server (one refresh at a time)."""

    def run() -> None:
        try:
            with giving_way(cache.pages_first):
                _refresh_until_current()
            cache.refresh_failed = False
        except Exception:  # shown on the page that needs it, which computes instead of waiting for a refresh
            cache.refresh_failed = True
        finally:
            cache.refreshing.release()

    def _refresh_until_current() -> None:
        while True:
            before = web_store.inputs_key(store, ws.year)
            cache.check.state(ws, store)
            tally(ws, store, cache)
            points(ws, store, cache)
            cache.persist(ws)
            if web_store.inputs_key(store, ws.year) == before:
                return

    if cache.warm_up is not None and cache.warm_up.computing:
        return  # the warm-up process is working them out; its results are taken when ready
    if cache.refreshing.acquire(blocking=False):
        threading.Thread(target=run, daemon=True).start()


# what the pages import on first use: loaded while the server starts, not on a clerk's first view
PAGE_MODULES = (
    "rules.check", "rules.awards", "rules.tally", "rules.points", "rules.versions",
    "jiangxin.review.aggregate", "jiangxin.review.steps", "jiangxin.review.score_check",
    "extractors.readers.pdfium", "extractors.readers.pdf_page", "openpyxl",
)  # fmt: skip


def preload(ws: Workspace) -> None:
    """The modules and the policy the pages use, loaded before the server answers (a policy that cannot
    be read is left for the pages, which say why)."""
    import importlib

    for name in PAGE_MODULES:
        importlib.import_module(name)
    try:
        load_policy(ws)
    except Exception:
        return


def read_snapshot(cache: YearCache) -> None:
    """The results kept on disk, read into the cache (what a page would otherwise read on its first view);
    a snapshot that cannot be read is left for the pages, which compute what they need."""
    try:
        for key in ("tally", "points"):
            cache.entry(key)
        _from_snapshot(cache, wait=True)
    except Exception:
        return
