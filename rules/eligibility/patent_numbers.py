"""专利号: every patent number is well formed and its check character is right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiangxin.core.records import Application

from ..patents import check_patent
from ..spec import Given, Params, Rule, RuleResult, combine

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


def patents(app: Application, stored: StoredRecord, given: Given[Params]) -> RuleResult:
    findings = []
    for number in app.patents:
        check = check_patent(number, latest_year=given.ctx.year)
        if not check.ok:
            findings.append(given.fail(check.problem))
    return combine(findings)


PATENTS = Rule(
    name="patents",
    label="专利号",
    about="专利号格式或校验位有误",
    order=110,
    severity="待补正",
    params=Params,
    check=patents,
)
