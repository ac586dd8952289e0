"""What the office's web pages keep in the store: accounts, reviewers' links, closed rounds; and the
office's corrections through the one model `jiangxin fix` uses.

All SQL of the pages is here; the pages call these functions and never touch the tables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..core import corrections as C
from ..core.kinds import kinds_where
from ..core.warnings import warnings_from_json
from .schema import AuditRow, CorrectionRow, DocumentRow, RecordRow, utcnow
from .store import Store, StoredRecord
from .web_schema import ClosedRoundRow, ReviewerLinkRow, UserRow

# audit actions that change what a record says: the office's corrections, their undoing, version decisions
_CORRECTING = ("correct", "undo_correct")
_VERSIONING = ("versions_same", "versions_separate", "undo_versions")


class WebStoreError(ValueError):
    """A change the store refuses, with a message for the clerk."""


# --- accounts ------------------------------------------------------------------------------
def add_user(store: Store, name: str, password_hash: str) -> None:
    try:
        store.write(
            lambda s: s.add(UserRow(organization=store.organization, name=name, password_hash=password_hash))
        )
    except IntegrityError as exc:
        raise WebStoreError(f"账号“{name}”已存在。") from exc
    store.audit("create", "user", None, name=name)


def remove_user(store: Store, name: str) -> bool:
    def work(s: Session) -> int:
        q = delete(UserRow).where(UserRow.name == name, UserRow.organization == store.organization)
        return int(s.execute(q).rowcount)  # type: ignore[attr-defined]

    gone = store.write(work)
    if gone:
        store.audit("delete", "user", None, name=name)
    return bool(gone)


def user_names(store: Store) -> list[tuple[str, dt.datetime]]:
    with store.session() as s:
        q = select(UserRow).where(UserRow.organization == store.organization).order_by(UserRow.name)
        return [(r.name, r.created_at) for r in s.execute(q).scalars()]


def password_hash_of(store: Store, name: str) -> str | None:
    with store.session() as s:
        return s.execute(
            select(UserRow.password_hash).where(
                UserRow.name == name, UserRow.organization == store.organization
            )
        ).scalar_one_or_none()


def set_password_hash(store: Store, name: str, password_hash: str) -> None:
    """Store a rehashed password (when the hashing parameters were raised)."""
    store.write(
        lambda s: s.execute(
            update(UserRow)
            .where(UserRow.name == name, UserRow.organization == store.organization)
            .values(password_hash=password_hash)
        )
    )


# --- reviewers' links ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReviewerLink:
    token: str
    year: int
    reviewer: tuple[str, str]
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _link(row: ReviewerLinkRow) -> ReviewerLink:
    return ReviewerLink(
        row.token, row.year, (row.reviewer_name, row.reviewer_unit), row.created_at, row.revoked_at
    )


def link_for(store: Store, year: int, reviewer: tuple[str, str]) -> ReviewerLink:
    """The reviewer's live link for the year, made on first use (256 random bits, URL-safe)."""
    name, unit = reviewer

    def work(s: Session) -> ReviewerLink:
        row = s.execute(
            select(ReviewerLinkRow).where(
                ReviewerLinkRow.organization == store.organization,
                ReviewerLinkRow.year == year,
                ReviewerLinkRow.reviewer_name == name,
                ReviewerLinkRow.reviewer_unit == unit,
                ReviewerLinkRow.revoked_at.is_(None),
            )
        ).scalar_one_or_none()
        if row is None:
            row = ReviewerLinkRow(organization=store.organization, token=secrets.token_urlsafe(32), year=year,
                                  reviewer_name=name, reviewer_unit=unit)  # fmt: skip
            s.add(row)
            s.flush()
            s.add(AuditRow(organization=store.organization, action="create", entity="reviewer_link",
                           entity_id=row.id, detail={"reviewer": [name, unit], "year": year}))  # fmt: skip
        return _link(row)

    return store.write(work)


def link_by_token(store: Store, token: str) -> ReviewerLink | None:
    """The live link with this token, or None (unknown or revoked)."""
    with store.session() as s:
        row = s.execute(
            select(ReviewerLinkRow).where(
                ReviewerLinkRow.token == token,
                ReviewerLinkRow.revoked_at.is_(None),
                ReviewerLinkRow.organization == store.organization,
            )
        ).scalar_one_or_none()
        return _link(row) if row else None


def links(store: Store, year: int) -> list[ReviewerLink]:
    with store.session() as s:
        q = select(ReviewerLinkRow).where(ReviewerLinkRow.year == year).order_by(ReviewerLinkRow.id)
        rows = s.execute(store.mine(q, ReviewerLinkRow)).scalars()
        return [_link(r) for r in rows]


