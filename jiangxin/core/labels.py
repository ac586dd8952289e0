"""Chinese names the office sees for kinds, fields, results and archive folders (one place, shared by the
CLI, spreadsheets, documents and the archive). Machine output (JSON) keeps the English keys."""

from __future__ import annotations

from .kinds import KINDS
from .record_data import APPLICATION_FIELD_LABELS

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
    "problems": "评分表",
    "scores": "评分",
    "seal_present": "单位盖章",
}


def kind_label(kind: str | None) -> str:
    """The Chinese name of a record kind ('' for none; an unknown kind is shown as 其他文件)."""
    if not kind:
        return ""
    return KIND_LABELS.get(kind, "其他文件")


def archive_folder(kind: str) -> str:
    """The archive folder of a kind, in Chinese; an unknown kind goes to 其他文件."""
    return ARCHIVE_FOLDERS.get(kind, "其他文件")


def kind_key(text: str) -> str | None:
    """The kind a clerk names, in Chinese (申报书, 获奖名单 …) or by its key; None when it is no kind."""
    wanted = text.strip()
    if wanted in KIND_LABELS:
        return wanted
    return next((k.name for k in KINDS if wanted == k.label or wanted in k.aliases), None)
