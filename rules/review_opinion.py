"""形式审查意见-<year>.docx for the review meeting, rendered through docxtpl from templates/形式审查意见.docx.

A workspace may keep its own edited copy in its templates folder (`[paths] templates`); otherwise the
template shipped with the program is used.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from .dates import cn_date
from .policy import Policy
from .registry import criteria, rule_labels
from .verdicts import FAIL, FIX, PASS, Verdict

TEMPLATE_NAME = "形式审查意见.docx"


def review_opinion_name(year: int) -> str:
    return f"形式审查意见-{year}.docx"


def template_path(templates_dir: Path | None) -> Path:
    """The workspace's own template when it has one, else the shipped one."""
    if templates_dir is not None and (templates_dir / TEMPLATE_NAME).is_file():
        return templates_dir / TEMPLATE_NAME
    return Path(str(resources.files("templates").joinpath(TEMPLATE_NAME)))


def _criteria_text(policy: Policy) -> str:
    """The 审查标准 paragraph: each rule's sentence for the year's policy."""
    sentences = criteria(policy.eligibility)
    return "；".join(sentences) + "。" if sentences else ""


def opinion_context(
    verdicts: list[Verdict], *, year: int, organization: str, policy: Policy, date: dt.date | None = None
) -> dict[str, Any]:
    """What the template's tags read: counts, criteria and one list per verdict."""

    def items(status: str) -> list[dict[str, Any]]:
        chosen = [v for v in verdicts if v.verdict == status]
        return [
            {
                "no": i,
                "title": v.title,
                "unit": v.unit,
                "lead": v.first_member.replace("\u3000", "").replace(" ", ""),
                "reasons": "；".join(_short(v, status)),
                "file": v.file,
            }
            for i, v in enumerate(chosen, start=1)
        ]

    passed, to_fix, failed = items(PASS), items(FIX), items(FAIL)
    return {
        "year": year,
        "organization": organization,
        "policy_title": policy.title,
        "rule_list": "、".join(rule_labels().values()),
        "criteria_text": _criteria_text(policy),
        "total": len(verdicts),
        "passed_count": len(passed),
        "fix_count": len(to_fix),
        "failed_count": len(failed),
        "passed": passed,
        "to_fix": to_fix,
        "failed": failed,
        "date": cn_date(date or dt.date.today()),
    }


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


def render_review_opinion(
    verdicts: list[Verdict],
    path: Path,
    *,
    year: int,
    organization: str,
    policy: Policy,
    templates_dir: Path | None = None,
    date: dt.date | None = None,
) -> Path:
    """Render the opinion to `path` and return it."""
    template = DocxTemplate(str(template_path(templates_dir)))
    template.render(opinion_context(verdicts, year=year, organization=organization, policy=policy, date=date))
    path.parent.mkdir(parents=True, exist_ok=True)
    template.save(str(path))
    return path
