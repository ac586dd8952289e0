"""Decide what kind of document a file is from its content (never from its file name).

Each kind has a detector that scores the evidence it cares about: the title lines, the header
rows of its tables (found with the same column synonyms the extractors use), form labels, award
sentences. Structure outweighs loose words, so a 通报 that mentions 申报 stays a results notice
and a roster with a 获奖情况 column stays a roster. The best score wins if it reaches the threshold.

A new kind adds one detector to `DETECTORS`. The review's own files are told by their kind's
module (`looks_like_score_sheet`, `looks_like_reviewer_list`): a returned 评分表 carries our marker,
so it decides outright; a 评审专家名单 outweighs the loose word 名单 of a results list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .kinds.awards import is_level, parse_outcome
from .kinds.result_columns import Header, header_key
from .kinds.result_tables import find_result_header
from .kinds.roster import find_roster_header
from .model import Document, Paragraph, Table
from .prose import has_award_sentence

_THRESHOLD = 5
_HEAD_LINES = 60
_TITLE_LINES = 6

_APPLICATION_TITLE = re.compile(r"申\s*报\s*[书表]|推\s*荐\s*[书表]|申\s*请\s*[书表]|成果登记表")
_RESULT_TITLE = re.compile(
    r"^关于(?:公布|表彰|通报|命名|授予)|获奖(?:名单|情况|人员|结果|单位)|成绩(?:及获奖|通报|公布|表|单)"
    r"|评选结果|评审结果|竞赛结果|表彰.{0,20}决定|(?:结果|成绩)的(?:通报|通知|公告)|(?:名单|结果)$"
)
_ROSTER_TITLE = re.compile(r"花名册|(?<!获奖)(?:人员|员工|职工)(?:名册|名单|信息表)")
# labels of an application form (a label cell beside its value, or '成果名称：…' in prose)
_FORM_LABELS = frozenset(
    header_key(w)
    for w in (
        "成果名称", "项目名称", "申报单位", "完成单位", "成果类别", "专业类别", "完成时间", "起止时间",
        "主要完成人", "第一完成人", "完成人", "项目负责人", "成果简介", "成果主要内容", "创新点",
        "主要创新点", "推广应用情况", "应用推广情况", "经济效益", "社会效益", "单位意见", "推荐意见",
        "知识产权情况", "专利号", "联系人",
    )
)  # fmt: skip
_PROSE_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]\s*)?([\u4e00-\u9fff]{2,8})\s*[：:]?")


@dataclass(slots=True)
class Features:
    """What the detectors look at, computed once per document."""

    doc: Document
    title: str
    paragraphs: list[str]
    tables: list[Table]
    result_headers: list[tuple[Table, Header]] = field(default_factory=list)
    roster_headers: list[tuple[Table, Header]] = field(default_factory=list)


def head_lines(doc: Document, limit: int = _HEAD_LINES) -> list[str]:
    """The first non-empty lines the reader produced (table rows as tab-joined cells)."""
    out: list[str] = []
    for line in doc.lines():
        if line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def features(doc: Document) -> Features:
    lines = head_lines(doc, _TITLE_LINES)
    tables = list(doc.tables())
    found = Features(
        doc=doc,
        title="\n".join(lines),
        paragraphs=[p.text for p in doc.blocks if isinstance(p, Paragraph) and p.text.strip()],
        tables=tables,
    )
    for table in tables:
        roster = find_roster_header(table)
        if roster is not None and ("employee_id" in roster.roles or "status" in roster.roles):
            found.roster_headers.append((table, roster))
            continue
        result = find_result_header(table)
        if result is not None and result.has("level", "rank"):
            found.result_headers.append((table, result))
    return found


def _application(f: Features) -> int:
    score = 6 if _APPLICATION_TITLE.search(f.title) else 0
    header_rows = {(id(t), h.row) for t, h in (*f.result_headers, *f.roster_headers)}
    labels: set[str] = set()
    for table in f.tables:
        for r, row in enumerate(table.rows()):
            if (id(table), r) in header_rows:
                continue
            for cell in row:
                key = header_key(cell.text) if len(cell.text) <= 12 else ""
                if key in _FORM_LABELS:
                    labels.add(key)
    for text in f.paragraphs:
        m = _PROSE_LABEL.match(text.strip())
        if m and header_key(m.group(1)) in _FORM_LABELS:
            labels.add(header_key(m.group(1)))
    return score + 2 * min(len(labels), 5)


def _result_sheet(f: Features) -> int:
    score = 6 if any(_RESULT_TITLE.search(line) for line in f.title.splitlines()) else 0
    if f.result_headers:
        score += 6
        if any(_has_award_rows(t, h) for t, h in f.result_headers):
            score += 2
    if any(has_award_sentence(p) for p in f.paragraphs):
        score += 2
    return score


def _has_award_rows(table: Table, header: Header) -> bool:
    col = header.roles.get("level")
    if col is None:
        return "rank" in header.roles
    grid = table.grid()
    for r in range(header.row + 1, min(table.n_rows, header.row + 30)):
        cell = grid[r][col] if col < table.n_cols else None
        level = parse_outcome(cell.text).level if cell is not None and cell.text.strip() else None
        if level is not None and is_level(level):
            return True
    return False


def _roster(f: Features) -> int:
    score = 6 if _ROSTER_TITLE.search(f.title) else 0
    if f.roster_headers:
        score += 8
    return score


def _score_sheet(f: Features) -> int:
    from .kinds.score_sheet import looks_like_score_sheet

    return 50 if looks_like_score_sheet(f.doc) else 0


def _reviewers(f: Features) -> int:
    from .kinds.reviewers import looks_like_reviewer_list

    return 12 if looks_like_reviewer_list(f.doc) else 0


# kind → detector; the highest score at or above the threshold wins
DETECTORS: dict[str, Callable[[Features], int]] = {
    "application": _application,
    "result_sheet": _result_sheet,
    "roster": _roster,
    "score_sheet": _score_sheet,
    "reviewers": _reviewers,
}


def scores(doc: Document) -> dict[str, int]:
    """Each kind's evidence score for `doc` (for tests and for explaining a decision)."""
    f = features(doc)
    return {kind: detect(f) for kind, detect in DETECTORS.items()}


def classify(doc: Document) -> str | None:
    """One of `DETECTORS`' kinds, or None when nothing fits well enough."""
    kind, score = max(scores(doc).items(), key=lambda kv: kv[1])
    return kind if score >= _THRESHOLD else None


def first_table(doc: Document) -> Table | None:
    return next(doc.tables(), None)
