"""The two review steps end to end, for the CLI and for tests: assign (with forms) and scores."""

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
from .declarations import ensure_file, read_declarations
from .eligible import eligible_items
from .errors import ReviewError
from .forms import REVIEW_DIR, FormSet, write_forms
from .items import Item
from .outputs import write_assignment_book, write_results_book, write_results_docx
from .policy_view import ReviewPolicy
from .reviewers import load_reviewers
from .rounds import SavedRound, current_round, log_dismissals, save_round, would_change
from .score_check import Collected, collect_scores


def assignment_book_path(ws: Workspace) -> Path:
    return ws.outbox / REVIEW_DIR / f"评审分配-{ws.year}.xlsx"


def results_book_path(ws: Workspace) -> Path:
    return ws.outbox / f"评审结果-{ws.year}.xlsx"


def results_docx_path(ws: Workspace) -> Path:
    return ws.outbox / f"评审结果汇总表-{ws.year}.docx"


@dataclass(slots=True)
class AssignOutcome:
    assignment: Assignment
    round: SavedRound
    changed: bool
    forms: list[FormSet]
    book: Path
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
    """Reviewers × eligible applications → a saved round, every reviewer's forms, the matrix workbook."""
    review = ReviewPolicy.from_review(policy.review)
    source = load_reviewers(ws, store, reviewers_file)
    eligible = eligible_items(ws, store, policy)
    if not eligible.items:
        raise ReviewError(f"没有可评审的申报书：{eligible.summary}。")
    declarations, notes = read_declarations(ensure_file(ws.root))
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
    forms = write_forms(ws, result, review)
    notes = [eligible.summary + "。", *source.warnings, *notes, *conflicts.warnings]
    book = write_assignment_book(assignment_book_path(ws), result, source=source.source, notes=notes)
    return AssignOutcome(result, saved, changed, forms, book, notes)


@dataclass(slots=True)
class ScoresOutcome:
    ranking: Ranking
    collected: Collected
    review: ReviewPolicy
    files: list[Path]
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
    """The applications of a round, read back from the store by record id."""
    items: list[Item] = []
    for app_id in sorted({p.application_id for p in saved.pairs}):
        stored = store.record(app_id)
        if stored is None or not isinstance(stored.record, Application):
            raise ReviewError(
                f"分配记录中的申报书（编号 {app_id}）已不在数据库中，请重新运行 `jiangxin assign`。"
            )
        items.append(Item(app_id, stored.record))
    return items


def run_scores(
    ws: Workspace,
    store: Store,
    policy: Policy,
    *,
    confirm_grades: bool = False,
    allow_missing: bool = False,
    today: dt.date | None = None,
) -> ScoresOutcome:
    """Count the returned sheets, rank, propose grades, write the result files; confirm if asked."""
    review = ReviewPolicy.from_review(policy.review)
    saved = current_round(store, ws.year)
    if saved is None:
        raise ReviewError("本年度尚未分配评审专家，请先运行 `jiangxin assign`。")
    today = today or dt.date.today()
    collected = collect_scores(ws, store, saved, review)
    ranking = rank(round_items(store, saved), saved, collected.scores, review)
    files = [
        write_results_book(results_book_path(ws), ranking, collected, review),
        write_results_docx(ws, results_docx_path(ws), ranking, review, today),
    ]
    outcome = ScoresOutcome(ranking, collected, review, files)
    if confirm_grades:
        if ranking.missing and not allow_missing:
            raise ReviewError(
                f"尚有 {len(ranking.missing)} 份评分未收回（见 {files[0].name}“未收回评分”），不能确认。"
                "收齐后再确认；确需按现有评分确认，请加 --allow-missing。"
            )
        outcome.confirmed_document, outcome.confirmed_new = confirm(ws, store, ranking, files[0], today)
    return outcome
