"""The record contract: `jiangxin/core/records.schema.json` is what the record types generate, and it
accepts every line `jiangxin extract --json` prints for the example documents the project makes.

(That it also accepts everything the shared contract beside the repository accepts is checked by
`python -m benchmarks.shared_checks --check`, where those files are.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.core.records import (
    Application,
    Award,
    Person,
    ResultSheet,
    ReviewerEntry,
    ReviewerList,
    Roster,
    RosterPerson,
    ScoreCriterion,
    ScoreRow,
    ScoreSheet,
    record_from_json,
)
from jiangxin.core.schema import SCHEMA_FILE, main, render
from jiangxin.core.warnings import FieldWarning
from jiangxin.examples.year import write_example_year

ENVELOPE = ("source", "kind_reasons", "warnings")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_the_committed_schema_is_what_the_record_types_generate(capsys: pytest.CaptureFixture[str]) -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), "python -m jiangxin.core.schema --write"
    assert main(["--check"]) == 0
    capsys.readouterr()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """`jiangxin extract --json` over the example year (roster, applications in every layout, notices;
    PDFs where LibreOffice is installed) and a roster with a row the reader doubts."""
    folder = tmp_path_factory.mktemp("example-year")
    year = write_example_year(folder)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["员工编号", "姓名", "单位", "在职状态"], ["1", "张伟", "营销服务中心", "在职"],
                ["2", "待定2025", "营销服务中心", "在职"]):  # fmt: skip
        sheet.append(row)
    doubted = folder / "花名册-有疑问.xlsx"
    book.save(doubted)
    files = [*year.files, doubted]
    result = CliRunner().invoke(app, ["extract", "--json", *map(str, files)])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.exit_code == 0, result.stdout[-2000:]
    assert [Path(line["source"]["file"]).name for line in lines] == [f.name for f in files]
    return lines


def test_every_extracted_line_is_a_valid_record(
    extracted: list[dict[str, Any]], validator: jsonschema.protocols.Validator
) -> None:
    for line in extracted:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(line)]
        assert not errors, (line["source"]["file"], errors)
        # and the record part loads back into its type unchanged
        record = {k: v for k, v in line.items() if k not in ENVELOPE}
        assert record_from_json(record).to_json() == record
    kinds = {line["kind"] for line in extracted}
    assert {"application", "result_sheet", "roster"} <= kinds
    warned = [w for line in extracted for w in line.get("warnings", [])]
    assert warned and all(FieldWarning.model_validate(w).to_json() == w for w in warned)
    assert any(w["field"] == "people" and "待定2025" in w["message"] for w in warned)


def test_every_record_type_with_its_optional_keys_is_valid(validator: jsonschema.protocols.Validator) -> None:
    """Optional keys appear only when set, and are typed when they do."""
    sheet = ResultSheet(
        event="竞赛",
        awards=[
            Award(
                level="一等奖", scope="individual", names=["张三"], rank=1, honours=["技术能手"], score=96.5
            ),
            Award(level="优秀组织奖", scope="organization", unit="国网酒泉供电公司"),
        ],
    )
    data = sheet.to_json()
    validator.validate(data)
    assert data["awards"][0]["rank"] == 1 and data["awards"][0]["honours"] == ["技术能手"]
    assert "rank" not in data["awards"][1] and "honours" not in data["awards"][1]
    app_ = Application(title="a", unit="b", members=[Person(name="c")], patents=["ZL202321478774.6"])
    assert "seal_present" not in app_.to_json()
    scanned = app_.model_copy(update={"seal_present": True, "confidence": {"title": 0.93}})
    for record in (
        app_,
        scanned,
        Roster(people=[RosterPerson(name="张三", status="在职")]),
        ReviewerList(reviewers=[ReviewerEntry(name="李四", unit="国网酒泉供电公司", internal=True)]),
        ScoreSheet(
            reviewer="李四",
            criteria=[ScoreCriterion(name="创新性", max=30)],
            rows=[ScoreRow(application_id=1, title="a", scores={"创新性": 25.0})],
        ),
    ):
        validator.validate(record.to_json())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"kind": "notice"}, id="kind"),
        pytest.param({"awards": [{"level": "一等奖", "scope": "everyone", "names": []}]}, id="scope"),
        pytest.param({"awards": [{"scope": "team", "names": ["张三"]}]}, id="level"),
        pytest.param({"date": 20250520}, id="date"),
        pytest.param({"warnings": ["event: 未找到标题"]}, id="warning-as-text"),
        pytest.param(
            {"warnings": [{"field": "event", "code": "Not Found", "message": "未找到标题"}]}, id="code"
        ),
        pytest.param({"source": {"file": "a.docx"}}, id="sha256"),
    ],
)
def test_the_schema_refuses_what_is_not_a_record(
    validator: jsonschema.protocols.Validator, change: dict[str, Any]
) -> None:
    good = {
        **ResultSheet(event="竞赛", awards=[]).to_json(),
        "source": {"file": "a.docx", "sha256": "0" * 64},
    }
    validator.validate(good)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**good, **change})


def test_every_kind_of_the_registry_has_its_record_type() -> None:
    from jiangxin.core.kinds import BY_NAME
    from jiangxin.core.records import RECORD_TYPES

    assert set(BY_NAME) == set(RECORD_TYPES)
