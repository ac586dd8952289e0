"""Reviewer lists (评审专家名单) and returned score sheets (评分表) for the demo, tests and golden files:
a `ReviewerList` or `ScoreSheet` record and the xlsx that states exactly it (the list is written by
`reports.render.review_forms.write_reviewer_list`, the sheet as `jiangxin assign` sends it, then filled)."""

from __future__ import annotations

import random
from pathlib import Path

from ..core import sheet_layout as L
from ..core.records import ReviewerEntry, ReviewerList, ScoreCriterion, ScoreRow, ScoreSheet
from .people import CATEGORIES, OTHER_COMPANIES, OUR_SUB_UNITS, SPECIALTIES, NamePool, full_unit


def random_reviewers(
    rng: random.Random, names: NamePool, n: int, *, external_share: float = 0.3
) -> ReviewerList:
    """`n` reviewers; about `external_share` of them invited from other companies."""
    reviewers = []
    for _ in range(n):
        internal = rng.random() >= external_share
        unit = full_unit(rng.choice(OUR_SUB_UNITS)) if internal else rng.choice(OTHER_COMPANIES)
        specialty = "、".join(rng.sample(SPECIALTIES, rng.choice((1, 1, 2))))
        phone = "1" + "".join(str(rng.randrange(10)) for _ in range(10))
        reviewers.append(
            ReviewerEntry(name=names.name(), unit=unit, specialty=specialty, internal=internal, contact=phone)
        )
    return ReviewerList(reviewers=reviewers)


def random_score_sheet(rng: random.Random, names: NamePool, year: int, n: int) -> ScoreSheet:
    """A reviewer's returned sheet of `n` applications scored on the shipped policy's criteria; a few
    criteria marked 不适用 (read as no score), none of them a problem."""
    from ..review.policy_view import load_review_policy
    from .applications import random_application

    criteria = [ScoreCriterion(name=c.name, max=c.max) for c in load_review_policy(None).criteria]
    rows = []
    for k in range(n):
        app = random_application(rng, names)
        scores: dict[str, float | None] = {
            c.name: None if rng.random() < 0.08 else round(c.max * rng.uniform(0.5, 1.0), rng.choice((0, 1)))
            for c in criteria
        }
        rows.append(
            ScoreRow(
                application_id=rng.randint(1, 60) * 10 + k, title=app.title, unit=app.unit, scores=scores
            )
        )
    internal = rng.random() < 0.5
    unit = full_unit(rng.choice(OUR_SUB_UNITS)) if internal else rng.choice(OTHER_COMPANIES)
    return ScoreSheet(year=year, reviewer=names.name(), reviewer_unit=unit, criteria=criteria, rows=rows)


def render_score_sheet(record: ScoreSheet, path: Path, rng: random.Random) -> Path:
    """The sheet `jiangxin assign` sends the reviewer, filled in as `record` says (None as 不适用).
    The locked category and members are decoration the record does not keep, drawn from `rng`."""
    from reports.render.score_sheet import fill_score_sheet, write_score_sheet

    from ..review.policy_view import load_review_policy

    names = NamePool(rng)
    content = L.LockedContent(
        record.year or 2025,
        record.reviewer,
        record.reviewer_unit or "",
        tuple((c.name, c.max) for c in record.criteria),
        tuple(
            L.LockedRow(
                application_id=row.application_id or 0,
                title=row.title,
                unit=row.unit or "",
                category=rng.choice(CATEGORIES),
                members="、".join(names.name() for _ in range(rng.randint(1, 4))),
            )
            for row in record.rows
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_score_sheet(path, content, load_review_policy(None))
    scores: dict[int, dict[str, float | str | None]] = {
        row.application_id or 0: {k: L.NOT_APPLICABLE_WORD if v is None else v for k, v in row.scores.items()}
        for row in record.rows
    }
    return fill_score_sheet(path, scores, path)
