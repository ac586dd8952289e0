"""Chinese names the office sees for kinds, fields, results and archive folders (one place, shared by the
CLI, spreadsheets, documents and the archive). Machine output (JSON) keeps the English keys."""

from __future__ import annotations

import re

from .kinds import KINDS
from .records import APPLICATION_FIELD_LABELS

KIND_LABELS = {kind.name: kind.label for kind in KINDS}

RESULT_LABELS = {
    "stored": "已入库",
    "duplicate": "重复文件",
    "failed": "已隔离",
    "deferred": "稍后重试",
    "waiting": "等待复制完成",
}

# the folder under outbox/archive/<year>/ each kind of file is kept in
ARCHIVE_FOLDERS = {**KIND_LABELS, "duplicate": "重复文件"}

# every record field a warning may name, as the clerk knows it
FIELD_LABELS: dict[str, str] = {
    **APPLICATION_FIELD_LABELS,
    "economic_benefit_wan": "经济效益（万元）",
    "event": "竞赛或评选名称",
    "organizer": "主办单位",
    "date": "发文日期",
    "awards": "获奖名单",
    "rank": "名次",
    "people": "人员名单",
    "reviewers": "评审专家名单",
    "score_sheet": "评分表",
    "scores": "评分",
    "seal_present": "单位盖章",
}

_FIELD_PREFIX = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*[:：]\s*")


def kind_label(kind: str | None) -> str:
    """The Chinese name of a record kind ('' for none; an unknown kind is shown as 其他文件)."""
    if not kind:
        return ""
    return KIND_LABELS.get(kind, "其他文件")


def archive_folder(kind: str) -> str:
    """The archive folder of a kind, in Chinese; an unknown kind goes to 其他文件."""
    return ARCHIVE_FOLDERS.get(kind, "其他文件")


def readable_warning(warning: str) -> str:
    """A stored warning as the office reads it: the leading field key (`members: …`) becomes its
    Chinese name (`完成人：…`); text without a key is returned as it is."""
    m = _FIELD_PREFIX.match(warning)
    if m is None:
        return warning
    label = FIELD_LABELS.get(m.group(1))
    if label is None:
        return warning
    return f"{label}：{warning[m.end() :]}"


def readable_warnings(warnings: list[str] | tuple[str, ...], sep: str = "；") -> str:
    """Several warnings joined for one cell or sentence."""
    return sep.join(readable_warning(w) for w in warnings)


def readable_reason(reason: str | None) -> str:
    """A reason made of warnings joined by '；' (as ingest reports them), each with its field in Chinese."""
    if not reason:
        return ""
    return "；".join(readable_warning(part) for part in reason.split("；"))


def kind_key(text: str) -> str | None:
    """The kind a clerk names, in Chinese (申报书, 获奖名单 …) or by its key; None when it is no kind."""
    wanted = text.strip()
    if wanted in KIND_LABELS:
        return wanted
    return next((k.name for k in KINDS if wanted == k.label or wanted in k.aliases), None)
