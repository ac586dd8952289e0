"""Conflicts of interest (回避): who may never score what, and why.

A reviewer never scores an application of their own unit (aliases and sub-units resolved by the
organisation), nor one listing them as a member; the office adds or dismisses conflicts in
`回避声明.xlsx`. Detection is deliberately cautious (a namesake among the members is a conflict
until the office dismisses it with a reason).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from jiangxin.core.text import normalize_name

from ..core.organization import Organization
from .declarations import Declaration
from .items import Item, Reviewer, same_title, unit_key


class ConflictType(StrEnum):
    """Why a reviewer may not score an application (the value is stored; `label` is what the office reads)."""

    SAME_UNIT = "same_unit"
    MEMBER = "member"
    DECLARED = "declared"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ConflictType.SAME_UNIT: "同单位",
    ConflictType.MEMBER: "本人为完成人",
    ConflictType.DECLARED: "申明回避",
}


@dataclass(frozen=True, slots=True)
class Conflict:
    reviewer: tuple[str, str]
    application_id: int
    type: ConflictType
    detail: str
    # set when the office dismissed a detected conflict: the reason they gave
    dismissed: str | None = None

    @property
    def in_force(self) -> bool:
        return self.dismissed is None

    @property
    def label(self) -> str:
        return self.type.label


@dataclass(slots=True)
class Conflicts:
    """Every conflict found, dismissed ones included, indexed by (reviewer key, application id)."""

    items: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _index: dict[tuple[tuple[str, str], int], list[Conflict]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        index: dict[tuple[tuple[str, str], int], list[Conflict]] = defaultdict(list)
        for c in self.items:
            index[(c.reviewer, c.application_id)].append(c)
        self._index = dict(index)

    def for_pair(self, reviewer: tuple[str, str], application_id: int) -> list[Conflict]:
        return self._index.get((reviewer, application_id), [])

    def blocked(self, reviewer: tuple[str, str], application_id: int) -> bool:
        return any(c.in_force for c in self.for_pair(reviewer, application_id))

    def dismissed(self) -> list[Conflict]:
        return [c for c in self.items if not c.in_force]


def detect(org: Organization, reviewer: Reviewer, item: Item) -> list[Conflict]:
    """The conflicts that follow from the data alone: same unit, member of the application."""
    found: list[Conflict] = []
    mine, theirs = unit_key(org, reviewer.unit), unit_key(org, item.unit)
    if mine is not None and mine == theirs:
        where = mine[1] or (org.name if mine[0] == "ours" else reviewer.unit)
        found.append(
            Conflict(
                reviewer.key, item.id, ConflictType.SAME_UNIT,
                f"专家单位“{reviewer.unit}”与申报单位“{item.unit}”同属{where}",
            )
        )  # fmt: skip
    name = normalize_name(reviewer.name)
    for i, member in enumerate(item.member_names, start=1):
        if member == name:
            found.append(
                Conflict(reviewer.key, item.id, ConflictType.MEMBER, f"专家与第{i}完成人同名（{member}）")
            )
            break
    return found


def _reviewers_named(reviewers: Iterable[Reviewer], d: Declaration, org: Organization) -> list[Reviewer]:
    name = normalize_name(d.reviewer)
    named = [r for r in reviewers if r.name == name]
    if d.reviewer_unit:
        wanted = unit_key(org, d.reviewer_unit)
        named = [r for r in named if unit_key(org, r.unit) == wanted]
    return named


def _items_meant(items: Iterable[Item], d: Declaration, org: Organization) -> list[Item]:
    found = list(items)
    if d.title:
        found = [i for i in found if same_title(i.title, d.title)]
    if d.unit:
        wanted = unit_key(org, d.unit)
        found = [i for i in found if unit_key(org, i.unit) == wanted]
    return found


def find_conflicts(
    org: Organization,
    reviewers: list[Reviewer],
    items: list[Item],
    declarations: Iterable[Declaration] = (),
) -> Conflicts:
    """Detected conflicts, then the office's declarations applied on top (added or dismissed)."""
    found: list[Conflict] = [c for r in reviewers for i in items for c in detect(org, r, i)]
    warnings: list[str] = []
    for d in declarations:
        where = f"回避声明第{d.row}行"
        named = _reviewers_named(reviewers, d, org)
        meant = _items_meant(items, d, org)
        if not named:
            warnings.append(
                f"{where}：专家名单中没有“{d.reviewer}”{f'（{d.reviewer_unit}）' if d.reviewer_unit else ''}，未采用。"
            )
            continue
        if not meant:
            warnings.append(f"{where}：没有找到成果“{d.title or d.unit}”，未采用。")
            continue
        if d.action == "add":
            note = f"回避声明：{d.reason}" if d.reason else "回避声明"
            found.extend(Conflict(r.key, i.id, ConflictType.DECLARED, note) for r in named for i in meant)
            continue
        if len(named) > 1:
            warnings.append(f"{where}：专家“{d.reviewer}”同名多人，请填写专家单位；未撤销任何回避。")
            continue
        pairs = {(r.key, i.id) for r in named for i in meant}
        hit = False
        for n, c in enumerate(found):
            if (c.reviewer, c.application_id) in pairs and c.type is not ConflictType.DECLARED and c.in_force:
                found[n] = replace(c, dismissed=d.reason)
                hit = True
        if not hit:
            warnings.append(
                f"{where}：“{d.reviewer}”与“{d.title or d.unit}”之间没有可撤销的自动回避，未采用。"
            )
    return Conflicts(items=found, warnings=warnings)
