"""The sentences of the annual summary that carry numbers, phrased from `YearFacts`.

Each function returns one paragraph's text. Zero leaves a clause out (never "获0项"), one item is named
rather than counted where that reads better, and a section with nothing to report says so plainly.
A table or figure is referred to only when it is in the document (its number is passed in).
"""

from __future__ import annotations

from .cn import count_of, iso_to_cn, join_cn, of_which, review_name, sentence
from .facts import (
    ApplicationFacts,
    AwardFacts,
    CompetitionFacts,
    PlatformFacts,
    PointsFacts,
    ReviewFacts,
    YearFacts,
)
from .platforms import PLATFORM_FILES

TOP_RESULT_WORDS = ("特等", "一等", "金", "第1名")


def see(table: int | None, figure: int | None = None) -> str:
    """'详见表3。', '详见表3、图1。' or ''."""
    refs = [f"表{table}"] if table else []
    refs += [f"图{figure}"] if figure else []
    return f"详见{'、'.join(refs)}。" if refs else ""


def overview(f: YearFacts) -> str:
    """The opening's one-sentence result of the year; '' when nothing is on record yet."""
    clauses = []
    if f.applications.received:
        clauses.append(f"全年共收到职工技术创新成果申报{count_of(f.applications.received.value, '项')}")
    if f.review.total:
        clauses.append(f"评出公司级优秀成果{count_of(f.review.total.value, '项')}")
    if f.awards.external:
        clauses.append(f"职工在上级各类成果评选和技能竞赛中获奖{count_of(f.awards.external.value, '项')}")
    return sentence(*clauses)


def platforms(p: PlatformFacts, year: int, table: int | None) -> str:
    if p.registry is None:
        return (
            f"工作区中没有创新平台名录（{PLATFORM_FILES[0]}），本总结未统计创新工作室和创新小组情况；"
            "建立名录后重新生成即可写入。"
        )
    if not p.total:
        return f"创新平台名录（{p.registry}）中尚未登记创新工作室或创新小组。"
    kinds = "、".join(f"{k.key}{count_of(k.count.value, '个')}" for k in p.by_kind if k.count)
    new = f"其中{year}年新命名{count_of(p.new_this_year.value, '个')}" if p.new_this_year else ""
    return sentence(f"截至{year}年底，公司共有{kinds}", new) + see(table)


def applications(a: ApplicationFacts, year: int, table: int | None) -> str:
    n = a.received.value
    if not n:
        return f"截至目前，尚未收到{year}年度职工技术创新成果申报。"
    if len(a.by_unit) == 1:
        head = f"全年共收到{a.by_unit[0].unit}申报的职工技术创新成果{count_of(n, '项')}"
    else:
        head = f"全年共收到{count_of(a.units.value, '个')}单位申报的职工技术创新成果{count_of(n, '项')}"
    if a.passed.value == n:
        check = "经形式审查，该项成果符合申报条件" if n == 1 else "经形式审查，全部符合申报条件"
    else:
        parts = [
            f"{word}{count_of(c.value, '项')}"
            for word, c in (
                ("符合申报条件的", a.passed),
                ("需补正材料的", a.pending),
                ("不符合申报条件的", a.failed),
            )
            if c
        ]
        check = "经形式审查，" + "，".join(parts)
    return sentence(head, check) + see(table)


def reasons(a: ApplicationFacts) -> str:
    """Which checks the applications that did not pass ran into; '' when all passed."""
    if not a.reasons:
        return ""
    items = [f"{k.key}不符合要求的{count_of(k.count.value, '项')}" for k in a.reasons]
    return "从审查项目看，" + "、".join(items) + "（一项成果可能涉及多个审查项目）。"


def review(r: ReviewFacts, year: int, table: int | None) -> str:
    if not r.total:
        return f"{year}年度公司级职工技术创新成果评审结果尚未录入系统。"
    event = review_name(r.events[0]) if len(r.events) == 1 else f"{year}年度公司级职工技术创新成果评审"
    when = f"{iso_to_cn(r.date)}公布的" if r.date else ""
    levels = [(k.key, int(k.count.value)) for k in r.by_level]
    if len(levels) == 1:
        result = f"共评出{levels[0][0]}{count_of(levels[0][1], '项')}"
    else:
        result = f"共评出获奖成果{count_of(r.total.value, '项')}" + of_which(levels, "项", int(r.total.value))
    return sentence(f"根据{when}{event}结果", result) + see(table)


def awards(
    a: AwardFacts, year: int, tier_table: int | None, event_table: int | None, figures: tuple[int | None, ...]
) -> str:
    if not a.total:
        return f"截至目前，系统中尚无公司{year}年度的获奖记录。"
    tiers = [
        (row.tier if row.tier != "未定级" else "级别未能确定的", int(row.total.value)) for row in a.by_tier
    ]
    if len(tiers) == 1:
        head = f"全年公司共获{a.by_tier[0].tier}奖项{count_of(a.total.value, '项')}"
    else:
        head = f"全年公司共获各级各类奖项{count_of(a.total.value, '项')}" + of_which(
            tiers, "项", int(a.total.value)
        )
    people = f"涉及获奖职工{count_of(a.people.value, '人')}" if a.people else ""
    text = sentence(head, people)
    refs = [f"表{n}" for n in (tier_table, event_table) if n] + [f"图{n}" for n in figures if n]
    return text + (f"按级别、按赛事和评选的统计详见{'、'.join(refs)}。" if refs else "")


def competitions(c: CompetitionFacts, table: int | None) -> str:
    if not c.events:
        return "本年度系统中尚无公司职工在技能竞赛中获奖的记录。"
    where = c.rows[0].event if len(c.rows) == 1 else f"{count_of(c.events.value, '项')}技能竞赛"
    prizes = [
        f"{word}{count_of(n.value, '项')}"
        for word, n in (("个人奖项", c.individual), ("团体奖项", c.team))
        if n
    ]
    head = f"公司职工在{where}中获{'、'.join(prizes)}" if prizes else ""
    org = ""
    if c.organization:
        org = (
            "公司获优秀组织奖"
            if c.organization.value == 1
            else f"公司{count_of(c.organization.value, '次')}获优秀组织奖"
        )
    text = sentence(head, org)
    tops = [r for r in c.rows if r.winners and any(w in r.best for w in TOP_RESULT_WORDS)]
    if tops:
        named = [f"{join_cn(r.winners)}在{r.event}中获{r.best}" for r in tops[:3]]
        text += "其中，" + "；".join(named) + "。"
    return text + see(table)


def points(p: PointsFacts, table: int | None) -> str:
    if not p.total:
        return "本年度尚无计入创新积分的奖项。"
    if len(p.units) == 1:
        spread = f"涉及{p.units[0].unit}"
    else:
        spread = f"涉及{count_of(p.unit_count.value, '个')}单位"
    if p.people:
        spread += f"、职工{count_of(p.people.value, '人')}"
    return sentence(
        f"按照《{p.policy}》确定的积分办法，全年共核定创新积分{count_of(p.total.value, '分')}", spread
    ) + see(table)
