"""Decide what kind of document a file is from its content (never from its file name).

Each kind has a detector that collects evidence, each piece with a weight (classify.toml) and a
short reason: the title lines, a 文号 and red head, the header rows of its tables (found with the
column synonyms the extractors use), form labels (labels.toml), award sentences. Structure
outweighs loose words, so a 通报 that mentions 申报 stays a results notice, a roster with a 获奖情况
column stays a roster, and an official notice is never an application. The kind with the most
evidence wins if it reaches the threshold; its reasons are kept for `jiangxin extract --json`.

A new kind adds a `detect_<kind>` function and names it in its entry of jiangxin/core/kinds.py. The review's own files are told by their kind's
module (`looks_like_score_sheet`, `looks_like_reviewer_list`): a returned 评分表 carries our marker,
so it decides outright; a 评审专家名单 outweighs the loose word 名单 of a results list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jiangxin.core.kinds import KINDS
from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import key

from .kinds.application_labels import label_file
from .kinds.awards import is_level, parse_outcome
from .kinds.result_columns import Header
from .kinds.result_content import infer_header
from .kinds.result_head import find_title
from .kinds.result_tables import find_result_header
from .kinds.roster import find_roster_header
from .model import Document, Paragraph, Table
from .prose import has_award_sentence

_HEAD_LINES = 60
_TITLE_LINES = 6

_NOTICE_TITLE = LazyPattern(r"^关于.{2,100}的(?:通知|通报|决定|公告|公示|批复)$")
_DOC_NUMBER = LazyPattern(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*\d{1,4}\s*号")
_RED_HEAD = LazyPattern(r"^[\u4e00-\u9fff（）()]{2,40}文件$")
_PROSE_LABEL = LazyPattern(r"^(?:[一二三四五六七八九十]+[、.．]\s*)?([\u4e00-\u9fff]{2,8})\s*[：:]?")
_MIN_LIST_ROWS = 2


@cache
def weights() -> dict[str, Any]:
    """extractors/classify.toml: the threshold and each kind's evidence weights."""
    return tomllib.loads(resources.files("extractors").joinpath("classify.toml").read_text("utf-8"))


@cache
def title_pattern(kind: str) -> re.Pattern[str]:
    """The title words of a kind ([titles] of classify.toml)."""
    return re.compile(weights()["titles"][kind])


