"""The record store: documents, records, awards, ingest events and the audit log.

One `Store` per process that writes; every write is one transaction, so a record is either fully
stored (document + record + awards + audit entry) or not at all.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from sqlalchemy import create_engine, delete, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..core.corrections import Correction, apply, open_warnings
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
from . import safety
from .schema import (
    SCHEMA_VERSION,
    AuditRow,
    AwardRow,
    Base,
    CorrectionRow,
    DocumentRow,
    IngestEventRow,
    Meta,
    RecordRow,
    VersionLinkRow,
    utcnow,
)


class StoreError(Exception):
    """The database cannot be used (e.g. written by a newer version)."""


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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the single writer
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut loses at most the last commit
    cur.execute("PRAGMA busy_timeout=30000")  # two clerks' ingests wait for each other
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        try:
            safety.check_before_open(url)
            version = safety.stored_schema_version(url)
            if version is not None and version < SCHEMA_VERSION:
                safety.backup(url, reason=f"before-migration-v{version}")
        except safety.StoreOpenError as exc:
            raise StoreError(str(exc)) from exc
        self.engine: Engine = create_engine(url, future=True)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        try:
            self._migrate()
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
        """Create the schema on first use. Two processes opening a new database at once (two clerks'
        ingests) may race to create it: the loser retries and finds it made."""
        for attempt in range(5):
            try:
                Base.metadata.create_all(self.engine)
                with self._session.begin() as s:
                    row = s.get(Meta, "schema_version")
                    if row is None:
                        s.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
                        version = SCHEMA_VERSION
                    else:
                        version = int(row.value)
                break
            except (OperationalError, IntegrityError):
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        if version > SCHEMA_VERSION:
            raise StoreError(f"数据库由更新版本的匠心创建（结构版本 {version}），请升级本软件后再使用。")
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def _upgrade(self, version: int) -> None:
        """Bring an older database to this version. 1 → 2 only adds tables (made by create_all above),
        so the upgrade records the new version and says so in the audit log."""
        with self._session.begin() as s:
            row = s.get(Meta, "schema_version")
            if row is None or int(row.value) >= SCHEMA_VERSION:
                return  # another process upgraded it meanwhile
            row.value = str(SCHEMA_VERSION)
            s.add(AuditRow(action="upgrade", entity="schema", entity_id=None,
                           detail={"from": version, "to": SCHEMA_VERSION}))  # fmt: skip

    def session(self) -> Session:
        return self._session()

    # --- writing ---------------------------------------------------------------------------
    def add_document(self, new: NewDocument) -> int:
        """Store a document, its record and its awards in one transaction; returns the document id."""
        record: Record = new.record
        with self._session.begin() as s:
            doc = DocumentRow(
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
            if new.kind == "roster":
                # a new roster replaces the year's roster; the old one stays as history
                replaced = (
                    s.execute(
                        update(RecordRow)
                        .where(RecordRow.kind == "roster", RecordRow.year == new.year, RecordRow.active)
                        .values(active=False)
                        .returning(RecordRow.id)
                    )
                    .scalars()
                    .all()
                )
                if replaced:
                    s.add(
                        AuditRow(
                            action="replace",
                            entity="roster",
                            entity_id=None,
                            detail={"replaced_records": list(replaced), "by_document": doc.id},
                        )
                    )
            rec = RecordRow(
                document_id=doc.id,
                kind=new.kind,
                year=new.year,
                data=record.to_json(),
                warnings=warnings_to_json(new.warnings),
            )
            s.add(rec)
            s.flush()
            if new.kind == "result_sheet":
                corrections = self._corrections(s, [new.sha256]).get(new.sha256, [])
                if corrections:  # the office corrected this file before: its awards count as corrected
                    record = record_from_json(apply(rec.data, [(c.field, c.new) for c in corrections]))
                self._add_awards(s, rec, doc, record)
            s.add(
                AuditRow(
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
        with self._session.begin() as s:
            s.execute(
                update(DocumentRow).where(DocumentRow.id == document_id).values(archived_path=archived_path)
            )

    def log_events(self, events: list[dict[str, Any]]) -> None:
        """Write several ingest events in one transaction."""
        if not events:
            return
        with self._session.begin() as s:
            s.add_all(IngestEventRow(**e) for e in events)

    def documents_by_sha(self, hashes: list[str]) -> dict[str, StoredDocument]:
        """The stored documents among `hashes`, in one query per thousand."""
        found: dict[str, StoredDocument] = {}
        with self.session() as s:
            for i in range(0, len(hashes), 1000):
                chunk = hashes[i : i + 1000]
                rows = s.execute(select(DocumentRow).where(DocumentRow.sha256.in_(chunk))).scalars()
                found.update((r.sha256, _doc(r)) for r in rows)
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
        with self._session.begin() as s:
            s.add(
                IngestEventRow(
                    file_name=file_name,
                    sha256=sha256,
                    kind=kind,
                    result=result,
                    error=error,
                    reason=reason,
                    moved_to=moved_to,
                    document_id=document_id,
                )
            )

    def audit(self, action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
        with self._session.begin() as s:
            s.add(AuditRow(action=action, entity=entity, entity_id=entity_id, detail=detail))

    # --- reading ---------------------------------------------------------------------------
    def document_by_sha(self, sha256: str) -> StoredDocument | None:
        with self.session() as s:
            row = s.execute(select(DocumentRow).where(DocumentRow.sha256 == sha256)).scalar_one_or_none()
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
            if kind:
                q = q.where(RecordRow.kind == kind)
            if year is not None:
                q = q.where(RecordRow.year == year)
            if active_only:
                q = q.where(RecordRow.active)
            q = q.order_by(RecordRow.id)
            rows = s.execute(q).all()
            corrections = self._corrections(s, [d.sha256 for _r, d in rows])
            return [_stored(r, d, corrections.get(d.sha256, [])) for r, d in rows]

    def record(self, record_id: int) -> StoredRecord[Record] | None:
        with self.session() as s:
            row = s.execute(
                select(RecordRow, DocumentRow)
                .join(DocumentRow, RecordRow.document_id == DocumentRow.id)
                .where(RecordRow.id == record_id)
            ).first()
            if not row:
                return None
            corrections = self._corrections(s, [row[1].sha256])
            return _stored(row[0], row[1], corrections.get(row[1].sha256, []))

    # --- corrections by the office -----------------------------------------------------------
    def _corrections(self, s: Session, hashes: list[str]) -> dict[str, list[Correction]]:
        """The corrections in force per file, oldest first, in one query per thousand files."""
        found: dict[str, list[Correction]] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 1000):
            q = (
                select(CorrectionRow)
                .where(CorrectionRow.sha256.in_(unique[i : i + 1000]), CorrectionRow.undone_at.is_(None))
                .order_by(CorrectionRow.id)
            )
            for c in s.execute(q).scalars():
                found.setdefault(c.sha256, []).append(
                    Correction(
                        c.id, c.field, c.old, c.new, c.reason, c.by, c.at.isoformat(timespec="seconds")
                    )
                )
        return found

    def add_correction(self, record_id: int, field: str, old: Any, new: Any, *, reason: str, by: str) -> int:
        """Store one correction of a record's file (and re-count its awards); returns its id."""
        with self._session.begin() as s:
            rec, doc = self._record_rows(s, record_id)
            row = CorrectionRow(sha256=doc.sha256, field=field, old=old, new=new, reason=reason, by=by)
            s.add(row)
            s.flush()
            s.add(AuditRow(action="correct", entity="record", entity_id=record_id,
                           detail={"file": doc.file_name, "field": field, "old": old, "new": new,
                                   "reason": reason, "by": by, "correction": row.id}))  # fmt: skip
            self._recount_awards(s, rec, doc)
            return row.id

    def undo_corrections(self, record_id: int, fields: list[str] | None, *, by: str) -> list[Correction]:
        """Withdraw the corrections in force of a record (all, or those of `fields`); returns them."""
        with self._session.begin() as s:
            rec, doc = self._record_rows(s, record_id)
            active = self._corrections(s, [doc.sha256]).get(doc.sha256, [])
            chosen = [c for c in active if fields is None or c.field in fields]
            now = utcnow()
            for c in chosen:
                s.execute(
                    update(CorrectionRow).where(CorrectionRow.id == c.id).values(undone_at=now, undone_by=by)
                )
                s.add(AuditRow(action="undo_correct", entity="record", entity_id=record_id,
                               detail={"file": doc.file_name, "field": c.field, "restored": c.old,
                                       "withdrawn": c.new, "by": by, "correction": c.id}))  # fmt: skip
            if chosen:
                s.flush()
                self._recount_awards(s, rec, doc)
            return chosen

    def correction_history(self, record_id: int) -> list[CorrectionRow]:
        """Every correction ever made to a record's file, undone ones included."""
        with self.session() as s:
            _rec, doc = self._record_rows(s, record_id)
            q = select(CorrectionRow).where(CorrectionRow.sha256 == doc.sha256).order_by(CorrectionRow.id)
            return list(s.execute(q).scalars())

    def _record_rows(self, s: Session, record_id: int) -> tuple[RecordRow, DocumentRow]:
        row = s.execute(
            select(RecordRow, DocumentRow)
            .join(DocumentRow, RecordRow.document_id == DocumentRow.id)
            .where(RecordRow.id == record_id)
        ).first()
        if row is None:
            raise KeyError(record_id)
        return row[0], row[1]

    def _recount_awards(self, s: Session, rec: RecordRow, doc: DocumentRow) -> None:
        """A results notice's award lines follow its corrected record."""
        if rec.kind != "result_sheet":
            return
        s.execute(delete(AwardRow).where(AwardRow.record_id == rec.id))
        corrections = self._corrections(s, [doc.sha256]).get(doc.sha256, [])
        data = apply(rec.data, [(c.field, c.new) for c in corrections])
        self._add_awards(s, rec, doc, record_from_json(data))

    # --- versions of one application ---------------------------------------------------------
    def add_version_link(
        self, earlier: StoredRecord, later: StoredRecord, decision: str, *, reason: str, by: str
    ) -> int:
        """Record the office's decision on two submissions (`same` or `separate`); returns its id."""
        with self._session.begin() as s:
            row = VersionLinkRow(earlier_sha256=earlier.document.sha256, later_sha256=later.document.sha256,
                                 decision=decision, reason=reason, by=by)  # fmt: skip
            s.add(row)
            s.flush()
            s.add(AuditRow(action=f"versions_{decision}", entity="record", entity_id=later.id,
                           detail={"earlier": earlier.id, "later": later.id,
                                   "files": [earlier.document.file_name, later.document.file_name],
                                   "reason": reason, "by": by, "link": row.id}))  # fmt: skip
            return row.id

    def undo_version_links(self, a: StoredRecord, b: StoredRecord, *, by: str) -> int:
        """Withdraw the office's decisions on the pair `a`, `b`; returns how many were withdrawn."""
        pair = {a.document.sha256, b.document.sha256}
        with self._session.begin() as s:
            rows = [r for r in s.execute(select(VersionLinkRow).where(VersionLinkRow.undone_at.is_(None))).scalars()
                    if {r.earlier_sha256, r.later_sha256} == pair]  # fmt: skip
            for r in rows:
                r.undone_at = utcnow()
                s.add(AuditRow(action="undo_versions", entity="record", entity_id=b.id,
                               detail={"link": r.id, "decision": r.decision, "by": by}))  # fmt: skip
            return len(rows)

    def version_links(self) -> list[VersionLink]:
        with self.session() as s:
            q = select(VersionLinkRow).where(VersionLinkRow.undone_at.is_(None)).order_by(VersionLinkRow.id)
            return [
                VersionLink(r.id, r.earlier_sha256, r.later_sha256, r.decision, r.reason, r.by, r.at)
                for r in s.execute(q).scalars()
            ]

    def roster(self, year: int) -> StoredRecord[Roster] | None:
        """The year's current roster (the most recently dropped one)."""
        found = self.records("roster", year)
        return found[-1] if found else None

    def awards(self, year: int | None = None) -> list[StoredAward]:
        with self.session() as s:
            q = select(AwardRow, DocumentRow.file_name).join(
                DocumentRow, AwardRow.document_id == DocumentRow.id
            )
            q = q.join(RecordRow, AwardRow.record_id == RecordRow.id).where(RecordRow.active)
            if year is not None:
                q = q.where(AwardRow.year == year)
            q = q.order_by(AwardRow.document_id, AwardRow.position)
            return [
                StoredAward(
                    id=a.id,
                    year=a.year,
                    event=a.event,
                    organizer=a.organizer,
                    date=a.date,
                    tier=a.tier,
                    level=a.level,
                    scope=a.scope,
                    names=list(a.names),
                    unit=a.unit,
                    title=a.title,
                    rank=a.rank,
                    honours=list(a.honours),
                    document_id=a.document_id,
                    record_id=a.record_id,
                    file_name=fname,
                )
                for a, fname in s.execute(q).all()
            ]

    def counts(self) -> dict[str, int]:
        """Stored documents per kind."""
        with self.session() as s:
            rows = s.execute(select(DocumentRow.kind, func.count()).group_by(DocumentRow.kind)).all()
            return {k: n for k, n in rows}

    def events(self, limit: int | None = None) -> list[IngestEventRow]:
        with self.session() as s:
            q = select(IngestEventRow).order_by(IngestEventRow.id.desc())
            if limit:
                q = q.limit(limit)
            return list(s.execute(q).scalars())

    def audit_log(self) -> list[AuditRow]:
        with self.session() as s:
            return list(s.execute(select(AuditRow).order_by(AuditRow.id)).scalars())


def _doc(row: DocumentRow) -> StoredDocument:
    return StoredDocument(
        id=row.id, sha256=row.sha256, file_name=row.file_name, original_path=row.original_path,
        archived_path=row.archived_path, format=row.format, kind=row.kind, year=row.year,
        warnings=warnings_from_json(row.warnings), ingested_at=row.ingested_at,
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
