"""Decide what kind of document a file is from its content (never from its file name)."""

from __future__ import annotations

import re

from .model import Document, Table

# (pattern, weight) per kind; the highest total wins if it reaches the threshold
_SIGNALS: dict[str, list[tuple[re.Pattern[str], int]]] = {
    "application": [
        (re.compile(r"申\s*报\s*[书表]"), 3),
        (re.compile(r"(成\s*果|项\s*目)\s*名\s*称"), 3),
        (re.compile(r"(第\s*一\s*)?完\s*成\s*人|项目负责人|项目组成员"), 2),
        (re.compile(r"创\s*新\s*点"), 2),
        (re.compile(r"单\s*位\s*意\s*见|推荐意见"), 2),
        (re.compile(r"成\s*果\s*(简\s*介|类\s*别|主要内容)"), 2),
    ],
    "result_sheet": [
        (re.compile(r"获奖名单|获奖人员|获奖情况|成绩及获奖|表彰|通报|评选结果|竞赛结果"), 3),
        (re.compile(r"[一二三]等奖|优秀组织奖|优秀奖|优胜奖|第\s*\d+\s*名"), 3),
        (re.compile(r"奖\s*项|获奖等级|等\s*次|名\s*次"), 2),
    ],
    "roster": [
        (re.compile(r"花名册|人员名册|员工名单"), 4),
        (re.compile(r"员工编号|人员编号|工号"), 3),
        (re.compile(r"在职状态|人员状态|用工状态|在岗状态"), 3),
    ],
}
_THRESHOLD = 5
_HEAD_LINES = 60


def head_lines(doc: Document, limit: int = _HEAD_LINES) -> list[str]:
    """The first non-empty lines the reader produced (table rows as tab-joined cells)."""
    out: list[str] = []
    for line in doc.lines():
        if line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def classify(doc: Document) -> str | None:
    """'application', 'result_sheet', 'roster', or None when nothing fits well enough."""
    text = "\n".join(head_lines(doc, 200))
    scores = {
        kind: sum(w for pattern, w in signals if pattern.search(text))
        for kind, signals in _SIGNALS.items()
    }
    # a roster is a big table of people with ids: prefer it over an award list when ids are present
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    if score < _THRESHOLD:
        return None
    return kind


def first_table(doc: Document) -> Table | None:
    return next(doc.tables(), None)