def revoke_link(store: Store, token: str, who: str) -> bool:
    """Kill a link; the reviewer gets a new one at the next `jiangxin assign`."""

    def work(s: Session) -> bool:
        row = s.execute(
            select(ReviewerLinkRow)
            .where(ReviewerLinkRow.token == token, ReviewerLinkRow.organization == store.organization)
            .with_for_update()
        ).scalar_one_or_none()
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        s.add(AuditRow(organization=store.organization, action="revoke", entity="reviewer_link",
                       entity_id=row.id,
                       detail={"reviewer": [row.reviewer_name, row.reviewer_unit], "by": who}))  # fmt: skip
        return True

    return store.write(work)


# --- closing a round -----------------------------------------------------------------------
def close_round(store: Store, round_id: int, who: str) -> None:
    def work(s: Session) -> None:
        if s.get(ClosedRoundRow, round_id) is None:
            s.add(ClosedRoundRow(round_id=round_id, closed_by=who))
            s.add(AuditRow(organization=store.organization, action="close", entity="review_round",
                           entity_id=round_id, detail={"by": who}))  # fmt: skip

    with contextlib.suppress(IntegrityError):  # closed by another process at the same moment
        store.write(work)


def round_closed(store: Store, round_id: int) -> bool:
    with store.session() as s:
        return s.get(ClosedRoundRow, round_id) is not None


# --- corrections: the office's one model (jiangxin.core.corrections), shared with `jiangxin fix` --------
def _stored_or_refuse(store: Store, record_id: int) -> StoredRecord:
    stored = store.record(record_id)
    if stored is None:
        raise WebStoreError(f"没有编号为 {record_id} 的记录。")
    return stored


def correct(store: Store, record_id: int, field: str, value: Any, who: str, why: str = "") -> int:
    """Set one field of a stored record to a typed value beside the extracted one (who, when, old,
    new, why; audit entry); the record must stay valid. Returns the correction's id."""
    stored = _stored_or_refuse(store, record_id)
    try:
        return C.correct_value(store, stored, field, value, reason=why, by=who)
    except C.CorrectionError as exc:
        raise WebStoreError(str(exc)) from exc


def confirm_warning(store: Store, record_id: int, warning: str, who: str, why: str = "") -> int:
    """The office has checked what a warning doubts and the value stands: the warning is settled."""
    stored = _stored_or_refuse(store, record_id)
    try:
        return C.confirm_warning(store, stored, warning, reason=why, by=who)
    except C.CorrectionError as exc:
        raise WebStoreError(str(exc)) from exc


def set_verdict(store: Store, record_id: int, verdict: str, who: str, why: str) -> int:
    """The office's own verdict (人工认定), exactly as `jiangxin fix --verdict`."""
    stored = _stored_or_refuse(store, record_id)
    try:
        return C.set_verdict(store, stored, verdict, reason=why, by=who)
    except C.CorrectionError as exc:
        raise WebStoreError(str(exc)) from exc


def undo(store: Store, record_id: int, field: str, who: str) -> list[C.Correction]:
    """Withdraw the corrections in force of one field (or pseudo-field), as `jiangxin fix --undo`."""
    _stored_or_refuse(store, record_id)
    return store.undo_corrections(record_id, [field], by=who)


def corrections(store: Store, record_id: int) -> list[CorrectionRow]:
    """Every correction of a record's file, withdrawn ones included, oldest first."""
    _stored_or_refuse(store, record_id)
    return store.correction_history(record_id)


# --- light reads for the pages (no record objects built) ------------------------------------
@dataclass(frozen=True, slots=True)
class RecordLine:
    """One record as a list line: enough to show and filter it, without building the record."""

    id: int
    kind: str
    title: str
    unit: str
    file_name: str
    warnings: int
    active: bool


def open_warning_counts(store: Store, year: int) -> dict[int, int]:
    """Active records of the year with warnings no correction or confirmation of the office has
    settled: record id → how many are open. Only records with warnings at all are looked at."""
    from sqlalchemy import String, cast

    with store.session() as s:
        rows = s.execute(
            store.mine(
                select(RecordRow.id, RecordRow.warnings, DocumentRow.organization, DocumentRow.sha256)
                .join(DocumentRow, RecordRow.document_id == DocumentRow.id)
                .where(
                    RecordRow.year == year,
                    RecordRow.active,
                    cast(RecordRow.warnings, String).not_in(["[]", "null"]),
                ),
                RecordRow,
            )
        ).all()
        settled = store._corrections(s, [(o, sha) for _i, _w, o, sha in rows])
    counts = {
        i: len(C.open_warnings(warnings_from_json(w), settled.get((o, sha), []))) for i, w, o, sha in rows
    }
    return {i: n for i, n in counts.items() if n}


