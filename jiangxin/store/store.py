"""The record store: documents, records, awards, ingest events and the audit log.

One `Store` per process that writes; every write is one transaction, so a record is either fully
stored (document + record + awards + audit entry) or not at all. A store belongs to one organisation
(office): it writes rows of that office and reads only those, unless opened for every organisation
(the province's view, read across the offices sharing a database).

Every SQL statement of the project is in this package; the rest of the code calls methods.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from sqlalchemy import Select, create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..core.corrections import Correction, apply, open_warnings
from ..core.give_way import give_way
from ..core.kinds import BY_NAME as KIND_SPECS
from ..core.records import (
    Application,
    Record,
    ResultSheet,
    ReviewerList,
    Roster,
    ScoreSheet,
    record_from_json,
)
from ..core.warnings import FieldWarning, warnings_from_json, warnings_to_json
from . import migrate, safety
from . import review_schema as _review_schema  # noqa: F401 - every table joins the metadata
from . import web_schema as _web_schema  # noqa: F401
from .schema import (
    SCHEMA_VERSION,
    AuditRow,
    AwardRow,
    CorrectionRow,
    DocumentRow,
    IngestEventRow,
    RecordRow,
    VersionLinkRow,
    utcnow,
)

T = TypeVar("T")
Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]

# PostgreSQL's serialization failure and deadlock: the transaction is rolled back and may simply be retried
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})
_WRITE_ATTEMPTS = 6


class StoreError(Exception):
    """The database cannot be used (e.g. written by a newer version)."""


class DuplicateDocument(StoreError):
    """The office already stored this file (same SHA-256): another process stored it first."""


class ReadOnlyStore(StoreError):
    """A store opened for every organisation only reads."""


# the record type a stored record holds: `records("application")` gives StoredRecord[Application]
RecordT = TypeVar("RecordT", bound=Record, covariant=True)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    sha256: str
    file_name: str
    original_path: str
    archived_path: str
    format: str
    kind: str
    year: int
    warnings: list[FieldWarning]
    ingested_at: dt.datetime
    organization: str = ""
    extractor_version: str = ""


@dataclass(frozen=True, slots=True)
class StoredRecord(Generic[RecordT]):
    """A record with its provenance: which file it came from and what the extractor doubted."""

    id: int
    kind: str
    year: int
    record: RecordT
    warnings: list[FieldWarning]  # those still open: a correction or confirmation by the office settles one
    document: StoredDocument
    active: bool = True
    # the office's corrections in force (already applied to `record`), and the record as extracted
    corrections: tuple[Correction, ...] = ()
    extracted: RecordT | None = None

    @property
    def corrected_fields(self) -> list[str]:
        return list(dict.fromkeys(c.field for c in self.corrections))


@dataclass(frozen=True, slots=True)
class VersionLink:
    """The office's decision that two submissions are (`same`) or are not (`separate`) one application."""

    id: int
    earlier_sha256: str
    later_sha256: str
    decision: str
    reason: str
    by: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredAward:
    id: int
    year: int
    event: str
    organizer: str | None
    date: str | None
    tier: str | None
    level: str
    scope: str
    names: list[str]
    unit: str | None
    title: str | None
    rank: int | None
    honours: list[str]
    document_id: int
    record_id: int
    file_name: str
    organization: str = ""


@dataclass(slots=True)
class NewDocument:
    """What the inbox consumer hands the store for one successfully read file."""

    sha256: str
    file_name: str
    original_path: str
    archived_path: str
    format: str
    kind: str
    size: int
    year: int
    extractor_version: str
    record: Record
    warnings: list[FieldWarning] = field(default_factory=list)


