"""docxtpl's traps, one test each: tags Word split across runs, `%` or `}` inside `{%p %}`, a field
misspelt or deleted in Word, tags across paragraphs, `&` and `<` from user documents, dict-method
names; and the committed templates are what the build script makes."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from jiangxin.examples.office import write_example_files
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import store_records
from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace
from reports.annual import write_annual
from reports.build_templates import ANNUAL_TEMPLATE, NEWS_TEMPLATE, build_all
from reports.news import write_news
from reports.render import render_docx, shipped_template
from reports.template_check import TemplateProblem, check_paragraph, check_template, paragraph_texts
from rules.policy import load_policy


def _document_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for t in document.tables:
        texts += [c.text for row in t.rows for c in row.cells]
    return texts


def _mini_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _edit_template(src: Path, dst: Path, old: str, new: str | None) -> Path:
    """Replace one paragraph's text (or delete the paragraph when `new` is None), as a clerk would in Word."""
    document = docx.Document(str(src))
    paragraph = next(p for p in document.paragraphs if p.text == old)
    if new is None:
        paragraph._p.getparent().remove(paragraph._p)
    else:
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = new
    document.save(str(dst))
    return dst


def _split_runs(src: Path, dst: Path) -> int:
    """Cut every run holding template syntax into one run per character, with Word's proofing marks and
    revision ids between them (what Word leaves after a clerk retypes part of a tag). Returns the cuts."""
    document = docx.Document(str(src))
    cuts = 0
    for r in list(document.element.body.iter(qn("w:r"))):
        t = r.find(qn("w:t"))
        if t is None or not t.text or not any(ch in t.text for ch in "{}%"):
            continue
        parent = r.getparent()
        at = parent.index(r)
        for i, ch in enumerate(t.text):
            piece = copy.deepcopy(r)
            piece.set(qn("w:rsidR"), f"00{i:06X}")
            for child in list(piece):
                if child.tag != qn("w:rPr") and (i or child.tag == qn("w:t")):
                    piece.remove(child)  # a line break before the text stays with the first piece only
            text = OxmlElement("w:t")
            text.text = ch
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            piece.append(text)
            if i % 2:
                mark = OxmlElement("w:proofErr")
                mark.set(qn("w:type"), "spellStart")
                parent.insert(at, mark)
                at += 1
            parent.insert(at, piece)
            at += 1
            cuts += 1
        parent.remove(r)
    document.save(str(dst))
    return cuts


@pytest.fixture(scope="module")
def year_ws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Store]:
    root = tmp_path_factory.mktemp("tpl") / "ws"
    init_workspace(root)
    config = (
        (root / "jiangxin.toml").read_text(encoding="utf-8").replace('templates = ""', 'templates = "模板"')
    )
    (root / "jiangxin.toml").write_text(config, encoding="utf-8")
    ws = Workspace.load(root)
    store = ws.open_store()
    store_records(report_year(year=ws.year, applications=8, lines_per_sheet=8), store)
    write_example_files(root, ws.year)
    return ws, store


def test_committed_templates_are_what_the_build_script_makes(tmp_path: Path) -> None:
    fresh = build_all(tmp_path)
    for path in fresh:
        committed = shipped_template(path.name)
        assert check_template(committed) == []
        assert paragraph_texts(committed) == paragraph_texts(path)


def test_tags_split_across_runs_still_render(year_ws: tuple[Workspace, Store]) -> None:
    ws, store = year_ws
    assert ws.templates_dir is not None
    policy, day = load_policy(), dt.date(2025, 12, 31)
    plain = [
        _document_text(write_annual(ws, store, policy, day=day).docx),
        _document_text(write_news(ws, store, policy).docx),
    ]
    ws.templates_dir.mkdir(exist_ok=True)
    for name in (ANNUAL_TEMPLATE, NEWS_TEMPLATE):
        assert _split_runs(shipped_template(name), ws.templates_dir / name) > 100
    split = [
        _document_text(write_annual(ws, store, policy, day=day).docx),
        _document_text(write_news(ws, store, policy).docx),
    ]
    for name in (ANNUAL_TEMPLATE, NEWS_TEMPLATE):
        (ws.templates_dir / name).unlink()
    assert split == plain


