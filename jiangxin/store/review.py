"""What the review meeting keeps in the store: the year's assignment rounds of an office.

All SQL of `jiangxin.review` is here; the review modules call these functions and never touch the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .review_schema import ReviewAssignmentRow, ReviewRoundRow
from .schema import AuditRow
from .store import Store


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


@dataclass(frozen=True, slots=True)
class NewPair:
    """One reviewer to score one application, as `jiangxin assign` decided."""

    reviewer_name: str
    reviewer_unit: str
    reviewer_specialty: str
    application_id: int
    title: str
    unit: str
    specialty_match: bool | None


def current_round(store: Store, year: int) -> SavedRound | None:
    """The office's latest round of the year, with its pairs in the order they were saved."""
    with store.session() as s:
        q = select(ReviewRoundRow).where(ReviewRoundRow.year == year)
        row = s.execute(store.mine(q, ReviewRoundRow).order_by(ReviewRoundRow.id.desc())).scalars().first()
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


def add_round(
    store: Store,
    year: int,
    *,
    per_application: int,
    criteria: list[tuple[str, float]],
    source: str,
    pairs: list[NewPair],
    audit: dict[str, object],
) -> int:
    """Save a new round with its pairs and its audit entry in one transaction; returns its id."""

    def work(s: Session) -> int:
        row = ReviewRoundRow(
            organization=store.organization,
            year=year,
            per_application=per_application,
            criteria=[[name, most] for name, most in criteria],
            reviewer_source=source,
        )
        s.add(row)
        s.flush()
        s.add_all(
            ReviewAssignmentRow(
                round_id=row.id, reviewer_name=p.reviewer_name, reviewer_unit=p.reviewer_unit,
                reviewer_specialty=p.reviewer_specialty, application_id=p.application_id, title=p.title,
                unit=p.unit, specialty_match=p.specialty_match,
            )
            for p in pairs
        )  # fmt: skip
        s.add(AuditRow(organization=store.organization, action="create", entity="review_round",
                       entity_id=row.id, detail={"year": year, **audit}))  # fmt: skip
        return row.id

    return store.write(work)
