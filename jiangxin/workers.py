"""Reading files in worker processes, each file within a time and a memory limit.

A worker reads one file at a time under an address-space limit (`RLIMIT_AS`, set afresh before each
file: what the worker already holds plus the per-file allowance), so a file that would need more
memory fails inside the worker as `too_large`. The parent keeps a deadline per file: a worker past it
is killed and replaced, the file reported as `timeout`, and the other files go on. Results are handed
back as they finish. Workers ask the kernel to kill them when their parent dies (PR_SET_PDEATHSIG),
so a parent killed with SIGKILL leaves no reader behind.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extractors import ErrorClass, ExtractContext, Extraction, Limits, extract_file
from extractors.ocr import THREADS_VARIABLE
from extractors.ocr.pages import set_cores as set_ocr_cores

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read: where it is now, the name the office gave it, its SHA-256."""

    path: str
    rel: str
    sha256: str


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel send SIGKILL to this process when its parent exits (Linux); elsewhere a
    worker still notices its parent's end of the pipe closing."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


_M_ARENA_MAX = -8


def _few_malloc_arenas() -> None:
    """glibc reserves up to 64 MB of address space per malloc arena, one arena per thread up to eight
    per core; under an address-space limit, the many threads of a numerical library on a large machine
    would exhaust it without using the memory. Two arenas are enough for one file at a time."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)


def _vm_size() -> int:
    """This process's current address-space size in bytes (0 where /proc is unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(extra_bytes: int) -> None:
    """Allow this process `extra_bytes` more address space than it has now (0: no limit)."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft = resource.RLIM_INFINITY
    if extra_bytes > 0:
        base = _vm_size()
        if base:
            soft = base + extra_bytes
    _hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if _hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > _hard):
        soft = _hard
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (soft, _hard))


def _worker_main(
    conn: Connection,
    parent_pid: int,
    context: ExtractContext,
    limits: Limits,
    convert: bool,
    ocr_threads: int = 0,
    validate: bool = True,
) -> None:
    die_with_parent(parent_pid)
    _few_malloc_arenas()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if ocr_threads and not os.environ.get(THREADS_VARIABLE):
        # read before the OCR models load: their detector runs with this many threads
        os.environ[THREADS_VARIABLE] = str(ocr_threads)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, cores = message
        set_ocr_cores(cores)  # how many processes the pages of a scanned file may be spread over
        limit_memory(limits.memory_bytes_per_file)
        try:
            result = extract_file(
                Path(job.path),
                context,
                limits,
                display_name=job.rel,
                sha256=job.sha256,
                convert_legacy=convert,
                validate=validate,
            )
        except MemoryError:
            result = failed(job, ErrorClass.TOO_LARGE, memory_message(limits))
        limit_memory(0)
        try:
            conn.send(result)
        except (EOFError, OSError, BrokenPipeError):
            return
        except Exception as exc:  # a record that cannot be pickled: say so rather than hang
            conn.send(failed(job, ErrorClass.CORRUPT, f"文件读取结果无法传回（{type(exc).__name__}）。"))


def failed(job: Job, error: ErrorClass, message: str) -> Extraction:
    return Extraction(file=job.rel, sha256=job.sha256, error=error, message=message)


def memory_message(limits: Limits) -> str:
    return f"文件内容过大：读取时所需内存超过单个文件的上限 {limits.memory_bytes_per_file // 1048576} MB。"


def timeout_message(limits: Limits) -> str:
    return f"读取超过单个文件的时间上限 {limits.seconds_per_file:g} 秒，已停止读取。"


@dataclass(slots=True)
class _Worker:
    process: Any  # multiprocessing.Process of the fork context
    conn: Connection
    job: Job | None = None
    deadline: float = 0.0


class ExtractPool:
    """Up to `size` worker processes reading files; see the module's docstring for the limits."""

    def __init__(
        self, size: int, context: ExtractContext, limits: Limits, convert: bool, *, validate: bool = True
    ) -> None:
        """`validate=False`: the readers make only the extractors' dataclasses, not the record types (for a
        caller that only prints their JSON, and so never loads pydantic)."""
        self.size = max(1, size)
        self.validate = validate
        self.context = context
        self.limits = limits
        self.convert = convert
        self._workers: list[_Worker] = []
        # before multiprocessing's own exit handler joins the (non-daemonic) readers: they are told to stop
        atexit.register(self.close)
        self.cores = max(os.cpu_count() or 1, 1)
        # processes × threads ≈ cores: each worker's OCR detector gets its share of the cores
        self.ocr_threads = max(1, self.cores // self.size)
        # fork: a worker starts at once with what the parent has already imported
        self._mp = multiprocessing.get_context("fork")

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- workers --
    def _spawn(self) -> _Worker:
        parent, child = self._mp.Pipe(duplex=True)
        process = self._mp.Process(
            target=_worker_main,
            args=(
                child,
                os.getpid(),
                self.context,
                self.limits,
                self.convert,
                self.ocr_threads,
                self.validate,
            ),
            # not daemonic, so that a reader may spread a scan's pages over processes of its own; it dies
            # with its parent all the same (PR_SET_PDEATHSIG) and the pool is closed at exit at the latest
            daemon=False,
            name="jiangxin-reader",
        )
        process.start()
        child.close()
        worker = _Worker(process=process, conn=parent)
        self._workers.append(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self._workers.remove(worker)

    def close(self) -> None:
        atexit.unregister(self.close)
        for worker in list(self._workers):
            with contextlib.suppress(OSError, BrokenPipeError):
                worker.conn.send(None)
        for worker in list(self._workers):
            worker.process.join(timeout=2)
            self._discard(worker)

    # -- reading --
    def read(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Extraction]]:
        """(job, extraction) for every job, in the order they finish."""
        queue = deque(jobs)
        seconds = self.limits.seconds_per_file
        while queue or any(w.job is not None for w in self._workers):
            # keep every worker busy
            while queue:
                idle = next((w for w in self._workers if w.job is None), None)
                if idle is None and len(self._workers) < self.size:
                    idle = self._spawn()
                if idle is None:
                    break
                job = queue.popleft()
                # the cores no other busy reader is using: the pages of a scanned file spread over them
                others = sum(1 for w in self._workers if w.job is not None and w is not idle)
                try:
                    idle.conn.send((job, max(1, self.cores - others)))
                except (OSError, BrokenPipeError):
                    self._discard(idle)
                    queue.appendleft(job)
                    continue
                idle.job = job
                idle.deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                continue
            now = time.monotonic()
            wait_for = max(0.0, min(w.deadline for w in busy) - now)
            ready = wait([w.conn for w in busy], timeout=None if wait_for == float("inf") else wait_for)
            finished: list[tuple[Job, Extraction]] = []
            for worker in busy:
                if worker.job is None:
                    continue
                job = worker.job
                if worker.conn in ready:
                    try:
                        result: Extraction = worker.conn.recv()
                    except (EOFError, OSError):
                        result = self._crashed(worker, job)
                        self._discard(worker)
                    else:
                        worker.job = None
                    finished.append((job, result))
                elif time.monotonic() >= worker.deadline:
                    self._discard(worker)
                    finished.append((job, failed(job, ErrorClass.TIMEOUT, timeout_message(self.limits))))
            yield from finished

    def _crashed(self, worker: _Worker, job: Job) -> Extraction:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
            # the kernel's out-of-memory killer, or a library failing an allocation under the limit
            return failed(
                job, ErrorClass.TOO_LARGE, memory_message(self.limits) + f"（读取进程退出，信号 {-code}）"
            )
        return failed(job, ErrorClass.CORRUPT, f"读取这个文件时读取进程异常退出（退出码 {code}）。")
