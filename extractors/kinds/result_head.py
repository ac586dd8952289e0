"""The frame of a results notice: event (from the title), organizer, date and a tier stated in words.

Read from the lines that are not award rows, in reading order: paragraphs of a 通报 or 决定, title
and note rows above a list's header, and 落款 rows below it. The event is the title without its
关于…的通报 / …获奖名单 wrapper; the organizer is the 主办单位, else the 落款, else the 文件 header;
the date is the labelled 发布日期, else the date line of the 落款.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import parse_date
from jiangxin.core.warnings import FieldWarning

from .awards import outcome_data
from .result_text import tidy

# a title ends with one of these (after the PDF's wrapped lines are joined)
_TITLE_END = LazyPattern(r"(通报|决定|通知|公告|公示|名单|结果|成绩|情况|成绩表|一览表)$")
_TITLE_CUE = LazyPattern(r"^关于|获奖|成绩|结果|名单|一览表|表彰|评选|通报|决定")
_SKIP_FOR_TITLE = LazyPattern(
    r"文件$|〔\d{4}〕|\[\d{4}\]|【\d{4}】|[：:]$|^附件|^(主办|发布|日期|时间|说明|注|备注)"
    r"|^(?:\d+|[一二三四五六七八九十]+)[、.．]"
)
_WRAPPER_TAIL = LazyPattern(r"(?:的)?(?:通报|决定|通知|公告|公示|报告)$")
_EVENT_ACTION = LazyPattern(r"(?:予以表彰|进行表彰|给予表彰|予以通报表扬)$")


@cache
def _wrapper_head() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in outcome_data()["title"]["verbs"])
    return re.compile(rf"^关于(?:{verbs})?(?:对)?")


@cache
def _event_tail() -> re.Pattern[str]:
    """What follows the event's name in a title: outcome tails (outcomes.toml) and list words."""
    data = outcome_data()
    tails = set(data["title"]["event_tails"])
    for entry in data["outcome"].values():
        tails.update(entry.get("title_tails", []))
    alt = "|".join(re.escape(t) for t in sorted(tails, key=len, reverse=True))
    return re.compile(rf"(?:的)?(?:{alt})$")


@cache
def _remark() -> re.Pattern[str]:
    """A bracketed remark closing a title that names the document, not the event ('（模板）')."""
    alt = "|".join(re.escape(w) for w in outcome_data()["title"]["remarks"])
    return re.compile(rf"\s*[（(【\[](?:{alt})[）)】\]]$")


@cache
def tier_words() -> dict[str, str]:
    """A tier as written → the record's tier ('省级' → '省部级'), from outcomes.toml."""
    return dict(outcome_data()["tier"])


@cache
def _tier_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alt = "|".join(re.escape(w) for w in sorted(tier_words(), key=len, reverse=True))
    paren = re.compile(rf"[（(]({alt})[）)]")
    only = re.compile(rf"^[（(【\[]?({alt})[）)】\]]?$")
    label = re.compile(rf"(?:奖项|竞赛|表彰|奖励|获奖|成果)?(?:级别|层级)\s*[：:]\s*({alt})")
    return paren, only, label


_ORGANIZER_LABEL = LazyPattern(
    r"(?:主办单位|主办|发布单位|发文单位|印发单位|组织单位|颁奖单位)\s*[：:]\s*(.+?)(?=\s{2,}|\u3000|$|"
    r"(?:发布|发文|印发|公布)?日期)"
)
_DATE_LABEL = LazyPattern(
    r"(?:发布日期|发文日期|印发日期|公布日期|成文日期|日期)\s*[：:]\s*(.+?)(?=\s{2,}|\u3000|$)"
)
_NUM_CN = r"[〇零一二三四五六七八九十OoＯΟ○]"
_DATE_LINE = LazyPattern(
    rf"^(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|{_NUM_CN}{{4}}年{_NUM_CN}{{1,2}}月{_NUM_CN}{{1,3}}日"
    r"|\d{4}[.\-/．]\d{1,2}[.\-/．]\d{1,2})(?:附件\d*)?$"
)  # a PDF may run the 落款 date into the '附件' heading that starts the next page
_ORG_LINE = LazyPattern(
    r"^[\u4e00-\u9fff\d（）()]{2,40}(公司|工会|委员会|组委会|办公室|中心|协会|学会|研究院|局|厅|联合会|部)$"
)
_RED_HEAD = LazyPattern(r"^(.{2,40}?)文件$")


def is_date_line(text: str) -> bool:
    """A line that is only a date (the 落款 date): '2025年6月3日', '二〇二五年六月三日'."""
    return bool(_DATE_LINE.match(tidy(text)))


