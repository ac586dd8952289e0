"""Rules about the form itself: extraction doubts, required fields, dates, 单位意见, length, patents, residue."""

from __future__ import annotations

from jiangxin.core.records import Application
from jiangxin.store import StoredRecord

from .context import CheckContext
from .dates import cn_date, cn_written, parse_span
from .patents import check_patent
from .policy import FIELD_LABELS, TEXT_FIELDS
from .predicates_people import is_placeholder
from .verdicts import FIX, RuleResult, combine, passed


def _text(value: object) -> str:
    return "".join(str(value).split()) if value is not None else ""


def _empty(app: Application, name: str) -> bool:
    """True when a field of the form holds nothing (a member list without a single name included)."""
    value = getattr(app, name)
    if name == "members":
        return not [m for m in app.members if _text(m.name)]
    if isinstance(value, list):
        return not value
    return value is None or (isinstance(value, str) and not _text(value))


def extraction(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """A record the reader doubted is never passed silently; a field the office corrected by hand is
    no longer in doubt."""
    corrected = {c.field.split(".")[0] for c in stored.corrections}
    doubts = [w for w in stored.warnings if w.field not in corrected]
    if not doubts:
        return passed()
    return RuleResult(
        ctx.policy.eligibility.severity.extraction,
        "；".join(w.readable.removesuffix("，请人工核对") for w in doubts) + "，请人工核对原件",
    )


def required_fields(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """Every field the policy requires is filled in."""
    missing = [FIELD_LABELS[name] for name in ctx.policy.eligibility.required_fields if _empty(app, name)]
    if not missing:
        return passed()
    return RuleResult(ctx.policy.eligibility.severity.required_fields, f"未填写{'、'.join(missing)}")


def completion_window(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """The completion date lies in the window; a month (or year) counts when it overlaps the window."""
    rules = ctx.policy.eligibility
    start, end = rules.completed_from, rules.completed_to
    window = f"{cn_date(start)}至{cn_date(end)}"
    span = parse_span(app.completed_on)
    if app.completed_on is None:
        return RuleResult(FIX, f"未填写，无法判断是否在{window}之间")
    if span is None:
        return RuleResult(FIX, f"“{app.completed_on}”无法识别，请填写到年月")
    if span.inside(start, end):
        return passed()
    if span.overlaps(start, end):
        if span.precision == "month":
            return passed()
        return RuleResult(
            FIX, f"只写了年份（{app.completed_on}年），无法判断是否在{window}之间，请填写到年月"
        )
    return RuleResult(
        rules.severity.completion_window, f"{cn_written(app.completed_on)}，不在规定的{window}之间"
    )


def unit_opinion(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """The 单位意见 (with seal) is there when the policy requires it."""
    if not ctx.policy.eligibility.unit_opinion_required:
        return passed()
    if not app.unit_endorsed:
        return RuleResult(
            ctx.policy.eligibility.severity.unit_opinion, "未填写，无申报单位推荐意见（签字盖章）"
        )
    if app.seal_present is False:
        return RuleResult(FIX, "未见公章，请核对原件")
    return passed()


def length(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """Each limited field stays within its character count (spaces and line breaks not counted)."""
    findings = []
    for limit in ctx.policy.eligibility.max_chars:
        count = len(_text(getattr(app, limit.field)))
        if count > limit.max:
            findings.append(
                RuleResult(
                    ctx.policy.eligibility.severity.length,
                    f"{FIELD_LABELS[limit.field]}共 {count:,} 字，超过 {limit.max:,} 字的上限",
                )
            )
    return combine(findings)


def patents(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """Every patent number is well formed and its check character is right."""
    findings = []
    for number in app.patents:
        check = check_patent(number, latest_year=ctx.year)
        if not check.ok:
            findings.append(RuleResult(ctx.policy.eligibility.severity.patents, check.problem))
    return combine(findings)


def template_residue(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """No instructions or placeholders of the blank form left in any field."""
    rules = ctx.policy.eligibility
    severity = rules.severity.template_residue
    findings: list[RuleResult] = []
    fields = [(FIELD_LABELS[name], getattr(app, name)) for name in TEXT_FIELDS]
    for i, member in enumerate(app.members, start=1):
        fields += [
            (f"第{i}完成人", member.name),
            (f"第{i}完成人单位", member.unit),
            (f"第{i}完成人职称", member.title),
        ]
    fields += [("专利", number) for number in app.patents]
    for label, value in fields:
        text = _text(value)
        hits = [r for r in rules.template_residue if r and _text(r) in text]
        if hits:
            findings.append(RuleResult(severity, f"{label}中留有模板文字“{hits[0]}”，请删除或改为实际内容"))
    for i, member in enumerate(app.members, start=1):
        if is_placeholder(member.name, rules.placeholder_names):
            findings.append(RuleResult(severity, f"第{i}完成人“{member.name}”是模板占位文字，请填写真实姓名"))
    return combine(findings)
