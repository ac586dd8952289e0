"""Each eligibility rule on small, hand-built records (stored as the inbox would store them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jiangxin.core.records import Application, Award, Person, ResultSheet, Roster
from jiangxin.examples.year import store_record
from jiangxin.store import Store
from rules.check import check_applications
from rules.policy import Policy, load_policy
from rules.verdicts import FAIL, FIX, PASS, Verdict

from .support.rules import ROSTER, UNIT, app, policy_with
from .support.workspace import make_workspace

Judge = Callable[..., dict[str, Verdict]]


@pytest.fixture
def judge(tmp_path: Path) -> Iterator[Judge]:
    """Each call: a fresh workspace holding the given applications (and roster, earlier notices),
    checked; verdicts by file name ('0.docx', '1.docx', … in the order given)."""
    stores: list[Store] = []

    def run(
        *apps: Application,
        policy: Policy | None = None,
        roster: Roster | None = ROSTER,
        notices: tuple[ResultSheet, ...] = (),
        warnings: dict[int, list[str]] | None = None,
    ) -> dict[str, Verdict]:
        ws = make_workspace(tmp_path / f"ws{len(stores)}")
        store = ws.open_store()
        stores.append(store)
        if roster is not None:
            store_record(store, roster, "员工花名册.xlsx")
        for i, notice in enumerate(notices):
            store_record(store, notice, f"通报{i}.docx")
        for i, a in enumerate(apps):
            store_record(store, a, f"{i}.docx", warnings=(warnings or {}).get(i, []))
        return {v.file: v for v in check_applications(ws, store, policy or load_policy())}

    yield run
    for store in stores:
        store.close()


def status(verdicts: dict[str, Verdict], rule: str, file: str = "0.docx") -> str:
    return verdicts[file].rules[rule].status


def test_clean_application_passes_every_rule(judge: Judge) -> None:
    v = judge(app())["0.docx"]
    assert v.verdict == PASS and v.reasons == []
    assert all(r.status == PASS for r in v.rules.values())


# --- roster ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (Person(name="张\u3000三", unit=UNIT), PASS),  # padded name
        (Person(name="张  三", unit="国网甘肃省电力公司酒泉供电公司变电运维中心"), PASS),  # alias of us
        (Person(name="张三", unit="变电运维中心"), PASS),  # roster-style short name
        (Person(name="王五", unit="国网瓜州县供电公司"), PASS),  # county company with 国网
        (Person(name="王五", unit=None), PASS),  # no unit on the form: unique name is enough
        (Person(name="无名氏", unit=UNIT), FAIL),  # not on the roster
        (Person(name="赵六", unit="国网酒泉供电公司输电运检中心"), FAIL),  # 退休
        (Person(name="孙七", unit="国网酒泉供电公司配电运检室"), FAIL),  # 离职
        (Person(name="张三", unit="酒泉钢铁（集团）有限责任公司"), FAIL),  # a near miss is not us
        (Person(name="张三", unit="国网甘肃省电力公司营销服务中心"), FAIL),
        (Person(name="周八", unit=UNIT), FIX),  # homonyms elsewhere: ask, do not guess
        (Person(name="周八", unit=None), FIX),
        (Person(name="吴九", unit="国网金塔县供电公司"), FIX),  # two of that name in that unit
        (Person(name="张三", unit="国网酒泉供电公司输电运检中心"), FIX),  # the only 张三 is elsewhere
    ],
)
def test_roster_rule(judge: Judge, member: Person, expected: str) -> None:
    verdicts = judge(app(members=[Person(name="李四", unit=UNIT), member]))
    assert status(verdicts, "roster") == expected
    if expected != PASS:
        assert member.name.replace("\u3000", "").replace(" ", "") in verdicts["0.docx"].rules["roster"].reason


def test_member_unit_hint_picks_the_homonym_in_the_applying_unit(judge: Judge) -> None:
    verdicts = judge(app(unit="国网敦煌市供电公司", members=[Person(name="周八", unit=None)]))
    assert status(verdicts, "roster") == PASS


def test_without_a_roster_the_members_cannot_be_checked(judge: Judge) -> None:
    v = judge(app(), roster=None)["0.docx"]
    assert v.rules["roster"].status == FIX and "花名册" in v.rules["roster"].reason


def test_active_statuses_come_from_the_policy(judge: Judge) -> None:
    member = Person(name="郑十", unit="国网酒泉供电公司信息通信分公司")
    assert status(judge(app(members=[member])), "roster") == FAIL
    policy = policy_with(('active_statuses = ["在职"]', 'active_statuses = ["在职", "借调"]'))
    assert status(judge(app("另一项成果", members=[member]), policy=policy), "roster") == PASS


# --- member count and lead limit -------------------------------------------------------------------
def test_member_cap_and_per_category_cap(judge: Judge) -> None:
    policy = load_policy()
    cap = policy.eligibility.max_members
    people = [Person(name=f"张三{i}", unit=UNIT) for i in range(cap + 1)]
    custom = policy_with(("max_members_by_category = {}", 'max_members_by_category = { "小建议" = 2 }'))
    verdicts = judge(
        app("甲", members=people[:cap]),
        app("乙", members=people[: cap + 1]),
        app("丙", category="小建议", members=people[:3]),
        app("丁", category="小发明", members=people[:3]),
        policy=custom,
    )
    assert [status(verdicts, "member_count", f"{i}.docx") for i in range(4)] == [PASS, FAIL, FAIL, PASS]
    assert f"{cap + 1} 人" in verdicts["1.docx"].rules["member_count"].reason
    assert "“小建议”类成果" in verdicts["2.docx"].rules["member_count"].reason


def test_lead_limit_counts_one_person_by_name_and_unit(judge: Judge) -> None:
    limit = load_policy().eligibility.max_led_per_person
    lead = Person(name="张三", unit=UNIT)
    apps = [app(f"成果{i}", members=[lead]) for i in range(limit + 1)]
    # a homonym in another unit leads one more: a different person
    apps.append(
        app("别人的成果", unit="国网瓜州县供电公司", members=[Person(name="张三", unit="国网瓜州县供电公司")])
    )
    verdicts = judge(*apps, roster=None)
    led = [status(verdicts, "lead_limit", f"{i}.docx") for i in range(limit + 1)]
    assert led == [load_policy().eligibility.severity.lead_limit] * (limit + 1)
    assert status(verdicts, "lead_limit", f"{limit + 1}.docx") == PASS
    assert f"共申报 {limit + 1} 项" in verdicts["0.docx"].rules["lead_limit"].reason


def test_lead_limit_exactly_at_the_limit_passes(judge: Judge) -> None:
    limit = load_policy().eligibility.max_led_per_person
    verdicts = judge(*[app(f"成果{i}") for i in range(limit)])
    assert all(v.rules["lead_limit"].status == PASS for v in verdicts.values())


# --- completion window -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("completed_on", "expected"),
    [
        ("2023-07-01", PASS),
        ("2025-06-30", PASS),
        ("2023-06-30", FAIL),
        ("2025-07-01", FAIL),
        ("2023-07", PASS),
        ("2025-06", PASS),
        ("2023-06", FAIL),
        ("2025-07", FAIL),
        ("2024", PASS),  # the whole year lies inside the window
        ("2023", FIX),  # half inside: ask for the month
        ("2022", FAIL),
        ("2024-13", FIX),  # not a date
        (None, FIX),
    ],
)
def test_completion_window(judge: Judge, completed_on: str | None, expected: str) -> None:
    assert status(judge(app(completed_on=completed_on)), "completion_window") == expected


def test_month_overlapping_a_mid_month_window_counts_as_inside(judge: Judge) -> None:
    policy = policy_with(("completed_from = 2023-07-01", "completed_from = 2023-07-15"))
    verdicts = judge(app("甲", completed_on="2023-07"), app("乙", completed_on="2023-07-14"), policy=policy)
    assert status(verdicts, "completion_window", "0.docx") == PASS
    assert status(verdicts, "completion_window", "1.docx") == FAIL
    assert "2023年7月15日至2025年6月30日" in verdicts["1.docx"].rules["completion_window"].reason


# --- fields, opinion, length, patents, residue, extraction -----------------------------------------
def test_required_fields_are_named(judge: Judge) -> None:
    v = judge(app(summary="  ", category=None, members=[]), roster=None)["0.docx"]
    assert v.rules["required_fields"].status == FIX
    for label in ("成果简介", "成果类别", "完成人"):
        assert label in v.rules["required_fields"].reason


def test_unit_opinion_required_and_seal(judge: Judge) -> None:
    verdicts = judge(app("甲", unit_endorsed=False), app("乙", seal_present=False))
    assert status(verdicts, "unit_opinion", "0.docx") == load_policy().eligibility.severity.unit_opinion
    assert status(verdicts, "unit_opinion", "1.docx") == FIX
    not_required = policy_with(("unit_opinion_required = true", "unit_opinion_required = false"))
    assert status(judge(app("丙", unit_endorsed=False), policy=not_required), "unit_opinion") == PASS


def test_severity_is_policy_data(judge: Judge) -> None:
    assert load_policy().eligibility.severity.unit_opinion == FAIL  # the year's rule: no endorsement, refused
    lenient = policy_with(('unit_opinion = "不通过"', 'unit_opinion = "待补正"'))
    v = judge(app(unit_endorsed=False), policy=lenient)["0.docx"]
    assert v.verdict == FIX and v.rules["unit_opinion"].status == FIX


def test_length_limit_and_an_added_limit(judge: Judge) -> None:
    limit = next(lim.max for lim in load_policy().eligibility.max_chars if lim.field == "summary")
    verdicts = judge(app("甲", summary="字" * limit), app("乙", summary="字 " * (limit + 1)))
    assert status(verdicts, "length", "0.docx") == PASS  # spaces do not count
    assert status(verdicts, "length", "1.docx") == FIX
    assert f"{limit + 1:,} 字" in verdicts["1.docx"].rules["length"].reason
    extra = policy_with(
        (
            "[eligibility.severity]",
            '[[eligibility.max_chars]]\nfield = "innovations"\nmax = 5\n\n[eligibility.severity]',
        )
    )
    v = judge(app("丙", innovations="一二三四五六"), policy=extra)["0.docx"]
    assert v.rules["length"].status == FIX and "创新点" in v.rules["length"].reason


def test_patent_numbers(judge: Judge) -> None:
    verdicts = judge(
        app("甲", patents=["ZL201710601862.3", "ZL95115608.X"]),
        app("乙", patents=["ZL202421234567.8"]),
        app("丙", patents=["CN1340998A"]),
        app("丁", patents=["ZL2024212345"]),
    )
    assert status(verdicts, "patents", "0.docx") == PASS
    assert [status(verdicts, "patents", f"{i}.docx") for i in (1, 2, 3)] == [FIX] * 3
    assert "校验位应为 0" in verdicts["1.docx"].rules["patents"].reason
    assert verdicts["1.docx"].verdict == FIX  # a wrong check character is never a silent pass


def test_template_residue_and_placeholder_members(judge: Judge) -> None:
    verdicts = judge(
        app("甲", adoption="请在此处填写推广应用情况"),
        app("乙", members=[Person(name="张三", unit=UNIT), Person(name="成员2", unit=UNIT)]),
        app("丙", summary="填写说明：本栏不超过2000字。本成果……"),
    )
    assert [status(verdicts, "template_residue", f"{i}.docx") for i in range(3)] == [FIX] * 3
    assert "推广应用情况" in verdicts["0.docx"].rules["template_residue"].reason
    # a placeholder member is residue to correct, not a stranger who fails the roster
    assert status(verdicts, "roster") == PASS
    assert verdicts["1.docx"].verdict == FIX


def test_extraction_warnings_are_never_passed(judge: Judge) -> None:
    v = judge(app(), warnings={0: ["完成人表格有合并单元格，可能漏读"]})["0.docx"]
    assert v.verdict == FIX and "漏读" in v.rules["extraction"].reason


# --- duplicates and earlier awards -----------------------------------------------------------------
def test_duplicate_titles_this_year(judge: Judge) -> None:
    verdicts = judge(
        app("基于物联网的开关柜温度监测系统"),
        app("基于物联网的开关柜温度监测系统。", unit="国网瓜州县供电公司"),
        app("基于物联网的开关柜湿度监测装置"),
    )
    assert status(verdicts, "duplicate", "0.docx") == PASS  # submitted first: it stands
    assert status(verdicts, "duplicate", "1.docx") == FAIL  # the later one is refused, naming the earlier
    assert status(verdicts, "duplicate", "2.docx") == PASS
    assert "0.docx" in verdicts["1.docx"].rules["duplicate"].reason
    assert "先申报" in verdicts["1.docx"].rules["duplicate"].reason


def test_duplicate_threshold_is_policy_data(judge: Judge) -> None:
    loose = policy_with(("duplicate_title_similarity = 0.9", "duplicate_title_similarity = 0.7"))
    verdicts = judge(
        app("基于物联网的开关柜温度监测系统"),
        app("基于物联网的开关柜湿度监测装置", unit="国网瓜州县供电公司"),
        policy=loose,
    )
    assert status(verdicts, "duplicate", "1.docx") == FAIL


def _notice(year: int, title: str, unit: str, names: list[str]) -> ResultSheet:
    return ResultSheet(
        event=f"{year}年度国网甘肃省电力公司职工技术创新成果",
        organizer="国网甘肃省电力公司工会",
        date=f"{year + 1}-01-10",
        awards=[Award(level="二等奖", scope="achievement", names=names, unit=unit, title=title)],
    )


def test_achievement_awarded_in_an_earlier_year(judge: Judge) -> None:
    notices = (
        _notice(2024, "《变电站智能巡检装置》", "国网酒泉供电公司变电运维中心", ["张三"]),
        _notice(2024, "变电站智能巡检装置", "国网酒泉供电公司变电运维中心", ["张三"]),  # the PDF copy
        _notice(2025, "输电线路故障定位终端", "国网酒泉供电公司", ["李四"]),  # this year's own cycle
        _notice(2023, "配电台区数据校核平台", "国网兰州供电公司", ["外人"]),  # another company's
        _notice(2023, "营业厅远程运维系统", "国网兰州供电公司", ["张三"]),  # another company, our member
    )
    verdicts = judge(
        app("变电站智能巡检装置"),
        app("输电线路故障定位终端"),
        app("配电台区数据校核平台"),
        app("营业厅远程运维系统"),
        notices=notices,
    )
    assert [status(verdicts, "prior_award", f"{i}.docx") for i in range(4)] == [FAIL, PASS, PASS, FAIL]
    reason = verdicts["0.docx"].rules["prior_award"].reason
    assert "2024年度" in reason and reason.count("二等奖") == 1  # two copies, one finding


def test_verdict_orders_reasons_worst_first(judge: Judge) -> None:
    v = judge(app(unit_endorsed=False, completed_on="2020-01"))["0.docx"]
    assert v.verdict == FAIL
    assert v.reasons[0].startswith("完成时间（不通过）") and "单位意见（不通过）" in v.reasons[1]
    assert v.to_json() == {
        "file": "0.docx",
        "title": v.title,
        "unit": UNIT,
        "verdict": FAIL,
        "reasons": v.reasons,
    }