# audit actions that change nothing the pages show (a clerk logging in)
_NOT_CHANGES = ("login",)


def generation(store: Store) -> int:
    """A number that grows with every change the store records (the audit log's last id; a login is
    recorded there too, but changes nothing the pages count)."""
    from sqlalchemy import func

    q = select(func.max(AuditRow.id)).where(AuditRow.action.not_in(_NOT_CHANGES))
    with store.session() as s:
        return int(s.execute(store.mine(q, AuditRow)).scalar() or 0)


def record_counts(store: Store, year: int) -> dict[str, int]:
    """Active records of the year per kind."""
    from sqlalchemy import func

    with store.session() as s:
        q = select(RecordRow.kind, func.count()).where(RecordRow.year == year, RecordRow.active)
        rows = s.execute(store.mine(q, RecordRow).group_by(RecordRow.kind)).all()
        return {k: int(n) for k, n in rows}


def record_lines(
    store: Store,
    year: int,
    *,
    kind: str | None = None,
    with_warnings: bool = False,
    text: str = "",
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[RecordLine], int]:
    """A page of the year's active records (newest last) and how many match in all."""
    from sqlalchemy import func, or_

    title = RecordRow.data["title"].as_string()
    unit = RecordRow.data["unit"].as_string()
    event = RecordRow.data["event"].as_string()
    q = (
        select(
            RecordRow.id,
            RecordRow.kind,
            title,
            unit,
            event,
            DocumentRow.file_name,
            RecordRow.warnings,
            RecordRow.active,
        )
        .join(DocumentRow, RecordRow.document_id == DocumentRow.id)
        .where(RecordRow.year == year, RecordRow.active)
    )
    q = store.mine(q, RecordRow)
    if kind:
        q = q.where(RecordRow.kind == kind)
    open_counts = open_warning_counts(store, year)
    if with_warnings:
        q = q.where(RecordRow.id.in_(sorted(open_counts)))
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        q = q.where(
            or_(title.like(like), unit.like(like), event.like(like), DocumentRow.file_name.like(like))
        )
    with store.session() as s:
        total = int(s.execute(select(func.count()).select_from(q.subquery())).scalar() or 0)
        rows = s.execute(q.order_by(RecordRow.id).offset(offset).limit(limit)).all()
    return [
        RecordLine(i, k, t or e or "", u or "", f, open_counts.get(i, 0), a)
        for i, k, t, u, e, f, _w, a in rows
    ], total


def next_with_warnings(store: Store, year: int, after: int) -> int | None:
    """The next active record of the year (by id, after `after`) that still carries an open warning."""
    return min((i for i in open_warning_counts(store, year) if i > after), default=None)


def record_of_document(store: Store, document_id: int) -> int | None:
    """The record read from a document (the active one when there are several)."""
    with store.session() as s:
        q = store.mine(select(RecordRow.id).where(RecordRow.document_id == document_id), RecordRow)
        return s.execute(
            q.order_by(RecordRow.active.desc(), RecordRow.id.desc()).limit(1)
        ).scalar_one_or_none()


_CHECK_KINDS = kinds_where(lambda k: k.checked)  # what the check reads: its verdicts follow them
# fields the check's context derives from the applications (duplicates, lead limits, members)
CONTEXT_FIELDS = ("title", "unit", "members")


def check_inputs_key(store: Store, year: int) -> tuple[int, ...]:
    """Changes when the 形式审查's context must be rebuilt: a record of a kind the check reads was added
    or replaced, a field the context is built from was corrected or its correction undone, or the
    office decided which submissions are versions of one application."""
    from sqlalchemy import func, or_

    heads = [CorrectionRow.field == f for f in CONTEXT_FIELDS]
    heads += [CorrectionRow.field.like(f"{f}.%") for f in CONTEXT_FIELDS]
    with store.session() as s:
        top, active = s.execute(
            store.mine(
                select(func.max(RecordRow.id), func.count()).where(
                    RecordRow.kind.in_(_CHECK_KINDS), RecordRow.active, RecordRow.year == year
                ),
                RecordRow,
            )
        ).one()
        made, undone = s.execute(
            store.mine(
                select(func.count(), func.count(CorrectionRow.undone_at)).where(or_(*heads)), CorrectionRow
            )
        ).one()
        versions = s.execute(
            store.mine(select(func.max(AuditRow.id)).where(AuditRow.action.in_(_VERSIONING)), AuditRow)
        ).scalar()
        return int(top or 0), int(active or 0), int(made or 0), int(undone or 0), int(versions or 0)


