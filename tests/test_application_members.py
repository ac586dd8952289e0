"""The member table read by content: columns typed by what their cells hold, in any order, with or
without headers, and cut by page breaks (repeated headers, split rows, name lists that wrap)."""

from __future__ import annotations

import itertools

import pytest

from extractors.context import ExtractContext
from extractors.kinds.application import extract_application
from extractors.kinds.application_cells import is_placeholder, is_title, is_unit, name_score, says_none
from extractors.kinds.application_members import from_text, people_from_grid
from extractors.model import Cell, Document, Table
from jiangxin.core.records import Application

PEOPLE = [
    ("欧阳明月", "国网敦煌市供电公司", "高级工程师"),
    ("把小军", "配电运检室", "配电线路工、技师"),
    ("栾峰", "营销服务中心", "客户经理/经济师"),
]
HEADERS = {"serial": "序号", "name": "姓名", "unit": "工作单位", "title": "职务/职称"}


def _rows(order: tuple[str, ...], header: bool) -> list[list[str]]:
    values = {"serial": lambda i: str(i + 1), "name": lambda i: PEOPLE[i][0], "unit": lambda i: PEOPLE[i][1],
              "title": lambda i: PEOPLE[i][2]}  # fmt: skip
    body = [[values[role](i) for role in order] for i in range(len(PEOPLE))]
    return ([[HEADERS[role] for role in order]] if header else []) + body


@pytest.mark.parametrize("header", [True, False], ids=["header", "no-header"])
@pytest.mark.parametrize("order", list(itertools.permutations(("serial", "name", "unit", "title"))))
def test_every_column_order_with_and_without_headers(order: tuple[str, ...], header: bool) -> None:
    people = people_from_grid(_rows(order, header))
    assert people is not None
    assert [(p.name, p.unit, p.title) for p in people] == PEOPLE


def test_headers_are_hints_content_wins() -> None:
    """Headers that say the opposite of what the cells hold do not move names into units."""
    rows = [["工作单位", "姓名", "职务"]] + [[n, u, t] for n, u, t in PEOPLE]
    people = people_from_grid(rows)
    assert people is not None
    assert [(p.name, p.unit, p.title) for p in people] == PEOPLE


def test_roster_names_count_as_names() -> None:
    """A name the vocabulary's surnames lack is a name when it is on the roster."""
    rows = [["仵一", "运检部"], ["亓二", "营销部"]]
    people = people_from_grid(rows, known_names=frozenset({"仵一", "亓二"}))
    assert people is not None
    assert [(p.name, p.unit) for p in people] == [("仵一", "运检部"), ("亓二", "营销部")]


def _page(rows: list[list[str]], page: int) -> Table:
    table = Table.from_rows(rows)
    table.page = page
    return table


def test_member_table_cut_by_page_breaks() -> None:
    """Three pages: the header row repeated on each, a row split between pages 1 and 2 (the rest of
    its title on page 2), and the form's other fields after the table."""
    header = ["序号", "姓名", "工作单位", "职务/职称"]
    first = _page([["成果名称", "防凝露装置", "", ""], ["申报单位", "国网瓜州县供电公司", "", ""],
                   ["主要完成人", "", "", ""], header, ["1", "欧阳明月", "国网敦煌市供电公司", "高级工程师"],
                   ["2", "把小军", "配电运检室", "配电线路工、"]], 1)  # fmt: skip
    second = _page([header, ["", "", "", "技师"], ["3", "栾　峰", "营销服务中心", "客户经理/经济师"]], 2)
    third = _page(
        [header, ["4", "司马青", "国网玉门市供电公司", "助理工程师"], ["成果简介", "正文。", "", ""]], 3
    )
    doc = Document(blocks=[first, second, third], source_format="pdf")
    result = extract_application(doc, ExtractContext())
    record = result.record
    assert isinstance(record, Application)
    assert [(p.name, p.unit, p.title) for p in record.members] == [
        *PEOPLE,
        ("司马青", "国网玉门市供电公司", "助理工程师"),
    ]
    assert record.summary == "正文。"


def test_a_name_list_cut_by_a_page_break_stays_one_list() -> None:
    first = _page([["成果名称", "防凝露装置"], ["完成人", "欧阳明月、把小军、司"]], 1)
    second = _page([["", "马青、栾峰"], ["成果简介", "正文。"]], 2)
    record = extract_application(
        Document(blocks=[first, second], source_format="pdf"), ExtractContext()
    ).record
    assert isinstance(record, Application)
    assert [p.name for p in record.members] == ["欧阳明月", "把小军", "司马青", "栾峰"]


