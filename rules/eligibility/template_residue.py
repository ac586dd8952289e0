"""模板残留: no instructions or placeholders of the blank form left in any field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiangxin.core.records import Application

from ..spec import FIELD_LABELS, TEXT_FIELDS, Given, Rule, RuleResult, combine, compact
from .people import PlaceholderNames, is_placeholder

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class TemplateResidue(PlaceholderNames):
    template_residue: tuple[str, ...]


def template_residue(app: Application, stored: StoredRecord, given: Given[TemplateResidue]) -> RuleResult:
    params = given.params
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
        text = compact(value)
        hits = [r for r in params.template_residue if r and compact(r) in text]
        if hits:
            findings.append(given.fail(f"{label}中留有模板文字“{hits[0]}”，请删除或改为实际内容"))
    for i, member in enumerate(app.members, start=1):
        if is_placeholder(member.name, params.placeholder_names):
            findings.append(given.fail(f"第{i}完成人“{member.name}”是模板占位文字，请填写真实姓名"))
    return combine(findings)


TEMPLATE_RESIDUE = Rule(
    name="template_residue",
    label="模板残留",
    about="栏目中留有申报书模板的说明或占位文字",
    order=120,
    severity="待补正",
    params=TemplateResidue,
    check=template_residue,
)
