"""The year's 实施方案 as data: eligibility rules, review method, tier table and incentive points.

`load_policy()` reads `rules/policy-2025.toml` (or a workspace's own file) into a frozen `Policy`;
a file with a wrong key or value is refused with its line and key, never half-applied.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from .policy_errors import dotted, explain, key_lines, line_of
from .registry import eligibility_model
from .spec import EligibilityBase

DEFAULT_POLICY = "policy-2025.toml"

Tier = Literal["国家级", "行业级", "省部级", "地市级", "公司级"]
Scope = Literal["individual", "team", "organization", "achievement"]
TIERS: tuple[str, ...] = ("国家级", "行业级", "省部级", "地市级", "公司级")


class PolicyError(Exception):
    """A policy file that cannot be used; the message names the file, line and key (in Chinese)."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None, key: str = ""):
        super().__init__(message)
        self.path = path
        self.line = line
        self.key = key


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Criterion(_Model):
    name: str = Field(min_length=1)
    max: float = Field(gt=0)


_TIE_KEYS = ("sum", "mean")


class Review(_Model):
    """How the review meeting scores, aggregates and grades (used by the review module)."""

    reviewers_per_application: int = Field(ge=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    trim_min_scores: int = Field(ge=3)
    blank_rule: Literal["exclude", "zero"]
    tie_break: tuple[str, ...]
    grade_mode: Literal["quota", "threshold"]
    quotas: dict[str, float] = Field(min_length=1)
    thresholds: dict[str, float] = Field(min_length=1)
    decimals: int = Field(ge=0, le=6)

    @field_validator("criteria")
    @classmethod
    def _unique_criteria(cls, value: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        names = [c.name for c in value]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"评分项重复：{', '.join(repeated)}")
        return value

    @field_validator("tie_break")
    @classmethod
    def _known_tie_keys(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if "criteria" not in info.data:
            return value  # the criteria themselves are wrong; that error is reported
        names = {c.name for c in info.data["criteria"]}
        for key in value:
            if key in _TIE_KEYS:
                continue
            criterion = key.removeprefix("criterion:")
            if key.startswith("criterion:") and criterion in names:
                continue
            raise ValueError(
                f"“{key}”无法比较：可用 sum、mean 或 criterion:评分项名称（{', '.join(sorted(names))}）"
            )
        return value

    @field_validator("quotas")
    @classmethod
    def _quota_shares(cls, value: dict[str, float]) -> dict[str, float]:
        for grade, share in value.items():
            if not 0 < share <= 1:
                raise ValueError(f"“{grade}”的比例应在 0 到 1 之间（如 0.1 表示 10%）")
        if sum(value.values()) > 1 + 1e-9:
            raise ValueError(f"各等级比例之和为 {sum(value.values()):g}，不能超过 1")
        return value

    @field_validator("thresholds")
    @classmethod
    def _threshold_order(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        quotas = info.data.get("quotas")
        if quotas is not None and list(value) != list(quotas):
            raise ValueError(f"等级应与 quotas 相同且顺序一致：{', '.join(quotas)}")
        scores = list(value.values())
        if any(a <= b for a, b in pairwise(scores)):
            raise ValueError("分数线应从高到低排列（一等奖最高）")
        total = sum(c.max for c in info.data.get("criteria", ()))
        if total and scores and scores[0] > total:
            raise ValueError(f"分数线 {scores[0]:g} 高于满分 {total:g}")
        return value

    @property
    def total_max(self) -> float:
        return sum(c.max for c in self.criteria)


class TierRule(_Model):
    """Awards whose organizer (or event) contains one of `match` are of `tier`."""

    match: tuple[str, ...] = Field(min_length=1)
    tier: Tier


class LevelFactor(_Model):
    """Awards whose level contains one of `match` take `factor` times the tier's points."""

    match: tuple[str, ...] = Field(min_length=1)
    factor: float = Field(gt=0, le=1)


def _known_tiers(table: Mapping[str, object]) -> None:
    unknown = [t for t in table if t not in TIERS]
    if unknown:
        raise ValueError(f"不认识的级别 {', '.join(unknown)}，可用：{', '.join(TIERS)}")


class PointsTable(_Model):
    """Incentive points: tier × level, ranks with their own points, only the highest award per achievement."""

    first_members: int = Field(ge=1)
    share: Literal["split", "each"]
    person_scopes: tuple[Scope, ...]
    unit_scopes: tuple[Scope, ...]
    other_factor: float = Field(ge=0, le=1)
    tier_points: dict[str, float]
    level_factors: tuple[LevelFactor, ...] = ()
    rank_points: dict[str, tuple[float, ...]] = Field(default_factory=dict)

    @field_validator("tier_points")
    @classmethod
    def _every_tier(cls, value: dict[str, float]) -> dict[str, float]:
        _known_tiers(value)
        missing = [t for t in TIERS if t not in value]
        if missing:
            raise ValueError(f"缺少级别 {', '.join(missing)} 的基础分（不计分的级别请写 0）")
        negative = [t for t, p in value.items() if p < 0]
        if negative:
            raise ValueError(f"基础分不能为负数：{', '.join(negative)}")
        return value

    @field_validator("rank_points")
    @classmethod
    def _ranks_descend(cls, value: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
        _known_tiers(value)
        for tier, points in value.items():
            if any(p < 0 for p in points):
                raise ValueError(f"{tier} 的名次分值不能为负数")
            if any(a < b for a, b in pairwise(points)):
                raise ValueError(f"{tier} 的名次分值应从第1名起由高到低排列")
        return value

    def base_points(self, tier: str) -> float:
        """Points of a first-grade award of `tier` (0 for a tier the table does not know)."""
        return float(self.tier_points.get(tier, 0.0))

    def ranks(self, tier: str) -> tuple[float, ...]:
        """Points for 第1名, 第2名 … at `tier` (empty when ranks earn no points of their own)."""
        return tuple(self.rank_points.get(tier, ()))

    def level_factor(self, level: str) -> float:
        """The factor of an award level: first matching row, else `other_factor` (三等奖 and below)."""
        for row in self.level_factors:
            if any(m in level for m in row.match):
                return row.factor
        return self.other_factor


class Policy(_Model):
    """One year's 实施方案."""

    year: int = Field(ge=2000, le=2100)
    title: str
    eligibility: EligibilityBase  # the model the registry builds from every rule (see `policy_model`)
    review: Review
    tiers: tuple[TierRule, ...] = Field(min_length=1)
    points: PointsTable


@cache
def _policy_model(eligibility: type[EligibilityBase]) -> type[Policy]:
    return create_model("Policy", __base__=Policy, eligibility=(eligibility, ...))


def policy_model() -> type[Policy]:
    """`Policy` whose `[eligibility]` holds every registered rule's keys and severities."""
    return _policy_model(eligibility_model())


def default_policy_path() -> Path:
    """The shipped default policy file."""
    return Path(str(resources.files("rules").joinpath(DEFAULT_POLICY)))


def load_policy(path: Path | None = None) -> Policy:
    """Read and check a policy file (None → the shipped default); raises PolicyError with line and key."""
    path = path or default_policy_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyError(f"找不到实施方案文件“{path}”。", path=path) from exc
    except UnicodeDecodeError as exc:
        raise PolicyError(f"实施方案文件“{path}”不是 UTF-8 编码的文本，请另存为 UTF-8。", path=path) from exc
    return parse_policy(text, path)


def parse_policy(text: str, path: Path | None = None) -> Policy:
    """Check TOML text as a policy; `path` only names the file in messages."""
    where = str(path) if path else "实施方案"
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        at = f"第 {line} 行" if line else ""
        raise PolicyError(f"{where} {at}格式有误（TOML 语法）：{exc}", path=path, line=line) from exc
    try:
        return policy_model().model_validate(data)
    except ValidationError as exc:
        lines = key_lines(text)
        found: list[tuple[bool, int, int | None, str, str]] = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
            line = line_of(lines, loc)
            # errors at a written key first: a misspelt key explains the "missing" one next to it
            found.append((loc not in lines, line or 0, line, dotted(loc), explain(dict(error))))
        found.sort(key=lambda f: (f[0], f[1]))
        problems = [(f"第 {line} 行，" if line else "") + f"{key}：{why}" for _, _, line, key, why in found]
        message = f"{where} 有误：\n  " + "\n  ".join(problems)
        raise PolicyError(message, path=path, line=found[0][2], key=found[0][3]) from exc
