"""Helpers for the tally and points tests (no tests here): a generated year of results notices that
mix our winners with other companies' and near misses, with the truth of which lines are ours."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from jiangxin.core.records import Award, ResultSheet
from jiangxin.examples.people import NEAR_MISSES, OTHER_COMPANIES, OUR_SUB_UNITS, NamePool, full_unit

OUR_NAME = "国网酒泉供电公司"

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


@dataclass
class Line:
    """One award line as generated: whether it is ours and under which unit label it counts."""

    award: Award
    ours: bool
    label: str


@dataclass
class Notice:
    sheet: ResultSheet
    tier: str  # the tier the notice has, stated or not
    lines: list[Line] = field(default_factory=list)
    copies: int = 1  # also dropped as a PDF copy when 2


def _our_unit(rng: random.Random) -> tuple[str, str]:
    """A way a notice writes one of our units, and the label it is counted under."""
    if rng.random() < 0.2:
        return rng.choice([OUR_NAME, "国网甘肃省电力公司酒泉供电公司", "国网酒泉供电公司工会"]), OUR_NAME
    sub = rng.choice(OUR_SUB_UNITS)
    return rng.choice([full_unit(sub), "国网甘肃省电力公司酒泉供电公司" + sub]), sub


def generate_notices(seed: int, year: int, n: int = 8) -> list[Notice]:
    rng = random.Random(seed)
    names = NamePool(rng)
    notices: list[Notice] = []
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
        notices.append(Notice(sheet, tier, lines, copies=2 if i % 3 == 0 else 1))
    return notices


def pdf_copy(sheet: ResultSheet) -> ResultSheet:
    """What the PDF copy of a notice reads as: the same awards, two-character names padded."""
    padded = [
        a.model_copy(update={"names": [n[0] + "\u3000" + n[1] if len(n) == 2 else n for n in a.names]})
        for a in sheet.awards
    ]
    return sheet.model_copy(update={"awards": padded})
