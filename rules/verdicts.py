"""What the eligibility check says: one result per rule, one verdict per application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .registry import rule_labels
from .spec import FAIL, FIX, PASS, RANK, RuleResult, Status, combine, passed, worst

__all__ = [
    "FAIL", "FIX", "MANUAL", "PASS", "SUPERSEDED", "RuleResult", "Verdict", "combine", "manual_verdict",
    "passed", "verdict_of", "worst",
]  # fmt: skip

SUPERSEDED = "已替代"  # an earlier version of an application: listed, never counted
MANUAL = "人工认定"


def __getattr__(name: str) -> dict[str, str]:
    """`RULE_LABELS`: rule name → label, in column order, read from the registry when asked for."""
    if name == "RULE_LABELS":
        return rule_labels()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The check of one application: overall verdict, readable reasons, and each rule's result."""

    record_id: int
    file: str
    title: str
    unit: str
    verdict: str  # 通过 / 待补正 / 不通过, or 已替代 for an earlier version
    reasons: list[str]
    rules: dict[str, RuleResult] = field(default_factory=dict)
    first_member: str = ""
    versions: int = 1  # how many submissions the application has had
    superseded_by: int | None = None  # set on an earlier version: the record that replaced it
    manual: str = ""  # the office's 人工认定 (who, when, why), when it set the verdict itself
    computed: str = ""  # the verdict the rules gave, where the office set another
    corrected: tuple[str, ...] = ()  # fields the office corrected by hand

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "title": self.title,
            "unit": self.unit,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
        }
        if self.versions > 1:
            data["versions"] = self.versions
        if self.superseded_by is not None:
            data["superseded_by"] = self.superseded_by
        if self.manual:
            data["manual"] = self.manual
            data["computed"] = self.computed
        if self.corrected:
            data["corrected"] = list(self.corrected)
        return data


def manual_verdict(verdict: Verdict, office: Any) -> Verdict:
    """The office's own verdict over the rules' one; the rules' findings stay readable beneath it."""
    when = str(office.at)[:10]
    note = f"{office.by or '办公室'} {when}：{office.reason}" if office.reason else f"{office.by} {when}"
    reasons = [f"{MANUAL}（{office.new}）：{office.reason or '未说明理由'}"]
    reasons += [f"原审查意见 {r}" for r in verdict.reasons]
    return Verdict(
        record_id=verdict.record_id, file=verdict.file, title=verdict.title, unit=verdict.unit,
        verdict=office.new, reasons=reasons, rules=verdict.rules, first_member=verdict.first_member,
        versions=verdict.versions, manual=note, computed=verdict.verdict, corrected=verdict.corrected,
    )  # fmt: skip


def verdict_of(rules: dict[str, RuleResult]) -> tuple[Status, list[str]]:
    """不通过 if any rule fails hard, else 待补正 if any needs correction, else 通过; reasons worst first."""
    status = worst([r.status for r in rules.values()])
    ordered = sorted(
        ((name, r) for name, r in rules.items() if r.status != PASS),
        key=lambda item: -RANK[item[1].status],
    )
    labels = rule_labels()
    reasons = [f"{labels.get(name, name)}（{r.status}）：{r.reason}" for name, r in ordered]
    return status, reasons
