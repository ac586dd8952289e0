"""Awards stated in sentences: '国网酒泉供电公司获优秀组织奖', '张三、李四获个人二等奖'.

A blank spaCy `zh` pipeline with the jieba segmenter (no model download): an EntityRuler marks
people from the roster (`ctx.known_names`) and organisations from the directory (`ctx.known_units`)
plus anything shaped like an organisation name, and a Matcher finds 获/荣获/获得 followed by an
award phrase. The words before the verb, up to the clause start, are the winners: each item is an
organisation, a person (roster or not: standing in award position is what makes it a name), or an
organisation followed by people. spaCy and jieba load only when a sentence passes a cheap check,
once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import AwardData
from jiangxin.core.text import normalize_name
from jiangxin.core.warnings import FieldWarning

from .context import ExtractContext
from .kinds.awards import Outcome, is_level, parse_outcome
from .kinds.result_text import tidy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc, Span

# cheap gate before spaCy loads: a verb of winning followed closely by an award word
_GATE = LazyPattern(r"(获|评为)[^。；！？\n]{0,24}?(奖|名|优秀成果|入驻|立项|参展|推选|孵化|入选)")
_SENTENCE_END = LazyPattern(r"(?<=[。！？；!?;])|\n")
_VERBS = ["获", "荣获", "获得", "获评", "评为", "被评为", "斩获", "夺得"]
_OUTCOME_TOKEN = r"^[团体个人集队特一二三四五六七八九十等奖优秀组织胜鼓励金银铜第名0-9成果入驻立项参展推选重点孵化案例作品]+$"
_CLAUSE_BREAK = frozenset("，,。；;：:！？!?\n")
_ITEM_SEPARATORS = frozenset({"、", "和", "及", "与", "以及", "/", "／"})
# words that sit between the winners and the verb, or around a winner, and are not part of a name
_ADVERBS = frozenset({"分别", "均", "共同", "同时", "还", "也", "并", "被", "各", "都", "共", "则"})
# words around a winner that are not part of its name: '…组成的代表队', '张三同志', '选手张三'
_TRAILING_ROLE = LazyPattern(r"(?:组成的|组成)?(?:代表队|参赛队)$|同志$")
_LEADING_ROLE = LazyPattern(r"^(?:选手|职工|员工|队员|同志)")
_NAME = LazyPattern(r"^[\u4e00-\u9fff·]{2,4}$")
_TITLE = LazyPattern(r"^《(.+)》$")
_UNIT_IN_PARENS = LazyPattern(r"^(.+?)[（(](.+)[）)]$")
_HONOUR_GRANT = LazyPattern(r"授予([^。；]{1,60}?)(?:荣誉)?称号")
_ORG_SUFFIX = r"(公司|工会|中心|研究院|分院|局|厂|院|室|所|站|班|组|协会|学会|委员会|组委会|联合会|部|处|队)$"
_ENDS_LIKE_ORG = LazyPattern(_ORG_SUFFIX)

_NLP: Language | None = None
_SEGMENTER: _Segmenter | None = None
_MATCHER: Matcher | None = None
_RULERS: dict[tuple[frozenset[str], frozenset[str]], EntityRuler] = {}
_ADDED_WORDS: set[str] = set()


def has_award_sentence(text: str) -> bool:
    """Whether `text` may state an award in prose (decides if spaCy needs to load at all)."""
    return bool(_GATE.search(text))


def sentences(paragraphs: list[str]) -> Iterator[str]:
    for paragraph in paragraphs:
        for piece in _SENTENCE_END.split(paragraph):
            if piece and piece.strip():
                yield tidy(piece)


@dataclass(slots=True)
class _Winner:
    """One item of the subject list: an organisation, a person (with unit), or an achievement."""

    unit: str | None = None
    name: str | None = None
    title: str | None = None


def awards_in_prose(paragraphs: list[str], ctx: ExtractContext) -> tuple[list[AwardData], list[FieldWarning]]:
    """Awards stated in the sentences of `paragraphs`, in order, with warnings for unreadable winners."""
    candidates = [s for s in sentences(paragraphs) if has_award_sentence(s)]
    if not candidates:
        return [], []
    nlp, matcher = _pipeline()
    ruler = _ruler(nlp, ctx)
    awards: list[AwardData] = []
    warnings: list[FieldWarning] = []
    for sentence in candidates:
        doc = ruler(nlp.make_doc(sentence))
        found, problems = _sentence_awards(doc, matcher, ctx)
        awards.extend(found)
        warnings.extend(problems)
    return awards, warnings


def _pipeline() -> tuple[Language, Matcher]:
    """The blank zh pipeline (jieba, HMM off so a verb never fuses with an unknown name) and the
    award-phrase Matcher, built once per process."""
    global _NLP, _MATCHER, _SEGMENTER
    if _NLP is None or _MATCHER is None:
        import logging

        import jieba
        import spacy
        from spacy.matcher import Matcher

        jieba.setLogLevel(logging.WARNING)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        segmenter = _Segmenter(jieba.Tokenizer())
        nlp.tokenizer.jieba_seg = segmenter  # type: ignore[union-attr]
        for verb in _VERBS:
            segmenter.add_word(verb)
        matcher = Matcher(nlp.vocab)
        matcher.add(
            "AWARD",
            [
                [
                    {"TEXT": {"IN": _VERBS}},
                    {"TEXT": "了", "OP": "?"},
                    {"TEXT": {"REGEX": _OUTCOME_TOKEN}, "OP": "+"},
                    {"TEXT": {"IN": ["、", "和", "及"]}, "OP": "?"},
                    {"TEXT": {"REGEX": _OUTCOME_TOKEN}, "OP": "*"},
                ]
            ],
            greedy="LONGEST",
        )
        _NLP, _MATCHER, _SEGMENTER = nlp, matcher, segmenter
    return _NLP, _MATCHER


class _Segmenter:
    """A private jieba tokenizer (the roster's names are added to it, not to jieba's global one)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        return self.tokenizer.cut(text, cut_all=cut_all, HMM=False)  # type: ignore[no-any-return]

    def add_word(self, word: str) -> None:
        self.tokenizer.add_word(word)