@cache
def form_labels() -> frozenset[str]:
    """Labels an application form writes beside its values, from labels.toml (not the `ignore` list)."""
    return frozenset(
        key(word) for name, words in label_file()["application"].items() if name != "ignore" for word in words
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence for a kind: its weight and a short reason in the office's words."""

    weight: int
    reason: str


@dataclass(slots=True)
class Features:
    """What the detectors look at, computed once per document."""

    doc: Document
    title: str
    title_line: str | None  # the title as one line (a PDF's wrapped title joined again)
    head: list[str]  # the first lines, where a 文号 and a red head stand
    paragraphs: list[str]
    tables: list[Table]
    result_headers: list[tuple[Table, Header]] = field(default_factory=list)
    list_headers: list[tuple[Table, Header]] = field(default_factory=list)
    roster_headers: list[tuple[Table, Header]] = field(default_factory=list)


@dataclass(slots=True)
class Decision:
    """The kind chosen (None when nothing reaches the threshold), each kind's score and the reasons."""

    kind: str | None
    scores: dict[str, int]
    reasons: list[str]


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
    head = head_lines(doc, 12)
    tables = list(doc.tables())
    found = Features(
        doc=doc,
        title="\n".join(head[:_TITLE_LINES]),
        title_line=find_title(head),
        head=head,
        paragraphs=[p.text for p in doc.blocks if isinstance(p, Paragraph) and p.text.strip()],
        tables=tables,
    )
    for table in tables:
        roster = find_roster_header(table)
        if roster is not None and ("employee_id" in roster.roles or "status" in roster.roles):
            found.roster_headers.append((table, roster))
            continue
        result = find_result_header(table)
        if result is None and table.n_rows > _MIN_LIST_ROWS:  # header words unknown: judge by content
            result = infer_header(table)
        if result is None:
            continue
        if result.has("level", "rank"):
            found.result_headers.append((table, result))
        elif (
            "title" in result.roles
            and result.has("unit")
            and result.has("name", "leader")
            and _data_rows(table, result) >= _MIN_LIST_ROWS
        ):
            found.list_headers.append((table, result))
    return found


def _data_rows(table: Table, header: Header) -> int:
    """Rows under the header that fill at least two of its columns."""
    grid = table.grid()
    cols = set(header.roles.values())
    count = 0
    for r in range(header.row + 1, table.n_rows):
        filled = {
            c for c in cols if c < table.n_cols and (cell := grid[r][c]) is not None and cell.text.strip()
        }
        count += len(filled) >= 2
    return count


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _notice_frame(f: Features) -> tuple[str | None, str | None, str | None]:
    """The official-notice frame: the 关于…的通知 title, the 文号 and the red head, where present."""
    title = f.title_line if f.title_line and _NOTICE_TITLE.match(f.title_line) else None
    number = next((m.group(0) for line in f.head if (m := _DOC_NUMBER.search(line))), None)
    red = next((line for line in f.head[:4] if _RED_HEAD.match(line)), None)
    return title, number, red


def _titled(kind: str, weight: str, f: Features) -> list[Evidence]:
    """Evidence from the document's title naming the kind (none when it does not)."""
    m = title_pattern(kind).search(f.title)
    if not m:
        return []
    what = weight.replace("_", " ")
    return [Evidence(weights()[kind][weight], f"标题写明“{m.group(0)}” ({what})")]


def detect_application(f: Features) -> list[Evidence]:
    w = weights()["application"]
    out = _titled("application", "form_title", f)
    header_rows = {(id(t), h.row) for t, h in (*f.result_headers, *f.list_headers, *f.roster_headers)}
    labels: list[str] = []
    known = form_labels()
    for table in f.tables:
        for r, row in enumerate(table.rows()):
            if (id(table), r) in header_rows:
                continue
            for cell in row:
                word = key(cell.text) if len(cell.text) <= 12 else ""
                if word in known and word not in labels:
                    labels.append(word)
    for text in f.paragraphs:
        pm = _PROSE_LABEL.match(text.strip())
        if pm and key(pm.group(1)) in known and key(pm.group(1)) not in labels:
            labels.append(key(pm.group(1)))
    if labels:
        shown = labels[: w["max_labels"]]
        weight = w["form_label"] * len(shown)
        out.append(Evidence(weight, f"申报表栏目：{'、'.join(shown)} (form labels)"))
    title, number, _ = _notice_frame(f)
    if title and number:
        out.append(Evidence(w["notice_frame"], "带文号的公文不是申报书 (official notice, not a form)"))
    return out


def detect_result_sheet(f: Features) -> list[Evidence]:
    w = weights()["result_sheet"]
    out: list[Evidence] = []
    lines = [f.title_line] if f.title_line else []
    lines += f.title.splitlines()
    hit = next(
        (line for line in lines if title_pattern("result_sheet").search(line) or _outcome_title(line)), None
    )
    if hit is not None:
        out.append(Evidence(w["result_title"], f"标题“{_short(hit)}”公布结果 (results title)"))
    title, number, red = _notice_frame(f)
    if title:
        out.append(Evidence(w["notice_title"], f"公文标题“{_short(title)}” (notice title)"))
    if number:
        out.append(Evidence(w["document_number"], f"文号“{number}” (document number)"))
    if red:
        out.append(Evidence(w["red_head"], f"红头“{red}” (letterhead)"))
    if f.result_headers:
        table, header = f.result_headers[0]
        out.append(Evidence(w["award_table"], f"获奖名单表头：{_header_text(table, header)} (award table)"))
        if any(_has_award_rows(t, h) for t, h in f.result_headers):
            out.append(Evidence(w["award_rows"], "奖项列写有奖项或结果 (award rows)"))
    elif f.list_headers:
        table, header = f.list_headers[0]
        rows = _data_rows(table, header)
        out.append(
            Evidence(
                w["achievement_list"], f"成果名单{rows}行：{_header_text(table, header)} (achievement list)"
            )
        )
    if any(has_award_sentence(p) for p in f.paragraphs):
        out.append(Evidence(w["award_sentence"], "正文写有获奖语句 (award sentences)"))
    return out


def _outcome_title(line: str) -> bool:
    from .kinds.result_sheet import title_outcome

    return title_outcome(line) is not None


def _header_text(table: Table, header: Header) -> str:
    texts = [c.text.strip() for c in table.rows()[header.row] if c.text.strip()] if header.row >= 0 else []
    return _short("/".join(texts))


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


def detect_roster(f: Features) -> list[Evidence]:
    w = weights()["roster"]
    out = _titled("roster", "roster_title", f)
    if f.roster_headers:
        table, header = f.roster_headers[0]
        out.append(Evidence(w["roster_header"], f"花名册表头：{_header_text(table, header)} (roster header)"))
    return out


def detect_score_sheet(f: Features) -> list[Evidence]:
    from .kinds.score_sheet import looks_like_score_sheet

    if looks_like_score_sheet(f.doc):
        return [Evidence(weights()["score_sheet"]["marker"], "本系统导出的评分表 (our score sheet)")]
    return []


def detect_reviewers(f: Features) -> list[Evidence]:
    from .kinds.reviewers import looks_like_reviewer_list

    if looks_like_reviewer_list(f.doc):
        return [Evidence(weights()["reviewers"]["reviewer_list"], "评审专家名单表头 (reviewer list)")]
    return []


def detectors() -> dict[str, Callable[[Features], list[Evidence]]]:
    """Each kind's detector, as the kinds' registry (jiangxin/core/kinds.py) names them."""
    from .kinds import resolve

    return {kind.name: resolve(kind.detect) for kind in KINDS}


def decide(doc: Document) -> Decision:
    """The kind with the most evidence, every kind's score, and the winner's reasons."""
    f = features(doc)
    found = {kind: detect(f) for kind, detect in detectors().items()}
    totals = {kind: sum(e.weight for e in evidence) for kind, evidence in found.items()}
    kind, score = max(totals.items(), key=lambda kv: kv[1])
    if score < weights()["threshold"]:
        shown = "，".join(f"{k} {v}" for k, v in totals.items() if v)
        return Decision(None, totals, [f"证据不足：{shown or '无'} (below threshold)"])
    reasons = [f"{e.reason} {e.weight:+d}" for e in found[kind]]
    others = sorted(((v, k) for k, v in totals.items() if k != kind and v), reverse=True)
    if others:
        reasons.append("其他类型得分：" + "，".join(f"{k} {v}" for v, k in others) + f" (vs {kind} {score})")
    return Decision(kind, totals, reasons)


def scores(doc: Document) -> dict[str, int]:
    """Each kind's evidence score for `doc` (for tests and for explaining a decision)."""
    return decide(doc).scores


def classify(doc: Document) -> str | None:
    """One of the registry's kinds, or None when nothing fits well enough."""
    return decide(doc).kind


def first_table(doc: Document) -> Table | None:
    return next(doc.tables(), None)
