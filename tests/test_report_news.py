"""The news-style 纪实 article from a generated year and the office's 要事.yaml: numbers woven into
sentences, 要事 quoted as written, sections and byline as the workspace says."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm

from jiangxin.examples.office import EXAMPLE_HIGHLIGHTS, write_example_files
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import ExampleYear, store_records
from jiangxin.workspace import Workspace, init_workspace
from reports.build_templates import NEWS_SECTIONS
from reports.news import write_news
from rules.awards import level_rank
from rules.policy import load_policy


@dataclass
class Built:
    ws: Workspace
    year: ExampleYear
    doc: DocxDocument

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.doc.paragraphs]

    def style_of(self, text: str) -> str:
        return next(p.style.name for p in self.doc.paragraphs if p.text == text and p.style is not None)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("news") / "ws"
    init_workspace(root)
    config = (root / "jiangxin.toml").read_text(encoding="utf-8")
    config = config.replace('reporter = ""', 'reporter = "张翀"')
    config = config.replace("correspondents = []", 'correspondents = ["花蕾", "朱晓东"]')
    (root / "jiangxin.toml").write_text(config, encoding="utf-8")
    ws = Workspace.load(root)
    store = ws.open_store()
    year = report_year(year=ws.year)
    store_records(year, store)
    write_example_files(root, ws.year)
    written = write_news(ws, store, load_policy())
    yield Built(ws, year, docx.Document(str(written.docx)))
    store.close()


def test_headline_subtitle_and_byline(built: Built) -> None:
    headline = yaml.safe_load(EXAMPLE_HIGHLIGHTS)["标题"]
    assert built.texts[:3] == [
        headline,
        "——国网酒泉供电公司2025年职工技术创新工作纪实",
        "记者 张翀\u3000通讯员 花蕾 朱晓东",
    ]
    assert built.style_of(headline) == "公文标题"


def test_lead_announces_the_four_sections_and_states_the_numbers(built: Built) -> None:
    y = built.year
    ours = [(s, line.award) for s in y.sheets for line in s.lines if line.ours]
    external = [a for s, a in ours if s.record.tier != "公司级"]
    # the head count beside the external awards counts the holders of those awards, not of all awards
    people = {n for s, a in ours if s.record.tier != "公司级" and a.scope != "organization" for n in a.names}
    lead = built.texts[3]
    assert "系统构建“平台支撑、激励牵引、竞赛锤炼、关爱护航”四位一体的职工创新工作体系。" in lead
    assert lead.endswith(
        f"全年收到职工技术创新成果申报{len(y.applications)}项，获得上级各类奖项{len(external)}项，"
        f"{len(people)}名职工获上级奖项。"
    )
    subheads = [text for _, text in NEWS_SECTIONS]
    assert [t for t in built.texts if t in subheads] == subheads
    assert all(built.style_of(s) == "小标题" for s in subheads)


def test_selections_are_woven_in_with_their_counts(built: Built) -> None:
    selections = [
        s for s in built.year.sheets
        if s.record.tier != "公司级" and all(a.scope == "achievement" for a in s.record.awards)
    ]  # fmt: skip
    counts = {s.record.event: sum(line.ours for line in s.lines) for s in selections}
    levels = {
        s.record.event: Counter(line.award.level for line in s.lines if line.ours) for s in selections
    }  # every level's figure stands beside the event's total
    phrase = "、".join(
        f"{event}{n}项（"
        + "、".join(f"{lv}{k}项" for lv, k in sorted(levels[event].items(), key=lambda lk: level_rank(lk[0])))
        + "）"
        for event, n in counts.items()
    )
    assert f"在上级评选中，该公司获{phrase}。" in built.texts


def test_review_and_contests_in_their_sections(built: Built) -> None:
    review = built.year.sheets[0]
    levels = Counter(a.level for a in review.record.awards)
    assert (
        f"在{review.record.event}中，{len(review.record.awards)}项成果获奖，其中一等奖{levels['一等奖']}项、"
        f"二等奖{levels['二等奖']}项、三等奖{levels['三等奖']}项。"
    ) in built.texts
    contests = [s for s in built.year.sheets if any(a.scope == "individual" for a in s.record.awards)]
    ours = Counter(line.award.scope for s in contests for line in s.lines if line.ours)
    assert any(
        t.startswith(
            f"2025年，该公司职工在{len(contests)}项技能竞赛中获个人奖项{ours['individual']}项、"
            f"团体奖项{ours['team']}项，并{ours['organization']}次获优秀组织奖。其中，"
        )
        for t in built.texts
    )


def test_highlights_are_quoted_as_written_in_their_sections(built: Built) -> None:
    data = yaml.safe_load(EXAMPLE_HIGHLIGHTS)
    for key, section in (("平台", 0), ("竞赛", 2), ("关爱", 3)):
        for line in data[key]:
            text = line + "。"
            assert text in built.texts
            # it stands under its own subhead: the nearest subhead above it
            above = built.texts[: built.texts.index(text)]
            subheads = [t for t in above if t in dict(NEWS_SECTIONS).values()]
            assert subheads[-1] == NEWS_SECTIONS[section][1]


def test_platform_section_names_the_new_platforms(built: Built) -> None:
    registry = yaml.safe_load((built.ws.root / "创新平台.yaml").read_text(encoding="utf-8"))
    kinds = Counter(p["类型"] for p in registry)
    new = [p["名称"] for p in registry if p["命名年份"] == built.ws.year]
    expected = (
        f"截至2025年底，该公司已建成创新工作室{kinds['创新工作室']}个、创新小组{kinds['创新小组']}个，"
        f"2025年新命名{new[0]}和{new[1]}。"
    )
    assert expected in built.texts


def test_closing_paragraph_comes_last(built: Built) -> None:
    assert built.texts[-1].startswith("下一步，国网酒泉供电公司将")


def test_article_page_and_fonts(built: Built) -> None:
    section = built.doc.sections[0]
    assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297  # type: ignore[operator]
    fonts = {}
    for style in ("公文标题", "副标题", "小标题", "Normal"):
        rpr = built.doc.styles[style].element.find(qn("w:rPr"))
        fonts[style] = (rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")), rpr.find(qn("w:sz")).get(qn("w:val")))
    assert fonts == {
        "公文标题": ("方正小标宋简体", "44"),
        "副标题": ("楷体_GB2312", "32"),
        "小标题": ("黑体", "32"),
        "Normal": ("仿宋_GB2312", "32"),
    }


def test_every_number_in_the_article_is_a_count_from_the_store(built: Built) -> None:
    """Each number stands beside the noun it counts and equals what the store and the rules give;
    nothing else in the article (apart from years and the office's quoted 要事) holds a digit."""
    from rules.check import check_applications
    from rules.points import compute_points

    y, ws = built.year, built.ws
    store = ws.open_store()
    try:
        verdicts = check_applications(ws, store, load_policy())
        points = compute_points(ws, store, load_policy())
    finally:
        store.close()
    ours = [(s, line.award) for s in y.sheets for line in s.lines if line.ours]
    external = [(s, a) for s, a in ours if s.record.tier != "公司级"]
    holders = {n for _, a in external if a.scope != "organization" for n in a.names}
    review = y.sheets[0].record
    levels = Counter(a.level for a in review.awards)
    contests = [s for s in y.sheets if any(a.scope == "individual" for a in s.record.awards)]
    won = Counter(line.award.scope for s in contests for line in s.lines if line.ours)
    registry = yaml.safe_load((ws.root / "创新平台.yaml").read_text(encoding="utf-8"))
    kinds = Counter(p["类型"] for p in registry)
    selections = [
        s for s in y.sheets
        if s.record.tier != "公司级" and all(a.scope == "achievement" for a in s.record.awards)
    ]  # fmt: skip
    total_points = sum(h.points for h in points.units)
    expected = [
        f"成果申报{len(y.applications)}项",
        f"上级各类奖项{len(external)}项",
        f"{len(holders)}名职工获上级奖项",
        f"创新工作室{kinds['创新工作室']}个",
        f"创新小组{kinds['创新小组']}个",
        f"{sum(v.verdict == '通过' for v in verdicts)}项符合申报条件",
        f"{len(review.awards)}项成果获奖",
        *(f"{level}{levels[level]}项" for level in ("一等奖", "二等奖", "三等奖")),
        *(f"{s.record.event}{sum(line.ours for line in s.lines)}项" for s in selections),
        f"为{len(points.units)}个单位核定创新积分{total_points:g}分",
        f"{sum(1 for h in points.people if h.points > 0)}名职工获得个人积分",
        f"在{len(contests)}项技能竞赛中",
        f"个人奖项{won['individual']}项",
        f"团体奖项{won['team']}项",
        f"并{won['organization']}次获优秀组织奖",
    ]
    article = "\n".join(built.texts)
    # each selection's levels and each contest's results stand beside the event, as the store holds them
    scope_words = {"individual": "个人", "team": "团体"}
    for sheet in [*selections, *contests]:
        want = Counter(
            scope_words.get(line.award.scope, "") + line.award.level for line in sheet.lines if line.ours
        )
        event = re.escape(sheet.record.event)
        pattern = (
            rf"{event}(\d+)项（([^）]*)）" if sheet in selections else rf"在{event}中获([^；。]*\d项[^；。]*)"
        )
        m = re.search(pattern, article)
        assert m, sheet.record.event
        listed = m.group(m.lastindex or 0)
        got = Counter({label: int(n) for label, n in re.findall(r"([^、\d]+?)(\d+)项", listed)})
        assert got == want, (sheet.record.event, listed)
        keep = f"{sheet.record.event}{m.group(1)}项" if sheet in selections else ""
        article = article.replace(m.group(0), keep, 1)
    for phrase in expected:
        assert phrase in article, phrase
        article = article.replace(phrase, "")
    quoted = [
        line
        for key in ("平台", "激励", "竞赛", "关爱")
        for line in yaml.safe_load(EXAMPLE_HIGHLIGHTS).get(key) or []
    ]
    for line in quoted:
        article = article.replace(line, "")
    article = re.sub(r"20\d\d年", "", article)
    assert not re.search(r"\d", article), [t for t in article.splitlines() if re.search(r"\d", t)]


def test_no_sentence_is_said_twice(built: Built) -> None:
    from reports.news import sentences_of

    said = [s for t in built.texts for s in sentences_of(t) if s.endswith("。")]
    assert said and len(said) == len(set(said))


def test_a_fact_the_office_also_wrote_down_is_said_once(tmp_path: Path) -> None:
    """The office's 要事 line names the platforms named this year: the article does not name them again."""
    from reports.news import news_context

    root = tmp_path / "ws"
    ws = init_workspace(root)
    store = ws.open_store()
    try:
        store_records(report_year(year=ws.year), store)
        write_example_files(root, ws.year)
        registry = yaml.safe_load((root / "创新平台.yaml").read_text(encoding="utf-8"))
        new = [p["名称"] for p in registry if p["命名年份"] == ws.year]
        (root / "要事.yaml").write_text(
            yaml.safe_dump({"平台": [f"年内新命名“{new[0]}”“{new[1]}”（两个）"]}, allow_unicode=True),
            encoding="utf-8",
        )
        from reports.facts import gather_facts
        from reports.highlights import read_highlights

        context = news_context(gather_facts(ws, store, load_policy()), read_highlights(root), ws.news)
    finally:
        store.close()
    platform = context["platform"]["paragraphs"]
    text = "".join(platform)
    assert text.count(new[0]) == 1 and text.count(new[1]) == 1
    assert platform[0].startswith("截至2025年底，该公司已建成") and "新命名" not in platform[0]


def test_section_heads_stand_apart_and_the_subtitle_is_centred(built: Built) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    head = built.doc.styles["小标题"]
    assert head.font.bold and head.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert head.paragraph_format.space_before and head.paragraph_format.space_before.pt > 0
    subtitle = built.doc.styles["副标题"]
    assert subtitle.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subtitle.base_style is None  # no body indent to inherit
