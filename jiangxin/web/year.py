"""The year's facts the pages show, computed once per change of the store (verdicts, tallies, outputs)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inbox import scan_inbox
from ..store import Store
from ..store import web as web_store
from ..workspace import Workspace


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
    """Results that cost a pass over the year (the check, the tally), kept until the store changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._values: dict[str, tuple[Any, Any]] = {}
        self.check = CheckCache()
        self.refreshing = threading.Lock()
        self._computing: dict[str, threading.Lock] = {}

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
        """(generation, value) last computed for `key`, whatever has changed since; None before the first."""
        with self._lock:
            return self._values.get(key)


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
    """The check's context and every application's verdict, as of `key` and correction `corrected`."""

    key: tuple[int, ...]
    corrected: int
    context: Any
    verdicts: list[Any]
    groups: list[Any]  # the year's applications with their versions (补正), as the context was built from
    generation: int = -1  # the store's generation it was last found current at


class CheckCache:
    """The year's 形式审查 kept current at little cost: the context (all applications, the roster, earlier
    awards) is rebuilt only when records are added or a field it derives from is corrected; a record
    corrected otherwise has just its own verdict computed again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: CheckState | None = None

    def state(self, ws: Workspace, store: Store) -> CheckState:
        from rules.check import application_versions, build_context, check_one

        with self._lock:
            generation = web_store.generation(store)
            if self._state is not None and self._state.generation == generation:
                return self._state  # nothing at all was written since: no need to look further
            key = web_store.check_inputs_key(store, ws.year)
            corrected = web_store.last_correction_id(store)
            st = self._state
            if st is None or st.key != key:
                policy = load_policy(ws)
                groups = application_versions(ws, store, policy)
                ctx = build_context(ws, store, policy, groups)
                st = CheckState(key, corrected, ctx, [check_one(s, ctx) for s in ctx.applications], groups)
            elif st.corrected != corrected:
                index = {v.record_id: i for i, v in enumerate(st.verdicts)}
                for record_id in web_store.corrected_since(store, st.corrected):
                    fresh = store.record(record_id)
                    if record_id in index and fresh is not None:
                        st.verdicts[index[record_id]] = check_one(fresh, st.context)
                st.corrected = corrected
            st.generation = generation
            self._state = st
            return st


def verdicts(ws: Workspace, store: Store, cache: YearCache) -> list[Any]:
    return cache.check.state(ws, store).verdicts


def versions_of(ws: Workspace, store: Store, cache: YearCache, record_id: int) -> Any | None:
    """The application (its versions, oldest first, and why each replaced the one before) that the
    record is a version of, when it has been sent more than once; else None."""
    for group in cache.check.state(ws, store).groups:
        if len(group.versions) > 1 and any(v.id == record_id for v in group.versions):
            return group
    return None


def settled(ws: Workspace, store: Store, cache: YearCache, key: str) -> tuple[Any, bool]:
    """The tally or the points (`key`), without making the clerk wait after a change: when a result
    exists but the store has changed since, that result is shown (True: the page says it is being
    updated) while the new one is computed beside the server. Only the very first view computes."""
    compute = {"tally": tally, "points": points}[key]
    gen = web_store.inputs_key(store, ws.year)
    entry = cache.entry(key)
    if entry is not None and entry[0] != gen:
        refresh(ws, store, cache)
        return entry[1], True
    return compute(ws, store, cache), False  # a computation under way beside the server is waited for


def tally(ws: Workspace, store: Store, cache: YearCache) -> Any:
    from rules.tally import tally_awards

    return cache.get(
        "tally", lambda: tally_awards(ws, store, load_policy(ws)), web_store.inputs_key(store, ws.year)
    )


def points(ws: Workspace, store: Store, cache: YearCache) -> Any:
    from rules.points import compute_points

    return cache.get(
        "points", lambda: compute_points(ws, store, load_policy(ws)), web_store.inputs_key(store, ws.year)
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
            while True:
                before = web_store.inputs_key(store, ws.year)
                verdicts(ws, store, cache)
                tally(ws, store, cache)
                points(ws, store, cache)
                if web_store.inputs_key(store, ws.year) == before:
                    return
        except Exception:  # shown on the page that needs it
            return
        finally:
            cache.refreshing.release()

    if cache.refreshing.acquire(blocking=False):
        threading.Thread(target=run, daemon=True).start()


def warm(ws: Workspace, store: Store, cache: YearCache) -> None:
    """Work the pages would otherwise do on first view: the year's check, tally and points, and the
    Word files of the year's applications rendered through LibreOffice. Runs beside the server."""
    from . import source

    try:
        verdicts(ws, store, cache)
        tally(ws, store, cache)
        points(ws, store, cache)
        source.prepare_pdfs(ws, [r.document for r in store.records("application", ws.year)])
    except Exception:  # a broken policy or file shows on its page; warming is only a head start
        return
