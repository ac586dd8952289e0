"""The pieces of the application extractor: labels, entries from each layout, members, tick boxes."""

from __future__ import annotations

import pytest

from extractors.context import ExtractContext
from extractors.kinds.application import extract_application
from extractors.kinds.application_labels import labels
from extractors.kinds.application_layout import read_entries
from extractors.kinds.application_members import from_text
from extractors.kinds.application_values import (
    Unticked,
    clean_unit,
    endorsed,
    normalize_category,
    read_choice,
)
from extractors.model import Cell, Document, Paragraph, Table
from jiangxin.core.records import Application


@pytest.mark.parametrize(
    ("text", "field", "note", "rest"),
    [
        ("成果名称", "title", "", ""),
        ("成 果 名 称", "title", "", ""),
        ("成\u3000果\u3000名\u3000称：防鼠装置", "title", "", "防鼠装置"),
        ("项目名称:防鼠装置", "title", "", "防鼠装置"),
        ("第一\n完成人", "first_member", "", ""),
        ("项目负责人", "first_member", "", ""),
        ("项目组成员", "members", "", ""),
        ("主要完成人（按贡献大小排序）：", "members", "按贡献大小排序", ""),
        ("所在单位", "unit", "", ""),
        ("申报单位（盖章）：国网玉门市供电公司", "unit", "盖章", "国网玉门市供电公司"),
        ("经济效益（万元）", "economic_benefit_wan", "万元", ""),
        ("一、成果简介", "summary", "", ""),
        ("（三）推广应用情况", "adoption", "", ""),
        ("1．创新点", "innovations", "", ""),
        ("成果简介\n正文第一段", "summary", "", "正文第一段"),
        ("单位意见：同意推荐。", "unit_opinion", "", "同意推荐。"),
        ("注：本表一式两份", "ignore", "", "本表一式两份"),
    ],
)
def test_labels_are_found_whatever_their_spelling(text: str, field: str, note: str, rest: str) -> None:
    hit = labels().match(text)
    assert hit is not None
    assert (hit.field, hit.note, hit.rest) == (field, note, rest)


@pytest.mark.parametrize(
    "text",
    [
        "完成人员均为一线职工",
        "1．梁权，国网瓜州县供电公司，技师",
        "单位（盖章）",
        "该成果创新性强",
        "专利数量很多",
    ],
)
def test_prose_is_not_taken_for_a_label(text: str) -> None:
    assert labels().match(text) is None


def test_labels_toml_lists_each_label_once() -> None:
    table = labels()
    assert table.fields["项目名称"] == "title"
    assert table.fields["项目负责人"] == "first_member"
    assert table.member_role("职务／职称") == "title"
    assert table.member_role("姓　名") == "name"


def _record(doc: Document) -> Application:
    record = extract_application(doc, ExtractContext()).record
    assert isinstance(record, Application)
    return record


def _table(rows: list[list[tuple[str, int, int]]]) -> Table:
    """A table from rows of (text, rowspan, colspan) placed left to right, skipping covered spots."""
    cells: list[Cell] = []
    covered: set[tuple[int, int]] = set()
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in covered:
                c += 1
            cells.append(Cell(text=text, row=r, col=c, rowspan=rowspan, colspan=colspan))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered.add((rr, cc))
            c += colspan
            n_cols = max(n_cols, c)
    return Table(cells=cells, n_rows=len(rows), n_cols=n_cols)


def test_four_column_rows_give_two_entries_each() -> None:
    table = _table(
        [
            [("成果名称", 1, 1), ("防鼠装置", 1, 3)],
            [("申报单位", 1, 1), ("国网玉门市供电公司", 1, 1), ("完成时间", 1, 1), ("2024.7", 1, 1)],
            [("联系人", 1, 1), ("卢颖", 1, 1), ("所属地区", 1, 1), ("酒泉", 1, 1)],
        ]
    )
    entries = [(e.field, e.text) for e in read_entries(Document(blocks=[table], source_format="docx"))]
    assert entries == [
        ("title", "防鼠装置"),
        ("unit", "国网玉门市供电公司"),
        ("completed_on", "2024.7"),
        ("ignore", "卢颖"),
        ("unknown", "酒泉"),  # a label we do not know keeps its value away from the one before
    ]


