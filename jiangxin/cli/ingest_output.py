"""What `jiangxin ingest` and `jiangxin watch` print: a progress bar or log lines, and the summary table.

Kept apart from the command definitions so that the inbox (and the store behind it) is imported only
when one of those commands runs.
"""

from __future__ import annotations

import sys

from rich.progress import TaskID
from rich.table import Table

from ..core.labels import kind_label
from ..core.warnings import readable_reason
from ..inbox import RESULT_LABELS, FileOutcome, IngestSummary, Progress
from .app import console, styled


class LineProgress(Progress):
    """Plain log lines, for logs and pipes."""

    def advance(self, outcome: FileOutcome) -> None:
        label = RESULT_LABELS.get(outcome.result, outcome.result)
        kind = kind_label(outcome.kind)
        why = f"：{readable_reason(outcome.reason)}" if outcome.reason and outcome.result != "stored" else ""
        print(f"[{label}] {outcome.file}{f' （{kind}）' if kind else ''}{why}", file=sys.stderr, flush=True)

    _shown: tuple[int, int] | None = None

    def waiting(self, files: int, seconds_left: float) -> None:
        shown = (files, round(seconds_left))
        if shown == self._shown:
            return
        self._shown = shown
        print(f"[等待] {files} 个文件仍在写入，最多再等 {seconds_left:.0f} 秒…", file=sys.stderr, flush=True)


class BarProgress(Progress):
    """A rich progress bar on a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("处理收件箱"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}", markup=False), console=console, transient=True,
        )  # fmt: skip
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("", total=total)

    def advance(self, outcome: FileOutcome) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=outcome.file[-40:])

    def waiting(self, files: int, seconds_left: float) -> None:
        console.print(f"等待 {files} 个文件写入完成… 最多再等 {seconds_left:.0f} 秒", end="\r")

    def stop(self) -> None:
        self.bar.stop()


def print_summary(summary: IngestSummary) -> None:
    counts = summary.counts()
    if not summary.outcomes:
        console.print("收件箱中没有待处理的文件。")
        return
    table = Table(title=f"本次处理 {len(summary.outcomes)} 个文件，用时 {summary.seconds:.1f} 秒")
    table.add_column("类型")
    for result in RESULT_LABELS:
        if counts.get(result):
            table.add_column(RESULT_LABELS[result], justify="right")
    shown = [r for r in RESULT_LABELS if counts.get(r)]
    by_kind = summary.by_kind()
    for kind in sorted({k for k, _ in by_kind}):
        table.add_row(kind_label(kind), *[str(by_kind.get((kind, r), "")) for r in shown])
    console.print(table)
    failed = [o for o in summary.outcomes if o.result == "failed"]
    if failed:
        console.print(styled("已隔离的文件", "bold red", "（见 outbox/quarantine/ 中同名 .error.txt）："))
        for o in failed:
            console.print(f"  {o.file}：{o.reason}")
    dups = [o for o in summary.outcomes if o.result == "duplicate"]
    if dups:
        console.print(styled("重复文件", "yellow", "："))
        for o in dups:
            console.print(f"  {o.file}：{o.reason}")
