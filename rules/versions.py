"""Versions of one application: a unit's resubmission (补正) replaces its earlier submission.

A later submission is a new version of an earlier one when it comes from the same unit and has the
same title, or a near title (at the duplicate threshold) with the same 完成人. The office can say
otherwise for any pair (`jiangxin versions`); its word beats the automatic recognition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.text import normalize_name
from jiangxin.organization import Organization
from jiangxin.records import Application
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


def _unit_key(org: Organization, app: Application) -> str:
    return resolve_unit(org, app.unit).key or "（本公司）"


def _members(app: Application) -> frozenset[str]:
    return frozenset(normalize_name(m.name) for m in app.members if m.name.strip())


def same_application(org: Organization, earlier: Application, later: Application, threshold: float) -> str:
    """Why `later` is a new version of `earlier` ('' when it is not)."""
    if _unit_key(org, earlier) != _unit_key(org, later):
        return ""
    if title_key(earlier.title) and title_key(earlier.title) == title_key(later.title):
        return "同一单位、同一成果名称的再次报送"
    members = _members(earlier)
    if members and members == _members(later) and similarity(earlier.title, later.title) >= threshold:
        return "同一单位、完成人相同、成果名称相近的再次报送"
    return ""


def group_versions(
    org: Organization, applications: list[StoredRecord], threshold: float, links: Sequence[VersionLink] = ()
) -> list[ApplicationVersions]:
    """The year's applications with their versions, in the order each was first submitted."""
    decided: dict[frozenset[str], VersionLink] = {}
    for link in links:
        decided[frozenset((link.earlier_sha256, link.later_sha256))] = link
    groups: list[ApplicationVersions] = []
    for stored in sorted(applications, key=lambda r: r.document.id):
        sha = stored.document.sha256
        chosen: tuple[ApplicationVersions, str] | None = None
        for group in groups:
            links_here = [decided.get(frozenset((v.document.sha256, sha))) for v in group.versions]
            if any(link and link.decision == SEPARATE for link in links_here):
                continue
            office = next((link for link in links_here if link and link.decision == SAME), None)
            if office is not None:
                chosen = (group, f"办公室认定为同一成果的新版本（{office.by or '未署名'}：{office.reason}）")
                break
            why = same_application(org, group.latest.record, stored.record, threshold)
            if why and chosen is None:
                chosen = (group, why)
        if chosen is None:
            groups.append(ApplicationVersions([stored]))
        else:
            chosen[0].versions.append(stored)
            chosen[0].why.append(chosen[1])
    return sorted(groups, key=ApplicationVersions.submitted)
