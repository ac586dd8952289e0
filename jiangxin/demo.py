"""`jiangxin demo`: a fresh workspace with an example year, ingested, and every output written."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.console import Console

from .workspace import Workspace, init_workspace


def run_demo(folder: Path, *, seed: int = 2025, console: Console | None = None) -> Workspace:
    from .examples.year import write_example_year
    from .inbox import Consumer
    from .ledger import write_ledger
    from .store import Store

    say = (console or Console(stderr=True)).print
    ws = init_workspace(folder)
    say(f"示例工作区：{ws.root}")
    say("正在生成示例年度的文件（花名册、申报书、获奖名单与通报）…")
    example = write_example_year(ws.inbox / "示例", seed=seed, year=ws.year)
    # the files were just written: let them count as settled rather than wait for the settle time
    past = time.time() - ws.ingest.settle_seconds - 1
    for f in example.files:
        os.utime(f, (past, past))
    say(f"已放入收件箱 {len(example.files)} 个文件，开始入库…")
    store = Store(ws.database_url)
    summary = Consumer(ws, store).run()
    counts = summary.counts()
    say(
        f"入库 {counts.get('stored', 0)} 个，重复 {counts.get('duplicate', 0)} 个，隔离 {counts.get('failed', 0)} 个。"
    )
    outputs = [write_ledger(ws, store), ws.outbox / "ingest-log.xlsx"]
    outputs += _later_outputs(ws, store)
    say("已生成：")
    for path in outputs:
        say(f"  {path.relative_to(ws.root) if path.is_relative_to(ws.root) else path}")
    return ws


def _later_outputs(ws: Workspace, store: object) -> list[Path]:
    """Outputs of the rules, the review meeting and the reports, once a year's data is stored."""
    return []
