"""The recipes that draw an example year, each from one seeded Random (the same seed, the same year).

- `demo_year`: the demo's year — a roster, applications in every layout (some ineligible on purpose),
  results notices of every variant that mix our units with other companies'.
- `report_year`: the year-end reports' year — applications, the review meeting's results, external
  selections and skills competitions, every award line marked ours or not.
- `eligibility_year`: one planted problem per rule of the policy, each application with the findings
  it must give.
- `award_notices`: notices whose lines carry the unit label they count under, some sent twice.

Every recipe gives an `ExampleYear`; `year.store_records` stores any of them. The demo's year is also written
as files (`year.write_files`), and so is the reports' year (its 待补正 applications then read as endorsed: a
missing seal shows only on a scan); the eligibility and award-notice years hold records as stored, not as a
form prints them (padded names, blocks of every scope in any order), so they have no file form.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..core.records import Application, Award, Person, ResultSheet, Roster, RosterPerson
from .people import (
    CATEGORIES,
    NEAR_MISSES,
    OTHER_COMPANIES,
    OUR_ORG,
    OUR_SUB_UNITS,
    SPECIALTIES,
    NamePool,
    full_unit,
    pad_name,
)
from .year import Document, ExampleYear, Line

if TYPE_CHECKING:
    from rules.policy import Tier


class Titles:
    """Achievement titles no two of which are as alike as `apart` (so only a planted duplicate is one);
    unchecked, titles differ by a serial number only (fast, for thousands of titles)."""

    def __init__(self, rng: random.Random, *, apart: float = 0.8, checked: bool = True) -> None:
        self.rng = rng
        self.apart = apart
        self.checked = checked
        self.taken: list[str] = []

    def __call__(self) -> str:
        from .applications import random_title

        if self.checked:
            for _ in range(500):
                title = random_title(self.rng)
                if all(fuzz.ratio(title, t) < self.apart * 100 for t in self.taken):
                    self.taken.append(title)
                    return title
        title = f"{random_title(self.rng)}（第{len(self.taken) + 1}号）"
        self.taken.append(title)
        return title


# ---------------------------------------------------------------------------------------------
# the demo's year


def _members(rng: random.Random, roster: Roster, unit: str, n: int) -> list[Person]:
    """Members drawn from the roster, mostly from the application's own sub-unit."""
    in_service = [p for p in roster.people if p.status == "在职"]
    own = [p for p in in_service if p.unit == unit]
    others = [p for p in in_service if p.unit != unit]
    picked = rng.sample(own, min(len(own), n))
    picked += rng.sample(others, n - len(picked))
    return [
        Person(name=p.name, unit=full_unit(str(p.unit)), title=rng.choice(["工程师", "技师", "高级工程师"]))
        for p in picked
    ]