def is_signature_org(text: str) -> bool:
    """A line that is only an organisation's name, as a 落款 writes it."""
    return bool(_ORG_LINE.match(tidy(text)))


@dataclass(slots=True)
class Head:
    event: str | None = None
    organizer: str | None = None
    date: str | None = None
    tier: str | None = None
    warnings: list[FieldWarning] = field(default_factory=list)


def read_head(lines: list[str]) -> Head:
    """Event, organizer, date and tier from the non-award lines of a notice, in reading order."""
    tidy_lines = [t for t in (tidy(line) for line in lines) if t]
    head = Head()
    title = _title(tidy_lines)
    if title is not None:
        head.event = event_from_title(title)
        head.tier = _tier(title)
    if head.tier is None:
        head.tier = next((t for t in (_labelled_tier(line) for line in tidy_lines) if t), None)
    if head.tier is None:  # a line of its own under the title: '（行业级）'
        head.tier = next((t for t in (_tier_line(line) for line in tidy_lines[:12]) if t), None)
    head.organizer, head.date = _organizer_and_date(lines, tidy_lines)
    if head.event is None:
        head.warnings.append(
            FieldWarning(field="event", code="not_found", message="未找到标题，未能确定竞赛或评选名称")
        )
    if head.organizer is None:
        head.warnings.append(
            FieldWarning(field="organizer", code="not_found", message="未找到主办单位或落款单位")
        )
    if head.date is None:
        head.warnings.append(FieldWarning(field="date", code="not_found", message="未找到发文日期"))
    return head


def find_title(lines: list[str]) -> str | None:
    """The notice's title from its first lines (as written, wrapped lines joined), or None."""
    return _title([t for t in (tidy(line) for line in lines) if t])


def _title(lines: list[str]) -> str | None:
    """The first title-like line; a title wrapped over several lines (PDF) is joined again."""
    for i, line in enumerate(lines[:20]):
        if _SKIP_FOR_TITLE.search(line) or not _TITLE_CUE.search(line):
            continue
        title = line
        j = i + 1
        while not _TITLE_END.search(title) and j < len(lines) and j <= i + 2:
            nxt = lines[j]
            if nxt.endswith(("：", ":")) or _SKIP_FOR_TITLE.search(nxt):
                break
            title += nxt
            j += 1
        if _TITLE_END.search(title):
            return title
        return line
    return None


def event_from_title(title: str) -> str:
    """'关于公布X竞赛结果的通报' → 'X竞赛'; 'X成绩及获奖名单' → 'X'; a stated tier is dropped."""
    text = _remark().sub("", _tier_patterns()[0].sub("", title))
    text = _WRAPPER_TAIL.sub("", _wrapper_head().sub("", text))
    for _ in range(3):
        shorter = _event_tail().sub("", _EVENT_ACTION.sub("", text))
        if shorter == text or not shorter:
            break
        text = shorter
    return text.strip() or title


def _tier(text: str) -> str | None:
    m = _tier_patterns()[0].search(text)
    return tier_words()[m.group(1)] if m else None


def _tier_line(line: str) -> str | None:
    m = _tier_patterns()[1].match(line)
    return tier_words()[m.group(1)] if m else None


def _labelled_tier(line: str) -> str | None:
    m = _tier_patterns()[2].search(line)
    return tier_words()[m.group(1)] if m else None


def _organizer_and_date(raw: list[str], lines: list[str]) -> tuple[str | None, str | None]:
    organizer: str | None = None
    date: str | None = None
    for line in raw:
        text = line.strip()
        if organizer is None:
            m = _ORGANIZER_LABEL.search(text)
            if m and tidy(m.group(1)):
                organizer = tidy(m.group(1))
        if date is None:
            m = _DATE_LABEL.search(text)
            if m:
                date = parse_date(tidy(m.group(1)))
    # 落款: an organisation line next to a date line
    signed_by: str | None = None
    signed_on: str | None = None
    for i, line in enumerate(lines):
        if not _DATE_LINE.match(line):
            continue
        before = lines[i - 1] if i > 0 else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if _ORG_LINE.match(before) and not _RED_HEAD.match(before):
            signed_by = before
        elif _ORG_LINE.match(after) and not _RED_HEAD.match(after):
            signed_by = after
        signed_on = parse_date(line)
        break
    if signed_on is None:
        signed_on = next((parse_date(line) for line in lines if _DATE_LINE.match(line)), None)
    red_head = next((m.group(1) for m in (_RED_HEAD.match(line) for line in lines[:5]) if m), None)
    return organizer or signed_by or red_head, date or signed_on
