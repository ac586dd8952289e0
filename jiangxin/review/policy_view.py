"""The part of the year's policy the review needs, as a small frozen value (built from `policy.review`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

BlankRule = Literal["exclude", "zero"]
GradeMode = Literal["quota", "threshold"]

BLANK_RULE_TEXT: dict[str, str] = {
    "exclude": "任一评分项留空或填“不适用”时，该专家对该成果的评分不计入平均",
    "zero": "评分项留空或填“不适用”时按 0 分计",
}


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    max: float


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """Reviewers per application, criteria, trimming, the blank rule, tie-breaks and grading."""

    reviewers_per_application: int
    criteria: tuple[Criterion, ...]
    trim_min_scores: int
    blank_rule: BlankRule
    tie_break: tuple[str, ...]
    grade_mode: GradeMode
    quotas: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    decimals: int = 2

    @property
    def total_max(self) -> float:
        return sum(c.max for c in self.criteria)

    @property
    def criterion_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.criteria)

    @property
    def grades(self) -> tuple[str, ...]:
        """Grades from the highest down, in the policy's order."""
        return tuple(self.quotas if self.grade_mode == "quota" else self.thresholds)

    def method_text(self) -> str:
        """One sentence for forms and result sheets: how scores become an application's score."""
        trim = f"有效评分达到 {self.trim_min_scores} 个时去掉一个最高分和一个最低分后取平均，否则直接取平均"
        return f"{trim}；{BLANK_RULE_TEXT[self.blank_rule]}；保留 {self.decimals} 位小数。"

    @classmethod
    def from_review(cls, review: Any) -> ReviewPolicy:
        """Build from `rules.policy.Policy.review` (or anything with the same attributes)."""
        return cls(
            reviewers_per_application=int(review.reviewers_per_application),
            criteria=tuple(Criterion(str(c.name), float(c.max)) for c in review.criteria),
            trim_min_scores=int(review.trim_min_scores),
            blank_rule=review.blank_rule,
            tie_break=tuple(review.tie_break),
            grade_mode=review.grade_mode,
            quotas={str(k): float(v) for k, v in review.quotas.items()},
            thresholds={str(k): float(v) for k, v in review.thresholds.items()},
            decimals=int(review.decimals),
        )


def load_review_policy(policy_path: Path | None) -> ReviewPolicy:
    """The workspace's policy (None → the shipped default), reduced to its review part.

    Raises `rules.policy.PolicyError` with the file's line and key when the policy is wrong.
    """
    from rules.policy import load_policy

    return ReviewPolicy.from_review(load_policy(policy_path).review)
