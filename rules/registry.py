"""Every 形式审查 rule, collected from the files of `rules/eligibility/`, and what is derived from that list:
the policy's `[eligibility]` model (keys, types, severities), the column labels and the opinion's criteria.

A rule is any `Rule` a module of the `rules.eligibility` package holds at its top level; the rules run
and are shown in the order of their `order`. Adding a rule is one file there plus its keys in the policy.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from typing import Any, cast

from pydantic import Field, create_model

from . import eligibility as _package
from .spec import EligibilityBase, Failure, Params, Rule, SeverityBase


class RegistryError(Exception):
    """Two rules that cannot stand together (same name, place or policy key); a programming error."""


@cache
def all_rules() -> tuple[Rule[Any], ...]:
    """The rules of every module of `rules.eligibility`, in their column order."""
    found: dict[str, Rule[Any]] = {}
    for info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Rule) and found.setdefault(value.name, value) is not value:
                raise RegistryError(f"two rules are named {value.name!r} (in {module.__name__})")
    rules = tuple(sorted(found.values(), key=lambda r: r.order))
    _check(rules)
    return rules


def _declared_by(model: type[Params], key: str) -> type:
    """The class that declares `key` (a key two rules share comes from one common class)."""
    return next(c for c in model.__mro__ if key in inspect.get_annotations(c))


def _check(rules: tuple[Rule[Any], ...]) -> None:
    orders = [r.order for r in rules]
    if len(set(orders)) != len(orders):
        raise RegistryError(f"two rules share one place: {sorted(orders)}")
    severities = [key for r in rules for key in (r.name, *r.more_severities)]
    if len(set(severities)) != len(severities):
        raise RegistryError(f"a key of [eligibility.severity] is declared twice: {severities}")
    owners: dict[str, type] = {"severity": EligibilityBase}
    for rule in rules:
        for key in rule.params.model_fields:
            owner = _declared_by(rule.params, key)
            if owners.setdefault(key, owner) is not owner:
                raise RegistryError(
                    f"rule {rule.name!r} declares policy key {key!r} again; share the class that declares it"
                )


def rule_labels() -> dict[str, str]:
    """Rule name → the Chinese label the clerk reads (column heading, start of a reason), in order."""
    return {rule.name: rule.label for rule in all_rules()}


def severity_keys() -> dict[str, tuple[Failure, str]]:
    """Every key of `[eligibility.severity]` with its default and what failing it means."""
    keys: dict[str, tuple[Failure, str]] = {}
    for rule in all_rules():
        keys[rule.name] = (rule.severity, rule.about)
        keys.update(rule.more_severities)
    return keys


@cache
def severity_model() -> type[SeverityBase]:
    """`[eligibility.severity]`: one key per rule (and each rule's extra ones), 不通过 or 待补正."""
    fields: dict[str, Any] = {key: (Failure, default) for key, (default, _) in severity_keys().items()}
    return create_model("Severity", __base__=SeverityBase, **fields)


@cache
def eligibility_model() -> type[EligibilityBase]:
    """`[eligibility]`: every rule's keys (with their types and checks) and the severities."""
    models = list(dict.fromkeys(rule.params for rule in all_rules()))
    # a class another rule's model extends is already a base of that model
    own = [m for m in models if not any(o is not m and issubclass(o, m) for o in models)]
    # pydantic takes fields from the last base first: reversed, they read in the rules' order
    bases: tuple[type[Params], ...] = (*reversed(own), EligibilityBase)
    severity = severity_model()
    model: type[Params] = create_model(
        "Eligibility",
        __base__=bases,
        severity=(severity, Field(default_factory=severity)),
    )
    return cast(type[EligibilityBase], model)


def criteria(eligibility: EligibilityBase) -> list[str]:
    """The 审查标准 sentences of the year's policy, rule by rule (rules without one say nothing)."""
    return [text for rule in all_rules() if (text := rule.opinion(eligibility))]


def refresh() -> None:
    """Collect the rules again (after a module was added to `rules.eligibility`)."""
    for cached in (all_rules, severity_model, eligibility_model):
        cached.cache_clear()
