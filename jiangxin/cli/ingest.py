"""`jiangxin ingest` (one pass over the inbox) and `jiangxin watch` (keep going)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.progress import TaskID
from rich.table import Table

from ..core.labels import kind_label
from ..core.warnings import readable_reason
from ..inbox import RESULT_LABELS, FileOutcome, IngestSummary, Progress, scan_inbox
from .app import JsonOption, WorkspaceOption, app, console, is_tty, load_workspace, open_store, styled
from .help_zh import ChineseCommand


class _LineProgress(Progress):
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


class _BarProgress(Progress):
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


@app.command(cls=ChineseCommand)
def ingest(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """处理收件箱中的全部文件：识别、入库、归档；无法处理的文件隔离并说明原因。

    \b
    示例：jiangxin ingest
    """
    from ..inbox import Consumer

    ws = load_workspace(workspace)
    ws.ensure_folders()
    if not scan_inbox(ws.inbox) and not ws.claims_dir.exists():
        # nothing to do: answer at once, without opening the database
        if as_json:
            print(json.dumps(IngestSummary().to_json(), ensure_ascii=False))
        else:
            print_summary(IngestSummary())
        return
    store = open_store(ws)
    progress: Progress = _BarProgress() if is_tty() and not as_json else _LineProgress()
    try:
        summary = Consumer(ws, store, progress=progress, wait_for_settle=True).run()
    finally:
        if isinstance(progress, _BarProgress):
            progress.stop()
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        print_summary(summary)


@app.command(cls=ChineseCommand)
def watch(
    workspace: WorkspaceOption = None,
    polling: Annotated[bool, typer.Option("--polling", help="用轮询方式监视（网络共享盘）")] = False,
    once_idle: Annotated[
        float,
        typer.Option(
            "--stop-after-idle", metavar="秒", help="空闲这么多秒后退出（0 表示一直运行）", hidden=True
        ),
    ] = 0.0,
) -> None:
    """持续监视收件箱，文件放入后自动处理（按 Ctrl+C 停止）。

    \b
    示例：jiangxin watch            （本地文件夹）
          jiangxin watch --polling  （网络共享盘）
    """
    from ..watch import watch_inbox
    from .refresh import refresh_outbox

    ws = load_workspace(workspace)
    ws.ensure_folders()
    store = open_store(ws)
    console.print(
        f"正在监视 {ws.inbox} （Ctrl+C 停止）；每批文件入库后，发件箱中的审查结果、统计、台账和报告随之更新"
    )

    def after_batch(summary: IngestSummary) -> None:
        written = refresh_outbox(ws, store, lambda message: console.print(f"注意：{message}"))
        console.print(f"发件箱已更新（{len(written)} 个文件）")

    try:
        watch_inbox(
            ws,
            store,
            progress=_LineProgress(),
            polling=polling or ws.watch.polling,
            stop_after_idle=once_idle,
            after_batch=after_batch,
        )
    except KeyboardInterrupt:
        console.print("已停止监视。")
