"""The inbox consumer: take settled files, claim them, read them, store them, then move them.

Order of work for each file, so that a crash at any point loses nothing and duplicates nothing:
1. claim: an atomic rename into the hidden claims folder (a second ingest can no longer take it);
2. hash; a known SHA-256 is a duplicate (or an unfinished move of our own, completed now);
3. read in a worker process; 4. commit the record (with its planned archive path);
5. move the file to the archive, or to quarantine beside a plain-Chinese `.error.txt`.
A re-run first returns the claims of dead processes to the inbox and finishes their work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors import EXTRACTOR_VERSION, ExtractContext, Extraction, Limits, extract_file, sha256_file
from extractors.errors import ADVICE, ErrorClass
from extractors.sniff import is_ignored_name

from .labels import RESULT_LABELS
from .workspace import Workspace

if TYPE_CHECKING:
    from .store import Store, StoredDocument

STORED = "stored"
DUPLICATE = "duplicate"
FAILED = "failed"
DEFERRED = "deferred"
WAITING = "waiting"

__all__ = ["RESULT_LABELS", "Consumer", "FileOutcome", "IngestSummary", "Progress", "scan_inbox"]


@dataclass(slots=True)
class FileOutcome:
    """What happened to one file of the inbox."""

    file: str  # path relative to the inbox
    result: str
    sha256: str | None = None
    kind: str | None = None
    format: str | None = None
    error: str | None = None
    reason: str | None = None
    moved_to: str | None = None
    document_id: int | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "result": self.result,
            "kind": self.kind,
            "error": self.error,
            "reason": self.reason,
            "moved_to": self.moved_to,
            "document_id": self.document_id,
            "warnings": self.warnings,
        }


@dataclass(slots=True)
class IngestSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(o.result for o in self.outcomes)

    def by_kind(self) -> Counter[tuple[str, str]]:
        return Counter((o.kind or "-", o.result) for o in self.outcomes)

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "counts": dict(self.counts()),
            "files": [o.to_json() for o in self.outcomes],
        }


class Progress:
    """Receives progress from a run; the CLI draws a bar or prints lines. The default says nothing."""

    def start(self, total: int) -> None:
        pass

    def advance(self, outcome: FileOutcome) -> None:
        pass

    def waiting(self, files: int, seconds_left: float) -> None:
        """A one-shot ingest waits for `files` still being written, at most `seconds_left` more."""


# --- finding files ---------------------------------------------------------------------------------


def scan_inbox(inbox: Path) -> list[Path]:
    """Every candidate file below the inbox, subfolders included; hidden folders, lock and temporary
    files are left alone."""
    found: list[Path] = []
    if not inbox.is_dir():
        return found
    for folder, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not is_ignored_name(name):
                found.append(Path(folder) / name)
    return found


def is_settled(path: Path, settle_seconds: float, now: float | None = None) -> bool:
    """A file is complete when its modification time is at least `settle_seconds` old."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    return (now or time.time()) - st.st_mtime >= settle_seconds


# --- moving files without ever overwriting ------------------------------------------------------------


def _candidates(dest_dir: Path, name: str) -> Iterator[Path]:
    stem, suffix = os.path.splitext(name)
    yield dest_dir / name
    n = 2
    while True:
        yield dest_dir / f"{stem} ({n}){suffix}"
        n += 1


def free_name(dest_dir: Path, name: str) -> Path:
    """The first of `name`, `name (2)`, `name (3)` … that does not exist yet."""
    return next(p for p in _candidates(dest_dir, name) if not p.exists())


