"""The year's award tallies for our organisation: by event/tier/level/scope, by unit and by person.

Every count keeps the source documents it came from, so a clerk can answer "which notice says so".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .awards import AwardItem, Source, level_rank, scope_rank, tier_rank, year_awards
from .policy import Policy


class _Counted:
    """Awards counted under one heading (`items`), with the documents they come from."""

    items: list[AwardItem]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def sources(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for item in self.items:
            for s in item.sources:
                seen.setdefault(s.award_id, s)
        return list(seen.values())


@dataclass
class TallyRow(_Counted):
    """One line of the table: an event's awards of one tier, level and scope."""

    event: str
    tier: str
    level: str
    scope: str
    items: list[AwardItem] = field(default_factory=list)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event": self.event, "tier": self.tier, "level": self.level, "scope": self.scope, "count": self.count,
        }  # fmt: skip
        if explain:
            data["sources"] = [s.to_json() for s in self.sources]
        return data


@dataclass
class UnitTally(_Counted):
    """One unit's awards."""

    unit: str
    items: list[AwardItem] = field(default_factory=list)

    def by_scope(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for item in self.items:
            counts[item.scope] += 1
        return dict(counts)


@dataclass
class PersonTally(_Counted):
    """One person's awards; two people of one name are told apart by their unit."""

    name: str
    unit: str
    items: list[AwardItem] = field(default_factory=list)


@dataclass
class Tally:
    year: int
    awards: list[AwardItem]
    rows: list[TallyRow]
    by_unit: list[UnitTally]
    by_person: list[PersonTally]
    other_units_left_out: int
    copies_merged: int

    @property
    def total(self) -> int:
        return len(self.awards)


def build_tally(year: int, awards: list[AwardItem], left_out: int) -> Tally:
    """Group deduplicated awards three ways; people are told apart by name and unit."""
    rows: dict[tuple[str, str, str, str], TallyRow] = {}
    units: dict[str, UnitTally] = {}
    people: dict[tuple[str, str], PersonTally] = {}
    for item in awards:
        key = (item.event, item.tier_label, item.level, item.scope)
        rows.setdefault(key, TallyRow(*key)).items.append(item)
        units.setdefault(item.unit_label, UnitTally(item.unit_label)).items.append(item)
        for name in dict.fromkeys(item.names):
            if name:
                unit = item.unit_of(name)
                people.setdefault((name, unit), PersonTally(name, unit)).items.append(item)
    ordered_rows = sorted(
        rows.values(),
        key=lambda r: (tier_rank(r.tier), r.event, scope_rank(r.scope), level_rank(r.level), r.level),
    )
    copies = sum(len(item.sources) - 1 for item in awards)
    return Tally(
        year=year,
        awards=awards,
        rows=ordered_rows,
        by_unit=sorted(units.values(), key=lambda u: (-u.count, u.unit)),
        by_person=sorted(people.values(), key=lambda p: (-p.count, p.unit, p.name)),
        other_units_left_out=left_out,
        copies_merged=copies,
    )


def tally_awards(ws: Workspace, store: Store, policy: Policy) -> Tally:
    """Our organisation's awards announced in the workspace's year, counted once each."""
    awards, left_out = year_awards(ws.organization, store, ws.year, policy)
    return build_tally(ws.year, awards, left_out)
