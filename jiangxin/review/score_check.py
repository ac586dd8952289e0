"""Which returned score sheets count: the latest sheet of each reviewer, checked against the round.

A re-submitted sheet replaces the reviewer's earlier one (the earlier record is deactivated, with an
audit entry). The latest sheet counts only if extraction found no problem, its reviewer, criteria and
applications are those of the current round, and no score cell holds a formula.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jiangxin.core.text import normalize_name

from ..core import sheet_layout as L
from ..core.records import ScoreSheet
from ..store import Store, StoredRecord
from ..workspace import Workspace
from .policy_view import ReviewPolicy
from .rounds import SavedRound

ReviewerKey = tuple[str, str]


@dataclass(slots=True)
class SheetStatus:
    """One reviewer's latest sheet and whether it counts (with the reasons when it does not)."""

    record_id: int
    file: str
    reviewer: ReviewerKey
    problems: list[str] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class Collected:
    # (reviewer, application id) → criterion → score (None = blank or n/a)
    scores: dict[tuple[ReviewerKey, int], dict[str, float | None]] = field(default_factory=dict)
    sheets: list[SheetStatus] = field(default_factory=list)

    def rejected(self) -> list[SheetStatus]:
        return [s for s in self.sheets if not s.counted]


def reviewer_of(sheet: ScoreSheet) -> ReviewerKey:
    return (normalize_name(sheet.reviewer), (sheet.reviewer_unit or "").strip())


def supersede_resubmitted(store: Store, year: int) -> list[StoredRecord]:
    """Deactivate every reviewer's sheets but the latest, auditing each replacement; returns the latest."""
    latest: dict[ReviewerKey, StoredRecord] = {}
    earlier: dict[ReviewerKey, list[StoredRecord]] = defaultdict(list)
    for stored in store.records("score_sheet", year):
        key = reviewer_of(stored.record)
        if key in latest:
            earlier[key].append(latest[key])
        latest[key] = stored
    for key, old in earlier.items():
        store.deactivate_records(
            [r.id for r in old], entity="score_sheet", entity_id=latest[key].id, reviewer=list(key),
            by_file=latest[key].document.file_name,
        )  # fmt: skip
    return sorted(latest.values(), key=lambda r: r.id)


def _formula_cells(path: Path, rows: int, criteria: int) -> list[str]:
    """Score cells of the archived file that hold a formula (the reader sees those as blank)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=False, data_only=False)
    try:
        sheet = wb[L.SHEET]
    except KeyError:
        return []
    first = len(L.FIXED_HEADERS) + 1
    found = [
        sheet.cell(row=r, column=c).coordinate
        for r in range(L.FIRST_ROW, L.FIRST_ROW + rows)
        for c in range(first, first + criteria)
        if sheet.cell(row=r, column=c).data_type == "f"
    ]
    wb.close()
    return found


def _check(ws: Workspace, stored: StoredRecord, saved: SavedRound, policy: ReviewPolicy) -> list[str]:
    sheet: ScoreSheet = stored.record
    problems = list(sheet.problems)
    key = reviewer_of(sheet)
    assigned = {p.application_id: p for p in saved.items_of(key)}
    if not assigned:
        problems.append(f"评审专家“{key[0]}”（{key[1] or '单位不详'}）不在本轮分配名单中")
        return problems
    if sheet.year is not None and sheet.year != ws.year:
        problems.append(f"评分表年度为 {sheet.year}，当前评审年度为 {ws.year}")
    criteria = tuple((c.name, c.max) for c in sheet.criteria)
    if criteria != saved.criteria or criteria != tuple((c.name, c.max) for c in policy.criteria):
        problems.append("评分表的评分项目或满分与本轮评审办法不一致（可能是旧版评分表）")
    on_sheet = {row.application_id for row in sheet.rows}
    extra, lacking = on_sheet - assigned.keys(), assigned.keys() - on_sheet
    if extra or lacking:
        parts = [f"多出编号 {sorted(i for i in extra if i is not None)}" if extra else "",
                 f"缺少《{'》《'.join(assigned[i].title for i in sorted(lacking))}》" if lacking else ""]  # fmt: skip
        problems.append(
            f"评分表中的成果与本轮分配不一致（{'；'.join(p for p in parts if p)}），可能是旧版评分表"
        )
    for row in sheet.rows:
        pair = assigned.get(row.application_id) if row.application_id is not None else None
        if pair is not None and (pair.title != row.title or pair.unit != (row.unit or "")):
            problems.append(f"编号 {row.application_id} 的成果名称或申报单位与分配记录不符")
    archived = ws.root / stored.document.archived_path
    if archived.is_file() and not problems:
        cells = _formula_cells(archived, len(sheet.rows), len(sheet.criteria))
        if cells:
            problems.append(f"评分单元格 {'、'.join(cells)} 中是公式，请直接填写数字")
    return problems


def collect_scores(ws: Workspace, store: Store, saved: SavedRound, policy: ReviewPolicy) -> Collected:
    """The scores that count, and the status of every reviewer's latest sheet."""
    collected = Collected()
    for stored in supersede_resubmitted(store, ws.year):
        sheet: ScoreSheet = stored.record
        status = SheetStatus(stored.id, stored.document.file_name, reviewer_of(sheet))
        status.problems = _check(ws, stored, saved, policy)
        collected.sheets.append(status)
        if status.counted:
            for row in sheet.rows:
                assert row.application_id is not None
                collected.scores[(status.reviewer, row.application_id)] = dict(row.scores)
    return collected
