"""Every serialised record is exactly the JSON of records.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from jiangxin.core.records import (
    Application,
    Award,
    Person,
    ResultSheet,
    Roster,
    RosterPerson,
    record_from_json,
)

from .conftest import SAMPLES, SCHEMA


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    if not SCHEMA.exists():
        pytest.skip("../shared/schema 不存在")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


TRUTHS = sorted((SAMPLES / "truth").glob("*.json")) if SAMPLES.is_dir() else []


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name)
def test_sample_truth_round_trips_through_the_models(
    truth: Path, validator: jsonschema.protocols.Validator
) -> None:
    data = json.loads(truth.read_text(encoding="utf-8"))
    record = record_from_json(data)
    assert record.to_json() == data
    validator.validate(record.to_json())


def test_optional_extra_keys_only_when_set(validator: jsonschema.protocols.Validator) -> None:
    sheet = ResultSheet(
        event="竞赛",
        awards=[
            Award(level="一等奖", scope="individual", names=["张三"], rank=1, honours=["技术能手"]),
            Award(level="优秀组织奖", scope="organization", unit="国网酒泉供电公司"),
        ],
    )
    data = sheet.to_json()
    validator.validate(data)
    assert data["awards"][0]["rank"] == 1 and data["awards"][0]["honours"] == ["技术能手"]
    assert "rank" not in data["awards"][1] and "honours" not in data["awards"][1]
    app = Application(title="a", unit="b", members=[Person(name="c")], patents=["ZL202321478774.6"])
    validator.validate(app.to_json())
    assert "seal_present" not in app.to_json()
    roster = Roster(people=[RosterPerson(name="张三", status="在职")])
    validator.validate(roster.to_json())