def demo_year(seed: int = 2025, year: int = 2025) -> ExampleYear:
    """A roster of 160, fourteen applications cycling through the layouts (every fourth a PDF; six with
    a planted problem named in `why`), and one notice of each variant."""
    from .applications import LAYOUTS, random_application
    from .notices import VARIANTS, random_result_sheet
    from .rosters import random_roster

    rng = random.Random(seed)
    names = NamePool(rng)
    roster = random_roster(rng, names, 160)
    ex = ExampleYear(year=year)
    ex.add(Document("员工花名册.xlsx", roster))
    units = list(OUR_SUB_UNITS)
    rng.shuffle(units)
    titles_seen: list[str] = []
    for i in range(14):
        layout = LAYOUTS[i % len(LAYOUTS)]
        sub = units[i % len(units)]
        n = rng.randint(2, 5)
        while True:  # titles far apart, so only the intended pair reads as a duplicate
            app = random_application(
                rng, names, unit=full_unit(sub), members=_members(rng, roster, sub, n),
                category=rng.choice(CATEGORIES), unit_endorsed=True,
            )  # fmt: skip
            if all(fuzz.ratio(app.title, t) < 80 for t in titles_seen):
                break
        fmt = "pdf" if i % 4 == 3 else "docx"
        name = f"{sub}-{app.title}-申报书.{fmt}"
        why = ""
        if i == 1:  # a member nobody on the roster knows
            outsider = Person(name=names.name(), unit=full_unit(sub), title="工程师")
            app = app.model_copy(update={"members": [*app.members, outsider]})
            why = f"完成人{outsider.name}不在花名册中"
        elif i == 2:  # a member who has left the company
            gone = next(p for p in roster.people if p.status == "离职")
            app = app.model_copy(
                update={"members": [*app.members, Person(name=gone.name, unit=full_unit(str(gone.unit)))]}
            )
            why = f"完成人{gone.name}已离职"
        elif i == 3:  # too many members
            app = app.model_copy(update={"members": _members(rng, roster, sub, 7)})
            why = "完成人超过6人"
        elif i == 4:  # completed before the window
            app = app.model_copy(update={"completed_on": "2023-03"})
            why = "完成时间不在申报期内"
        elif i == 5:  # the same achievement sent again: only this later one is refused
            app = app.model_copy(update={"title": titles_seen[0]})
            name = f"{sub}-{app.title}-重复申报.{fmt}"
            why = "成果名称与其他申报重复"
        elif i == 6:  # no 单位意见
            app = app.model_copy(update={"unit_endorsed": False, "submitted_on": None})
            why = "缺少单位意见"
        titles_seen.append(app.title)
        if app.unit_endorsed:  # the day its unit signed: the order the applications were submitted in
            app = app.model_copy(update={"submitted_on": f"{year}-05-{i + 1:02d}"})
        ex.add(Document(name, app, layout, why=why))

    events: set[str] = set()
    for i, variant in enumerate(VARIANTS):
        while True:  # one notice per event, so no award line is legitimately reported twice
            sheet = random_result_sheet(rng, names, variant=variant, our_share=0.35)
            if sheet.event not in events:
                events.add(sheet.event)
                break
        sheet = sheet.model_copy(update={"date": f"{year}-{rng.randint(3, 11):02d}-{rng.randint(1, 28):02d}"})
        ext = "xlsx" if variant.startswith("xlsx") else ("pdf" if i % 3 == 2 else "docx")
        ex.add(Document(f"{sheet.event[:40]}-{i + 1}.{ext}", sheet, variant))
    return ex


# ---------------------------------------------------------------------------------------------
# the year-end reports' year


def report_year(
    *,
    year: int = 2025,
    seed: int = 7,
    applications: int = 24,
    missing_member: int = 3,
    unendorsed: int = 2,
    external_selections: int = 2,
    competitions: int = 3,
    lines_per_sheet: int = 16,
    special_title: str = "基于<IEC 61850>&GOOSE的智能终端测试仪",
    distinct_titles: bool = True,
) -> ExampleYear:
    """Applications (the first `missing_member` name someone not on the roster: 不通过; the next
    `unendorsed` show no seal: 待补正), a roster of their members, the review meeting's results (the
    first sheet), external selections and competitions. `special_title` (with < and &) is one of the
    review's achievements; `distinct_titles=False` skips keeping titles apart (for the benchmark)."""
    rng = random.Random(seed)
    names = NamePool(rng)
    titles = Titles(rng, checked=distinct_titles)
    ex = ExampleYear(year=year)
    roster: list[RosterPerson] = []
    apps: list[Document] = []
    for i in range(applications):
        sub = OUR_SUB_UNITS[i % len(OUR_SUB_UNITS)]
        members = [Person(name=names.name(), unit=full_unit(sub)) for _ in range(rng.randint(1, 5))]
        fails = i < missing_member
        pending = missing_member <= i < missing_member + unendorsed
        app = Application(
            title=special_title if i == applications - 1 and special_title else titles(),
            unit=full_unit(sub),
            category=rng.choice(CATEGORIES),
            specialty=rng.choice(SPECIALTIES),
            members=members,
            completed_on=f"{year}-0{rng.randint(1, 5)}",
            summary="针对现场作业中存在的问题，研制了本成果，经试点应用效果良好。",
            innovations="结构简单，操作方便，提高了作业效率和安全性。",
            adoption="已在本单位推广应用。",
            economic_benefit_wan=round(rng.uniform(1, 50), 1),
            unit_endorsed=True,
            seal_present=False if pending else None,  # endorsed, but no seal to be seen: 待补正
        )
        roster += [
            RosterPerson(name=m.name, unit=sub, status="在职") for m in (members[1:] if fails else members)
        ]
        expected = {"roster": "不通过"} if fails else {"unit_opinion": "待补正"} if pending else {}
        apps.append(Document(f"{i + 1:03d}-{app.unit}-申报书.docx", app, "A", expected=expected))
    ex.add(Document("员工花名册.xlsx", Roster(people=roster)))
    ex.documents += apps

    passed = [d.record for d in apps if d.verdict == "通过"]
    ex.add(_review_sheet(rng, year, passed))  # type: ignore[arg-type]
    for k in range(external_selections):
        ex.add(_selection(rng, names, titles, year, k, lines_per_sheet))
    for k in range(competitions):
        ex.add(_competition(rng, names, year, k, lines_per_sheet))
    return ex