def test_members_merged_label_with_names_wrapped_in_cells() -> None:
    """A name wrapped onto two lines inside its cell is one name."""
    cells = [Cell("成果名称", 0, 0), Cell("防凝露装置", 0, 1, colspan=2), Cell("完成人", 1, 0, rowspan=2),
             Cell("欧阳\n明月", 1, 1), Cell("国网敦煌市供电\n公司", 1, 2), Cell("把小军", 2, 1),
             Cell("配电运检室", 2, 2)]  # fmt: skip
    doc = Document(blocks=[Table(cells=cells, n_rows=3, n_cols=3)], source_format="docx")
    record = extract_application(doc, ExtractContext()).record
    assert isinstance(record, Application)
    assert [(p.name, p.unit) for p in record.members] == [
        ("欧阳明月", "国网敦煌市供电公司"),
        ("把小军", "配电运检室"),
    ]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "欧阳明月（国网敦煌市供电公司，高级工程师）、把小军（配电运检室，技师）",
            [("欧阳明月", "国网敦煌市供电公司", "高级工程师"), ("把小军", "配电运检室", "技师")],
        ),
        ("1．栾峰（营销服务中心，经济师）\n2．司马青（工程师）", [("栾峰", "营销服务中心", "经济师"), ("司马青", None, "工程师")]),
        ("欧阳明月、把小军\n栾　峰", [("欧阳明月", None, None), ("把小军", None, None), ("栾峰", None, None)]),
        ("1．栾峰 高级工程师 营销服务中心\n2．司马青，技师，国网玉门市供电公司",
         [("栾峰", "营销服务中心", "高级工程师"), ("司马青", "国网玉门市供电公司", "技师")]),
        ("见附表", []),
        ("[姓名]", []),
    ],
)  # fmt: skip
def test_people_in_one_cell(text: str, people: list[tuple[str, str | None, str | None]]) -> None:
    assert [(p.name, p.unit, p.title) for p in from_text(text)] == people


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("欧阳明月", "name"), ("把小军", "name"), ("栾　峰", "name"), ("国网敦煌市供电公司", "unit"),
        ("配电运检室", "unit"), ("带电作业班", "unit"), ("高级工程师", "title"), ("带电作业班班长", "title"),
        ("营业厅班长/高级工程师", "title"), ("配电线路工、技师", "title"), ("姓名", None), ("职务/职称", None),
        ("负责结构设计，编写国网公司作业指导书。", None), ("XXX", None),
    ],
)  # fmt: skip
def test_cells_typed_by_content(text: str, kind: str | None) -> None:
    got = {
        "name": name_score(text) > 0,
        "unit": is_unit(text) and not is_title(text),
        "title": is_title(text),
    }
    assert [k for k, v in got.items() if v] == ([kind] if kind else [])


@pytest.mark.parametrize(
    "text",
    [
        "[姓名]",
        "【成果名称】",
        "XXX",
        "＿＿＿＿",
        "单击或点击此处输入文字。",
        "请输入成果名称",
        "（200字以内）",
    ],
)
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["防凝露装置", "张三", "（盖章）", "2025年3月"])
def test_values_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize(
    "text", ["无", "—", "暂无直接经济效益", "该成果以社会效益为主，暂未产生直接经济效益。"]
)
def test_statements_of_none(text: str) -> None:
    assert says_none(text)


def test_a_label_glued_into_a_value_cell_starts_its_own_field() -> None:
    """A merged cell that carries the next field's label ('防凝露装置\\n申报单位：…') holds two fields."""
    table = Table.from_rows([["成果名称", "防凝露装置\n申报单位：国网瓜州县供电公司"], ["经济效益", "无"]])
    result = extract_application(Document(blocks=[table], source_format="docx"), ExtractContext())
    record = result.record
    assert isinstance(record, Application)
    assert (record.title, record.unit, record.economic_benefit_wan) == (
        "防凝露装置",
        "国网瓜州县供电公司",
        None,
    )
    assert not any(w.field in ("title", "unit", "economic_benefit_wan") for w in result.warnings)


def test_a_merged_label_the_synonyms_lack_still_heads_the_member_rows() -> None:
    """'攻关人员' is no synonym; merged down the left of a member table it still gives the members."""
    cells = [Cell("成果名称", 0, 0), Cell("防凝露装置", 0, 1, colspan=3), Cell("攻关人员", 1, 0, rowspan=3),
             Cell("姓名", 1, 1), Cell("单位", 1, 2), Cell("职称", 1, 3),
             Cell("欧阳明月", 2, 1), Cell("国网敦煌市供电公司", 2, 2), Cell("高级工程师", 2, 3),
             Cell("把小军", 3, 1), Cell("配电运检室", 3, 2), Cell("配电线路工、技师", 3, 3),
             Cell("成果简介", 4, 0), Cell("正文。", 4, 1, colspan=3)]  # fmt: skip
    doc = Document(blocks=[Table(cells=cells, n_rows=5, n_cols=4)], source_format="docx")
    record = extract_application(doc, ExtractContext()).record
    assert isinstance(record, Application)
    assert [(p.name, p.unit, p.title) for p in record.members] == PEOPLE[:2]
    assert record.summary == "正文。"


def test_a_name_list_in_a_member_row_shares_the_rows_unit_and_title() -> None:
    rows = [
        ["姓名", "单位", "职称"],
        ["欧阳明月、司马青", "国网敦煌市供电公司", "工程师"],
        ["把小军", "配电运检室", "技师"],
    ]
    people = people_from_grid(rows)
    assert people is not None
    assert [(p.name, p.unit, p.title) for p in people] == [
        ("欧阳明月", "国网敦煌市供电公司", "工程师"),
        ("司马青", "国网敦煌市供电公司", "工程师"),
        ("把小军", "配电运检室", "技师"),
    ]
