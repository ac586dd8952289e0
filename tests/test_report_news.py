"""The news-style 纪实 article from a generated year and the office's 要事.yaml: numbers woven into
sentences, 要事 quoted as written, sections and byline as the workspace says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm

from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace
from reports.build_templates import NEWS_SECTIONS
from reports.example_year import EXAMPLE_HIGHLIGHTS, ExampleYear, store_example_year, write_example_files
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
    store = Store(ws.database_url)
    year = store_example_year(store, year=ws.year)
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
    people = {n for _, a in ours if a.scope != "organization" for n in a.names}
    lead = built.texts[3]
    assert "系统构建“平台支撑、激励牵引、竞赛锤炼、关爱护航”四位一体的职工创新工作体系。" in lead
    assert lead.endswith(
        f"全年收到职工技术创新成果申报{len(y.applications)}项，获得上级各类奖项{len(external)}项，{len(people)}名职工获奖。"
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
