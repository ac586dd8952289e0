"""The year's 形式审查: every rule over every application of the year, one verdict each."""

from __future__ import annotations

from jiangxin.core.corrections import PSEUDO_FIELDS
from jiangxin.core.records import Application
from jiangxin.store import Store, StoredRecord
from jiangxin.workspace import Workspace

from .context import CheckContext
from .policy import Policy
from .registry import all_rules
from .roster_match import RosterIndex
from .verdicts import SUPERSEDED, Verdict, manual_verdict, verdict_of
from .versions import ApplicationVersions, group_versions


def application_versions(ws: Workspace, store: Store, policy: Policy) -> list[ApplicationVersions]:
    """The year's applications, each with its versions (a unit's 补正 replaces its earlier submission)."""
    return group_versions(
        ws.organization,
        store.records("application", ws.year),
        policy.eligibility.duplicate_title_similarity,
        store.version_links(),
    )


def build_context(
    ws: Workspace, store: Store, policy: Policy, groups: list[ApplicationVersions] | None = None
) -> CheckContext:
    """Gather the year's applications (their latest versions), roster and earlier awards once."""
    groups = application_versions(ws, store, policy) if groups is None else groups
    roster_record = store.roster(ws.year)
    roster = RosterIndex(roster_record.record, ws.organization) if roster_record else None
    return CheckContext.build(
        year=ws.year,
        org=ws.organization,
        policy=policy,
        applications=[g.latest for g in groups],
        roster=roster,
        awards=store.awards(),
        submitted={g.latest.id: g.submitted() for g in groups},
    )


def check_one(stored: StoredRecord, ctx: CheckContext, versions: int = 1) -> Verdict:
    """Every registered rule on one stored application; the office's own verdict (人工认定), if any, prevails."""
    app: Application = stored.record
    results = {rule.name: rule.judge(app, stored, ctx) for rule in all_rules()}
    status, reasons = verdict_of(results)
    first = app.members[0].name if app.members else ""
    verdict = Verdict(
        record_id=stored.id,
        file=stored.document.file_name,
        title=app.title,
        unit=app.unit,
        verdict=status,
        reasons=reasons,
        rules=results,
        first_member=first,
        versions=versions,
        corrected=tuple(f for f in stored.corrected_fields if f not in PSEUDO_FIELDS),
    )
    office = [c for c in stored.corrections if c.field == "verdict"]
    return manual_verdict(verdict, office[-1]) if office else verdict


def superseded_verdict(old: StoredRecord, group: ApplicationVersions) -> Verdict:
    """An earlier version: shown as 已替代, never counted."""
    app: Application = old.record
    index = group.versions.index(old)
    newer = group.versions[index + 1]
    reason = (
        f"已由第{index + 2}版替代（文件“{newer.document.file_name}”，编号 {newer.id}，"
        f"{group.why[index]}），以最新版本为准"
    )
    return Verdict(
        record_id=old.id,
        file=old.document.file_name,
        title=app.title,
        unit=app.unit,
        verdict=SUPERSEDED,
        reasons=[reason],
        rules={},
        first_member=app.members[0].name if app.members else "",
        versions=len(group.versions),
        superseded_by=group.latest.id,
    )


def check_applications(
    ws: Workspace, store: Store, policy: Policy, *, superseded: bool = False
) -> list[Verdict]:
    """The verdict of every application of the workspace's year (its latest version), in the order
    they were submitted; with `superseded`, each earlier version follows its application as 已替代."""
    groups = application_versions(ws, store, policy)
    ctx = build_context(ws, store, policy, groups)
    verdicts: list[Verdict] = []
    for group in groups:
        verdicts.append(check_one(group.latest, ctx, len(group.versions)))
        if superseded:
            verdicts += [superseded_verdict(old, group) for old in group.superseded]
    return verdicts
