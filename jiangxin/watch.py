"""Keep consuming the inbox: file-system events when the OS delivers them, a full rescan regardless.

Network shares (SMB/NFS) often deliver no events, so a periodic rescan takes whatever was missed;
nothing is queued twice because every pass claims files before working on them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .inbox import STORED, WAITING, Consumer, IngestSummary, Progress
from .store import Store
from .workspace import Workspace


def watch_inbox(
    ws: Workspace,
    store: Store,
    *,
    progress: Progress | None = None,
    polling: bool = False,
    stop_after_idle: float = 0.0,
    stop: threading.Event | None = None,
    after_batch: Callable[[IngestSummary], None] | None = None,
) -> None:
    """Run passes of the consumer until interrupted (or idle for `stop_after_idle` seconds);
    `after_batch` runs after each pass that stored something (the outbox is brought up to date)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    changed = threading.Event()
    stop = stop or threading.Event()

    class _Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if ".jiangxin-claims" not in str(event.src_path):
                changed.set()

    observer = PollingObserver(timeout=max(1.0, ws.watch.rescan_seconds / 4)) if polling else Observer()
    observer.schedule(_Handler(), str(ws.inbox), recursive=True)
    observer.start()
    consumer = Consumer(ws, store, progress=progress)
    last_scan = 0.0
    last_work = time.monotonic()
    retry_at: float | None = None
    try:
        changed.set()  # first pass at start-up
        while not stop.is_set():
            now = time.monotonic()
            due = changed.is_set() or now - last_scan >= ws.watch.rescan_seconds
            if retry_at is not None and now >= retry_at:
                due = True
            if due:
                changed.clear()
                last_scan = now
                summary = consumer.run()
                waiting = any(o.result in (WAITING, "deferred") for o in summary.outcomes)
                retry_at = now + max(0.5, ws.ingest.settle_seconds) if waiting else None
                if summary.outcomes:
                    last_work = time.monotonic()
                if after_batch is not None and any(o.result == STORED for o in summary.outcomes):
                    after_batch(summary)
                    last_work = time.monotonic()
            if stop_after_idle and time.monotonic() - last_work >= stop_after_idle and retry_at is None:
                break
            changed.wait(timeout=0.5)
    finally:
        observer.stop()
        observer.join(timeout=5)
