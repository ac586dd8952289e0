"""Typed warnings: read in Chinese by people, as keys by machines, and parsed from the text older
databases and ingest logs hold."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jiangxin.core.corrections import Correction, open_warnings, prepare_confirmation
from jiangxin.core.warnings import (
    LEGACY,
    FieldWarning,
    readable_reason,
    readable_warnings,
    warnings_from_json,
)

DATE = FieldWarning(field="completed_on", code="unreadable", message="无法识别完成时间“某年”，请人工核对")
PAGE = FieldWarning(field=None, code="ocr_blank_page", message="第 2 页未识别到任何文字")


def test_people_read_the_field_in_chinese_and_machines_read_keys() -> None:
    assert DATE.readable == str(DATE) == "完成时间：无法识别完成时间“某年”，请人工核对"
    assert PAGE.readable == "第 2 页未识别到任何文字"
    assert DATE.to_json() == {"field": "completed_on", "code": "unreadable", "message": DATE.message}
    assert FieldWarning.parse(DATE.to_json()) == DATE
    assert readable_warnings([DATE, PAGE], sep=" / ") == f"{DATE.readable} / {PAGE.readable}"


@pytest.mark.parametrize(
    ("text", "field", "readable"),
    [
        ("members: 未找到完成人名单，请人工核对", "members", "完成人：未找到完成人名单，请人工核对"),
        (
            "economic_benefit_wan：无法确定经济效益金额“若干”",
            "economic_benefit_wan",
            "经济效益（万元）：无法确定经济效益金额“若干”",
        ),
        ("score_sheet: 锁定单元格被修改", "problems", "评分表：锁定单元格被修改"),
        ("ocr: 第 1 页倾斜约 12°，已校正", None, "第 1 页倾斜约 12°，已校正"),
        ("format: 旧版格式已自动转换为 .docx 后读取", None, "旧版格式已自动转换为 .docx 后读取"),
        (
            "表格中有 3 个公式单元格，未计算，按空白处理。",
            None,
            "表格中有 3 个公式单元格，未计算，按空白处理。",
        ),
        ("note: 不是栏目的前缀", None, "note: 不是栏目的前缀"),
    ],
)
def test_text_of_older_databases_is_parsed(text: str, field: str | None, readable: str) -> None:
    [warning] = warnings_from_json([text])
    assert (warning.field, warning.code, warning.readable) == (field, LEGACY, readable)


def test_an_ingest_reason_reads_in_chinese_old_or_new() -> None:
    old = "completed_on: 无法识别完成时间“某年”，请人工核对；表格中有 3 个公式单元格"
    assert readable_reason(old) == "完成时间：无法识别完成时间“某年”，请人工核对；表格中有 3 个公式单元格"
    assert readable_reason(readable_warnings([DATE, PAGE])) == readable_warnings([DATE, PAGE])
    assert readable_reason(None) == ""


def test_a_warning_must_have_a_code_and_a_message() -> None:
    with pytest.raises(ValidationError):
        FieldWarning(field="title", code="Not Found", message="未找到")
    with pytest.raises(ValidationError):
        FieldWarning(field="title", code="not_found", message="")
    with pytest.raises(ValidationError):
        FieldWarning.model_validate({**DATE.to_json(), "extra": 1})


def test_a_confirmation_by_text_settles_the_typed_warning_and_old_confirmations_still_do() -> None:
    """The office confirms a warning by its text form; a confirmation stored before warnings were typed
    (the same text) settles the typed warning too, and a corrected field settles its warnings."""
    path, old, new = prepare_confirmation([DATE, PAGE], DATE.text)
    assert (path, old, new) == ("warning", None, "completed_on: 无法识别完成时间“某年”，请人工核对")
    confirmed = Correction(1, "warning", None, new, "", "办公室", "2025-06-01T09:00:00")
    assert open_warnings([DATE, PAGE], [confirmed]) == [PAGE]
    corrected = Correction(2, "completed_on", None, "2025-03", "", "办公室", "2025-06-01T09:00:00")
    assert open_warnings([DATE, PAGE], [corrected]) == [PAGE]
    assert open_warnings([DATE, PAGE], []) == [DATE, PAGE]
