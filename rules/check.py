"""The year's 形式审查: every rule over every application of the year, one verdict each."""

from __future__ import annotations

from collections.abc import Callable

from jiangxin.records import Application
from jiangxin.store import Store, StoredRecord
from jiangxin.workspace import Workspace

from . import predicates_duplicates as dup
from . import predicates_form as form
from . import predicates_people as people
from .context import CheckContext
from .policy import Policy
from .roster_match import RosterIndex
from .verdicts import RULE_LABELS, RuleResult, Verdict, verdict_of

Predicate = Callable[[Application, StoredRecord, CheckContext], RuleResult]

PREDICATES: dict[str, Predicate] = {
    "extraction": form.extraction,
    "required_fields": form.required_fields,
    "roster": people.roster,
    "member_count": people.member_count,
    "lead_limit": people.lead_limit,
    "completion_window": form.completion_window,
    "unit_opinion": form.unit_opinion,
    "duplicate": dup.duplicate,
    "prior_award": dup.prior_award,
    "length": form.length,
    "patents": form.patents,
    "template_residue": form.template_residue,
}
assert list(PREDICATES) == list(RULE_LABELS), "every rule needs a column label, in the same order"


def build_context(ws: Workspace, store: Store, policy: Policy) -> CheckContext:
    """Gather the year's applications, roster and earlier awards once."""
    applications = store.records("application", ws.year)
    roster_record = store.roster(ws.year)
    roster = RosterIndex(roster_record.record, ws.organization) if roster_record else None
    return CheckContext.build(
        year=ws.year,
        org=ws.organization,
        policy=policy,
        applications=applications,
        roster=roster,
        awards=store.awards(),
    )


def check_one(stored: StoredRecord, ctx: CheckContext) -> Verdict:
    """Every rule on one stored application."""
    app: Application = stored.record
    results = {name: predicate(app, stored, ctx) for name, predicate in PREDICATES.items()}
    status, reasons = verdict_of(results)
    first = app.members[0].name if app.members else ""
    return Verdict(
        record_id=stored.id,
        file=stored.document.file_name,
        title=app.title,
        unit=app.unit,
        verdict=status,
        reasons=reasons,
        rules=results,
        first_member=first,
    )


def check_applications(ws: Workspace, store: Store, policy: Policy) -> list[Verdict]:
    """The verdict of every application of the workspace's year, in the order they were received."""
    ctx = build_context(ws, store, policy)
    return [check_one(stored, ctx) for stored in ctx.applications]
