"""Corrections by the office: `FIELD=VALUE` read into a path of the record's JSON, and applied over
the extracted record. The extracted value is never overwritten; the store keeps both.

Paths: `title`, `members`, `members.2.name`, `awards.3.unit` (numbers count from 1, as a clerk
counts); Chinese labels work too: 成果名称, 完成人, 第2完成人, 第2完成人单位, 第3项单位 …
The pseudo-field `verdict` (形式审查结论) carries the office's own judgement (人工认定); the pseudo-field
`warning` (识别提示) holds a warning the office checked and let stand (its text is the new value).
A correction in force settles the warnings of its field; a confirmation settles its own warning.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from .records import APPLICATION_FIELD_LABELS, record_from_json
from .warnings import FieldWarning

VERDICT = "verdict"
CONFIRM = "warning"
PSEUDO_FIELDS = (VERDICT, CONFIRM)
VERDICTS = ("通过", "不通过", "待补正")

# labels of a results notice and of one of its award lines, as a clerk writes them
SHEET_FIELD_LABELS: dict[str, str] = {
    "event": "竞赛名称",
    "organizer": "主办单位",
    "date": "日期",
    "tier": "级别",
}
AWARD_FIELD_LABELS: dict[str, str] = {
    "level": "等次",
    "scope": "类别",
    "names": "获奖人",
    "unit": "单位",
    "title": "成果名称",
    "rank": "名次",
}
PERSON_FIELD_LABELS: dict[str, str] = {"name": "", "unit": "单位", "title": "职称"}

_ALIASES: dict[str, str] = {
    **{label: key for key, label in APPLICATION_FIELD_LABELS.items()},
    **{label: key for key, label in SHEET_FIELD_LABELS.items()},
    "竞赛": "event",
    "评选": "event",
    "形式审查": VERDICT,
    "审查结论": VERDICT,
    "结论": VERDICT,
    "识别提示": CONFIRM,
    "提示": CONFIRM,
}
_MEMBER = re.compile(r"^第\s*(\d+)\s*完成人(单位|职称|职务)?$")
_AWARD = re.compile(r"^第\s*(\d+)\s*(?:项|条|行)(等次|类别|获奖人|单位|成果名称|名次)$")
_SPLIT = re.compile(r"[、,，;；\s]+")
_TRUE = {"是", "有", "同意", "true", "yes", "1", "已盖章", "有单位意见"}
_FALSE = {"否", "无", "没有", "false", "no", "0", "未盖章", "无单位意见"}


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message says why in Chinese."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One active correction of a stored file's record."""

    id: int
    field: str
    old: Any
    new: Any
    reason: str
    by: str
    at: str


def normalize_field(field: str) -> str:
    """The record path a clerk's field name means (`第2完成人单位` → `members.2.unit`)."""
    text = field.strip()
    if text in _ALIASES:
        return _ALIASES[text]
    if m := _MEMBER.match(text):
        part = {"单位": "unit", "职称": "title", "职务": "title", None: "name"}[m.group(2)]
        return f"members.{int(m.group(1))}.{part}"
    if m := _AWARD.match(text):
        part = {label: key for key, label in AWARD_FIELD_LABELS.items()}[m.group(2)]
        return f"awards.{int(m.group(1))}.{part}"
    return text


def field_label(path: str) -> str:
    """How a path is named to the office (`members.2.unit` → 第2完成人单位)."""
    if path == VERDICT:
        return "形式审查结论"
    if path == CONFIRM:
        return "识别提示（已核对）"
    parts = path.split(".")
    if parts[0] == "members" and len(parts) == 3:
        return f"第{parts[1]}完成人{PERSON_FIELD_LABELS.get(parts[2], parts[2])}"
    if parts[0] == "awards" and len(parts) == 3:
        return f"第{parts[1]}项{AWARD_FIELD_LABELS.get(parts[2], parts[2])}"
    return APPLICATION_FIELD_LABELS.get(path) or SHEET_FIELD_LABELS.get(path) or path


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if isinstance(node, list):
            index = int(part) - 1
            node = node[index] if 0 <= index < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _parse_value(current: Any, path: str, text: str) -> Any:
    """The value `text` stands for, shaped like what the field holds now."""
    raw = text.strip()
    leaf = path.rsplit(".", 1)[-1]
    if raw in ("", "空", "（空）", "null"):
        return None
    if leaf in ("unit_endorsed", "seal_present"):
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise CorrectionError(f"{field_label(path)}只能填写“有”或“无”，现为“{raw}”")
    if leaf in ("economic_benefit_wan", "rank", "score"):
        number = raw.removesuffix("万元").removesuffix("万").strip()
        try:
            value = float(number)
        except ValueError as exc:
            raise CorrectionError(f"{field_label(path)}应为数字，现为“{raw}”") from exc
        return int(value) if leaf == "rank" else value
    if path == "members":
        return [p for p in _SPLIT.split(raw) if p]
    if leaf in ("patents", "names", "honours"):
        return [p for p in _SPLIT.split(raw) if p]
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        try:
            return float(raw)
        except ValueError as exc:
            raise CorrectionError(f"{field_label(path)}应为数字，现为“{raw}”") from exc
    return raw


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            index = int(part) - 1
            if index == len(node) and parts[0] == "members":
                node.append({"name": "", "unit": None, "title": None})  # 第N+1完成人: a member added
            if not 0 <= index < len(node):
                raise CorrectionError(f"没有{field_label('.'.join(parts[: i + 1]))}（共 {len(node)} 项）")
            if last:
                node[index] = value
            else:
                node = node[index]
        elif isinstance(node, dict):
            if last:
                node[part] = value
            else:
                if part not in node or node[part] is None:
                    raise CorrectionError(f"记录中没有“{field_label(path)}”")
                node = node[part]
        else:
            raise CorrectionError(f"记录中没有“{field_label(path)}”")


