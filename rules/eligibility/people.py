"""Rules about the 完成人: in the roster and 在职, how many, and how many applications one person leads."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from jiangxin.core.records import Application

from .. import roster_match as rm
from ..context import lead_key
from ..spec import FIX, Given, Params, Rule, RuleResult, combine, passed

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class PlaceholderNames(Params):
    """Stand-in names of the blank form (regular expressions), read by the roster and residue rules."""

    placeholder_names: tuple[str, ...]

    @field_validator("placeholder_names")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式“{pattern}”有误：{exc}") from exc
        return value


def is_placeholder(name: str, patterns: tuple[str, ...]) -> bool:
    """A template's stand-in name (成员1, 姓名, XXX): reported as template residue, not looked up."""
    text = re.sub(r"\s", "", name)
    return any(re.search(p, text) for p in patterns)


def _units_of(people: tuple[object, ...]) -> str:
    units = [getattr(p, "unit", None) or "单位不详" for p in people]
    return "、".join(dict.fromkeys(units))


# --- 完成人在册在职 ---------------------------------------------------------------------------------------
class RosterParams(PlaceholderNames):
    active_statuses: tuple[str, ...] = Field(min_length=1)


def roster(app: Application, stored: StoredRecord, given: Given[RosterParams]) -> RuleResult:
    """Every member is in the roster (same name and unit) and in an active status."""
    ctx, params = given.ctx, given.params
    if ctx.roster is None:
        return RuleResult(FIX, f"尚未导入 {ctx.year} 年员工花名册，无法核对完成人，请先把花名册放入收件箱")
    ambiguous = given.severity_of("roster_ambiguous")
    findings: list[RuleResult] = []
    for member in app.members:
        if not member.name.strip() or is_placeholder(member.name, params.placeholder_names):
            continue
        found = ctx.roster.match(member.name, member.unit, hint=app.unit)
        unit = member.unit or app.unit
        name = member.name.replace("\u3000", "").replace(" ", "")
        if found.outcome == rm.FOREIGN:
            findings.append(given.fail(f"{name}的单位“{unit}”不是本公司单位，不在本公司花名册中"))
        elif found.outcome == rm.MISSING:
            findings.append(given.fail(f"{name}不在员工花名册中"))
        elif found.outcome == rm.OTHER_UNIT:
            findings.append(
                RuleResult(
                    ambiguous,
                    f"花名册中的{name}在{_units_of(found.candidates)}，与申报所填“{unit}”不一致，"
                    "请核实是否为同一人",
                )
            )
        elif found.outcome == rm.AMBIGUOUS:
            findings.append(
                RuleResult(
                    ambiguous,
                    f"花名册中有 {len(found.candidates)} 名{name}（{_units_of(found.candidates)}），"
                    "无法确定是哪一位，请补充员工编号或单位",
                )
            )
        elif found.person is not None and (found.person.status or "") not in params.active_statuses:
            status = found.person.status or "未注明"
            findings.append(given.fail(f"{name}在花名册中的状态为“{status}”，不是在职人员"))
    return combine(findings)


ROSTER = Rule(
    name="roster",
    label="完成人在册在职",
    about="完成人不在花名册或不在职",
    order=30,
    severity="不通过",
    params=RosterParams,
    check=roster,
    criterion=lambda p: f"完成人均为本公司{'、'.join(p.active_statuses)}职工",
    more_severities={"roster_ambiguous": ("待补正", "花名册中有同名不同单位的人员，需人工核对")},
)


# --- 完成人数 -----------------------------------------------------------------------------------------
class MemberCount(Params):
    max_members: int = Field(ge=1)
    max_members_by_category: dict[str, int] = Field(default_factory=dict)

    @field_validator("max_members_by_category")
    @classmethod
    def _positive_caps(cls, value: dict[str, int]) -> dict[str, int]:
        for category, cap in value.items():
            if cap < 1:
                raise ValueError(f"类别“{category}”的完成人上限应不小于 1")
        return value

    def member_cap(self, category: str | None) -> int:
        """The most 完成人 an application of `category` may list."""
        if category and category in self.max_members_by_category:
            return self.max_members_by_category[category]
        return self.max_members


def member_count(app: Application, stored: StoredRecord, given: Given[MemberCount]) -> RuleResult:
    """No more 完成人 than the policy allows (per category where it differs)."""
    cap = given.params.member_cap(app.category)
    count = len(app.members)
    if count <= cap:
        return passed()
    which = f"“{app.category}”类成果" if app.category in given.params.max_members_by_category else "每项成果"
    return given.fail(f"共 {count} 人，超过{which}最多 {cap} 人的规定")


MEMBER_COUNT = Rule(
    name="member_count",
    label="完成人数",
    about="完成人数超限",
    order=40,
    severity="不通过",
    params=MemberCount,
    check=member_count,
    criterion=lambda p: f"完成人不超过{p.max_members}人",
)


# --- 第一完成人限项 -------------------------------------------------------------------------------------
class LeadLimit(Params):
    max_led_per_person: int = Field(ge=1)


def lead_limit(app: Application, stored: StoredRecord, given: Given[LeadLimit]) -> RuleResult:
    """One person is first member of at most N applications this year."""
    key = lead_key(given.ctx.org, app)
    if key is None:
        return passed()
    led = given.ctx.leads.get(key, [])
    limit = given.params.max_led_per_person
    if len(led) <= limit:
        return passed()
    titles = "".join(f"《{s.record.title}》" for s in led)
    return given.fail(
        f"{key[0]}本年度作为第一完成人共申报 {len(led)} 项（{titles}），超过每人最多 {limit} 项的规定，"
        "请本人确定保留的项目"
    )


LEAD_LIMIT = Rule(
    name="lead_limit",
    label="第一完成人限项",
    about="第一完成人申报项数超限（由本人确定保留哪几项）",
    order=50,
    severity="待补正",
    params=LeadLimit,
    check=lead_limit,
    criterion=lambda p: f"同一人作为第一完成人不超过{p.max_led_per_person}项",
)
