"""The annual summary rendered from a generated year: every sentence and table states the counts the
test computes from what it generated, and the saved .docx carries the GB/T 9704 formatting."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm

from jiangxin.core.records import Award
from jiangxin.examples.office import write_example_files
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import Document, ExampleYear, store_records
from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace
from reports.annual import write_annual
from rules.points import compute_points
from rules.policy import load_policy

from .support.workspace import with_document

# the shipped policy's tier table for the organizers whose notices state no tier
TIER_BY_ORGANIZER = {"国网甘肃省电力公司工会": "地市级", "酒泉市总工会": "地市级"}
TIERS = ["国家级", "行业级", "省部级", "地市级", "公司级"]


@dataclass
class Built:
    ws: Workspace
    store: Store
    year: ExampleYear
    doc: DocxDocument
    path: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("annual") / "ws"
    ws = init_workspace(root)
    store = ws.open_store()
    year = report_year(year=ws.year)
    store_records(year, store)
    write_example_files(root, ws.year)
    written = write_annual(ws, store, load_policy(), day=dt.date(2025, 12, 31))
    yield Built(ws, store, year, docx.Document(str(written.docx)), written.docx)
    store.close()


# --- reading the document back ---------------------------------------------------------------------
def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def body(doc: DocxDocument) -> str:
    return "\n".join(texts(doc))


def table(doc: DocxDocument, *headers: str) -> list[list[str]]:
    """The rows (cell texts) of the table whose header row starts with `headers`."""
    for t in doc.tables:
        rows = [[c.text for c in row.cells] for row in t.rows]
        if tuple(rows[0][: len(headers)]) == headers:
            return rows
    raise AssertionError(f"no table with headers {headers}")


# --- what was generated ----------------------------------------------------------------------------
def tier_of(sheet: Document) -> str:
    return sheet.record.tier or TIER_BY_ORGANIZER[sheet.record.organizer or ""]


def our_awards(y: ExampleYear) -> list[tuple[Document, Award]]:
    return [(s, line.award) for s in y.sheets for line in s.lines if line.ours]


# --- the text ----------------------------------------------------------------------------------------
def test_applications_and_eligibility_are_counted(built: Built) -> None:
    y = built.year
    verdicts = [d.verdict for d in y.of_kind("application")]
    n, failed, pending = len(verdicts), verdicts.count("不通过"), verdicts.count("待补正")
    units = len({a.unit for a in y.applications.values()})
    sentence = (
        f"全年共收到{units}个单位申报的职工技术创新成果{n}项，经形式审查，符合申报条件的{n - failed - pending}项，"
        f"需补正材料的{pending}项，不符合申报条件的{failed}项。"
    )
    assert sentence in body(built.doc)
    rows = table(built.doc, "序号", "申报单位")
    assert rows[-1] == ["合计", "", str(n), str(n - failed - pending), str(pending), str(failed)]
    assert len(rows) - 2 == units
    assert sum(int(r[2]) for r in rows[1:-1]) == n
    assert f"完成人在册在职不符合要求的{failed}项、单位意见不符合要求的{pending}项" in body(built.doc)


def test_review_results_and_their_table(built: Built) -> None:
    review = built.year.sheets[0]
    levels = Counter(a.level for a in review.record.awards)
    expected = (
        f"共评出获奖成果{len(review.record.awards)}项，其中一等奖{levels['一等奖']}项、"
        f"二等奖{levels['二等奖']}项、三等奖{levels['三等奖']}项。"
    )
    assert expected in body(built.doc)
    rows = table(built.doc, "序号", "等级", "成果名称")
    assert len(rows) - 1 == len(review.record.awards)
    assert [r[1] for r in rows[1:]] == [a.level for a in review.record.awards]
    # a title with < and & from a user's document is text, not markup
    assert "基于<IEC 61850>&GOOSE的智能终端测试仪" in [r[2] for r in rows[1:]]


def test_awards_by_tier_sentence_table_and_chart(built: Built) -> None:
    ours = our_awards(built.year)
    by_tier = Counter(tier_of(s) for s, _ in ours)
    people = {n for _, a in ours if a.scope != "organization" for n in a.names}
    tiers = "、".join(f"{t}{by_tier[t]}项" for t in TIERS if by_tier[t])
    assert f"全年公司共获各级各类奖项{len(ours)}项，其中{tiers}，涉及获奖职工{len(people)}人。" in body(
        built.doc
    )
    rows = table(built.doc, "级别", "成果", "个人", "团体", "集体", "合计")
    scopes = ["achievement", "individual", "team", "organization"]
    for row in rows[1:-1]:
        in_tier = [a for s, a in ours if tier_of(s) == row[0]]
        assert row[1:] == [str(sum(a.scope == sc for a in in_tier)) for sc in scopes] + [str(len(in_tier))]
    assert rows[-1] == ["合计", *[str(sum(a.scope == sc for _, a in ours)) for sc in scopes], str(len(ours))]
    assert len(built.doc.inline_shapes) == 2  # by tier and by unit
    assert "图1　获奖情况（按级别）" in texts(built.doc) and "图2　各单位获奖情况" in texts(built.doc)


def test_awards_by_event_table(built: Built) -> None:
    per_event = Counter(s.record.event for s, _ in our_awards(built.year))
    rows = table(built.doc, "序号", "赛事或评选")
    assert {r[1]: int(r[4]) for r in rows[1:]} == dict(per_event)
    for r in rows[1:]:
        sheet = next(s for s in built.year.sheets if s.record.event == r[1])
        assert r[3] == tier_of(sheet)


def test_competitions_sentence_names_the_first_prizes(built: Built) -> None:
    contests = [s for s in built.year.sheets if any(a.scope == "individual" for a in s.record.awards)]
    ours = [(s, a) for s, a in our_awards(built.year) if s in contests]
    count = Counter(a.scope for _, a in ours)
    expected = (
        f"公司职工在{len(contests)}项技能竞赛中获个人奖项{count['individual']}项、团体奖项{count['team']}项，"
        f"公司{count['organization']}次获优秀组织奖。"
    )
    assert expected in body(built.doc)
    firsts = [(s, a) for s, a in ours if a.scope == "individual" and a.level == "一等奖"]
    for sheet, award in firsts:
        assert f"{award.names[0]}在{sheet.record.event}中获个人一等奖" in body(built.doc)
    rows = table(built.doc, "序号", "竞赛名称")
    assert sorted(r[1] for r in rows[1:]) == sorted(s.record.event for s in contests)


def test_points_by_unit_match_the_rules(built: Built) -> None:
    points = compute_points(built.ws, built.store, load_policy())
    rows = table(built.doc, "序号", "单位", "获奖项数", "积分")
    assert {r[1]: float(r[3]) for r in rows[1:-1]} == {u.name: u.points for u in points.units}
    total = sum(u.points for u in points.units)
    assert float(rows[-1][3]) == pytest.approx(total)
    assert int(rows[-1][2]) == len(our_awards(built.year))
    assert f"全年共核定创新积分{total:g}分，涉及{len(points.units)}个单位" in body(built.doc)


def test_platforms_from_the_workspace_registry(built: Built) -> None:
    registry = yaml.safe_load((built.ws.root / "创新平台.yaml").read_text(encoding="utf-8"))
    kinds = Counter(p["类型"] for p in registry)
    new = sum(p["命名年份"] == built.ws.year for p in registry)
    expected = f"截至2025年底，公司共有创新工作室{kinds['创新工作室']}个、创新小组{kinds['创新小组']}个，其中2025年新命名{new}个。"
    assert expected in body(built.doc)
    rows = table(built.doc, "序号", "平台名称")
    assert [r[1] for r in rows[1:]] == [p["名称"] for p in registry]


def test_next_years_plan_keeps_headings_and_paragraphs(built: Built) -> None:
    paragraphs = {p.text: p.style.name for p in built.doc.paragraphs if p.style is not None}
    assert paragraphs["二、2026年工作打算"] == "Heading 1"
    assert paragraphs["（一）深化创新平台建设"] == "Heading 2"
    assert paragraphs["推动创新工作室提档升级，培育省公司级创新工作室。"] == "Normal"
    assert not any(t.startswith("#") for t in paragraphs)


def test_appendix_lists_the_sources_of_each_count(built: Built) -> None:
    documents = table(built.doc, "序号", "文件名", "类型")
    number = {r[1]: r[0] for r in documents[1:]}
    counts = {r[1]: (r[2], r[3]) for r in table(built.doc, "序号", "统计项", "数值", "来源文件序号")[1:]}
    y = built.year
    failing = sorted(int(number[d.name]) for d in y.of_kind("application") if d.verdict == "不通过")
    value, sources = counts["形式审查不通过"]
    assert value == str(len(failing))
    assert sources == _ranges(failing)
    assert counts["创新工作室数量"][1] == number["创新平台.yaml"]
    review_file = y.sheets[0].name
    assert counts["评审会获奖成果"] == (str(len(y.sheets[0].record.awards)), number[review_file])
    assert not any(v == "0" for v, _ in counts.values())


def _ranges(numbers: list[int]) -> str:
    parts, start = [], 0
    for i in range(1, len(numbers) + 1):
        if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
            run = numbers[start:i]
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}～{run[-1]}")
            start = i
    return "、".join(parts)


def test_no_sentence_counts_nothing(built: Built) -> None:
    for text in texts(built.doc):
        assert not re.search(r"(?<![\d.])0(项|个|人|名|次|分)", text), text


def test_signature_date_without_padding(built: Built) -> None:
    assert texts(built.doc).count("2025年12月31日") == 1


# --- the formatting (GB/T 9704-2012) -------------------------------------------------------------------
def _mm(length: int | None) -> float:
    assert length is not None
    return length / Mm(1)


def test_page_is_a4_with_the_standard_margins(built: Built) -> None:
    for section in built.doc.sections:
        got = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
               section.left_margin, section.right_margin]  # fmt: skip
        assert [round(_mm(v), 1) for v in got] == [210, 297, 37, 35, 28, 26]


def _run_font(paragraph: object) -> tuple[str | None, str | None]:
    """(w:eastAsia, w:sz) of the paragraph's first run with text."""
    for r in paragraph._p.iter(qn("w:r")):  # type: ignore[attr-defined]
        if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip():
            fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            size = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            return (
                fonts.get(qn("w:eastAsia")) if fonts is not None else None,
                size.get(qn("w:val")) if size is not None else None,
            )
    raise AssertionError("paragraph without text")


