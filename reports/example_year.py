"""A generated year of records stored directly (no files): applications, a roster, the review meeting's
results, external selections and skills competitions, mixed with other companies' award lines.

Tests and the speed benchmark render the two documents from it and compute the numbers they expect
from what was generated. Every title is kept far from every other (no accidental duplicate), every
applicant is on the roster unless chosen to fail, so the eligibility verdicts are known by construction:
`missing_member` applications name someone not on the roster (不通过), `unendorsed` ones carry no
seal on the 单位意见 (待补正), the rest pass.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from extractors import EXTRACTOR_VERSION
from jiangxin.core.records import Application, Award, Person, Record, ResultSheet, Roster, RosterPerson
from jiangxin.examples.people import (
    CATEGORIES,
    NEAR_MISSES,
    OTHER_COMPANIES,
    OUR_ORG,
    OUR_SUB_UNITS,
    SPECIALTIES,
    NamePool,
    full_unit,
)
from jiangxin.store import NewDocument, Store
from rules.policy import Tier

_TECH = [
    "物联网",
    "图像识别",
    "北斗定位",
    "红外测温",
    "声纹分析",
    "数字孪生",
    "边缘计算",
    "无人机",
    "激光雷达",
    "大数据",
]
_OBJECT = [
    "变压器",
    "开关柜",
    "电缆沟",
    "绝缘子",
    "避雷器",
    "计量箱",
    "隔离开关",
    "电容器组",
    "配电房",
    "杆塔",
]
_DEVICE = [
    "在线监测装置",
    "带电检测工具",
    "故障定位系统",
    "智能巡检平台",
    "快速更换装置",
    "防误操作装置",
    "辅助安装支架",
]


@dataclass(frozen=True, slots=True)
class Line:
    """One award line as generated, with whether it is ours (known here, not derived)."""

    award: Award
    ours: bool


@dataclass(frozen=True, slots=True)
class Sheet:
    record: ResultSheet
    lines: tuple[Line, ...]
    file_name: str


@dataclass
class ExampleYear:
    year: int
    applications: list[Application] = field(default_factory=list)
    missing_member: list[Application] = field(default_factory=list)  # 不通过 by construction
    unendorsed: list[Application] = field(default_factory=list)  # 待补正 by construction (no seal)
    sheets: list[Sheet] = field(default_factory=list)
    document_ids: dict[str, int] = field(default_factory=dict)


class _Titles:
    """Achievement titles no two of which are near each other (so no duplicate rule fires); unchecked,
    titles only differ by a serial number (fast, for the speed benchmark's thousands of titles)."""

    def __init__(self, rng: random.Random, *, checked: bool = True) -> None:
        self.rng = rng
        self.checked = checked
        self.taken: list[str] = []

    def _draw(self) -> str:
        return f"基于{self.rng.choice(_TECH)}的{self.rng.choice(_OBJECT)}{self.rng.choice(_DEVICE)}"

    def __call__(self) -> str:
        if self.checked:
            for _ in range(200):
                title = self._draw()
                if all(fuzz.ratio(title, t) < 80 for t in self.taken):
                    self.taken.append(title)
                    return title
        title = f"{self._draw()}（第{len(self.taken) + 1}号）"
        self.taken.append(title)
        return title


def _new(year: int, file_name: str, kind: str, record: Record, fmt: str) -> NewDocument:
    sha = hashlib.sha256(f"{year}/{kind}/{file_name}".encode()).hexdigest()
    return NewDocument(
        sha256=sha, file_name=file_name, original_path=file_name, archived_path=f"outbox/archive/{file_name}",
        format=fmt, kind=kind, size=1, year=year, extractor_version=EXTRACTOR_VERSION, record=record,
    )  # fmt: skip


def store_example_year(
    store: Store,
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
    """Generate and store one year; `special_title` (with < and &) is one of the review's achievements.
    `distinct_titles=False` skips keeping titles apart (thousands of titles, for the benchmark)."""
    rng = random.Random(seed)
    names = NamePool(rng)
    titles = _Titles(rng, checked=distinct_titles)
    out = ExampleYear(year=year)
    roster: list[RosterPerson] = []
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
        on_roster = members[1:] if fails else members
        roster += [RosterPerson(name=m.name, unit=sub, status="在职") for m in on_roster]
        out.applications.append(app)
        if fails:
            out.missing_member.append(app)
        elif pending:
            out.unendorsed.append(app)
    _store(store, out, "员工花名册.xlsx", "roster", Roster(people=roster), "xlsx")
    for i, app in enumerate(out.applications, start=1):
        _store(store, out, f"{i:03d}-{app.unit}-申报书.docx", "application", app, "docx")

    passed = [a for a in out.applications if a not in out.missing_member and a not in out.unendorsed]
    out.sheets.append(_review_sheet(rng, year, passed))
    for k in range(external_selections):
        out.sheets.append(_selection(rng, names, titles, year, k, lines_per_sheet))
    for k in range(competitions):
        out.sheets.append(_competition(rng, names, year, k, lines_per_sheet))
    for sheet in out.sheets:
        _store(store, out, sheet.file_name, "result_sheet", sheet.record, "docx")
    return out


def _store(store: Store, out: ExampleYear, file_name: str, kind: str, record: Record, fmt: str) -> None:
    out.document_ids[file_name] = store.add_document(_new(out.year, file_name, kind, record, fmt))


def _sheet(
    event: str, organizer: str, date: str, tier: Tier | None, lines: Sequence[Line], file_name: str
) -> Sheet:
    record = ResultSheet(
        event=event, organizer=organizer, date=date, tier=tier, awards=[x.award for x in lines]
    )
    return Sheet(record=record, lines=tuple(lines), file_name=file_name)


def _review_sheet(rng: random.Random, year: int, passed: list[Application]) -> Sheet:
    """The review meeting's confirmed results: a 公司级 achievement list of our own applications."""
    chosen = passed[: max(1, len(passed) * 2 // 3)]
    special = [a for a in passed if "<" in a.title]
    chosen = [*special, *[a for a in chosen if a not in special]]
    ones = max(1, len(chosen) // 6)
    twos = max(1, len(chosen) // 3)
    lines = []
    for i, app in enumerate(chosen):
        level = "一等奖" if i < ones else "二等奖" if i < ones + twos else "三等奖"
        award = Award(
            level=level,
            scope="achievement",
            names=[m.name for m in app.members],
            unit=app.unit,
            title=app.title,
        )
        lines.append(Line(award, True))
    event = f"{year}年度{OUR_ORG}职工技术创新成果评审"  # as jiangxin.review.confirm names it
    return _sheet(
        event,
        OUR_ORG,
        f"{year}-11-{rng.randint(10, 28)}",
        "公司级",
        lines,
        f"关于公布{event}结果的通知.docx",
    )


_SELECTIONS: list[tuple[str, str, Tier | None]] = [
    ("全国能源化学地质系统优秀职工技术创新成果", "中国能源化学地质工会", "行业级"),
    ("国网甘肃省电力公司职工技术创新成果", "国网甘肃省电力公司工会", None),  # tier from the policy's table
    ("甘肃省职工优秀技术创新成果", "甘肃省总工会", "省部级"),
]


def _selection(rng: random.Random, names: NamePool, titles: _Titles, year: int, k: int, n: int) -> Sheet:
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
    return _sheet(
        event,
        organizer,
        f"{year}-0{rng.randint(3, 9)}-{rng.randint(10, 28)}",
        tier,
        lines,
        f"{event}表彰决定-{k}.docx",
    )


_CONTESTS: list[tuple[str, str, Tier | None]] = [
    ("国网甘肃省电力公司变电运维专业技能竞赛", "国网甘肃省电力公司工会", None),
    ("酒泉市职工职业技能大赛电工技能竞赛", "酒泉市总工会", None),
    ("全国电力行业配电线路工职业技能竞赛", "中国电力企业联合会", "行业级"),
]


def _competition(rng: random.Random, names: NamePool, year: int, k: int, n: int) -> Sheet:
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
    return _sheet(
        event,
        organizer,
        f"{year}-0{rng.randint(4, 9)}-{rng.randint(10, 28)}",
        tier,
        lines,
        f"关于公布{event}结果的通报-{k}.docx",
    )


EXAMPLE_REGISTRY = """\
- {名称: 王进劳模创新工作室, 类型: 创新工作室, 级别: 省公司级, 单位: 变电运维中心, 负责人: 王进, 命名年份: 2021}
- {名称: 输电线路运检创新工作室, 类型: 创新工作室, 级别: 公司级, 单位: 输电运检中心, 负责人: 李强, 命名年份: YEAR}
- {名称: 带电作业创新小组, 类型: 创新小组, 级别: 公司级, 单位: 配电运检室, 负责人: 张敏, 命名年份: YEAR}
- {名称: 计量装置改进创新小组, 类型: 创新小组, 级别: 公司级, 单位: 营销服务中心, 负责人: 刘洋, 命名年份: 2024}
- {名称: 调度自动化创新小组, 类型: 创新小组, 级别: 公司级, 单位: 电力调度控制中心, 负责人: 陈静, 命名年份: 2023}
"""
EXAMPLE_PLAN = """\
# 示例：明年工作打算
（一）深化创新平台建设
推动创新工作室提档升级，培育省公司级创新工作室。
（二）加强成果转化推广
对获奖成果开展应用评估，推广一批实用成果。
"""
EXAMPLE_HIGHLIGHTS = """\
标题: "“智”汇匠心 “创”动未来"
平台:
  - 全国劳动模范王进来到王进劳模创新工作室，与青年职工面对面交流技术难题
竞赛:
  - 承办国网甘肃省电力公司配电线路带电作业技能竞赛，54支代表队、162名选手同台竞技
关爱:
  - 全年组织一线职工健康体检1260人次，开展“送清凉”活动12场
"""


def write_example_files(root: Path, year: int) -> None:
    """The office's editable files for the example year: platform registry, next year's plan, 要事."""
    (root / "创新平台.yaml").write_text(EXAMPLE_REGISTRY.replace("YEAR", str(year)), encoding="utf-8")
    (root / "明年工作打算.txt").write_text(EXAMPLE_PLAN, encoding="utf-8")
    (root / "要事.yaml").write_text(EXAMPLE_HIGHLIGHTS, encoding="utf-8")
