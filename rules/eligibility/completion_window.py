"""完成时间: the completion date lies in the policy's window."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import ValidationInfo, field_validator

from jiangxin.core.records import Application

from ..dates import cn_date, cn_written, parse_span
from ..spec import FIX, Given, Params, Rule, RuleResult, passed

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


class CompletionWindow(Params):
    completed_from: dt.date
    completed_to: dt.date

    @field_validator("completed_to")
    @classmethod
    def _window_order(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("completed_from")
        if start is not None and value < start:
            raise ValueError(f"截止日期 {value} 早于起始日期 {start}")
        return value

    @property
    def window(self) -> str:
        return f"{cn_date(self.completed_from)}至{cn_date(self.completed_to)}"


def completion_window(app: Application, stored: StoredRecord, given: Given[CompletionWindow]) -> RuleResult:
    """A month (or year) counts when it overlaps the window; a year alone that straddles it needs the month."""
    start, end, window = given.params.completed_from, given.params.completed_to, given.params.window
    span = parse_span(app.completed_on)
    if app.completed_on is None:
        return RuleResult(FIX, f"未填写，无法判断是否在{window}之间")
    if span is None:
        return RuleResult(FIX, f"“{app.completed_on}”无法识别，请填写到年月")
    if span.inside(start, end):
        return passed()
    if span.overlaps(start, end):
        if span.precision == "month":
            return passed()
        return RuleResult(
            FIX, f"只写了年份（{app.completed_on}年），无法判断是否在{window}之间，请填写到年月"
        )
    return given.fail(f"{cn_written(app.completed_on)}，不在规定的{window}之间")


COMPLETION_WINDOW = Rule(
    name="completion_window",
    label="完成时间",
    about="完成时间不在规定区间",
    order=60,
    severity="不通过",
    params=CompletionWindow,
    check=completion_window,
    criterion=lambda p: f"完成时间在{p.window}之间",
)
