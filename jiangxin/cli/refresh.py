"""Keeping the outbox current: after `watch` stores new files, every output the office relies on is
written again from the store, so what lies in outbox/ is always today's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..store import Store
from ..workspace import Workspace


def refresh_outbox(ws: Workspace, store: Store, warn: Callable[[str], None]) -> list[Path]:
    """Write the 形式审查 results, tallies, points and ledger again, and both year-end documents when
    they were generated before; a step that fails is reported and the others still run."""
    from reports.annual import annual_name, write_annual
    from reports.news import news_name, write_news
    from reports.render.award_sheets import (
        points_sheet_name,
        tally_sheet_name,
        write_points_sheet,
        write_tally_sheet,
    )
    from rules.points import compute_points
    from rules.policy import PolicyError, load_policy
    from rules.tally import tally_awards

    from .browse import write_ledger_now
    from .rules import run_check

    try:
        policy = load_policy(ws.policy_path)
    except PolicyError as exc:
        warn(f"实施方案有误，发件箱未更新：{exc}")
        return []
    steps: list[tuple[str, Callable[[], list[Path]]]] = [
        ("形式审查结果", lambda: run_check(ws, store, policy)[1]),
        ("获奖统计", lambda: [write_tally_sheet(tally_awards(ws, store, policy), ws.outbox / tally_sheet_name(ws.year))]),
        ("创新积分", lambda: [write_points_sheet(compute_points(ws, store, policy), ws.outbox / points_sheet_name(ws.year))]),
        ("台账", lambda: [write_ledger_now(ws, store)]),
    ]  # fmt: skip
    if (ws.reports_dir / annual_name(ws.year)).exists():
        steps.append(("年度工作总结", lambda: [write_annual(ws, store, policy).docx]))
    if (ws.reports_dir / news_name(ws.year)).exists():
        steps.append(("纪实稿件", lambda: [write_news(ws, store, policy).docx]))
    written: list[Path] = []
    for label, step in steps:
        try:
            written += step()
        except Exception as exc:  # one failed output must not stop the others, nor the watch
            warn(f"{label}未能更新：{exc}")
    store.audit("refresh", "outbox", None, year=ws.year, files=[p.name for p in written])
    return written
