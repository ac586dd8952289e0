"""`jiangxin report news`: the news-style 纪实 article, from `YearFacts` and the office's 要事.yaml.

Sections with nothing to say are left out (the template shows a section only when it has
paragraphs), and the lead names exactly the sections that follow.
"""

from __future__ import annotations

import re
from typing import Any

from jiangxin.store import Store
from jiangxin.workspace import NewsSettings, Workspace
from rules.policy import Policy

from . import news_text as text
from .build_templates import NEWS_SECTIONS, NEWS_TEMPLATE
from .facts import YearFacts, gather_facts
from .highlights import HIGHLIGHTS_FILE, Highlights, read_highlights
from .render import render_docx, template_path
from .render.docx import Written, add_pdf

NEWS_REQUIRED = (
    "lead", "subtitle", "byline", "headline", "closing",
    *(f"{key}.paragraphs" for key, _ in NEWS_SECTIONS),
)  # fmt: skip


def news_name(year: int) -> str:
    return f"{year}年职工技术创新工作纪实.docx"


def news_context(facts: YearFacts, highlights: Highlights, news: NewsSettings) -> dict[str, Any]:
    """The template's context: headline, subtitle, byline, lead, each section's paragraphs, closing."""
    sections = {
        "platform": text.platform(facts, highlights),
        "incentive": text.incentive(facts, highlights),
        "contest": text.contest(facts, highlights),
        "care": text.care(facts, highlights),
    }
    lead = text.lead(facts, [key for key, paragraphs in sections.items() if paragraphs])
    sections = without_repeats(sections, said=sentences_of(lead))
    present = [key for key, paragraphs in sections.items() if paragraphs]
    return {
        "org": facts.organization,
        "year": facts.year,
        "headline": highlights.headline,
        "subtitle": highlights.subtitle or f"{facts.organization}{facts.year}年职工技术创新工作纪实",
        "byline": text.byline(news.reporter, news.correspondents),
        "lead": text.lead(facts, present),  # names the sections that still have something to say
        **{key: {"paragraphs": paragraphs} for key, paragraphs in sections.items()},
        "closing": highlights.closing,
    }


_SENTENCE = re.compile(r"[^。！？]+[。！？]?")


def sentences_of(paragraph: str) -> list[str]:
    """The sentences of a paragraph, each with its closing mark."""
    return [s for s in _SENTENCE.findall(paragraph) if s.strip()]


def without_repeats(sections: dict[str, list[str]], *, said: list[str]) -> dict[str, list[str]]:
    """Every sentence once: a sentence already said (in the lead or an earlier paragraph, from the
    documents or the office's 要事) is left out; a paragraph left empty goes."""
    seen = {_key(s) for s in said}
    kept: dict[str, list[str]] = {}
    for key, paragraphs in sections.items():
        kept[key] = []
        for paragraph in paragraphs:
            fresh = [s for s in sentences_of(paragraph) if _key(s) not in seen]
            seen.update(_key(s) for s in fresh)
            if fresh:
                kept[key].append("".join(fresh))
    return kept


def _key(sentence: str) -> str:
    return re.sub(r"[\s。！？，、；：]", "", sentence)


def write_news(ws: Workspace, store: Store, policy: Policy, *, pdf: bool = False) -> Written:
    """Gather the year's facts, render the article into outbox/报告/, and say what the clerk should know."""
    facts = gather_facts(ws, store, policy)
    highlights = read_highlights(ws.root)
    context = news_context(facts, highlights, ws.news)
    out = ws.reports_dir / news_name(ws.year)
    render_docx(template_path(ws.templates_dir, NEWS_TEMPLATE), context, out, required=NEWS_REQUIRED)
    written = Written(docx=out)
    if highlights.file is None:
        written.notes.append(
            f"工作区中没有“{HIGHLIGHTS_FILE}”：稿件只写入了文件中统计得到的事实（活动、来访、职工关爱等要事未写入）。"
        )
    if not any(context[key]["paragraphs"] for key, _ in NEWS_SECTIONS):
        written.notes.append("本年度还没有可写入各小标题部分的事实（文件或要事），稿件只有导语和结尾。")
    if not context["byline"]:
        written.notes.append("jiangxin.toml 的 [news] 中没有填写记者和通讯员，稿件未署名。")
    return add_pdf(written) if pdf else written
