"""One 形式审查 rule as data: its name, Chinese label, default severity, policy keys and predicate.

Each rule is declared as a `Rule` next to its predicate in a file of `rules/eligibility/`;
`rules/registry.py` collects them, and the policy's validation, the result sheet's columns, the CLI help
and the 形式审查意见 are all derived from that one list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from jiangxin.core.records import APPLICATION_FIELD_LABELS, Application

if TYPE_CHECKING:
    from jiangxin.store import StoredRecord

    from .context import CheckContext

Status = Literal["通过", "不通过", "待补正"]
Failure = Literal["不通过", "待补正"]

PASS: Status = "通过"
FAIL: Status = "不通过"
FIX: Status = "待补正"

RANK: dict[str, int] = {PASS: 0, FIX: 1, FAIL: 2}

# fields of an application a policy may require or limit, with the label a clerk reads
FIELD_LABELS: dict[str, str] = {k: v for k, v in APPLICATION_FIELD_LABELS.items() if k != "unit_endorsed"}
TEXT_FIELDS = ("title", "unit", "category", "specialty", "summary", "innovations", "adoption")


def compact(value: object) -> str:
    """A field's text without spaces and line breaks (how the rules count and compare it)."""
    return "".join(str(value).split()) if value is not None else ""


@dataclass(frozen=True, slots=True)
class RuleResult:
    status: Status
    reason: str = ""


def passed(reason: str = "") -> RuleResult:
    return RuleResult(PASS, reason)


def worst(statuses: list[Status]) -> Status:
    """不通过 beats 待补正 beats 通过."""
    return max(statuses, key=lambda s: RANK[s], default=PASS)


def combine(results: list[RuleResult]) -> RuleResult:
    """Several findings of one rule (e.g. one per member) as one result: the worst status, all reasons."""
    bad = [r for r in results if r.status != PASS]
    if not bad:
        return passed()
    return RuleResult(worst([r.status for r in bad]), "；".join(r.reason for r in bad if r.reason))


class Params(BaseModel):
    """A rule's keys in the policy's `[eligibility]` table (frozen; an unknown key is refused)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SeverityBase(Params):
    """`[eligibility.severity]`: the registry adds one key per rule (and each rule's extra ones)."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Failure: ...


class EligibilityBase(Params):
    """`[eligibility]`: the registry builds the real model from every rule's `Params` and the severities."""

    severity: SeverityBase = Field(default_factory=SeverityBase)

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


P = TypeVar("P", bound=Params)


@dataclass(frozen=True, slots=True)
class Given(Generic[P]):
    """What a predicate sees besides the application: the year's context, its own policy keys and the
    severities the policy gives."""

    ctx: CheckContext
    params: P
    severities: SeverityBase
    name: str

    @property
    def severity(self) -> Failure:
        """What the policy makes of this rule failing."""
        return self.severity_of(self.name)

    def severity_of(self, key: str) -> Failure:
        value: Failure = getattr(self.severities, key)
        return value

    def fail(self, reason: str) -> RuleResult:
        """A finding at the rule's own severity."""
        return RuleResult(self.severity, reason)


Predicate = Callable[[Application, "StoredRecord", Given[P]], RuleResult]


def _no_criterion(params: Any) -> str:
    return ""


@dataclass(frozen=True)
class Rule(Generic[P]):
    """One 形式审查 rule.

    `name` is its key in `[eligibility.severity]` and in results; `label` its column and the word opening
    its reasons; `about` the line in `jiangxin check --help`; `order` its place among the columns;
    `params` the model of the keys it reads from `[eligibility]`; `criterion` the sentence of the
    形式审查意见's 审查标准 (empty: none); `more_severities` further keys of `[eligibility.severity]` it
    reads, with their default and meaning.
    """

    name: str
    label: str
    about: str
    order: int
    severity: Failure
    params: type[P]
    check: Predicate[P]
    criterion: Callable[[P], str] = _no_criterion
    more_severities: Mapping[str, tuple[Failure, str]] = field(default_factory=dict)

    def params_of(self, eligibility: EligibilityBase) -> P:
        """This rule's view of the policy's `[eligibility]` (the policy's model is built on every rule's)."""
        if not isinstance(eligibility, self.params):
            raise TypeError(f"实施方案的形式审查设置不含规则“{self.label}”的设置项，请重新读取实施方案")
        return eligibility

    def judge(self, app: Application, stored: StoredRecord, ctx: CheckContext) -> RuleResult:
        eligibility = ctx.policy.eligibility
        given = Given(ctx, self.params_of(eligibility), eligibility.severity, self.name)
        return self.check(app, stored, given)

    def opinion(self, eligibility: EligibilityBase) -> str:
        """The rule's 审查标准 sentence for the year's policy."""
        return self.criterion(self.params_of(eligibility))
