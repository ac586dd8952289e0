"""From scores to a ranking: each reviewer's total, the (trimmed) mean, ties, ranks and proposed grades.

Per the policy: a reviewer's total is the sum of the criteria; a criterion left blank or n/a either
counts 0 (`zero`) or removes that reviewer's total from the application (`exclude`); a row left
entirely blank is no score at all (it stays missing). With at least `trim_min_scores` totals the
highest and the lowest are dropped before averaging. Arithmetic is decimal, rounded half up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .items import Item
from .policy_view import ReviewPolicy
from .rounds import SavedRound

ReviewerKey = tuple[str, str]
Scores = Mapping[tuple[ReviewerKey, int], Mapping[str, float | None]]


def dec(value: float) -> Decimal:
    return Decimal(str(value))


@dataclass(slots=True)
class Ranked:
    """One application's result: counted totals, final score, rank and proposed grade."""

    item: Item
    reviewers: list[ReviewerKey] = field(default_factory=list)  # whose totals count, in order
    totals: list[Decimal] = field(default_factory=list)
    excluded: list[ReviewerKey] = field(default_factory=list)  # left a criterion blank (exclude rule)
    criterion_sums: dict[str, Decimal] = field(default_factory=dict)
    score: Decimal | None = None
    trimmed: bool = False
    rank: int | None = None
    grade: str | None = None

    @property
    def sum_total(self) -> Decimal:
        return sum(self.totals, Decimal(0))

    @property
    def mean(self) -> Decimal:
        return self.sum_total / len(self.totals) if self.totals else Decimal(0)

    def criterion_mean(self, name: str) -> Decimal:
        return self.criterion_sums.get(name, Decimal(0)) / len(self.totals) if self.totals else Decimal(0)


@dataclass(slots=True)
class Missing:
    reviewer: ReviewerKey
    application_id: int
    title: str


@dataclass(slots=True)
class Ranking:
    rows: list[Ranked]
    missing: list[Missing]
    notes: list[str] = field(default_factory=list)


def reviewer_total(scores: Mapping[str, float | None], policy: ReviewPolicy) -> Decimal | None:
    """The reviewer's total for one application; None when it does not count (see module doc)."""
    values = [scores.get(c.name) for c in policy.criteria]
    if all(v is None for v in values):
        return None
    if any(v is None for v in values) and policy.blank_rule == "exclude":
        return None
    return sum((dec(v) for v in values if v is not None), Decimal(0))


def final_score(totals: Sequence[Decimal], policy: ReviewPolicy) -> tuple[Decimal, bool]:
    """The mean of the totals, trimmed of one highest and one lowest when there are enough."""
    ordered = sorted(totals)
    trimmed = len(ordered) >= policy.trim_min_scores
    kept = ordered[1:-1] if trimmed else ordered
    mean = sum(kept, Decimal(0)) / len(kept)
    return mean.quantize(Decimal(1).scaleb(-policy.decimals), rounding=ROUND_HALF_UP), trimmed


def _tie_key(row: Ranked, policy: ReviewPolicy) -> tuple[Decimal, ...]:
    assert row.score is not None
    keys = [row.score]
    for rule in policy.tie_break:
        if rule == "sum":
            keys.append(row.sum_total)
        elif rule == "mean":
            keys.append(row.mean)
        elif rule.startswith("criterion:"):
            keys.append(row.criterion_mean(rule.removeprefix("criterion:")))
    return tuple(keys)


def _grade_by_quota(scored: list[Ranked], policy: ReviewPolicy, notes: list[str]) -> None:
    """Grades in rank order, each to at most floor(share × N) applications; a tied group that would
    overrun a grade's number goes down whole (never more winners than the quota)."""
    n = len(scored)
    groups: list[list[Ranked]] = []
    for row in scored:
        if groups and groups[-1][0].rank == row.rank:
            groups[-1].append(row)
        else:
            groups.append([row])
    g = 0
    for grade, share in policy.quotas.items():
        room = int((dec(share) * n).to_integral_value(rounding=ROUND_FLOOR))
        if room == 0:
            notes.append(f"{grade}按 {share:.0%} 的比例计，{n} 项成果的名额为 0 项。")
        while g < len(groups) and len(groups[g]) <= room:
            for row in groups[g]:
                row.grade = grade
            room -= len(groups[g])
            g += 1
        if g < len(groups) and 0 < room < len(groups[g]):
            notes.append(
                f"并列第{groups[g][0].rank}名的 {len(groups[g])} 项超出{grade}剩余名额（{room} 项），"
                "均列入下一等级，请评审委员会确定。"
            )


def _grade_by_threshold(scored: list[Ranked], policy: ReviewPolicy) -> None:
    lines = sorted(policy.thresholds.items(), key=lambda kv: -kv[1])
    for row in scored:
        assert row.score is not None
        row.grade = next((grade for grade, line in lines if row.score >= dec(line)), None)


def rank(items: list[Item], saved: SavedRound, scores: Scores, policy: ReviewPolicy) -> Ranking:
    """Rank the round's applications from the counted scores; list every score still missing."""
    by_id = {i.id: i for i in items}
    rows: dict[int, Ranked] = {}
    missing: list[Missing] = []
    for pair in saved.pairs:
        item = by_id.get(pair.application_id)
        if item is None:
            continue
        row = rows.setdefault(item.id, Ranked(item))
        given = scores.get((pair.reviewer, item.id))
        total = reviewer_total(given, policy) if given is not None else None
        if total is None:
            if given is not None and any(v is not None for v in given.values()):
                row.excluded.append(pair.reviewer)
            else:
                missing.append(Missing(pair.reviewer, item.id, item.title))
            continue
        assert given is not None
        row.reviewers.append(pair.reviewer)
        row.totals.append(total)
        for c in policy.criteria:
            value = given.get(c.name)
            row.criterion_sums[c.name] = row.criterion_sums.get(c.name, Decimal(0)) + dec(value or 0)
    for row in rows.values():
        if row.totals:
            row.score, row.trimmed = final_score(row.totals, policy)
    scored = sorted(
        (r for r in rows.values() if r.score is not None),
        key=lambda r: (tuple(-k for k in _tie_key(r, policy)), r.item.title, r.item.id),
    )
    for n, row in enumerate(scored):
        same = n > 0 and _tie_key(row, policy) == _tie_key(scored[n - 1], policy)
        row.rank = scored[n - 1].rank if same else n + 1
    notes: list[str] = []
    if scored and policy.grade_mode == "quota":
        _grade_by_quota(scored, policy, notes)
    elif scored:
        _grade_by_threshold(scored, policy)
    unscored = sorted((r for r in rows.values() if r.score is None), key=lambda r: r.item.id)
    for row in [*scored, *unscored]:
        if row.excluded:
            names = "、".join(k[0] for k in row.excluded)
            notes.append(f"《{row.item.title}》：{names} 有评分项留空或不适用，按评审办法其评分不计入。")
    return Ranking(rows=[*scored, *unscored], missing=missing, notes=notes)
