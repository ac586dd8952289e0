"""What an award cell, a block heading and a notice title say: level apart from scope, rank apart
from grade, honours as written, the event without its wrapper."""

from __future__ import annotations

import pytest

from extractors.kinds.awards import parse_heading, parse_outcome, parse_rank
from extractors.kinds.result_head import event_from_title, read_head


@pytest.mark.parametrize(
    ("text", "level", "scope", "rank", "honours"),
    [
        ("团体二等奖", "二等奖", "team", None, []),
        ("个人三等奖", "三等奖", "individual", None, []),
        ("一等奖", "一等奖", None, None, []),
        ("优秀组织奖", "优秀组织奖", "organization", None, []),
        ("第1名", "第1名", None, 1, []),
        ("第七名", "第7名", None, 7, []),
        ("个人第2名", "第2名", "individual", 2, []),
        ("团体第一名（一等奖）", "一等奖", "team", 1, []),
        ("一等奖（技术能手）", "一等奖", None, None, ["技术能手"]),
        # organisers order these titles differently: they are kept as written, never ranked
        ("二等奖、技术标兵、技术状元", "二等奖", None, None, ["技术标兵", "技术状元"]),
        ("一等奖，“五一劳动奖章”", "一等奖", None, None, ["五一劳动奖章"]),
        ("优秀成果", "优秀成果", None, None, []),
        ("入驻", "入驻", None, None, []),
        ("重点孵化", "重点孵化", None, None, []),
        ("立项", "立项", None, None, []),
        ("参展", "参展", None, None, []),
        ("推选", "推选", None, None, []),
        ("金奖", "金奖", None, None, []),
        ("最佳创意奖", "最佳创意奖", None, None, []),
    ],
)
def test_outcome(text: str, level: str, scope: str | None, rank: int | None, honours: list[str]) -> None:
    out = parse_outcome(text)
    assert (out.level, out.scope, out.rank, out.honours) == (level, scope, rank, honours)


def test_empty_cell_states_nothing() -> None:
    assert parse_outcome("").empty
    assert parse_outcome("  ").empty


@pytest.mark.parametrize(
    ("text", "rank"), [("1", 1), ("第12名", 12), ("第十二名", 12), ("一", 1), ("优秀", None)]
)
def test_rank(text: str, rank: int | None) -> None:
    assert parse_rank(text) == rank


@pytest.mark.parametrize(
    ("text", "level", "scope"),
    [
        ("一、团体奖", None, "team"),
        ("二、个人奖", None, "individual"),
        ("三、优秀组织奖", "优秀组织奖", "organization"),
        ("（一）一等奖（3名）", "一等奖", None),
        ("个人一等奖：", "一等奖", "individual"),
    ],
)
def test_block_heading(text: str, level: str | None, scope: str | None) -> None:
    heading = parse_heading(text)
    assert heading is not None
    assert (heading.level, heading.scope) == (level, scope)


@pytest.mark.parametrize(
    "text", ["2025年国网甘肃省电力公司变电运维专业技能竞赛成绩及获奖名单", "说明：", "国网酒泉供电公司"]
)
def test_not_a_heading(text: str) -> None:
    assert parse_heading(text) is None


@pytest.mark.parametrize(
    ("title", "event"),
    [
        (
            "关于公布2025年国网甘肃省电力公司配电线路带电作业技能竞赛结果的通报",
            "2025年国网甘肃省电力公司配电线路带电作业技能竞赛",
        ),
        (
            "关于表彰2024年度国网甘肃省电力公司职工技术创新成果的决定",
            "2024年度国网甘肃省电力公司职工技术创新成果",
        ),
        (
            "2025年国网甘肃省电力公司电能计量专业技能竞赛成绩及获奖名单",
            "2025年国网甘肃省电力公司电能计量专业技能竞赛",
        ),
        ("关于2025年酒泉市职工职业技能大赛获奖情况的通报", "2025年酒泉市职工职业技能大赛"),
        ("关于公布2025年装表接电技能竞赛获奖名单的通知", "2025年装表接电技能竞赛"),
        ("2025年创新工作室孵化项目一览表（省部级）", "2025年创新工作室孵化项目"),
        ("2025年度优秀成果评选结果", "2025年度优秀成果评选"),
    ],
)
def test_event_from_title(title: str, event: str) -> None:
    assert event_from_title(title) == event


def test_head_reads_labels_then_signature_then_red_head() -> None:
    labelled = read_head(
        ["XX竞赛获奖名单", "主办单位：国网甘肃省电力公司工会\u3000\u3000发布日期：2025年5月20日"]
    )
    assert (labelled.organizer, labelled.date, labelled.warnings) == (
        "国网甘肃省电力公司工会",
        "2025-05-20",
        [],
    )
    signed = read_head(
        [
            "国网甘肃省电力公司工会文件",
            "关于公布XX竞赛结果的通报",
            "正文。",
            "国网甘肃省电力公司人力资源部",
            "二〇二五年六月三日",
        ]
    )
    assert (signed.event, signed.organizer, signed.date) == (
        "XX竞赛",
        "国网甘肃省电力公司人力资源部",
        "2025-06-03",
    )
    red_head_only = read_head(["国网甘肃省电力公司工会文件", "关于公布XX竞赛结果的通报", "正文。"])
    assert red_head_only.organizer == "国网甘肃省电力公司工会"
    assert red_head_only.date is None
    assert "date: 未找到发文日期" in [w.text for w in red_head_only.warnings]


def test_tier_only_when_stated_in_words() -> None:
    assert read_head(["XX竞赛获奖名单（国家级）"]).tier == "国家级"
    assert read_head(["XX竞赛获奖名单", "奖项级别：省级"]).tier == "省部级"
    # an awarding body that implies a tier is the rules' business, not the extractor's
    assert read_head(["中国电力企业联合会", "XX竞赛获奖名单", "主办单位：中国电力企业联合会"]).tier is None
    # 公司级 inside a sentence is not a statement of the notice's tier
    assert read_head(["XX竞赛获奖名单", "新命名两个公司级创新工作室。"]).tier is None
