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
import ctypes
import datetime as dt
import errno
import os
import socket
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors import EXTRACTOR_VERSION, ExtractContext, Extraction, sha256_file
from extractors.errors import ADVICE, ErrorClass
from extractors.sniff import is_ignored_name, looks_unfinished

from .core.labels import RESULT_LABELS
from .core.paths import free_name, name_candidates
from .core.records import Record
from .core.warnings import FieldWarning, readable_warnings
from .workers import ExtractPool, Job
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
    warnings: list[FieldWarning] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "result": self.result,
            "kind": self.kind,
            "error": self.error,
            "reason": self.reason,
            "moved_to": self.moved_to,
            "document_id": self.document_id,
            "warnings": [w.to_json() for w in self.warnings],
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
    files are left alone. Links are never followed: a link (to a file or a folder, dangling or in a
    loop) is itself a candidate, to be refused; pipes, sockets and devices are skipped (reading a
    pipe would wait for ever)."""
    found: list[Path] = []
    if not inbox.is_dir():
        return found
    for folder, dirs, files in os.walk(inbox, followlinks=False):
        here = Path(folder)
        links = [d for d in dirs if not d.startswith(".") and (here / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in links)
        for name in sorted([*files, *links]):
            if is_ignored_name(name):
                continue
            try:
                mode = (here / name).lstat().st_mode
            except OSError:
                continue  # gone since the listing
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                found.append(here / name)
    return found


def is_settled(path: Path, settle_seconds: float, now: float | None = None) -> bool:
    """A file is complete when its modification time is at least `settle_seconds` old (a link's own
    time: it is never followed)."""
    try:
        st = path.lstat()
    except OSError:
        return False
    return (now or time.time()) - st.st_mtime >= settle_seconds


# --- names -----------------------------------------------------------------------------------------

# room left in a 255-byte file name for " (123)" and ".error.txt"
_NAME_BYTES = 200
_SUFFIX_CHARS = 16


def shown_name(name: str) -> str:
    """A name as the office reads it: bytes that are not UTF-8 shown as \\xNN, nothing lost."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_name(name: str) -> str:
    """A name every file system and every output accepts: no control characters, valid UTF-8, short
    enough for the numbered and `.error.txt` variants to fit in 255 bytes."""
    text = shown_name(name)
    text = "".join(ch if ch.isprintable() or ch == " " else "_" for ch in text).strip() or "文件"
    stem, suffix = os.path.splitext(text)
    if len(suffix) > _SUFFIX_CHARS:
        stem, suffix = text, ""
    budget = _NAME_BYTES - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", "ignore").rstrip() + "…"
    return (stem or "文件") + suffix


# --- moving files without ever overwriting ------------------------------------------------------------


_RENAME_NOREPLACE = 1
_renameat2: Any = None


def _rename_noreplace(src: Path, target: Path) -> bool:
    """Atomically rename `src` to `target` unless `target` exists (Linux renameat2). False when the
    system or the file system cannot; FileExistsError when `target` exists."""
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if _renameat2 is False:
        return False
    at_fdcwd = -100
    rc = _renameat2(at_fdcwd, os.fsencode(src), at_fdcwd, os.fsencode(target), _RENAME_NOREPLACE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err == errno.EEXIST:
        raise FileExistsError(err, os.strerror(err), str(target))
    if err in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(src))


