"""The start-up's warm-up in a process of its own, so the pages never share the server's interpreter with it.

The process works out the year's check, tally and points and keeps them on disk (the snapshot), makes the
round's blank score sheets, renders the Word files and reads the scans; the server only takes the finished
results (`WarmUp`). Afterwards the process keeps the check's context and re-checks the records the office
corrects, so a correction costs the server one verdict, not the year's context.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

from ..store import Store
from ..store import web as web_store
from ..workspace import Workspace

RESULTS = "results"  # the check, tally and points are on disk
FAILED = "failed"  # they cannot be worked out (a broken policy): the pages compute and say why
SHEET = "sheet"  # one reviewer's blank score sheet
DONE = "done"  # the whole warm-up is over


class WarmUp:
    """The server's side of the warm-up process: follows its progress (taking each result into the cache as
    it comes) and asks it for the verdicts of corrected records."""

    def __init__(
        self, ws: Workspace, cache: Any, quiet: Callable[[], None], idle: Callable[[], None]
    ) -> None:
        self.ws = ws
        self.cache = cache
        self._quiet = quiet  # waits for a pause in the pages' requests
        self._idle = idle  # waits until no page request is under way
        self.computing = True  # the year's results are being worked out in the process
        self.done = threading.Event()  # the process finished its warm-up (or ended)
        self._asking = threading.Lock()
        self._asked = 0
        mp = multiprocessing.get_context("spawn")  # nothing of the server's threads (or PDFium) is copied
        events, self._events_end = mp.Pipe(duplex=False)
        self._ask, answers = mp.Pipe()
        self._events = events
        # the page requests under way in the server (kept by its Activity): the process's work gives way to them
        self.pages = mp.Value("i", 0, lock=False)
        self._waiting = mp.Value("i", 0, lock=False)  # a page waits for the process: it must not give way
        self.process = mp.Process(
            target=run,
            args=(ws, self._events_end, answers, os.getpid(), self.pages, self._waiting),
            daemon=True,
            name="jiangxin-warm",
        )
        self.process.start()
        self._events_end.close()
        answers.close()
        threading.Thread(target=self._follow, daemon=True, name="jiangxin-warm-follow").start()

    def _follow(self) -> None:
        from . import scoring

        try:
            while True:
                try:
                    message = self._events.recv()
                except (EOFError, OSError):
                    return
                what = message[0]
                if what == RESULTS:
                    self._quiet()
                    self.cache.take_results(self.ws, self._quiet)
                    self.computing = False
                    gc.freeze()  # the results taken stay: no full collection goes through them again
                elif what == FAILED:
                    self.cache.refresh_failed = True
                    self.computing = False
                elif what == SHEET:
                    _what, key, blank = message
                    self._idle()
                    scoring.take_blank(key, blank)
                elif what == DONE:
                    self.done.set()
        finally:
            self.computing = False
            self.done.set()

    def verdicts(
        self, key: tuple[int, ...], records: list[int] | None, *, wait: bool = True, base: Any = None
    ) -> Any:
        """The current verdicts of `records`, checked by the process against its context when that is of
        `key` (the check's inputs now); with `records` None, the check worked out there when its context
        was of another key: ("changed", verdicts, None), the verdicts that changed since the server's check
        of `base` (its key and last correction), or ("all", verdicts, versions). None when it cannot answer, or with `wait` False
        while the process is still working out its context (instead of waiting for it)."""
        with self._asking:
            if not self.process.is_alive():
                return None
            self._asked += 1
            self._waiting.value = 1
            try:
                self._ask.send((self._asked, key, records, wait, base))
                while self._ask.poll(120):
                    asked, found = self._ask.recv()
                    if asked == self._asked:
                        return found
            except (EOFError, OSError):
                return None
            finally:
                self._waiting.value = 0
            return None

    def stop(self) -> None:
        """End the process (the server stops; a test is over) and give what was frozen back to the collector."""
        gc.unfreeze()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
        for end in (self._events, self._ask):
            with contextlib.suppress(OSError):
                end.close()


def run(
    ws: Workspace, events: Any, answers: Any, parent: int, pages: Any = None, waiting: Any = None
) -> None:
    """The warm-up process: the year's results first (sent as soon as they are on disk), then the round's
    blank sheets, Word renderings and scans; then it answers re-checks until the server ends. The results
    are worked out at once (a correction waits for them); in the rest, each give-way point waits while the
    server serves a page (`pages`: how many are under way) unless a page waits for this process
    (`waiting`), so the pages keep the processors as they did when the warm-up ran in the server."""
    from ..workers import die_with_parent

    die_with_parent(parent)
    _run(ws, events, answers, lambda: _while_pages(pages, waiting))


def _while_pages(pages: Any, waiting: Any, limit: float = 10.0) -> None:
    """Wait while the server serves a page that does not wait for this process (at most `limit` seconds)."""
    import time

    end = time.monotonic() + limit
    while pages is not None and pages.value > 0 and not (waiting is not None and waiting.value):
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def _run(ws: Workspace, events: Any, answers: Any, pages_first: Callable[[], None]) -> None:
    from ..core.give_way import giving_way

    checked = threading.Event()
    state: dict[str, Any] = {}
    store = ws.open_store()
    threading.Thread(target=_answer, args=(answers, ws, store, state, checked), daemon=True).start()
    try:
        _results(ws, store, state)
        events.send((RESULTS,))
    except Exception:
        events.send((FAILED,))
    finally:
        checked.set()
    with contextlib.suppress(OSError):
        # the rest at a lower priority: this thread only (Linux keeps a nice value per thread) and the
        # LibreOffice and OCR it starts, so the pages keep the processors, while a re-check asked for by a
        # page is answered at the pages' own priority
        os.nice(5)
    with contextlib.suppress(Exception), giving_way(pages_first):
        _prepare(ws, store, lambda key, blank: events.send((SHEET, key, blank)))
    events.send((DONE,))
    threading.Event().wait()  # answers re-checks until the server ends (and with it this process)


def _results(ws: Workspace, store: Store, state: dict[str, Any]) -> None:
    """The check (its context kept for re-checks), tally and points, written to the snapshot."""
    from rules.context import version_keys

    from .snapshot import Snapshots
    from .year import YearCache, earlier_versions, points, read_snapshot, tally

    cache = YearCache(store, Snapshots(ws))
    read_snapshot(cache)  # what is kept and current is not worked out again
    st = cache.check.state(ws, store, full=True)
    if st is not None and st.context is not None:  # ready for a title corrected, before it is
        version_keys(st.context, lambda: earlier_versions(store, st))
    tally(ws, store, cache)
    points(ws, store, cache)
    cache.persist(ws)
    cache.wait_written(600)
    gc.freeze()  # the context stays: no full collection goes through it again and holds up an answer
    state["cache"] = cache


def _answer(
    answers: Any, ws: Workspace, store: Store, state: dict[str, Any], checked: threading.Event
) -> None:
    """Re-check corrected records against the context, for the server, or the whole check when the context
    moved; the check so brought up to date is kept on disk from here (once the corrections pause, so that
    writing it never delays an answer), and the server never writes the whole of it."""
    import time

    last = [0.0]  # when the last answer was sent (0: nothing to write)
    threading.Thread(target=_keep, args=(ws, state, last), daemon=True).start()
    while True:
        try:
            asked, key, records, wait, base = answers.recv()
        except (EOFError, OSError):
            os._exit(0)
        found: Any = None
        cache = state.get("cache") if checked.wait(600 if wait else 0) else None
        try:
            before = cache.check.current() if cache is not None else None
            # the whole check worked out anew only for a page that waits
            quick = records is not None or not wait
            st = cache.check.state(ws, store, quick=quick) if cache is not None else None
            if st is not None and st.key == tuple(key) and records is None:
                found = _changes(before, st, base)
            elif st is not None and st.key == tuple(key):
                index = {v.record_id: v for v in st.verdicts}
                found = [index[record_id] for record_id in records if record_id in index]
        except Exception:
            found = None
        answers.send((asked, found))
        last[0] = time.monotonic()


def _changes(before: Any, st: Any, base: Any) -> tuple[str, Any, Any]:
    """The check `st` for a server whose check is of `base` (key, last correction): only the verdicts that
    changed when this process's check before was of the same and holds the same applications; else all."""
    same = before is not None and base is not None and (before.key, before.corrected) == tuple(base)
    if same and [v.record_id for v in before.verdicts] == [v.record_id for v in st.verdicts]:
        return (
            "changed",
            [v for old, v in zip(before.verdicts, st.verdicts, strict=True) if old is not v],
            None,
        )
    return "all", st.verdicts, st.versions


def _keep(ws: Workspace, state: dict[str, Any], last: list[float], pause: float = 1.0) -> None:
    """Write the re-checked check to the snapshot once no re-check was asked for `pause` seconds."""
    import time

    while True:
        time.sleep(pause / 4)
        if last[0] and time.monotonic() - last[0] >= pause:
            last[0] = 0.0
            cache = state.get("cache")
            if cache is not None:
                cache.persist(ws)
                cache.wait_written(600)


def _prepare(ws: Workspace, store: Store, sheet: Callable[[Any, Any], None]) -> None:
    """The blank sheets of the round (sent to the server as made), the Word files and the scans."""
    from ..core.give_way import give_way
    from . import source
    from .year import load_policy

    with contextlib.suppress(Exception):
        from ..review.policy_view import ReviewPolicy
        from ..review.rounds import current_round
        from .scoring import blank_sheet

        saved = current_round(store, ws.year)
        if saved is not None and not web_store.round_closed(store, saved.id):
            policy = ReviewPolicy.from_review(load_policy(ws).review)
            for reviewer in saved.reviewers():
                give_way()
                blank = blank_sheet(ws, store, saved, policy, reviewer)
                sheet((ws.year, saved.id, reviewer), blank)
    applications = store.records("application", ws.year)
    give_way()
    source.prepare_pdfs(ws, [r.document for r in applications])
    give_way()
    source.prepare_scans(ws, [(r.document, r.record.to_json()) for r in applications])
