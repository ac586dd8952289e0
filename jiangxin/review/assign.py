"""Who scores what: a min-cost flow over reviewers and applications.

Source → reviewer "load slots" → reviewer → application → sink. Each application takes the policy's
number of reviewers (sink capacity); a reviewer–application edge exists only where no conflict is in
force, so a conflict can never be broken. The j-th application a reviewer takes costs (j-1)·B, a
convex cost that makes the cheapest flow the most even load; a specialty mismatch costs 1, and B
exceeds every possible sum of mismatches, so balance comes first and specialty second. Maximum flow
first: every application gets as many reviewers as the conflicts (and an optional per-reviewer cap)
allow; those left short are reported with the reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .conflicts import Conflicts, ConflictType
from .items import Item, Reviewer, specialty_matches


@dataclass(frozen=True, slots=True)
class Pair:
    reviewer: Reviewer
    item: Item
    specialty_match: bool | None


@dataclass(frozen=True, slots=True)
class Shortfall:
    item: Item
    assigned: int
    needed: int
    reason: str


@dataclass(slots=True)
class Assignment:
    reviewers: list[Reviewer]
    items: list[Item]
    conflicts: Conflicts
    per_application: int
    pairs: list[Pair] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)

    def loads(self) -> dict[tuple[str, str], int]:
        counts = Counter(p.reviewer.key for p in self.pairs)
        return {r.key: counts.get(r.key, 0) for r in self.reviewers}

    def items_of(self, reviewer: Reviewer) -> list[Item]:
        return [p.item for p in self.pairs if p.reviewer.key == reviewer.key]

    def reviewers_of(self, item: Item) -> list[Reviewer]:
        return [p.reviewer for p in self.pairs if p.item.id == item.id]

    def pair_keys(self) -> set[tuple[tuple[str, str], int]]:
        return {(p.reviewer.key, p.item.id) for p in self.pairs}


def assign(
    reviewers: list[Reviewer],
    items: list[Item],
    conflicts: Conflicts,
    per_application: int,
    max_load: int | None = None,
) -> Assignment:
    """The assignment for the given reviewers and applications; deterministic for the same input."""
    reviewers = sorted(reviewers, key=lambda r: r.key)
    items = sorted(items, key=lambda i: i.id)
    allowed: dict[int, list[int]] = {
        ri: [ai for ai, item in enumerate(items) if not conflicts.blocked(r.key, item.id)]
        for ri, r in enumerate(reviewers)
    }
    match = {
        (ri, ai): specialty_matches(reviewers[ri], items[ai]) for ri, ais in allowed.items() for ai in ais
    }
    step = len(items) * per_application + 1  # B: more than all mismatch costs together
    limit = {ri: len(ais) if max_load is None else min(len(ais), max_load) for ri, ais in allowed.items()}
    # only as many load slots as an even share needs; more while some reviewer fills them all
    window = -(-len(items) * per_application // max(1, len(reviewers))) + 1
    while True:
        slots = {ri: min(limit[ri], window) for ri in allowed}
        flow = _solve(allowed, match, slots, len(items), per_application, step)
        used = {ri: sum(flow[("r", ri)].values()) for ri in allowed}
        if all(used[ri] < slots[ri] or slots[ri] == limit[ri] for ri in allowed):
            break
        window *= 2
    result = Assignment(reviewers, items, conflicts, per_application)
    for ri, ais in allowed.items():
        for ai in ais:
            if flow[("r", ri)].get(("a", ai), 0) > 0:
                result.pairs.append(Pair(reviewers[ri], items[ai], match[(ri, ai)]))
    result.pairs.sort(key=lambda p: (p.item.id, p.reviewer.key))
    got = Counter(p.item.id for p in result.pairs)
    for item in items:
        if got[item.id] < per_application:
            result.shortfalls.append(
                Shortfall(
                    item, got[item.id], per_application,
                    _why(item, reviewers, conflicts, per_application, got[item.id], max_load),
                )
            )  # fmt: skip
    return result


def _solve(
    allowed: dict[int, list[int]],
    match: dict[tuple[int, int], bool | None],
    slots: dict[int, int],
    n_items: int,
    per_application: int,
    step: int,
) -> dict[Any, dict[Any, int]]:
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    for ri, ais in allowed.items():
        for j in range(slots[ri]):
            g.add_edge("s", ("slot", ri, j), capacity=1, weight=j * step)
            g.add_edge(("slot", ri, j), ("r", ri), capacity=1, weight=0)
        g.add_node(("r", ri))
        for ai in ais:
            g.add_edge(("r", ri), ("a", ai), capacity=1, weight=0 if match[(ri, ai)] is not False else 1)
    for ai in range(n_items):
        g.add_edge(("a", ai), "t", capacity=per_application, weight=0)
    flow: dict[Any, dict[Any, int]] = nx.max_flow_min_cost(g, "s", "t")
    return flow


def _why(
    item: Item, reviewers: list[Reviewer], conflicts: Conflicts, needed: int, got: int, max_load: int | None
) -> str:
    """Plain words for an application left short: how many reviewers each kind of conflict removed."""
    by_type: Counter[ConflictType] = Counter()
    excluded: dict[ConflictType, list[str]] = defaultdict(list)
    for r in reviewers:
        in_force = [c for c in conflicts.for_pair(r.key, item.id) if c.in_force]
        if in_force:
            by_type[in_force[0].type] += 1
            excluded[in_force[0].type].append(r.name)
    blocked = sum(by_type.values())
    free = len(reviewers) - blocked
    parts = "、".join(
        f"{t.label} {by_type[t]} 位（{'、'.join(excluded[t])}）" for t in ConflictType if by_type[t]
    )
    short = f"需要 {needed} 位专家，只分配到 {got} 位"
    if free < needed:
        why = f"名单共 {len(reviewers)} 位专家，应回避 {blocked} 位" + (f"：{parts}" if parts else "")
        return f"{short}：可评审专家不足，{why}，仅 {free} 位可评。"
    return f"{short}：可评审的 {free} 位专家均已达到每人最多 {max_load} 项的上限。"