def move_no_clobber(src: Path, dest: Path) -> Path:
    """Move `src` to `dest`, or to the next free name beside it; never overwrites anything and never
    follows a link. A rename that refuses to replace is used where the system has one, so a crash
    leaves the file in exactly one place; elsewhere a hard link then an unlink (a crash between the
    two is repaired by `recover_claims`)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for target in name_candidates(dest.parent, dest.name):
        try:
            if _rename_noreplace(src, target):
                return target
        except FileExistsError:
            continue
        try:
            os.link(src, target, follow_symlinks=False)  # fails if target exists: atomic no-clobber
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if src.is_symlink():
                os.symlink(os.readlink(src), target)
            else:
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

    @property
    def shown(self) -> str:
        """The path as the office reads it (bytes that are not UTF-8 shown as \\xNN)."""
        return shown_name(self.rel)

    @property
    def safe(self) -> str:
        """The file name to archive or quarantine it under."""
        return safe_name(Path(self.rel).name)


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


def recover_claims(ws: Workspace, known: Callable[[str], str | None] | None = None) -> int:
    """Return to the inbox the files claimed by processes of this host that are no longer running.

    A dead process's folder is first renamed to one named after this process, so when two ingests
    recover at once only one gets it. A claimed file that is also a hard link of a file in the archive
    or quarantine is the leftover of a move cut short: it is removed, not returned. `known` maps a
    SHA-256 to the archive path of the stored document, if any."""
    if not ws.claims_dir.is_dir():
        return 0
    host = socket.gethostname()
    returned = 0
    for owner in ws.claims_dir.iterdir():
        name, _, tail = owner.name.rpartition("-")
        pid = tail.split(".", 1)[0]  # '<pid>' or, while being recovered, '<pid>.from<dead pid>'
        if name != host or not pid.isdigit() or int(pid) == os.getpid() or _pid_alive(int(pid)):
            continue
        taken = ws.claims_dir / f"{host}-{os.getpid()}.from{pid}"
        try:
            os.rename(owner, taken)
        except OSError:
            continue  # another ingest is recovering it
        for folder, _dirs, files in os.walk(taken):
            for f in files:
                src = Path(folder) / f
                rel = src.relative_to(taken)
                if _already_moved(ws, src, known):
                    with contextlib.suppress(FileNotFoundError):
                        src.unlink()
                    continue
                with contextlib.suppress(FileNotFoundError):
                    move_no_clobber(src, ws.inbox / rel)
                    returned += 1
        for folder, dirs, _files in sorted(os.walk(taken), key=lambda t: -len(t[0])):
            for d in dirs:
                with contextlib.suppress(OSError):
                    (Path(folder) / d).rmdir()
        with contextlib.suppress(OSError):
            taken.rmdir()
    return returned


def _already_moved(ws: Workspace, src: Path, known: Callable[[str], str | None] | None) -> bool:
    """Whether `src` is the second name of a file already in the archive or the quarantine."""
    try:
        st = src.lstat()
    except OSError:
        return False
    if st.st_nlink < 2 or not stat.S_ISREG(st.st_mode):
        return False
    places: list[Path] = []
    if known is not None:
        from extractors import sha256_file

        archived = known(sha256_file(src))
        if archived:
            places.append(ws.root / archived)
    if ws.quarantine_dir.is_dir():
        places.extend(ws.quarantine_dir.iterdir())
    dup = ws.archive_dir("duplicate")
    if dup.is_dir():
        places.extend(dup.iterdir())
    for place in places:
        with contextlib.suppress(OSError):
            other = place.lstat()
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return True
    return False


# --- the consumer ------------------------------------------------------------------------------------


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
        self.limits = ws.limits.to_limits()
        self._pool: ExtractPool | None = None
        self.clock = clock
        self.sleep = sleep
        # a one-shot ingest waits for files still being written (up to settle_wait_seconds); `watch`
        # does not need to: its next pass takes them
        self.wait_for_settle = wait_for_settle
        self._events: list[dict[str, Any]] = []
        self._twins: list[Claim] = []  # same content as another file of this batch

    # -- public --
    def run(self) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        recover_claims(self.ws, self._archived_path_of)
        self._repair_quarantine()
        candidates = scan_inbox(self.ws.inbox)
        if not candidates:
            summary.seconds = time.perf_counter() - started
            return summary
        now = self.clock()
        settled = [p for p in candidates if is_settled(p, self.ws.ingest.settle_seconds, now)]
        taken = set(settled)
        # a file that vanished since the scan was taken by another ingest: not ours to report
        waiting = [p for p in candidates if p not in taken and os.path.lexists(p)]
        reason = "文件仍在写入或复制，稍后自动处理"
        if waiting and self.wait_for_settle:
            settled += self._wait_settled(waiting)
            waiting = [p for p in waiting if p not in set(settled) and os.path.lexists(p)]
            reason = (
                f"文件在 {self.ws.ingest.settle_wait_seconds:g} 秒内一直在变化（可能仍在复制），"
                "未处理；复制完成后请再次运行 jiangxin ingest"
            )
        self.progress.start(len(candidates))
        for p in waiting:
            self._report(summary, FileOutcome(file=shown_name(self._rel(p)), result=WAITING, reason=reason))
        settled = self._leave_unfinished(settled, summary)
        claims = [c for c in (self._claim(p, summary) for p in settled) if c is not None]
        try:
            to_read = self._sort_known(claims, summary)
            if to_read:
                context = self._context()
                for claim, extraction in self._extract_all(to_read, context):
                    self._finish(claim, extraction, summary, context)
            self._settle_twins(summary)
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
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

    def _leave_unfinished(self, settled: list[Path], summary: IngestSummary) -> list[Path]:
        """Files that stop short of their end stay where they are while young: a writer that pauses and
        reopens the file to go on writing finds it in place, so it is never taken in two pieces."""
        now = self.clock()
        grace = self.ws.ingest.incomplete_grace_seconds
        later = "复制完成后请再次运行 jiangxin ingest" if self.wait_for_settle else "写完后自动处理"
        taken: list[Path] = []
        for p in settled:
            try:
                young = now - p.lstat().st_mtime < grace
                unfinished = young and not p.is_symlink() and looks_unfinished(p)
            except OSError:
                unfinished = False  # unreadable or gone: the claim says so
            if unfinished:
                reason = f"文件不完整（可能仍在写入或复制），暂不取出，{later}"
                self._report(
                    summary, FileOutcome(file=shown_name(self._rel(p)), result=WAITING, reason=reason)
                )
            else:
                taken.append(p)
        return taken

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.ws.inbox).as_posix()
        except ValueError:
            return path.name

    def _claim(self, path: Path, summary: IngestSummary) -> Claim | None:
        rel = self._rel(path)
        target = _owner_folder(self.ws) / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, target)
            size = target.lstat().st_size
        except FileNotFoundError:
            return None  # another ingest took it first
        except PermissionError:
            return None  # locked by the program still writing it: next pass
        except OSError as exc:  # a name the file system refuses here: said, and the rest go on
            reason = f"无法取出处理（{exc.strerror or exc}）。请把文件改个短一些的名字后重新放入收件箱。"
            self._report(summary, FileOutcome(file=shown_name(rel), result=WAITING, reason=reason))
            return None
        return Claim(rel=rel, path=target, size=size)

    def _sort_known(self, claims: list[Claim], summary: IngestSummary) -> list[Claim]:
        """Hash every claim; files already stored are archived as duplicates without being read.
        A link is refused without being followed; a file that cannot be read is quarantined."""
        readable: list[Claim] = []
        for claim in claims:
            if claim.path.is_symlink():
                self._refuse(claim, summary, ErrorClass.NOT_A_DOCUMENT, LINK_REASON)
                continue
            try:
                claim.sha256 = sha256_file(claim.path)
            except OSError as exc:
                self._refuse(
                    claim, summary, ErrorClass.CORRUPT,
                    f"文件无法读取（{exc.strerror or exc}）。请检查文件的读取权限，或重新复制一份放入收件箱。",
                )  # fmt: skip
                continue
            readable.append(claim)
        claims = readable
        known = self.store.documents_by_sha([c.sha256 for c in claims])
        fresh: list[Claim] = []
        seen_now: dict[str, str] = {}
        for claim in claims:
            if claim.sha256 in known:
                self._known(claim, known[claim.sha256], summary)
            elif claim.sha256 in seen_now:
                self._twins.append(claim)  # settled once its first copy is stored or refused
            else:
                seen_now[claim.sha256] = claim.shown
                fresh.append(claim)
        return fresh

    def _settle_twins(self, summary: IngestSummary) -> None:
        """A file with the same content as another of this batch is a duplicate once that one is
        stored; when that one was refused, the twin is refused with the same reason (never archived as
        a duplicate of nothing, so the content is not lost when a good copy comes later)."""
        twins, self._twins = self._twins, []
        if not twins:
            return
        first = {o.sha256: o for o in summary.outcomes if o.result in (STORED, FAILED, DEFERRED) and o.sha256}
        for claim in twins:
            original = first.get(claim.sha256)
            if original is None or original.result == STORED:
                name = original.file if original else "同批文件"
                self._duplicate(claim, summary, f"与同批文件“{name}”内容完全相同")
            elif original.result == DEFERRED:
                move_no_clobber(claim.path, self.ws.inbox / claim.rel)
                outcome = FileOutcome(
                    file=claim.shown, result=DEFERRED, sha256=claim.sha256, reason=original.reason
                )
                self._report(summary, outcome)
            else:
                error = ErrorClass(original.error) if original.error else ErrorClass.CORRUPT
                self._refuse(
                    claim,
                    summary,
                    error,
                    f"与同批文件“{original.file}”内容完全相同，该文件未能读取：{original.reason or ''}",
                )

    def _known(self, claim: Claim, stored: StoredDocument, summary: IngestSummary) -> None:
        archived = self.ws.root / stored.archived_path
        if not archived.exists():
            # our own earlier run committed this record but stopped before moving the file
            final = move_no_clobber(claim.path, archived)
            outcome = FileOutcome(
                file=claim.shown, result=STORED, sha256=claim.sha256, kind=stored.kind,
                reason="上次处理中断，本次完成归档", moved_to=self._ws_rel(final), document_id=stored.id,
            )  # fmt: skip
            self._event(
                file_name=claim.shown, result=STORED, sha256=claim.sha256, kind=stored.kind,
                reason=outcome.reason, moved_to=outcome.moved_to, document_id=stored.id,
            )  # fmt: skip
            self._report(summary, outcome)
            return
        self._duplicate(
            claim, summary, f"与已入库文件“{stored.file_name}”（编号 {stored.id}）内容完全相同，未重复入库"
        )

    def _duplicate(self, claim: Claim, summary: IngestSummary, reason: str) -> None:
        final = move_no_clobber(claim.path, self.ws.archive_dir("duplicate") / claim.safe)
        outcome = FileOutcome(
            file=claim.shown,
            result=DUPLICATE,
            sha256=claim.sha256,
            reason=reason,
            moved_to=self._ws_rel(final),
        )
        self._event(
            file_name=claim.shown,
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
        """Read every claim in worker processes, each within the per-file time and memory limits;
        results come back as they finish, so one slow file holds up no other."""
        by_path = {str(c.path): c for c in claims}
        pool = self._reader_pool(context, len(claims))
        for job, extraction in pool.read(Job(str(c.path), c.shown, c.sha256) for c in claims):
            yield by_path[job.path], extraction

    def _reader_pool(self, context: ExtractContext, n_files: int) -> ExtractPool:
        if self._pool is None:
            size = max(1, min(self.workers, n_files))
            self._pool = ExtractPool(size, context, self.limits, self.ws.ingest.convert_legacy)
        return self._pool

    def _finish(
        self, claim: Claim, extraction: Extraction, summary: IngestSummary, context: ExtractContext
    ) -> None:
        if not extraction.ok and extraction.retryable:
            retried = self._retry(claim, extraction, context)
            if retried is None:
                again = "复制完成后请再次运行 jiangxin ingest" if self.wait_for_settle else "稍后自动重试"
                outcome = FileOutcome(
                    file=claim.shown, result=DEFERRED, sha256=claim.sha256,
                    reason=f"文件可能尚未复制完成，已放回收件箱，{again}",
                )  # fmt: skip
                self._event(file_name=claim.shown, result=DEFERRED, reason=outcome.reason)
                self._report(summary, outcome)
                return
            extraction = retried
        if extraction.ok and extraction.record is not None:
            self._store(claim, extraction, extraction.record, summary)
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
            [(_job, extraction)] = self._reader_pool(context, 1).read(
                [Job(str(claim.path), claim.shown, claim.sha256)]
            )
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

    def _store(self, claim: Claim, extraction: Extraction, record: Record, summary: IngestSummary) -> None:
        from .store import DuplicateDocument, NewDocument

        kind = extraction.kind or "unknown"
        planned = free_name(self.ws.archive_dir(kind), claim.safe)
        new = NewDocument(
                sha256=claim.sha256,
                file_name=claim.safe,
                original_path=claim.shown,
                archived_path=self._ws_rel(planned),
                format=extraction.format or "",
                kind=kind,
                size=claim.size,
                year=self.ws.year,
                extractor_version=EXTRACTOR_VERSION,
                record=record,
                warnings=extraction.warnings,
        )  # fmt: skip
        try:
            doc_id = self.store.add_document(new)
        except DuplicateDocument:
            # another ingest stored the same content a moment ago: the unique SHA-256 says so
            stored = self.store.document_by_sha(claim.sha256)
            if stored is None:
                raise
            self._duplicate(
                claim,
                summary,
                f"与已入库文件“{stored.file_name}”（编号 {stored.id}）内容完全相同，未重复入库",
            )
            return
        final = move_no_clobber(claim.path, planned)
        if final != planned:
            self.store.set_archived_path(doc_id, self._ws_rel(final))
        reason = readable_warnings(extraction.warnings) or None
        outcome = FileOutcome(
            file=claim.shown, result=STORED, sha256=claim.sha256, kind=kind, format=extraction.format,
            reason=reason, moved_to=self._ws_rel(final), document_id=doc_id, warnings=extraction.warnings,
        )  # fmt: skip
        self._event(
            file_name=claim.shown, result=STORED, sha256=claim.sha256, kind=kind, reason=reason,
            moved_to=outcome.moved_to, document_id=doc_id,
        )  # fmt: skip
        self._report(summary, outcome)

    def _quarantine(self, claim: Claim, extraction: Extraction, summary: IngestSummary) -> None:
        self._refuse(claim, summary, extraction.error or ErrorClass.CORRUPT, extraction.message or "",
                     kind=extraction.kind)  # fmt: skip

    def _refuse(
        self, claim: Claim, summary: IngestSummary, error: ErrorClass, message: str, kind: str | None = None
    ) -> None:
        """Quarantine a file beside its note. The note is written first, so a file in quarantine always
        has one."""
        text = quarantine_note(claim.shown, error, message, self.clock())
        self.ws.quarantine_dir.mkdir(parents=True, exist_ok=True)
        planned = free_name(self.ws.quarantine_dir, claim.safe)
        _write_note(planned, text)
        final = move_no_clobber(claim.path, planned)
        if final != planned:  # another ingest took the name meanwhile (and wrote its note there)
            _write_note(final, text)
        outcome = FileOutcome(
            file=claim.shown, result=FAILED, sha256=claim.sha256, kind=kind, error=str(error),
            reason=message, moved_to=self._ws_rel(final),
        )  # fmt: skip
        self._event(
            file_name=claim.shown, result=FAILED, sha256=claim.sha256, error=str(error),
            reason=message, moved_to=outcome.moved_to,
        )  # fmt: skip
        self._report(summary, outcome)

    def _archived_path_of(self, sha256: str) -> str | None:
        stored = self.store.document_by_sha(sha256)
        return stored.archived_path if stored else None

    def _repair_quarantine(self) -> None:
        """A quarantined file without its note (a crash between the two) gets one. A note left without
        its file is overwritten when the file comes back under the same name."""
        folder = self.ws.quarantine_dir
        if not folder.is_dir():
            return
        names = {p.name for p in folder.iterdir()}
        for name in names:
            if name.endswith(NOTE_SUFFIX) or name.startswith("."):
                continue
            if name + NOTE_SUFFIX not in names and not (folder / name).is_dir():
                _write_note(
                    folder / name,
                    quarantine_note(
                        shown_name(name),
                        ErrorClass.CORRUPT,
                        "上次处理在写下原因之前中断，原因未能记录。",
                        self.clock(),
                    ),
                )

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
        from reports.render.ingest_log import LOG_NAME, append_ingest_log

        rows = [o for o in summary.outcomes if o.result != WAITING]
        if rows:
            append_ingest_log(self.ws.outbox / LOG_NAME, rows)


NOTE_SUFFIX = ".error.txt"
LINK_REASON = "这是一个快捷方式（符号链接），不是文件本身，未跟随读取。请放入文件本身，而不是快捷方式。"


def _note_of(path: Path) -> Path:
    return path.with_name(path.name + NOTE_SUFFIX)


def _write_note(path: Path, text: str) -> None:
    """Write `<name>.error.txt` beside `path` whole or not at all (written aside, then renamed)."""
    note = _note_of(path)
    tmp = note.with_name(f".{os.getpid()}.note.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, note)


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
