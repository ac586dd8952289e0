"""What the eligibility check says: one result per rule, one verdict per application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .policy import Status

PASS: Status = "通过"
FAIL: Status = "不通过"
FIX: Status = "待补正"
SUPERSEDED = "已替代"  # an earlier version of an application: listed, never counted
MANUAL = "人工认定"

_RANK = {PASS: 0, FIX: 1, FAIL: 2}

# the rules in the order the clerk reads them (columns of the result sheet)
RULE_LABELS: dict[str, str] = {
    "extraction": "识别情况",
    "required_fields": "必填项",
    "roster": "完成人在册在职",
    "member_count": "完成人数",
    "lead_limit": "第一完成人限项",
    "completion_window": "完成时间",
    "unit_opinion": "单位意见",
    "duplicate": "重复申报",
    "prior_award": "往年获奖",
    "length": "字数",
    "patents": "专利号",
    "template_residue": "模板残留",
}


@dataclass(frozen=True, slots=True)
class RuleResult:
    status: Status
    reason: str = ""


def passed(reason: str = "") -> RuleResult:
    return RuleResult(PASS, reason)


def worst(statuses: list[Status]) -> Status:
    """不通过 beats 待补正 beats 通过."""
    return max(statuses, key=lambda s: _RANK[s], default=PASS)


def combine(results: list[RuleResult]) -> RuleResult:
    """Several findings of one rule (e.g. one per member) as one result: the worst status, all reasons."""
    bad = [r for r in results if r.status != PASS]
    if not bad:
        return passed()
    return RuleResult(worst([r.status for r in bad]), "；".join(r.reason for r in bad if r.reason))


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
        key=lambda item: -_RANK[item[1].status],
    )
    reasons = [f"{RULE_LABELS.get(name, name)}（{r.status}）：{r.reason}" for name, r in ordered]
    return status, reasons
