"""Confirming the proposed grades: they become the company's award record for the year.

The results workbook is copied into the archive and stored as a `result_sheet` document, so tallies
and reports count these awards like any other notice. Confirming again replaces the earlier
confirmation (deactivated, with an audit entry) instead of counting the awards twice.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Final

from extractors import sha256_file

from ..core.paths import free_name
from ..core.records import Award, ResultSheet
from ..store import NewDocument, Store
from ..workspace import Workspace
from .aggregate import Ranking
from .errors import ReviewError

CONFIRM_VERSION = "review-confirm"  # stored as the document's extractor version: "made by confirming"
TIER: Final = "公司级"


def event_name(ws: Workspace) -> str:
    return f"{ws.year}年度{ws.organization.name}职工技术创新成果评审"


def result_sheet(ws: Workspace, ranking: Ranking, today: dt.date) -> ResultSheet:
    """The year's review as a results notice: one achievement award per graded application.

    The review belongs to the workspace's year and awards are counted in the year of their date, so
    a confirmation made in another year (the 2025 review confirmed in January 2026) carries no date
    and counts in the workspace's year; the confirmation day stays in the audit log.
    """
    return ResultSheet(
        event=event_name(ws),
        organizer=ws.organization.name,
        date=today.isoformat() if today.year == ws.year else None,
        tier=TIER,
        awards=[
            Award(
                level=r.grade,
                scope="achievement",
                names=list(r.item.member_names),
                unit=r.item.unit,
                title=r.item.title,
                rank=r.rank,
                score=float(r.score) if r.score is not None else None,
            )
            for r in ranking.rows
            if r.grade is not None
        ],
    )


def _earlier_confirmations(store: Store, year: int, event: str) -> list[tuple[int, int, dict[str, object]]]:
    """(record id, document id, record data as stored) of the active confirmations of the same review."""
    found: list[tuple[int, int, dict[str, object]]] = []
    for r in store.records("result_sheet", year):
        sheet = r.extracted or r.record  # as confirmed, whatever the office corrected since
        if r.document.extractor_version == CONFIRM_VERSION and sheet.event == event:
            found.append((r.id, r.document.id, sheet.to_json()))
    return found


def confirm(
    ws: Workspace, store: Store, ranking: Ranking, workbook: Path, today: dt.date
) -> tuple[int, bool]:
    """Store the graded results as a result_sheet document; returns (document id, whether it is new).

    Confirming results identical to the current confirmation changes nothing.
    """
    sheet = result_sheet(ws, ranking, today)
    if not sheet.awards:
        raise ReviewError("没有可确认的等级（尚无成果得到评分或建议等级）。")
    earlier = _earlier_confirmations(store, ws.year, sheet.event)
    for _, document_id, data in earlier:
        if data == sheet.to_json():
            return document_id, False
    sha = sha256_file(workbook)
    archived = free_name(
        ws.archive_dir("result_sheet"), f"{workbook.stem}-确认{today:%Y%m%d}{workbook.suffix}"
    )
    archived.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(workbook, archived)
    doc_id = store.add_document(
        NewDocument(
            sha256=sha,
            file_name=archived.name,
            original_path=workbook.relative_to(ws.root).as_posix(),
            archived_path=archived.relative_to(ws.root).as_posix(),
            format="xlsx",
            kind="result_sheet",
            size=archived.stat().st_size,
            year=ws.year,
            extractor_version=CONFIRM_VERSION,
            record=sheet,
        )
    )
    if earlier:
        replaced = [rid for rid, _, _ in earlier]
        store.deactivate_records(replaced, entity="result_sheet", entity_id=doc_id, event=sheet.event)
    store.audit("confirm", "review", doc_id, year=ws.year, awards=len(sheet.awards), on=today.isoformat())
    return doc_id, True