def test_merged_label_owns_the_member_rows_to_its_right() -> None:
    table = _table(
        [
            [("成果名称", 1, 1), ("防鼠装置", 1, 4)],
            [("主要\n完成人", 3, 1), ("序号", 1, 1), ("姓名", 1, 1), ("单位", 1, 1), ("职务/职称", 1, 1)],
            [("1", 1, 1), ("张　三", 1, 1), ("国网玉门市供电公司", 1, 1), ("工程师", 1, 1)],
            [("2", 1, 1), ("李四", 1, 1), ("", 1, 1), ("", 1, 1)],
            [("成果简介", 1, 1), ("正文", 1, 4)],
        ]
    )
    doc = Document(blocks=[table], source_format="pdf")
    record = _record(doc)
    assert [(p.name, p.unit, p.title) for p in record.members] == [
        ("张三", "国网玉门市供电公司", "工程师"),
        ("李四", None, None),
    ]
    assert record.summary == "正文"


def test_label_above_its_value_and_a_page_split_row() -> None:
    first = _table([[("成果简介（限1000字）", 1, 2)], [("第一段前半", 1, 2)]])
    first.page = 1
    second = _table([[("", 1, 1), ("第一段后半。", 1, 1)], [("创新点", 1, 1), ("1．轻量化。", 1, 1)]])
    second.page = 2
    doc = Document(blocks=[first, second], source_format="pdf")
    entries = {e.field: e.text for e in read_entries(doc)}
    assert entries["summary"] == "第一段前半\n第一段后半。"
    assert entries["innovations"] == "1．轻量化。"


def test_a_label_cut_by_a_page_break_is_rejoined() -> None:
    first = _table(
        [[("创新点", 1, 1), ("1．轻量化。", 1, 1)], [("推广应", 1, 1), ("已在敦煌市供电公", 1, 1)]]
    )
    first.page = 1
    second = _table([[("用情况", 1, 1), ("司推广。", 1, 1)], [("单位意见", 1, 1), ("同意推荐。", 1, 1)]])
    second.page = 2
    entries = {e.field: e.text for e in read_entries(Document(blocks=[first, second], source_format="pdf"))}
    assert entries["innovations"] == "1．轻量化。"
    assert entries["adoption"] == "已在敦煌市供电公\n司推广。"
    assert entries["unit_opinion"] == "同意推荐。"


def test_paragraph_form_with_sections() -> None:
    lines = [
        "职工技术创新成果申报书",
        "成 果 名 称：《防鼠装置》",
        "申报单位:国网瓜州县供电公司",
        "主要完成人：",
        "1．梁权，国网瓜州县供电公司，技师",
        "2．徐　天，国网瓜州县供电公司，配电线路工、高级技师",
        "（一）成果简介",
        "第一段。",
        "第二段。",
        "（二）经济效益",
        "经济效益：175.6万元。",
        "（三）单位意见",
        "同意推荐。",
    ]
    doc = Document(blocks=[Paragraph(text=t) for t in lines], source_format="docx")
    result = extract_application(doc, ExtractContext())
    record = _record(doc)
    assert record.title == "防鼠装置"
    assert record.unit == "国网瓜州县供电公司"
    assert [(p.name, p.title) for p in record.members] == [("梁权", "技师"), ("徐天", "配电线路工、高级技师")]
    assert record.summary == "第一段。 第二段。"
    assert record.economic_benefit_wan == pytest.approx(175.6)
    assert record.unit_endorsed is True
    assert result.warnings == []


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("景文静、郑博文、魏磊", [("景文静", None, None), ("郑博文", None, None), ("魏磊", None, None)]),
        ("严\u3000 明、许海秀；肖  彬", [("严明", None, None), ("许海秀", None, None), ("肖彬", None, None)]),
        ("张　三\n李四", [("张三", None, None), ("李四", None, None)]),
        (
            "1．石 伟 国网酒泉供电公司配电运检室 助理工程师\n2．唐超宁\u3000国网肃州区供电公司\u3000高级技师",
            [
                ("石伟", "国网酒泉供电公司配电运检室", "助理工程师"),
                ("唐超宁", "国网肃州区供电公司", "高级技师"),
            ],
        ),
        ("张三，国网瓜州县供电公司，技师", [("张三", "国网瓜州县供电公司", "技师")]),
        ("1．赵六，高级工程师", [("赵六", None, "高级工程师")]),
        ("（1）王五", [("王五", None, None)]),
    ],
)
def test_members_written_as_text(text: str, people: list[tuple[str, str | None, str | None]]) -> None:
    assert [(p.name, p.unit, p.title) for p in from_text(text)] == people


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("小创造", "小创造"),
        ("☑小发明\u3000□小创造\u3000□小革新", "小发明"),
        ("□小发明 ■小创造 □小革新", "小创造"),
        ("☐小发明 √小设计", "小设计"),
        ("□小发明 ✓小建议", "小建议"),
        ("□小发明 ☒小革新", "小革新"),
        ("小发明☑ 小创造□", "小发明"),
        ("（√）小发明 （ ）小创造", "小发明"),
    ],
)
def test_read_choice(text: str, choice: str) -> None:
    assert read_choice(text) == choice


