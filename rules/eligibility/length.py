"""字数: each limited field stays within its character count (spaces and line breaks not counted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from jiangxin.core.records import Application

from ..spec import FIELD_LABELS, TEXT_FIELDS, Given, Params, Rule, RuleResult, combine, compact

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class CharLimit(Params):
    """At most `max` characters (spaces and line breaks not counted) in one text field."""

    field: str
    max: int = Field(ge=1)

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        if value not in TEXT_FIELDS:
            raise ValueError(f"“{value}”不是可限制字数的栏目，可用：{', '.join(TEXT_FIELDS)}")
        return value


class Length(Params):
    max_chars: tuple[CharLimit, ...] = ()


def length(app: Application, stored: StoredRecord, given: Given[Length]) -> RuleResult:
    findings = []
    for limit in given.params.max_chars:
        count = len(compact(getattr(app, limit.field)))
        if count > limit.max:
            findings.append(
                given.fail(f"{FIELD_LABELS[limit.field]}共 {count:,} 字，超过 {limit.max:,} 字的上限")
            )
    return combine(findings)


LENGTH = Rule(
    name="length",
    label="字数",
    about="字数超限",
    order=100,
    severity="待补正",
    params=Length,
    check=length,
    criterion=lambda p: "；".join(f"{FIELD_LABELS[lim.field]}不超过{lim.max}字" for lim in p.max_chars),
)
