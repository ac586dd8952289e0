"""Long work beside the web pages gives way to them. A background thread that runs inside `giving_way(wait)`
calls `wait` at each `give_way()` point of the long loops it goes through (the store's reading, the check), and
`wait` returns once no page request is under way; anywhere else `give_way()` does nothing. Python threads share
one interpreter lock, so without this a page asked for during the warm-up would take about twice its time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()


def give_way() -> None:
    """A point in long work where a background thread lets the pages' requests go first."""
    wait: Callable[[], None] | None = getattr(_local, "wait", None)
    if wait is not None:
        wait()


@contextmanager
def giving_way(wait: Callable[[], None]) -> Iterator[None]:
    """Within the block, this thread's `give_way()` points call `wait`."""
    before = getattr(_local, "wait", None)
    _local.wait = wait
    try:
        yield
    finally:
        _local.wait = before
