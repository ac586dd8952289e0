"""`jiangxin report annual`: the 年度职工技术创新工作总结, from `YearFacts` through the Word template.

`annual_context` turns the facts into the plain dict the template reads (tables numbered in the
order they appear, charts as pictures, the appendix 数据来源 listing every non-zero count with the
numbers of its source documents); `write_annual` gathers, renders and saves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jiangxin.store import Store
from jiangxin.workspace import Workspace
from rules.policy import Policy

from . import annual_text as text
from .build_templates import ANNUAL_TEMPLATE
from .charts import CHART_WIDTH_MM, cjk_font, horizontal_bars, stacked_bars
from .cn import cn_date, number_ranges
from .facts import YearFacts, gather_facts
from .plan import PLAN_FILE, PlanParagraph, read_plan
from .platforms import PLATFORM_FILES
from .render import Picture, render_docx, template_path
from .render.docx import Written, add_pdf

# fields the document cannot do without: a template that lost one of them is refused
ANNUAL_REQUIRED = (
    "org", "year", "overview", "date", "platforms.sentence", "applications.sentence", "review.sentence",
    "awards.sentence", "competitions.sentence", "points.sentence", "plan.paragraphs",
    "appendix.documents", "appendix.counts",
)  # fmt: skip


class _Numbers:
    """Tables and figures are numbered in document order, counting only those that are present."""

    def __init__(self) -> None:
        self.n = 0

    def take(self, present: bool) -> int | None:
        if not present:
            return None
        self.n += 1
        return self.n


def annual_name(year: int) -> str:
    return f"{year}年职工技术创新工作总结.docx"


@dataclass(frozen=True, slots=True)
class Heading:
    """Who issues the summary and how it is headed: 落款, and the optional 版头 and 版记 (GB/T 9704)."""

    signer: str  # 发文机关署名, also the title's 发文机关
    mark: str = ""  # 发文机关标志; empty: no 版头 and no 版记
    number: str = ""  # 发文字号
    copy_to: str = ""  # 抄送
    printed_by: str = ""  # 印发机关; empty: the signer

    @classmethod
    def of(cls, ws: Workspace) -> Heading:
        d = ws.document
        return cls(
            signer=d.signature or ws.organization.name, mark=d.issuer_mark, number=d.number,
            copy_to=d.copy_to.rstrip("。"), printed_by=d.printed_by,
        )  # fmt: skip


def annual_context(
    facts: YearFacts,
    plan: tuple[PlanParagraph, ...] | None,
    day: dt.date,
    *,
    charts: bool = True,
    heading: Heading | None = None,
    sources: bool = True,
) -> dict[str, Any]:
    """The template's context: every value a string, a number, a list of rows or a picture.
    `sources=False` leaves out the appendix 数据来源 (the copy sent upward)."""
    f = facts
    head = heading or Heading(signer=f.organization)
    tables = _Numbers()
    figures = _Numbers()
    t_platforms = tables.take(bool(f.platforms.rows))
    t_apps = tables.take(bool(f.applications.by_unit))
    t_review = tables.take(bool(f.review.rows))
    t_tiers = tables.take(bool(f.awards.by_tier))
    chart_tier = _tier_chart(f) if charts and f.awards.by_tier else None
    g_tier = figures.take(chart_tier is not None)
    t_events = tables.take(bool(f.awards.by_event))
    chart_unit = _unit_chart(f) if charts and f.awards.by_unit else None
    g_unit = figures.take(chart_unit is not None)
    t_contests = tables.take(bool(f.competitions.rows))
    t_points = tables.take(bool(f.points.units))
    return {
        "org": head.signer,
        "head": {
            "mark": head.mark,
            "number": head.number,
            "copy_to": head.copy_to,
            "printed_by": head.printed_by or head.signer,
            "printed_on": cn_date(day),
        },
        "year": f.year,
        "next_year": f.year + 1,
        "overview": text.overview(f),
        "date": cn_date(day),
        "platforms": {
            "sentence": text.platforms(f.platforms, f.year, t_platforms),
            "table_no": t_platforms or "",
            "rows": [
                {
                    "no": i,
                    "name": p.name,
                    "kind": p.kind,
                    "level": p.level,
                    "unit": p.unit,
                    "leader": p.leader,
                    "founded": p.founded or "",
                }
                for i, p in enumerate(f.platforms.rows, start=1)
            ],
        },
        "applications": {
            "sentence": text.applications(f.applications, f.year, t_apps),
            "reasons_sentence": text.reasons(f.applications),
            "table_no": t_apps or "",
            "rows": [
                {
                    "no": i,
                    "unit": u.unit,
                    "received": u.received.text,
                    "passed": u.passed.text,
                    "pending": u.pending.text,
                    "failed": u.failed.text,
                }
                for i, u in enumerate(f.applications.by_unit, start=1)
            ],
            "total": {
                "received": f.applications.received.text,
                "passed": f.applications.passed.text,
                "pending": f.applications.pending.text,
                "failed": f.applications.failed.text,
            },
        },
        "review": {
            "sentence": text.review(f.review, f.year, t_review),
            "table_no": t_review or "",
            "rows": [
                {"no": i, "level": r.level, "title": r.title, "unit": r.unit, "names": "、".join(r.names)}
                for i, r in enumerate(f.review.rows, start=1)
            ],
        },
        "awards": {
            "sentence": text.awards(f.awards, f.year, t_tiers, t_events, (g_tier, g_unit)),
            "tier_table_no": t_tiers or "",
            "tier_rows": [_tier_row(r) for r in f.awards.by_tier],
            "tier_total": _tier_row(f.awards.tier_total),
            "event_table_no": t_events or "",
            "event_rows": [
                {
                    "no": i,
                    "event": e.event,
                    "organizer": e.organizer,
                    "tier": e.tier,
                    "count": e.total.text,
                    "detail": "、".join(f"{k.key}{k.count.text}项" for k in e.by_level),
                }
                for i, e in enumerate(f.awards.by_event, start=1)
            ],
            "chart_tier": chart_tier or "",
            "chart_tier_no": g_tier or "",
            "chart_unit": chart_unit or "",
            "chart_unit_no": g_unit or "",
        },
        "competitions": {
            "sentence": text.competitions(f.competitions, t_contests),
            "table_no": t_contests or "",
            "rows": [
                {
                    "no": i,
                    "event": c.event,
                    "tier": c.tier,
                    "individual": c.individual.text,
                    "team": c.team.text,
                    "organization": c.organization.text,
                    "best": c.best,
                }
                for i, c in enumerate(f.competitions.rows, start=1)
            ],
        },
        "points": {
            "sentence": text.points(f.points, t_points),
            "table_no": t_points or "",
            "rows": [
                {"no": i, "unit": u.unit, "awards": u.awards.text, "points": u.points.text}
                for i, u in enumerate(f.points.units, start=1)
            ],
            "total": {"awards": f.points.awards.text, "points": f.points.total.text},
        },
        "plan": _plan(plan, f.year + 1),
        "appendix": {**_appendix(f), "shown": sources},
    }


def _tier_row(r: Any) -> dict[str, str]:
    return {
        "tier": r.tier,
        "achievement": r.achievement.text,
        "individual": r.individual.text,
        "team": r.team.text,
        "organization": r.organization.text,
        "total": r.total.text,
    }


def _tier_chart(f: YearFacts) -> Picture | None:
    rows = f.awards.by_tier
    series = [
        (word, [int(getattr(r, attr).value) for r in rows])
        for word, attr in (
            ("成果", "achievement"),
            ("个人", "individual"),
            ("团体", "team"),
            ("集体", "organization"),
        )
    ]
    png = stacked_bars([r.tier for r in rows], series)
    return Picture(png, CHART_WIDTH_MM) if png else None


def _unit_chart(f: YearFacts) -> Picture | None:
    units = f.awards.by_unit
    png = horizontal_bars([k.key for k in units], [k.count.value for k in units])
    return Picture(png, CHART_WIDTH_MM) if png else None


def _plan(plan: tuple[PlanParagraph, ...] | None, next_year: int) -> dict[str, Any]:
    if plan is None:
        note = f"（{next_year}年工作打算尚未填写：请在工作区的“{PLAN_FILE}”中写明，每段一行，以（一）（二）开头的行作为小标题。）"
    elif not plan:
        note = f"（“{PLAN_FILE}”是空的，{next_year}年工作打算尚未填写。）"
    else:
        note = ""
    paragraphs = [{"text": p.text, "heading": p.heading, "last": False} for p in plan or ()]
    if paragraphs and not note and not paragraphs[-1]["heading"]:
        paragraphs[-1]["last"] = True  # kept on the page of the signature
    return {"paragraphs": paragraphs, "note": note}


def _appendix(f: YearFacts) -> dict[str, Any]:
    """Source documents numbered 1…n, then every non-zero count with the numbers of its documents."""
    sources = f.sources()
    number = {s: i for i, s in enumerate(sources, start=1)}
    return {
        "documents": [{"no": i, "name": s.name, "kind": s.kind} for s, i in number.items()],
        "counts": [
            {
                "no": i,
                "label": c.label,
                "value": c.text,
                "sources": number_ranges(number[s] for s in c.sources),
            }
            for i, c in enumerate((c for c in f.counts() if c.value), start=1)
        ],
    }


def write_annual(
    ws: Workspace,
    store: Store,
    policy: Policy,
    *,
    day: dt.date | None = None,
    pdf: bool = False,
    sources: bool = True,
) -> Written:
    """Gather the year's facts, render the summary into outbox/报告/, and say what the clerk should know."""
    facts = gather_facts(ws, store, policy)
    plan = read_plan(ws.root)
    heading = Heading.of(ws)
    context = annual_context(facts, plan, day or dt.date.today(), heading=heading, sources=sources)
    out = ws.reports_dir / annual_name(ws.year)
    render_docx(template_path(ws.templates_dir, ANNUAL_TEMPLATE), context, out, required=ANNUAL_REQUIRED)
    written = Written(docx=out)
    if not ws.document.signature:
        written.notes.append(
            f"落款用的是本单位全称“{heading.signer}”；如以工会等名义发文，请在 jiangxin.toml 的 [document] signature 中填写。"
        )
    if facts.platforms.registry is None:
        written.notes.append(
            f"工作区中没有创新平台名录（{' 或 '.join(PLATFORM_FILES[:2])}），总结中已注明未统计。"
        )
    if plan is None:
        written.notes.append(f"工作区中没有“{PLAN_FILE}”，总结的工作打算部分留有填写提示。")
    if facts.awards.by_tier and cjk_font() is None:
        written.notes.append("本机没有可用的中文字体，统计图未生成（表格不受影响）。")
    if facts.awards.untiered:
        written.notes.append(
            f"有 {facts.awards.untiered.text} 项奖项未能确定级别，已列为“未定级”；可在实施方案的 tiers 表中补充主办单位。"
        )
    return add_pdf(written) if pdf else written