def _sheet(
    event: str, organizer: str, date: str, tier: Tier | None, lines: Sequence[Line], name: str
) -> Document:
    record = ResultSheet(
        event=event, organizer=organizer, date=date, tier=tier, awards=[x.award for x in lines]
    )
    variant = (
        "docx_decision_achievements" if lines[0].award.scope == "achievement" else "docx_notice_sections"
    )
    return Document(name, record, variant, lines=tuple(lines), tier=tier)


def _review_sheet(rng: random.Random, year: int, passed: list[Application]) -> Document:
    """The review meeting's confirmed results: a 公司级 achievement list of our own applications."""
    chosen = passed[: max(1, len(passed) * 2 // 3)]
    special = [a for a in passed if "<" in a.title]
    chosen = [*special, *[a for a in chosen if a not in special]]
    ones = max(1, len(chosen) // 6)
    twos = max(1, len(chosen) // 3)
    lines = []
    for i, app in enumerate(chosen):
        level = "一等奖" if i < ones else "二等奖" if i < ones + twos else "三等奖"
        names = [m.name for m in app.members]
        award = Award(level=level, scope="achievement", names=names, unit=app.unit, title=app.title)
        lines.append(Line(award, True))
    event = f"{year}年度{OUR_ORG}职工技术创新成果评审"  # as jiangxin.review.confirm names it
    date = f"{year}-11-{rng.randint(10, 28)}"
    return _sheet(event, OUR_ORG, date, "公司级", lines, f"关于公布{event}结果的通知.docx")


_SELECTIONS: list[tuple[str, str, Tier | None]] = [
    ("全国能源化学地质系统优秀职工技术创新成果", "中国能源化学地质工会", "行业级"),
    ("国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会", None),  # tier from the policy's table
    ("甘肃省职工优秀技术创新成果", "甘肃省总工会", "省部级"),
]


def _selection(rng: random.Random, names: NamePool, titles: Titles, year: int, k: int, n: int) -> Document:
    base, organizer, tier = _SELECTIONS[k % len(_SELECTIONS)]
    event = f"{year}年{base}" if k < len(_SELECTIONS) else f"{year}年{base}（第{k + 1}批）"
    lines = []
    for i in range(n):
        ours = i % 3 != 2
        unit = full_unit(rng.choice(OUR_SUB_UNITS)) if ours else rng.choice(OTHER_COMPANIES + NEAR_MISSES)
        level = "一等奖" if i < n // 5 else "二等奖" if i < n // 2 else "三等奖"
        award = Award(
            level=level, scope="achievement", names=[names.name() for _ in range(rng.randint(1, 4))],
            unit=unit, title=titles(),
        )  # fmt: skip
        lines.append(Line(award, ours))
    date = f"{year}-0{rng.randint(3, 9)}-{rng.randint(10, 28)}"
    return _sheet(event, organizer, date, tier, lines, f"{event}表彰决定-{k}.docx")


_CONTESTS: list[tuple[str, str, Tier | None]] = [
    ("国网甘肃省电力公司变电运维专业技能竞赛", "国网甘肃省电力公司工会", None),
    ("酒泉市职工职业技能大赛电工技能竞赛", "酒泉市总工会", None),
    ("全国电力行业配电线路工职业技能竞赛", "中国电力企业联合会", "行业级"),
]


def _competition(rng: random.Random, names: NamePool, year: int, k: int, n: int) -> Document:
    base, organizer, tier = _CONTESTS[k % len(_CONTESTS)]
    event = f"{year}年{base}" if k < len(_CONTESTS) else f"{year}年{base}（第{k + 1}场）"
    lines = []
    for i in range(n):
        ours = i % 2 == 0
        unit = full_unit(rng.choice(OUR_SUB_UNITS)) if ours else rng.choice(OTHER_COMPANIES + NEAR_MISSES)
        if i < 2:
            unit = OUR_ORG if ours else unit
            award = Award(level="优秀组织奖", scope="organization", unit=unit)
        elif i < 5:
            level = ["一等奖", "二等奖", "三等奖"][i - 2]
            award = Award(level=level, scope="team", names=[names.name() for _ in range(3)], unit=unit)
        else:
            level = "一等奖" if i < 7 else "二等奖" if i < 10 else "三等奖"
            award = Award(level=level, scope="individual", names=[names.name()], unit=unit, rank=i - 4)
        lines.append(Line(award, ours))
    date = f"{year}-0{rng.randint(4, 9)}-{rng.randint(10, 28)}"
    return _sheet(event, organizer, date, tier, lines, f"关于公布{event}结果的通报-{k}.docx")


# ---------------------------------------------------------------------------------------------
# one planted problem per eligibility rule


def patent_number(rng: random.Random, year: int, *, valid: bool = True) -> str:
    """A 专利号 whose check character follows (or, with valid=False, breaks) the CNIPA weights."""
    from ..core.text import patent_check_char

    digits = f"{year}{rng.choice('12')}{rng.randrange(10**7):07d}"
    check = patent_check_char(digits)
    if not valid:
        check = next(c for c in "0123456789X" if c != check)
    return f"ZL{digits}.{check}"


def eligibility_year(seed: int, policy: object, year: int = 2025) -> ExampleYear:
    """A roster (two people of one name in two units, three leavers), clean applications and one per
    known kind of ineligibility, each with the rule statuses `policy` gives it; the last document is an
    earlier year's notice that awarded one of them already (`prior_award`)."""
    from rules.policy import Policy

    assert isinstance(policy, Policy)
    rng = random.Random(seed)
    names = NamePool(rng)
    rules = policy.eligibility
    sev = rules.severity
    people = [
        RosterPerson(name=names.name(), employee_id=str(rng.randrange(10**8)), unit=unit, status="在职")
        for unit in OUR_SUB_UNITS
        for _ in range(12)
    ]
    leavers = [
        RosterPerson(name=names.name(), unit=rng.choice(OUR_SUB_UNITS), status="离职") for _ in range(3)
    ]
    twin_name = names.name()  # two people of one name in two units
    twins = [RosterPerson(name=twin_name, unit=u, status="在职") for u in rng.sample(OUR_SUB_UNITS, 2)]
    ex = ExampleYear(year=year)
    ex.add(Document("员工花名册.xlsx", Roster(people=[*people, *leavers, *twins])))

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
    titles = Titles(rng, apart=rules.duplicate_title_similarity - 0.15)
    cases: list[Document] = []

    def case(tag: str, **update: object) -> Document:
        day = rules.completed_from + dt.timedelta(days=rng.randrange(span + 1))
        app = Application(
            title=titles(), unit=full_unit(rng.choice(OUR_SUB_UNITS)), category=rng.choice(["小发明", "小革新", "小创造"]),
            specialty="变电", members=members(rng.randint(2, rules.max_members - 1)),
            completed_on=day.isoformat() if rng.random() < 0.5 else day.isoformat()[:7],
            summary="针对现场作业效率低的问题研制本成果。" * rng.randint(2, 6), innovations="1．结构轻便；2．操作简单。",
            adoption="已在本单位推广应用。", economic_benefit_wan=round(rng.uniform(1, 50), 1),
            patents=[patent_number(rng, rng.randint(2019, year))] if rng.random() < 0.4 else [], unit_endorsed=True,
        )  # fmt: skip
        doc = Document(f"{len(cases) + 1:02d}-{tag}-{app.title}.docx", app.model_copy(update=update))
        cases.append(doc)
        return doc

    def planted(tag: str, rule: str, status: str, **update: object) -> Document:
        doc = case(tag, **update)
        doc.expected[rule] = status
        doc.why = tag
        return doc

    for _ in range(6):
        case("合格")
    outsider = planted("不在册", "roster", sev.roster).record
    outsider.members.append(Person(name=names.name(), unit=outsider.unit))  # type: ignore[union-attr]
    gone = Person(name=leavers[0].name, unit=full_unit(str(leavers[0].unit)))
    planted("离职", "roster", sev.roster).record.members.append(gone)  # type: ignore[union-attr]
    planted("人数超限", "member_count", sev.member_count, members=members(rules.max_members + 1))
    before = rules.completed_from - dt.timedelta(days=1)  # the month before the window: outside
    planted("时间早", "completion_window", sev.completion_window, completed_on=before.isoformat()[:7])
    after = rules.completed_to + dt.timedelta(days=1)
    planted("时间晚", "completion_window", sev.completion_window, completed_on=after.isoformat())
    first = case("重复甲")
    # the same title in quotes, sent later: the later of the pair is refused, the first stands
    planted("重复乙", "duplicate", sev.duplicate, title=f"“{first.record.title}”")  # type: ignore[union-attr]
    planted("无单位意见", "unit_opinion", sev.unit_opinion, unit_endorsed=False)
    elsewhere = next(u for u in OUR_SUB_UNITS if u not in {t.unit for t in twins})
    twin = [Person(name=twin_name, unit=None), *members(2)]
    planted("同名", "roster", sev.roster_ambiguous, unit=full_unit(elsewhere), members=twin)
    planted("专利号错", "patents", sev.patents, patents=[patent_number(rng, year - 1, valid=False)])
    residue = f"{rules.template_residue[0]}推广应用情况"
    planted("模板残留", "template_residue", sev.template_residue, adoption=residue)
    blank = next(f for f in rules.required_fields if f in ("category", "summary", "innovations", "adoption"))
    planted("缺必填项", "required_fields", sev.required_fields, **{blank: "  "})
    planted("识别存疑", "extraction", sev.extraction).warnings.append("完成时间有两种写法")
    limit = max((lim.max for lim in rules.max_chars if lim.field == "summary"), default=None)
    if limit is not None:
        planted("超字数", "length", sev.length, summary="字" * (limit + 1))
    leader = free.pop()
    for _ in range(rules.max_led_per_person + 1):
        led = planted("限项", "lead_limit", sev.lead_limit)
        led.record.members.insert(0, Person(name=leader.name, unit=full_unit(str(leader.unit))))  # type: ignore[union-attr]
    awarded = planted("往年获奖", "prior_award", sev.prior_award).record
    assert isinstance(awarded, Application)
    ex.documents += cases
    prior = ResultSheet(
        event=f"{year - 1}年度国网甘肃省电力公司职工技术创新成果", organizer="国网甘肃省电力公司工会",
        date=f"{year}-01-16",
        awards=[
            Award(level="二等奖", scope="achievement", names=[m.name for m in awarded.members],
                  unit=awarded.unit, title=awarded.title),
            # another company's award with one of our clean titles: not ours, shares no member
            Award(level="一等奖", scope="achievement", names=["外单位甲"], unit="国网兰州供电公司",
                  title=cases[0].record.title),  # type: ignore[union-attr]
        ],
    )  # fmt: skip
    ex.add(Document("关于表彰上年度职工技术创新成果的决定.docx", prior))
    return ex


# ---------------------------------------------------------------------------------------------
# notices with the unit label of every line

# organizers with the tier domain notes §8 give them (国网公司 counts as 省部级, 省公司 as 地市级)
ORGANIZERS = [
    ("中国电力企业联合会", "行业级"),
    ("中国能源化学地质工会全国委员会", "行业级"),
    ("中华全国总工会", "国家级"),
    ("国家电网有限公司工会", "省部级"),
    ("国网甘肃省电力公司工会", "地市级"),
    ("国网甘肃省电力公司人力资源部", "地市级"),
    ("国网酒泉供电公司工会", "公司级"),
]
LEVELS = ["一等奖", "二等奖", "三等奖", "优秀奖"]


def _our_unit(rng: random.Random) -> tuple[str, str]:
    """A way a notice writes one of our units, and the label it is counted under."""
    if rng.random() < 0.2:
        return rng.choice([OUR_ORG, "国网甘肃省电力公司酒泉供电公司", "国网酒泉供电公司工会"]), OUR_ORG
    sub = rng.choice(OUR_SUB_UNITS)
    return rng.choice([full_unit(sub), "国网甘肃省电力公司酒泉供电公司" + sub]), sub


def pdf_copy(sheet: ResultSheet) -> ResultSheet:
    """What the PDF copy of a notice reads as: the same awards, two-character names padded."""
    padded = [
        a.model_copy(update={"names": [n[0] + "\u3000" + n[1] if len(n) == 2 else n for n in a.names]})
        for a in sheet.awards
    ]
    return sheet.model_copy(update={"awards": padded})


def award_notices(seed: int, year: int, n: int = 8) -> ExampleYear:
    """`n` notices `通报<i>.docx` of organizers of every tier (stated in a few), lines of ours under
    their labels mixed with other companies' and near misses; every third also sent as a PDF copy
    (`通报<i>.pdf`, `copy_of` the original)."""
    rng = random.Random(seed)
    names = NamePool(rng)
    ex = ExampleYear(year=year)
    titles = iter(f"第{i}号成果：{rng.choice(['巡检', '测温', '定位', '校核'])}装置" for i in range(10_000))
    for i in range(n):
        organizer, tier = rng.choice(ORGANIZERS)
        lines: list[Line] = []
        honoured: set[str] = set()  # one 优秀组织奖 per unit and notice
        for _ in range(rng.randint(6, 14)):
            scope = rng.choice(["individual", "individual", "team", "achievement", "organization"])
            roll = rng.random()
            if roll < 0.45:
                unit, label = _our_unit(rng)
                ours = True
            else:
                unit = rng.choice(NEAR_MISSES if roll < 0.6 else OTHER_COMPANIES)
                label, ours = unit, False
            if scope == "organization" and unit in honoured:
                scope = "individual"
            honoured.add(unit) if scope == "organization" else None
            count = {"individual": 1, "team": 3, "achievement": rng.randint(2, 6), "organization": 0}[scope]
            award = Award(
                level="优秀组织奖" if scope == "organization" else rng.choice(LEVELS),
                scope=scope,  # type: ignore[arg-type]
                names=[names.name() for _ in range(count)],
                unit=unit,
                title=next(titles) if scope == "achievement" else None,
                rank=rng.choice([None, 1, 2, 3, 5]) if scope == "individual" else None,
            )
            lines.append(Line(award, ours, label))
        stated = rng.random() < 0.3
        sheet = ResultSheet(
            event=f"{year}年{organizer.removesuffix('工会')}第{i + 1}届职工技能竞赛",
            organizer=organizer,
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            tier=tier if stated else None,  # type: ignore[arg-type]
            awards=[line.award for line in lines],
        )
        original = ex.add(Document(f"通报{i + 1}.docx", sheet, "", tuple(lines), tier))
        if i % 3 == 0:
            copy = pdf_copy(sheet)
            ex.add(
                Document(
                    f"通报{i + 1}.pdf", copy, original.variant, tuple(lines), tier, copy_of=original.name
                )
            )
    return ex