def _use_wal(cur: Any, wait_seconds: float = 30.0) -> None:
    """Switch the file to WAL (kept in the file: once done, every later connection finds it so). Two
    processes opening a new file at once may both try; the switch needs the file to themselves and
    SQLite does not wait for that, so the loser retries until it finds the file switched."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """SQLite only: a server database has its own settings."""
    cur = dbapi_conn.cursor()
    # first, so that every statement after it (switching a new file to WAL takes a lock) waits its turn
    cur.execute("PRAGMA busy_timeout=30000")  # two clerks' ingests wait for each other
    _use_wal(cur)  # readers never block the single writer
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut loses at most the last commit
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _retryable(exc: DBAPIError) -> bool:
    """A transaction the database gave up that succeeds when run again: PostgreSQL's serialization
    failure or deadlock victim, or SQLite still locked after its busy timeout."""
    code = getattr(exc.orig, "sqlstate", None)
    return code in _RETRY_SQLSTATES or (isinstance(exc, OperationalError) and "locked" in str(exc.orig))


class Store:
    def __init__(self, url: str, organization: str = "", *, all_organizations: bool = False) -> None:
        """Open (creating or upgrading) the database at `url` for `organization`'s office;
        `all_organizations` reads every office's rows and refuses to write."""
        self.url = url
        self.organization = organization
        self.all_organizations = all_organizations
        try:
            safety.check_before_open(url)
            version = safety.stored_schema_version(url)
            if version is not None and version < SCHEMA_VERSION:
                safety.backup(url, reason=f"before-migration-v{version}")
        except safety.StoreOpenError as exc:
            raise StoreError(str(exc)) from exc
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        try:
            self._migrate()
        except migrate.NewerDatabase as exc:
            self.engine.dispose()
            raise StoreError(f"数据库由更新版本的匠心创建（结构版本 {exc}），请升级本软件后再使用。") from exc
        except DatabaseError as exc:
            self.engine.dispose()
            if isinstance(exc, OperationalError) and "locked" in str(exc):
                raise StoreError("数据库正被其他程序长时间占用，请稍后再试。") from exc
            raise StoreError(
                f"数据库无法打开（{exc.orig or exc}），可能已损坏。{safety.RESTORE_ADVICE}"
            ) from exc
        safety.mark_created(url)

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        """Create or upgrade the schema with the Alembic revisions. The migration holds the database's
        write lock; a SQLite file another process is creating at the same moment may still refuse the
        lock briefly, so a failed attempt is retried."""
        for attempt in range(5):
            try:
                migrate.upgrade(self.url, self.organization)
                return
            except (OperationalError, IntegrityError):
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def session(self) -> Session:
        return self._session()

    # --- the organisation's rows, and transactions that survive concurrent writers ---------------
    def mine(self, query: Q, *tables: Any) -> Q:
        """`query` limited to this office's rows of `tables` (every office's in the province's view)."""
        if self.all_organizations:
            return query
        return self._own(query, *tables)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction, again from the start when the database gave it up for a
        concurrent one (serialization failure, deadlock, a lock still held). `work` must be repeatable."""
        if self.all_organizations:
            raise ReadOnlyStore("全省视图只用于查看，不能修改数据；请在各单位自己的工作区中操作。")
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._session.begin() as s:
                    return work(s)
            except DBAPIError as exc:
                if attempt == _WRITE_ATTEMPTS - 1 or not _retryable(exc):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _lock(self, s: Session, *key: object) -> None:
        """Serialize writers of one thing that has no row to lock yet (the year's roster of an office).
        PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer at a time anyway."""
        if not self.is_sqlite:
            digest = zlib.crc32("\x1f".join(map(str, key)).encode("utf-8"))
            s.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": 0x6A78, "b": digest - 2**31})

    # --- writing ---------------------------------------------------------------------------
    def add_document(self, new: NewDocument) -> int:
        """Store a document, its record and its awards in one transaction; returns the document id.
        Raises `DuplicateDocument` when the office already stored the same file."""
        try:
            return self.write(lambda s: self._add_document(s, new))
        except IntegrityError as exc:
            raise DuplicateDocument(f"文件已入库（SHA-256 {new.sha256[:12]}…）") from exc

    def _add_document(self, s: Session, new: NewDocument) -> int:
        record: Record = new.record
        org = self.organization
        doc = DocumentRow(
            organization=org,
            sha256=new.sha256,
            file_name=new.file_name,
            original_path=new.original_path,
            archived_path=new.archived_path,
            format=new.format,
            kind=new.kind,
            size=new.size,
            year=new.year,
            extractor_version=new.extractor_version,
            warnings=warnings_to_json(new.warnings),
        )
        s.add(doc)
        s.flush()
        spec = KIND_SPECS.get(new.kind)
        if spec is not None and spec.replaces_year:
            # a new roster replaces the year's roster; the old one stays as history. Two rosters stored
            # at once by two processes of one office take turns, so exactly one stays active.
            self._lock(s, new.kind, org, new.year)
            replaced = (
                s.execute(
                    update(RecordRow)
                    .where(
                        RecordRow.organization == org,
                        RecordRow.kind == new.kind,
                        RecordRow.year == new.year,
                        RecordRow.active,
                    )
                    .values(active=False)
                    .returning(RecordRow.id)
                )
                .scalars()
                .all()
            )
            if replaced:
                s.add(
                    AuditRow(
                        organization=org,
                        action="replace",
                        entity=new.kind,
                        entity_id=None,
                        detail={"replaced_records": sorted(replaced), "by_document": doc.id},
                    )
                )
        rec = RecordRow(
            organization=org,
            document_id=doc.id,
            kind=new.kind,
            year=new.year,
            data=record.to_json(),
            warnings=warnings_to_json(new.warnings),
        )
        s.add(rec)
        s.flush()
        if spec is not None and spec.indexes_awards:
            corrections = self._corrections(s, [(org, new.sha256)]).get((org, new.sha256), [])
            if corrections:  # the office corrected this file before: its awards count as corrected
                record = record_from_json(apply(rec.data, [(c.field, c.new) for c in corrections]))
            self._add_awards(s, rec, doc, record)
        s.add(
            AuditRow(
                organization=org,
                action="create",
                entity="document",
                entity_id=doc.id,
                detail={"file": new.file_name, "sha256": new.sha256, "kind": new.kind},
            )
        )
        return doc.id

    def _add_awards(self, s: Session, rec: RecordRow, doc: DocumentRow, sheet: Any) -> None:
        year = int(sheet.date[:4]) if sheet.date else doc.year
        for i, award in enumerate(sheet.awards):
            s.add(
                AwardRow(
                    record_id=rec.id,
                    document_id=doc.id,
                    year=year,
                    position=i,
                    event=sheet.event,
                    organizer=sheet.organizer,
                    date=sheet.date,
                    tier=sheet.tier,
                    level=award.level,
                    scope=award.scope,
                    names=list(award.names),
                    unit=award.unit,
                    title=award.title,
                    rank=award.rank,
                    honours=list(award.honours),
                    score=award.score,
                )
            )

    def set_archived_path(self, document_id: int, archived_path: str) -> None:
        self.write(
            lambda s: s.execute(
                update(DocumentRow)
                .where(DocumentRow.id == document_id, DocumentRow.organization == self.organization)
                .values(archived_path=archived_path)
            )
        )

    def deactivate_records(
        self, record_ids: list[int], *, entity: str, entity_id: int | None, **detail: Any
    ) -> list[int]:
        """Mark the office's records `record_ids` as replaced (kept as history) with one audit entry
        (`replace`, the given entity and detail), in one transaction; returns those that were active."""

        def work(s: Session) -> list[int]:
            done = (
                s.execute(
                    update(RecordRow)
                    .where(
                        RecordRow.id.in_(record_ids),
                        RecordRow.organization == self.organization,
                        RecordRow.active,
                    )
                    .values(active=False)
                    .returning(RecordRow.id)
                )
                .scalars()
                .all()
            )
            s.add(AuditRow(organization=self.organization, action="replace", entity=entity,
                           entity_id=entity_id, detail={**detail, "replaced_records": list(record_ids)}))  # fmt: skip
            return sorted(done)

        return self.write(work)

    def log_events(self, events: list[dict[str, Any]]) -> None:
        """Write several ingest events in one transaction."""
        if not events:
            return
        self.write(lambda s: s.add_all(IngestEventRow(organization=self.organization, **e) for e in events))

    def documents_by_sha(self, hashes: list[str]) -> dict[str, StoredDocument]:
        """The office's stored documents among `hashes`, in one query per thousand."""
        found: dict[str, StoredDocument] = {}
        with self.session() as s:
            for i in range(0, len(hashes), 1000):
                chunk = hashes[i : i + 1000]
                q = self._own(select(DocumentRow).where(DocumentRow.sha256.in_(chunk)), DocumentRow)
                found.update((r.sha256, _doc(r)) for r in s.execute(q).scalars())
        return found

    def log_event(
        self,
        *,
        file_name: str,
        result: str,
        sha256: str | None = None,
        kind: str | None = None,
        error: str | None = None,
        reason: str | None = None,
        moved_to: str | None = None,
        document_id: int | None = None,
    ) -> None:
        self.log_events([dict(file_name=file_name, sha256=sha256, kind=kind, result=result, error=error,
                              reason=reason, moved_to=moved_to, document_id=document_id)])  # fmt: skip

    def audit(self, action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
        self.write(lambda s: s.add(self._audit_row(action, entity, entity_id, detail)))

    def _audit_row(self, action: str, entity: str, entity_id: int | None, detail: dict[str, Any]) -> AuditRow:
        return AuditRow(
            organization=self.organization, action=action, entity=entity, entity_id=entity_id, detail=detail
        )

    def _own(self, query: Q, *tables: Any) -> Q:
        """`query` limited to this office's rows even in the province's view (for writes and lookups
        of the office's own files)."""
        return query.where(*(t.organization == self.organization for t in tables))  # type: ignore[return-value]

    # --- reading ---------------------------------------------------------------------------
    def document_by_sha(self, sha256: str) -> StoredDocument | None:
        """The office's own document with this SHA-256."""
        with self.session() as s:
            q = self._own(select(DocumentRow).where(DocumentRow.sha256 == sha256), DocumentRow)
            row = s.execute(q).scalar_one_or_none()
            return _doc(row) if row else None

    @overload
    def records(
        self, kind: Literal["application"], year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[Application]]: ...
    @overload
    def records(
        self, kind: Literal["result_sheet"], year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[ResultSheet]]: ...
    @overload
    def records(
        self, kind: Literal["roster"], year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[Roster]]: ...
    @overload
    def records(
        self, kind: Literal["reviewers"], year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[ReviewerList]]: ...
    @overload
    def records(
        self, kind: Literal["score_sheet"], year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[ScoreSheet]]: ...
    @overload
    def records(
        self, kind: str | None = None, year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[Record]]: ...
    def records(
        self, kind: str | None = None, year: int | None = None, *, active_only: bool = True
    ) -> list[StoredRecord[Any]]:
        """The stored records (of one kind, of one year), oldest first; a kind named literally gives
        records of its type."""
        with self.session() as s:
            q = select(RecordRow, DocumentRow).join(DocumentRow, RecordRow.document_id == DocumentRow.id)
            q = self.mine(q, RecordRow)
            if kind:
                q = q.where(RecordRow.kind == kind)
            if year is not None:
                q = q.where(RecordRow.year == year)
            if active_only:
                q = q.where(RecordRow.active)
            q = q.order_by(RecordRow.id)
            rows = []
            for n, row in enumerate(s.execute(q)):
                if n % 100 == 99:
                    give_way()
                rows.append(row)
            corrections = self._corrections(s, [(d.organization, d.sha256) for _r, d in rows])
            out = []
            for n, (r, d) in enumerate(rows):
                if n % 100 == 99:
                    give_way()
                out.append(_stored(r, d, corrections.get((d.organization, d.sha256), [])))
            return out

    def records_by_id(self, record_ids: Iterable[int]) -> dict[int, StoredRecord[Record]]:
        """The office's records of the given ids (active or not), in one query; an unknown id is left out."""
        wanted = sorted(set(record_ids))
        with self.session() as s:
            q = select(RecordRow, DocumentRow).join(DocumentRow, RecordRow.document_id == DocumentRow.id)
            rows = s.execute(self.mine(q.where(RecordRow.id.in_(wanted)), RecordRow)).all() if wanted else []
            corrections = self._corrections(s, [(d.organization, d.sha256) for _r, d in rows])
            return {r.id: _stored(r, d, corrections.get((d.organization, d.sha256), [])) for r, d in rows}

    def record(self, record_id: int) -> StoredRecord[Record] | None:
        with self.session() as s:
            row = s.execute(
                self.mine(
                    select(RecordRow, DocumentRow)
                    .join(DocumentRow, RecordRow.document_id == DocumentRow.id)
                    .where(RecordRow.id == record_id),
                    RecordRow,
                )
            ).first()
            if not row:
                return None
            key = (row[1].organization, row[1].sha256)
            return _stored(row[0], row[1], self._corrections(s, [key]).get(key, []))

    # --- corrections by the office -----------------------------------------------------------
    def _corrections(
        self, s: Session, files: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[Correction]]:
        """The corrections in force per (organisation, file SHA-256), oldest first, in one query per
        thousand files."""
        found: dict[tuple[str, str], list[Correction]] = {}
        unique = list(dict.fromkeys(files))
        for i in range(0, len(unique), 1000):
            chunk = unique[i : i + 1000]
            wanted = set(chunk)
            q = (
                select(CorrectionRow)
                .where(
                    CorrectionRow.sha256.in_(sorted({sha for _o, sha in chunk})),
                    CorrectionRow.organization.in_(sorted({o for o, _sha in chunk})),
                    CorrectionRow.undone_at.is_(None),
                )
                .order_by(CorrectionRow.id)
            )
            for c in s.execute(q).scalars():
                key = (c.organization, c.sha256)
                if key in wanted:
                    found.setdefault(key, []).append(
                        Correction(
                            c.id, c.field, c.old, c.new, c.reason, c.by, c.at.isoformat(timespec="seconds")
                        )
                    )
        return found

    def add_correction(self, record_id: int, field: str, old: Any, new: Any, *, reason: str, by: str) -> int:
        """Store one correction of a record's file (and re-count its awards); returns its id."""

        def work(s: Session) -> int:
            rec, doc = self._record_rows(s, record_id, lock=True)
            row = CorrectionRow(organization=self.organization, sha256=doc.sha256, field=field, old=old,
                                new=new, reason=reason, by=by)  # fmt: skip
            s.add(row)
            s.flush()
            s.add(self._audit_row("correct", "record", record_id,
                                  {"file": doc.file_name, "field": field, "old": old, "new": new,
                                   "reason": reason, "by": by, "correction": row.id}))  # fmt: skip
            self._recount_awards(s, rec, doc)
            return row.id

        return self.write(work)

    def undo_corrections(self, record_id: int, fields: list[str] | None, *, by: str) -> list[Correction]:
        """Withdraw the corrections in force of a record (all, or those of `fields`); returns them."""

        def work(s: Session) -> list[Correction]:
            rec, doc = self._record_rows(s, record_id, lock=True)
            key = (doc.organization, doc.sha256)
            active = self._corrections(s, [key]).get(key, [])
            chosen = [c for c in active if fields is None or c.field in fields]
            now = utcnow()
            for c in chosen:
                s.execute(
                    update(CorrectionRow).where(CorrectionRow.id == c.id).values(undone_at=now, undone_by=by)
                )
                s.add(self._audit_row("undo_correct", "record", record_id,
                                      {"file": doc.file_name, "field": c.field, "restored": c.old,
                                       "withdrawn": c.new, "by": by, "correction": c.id}))  # fmt: skip
            if chosen:
                s.flush()
                self._recount_awards(s, rec, doc)
            return chosen

        return self.write(work)

    def correction_history(self, record_id: int) -> list[CorrectionRow]:
        """Every correction ever made to a record's file, undone ones included."""
        with self.session() as s:
            _rec, doc = self._record_rows(s, record_id)
            q = (
                select(CorrectionRow)
                .where(CorrectionRow.sha256 == doc.sha256, CorrectionRow.organization == doc.organization)
                .order_by(CorrectionRow.id)
            )
            return list(s.execute(q).scalars())

    def _record_rows(
        self, s: Session, record_id: int, *, lock: bool = False
    ) -> tuple[RecordRow, DocumentRow]:
        """A record and its document; `lock` takes the record's row lock (PostgreSQL), so two changes
        of one record (a web save and a `jiangxin fix`) run one after the other."""
        q = select(RecordRow, DocumentRow).join(DocumentRow, RecordRow.document_id == DocumentRow.id)
        q = q.where(RecordRow.id == record_id)
        q = self._own(q, RecordRow).with_for_update(of=RecordRow) if lock else self.mine(q, RecordRow)
        row = s.execute(q).first()
        if row is None:
            raise KeyError(record_id)
        return row[0], row[1]

    def _recount_awards(self, s: Session, rec: RecordRow, doc: DocumentRow) -> None:
        """A results notice's award lines follow its corrected record."""
        spec = KIND_SPECS.get(rec.kind)
        if spec is None or not spec.indexes_awards:
            return
        s.execute(delete(AwardRow).where(AwardRow.record_id == rec.id))
        key = (doc.organization, doc.sha256)
        corrections = self._corrections(s, [key]).get(key, [])
        data = apply(rec.data, [(c.field, c.new) for c in corrections])
        self._add_awards(s, rec, doc, record_from_json(data))

    # --- versions of one application ---------------------------------------------------------
    def add_version_link(
        self, earlier: StoredRecord, later: StoredRecord, decision: str, *, reason: str, by: str
    ) -> int:
        """Record the office's decision on two submissions (`same` or `separate`); returns its id."""

        def work(s: Session) -> int:
            row = VersionLinkRow(organization=self.organization, earlier_sha256=earlier.document.sha256,
                                 later_sha256=later.document.sha256, decision=decision, reason=reason,
                                 by=by)  # fmt: skip
            s.add(row)
            s.flush()
            s.add(self._audit_row(f"versions_{decision}", "record", later.id,
                                  {"earlier": earlier.id, "later": later.id,
                                   "files": [earlier.document.file_name, later.document.file_name],
                                   "reason": reason, "by": by, "link": row.id}))  # fmt: skip
            return row.id

        return self.write(work)

    def undo_version_links(self, a: StoredRecord, b: StoredRecord, *, by: str) -> int:
        """Withdraw the office's decisions on the pair `a`, `b`; returns how many were withdrawn."""
        pair = {a.document.sha256, b.document.sha256}

        def work(s: Session) -> int:
            q = self._own(select(VersionLinkRow).where(VersionLinkRow.undone_at.is_(None)), VersionLinkRow)
            rows = [r for r in s.execute(q.with_for_update()).scalars()
                    if {r.earlier_sha256, r.later_sha256} == pair]  # fmt: skip
            for r in rows:
                r.undone_at = utcnow()
                s.add(self._audit_row("undo_versions", "record", b.id,
                                      {"link": r.id, "decision": r.decision, "by": by}))  # fmt: skip
            return len(rows)

        return self.write(work)

    def version_links(self) -> list[VersionLink]:
        with self.session() as s:
            q = select(VersionLinkRow).where(VersionLinkRow.undone_at.is_(None)).order_by(VersionLinkRow.id)
            return [
                VersionLink(r.id, r.earlier_sha256, r.later_sha256, r.decision, r.reason, r.by, r.at)
                for r in s.execute(self.mine(q, VersionLinkRow)).scalars()
            ]

    def roster(self, year: int) -> StoredRecord[Roster] | None:
        """The year's current roster (the most recently dropped one)."""
        found = self.records("roster", year)
        return found[-1] if found else None

    def awards(self, year: int | None = None) -> list[StoredAward]:
        """The active award lines (of `year`, else of every year), in document and position order; read as
        plain rows, not an ORM object per line (a year of notices holds tens of thousands)."""
        a = AwardRow
        q = (
            select(a.id, a.year, a.event, a.organizer, a.date, a.tier, a.level, a.scope, a.names, a.unit,
                   a.title, a.rank, a.honours, a.document_id, a.record_id, DocumentRow.file_name,
                   DocumentRow.organization)
            .join(DocumentRow, a.document_id == DocumentRow.id)
            .join(RecordRow, a.record_id == RecordRow.id)
            .where(RecordRow.active)
        )  # fmt: skip
        q = self.mine(q, RecordRow)
        if year is not None:
            q = q.where(a.year == year)
        q = q.order_by(a.document_id, a.position)
        out = []
        with self.session() as s:
            for n, r in enumerate(s.execute(q)):
                if n % 500 == 499:
                    give_way()
                out.append(
                    StoredAward(
                        id=r.id, year=r.year, event=r.event, organizer=r.organizer, date=r.date, tier=r.tier,
                        level=r.level, scope=r.scope, names=list(r.names), unit=r.unit, title=r.title,
                        rank=r.rank, honours=list(r.honours), document_id=r.document_id,
                        record_id=r.record_id, file_name=r.file_name, organization=r.organization,
                    )
                )  # fmt: skip
        return out

    def counts(self) -> dict[str, int]:
        """Stored documents per kind."""
        with self.session() as s:
            q = self.mine(select(DocumentRow.kind, func.count()), DocumentRow).group_by(DocumentRow.kind)
            return {k: n for k, n in s.execute(q).all()}

    def duplicate_documents(self) -> int:
        """Files the office stored more than once (the database's unique index forbids it): 0."""
        with self.session() as s:
            q = self.mine(select(DocumentRow.organization, DocumentRow.sha256, func.count()), DocumentRow)
            q = q.group_by(DocumentRow.organization, DocumentRow.sha256).having(func.count() > 1)
            return sum(n - 1 for _o, _sha, n in s.execute(q).all())

    def organizations(self) -> dict[str, int]:
        """The offices sharing the database and how many documents each stored (province's view)."""
        with self.session() as s:
            q = select(DocumentRow.organization, func.count()).group_by(DocumentRow.organization)
            return {o: int(n) for o, n in s.execute(self.mine(q, DocumentRow)).all()}

    def events(self, limit: int | None = None) -> list[IngestEventRow]:
        with self.session() as s:
            q = self.mine(select(IngestEventRow), IngestEventRow).order_by(IngestEventRow.id.desc())
            if limit:
                q = q.limit(limit)
            return list(s.execute(q).scalars())

    def audit_log(self) -> list[AuditRow]:
        with self.session() as s:
            return list(s.execute(self.mine(select(AuditRow), AuditRow).order_by(AuditRow.id)).scalars())


def _doc(row: DocumentRow) -> StoredDocument:
    return StoredDocument(
        id=row.id, sha256=row.sha256, file_name=row.file_name, original_path=row.original_path,
        archived_path=row.archived_path, format=row.format, kind=row.kind, year=row.year,
        warnings=warnings_from_json(row.warnings), ingested_at=row.ingested_at, organization=row.organization,
        extractor_version=row.extractor_version,
    )  # fmt: skip


def _stored(
    rec: RecordRow, doc: DocumentRow, corrections: list[Correction] | None = None
) -> StoredRecord[Record]:
    extracted = record_from_json(rec.data)
    record = extracted
    if corrections:
        try:
            record = record_from_json(apply(rec.data, [(c.field, c.new) for c in corrections]))
        except ValueError:  # a correction that no longer fits the record read: what was read stands
            record = extracted
    return StoredRecord(
        id=rec.id,
        kind=rec.kind,
        year=rec.year,
        record=record,
        warnings=open_warnings(warnings_from_json(rec.warnings), corrections or ()),
        document=_doc(doc),
        active=rec.active,
        corrections=tuple(corrections or ()),
        extracted=extracted,
    )
