"""Small hand-built records for the rule tests: a roster with leavers, namesakes and a secondment, an
application that passes every rule, and the shipped policy with a clerk's edits."""

from __future__ import annotations

from jiangxin.core.records import Application, Person, Roster, RosterPerson
from rules.policy import Policy, default_policy_path, parse_policy

ROSTER = Roster(
    people=[
        RosterPerson(name="张三", unit="变电运维中心", status="在职"),
        RosterPerson(name="李四", unit="变电运维中心", status="在职"),
        RosterPerson(name="王五", unit="瓜州县供电公司", status="在职"),
        RosterPerson(name="赵六", unit="输电运检中心", status="退休"),
        RosterPerson(name="孙七", unit="配电运检室", status="离职"),
        RosterPerson(name="周八", unit="营销服务中心", status="在职"),
        RosterPerson(name="周八", unit="敦煌市供电公司", status="在职"),
        RosterPerson(name="吴九", unit="金塔县供电公司", status="在职"),
        RosterPerson(name="吴九", unit="金塔县供电公司", status="在职"),
        RosterPerson(name="郑十", unit="信息通信分公司", status="借调"),
    ]
)
UNIT = "国网酒泉供电公司变电运维中心"


def policy_with(*edits: tuple[str, str]) -> Policy:
    """The shipped policy with some lines of its TOML changed (a clerk's edit, no code change)."""
    text = default_policy_path().read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return parse_policy(text)


def app(title: str = "变电站智能巡检装置", **fields: object) -> Application:
    base: dict[str, object] = {
        "title": title, "unit": UNIT, "category": "小发明", "specialty": "变电",
        "members": [Person(name="张三", unit=UNIT), Person(name="李四", unit=None)],
        "completed_on": "2024-05", "summary": "本成果解决了现场问题。", "innovations": "结构轻便。",
        "adoption": "已推广。", "unit_endorsed": True,
    }  # fmt: skip
    base.update(fields)
    return Application.model_validate(base)
