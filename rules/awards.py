"""Our organisation's awards of the year, counted once each, with their tier and the files they came from.

Tallies and incentive points both start here. Other companies' lines of a notice are left out
(`Organization.owns`); the same notice dropped as docx and as PDF gives two records whose awards are
merged on (event, level, scope, names, unit, title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jiangxin.core.organization import Organization
from jiangxin.core.text import normalize_name
from jiangxin.store import Store, StoredAward

from .policy import TIERS, Policy
from .roster_match import RosterIndex
from .titles import title_key
from .units import clean_unit, resolve_unit, unit_label

UNTIERED = "未定级"
SCOPE_LABELS = {"individual": "个人", "team": "团体", "achievement": "成果", "organization": "单位"}
_LEVEL_ORDER = ("特等", "一等", "金", "二等", "银", "三等", "铜", "优秀", "优胜", "鼓励")


@dataclass(frozen=True, slots=True)
class Source:
    """One stored award line an item was counted from."""

    award_id: int
    document_id: int
    file_name: str

    def to_json(self) -> dict[str, object]:
        return {"document_id": self.document_id, "file": self.file_name, "award_id": self.award_id}


@dataclass
class AwardItem:
    """One award of ours, after merging copies of the same notice."""

    event: str
    organizer: str | None
    date: str | None
    tier: str | None
    tier_source: str
    level: str
    scope: str
    names: list[str]
    unit: str | None
    unit_label: str
    title: str | None
    rank: int | None
    honours: list[str]
    sources: list[Source] = field(default_factory=list)
    # each named person's unit as the roster knows it (where it does), and what the roster changed
    person_units: dict[str, str] = field(default_factory=dict)
    unit_note: str = ""

    def unit_of(self, name: str) -> str:
        """The unit a named person's share is counted for: the roster's, else the award's."""
        return self.person_units.get(name, self.unit_label)

    @property
    def tier_label(self) -> str:
        return self.tier or UNTIERED

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(s.file_name for s in self.sources))


def tier_of(award: StoredAward, policy: Policy) -> tuple[str | None, str]:
    """The award's tier and where it came from: stated in the notice, else the policy's table
    (organizer first, then event name; first matching row wins)."""
    if award.tier:
        return award.tier, "文件载明"
    for text, how in ((award.organizer, "按主办单位推定"), (award.event, "按竞赛（评选）名称推定")):
        if not text:
            continue
        for rule in policy.tiers:
            if any(m in text for m in rule.match):
                return rule.tier, how
    return None, "未能确定"


def dedupe_key(award: StoredAward) -> tuple[object, ...]:
    """(event, level, scope, names, unit, title) with padding, width and punctuation differences removed."""
    return (
        re.sub(r"\s", "", award.event or ""),
        re.sub(r"\s", "", award.level),
        award.scope,
        tuple(normalize_name(n) for n in award.names),
        clean_unit(award.unit),
        title_key(award.title),
    )


def roster_units(
    org: Organization, roster: RosterIndex | None, names: list[str], written: str | None
) -> tuple[dict[str, str], str, str]:
    """Each named person's unit on the roster, the unit the award counts for, and a note when the
    roster changed it. A person written as the company itself (or without a unit) counts for their
    roster unit; where the roster and the notice disagree, the roster wins."""
    label = unit_label(org, written)
    if roster is None:
        return {}, label, ""
    ref = resolve_unit(org, written)
    found: dict[str, str] = {}
    for name in names:
        people = roster.by_name.get(normalize_name(name), [])
        if ref.key:
            same = [p for p in people if resolve_unit(org, p.unit).key == ref.key]
            people = same or people
        if len(people) == 1 and people[0].unit:
            found[name] = unit_label(org, people[0].unit)
    lead = next((found[n] for n in names if n in found), None)
    if lead is None or lead == label:
        return found, label, ""
    written_as = clean_unit(written) or "（未写单位）"
    if ref.key:
        note = f"名单写作“{written_as}”，花名册中{names[0] if names else ''}在“{lead}”，按花名册计"
    else:
        note = f"名单写作“{written_as}”，按花名册计入“{lead}”"
    return found, lead, note


def our_awards(
    org: Organization, awards: list[StoredAward], policy: Policy, roster: RosterIndex | None = None
) -> list[AwardItem]:
    """The awards of `org`, each counted once, each knowing its source lines and, with the roster,
    the unit each named person belongs to."""
    items: dict[tuple[object, ...], AwardItem] = {}
    for award in awards:
        if not org.owns(award.unit):
            continue
        key = dedupe_key(award)
        source = Source(award.id, award.document_id, award.file_name)
        if key in items:
            items[key].sources.append(source)
            continue
        tier, how = tier_of(award, policy)
        names = [normalize_name(n) for n in award.names]
        people, label, note = roster_units(org, roster, names, award.unit)
        items[key] = AwardItem(
            event=award.event, organizer=award.organizer, date=award.date, tier=tier, tier_source=how,
            level=award.level, scope=award.scope, names=names, unit=award.unit, unit_label=label,
            title=award.title, rank=award.rank, honours=list(award.honours), sources=[source],
            person_units=people, unit_note=note,
        )  # fmt: skip
    return list(items.values())


def year_awards(org: Organization, store: Store, year: int, policy: Policy) -> tuple[list[AwardItem], int]:
    """Our deduplicated awards announced in `year`, and how many award lines of other units were left out."""
    stored = store.awards(year)
    foreign = sum(1 for a in stored if not org.owns(a.unit))
    roster_record = store.roster(year)
    roster = RosterIndex(roster_record.record, org) if roster_record else None
    return our_awards(org, stored, policy, roster), foreign


def level_rank(level: str) -> int:
    """Sort position of an award level: 特等 before 一等 … before 优秀/鼓励, unknown last."""
    for i, word in enumerate(_LEVEL_ORDER):
        if word in level:
            return i
    m = re.search(r"第\s*(\d+)\s*名", level)
    return len(_LEVEL_ORDER) + int(m.group(1)) if m else 99


def tier_rank(tier: str | None) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def scope_rank(scope: str) -> int:
    """个人, 团体, 成果, 单位 — the order reports list award kinds in."""
    order = list(SCOPE_LABELS)
    return order.index(scope) if scope in order else len(order)
