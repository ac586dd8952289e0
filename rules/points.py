"""Incentive points of the year for each person and unit, from the policy's points table.

An award is worth tier points × level factor, or its rank's own points when higher. One achievement
earns only its highest award (不兼得、就高); of an achievement only the first N members share its points.
Every point keeps the award behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .awards import AwardItem, year_awards
from .policy import PointsTable, Policy
from .titles import designations_differ, title_key

_ROUND = 2


@dataclass(frozen=True, slots=True)
class Valuation:
    """What one award is worth before it is shared, and how that was worked out."""

    points: float
    basis: str


def value_of(item: AwardItem, table: PointsTable) -> Valuation:
    """Tier points × level factor, or the rank's own points when the table lists the rank and it is higher."""
    if item.tier is None:
        return Valuation(0.0, "未能确定获奖级别，不计分（可在实施方案 tiers 表中补充主办单位）")
    base = table.base_points(item.tier)
    factor = table.level_factor(item.level)
    by_level = base * factor
    basis = f"{item.tier}基础分 {base:g} × {item.level}系数 {factor:g}"
    ranks = table.ranks(item.tier)
    if item.rank is not None and 1 <= item.rank <= len(ranks) and ranks[item.rank - 1] > by_level:
        return Valuation(
            float(ranks[item.rank - 1]), f"{item.tier}第{item.rank}名 {ranks[item.rank - 1]:g} 分"
        )
    return Valuation(by_level, basis)


@dataclass
class PointLine:
    """Points one holder (a person or a unit) gets from one award; zero lines say why not."""

    holder: str  # "person" | "unit"
    name: str
    unit: str
    points: float
    award: AwardItem
    basis: str
    note: str = ""


@dataclass
class Holder:
    name: str
    unit: str
    lines: list[PointLine] = field(default_factory=list)

    @property
    def points(self) -> float:
        return round(sum(line.points for line in self.lines), _ROUND)

    @property
    def counted(self) -> int:
        return sum(1 for line in self.lines if line.points > 0)


@dataclass
class Points:
    year: int
    people: list[Holder]
    units: list[Holder]
    lines: list[PointLine]


def _groups(items: list[AwardItem], threshold: float) -> list[list[AwardItem]]:
    """Awards that are the same achievement (similar titles of one unit or team) or the same entry
    (event, scope, names).

    Entries are grouped through a dict; an achievement is compared (by its title key, computed once)
    only with the earlier achievements of its unit or sharing a member, so cost stays near linear.
    """
    groups: list[list[AwardItem]] = []
    entries: dict[tuple[str, str, tuple[str, ...]], list[AwardItem]] = {}
    # achievement groups reachable from a unit label or a member's name, with the head's title key
    by_unit: dict[str, list[tuple[str, list[AwardItem]]]] = {}
    by_name: dict[str, list[tuple[str, list[AwardItem]]]] = {}
    for item in items:
        if item.scope != "achievement":
            key = (item.scope, item.event, tuple(item.names))
            if key in entries:
                entries[key].append(item)
            else:
                entries[key] = [item]
                groups.append(entries[key])
            continue
        title = title_key(item.title)
        candidates = by_unit.get(item.unit_label, []) + [g for n in item.names for g in by_name.get(n, [])]
        match = next((group for head_key, group in candidates if _similar(title, head_key, threshold)), None)
        if match is not None:
            match.append(item)
            continue
        group = [item]
        groups.append(group)
        by_unit.setdefault(item.unit_label, []).append((title, group))
        for n in set(item.names):
            by_name.setdefault(n, []).append((title, group))
    return groups


def _similar(a: str, b: str, threshold: float) -> bool:
    if not a or not b or designations_differ(a, b):
        return False
    return a == b or fuzz.ratio(a, b) / 100.0 >= threshold


def _credited(item: AwardItem, table: PointsTable) -> tuple[list[str], list[str]]:
    """Who shares an award's points, and who is listed but outside the first N of an achievement."""
    names = [n for n in dict.fromkeys(item.names) if n]
    if item.scope == "achievement":
        return names[: table.first_members], names[table.first_members :]
    return names, []


def _award_lines(item: AwardItem, value: Valuation, table: PointsTable, note: str) -> list[PointLine]:
    lines: list[PointLine] = []
    points = value.points if not note else 0.0
    if item.scope in table.unit_scopes:
        lines.append(PointLine("unit", item.unit_label, item.unit_label, points, item, value.basis, note))
    if item.scope in table.person_scopes:
        credited, beyond = _credited(item, table)
        share = points / len(credited) if credited and table.share == "split" else points
        split = f"，{len(credited)} 人平分" if table.share == "split" and len(credited) > 1 else ""
        for name in credited:
            lines.append(
                PointLine("person", name, item.unit_of(name), share, item, value.basis + split, note)
            )
        for i, name in enumerate(beyond, start=len(credited) + 1):
            why = note or f"排名第{i}，只有前 {table.first_members} 名完成人计分"
            lines.append(PointLine("person", name, item.unit_of(name), 0.0, item, value.basis, why))
    return lines


def points_from(year: int, awards: list[AwardItem], policy: Policy) -> Points:
    """Value every award, keep the highest of each achievement, share among the credited holders."""
    table = policy.points
    lines: list[PointLine] = []
    for group in _groups(awards, policy.eligibility.duplicate_title_similarity):
        valued = [(item, value_of(item, table)) for item in group]
        best_item, _ = max(valued, key=lambda iv: iv[1].points)
        for item, value in valued:
            note = ""
            if item is not best_item:
                note = f"同一成果已按“{best_item.event}”{best_item.level}计分（不兼得、就高）"
            lines += _award_lines(item, value, table, note)
    people: dict[tuple[str, str], Holder] = {}
    units: dict[str, Holder] = {}
    for line in lines:
        if line.holder == "person":
            people.setdefault((line.name, line.unit), Holder(line.name, line.unit)).lines.append(line)
        else:
            units.setdefault(line.name, Holder(line.name, line.unit)).lines.append(line)
    return Points(
        year=year,
        people=sorted(people.values(), key=lambda h: (-h.points, h.unit, h.name)),
        units=sorted(units.values(), key=lambda h: (-h.points, h.name)),
        lines=lines,
    )


def compute_points(ws: Workspace, store: Store, policy: Policy) -> Points:
    """Each person's and unit's incentive points for the workspace's year."""
    awards, _ = year_awards(ws.organization, store, ws.year, policy)
    return points_from(ws.year, awards, policy)
