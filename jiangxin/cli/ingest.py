"""`jiangxin ingest` (one pass over the inbox) and `jiangxin watch` (keep going)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from .app import JsonOption, WorkspaceOption, app, console, is_tty, load_workspace, open_store
from .help_zh import ChineseCommand

if TYPE_CHECKING:
    from ..inbox import IngestSummary


@app.command(cls=ChineseCommand)
def ingest(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """处理收件箱中的全部文件：识别、入库、归档；无法处理的文件隔离并说明原因。

    \b
    示例：jiangxin ingest
    """
    from ..inbox import Consumer, IngestSummary, Progress, scan_inbox
    from .ingest_output import BarProgress, LineProgress, print_summary

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
    progress: Progress = BarProgress() if is_tty() and not as_json else LineProgress()
    try:
        summary = Consumer(ws, store, progress=progress, wait_for_settle=True).run()
    finally:
        if isinstance(progress, BarProgress):
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
    from .ingest_output import LineProgress
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
            progress=LineProgress(),
            polling=polling or ws.watch.polling,
            stop_after_idle=once_idle,
            after_batch=after_batch,
        )
    except KeyboardInterrupt:
        console.print("已停止监视。")
