"""Saving and reading the year's assignment rounds, and logging dismissed conflicts in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..store import Store
from ..store.review_schema import ReviewAssignmentRow, ReviewRoundRow
from ..store.schema import Base
from .assign import Assignment
from .conflicts import Conflict
from .policy_view import ReviewPolicy


@dataclass(frozen=True, slots=True)
class SavedPair:
    reviewer_name: str
    reviewer_unit: str
    application_id: int
    title: str
    unit: str

    @property
    def reviewer(self) -> tuple[str, str]:
        return (self.reviewer_name, self.reviewer_unit)


@dataclass(frozen=True, slots=True)
class SavedRound:
    id: int
    year: int
    per_application: int
    criteria: tuple[tuple[str, float], ...]
    pairs: tuple[SavedPair, ...]

    def items_of(self, reviewer: tuple[str, str]) -> list[SavedPair]:
        return [p for p in self.pairs if p.reviewer == reviewer]

    def reviewers(self) -> list[tuple[str, str]]:
        return sorted({p.reviewer for p in self.pairs})


def ensure_tables(store: Store) -> None:
    """Create the review tables in a store opened before this module was imported."""
    names = (ReviewRoundRow.__tablename__, ReviewAssignmentRow.__tablename__)
    Base.metadata.create_all(store.engine, tables=[Base.metadata.tables[n] for n in names])


def current_round(store: Store, year: int) -> SavedRound | None:
    ensure_tables(store)
    with store.session() as s:
        row = (
            s.execute(
                select(ReviewRoundRow).where(ReviewRoundRow.year == year).order_by(ReviewRoundRow.id.desc())
            )
            .scalars()
            .first()
        )
        if row is None:
            return None
        pairs = s.execute(
            select(ReviewAssignmentRow)
            .where(ReviewAssignmentRow.round_id == row.id)
            .order_by(ReviewAssignmentRow.id)
        ).scalars()
        return SavedRound(
            id=row.id,
            year=row.year,
            per_application=row.per_application,
            criteria=tuple((str(n), float(m)) for n, m in row.criteria),
            pairs=tuple(
                SavedPair(p.reviewer_name, p.reviewer_unit, p.application_id, p.title, p.unit) for p in pairs
            ),
        )


def _same(saved: SavedRound, assignment: Assignment, policy: ReviewPolicy) -> bool:
    new = {(p.reviewer.key, p.item.id, p.item.title, p.item.unit) for p in assignment.pairs}
    old = {(p.reviewer, p.application_id, p.title, p.unit) for p in saved.pairs}
    criteria = tuple((c.name, c.max) for c in policy.criteria)
    return (
        new == old
        and saved.criteria == criteria
        and saved.per_application == policy.reviewers_per_application
    )


def would_change(store: Store, year: int, assignment: Assignment, policy: ReviewPolicy) -> bool:
    saved = current_round(store, year)
    return saved is None or not _same(saved, assignment, policy)


def save_round(
    store: Store, year: int, assignment: Assignment, policy: ReviewPolicy, source: str
) -> tuple[SavedRound, bool]:
    """The round for this assignment: the current one when nothing changed, else a new one (audited)."""
    saved = current_round(store, year)
    if saved is not None and _same(saved, assignment, policy):
        return saved, False
    with store.session() as s, s.begin():
        row = ReviewRoundRow(
            year=year,
            per_application=policy.reviewers_per_application,
            criteria=[[c.name, c.max] for c in policy.criteria],
            reviewer_source=source,
        )
        s.add(row)
        s.flush()
        for p in assignment.pairs:
            s.add(
                ReviewAssignmentRow(
                    round_id=row.id, reviewer_name=p.reviewer.name, reviewer_unit=p.reviewer.unit,
                    reviewer_specialty=p.reviewer.specialty, application_id=p.item.id,
                    title=p.item.title, unit=p.item.unit, specialty_match=p.specialty_match,
                )
            )  # fmt: skip
        round_id = row.id
    store.audit(
        "create", "review_round", round_id, year=year, pairs=len(assignment.pairs),
        shortfalls=[s.item.title for s in assignment.shortfalls],
        replaces=saved.id if saved else None,
    )  # fmt: skip
    fresh = current_round(store, year)
    assert fresh is not None
    return fresh, True


def log_dismissals(store: Store, dismissed: list[Conflict], titles: dict[int, str]) -> int:
    """Write each dismissed conflict to the audit log once (a re-run does not repeat it); returns how many."""
    logged = {
        (tuple(a.detail.get("reviewer", ())), a.detail.get("application_id"), a.detail.get("type"),
         a.detail.get("reason"))
        for a in store.audit_log()
        if a.action == "dismiss" and a.entity == "conflict"
    }  # fmt: skip
    n = 0
    for c in dismissed:
        key = (c.reviewer, c.application_id, str(c.type), c.dismissed)
        if key in logged:
            continue
        store.audit(
            "dismiss", "conflict", c.application_id, reviewer=list(c.reviewer),
            application_id=c.application_id, title=titles.get(c.application_id, ""), type=str(c.type),
            detail=c.detail, reason=c.dismissed,
        )  # fmt: skip
        n += 1
    return n
