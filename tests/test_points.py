"""Incentive points: tier × level (ranks their own points), highest award only per achievement, first N
members only, split or each, unit points; every expected value is read from the policy table."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jiangxin.cli import app as cli
from jiangxin.core.records import Award, ResultSheet
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from reports.render.award_sheets import points_sheet_name, write_points_sheet
from rules.awards import AwardItem
from rules.points import compute_points, value_of
from rules.policy import Policy, load_policy

from .test_check_rules import policy_with
from .test_check_support import put
from .test_tally_support import generate_notices

OURS = "国网酒泉供电公司变电运维中心"


def sheet(event: str, organizer: str, *awards: Award, date: str = "2025-06-01") -> ResultSheet:
    return ResultSheet(event=event, organizer=organizer, date=date, awards=list(awards))


def item(tier: str | None, level: str, rank: int | None = None) -> AwardItem:
    return AwardItem(
        event="e", organizer=None, date=None, tier=tier, tier_source="", level=level, scope="individual",
        names=["甲乙"], unit=OURS, unit_label="变电运维中心", title=None, rank=rank, honours=[],
    )  # fmt: skip


@pytest.mark.parametrize("tier", ["国家级", "行业级", "省部级", "地市级", "公司级"])
@pytest.mark.parametrize("level", ["一等奖", "二等奖", "三等奖", "优秀奖", "特等奖", "金奖"])
def test_value_is_tier_points_times_level_factor(tier: str, level: str) -> None:
    table = load_policy().points
    assert value_of(item(tier, level), table).points == pytest.approx(
        table.tier_points[tier] * table.level_factor(level)
    )


def test_ranks_have_their_own_points_when_higher() -> None:
    table = load_policy().points
    ranks = table.rank_points["省部级"]
    for rank, points in enumerate(ranks, start=1):
        by_level = table.tier_points["省部级"] * table.level_factor("三等奖")
        assert value_of(item("省部级", "三等奖", rank), table).points == max(points, by_level)
    beyond = value_of(item("省部级", "二等奖", len(ranks) + 1), table)
    assert beyond.points == table.tier_points["省部级"] * table.level_factor("二等奖")


def test_untiered_award_is_worth_nothing_and_says_why() -> None:
    value = value_of(item(None, "一等奖"), load_policy().points)
    assert value.points == 0 and "级别" in value.basis


def _points(workspace: Workspace, store: Store, *sheets: ResultSheet, policy: Policy | None = None):  # type: ignore[no-untyped-def]
    for i, s in enumerate(sheets):
        put(store, s, f"通报{i}.docx")
    return compute_points(workspace, store, policy or load_policy())


def test_one_achievement_earns_only_its_highest_award(workspace: Workspace, store: Store) -> None:
    policy = load_policy()
    table = policy.points
    names = ["张三", "李四"]
    city = sheet(
        "2025年度国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会",
        Award(level="二等奖", scope="achievement", names=names, unit=OURS, title="变电站智能巡检装置"),
    )  # fmt: skip
    grid = sheet(
        "2025年国家电网有限公司职工技术创新成果", "国家电网有限公司",
        Award(level="三等奖", scope="achievement", names=names, unit=OURS, title="《变电站智能巡检装置》"),
    )  # fmt: skip
    result = _points(workspace, store, city, grid)
    best = max(
        table.tier_points["地市级"] * table.level_factor("二等奖"),
        table.tier_points["省部级"] * table.level_factor("三等奖"),
    )
    assert [u.points for u in result.units] == [pytest.approx(best)]
    assert sum(p.points for p in result.people) == pytest.approx(best)
    zero = [ln for ln in result.lines if ln.points == 0]
    assert zero and all("不兼得、就高" in ln.note for ln in zero)


def test_only_the_first_members_share_an_achievement(workspace: Workspace, store: Store) -> None:
    table = load_policy().points
    names = ["甲一", "乙二", "丙三", "丁四", "戊五"]
    notice = sheet(
        "2025年度国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会",
        Award(level="一等奖", scope="achievement", names=names, unit=OURS, title="配电台区故障定位终端"),
    )  # fmt: skip
    result = _points(workspace, store, notice)
    value = table.tier_points["地市级"] * table.level_factor("一等奖")
    n = table.first_members
    got = {p.name: p.points for p in result.people}
    assert got == {name: pytest.approx(value / n if i < n else 0) for i, name in enumerate(names)}
    beyond = [ln for ln in result.lines if ln.name == names[n]]
    assert "只有前" in beyond[0].note


def test_each_member_full_points_when_the_policy_says_each(workspace: Workspace, store: Store) -> None:
    policy = policy_with(('share = "split"', 'share = "each"'), ("first_members = 3", "first_members = 2"))
    names = ["甲一", "乙二", "丙三"]
    notice = sheet(
        "2025年度国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会",
        Award(level="二等奖", scope="achievement", names=names, unit=OURS, title="电缆隧道温度监测平台"),
    )  # fmt: skip
    result = _points(workspace, store, notice, policy=policy)
    value = policy.points.tier_points["地市级"] * policy.points.level_factor("二等奖")
    assert {p.name: p.points for p in result.people} == {"甲一": value, "乙二": value, "丙三": 0}


def test_team_and_organization_awards(workspace: Workspace, store: Store) -> None:
    table = load_policy().points
    notice = sheet(
        "2025年国网甘肃省电力公司变电运维专业技能竞赛", "国网甘肃省电力公司工会",
        Award(level="一等奖", scope="team", names=["甲一", "乙二", "丙三", "丁四"], unit=OURS),
        Award(level="优秀组织奖", scope="organization", names=[], unit="国网酒泉供电公司"),
        Award(level="一等奖", scope="individual", names=["外人"], unit="国网兰州供电公司"),
    )  # fmt: skip
    result = _points(workspace, store, notice)
    base = table.tier_points["地市级"]
    team = base * table.level_factor("一等奖")
    assert {p.name: p.points for p in result.people} == {
        n: pytest.approx(team / 4) for n in ["甲一", "乙二", "丙三", "丁四"]
    }
    assert {u.name: u.points for u in result.units} == {
        "变电运维中心": team,
        "国网酒泉供电公司": base * table.level_factor("优秀组织奖"),
    }


def test_generated_year_points_add_up(workspace: Workspace, store: Store) -> None:
    """Points are conserved: people share exactly what the winning awards of person scopes are worth."""
    policy = load_policy()
    for i, notice in enumerate(generate_notices(41, workspace.year)):
        put(store, notice.sheet, f"通报{i}.docx")
    result = compute_points(workspace, store, policy)
    table = policy.points
    winners = [ln for ln in result.lines if ln.holder == "unit" and ln.points > 0]
    expected_people = sum(
        value_of(ln.award, table).points for ln in winners if ln.award.scope in table.person_scopes
    )
    assert sum(p.points for p in result.people) == pytest.approx(expected_people, abs=0.05)
    assert sum(u.points for u in result.units) == pytest.approx(sum(ln.points for ln in winners))
    assert all(ln.award.files for ln in result.lines)


def test_points_sheet_and_cli(workspace: Workspace, store: Store, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    for i, notice in enumerate(generate_notices(51, workspace.year, n=3)):
        put(store, notice.sheet, f"通报{i}.docx")
    result = compute_points(workspace, store, load_policy())
    path = write_points_sheet(result, workspace.outbox / points_sheet_name(workspace.year))
    wb = load_workbook(path)
    assert wb.sheetnames == ["个人积分", "单位积分", "积分明细"]
    header = [c.value for c in wb["积分明细"][1]]
    detail = list(wb["积分明细"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == len(result.lines)
    assert all(row[header.index("来源文件")] for row in detail)  # the award behind every point
    totals = {(r[1], r[2]): r[3] for r in wb["个人积分"].iter_rows(min_row=2, values_only=True)}
    assert totals == {(p.name, p.unit): p.points for p in result.people}

    out = runner.invoke(cli, ["points", "--json", "-w", str(workspace.root)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["units"] == [{"unit": u.name, "points": u.points} for u in result.units]
    assert (workspace.outbox / points_sheet_name(workspace.year)).exists()


def test_similar_titles_of_unrelated_units_are_two_achievements(workspace: Workspace, store: Store) -> None:
    table = load_policy().points
    notice = sheet(
        "2025年度国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会",
        Award(level="一等奖", scope="achievement", names=["甲一"], unit=OURS, title="开关柜温度在线监测装置"),
        Award(level="二等奖", scope="achievement", names=["乙二"], unit="国网瓜州县供电公司", title="开关柜温度在线监测装置"),
    )  # fmt: skip
    result = _points(workspace, store, notice)
    base = table.tier_points["地市级"]
    assert {u.name: u.points for u in result.units} == {
        "变电运维中心": base * table.level_factor("一等奖"),
        "瓜州县供电公司": base * table.level_factor("二等奖"),
    }