def _members_value(current: Any, names: list[str]) -> list[dict[str, Any]]:
    """A new list of 完成人 by name, keeping the unit and title of those already listed."""
    known = {p.get("name"): p for p in current or [] if isinstance(p, dict)}
    return [known.get(n) or {"name": n, "unit": None, "title": None} for n in names]


def prepare(data: dict[str, Any], field: str, text: str) -> tuple[str, Any, Any]:
    """(path, old value, new value) for `FIELD=VALUE` on a record's JSON; refused when the result
    would not be a valid record."""
    path = normalize_field(field)
    if path == VERDICT:
        value = text.strip()
        if value not in VERDICTS:
            raise CorrectionError(f"形式审查结论只能是 {'、'.join(VERDICTS)}，现为“{value}”")
        return path, None, value
    if path == CONFIRM:
        raise CorrectionError("识别提示只能在核对页面确认，不能直接填写。")
    _check_field(data, field, path)
    old = _get(data, path)
    new = _parse_value(old, path, text)
    if path == "members":
        new = _members_value(old, new)
    return prepare_value(data, path, new, shown=text)


def prepare_value(
    data: dict[str, Any], path: str, new: Any, *, shown: str | None = None
) -> tuple[str, Any, Any]:
    """(path, old value, new value) for a value already typed (a form's field); refused when the
    result would not be a valid record."""
    _check_field(data, path, path)
    trial = apply(data, [(path, new)])
    try:
        record_from_json(trial)
    except (ValidationError, ValueError) as exc:
        text = shown if shown is not None else str(new)
        raise CorrectionError(f"{field_label(path)}改为“{text}”后记录无效：{_first_error(exc)}") from exc
    return path, copy.deepcopy(_get(data, path)), copy.deepcopy(new)


def prepare_confirmation(warnings: list[FieldWarning], warning: str) -> tuple[str, Any, Any]:
    """(path, old, new) of the office confirming one of a record's open warnings, named by its text
    form (`completed_on: …`, as confirmations have always been stored): the value stands."""
    named = FieldWarning.parse(warning)
    if not any(w.same(named) for w in warnings):
        raise CorrectionError("该提示已处理或不存在。")
    return CONFIRM, None, named.text


def open_warnings(
    warnings: list[FieldWarning], corrections: list[Correction] | tuple[Correction, ...]
) -> list[FieldWarning]:
    """The warnings no correction in force settles: a field corrected by hand is no longer in doubt,
    and a warning the office confirmed is settled."""
    corrected = {c.field.split(".")[0] for c in corrections if c.field not in PSEUDO_FIELDS}
    confirmed = [FieldWarning.parse(c.new) for c in corrections if c.field == CONFIRM and c.new]
    return [w for w in warnings if w.field not in corrected and not any(w.same(done) for done in confirmed)]


def _check_field(data: dict[str, Any], field: str, path: str) -> None:
    head = path.split(".")[0]
    if head not in data or head == "kind":
        raise CorrectionError(f"“{field}”不是这类记录的栏目，可用：{'、'.join(_known_fields(data))}")


def apply(data: dict[str, Any], changes: list[tuple[str, Any]]) -> dict[str, Any]:
    """A copy of a record's JSON with the changes applied in order (the pseudo-fields are not fields)."""
    out = copy.deepcopy(data)
    for path, value in changes:
        if path in PSEUDO_FIELDS:
            continue
        try:
            _set(out, path, copy.deepcopy(value))
        except CorrectionError:
            continue  # a correction of a member the record no longer has: nothing to apply
    return out


def _known_fields(data: dict[str, Any]) -> list[str]:
    return [field_label(k) for k in data if k not in ("kind", "confidence", "seal_present")]


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where} {err.get('msg', '')}".strip()
    return str(exc)


# --- one way in for every correction, whether typed at the command line or on the pages ---------------
class _CorrectionStore(Protocol):
    def add_correction(
        self, record_id: int, field: str, old: Any, new: Any, *, reason: str, by: str
    ) -> int: ...


def set_verdict(store: _CorrectionStore, stored: Any, verdict: str, *, reason: str, by: str) -> int:
    """The office's own 形式审查 verdict (人工认定) of an application, with its required reason."""
    if stored.kind != "application":
        raise CorrectionError("只有申报书有形式审查结论，可以人工认定。")
    if not reason.strip():
        raise CorrectionError("人工认定审查结论须写明理由。")
    path, old, new = prepare(stored.record.to_json(), VERDICT, verdict)
    return store.add_correction(stored.id, path, old, new, reason=reason.strip(), by=by)


def correct_value(
    store: _CorrectionStore, stored: Any, field: str, value: Any, *, reason: str, by: str
) -> int:
    """One field of a stored record set to a typed value (the pages' forms parse what is typed)."""
    path, old, new = prepare_value(stored.record.to_json(), normalize_field(field), value)
    return store.add_correction(stored.id, path, old, new, reason=reason.strip(), by=by)


def confirm_warning(store: _CorrectionStore, stored: Any, warning: str, *, reason: str, by: str) -> int:
    """The office checked what a warning doubts and the value stands: the warning is settled."""
    path, old, new = prepare_confirmation(stored.warnings, warning)
    return store.add_correction(stored.id, path, old, new, reason=reason.strip(), by=by)