def _paragraph(doc: DocxDocument, start: str) -> object:
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_title_body_and_heading_fonts(built: Built) -> None:
    doc = built.doc
    # sizes are stored in half-points: 二号 22 pt = 44, 三号 16 pt = 32
    assert _run_font(_paragraph(doc, "国网酒泉供电公司")) == ("方正小标宋简体", "44")
    assert _run_font(_paragraph(doc, "2025年，公司工会")) == ("仿宋_GB2312", "32")
    assert _run_font(_paragraph(doc, "一、主要工作及成效")) == ("黑体", "32")
    assert _run_font(_paragraph(doc, "（一）加强创新平台建设")) == ("楷体_GB2312", "32")
    title = _paragraph(doc, "国网酒泉供电公司")
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    normal = doc.styles["Normal"]
    assert normal.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "仿宋_GB2312"
    spacing = normal.paragraph_format
    assert spacing.line_spacing.pt == 28 and spacing.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def test_odd_and_even_footers_carry_page_number_fields(built: Built) -> None:
    doc = built.doc
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        instructions = [i.text.strip() for i in p._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == align
        assert _run_font(p) == ("宋体", "28")  # 四号 14 pt


# --- 公文 form: 版头, 落款, 版记, tables that never split, the appendix for the copy sent upward -------
def test_signature_comes_from_the_workspace(built: Built) -> None:
    lines = texts(built.doc)
    assert built.ws.document.signature == "国网酒泉供电公司工会"
    date_at = lines.index("2025年12月31日")
    assert lines[date_at - 1] == "国网酒泉供电公司工会"
    assert lines[0] == "国网酒泉供电公司工会\n2025年职工技术创新工作总结"
    # without a 版头 the document starts with its title and has no 版记
    assert not any("印发" in t for t in lines)


def test_heading_and_imprint_when_the_office_sets_them(built: Built, tmp_path: Path) -> None:
    ws = with_document(
        built.ws, issuer_mark="国网酒泉供电公司工会文件", number="酒电工〔2025〕12号",
        copy_to="国网甘肃省电力公司工会", printed_by="国网酒泉供电公司工会办公室",
    )  # fmt: skip
    written = write_annual(ws, built.store, load_policy(), day=dt.date(2025, 12, 31))
    doc = docx.Document(str(written.docx))
    first, number = doc.paragraphs[0], doc.paragraphs[1]
    assert first.text == "国网酒泉供电公司工会文件" and number.text == "酒电工〔2025〕12号"
    assert all(str(r.font.color.rgb) == "FF0000" for r in first.runs)
    border = doc.styles["发文字号"].element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert border is not None and border.get(qn("w:color")) == "FF0000"
    imprint = doc.tables[-1]
    assert [c.text for row in imprint.rows for c in row.cells] == [
        "抄送：国网甘肃省电力公司工会。",
        "国网酒泉供电公司工会办公室\t2025年12月31日印发",
    ]
    with_document(ws, issuer_mark="", number="", copy_to="", printed_by="")


def test_every_table_row_is_kept_whole_and_headers_repeat(built: Built) -> None:
    for t in built.doc.tables:
        rows = t.rows
        assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_appendix_speaks_plain_words_and_can_be_left_out(built: Built) -> None:
    labels = [r[1] for r in table(built.doc, "序号", "统计项", "数值", "来源文件序号")[1:]]
    assert labels and not any("·" in label for label in labels)
    assert "获奖总数" in labels and any(re.fullmatch(r"\S+级(成果|个人|团体|集体)奖项数", x) for x in labels)
    written = write_annual(built.ws, built.store, load_policy(), day=dt.date(2025, 12, 31), sources=False)
    doc = docx.Document(str(written.docx))
    lines = texts(doc)
    assert "附件：数据来源" not in lines and "数据来源" not in lines
    assert lines[-1] == "2025年12月31日" and lines[-2] == "国网酒泉供电公司工会"
    assert not any(
        t.rows[0].cells[0].text == "序号" and t.rows[0].cells[1].text == "文件名" for t in doc.tables
    )
    write_annual(built.ws, built.store, load_policy(), day=dt.date(2025, 12, 31))  # back as the module had it


def test_a_workspace_without_a_signature_signs_with_the_full_name_and_says_so(built: Built) -> None:
    config = built.ws.root / "jiangxin.toml"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text(re.sub(r"(?s)\[document\].*?(?=\n\[news\])", "", before), encoding="utf-8")
        ws = Workspace.load(built.ws.root)
        assert ws.document.signature == ""
        written = write_annual(ws, built.store, load_policy(), day=dt.date(2025, 12, 31))
    finally:
        config.write_text(before, encoding="utf-8")
    lines = texts(docx.Document(str(written.docx)))
    assert lines[0].startswith("国网酒泉供电公司\n") and "国网酒泉供电公司" in lines
    assert any("[document] signature" in note for note in written.notes)
    write_annual(built.ws, built.store, load_policy(), day=dt.date(2025, 12, 31))
