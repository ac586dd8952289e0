"""The fields a clerk sees and corrects on the validation page, and how typed text becomes a value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ..core.records import APPLICATION_FIELD_LABELS

Widget = Literal["line", "text", "number", "yesno", "people", "list", "choice"]

_SPLIT = re.compile(r"[\n、；;]+")
_PERSON_SPLIT = re.compile(r"[，,\t|]+")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    widget: Widget
    choices: tuple[str, ...] = ()


_APPLICATION: tuple[tuple[str, str, Widget], ...] = (
    ("title", APPLICATION_FIELD_LABELS["title"], "line"),
    ("unit", APPLICATION_FIELD_LABELS["unit"], "line"),
    ("category", APPLICATION_FIELD_LABELS["category"], "line"),
    ("specialty", APPLICATION_FIELD_LABELS["specialty"], "line"),
    ("members", APPLICATION_FIELD_LABELS["members"], "people"),
    ("completed_on", APPLICATION_FIELD_LABELS["completed_on"], "line"),
    ("economic_benefit_wan", APPLICATION_FIELD_LABELS["economic_benefit_wan"] + "（万元）", "number"),
    ("patents", APPLICATION_FIELD_LABELS["patents"], "list"),
    ("unit_endorsed", APPLICATION_FIELD_LABELS["unit_endorsed"], "yesno"),
    ("summary", APPLICATION_FIELD_LABELS["summary"], "text"),
    ("innovations", APPLICATION_FIELD_LABELS["innovations"], "text"),
    ("adoption", APPLICATION_FIELD_LABELS["adoption"], "text"),
)
APPLICATION_FIELDS: tuple[FieldSpec, ...] = tuple(FieldSpec(n, label, w) for n, label, w in _APPLICATION)

RESULT_SHEET_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("event", "竞赛/评选名称", "line"),
    FieldSpec("organizer", "主办单位", "line"),
    FieldSpec("date", "日期", "line"),
    FieldSpec("tier", "级别", "choice", ("", "国家级", "行业级", "省部级", "地市级", "公司级")),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "application": APPLICATION_FIELDS,
    "result_sheet": RESULT_SHEET_FIELDS,
}


class FieldError(ValueError):
    """Typed text that is not a value of the field, with a message for the clerk."""


def spec_of(kind: str, name: str) -> FieldSpec | None:
    return next((f for f in FIELDS.get(kind, ()) if f.name == name), None)


def shown(spec: FieldSpec, value: Any) -> str:
    """The value as the clerk types it back (the edit box's content)."""
    if value is None:
        return ""
    if spec.widget == "people":
        return "\n".join(
            "，".join(x for x in (p.get("name"), p.get("unit"), p.get("title")) if x) for p in value
        )
    if spec.widget == "list":
        return "\n".join(str(v) for v in value)
    if spec.widget == "yesno":
        return "是" if value else "否"
    if spec.widget == "number":
        return f"{value:g}"
    return str(value)


def parse(spec: FieldSpec, text: str) -> Any:
    """The typed value of what the clerk wrote; empty text is no value (never a placeholder)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if spec.widget in ("line", "text"):
        return text or None
    if spec.widget == "choice":
        if text not in spec.choices:
            raise FieldError(f"{spec.label}只能是：{'、'.join(c for c in spec.choices if c)}")
        return text or None
    if spec.widget == "number":
        if not text:
            return None
        try:
            return float(text.replace("，", "").replace(",", ""))
        except ValueError as exc:
            raise FieldError(f"{spec.label}请填写数字（万元），如 12.5") from exc
    if spec.widget == "yesno":
        if text in ("是", "有", "1", "true"):
            return True
        if text in ("否", "无", "0", "false", ""):
            return False
        raise FieldError(f"{spec.label}请选择“是”或“否”")
    if spec.widget == "list":
        return [p.strip() for p in _SPLIT.split(text) if p.strip()]
    people = []
    for line in text.split("\n"):
        parts = [p.strip() for p in _PERSON_SPLIT.split(line) if p.strip()]
        if not parts:
            continue
        if len(parts) > 3:
            raise FieldError(f"{spec.label}每行写一人：姓名，单位，职称（“{line[:20]}”多了一项）")
        parts += [None] * (3 - len(parts))  # type: ignore[list-item]
        people.append({"name": parts[0], "unit": parts[1], "title": parts[2]})
    return people
