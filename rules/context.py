"""Everything the eligibility predicates look at besides the application itself, gathered once per run."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from jiangxin.core.organization import Organization
from jiangxin.core.records import Application
from jiangxin.core.text import normalize_name
from jiangxin.store import StoredAward, StoredRecord

from .policy import Policy
from .roster_match import RosterIndex
from .titles import title_matches
from .units import resolve_unit

_EVENT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def award_cycle_year(award: StoredAward) -> int:
    """The year an award belongs to: the year its event names ('2024年度…成果', announced in 2025),
    else the year it was announced."""
    m = _EVENT_YEAR.search(award.event or "")
    return int(m.group(1)) if m else award.year


def lead_key(org: Organization, app: Application) -> tuple[str, str] | None:
    """Who leads an application: the first member's unpadded name and resolved unit."""
    if not app.members:
        return None
    first = app.members[0]
    return normalize_name(first.name), resolve_unit(org, first.unit or app.unit).key


@dataclass
class CheckContext:
    year: int
    org: Organization
    policy: Policy
    applications: list[StoredRecord]
    roster: RosterIndex | None
    prior_awards: list[StoredAward]
    leads: dict[tuple[str, str], list[StoredRecord]] = field(default_factory=dict)
    # record id -> the other applications whose titles reach the duplicate threshold, with the score
    similar: dict[int, list[tuple[StoredRecord, float]]] = field(default_factory=dict)
    # record id -> earlier awards whose achievement title reaches the threshold, with the score
    prior_similar: dict[int, list[tuple[StoredAward, float]]] = field(default_factory=dict)
    # record id -> when its application was first submitted (sortable); earlier submissions win duplicates
    submitted: dict[int, tuple[str, int]] = field(default_factory=dict)

    def submitted_before(self, a: StoredRecord, b: StoredRecord) -> bool:
        """True when application `a` was submitted before `b`."""
        key_a = self.submitted.get(a.id, ("", a.document.id))
        key_b = self.submitted.get(b.id, ("", b.document.id))
        return key_a < key_b

    @classmethod
    def build(
        cls,
        *,
        year: int,
        org: Organization,
        policy: Policy,
        applications: list[StoredRecord],
        roster: RosterIndex | None,
        awards: list[StoredAward],
        submitted: dict[int, tuple[str, int]] | None = None,
    ) -> CheckContext:
        scopes = set(policy.eligibility.prior_award_scopes)
        prior = [a for a in awards if a.scope in scopes and a.title and award_cycle_year(a) < year]
        leads: dict[tuple[str, str], list[StoredRecord]] = defaultdict(list)
        for stored in applications:
            key = lead_key(org, stored.record)
            if key and key[0]:
                leads[key].append(stored)
        threshold = policy.eligibility.duplicate_title_similarity
        return cls(
            year, org, policy, applications, roster, prior, dict(leads),
            similar_titles(applications, threshold), prior_titles(applications, prior, threshold),
            submitted or {},
        )  # fmt: skip


def similar_titles(
    applications: list[StoredRecord], threshold: float
) -> dict[int, list[tuple[StoredRecord, float]]]:
    """Every other application whose title is at least `threshold` alike, per application."""
    titles = [stored.record.title for stored in applications]
    found: dict[int, list[tuple[StoredRecord, float]]] = {}
    for stored, matches in zip(applications, title_matches(titles, titles, threshold), strict=True):
        others = [(applications[j], score) for j, score in matches if applications[j].id != stored.id]
        if others:
            found[stored.id] = others
    return found


def prior_titles(
    applications: list[StoredRecord], awards: list[StoredAward], threshold: float
) -> dict[int, list[tuple[StoredAward, float]]]:
    """The earlier awards whose achievement title is at least `threshold` alike, per application."""
    titles = [stored.record.title for stored in applications]
    found: dict[int, list[tuple[StoredAward, float]]] = {}
    for stored, matches in zip(
        applications, title_matches(titles, [a.title or "" for a in awards], threshold), strict=True
    ):
        if matches:
            found[stored.id] = [(awards[j], score) for j, score in matches]
    return found
