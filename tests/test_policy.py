"""The policy file: the shipped 2025 default says what the 实施方案 says, and a bad file is refused with
the line and the key at fault."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jiangxin.workspace import Workspace
from rules.policy import PolicyError, default_policy_path, load_policy, parse_policy

DEFAULT = default_policy_path().read_text(encoding="utf-8")


def test_shipped_default_for_2025() -> None:
    policy = load_policy()
    rules = policy.eligibility
    assert policy.year == 2025
    assert (rules.completed_from, rules.completed_to) == (dt.date(2023, 7, 1), dt.date(2025, 6, 30))
    assert rules.max_members == 6 and rules.member_cap("小发明") == 6
    assert rules.max_led_per_person == 2
    assert rules.unit_opinion_required is True
    assert [(lim.field, lim.max) for lim in rules.max_chars] == [("summary", 2000)]
    assert rules.duplicate_title_similarity == 0.9
    assert {"title", "unit", "members", "completed_on"} <= set(rules.required_fields)


def test_review_section_has_the_agreed_shape() -> None:
    review = load_policy().review
    assert review.reviewers_per_application == 3
    assert [(c.name, c.max) for c in review.criteria] == [
        ("创新性", 30), ("实用性", 25), ("经济效益", 20), ("推广价值", 15), ("材料规范", 10),
    ]  # fmt: skip
    assert review.total_max == 100
    assert review.trim_min_scores == 5
    assert review.blank_rule == "exclude"
    assert review.tie_break == ("sum", "criterion:创新性")
    assert review.grade_mode == "quota"
    assert review.quotas == {"一等奖": 0.1, "二等奖": 0.2, "三等奖": 0.3}
    assert list(review.quotas) == ["一等奖", "二等奖", "三等奖"]
    assert review.thresholds == {"一等奖": 90, "二等奖": 80, "三等奖": 70}
    assert review.decimals == 2


def test_points_table_and_tier_table() -> None:
    policy = load_policy()
    table = policy.points
    assert [table.base_points(t) for t in ("国家级", "省部级", "地市级")] == [100, 50, 15]
    assert [table.level_factor(x) for x in ("一等奖", "二等奖", "三等奖", "优秀奖")] == [1.0, 0.7, 0.5, 0.5]
    assert table.first_members == 3
    assert table.ranks("国家级")[0] == table.base_points("国家级")
    assert policy.tiers[0].tier == "行业级"  # 中电联 before 全国: first match wins


def test_policy_is_frozen() -> None:
    policy = load_policy()
    with pytest.raises(Exception, match="frozen"):
        policy.eligibility.max_members = 9  # type: ignore[misc]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "needle", "words"),
    [
        ("max_members = 6", "max_members = 0", "eligibility.max_members", "max_members = 0", "不小于 1"),
        ("max_members = 6", 'max_members = "六"', "eligibility.max_members", "max_members =", "整数"),
        ("decimals = 2", "decimalz = 2", "review.decimalz", "decimalz", "拼写"),
        (
            "completed_to = 2025-06-30",
            "completed_to = 2023-01-01",
            "eligibility.completed_to",
            "completed_to",
            "早于",
        ),
        (
            "duplicate_title_similarity = 0.9",
            "duplicate_title_similarity = 90",
            "eligibility.duplicate_title_similarity",
            "duplicate_title_similarity",
            "不大于 1",
        ),
        ('"三等奖" = 0.3 }', '"三等奖" = 0.8 }', "review.quotas", "quotas =", "不能超过 1"),
        ('"三等奖" = 70 }', '"三等奖" = 95 }', "review.thresholds", "thresholds =", "从高到低"),
        (
            'tie_break = ["sum", "criterion:创新性"]',
            'tie_break = ["sum", "criterion:新颖性"]',
            "review.tie_break",
            "tie_break",
            "新颖性",
        ),
        ('blank_rule = "exclude"', 'blank_rule = "skip"', "review.blank_rule", "blank_rule", "exclude"),
        ('"公司级" = 5\n', '"县公司级" = 5\n', "points.tier_points", "[points.tier_points]", "县公司级"),
        ("factor = 0.7", "factor = 7", "points.level_factors[2].factor", "factor = 7", "不大于 1"),
        (
            '"地市级" = [15, 12, 9]',
            '"地市级" = [9, 12, 15]',
            "points.rank_points",
            "[points.rank_points]",
            "由高到低",
        ),
        ('tier = "公司级"', 'tier = "班组级"', "tiers[5].tier", 'tier = "班组级"', "国家级"),
        (
            'required_fields = ["title"',
            'required_fields = ["titel"',
            "eligibility.required_fields",
            "required_fields",
            "titel",
        ),
        ("'^成员\\s*\\d+$'", "'^成员(\\d+$'", "eligibility.placeholder_names", "placeholder_names", "正则"),
        ('share = "split"', 'share = "half"', "points.share", "share =", "split"),
        (
            '{ name = "推广价值", max = 15 }',
            '{ name = "推广价值", max = -1 }',
            "review.criteria[4].max",
            "推广价值",
            "大于 0",
        ),
        (
            '{ name = "实用性", max = 25 }',
            '{ name = "创新性", max = 25 }',
            "review.criteria",
            "criteria = [",
            "重复",
        ),
    ],
)
def test_invalid_policy_names_line_and_key(old: str, new: str, key: str, needle: str, words: str) -> None:
    assert old in DEFAULT, old
    text = DEFAULT.replace(old, new, 1)
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, Path("方案.toml"))
    err = caught.value
    assert err.key == key
    assert err.line == _line_of(text, needle)
    assert f"第 {err.line} 行" in str(err) and key in str(err) and words in str(err)
    assert "方案.toml" in str(err)


def test_missing_key_points_at_its_table() -> None:
    text = DEFAULT.replace("max_led_per_person = 2\n", "")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    assert caught.value.key == "eligibility.max_led_per_person"
    assert caught.value.line == _line_of(text, "[eligibility]")
    assert "缺少此项" in str(caught.value)


def test_toml_syntax_error_names_the_line() -> None:
    text = DEFAULT.replace("max_members = 6", "max_members = = 6")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    assert caught.value.line == _line_of(text, "max_members = = 6")
    assert "TOML" in str(caught.value)


def test_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="找不到"):
        load_policy(tmp_path / "没有这个文件.toml")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(DEFAULT.encode("gbk", errors="replace"))
    with pytest.raises(PolicyError, match="UTF-8"):
        load_policy(gbk)


def test_workspace_points_to_its_own_policy(workspace: Workspace) -> None:
    own = workspace.root / "方案2026.toml"
    own.write_text(
        DEFAULT.replace("year = 2025", "year = 2026").replace("max_members = 6", "max_members = 7"),
        encoding="utf-8",
    )
    config = workspace.root / "jiangxin.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('policy = ""', 'policy = "方案2026.toml"'),
        encoding="utf-8",
    )
    ws = Workspace.load(workspace.root)
    assert ws.policy_path == own
    policy = load_policy(ws.policy_path)
    assert (policy.year, policy.eligibility.max_members) == (2026, 7)
