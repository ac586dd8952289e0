"""What an award cell or phrase says: the level without its scope word, the scope, a rank, honours.

'团体二等奖' is level 二等奖 for a team; '第7名' is a rank; '一等奖（技术能手）' carries an honorary
title. Outcomes that are not prizes (入驻, 立项, 优秀成果 …) keep their word. Honorary titles are
read as written: organisers order 技术状元 / 技术标兵 / 技术能手 differently, so no order is assumed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import cn_number, nfkc

Scope = Literal["individual", "team", "organization", "achievement"]

_SCOPE_WORDS: dict[str, Scope] = {
    "团体": "team", "团队": "team", "集体": "team", "代表队": "team", "个人": "individual",
}  # fmt: skip
_SCOPE_PREFIX = LazyPattern(r"^(团体|团队|集体|个人)")
# prizes end in 奖 (一等奖, 优胜奖, 金奖, 最佳创意奖 …); 名次 is a rank
_PRIZE = LazyPattern(r"^[^\s、，,；;（）()]{1,10}奖$")
_ORG_PRIZE = LazyPattern(r"组织奖$|先进单位$|优秀组织单位$")
_NUM = r"(?:\d+|[〇零一二两三四五六七八九十]+)"
_RANK = LazyPattern(rf"^(?:第\s*)?({_NUM})\s*名?$")
_RANK_IN_TEXT = LazyPattern(rf"第\s*({_NUM})\s*名")
# honorary titles: 技术能手, 技术标兵, 技术状元, 岗位能手, 青年岗位能手, 五一劳动奖章 …
_HONOUR = LazyPattern(r"(能手|标兵|状元|尖兵|新秀|工匠|明星|先锋|奖章|榜样|骨干|带头人|之星|巧匠|模范)$")
_PIECES = LazyPattern(r"[、，,；;/／（）()【】\[\]\s\u3000]+|并授予|授予|并获|获得|荣获|称号")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」《》")


@dataclass(slots=True)
class Outcome:
    """What one award text states; each part is None (or empty) when the text does not say it."""

    level: str | None = None
    scope: Scope | None = None
    rank: int | None = None
    honours: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.level is None and self.rank is None and not self.honours


def parse_rank(text: str) -> int | None:
    """'第1名', '1', '第一名', '一' → 1; None for anything else."""
    text = nfkc(text).replace(" ", "").strip()
    m = _RANK.match(text)
    if not m:
        return None
    value = m.group(1)
    return int(value) if value.isdigit() else cn_number(value)


def split_level(piece: str) -> tuple[str, Scope | None]:
    """'团体二等奖' → ('二等奖', 'team'); '优秀组织奖' → ('优秀组织奖', 'organization')."""
    m = _SCOPE_PREFIX.match(piece)
    scope: Scope | None = None
    if m and len(piece) > len(m.group(1)):
        scope = _SCOPE_WORDS[m.group(1)]
        piece = piece[len(m.group(1)) :]
    if scope is None and _ORG_PRIZE.search(piece):
        scope = "organization"
    return piece, scope


@cache
def outcome_data() -> dict[str, Any]:
    """extractors/outcomes.toml: outcomes that are not prizes, title words and tiers."""
    return tomllib.loads(resources.files("extractors").joinpath("outcomes.toml").read_text("utf-8"))


@cache
def outcome_words() -> dict[str, str]:
    """Every word that states a non-prize outcome → the level the record keeps ('立项' → '立项')."""
    out: dict[str, str] = {}
    for level, entry in outcome_data()["outcome"].items():
        out.setdefault(level, level)
        for word in entry.get("words", []):
            out.setdefault(word, level)
    return out


@cache
def _outcome_in_title() -> re.Pattern[str]:
    words = sorted(outcome_words(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def outcome_in_title(text: str) -> str | None:
    """The non-prize outcome a title states ('…项目立项计划的通知' → '立项'), the one written last
    (nearest the 名单/通知 it qualifies); None when the title names none."""
    found = list(_outcome_in_title().finditer(text))
    if not found:
        return None
    return outcome_words()[max(found, key=lambda m: (m.end(), len(m.group()))).group()]


def is_level(piece: str) -> bool:
    """A prize word ('二等奖', '团体第一名' excluded) or an outcome that is not a prize ('入驻')."""
    base, _ = split_level(piece)
    return bool(_PRIZE.match(base)) or base in outcome_words()


def parse_outcome(text: str) -> Outcome:
    """Read level, scope, rank and honours from one award cell or phrase.

    Pieces are separated by 、，/ brackets or spaces; a piece that is neither a level, a rank nor an
    honorary title is kept as the level when no level was found (an outcome written its own way).
    """
    out = Outcome()
    stray: list[str] = []
    for raw in _PIECES.split(text.translate(_QUOTES)):
        piece = raw.strip()
        if not piece:
            continue
        scope_only = _SCOPE_WORDS.get(piece)
        if scope_only is not None:
            out.scope = out.scope or scope_only
            continue
        rank_piece, rank_scope = split_level(piece)
        rank = parse_rank(rank_piece) if ("名" in rank_piece or "第" in rank_piece) else None
        if rank is not None:
            out.rank = out.rank if out.rank is not None else rank
            out.scope = out.scope or rank_scope
            continue
        if _HONOUR.search(piece) and not _PRIZE.match(piece):
            if piece not in out.honours:
                out.honours.append(piece)
            continue
        if out.level is None and is_level(piece):
            out.level, scope = split_level(piece)
            out.scope = scope or out.scope
            continue
        stray.append(piece)
    if out.level is None and stray and out.rank is None:
        out.level, scope = split_level(stray[0])
        out.scope = scope or out.scope
    if out.level is None and out.rank is not None:
        out.level = rank_level(out.rank)
    return out


def rank_level(rank: int) -> str:
    """The level written for an award that is only a place: '第3名'."""
    return f"第{rank}名"


def find_rank(text: str) -> int | None:
    """A '第N名' anywhere in `text`."""
    m = _RANK_IN_TEXT.search(nfkc(text))
    if not m:
        return None
    value = m.group(1)
    return int(value) if value.isdigit() else cn_number(value)


# a heading above a block of rows: '一、团体奖', '（二）个人一等奖（3名）', '优秀组织奖', '三等奖：'
_ENUM = LazyPattern(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*"
)
_COUNT_TAIL = LazyPattern(r"[（(](?:共)?\s*\d+\s*[名项个人队家]\s*[）)]\s*$|[：:]\s*$")
_GENERIC_HEADING = LazyPattern(r"^(团体|团队|集体|个人|单位|组织|成果)?(奖|奖项|获奖名单|获奖人员|名单)$")


@dataclass(frozen=True, slots=True)
class Heading:
    """What a block heading sets for the rows under it."""

    level: str | None
    scope: Scope | None


def parse_heading(text: str) -> Heading | None:
    """A section heading of a results list, or None when `text` is not one."""
    body = _COUNT_TAIL.sub("", _ENUM.sub("", text.translate(_QUOTES))).strip()
    body = re.sub(r"\s+", "", body)
    if not body or len(body) > 14:
        return None
    m = _GENERIC_HEADING.match(body)
    if m:
        word = m.group(1) or ""
        if word in ("单位", "组织"):
            return Heading(None, "organization")
        if word == "成果":
            return Heading(None, "achievement")
        return Heading(None, _SCOPE_WORDS.get(word))
    if body.endswith("获奖名单"):
        body = body[: -len("获奖名单")]
    if is_level(body):
        level, scope = split_level(body)
        return Heading(level, scope)
    rank = parse_rank(split_level(body)[0]) if "名" in body else None
    if rank is not None:
        return Heading(rank_level(rank), split_level(body)[1])
    return None
