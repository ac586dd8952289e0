"""Application forms in shapes no generated layout has: member tables in another column order, with
headers the synonyms lack, without a header row, after the form, over three pages; a lead's row
before the others; '姓名（单位，职称）' and name lists in one cell; a blank template; unfamiliar
label words; a stated-none benefit; sections run together in one cell.

Each form is written here with python-docx and, when LibreOffice is installed, also turned into a
PDF, and both must give the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from extractors import extract_file
from extractors.context import ExtractContext
from extractors.kinds.application import extract_application
from extractors.readers import read
from jiangxin.core.office import convert_many, soffice_path
from jiangxin.core.records import Application

Spec = str | tuple[str, int, int]  # a cell: its text, or (text, rowspan, colspan)
Rows = list[list[Spec]]

PEOPLE = [
    ("欧阳明月", "国网敦煌市供电公司", "高级工程师"),
    ("把小军", "配电运检室", "配电线路工、技师"),
    ("栾峰", "营销服务中心", "客户经理/经济师"),
    ("司马青", "国网玉门市供电公司", "助理工程师"),
]
SHOWN = {"栾峰": "栾　峰"}  # a two-character name padded for alignment, as forms do


def shown(name: str) -> str:
    return SHOWN.get(name, name)


@dataclass
class Shape:
    """A form: paragraphs and tables in order, and the record fields it must give."""

    name: str
    blocks: list[str | Rows]
    people: list[tuple[str, str | None, str | None]]
    expect: dict[str, object] = field(default_factory=dict)
    warned: set[str] = field(default_factory=set)  # fields the warnings must name
    repeat_header: bool = False  # the first row of the last table repeats on every page


def head_rows(title: str = "一种配电柜防凝露装置") -> Rows:
    return [
        ["成果名称", (title, 1, 3)],
        ["申报单位", ("国网瓜州县供电公司", 1, 3)],
        ["成果类别", ("☑小发明\u3000□小创造\u3000□小革新\u3000□小设计\u3000□小建议", 1, 3)],
        ["专业类别", ("配电", 1, 3)],
        ["完成时间", ("2025年3月", 1, 3)],
    ]


def tail_rows(summary: str = "柜内凝露导致绝缘下降。研制了防凝露装置。") -> Rows:
    return [
        ["成果简介", (summary, 1, 3)],
        ["创新点", ("1．温湿度联动控制。", 1, 3)],
        ["推广应用情况", ("已在瓜州县供电公司推广12套。", 1, 3)],
        ["经济效益", "12.5万元", "专利情况", "无"],
        ["单位意见", ("同意推荐。（盖章）2025年4月1日", 1, 3)],
    ]


BASE = {
    "title": "一种配电柜防凝露装置",
    "unit": "国网瓜州县供电公司",
    "category": "小发明",
    "specialty": "配电",
    "completed_on": "2025-03",
    "innovations": "1．温湿度联动控制。",
    "adoption": "已在瓜州县供电公司推广12套。",
    "economic_benefit_wan": 12.5,
    "unit_endorsed": True,
}


def form(*parts: Rows) -> Rows:
    """The rows of one table, from its parts in order."""
    return [row for part in parts for row in part]


def labelled(label: str, header: list[str] | None, body: list[list[str]]) -> Rows:
    """Member rows to the right of a label merged down over all of them."""
    rows: Rows = []
    lines = ([header] if header else []) + body
    for i, line in enumerate(lines):
        rows.append([(label, len(lines), 1), *line] if i == 0 else list(line))
    return rows


def _shapes() -> list[Shape]:
    full: list[tuple[str, str | None, str | None]] = list(PEOPLE)
    order = [[title, shown(name), unit] for name, unit, title in PEOPLE]  # title | name | unit
    shapes = [
        Shape(
            "column-order",
            ["职工技术创新成果申报表", head_rows() + labelled("主要完成人", ["职务/职称", "姓名", "工作单位"], order)
             + tail_rows()],
            full,
        ),
        Shape(
            "unknown-headers",
            ["职工技术创新成果申报表",
             head_rows() + labelled("主要完成人", ["参与者", "隶属机构", "资格"],
                                    [[shown(n), u, t] for n, u, t in PEOPLE]) + tail_rows()],
            full,
        ),
        Shape(
            "no-header-row",
            ["职工技术创新成果申报表",
             head_rows() + labelled("完成人员", None, [[u, t, shown(n)] for n, u, t in PEOPLE]) + tail_rows()],
            full,
        ),
        Shape(
            "table-after-form",
            ["职工技术创新成果申报表", form(head_rows(), [["主要完成人", ("见附表", 1, 3)]], tail_rows()),
             "附表：主要完成人员名单",
             [["序号", "姓名", "工作单位", "职务"]] + [[str(i + 1), shown(n), u, t] for i, (n, u, t) in enumerate(PEOPLE)]],
            full,
        ),
        Shape(
            "lead-row-first",
            ["职工技术创新成果申报表",
             form(head_rows(), [["项目负责人", shown(PEOPLE[0][0]), "职务/职称", PEOPLE[0][2]]],
                  labelled("其他\n完成\n人员", ["姓名", "工作单位", "职务/职称"], [[shown(n), u, t] for n, u, t in PEOPLE[1:]]),
                  tail_rows())],
            [(PEOPLE[0][0], None, PEOPLE[0][2]), *PEOPLE[1:]],
        ),
        Shape(
            "entries-in-one-cell",
            ["职工技术创新成果申报表",
             form(head_rows(), [["主要完成人", ("、".join(f"{n}（{u}，{t.replace('、', '/')}）" for n, u, t in PEOPLE), 1, 3)]],
                  tail_rows())],
            [(n, u, t.replace("、", "/")) for n, u, t in PEOPLE],
        ),
        Shape(
            "name-list-in-one-cell",
            ["职工技术创新成果申报表",
             form(head_rows(), [["完成人", ("欧阳明月、把小军、栾　峰\n司马青", 1, 3)]], tail_rows())],
            [(n, None, None) for n, _, _ in PEOPLE],
        ),
        Shape(
            "stated-none-benefit",
            ["职工技术创新成果申报表",
             head_rows() + labelled("主要完成人", ["姓名", "单位", "职称"], [[n, u, t] for n, u, t in PEOPLE[:2]])
             + tail_rows()[:3]
             + [["经济效益", "该成果以提升安全水平为主，暂未产生直接经济效益。", "专利情况", "暂无"],
                ["单位意见", ("同意推荐。（盖章）2025年4月1日", 1, 3)]]],
            PEOPLE[:2],
            expect={"economic_benefit_wan": None, "patents": []},
        ),
        Shape(
            "sections-in-one-cell",
            ["职工技术创新成果申报表",
             head_rows() + labelled("主要完成人", ["姓名", "单位", "职称"], [[n, u, t] for n, u, t in PEOPLE[:2]])
             + [["成果简介", ("柜内凝露导致绝缘下降。\n创新点：1．温湿度联动控制。\n推广应用情况：已在瓜州县供电公司推广12套。", 1, 3)],
                ["经济效益", "12.5万元", "专利情况", "无"],
                ["单位意见", ("同意推荐。（盖章）2025年4月1日", 1, 3)]]],
            PEOPLE[:2],
            expect={"summary": "柜内凝露导致绝缘下降。"},
        ),
    ]  # fmt: skip
    return shapes


def _three_pages() -> Shape:
    """A member table of its own after the form, long enough for three pages, its header row
    repeated on each; contributions long enough that rows break across pages."""
    units = ["国网敦煌市供电公司", "配电运检室", "营销服务中心", "国网玉门市供电公司"]
    titles = ["高级工程师", "技师", "客户经理、经济师", "助理工程师"]
    given = "明军峰青华强伟芳娜敏静丽磊洋勇艳杰涛"
    surnames = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗"
    people = [(surnames[i] + given[i % len(given)] + given[(i * 7 + 3) % len(given)], units[i % 4], titles[i % 4])
              for i in range(18)]  # fmt: skip
    work = "负责装置结构设计、样机试制与现场试验，编写作业指导书并组织班组培训，" * 3
    rows: Rows = [["序号", "姓名", "工作单位", "职务/职称", "主要贡献"]]
    rows += [[str(i + 1), n, u, t, work] for i, (n, u, t) in enumerate(people)]
    return Shape(
        "member-table-over-three-pages",
        ["职工技术创新成果申报表", form(head_rows(), [["主要完成人", ("见附表", 1, 3)]], tail_rows()),
         "附表：主要完成人员名单", rows],
        list(people),
        repeat_header=True,
    )  # fmt: skip


SHAPES = [*_shapes(), _three_pages()]


def _place(rows: Rows) -> tuple[list[tuple[int, int, str, int, int]], int]:
    """(row, col, text, rowspan, colspan) for every written cell, skipping spots a merge covers."""
    out: list[tuple[int, int, str, int, int]] = []
    covered: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            text, rowspan, colspan = (spec, 1, 1) if isinstance(spec, str) else spec
            while (r, c) in covered:
                c += 1
            out.append((r, c, text, rowspan, colspan))
            covered.update((rr, cc) for rr in range(r, r + rowspan) for cc in range(c, c + colspan))
            c += colspan
            width = max(width, c)
    return out, width


def write_docx(shape: Shape, path: Path) -> Path:
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(11)
    tables = [b for b in shape.blocks if not isinstance(b, str)]
    for block in shape.blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        cells, width = _place(block)
        table = doc.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        for r, c, text, rowspan, colspan in cells:
            cell = table.cell(r, c)
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            cell.text = text
        if shape.repeat_header and block is tables[-1]:
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(mark)
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def shape_files(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("shapes")
    made = {(s.name, "docx"): write_docx(s, folder / f"{s.name}.docx") for s in SHAPES}
    if soffice_path() is not None:
        pdfs = convert_many([made[(s.name, "docx")] for s in SHAPES], "pdf", folder / "pdf")
        for shape, pdf in zip(SHAPES, pdfs, strict=True):
            made[(shape.name, "pdf")] = pdf
    return made


def _check(shape: Shape, path: Path) -> None:
    result = extract_file(path)
    assert result.ok, result.message
    assert result.kind == "application"
    record = result.record
    assert isinstance(record, Application)
    assert [(p.name, p.unit, p.title) for p in record.members] == [tuple(p) for p in shape.people]
    expect = {**BASE, **shape.expect}
    got = {key: getattr(record, key) for key in expect}
    assert got == expect
    assert result.warnings == []


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_shape_from_word(shape: Shape, shape_files: dict[tuple[str, str], Path]) -> None:
    _check(shape, shape_files[(shape.name, "docx")])


@pytest.mark.soffice
@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_shape_from_pdf(shape: Shape, shape_files: dict[tuple[str, str], Path]) -> None:
    _check(shape, shape_files[(shape.name, "pdf")])


@pytest.mark.soffice
def test_three_page_member_table_really_spans_three_pages(shape_files: dict[tuple[str, str], Path]) -> None:
    """The PDF prints the member table over three pages; read, it is one table with its header once."""
    doc = read(shape_files[("member-table-over-three-pages", "pdf")], "pdf")
    assert (doc.pages or 0) >= 3
    member_tables = [t for t in doc.tables() if any("主要贡献" in c.text for c in t.cells)]
    assert len(member_tables) == 1
    assert sum("主要贡献" in c.text for c in member_tables[0].cells) == 1


PLACEHOLDER_FORM: Rows = [
    ["成果名称", ("[成果名称]", 1, 3)],
    ["申报单位", ("单击或点击此处输入文字。", 1, 3)],
    ["成果类别", ("□小发明\u3000□小创造\u3000□小革新\u3000□小设计\u3000□小建议", 1, 3)],
    ["专业类别", ("请选择专业类别", 1, 3)],
    ["完成时间", ("＿＿＿＿年＿＿月＿＿日", 1, 3)],
    *labelled("主要完成人", ["姓名", "工作单位", "职务/职称"], [["XXX", "XXXXXX", "XXX"], ["[姓名]", "[单位]", "[职称]"]]),
    ["成果简介", ("（200字以内）", 1, 3)],
    ["创新点", ("请输入创新点", 1, 3)],
    ["推广应用情况", ("＿＿＿＿＿＿＿＿", 1, 3)],
    ["经济效益", "XX万元", "专利情况", "XXXXXXXX"],
    ["单位意见", ("（盖章）\n年\u3000\u3000月\u3000\u3000日", 1, 3)],
]  # fmt: skip


def _extract(path: Path) -> tuple[Application, list[str]]:
    """The application extractor on a file's blocks (which kind a file is, is the classifier's call)."""
    result = extract_application(read(path, path.suffix[1:]), ExtractContext())
    assert isinstance(result.record, Application)
    return result.record, result.warnings


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("blank")
    placeholder = Shape("placeholder", ["职工技术创新成果申报表", PLACEHOLDER_FORM], [])
    unfamiliar = Shape(
        "unfamiliar",
        ["职工创新作品登记表",
         [["作品名称", ("一种配电柜防凝露装置", 1, 3)],
          ["所属单位", ("国网瓜州县供电公司", 1, 3)],
          ["参赛人员", ("欧阳明月、把小军", 1, 3)],
          ["作品特色", ("柜内凝露导致绝缘下降，研制了防凝露装置。", 1, 3)],
          ["联系电话", ("13900000000", 1, 3)]]],
        [],
    )  # fmt: skip
    made = {s.name: write_docx(s, folder / f"{s.name}.docx") for s in (placeholder, unfamiliar)}
    if soffice_path() is not None:
        for name, pdf in zip(
            list(made), convert_many(list(made.values()), "pdf", folder / "pdf"), strict=True
        ):
            made[f"{name}.pdf"] = pdf
    return made


@pytest.mark.parametrize("fmt", ["docx", pytest.param("pdf", marks=pytest.mark.soffice)])
def test_a_blank_template_gives_empty_fields_and_a_warning_for_each(
    fmt: str, blank_forms: dict[str, Path]
) -> None:
    record, warnings = _extract(blank_forms["placeholder" if fmt == "docx" else "placeholder.pdf"])
    assert (record.title, record.unit, record.members) == ("", "", [])
    values = (record.category, record.specialty, record.completed_on, record.summary, record.innovations,
              record.adoption, record.economic_benefit_wan)  # fmt: skip
    assert values == (None,) * 7
    assert (record.patents, record.unit_endorsed) == ([], False)
    named = {w.field for w in warnings}
    assert named == {"title", "unit", "members", "category", "specialty", "completed_on", "summary",
                     "innovations", "adoption", "economic_benefit_wan", "patents"}  # fmt: skip
    assert not any(
        "XX" in w.message or "[" in w.message for w in warnings if w.field != "economic_benefit_wan"
    )


@pytest.mark.parametrize("fmt", ["docx", pytest.param("pdf", marks=pytest.mark.soffice)])
def test_unfamiliar_label_words_give_a_partial_application(fmt: str, blank_forms: dict[str, Path]) -> None:
    """作品名称 / 所属单位 are synonyms; 参赛人员 is not, but it speaks of people and holds names."""
    record, warnings = _extract(blank_forms["unfamiliar" if fmt == "docx" else "unfamiliar.pdf"])
    assert (record.title, record.unit) == ("一种配电柜防凝露装置", "国网瓜州县供电公司")
    assert [p.name for p in record.members] == ["欧阳明月", "把小军"]
    named = {w.field for w in warnings}
    assert named == {"category", "specialty", "completed_on", "summary", "innovations", "adoption",
                     "economic_benefit_wan"}  # fmt: skip
    assert all("未找到" in w.message for w in warnings)
