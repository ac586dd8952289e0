"""The pages of one file read in this process or spread over forked page processes.

A file may use `cores()` processor cores (the worker pool sets this for every file it hands out:
the cores no other busy reader is using; read directly, a file has them all). With several pages and
more than one core, the pages are dealt out to that many processes: this one and children forked
from it, which share the OCR models already loaded (copy-on-write), inherit the memory limit, ask to
be killed with it (so a reader killed at its deadline leaves none behind) and send their pages back.
Each process then reads with `cores() // processes` recognition threads. A page reads the same
wherever it runs.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ErrorClass, ExtractionError

if TYPE_CHECKING:
    import numpy as np

    from .page import PageResult

# (page number, RGB image, dpi or None) for each of the given page numbers, in that order
PageImages = Callable[[Sequence[int]], Iterable[tuple[int, "np.ndarray", float | None]]]

_cores: int | None = None
_PR_SET_PDEATHSIG = 1


def set_cores(count: int | None) -> None:
    """How many cores the next files may use (None: every core of the machine)."""
    global _cores
    _cores = max(1, count) if count else None


def cores() -> int:
    return _cores or max(os.cpu_count() or 1, 1)


def read_pages(images: PageImages, numbers: Sequence[int], processes: int | None = None) -> list[PageResult]:
    """Read the given pages (results in the order of `numbers`) in up to `processes` processes
    (default: `cores()`), never more than there are pages."""
    from .engine import get_engine
    from .page import read_page

    count = max(1, min(processes or cores(), len(numbers)))
    if _in_daemon():  # a daemonic process (a multiprocessing.Pool's worker) may not start children
        count = 1
    engine = get_engine()  # loaded before forking, so children share the models
    if count == 1:
        return [read_page(image, number, dpi, engine) for number, image, dpi in images(numbers)]
    shares = [list(numbers[k::count]) for k in range(count)]
    per_process = max(1, cores() // count)
    threads = getattr(engine, "threads", None)
    children = [_fork(images, share, per_process) for share in shares[1:]]
    results: dict[int, PageResult] = {}
    try:
        if threads is not None:
            setattr(engine, "threads", per_process)  # noqa: B010  (engines without threads have none)
        for number, image, dpi in images(shares[0]):
            results[number] = read_page(image, number, dpi, engine)
        for process, conn in children:
            results.update(_collect(process, conn))
    finally:
        if threads is not None:
            setattr(engine, "threads", threads)  # noqa: B010
        for process, conn in children:
            with contextlib.suppress(OSError, ProcessLookupError):
                process.kill()
            process.join(timeout=5)
            conn.close()
    return [results[n] for n in numbers]


def _in_daemon() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def _fork(images: PageImages, share: list[int], threads: int) -> tuple[Any, Any]:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=_child_main,
        args=(child, os.getpid(), images, share, threads),
        daemon=True,
        name="jiangxin-page",
    )
    process.start()
    child.close()
    return process, parent


def _child_main(conn: Any, parent_pid: int, images: PageImages, share: list[int], threads: int) -> None:
    """Read this child's pages and send them back (or what went wrong)."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .engine import get_engine
    from .page import read_page

    engine = get_engine()
    if hasattr(engine, "threads"):
        setattr(engine, "threads", threads)  # noqa: B010
    try:
        pages = {number: read_page(image, number, dpi, engine) for number, image, dpi in images(share)}
        conn.send(("ok", pages))
    except BaseException as exc:  # every failure goes back to the reader, which decides
        try:
            conn.send(("error", exc))
        except Exception:
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _collect(process: Any, conn: Any) -> dict[int, PageResult]:
    try:
        status, payload = conn.recv()
    except (EOFError, OSError):
        process.join(timeout=5)
        code = process.exitcode
        if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
            raise MemoryError(f"page process ended by signal {-code}") from None
        raise ExtractionError(ErrorClass.CORRUPT, f"识别扫描页的进程异常退出（退出码 {code}）。") from None
    if status == "error":
        raise payload
    return dict(payload)


def _die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when the reader that forked it ends (Linux); the reader may be killed
    at its deadline, and its page processes must not outlive it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)
