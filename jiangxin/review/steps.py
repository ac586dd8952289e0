"""The two review steps, for the CLI and for tests: assign and scores. Each returns what it found and
decided; `reports.render.review` writes the forms and books from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.policy import Policy

from ..core.records import Application
from ..store import Store
from ..workspace import Workspace
from .aggregate import Ranking, rank
from .assign import Assignment, assign
from .confirm import confirm
from .conflicts import find_conflicts
from .declarations import FILE_NAME as DECLARATIONS_FILE
from .declarations import read_declarations
from .eligible import eligible_items
from .errors import ReviewError
from .items import Item
from .policy_view import ReviewPolicy
from .reviewers import load_reviewers
from .rounds import SavedRound, current_round, log_dismissals, save_round, would_change
from .score_check import Collected, collect_scores


@dataclass(slots=True)
class AssignOutcome:
    """A saved assignment round and what the matrix workbook says about it."""

    assignment: Assignment
    round: SavedRound
    changed: bool
    review: ReviewPolicy
    source: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "assignments": [
                {
                    "reviewer": p.reviewer.name,
                    "reviewer_unit": p.reviewer.unit,
                    "title": p.item.title,
                    "unit": p.item.unit,
                }
                for p in self.assignment.pairs
            ],
            "unassigned": [{"title": s.item.title, "reason": s.reason} for s in self.assignment.shortfalls],
        }


def run_assign(
    ws: Workspace,
    store: Store,
    policy: Policy,
    *,
    reviewers_file: Path | None = None,
    max_load: int | None = None,
    force: bool = False,
) -> AssignOutcome:
    """Reviewers × eligible applications → a saved round (the office's 回避声明.xlsx read when present)."""
    review = ReviewPolicy.from_review(policy.review)
    source = load_reviewers(ws, store, reviewers_file)
    eligible = eligible_items(ws, store, policy)
    if not eligible.items:
        raise ReviewError(f"没有可评审的申报书：{eligible.summary}。")
    declarations, notes = read_declarations(ws.root / DECLARATIONS_FILE)
    conflicts = find_conflicts(ws.organization, source.reviewers, eligible.items, declarations)
    result = assign(source.reviewers, eligible.items, conflicts, review.reviewers_per_application, max_load)
    received = store.records("score_sheet", ws.year)
    if received and not force and would_change(store, ws.year, result, review):
        raise ReviewError(
            f"本年度已收到 {len(received)} 份评分表，重新分配后原评分表将不再有效。"
            "确需重新分配，请加 --force。"
        )
    saved, changed = save_round(store, ws.year, result, review, source.source)
    log_dismissals(store, conflicts.dismissed(), {i.id: i.title for i in eligible.items})
    notes = [eligible.summary + "。", *source.warnings, *notes, *conflicts.warnings]
    return AssignOutcome(result, saved, changed, review, source.source, notes)


@dataclass(slots=True)
class ScoresOutcome:
    """The ranking of the round's applications from the sheets counted, on `today`."""

    ranking: Ranking
    collected: Collected
    review: ReviewPolicy
    today: dt.date
    confirmed_document: int | None = None
    confirmed_new: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "ranking": [
                {
                    "title": r.item.title,
                    "unit": r.item.unit,
                    "totals": [float(t) for t in r.totals],
                    "score": float(r.score) if r.score is not None else None,
                    "rank": r.rank,
                    "grade": r.grade,
                }
                for r in self.ranking.rows
            ],
            "missing": [{"reviewer": m.reviewer[0], "title": m.title} for m in self.ranking.missing],
            "rejected": [
                {"reviewer": s.reviewer[0], "file": s.file, "reasons": s.problems}
                for s in self.collected.rejected()
            ],
        }


def round_items(store: Store, saved: SavedRound) -> list[Item]:
    """The applications of a round, read back from the store by record id (in one query)."""
    wanted = sorted({p.application_id for p in saved.pairs})
    found = store.records_by_id(wanted)
    items: list[Item] = []
    for app_id in wanted:
        stored = found.get(app_id)
        if stored is None or not isinstance(stored.record, Application):
            raise ReviewError(
                f"分配记录中的申报书（编号 {app_id}）已不在数据库中，请重新运行 `jiangxin assign`。"
            )
        items.append(Item(app_id, stored.record))
    return items


def run_scores(ws: Workspace, store: Store, policy: Policy, *, today: dt.date | None = None) -> ScoresOutcome:
    """Count the returned sheets, rank and propose grades."""
    review = ReviewPolicy.from_review(policy.review)
    saved = current_round(store, ws.year)
    if saved is None:
        raise ReviewError("本年度尚未分配评审专家，请先运行 `jiangxin assign`。")
    collected = collect_scores(ws, store, saved, review)
    ranking = rank(round_items(store, saved), saved, collected.scores, review)
    return ScoresOutcome(ranking, collected, review, today or dt.date.today())


def confirm_grades(
    ws: Workspace, store: Store, outcome: ScoresOutcome, workbook: Path, *, allow_missing: bool = False
) -> None:
    """Store the proposed grades as the company's awards, with the written results `workbook` as their
    source; refused while scores are missing unless `allow_missing`."""
    if outcome.ranking.missing and not allow_missing:
        raise ReviewError(
            f"尚有 {len(outcome.ranking.missing)} 份评分未收回（见 {workbook.name}“未收回评分”），不能确认。"
            "收齐后再确认；确需按现有评分确认，请加 --allow-missing。"
        )
    outcome.confirmed_document, outcome.confirmed_new = confirm(
        ws, store, outcome.ranking, workbook, outcome.today
    )
