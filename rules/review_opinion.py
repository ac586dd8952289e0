"""What the 形式审查意见 read out at the review meeting says: counts, criteria and one list per verdict.

The renderer (`reports.render.check_sheet`) writes it through templates/形式审查意见.docx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from .dates import cn_date
from .policy import Policy
from .registry import criteria, rule_labels
from .verdicts import FAIL, FIX, PASS, Verdict


@dataclass(frozen=True, slots=True)
class OpinionItem:
    """One application in the opinion's lists."""

    no: int
    title: str
    unit: str
    lead: str
    reasons: str
    file: str


@dataclass(frozen=True, slots=True)
class ReviewOpinion:
    """The opinion's content; its fields are the names the template reads."""

    year: int
    organization: str
    policy_title: str
    rule_list: str
    criteria_text: str
    total: int
    passed_count: int
    fix_count: int
    failed_count: int
    passed: tuple[OpinionItem, ...]
    to_fix: tuple[OpinionItem, ...]
    failed: tuple[OpinionItem, ...]
    date: str

    def context(self) -> dict[str, Any]:
        """The template's context: the fields as plain values."""
        return asdict(self)


def _criteria_text(policy: Policy) -> str:
    """The 审查标准 paragraph: each rule's sentence for the year's policy."""
    sentences = criteria(policy.eligibility)
    return "；".join(sentences) + "。" if sentences else ""


def review_opinion(
    verdicts: list[Verdict], *, year: int, organization: str, policy: Policy, date: dt.date | None = None
) -> ReviewOpinion:
    """The opinion on `verdicts`: counts, criteria and one list per verdict."""

    def items(status: str) -> tuple[OpinionItem, ...]:
        chosen = [v for v in verdicts if v.verdict == status]
        return tuple(
            OpinionItem(
                no=i,
                title=v.title,
                unit=v.unit,
                lead=v.first_member.replace("\u3000", "").replace(" ", ""),
                reasons="；".join(_short(v, status)),
                file=v.file,
            )
            for i, v in enumerate(chosen, start=1)
        )

    passed, to_fix, failed = items(PASS), items(FIX), items(FAIL)
    return ReviewOpinion(
        year=year,
        organization=organization,
        policy_title=policy.title,
        rule_list="、".join(rule_labels().values()),
        criteria_text=_criteria_text(policy),
        total=len(verdicts),
        passed_count=len(passed),
        fix_count=len(to_fix),
        failed_count=len(failed),
        passed=passed,
        to_fix=to_fix,
        failed=failed,
        date=cn_date(date or dt.date.today()),
    )


def _short(verdict: Verdict, status: str) -> list[str]:
    """The reasons that made the verdict what it is (for 待补正, the correctable ones); for the
    office's own verdict, its 人工认定."""
    if verdict.manual:
        return verdict.reasons[:1]
    labels = rule_labels()
    return [
        f"{labels[name]}：{result.reason}"
        for name, result in verdict.rules.items()
        if result.status == status and result.reason
    ]