def test_unticked_or_twice_ticked_boxes_are_not_guessed() -> None:
    with pytest.raises(Unticked):
        read_choice("□小发明 □小创造")
    with pytest.raises(Unticked):
        read_choice("☑小发明 ☑小创造")


def test_category_names_one_of_the_five_small_kinds() -> None:
    assert normalize_category("小发明（五小）") == "小发明"
    assert normalize_category("技术革新") == "技术革新"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("该成果创新性强、应用效果好，同意推荐。\n单位（盖章）\n2025年4月28日", True),
        ("同意申报。", True),
        ("经审核，情况属实，同意上报。", True),
        ("（盖章）\n年\u3000\u3000月\u3000\u3000日", False),
        ("", False),
        ("不同意推荐。", False),
    ],
)
def test_endorsement(text: str, ok: bool) -> None:
    assert endorsed(text) is ok


def test_unit_without_seal_note() -> None:
    assert clean_unit("国网玉门市供电公司（盖章）") == "国网玉门市供电公司"
    assert clean_unit("国网酒泉供电公司电力调度控制\n中心") == "国网酒泉供电公司电力调度控制中心"


def test_missing_required_fields_give_warnings_not_a_refusal() -> None:
    doc = Document(
        blocks=[Paragraph(text="职工技术创新成果申报书"), Paragraph(text="创新点：轻量化")],
        source_format="docx",
    )
    result = extract_application(doc, ExtractContext())
    record = _record(doc)
    assert (record.title, record.unit, record.members) == ("", "", [])
    assert record.innovations == "轻量化"
    # a form with fewer than half of its fields is a partial record: each missing field is named
    assert {w.field for w in result.warnings} == {
        "title", "unit", "members", "category", "specialty", "completed_on", "summary", "adoption",
        "economic_benefit_wan",
    }  # fmt: skip


def test_unreadable_values_are_warned_not_guessed() -> None:
    table = _table(
        [
            [("成果名称", 1, 1), ("防鼠装置", 1, 1)],
            [("完成时间", 1, 1), ("近期", 1, 1)],
            [("经济效益", 1, 1), ("21.24", 1, 1)],  # a number without a unit
            [("成果类别", 1, 1), ("□小发明 □小创造", 1, 1)],
        ]
    )
    doc = Document(blocks=[table], source_format="docx")
    result = extract_application(doc, ExtractContext())
    record = _record(doc)
    assert (record.completed_on, record.economic_benefit_wan, record.category) == (None, None, None)
    fields = {w.field for w in result.warnings}
    assert {"completed_on", "economic_benefit_wan", "category"} <= fields


def test_first_member_is_put_first_when_the_list_leaves_them_out() -> None:
    table = _table([[("项目负责人", 1, 1), ("张　三", 1, 1)], [("项目组成员", 1, 1), ("李四、王五", 1, 1)]])
    record = _record(Document(blocks=[table], source_format="docx"))
    assert [p.name for p in record.members] == ["张三", "李四", "王五"]