# audit actions that change nothing the check reads
_BESIDE_THE_CHECK = ("login", "upload", "regenerate")


def inputs_since(
    store: Store, generation: int, key: tuple[int, ...], corrected: int
) -> tuple[tuple[int, ...], int, list[int]] | None:
    """The check's inputs key and last correction's audit id, `key` and `corrected` as of audit entry
    `generation`, moved on by the entries since, and the records whose fields the context derives from
    (title, unit, members) were corrected or their correction undone meanwhile (each such entry counts in
    the key as the store counts it). None when an entry may have changed the check's inputs otherwise
    (records added or replaced, versions decided): then the key is read from the store."""
    if len(key) != 5:
        return None
    top, active, made, undone, versions = key
    q = select(AuditRow.id, AuditRow.action, AuditRow.entity, AuditRow.entity_id, AuditRow.detail).where(
        AuditRow.id > generation
    )
    with store.session() as s:
        rows = s.execute(store.mine(q, AuditRow).order_by(AuditRow.id).limit(500)).all()
    if len(rows) == 500:
        return None
    moved: list[int] = []
    for entry, action, entity, entity_id, detail in rows:
        about = detail if isinstance(detail, dict) else {}
        if action in _CORRECTING and entity == "record" and entity_id is not None:
            if str(about.get("field", "")).split(".")[0] in CONTEXT_FIELDS:
                made, undone = (made + 1, undone) if action == "correct" else (made, undone + 1)
                moved.append(entity_id)
            corrected = max(corrected, entry)
        elif action == "create" and entity == "document" and about.get("kind") not in _CHECK_KINDS:
            continue
        elif action not in _BESIDE_THE_CHECK:
            return None
    return (top, active, made, undone, versions), corrected, moved


def last_correction_id(store: Store) -> int:
    """The audit entry of the latest correction or undo (grows with each)."""
    from sqlalchemy import func

    with store.session() as s:
        q = store.mine(select(func.max(AuditRow.id)).where(AuditRow.action.in_(_CORRECTING)), AuditRow)
        return int(s.execute(q).scalar() or 0)


def corrected_since(store: Store, after: int) -> list[int]:
    """Records corrected, confirmed or whose correction was undone after audit entry `after`, in order."""
    with store.session() as s:
        q = select(AuditRow.entity_id).where(
            AuditRow.id > after, AuditRow.action.in_(_CORRECTING), AuditRow.entity == "record"
        )
        rows = s.execute(store.mine(q, AuditRow).order_by(AuditRow.id)).scalars()
        return [r for r in dict.fromkeys(rows) if r is not None]


def score_sheet_reviewers(store: Store, year: int) -> list[tuple[str, str]]:
    """(reviewer, unit) as written on each active score sheet of the year, without building the sheets."""
    reviewer = RecordRow.data["reviewer"].as_string()
    unit = RecordRow.data["reviewer_unit"].as_string()
    with store.session() as s:
        q = select(reviewer, unit).where(
            RecordRow.kind == "score_sheet", RecordRow.year == year, RecordRow.active
        )
        rows = s.execute(store.mine(q, RecordRow)).all()
        return [(r or "", u or "") for r, u in rows]


def warning_count(store: Store, year: int) -> int:
    """Active records of the year that still carry an open warning."""
    return len(open_warning_counts(store, year))


def inputs_key(store: Store, year: int) -> tuple[int, int, int]:
    """Changes when what the check, tally and points read has changed: a record added or replaced
    (score sheets aside), any correction made or undone, a decision on versions."""
    from sqlalchemy import func

    with store.session() as s:
        top, active = s.execute(
            store.mine(
                select(func.max(RecordRow.id), func.count()).where(
                    RecordRow.kind.in_(_CHECK_KINDS), RecordRow.active, RecordRow.year == year
                ),
                RecordRow,
            )
        ).one()
        changed = s.execute(
            store.mine(
                select(func.max(AuditRow.id)).where(AuditRow.action.in_(_CORRECTING + _VERSIONING)), AuditRow
            )
        ).scalar()
        return int(top or 0), int(active or 0), int(changed or 0)


def score_sheet_ids(store: Store, year: int, reviewer_name: str) -> list[int]:
    """Active score sheets of the year whose reviewer is written `reviewer_name`, newest first."""
    reviewer = RecordRow.data["reviewer"].as_string()
    with store.session() as s:
        return list(
            s.execute(
                store.mine(
                    select(RecordRow.id).where(
                        RecordRow.kind == "score_sheet",
                        RecordRow.year == year,
                        RecordRow.active,
                        reviewer == reviewer_name,
                    ),
                    RecordRow,
                ).order_by(RecordRow.id.desc())
            ).scalars()
        )
