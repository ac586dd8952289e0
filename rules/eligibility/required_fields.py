"""必填项: every field the policy requires is filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import field_validator

from jiangxin.core.records import Application

from ..spec import FIELD_LABELS, Given, Params, Rule, RuleResult, compact, passed

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class RequiredFields(Params):
    required_fields: tuple[str, ...]

    @field_validator("required_fields")
    @classmethod
    def _known_required(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [f for f in value if f not in FIELD_LABELS]
        if unknown:
            raise ValueError(f"不认识的栏目 {', '.join(unknown)}，可用：{', '.join(FIELD_LABELS)}")
        return value


def _empty(app: Application, name: str) -> bool:
    """True when a field of the form holds nothing (a member list without a single name included)."""
    value = getattr(app, name)
    if name == "members":
        return not [m for m in app.members if compact(m.name)]
    if isinstance(value, list):
        return not value
    return value is None or (isinstance(value, str) and not compact(value))


def required_fields(app: Application, stored: StoredRecord, given: Given[RequiredFields]) -> RuleResult:
    missing = [FIELD_LABELS[name] for name in given.params.required_fields if _empty(app, name)]
    if not missing:
        return passed()
    return given.fail(f"未填写{'、'.join(missing)}")


REQUIRED_FIELDS = Rule(
    name="required_fields",
    label="必填项",
    about="必填项缺失",
    order=20,
    severity="待补正",
    params=RequiredFields,
    check=required_fields,
)
