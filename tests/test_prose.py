"""Awards stated in sentences, read with the spaCy pipeline (blank zh + jieba, EntityRuler from the
roster and the organisation directory, Matcher for award phrases)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import docx

from extractors.context import ExtractContext
from extractors.prose import awards_in_prose
from jiangxin.examples.notices import random_result_sheet, render_result_sheet
from jiangxin.examples.people import NamePool

ROSTER = ExtractContext(
    known_names=frozenset({"张伟", "侯金花", "肖秀荣", "高峰"}),
    known_units=frozenset({"国网酒泉供电公司", "变电运维中心"}),
)


def _read(text: str, ctx: ExtractContext = ROSTER) -> list[tuple[str, str, list[str], str | None]]:
    awards, _ = awards_in_prose([text], ctx)
    return [(a.level, a.scope, a.names, a.unit) for a in awards]


def test_organisations_win_the_organisation_prize() -> None:
    assert _read("国网酒泉供电公司、国网天水供电公司获优秀组织奖。") == [
        ("优秀组织奖", "organization", [], "国网酒泉供电公司"),
        ("优秀组织奖", "organization", [], "国网天水供电公司"),
    ]


def test_people_each_win_an_individual_prize() -> None:
    assert _read("张三、李四获个人二等奖。") == [
        ("二等奖", "individual", ["张三"], None),
        ("二等奖", "individual", ["李四"], None),
    ]


def test_name_not_on_the_roster_in_award_position_is_found() -> None:
    assert "孙晓燕" not in ROSTER.known_names
    assert _read("国网兰州供电公司孙晓燕获个人一等奖。") == [
        ("一等奖", "individual", ["孙晓燕"], "国网兰州供电公司")
    ]


def test_roster_name_inside_a_longer_name_is_not_taken() -> None:
    # 张伟 is on the roster; 张伟明 is someone else and must stay whole
    assert _read("国网兰州供电公司张伟明、侯金花获个人一等奖。") == [
        ("一等奖", "individual", ["张伟明"], "国网兰州供电公司"),
        ("一等奖", "individual", ["侯金花"], "国网兰州供电公司"),
    ]


def test_roster_name_inside_an_ordinary_word_is_not_a_winner() -> None:
    # 高峰 is on the roster, but here it is part of 高峰期间 and nobody wins anything
    assert _read("迎峰度夏高峰期间，各单位要确保电网安全运行。") == []
    # here a team wins, written as a whole; 高峰 inside its name is not a person
    assert _read("用电高峰期间保供电攻坚团队获团体二等奖。") == [
        ("二等奖", "team", [], "用电高峰期间保供电攻坚团队")
    ]


def test_team_with_unit_and_honour_granted_with_the_prize() -> None:
    awards, _ = awards_in_prose(
        ["国网酒泉供电公司变电运维中心张伟、李强获团体一等奖，并被授予“技术能手”称号。"], ROSTER
    )
    assert [a.to_json() for a in awards] == [
        {
            "level": "一等奖",
            "scope": "team",
            "names": ["张伟", "李强"],
            "unit": "国网酒泉供电公司变电运维中心",
            "title": None,
            "honours": ["技术能手"],
        }
    ]


def test_team_written_as_its_delegation() -> None:
    assert _read("国网酒泉供电公司代表队获团体二等奖。") == [("二等奖", "team", [], "国网酒泉供电公司")]
    assert _read("国网敦煌市供电公司张三、李四、王五组成的代表队获团体一等奖。") == [
        ("一等奖", "team", ["张三", "李四", "王五"], "国网敦煌市供电公司")
    ]


def test_several_outcomes_for_one_winner() -> None:
    awards, _ = awards_in_prose(["在本次竞赛中，国网酒泉供电公司获得团体第一名、优秀组织奖。"], ROSTER)
    assert [(a.level, a.scope, a.rank, a.unit) for a in awards] == [
        ("第1名", "team", 1, "国网酒泉供电公司"),
        ("优秀组织奖", "organization", None, "国网酒泉供电公司"),
    ]


def test_honours_go_to_the_award_they_follow() -> None:
    awards, _ = awards_in_prose(
        ["选手张三获个人一等奖、李四同志获个人二等奖，并被授予“技术能手”和“青年岗位能手”称号。"], ROSTER
    )
    assert [(a.names, a.honours) for a in awards] == [
        (["张三"], []),
        (["李四"], ["技术能手", "青年岗位能手"]),
    ]


def test_unit_in_brackets_after_each_name() -> None:
    assert _read("王芳（国网白银供电公司）、赵敏（国网武威供电公司）分别荣获个人三等奖。") == [
        ("三等奖", "individual", ["王芳"], "国网白银供电公司"),
        ("三等奖", "individual", ["赵敏"], "国网武威供电公司"),
    ]


def test_a_place_is_a_rank() -> None:
    awards, _ = awards_in_prose(["国网兰州供电公司孙晓燕获第3名。"], ROSTER)
    assert [(a.level, a.rank) for a in awards] == [("第3名", 3)]


def test_several_sentences_and_clauses_keep_their_order() -> None:
    text = "经评审，国网张掖供电公司李华获个人一等奖；国网金昌供电公司获优秀组织奖。其他单位继续努力。"
    assert _read(text) == [
        ("一等奖", "individual", ["李华"], "国网张掖供电公司"),
        ("优秀组织奖", "organization", [], "国网金昌供电公司"),
    ]


def test_glued_verb_is_settled_by_the_roster() -> None:
    # '肖秀荣获…' reads 肖秀 荣获 unless the roster knows 肖秀荣
    assert _read("肖秀荣获个人一等奖。", ExtractContext())[0][2] == ["肖秀"]
    assert _read("肖秀荣获个人一等奖。")[0][2] == ["肖秀荣"]


def test_sentences_without_a_winner_give_nothing() -> None:
    for text in (
        "竞赛严格按照竞赛规则和评分标准进行，经过激烈角逐，决出了团体和个人奖项。",
        "为表彰先进，经竞赛组委会研究，决定对获奖集体和个人予以通报表扬。",
        "请各单位做好下一年度成果申报工作。",
    ):
        assert _read(text) == []


def test_unreadable_winner_is_a_warning() -> None:
    awards, warnings = awards_in_prose(["经过层层选拔的优秀青年骨干们获个人二等奖。"], ROSTER)
    assert awards == []
    assert warnings and warnings[0].field == "awards"


def test_spacy_loads_only_for_prose_that_states_awards(tmp_path: Path) -> None:
    """A workbook or a notice without award sentences never imports spaCy or jieba."""
    rng = random.Random(3)
    names = NamePool(rng)
    workbook, prose = tmp_path / "成绩.xlsx", tmp_path / "通报-正文.docx"
    render_result_sheet(
        random_result_sheet(rng, names, variant="xlsx_sections"), "xlsx_sections", workbook, rng
    )
    render_result_sheet(
        random_result_sheet(rng, names, variant="docx_notice_prose"), "docx_notice_prose", prose, rng
    )
    table = tmp_path / "通报-表格.docx"
    doc = docx.Document()
    for line in ("国网甘肃省电力公司工会", "关于公布2025年变电运维专业技能竞赛结果的通报",
                 "各单位：2025年变电运维专业技能竞赛已圆满结束，现将竞赛结果通报如下。"):  # fmt: skip
        doc.add_paragraph(line)
    grid = doc.add_table(rows=3, cols=4)
    for row, values in zip(grid.rows, [("序号", "姓名", "单位", "奖项"), ("1", "张伟", "国网酒泉供电公司", "一等奖"),
                                       ("2", "李娜", "国网敦煌市供电公司", "二等奖")], strict=True):  # fmt: skip
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    doc.add_paragraph("2025年6月3日")
    doc.save(str(table))
    script = (
        "import sys\nfrom pathlib import Path\nfrom extractors import extract_file\n"
        f"assert extract_file(Path({str(workbook)!r})).kind == 'result_sheet'\n"
        f"assert len(extract_file(Path({str(table)!r})).record.awards) == 2\n"
        "print('before', 'spacy' in sys.modules, 'jieba' in sys.modules)\n"
        f"assert extract_file(Path({str(prose)!r})).record.awards\n"
        "print('after', 'spacy' in sys.modules, 'jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["before False False", "after True True"]
