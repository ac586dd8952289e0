"""Where things are on the xlsx score sheet, shared by the writer (forms) and the reader (extractor).

The visible sheet holds the locked values; a very hidden sheet holds a JSON copy of them and its
SHA-256, so an edited locked cell is found by comparing the two (the reader sees hidden sheets).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

SHEET = "评分表"
CHECK_SHEET = "校验"
MARKER = "匠心评审评分表"
LAYOUT_VERSION = "1"

TITLE_ROW = 1
REVIEWER_ROW = 2  # 评审专家 | name | 单位 | unit (two cells merged) | 年度 | year
NOTE_ROW = 3
HEADER_ROW = 4
FIRST_ROW = 5
REVIEWER_LABELS = ("评审专家", "单位", "年度")
# (label column, value column) of each reviewer-row field; the unit's value spans columns 4–5
REVIEWER_CELLS = {"评审专家": (1, 2), "单位": (3, 4), "年度": (6, 7)}
FIXED_HEADERS = ("编号", "成果名称", "申报单位", "成果类别", "主要完成人")
TOTAL_HEADER = "合计"
# what the score sheet tells a reviewer to write for "does not apply" (its validation accepts it)
NOT_APPLICABLE_WORD = "不适用"
# what a reviewer may write for "does not apply"; it counts as blank
NOT_APPLICABLE = frozenset({"不适用", "/", "／", "n/a", "N/A", "NA", "na", "无", "—", "-", "－", "——"})


def criterion_header(name: str, maximum: float) -> str:
    return f"{name}（0–{maximum:g}）"


def headers(criteria: Sequence[tuple[str, float]]) -> list[str]:
    return [*FIXED_HEADERS, *(criterion_header(n, m) for n, m in criteria), TOTAL_HEADER]


def sheet_title(year: int) -> str:
    return f"{year}年度职工技术创新成果评审评分表"


@dataclass(frozen=True, slots=True)
class LockedRow:
    """The locked cells of one application row, in column order."""

    application_id: int
    title: str
    unit: str
    category: str
    members: str

    def cells(self) -> list[str]:
        return [str(self.application_id), self.title, self.unit, self.category, self.members]


@dataclass(frozen=True, slots=True)
class LockedContent:
    """Everything the reviewer must not change: who, which year, the criteria and the applications."""

    year: int
    reviewer: str
    reviewer_unit: str
    criteria: tuple[tuple[str, float], ...]
    rows: tuple[LockedRow, ...]

    def to_json(self) -> str:
        data = {
            "version": LAYOUT_VERSION,
            "year": self.year,
            "reviewer": self.reviewer,
            "reviewer_unit": self.reviewer_unit,
            "criteria": [[n, m] for n, m in self.criteria],
            "rows": [r.cells() for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> LockedContent:
        data = json.loads(text)
        return cls(
            year=int(data["year"]),
            reviewer=str(data["reviewer"]),
            reviewer_unit=str(data["reviewer_unit"]),
            criteria=tuple((str(n), float(m)) for n, m in data["criteria"]),
            rows=tuple(
                LockedRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in data["rows"]
            ),
        )


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
