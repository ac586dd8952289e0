"""单位意见: the applying unit's endorsement (with seal) is there when the policy requires it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiangxin.core.records import Application

from ..spec import FIX, Given, Params, Rule, RuleResult, passed

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class UnitOpinion(Params):
    unit_opinion_required: bool


def unit_opinion(app: Application, stored: StoredRecord, given: Given[UnitOpinion]) -> RuleResult:
    if not given.params.unit_opinion_required:
        return passed()
    if not app.unit_endorsed:
        return given.fail("未填写，无申报单位推荐意见（签字盖章）")
    if app.seal_present is False:
        return RuleResult(FIX, "未见公章，请核对原件")
    return passed()


UNIT_OPINION = Rule(
    name="unit_opinion",
    label="单位意见",
    about="没有单位推荐意见（签字盖章）",
    order=70,
    severity="不通过",
    params=UnitOpinion,
    check=unit_opinion,
    criterion=lambda p: "须有申报单位意见并盖章" if p.unit_opinion_required else "",
)
