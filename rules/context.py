"""Everything the eligibility predicates look at besides the application itself, gathered once per run."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

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
    # record id -> (unit, title key, members) of every submission of the year, earlier versions included:
    # what tells whether a correction makes a submission a version of another (filled on first use)
    version_keys: dict[int, tuple[str, str, frozenset[str]]] = field(default_factory=dict)

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


def version_keys(
    ctx: CheckContext, earlier: Callable[[], list[StoredRecord]]
) -> dict[int, tuple[str, str, frozenset[str]]]:
    """The context's `version_keys`, worked out on first use from its applications and `earlier` (the
    earlier versions of the year's applications)."""
    from .titles import title_key
    from .versions import version_members, version_unit

    if not ctx.version_keys:
        for stored in [*ctx.applications, *earlier()]:
            app: Application = stored.record
            ctx.version_keys[stored.id] = (
                version_unit(ctx.org, app),
                title_key(app.title),
                version_members(app),
            )
    return ctx.version_keys


def with_corrected(
    ctx: CheckContext, fresh: StoredRecord, earlier: Callable[[], list[StoredRecord]]
) -> tuple[CheckContext, set[int]] | None:
    """The context with one application replaced by its corrected record (a title, unit or members set by
    hand), and the applications whose verdicts may change with it: the record, those whose titles were or
    are alike to it, and those led by the same person before or after. `earlier` gives the earlier versions
    of the year's applications. None when the correction may change which submissions are versions of one
    application (then the context is built again): the record is one of several versions, or it now
    shares its unit and title, or its unit and members, with another submission."""
    from .titles import title_key
    from .versions import version_members, version_unit

    at = {stored.id: n for n, stored in enumerate(ctx.applications)}
    if fresh.id not in at:
        return None
    app: Application = fresh.record
    unit, key, members = version_unit(ctx.org, app), title_key(app.title), version_members(app)
    keys = version_keys(ctx, earlier)
    for other_id, (their_unit, their_key, their_members) in keys.items():
        alike = (key and their_key == key) or (members and their_members == members)
        if alike and their_unit == unit and other_id != fresh.id:
            return None
    old = ctx.applications[at[fresh.id]]
    applications = list(ctx.applications)
    applications[at[fresh.id]] = fresh
    affected = {fresh.id}
    # the leads: the lists of the old and the new lead, in the applications' order
    leads = dict(ctx.leads)
    for lead in {lead_key(ctx.org, old.record), lead_key(ctx.org, app)}:
        if lead is None or not lead[0]:
            continue
        led = [s for s in leads.get(lead, []) if s.id != fresh.id]
        if lead == lead_key(ctx.org, app):
            led = sorted([*led, fresh], key=lambda s: at[s.id])
        affected |= {s.id for s in leads.get(lead, [])} | {s.id for s in led}
        if led:
            leads[lead] = led
        else:
            leads.pop(lead, None)
    # the applications alike in title: its own list anew, and its place in the lists of the others
    threshold = ctx.policy.eligibility.duplicate_title_similarity
    row = title_matches([app.title], [s.record.title for s in applications], threshold)[0]
    mine = [(applications[j], score) for j, score in row if applications[j].id != fresh.id]
    similar = dict(ctx.similar)
    before = {s.id for s, _score in ctx.similar.get(fresh.id, [])}
    now = {s.id: score for s, score in mine}
    for other_id in before | set(now):
        listed = [(s, score) for s, score in similar.get(other_id, []) if s.id != fresh.id]
        if other_id in now:
            listed = sorted([*listed, (fresh, now[other_id])], key=lambda pair: at[pair[0].id])
        if listed:
            similar[other_id] = listed
        else:
            similar.pop(other_id, None)
    if mine:
        similar[fresh.id] = mine
    else:
        similar.pop(fresh.id, None)
    affected |= before | set(now)
    prior_similar = dict(ctx.prior_similar)
    awarded = title_matches([app.title], [a.title or "" for a in ctx.prior_awards], threshold)[0]
    if awarded:
        prior_similar[fresh.id] = [(ctx.prior_awards[j], score) for j, score in awarded]
    else:
        prior_similar.pop(fresh.id, None)
    changed = replace(
        ctx, applications=applications, leads=leads, similar=similar, prior_similar=prior_similar,
        version_keys={**keys, fresh.id: (unit, key, members)},
    )  # fmt: skip
    return changed, affected
