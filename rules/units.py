"""Which of our units a written unit name means, so that 变电运维中心 (roster) and
国网酒泉供电公司变电运维中心 (form) compare equal while other companies never do."""

from __future__ import annotations

from dataclasses import dataclass

from jiangxin.core import organization
from jiangxin.core.organization import Organization


def clean_unit(unit: str | None) -> str:
    """Unit text without padding, with full-width brackets (how Organization compares)."""
    return organization.clean_unit(unit) if unit else ""


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit as written, resolved: `key` is our sub-unit ('' = the company itself) or the cleaned
    foreign name; `ours` says whether it belongs to our organisation."""

    written: str
    key: str
    ours: bool

    @property
    def label(self) -> str:
        return self.written or "（未填写单位）"


def resolve_unit(org: Organization, unit: str | None) -> UnitRef:
    """Map a written unit onto our sub-units; an empty unit is ours and unspecific."""
    written = clean_unit(unit)
    if not written:
        return UnitRef("", "", True)
    sub = org.sub_unit_of(written)
    if sub:
        return UnitRef(written, clean_unit(sub), True)
    if org.owns(written):
        rest = written
        for name in org.names:
            rest = rest.removeprefix(clean_unit(name))
        return UnitRef(written, rest, True)
    return UnitRef(written, written, False)


def unit_label(org: Organization, unit: str | None) -> str:
    """The name a report groups a unit under: our sub-unit, else our full name, else the unit as written."""
    ref = resolve_unit(org, unit)
    if not ref.ours:
        return ref.written
    sub = org.sub_unit_of(ref.written) if ref.written else None
    return sub or org.name
