"""Rules about the 完成人: in the roster and 在职, how many, and how many applications one person leads."""

from __future__ import annotations

import re

from jiangxin.core.records import Application
from jiangxin.store import StoredRecord

from . import roster_match as rm
from .context import CheckContext, lead_key
from .verdicts import FIX, RuleResult, combine, passed


def is_placeholder(name: str, patterns: tuple[str, ...]) -> bool:
    """A template's stand-in name (成员1, 姓名, XXX): reported as template residue, not looked up."""
    text = re.sub(r"\s", "", name)
    return any(re.search(p, text) for p in patterns)


def _units_of(people: tuple[object, ...]) -> str:
    units = [getattr(p, "unit", None) or "单位不详" for p in people]
    return "、".join(dict.fromkeys(units))


def roster(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """Every member is in the roster (same name and unit) and in an active status."""
    if ctx.roster is None:
        return RuleResult(FIX, f"尚未导入 {ctx.year} 年员工花名册，无法核对完成人，请先把花名册放入收件箱")
    sev = ctx.policy.eligibility.severity
    active = ctx.policy.eligibility.active_statuses
    findings: list[RuleResult] = []
    for member in app.members:
        if not member.name.strip() or is_placeholder(member.name, ctx.policy.eligibility.placeholder_names):
            continue
        found = ctx.roster.match(member.name, member.unit, hint=app.unit)
        unit = member.unit or app.unit
        name = member.name.replace("\u3000", "").replace(" ", "")
        if found.outcome == rm.FOREIGN:
            findings.append(RuleResult(sev.roster, f"{name}的单位“{unit}”不是本公司单位，不在本公司花名册中"))
        elif found.outcome == rm.MISSING:
            findings.append(RuleResult(sev.roster, f"{name}不在员工花名册中"))
        elif found.outcome == rm.OTHER_UNIT:
            findings.append(
                RuleResult(
                    sev.roster_ambiguous,
                    f"花名册中的{name}在{_units_of(found.candidates)}，与申报所填“{unit}”不一致，"
                    "请核实是否为同一人",
                )
            )
        elif found.outcome == rm.AMBIGUOUS:
            findings.append(
                RuleResult(
                    sev.roster_ambiguous,
                    f"花名册中有 {len(found.candidates)} 名{name}（{_units_of(found.candidates)}），"
                    "无法确定是哪一位，请补充员工编号或单位",
                )
            )
        elif found.person is not None and (found.person.status or "") not in active:
            status = found.person.status or "未注明"
            findings.append(RuleResult(sev.roster, f"{name}在花名册中的状态为“{status}”，不是在职人员"))
    return combine(findings)


def member_count(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """No more 完成人 than the policy allows (per category where it differs)."""
    cap = ctx.policy.eligibility.member_cap(app.category)
    count = len(app.members)
    if count <= cap:
        return passed()
    which = (
        f"“{app.category}”类成果"
        if app.category in ctx.policy.eligibility.max_members_by_category
        else "每项成果"
    )
    return RuleResult(
        ctx.policy.eligibility.severity.member_count, f"共 {count} 人，超过{which}最多 {cap} 人的规定"
    )


def lead_limit(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """One person is first member of at most N applications this year."""
    key = lead_key(ctx.org, app)
    if key is None:
        return passed()
    led = ctx.leads.get(key, [])
    limit = ctx.policy.eligibility.max_led_per_person
    if len(led) <= limit:
        return passed()
    titles = "".join(f"《{s.record.title}》" for s in led)
    return RuleResult(
        ctx.policy.eligibility.severity.lead_limit,
        f"{key[0]}本年度作为第一完成人共申报 {len(led)} 项（{titles}），超过每人最多 {limit} 项的规定，"
        "请本人确定保留的项目",
    )
