"""Rules against duplicates: the same title twice this year, or an achievement that already won an award."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from jiangxin.core.records import Application
from jiangxin.core.text import normalize_name

from ..context import award_cycle_year
from ..policy import Scope
from ..spec import Given, Params, Rule, RuleResult, combine
from ..titles import title_key

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class TitleSimilarity(Params):
    """How alike two titles must be to be one achievement (also used to group an application's versions)."""

    duplicate_title_similarity: float = Field(gt=0, le=1)


def _percent(score: float) -> str:
    return f"{score * 100:.0f}%"


# --- 重复申报 -----------------------------------------------------------------------------------------
def duplicate(app: Application, stored: StoredRecord, given: Given[TitleSimilarity]) -> RuleResult:
    """No application submitted earlier this year has the same or a near-identical title: of a
    duplicate pair the later submission is refused, naming the earlier (which stands)."""
    ctx = given.ctx
    findings = []
    for other, score in ctx.similar.get(stored.id, []):
        if not ctx.submitted_before(other, stored):
            continue
        how = "相同" if score >= 1.0 else f"高度相似（相似度 {_percent(score)}）"
        findings.append(
            given.fail(
                f"成果名称与先申报的《{other.record.title}》（{other.record.unit}，"
                f"文件“{other.document.file_name}”，编号 {other.id}）{how}，后申报者按重复申报处理"
            )
        )
    return combine(findings)


DUPLICATE = Rule(
    name="duplicate",
    label="重复申报",
    about="与本年度其他申报重复",
    order=80,
    severity="不通过",
    params=TitleSimilarity,
    check=duplicate,
    criterion=lambda p: "本年度重复申报的成果不予受理",
)


# --- 往年获奖 -----------------------------------------------------------------------------------------
class PriorAward(TitleSimilarity):
    prior_award_scopes: tuple[Scope, ...]


def prior_award(app: Application, stored: StoredRecord, given: Given[PriorAward]) -> RuleResult:
    """The achievement has not already won an award in an earlier year (ours, or listing one of its members)."""
    ctx = given.ctx
    members = {normalize_name(m.name) for m in app.members}
    findings: dict[tuple[str, str, str], RuleResult] = {}
    for award, _score in ctx.prior_similar.get(stored.id, []):
        shares_member = bool(members & {normalize_name(n) for n in award.names})
        if not (ctx.org.owns(award.unit) or shares_member):
            continue
        # the same notice as docx and as PDF copy is one award
        findings.setdefault(
            (award.event, award.level, title_key(award.title)),
            given.fail(
                f"该成果已在{award_cycle_year(award)}年度“{award.event}”中获{award.level}"
                f"（《{award.title}》，文件“{award.file_name}”），已获奖成果不得重复申报"
            ),
        )
    return combine(list(findings.values()))


PRIOR_AWARD = Rule(
    name="prior_award",
    label="往年获奖",
    about="往年已获奖",
    order=90,
    severity="不通过",
    params=PriorAward,
    check=prior_award,
    criterion=lambda p: "往年已获奖成果不予受理",
)
