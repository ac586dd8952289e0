"""Who "we" are: our organisation's name, aliases and sub-units, and whether a unit named in a document is ours."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .text import strip_spaces


@lru_cache(maxsize=65536)
def clean_unit(unit: str) -> str:
    """A unit name as compared: no spaces, half-width brackets made full-width."""
    return strip_spaces(unit).replace("(", "（").replace(")", "）")


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    aliases: tuple[str, ...] = ()
    sub_units: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The full name first, then the aliases, longest first among aliases."""
        return (self.name, *sorted(self.aliases, key=len, reverse=True))

    def owns(self, unit: str | None) -> bool:
        """True when the unit named in a document is us or one of our sub-units (see `_owns`)."""
        return bool(unit) and _owns(self, unit or "")

    def sub_unit_of(self, unit: str | None) -> str | None:
        """Which of our sub-units `unit` names (国网酒泉供电公司变电运维中心 → 变电运维中心), if any."""
        return _sub_unit_of(self, unit) if unit else None

    def all_units(self) -> tuple[str, ...]:
        """Every name the documents may use for us, for matchers that look for units in prose."""
        subs = [s for s in self.sub_units] + [
            "国网" + s for s in self.sub_units if s.endswith(("县供电公司", "市供电公司", "区供电公司"))
        ]
        return (*self.names, *(self.name + s for s in self.sub_units), *subs)


# Reports and checks ask about the same few hundred unit strings tens of thousands of times a year.
@lru_cache(maxsize=65536)
def _owns(org: Organization, unit: str) -> bool:
    """True when `unit` is us: one of our names or begins with one (国网酒泉供电公司工会), or —
    after an optional leading 国网 — is or begins with one of our sub-units (国网瓜州县供电公司).

    Near misses such as 酒泉市总工会 or 国网甘肃省电力公司营销服务中心 are not ours.
    """
    text = clean_unit(unit)
    if any(text.startswith(clean_unit(n)) for n in org.names if n):
        return True
    bare = text.removeprefix("国网")
    return any(bare.startswith(clean_unit(s)) for s in org.sub_units if s)


@lru_cache(maxsize=65536)
def _sub_unit_of(org: Organization, unit: str) -> str | None:
    if not _owns(org, unit):
        return None
    text = clean_unit(unit)
    for n in org.names:
        text = text.removeprefix(clean_unit(n))
    text = text.removeprefix("国网")
    for s in sorted(org.sub_units, key=len, reverse=True):
        if text.startswith(clean_unit(s)):
            return s
    return None
