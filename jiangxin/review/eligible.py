"""The applications that go to review: those the year's 形式审查 passes (verdict 通过)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rules.check import check_applications
from rules.policy import Policy

from ..store import Store
from ..workspace import Workspace
from .items import Item

PASS = "通过"


@dataclass(frozen=True, slots=True)
class Eligible:
    items: list[Item]
    summary: str  # e.g. "本年度申报 12 项，形式审查通过 10 项（待补正 1 项、不通过 1 项不参加评审）"


def eligible_items(ws: Workspace, store: Store, policy: Policy) -> Eligible:
    verdicts = check_applications(ws, store, policy)
    passed = {v.record_id for v in verdicts if v.verdict == PASS}
    others = Counter(v.verdict for v in verdicts if v.verdict != PASS)
    items = [Item(r.id, r.record) for r in store.records("application", ws.year) if r.id in passed]
    rest = "、".join(f"{status} {n} 项" for status, n in sorted(others.items()))
    summary = f"本年度申报 {len(verdicts)} 项，形式审查通过 {len(items)} 项" + (
        f"（{rest}不参加评审）" if rest else ""
    )
    return Eligible(items=items, summary=summary)
