"""Saving and reading the year's assignment rounds, and logging dismissed conflicts in the audit log."""

from __future__ import annotations

from ..store import Store
from ..store.review import NewPair, SavedPair, SavedRound, add_round, current_round
from .assign import Assignment
from .conflicts import Conflict
from .policy_view import ReviewPolicy

__all__ = ["SavedPair", "SavedRound", "current_round", "log_dismissals", "save_round", "would_change"]


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
    add_round(
        store, year, per_application=policy.reviewers_per_application,
        criteria=[(c.name, c.max) for c in policy.criteria], source=source,
        pairs=[
            NewPair(p.reviewer.name, p.reviewer.unit, p.reviewer.specialty, p.item.id, p.item.title,
                    p.item.unit, p.specialty_match)
            for p in assignment.pairs
        ],
        audit={"pairs": len(assignment.pairs), "shortfalls": [s.item.title for s in assignment.shortfalls],
               "replaces": saved.id if saved else None},
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
