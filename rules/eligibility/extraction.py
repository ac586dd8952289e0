"""识别情况: a record the reader doubted is never passed silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiangxin.core.records import Application

from ..spec import Given, Params, Rule, RuleResult, passed

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord


def extraction(app: Application, stored: StoredRecord, given: Given[Params]) -> RuleResult:
    """The reader's doubts, less those about a field the office has since corrected by hand."""
    corrected = {c.field.split(".")[0] for c in stored.corrections}
    doubts = [w for w in stored.warnings if w.field not in corrected]
    if not doubts:
        return passed()
    return given.fail("；".join(w.readable.removesuffix("，请人工核对") for w in doubts) + "，请人工核对原件")


EXTRACTION = Rule(
    name="extraction",
    label="识别情况",
    about="文件识别有疑问",
    order=10,
    severity="待补正",
    params=Params,
    check=extraction,
)