def move_no_clobber(src: Path, dest: Path) -> Path:
    """Move `src` to `dest`, or to the next free name beside it; never overwrites anything."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for target in _candidates(dest.parent, dest.name):
        try:
            os.link(src, target)  # fails if target exists: atomic no-clobber
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            try:
                with src.open("rb") as fin, target.open("xb") as fout:
                    while chunk := fin.read(1 << 20):
                        fout.write(chunk)
            except FileExistsError:
                continue
        os.unlink(src)
        return target
    raise AssertionError("unreachable")


# --- claims -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Claim:
    rel: str  # path relative to the inbox, as the clerk dropped it
    path: Path  # where the file is now, inside this process's claims folder
    size: int = 0
    sha256: str = ""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_folder(ws: Workspace) -> Path:
    return ws.claims_dir / f"{socket.gethostname()}-{os.getpid()}"


def recover_claims(ws: Workspace) -> int:
    """Return to the inbox the files claimed by processes of this host that are no longer running."""
    if not ws.claims_dir.is_dir():
        return 0
    host = socket.gethostname()
    returned = 0
    for owner in ws.claims_dir.iterdir():
        name, _, pid = owner.name.rpartition("-")
        if name != host or not pid.isdigit() or int(pid) == os.getpid() or _pid_alive(int(pid)):
            continue
        for folder, _dirs, files in os.walk(owner):
            for f in files:
                src = Path(folder) / f
                rel = src.relative_to(owner)
                move_no_clobber(src, ws.inbox / rel)
                returned += 1
        for folder, dirs, _files in sorted(os.walk(owner), key=lambda t: -len(t[0])):
            for d in dirs:
                with contextlib.suppress(OSError):
                    (Path(folder) / d).rmdir()
        with contextlib.suppress(OSError):
            owner.rmdir()
    return returned


# --- the consumer ------------------------------------------------------------------------------------

_context: ExtractContext | None = None
_limits: Limits | None = None
_convert: bool = True


def _init_worker(context: ExtractContext, limits: Limits, convert: bool) -> None:
    global _context, _limits, _convert
    _context, _limits, _convert = context, limits, convert


def _extract_job(path: str, rel: str, sha256: str) -> Extraction:
    return extract_file(
        Path(path), _context, _limits, display_name=rel, sha256=sha256, convert_legacy=_convert
    )


class Consumer:
    """One pass over the inbox. Reading runs in a process pool; storing and moving stay here."""

    def __init__(
        self,
        ws: Workspace,
        store: Store,
        *,
        progress: Progress | None = None,
        workers: int | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        wait_for_settle: bool = False,
    ) -> None:
        self.ws = ws
        self.store = store
        self.progress = progress or Progress()
        cfg = ws.ingest
        self.workers = workers if workers is not None else (cfg.workers or os.cpu_count() or 1)
        self.limits = Limits(
            max_file_bytes=int(cfg.max_file_mb * 1048576), max_part_bytes=int(cfg.max_part_mb * 1048576)
        )
        self.clock = clock
        self.sleep = sleep
        # a one-shot ingest waits for files still being written (up to settle_wait_seconds); `watch`
        # does not need to: its next pass takes them
        self.wait_for_settle = wait_for_settle
        self._events: list[dict[str, Any]] = []

    # -- public --
    def run(self) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        recover_claims(self.ws)
        candidates = scan_inbox(self.ws.inbox)
        if not candidates:
            summary.seconds = time.perf_counter() - started
            return summary
        now = self.clock()
        settled = [p for p in candidates if is_settled(p, self.ws.ingest.settle_seconds, now)]
        taken = set(settled)
        # a file that vanished since the scan was taken by another ingest: not ours to report
        waiting = [p for p in candidates if p not in taken and p.exists()]
        reason = "文件仍在写入或复制，稍后自动处理"
        if waiting and self.wait_for_settle:
            settled += self._wait_settled(waiting)
            waiting = [p for p in waiting if p not in set(settled) and p.exists()]
            reason = (
                f"文件在 {self.ws.ingest.settle_wait_seconds:g} 秒内一直在变化（可能仍在复制），"
                "未处理；复制完成后请再次运行 jiangxin ingest"
            )
        self.progress.start(len(candidates))
        for p in waiting:
            self._report(summary, FileOutcome(file=self._rel(p), result=WAITING, reason=reason))
        claims = [c for c in (self._claim(p) for p in settled) if c is not None]
        try:
            to_read = self._sort_known(claims, summary)
            if to_read:
                context = self._context()
                for claim, extraction in self._extract_all(to_read, context):
                    self._finish(claim, extraction, summary, context)
        finally:
            self._flush_events()
        self._release_folder()
        summary.seconds = time.perf_counter() - started
        self._write_log(summary)
        return summary

    # -- steps --
    def _wait_settled(self, waiting: list[Path]) -> list[Path]:
        """Wait (counting down) until files still being written have settled, up to the bound;
        returns those that settled. A file that keeps changing is left for the next run."""
        cfg = self.ws.ingest
        deadline = self.clock() + cfg.settle_wait_seconds
        pending = list(waiting)
        done: list[Path] = []
        while pending:
            now = self.clock()
            if now >= deadline:
                break
            ready = [p for p in pending if is_settled(p, cfg.settle_seconds, now)]
            done += ready
            pending = [p for p in pending if p not in ready and p.exists()]
            if not pending:
                break
            ages = []
            for p in pending:
                with contextlib.suppress(FileNotFoundError):
                    ages.append(now - p.stat().st_mtime)
            need = max((cfg.settle_seconds - age for age in ages), default=0.0)
            self.progress.waiting(len(pending), min(deadline - now, max(need, 0.0)))
            self.sleep(min(1.0, max(0.05, need), max(0.05, deadline - now)))
        now = self.clock()
        done += [p for p in pending if is_settled(p, cfg.settle_seconds, now)]
        return done

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.ws.inbox).as_posix()
        except ValueError:
            return path.name

    def _claim(self, path: Path) -> Claim | None:
        rel = self._rel(path)
        target = _owner_folder(self.ws) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None  # another ingest took it first
        except PermissionError:
            return None  # locked by the program still writing it: next pass
        return Claim(rel=rel, path=target, size=target.stat().st_size)

    def _sort_known(self, claims: list[Claim], summary: IngestSummary) -> list[Claim]:
        """Hash every claim; files already stored are archived as duplicates without being read."""
        for claim in claims:
            claim.sha256 = sha256_file(claim.path)
        known = self.store.documents_by_sha([c.sha256 for c in claims])
        fresh: list[Claim] = []
        seen_now: dict[str, str] = {}
        for claim in claims:
            if claim.sha256 in known:
                self._known(claim, known[claim.sha256], summary)
            elif claim.sha256 in seen_now:
                self._duplicate(claim, summary, f"与同批文件“{seen_now[claim.sha256]}”内容完全相同")
            else:
                seen_now[claim.sha256] = claim.rel
                fresh.append(claim)
        return fresh

    def _known(self, claim: Claim, stored: StoredDocument, summary: IngestSummary) -> None:
        archived = self.ws.root / stored.archived_path
        if not archived.exists():
            # our own earlier run committed this record but stopped before moving the file
            final = move_no_clobber(claim.path, archived)
            outcome = FileOutcome(
                file=claim.rel, result=STORED, sha256=claim.sha256, kind=stored.kind,
                reason="上次处理中断，本次完成归档", moved_to=self._ws_rel(final), document_id=stored.id,
            )  # fmt: skip
            self._event(
                file_name=claim.rel, result=STORED, sha256=claim.sha256, kind=stored.kind,
                reason=outcome.reason, moved_to=outcome.moved_to, document_id=stored.id,
            )  # fmt: skip
            self._report(summary, outcome)
            return
        self._duplicate(
            claim, summary, f"与已入库文件“{stored.file_name}”（编号 {stored.id}）内容完全相同，未重复入库"
        )

    def _duplicate(self, claim: Claim, summary: IngestSummary, reason: str) -> None:
        final = move_no_clobber(claim.path, self.ws.archive_dir("duplicate") / Path(claim.rel).name)
        outcome = FileOutcome(
            file=claim.rel, result=DUPLICATE, sha256=claim.sha256, reason=reason, moved_to=self._ws_rel(final)
        )
        self._event(
            file_name=claim.rel,
            result=DUPLICATE,
            sha256=claim.sha256,
            reason=reason,
            moved_to=outcome.moved_to,
        )
        self._report(summary, outcome)

    def _context(self) -> ExtractContext:
        roster = self.store.roster(self.ws.year)
        names = frozenset(p.name for p in roster.record.people) if roster else frozenset()
        units = set(self.ws.organization.all_units())
        units.update(a.unit for a in self.store.awards() if a.unit)
        return ExtractContext(year=self.ws.year, known_names=names, known_units=frozenset(units))

    def _extract_all(
        self, claims: list[Claim], context: ExtractContext
    ) -> Iterable[tuple[Claim, Extraction]]:
        convert = self.ws.ingest.convert_legacy
        if self.workers <= 1 or len(claims) < 4:
            _init_worker(context, self.limits, convert)
            for claim in claims:
                yield claim, _extract_job(str(claim.path), claim.rel, claim.sha256)
            return
        # keep a bounded number of files in flight so memory stays flat however big the batch
        window = self.workers * 4
        with ProcessPoolExecutor(
            max_workers=self.workers, initializer=_init_worker, initargs=(context, self.limits, convert)
        ) as pool:
            pending: dict[Future[Extraction], Claim] = {}
            queue = iter(claims)
            for claim in queue:
                pending[pool.submit(_extract_job, str(claim.path), claim.rel, claim.sha256)] = claim
                if len(pending) >= window:
                    break
            while pending:
                done = next(iter(pending))  # results in submission order keep the log readable
                claim = pending.pop(done)
                yield claim, done.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending[pool.submit(_extract_job, str(nxt.path), nxt.rel, nxt.sha256)] = nxt

    def _finish(
        self, claim: Claim, extraction: Extraction, summary: IngestSummary, context: ExtractContext
    ) -> None:
        if not extraction.ok and extraction.retryable:
            retried = self._retry(claim, extraction, context)
            if retried is None:
                again = "复制完成后请再次运行 jiangxin ingest" if self.wait_for_settle else "稍后自动重试"
                outcome = FileOutcome(
                    file=claim.rel, result=DEFERRED, sha256=claim.sha256,
                    reason=f"文件可能尚未复制完成，已放回收件箱，{again}",
                )  # fmt: skip
                self._event(file_name=claim.rel, result=DEFERRED, reason=outcome.reason)
                self._report(summary, outcome)
                return
            extraction = retried
        if extraction.ok:
            self._store(claim, extraction, summary)
        else:
            self._quarantine(claim, extraction, summary)

    def _retry(self, claim: Claim, first: Extraction, context: ExtractContext) -> Extraction | None:
        """Re-read a file that looked incomplete, with backoff; give it back to the inbox while young."""
        cfg = self.ws.ingest
        extraction = first
        delay = cfg.retry_backoff_seconds
        for _ in range(cfg.retry_attempts):
            if not self._young(claim):
                break
            self.sleep(delay)
            delay *= 2
            claim.sha256 = sha256_file(claim.path)
            claim.size = claim.path.stat().st_size
            extraction = extract_file(
                claim.path, context, self.limits, display_name=claim.rel, sha256=claim.sha256,
                convert_legacy=cfg.convert_legacy,
            )  # fmt: skip
            if extraction.ok or not extraction.retryable:
                return extraction
        if self._young(claim):
            move_no_clobber(claim.path, self.ws.inbox / claim.rel)
            return None
        return extraction

    def _young(self, claim: Claim) -> bool:
        try:
            mtime = claim.path.stat().st_mtime
        except FileNotFoundError:
            return False
        return self.clock() - mtime < self.ws.ingest.incomplete_grace_seconds

    def _store(self, claim: Claim, extraction: Extraction, summary: IngestSummary) -> None:
        from .store import NewDocument

        kind = extraction.kind or "unknown"
        planned = free_name(self.ws.archive_dir(kind), Path(claim.rel).name)
        doc_id = self.store.add_document(
            NewDocument(
                sha256=claim.sha256,
                file_name=Path(claim.rel).name,
                original_path=claim.rel,
                archived_path=self._ws_rel(planned),
                format=extraction.format or "",
                kind=kind,
                size=claim.size,
                year=self.ws.year,
                extractor_version=EXTRACTOR_VERSION,
                record=extraction.record,
                warnings=extraction.warnings,
            )
        )
        final = move_no_clobber(claim.path, planned)
        if final != planned:
            self.store.set_archived_path(doc_id, self._ws_rel(final))
        reason = "；".join(extraction.warnings) if extraction.warnings else None
        outcome = FileOutcome(
            file=claim.rel, result=STORED, sha256=claim.sha256, kind=kind, format=extraction.format,
            reason=reason, moved_to=self._ws_rel(final), document_id=doc_id, warnings=extraction.warnings,
        )  # fmt: skip
        self._event(
            file_name=claim.rel, result=STORED, sha256=claim.sha256, kind=kind, reason=reason,
            moved_to=outcome.moved_to, document_id=doc_id,
        )  # fmt: skip
        self._report(summary, outcome)

    def _quarantine(self, claim: Claim, extraction: Extraction, summary: IngestSummary) -> None:
        error = extraction.error or ErrorClass.CORRUPT
        final = move_no_clobber(claim.path, self.ws.quarantine_dir / Path(claim.rel).name)
        note = final.with_name(final.name + ".error.txt")
        note.write_text(
            quarantine_note(claim.rel, error, extraction.message or "", self.clock()), encoding="utf-8"
        )
        outcome = FileOutcome(
            file=claim.rel, result=FAILED, sha256=claim.sha256, kind=extraction.kind, error=str(error),
            reason=extraction.message, moved_to=self._ws_rel(final),
        )  # fmt: skip
        self._event(
            file_name=claim.rel, result=FAILED, sha256=claim.sha256, error=str(error),
            reason=extraction.message, moved_to=outcome.moved_to,
        )  # fmt: skip
        self._report(summary, outcome)

    def _event(self, **event: Any) -> None:
        """Buffer an ingest event; written in batches (an event lost in a crash is logged again on re-run)."""
        self._events.append(event)
        if len(self._events) >= 500:
            self._flush_events()

    def _flush_events(self) -> None:
        self.store.log_events(self._events)
        self._events = []

    def _report(self, summary: IngestSummary, outcome: FileOutcome) -> None:
        summary.outcomes.append(outcome)
        self.progress.advance(outcome)

    def _ws_rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.ws.root).as_posix()
        except ValueError:
            return str(path)

    def _release_folder(self) -> None:
        owner = _owner_folder(self.ws)
        if owner.is_dir():
            for folder, _dirs, _files in sorted(os.walk(owner), key=lambda t: -len(t[0])):
                with contextlib.suppress(OSError):
                    Path(folder).rmdir()
        with contextlib.suppress(OSError):
            self.ws.claims_dir.rmdir()

    def _write_log(self, summary: IngestSummary) -> None:
        from .ingest_log import append_ingest_log

        rows = [o for o in summary.outcomes if o.result != WAITING]
        if rows:
            append_ingest_log(self.ws.outbox / "ingest-log.xlsx", rows)


def quarantine_note(file: str, error: ErrorClass, message: str, when: float) -> str:
    """The text of `<name>.error.txt`: what was wrong and what to do, in plain Chinese."""
    stamp = dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"文件：{file}\n"
        f"时间：{stamp}\n"
        f"问题：{message}\n"
        f"处理建议：{ADVICE[error]}\n"
        f"错误类别：{error}\n"
        "说明：本文件未被删除。处理好后，把修正后的文件重新放入收件箱即可；本隔离文件可自行删除或保留。\n"
    )
