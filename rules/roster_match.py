"""Finding an application's 完成人 in the staff roster by name and unit, without guessing between homonyms."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jiangxin.core.organization import Organization
from jiangxin.core.records import Roster, RosterPerson
from jiangxin.core.text import normalize_name

from .units import resolve_unit

# outcomes of a lookup
FOUND = "found"  # one roster row, same unit (or unit not stated and the name is unique)
MISSING = "missing"  # nobody of that name
FOREIGN = "foreign"  # the member's unit is not ours
OTHER_UNIT = "other_unit"  # same name only in other units: maybe a wrong unit, maybe another person
AMBIGUOUS = "ambiguous"  # several people of that name fit


@dataclass(frozen=True, slots=True)
class RosterMatch:
    outcome: str
    person: RosterPerson | None = None
    candidates: tuple[RosterPerson, ...] = field(default_factory=tuple)


class RosterIndex:
    """The roster keyed by unpadded name, with each person's unit resolved once."""

    def __init__(self, roster: Roster, org: Organization) -> None:
        self.org = org
        self.by_name: dict[str, list[RosterPerson]] = defaultdict(list)
        self._unit_key: dict[int, str] = {}
        for person in roster.people:
            self.by_name[normalize_name(person.name)].append(person)
            self._unit_key[id(person)] = resolve_unit(org, person.unit).key

    def match(self, name: str, unit: str | None, *, hint: str | None = None) -> RosterMatch:
        """Look up one member by name and the unit the form gives for them.

        Without a unit of their own, a unique name is enough; among several people of that name the
        one in `hint` (the application's unit) is taken when exactly one is there.
        """
        candidates = tuple(self.by_name.get(normalize_name(name), ()))
        if not (unit or "").strip():
            if not candidates:
                return RosterMatch(MISSING)
            if len(candidates) == 1:
                return RosterMatch(FOUND, candidates[0], candidates)
            hinted = self._same_unit(candidates, hint) if hint else []
            if len(hinted) == 1:
                return RosterMatch(FOUND, hinted[0], candidates)
            return RosterMatch(AMBIGUOUS, candidates=candidates)
        ref = resolve_unit(self.org, unit)
        if not ref.ours:
            return RosterMatch(FOREIGN, candidates=candidates)
        if not candidates:
            return RosterMatch(MISSING)
        if ref.key == "":
            if len(candidates) == 1:
                return RosterMatch(FOUND, candidates[0], candidates)
            return RosterMatch(AMBIGUOUS, candidates=candidates)
        same = self._same_unit(candidates, unit)
        if len(same) == 1:
            return RosterMatch(FOUND, same[0], candidates)
        if same:
            return RosterMatch(AMBIGUOUS, candidates=tuple(same))
        return RosterMatch(OTHER_UNIT, candidates=candidates)

    def _same_unit(self, people: tuple[RosterPerson, ...], unit: str | None) -> list[RosterPerson]:
        key = resolve_unit(self.org, unit).key
        return [p for p in people if self._unit_key[id(p)] == key]