def test_a_wording_edit_in_the_template_is_kept(year_ws: tuple[Workspace, Store], tmp_path: Path) -> None:
    ws, store = year_ws
    assert ws.templates_dir is not None
    ws.templates_dir.mkdir(exist_ok=True)
    edited = ws.templates_dir / ANNUAL_TEMPLATE
    _edit_template(
        shipped_template(ANNUAL_TEMPLATE), edited, "（一）加强创新平台建设", "（一）创新平台建设成效显著"
    )
    try:
        texts = _document_text(write_annual(ws, store, load_policy(), day=dt.date(2025, 12, 31)).docx)
    finally:
        edited.unlink()
    assert "（一）创新平台建设成效显著" in texts and "（一）加强创新平台建设" not in texts


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("{{ review.sentence }}", "{{ review.sentense }}", "review.sentense"),  # misspelt in Word
        ("{{ awards.sentence }}", None, "awards.sentence"),  # paragraph deleted in Word
        ("{{ points.sentence }}", "{{ secretary }}", "secretary"),  # a field the program does not have
    ],
)
def test_a_broken_field_fails_loudly(
    year_ws: tuple[Workspace, Store], old: str, new: str | None, named: str
) -> None:
    ws, store = year_ws
    assert ws.templates_dir is not None
    ws.templates_dir.mkdir(exist_ok=True)
    edited = _edit_template(shipped_template(ANNUAL_TEMPLATE), ws.templates_dir / ANNUAL_TEMPLATE, old, new)
    try:
        with pytest.raises(TemplateProblem) as caught:
            write_annual(ws, store, load_policy())
    finally:
        edited.unlink()
    assert f"“{named}”" in str(caught.value)
    assert not (ws.reports_dir / "2025年职工技术创新工作总结.partial.docx").exists()


@pytest.mark.parametrize(
    "tag", ["{%p if '%' in title %}", "{%p if title == {} %}", "{%tr for r in rows if r.x > 50% %}"]
)
def test_percent_or_brace_inside_a_paragraph_tag_is_refused(tmp_path: Path, tag: str) -> None:
    assert any("% 或 }" in p for p in check_paragraph(tag))
    template = _mini_template(tmp_path / "t.docx", tag, "{{ title }}", "{%p endif %}")
    with pytest.raises(TemplateProblem):
        render_docx(template, {"title": "x", "rows": []}, tmp_path / "out.docx")


def test_tag_across_paragraphs_and_text_beside_p_tag_are_refused(tmp_path: Path) -> None:
    assert check_paragraph("{{ org")
    assert check_paragraph("}}")
    assert any("一并删除" in p for p in check_paragraph("说明：{%p if x %}"))
    assert check_paragraph("{{ org }}年{{ year }}") == []
    problems = check_template(_mini_template(tmp_path / "t.docx", "{{ org", "}}"))
    assert problems


def test_a_jinja_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    template = _mini_template(tmp_path / "t.docx", "开头", "{%p if title %}", "{{ title }}", "结尾")
    [problem] = check_template(template)
    assert problem.startswith("模板语法错误")


def test_ampersand_and_angle_brackets_from_documents_render_as_text(tmp_path: Path) -> None:
    template = _mini_template(tmp_path / "t.docx", "{{ title }}", "{{ unit }}")
    title = "基于<IEC 61850>&GOOSE的测试仪 </w:t>"
    out = render_docx(template, {"title": title, "unit": "A & B <单位>"}, tmp_path / "out.docx")
    assert [p.text for p in docx.Document(str(out)).paragraphs] == [title, "A & B <单位>"]


def test_a_key_named_like_a_dict_method_is_refused(tmp_path: Path) -> None:
    template = _mini_template(tmp_path / "t.docx", "{%p for x in plan.items %}", "{{ x }}", "{%p endfor %}")
    with pytest.raises(TemplateProblem, match=r"plan\.items"):
        render_docx(template, {"plan": {"items": ["a"]}}, tmp_path / "out.docx")


def test_control_characters_from_word_are_dropped(tmp_path: Path) -> None:
    template = _mini_template(tmp_path / "t.docx", "{{ title }}")
    out = render_docx(template, {"title": "一种\x0b工具\x07"}, tmp_path / "out.docx")
    assert docx.Document(str(out)).paragraphs[0].text == "一种工具"


@pytest.mark.parametrize(
    "name", ["年度工作总结.docx", "形式审查意见.docx", "评审结果汇总表.docx", "评审打分表.docx"]
)
def test_table_headings_fit_their_columns_and_rows_stay_whole(name: str) -> None:
    """A heading never wraps inside a word ("排 / 名"), and a table row never breaks across pages."""
    from reports import gbt9704 as g

    document = docx.Document(str(shipped_template(name)))
    checked = 0
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        widths = [int(col.get(qn("w:w"))) / 56.7 for col in grid]  # twips → mm
        heads = [cell.text for cell in table.rows[0].cells]
        if len(heads) != len(widths) or any("{" in h or not h for h in heads):
            continue  # a form's label column or a loop row, not a heading row
        g.check_heading_widths(list(zip(heads, widths, strict=True)))
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        checked += 1
    assert checked


def test_a_heading_too_wide_for_its_column_is_refused() -> None:
    from reports import gbt9704 as g

    g.check_heading_widths([("排名", 13.0)])
    with pytest.raises(ValueError, match="排名"):
        g.check_heading_widths([("排名", 10.0)])
