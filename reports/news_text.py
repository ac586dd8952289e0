"""The news article's sentences, with the year's numbers woven in ("获…优秀职工技术创新成果7项").

Only `YearFacts` and the office's own 要事 lines are used; nothing here makes up a number. Zero
leaves a clause out; one is phrased as one (a single contest is named, not counted).
"""

from __future__ import annotations

from .cn import cn_numeral, count_of, join_cn, of_which, review_name, sentence
from .facts import REVIEW_TIER, EventRow, YearFacts
from .highlights import Highlights

PILLARS = {"platform": "平台支撑", "incentive": "激励牵引", "contest": "竞赛锤炼", "care": "关爱护航"}
TOP_RESULT_WORDS = ("特等", "一等", "金", "第1名")


def lead(f: YearFacts, present: list[str]) -> str:
    """The lead: the year's approach (naming the sections that follow) and the result in numbers."""
    names = [PILLARS[k] for k in present]
    if len(names) >= 2:
        words = "两" if len(names) == 2 else cn_numeral(len(names))
        system = f"系统构建“{'、'.join(names)}”{words}位一体的职工创新工作体系"
    elif names:
        system = f"着力构建以“{names[0]}”为重点的职工创新工作体系"
    else:
        system = "持续推进职工技术创新工作"
    outcome = sentence(
        f"全年收到职工技术创新成果申报{count_of(f.applications.received.value, '项')}"
        if f.applications.received
        else "",
        # the head count beside the external awards counts the holders of those awards only
        f"获得上级各类奖项{count_of(f.awards.external.value, '项')}" if f.awards.external else "",
        f"{count_of(f.awards.external_people.value, '名')}职工获上级奖项" if f.awards.external_people else "",
    )
    head = f"{f.year}年，{f.organization}坚持把职工技术创新作为推动企业高质量发展的重要抓手，{system}。"
    return head + outcome


def platform(f: YearFacts, h: Highlights) -> list[str]:
    p = f.platforms
    paragraphs = []
    if p.total:
        kinds = "、".join(f"{k.key}{count_of(k.count.value, '个')}" for k in p.by_kind if k.count)
        new_names = [r.name for r in p.rows if r.founded == f.year]
        told = "".join(h.lines("platform"))
        if not new_names or all(name in told for name in new_names):
            new = ""  # the office's own line already names them: not said twice
        elif len(new_names) <= 3:
            new = f"{f.year}年新命名{join_cn(new_names)}"
        else:
            new = f"{f.year}年新命名{count_of(len(new_names), '个')}"
        paragraphs.append(sentence(f"截至{f.year}年底，该公司已建成{kinds}", new))
    return paragraphs + list(h.lines("platform"))


def _event_phrase(e: EventRow) -> str:
    """'获2025年全国…创新成果11项' or, for a contest or selection named otherwise, '在…中获一等奖2项'."""
    levels = [(k.key, int(k.count.value)) for k in e.by_level]
    if e.event.endswith("成果"):
        if len(levels) == 1:
            return f"获{e.event}{levels[0][0]}{count_of(levels[0][1], '项')}"
        each = "、".join(f"{k}{count_of(n, '项')}" for k, n in levels)  # every level's figure stands
        return f"获{e.event}{count_of(e.total.value, '项')}（{each}）"
    return f"在{e.event}中获" + "、".join(f"{k}{count_of(n, '项')}" for k, n in levels)


def incentive(f: YearFacts, h: Highlights) -> list[str]:
    a, r = f.applications, f.review
    paragraphs = []
    if a.received:
        n = a.received.value
        if a.passed.value == n:
            check = "经形式审查，该项成果符合申报条件" if n == 1 else "经形式审查全部符合申报条件"
        elif a.passed:
            check = f"经形式审查，{count_of(a.passed.value, '项')}符合申报条件"
        else:
            check = ""
        paragraphs.append(sentence(f"{f.year}年，该公司共收到职工技术创新成果申报{count_of(n, '项')}", check))
    if r.total:
        levels = [(k.key, int(k.count.value)) for k in r.by_level]
        where = f"在{review_name(r.events[0])}中" if len(r.events) == 1 else "在公司级成果评审中"
        if len(levels) == 1:
            result = f"{count_of(r.total.value, '项')}成果获评{levels[0][0]}"
        else:
            result = f"{count_of(r.total.value, '项')}成果获奖" + of_which(levels, "项", int(r.total.value))
        paragraphs.append(sentence(where, result))
    selections = [
        e for e in f.awards.by_event if e.tier != REVIEW_TIER and e.scopes == ("achievement",) and e.total
    ]
    if selections:
        phrases = [_event_phrase(e) for e in selections]
        won = [p.removeprefix("获") for p in phrases if p.startswith("获")]
        parts = (["获" + "、".join(won)] if won else []) + [p for p in phrases if not p.startswith("获")]
        paragraphs.append("在上级评选中，该公司" + "；".join(parts) + "。")
    p = f.points
    if p.total:
        units = p.units[0].unit if len(p.units) == 1 else f"{count_of(p.unit_count.value, '个')}单位"
        people = f"{count_of(p.people.value, '名')}职工获得个人积分" if p.people else ""
        paragraphs.append(
            sentence(
                f"依据创新积分办法，该公司全年为{units}核定创新积分{count_of(p.total.value, '分')}", people
            )
        )
    return paragraphs + list(h.lines("incentive"))


def contest(f: YearFacts, h: Highlights) -> list[str]:
    c = f.competitions
    paragraphs = []
    if c.events:
        where = c.rows[0].event if len(c.rows) == 1 else f"{count_of(c.events.value, '项')}技能竞赛"
        prizes = [
            f"{w}{count_of(n.value, '项')}"
            for w, n in (("个人奖项", c.individual), ("团体奖项", c.team))
            if n
        ]
        times = "" if c.organization.value == 1 else count_of(c.organization.value, "次")
        if prizes:
            org = (f"并{times}获优秀组织奖" if times else "并获优秀组织奖") if c.organization else ""
            text = sentence(f"{f.year}年，该公司职工在{where}中获{'、'.join(prizes)}", org)
        else:
            text = f"{f.year}年，该公司在{where}中{times}获优秀组织奖。"
        tops = [r for r in c.rows if r.winners and any(w in r.best for w in TOP_RESULT_WORDS)]
        if tops:
            text += (
                "其中，" + "；".join(f"{join_cn(r.winners)}在{r.event}中获{r.best}" for r in tops[:3]) + "。"
            )
        # every contest with its own figures, so each notice's numbers stand in the article too
        contests = {r.event for r in c.rows}
        each = [e for e in f.awards.by_event if e.event in contests and e.total]
        if len(each) > 1:
            text += "各项竞赛中，该公司" + "；".join(_event_phrase(e) for e in each) + "。"
        paragraphs.append(text)
    return paragraphs + list(h.lines("contest"))


def care(f: YearFacts, h: Highlights) -> list[str]:
    """No stored document speaks of care for staff: only the office's own 要事 lines."""
    return list(h.lines("care"))


def byline(reporter: str, correspondents: tuple[str, ...]) -> str:
    """'记者 张翀　通讯员 花蕾 朱晓东'; '' when the workspace names nobody."""
    parts = []
    if reporter.strip():
        parts.append(f"记者 {reporter.strip()}")
    people = [c.strip() for c in correspondents if c.strip()]
    if people:
        parts.append("通讯员 " + " ".join(people))
    return "\u3000".join(parts)
