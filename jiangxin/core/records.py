"""The record types of `records.schema.json`: what the store keeps and the rules, pages and reports read.
The extractors fill `record_data`'s dataclasses, validated into these at the store's side (`record_from_data`).

`to_json()` gives exactly the schema's keys (plus the extra keys the schema allows, only when set).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

# the field labels live beside the extractors' dataclasses; read here too, beside the types
from .record_data import APPLICATION_FIELD_LABELS as APPLICATION_FIELD_LABELS

if TYPE_CHECKING:
    from .record_data import RecordData


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)

    # extra keys the schema allows: emitted only when they carry a value
    _optional_keys: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for key in self._optional_keys:
            if data.get(key) in (None, [], {}):
                data.pop(key, None)
        return data


class Person(_Model):
    """A 完成人 of an application."""

    name: str = Field(description="The name without spaces (forms pad two-character names: 张　三 is 张三).")
    unit: str | None = Field(default=None, description="The person's work unit as written.")
    title: str | None = Field(default=None, description="Post or professional title (职务/职称) as written.")


class Application(_Model):
    """A 职工技术创新成果申报书 / 申报表."""

    _optional_keys = frozenset({"seal_present", "confidence", "submitted_on"})

    kind: Literal["application"] = "application"
    title: str = Field(description="成果名称 without book-title marks; empty when the form does not give it.")
    unit: str = Field(description="申报单位 of the application; empty when the form does not give it.")
    category: str | None = Field(
        default=None, description="成果类别 (小发明, 小创造 … from text or a ticked box)."
    )
    specialty: str | None = Field(default=None, description="专业类别 as written.")
    members: list[Person] = Field(
        default_factory=list, description="Every 完成人 in the form's order, the 第一完成人 first."
    )
    completed_on: str | None = Field(
        default=None,
        description="完成时间 as an ISO date at the precision written: 2025, 2025-03 or 2025-03-15.",
    )
    summary: str | None = Field(default=None, description="成果简介, whitespace collapsed.")
    innovations: str | None = Field(default=None, description="创新点, whitespace collapsed.")
    adoption: str | None = Field(default=None, description="推广应用情况, whitespace collapsed.")
    economic_benefit_wan: float | None = Field(default=None, description="经济效益 in 万元 (10,000 yuan).")
    patents: list[str] = Field(
        default_factory=list, description="Patent numbers as ZL + 12 digits + check character."
    )
    unit_endorsed: bool = Field(
        default=False, description="Whether the 单位意见 states approval (同意申报 …)."
    )
    submitted_on: str | None = Field(
        default=None,
        description="The date the unit signed its opinion (when it submitted), where the form gives one.",
    )
    seal_present: bool | None = Field(
        default=None, description="Read from a scan: whether the 单位意见 area carries a red seal."
    )
    confidence: dict[str, float] | None = Field(
        default=None, description="Read from a scan: OCR confidence 0..1 per field."
    )


class Award(_Model):
    """One line of a results notice: a prize, rank or outcome for people, a team, a unit or an achievement."""

    _optional_keys = frozenset({"rank", "honours", "score"})

    level: str = Field(
        description="The prize or outcome without its scope word (团体二等奖 is 二等奖, team)."
    )
    scope: Literal["individual", "team", "organization", "achievement"]
    names: list[str] = Field(
        default_factory=list, description="The people named, in order; empty for a unit's award."
    )
    unit: str | None = None
    title: str | None = Field(default=None, description="The achievement's title, for scope achievement.")
    rank: int | None = Field(default=None, description="The place (名次) where the list gives one.")
    honours: list[str] = Field(
        default_factory=list, description="Titles conferred with the award (技术能手 …)."
    )
    score: float | None = Field(default=None, description="The competitor's score where the list gives one.")


class ResultSheet(_Model):
    """A results notice: 获奖名单, 成绩通报, 表彰决定, 评选结果."""

    kind: Literal["result_sheet"] = "result_sheet"
    event: str = Field(description="The competition, contest or selection as the document names it.")
    organizer: str | None = Field(default=None, description="The awarding body (主办单位 or the signature).")
    date: str | None = Field(
        default=None, description="The date of issue as an ISO date at the precision written."
    )
    tier: Literal["国家级", "行业级", "省部级", "地市级", "公司级"] | None = Field(
        default=None, description="The tier as the document states it in words; null otherwise."
    )
    awards: list[Award] = Field(
        default_factory=list, description="Every award line, in the document's order."
    )

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        data["awards"] = [a.to_json() for a in self.awards]
        return data


class RosterPerson(_Model):
    """One row of the staff roster."""

    name: str
    employee_id: str | None = None
    unit: str | None = None
    post: str | None = None
    status: str | None = Field(default=None, description="在职, 离职, 退休 … as written.")


class Roster(_Model):
    """A 员工花名册."""

    kind: Literal["roster"] = "roster"
    people: list[RosterPerson] = Field(default_factory=list)


class ReviewerEntry(_Model):
    """One 评审专家 of a reviewer list: who they are and where they work (for 回避)."""

    name: str
    unit: str | None = None
    specialty: str | None = None
    # 内部/外部: True for our own staff, False for invited experts, None when the list does not say
    internal: bool | None = None
    contact: str | None = None


class ReviewerList(_Model):
    """A 评审专家名单 for the year's review meeting."""

    kind: Literal["reviewers"] = "reviewers"
    reviewers: list[ReviewerEntry] = Field(default_factory=list)


class ScoreCriterion(_Model):
    """A 评分项目 as printed on a score sheet, with its maximum points."""

    name: str
    max: float


class ScoreRow(_Model):
    """One application's scores on a returned score sheet; a blank or n/a criterion is None."""

    application_id: int | None = None
    title: str
    unit: str | None = None
    scores: dict[str, float | None] = Field(default_factory=dict)


class ScoreSheet(_Model):
    """A returned 评审评分表: one reviewer's scores, and why it cannot be counted (if so)."""

    kind: Literal["score_sheet"] = "score_sheet"
    year: int | None = None
    reviewer: str
    reviewer_unit: str | None = None
    criteria: list[ScoreCriterion] = Field(default_factory=list)
    rows: list[ScoreRow] = Field(default_factory=list)
    # locked cells edited, scores out of range …: a sheet with problems is stored but never counted
    problems: list[str] = Field(default_factory=list)


Record = Application | ResultSheet | Roster | ReviewerList | ScoreSheet

# kind key → record type, read off each type's `kind` literal
RECORD_TYPES: dict[str, type[Record]] = {cls.model_fields["kind"].default: cls for cls in get_args(Record)}


def record_from_json(data: dict[str, Any]) -> Record:
    """Rebuild a record from its stored JSON (unknown extra keys are kept out)."""
    cls = RECORD_TYPES[data["kind"]]
    return cls.model_validate(data)


def record_from_data(data: RecordData) -> Record:
    """The record type validated from what an extractor made (`record_data`): the store's side of reading."""
    return RECORD_TYPES[data.kind].model_validate(asdict(data))
