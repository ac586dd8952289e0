"""The stored award lines read as plain rows: the list `Store.awards` returns, built without an ORM
object per line (which cost most of the year's check and tally on a year of notices)."""

from __future__ import annotations

from sqlalchemy import select

from .schema import AwardRow, DocumentRow, RecordRow
from .store import Store, StoredAward


def awards(store: Store, year: int | None = None) -> list[StoredAward]:
    """The active award lines (of `year`, else of every year), in document and position order."""
    a = AwardRow
    q = (
        select(a.id, a.year, a.event, a.organizer, a.date, a.tier, a.level, a.scope, a.names, a.unit, a.title,
               a.rank, a.honours, a.document_id, a.record_id, DocumentRow.file_name)
        .join(DocumentRow, a.document_id == DocumentRow.id)
        .join(RecordRow, a.record_id == RecordRow.id)
        .where(RecordRow.active)
    )  # fmt: skip
    if year is not None:
        q = q.where(a.year == year)
    q = q.order_by(a.document_id, a.position)
    with store.session() as s:
        return [
            StoredAward(
                id=r.id,
                year=r.year,
                event=r.event,
                organizer=r.organizer,
                date=r.date,
                tier=r.tier,
                level=r.level,
                scope=r.scope,
                names=list(r.names),
                unit=r.unit,
                title=r.title,
                rank=r.rank,
                honours=list(r.honours),
                document_id=r.document_id,
                record_id=r.record_id,
                file_name=r.file_name,
            )
            for r in s.execute(q)
        ]
