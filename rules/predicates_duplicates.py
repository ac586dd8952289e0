"""Rules against duplicates: the same title twice this year, or an achievement that already won an award."""

from __future__ import annotations

from jiangxin.core.records import Application
from jiangxin.core.text import normalize_name
from jiangxin.store import StoredRecord

from .context import CheckContext, award_cycle_year
from .titles import title_key
from .verdicts import RuleResult, combine


def _percent(score: float) -> str:
    return f"{score * 100:.0f}%"


def duplicate(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """No application submitted earlier this year has the same or a near-identical title: of a
    duplicate pair the later submission is refused, naming the earlier (which stands)."""
    findings = []
    for other, score in ctx.similar.get(stored.id, []):
        if not ctx.submitted_before(other, stored):
            continue
        how = "相同" if score >= 1.0 else f"高度相似（相似度 {_percent(score)}）"
        findings.append(
            RuleResult(
                ctx.policy.eligibility.severity.duplicate,
                f"成果名称与先申报的《{other.record.title}》（{other.record.unit}，"
                f"文件“{other.document.file_name}”，编号 {other.id}）{how}，后申报者按重复申报处理",
            )
        )
    return combine(findings)


def prior_award(app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
    """The achievement has not already won an award in an earlier year (ours, or listing one of its members)."""
    members = {normalize_name(m.name) for m in app.members}
    findings: dict[tuple[str, str, str], RuleResult] = {}
    for award, _score in ctx.prior_similar.get(stored.id, []):
        shares_member = bool(members & {normalize_name(n) for n in award.names})
        if not (ctx.org.owns(award.unit) or shares_member):
            continue
        # the same notice as docx and as PDF copy is one award
        findings.setdefault(
            (award.event, award.level, title_key(award.title)),
            RuleResult(
                ctx.policy.eligibility.severity.prior_award,
                f"该成果已在{award_cycle_year(award)}年度“{award.event}”中获{award.level}"
                f"（《{award.title}》，文件“{award.file_name}”），已获奖成果不得重复申报",
            ),
        )
    return combine(list(findings.values()))
