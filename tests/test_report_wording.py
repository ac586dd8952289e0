"""Sentences adapt to zero and one: a year with a single application, a single first prize and a single
contest reads as such, an empty year says plainly that nothing is on record, and no sentence ever
counts nothing ("获0项")."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import docx
import pytest

import reports.annual
import reports.charts
from extractors import EXTRACTOR_VERSION
from jiangxin.core.records import Application, Award, Person, ResultSheet, Roster, RosterPerson
from jiangxin.store import NewDocument, Store
from jiangxin.workspace import Workspace, init_workspace
from reports.annual import write_annual
from reports.cn import cn_date, cn_numeral, join_cn, number_ranges, of_which, plain_number
from reports.news import write_news
from rules.policy import load_policy

EVENT = "2025年酒泉市职工职业技能大赛电工技能竞赛"
ZERO_COUNT = re.compile(r"(?<![\d.])0(项|个|人|名|次|分)")


def _add(store: Store, name: str, kind: str, record: object) -> None:
    store.add_document(
        NewDocument(
            sha256=hashlib.sha256(name.encode()).hexdigest(), file_name=name, original_path=name,
            archived_path=f"outbox/{name}", format="docx", kind=kind, size=1, year=2025,
            extractor_version=EXTRACTOR_VERSION, record=record,
        )
    )  # fmt: skip


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture
def single(tmp_path: Path) -> tuple[list[str], list[str]]:
    """One of everything: one application, one review prize, one contest with one prize of ours."""
    ws = init_workspace(tmp_path / "ws")
    store = ws.open_store()
    member = Person(name="马晓军", unit="国网敦煌市供电公司")
    app = Application(
        title="一种配电箱防凝露装置", unit="国网敦煌市供电公司", category="小发明", members=[member],
        completed_on="2025-03", summary="解决配电箱凝露问题。", innovations="结构简单。", unit_endorsed=True,
    )  # fmt: skip
    _add(
        store,
        "花名册.xlsx",
        "roster",
        Roster(people=[RosterPerson(name="马晓军", unit="敦煌市供电公司", status="在职")]),
    )
    _add(store, "申报书.docx", "application", app)
    review = ResultSheet(
        event="2025年度国网酒泉供电公司职工技术创新成果", organizer="国网酒泉供电公司工会", date="2025-11-20",
        tier="公司级",
        awards=[Award(level="一等奖", scope="achievement", names=["马晓军"], unit=app.unit, title=app.title)],
    )  # fmt: skip
    contest = ResultSheet(
        event=EVENT, organizer="酒泉市总工会", date="2025-06-10",
        awards=[
            Award(level="一等奖", scope="individual", names=["赵一鸣"], unit="酒泉钢铁（集团）有限责任公司"),
            Award(level="二等奖", scope="individual", names=["钱晓东"], unit="国网酒泉供电公司变电运维中心"),
        ],
    )  # fmt: skip
    _add(store, "评审结果.docx", "result_sheet", review)
    _add(store, "竞赛通报.docx", "result_sheet", contest)
    policy = load_policy()
    annual = write_annual(ws, store, policy, day=dt.date(2026, 1, 5))
    news = write_news(ws, store, policy)
    store.close()
    return _texts(annual.docx), _texts(news.docx)


def test_one_application_one_prize_one_contest_in_the_annual(single: tuple[list[str], list[str]]) -> None:
    annual, _ = single
    assert (
        "全年共收到敦煌市供电公司申报的职工技术创新成果1项，经形式审查，该项成果符合申报条件。详见表1。"
        in annual
    )
    assert any(t.endswith("共评出一等奖1项。详见表2。") for t in annual)
    assert (
        "全年公司共获各级各类奖项2项，其中地市级1项、公司级1项，涉及获奖职工2人。按级别、按赛事和评选的统计详见表3、表4、图1、图2。"
        in annual
    )
    assert f"公司职工在{EVENT}中获个人奖项1项。详见表5。" in annual
    assert "2026年1月5日" in annual
    # no registry, no plan: the document says so plainly
    assert any(t.startswith("工作区中没有创新平台名录（创新平台.xlsx）") for t in annual)
    assert (
        "（2026年工作打算尚未填写：请在工作区的“明年工作打算.txt”中写明，每段一行，以（一）（二）开头的行作为小标题。）"
        in annual
    )


def test_one_of_everything_in_the_news(single: tuple[list[str], list[str]]) -> None:
    _, news = single
    lead = news[2]  # no byline configured: headline, subtitle, lead
    assert "系统构建“激励牵引、竞赛锤炼”两位一体的职工创新工作体系。" in lead
    assert "2025年，该公司共收到职工技术创新成果申报1项，经形式审查，该项成果符合申报条件。" in news
    assert "在2025年度国网酒泉供电公司职工技术创新成果评审中，1项成果获评一等奖。" in news
    assert f"2025年，该公司职工在{EVENT}中获个人奖项1项。" in news
    assert "平台筑基，从“单兵作战”到“集群攻关”" not in news  # nothing to say: the section is left out


def test_no_sentence_counts_nothing(single: tuple[list[str], list[str]], tmp_path: Path) -> None:
    empty_ws = init_workspace(tmp_path / "empty")
    store = empty_ws.open_store()
    policy = load_policy()
    empty = _texts(write_annual(empty_ws, store, policy).docx) + _texts(
        write_news(empty_ws, store, policy).docx
    )
    store.close()
    for text in [*single[0], *single[1], *empty]:
        assert not ZERO_COUNT.search(text), text
    assert "截至目前，尚未收到2025年度职工技术创新成果申报。" in empty
    assert "截至目前，系统中尚无公司2025年度的获奖记录。" in empty
    assert "系统中尚无本年度可供统计的文件，本总结中没有统计数字。" in empty


def test_wording_helpers() -> None:
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert cn_date(dt.date(2025, 1, 5)) == "2025年1月5日"
    assert [join_cn([]), join_cn(["甲"]), join_cn(["甲", "乙"]), join_cn(["甲", "乙", "丙"])] == [
        "",
        "甲",
        "甲和乙",
        "甲、乙和丙",
    ]
    assert of_which([("一等奖", 2), ("二等奖", 0), ("三等奖", 1)], "项", 3) == "，其中一等奖2项、三等奖1项"
    assert of_which([("一等奖", 3)], "项", 3) == ""
    assert number_ranges([5, 1, 2, 3, 8, 9]) == "1～3、5、8～9"
    assert [plain_number(x) for x in (3, 3.0, 12.5, 0.125, 1234567.25)] == [
        "3",
        "3",
        "12.5",
        "0.12",
        "1234567.25",
    ]


def test_workspace_year_follows_the_config(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws2024", year=2024)
    store = ws.open_store()
    written = write_annual(Workspace.load(ws.root), store, load_policy(), day=dt.date(2024, 12, 30))
    store.close()
    assert written.docx.name == "2024年职工技术创新工作总结.docx"
    assert _texts(written.docx)[0] == "国网酒泉供电公司工会\n2024年职工技术创新工作总结"  # the signer


def test_without_a_chinese_font_the_charts_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports.charts, "cjk_font", lambda: None)
    monkeypatch.setattr(reports.annual, "cjk_font", lambda: None)
    ws = init_workspace(tmp_path / "ws")
    store = ws.open_store()
    _add(
        store, "竞赛通报.docx", "result_sheet",
        ResultSheet(event=EVENT, organizer="酒泉市总工会", date="2025-06-10",
                    awards=[Award(level="二等奖", scope="individual", names=["钱晓东"], unit="国网酒泉供电公司")]),
    )  # fmt: skip
    written = write_annual(ws, store, load_policy())
    store.close()
    document = docx.Document(str(written.docx))
    assert len(document.inline_shapes) == 0
    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith("图") for t in texts)
    assert "全年公司共获地市级奖项1项，涉及获奖职工1人。按级别、按赛事和评选的统计详见表1、表2。" in texts
    assert any("中文字体" in note for note in written.notes)
