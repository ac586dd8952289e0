"""The records as the extractors make them: plain dataclasses with the keys, order and defaults of the
record types in `records.py`, and the same JSON.

Reading a file never loads pydantic (a third of a short command's start-up): the extractors fill these,
`to_json()` gives what the record type's `to_json()` gives, and the store's side validates them into
the record types (`records.record_from_data`). tests/test_record_data.py holds the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

# the label a clerk reads for each field of an application (warnings, rules, reports)
APPLICATION_FIELD_LABELS: dict[str, str] = {
    "title": "成果名称",
    "unit": "申报单位",
    "category": "成果类别",
    "specialty": "专业类别",
    "members": "完成人",
    "completed_on": "完成时间",
    "summary": "成果简介",
    "innovations": "创新点",
    "adoption": "推广应用情况",
    "economic_benefit_wan": "经济效益",
    "patents": "专利",
    "unit_endorsed": "单位意见",
}


def _float(value: Any) -> Any:
    """A number as a float field holds it (the record types turn an int into a float)."""
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _int(value: Any) -> Any:
    """A whole float as an int field holds it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _json(value: Any) -> Any:
    if isinstance(value, _Data):
        return value.to_plain()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


@dataclass(slots=True, kw_only=True)
class _Data:
    # extra keys the schema allows: emitted only when they carry a value (as the record types do)
    _optional_keys: ClassVar[frozenset[str]] = frozenset()
    # fields whose numbers the record types hold as floats or ints, and maps of floats
    _floats: ClassVar[frozenset[str]] = frozenset()
    _float_maps: ClassVar[frozenset[str]] = frozenset()
    _ints: ClassVar[frozenset[str]] = frozenset()

    def to_plain(self) -> dict[str, Any]:
        """Every key, as the record type's `model_dump(mode="json")` gives it."""
        out: dict[str, Any] = {}
        name: str
        for name in self.__slots__:  # the fields, in their order
            value = getattr(self, name)
            if name in self._floats:
                value = _float(value)
            elif name in self._ints:
                value = _int(value)
            elif name in self._float_maps and value is not None:
                value = {k: _float(v) for k, v in value.items()}
            out[name] = _json(value)
        return out

    def to_json(self) -> dict[str, Any]:
        """What the record type's `to_json()` gives: the optional keys only when they carry a value."""
        data = self.to_plain()
        for key in self._optional_keys:
            if data.get(key) in (None, [], {}):
                data.pop(key, None)
        return data


@dataclass(slots=True, kw_only=True)
class PersonData(_Data):
    """A 完成人 of an application (records.Person)."""

    name: str
    unit: str | None = None
    title: str | None = None


@dataclass(slots=True, kw_only=True)
class ApplicationData(_Data):
    """A 职工技术创新成果申报书 / 申报表 (records.Application)."""

    _optional_keys = frozenset({"seal_present", "confidence", "submitted_on"})
    _floats = frozenset({"economic_benefit_wan"})
    _float_maps = frozenset({"confidence"})

    kind: Literal["application"] = "application"
    title: str
    unit: str
    category: str | None = None
    specialty: str | None = None
    members: list[PersonData] = field(default_factory=list)
    completed_on: str | None = None
    summary: str | None = None
    innovations: str | None = None
    adoption: str | None = None
    economic_benefit_wan: float | None = None
    patents: list[str] = field(default_factory=list)
    unit_endorsed: bool = False
    submitted_on: str | None = None
    seal_present: bool | None = None
    confidence: dict[str, float] | None = None


@dataclass(slots=True, kw_only=True)
class AwardData(_Data):
    """One line of a results notice (records.Award)."""

    _optional_keys = frozenset({"rank", "honours", "score"})
    _floats = frozenset({"score"})
    _ints = frozenset({"rank"})

    level: str
    scope: Literal["individual", "team", "organization", "achievement"]
    names: list[str] = field(default_factory=list)
    unit: str | None = None
    title: str | None = None
    rank: int | None = None
    honours: list[str] = field(default_factory=list)
    score: float | None = None


@dataclass(slots=True, kw_only=True)
class ResultSheetData(_Data):
    """A results notice (records.ResultSheet)."""

    kind: Literal["result_sheet"] = "result_sheet"
    event: str
    organizer: str | None = None
    date: str | None = None
    tier: Literal["国家级", "行业级", "省部级", "地市级", "公司级"] | None = None
    awards: list[AwardData] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = super(ResultSheetData, self).to_json()
        data["awards"] = [a.to_json() for a in self.awards]
        return data


@dataclass(slots=True, kw_only=True)
class RosterPersonData(_Data):
    """One row of the staff roster (records.RosterPerson)."""

    name: str
    employee_id: str | None = None
    unit: str | None = None
    post: str | None = None
    status: str | None = None


@dataclass(slots=True, kw_only=True)
class RosterData(_Data):
    """A 员工花名册 (records.Roster)."""

    kind: Literal["roster"] = "roster"
    people: list[RosterPersonData] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ReviewerEntryData(_Data):
    """One 评审专家 of a reviewer list (records.ReviewerEntry)."""

    name: str
    unit: str | None = None
    specialty: str | None = None
    internal: bool | None = None
    contact: str | None = None


@dataclass(slots=True, kw_only=True)
class ReviewerListData(_Data):
    """A 评审专家名单 (records.ReviewerList)."""

    kind: Literal["reviewers"] = "reviewers"
    reviewers: list[ReviewerEntryData] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ScoreCriterionData(_Data):
    """A 评分项目 with its maximum points (records.ScoreCriterion)."""

    _floats = frozenset({"max"})

    name: str
    max: float


@dataclass(slots=True, kw_only=True)
class ScoreRowData(_Data):
    """One application's scores on a returned score sheet (records.ScoreRow)."""

    _ints = frozenset({"application_id"})
    _float_maps = frozenset({"scores"})

    application_id: int | None = None
    title: str
    unit: str | None = None
    scores: dict[str, float | None] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class ScoreSheetData(_Data):
    """A returned 评审评分表 (records.ScoreSheet)."""

    _ints = frozenset({"year"})

    kind: Literal["score_sheet"] = "score_sheet"
    year: int | None = None
    reviewer: str
    reviewer_unit: str | None = None
    criteria: list[ScoreCriterionData] = field(default_factory=list)
    rows: list[ScoreRowData] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


RecordData = ApplicationData | ResultSheetData | RosterData | ReviewerListData | ScoreSheetData
