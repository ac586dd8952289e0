"""Versions of one application: a unit's resubmission (补正) replaces its earlier submission.

A later submission is a new version of an earlier one when it comes from the same unit and has the
same title, or a near title (at the duplicate threshold) with the same 完成人. The office can say
otherwise for any pair (`jiangxin versions`); its word beats the automatic recognition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jiangxin.core.organization import Organization
from jiangxin.core.records import Application
from jiangxin.core.text import normalize_name
from jiangxin.store import StoredRecord, VersionLink

from .titles import similarity, title_key
from .units import resolve_unit

SAME = "same"
SEPARATE = "separate"


@dataclass
class ApplicationVersions:
    """One application: its submissions in the order they arrived, and why each later one replaced
    the one before it."""

    versions: list[StoredRecord]
    why: list[str] = field(default_factory=list)  # one entry per version after the first

    @property
    def latest(self) -> StoredRecord:
        return self.versions[-1]

    @property
    def first(self) -> StoredRecord:
        return self.versions[0]

    @property
    def superseded(self) -> list[StoredRecord]:
        return self.versions[:-1]

    def submitted(self) -> tuple[str, int]:
        """When the application was first submitted: the date its unit signed the first version (or
        the day that version arrived), then arrival order."""
        return submission_key(self.first)


def submission_key(stored: StoredRecord) -> tuple[str, int]:
    app: Application = stored.record
    day = app.submitted_on or stored.document.ingested_at.date().isoformat()
    return day, stored.document.id


def version_unit(org: Organization, app: Application) -> str:
    """The unit an application is a version within (its resolved unit, or the company itself)."""
    return resolve_unit(org, app.unit).key or "（本公司）"


def version_members(app: Application) -> frozenset[str]:
    """The normalised names of an application's members, as versions of it are recognised by."""
    return frozenset(normalize_name(m.name) for m in app.members if m.name.strip())


def same_application(org: Organization, earlier: Application, later: Application, threshold: float) -> str:
    """Why `later` is a new version of `earlier` ('' when it is not)."""
    if version_unit(org, earlier) != version_unit(org, later):
        return ""
    if title_key(earlier.title) and title_key(earlier.title) == title_key(later.title):
        return "同一单位、同一成果名称的再次报送"
    members = version_members(earlier)
    if members and members == version_members(later) and similarity(earlier.title, later.title) >= threshold:
        return "同一单位、完成人相同、成果名称相近的再次报送"
    return ""


def group_versions(
    org: Organization, applications: list[StoredRecord], threshold: float, links: Sequence[VersionLink] = ()
) -> list[ApplicationVersions]:
    """The year's applications with their versions, in the order each was first submitted.

    Groups are found through indexes (unit and title; unit and members), so a year of thousands of
    applications costs a dict lookup each, not a comparison with every earlier one."""
    decided: dict[frozenset[str], VersionLink] = {}
    linked: dict[str, set[str]] = {}
    for link in links:
        decided[frozenset((link.earlier_sha256, link.later_sha256))] = link
        linked.setdefault(link.earlier_sha256, set()).add(link.later_sha256)
        linked.setdefault(link.later_sha256, set()).add(link.earlier_sha256)
    groups: list[ApplicationVersions] = []
    of_sha: dict[str, ApplicationVersions] = {}
    by_title: dict[tuple[str, str], list[ApplicationVersions]] = {}
    by_members: dict[tuple[str, frozenset[str]], list[ApplicationVersions]] = {}
    for stored in sorted(applications, key=lambda r: r.document.id):
        app: Application = stored.record
        sha = stored.document.sha256
        unit, title, members = version_unit(org, app), title_key(app.title), version_members(app)

        def allowed(group: ApplicationVersions, sha: str = sha) -> bool:
            """No office decision keeps this submission apart from the group."""
            return not any(
                (link := decided.get(frozenset((v.document.sha256, sha)))) and link.decision == SEPARATE
                for v in group.versions
            )

        chosen: tuple[ApplicationVersions, str] | None = None
        for other in linked.get(sha, ()):  # the office's word first
            link = decided[frozenset((other, sha))]
            group = of_sha.get(other)
            if link.decision == SAME and group is not None and allowed(group):
                chosen = (group, f"办公室认定为同一成果的新版本（{link.by or '未署名'}：{link.reason}）")
                break
        if chosen is None and title:
            group = next((g for g in reversed(by_title.get((unit, title), [])) if allowed(g)), None)
            if group is not None:
                chosen = (group, "同一单位、同一成果名称的再次报送")
        if chosen is None and members:
            for group in reversed(by_members.get((unit, members), [])):
                if allowed(group) and similarity(group.latest.record.title, app.title) >= threshold:
                    chosen = (group, "同一单位、完成人相同、成果名称相近的再次报送")
                    break
        if chosen is None:
            target = ApplicationVersions([stored])
            groups.append(target)
        else:
            target = chosen[0]
            target.versions.append(stored)
            target.why.append(chosen[1])
        of_sha[sha] = target
        if title and target not in by_title.setdefault((unit, title), []):
            by_title[(unit, title)].append(target)
        if members and target not in by_members.setdefault((unit, members), []):
            by_members[(unit, members)].append(target)
    return sorted(groups, key=ApplicationVersions.submitted)
