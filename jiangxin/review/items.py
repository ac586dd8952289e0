"""The review's view of people and applications: reviewers keyed by (name, unit), applications by store id."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiangxin.core.text import nfkc, normalize_name, strip_spaces

from ..core.organization import Organization
from ..core.records import Application, ReviewerEntry

_SPECIALTY_SPLIT = re.compile(r"[、，,；;/／\s]+")
_TITLE_MARKS = str.maketrans("", "", '《》〈〉“”"')


@dataclass(frozen=True, slots=True)
class Reviewer:
    """A 评审专家. `key` (normalised name, unit as written) identifies them everywhere."""

    name: str
    unit: str
    specialty: str = ""
    internal: bool | None = None
    contact: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.unit)

    @property
    def specialties(self) -> tuple[str, ...]:
        return tuple(s for s in _SPECIALTY_SPLIT.split(self.specialty) if s)

    @classmethod
    def from_entry(cls, entry: ReviewerEntry) -> Reviewer:
        return cls(
            name=normalize_name(entry.name),
            unit=(entry.unit or "").strip(),
            specialty=(entry.specialty or "").strip(),
            internal=entry.internal,
            contact=(entry.contact or "").strip(),
        )


@dataclass(frozen=True, slots=True)
class Item:
    """An eligible application under review: its store record id and its record."""

    id: int
    application: Application

    @property
    def title(self) -> str:
        return self.application.title

    @property
    def unit(self) -> str:
        return self.application.unit

    @property
    def member_names(self) -> tuple[str, ...]:
        return tuple(normalize_name(m.name) for m in self.application.members)


def same_title(a: str, b: str) -> bool:
    """Titles compared without spaces, book-title marks and width differences."""
    return nfkc(strip_spaces(a)).translate(_TITLE_MARKS) == nfkc(strip_spaces(b)).translate(_TITLE_MARKS)


def unit_key(org: Organization, unit: str | None) -> tuple[str, str] | None:
    """What "the same unit" means: one of our sub-units, our company level, or another body's name.

    Our units compare by sub-unit (国网酒泉供电公司变电运维中心 = 变电运维中心); anything of ours
    that names no sub-unit is company level. Other bodies compare by normalised name.
    """
    if not unit or not unit.strip():
        return None
    if org.owns(unit):
        return ("ours", org.sub_unit_of(unit) or "")
    return ("other", nfkc(strip_spaces(unit)))


def specialty_matches(reviewer: Reviewer, item: Item) -> bool | None:
    """True when one of the reviewer's specialties names the application's (either way round);
    None when the application states no specialty, so neither choice is preferred."""
    wanted = nfkc(strip_spaces(item.application.specialty or ""))
    if not wanted:
        return None
    return any(s and (s in wanted or wanted in s) for s in (nfkc(x) for x in reviewer.specialties))
