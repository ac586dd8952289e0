"""The extractors' dataclasses (`record_data`) and the record types (`records`) stay in step: the same keys
in the same order with the same defaults, the same JSON, and a dataclass validates into the record it
stands for. `jiangxin extract` prints the dataclasses' JSON; the store keeps the record types."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from jiangxin.core import record_data as data
from jiangxin.core import records
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.notices import VARIANTS, random_result_sheet
from jiangxin.examples.people import NamePool
from jiangxin.examples.reviewers import random_reviewers, random_score_sheet
from jiangxin.examples.rosters import random_roster

PAIRS: list[tuple[type[Any], type[BaseModel]]] = [
    (data.PersonData, records.Person),
    (data.ApplicationData, records.Application),
    (data.AwardData, records.Award),
    (data.ResultSheetData, records.ResultSheet),
    (data.RosterPersonData, records.RosterPerson),
    (data.RosterData, records.Roster),
    (data.ReviewerEntryData, records.ReviewerEntry),
    (data.ReviewerListData, records.ReviewerList),
    (data.ScoreCriterionData, records.ScoreCriterion),
    (data.ScoreRowData, records.ScoreRow),
    (data.ScoreSheetData, records.ScoreSheet),
]
# the nested dataclass of each list field
NESTED: dict[str, type[Any]] = {
    "members": data.PersonData,
    "awards": data.AwardData,
    "people": data.RosterPersonData,
    "reviewers": data.ReviewerEntryData,
    "criteria": data.ScoreCriterionData,
    "rows": data.ScoreRowData,
}


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return "required" if f.default is dataclasses.MISSING else f.default


@pytest.mark.parametrize(("plain", "model"), PAIRS, ids=[m.__name__ for _, m in PAIRS])
def test_the_same_keys_in_the_same_order_with_the_same_defaults(
    plain: type[Any], model: type[BaseModel]
) -> None:
    fields = dataclasses.fields(plain)
    assert [f.name for f in fields] == list(model.model_fields)
    for f in fields:
        info = model.model_fields[f.name]
        expected = "required" if info.is_required() else info.get_default(call_default_factory=True)
        assert _default(f) == expected, f.name
    assert plain._optional_keys == model.__private_attributes__["_optional_keys"].default


def _as_data(record: BaseModel) -> Any:
    """The dataclass an extractor would have made for `record`."""
    cls = next(p for p, m in PAIRS if m is type(record))
    values = {
        key: [_as_data(item) for item in getattr(record, key)] if key in NESTED else value
        for key, value in record.model_dump().items()
    }
    return cls(**values)


def _records() -> list[Any]:
    rng = random.Random(11)
    names = NamePool(rng)
    made: list[Any] = [random_application(rng, names) for _ in range(20)]
    made += [random_result_sheet(rng, names, variant=v) for v in VARIANTS]
    made += [random_roster(rng, names, 30), random_reviewers(rng, names, 8)]
    made += [random_score_sheet(rng, names, 2025, 6) for _ in range(3)]
    return made


def test_the_same_json_and_the_same_record() -> None:
    for record in _records():
        made = _as_data(record)
        assert made.to_json() == record.to_json()
        assert list(made.to_json()) == list(record.to_json())  # key order: the printed JSON is identical
        assert records.record_from_data(made) == record


def test_numbers_are_held_as_the_record_types_hold_them() -> None:
    """An int given for a float field prints as a float (5.0), as pydantic makes it; optional keys that
    carry a value are printed."""
    app = data.ApplicationData(title="t", unit="u", economic_benefit_wan=5, confidence={"title": 1})
    expected = records.Application(title="t", unit="u", economic_benefit_wan=5, confidence={"title": 1})
    assert app.to_json() == expected.to_json() and app.to_json()["economic_benefit_wan"] == 5.0
    assert repr(app.to_json()) == repr(expected.to_json())
    award = data.AwardData(level="一等奖", scope="team", rank=2, score=91, honours=["技术能手"])
    assert repr(award.to_json()) == repr(records.Award(**dataclasses.asdict(award)).to_json())
    row = data.ScoreRowData(title="x", scores={"创新性": 18, "实用性": None})
    assert repr(row.to_json()) == repr(records.ScoreRow(**dataclasses.asdict(row)).to_json())


def test_a_value_the_record_type_refuses_is_refused_at_the_store_side() -> None:
    bad = data.AwardData(level="一等奖", scope="everyone")  # type: ignore[arg-type]
    sheet = data.ResultSheetData(event="竞赛", awards=[bad])
    with pytest.raises(ValidationError):
        records.record_from_data(sheet)


def test_reading_a_file_validates_the_record_unless_only_its_json_is_wanted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when the extractors made the record types: a value the type refuses makes the file `corrupt`."""
    import extractors.kinds as kinds
    from extractors import ErrorClass, extract_file

    rng = random.Random(4)
    form = tmp_path / "申报书.docx"
    render_application(random_application(rng, NamePool(rng)), "A", form, rng)
    good = extract_file(form)
    assert good.ok and isinstance(good.record, records.Application)
    assert good.to_json()["title"] == good.record.title and good.record.to_json() == good.data.to_json()  # type: ignore[union-attr]

    real = kinds.get

    def nameless_member(kind: str) -> Any:
        def extract(doc: Any, ctx: Any) -> Any:
            result = real(kind)(doc, ctx)
            result.data.members = [data.PersonData(name=None)]  # type: ignore[arg-type]
            return result

        return extract

    monkeypatch.setattr(kinds, "get", nameless_member)
    refused = extract_file(form)
    assert refused.error is ErrorClass.CORRUPT and "ValidationError" in (refused.message or "")
    assert refused.data is None and refused.record is None
    printed = extract_file(form, validate=False)
    assert printed.ok and printed.to_json()["members"] == [{"name": None, "unit": None, "title": None}]