def _ruler(nlp: Language, ctx: ExtractContext) -> EntityRuler:
    """The EntityRuler for this workspace's roster and organisation directory (cached per context)."""
    key = (ctx.known_names, ctx.known_units)
    ruler = _RULERS.get(key)
    if ruler is not None:
        return ruler
    from spacy.pipeline import EntityRuler

    assert _SEGMENTER is not None
    for word in (*ctx.known_names, *ctx.known_units):
        if word not in _ADDED_WORDS:
            _SEGMENTER.add_word(word)
            _ADDED_WORDS.add(word)
    ruler = EntityRuler(nlp, overwrite_ents=True)
    patterns: list[dict[str, Any]] = [
        {
            "label": "ORG",
            "pattern": [
                {"TEXT": {"REGEX": r"^[\u4e00-\u9fff（）()]+$"}, "OP": "{0,8}"},
                {"TEXT": {"REGEX": _ORG_SUFFIX}},
            ],
        }
    ]
    patterns += [{"label": "ORG", "pattern": unit} for unit in sorted(ctx.known_units)]
    patterns += [{"label": "PERSON", "pattern": name} for name in sorted(ctx.known_names)]
    ruler.add_patterns(patterns)
    if len(_RULERS) >= 4:
        _RULERS.clear()
    _RULERS[key] = ruler
    return ruler


def _sentence_awards(
    doc: Doc, matcher: Matcher, ctx: ExtractContext
) -> tuple[list[AwardData], list[FieldWarning]]:
    awards: list[AwardData] = []
    warnings: list[FieldWarning] = []
    floor = 0  # a subject never reaches back past the previous award phrase
    phrases: list[tuple[int, int]] = []
    for _, start, end in sorted(matcher(doc), key=lambda m: m[1]):
        if not phrases or start >= phrases[-1][1]:
            phrases.append((start, end))
    for k, (start, end) in enumerate(phrases):
        upto = phrases[k + 1][0] if k + 1 < len(phrases) else len(doc)
        verb_end = start + 1
        if verb_end < end and doc[verb_end].text == "了":
            verb_end += 1
        outcomes = _outcomes(doc[verb_end:end].text)
        if not outcomes:
            floor = end
            continue
        for honour in _honours_after(doc[end:upto].text):
            if honour not in outcomes[0].honours:
                outcomes[0].honours.append(honour)
        winners, problems = _winners(doc, floor, start, ctx)
        warnings.extend(problems)
        for outcome in outcomes:
            awards.extend(_awards_for(winners, outcome))
        floor = end
    return awards, warnings


def _outcomes(text: str) -> list[Outcome]:
    """One outcome, or several listed together ('团体第一名、优秀组织奖'); none if no level is named."""
    parts = [p for p in re.split(r"[、和及]", text) if p]
    found = [parse_outcome(p) for p in parts]
    usable = [o for o in found if o.level is not None and (is_level(o.level) or o.rank is not None)]
    if len(parts) > 1 and len(usable) == len(parts):
        return usable
    whole = parse_outcome(text.rstrip("、和及"))
    if whole.level is None or not (is_level(whole.level) or whole.rank is not None):
        return []
    return [whole]


def _honours_after(text: str) -> list[str]:
    """Honorary titles granted after an award phrase: '并被授予“技术能手”和“岗位能手”称号'."""
    m = _HONOUR_GRANT.search(text)
    if not m:
        return []
    quoted = re.findall(r"[“\"「]([^”\"」]+)[”\"」]", m.group(1))
    items = quoted or re.split(r"[、，,和及]", m.group(1))
    return [h.strip() for h in items if h.strip()]


