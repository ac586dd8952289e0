"""Helpers shared by the rule tests (no tests here): storing records as the inbox would, and a
generated year whose every application carries the rule findings it was built to trigger."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from jiangxin.core.records import Application, Award, Person, ResultSheet, Roster, RosterPerson
from jiangxin.core.warnings import FieldWarning
from jiangxin.examples.people import OUR_SUB_UNITS, NamePool, full_unit, pad_name
from jiangxin.store import NewDocument, Store
from rules.policy import Policy

_counter = iter(range(1, 1_000_000))


def put(
    store: Store,
    record: object,
    file_name: str,
    *,
    year: int = 2025,
    warnings: Sequence[str | FieldWarning] = (),
) -> int:
    """Store a record the way the inbox consumer does; returns the document id."""
    data = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True)  # type: ignore[attr-defined]
    digest = hashlib.sha256(f"{file_name}|{next(_counter)}|{data}".encode()).hexdigest()
    return store.add_document(
        NewDocument(
            sha256=digest, file_name=file_name, original_path=file_name, archived_path=f"archive/{file_name}",
            format=file_name.rsplit(".", 1)[-1], kind=record.kind, size=len(data), year=year,  # type: ignore[attr-defined]
            extractor_version="test", record=record, warnings=[FieldWarning.parse(w) for w in warnings],
        )
    )  # fmt: skip


def patent_number(rng: random.Random, year: int, *, valid: bool = True) -> str:
    """A 专利号 whose check character follows (or, with valid=False, breaks) the CNIPA weights."""
    digits = f"{year}{rng.choice('12')}{rng.randrange(10**7):07d}"
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = "X" if rest == 10 else str(rest)
    if not valid:
        check = next(c for c in "0123456789X" if c != check)
    return f"ZL{digits}.{check}"


_WORDS_A = [
    "变电站",
    "配电台区",
    "输电线路",
    "电缆隧道",
    "计量箱",
    "开关柜",
    "调度主站",
    "通信机房",
    "营业厅",
    "GIS设备",
]
_WORDS_B = [
    "智能巡检",
    "带电检测",
    "防误操作",
    "快速抢修",
    "故障定位",
    "温度监测",
    "数据校核",
    "远程运维",
    "安全预警",
]
_WORDS_C = ["装置", "系统", "工具", "平台", "方法", "终端"]


def distinct_titles(rng: random.Random, n: int, apart: float) -> list[str]:
    """`n` titles, no two of which are as similar as `apart` (so only planted duplicates are duplicates)."""
    out: list[str] = []
    while len(out) < n:
        title = rng.choice(_WORDS_A) + rng.choice(_WORDS_B) + rng.choice(_WORDS_C)
        if all(fuzz.ratio(title, t) / 100 < apart - 0.15 for t in out):
            out.append(title)
    return out


@dataclass
class YearCase:
    file: str
    record: Application
    expected: dict[str, str] = field(default_factory=dict)  # rule → status other than 通过
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        statuses = set(self.expected.values())
        return "不通过" if "不通过" in statuses else "待补正" if statuses else "通过"


@dataclass
class GeneratedYear:
    roster: Roster
    cases: list[YearCase]
    prior: ResultSheet  # an earlier year's award notice


def generate_year(seed: int, policy: Policy, year: int = 2025) -> GeneratedYear:
    """A roster and applications: clean ones, and one planted problem per known kind of ineligibility."""
    rng = random.Random(seed)
    names = NamePool(rng)
    rules = policy.eligibility
    sev = rules.severity
    people: list[RosterPerson] = []
    for unit in OUR_SUB_UNITS:
        for _ in range(12):
            people.append(
                RosterPerson(
                    name=names.name(), employee_id=str(rng.randrange(10**8)), unit=unit, status="在职"
                )
            )
    leavers = [
        RosterPerson(name=names.name(), unit=rng.choice(OUR_SUB_UNITS), status="离职") for _ in range(3)
    ]
    twin_name = names.name()  # two people of one name in two units
    twins = [RosterPerson(name=twin_name, unit=u, status="在职") for u in rng.sample(OUR_SUB_UNITS, 2)]
    roster = Roster(people=[*people, *leavers, *twins])

    free = people[:]
    rng.shuffle(free)

    def members(n: int) -> list[Person]:
        out = []
        for _ in range(n):
            p = free.pop()
            unit = str(p.unit)
            alias = unit if unit.endswith("县供电公司") else "国网甘肃省电力公司酒泉供电公司" + unit
            written = rng.choice([full_unit(unit), alias, None])
            out.append(Person(name=pad_name(p.name, rng), unit=written, title="工程师"))
        return out

    span = (rules.completed_to - rules.completed_from).days
    titles = distinct_titles(rng, 24, rules.duplicate_title_similarity)
    cases: list[YearCase] = []

    def case(tag: str, **update: object) -> YearCase:
        sub = rng.choice(OUR_SUB_UNITS)
        day = rules.completed_from + dt.timedelta(days=rng.randrange(span + 1))
        app = Application(
            title=titles.pop(), unit=full_unit(sub), category=rng.choice(["小发明", "小革新", "小创造"]),
            specialty="变电", members=members(rng.randint(2, rules.max_members - 1)),
            completed_on=day.isoformat() if rng.random() < 0.5 else day.isoformat()[:7],
            summary="针对现场作业效率低的问题研制本成果。" * rng.randint(2, 6), innovations="1．结构轻便；2．操作简单。",
            adoption="已在本单位推广应用。", economic_benefit_wan=round(rng.uniform(1, 50), 1),
            patents=[patent_number(rng, rng.randint(2019, year))] if rng.random() < 0.4 else [], unit_endorsed=True,
        )  # fmt: skip
        c = YearCase(f"{len(cases) + 1:02d}-{tag}-{app.title}.docx", app.model_copy(update=update))
        cases.append(c)
        return c

    for _ in range(6):
        case("合格")
    c = case("不在册")
    c.record.members.append(Person(name=names.name(), unit=c.record.unit))
    c.expected["roster"] = sev.roster
    c = case("离职")
    c.record.members.append(Person(name=leavers[0].name, unit=full_unit(str(leavers[0].unit))))
    c.expected["roster"] = sev.roster
    c = case("人数超限", members=members(rules.max_members + 1))
    c.expected["member_count"] = sev.member_count
    before = rules.completed_from - dt.timedelta(days=1)
    c = case("时间早", completed_on=before.isoformat()[:7])  # the month before the window: outside
    c.expected["completion_window"] = sev.completion_window
    after = rules.completed_to + dt.timedelta(days=1)
    c = case("时间晚", completed_on=after.isoformat())
    c.expected["completion_window"] = sev.completion_window
    first = case("重复甲")
    second = case("重复乙", title=f"“{first.record.title}”")  # the same title in quotes
    second.expected["duplicate"] = sev.duplicate  # the later of the pair; the first stands
    c = case("无单位意见", unit_endorsed=False)
    c.expected["unit_opinion"] = sev.unit_opinion
    elsewhere = next(u for u in OUR_SUB_UNITS if u not in {t.unit for t in twins})
    c = case("同名", unit=full_unit(elsewhere), members=[Person(name=twin_name, unit=None), *members(2)])
    c.expected["roster"] = sev.roster_ambiguous
    c = case("专利号错", patents=[patent_number(rng, year - 1, valid=False)])
    c.expected["patents"] = sev.patents
    c = case("模板残留", adoption=f"{rules.template_residue[0]}推广应用情况")
    c.expected["template_residue"] = sev.template_residue
    blank = next(f for f in rules.required_fields if f in ("category", "summary", "innovations", "adoption"))
    c = case("缺必填项", **{blank: "  "})
    c.expected["required_fields"] = sev.required_fields
    c = case("识别存疑")
    c.warnings.append("完成时间有两种写法")
    c.expected["extraction"] = sev.extraction
    limit = max((lim.max for lim in rules.max_chars if lim.field == "summary"), default=None)
    if limit is not None:
        c = case("超字数", summary="字" * (limit + 1))
        c.expected["length"] = sev.length
    leader = free.pop()
    led = []
    for _ in range(rules.max_led_per_person + 1):
        c = case("限项")
        c.record.members.insert(0, Person(name=leader.name, unit=full_unit(str(leader.unit))))
        c.expected["lead_limit"] = sev.lead_limit
        led.append(c)
    c = case("往年获奖")
    c.expected["prior_award"] = sev.prior_award
    prior = ResultSheet(
        event=f"{year - 1}年度国网甘肃省电力公司职工技术创新成果", organizer="国网甘肃省电力公司工会",
        date=f"{year}-01-16",
        awards=[
            Award(level="二等奖", scope="achievement", names=[m.name for m in c.record.members],
                  unit=c.record.unit, title=c.record.title),
            # another company's award with one of our clean titles: not ours, shares no member
            Award(level="一等奖", scope="achievement", names=["外单位甲"], unit="国网兰州供电公司",
                  title=cases[0].record.title),
        ],
    )  # fmt: skip
    return GeneratedYear(roster, cases, prior)