def _winners(
    doc: Doc, floor: int, verb: int, ctx: ExtractContext
) -> tuple[list[_Winner], list[FieldWarning]]:
    """The subject list before the verb: clause start to verb, split at 、/和/及 outside entities."""
    start = verb
    while start > floor and doc[start - 1].text not in _CLAUSE_BREAK:
        start -= 1
    stop = verb
    while stop > start and doc[stop - 1].text in _ADVERBS:
        stop -= 1
    entities = [e for e in doc.ents if e.start >= start and e.end <= stop]
    inside = {i for e in entities for i in range(e.start, e.end)}
    items: list[tuple[int, int]] = []
    item_start = start
    for i in range(start, stop):
        if doc[i].text in _ITEM_SEPARATORS and i not in inside:
            items.append((item_start, i))
            item_start = i + 1
    items.append((item_start, stop))
    winners: list[_Winner] = []
    warnings: list[FieldWarning] = []
    carried_unit: str | None = None
    last_text = _glued_verb(doc[items[-1][0] : items[-1][1]].text, doc[verb].text, ctx)
    for a, b in items:
        if a >= b:
            continue
        text = last_text if (a, b) == items[-1] else None
        winner = _winner(doc[a:b], [e for e in entities if e.start >= a and e.end <= b], ctx, text)
        if winner is None:
            warnings.append(
                FieldWarning.of("awards", "winner_unclear", f"无法确定获奖者「{doc[a:b].text}」，未计入")
            )
            continue
        if winner.unit is not None:
            carried_unit = winner.unit
        elif winner.name is not None:
            # '国网酒泉供电公司张三、李四获…': the unit written first applies to the names after it
            winner.unit = carried_unit
        winners.append(winner)
    return winners, warnings


def _glued_verb(last: str, verb: str, ctx: ExtractContext) -> str:
    """'肖秀荣获': is it 肖秀 荣获 or 肖秀荣 获? The roster decides; without it, 荣获 (the usual
    verb of a 通报) wins."""
    if verb == "获" and last.endswith("荣") and not _ends_with_known(last, ctx):
        return last[:-1]
    if verb == "荣获" and _ends_with_known(last + "荣", ctx):
        return last + "荣"
    return last


def _ends_with_known(text: str, ctx: ExtractContext) -> bool:
    name = normalize_name(text)
    return any(name[-n:] in ctx.known_names for n in range(2, 5) if len(name) >= n)


def _winner(item: Span, entities: list[Span], ctx: ExtractContext, text: str | None = None) -> _Winner | None:
    """One item of the subject list; `text` replaces the item's text when the verb took a character."""
    text = (item.text if text is None else text).strip()
    title = _TITLE.match(text)
    if title:
        return _Winner(title=title.group(1))
    paren = _UNIT_IN_PARENS.match(text)
    if paren and _is_name(normalize_name(paren.group(1)), ctx):
        # '张三（国网白银供电公司）'
        return _Winner(unit=tidy(paren.group(2)), name=normalize_name(paren.group(1)))
    text = _TRAILING_ROLE.sub("", text)
    unit: str | None = None
    rest = text
    orgs = _merged_orgs(entities)
    if orgs and orgs[0].start == item.start:
        # an organisation opens the item; cut back to the text left after the role words
        candidate = orgs[0].text[: len(text)]
        if _ENDS_LIKE_ORG.search(candidate) or candidate in ctx.known_units:
            unit, rest = candidate, text[len(candidate) :]
    rest = _LEADING_ROLE.sub("", rest).strip()
    if not rest:
        return _Winner(unit=unit) if unit else None
    name = normalize_name(rest)
    if _is_name(name, ctx):
        return _Winner(unit=unit, name=name)
    return None


def _is_name(text: str, ctx: ExtractContext) -> bool:
    """A roster name, or two to four Chinese characters standing where a winner stands."""
    return text in ctx.known_names or bool(_NAME.match(text))


def _merged_orgs(entities: list[Span]) -> list[Span]:
    """Adjacent ORG entities ('国网酒泉供电公司' + '变电运维中心') form one unit."""
    out: list[Span] = []
    for ent in sorted((e for e in entities if e.label_ == "ORG"), key=lambda e: e.start):
        if out and out[-1].end == ent.start:
            out[-1] = out[-1].doc[out[-1].start : ent.end]
        else:
            out.append(ent)
    return out


def _awards_for(winners: list[_Winner], outcome: Outcome) -> list[AwardData]:
    level = outcome.level
    assert level is not None
    people = [w for w in winners if w.name is not None]
    units = [w for w in winners if w.name is None and w.title is None and w.unit is not None]
    titles = [w for w in winners if w.title is not None]
    extra: dict[str, Any] = {"rank": outcome.rank, "honours": list(outcome.honours)}
    out: list[AwardData] = []
    for w in titles:
        out.append(AwardData(level=level, scope="achievement", unit=w.unit, title=w.title, **extra))
    scope = outcome.scope
    if scope == "organization":
        out.extend(AwardData(level=level, scope="organization", unit=w.unit, **extra) for w in units)
        return out
    if scope == "team" and people:
        names = [w.name for w in people if w.name]
        out.append(AwardData(level=level, scope="team", names=names, unit=people[0].unit, **extra))
        return out
    out.extend(AwardData(level=level, scope="team", unit=w.unit, **extra) for w in units)
    out.extend(
        AwardData(level=level, scope="individual", names=[w.name], unit=w.unit, **extra)
        for w in people
        if w.name
    )
    return out
